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
    Restart,
    OpenSettings,
    BackToLibrary,
}

/// Which choice (in the order shown) has the keyboard focus.
#[derive(Resource, Default, Debug)]
pub struct PlayFocus(pub usize);

fn reset_focus(mut focus: ResMut<PlayFocus>, mut menu: ResMut<PlayMenu>) {
    focus.0 = 0;
    menu.open = false;
}

/// The panel listing a broken edit's problems.
#[derive(Component, Debug)]
pub struct ReloadOverlay;

/// The line being spoken (for tests and screen readers).
#[derive(Component, Debug)]
pub struct SpokenLine;

/// Non-verbal cues, styled apart from speech.
#[derive(Component, Debug)]
pub struct Narration;

/// A score change shown in feedback (for tests).
#[derive(Component, Debug)]
pub struct ScoreChange;
