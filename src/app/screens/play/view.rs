//! Drawing the play screen: the scene (lead-in, speaker, line, narration), the choices or the
//! room's vote, the feedback on a choice, the scores, the notices; the menu and the author
//! panel over and beside it.

use bevy::prelude::*;

use super::author::AuthorPanel;
use super::input::Mode;
use super::{
    Narration, Notice, PhonesLine, PlayAction, PlayFocus, PlayMenu, ReloadOverlay, ScoreChange,
    SpokenLine,
};
use crate::app::group::phones::Phones;
use crate::app::group::{Group, vote};
use crate::app::library::LibraryIndex;
use crate::app::playing::Playing;
use crate::app::reload::ReloadProblems;
use crate::app::screen::Screen;
use crate::app::settings::Settings;
use crate::app::theme::frame::Canvas;
use crate::app::theme::size;
use crate::app::theme::widget::{Focused, Look, Scrollable};
use crate::play::Step;
use crate::play::wording::{Change, step_changes};
use crate::scenario::Node as ScenarioNode;

#[expect(
    clippy::too_many_arguments,
    reason = "a system: each argument is something the screen shows"
)]
pub(super) fn draw(
    mut canvas: Canvas,
    playing: Res<Playing>,
    focus: Res<PlayFocus>,
    menu: Res<PlayMenu>,
    settings: Res<Settings>,
    index: Res<LibraryIndex>,
    problems: Res<ReloadProblems>,
    author: Res<AuthorPanel>,
    group: Res<Group>,
    phones: Res<Phones>,
) {
    if !canvas.begin() {
        return;
    }
    let session = &playing.session;
    let scenario = session.scenario().clone();
    let view = session.current();
    let mode = Mode::of(&playing, false, settings.group, &group);
    let hints = mode.hints(view.choices.len());
    let hints: Vec<(&str, &str)> = hints.iter().map(|(k, l)| (k.as_str(), *l)).collect();
    let show_scores = settings.scores_shown(group.reveal_scores);
    // On the projector, the scene and the decision side by side, each scrolling on its own:
    // every option stays in view while the room discusses, whatever the length of the scene.
    let side_by_side = settings.group
        && !author.open
        && playing.feedback.is_none()
        && view.ending.is_none()
        && !session.is_stuck();
    let shown = Shown {
        playing: &playing,
        focus: &focus,
        menu: &menu,
        settings: &settings,
        problems: &problems,
        group: &group,
        phones: &phones,
        side_by_side,
    };

    let root = canvas.frame(Screen::Play, &scenario.title, &hints, |area, look| {
        if side_by_side {
            area.spawn(Node {
                width: Val::Percent(100.0),
                max_width: Val::Px(1600.0),
                height: Val::Percent(100.0),
                flex_shrink: 0.0,
                column_gap: Val::Px(28.0),
                ..default()
            })
            .with_children(|row| {
                row.spawn((Scrollable, column_node(1.15)))
                    .with_children(|scene| shown.scene(scene, look));
                row.spawn((Scrollable, column_node(1.0)))
                    .with_children(|decision| {
                        // Revealed scores come first, compact, so R shows them at once and the
                        // options stay in view below.
                        if show_scores && !scenario.scores.is_empty() {
                            scores_strip(decision, look, &playing);
                        }
                        shown.decision(decision, look);
                    });
            });
            return;
        }
        area.spawn(Node {
            width: Val::Percent(100.0),
            max_width: Val::Px(1180.0),
            flex_shrink: 0.0,
            flex_wrap: FlexWrap::Wrap,
            column_gap: Val::Px(28.0),
            row_gap: Val::Px(20.0),
            align_items: AlignItems::FlexStart,
            ..default()
        })
        .with_children(|row| {
            row.spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(16.0),
                flex_grow: 1.0,
                flex_basis: Val::Px(520.0),
                min_width: Val::Px(0.0),
                ..default()
            })
            .with_children(|main| {
                // The feedback belongs to the decision just taken, so the scene it
                // leads to waits until the trainee continues.
                if let Some(step) = &playing.feedback {
                    shown.problems(main, look);
                    feedback_panel(
                        main,
                        look,
                        step,
                        &scenario,
                        &index,
                        show_scores,
                        session.is_finished(),
                    );
                    return;
                }
                shown.scene(main, look);
                shown.decision(main, look);
            });
            if author.open {
                super::author::spawn_panel(row, look, &playing, &author);
            } else if show_scores && !scenario.scores.is_empty() {
                row.spawn(look.panel())
                    .insert((Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: Val::Px(12.0),
                        flex_basis: Val::Px(300.0),
                        flex_grow: 0.0,
                        min_width: Val::Px(240.0),
                        padding: UiRect::all(Val::Px(16.0)),
                        border: UiRect::all(Val::Px(1.0)),
                        border_radius: BorderRadius::all(Val::Px(10.0)),
                        ..default()
                    },))
                    .with_children(|side| scores_list(side, look, &playing));
            }
        });
    });
    if let Some(notice) = &playing.notice {
        let look = &canvas.look;
        canvas.commands.entity(root).with_children(|root| {
            root.spawn((Notice, look.message_banner()))
                .with_children(|b| {
                    b.spawn(look.text(notice.clone()));
                });
        });
    }
    if menu.open {
        let look = &canvas.look;
        canvas
            .commands
            .entity(root)
            .with_children(|root| super::menu::spawn(root, look, &menu));
    }
}

/// A column of the projector's side-by-side layout: as tall as the screen, scrolling on its own.
fn column_node(grow: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        row_gap: Val::Px(16.0),
        flex_grow: grow,
        flex_basis: Val::Px(0.0),
        min_width: Val::Px(0.0),
        height: Val::Percent(100.0),
        overflow: Overflow::scroll_y(),
        padding: UiRect::bottom(Val::Px(56.0)),
        ..default()
    }
}

/// The scores two to a row, at the top of the projector's decision column.
fn scores_strip(parent: &mut ChildSpawnerCommands, look: &Look, playing: &Playing) {
    parent
        .spawn(look.panel())
        .insert(Node {
            flex_wrap: FlexWrap::Wrap,
            column_gap: Val::Percent(4.0),
            row_gap: Val::Px(8.0),
            padding: UiRect::axes(Val::Px(16.0), Val::Px(10.0)),
            border: UiRect::all(Val::Px(1.0)),
            border_radius: BorderRadius::all(Val::Px(10.0)),
            ..default()
        })
        .with_children(|strip| {
            for (score, value) in playing.session.scores() {
                strip
                    .spawn(Node {
                        width: Val::Percent(48.0),
                        flex_direction: FlexDirection::Column,
                        ..default()
                    })
                    .with_child(look.meter(&score.label, value, score.min, score.max));
            }
        });
}

fn scores_list(side: &mut ChildSpawnerCommands, look: &Look, playing: &Playing) {
    side.spawn(look.heading("Scores"));
    for (score, value) in playing.session.scores() {
        side.spawn(look.meter(&score.label, value, score.min, score.max));
    }
}

/// What the play screen draws from.
struct Shown<'a> {
    playing: &'a Playing,
    focus: &'a PlayFocus,
    menu: &'a PlayMenu,
    settings: &'a Settings,
    problems: &'a ReloadProblems,
    group: &'a Group,
    phones: &'a Phones,
    /// The projector's layout: the scene and the decision side by side.
    side_by_side: bool,
}

impl Shown<'_> {
    /// The problems of a broken edit, and a fault that leaves nothing to choose.
    fn problems(&self, main: &mut ChildSpawnerCommands, look: &Look) {
        if let Some(errors) = &self.problems.0 {
            main.spawn((ReloadOverlay, look.notice_panel()))
                .with_children(|p| {
                    p.spawn(
                        look.text_styled(
                            "The edited file has problems, so the last good version is still in \
                         play:"
                                .to_owned(),
                            size::BODY,
                            look.palette.error,
                            &look.fonts.bold,
                        ),
                    );
                    for d in errors {
                        p.spawn(look.text(d.headline()));
                    }
                });
        }
        let session = &self.playing.session;
        // A fault in the scenario: nothing can be chosen here. Say so rather than wait.
        if self.playing.feedback.is_none() && session.is_stuck() {
            main.spawn(look.notice_panel()).with_children(|p| {
                p.spawn(look.text(crate::cli::stuck_text(session)));
            });
        }
    }

    /// The scene: what led here, then the line play stopped at.
    fn scene(&self, main: &mut ChildSpawnerCommands, look: &Look) {
        self.problems(main, look);
        let session = &self.playing.session;
        let scenario = session.scenario();
        let line_size = if self.settings.group {
            size::PROJECTOR_LINE
        } else {
            size::LINE
        };
        for node in session.lead_in() {
            scene_beat(main, look, node, scenario, size::BODY);
        }
        scene_beat(main, look, session.current().node, scenario, line_size);
    }

    /// The decision: the choices, or the room's vote on them.
    fn decision(&self, main: &mut ChildSpawnerCommands, look: &Look) {
        let session = &self.playing.session;
        let view = session.current();
        if let Some(vote) = self.group.open_vote(session) {
            vote::panel(
                main,
                look,
                session,
                vote,
                self.phones.on(),
                !self.side_by_side,
            );
            return;
        }
        if view.ending.is_some() {
            return;
        }
        main.spawn(look.muted(if self.settings.group {
            "What would you say or do? Talk it through, then vote."
        } else {
            "What do you say or do?"
        }));
        if let Some((address, code)) = self.phones.address_and_code() {
            let counts = &self.phones.counts;
            main.spawn((
                PhonesLine,
                look.muted(format!(
                    "Phones: join at {address} with the code {code}  ·  {} joined",
                    counts.joined
                )),
            ));
        }
        for (i, choice) in view.choices.iter().enumerate() {
            // On the projector nothing is highlighted until the facilitator moves the highlight:
            // a highlighted option would read to the room as the suggested answer.
            let focused = i == self.focus.0
                && !self.menu.open
                && (!self.settings.group || self.focus.moved());
            // The highlight is drawn at once; the screen follows it (scrolls to it) only once
            // it is moved, so a new scene opens at its top.
            let follow = focused && self.focus.moved();
            if choice.available {
                let mut b = main.spawn(look.button(
                    &(i + 1).to_string(),
                    choice.text(),
                    PlayAction::Choose(i + 1),
                    focused,
                ));
                if follow {
                    b.insert(Focused);
                }
            } else {
                let mut b = main.spawn(look.focus_panel(focused));
                if follow {
                    b.insert(Focused);
                }
                b.with_children(|p| {
                    p.spawn(look.text_styled(
                        format!("{}   {}", i + 1, choice.text()),
                        size::BODY,
                        look.palette.locked,
                        &look.fonts.regular,
                    ));
                    p.spawn(look.text_styled(
                        format!("Locked: {}", choice.hint.unwrap_or("not available yet")),
                        size::SMALL,
                        look.palette.locked,
                        &look.fonts.italic,
                    ));
                });
            }
        }
    }
}

/// One node's narration and line, the line at `line_size` (rem): larger for the node play
/// stopped at.
fn scene_beat(
    parent: &mut ChildSpawnerCommands,
    look: &Look,
    node: &ScenarioNode,
    scenario: &crate::scenario::Scenario,
    line_size: f32,
) {
    let speaker = node
        .speaker
        .as_ref()
        .and_then(|s| scenario.character(s.as_str()));
    if let Some(c) = speaker {
        look.spawn_person(parent, c);
    }
    if let Some(text) = &node.text {
        let rem = line_size;
        let handle = if speaker.is_some() {
            &look.fonts.regular
        } else {
            &look.fonts.italic
        };
        let shown = if speaker.is_some() {
            format!("“{text}”")
        } else {
            text.clone()
        };
        parent.spawn((
            SpokenLine,
            look.text_styled(shown, rem, look.palette.text, handle),
        ));
    }
    if let Some(narration) = &node.narration {
        parent
            .spawn((
                Node {
                    padding: UiRect::left(Val::Px(14.0)),
                    border: UiRect::left(Val::Px(4.0)),
                    ..default()
                },
                BorderColor::all(look.palette.panel_border),
            ))
            .with_children(|n| {
                n.spawn((Narration, look.narration(narration.clone())));
            });
    }
    if let Some(ending) = &node.ending {
        parent.spawn(look.heading(ending.title.clone()));
        parent.spawn(look.text(ending.summary.clone()));
    }
}

fn feedback_panel(
    parent: &mut ChildSpawnerCommands,
    look: &Look,
    step: &Step,
    scenario: &crate::scenario::Scenario,
    index: &LibraryIndex,
    show_scores: bool,
    finished: bool,
) {
    parent.spawn(look.panel()).with_children(|p| {
        // A decision the room voted on is the room's, not one person's.
        p.spawn(look.heading(if step.votes.is_some() {
            "The room chose"
        } else {
            "You chose"
        }));
        p.spawn(look.text(step.text.clone()));
        if show_scores {
            let changes: Vec<Change> = step_changes(scenario, step)
                .into_iter()
                .filter(|c| c.delta != 0)
                .collect();
            if !changes.is_empty() {
                p.spawn(Node {
                    column_gap: Val::Px(18.0),
                    row_gap: Val::Px(6.0),
                    flex_wrap: FlexWrap::Wrap,
                    ..default()
                })
                .with_children(|row| {
                    for change in &changes {
                        let color = if change.delta > 0 {
                            look.palette.positive
                        } else {
                            look.palette.negative
                        };
                        row.spawn((
                            ScoreChange,
                            look.text_styled(
                                change.with_direction(),
                                size::BODY,
                                color,
                                &look.fonts.bold,
                            ),
                        ));
                    }
                });
            }
        }
        if let Some(feedback) = &step.feedback {
            p.spawn(look.heading("Why it matters"));
            p.spawn(look.text(feedback.clone()));
        }
        if !step.principles.is_empty() {
            let names: Vec<&str> = step
                .principles
                .iter()
                .map(|id| index.principle_name(id.as_str()))
                .collect();
            p.spawn(look.muted(format!("Principles: {}", names.join("  ·  "))));
        }
        let label = if finished {
            "See the debrief"
        } else {
            "Continue"
        };
        p.spawn(Node {
            margin: UiRect::top(Val::Px(6.0)),
            ..default()
        })
        .with_children(|row| {
            row.spawn((
                Focused,
                look.primary_button("Space", label, PlayAction::Continue),
            ));
        });
    });
}
