//! Settings screen: text size, when feedback appears, when scores are shown. Saved at once.

use bevy::prelude::*;

use crate::app::input::{
    Act, Binding, ENTER, add_actions, for_screen, hints, keys_free, send_keys,
};
use crate::app::screen::{Redraw, ReturnTo, Screen};
use crate::app::settings::Settings;
use crate::app::theme::frame::Canvas;
use crate::app::theme::size;
use crate::app::theme::widget::Focused;

pub(super) fn plugin(app: &mut App) {
    add_actions::<SettingsAction>(app);
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

/// What the trainee asks of the settings.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsAction {
    FocusPrev,
    FocusNext,
    /// Change the focused row one step back or forward.
    Step(isize),
    /// Change row `row` one step back or forward (a click).
    StepRow(usize, isize),
    Back,
}

/// The settings' keys.
pub const KEYS: [Binding<SettingsAction>; 6] = [
    Binding::key(
        &[KeyCode::ArrowUp],
        "Up Down",
        "move between items",
        SettingsAction::FocusPrev,
    )
    .hint("Up Down", "choose"),
    Binding::key(
        &[KeyCode::ArrowDown],
        "Up Down",
        "move between items",
        SettingsAction::FocusNext,
    ),
    Binding::key(
        &[KeyCode::ArrowLeft],
        "Left Right",
        "change",
        SettingsAction::Step(-1),
    )
    .hint("Left Right", "change"),
    Binding::key(
        &[KeyCode::ArrowRight, KeyCode::Space],
        "Left Right",
        "change",
        SettingsAction::Step(1),
    ),
    Binding::key(&[KeyCode::Escape], "Esc", "done", SettingsAction::Back).hint("Esc", "done"),
    Binding::key(ENTER, "Enter", "done", SettingsAction::Back),
];

fn keys(keys: Res<ButtonInput<KeyCode>>, mut out: MessageWriter<Act<SettingsAction>>) {
    send_keys(&keys, Screen::Settings, &KEYS, &mut out);
}

fn act(
    mut actions: MessageReader<Act<SettingsAction>>,
    mut settings: ResMut<Settings>,
    mut focus: ResMut<SettingsFocus>,
    mut redraw: ResMut<Redraw>,
    mut next: ResMut<NextState<Screen>>,
    return_to: Res<ReturnTo>,
) {
    let rows = settings.rows().len();
    for &action in for_screen(&mut actions, Screen::Settings) {
        match action {
            SettingsAction::FocusPrev => focus.0 = focus.0.saturating_sub(1),
            SettingsAction::FocusNext => focus.0 = (focus.0 + 1).min(rows - 1),
            SettingsAction::Step(by) => settings.step(focus.0, by),
            SettingsAction::StepRow(row, by) => {
                focus.0 = row;
                settings.step(row, by);
            }
            SettingsAction::Back => next.set(return_to.0),
        }
        redraw.0 = true;
    }
}

fn draw(mut canvas: Canvas, settings: Res<Settings>, focus: Res<SettingsFocus>) {
    if !canvas.begin() {
        return;
    }
    let hints = hints(&KEYS);
    canvas.frame(Screen::Settings, "Settings", &hints, |area, look| {
        area.spawn(look.column(760.0)).with_children(|col| {
            col.spawn(look.title("Settings"));
            col.spawn(look.muted(
                "Changes are saved straight away and kept for next time; \
                 a group session lasts until Rapport closes.",
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
                        r.spawn(look.button(
                            "Left",
                            "previous",
                            SettingsAction::StepRow(row, -1),
                            false,
                        ));
                        r.spawn(look.text(value));
                        r.spawn(look.button(
                            "Right",
                            "next",
                            SettingsAction::StepRow(row, 1),
                            false,
                        ));
                    });
                });
            }
            col.spawn(Node::default()).with_children(|r| {
                r.spawn(look.primary_button("Esc", "Done", SettingsAction::Back));
            });
        });
    });
}
