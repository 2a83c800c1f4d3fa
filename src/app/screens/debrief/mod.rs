//! Debrief screen: the outcome, final scores, a chart of the scores over the turns, the path
//! taken with the options not taken, principles practised well and poorly, the objectives and
//! reflection prompts. Play again, rewind to any decision, or go back to the library.

use bevy::prelude::*;

use crate::app::input::{Act, Binding, add_actions, for_screen, keys_free, send_keys};
use crate::app::playing::{Playing, new_seed, save_progress};
use crate::app::screen::{Redraw, Screen};
use crate::app::settings::StorageDirs;

pub mod reflection;
mod view;

pub(super) fn plugin(app: &mut App) {
    add_actions::<DebriefAction>(app);
    app.init_resource::<CursorShown>();
    app.add_systems(
        OnEnter(Screen::Debrief),
        |mut shown: ResMut<CursorShown>| shown.0 = false,
    );
    app.add_systems(
        Update,
        (keys.run_if(keys_free), act, view::draw)
            .chain()
            .run_if(in_state(Screen::Debrief).and_then(resource_exists::<Playing>)),
    );
    reflection::plugin(app);
}

/// Whether the trainee has moved the decision cursor: until then the debrief opens at the top,
/// on the outcome, rather than scrolled to the selected decision.
#[derive(Resource, Default, Debug)]
pub struct CursorShown(pub bool);

/// What the trainee asks of the debrief.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DebriefAction {
    FocusPrev,
    FocusNext,
    /// Go back to the selected decision (R or Enter).
    RewindSelected,
    /// Go back to decision n (0-based; a click).
    Rewind(usize),
    PlayAgain,
    BackToLibrary,
    /// Put the cursor in the reflection (W).
    Write,
}

/// The debrief's keys.
pub const KEYS: [Binding<DebriefAction>; 6] = [
    Binding::key(
        &[KeyCode::ArrowUp],
        "Up Down",
        "move between decisions",
        DebriefAction::FocusPrev,
    )
    .hint("Up Down", "pick a decision"),
    Binding::key(
        &[KeyCode::ArrowDown],
        "Up Down",
        "move between decisions",
        DebriefAction::FocusNext,
    ),
    Binding::key(
        &[KeyCode::KeyR, KeyCode::Enter, KeyCode::NumpadEnter],
        "R",
        "go back to the decision",
        DebriefAction::RewindSelected,
    )
    .hint("R", "rewind to it"),
    Binding::key(
        &[KeyCode::KeyP],
        "P",
        "play again",
        DebriefAction::PlayAgain,
    )
    .hint("P", "play again"),
    Binding::key(
        &[KeyCode::KeyW],
        "W",
        "write your reflection",
        DebriefAction::Write,
    )
    .hint("W", "write"),
    Binding::key(
        &[KeyCode::KeyL, KeyCode::Escape],
        "L",
        "back to the library",
        DebriefAction::BackToLibrary,
    )
    .hint("L", "library"),
];

fn keys(keys: Res<ButtonInput<KeyCode>>, mut out: MessageWriter<Act<DebriefAction>>) {
    send_keys(&keys, Screen::Debrief, &KEYS, &mut out);
}

fn act(
    mut actions: MessageReader<Act<DebriefAction>>,
    mut playing: ResMut<Playing>,
    mut redraw: ResMut<Redraw>,
    mut next: ResMut<NextState<Screen>>,
    mut cursor: ResMut<CursorShown>,
    storage: Res<StorageDirs>,
) {
    for &action in for_screen(&mut actions, Screen::Debrief) {
        if playing.is_past() {
            // An attempt from the records is read, not played again from here; back is to
            // "My practice", where it was opened.
            match action {
                DebriefAction::BackToLibrary => {
                    next.set(Screen::Practice);
                    continue;
                }
                DebriefAction::RewindSelected
                | DebriefAction::Rewind(_)
                | DebriefAction::PlayAgain => continue,
                _ => {}
            }
        }
        let decisions = playing.session.transcript().len();
        let action = match action {
            DebriefAction::RewindSelected => DebriefAction::Rewind(playing.selected_decision),
            other => other,
        };
        match action {
            DebriefAction::FocusPrev if cursor.0 => {
                playing.selected_decision = playing.selected_decision.saturating_sub(1);
            }
            DebriefAction::FocusNext if cursor.0 => {
                playing.selected_decision =
                    (playing.selected_decision + 1).min(decisions.saturating_sub(1));
            }
            // The first Up picks the last decision (the trainee is usually reading from the
            // bottom), the first Down the first.
            DebriefAction::FocusPrev => {
                cursor.0 = true;
                playing.selected_decision = decisions.saturating_sub(1);
            }
            DebriefAction::FocusNext => {
                cursor.0 = true;
                playing.selected_decision = 0;
            }
            DebriefAction::Rewind(k) if k < decisions => {
                if playing.session.rewind(k).is_ok() {
                    playing.feedback = None;
                    playing.notice = Some(format!(
                        "Back at decision {}: choose differently this time.",
                        k + 1
                    ));
                    save_progress(&storage, &playing);
                    next.set(Screen::Play);
                }
            }
            DebriefAction::PlayAgain => {
                let scenario = playing.session.scenario().clone();
                match Playing::start(&playing.file, scenario, new_seed()) {
                    Ok(fresh) => {
                        *playing = fresh;
                        save_progress(&storage, &playing);
                        next.set(Screen::Play);
                    }
                    Err(e) => playing.notice = Some(format!("The scenario cannot start: {e}")),
                }
            }
            DebriefAction::BackToLibrary => next.set(Screen::Library),
            _ => continue,
        }
        redraw.0 = true;
    }
}
