//! What the play screen's actions do: to the session (through [`Playing`]), to the focus and
//! the menu, and where the app goes next.

use bevy::prelude::*;

use super::{PlayAction, PlayFocus, PlayMenu};
use crate::app::input::{Act, for_screen};
use crate::app::playing::{Playing, Then, new_seed, save_progress};
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
                let scenario = playing.session.scenario().clone();
                match Playing::start(&playing.file, scenario, new_seed()) {
                    Ok(fresh) => {
                        *playing = fresh;
                        save_progress(&storage, &playing);
                    }
                    Err(e) => playing.notice = Some(format!("The scenario cannot restart: {e}")),
                }
                menu.open = false;
                focus.0 = 0;
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
                focus.0 = focus.0.saturating_sub(1);
                Then::Stay
            }
            (false, PlayAction::FocusNext) => {
                focus.0 = (focus.0 + 1).min(shown.saturating_sub(1));
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
