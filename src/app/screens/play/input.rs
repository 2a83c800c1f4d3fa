//! The play screen's keys: one table for each state of the screen (choosing, feedback, the
//! menu; and in a group session, the same with a clicker's keys and the room's vote). The
//! tables send the actions, fill the top bar's hints and the help.

use bevy::prelude::*;

use super::author::AuthorPanel;
use super::{PlayAction, PlayMenu};
use crate::app::group::vote::{self, VoteAction};
use crate::app::group::{Group, HELP_KEY};
use crate::app::input::{
    Act, Binding, ENTER, FORWARD, NumberChord, send_keys, send_keys_with_chords, unscrolled,
};
use crate::app::playing::Playing;
use crate::app::screen::Screen;
use crate::app::settings::Settings;
use crate::app::theme::scroll::page_down;
use crate::app::theme::widget::Scrollable;

const UP: Binding<PlayAction> = Binding::key(
    &[KeyCode::ArrowUp],
    "Up  Down",
    "move between items",
    PlayAction::FocusPrev,
);
const DOWN: Binding<PlayAction> = Binding::key(
    &[KeyCode::ArrowDown],
    "Up  Down",
    "move between items",
    PlayAction::FocusNext,
);
const ESC: Binding<PlayAction> = Binding::key(
    &[KeyCode::Escape],
    "Esc",
    "menu, or back",
    PlayAction::OpenMenu,
)
.hint("Esc", "menu");
const CHOOSE: Binding<PlayAction> = Binding::numbers(
    "1 to 9",
    "take that choice (or add a vote while voting)",
    PlayAction::Choose,
);

/// Undo the last decision, alone (PageUp scrolls; in a group a clicker's PageUp undoes).
const UNDO: Binding<PlayAction> = Binding::key(
    &[KeyCode::KeyU, KeyCode::Backspace],
    "U",
    "undo the last decision",
    PlayAction::Undo,
);

/// Choosing, alone.
pub const CHOOSING: [Binding<PlayAction>; 6] = [
    CHOOSE.hint("1–9", "choose"),
    ESC,
    UP,
    DOWN,
    Binding::key(
        ENTER,
        "Enter",
        "open or take the item",
        PlayAction::Activate,
    ),
    UNDO,
];

/// The feedback on a choice, alone.
pub const FEEDBACK: [Binding<PlayAction>; 3] = [
    Binding::key(
        &[KeyCode::Space, KeyCode::Enter, KeyCode::NumpadEnter],
        "Space",
        "continue after feedback",
        PlayAction::Continue,
    )
    .hint("Space", "continue"),
    ESC,
    UNDO,
];

/// The pause menu.
pub const MENU: [Binding<PlayAction>; 7] = [
    ESC,
    super::menu::ITEMS[1],
    super::menu::ITEMS[2],
    super::menu::ITEMS[3],
    UP,
    DOWN,
    Binding::key(
        ENTER,
        "Enter",
        "open or take the item",
        PlayAction::Activate,
    ),
];

/// Up and Down while the room votes.
pub const GROUP_VOTING: [Binding<PlayAction>; 2] = [UP, DOWN];

/// Choosing, in a group session before the vote: Enter and a clicker's "next" open the vote
/// (see `vote::CLOSED`); a number takes that option at once, without a vote.
pub const GROUP_CHOOSING: [Binding<PlayAction>; 3] = [
    Binding::numbers(
        "1 to 9, no vote open",
        "take that option at once, without the room's vote",
        PlayAction::Choose,
    ),
    UP,
    DOWN,
];

/// The feedback, in a group session: a clicker's "next" or Enter goes on.
pub const GROUP_FEEDBACK: [Binding<PlayAction>; 2] = [
    Binding::key(
        FORWARD,
        "PageDown  Right  Space",
        "next: show what is below, then start, open the vote, take it, continue",
        PlayAction::Continue,
    )
    .hint("Space", "continue"),
    Binding::key(ENTER, "Enter", "", PlayAction::Continue),
];

/// What the screen is doing now, which decides the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Choosing,
    Feedback,
    Menu,
    GroupChoosing,
    GroupVoting,
    GroupFeedback,
    GroupEnding,
}

impl Mode {
    /// The mode now: `menu_open` for the pause menu, `group_session` for a group session's
    /// keys (off while the author panel is open: it takes a clicker's keys).
    pub fn of(playing: &Playing, menu_open: bool, group_session: bool, group: &Group) -> Self {
        let feedback = playing.feedback.is_some();
        match (group_session, menu_open) {
            (_, true) => Mode::Menu,
            (true, false) if feedback => Mode::GroupFeedback,
            (true, false) if playing.session.current().ending.is_some() => Mode::GroupEnding,
            (true, false) if group.open_vote(&playing.session).is_some() => Mode::GroupVoting,
            (true, false) => Mode::GroupChoosing,
            (false, false) if feedback => Mode::Feedback,
            (false, false) => Mode::Choosing,
        }
    }

    /// The play screen's own keys in this mode.
    pub fn keys(self) -> &'static [Binding<PlayAction>] {
        match self {
            Mode::Choosing => &CHOOSING,
            Mode::Feedback => &FEEDBACK,
            Mode::Menu => &MENU,
            Mode::GroupChoosing => &GROUP_CHOOSING,
            Mode::GroupFeedback => &GROUP_FEEDBACK,
            Mode::GroupVoting => &GROUP_VOTING,
            Mode::GroupEnding => &[],
        }
    }

    /// The room's vote's keys in this mode.
    pub fn vote_keys(self) -> &'static [Binding<VoteAction>] {
        match self {
            Mode::GroupChoosing => &vote::CLOSED,
            Mode::GroupVoting => &vote::OPEN,
            Mode::GroupFeedback | Mode::GroupEnding => &vote::ALWAYS,
            _ => &[],
        }
    }

    /// The top bar's hints: the keys that matter most now. A group session keeps the bar
    /// short for the room; H lists every key.
    pub fn hints(self, choices: usize) -> Vec<(String, &'static str)> {
        let numbers = format!("1–{choices}");
        let mut hints: Vec<(String, &'static str)> = self
            .keys()
            .iter()
            .filter_map(|b| b.hint)
            .chain(self.vote_keys().iter().filter_map(|b| b.hint))
            .map(|(key, label)| {
                let key = if key == "1–9" {
                    numbers.clone()
                } else {
                    key.to_owned()
                };
                (key, label)
            })
            .collect();
        if matches!(self, Mode::GroupChoosing | Mode::GroupFeedback) {
            hints.extend(HELP_KEY.hint.map(|(k, l)| (k.to_owned(), l)));
        }
        hints
    }
}

/// Read the keys for the screen's current mode.
#[expect(
    clippy::too_many_arguments,
    reason = "a system: the keys mean different things in each state of the screen"
)]
pub fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    menu: Res<PlayMenu>,
    playing: Res<Playing>,
    settings: Res<Settings>,
    group: Res<Group>,
    author: Res<AuthorPanel>,
    mut areas: Query<(&ComputedNode, &mut ScrollPosition), With<Scrollable>>,
    mut out: MessageWriter<Act<PlayAction>>,
    mut votes: MessageWriter<Act<VoteAction>>,
    mut chord: ResMut<NumberChord>,
) {
    let group_keys = settings.group && !author.open && !menu.open;
    let mode = Mode::of(&playing, menu.open, group_keys, &group);
    if !group_keys {
        send_keys(&keys, Screen::Play, mode.keys(), &mut out);
        return;
    }
    // A clicker's "next" first shows what is below (the options, the rest of the feedback),
    // then acts.
    let scrolled = keys.any_just_pressed(FORWARD.iter().copied()) && page_down(&mut areas);
    send_keys(&keys, Screen::Play, &[ESC], &mut out);
    send_keys(
        &keys,
        Screen::Play,
        &unscrolled(mode.keys(), scrolled),
        &mut out,
    );
    send_keys_with_chords(
        &keys,
        &mut chord,
        Screen::Play,
        &unscrolled(mode.vote_keys(), scrolled),
        &mut votes,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mode_hints_its_own_keys() {
        let hint = |mode: Mode| mode.hints(3);
        assert_eq!(
            hint(Mode::Choosing),
            vec![("1–3".to_owned(), "choose"), ("Esc".to_owned(), "menu")]
        );
        assert_eq!(
            hint(Mode::Feedback),
            vec![("Space".to_owned(), "continue"), ("Esc".to_owned(), "menu")]
        );
        assert_eq!(
            hint(Mode::GroupChoosing),
            vec![("V".to_owned(), "vote"), ("H".to_owned(), "help")]
        );
        assert_eq!(
            hint(Mode::GroupVoting),
            vec![("1–3".to_owned(), "vote"), ("Enter".to_owned(), "decide")]
        );
        assert_eq!(
            hint(Mode::GroupFeedback),
            vec![("Space".to_owned(), "continue"), ("H".to_owned(), "help")]
        );
    }
}
