//! Library screen: the scenarios grouped by topic, a saved session to resume, broken files
//! listed with their problems one key away.

use bevy::prelude::*;

use super::{Canvas, Redraw, ReturnTo, Screen};
use crate::app::actions::{Act, UiAction, for_screen, keys_free, send_keys};
use crate::app::library::{EntryStatus, LibraryIndex, topic_heading};
use crate::app::playing::{
    Playing, SavedProgress, StateProblems, clear_progress, find_saved_progress, save_progress,
};
use crate::app::settings::StorageDirs;
use crate::app::theme::size;
use crate::app::theme::widget::Focused;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LibraryFocus>();
    app.init_resource::<SelectedEntry>();
    app.add_systems(OnEnter(Screen::Library), find_saved_progress);
    // Told once: leaving the library forgets the problems with saved files.
    app.add_systems(
        OnExit(Screen::Library),
        |mut problems: ResMut<StateProblems>| {
            problems.0.clear();
        },
    );
    app.add_systems(
        Update,
        (
            keys.run_if(keys_free),
            act,
            redraw_when_library_changes,
            draw,
        )
            .chain()
            .run_if(in_state(Screen::Library)),
    );
}

/// Which scenario in the list has the keyboard focus.
#[derive(Resource, Default, Debug)]
pub struct LibraryFocus(pub usize);

/// The scenario file chosen on the library screen (for the briefing and diagnostics screens).
#[derive(Resource, Default, Debug, Clone)]
pub struct SelectedEntry(pub String);

fn keys(keys: Res<ButtonInput<KeyCode>>, saved: Res<SavedProgress>, mut out: MessageWriter<Act>) {
    let pairs = [
        (KeyCode::ArrowUp, UiAction::FocusPrev),
        (KeyCode::ArrowDown, UiAction::FocusNext),
        (KeyCode::Enter, UiAction::Activate),
        (KeyCode::NumpadEnter, UiAction::Activate),
        (KeyCode::KeyS, UiAction::OpenSettings),
        (KeyCode::KeyD, UiAction::ShowDiagnostics),
    ];
    send_keys(&keys, Screen::Library, &pairs, &mut out);
    if saved.0.is_some() {
        if keys.just_pressed(KeyCode::KeyC) {
            out.write(Act::new(Screen::Library, UiAction::ResumeSaved));
        }
        if keys.just_pressed(KeyCode::KeyX) {
            out.write(Act::new(Screen::Library, UiAction::DiscardSaved));
        }
    }
}

fn act(
    mut actions: MessageReader<Act>,
    mut commands: Commands,
    mut focus: ResMut<LibraryFocus>,
    mut selected: ResMut<SelectedEntry>,
    mut saved: ResMut<SavedProgress>,
    mut redraw: ResMut<Redraw>,
    mut next: ResMut<NextState<Screen>>,
    mut return_to: ResMut<ReturnTo>,
    index: Res<LibraryIndex>,
    storage: Res<StorageDirs>,
) {
    let count = index.entries.len();
    for action in for_screen(&mut actions, Screen::Library) {
        match action {
            UiAction::FocusPrev if focus.0 > 0 => focus.0 -= 1,
            UiAction::FocusNext if focus.0 + 1 < count => focus.0 += 1,
            UiAction::Pick(i) if *i < count => {
                focus.0 = *i;
                open(&index, focus.0, &mut selected, &mut next);
            }
            UiAction::Activate => open(&index, focus.0, &mut selected, &mut next),
            UiAction::ShowDiagnostics => {
                if let Some(e) = index.entries.get(focus.0) {
                    selected.0.clone_from(&e.path);
                    return_to.0 = Screen::Library;
                    next.set(Screen::Diagnostics);
                }
            }
            UiAction::OpenSettings => {
                return_to.0 = Screen::Library;
                next.set(Screen::Settings);
            }
            UiAction::DiscardSaved => {
                clear_progress(&storage);
                saved.0 = None;
            }
            UiAction::ResumeSaved => {
                let Some(progress) = saved.0.clone() else {
                    continue;
                };
                let Some(scenario) = index
                    .find(&progress.file)
                    .and_then(|e| e.scenario().cloned())
                else {
                    continue; // not loaded yet, or broken: the banner says so
                };
                let playing = match progress.restore(scenario.clone()) {
                    Ok(session) => Playing::from_session(&progress.file, session),
                    Err(e) => {
                        let Ok(mut fresh) = Playing::start(&progress.file, scenario, progress.seed)
                        else {
                            continue;
                        };
                        fresh.notice = Some(format!(
                            "The scenario has changed since you saved ({e}), so it starts again from the beginning."
                        ));
                        fresh
                    }
                };
                save_progress(&storage, &playing);
                saved.0 = None;
                selected.0.clone_from(&playing.file);
                commands.insert_resource(playing);
                next.set(Screen::Play);
            }
            _ => continue,
        }
        redraw.0 = true;
    }
}

fn open(
    index: &LibraryIndex,
    i: usize,
    selected: &mut SelectedEntry,
    next: &mut NextState<Screen>,
) {
    let Some(entry) = index.entries.get(i) else {
        return;
    };
    selected.0.clone_from(&entry.path);
    next.set(match entry.status {
        EntryStatus::Playable(_) => Screen::Briefing,
        EntryStatus::Broken(_) => Screen::Diagnostics,
    });
}

fn redraw_when_library_changes(
    index: Res<LibraryIndex>,
    saved: Res<SavedProgress>,
    problems: Res<StateProblems>,
    mut redraw: ResMut<Redraw>,
) {
    if index.is_changed() || saved.is_changed() || problems.is_changed() {
        redraw.0 = true;
    }
}

fn draw(
    mut canvas: Canvas,
    index: Res<LibraryIndex>,
    focus: Res<LibraryFocus>,
    saved: Res<SavedProgress>,
    problems: Res<StateProblems>,
) {
    if !canvas.begin() {
        return;
    }
    let hints = [("Up Down", "choose"), ("Enter", "open"), ("S", "settings")];
    canvas.frame(Screen::Library, "Scenario library",
        &hints, |area, look| {
            area.spawn(look.column(960.0)).with_children(|col| {
                    col.spawn(look.title("Choose a scenario"));
                    col.spawn(look.muted(
                        "Each scenario is a conversation from health and social care. Your choices move trust, dignity and boundaries, and every choice is explained.",
                    ));
                    for problem in &problems.0 {
                        col.spawn(look.notice_panel()).with_children(|p| {
                            p.spawn(look.text(problem.clone()));
                        });
                    }
                    if let Some(progress) = &saved.0 {
                        let title = index.find(&progress.file).map_or(progress.file.as_str(), |e| e.title.as_str());
                        col.spawn(look.panel()).with_children(|p| {
                            p.spawn(look.heading("Continue where you left off"));
                            p.spawn(look.text(format!(
                                "“{title}”, after {} decision{}.",
                                progress.choices.len(),
                                if progress.choices.len() == 1 { "" } else { "s" }
                            )));
                            p.spawn(Node { column_gap: Val::Px(12.0), ..default() }).with_children(|row| {
                                row.spawn(look.primary_button("C", "Continue", UiAction::ResumeSaved));
                                row.spawn(look.button("X", "Discard", UiAction::DiscardSaved, false));
                            });
                        });
                    }
                    if !index.loaded && index.entries.is_empty() {
                        col.spawn(look.text("Loading scenarios…"));
                    } else if index.entries.is_empty() {
                        col.spawn(look.text("No scenarios found. Put .ron scenario files in the scenarios folder, or start Rapport with --scenarios DIR."));
                    }
                    let mut topic = None;
                    for (i, entry) in index.entries.iter().enumerate() {
                        if topic != Some(entry.topic.as_str()) {
                            topic = Some(entry.topic.as_str());
                            col.spawn((look.heading(topic_heading(&entry.topic)), Node { margin: UiRect::top(Val::Px(8.0)), ..default() }));
                        }
                        let focused = i == focus.0;
                        let mut card = col.spawn((Button, UiAction::Pick(i), look.focus_panel(focused)));
                        if focused {
                            card.insert(Focused);
                        }
                        card.with_children(|c| match &entry.status {
                            EntryStatus::Playable(s) => {
                                c.spawn(look.bold(s.title.clone(), size::HEADING));
                                c.spawn(look.text(s.summary.clone()));
                                let mut meta = Vec::new();
                                if let Some(r) = s.relationship {
                                    meta.push(format!("{} relationship", r.label()));
                                }
                                if let Some(m) = s.duration_minutes {
                                    meta.push(format!("about {m} minutes"));
                                }
                                if !s.objectives.is_empty() {
                                    meta.push(format!("{} objectives", s.objectives.len()));
                                }
                                if s.content_note.is_some() {
                                    meta.push("content note".to_owned());
                                }
                                c.spawn(look.muted(meta.join("  ·  ")));
                            }
                            EntryStatus::Broken(_) => {
                                c.spawn(look.bold(entry.title.clone(), size::HEADING));
                                let errors = entry.errors().len();
                                c.spawn(look.text_styled(
                                    format!(
                                        "Cannot be played: {errors} problem{} in {}. Press Enter to see {}.",
                                        if errors == 1 { "" } else { "s" },
                                        entry.path,
                                        if errors == 1 { "it" } else { "them" }
                                    ),
                                    size::BODY,
                                    look.palette.error,
                                    &look.fonts.regular,
                                ));
                            }
                        });
                    }
                });
        },
    );
}
