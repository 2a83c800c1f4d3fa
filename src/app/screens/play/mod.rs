//! Play screen: who is speaking, the line, the non-verbal cues, the choices, the score meters;
//! after a choice, the feedback on it. Esc opens the menu; F12 the author panel. In a group
//! session the room's vote (`group::vote`) takes the place of the choices.
//!
//! - `input`: the keys, one table per state of the screen;
//! - `controller`: what an action does to the session;
//! - `view`: drawing the screen; `menu`: the pause menu; `author`: the author panel.

pub mod author;
mod controller;
pub mod input;
mod menu;
mod view;

use bevy::prelude::*;

pub use menu::PlayMenu;

use crate::app::input::{add_actions, keys_free};
use crate::app::playing::Playing;
use crate::app::screen::Screen;

/// The play screen's systems, so that the author panel's can run before them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlaySystems;

pub(super) fn plugin(app: &mut App) {
    add_actions::<PlayAction>(app);
    app.init_resource::<PlayFocus>();
    app.init_resource::<PlayMenu>();
    app.add_systems(OnEnter(Screen::Play), reset_focus);
    app.add_systems(
        Update,
        (
            input::keys.run_if(keys_free),
            crate::app::group::vote::act,
            controller::act,
            focus_first_open,
            view::draw,
        )
            .chain()
            .in_set(PlaySystems)
            .run_if(in_state(Screen::Play).and_then(resource_exists::<Playing>)),
    );
    app.add_plugins(author::plugin);
}

/// What the trainee asks of the play screen (the room's vote has its own actions).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlayAction {
    /// Move the keyboard focus up or down the choices (or the menu).
    FocusPrev,
    FocusNext,
    /// Take the focused choice, or the focused menu item (Enter).
    Activate,
    /// Take the choice shown at this position (1-based).
    Choose(usize),
    /// On from the feedback.
    Continue,
    /// Open or close the pause menu.
    OpenMenu,
    /// Undo the last decision (U or Backspace, alone; a clicker's PageUp in a group).
    Undo,
    Restart,
    OpenSettings,
    BackToLibrary,
}

/// Which choice (in the order shown) has the keyboard focus, the decision it belongs to, and
/// whether it was moved there (Up, Down) rather than placed when the decision came up.
#[derive(Resource, Default, Debug)]
pub struct PlayFocus(pub usize, Option<(String, usize)>, bool);

impl PlayFocus {
    /// Moved by a key since the decision came up: the screen then scrolls to it.
    pub fn moved(&self) -> bool {
        self.2
    }

    /// Move the focus to choice `i` (in the order shown), by a key.
    pub fn move_to(&mut self, i: usize) {
        self.0 = i;
        self.2 = true;
    }
}

impl PlayFocus {
    /// The focus on the first open choice of the decision on screen (never a locked one, where
    /// Enter would only say it is locked).
    fn first_open(playing: &Playing) -> Self {
        let session = &playing.session;
        let first = session
            .current()
            .choices
            .iter()
            .position(|c| c.available)
            .unwrap_or(0);
        Self(
            first,
            Some((session.node().id.0.clone(), session.transcript().len())),
            false,
        )
    }
}

fn reset_focus(
    playing: Option<Res<Playing>>,
    mut focus: ResMut<PlayFocus>,
    mut menu: ResMut<PlayMenu>,
) {
    *focus = playing.map_or_else(PlayFocus::default, |p| PlayFocus::first_open(&p));
    menu.open = false;
}

/// A new decision on screen starts with the focus on its first open choice.
fn focus_first_open(playing: Res<Playing>, mut focus: ResMut<PlayFocus>) {
    let session = &playing.session;
    let here = (session.node().id.as_str(), session.transcript().len());
    if focus.1.as_ref().map(|(n, k)| (n.as_str(), *k)) != Some(here) {
        *focus = PlayFocus::first_open(&playing);
    }
}

/// The panel listing a broken edit's problems.
#[derive(Component, Debug)]
pub struct ReloadOverlay;

/// The message answering the last key (a locked choice, a tie, no votes): pinned to the foot
/// of the window, where it is seen whatever the scroll.
#[derive(Component, Debug)]
pub struct Notice;

/// The line being spoken (for tests and screen readers).
#[derive(Component, Debug)]
pub struct SpokenLine;

/// Non-verbal cues, styled apart from speech.
#[derive(Component, Debug)]
pub struct Narration;

/// A score change shown in feedback (for tests).
#[derive(Component, Debug)]
pub struct ScoreChange;

/// The line telling the room how to join phone voting, during play.
#[derive(Component, Debug)]
pub struct PhonesLine;
