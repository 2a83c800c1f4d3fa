//! Live reload: when the scenario in play is edited on disk, the session follows the edit and
//! keeps its place where it can. A broken edit leaves the last good version in play and lists
//! the problems over the play screen until the file is fixed.

use bevy::prelude::*;

use super::library::{EntryStatus, LibraryIndex};
use super::playing::{Playing, Recording, save_progress};
use super::screen::Redraw;
use super::settings::StorageDirs;
use crate::play::CarriedOver;
use crate::scenario::{Diagnostic, Severity};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ReloadProblems>();
    app.add_systems(
        Update,
        follow_edits.run_if(resource_exists::<Playing>.and_then(resource_changed::<LibraryIndex>)),
    );
}

/// The errors in the latest version of the scenario in play, while it is broken.
#[derive(Resource, Default, Debug)]
pub struct ReloadProblems(pub Option<Vec<Diagnostic>>);

fn follow_edits(
    index: Res<LibraryIndex>,
    mut playing: ResMut<Playing>,
    mut problems: ResMut<ReloadProblems>,
    mut redraw: ResMut<Redraw>,
    storage: Res<StorageDirs>,
) {
    let Some(entry) = index.find(&playing.file) else {
        return;
    };
    match &entry.status {
        EntryStatus::Broken(diagnostics) => {
            let errors: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect();
            if problems.0.as_ref() != Some(&errors) {
                problems.0 = Some(errors);
                redraw.0 = true;
            }
        }
        EntryStatus::Playable(edited) => {
            if problems.0.take().is_some() {
                redraw.0 = true;
            }
            if **edited == **playing.session.scenario() {
                return;
            }
            let (session, how) = playing.session.carry_over(edited.clone());
            playing.session = session;
            // An edited scenario is a new version: its play is recorded as a new attempt.
            if !matches!(how, CarriedOver::KeptPrevious) {
                playing.recording = Recording::New;
            }
            playing.feedback = None;
            playing.notice = Some(carried_over_notice(&how));
            save_progress(&storage, &playing);
            redraw.0 = true;
        }
    }
}

/// What the trainee is told after a live reload.
fn carried_over_notice(how: &CarriedOver) -> String {
    match how {
        CarriedOver::Replayed => "Updated from the edited file.".to_owned(),
        CarriedOver::HistoryRestarted => concat!(
            "The scenario was edited: you are at the same point with the same scores, ",
            "but the earlier decisions no longer fit, so its history starts again here."
        )
        .to_owned(),
        CarriedOver::Restarted { gone } => format!(
            "The scenario was edited and the point you were at (\"{gone}\") is gone, \
             so it has started again."
        ),
        CarriedOver::KeptPrevious => {
            "The edited scenario cannot start, so the previous version stays in play.".to_owned()
        }
    }
}
