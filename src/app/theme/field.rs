//! Text fields: Bevy's own `EditableText` (typing, the cursor, selection, the clipboard and IME
//! come from `bevy_ui_widgets`), in a box of the app's look, numbered in the order Tab visits
//! them. While one has the focus no screen's shortcut fires (see `input::keys_free`): number keys
//! type numbers. Tab and Shift+Tab move between a screen's fields, Enter leaves a one-line field
//! for the next, Esc leaves the fields; the box shows which one has the focus.

use bevy::input_focus::{FocusCause, InputFocus};
use bevy::prelude::*;
use bevy::text::{EditableText, TextCursorStyle};

use super::widget::Look;
use super::{font, size};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TypingIn>();
    app.add_systems(Update, click_to_type);
    app.add_systems(
        PostUpdate,
        (move_between_fields, keep_focus_after_redraw, show_focus).chain(),
    );
}

/// A text field: the n-th (from 0) of its screen, in the order Tab visits them.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field(pub usize);

/// The field being typed in, kept across a redraw of the screen (which spawns new fields).
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypingIn(pub Option<usize>);

/// The longest text a field takes: a reflection is a few paragraphs, not a book.
pub const MAX_CHARACTERS: usize = 4000;

impl Look<'_> {
    /// A field holding `text`, `lines` high (more than one: Enter starts a new line); `name`
    /// is what a screen reader calls it.
    pub fn field(&self, n: usize, name: &str, text: &str, lines: f32) -> impl Bundle {
        (
            Field(n),
            Name::new(name.to_owned()),
            EditableText {
                visible_lines: Some(lines),
                allow_newlines: lines > 1.0,
                max_characters: Some(MAX_CHARACTERS),
                ..EditableText::new(text)
            },
            TextLayout {
                linebreak: LineBreak::WordBoundary,
                ..default()
            },
            TextCursorStyle {
                color: self.palette.text,
                selection_color: self.palette.focus.with_alpha(0.35),
                unfocused_selection_color: Color::NONE,
                selected_text_color: None,
            },
            font(&self.fonts.regular, size::BODY),
            TextColor(self.palette.text),
            Node {
                width: Val::Percent(100.0),
                padding: UiRect::all(Val::Px(10.0)),
                border: UiRect::all(Val::Px(2.0)),
                border_radius: BorderRadius::all(Val::Px(6.0)),
                ..default()
            },
            BackgroundColor(self.palette.background),
            BorderColor::all(self.palette.panel_border),
            // A click puts the focus in it.
            Interaction::default(),
        )
    }
}

/// The text in a field.
pub fn field_text(field: &EditableText) -> String {
    field.value().into_iter().collect()
}

/// Put the focus in field `n` of the screen (when it has one).
pub fn enter_field(
    n: usize,
    fields: &Query<(Entity, &Field)>,
    focus: &mut InputFocus,
    typing: &mut TypingIn,
) {
    if let Some((entity, _)) = fields.iter().find(|(_, f)| f.0 == n) {
        focus.set(entity, FocusCause::Navigated);
        typing.0 = Some(n);
    }
}

/// Tab, Shift+Tab, Enter and Esc while typing. Runs after the screens have read the keys, so the
/// Esc that leaves a field does not also leave the screen.
fn move_between_fields(
    keys: Res<ButtonInput<KeyCode>>,
    focus: Option<ResMut<InputFocus>>,
    mut typing: ResMut<TypingIn>,
    fields: Query<(Entity, &Field)>,
    editable: Query<&EditableText>,
) {
    let Some(mut focus) = focus else {
        return;
    };
    // The key that put the focus in a field this frame (Tab on a screen) does not also move it.
    if typing.is_changed() {
        return;
    }
    let Some((_, &Field(n))) = focus.get().and_then(|e| fields.get(e).ok()) else {
        if typing.0.is_some() && fields.is_empty() {
            typing.0 = None;
        }
        return;
    };
    let count = fields.iter().map(|(_, f)| f.0 + 1).max().unwrap_or(0);
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    let one_line = focus
        .get()
        .and_then(|e| editable.get(e).ok())
        .is_some_and(|t| !t.allow_newlines);
    let leave = |focus: &mut InputFocus, typing: &mut TypingIn| {
        focus.clear();
        typing.0 = None;
    };
    if keys.just_pressed(KeyCode::Escape) {
        leave(&mut focus, &mut typing);
    } else if keys.just_pressed(KeyCode::Tab) && shift {
        match n.checked_sub(1) {
            Some(before) => enter_field(before, &fields, &mut focus, &mut typing),
            None => leave(&mut focus, &mut typing),
        }
    } else if keys.just_pressed(KeyCode::Tab)
        || (one_line && keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]))
    {
        if n + 1 < count {
            enter_field(n + 1, &fields, &mut focus, &mut typing);
        } else {
            leave(&mut focus, &mut typing);
        }
    }
}

fn click_to_type(
    focus: Option<ResMut<InputFocus>>,
    mut typing: ResMut<TypingIn>,
    clicked: Query<(Entity, &Field, &Interaction), Changed<Interaction>>,
) {
    let Some(mut focus) = focus else {
        return;
    };
    for (entity, field, interaction) in &clicked {
        if *interaction == Interaction::Pressed {
            focus.set(entity, FocusCause::Navigated);
            typing.0 = Some(field.0);
        }
    }
}

/// After a redraw the fields are new entities: the one being typed in keeps the focus.
fn keep_focus_after_redraw(
    focus: Option<ResMut<InputFocus>>,
    mut typing: ResMut<TypingIn>,
    added: Query<(), Added<Field>>,
    fields: Query<(Entity, &Field)>,
) {
    let (Some(mut focus), Some(n)) = (focus, typing.0) else {
        return;
    };
    if added.is_empty() || focus.get().is_some_and(|e| fields.contains(e)) {
        return;
    }
    enter_field(n, &fields, &mut focus, &mut typing);
}

/// The focused field's box is drawn in the focus colour.
fn show_focus(
    focus: Option<Res<InputFocus>>,
    look: Look,
    mut fields: Query<(Entity, &mut BorderColor), With<Field>>,
) {
    let focused = focus.as_ref().and_then(|f| f.get());
    for (entity, mut border) in &mut fields {
        let want = BorderColor::all(if focused == Some(entity) {
            look.palette.focus
        } else {
            look.palette.panel_border
        });
        if *border != want {
            *border = want;
        }
    }
}
