//! Drawing the play screen: the scene (lead-in, speaker, line, narration), the choices or the
//! room's vote, the feedback on a choice, the scores, the notices; the menu and the author
//! panel over and beside it.

use bevy::prelude::*;

use super::author::AuthorPanel;
use super::input::Mode;
use super::{Narration, PlayAction, PlayFocus, PlayMenu, ReloadOverlay, ScoreChange, SpokenLine};
use crate::app::group::{Group, vote};
use crate::app::library::LibraryIndex;
use crate::app::playing::Playing;
use crate::app::reload::ReloadProblems;
use crate::app::screen::Screen;
use crate::app::settings::Settings;
use crate::app::theme::frame::Canvas;
use crate::app::theme::size;
use crate::app::theme::widget::{Focused, Look};
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
    let vote = group.open_vote(session);
    let show_scores = settings.scores_shown(group.reveal_scores);
    let line_size = if settings.group {
        size::PROJECTOR_LINE
    } else {
        size::LINE
    };
    let root = canvas.frame(Screen::Play, &scenario.title, &hints, |area, look| {
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
                if let Some(errors) = &problems.0 {
                    main.spawn((ReloadOverlay, look.notice_panel()))
                        .with_children(|p| {
                            p.spawn(look.text_styled(
                            "The edited file has problems, so the last good version is still in \
                                play:".to_owned(),
                            size::BODY,
                            look.palette.error,
                            &look.fonts.bold,
                        ));
                            for d in errors {
                                p.spawn(look.text(d.headline()));
                            }
                        });
                }
                if let Some(notice) = &playing.notice {
                    main.spawn(look.notice_panel()).with_children(|p| {
                        p.spawn(look.text(notice.clone()));
                    });
                }
                // A fault in the scenario: nothing can be chosen here. Say so rather than wait.
                if playing.feedback.is_none() && session.is_stuck() {
                    main.spawn(look.notice_panel()).with_children(|p| {
                        p.spawn(look.text(crate::cli::stuck_text(session)));
                    });
                }
                // The feedback belongs to the decision just taken, so the scene it
                // leads to waits until the trainee continues.
                if let Some(step) = &playing.feedback {
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
                for node in session.lead_in() {
                    scene_beat(main, look, node, &scenario, size::BODY);
                }
                scene_beat(main, look, view.node, &scenario, line_size);
                if let Some(vote) = vote {
                    vote::panel(main, look, &view, vote);
                } else if view.ending.is_none() {
                    main.spawn(look.muted(if settings.group {
                        "What would you say or do? Discuss, then V to vote."
                    } else {
                        "What do you say or do?"
                    }));
                    for (i, choice) in view.choices.iter().enumerate() {
                        let focused = i == focus.0 && !menu.open;
                        if choice.available {
                            let mut b = main.spawn(look.button(
                                &(i + 1).to_string(),
                                choice.text(),
                                PlayAction::Choose(i + 1),
                                focused,
                            ));
                            if focused {
                                b.insert(Focused);
                            }
                        } else {
                            let mut b = main.spawn(look.focus_panel(focused));
                            if focused {
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
                                    format!(
                                        "Locked: {}",
                                        choice.hint.unwrap_or("not available yet")
                                    ),
                                    size::SMALL,
                                    look.palette.locked,
                                    &look.fonts.italic,
                                ));
                            });
                        }
                    }
                }
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
                    .with_children(|side| {
                        side.spawn(look.heading("Scores"));
                        for (score, value) in session.scores() {
                            side.spawn(look.meter(&score.label, value, score.min, score.max));
                        }
                    });
            }
        });
    });
    if menu.open {
        let look = &canvas.look;
        canvas
            .commands
            .entity(root)
            .with_children(|root| super::menu::spawn(root, look, &menu));
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
        p.spawn(look.heading("You said"));
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
