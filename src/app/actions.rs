//! What the trainee asks for, from a key or a click: one message type, so keyboard and mouse
//! take the same path and every action has a key.

use bevy::input_focus::InputFocus;
use bevy::prelude::*;

use super::screens::Screen;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<Act>();
    app.add_systems(
        PreUpdate,
        clicks_to_actions.after(bevy::ui::UiSystems::Focus),
    );
}

/// An action, stamped with the screen it was meant for. Messages can outlive a frame, so a
/// screen only takes the actions addressed to it: an Enter on the library can never choose on
/// the play screen that it opened.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct Act {
    pub screen: Screen,
    pub action: UiAction,
}

impl Act {
    pub fn new(screen: Screen, action: UiAction) -> Self {
        Self { screen, action }
    }
}

/// What the trainee asks for. Buttons carry one as a component; keys send them too.
#[derive(Component, Clone, Debug, PartialEq, Eq)]
pub enum UiAction {
    /// Move the keyboard focus up or down a list.
    FocusPrev,
    FocusNext,
    /// Activate the focused item (Enter).
    Activate,
    /// Pick the item at this position in the current list (a click).
    Pick(usize),
    /// Take choice n (1-based, as authored).
    Choose(usize),
    Start,
    Continue,
    Back,
    OpenMenu,
    Restart,
    OpenSettings,
    BackToLibrary,
    PlayAgain,
    /// Go back to decision n (0-based) in the debrief.
    Rewind(usize),
    ResumeSaved,
    DiscardSaved,
    ShowDiagnostics,
    /// Change setting row `row` one step back or forward.
    SettingPrev(usize),
    SettingNext(usize),
    /// The author panel: open or close it, move between its rows, change a row, jump.
    ToggleAuthor,
    AuthorRow(isize),
    AuthorChange(isize),
    AuthorJump,
    /// Group sessions, anywhere: the projector preset (F5), fullscreen (F11), the presenter
    /// window (F6), blank screen (B), help (H or ?), facilitator notes (N), the discussion timer
    /// (T, and Shift+T to reset it).
    ToggleProjector,
    ToggleFullscreen,
    TogglePresenter,
    ToggleBlank,
    ToggleHelp,
    ToggleNotes,
    Timer,
    ResetTimer,
    /// Group sessions, at a decision: reveal or hide the scores (R), open or close the vote (V),
    /// add or remove a vote for the option shown at position n (1-based), take the room's
    /// choice, break a tie with option n, go back a step (PageUp or Left).
    RevealScores,
    ToggleVote,
    AddVote(usize),
    RemoveVote(usize),
    TakeVote,
    BreakTie(usize),
    StepBack,
}

fn clicks_to_actions(
    buttons: Query<(&Interaction, &UiAction), Changed<Interaction>>,
    screen: Res<State<Screen>>,
    mut out: MessageWriter<Act>,
) {
    for (interaction, action) in &buttons {
        if *interaction == Interaction::Pressed {
            out.write(Act::new(*screen.get(), action.clone()));
        }
    }
}

/// The actions addressed to `screen`, from a reader of all actions.
pub fn for_screen<'a>(
    reader: &'a mut MessageReader<Act>,
    screen: Screen,
) -> impl Iterator<Item = &'a UiAction> + 'a {
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
    cover: Option<Res<super::group::Group>>,
) -> bool {
    let covered = cover.is_some_and(|g| g.blank || g.help);
    not_typing(focus, fields) && !covered
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

/// Send the action of every key in `table` pressed this frame, addressed to `screen`.
pub fn send_keys(
    keys: &ButtonInput<KeyCode>,
    screen: Screen,
    table: &[(KeyCode, UiAction)],
    out: &mut MessageWriter<Act>,
) {
    for (key, action) in table {
        if keys.just_pressed(*key) {
            out.write(Act::new(screen, action.clone()));
        }
    }
}

/// The number keys 1-9 (top row or keypad) pressed this frame, as numbers.
pub fn number_pressed(keys: &ButtonInput<KeyCode>) -> Option<usize> {
    const DIGITS: [(KeyCode, KeyCode); 9] = [
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
    DIGITS
        .iter()
        .position(|(a, b)| keys.just_pressed(*a) || keys.just_pressed(*b))
        .map(|i| i + 1)
}
