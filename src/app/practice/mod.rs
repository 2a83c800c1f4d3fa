//! The practice records in the app: every attempt is recorded as it is played, decision by
//! decision (the core's [`crate::records`]), the debrief keeps the trainee's reflection with it,
//! and "My practice" lists what was practised. When the records cannot be written (a full or
//! read-only disk), the trainee is told once and play goes on unrecorded.

use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use bevy::prelude::*;

use super::library::{LibraryIndex, LibraryRoot};
use super::playing::{Playing, Recording, StateProblems, save_progress};
use super::settings::{Settings, StorageDirs};
use crate::play::Session;
use crate::records::time::Timestamp;
use crate::records::{Mode, Records, RecordsError};
use crate::scenario::load::{DEFAULT_MAX_BYTES, read_source};

pub mod screen;
pub mod sharing;
pub mod sync;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Recorder>();
    app.add_systems(PreStartup, open_records);
    app.add_systems(PostUpdate, record_play);
    app.add_plugins((screen::plugin, sharing::plugin, sync::plugin));
}

/// The open practice records, or why there are none.
#[derive(Resource, Default)]
pub struct PracticeRecords {
    db: Option<Mutex<Records>>,
    /// Why the records could not be opened or written, in words for the trainee.
    pub problem: Option<String>,
}

impl PracticeRecords {
    /// The records, to read or write; `None` when they could not be opened.
    pub fn get(&self) -> Option<MutexGuard<'_, Records>> {
        self.db
            .as_ref()
            .map(|m| m.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Records opened at `path`, for tests and the app.
    pub fn open(path: &std::path::Path) -> Self {
        match Records::open(path) {
            Ok(db) => Self {
                db: Some(Mutex::new(db)),
                problem: None,
            },
            Err(e) => Self {
                db: None,
                problem: Some(not_recorded(&e)),
            },
        }
    }
}

/// What the trainee is told when their practice cannot be recorded.
pub fn not_recorded(e: &RecordsError) -> String {
    format!("Your practice is not being recorded, but you can go on playing. {e}")
}

fn open_records(
    mut commands: Commands,
    storage: Res<StorageDirs>,
    mut problems: ResMut<StateProblems>,
) {
    let records = PracticeRecords::open(&storage.0.records_file());
    if let Some(problem) = &records.problem {
        warn!("{problem}");
        problems.0.push(problem.clone());
    }
    commands.insert_resource(records);
}

/// What has been recorded of the play in progress, to record only what changed.
#[derive(Resource, Default, Debug)]
struct Recorder {
    /// The attempt the rest is about.
    attempt: Option<crate::records::AttemptId>,
    /// The decisions recorded: node and choice of each.
    steps: Vec<(String, usize)>,
    finished: bool,
    /// When the current choices appeared, to record how long a decision took.
    choices_since: Option<Instant>,
    /// When play began that is not recorded yet (no decision made so far).
    began: Option<Timestamp>,
}

fn steps_of(session: &Session) -> Vec<(String, usize)> {
    session
        .transcript()
        .iter()
        .map(|s| (s.node.0.clone(), s.choice))
        .collect()
}

/// Keep the records in step with play: start an attempt when play begins (or after going back
/// from a finished one), record each decision and the ending. Runs after the screens have acted,
/// so a decision is in the database before the next frame.
#[expect(
    clippy::too_many_arguments,
    reason = "a system: recording reads play, the settings, the library and the records"
)]
fn record_play(
    playing: Option<ResMut<Playing>>,
    records: Option<ResMut<PracticeRecords>>,
    mut recorder: ResMut<Recorder>,
    settings: Res<Settings>,
    index: Res<LibraryIndex>,
    root: Option<Res<LibraryRoot>>,
    storage: Res<StorageDirs>,
    mut wanted: ResMut<sync::SyncWanted>,
) {
    let (Some(mut playing), Some(mut records)) = (playing, records) else {
        return;
    };
    if !playing.is_changed() {
        return;
    }
    let was_finished = recorder.finished;
    let outcome = {
        let Some(db) = records.get() else {
            return;
        };
        let fresh = playing.is_added();
        record(
            &db,
            &mut playing,
            &mut recorder,
            fresh,
            (&settings, &index, root.as_deref()),
        )
    };
    if recorder.finished && !was_finished {
        // A finished attempt is sent on (when the trainee agreed to sending).
        wanted.0 = Some(crate::records::sync::Tries::Due);
    }
    match outcome {
        Ok(true) => save_progress(&storage, &playing),
        Ok(false) => {}
        Err(e) => {
            let message = not_recorded(&e);
            warn!("{message}");
            playing.recording = Recording::Off;
            playing.notice = Some(message.clone());
            records.problem = Some(message);
        }
    }
}

/// Record what changed; `Ok(true)` when a new attempt began (the saved place must name it).
/// `fresh`: this play has just begun (a new `Playing`).
fn record(
    db: &Records,
    playing: &mut Playing,
    recorder: &mut Recorder,
    fresh: bool,
    (settings, index, root): (&Settings, &LibraryIndex, Option<&LibraryRoot>),
) -> Result<bool, RecordsError> {
    // Back from the debrief of a finished attempt (a rewind): what follows is a new attempt.
    if let Recording::Into(id) = playing.recording
        && recorder.attempt == Some(id)
        && recorder.finished
        && !playing.session.is_finished()
    {
        playing.recording = Recording::New;
        *recorder = Recorder::default();
    }
    // Play not yet recorded waits for its first decision: a scenario opened and left at once
    // leaves no attempt behind.
    if playing.recording == Recording::New && playing.session.transcript().is_empty() {
        if fresh || recorder.attempt.is_some() || recorder.began.is_none() {
            *recorder = Recorder {
                began: Some(Timestamp::now()),
                ..Recorder::default()
            };
        }
        if playing.feedback.is_none() && recorder.choices_since.is_none() {
            recorder.choices_since = Some(Instant::now());
        }
        return Ok(false);
    }
    let mut began = false;
    let id = match playing.recording {
        Recording::Off | Recording::Past(_) => return Ok(false),
        Recording::Into(id) if recorder.attempt == Some(id) => Some(id),
        // Resumed after a restart: go on with the attempt if it is still open.
        Recording::Into(id) => match db.attempt(id) {
            Ok(a)
                if !a.summary.is_finished()
                    && a.summary.scenario == playing.session.scenario().id =>
            {
                *recorder = Recorder {
                    attempt: Some(id),
                    steps: a
                        .decisions
                        .iter()
                        .map(|d| (d.node.clone(), d.choice))
                        .collect(),
                    ..Recorder::default()
                };
                Some(id)
            }
            _ => None,
        },
        Recording::New => None,
    };
    let session = &playing.session;
    let steps = steps_of(session);
    let id = match id {
        Some(id) => {
            if recorder.steps != steps {
                let kept = recorder
                    .steps
                    .iter()
                    .zip(&steps)
                    .take_while(|(a, b)| a == b)
                    .count();
                let taken = recorder
                    .choices_since
                    .filter(|_| steps.len() > kept)
                    .map(|t| t.elapsed());
                db.record_path(id, session, kept, taken)?;
            }
            id
        }
        None => {
            let source = root
                .map(|r| r.0.join(&playing.file))
                .ok_or_else(|| unreadable(&playing.file, "the library folder is not known"))
                .and_then(|path| {
                    read_source(&path, DEFAULT_MAX_BYTES)
                        .map_err(|d| unreadable(&playing.file, &d.message))
                })?;
            let mode = if settings.group {
                Mode::Group
            } else {
                Mode::Alone
            };
            let started = recorder.began.take().unwrap_or_else(Timestamp::now);
            let id = db.start_at(session, &source, index.catalogue.as_deref(), mode, started)?;
            // The decision that began the record, with the time it took.
            let taken = recorder.choices_since.map(|t| t.elapsed());
            if let Some(last) = session.transcript().len().checked_sub(1)
                && taken.is_some()
            {
                db.record_path(id, session, last, taken)?;
            }
            playing.recording = Recording::Into(id);
            *recorder = Recorder {
                attempt: Some(id),
                ..Recorder::default()
            };
            began = true;
            id
        }
    };
    let session = &playing.session;
    let changed = recorder.steps != steps;
    recorder.steps = steps;
    if session.is_finished() && !recorder.finished {
        db.finish(id, session)?;
        recorder.finished = true;
    }
    // Time the next decision from when its choices appear: now, unless the feedback on the
    // last one is still on screen.
    let choosing = playing.feedback.is_none() && !session.is_finished();
    if !choosing {
        recorder.choices_since = None;
    } else if changed || began || recorder.choices_since.is_none() {
        recorder.choices_since = Some(Instant::now());
    }
    Ok(began)
}

fn unreadable(file: &str, why: &str) -> RecordsError {
    RecordsError::Database {
        path: file.into(),
        action: "read",
        problem: format!("the scenario file could not be read to record it: {why}"),
    }
}
