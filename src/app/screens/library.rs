//! Library screen: the scenarios grouped by topic, a saved session to resume, broken files
//! listed with their problems one key away.

use bevy::prelude::*;

use crate::app::input::{
    Act, Binding, ENTER, add_actions, for_screen, hints, keys_free, send_keys,
};
use crate::app::library::{EntryStatus, LibraryIndex, SelectedEntry, topic_heading};
use crate::app::playing::{
    Playing, Recording, SavedProgress, StateProblems, clear_progress, find_saved_progress,
    save_progress,
};
use crate::app::screen::{Redraw, ReturnTo, Screen};
use crate::app::settings::{Settings, StorageDirs};
use crate::app::theme::frame::Canvas;
use crate::app::theme::size;
use crate::app::theme::widget::Focused;

pub(super) fn plugin(app: &mut App) {
    add_actions::<LibraryAction>(app);
    app.init_resource::<LibraryFocus>();
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

/// What the trainee asks of the library.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LibraryAction {
    FocusPrev,
    FocusNext,
    /// Open the focused scenario (Enter).
    Activate,
    /// Open the scenario at this position in the list (a click).
    Pick(usize),
    OpenSettings,
    /// "My practice": the attempts recorded.
    OpenPractice,
    ShowDiagnostics,
    ResumeSaved,
    DiscardSaved,
}

/// The library's keys.
pub const KEYS: [Binding<LibraryAction>; 5] = [
    Binding::key(
        &[KeyCode::ArrowUp],
        "Up  Down",
        "move between items",
        LibraryAction::FocusPrev,
    )
    .hint("Up Down", "choose"),
    Binding::key(
        &[KeyCode::ArrowDown],
        "Up  Down",
        "move between items",
        LibraryAction::FocusNext,
    ),
    Binding::key(
        ENTER,
        "Enter",
        "open or take the item",
        LibraryAction::Activate,
    )
    .hint("Enter", "open"),
    Binding::key(
        &[KeyCode::KeyS],
        "S",
        "settings",
        LibraryAction::OpenSettings,
    )
    .hint("S", "settings"),
    Binding::key(
        &[KeyCode::KeyD],
        "D",
        "a scenario's problems",
        LibraryAction::ShowDiagnostics,
    ),
];

/// A trainee's own records: not offered on the projector in a group session, where one key
/// would put a facilitator's attempts and reflections in front of the room.
pub const PRACTICE_KEY: Binding<LibraryAction> = Binding::key(
    &[KeyCode::KeyM],
    "M",
    "my practice: what you have played",
    LibraryAction::OpenPractice,
)
.hint("M", "my practice");

/// The keys for a saved session, while one is offered.
pub const SAVED_KEYS: [Binding<LibraryAction>; 2] = [
    Binding::key(
        &[KeyCode::KeyC],
        "C",
        "continue",
        LibraryAction::ResumeSaved,
    ),
    Binding::key(
        &[KeyCode::KeyX],
        "X",
        "discard",
        LibraryAction::DiscardSaved,
    ),
];

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    saved: Res<SavedProgress>,
    settings: Res<Settings>,
    mut out: MessageWriter<Act<LibraryAction>>,
) {
    send_keys(&keys, Screen::Library, &KEYS, &mut out);
    if !settings.group {
        send_keys(&keys, Screen::Library, &[PRACTICE_KEY], &mut out);
    }
    // A trainee's own place is not offered on the projector in a group session.
    if saved.0.is_some() && !settings.group {
        send_keys(&keys, Screen::Library, &SAVED_KEYS, &mut out);
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "a system: opening, resuming and leaving the library touch each of these"
)]
fn act(
    mut actions: MessageReader<Act<LibraryAction>>,
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
    for &action in for_screen(&mut actions, Screen::Library) {
        match action {
            LibraryAction::FocusPrev if focus.0 > 0 => focus.0 -= 1,
            LibraryAction::FocusNext if focus.0 + 1 < count => focus.0 += 1,
            LibraryAction::Pick(i) if i < count => {
                focus.0 = i;
                open(&index, focus.0, &mut selected, &mut next);
            }
            LibraryAction::Activate => open(&index, focus.0, &mut selected, &mut next),
            LibraryAction::ShowDiagnostics => {
                if let Some(e) = index.entries.get(focus.0) {
                    selected.0.clone_from(&e.path);
                    return_to.0 = Screen::Library;
                    next.set(Screen::Diagnostics);
                }
            }
            LibraryAction::OpenPractice => next.set(Screen::Practice),
            LibraryAction::OpenSettings => {
                return_to.0 = Screen::Library;
                next.set(Screen::Settings);
            }
            LibraryAction::DiscardSaved => {
                clear_progress(&storage);
                saved.0 = None;
            }
            LibraryAction::ResumeSaved => {
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
                    Ok(session) => Playing {
                        recording: progress.attempt.map_or(Recording::New, Recording::Into),
                        // The feedback on the last choice, if it was not read before the app
                        // closed.
                        feedback: session
                            .transcript()
                            .last()
                            .filter(|_| progress.feedback)
                            .cloned(),
                        ..Playing::from_session(&progress.file, session)
                    },
                    Err(e) => {
                        let Ok(mut fresh) = Playing::start(&progress.file, scenario, progress.seed)
                        else {
                            continue;
                        };
                        fresh.notice = Some(format!(
                            "The scenario has changed since you saved ({e}), \
                             so it starts again from the beginning."
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
    settings: Res<Settings>,
    mut redraw: ResMut<Redraw>,
) {
    if index.is_changed() || saved.is_changed() || problems.is_changed() || settings.is_changed() {
        redraw.0 = true;
    }
}

fn draw(
    mut canvas: Canvas,
    index: Res<LibraryIndex>,
    focus: Res<LibraryFocus>,
    saved: Res<SavedProgress>,
    problems: Res<StateProblems>,
    settings: Res<Settings>,
) {
    if !canvas.begin() {
        return;
    }
    let mut hints = hints(&KEYS);
    if !settings.group {
        hints.extend(PRACTICE_KEY.hint);
    }
    canvas.frame(Screen::Library, "Scenario library", &hints, |area, look| {
        area.spawn(look.column(960.0)).with_children(|col| {
            col.spawn(look.title("Choose a scenario"));
            col.spawn(look.muted(
                "Each scenario is a conversation from health and social care. \
                         Your choices move trust, dignity and boundaries, \
                         and every choice is explained.",
            ));
            for problem in &problems.0 {
                col.spawn(look.notice_panel()).with_children(|p| {
                    p.spawn(look.text(problem.clone()));
                });
            }
            if let Some(progress) = saved.0.as_ref().filter(|_| !settings.group) {
                let title = index
                    .find(&progress.file)
                    .map_or(progress.file.as_str(), |e| e.title.as_str());
                col.spawn(look.panel()).with_children(|p| {
                    p.spawn(look.heading("Continue where you left off"));
                    p.spawn(look.text(format!(
                        "“{title}”, after {} decision{}.",
                        progress.choices.len(),
                        if progress.choices.len() == 1 { "" } else { "s" }
                    )));
                    p.spawn(Node {
                        column_gap: Val::Px(12.0),
                        ..default()
                    })
                    .with_children(|row| {
                        row.spawn(look.primary_button("C", "Continue", LibraryAction::ResumeSaved));
                        row.spawn(look.button("X", "Discard", LibraryAction::DiscardSaved, false));
                    });
                });
            }
            if !index.loaded && index.entries.is_empty() {
                col.spawn(look.text("Loading scenarios…"));
            } else if index.entries.is_empty() {
                col.spawn(look.text(
                    "No scenarios found. Put .ron scenario files in the scenarios \
                             folder, or start Rapport with --scenarios DIR.",
                ));
            }
            let mut topic = None;
            for (i, entry) in index.entries.iter().enumerate() {
                if topic != Some(entry.topic.as_str()) {
                    topic = Some(entry.topic.as_str());
                    col.spawn((
                        look.heading(topic_heading(&entry.topic)),
                        Node {
                            margin: UiRect::top(Val::Px(8.0)),
                            ..default()
                        },
                    ));
                }
                let focused = i == focus.0;
                let mut card =
                    col.spawn((Button, LibraryAction::Pick(i), look.focus_panel(focused)));
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
                                "Cannot be played: {errors} problem{} in {}. \
                                         Press Enter to see {}.",
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
    });
}
