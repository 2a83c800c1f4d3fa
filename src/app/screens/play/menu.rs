//! The pause menu (Esc): resume, restart, settings, back to the library.

use bevy::prelude::*;

use super::PlayAction;
use crate::app::input::Binding;
use crate::app::theme::widget::{Focused, Look};

/// The in-play menu (Esc).
#[derive(Resource, Default, Debug)]
pub struct PlayMenu {
    pub open: bool,
    pub focus: usize,
}

/// The menu's items, in order, and their keys: the table the keys and the buttons both use.
pub const ITEMS: [Binding<PlayAction>; 4] = [
    Binding::key(&[KeyCode::Escape], "Esc", "Resume", PlayAction::OpenMenu),
    Binding::key(
        &[KeyCode::KeyR],
        "R",
        "Restart the scenario",
        PlayAction::Restart,
    ),
    Binding::key(&[KeyCode::KeyS], "S", "Settings", PlayAction::OpenSettings),
    Binding::key(
        &[KeyCode::KeyL],
        "L",
        "Back to the library",
        PlayAction::BackToLibrary,
    ),
];

impl PlayMenu {
    /// Move the focus, or take the focused item; false for any other action.
    pub fn act(&mut self, action: PlayAction) -> Option<PlayAction> {
        match action {
            PlayAction::FocusPrev => self.focus = self.focus.saturating_sub(1),
            PlayAction::FocusNext => self.focus = (self.focus + 1).min(ITEMS.len() - 1),
            PlayAction::Activate => {
                return match ITEMS[self.focus].sends {
                    crate::app::input::Sends::Action(a) => Some(a),
                    crate::app::input::Sends::Number(_) => None,
                };
            }
            other => return Some(other),
        }
        None
    }
}

/// The menu over the screen.
pub fn spawn(root: &mut ChildSpawnerCommands, look: &Look, menu: &PlayMenu) {
    root.spawn((look.cover(), GlobalZIndex(10)))
        .with_children(|overlay| {
            overlay
                .spawn(look.panel())
                .insert(Node {
                    min_width: Val::Px(360.0),
                    padding: UiRect::all(Val::Px(24.0)),
                    row_gap: Val::Px(12.0),
                    flex_direction: FlexDirection::Column,
                    border: UiRect::all(Val::Px(1.0)),
                    border_radius: BorderRadius::all(Val::Px(12.0)),
                    ..default()
                })
                .with_children(|p| {
                    p.spawn(look.heading("Paused"));
                    for (i, item) in ITEMS.iter().enumerate() {
                        let crate::app::input::Sends::Action(action) = item.sends else {
                            continue;
                        };
                        let focused = i == menu.focus;
                        let mut b = p.spawn(look.button(item.name, item.does, action, focused));
                        if focused {
                            b.insert(Focused);
                        }
                    }
                });
        });
}
