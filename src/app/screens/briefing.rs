//! Briefing screen: the setting, the people, the objectives and any content note, with a way to
//! step out before starting.

use bevy::prelude::*;

use crate::app::input::{
    Act, BACKWARD, Binding, ENTER, FORWARD, add_actions, for_screen, hints, keys_free, send_keys,
    unscrolled,
};
use crate::app::library::{LibraryIndex, SelectedEntry};
use crate::app::playing::{Playing, new_seed, save_progress};
use crate::app::screen::Screen;
use crate::app::settings::{Settings, StorageDirs};
use crate::app::theme::frame::Canvas;
use crate::app::theme::scroll::page_down;
use crate::app::theme::widget::Scrollable;

pub(super) fn plugin(app: &mut App) {
    add_actions::<BriefingAction>(app);
    app.add_systems(
        Update,
        (keys.run_if(keys_free), act, draw)
            .chain()
            .run_if(in_state(Screen::Briefing)),
    );
}

/// What the trainee asks of the briefing.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BriefingAction {
    Start,
    Back,
}

/// The briefing's keys at a desk.
pub const KEYS: [Binding<BriefingAction>; 3] = [
    Binding::key(ENTER, "Enter", "start", BriefingAction::Start).hint("Enter", "start"),
    Binding::key(&[KeyCode::Space], "Space", "start", BriefingAction::Start),
    Binding::key(
        &[KeyCode::Escape, KeyCode::Backspace],
        "Esc",
        "back to the library",
        BriefingAction::Back,
    )
    .hint("Esc", "back to the library"),
];

/// In a group session a clicker's "next" scrolls through the briefing, then starts; its "back"
/// goes back to the library.
pub const CLICKER: [Binding<BriefingAction>; 4] = [
    KEYS[0],
    KEYS[2],
    Binding::key(
        FORWARD,
        "PageDown  Right  Space",
        "start",
        BriefingAction::Start,
    ),
    Binding::key(BACKWARD, "PageUp  Left", "back", BriefingAction::Back),
];

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    settings: Res<Settings>,
    mut areas: Query<(&ComputedNode, &mut ScrollPosition), With<Scrollable>>,
    mut out: MessageWriter<Act<BriefingAction>>,
) {
    if !settings.group {
        send_keys(&keys, Screen::Briefing, &KEYS, &mut out);
        return;
    }
    // A clicker's "next" first shows what is below, then starts.
    let scrolled = keys.any_just_pressed(FORWARD.iter().copied()) && page_down(&mut areas);
    send_keys(
        &keys,
        Screen::Briefing,
        &unscrolled(&CLICKER, scrolled),
        &mut out,
    );
}

fn act(
    mut actions: MessageReader<Act<BriefingAction>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    selected: Res<SelectedEntry>,
    index: Res<LibraryIndex>,
    storage: Res<StorageDirs>,
) -> Result {
    // Enter and Space together are one start.
    let Some(&action) = for_screen(&mut actions, Screen::Briefing).last() else {
        return Ok(());
    };
    match action {
        BriefingAction::Start => {
            let Some(scenario) = index.find(&selected.0).and_then(|e| e.scenario().cloned()) else {
                next.set(Screen::Library);
                return Ok(());
            };
            let playing = Playing::start(&selected.0, scenario, new_seed())
                .map_err(|e| format!("cannot start {}: {e}", selected.0))?;
            save_progress(&storage, &playing);
            commands.insert_resource(playing);
            next.set(Screen::Play);
        }
        BriefingAction::Back => next.set(Screen::Library),
    }
    Ok(())
}

fn draw(mut canvas: Canvas, index: Res<LibraryIndex>, selected: Res<SelectedEntry>) {
    if !canvas.begin() {
        return;
    }
    let Some(scenario) = index.find(&selected.0).and_then(|e| e.scenario().cloned()) else {
        return;
    };
    let hints = hints(&KEYS);
    canvas.frame(Screen::Briefing, "Briefing", &hints, |area, look| {
        area.spawn(look.column(860.0)).with_children(|col| {
            col.spawn(look.title(scenario.title.clone()));
            let mut meta = Vec::new();
            if let Some(r) = scenario.relationship {
                meta.push(format!("{} relationship", r.label()));
            }
            if let Some(m) = scenario.duration_minutes {
                meta.push(format!("about {m} minutes"));
            }
            if !meta.is_empty() {
                col.spawn(look.muted(meta.join("  ·  ")));
            }
            col.spawn(look.text(scenario.summary.clone()));
            if let Some(setting) = &scenario.setting {
                col.spawn(look.panel()).with_children(|p| {
                    p.spawn(look.heading("Setting"));
                    p.spawn(look.text(setting.clone()));
                });
            }
            if !scenario.characters.is_empty() {
                col.spawn(look.panel()).with_children(|p| {
                    p.spawn(look.heading("The people involved"));
                    for c in &scenario.characters {
                        look.spawn_person(p, c);
                    }
                });
            }
            if !scenario.objectives.is_empty() {
                col.spawn(look.panel()).with_children(|p| {
                    p.spawn(look.heading("What you will practise"));
                    for o in &scenario.objectives {
                        p.spawn(look.text(format!("•  {o}")));
                    }
                });
            }
            if let Some(note) = &scenario.content_note {
                col.spawn(look.notice_panel()).with_children(|p| {
                    p.spawn(look.heading("Content note"));
                    p.spawn(look.text(note.clone()));
                    p.spawn(look.muted(
                        "You can step out at any time: press Esc to go back to the \
                                 library, or Esc during play for the menu.",
                    ));
                });
            }
            let buttons = Node {
                column_gap: Val::Px(12.0),
                flex_wrap: FlexWrap::Wrap,
                row_gap: Val::Px(8.0),
                ..default()
            };
            col.spawn(buttons).with_children(|row| {
                row.spawn(look.primary_button("Enter", "Start", BriefingAction::Start));
                let back = "Step out: back to the library";
                row.spawn(look.button("Esc", back, BriefingAction::Back, false));
            });
        });
    });
}
