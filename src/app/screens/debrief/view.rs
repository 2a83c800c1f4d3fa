//! Drawing the debrief: the outcome, the scores over the decisions, the principles practised,
//! the reflection prompts, and the path taken with what else could have been said.

use bevy::prelude::*;

use super::reflection::ReflectionDraft;
use super::{CursorShown, DebriefAction, KEYS};
use crate::app::group::votes;
use crate::app::input::hints;
use crate::app::library::LibraryIndex;
use crate::app::playing::Playing;
use crate::app::practice::screen::OpenedAttempt;
use crate::app::screen::Screen;
use crate::app::theme::frame::Canvas;
use crate::app::theme::size;
use crate::app::theme::widget::{Focused, Look};
use crate::play::Session;
use crate::play::debrief::{locked_at, principles_by_effect};
use crate::play::wording::{Change, choice_changes};
use crate::scenario::{Choice, NodeKind, Scenario};

/// A choice's effects as written, each with its direction in a word: "+5 Trust (up)".
fn effects_text(choice: &Choice, scenario: &Scenario) -> String {
    let changes: Vec<String> = choice_changes(scenario, choice)
        .iter()
        .map(Change::with_direction)
        .collect();
    if changes.is_empty() {
        "no change to the scores".to_owned()
    } else {
        changes.join(", ")
    }
}

pub(super) fn draw(
    mut canvas: Canvas,
    playing: Res<Playing>,
    index: Res<LibraryIndex>,
    cursor: Res<CursorShown>,
    draft: Res<ReflectionDraft>,
    opened: Res<OpenedAttempt>,
) {
    if !canvas.begin() {
        return;
    }
    let session = &playing.session;
    let scenario = session.scenario().clone();
    let past = playing.is_past();
    let hints: Vec<(&str, &str)> = hints(&KEYS)
        .into_iter()
        .filter(|(key, _)| !past || !matches!(*key, "R" | "P"))
        .map(|(key, label)| {
            if past && key == "L" {
                (key, "My practice")
            } else {
                (key, label)
            }
        })
        .collect();
    canvas.frame(
        Screen::Debrief,
        &format!("Debrief: {}", scenario.title),
        &hints,
        |area, look| {
            area.spawn(look.column(900.0)).with_children(|col| {
                if let Some(started) = opened.0.filter(|_| past) {
                    col.spawn(look.notice_panel()).with_children(|p| {
                        p.spawn(look.text(format!(
                            "An attempt from {started}, as it was played. You can add to your \
                             reflection; the rest stays as it was."
                        )));
                    });
                }
                match session.outcome() {
                    Some(outcome) => {
                        col.spawn(look.title(outcome.title.clone()));
                        col.spawn(look.text(outcome.text.clone()));
                    }
                    None => {
                        col.spawn(look.title("Debrief"));
                    }
                }
                if let Some(ending) = session.current().ending {
                    col.spawn(look.panel()).with_children(|p| {
                        p.spawn(look.heading(format!("How it ended: {}", ending.title)));
                        p.spawn(look.text(ending.summary.clone()));
                    });
                }
                scores_panel(col, look, session);
                path_panel(
                    col,
                    look,
                    session,
                    &scenario,
                    &index,
                    cursor.0.then_some(playing.selected_decision),
                    !past,
                );
                let (well, poorly) = principles_by_effect(session.transcript());
                col.spawn(look.panel()).with_children(|p| {
                    p.spawn(look.heading("Principles"));
                    let names = |ids: &[String]| {
                        ids.iter()
                            .map(|id| index.principle_name(id).to_owned())
                            .collect::<Vec<_>>()
                            .join("  ·  ")
                    };
                    p.spawn(look.text(format!(
                        "Practised well: {}",
                        if well.is_empty() {
                            "none this time".to_owned()
                        } else {
                            names(&well)
                        }
                    )));
                    p.spawn(look.text(format!(
                        "To work on: {}",
                        if poorly.is_empty() {
                            "none this time".to_owned()
                        } else {
                            names(&poorly)
                        }
                    )));
                });
                if !scenario.objectives.is_empty() {
                    col.spawn(look.panel()).with_children(|p| {
                        p.spawn(look.heading("The objectives"));
                        for o in &scenario.objectives {
                            p.spawn(look.text(format!("•  {o}")));
                        }
                    });
                }
                reflection_panel(col, look, &draft);
                col.spawn(Node {
                    column_gap: Val::Px(12.0),
                    row_gap: Val::Px(8.0),
                    flex_wrap: FlexWrap::Wrap,
                    ..default()
                })
                .with_children(|row| {
                    if playing.is_past() {
                        row.spawn(look.primary_button(
                            "L",
                            "Back to My practice",
                            DebriefAction::BackToLibrary,
                        ));
                        return;
                    }
                    row.spawn(look.primary_button("P", "Play again", DebriefAction::PlayAgain));
                    row.spawn(look.button(
                        "L",
                        "Back to the library",
                        DebriefAction::BackToLibrary,
                        false,
                    ));
                });
            });
        },
    );
}

/// The prompts, each with a field for the trainee's answer.
fn reflection_panel(col: &mut ChildSpawnerCommands, look: &Look, draft: &ReflectionDraft) {
    col.spawn(look.panel()).with_children(|p| {
        p.spawn(look.heading("To reflect on"));
        p.spawn(look.bold(
            "Do not write the names or details of real people you support or work with.",
            size::SMALL,
        ));
        p.spawn(look.muted(if draft.attempt.is_some() {
            "Press W to write your thoughts under each question (Tab moves to the next, Esc \
             when you are done). They are saved with this attempt as you type, and printed \
             in your practice report."
        } else {
            "Press W to write your thoughts under each question (Tab moves to the next, Esc \
             when you are done). This attempt is not recorded, so what you write is not kept."
        }));
        for (i, prompt) in draft.prompts.iter().enumerate() {
            p.spawn(look.text(format!("{}.  {prompt}", i + 1)));
            let answer = draft.answers.get(i).map_or("", String::as_str);
            p.spawn(look.field(
                i,
                &format!("Your answer to question {}", i + 1),
                answer,
                3.0,
            ));
        }
        if let Some(problem) = &draft.problem {
            p.spawn(look.text_styled(
                problem.clone(),
                size::BODY,
                look.palette.error,
                &look.fonts.regular,
            ));
        }
    });
}

fn scores_panel(col: &mut ChildSpawnerCommands, look: &Look, session: &Session) {
    col.spawn(look.panel()).with_children(|p| {
        p.spawn(look.heading("Final scores"));
        for (score, value) in session.scores() {
            p.spawn(look.meter(&score.label, value, score.min, score.max));
        }
        let turns = session.transcript().len();
        if turns == 0 {
            return;
        }
        p.spawn(look.heading("Scores decision by decision"));
        p.spawn(look.muted(
            "Each bar is the score after a decision, from the start (left) to the end (right), \
             on the score's whole scale.",
        ));
        for (i, (score, _)) in session.scores().enumerate() {
            let values: Vec<i64> = std::iter::once(score.clamp(score.start))
                .chain(session.transcript().iter().map(|s| s.scores_after[i].1))
                .collect();
            let span = (score.max - score.min).max(1) as f32;
            p.spawn(Node {
                column_gap: Val::Px(12.0),
                align_items: AlignItems::FlexEnd,
                width: Val::Percent(100.0),
                ..default()
            })
            .with_children(|row| {
                // The same width on every row, whatever the text size, so the bars line up.
                row.spawn((
                    Node {
                        width: Val::Percent(22.0),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    children![look.text(score.label.clone())],
                ));
                row.spawn((
                    Node {
                        height: Val::Px(64.0),
                        column_gap: Val::Px(4.0),
                        align_items: AlignItems::FlexEnd,
                        border: UiRect::bottom(Val::Px(1.0)),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    BorderColor::all(look.palette.panel_border),
                ))
                .with_children(|bars| {
                    for v in &values {
                        let h = ((*v - score.min) as f32 / span * 100.0).clamp(2.0, 100.0);
                        bars.spawn((
                            Node {
                                width: Val::Px(18.0),
                                height: Val::Percent(h),
                                border_radius: BorderRadius::top(Val::Px(3.0)),
                                ..default()
                            },
                            BackgroundColor(look.palette.accent),
                        ));
                    }
                });
                let (first, last) = (values[0], values[values.len() - 1]);
                row.spawn(look.muted(format!(
                    "from {first} to {last} (scale {} to {})",
                    score.min, score.max
                )));
            });
        }
    });
}

fn path_panel(
    col: &mut ChildSpawnerCommands,
    look: &Look,
    session: &Session,
    scenario: &Scenario,
    index: &LibraryIndex,
    selected: Option<usize>,
    rewind: bool,
) {
    col.spawn(look.heading("Your path, decision by decision"));
    for (k, step) in session.transcript().iter().enumerate() {
        let node = scenario.node(step.node.as_str());
        let focused = selected == Some(k);
        let mut card = col.spawn(look.focus_panel(focused));
        if focused {
            card.insert(Focused);
        }
        card.with_children(|p| {
            let prompt = node.and_then(|n| n.text.clone()).unwrap_or_default();
            let speaker = node
                .and_then(|n| n.speaker.as_ref())
                .and_then(|s| scenario.character(s.as_str()))
                .map(|c| c.name.clone());
            let heading = match speaker {
                Some(name) => format!("Decision {}: {name} said “{prompt}”", k + 1),
                None => format!("Decision {}: {prompt}", k + 1),
            };
            p.spawn(look.bold(heading, size::BODY));
            let choice = node
                .and_then(|n| n.choices.as_ref())
                .and_then(|c| c.get(step.choice - 1));
            let who = if step.votes.is_some() {
                "The room chose"
            } else {
                "You chose"
            };
            p.spawn(look.text(format!("{who}: {}", step.text)));
            if let Some(c) = choice {
                p.spawn(look.muted(effects_text(c, scenario)));
            }
            if let Some(fb) = &step.feedback {
                p.spawn(look.text(fb.clone()));
            }
            // How the room voted, beside each option (the order shown may have been shuffled,
            // so the options are named by their words, not a number).
            let room = |i: usize| {
                step.votes
                    .as_ref()
                    .map(|v| votes(v.get(i).copied().unwrap_or(0)))
            };
            if let (Some(tallies), Some(chosen)) = (&step.votes, room(step.choice - 1)) {
                p.spawn(look.bold(
                    format!(
                        "How the room voted ({}): {chosen} for this choice",
                        votes(tallies.iter().fold(0u32, |sum, t| sum.saturating_add(*t)))
                    ),
                    size::SMALL,
                ));
            }
            if let Some(NodeKind::Choices(choices)) = node.and_then(|n| n.kind()) {
                let others: Vec<(usize, &Choice)> = choices
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i + 1 != step.choice)
                    .collect();
                let locked = locked_at(session, k);
                if !others.is_empty() {
                    p.spawn(look.bold("Options not taken", size::SMALL));
                    for (i, other) in others {
                        let locked_then = locked.get(&(i + 1)).cloned().flatten();
                        p.spawn(Node {
                            flex_direction: FlexDirection::Column,
                            padding: UiRect::left(Val::Px(14.0)),
                            border: UiRect::left(Val::Px(3.0)),
                            row_gap: Val::Px(2.0),
                            ..default()
                        })
                        .insert(BorderColor::all(look.palette.panel_border))
                        .with_children(|o| {
                            o.spawn(look.text(other.text.clone()));
                            if let Some(hint) = &locked_then {
                                o.spawn(look.bold(
                                    if hint.is_empty() {
                                        "Not open to you at this point.".to_owned()
                                    } else {
                                        format!("Not open to you at this point: {hint}")
                                    },
                                    size::SMALL,
                                ));
                            }
                            if let Some(n) = room(i) {
                                o.spawn(look.bold(format!("The room: {n}"), size::SMALL));
                            }
                            o.spawn(look.muted(effects_text(other, scenario)));
                            if let Some(fb) = &other.feedback {
                                o.spawn(look.muted(fb.clone()));
                            }
                        });
                    }
                }
            }
            let principles: Vec<&str> = step
                .principles
                .iter()
                .map(|id| index.principle_name(id.as_str()))
                .collect();
            if !principles.is_empty() {
                p.spawn(look.muted(format!("Principles: {}", principles.join("  ·  "))));
            }
            if rewind {
                p.spawn(Node::default()).with_children(|row| {
                    // The key is R on the selected decision; the others are clicked.
                    if focused {
                        row.spawn(look.button(
                            "R",
                            "Try again from here",
                            DebriefAction::Rewind(k),
                            false,
                        ));
                    } else {
                        row.spawn(
                            look.plain_button("Try again from here", DebriefAction::Rewind(k)),
                        );
                    }
                });
            }
        });
    }
}
