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

/// A character typed, as the window sends it: the key's text is what a text field inserts.
pub fn typed(c: char, window: Entity) -> [KeyboardInput; 2] {
    let text = c.to_string();
    let event = |state| KeyboardInput {
        key_code: KeyCode::Unidentified(bevy::input::keyboard::NativeKeyCode::Unidentified),
        logical_key: if c == ' ' {
            Key::Space
        } else {
            Key::Character(text.as_str().into())
        },
        state,
        text: Some(text.as_str().into()),
        repeat: false,
        window,
    };
    [event(ButtonState::Pressed), event(ButtonState::Released)]
}
