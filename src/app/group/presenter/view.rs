//! What the presenter window shows: the briefing before the start; during play the notes, every
//! option in advance with its effects and feedback, the scores, the vote; the keys.

use bevy::prelude::*;

use super::super::vote;
use super::super::{Group, facilitator_notes, fixed as px, votes};
use super::{BODY, HEADING, SMALL};
use crate::app::group::phones::Phones;
use crate::app::input::Cover;
use crate::app::library::LibraryIndex;
use crate::app::playing::Playing;
use crate::app::settings::Settings;
use crate::app::theme::widget::Look;
use crate::scenario::Scenario;

/// Before the start: what the session is for, and where the facilitator notes are.
pub(super) fn briefing_view(root: &mut ChildSpawnerCommands, look: &Look, scenario: &Scenario) {
    let p = &look.palette;
    let decisions: Vec<_> = scenario
        .nodes
        .iter()
        .filter(|n| n.choices.is_some())
        .collect();
    let noted = decisions
        .iter()
        .filter(|n| n.facilitator_note.is_some())
        .count();
    root.spawn(px(look, scenario.title.clone(), HEADING, p.text, true));
    root.spawn(px(
        look,
        format!(
            "{} decisions; a facilitator note at {noted} of them, shown here as each comes up.",
            decisions.len()
        ),
        BODY,
        p.text,
        false,
    ));
    if let Some(note) = &scenario.content_note {
        root.spawn(px(
            look,
            format!("Content note: {note}"),
            BODY,
            p.focus,
            false,
        ));
    }
    root.spawn(px(look, "Objectives", HEADING, p.text, true));
    for objective in &scenario.objectives {
        root.spawn(px(look, format!("·  {objective}"), BODY, p.text, false));
    }
}

/// One line on what the room sees now.
pub(super) fn room_status(group: &Group, cover: &Cover, settings: &Settings) -> String {
    let mut parts = vec![if settings.group {
        "Room: group session"
    } else {
        "Room: one trainee (F5 for a group session)"
    }];
    if settings.group {
        parts.push(if group.reveal_scores {
            "scores shown (R hides)"
        } else {
            "scores hidden (R reveals)"
        });
    }
    if cover.blank {
        parts.push("screen blanked (B restores)");
    }
    if group.notes {
        parts.push("notes shown to the room (N hides)");
    }
    parts.join("  ·  ")
}

pub(super) fn play_view(
    root: &mut ChildSpawnerCommands,
    look: &Look,
    playing: &Playing,
    group: &Group,
    index: &LibraryIndex,
) {
    let p = &look.palette;
    let session = &playing.session;
    let scenario = session.scenario();
    let label = |id: &str| {
        scenario
            .score(id)
            .map_or_else(|| id.to_owned(), |s| s.label.clone())
    };
    let effects = |list: Vec<(String, i64)>| {
        if list.is_empty() {
            "no change".to_owned()
        } else {
            list.iter()
                .map(|(s, d)| format!("{d:+} {s}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    root.spawn(Node {
        column_gap: Val::Vh(3.0),
        align_items: AlignItems::FlexStart,
        ..default()
    })
    .with_children(|row| {
        row.spawn(Node {
            flex_direction: FlexDirection::Column,
            row_gap: Val::Vh(1.0),
            flex_grow: 1.0,
            flex_basis: Val::Vh(0.0),
            ..default()
        })
        .with_children(|main| {
            // What the room's screen just answered to a key (a tie, no votes, a locked option).
            if let Some(notice) = &playing.notice {
                main.spawn(px(
                    look,
                    format!("On the room's screen: {notice}"),
                    BODY,
                    p.focus,
                    true,
                ));
            }
            let notes = facilitator_notes(playing);
            main.spawn(px(look, "Facilitator note", HEADING, p.focus, true));
            if notes.is_empty() {
                main.spawn(px(look, "No note at this point.", BODY, p.muted, false));
            }
            for note in notes {
                main.spawn(px(look, note, BODY, p.text, false));
            }
            if let Some(step) = &playing.feedback {
                main.spawn(px(look, "The room chose", HEADING, p.text, true));
                main.spawn(px(look, step.text.clone(), BODY, p.text, false));
                let list = step
                    .effects
                    .iter()
                    .map(|e| (label(e.score.as_str()), e.applied))
                    .filter(|(_, d)| *d != 0)
                    .collect();
                main.spawn(px(look, effects(list), BODY, p.accent, true));
                main.spawn(px(
                    look,
                    "Feedback is on the room's screen: Space or PageDown continues.",
                    SMALL,
                    p.muted,
                    false,
                ));
                return;
            }
            let view = session.current();
            if let Some(ending) = view.ending {
                main.spawn(px(
                    look,
                    format!("Ending: {}", ending.title),
                    HEADING,
                    p.text,
                    true,
                ));
                return;
            }
            let vote = group.vote.as_ref().filter(|v| v.is_for(session));
            main.spawn(px(look, "Options", HEADING, p.text, true));
            for (i, choice) in view.choices.iter().enumerate() {
                let c = choice.choice;
                let tally = vote.map_or_else(String::new, |v| {
                    format!(
                        "   [{}]",
                        // Kept on one line: "[2 votes]", never "[2" then "votes]".
                        votes(v.tally(session).tallies().get(i).copied().unwrap_or(0))
                            .replace(' ', "\u{a0}")
                    )
                });
                let locked = if choice.available { "" } else { "   (locked)" };
                main.spawn(px(
                    look,
                    format!("{}.  {}{locked}{tally}", i + 1, c.text),
                    BODY,
                    p.text,
                    true,
                ))
                .insert(Node {
                    margin: UiRect::top(Val::Vh(1.0)),
                    ..default()
                });
                let list = c
                    .effects
                    .iter()
                    .map(|(s, d)| (label(s.as_str()), d))
                    .collect();
                main.spawn(px(look, effects(list), SMALL, p.accent, false));
                if let Some(feedback) = &c.feedback {
                    main.spawn(px(look, feedback.clone(), SMALL, p.muted, false));
                }
                if !c.principles.is_empty() {
                    let names: Vec<&str> = c
                        .principles
                        .iter()
                        .map(|id| index.principle_name(id.as_str()))
                        .collect();
                    main.spawn(px(
                        look,
                        format!("Principles: {}", names.join(", ")),
                        SMALL,
                        p.muted,
                        false,
                    ));
                }
            }
        });
        row.spawn(Node {
            flex_direction: FlexDirection::Column,
            row_gap: Val::Vh(1.0),
            min_width: Val::Vh(32.5),
            ..default()
        })
        .with_children(|side| {
            scores(side, look, playing);
            if let Some(v) = group.vote.as_ref().filter(|v| v.is_for(session)) {
                let state = if v.open { "open" } else { "closed (V opens)" };
                side.spawn(px(
                    look,
                    format!("Vote {state}: {}", votes(v.vote.total())),
                    BODY,
                    p.text,
                    true,
                ));
            }
        });
    });
}

pub(super) fn scores(parent: &mut ChildSpawnerCommands, look: &Look, playing: &Playing) {
    let p = &look.palette;
    parent.spawn(px(look, "Scores", HEADING, p.text, true));
    for (score, value) in playing.session.scores() {
        parent.spawn(px(
            look,
            format!("{}  {value} / {}", score.label, score.max),
            BODY,
            p.text,
            false,
        ));
    }
}

/// Phone voting as the facilitator sees it: who joined and voted, with first names where the
/// room gives them (never shown on the projector), and the address to read out.
pub(super) fn phones_line(phones: &Phones) -> Option<String> {
    let (address, code) = phones.address_and_code()?;
    let counts = &phones.counts;
    let mut line = format!(
        "Phones: {} joined, {} voted  ·  {address}  code {code}",
        counts.joined, counts.voted
    );
    let names: Vec<String> = counts
        .phones
        .iter()
        .filter_map(|p| {
            let name = p.name.as_deref()?;
            Some(if p.voted {
                format!("{name} (voted)")
            } else {
                name.to_owned()
            })
        })
        .collect();
    if !names.is_empty() {
        line.push_str(&format!("  ·  {}", names.join(", ")));
    }
    Some(line)
}

/// The facilitator's keys in one line, from the tables that send them: "Keys: V vote  ·  1 to 9
/// add  ·  ...".
pub(super) fn key_line() -> String {
    let vote = vote::OPEN
        .iter()
        .filter_map(|b| b.brief.map(|w| (b.name, w)));
    let session = super::super::SESSION_KEYS
        .iter()
        .filter_map(|b| b.brief.map(|w| (b.name, w)));
    let room = super::super::KEYS
        .iter()
        .filter_map(|b| b.brief.map(|w| (b.name, w)));
    let keys: Vec<String> = vote
        .chain(session)
        .chain(room)
        .map(|(name, word)| format!("{name} {word}"))
        .collect();
    format!("Keys: {}", keys.join("  ·  "))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_presenter_lists_the_facilitators_keys_in_one_line() {
        assert_eq!(
            super::key_line(),
            "Keys: V vote  ·  1 to 9 add  ·  Shift + 1 to 9 remove  ·  Enter take  ·  R scores  ·  \
             PageUp  Left back  ·  T timer  ·  Shift + T reset  ·  N notes  ·  Q phones  ·  \
             H  or  ? help  ·  F6 close  ·  B blank"
        );
    }
}
