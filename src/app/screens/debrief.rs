//! Debrief screen: the outcome, final scores, a chart of the scores over the turns, the path
//! taken with the options not taken, principles practised well and poorly, the objectives and
//! reflection prompts. Play again, rewind to any decision, or go back to the library.

use std::collections::BTreeMap;

use bevy::prelude::*;

use super::play::change_label;
use super::{Canvas, Redraw, Screen};
use crate::app::actions::{Act, UiAction, for_screen, keys_free, send_keys};
use crate::app::group::votes;
use crate::app::library::LibraryIndex;
use crate::app::playing::{Playing, new_seed, save_progress};
use crate::app::settings::StorageDirs;
use crate::app::theme::size;
use crate::app::theme::widget::{Focused, Look};
use crate::play::{Session, Step};
use crate::scenario::{Choice, NodeKind, Scenario};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CursorShown>();
    app.add_systems(
        OnEnter(Screen::Debrief),
        |mut shown: ResMut<CursorShown>| shown.0 = false,
    );
    app.add_systems(
        Update,
        (keys.run_if(keys_free), act, draw)
            .chain()
            .run_if(in_state(Screen::Debrief).and_then(resource_exists::<Playing>)),
    );
}

/// Whether the trainee has moved the decision cursor: until then the debrief opens at the top,
/// on the outcome, rather than scrolled to the selected decision.
#[derive(Resource, Default, Debug)]
pub struct CursorShown(pub bool);

fn keys(keys: Res<ButtonInput<KeyCode>>, playing: Res<Playing>, mut out: MessageWriter<Act>) {
    let pairs = [
        (KeyCode::ArrowUp, UiAction::FocusPrev),
        (KeyCode::ArrowDown, UiAction::FocusNext),
        (KeyCode::KeyP, UiAction::PlayAgain),
        (KeyCode::KeyL, UiAction::BackToLibrary),
        (KeyCode::Escape, UiAction::BackToLibrary),
    ];
    send_keys(&keys, Screen::Debrief, &pairs, &mut out);
    if keys.any_just_pressed([KeyCode::KeyR, KeyCode::Enter, KeyCode::NumpadEnter]) {
        out.write(Act::new(
            Screen::Debrief,
            UiAction::Rewind(playing.selected_decision),
        ));
    }
}

fn act(
    mut actions: MessageReader<Act>,
    mut playing: ResMut<Playing>,
    mut redraw: ResMut<Redraw>,
    mut next: ResMut<NextState<Screen>>,
    mut cursor: ResMut<CursorShown>,
    storage: Res<StorageDirs>,
) {
    for action in for_screen(&mut actions, Screen::Debrief) {
        let decisions = playing.session.transcript().len();
        match action {
            UiAction::FocusPrev if cursor.0 => {
                playing.selected_decision = playing.selected_decision.saturating_sub(1);
            }
            UiAction::FocusNext if cursor.0 => {
                playing.selected_decision =
                    (playing.selected_decision + 1).min(decisions.saturating_sub(1));
            }
            UiAction::FocusPrev | UiAction::FocusNext => cursor.0 = true,
            UiAction::Rewind(k) if *k < decisions => {
                if playing.session.rewind(*k).is_ok() {
                    playing.feedback = None;
                    playing.notice = Some(format!(
                        "Back at decision {}: choose differently this time.",
                        k + 1
                    ));
                    save_progress(&storage, &playing);
                    next.set(Screen::Play);
                }
            }
            UiAction::PlayAgain => {
                let scenario = playing.session.scenario().clone();
                if let Ok(fresh) = Playing::start(&playing.file, scenario, new_seed()) {
                    *playing = fresh;
                    save_progress(&storage, &playing);
                    next.set(Screen::Play);
                }
            }
            UiAction::BackToLibrary => next.set(Screen::Library),
            _ => continue,
        }
        redraw.0 = true;
    }
}

/// Principles cited by choices that helped overall (net positive) and that harmed (net negative).
pub fn principles_by_effect(session: &Session) -> (Vec<String>, Vec<String>) {
    let mut net: BTreeMap<String, i64> = BTreeMap::new();
    for step in session.transcript() {
        let total: i64 = step
            .effects
            .iter()
            .fold(0i64, |sum, e| sum.saturating_add(e.applied));
        for p in &step.principles {
            *net.entry(p.0.clone()).or_default() += total.signum();
        }
    }
    let well = net
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(p, _)| p.clone())
        .collect();
    let poorly = net
        .iter()
        .filter(|(_, n)| **n < 0)
        .map(|(p, _)| p.clone())
        .collect();
    (well, poorly)
}

/// Two or three questions drawn from this play: the hardest moment, the best one, an objective.
pub fn reflection_prompts(session: &Session) -> Vec<String> {
    let scenario = session.scenario();
    let total = |s: &Step| {
        s.effects
            .iter()
            .fold(0i64, |sum, e| sum.saturating_add(e.applied))
    };
    let mut prompts = Vec::new();
    let worst = session.transcript().iter().min_by_key(|s| total(s));
    if let Some(step) = worst.filter(|s| total(s) < 0) {
        prompts.push(format!(
            "Look again at the moment you chose “{}”. What else could you have said, and what would it have cost?",
            step.text.trim_matches('"')
        ));
    }
    let best = session.transcript().iter().max_by_key(|s| total(s));
    if let Some(step) = best.filter(|s| total(s) > 0) {
        prompts.push(format!(
            "“{}” helped the relationship. What made it work, and where else in your work could you use it?",
            step.text.trim_matches('"')
        ));
    }
    match scenario.objectives.first() {
        Some(objective) => prompts.push(format!(
            "Objective: {objective} How did you do this, and how would the person know?"
        )),
        None => prompts.push(
            "What would you do differently if you met this person again tomorrow?".to_owned(),
        ),
    }
    prompts.truncate(3);
    prompts
}

fn effects_text(choice: &Choice, scenario: &Scenario) -> String {
    let parts: Vec<String> = choice
        .effects
        .iter()
        .filter(|(_, d)| *d != 0)
        .map(|(id, d)| {
            change_label(
                d,
                scenario
                    .score(id.as_str())
                    .map_or(id.as_str(), |s| s.label.as_str()),
            )
        })
        .collect();
    if parts.is_empty() {
        "no change to the scores".to_owned()
    } else {
        parts.join(", ")
    }
}

fn draw(
    mut canvas: Canvas,
    playing: Res<Playing>,
    index: Res<LibraryIndex>,
    cursor: Res<CursorShown>,
) {
    if !canvas.begin() {
        return;
    }
    let session = &playing.session;
    let scenario = session.scenario().clone();
    let hints = [
        ("Up Down", "pick a decision"),
        ("R", "rewind to it"),
        ("P", "play again"),
        ("L", "library"),
    ];
    canvas.frame(
        Screen::Debrief,
        &format!("Debrief: {}", scenario.title),
        &hints,
        |area, look| {
            area.spawn(look.column(900.0)).with_children(|col| {
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
                );
                let (well, poorly) = principles_by_effect(session);
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
                col.spawn(look.panel()).with_children(|p| {
                    p.spawn(look.heading("To reflect on"));
                    for (i, prompt) in reflection_prompts(session).into_iter().enumerate() {
                        p.spawn(look.text(format!("{}.  {prompt}", i + 1)));
                    }
                });
                col.spawn(Node {
                    column_gap: Val::Px(12.0),
                    row_gap: Val::Px(8.0),
                    flex_wrap: FlexWrap::Wrap,
                    ..default()
                })
                .with_children(|row| {
                    row.spawn(look.primary_button("P", "Play again", UiAction::PlayAgain));
                    row.spawn(look.button(
                        "L",
                        "Back to the library",
                        UiAction::BackToLibrary,
                        false,
                    ));
                });
            });
        },
    );
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
        p.spawn(look.heading("Over the turns"));
        p.spawn(look.muted(
            "Each bar is the score after a decision, from the start (left) to the end (right).",
        ));
        for (i, (score, _)) in session.scores().enumerate() {
            let values: Vec<i64> = std::iter::once(score.clamp(score.start))
                .chain(session.transcript().iter().map(|s| s.scores_after[i].1))
                .collect();
            // Each strip is zoomed to the band the score moved through (with a margin), so that
            // small changes are visible; the caption gives the real numbers.
            let (lo, hi) = chart_band(&values, score.min, score.max);
            let span = (hi - lo).max(1) as f32;
            p.spawn(Node {
                column_gap: Val::Px(12.0),
                align_items: AlignItems::FlexEnd,
                ..default()
            })
            .with_children(|row| {
                // At least 130 px, wider when the text is (the projector preset).
                row.spawn((
                    Node {
                        min_width: Val::Px(130.0),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    children![look.text(score.label.clone())],
                ));
                row.spawn(Node {
                    height: Val::Px(64.0),
                    column_gap: Val::Px(4.0),
                    align_items: AlignItems::FlexEnd,
                    ..default()
                })
                .with_children(|bars| {
                    for v in &values {
                        let h = ((*v - lo) as f32 / span * 100.0).clamp(4.0, 100.0);
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
                row.spawn(look.muted(format!("from {first} to {last} (chart shows {lo} to {hi})")));
            });
        }
    });
}

/// The band a score chart shows: the values' range widened by a margin, inside the scale.
pub fn chart_band(values: &[i64], min: i64, max: i64) -> (i64, i64) {
    let margin = ((max - min) / 10).max(1);
    let lo = values
        .iter()
        .copied()
        .min()
        .unwrap_or(min)
        .saturating_sub(margin)
        .max(min);
    let hi = values
        .iter()
        .copied()
        .max()
        .unwrap_or(max)
        .saturating_add(margin)
        .min(max);
    (lo, hi)
}

fn path_panel(
    col: &mut ChildSpawnerCommands,
    look: &Look,
    session: &Session,
    scenario: &Scenario,
    index: &LibraryIndex,
    selected: Option<usize>,
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
                if !others.is_empty() {
                    p.spawn(look.bold("Options not taken", size::SMALL));
                    for (i, other) in others {
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
            p.spawn(Node::default()).with_children(|row| {
                row.spawn(look.button(
                    if focused { "R" } else { "Click" },
                    "Try again from here",
                    UiAction::Rewind(k),
                    false,
                ));
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::chart_band;

    #[test]
    fn the_chart_zooms_to_the_values_with_a_margin_inside_the_scale() {
        assert_eq!(chart_band(&[60, 65, 80], 0, 100), (50, 90));
        assert_eq!(chart_band(&[0, 5], 0, 100), (0, 15));
        assert_eq!(chart_band(&[5], 0, 10), (4, 6));
        assert_eq!(chart_band(&[100, 100], 0, 100), (90, 100));
    }
}
