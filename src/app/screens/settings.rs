//! Settings screen: text size, when feedback appears, when scores are shown. Saved at once.

use bevy::prelude::*;

use super::{Canvas, Redraw, ReturnTo, Screen};
use crate::app::actions::{Act, UiAction, for_screen, keys_free, send_keys};
use crate::app::settings::Settings;
use crate::app::theme::size;
use crate::app::theme::widget::Focused;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SettingsFocus>();
    app.add_systems(
        Update,
        (keys.run_if(keys_free), act, draw)
            .chain()
            .run_if(in_state(Screen::Settings)),
    );
}

#[derive(Resource, Default, Debug)]
pub struct SettingsFocus(pub usize);

fn keys(keys: Res<ButtonInput<KeyCode>>, focus: Res<SettingsFocus>, mut out: MessageWriter<Act>) {
    let pairs = [
        (KeyCode::ArrowUp, UiAction::FocusPrev),
        (KeyCode::ArrowDown, UiAction::FocusNext),
        (KeyCode::ArrowLeft, UiAction::SettingPrev(focus.0)),
        (KeyCode::ArrowRight, UiAction::SettingNext(focus.0)),
        (KeyCode::Space, UiAction::SettingNext(focus.0)),
        (KeyCode::Escape, UiAction::Back),
        (KeyCode::Enter, UiAction::Back),
        (KeyCode::NumpadEnter, UiAction::Back),
    ];
    send_keys(&keys, Screen::Settings, &pairs, &mut out);
}

fn act(
    mut actions: MessageReader<Act>,
    mut settings: ResMut<Settings>,
    mut focus: ResMut<SettingsFocus>,
    mut redraw: ResMut<Redraw>,
    mut next: ResMut<NextState<Screen>>,
    return_to: Res<ReturnTo>,
) {
    let rows = settings.rows().len();
    for action in for_screen(&mut actions, Screen::Settings) {
        match action {
            UiAction::FocusPrev => focus.0 = focus.0.saturating_sub(1),
            UiAction::FocusNext => focus.0 = (focus.0 + 1).min(rows - 1),
            UiAction::SettingPrev(row) => {
                focus.0 = *row;
                settings.step(*row, -1);
            }
            UiAction::SettingNext(row) => {
                focus.0 = *row;
                settings.step(*row, 1);
            }
            UiAction::Back => next.set(return_to.0),
            _ => continue,
        }
        redraw.0 = true;
    }
}

fn draw(mut canvas: Canvas, settings: Res<Settings>, focus: Res<SettingsFocus>) {
    if !canvas.begin() {
        return;
    }
    let hints = [
        ("Up Down", "choose"),
        ("Left Right", "change"),
        ("Esc", "done"),
    ];
    canvas.frame(Screen::Settings, "Settings", &hints, |area, look| {
        area.spawn(look.column(760.0)).with_children(|col| {
            col.spawn(look.title("Settings"));
            col.spawn(look.muted(
                "Changes are saved straight away and kept for next time; a group session lasts until Rapport closes.",
            ));
            for (row, (name, value)) in settings.rows().into_iter().enumerate() {
                let focused = row == focus.0;
                let mut card = col.spawn(look.focus_panel(focused));
                if focused {
                    card.insert(Focused);
                }
                card.with_children(|p| {
                    p.spawn(look.bold(name, size::BODY));
                    p.spawn(Node {
                        column_gap: Val::Px(12.0),
                        align_items: AlignItems::Center,
                        ..default()
                    })
                    .with_children(|r| {
                        r.spawn(look.button("Left", "previous", UiAction::SettingPrev(row), false));
                        r.spawn(look.text(value));
                        r.spawn(look.button("Right", "next", UiAction::SettingNext(row), false));
                    });
                });
            }
            col.spawn(Node::default()).with_children(|r| {
                r.spawn(look.primary_button("Esc", "Done", UiAction::Back));
            });
        });
    });
}
