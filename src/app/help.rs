//! The key help (H or ?): every screen's keys, gathered from the tables that send them, so the
//! help can never list a key that does something else.

use bevy::prelude::*;

use super::group::{self, vote};
use super::input::{Binding, KeyHelp, help_lines};
use super::screens::{library, play};

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(key_help());
}

/// The help's sections, in the order shown.
pub fn key_help() -> KeyHelp {
    let only = |lines: Vec<(&'static str, &'static str)>, names: &[&str]| {
        lines
            .into_iter()
            .filter(|(name, _)| names.contains(name))
            .collect::<Vec<_>>()
    };
    let everywhere = [
        help_lines(&group::KEYS),
        only(help_lines(&library::KEYS), &["Up  Down", "Enter"]),
        only(help_lines(&play::input::CHOOSING), &["Esc"]),
    ]
    .concat();
    let playing = [
        only(help_lines(&play::input::CHOOSING), &["1 to 9"]),
        help_lines(&play::input::FEEDBACK)
            .into_iter()
            .filter(|(name, _)| *name != "Esc")
            .collect(),
        help_lines(&[play::author::TOGGLE]),
    ]
    .concat();
    let session = [
        only(help_lines(&vote::CLOSED), &["V", "Enter"]),
        help_lines(&play::input::GROUP_CHOOSING)
            .into_iter()
            .filter(|(name, _)| name.starts_with("1 to 9"))
            .collect(),
        only(
            help_lines(&vote::OPEN),
            &["1 to 9", "Shift + 1 to 9", "Enter", "R"],
        ),
        help_lines(&group::SESSION_KEYS),
    ]
    .concat();
    let clicker: [Binding<vote::VoteAction>; 2] = [vote::FORWARD_HELP, vote::BACK];
    KeyHelp(vec![
        ("Everywhere", everywhere),
        ("Playing", playing),
        ("Group session", session),
        (
            "Presentation clicker, in a group session",
            help_lines(&clicker),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_lists_each_key_once_from_the_tables() {
        let help = key_help();
        let names: Vec<&str> = help.0.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            names,
            [
                "Everywhere",
                "Playing",
                "Group session",
                "Presentation clicker, in a group session"
            ]
        );
        let everywhere: Vec<&str> = help.0[0].1.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            everywhere,
            [
                "H  or  ?", "F5", "F11", "F6", "B", "Up  Down", "Enter", "Esc"
            ]
        );
        let session: Vec<&str> = help.0[2].1.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            session,
            [
                "V",
                "Enter",
                "1 to 9, no vote open",
                "1 to 9",
                "Shift + 1 to 9",
                "Enter",
                "R",
                "T",
                "Shift + T",
                "N",
                "Q"
            ]
        );
    }
}
