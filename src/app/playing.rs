//! The scenario being played: the core's session, the feedback on the last choice, and the
//! progress saved after every choice so that a closed or crashed app can resume.

use std::sync::Arc;

use bevy::prelude::*;

use super::settings::StorageDirs;
use crate::play::{PlayError, Session, Step};
use crate::records::AttemptId;
use crate::scenario::Scenario;
use crate::storage::{Progress, load_state, save_ron};

/// The session in play.
#[derive(Resource, Debug, Clone)]
pub struct Playing {
    /// The scenario file, relative to the library folder.
    pub file: String,
    pub session: Session,
    /// The last choice's result, while its feedback is on screen.
    pub feedback: Option<Step>,
    /// The decision the debrief has selected for rewinding (0-based).
    pub selected_decision: usize,
    /// A message to show once, such as why a reload restarted the scenario.
    pub notice: Option<String>,
    /// Where this play is kept in the practice records.
    pub recording: Recording,
}

/// How a play is kept in the practice records (see [`crate::app::practice`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recording {
    /// Not yet: the recorder starts an attempt for it.
    New,
    /// Recorded as this attempt, decision by decision.
    Into(AttemptId),
    /// An attempt played before, opened from "My practice" to read its debrief again.
    Past(AttemptId),
    /// Not recorded: the records cannot be written (the trainee was told why).
    Off,
}

impl Recording {
    /// The attempt the debrief's reflection belongs to.
    pub fn attempt(self) -> Option<AttemptId> {
        match self {
            Recording::Into(id) | Recording::Past(id) => Some(id),
            Recording::New | Recording::Off => None,
        }
    }
}

impl Playing {
    pub fn start(file: &str, scenario: Arc<Scenario>, seed: u64) -> Result<Self, PlayError> {
        Ok(Self::from_session(file, Session::new(scenario, seed)?))
    }

    pub fn from_session(file: &str, session: Session) -> Self {
        Self {
            file: file.to_owned(),
            session,
            feedback: None,
            selected_decision: 0,
            notice: None,
            recording: Recording::New,
        }
    }

    /// Whether this is an attempt from the records, opened to be read again (not played).
    pub fn is_past(&self) -> bool {
        matches!(self.recording, Recording::Past(_))
    }

    /// The place to resume, with the attempt it is recorded as.
    pub fn progress(&self) -> Progress {
        Progress {
            attempt: match self.recording {
                Recording::Into(id) => Some(id),
                _ => None,
            },
            feedback: self.feedback.is_some(),
            ..Progress::of(&self.session, &self.file)
        }
    }

    /// Take the choice shown at position `shown` (1-based), save the place, and keep the step
    /// for its feedback when `feedback_now`. A locked or missing choice leaves a notice and
    /// changes nothing.
    pub fn choose(&mut self, shown: usize, feedback_now: bool, storage: &StorageDirs) -> Then {
        let view = self.session.current();
        let Some(choice) = shown.checked_sub(1).and_then(|i| view.choices.get(i)) else {
            return Then::Stay;
        };
        if !choice.available {
            self.notice = Some(format!(
                "That choice is locked: {}",
                choice.hint.unwrap_or("it is not available yet")
            ));
            return Then::Stay;
        }
        let number = choice.number;
        match self.session.choose(number) {
            Ok(step) => {
                let step = step.clone();
                self.notice = None;
                save_progress(storage, self);
                if feedback_now {
                    self.feedback = Some(step);
                    Then::Stay
                } else {
                    self.then(storage)
                }
            }
            Err(e) => {
                self.notice = Some(e.to_string());
                Then::Stay
            }
        }
    }

    /// Leave the feedback on the last choice: on to the next scene, or the debrief.
    pub fn continue_on(&mut self, storage: &StorageDirs) -> Then {
        self.feedback = None;
        self.then(storage)
    }

    /// The debrief once the scenario is over (the saved place is then forgotten).
    fn then(&self, storage: &StorageDirs) -> Then {
        if self.session.is_finished() {
            clear_progress(storage);
            Then::Debrief
        } else {
            Then::Stay
        }
    }
}

/// Where play goes after a choice or after the feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    Stay,
    Debrief,
}

/// A saved session found at start-up, offered on the library screen.
#[derive(Resource, Debug, Clone, Default)]
pub struct SavedProgress(pub Option<Progress>);

/// Saved files that could not be read (damaged, cut short, from a newer version): what went
/// wrong and where the file was kept, told once on the library screen.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct StateProblems(pub Vec<String>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SavedProgress>();
    app.init_resource::<StateProblems>();
}

/// Read the saved progress, if there is any worth resuming (at least one decision made). A
/// damaged file is kept aside and the trainee told.
pub fn find_saved_progress(
    storage: Res<StorageDirs>,
    mut saved: ResMut<SavedProgress>,
    mut problems: ResMut<StateProblems>,
) {
    let loaded = load_state::<Progress>(&storage.0.progress_file(), false);
    if let Some(problem) = loaded.problem("saved place in a scenario") {
        warn!("{problem}");
        problems.0.push(problem);
    }
    let found = loaded.value().filter(|p| !p.choices.is_empty());
    if saved.0 != found {
        saved.0 = found;
    }
}

/// Save where the trainee is (after every choice), atomically.
pub fn save_progress(storage: &StorageDirs, playing: &Playing) {
    if playing.is_past() {
        return;
    }
    let path = storage.0.progress_file();
    if let Err(e) = save_ron(&path, &playing.progress()) {
        warn!("could not save progress to {}: {e}", path.display());
    }
}

/// Forget saved progress (the scenario was finished or abandoned).
pub fn clear_progress(storage: &StorageDirs) {
    let path = storage.0.progress_file();
    if path.exists()
        && let Err(e) = std::fs::remove_file(&path)
    {
        warn!("could not remove {}: {e}", path.display());
    }
}

/// A fresh seed for a new session, so chance varies between plays (`RAPPORT_SEED` fixes it,
/// for screenshots and demonstrations that must repeat).
pub fn new_seed() -> u64 {
    if let Some(seed) = std::env::var("RAPPORT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return seed;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}
