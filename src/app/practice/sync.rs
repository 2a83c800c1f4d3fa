//! Sending the practice records to the organisation's learning record store in the background:
//! a thread of its own, with its own connection to the database, sends what is due (the core's
//! outbox waits longer after each failed try) when the app starts, after each finished attempt,
//! when the trainee agrees or asks, and every minute. A store that is down or slow never holds up
//! the app; killing the app mid-send loses and duplicates nothing (see `records::sync`).
//!
//! Nothing is sent until the trainee has agreed, on the Sharing screen, to the store and the
//! identity the settings name ([`Sharing::may_send`]).

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use bevy::prelude::*;

use super::PracticeRecords;
use crate::app::settings::{Settings, StorageDirs};
use crate::records::Records;
use crate::records::sharing::Sharing;
use crate::records::sync::{SyncReport, Tries, sync_pending};
use crate::records::time::Timestamp;

/// How often the background thread looks for statements due, when nothing wakes it sooner.
const EVERY: Duration = Duration::from_secs(60);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SyncStatus>();
    app.init_resource::<SyncWanted>();
    app.add_systems(Startup, |mut wanted: ResMut<SyncWanted>| {
        wanted.0 = Some(Tries::Due);
    });
    app.add_systems(Last, (ask_to_send, take_results).chain());
}

/// A round of sending the app wants: `Due` after an attempt, `All` when the trainee asks.
#[derive(Resource, Default, Debug)]
pub struct SyncWanted(pub Option<Tries>);

/// What the last round of sending did, for "My practice".
#[derive(Resource, Default, Debug)]
pub struct SyncStatus {
    pub last: Option<(Timestamp, Result<SyncReport, String>)>,
    /// A round is under way.
    pub sending: bool,
}

impl SyncStatus {
    /// One paragraph for the trainee about sending, or `None` when no store is set.
    pub fn line(&self, sharing: &Sharing) -> Option<String> {
        let sharing = sharing.effective();
        sharing.lrs.as_ref()?;
        if !sharing.may_send() {
            return Some(
                "Your organisation's learning record store is set up, but nothing has been sent: \
                 press Y to see who your records would be sent as, and agree to send them."
                    .to_owned(),
            );
        }
        let agreed = sharing.agreement().unwrap_or_default();
        Some(match (&self.last, self.sending) {
            (_, true) => format!("Sending to {agreed}…"),
            (None, false) => format!("Your records are sent to {agreed}."),
            (Some((at, Ok(report))), false) => {
                let mut line = format!("Last sent {at}. ");
                line.push_str(&report.summary().replace('\n', " "));
                line.trim_end().to_owned()
            }
            (Some((at, Err(problem))), false) => {
                format!("Nothing could be sent at {at}: {problem} Your records are kept here.")
            }
        })
    }
}

/// The background thread: told what to send with, answering with what it did.
struct Worker {
    ask: Sender<(Sharing, Tries)>,
    answers: Receiver<Result<SyncReport, String>>,
}

/// Started the first time there is something the trainee agreed to send.
#[derive(Resource)]
struct Background(Mutex<Worker>);

fn spawn_worker(path: PathBuf) -> Worker {
    let (ask, asked) = channel::<(Sharing, Tries)>();
    let (answer, answers) = channel();
    std::thread::Builder::new()
        .name("rapport-sync".into())
        .spawn(move || {
            let mut latest: Option<Sharing> = None;
            loop {
                let tries = match asked.recv_timeout(EVERY) {
                    Ok((sharing, tries)) => {
                        latest = Some(sharing);
                        tries
                    }
                    Err(RecvTimeoutError::Timeout) => Tries::Due,
                    Err(RecvTimeoutError::Disconnected) => return,
                };
                let Some(sharing) = &latest else {
                    continue;
                };
                let done = Records::open(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|db| sync_pending(&db, sharing, tries).map_err(|e| e.to_string()));
                if answer.send(done).is_err() {
                    return;
                }
            }
        })
        .map_or_else(
            |e| {
                warn!("the background sending could not start: {e}");
                // A worker whose thread never ran: asking does nothing, no answer comes.
                let (ask, _) = channel();
                let (_, answers) = channel();
                Worker { ask, answers }
            },
            |_| Worker { ask, answers },
        )
}

fn ask_to_send(
    mut commands: Commands,
    mut wanted: ResMut<SyncWanted>,
    settings: Res<Settings>,
    storage: Res<StorageDirs>,
    records: Option<Res<PracticeRecords>>,
    background: Option<Res<Background>>,
    mut status: ResMut<SyncStatus>,
) {
    let Some(tries) = wanted.0.take() else {
        return;
    };
    if records.is_none_or(|r| r.get().is_none()) {
        return;
    }
    let sharing = settings.sharing.effective();
    if !sharing.may_send() {
        return;
    }
    let asked = match &background {
        Some(b) => {
            b.0.lock()
                .is_ok_and(|w| w.ask.send((sharing, tries)).is_ok())
        }
        None => {
            let worker = spawn_worker(storage.0.records_file());
            let sent = worker.ask.send((sharing, tries)).is_ok();
            commands.insert_resource(Background(Mutex::new(worker)));
            sent
        }
    };
    if asked {
        status.sending = true;
    }
}

fn take_results(background: Option<Res<Background>>, mut status: ResMut<SyncStatus>) {
    let Some(background) = background else {
        return;
    };
    let Ok(worker) = background.0.lock() else {
        return;
    };
    while let Ok(done) = worker.answers.try_recv() {
        status.sending = false;
        status.last = Some((Timestamp::now(), done));
    }
}
