//! What the trainee asks for, from a key or a click. Each screen has its own action type and
//! declares its keys once, in a table of [`Binding`]s: the same table sends the actions, names
//! the keys in the top bar, and lists them in the help. A click on a button sends the action
//! the button carries, so keyboard and mouse take the same path and every action has a key.

use bevy::input_focus::InputFocus;
use bevy::prelude::*;

use super::screen::Screen;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Cover>();
    app.init_resource::<KeyHelp>();
    app.init_resource::<NumberChord>();
}

/// Every key, as the help overlay (H or ?) lists it: a section name, then each key's name and
/// what it does, gathered from the screens' tables (see `app::help`).
#[derive(Resource, Default, Debug, Clone)]
pub struct KeyHelp(pub Vec<(&'static str, Vec<(&'static str, &'static str)>)>);

/// Register a screen's action type: its message, and clicks on buttons that carry one.
pub fn add_actions<A: Component + Copy + std::fmt::Debug>(app: &mut App) {
    app.add_message::<Act<A>>();
    app.add_systems(
        PreUpdate,
        clicks_to_actions::<A>
            .in_set(Clicks)
            .after(bevy::ui::UiSystems::Focus),
    );
}

/// The systems that turn clicks into actions (a screen reader's "press" is put in before them).
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct Clicks;

/// An action, stamped with the screen it was meant for. Messages can outlive a frame, so a
/// screen only takes the actions addressed to it: an Enter on the library can never act on the
/// screen that it opened.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct Act<A: Send + Sync + 'static> {
    pub screen: Screen,
    pub action: A,
}

impl<A: Send + Sync + 'static> Act<A> {
    pub fn new(screen: Screen, action: A) -> Self {
        Self { screen, action }
    }
}

/// Whatever covers the screen for the whole room: the blank screen (B) and the key help (H).
/// While either is up, the screen under it takes no keys.
#[derive(Resource, Default, Debug)]
pub struct Cover {
    pub blank: bool,
    pub help: bool,
}

fn clicks_to_actions<A: Component + Copy>(
    buttons: Query<(&Interaction, &A), Changed<Interaction>>,
    screen: Res<State<Screen>>,
    mut out: MessageWriter<Act<A>>,
) {
    for (interaction, action) in &buttons {
        if *interaction == Interaction::Pressed {
            out.write(Act::new(*screen.get(), *action));
        }
    }
}

/// The actions addressed to `screen`, from a reader of all actions of one type.
pub fn for_screen<'a, A: Send + Sync + 'static>(
    reader: &'a mut MessageReader<Act<A>>,
    screen: Screen,
) -> impl Iterator<Item = &'a A> + 'a {
    reader
        .read()
        .filter(move |a| a.screen == screen)
        .map(|a| &a.action)
}

/// Keys a screen listens to, unless a text field has focus (typing must never choose) or the
/// screen is covered (blanked, or the help is open). The focus is otherwise on the window or on
/// the highlighted item (where `a11y` puts it for screen readers), which leaves the keys free.
pub fn keys_free(
    focus: Option<Res<InputFocus>>,
    fields: Query<(), With<bevy::text::EditableText>>,
    cover: Res<Cover>,
) -> bool {
    not_typing(focus, fields) && !cover.blank && !cover.help
}

/// Keys that work even over a covered screen (B to restore it, H to close the help), unless a
/// text field has focus.
pub fn not_typing(
    focus: Option<Res<InputFocus>>,
    fields: Query<(), With<bevy::text::EditableText>>,
) -> bool {
    focus
        .and_then(|f| f.get())
        .is_none_or(|e| !fields.contains(e))
}

/// Whether a Shift key is held.
pub fn shift(keys: &ButtonInput<KeyCode>) -> bool {
    keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight])
}

/// The number keys 1-9: top row and keypad.
pub const DIGITS: [(KeyCode, KeyCode); 9] = [
    (KeyCode::Digit1, KeyCode::Numpad1),
    (KeyCode::Digit2, KeyCode::Numpad2),
    (KeyCode::Digit3, KeyCode::Numpad3),
    (KeyCode::Digit4, KeyCode::Numpad4),
    (KeyCode::Digit5, KeyCode::Numpad5),
    (KeyCode::Digit6, KeyCode::Numpad6),
    (KeyCode::Digit7, KeyCode::Numpad7),
    (KeyCode::Digit8, KeyCode::Numpad8),
    (KeyCode::Digit9, KeyCode::Numpad9),
];

/// The number keys 1-9 (top row or keypad) pressed this frame, as numbers.
pub fn number_pressed(keys: &ButtonInput<KeyCode>) -> Option<usize> {
    DIGITS
        .iter()
        .position(|(a, b)| keys.just_pressed(*a) || keys.just_pressed(*b))
        .map(|i| i + 1)
}

/// Enter, on the main keyboard or the keypad.
pub const ENTER: &[KeyCode] = &[KeyCode::Enter, KeyCode::NumpadEnter];
/// A presentation clicker's "next": PageDown, Right and Space.
pub const FORWARD: &[KeyCode] = &[KeyCode::PageDown, KeyCode::ArrowRight, KeyCode::Space];
/// A presentation clicker's "back": PageUp and Left.
pub const BACKWARD: &[KeyCode] = &[KeyCode::PageUp, KeyCode::ArrowLeft];

/// What Shift must be for a binding to fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftState {
    Any,
    Held,
    Released,
}

/// What a binding sends: one action, or an action made from the number pressed (1-9).
#[derive(Clone, Copy, Debug)]
pub enum Sends<A: 'static> {
    Action(A),
    Number(fn(usize) -> A),
}

/// One key (or several keys that do the same) on one screen: what it sends, and how the top
/// bar and the help name it.
#[derive(Clone, Copy, Debug)]
pub struct Binding<A: 'static> {
    /// The keys; empty for the number keys (see [`Sends::Number`]).
    pub keys: &'static [KeyCode],
    pub shift: ShiftState,
    /// The keys as the help names them: "Esc", "1 to 9", "Shift + T".
    pub name: &'static str,
    /// What the key does, as the help says it.
    pub does: &'static str,
    /// The key and a word or two for the top bar, when it is one of the keys that matter here.
    pub hint: Option<(&'static str, &'static str)>,
    /// A word for the presenter's one-line list of keys ("vote", "scores"), if it is listed.
    pub brief: Option<&'static str>,
    pub sends: Sends<A>,
}

impl<A: Copy> Binding<A> {
    /// `keys` send `action`.
    pub const fn key(
        keys: &'static [KeyCode],
        name: &'static str,
        does: &'static str,
        action: A,
    ) -> Self {
        Self {
            keys,
            shift: ShiftState::Any,
            name,
            does,
            hint: None,
            brief: None,
            sends: Sends::Action(action),
        }
    }

    /// The number keys 1-9 send `action(n)`.
    pub const fn numbers(name: &'static str, does: &'static str, action: fn(usize) -> A) -> Self {
        Self {
            keys: &[],
            shift: ShiftState::Any,
            name,
            does,
            hint: None,
            brief: None,
            sends: Sends::Number(action),
        }
    }

    /// Shown in the top bar as `key` and `label`.
    pub const fn hint(mut self, key: &'static str, label: &'static str) -> Self {
        self.hint = Some((key, label));
        self
    }

    /// Listed in the presenter's line of keys as its name and `word`.
    pub const fn brief(mut self, word: &'static str) -> Self {
        self.brief = Some(word);
        self
    }

    /// Only with Shift held (`true`) or only without it (`false`).
    pub const fn with_shift(mut self, held: bool) -> Self {
        self.shift = if held {
            ShiftState::Held
        } else {
            ShiftState::Released
        };
        self
    }

    /// The action this binding sends for the keys pressed this frame, if any.
    pub fn pressed(&self, keys: &ButtonInput<KeyCode>) -> Option<A> {
        let shifted = shift(keys);
        let shift_ok = match self.shift {
            ShiftState::Any => true,
            ShiftState::Held => shifted,
            ShiftState::Released => !shifted,
        };
        if !shift_ok {
            return None;
        }
        match self.sends {
            Sends::Action(a) => keys
                .any_just_pressed(self.keys.iter().copied())
                .then_some(a),
            Sends::Number(make) => number_pressed(keys).map(make),
        }
    }
}

/// Send the action of every binding in `table` whose keys were pressed this frame, addressed
/// to `screen`.
pub fn send_keys<A: Copy + Send + Sync + 'static>(
    keys: &ButtonInput<KeyCode>,
    screen: Screen,
    table: &[Binding<A>],
    out: &mut MessageWriter<Act<A>>,
) {
    for binding in table {
        if let Some(action) = binding.pressed(keys) {
            out.write(Act::new(screen, action));
        }
    }
}

/// A number key held down without Shift, not yet counted (see [`send_keys_with_chords`]).
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberChord(pub Option<usize>);

/// Whether number key `n` (top row or keypad) is held down.
fn digit_held(keys: &ButtonInput<KeyCode>, n: usize) -> bool {
    n.checked_sub(1)
        .and_then(|i| DIGITS.get(i))
        .is_some_and(|(a, b)| keys.pressed(*a) || keys.pressed(*b))
}

/// [`send_keys`] for a table where a number key means one thing alone and another with Shift
/// (a vote added, a vote taken away). Pressed "together", the digit often arrives a moment
/// before Shift: so a digit pressed alone counts when it is let go, or as shifted if Shift goes
/// down while it is still held.
pub fn send_keys_with_chords<A: Copy + Send + Sync + 'static>(
    keys: &ButtonInput<KeyCode>,
    chord: &mut NumberChord,
    screen: Screen,
    table: &[Binding<A>],
    out: &mut MessageWriter<Act<A>>,
) {
    let number = |state: ShiftState| {
        table.iter().find_map(|b| match b.sends {
            Sends::Number(make) if b.shift == state => Some(make),
            _ => None,
        })
    };
    let (Some(alone), Some(shifted)) = (number(ShiftState::Released), number(ShiftState::Held))
    else {
        chord.0 = None;
        send_keys(keys, screen, table, out);
        return;
    };
    let others: Vec<Binding<A>> = table
        .iter()
        .filter(|b| !matches!(b.sends, Sends::Number(_)))
        .copied()
        .collect();
    send_keys(keys, screen, &others, out);
    let mut send = |action: A| {
        out.write(Act::new(screen, action));
    };
    if shift(keys) {
        if let Some(n) = chord.0.take() {
            send(shifted(n));
        }
        if let Some(n) = number_pressed(keys) {
            send(shifted(n));
        }
        return;
    }
    if let Some(n) = number_pressed(keys)
        && let Some(before) = chord.0.replace(n)
    {
        send(alone(before));
    }
    if let Some(n) = chord.0.filter(|n| !digit_held(keys, *n)) {
        chord.0 = None;
        send(alone(n));
    }
}

/// A table without a clicker's "next" when that key has just scrolled the screen instead (a
/// clicker's "next" first shows what is below, then acts).
pub fn unscrolled<A: Copy>(table: &[Binding<A>], scrolled: bool) -> Vec<Binding<A>> {
    table
        .iter()
        .filter(|b| !(scrolled && b.keys == FORWARD))
        .copied()
        .collect()
}

/// The top bar's hints of a table, in its order.
pub fn hints<A>(table: &[Binding<A>]) -> Vec<(&'static str, &'static str)> {
    table.iter().filter_map(|b| b.hint).collect()
}

/// A table's lines for the help: each key's name and what it does, once each.
pub fn help_lines<A>(table: &[Binding<A>]) -> Vec<(&'static str, &'static str)> {
    let mut lines: Vec<(&'static str, &'static str)> = Vec::new();
    for b in table {
        if !b.does.is_empty() && !lines.contains(&(b.name, b.does)) {
            lines.push((b.name, b.does));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum A {
        Go,
        Pick(usize),
        Drop(usize),
    }

    const TABLE: [Binding<A>; 4] = [
        Binding::key(ENTER, "Enter", "go", A::Go).hint("Enter", "go"),
        Binding::key(&[KeyCode::Space], "Enter", "go", A::Go),
        Binding::numbers("1 to 9", "pick", A::Pick).with_shift(false),
        Binding::numbers("Shift + 1 to 9", "drop", A::Drop).with_shift(true),
    ];

    fn pressed(held: &[KeyCode], just: KeyCode) -> Vec<A> {
        let mut keys = ButtonInput::<KeyCode>::default();
        for k in held {
            keys.press(*k);
        }
        keys.clear();
        keys.press(just);
        TABLE.iter().filter_map(|b| b.pressed(&keys)).collect()
    }

    #[test]
    fn one_table_sends_the_actions_and_names_the_keys() {
        assert_eq!(pressed(&[], KeyCode::NumpadEnter), vec![A::Go]);
        assert_eq!(pressed(&[], KeyCode::Digit3), vec![A::Pick(3)]);
        assert_eq!(
            pressed(&[KeyCode::ShiftLeft], KeyCode::Numpad2),
            vec![A::Drop(2)]
        );
        assert_eq!(hints(&TABLE), vec![("Enter", "go")]);
        assert_eq!(
            help_lines(&TABLE),
            vec![
                ("Enter", "go"),
                ("1 to 9", "pick"),
                ("Shift + 1 to 9", "drop")
            ]
        );
    }
}
