//! Tools for developers and tests, used openly: the screenshot tour of every screen
//! (`rapport --screenshots DIR`) and real key presses sent the way a window sends them.

pub mod shots;

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;

/// A key press and release, as the window would send them.
pub fn key_press(key: KeyCode, window: Entity) -> [KeyboardInput; 2] {
    let event = |state| KeyboardInput {
        key_code: key,
        logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
        state,
        text: None,
        repeat: false,
        window,
    };
    [event(ButtonState::Pressed), event(ButtonState::Released)]
}
