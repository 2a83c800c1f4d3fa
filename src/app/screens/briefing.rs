//! Briefing screen: the setting, the people, the objectives and any content note, with a way to
//! step out before starting.

use bevy::prelude::*;

use super::library::SelectedEntry;
use super::{Canvas, Screen};
use crate::app::actions::{Act, UiAction, for_screen, keys_free};
use crate::app::library::LibraryIndex;
use crate::app::playing::{Playing, new_seed, save_progress};
use crate::app::settings::{Settings, StorageDirs};
use crate::app::theme::widget::Scrollable;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (keys.run_if(keys_free), act, draw)
            .chain()
            .run_if(in_state(Screen::Briefing)),
    );
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    settings: Res<Settings>,
    mut areas: Query<(&ComputedNode, &mut ScrollPosition), With<Scrollable>>,
    mut out: MessageWriter<Act>,
) {
    let clicker = settings.group;
    // In a group session a clicker's "next" scrolls through the briefing, then starts.
    let next = keys.any_just_pressed([KeyCode::PageDown, KeyCode::ArrowRight, KeyCode::Space]);
    let next = next && !(clicker && super::page_down(&mut areas));
    if keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter])
        || (next && (clicker || keys.just_pressed(KeyCode::Space)))
    {
        out.write(Act::new(Screen::Briefing, UiAction::Start));
    }
    if keys.any_just_pressed([KeyCode::Escape, KeyCode::Backspace])
        || (clicker && keys.any_just_pressed([KeyCode::PageUp, KeyCode::ArrowLeft]))
    {
        out.write(Act::new(Screen::Briefing, UiAction::Back));
    }
}

fn act(
    mut actions: MessageReader<Act>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    selected: Res<SelectedEntry>,
    index: Res<LibraryIndex>,
    storage: Res<StorageDirs>,
) {
    for action in for_screen(&mut actions, Screen::Briefing) {
        match action {
            UiAction::Start => {
                let Some(scenario) = index.find(&selected.0).and_then(|e| e.scenario().cloned())
                else {
                    next.set(Screen::Library);
                    continue;
                };
                match Playing::start(&selected.0, scenario, new_seed()) {
                    Ok(playing) => {
                        save_progress(&storage, &playing);
                        commands.insert_resource(playing);
                        next.set(Screen::Play);
                    }
                    Err(e) => error!("cannot start {}: {e}", selected.0),
                }
            }
            UiAction::Back => next.set(Screen::Library),
            _ => {}
        }
    }
}

fn draw(mut canvas: Canvas, index: Res<LibraryIndex>, selected: Res<SelectedEntry>) {
    if !canvas.begin() {
        return;
    }
    let Some(scenario) = index.find(&selected.0).and_then(|e| e.scenario().cloned()) else {
        return;
    };
    let hints = [("Enter", "start"), ("Esc", "back to the library")];
    canvas.frame(Screen::Briefing, "Briefing",
        &hints, |area, look| {
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
                                "You can step out at any time: press Esc to go back to the library, or Esc during play for the menu.",
                            ));
                        });
                    }
                    col.spawn(Node { column_gap: Val::Px(12.0), flex_wrap: FlexWrap::Wrap, row_gap: Val::Px(8.0), ..default() })
                        .with_children(|row| {
                            row.spawn(look.primary_button("Enter", "Start", UiAction::Start));
                            row.spawn(look.button("Esc", "Step out: back to the library", UiAction::Back, false));
                        });
                });
        },
    );
}
