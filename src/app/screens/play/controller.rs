//! What the play screen's actions do: to the session (through [`Playing`]), to the focus and
//! the menu, and where the app goes next.

use bevy::prelude::*;

use super::{PlayAction, PlayFocus, PlayMenu};
use crate::app::input::{Act, for_screen};
use crate::app::library::SelectedEntry;
use crate::app::playing::{Playing, Then, save_progress};
use crate::app::screen::{Redraw, ReturnTo, Screen};
use crate::app::settings::{Settings, StorageDirs};

#[expect(
    clippy::too_many_arguments,
    reason = "a system: the session, the focus, the menu and where the app goes next"
)]
pub(super) fn act(
    mut actions: MessageReader<Act<PlayAction>>,
    mut playing: ResMut<Playing>,
    mut focus: ResMut<PlayFocus>,
    mut menu: ResMut<PlayMenu>,
    mut redraw: ResMut<Redraw>,
    mut next: ResMut<NextState<Screen>>,
    mut return_to: ResMut<ReturnTo>,
    mut selected: ResMut<SelectedEntry>,
    settings: Res<Settings>,
    storage: Res<StorageDirs>,
) {
    for &action in for_screen(&mut actions, Screen::Play) {
        let action = if menu.open {
            match menu.act(action) {
                Some(action) => action,
                None => {
                    redraw.0 = true;
                    continue;
                }
            }
        } else {
            action
        };
        let shown = playing.session.current().choices.len();
        let then = match (menu.open, action) {
            (_, PlayAction::OpenMenu) => {
                menu.open = !menu.open;
                menu.focus = 0;
                Then::Stay
            }
            (_, PlayAction::Restart) => {
                // From the top: the briefing again (Enter there starts afresh; the place
                // left is kept until then).
                menu.open = false;
                selected.0.clone_from(&playing.file);
                next.set(Screen::Briefing);
                Then::Stay
            }
            (false, PlayAction::Undo) => {
                let Some(last) = playing.session.transcript().len().checked_sub(1) else {
                    continue;
                };
                if playing.session.rewind(last).is_ok() {
                    playing.feedback = None;
                    playing.notice = Some(format!(
                        "Undone: back at decision {}, choose again.",
                        last + 1
                    ));
                    save_progress(&storage, &playing);
                }
                Then::Stay
            }
            (_, PlayAction::OpenSettings) => {
                menu.open = false;
                return_to.0 = Screen::Play;
                next.set(Screen::Settings);
                Then::Stay
            }
            (_, PlayAction::BackToLibrary) => {
                menu.open = false;
                next.set(Screen::Library);
                Then::Stay
            }
            (false, PlayAction::FocusPrev) => {
                let to = focus.0.saturating_sub(1);
                focus.move_to(to);
                Then::Stay
            }
            (false, PlayAction::FocusNext) => {
                let to = (focus.0 + 1).min(shown.saturating_sub(1));
                focus.move_to(to);
                Then::Stay
            }
            (false, PlayAction::Activate | PlayAction::Continue) if playing.feedback.is_some() => {
                playing.continue_on(&storage)
            }
            (false, PlayAction::Activate) => {
                playing.choose(focus.0 + 1, settings.feedback_now(), &storage)
            }
            (false, PlayAction::Choose(n)) if playing.feedback.is_none() => {
                playing.choose(n, settings.feedback_now(), &storage)
            }
            (false, PlayAction::Continue) => playing.continue_on(&storage),
            _ => continue,
        };
        if then == Then::Debrief {
            next.set(Screen::Debrief);
        }
        if playing.feedback.is_none() && !menu.open {
            let shown = playing.session.current().choices.len();
            focus.0 = focus.0.min(shown.saturating_sub(1));
        }
        redraw.0 = true;
    }
}
