//! The trainee's practice records: every attempt, kept as it happens in an SQLite database in the
//! user's data folder, with the reports made from them (HTML, CSV) and the xAPI statements that
//! carry them to an organisation's learning record store.
//!
//! One transaction per decision: a crash (or `kill -9`) loses at most the decision being taken.
//! Nothing here panics on a failing disk: every problem is a [`RecordsError`] whose message says,
//! in plain words, what went wrong and what to do, for the app to show while play goes on.
//!
//! How play is recorded (the app and `rapport play` do the same):
//! - [`Records::open_default`] once; on an error, say it and play on unrecorded.
//! - [`Records::start`] when play begins (also after going back from a finished attempt's
//!   debrief: the new attempt begins with the decisions kept). Keep the [`AttemptId`], also in
//!   [`crate::storage::Progress::attempt`] so that resumed play goes on in the same attempt.
//! - [`Records::record_decision`] after each choice (in a group, after the votes are recorded on
//!   the session); [`Records::finish`] when play reaches an ending;
//!   [`Records::save_reflection`] whenever the trainee's reflection changes.
//! - "My practice": [`Records::attempts`], [`Records::outcomes_by_scenario`],
//!   [`Records::principles`]; an attempt's debrief again: [`Records::attempt`] (the record) or
//!   [`Records::session`] (the session played again on the scenario text kept with it).
//! - [`sync::sync_pending`] on a background thread, with its own `Records`, sends the xAPI
//!   outbox when [`sharing::Sharing`] names a store.
//!
//! `Records` is `Send` but not `Sync` (it holds one SQLite connection): keep it in a `Mutex`, or
//! on one thread.

pub mod csv;
pub mod html;
mod model;
mod outbox;
mod schema;
pub mod sharing;
pub mod sync;
pub mod time;
pub mod xapi;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension as _, TransactionBehavior, params};

pub use model::{
    Attempt, AttemptId, AttemptSummary, Decision, Effect, EndingRecord, Mode, NodeRecord,
    OptionShown, OutcomeRecord, PrinciplePractice, Reflection, Scale, ScenarioOutcomes,
    ScenarioRecord, Version,
};
pub use schema::CURRENT as SCHEMA_VERSION;
use time::Timestamp;

use crate::play::Session;
use crate::scenario::Catalogue;
use crate::storage::Storage;

/// The database's file name in the data folder.
pub const FILE_NAME: &str = "records.sqlite3";

/// How long to wait for another Rapport (the app's background sync, a `rapport report`) that is
/// writing at the same moment.
const BUSY_WAIT: Duration = Duration::from_secs(5);

/// What went wrong with the records, in words for the trainee.
#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    #[error("Your practice records ({}) cannot be {action}: {problem}", path.display())]
    Database {
        path: PathBuf,
        action: &'static str,
        problem: String,
    },
    #[error(
        "Your practice records ({}) were written by a newer version of Rapport (format {found}; this one reads up to {known}). Update Rapport to open them; they were left untouched.",
        path.display()
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("There are no practice records yet ({}): play a scenario first.", path.display())]
    Missing { path: PathBuf },
    #[error("There is no attempt {0} in your practice records.")]
    NoSuchAttempt(AttemptId),
    #[error("Attempt {0} has ended, so no more decisions can be added to it: start a new attempt.")]
    Finished(AttemptId),
    #[error("Attempt {0} cannot be finished yet: play has not reached an ending.")]
    NotEnded(AttemptId),
    #[error("Attempt {id} in your practice records cannot be read back ({problem}).")]
    Damaged { id: AttemptId, problem: String },
}

/// What the database said, in plain words with what to do about it.
fn explain(e: &rusqlite::Error) -> String {
    let code = match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    match code {
        Some(ErrorCode::ReadOnly) => "the file or its folder is read-only. Check that you may write there, or set RAPPORT_HOME to a folder you can write to.".to_owned(),
        Some(ErrorCode::DiskFull) => "the disk is full. Free some space; until then play goes on without being recorded.".to_owned(),
        Some(ErrorCode::CannotOpen) => "the file cannot be opened or created there. Check that the folder exists and that you may write to it.".to_owned(),
        Some(ErrorCode::PermissionDenied) => "permission was refused. Check that you may read and write the file and its folder.".to_owned(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => "it is not a Rapport records file, or it is damaged. Move it aside (rename it) and Rapport will start new records.".to_owned(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => "another program is using them. Close other copies of Rapport and try again.".to_owned(),
        Some(ErrorCode::SystemIoFailure) => "the disk could not be read or written (an input/output error). Check the disk.".to_owned(),
        _ => e.to_string(),
    }
}

/// Which attempts a report covers. Every field left out means "all".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub attempt: Option<AttemptId>,
    pub scenario: Option<String>,
    /// Attempts started at or after this moment.
    pub from: Option<Timestamp>,
    /// Attempts started before this moment.
    pub until: Option<Timestamp>,
}

/// The open database.
pub struct Records {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records").field("path", &self.path).finish()
    }
}

type Result<T, E = RecordsError> = std::result::Result<T, E>;

impl Records {
    /// Where the records live: `records.sqlite3` in the data folder (`RAPPORT_HOME` moves it).
    pub fn default_path() -> PathBuf {
        Storage::from_env().records_file()
    }

    /// Open (creating when needed) the records in the data folder.
    pub fn open_default() -> Result<Self> {
        Self::open(&Self::default_path())
    }

    /// Open the records at `path` for recording, creating the file and its folder when needed and
    /// bringing a database from an older Rapport up to date. A file that cannot be written is an
    /// error here, before play, rather than at the first decision.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| RecordsError::Database {
                path: path.to_owned(),
                action: "created",
                problem: format!(
                    "the folder {} cannot be made ({e}). Check that you may write there, or set RAPPORT_HOME to a folder you can write to.",
                    dir.display()
                ),
            })?;
        }
        let records = Self::connect(path, false)?;
        if records.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
            return Err(records.fail(
                "written",
                &rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
                    None,
                ),
            ));
        }
        records.migrate()?;
        Ok(records)
    }

    /// Open records that must exist already (for a report): a missing file is
    /// [`RecordsError::Missing`], not a new empty database.
    pub fn open_existing(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(RecordsError::Missing {
                path: path.to_owned(),
            });
        }
        Self::open(path)
    }

    fn connect(path: &Path, read_only: bool) -> Result<Self> {
        let flags = if read_only {
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
        } | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| RecordsError::Database {
                path: path.to_owned(),
                action: "opened",
                problem: explain(&e),
            })?;
        let records = Self {
            conn,
            path: path.to_owned(),
        };
        records
            .conn
            .busy_timeout(BUSY_WAIT)
            .and_then(|()| {
                if !read_only {
                    // WAL: a reader never waits for the writer, and a crash mid-write leaves the
                    // last committed state. FULL: a commit is on the disk before it returns.
                    records
                        .conn
                        .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
                    records.conn.pragma_update(None, "synchronous", "FULL")?;
                }
                records.conn.pragma_update(None, "foreign_keys", "ON")
            })
            .map_err(|e| records.fail("opened", &e))?;
        Ok(records)
    }

    /// Bring the database up to [`SCHEMA_VERSION`], one step per transaction.
    fn migrate(&self) -> Result<()> {
        loop {
            let tx = self.write()?;
            let found: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(|e| self.fail("read", &e))?;
            if found > schema::CURRENT {
                return Err(RecordsError::Newer {
                    path: self.path.clone(),
                    found,
                    known: schema::CURRENT,
                });
            }
            let Some(step) = usize::try_from(found)
                .ok()
                .and_then(|n| schema::STEPS.get(n))
            else {
                return Ok(());
            };
            step(&tx)
                .and_then(|()| tx.pragma_update(None, "user_version", found + 1))
                .and_then(|()| tx.commit())
                .map_err(|e| self.fail("brought up to date", &e))?;
        }
    }

    /// A write transaction, taking the lock at once so that two writers never deadlock.
    fn write(&self) -> Result<rusqlite::Transaction<'_>> {
        // `Transaction::new_unchecked` takes `&Connection`: every write here goes through it.
        rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| self.fail("written", &e))
    }

    fn fail(&self, action: &'static str, e: &rusqlite::Error) -> RecordsError {
        RecordsError::Database {
            path: self.path.clone(),
            action,
            problem: explain(e),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Begin recording an attempt at `session`, a scenario read from the text `source` (whose
    /// hash is the version). Decisions the session already holds (after a rewind from a finished
    /// attempt's debrief) are recorded with it, as the new attempt's first decisions.
    pub fn start(
        &self,
        session: &Session,
        source: &str,
        catalogue: Option<&Catalogue>,
        mode: Mode,
    ) -> Result<AttemptId> {
        self.start_at(session, source, catalogue, mode, Timestamp::now())
    }

    /// [`Records::start`] for play that began at `started` (the app records an attempt from its
    /// first decision, so that a scenario opened and left at once leaves nothing behind).
    pub fn start_at(
        &self,
        session: &Session,
        source: &str,
        catalogue: Option<&Catalogue>,
        mode: Mode,
        started: Timestamp,
    ) -> Result<AttemptId> {
        let scenario = session.scenario();
        let version = Version::of_source(source);
        let snapshot = ScenarioRecord::of(scenario, catalogue);
        let registration = uuid::Uuid::new_v4().to_string();
        let now = started;
        let tx = self.write()?;
        let id = (|| {
            tx.execute(
                "INSERT INTO versions (hash, scenario, source, snapshot) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (hash) DO UPDATE SET snapshot = excluded.snapshot",
                params![version.0, scenario.id, source, to_json(&snapshot)],
            )?;
            tx.execute(
                "INSERT INTO attempts (registration, scenario, title, version, seed, mode, started_at, scores)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    registration,
                    scenario.id,
                    scenario.title,
                    version.0,
                    session.seed().cast_signed(),
                    mode.as_str(),
                    now.0,
                    to_json(&session.score_values()),
                ],
            )?;
            let id = AttemptId(tx.last_insert_rowid());
            outbox::queue(&tx, id, xapi::Kind::Attempted, 0, now)?;
            for (i, step) in session.transcript().iter().enumerate() {
                let decision = Decision::of(i + 1, step, now, None);
                insert_decision(&tx, id, &decision)?;
            }
            tally(&tx, id)?;
            tx.commit()?;
            Ok(id)
        })()
        .map_err(|e| self.fail("written", &e))?;
        Ok(id)
    }

    /// Record the decision just made: the last step of `session`'s transcript, which `taken` long
    /// after its choices appeared. One transaction: it is kept whole or not at all. Recorded
    /// decisions from that point on are replaced (the trainee went back and chose again).
    pub fn record_decision(
        &self,
        id: AttemptId,
        session: &Session,
        taken: Option<Duration>,
    ) -> Result<()> {
        let Some(last) = session.transcript().len().checked_sub(1) else {
            return Ok(());
        };
        self.record_path(id, session, last, taken)
    }

    /// Make the attempt's recorded decisions those of `session`: the first `kept` stay as they
    /// are, the rest are replaced by the session's decisions from there on (none when the trainee
    /// went back). `taken` is the time the last one took. One transaction.
    pub fn record_path(
        &self,
        id: AttemptId,
        session: &Session,
        kept: usize,
        taken: Option<Duration>,
    ) -> Result<()> {
        let steps = session.transcript();
        let kept = kept.min(steps.len());
        let now = Timestamp::now();
        let tx = self.write()?;
        self.check_open(&tx, id)?;
        (|| {
            let first = to_sql_int(kept + 1);
            tx.execute(
                "DELETE FROM outbox WHERE attempt = ?1 AND kind = 'answered' AND number >= ?2 AND sent_at IS NULL",
                params![id.0, first],
            )?;
            tx.execute(
                "DELETE FROM decisions WHERE attempt = ?1 AND number >= ?2",
                params![id.0, first],
            )?;
            for (i, step) in steps.iter().enumerate().skip(kept) {
                let last = i + 1 == steps.len();
                let decision = Decision::of(i + 1, step, now, taken.filter(|_| last));
                insert_decision(&tx, id, &decision)?;
            }
            tx.execute(
                "UPDATE attempts SET scores = ?2 WHERE id = ?1",
                params![id.0, to_json(&session.score_values())],
            )?;
            tally(&tx, id)?;
            tx.commit()
        })()
        .map_err(|e| self.fail("written", &e))
    }

    /// Mark the attempt ended where `session` ended, with its verdict.
    pub fn finish(&self, id: AttemptId, session: &Session) -> Result<()> {
        if !session.is_finished() {
            return Err(RecordsError::NotEnded(id));
        }
        let node = session.node();
        let ending = node.ending.as_ref().map(|e| EndingRecord {
            node: node.id.0.clone(),
            title: e.title.clone(),
            summary: e.summary.clone(),
        });
        let outcome = session.outcome().map(|o| OutcomeRecord {
            title: o.title,
            text: o.text,
        });
        let now = Timestamp::now();
        let tx = self.write()?;
        self.check_open(&tx, id)?;
        (|| {
            tx.execute(
                "UPDATE attempts SET ended_at = ?2, ending = ?3, outcome = ?4, scores = ?5 WHERE id = ?1",
                params![
                    id.0,
                    now.0,
                    to_json(&ending),
                    to_json(&outcome),
                    to_json(&session.score_values())
                ],
            )?;
            outbox::queue(&tx, id, xapi::Kind::Completed, 0, now)?;
            tx.commit()
        })()
        .map_err(|e| self.fail("written", &e))
    }

    /// Keep the trainee's reflection with the attempt, replacing what was saved before.
    pub fn save_reflection(&self, id: AttemptId, answers: &[Reflection]) -> Result<()> {
        let tx = self.write()?;
        self.exists(&tx, id)?;
        (|| {
            tx.execute(
                "INSERT INTO reflections (attempt, saved_at, answers) VALUES (?1, ?2, ?3)
                 ON CONFLICT (attempt) DO UPDATE SET saved_at = excluded.saved_at, answers = excluded.answers",
                params![id.0, Timestamp::now().0, to_json(&answers)],
            )?;
            tx.commit()
        })()
        .map_err(|e| self.fail("written", &e))
    }

    /// Delete attempt `id` with everything recorded of it (its decisions, reflection and the
    /// statements not yet sent), for good: the trainee's own records on a shared computer.
    /// Statements already sent stay with the organisation's store.
    pub fn delete_attempt(&self, id: AttemptId) -> Result<()> {
        let tx = self.write()?;
        self.exists(&tx, id)?;
        (|| {
            // The attempt's decisions, reflection, tallies and outbox go with it (ON DELETE
            // CASCADE); the scenario version it was played on stays for other attempts.
            tx.execute("DELETE FROM attempts WHERE id = ?1", [id.0])?;
            tx.commit()
        })()
        .map_err(|e| self.fail("written", &e))
    }

    /// Whether attempt `id` is there; its end time if it has ended.
    fn exists(&self, conn: &Connection, id: AttemptId) -> Result<Option<i64>> {
        conn.query_row("SELECT ended_at FROM attempts WHERE id = ?1", [id.0], |r| {
            r.get::<_, Option<i64>>(0)
        })
        .optional()
        .map_err(|e| self.fail("read", &e))?
        .ok_or(RecordsError::NoSuchAttempt(id))
    }

    /// That attempt `id` is there and has not ended.
    fn check_open(&self, conn: &Connection, id: AttemptId) -> Result<()> {
        match self.exists(conn, id)? {
            Some(_) => Err(RecordsError::Finished(id)),
            None => Ok(()),
        }
    }

    /// Every attempt, newest first: what the "My practice" screen lists.
    pub fn attempts(&self) -> Result<Vec<AttemptSummary>> {
        self.summaries(&Filter::default())
    }

    fn summaries(&self, filter: &Filter) -> Result<Vec<AttemptSummary>> {
        let read = || -> rusqlite::Result<Vec<AttemptSummary>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT a.id, a.scenario, a.title, a.version, a.seed, a.mode, a.started_at,
                        a.ended_at, a.ending, a.outcome,
                        a.decision_count
                 FROM attempts a
                 WHERE (?1 IS NULL OR a.id = ?1) AND (?2 IS NULL OR a.scenario = ?2)
                   AND (?3 IS NULL OR a.started_at >= ?3) AND (?4 IS NULL OR a.started_at < ?4)
                 ORDER BY a.started_at DESC, a.id DESC",
            )?;
            let rows = stmt.query_map(
                params![
                    filter.attempt.map(|a| a.0),
                    filter.scenario,
                    filter.from.map(|t| t.0),
                    filter.until.map(|t| t.0)
                ],
                |r| {
                    Ok(AttemptSummary {
                        id: AttemptId(r.get(0)?),
                        scenario: r.get(1)?,
                        title: r.get(2)?,
                        version: Version(r.get(3)?),
                        seed: r.get::<_, i64>(4)?.cast_unsigned(),
                        mode: Mode::parse(&r.get::<_, String>(5)?).unwrap_or(Mode::Alone),
                        started: Timestamp(r.get(6)?),
                        ended: r.get::<_, Option<i64>>(7)?.map(Timestamp),
                        ending: from_json_column(r, 8)?,
                        outcome: from_json_column(r, 9)?,
                        decisions: usize::try_from(r.get::<_, i64>(10)?).unwrap_or(0),
                    })
                },
            )?;
            rows.collect()
        };
        read().map_err(|e| self.fail("read", &e))
    }

    /// One attempt in full.
    pub fn attempt(&self, id: AttemptId) -> Result<Attempt> {
        let filter = Filter {
            attempt: Some(id),
            ..Filter::default()
        };
        self.find(&filter)?
            .pop()
            .ok_or(RecordsError::NoSuchAttempt(id))
    }

    /// Every attempt the filter lets through, in full, newest first (for reports).
    pub fn find(&self, filter: &Filter) -> Result<Vec<Attempt>> {
        let summaries = self.summaries(filter)?;
        if summaries.is_empty() {
            return Ok(Vec::new());
        }
        let wanted: HashMap<i64, usize> = summaries
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.0, i))
            .collect();
        let mut decisions: Vec<Vec<Decision>> = vec![Vec::new(); summaries.len()];
        let mut extra: Vec<(String, Vec<(String, i64)>, Vec<Reflection>)> =
            vec![Default::default(); summaries.len()];
        let mut snapshots: HashMap<String, Arc<ScenarioRecord>> = HashMap::new();
        let one = filter.attempt.map(|a| a.0);
        let mut read = || -> rusqlite::Result<()> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT attempt, detail FROM decisions WHERE (?1 IS NULL OR attempt = ?1)
                 ORDER BY attempt, number",
            )?;
            let mut rows = stmt.query([one])?;
            while let Some(r) = rows.next()? {
                if let Some(&i) = wanted.get(&r.get::<_, i64>(0)?) {
                    decisions[i].push(from_json_column(r, 1)?);
                }
            }
            let mut stmt = self.conn.prepare_cached(
                "SELECT a.id, a.registration, a.scores, r.answers FROM attempts a
                 LEFT JOIN reflections r ON r.attempt = a.id WHERE (?1 IS NULL OR a.id = ?1)",
            )?;
            let mut rows = stmt.query([one])?;
            while let Some(r) = rows.next()? {
                if let Some(&i) = wanted.get(&r.get::<_, i64>(0)?) {
                    let reflection: Option<Vec<Reflection>> = from_json_column(r, 3)?;
                    extra[i] = (
                        r.get(1)?,
                        from_json_column(r, 2)?,
                        reflection.unwrap_or_default(),
                    );
                }
            }
            let mut stmt = self
                .conn
                .prepare_cached("SELECT snapshot FROM versions WHERE hash = ?1")?;
            for s in &summaries {
                if !snapshots.contains_key(&s.version.0) {
                    let snapshot = stmt.query_row([&s.version.0], |r| from_json_column(r, 0))?;
                    snapshots.insert(s.version.0.clone(), Arc::new(snapshot));
                }
            }
            Ok(())
        };
        read().map_err(|e| self.fail("read", &e))?;
        summaries
            .into_iter()
            .zip(decisions)
            .zip(extra)
            .map(
                |((summary, decisions), (registration, scores, reflection))| {
                    // Every version was read above, or reading failed.
                    let scenario = snapshots.get(&summary.version.0).cloned().ok_or_else(|| {
                        RecordsError::Damaged {
                            id: summary.id,
                            problem: "the scenario it was played on is missing".to_owned(),
                        }
                    })?;
                    Ok(Attempt {
                        summary,
                        registration,
                        scenario,
                        decisions,
                        scores,
                        reflection,
                    })
                },
            )
            .collect()
    }

    /// The session of attempt `id`, played again from its seed on the scenario as it was (the
    /// file's text is kept with the records): for the app to draw the debrief exactly as it was,
    /// even when the file has changed or gone.
    pub fn session(&self, id: AttemptId) -> Result<Session> {
        let attempt = self.attempt(id)?;
        let source: String = self
            .conn
            .query_row(
                "SELECT source FROM versions WHERE hash = ?1",
                [&attempt.summary.version.0],
                |r| r.get(0),
            )
            .map_err(|e| self.fail("read", &e))?;
        let damaged = |problem: String| RecordsError::Damaged { id, problem };
        let scenario = crate::scenario::load::parse_scenario(&source)
            .map_err(|d| damaged(format!("its scenario no longer reads: {}", d.message)))?;
        let mut session = Session::new(Arc::new(scenario), attempt.summary.seed)
            .map_err(|e| damaged(e.to_string()))?;
        for d in &attempt.decisions {
            session
                .choose(d.choice)
                .map_err(|e| damaged(e.to_string()))?;
            if let Some(votes) = &d.votes {
                session.record_votes(votes.clone());
            }
        }
        Ok(session)
    }

    /// For each scenario played, how many attempts there were and the outcomes reached.
    pub fn outcomes_by_scenario(&self) -> Result<Vec<ScenarioOutcomes>> {
        let read = || -> rusqlite::Result<Vec<ScenarioOutcomes>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT scenario, MAX(title), COUNT(*), COUNT(ended_at),
                        json_extract(outcome, '$.title') AS verdict
                 FROM attempts GROUP BY scenario, verdict ORDER BY scenario",
            )?;
            let mut out: Vec<ScenarioOutcomes> = Vec::new();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let scenario: String = r.get(0)?;
                let count = usize::try_from(r.get::<_, i64>(2)?).unwrap_or(0);
                let finished = usize::try_from(r.get::<_, i64>(3)?).unwrap_or(0);
                if out.last().is_none_or(|o| o.scenario != scenario) {
                    out.push(ScenarioOutcomes {
                        scenario,
                        title: r.get(1)?,
                        attempts: 0,
                        finished: 0,
                        outcomes: Vec::new(),
                    });
                }
                let Some(entry) = out.last_mut() else {
                    continue;
                };
                entry.attempts += count;
                entry.finished += finished;
                if let Some(verdict) = r.get::<_, Option<String>>(4)? {
                    entry.outcomes.push((verdict, finished));
                }
            }
            for o in &mut out {
                o.outcomes
                    .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            }
            Ok(out)
        };
        read().map_err(|e| self.fail("read", &e))
    }

    /// The principles practised well and poorly across every attempt: in each attempt, a
    /// principle counts as practised well when the choices citing it helped more often than they
    /// harmed, and poorly the other way round (the debrief's rule, attempt by attempt).
    pub fn principles(&self) -> Result<Vec<PrinciplePractice>> {
        let read = || -> rusqlite::Result<Vec<PrinciplePractice>> {
            let mut names: BTreeMap<String, String> = BTreeMap::new();
            let mut stmt = self
                .conn
                .prepare_cached("SELECT json_extract(snapshot, '$.principles') FROM versions")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let more: BTreeMap<String, String> = from_json_column(r, 0)?;
                names.extend(more);
            }
            let mut stmt = self.conn.prepare_cached(
                "SELECT principle, SUM(net > 0), SUM(net < 0) FROM practice
                 GROUP BY principle HAVING SUM(net != 0) > 0 ORDER BY principle",
            )?;
            let rows = stmt.query_map([], |r| {
                let id: String = r.get(0)?;
                Ok(PrinciplePractice {
                    name: names.get(&id).cloned().unwrap_or_else(|| id.clone()),
                    id,
                    well: usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                    poorly: usize::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| self.fail("read", &e))
    }

    /// Whether the database is whole: SQLite's own check.
    pub fn integrity(&self) -> Result<String> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.fail("checked", &e))
    }
}

fn insert_decision(
    tx: &rusqlite::Transaction,
    id: AttemptId,
    decision: &Decision,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO decisions (attempt, number, at, net, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            id.0,
            to_sql_int(decision.number),
            decision.at.0,
            decision.net(),
            to_json(decision)
        ],
    )?;
    outbox::queue(tx, id, xapi::Kind::Answered, decision.number, decision.at)
}

/// Bring attempt `id`'s summaries up to date with its decisions: how many there are, and how
/// each principle went in it, by the debrief's rule ([`crate::play::debrief::net_by_principle`]).
fn tally(tx: &rusqlite::Transaction, id: AttemptId) -> rusqlite::Result<()> {
    let mut choices: Vec<(i64, Vec<String>)> = Vec::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT net, json_extract(detail, '$.principles') FROM decisions WHERE attempt = ?1",
        )?;
        let mut rows = stmt.query([id.0])?;
        while let Some(r) = rows.next()? {
            choices.push((r.get(0)?, from_json_column(r, 1)?));
        }
    }
    let count = to_sql_int(choices.len());
    let net = crate::play::debrief::net_by_principle(
        choices
            .iter()
            .map(|(total, principles)| (*total, principles.iter().map(String::as_str))),
    );
    tx.execute("DELETE FROM practice WHERE attempt = ?1", [id.0])?;
    let mut insert =
        tx.prepare_cached("INSERT INTO practice (attempt, principle, net) VALUES (?1, ?2, ?3)")?;
    for (principle, n) in net {
        insert.execute(params![id.0, principle, n])?;
    }
    tx.execute(
        "UPDATE attempts SET decision_count = ?2 WHERE id = ?1",
        params![id.0, count],
    )?;
    Ok(())
}

fn to_sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A value as JSON text for a column (the types here always serialise).
fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// A JSON column read back; text that does not read is a conversion error, not a panic.
fn from_json_column<T: serde::de::DeserializeOwned>(
    row: &rusqlite::Row,
    index: usize,
) -> rusqlite::Result<T> {
    let text: Option<String> = row.get(index)?;
    serde_json::from_str(text.as_deref().unwrap_or("null")).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A scenario that goes round as long as "Yes" is chosen and ends at "Stop".
    pub const SCENARIO: &str = r#"(
        id: "s", title: "S", summary: "A test.",
        scores: [(id: "trust", label: "Trust", start: 50)],
        characters: [], start: "a",
        nodes: [
            (id: "a", text: "Again?", choices: [
                (text: "Yes", effects: {"trust": 1}, next: "a"),
                (text: "Stop", next: "end"),
            ]),
            (id: "end", ending: (title: "End", summary: "Stopped.")),
        ],
    )"#;

    pub fn session() -> Session {
        let scenario = crate::scenario::load::parse_scenario(SCENARIO).unwrap();
        Session::new(Arc::new(scenario), 1).unwrap()
    }

    #[test]
    fn a_full_disk_is_an_error_that_says_so_and_keeps_what_was_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let records = Records::open(&dir.path().join(FILE_NAME)).unwrap();
        let mut s = session();
        let id = records.start(&s, SCENARIO, None, Mode::Alone).unwrap();
        // The database may not grow past its present size: as good as a full disk.
        let pages: i64 = records
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        records
            .conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
            .unwrap();
        let mut failed = None;
        for _ in 0..500 {
            s.choose(1).unwrap();
            if let Err(e) = records.record_decision(id, &s, None) {
                failed = Some((e, s.transcript().len()));
                break;
            }
        }
        let (e, at) = failed.expect("the database filled up");
        assert!(e.to_string().contains("the disk is full"), "{e}");
        // Every decision before the one that did not fit is there, whole.
        assert_eq!(records.attempt(id).unwrap().decisions.len(), at - 1);
        assert_eq!(records.integrity().unwrap(), "ok");
    }

    #[test]
    fn a_read_only_database_is_an_error_that_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        drop(Records::open(&path).unwrap());
        let records = Records::connect(&path, true).unwrap();
        let e = records
            .start(&session(), SCENARIO, None, Mode::Alone)
            .unwrap_err()
            .to_string();
        assert!(e.contains("read-only"), "{e}");
        assert!(e.contains(FILE_NAME), "{e}");
    }
}
