//! The database's tables, and the steps that bring a database written by an older version of
//! Rapport up to date. `PRAGMA user_version` says how many steps a database has had; each step
//! runs in the transaction that also raises that number, so a step is done whole or not at all.

use std::collections::BTreeMap;

use rusqlite::Transaction;

use super::{NodeRecord, ScenarioRecord};

/// Version 1: attempts, the scenario versions they were played on, decisions and reflections.
pub const VERSION_1: &str = "
CREATE TABLE versions (
    hash TEXT PRIMARY KEY,
    scenario TEXT NOT NULL,
    source TEXT NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    registration TEXT NOT NULL UNIQUE,
    scenario TEXT NOT NULL,
    title TEXT NOT NULL,
    version TEXT NOT NULL REFERENCES versions(hash),
    seed INTEGER NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('alone', 'group')),
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    ending TEXT,
    outcome TEXT,
    scores TEXT NOT NULL
);
CREATE TABLE decisions (
    attempt INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    at INTEGER NOT NULL,
    net INTEGER NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (attempt, number)
) WITHOUT ROWID;
CREATE TABLE reflections (
    attempt INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
    saved_at INTEGER NOT NULL,
    answers TEXT NOT NULL
);
";

/// Version 2: the xAPI outbox (statements waiting to be sent to a learning record store, and
/// those sent); for the "My practice" screen, an index to list attempts newest first, each
/// attempt's number of decisions, and how each principle went in each attempt; and what was said
/// at each decision point kept once per scenario version instead of with every decision. Attempts
/// recorded before it are brought into all of these (see [`STEPS`]).
pub const VERSION_2: &str = "
ALTER TABLE attempts ADD COLUMN decision_count INTEGER NOT NULL DEFAULT 0;
CREATE TABLE practice (
    attempt INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    principle TEXT NOT NULL,
    net INTEGER NOT NULL,
    PRIMARY KEY (attempt, principle)
) WITHOUT ROWID;
CREATE TABLE outbox (
    statement TEXT PRIMARY KEY,
    attempt INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('attempted', 'answered', 'completed')),
    number INTEGER NOT NULL DEFAULT 0,
    queued_at INTEGER NOT NULL,
    sent_at INTEGER,
    tries INTEGER NOT NULL DEFAULT 0,
    next_try_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_try_at);
CREATE INDEX attempts_started ON attempts (started_at DESC, id DESC);
";

/// Version 1 kept each decision point's line and options with every decision: gather them into
/// their version's snapshot, where version 2 looks for them.
fn nodes_from_decisions(tx: &Transaction) -> rusqlite::Result<()> {
    let mut versions: BTreeMap<String, ScenarioRecord> = BTreeMap::new();
    let mut stmt = tx.prepare(
        "SELECT a.version, v.snapshot, d.detail FROM decisions d
         JOIN attempts a ON a.id = d.attempt JOIN versions v ON v.hash = a.version",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let hash: String = r.get(0)?;
        if !versions.contains_key(&hash) {
            versions.insert(hash.clone(), super::from_json_column(r, 1)?);
        }
        let detail: serde_json::Value = super::from_json_column(r, 2)?;
        let Some(node) = detail["node"].as_str() else {
            continue;
        };
        let Some(snapshot) = versions.get_mut(&hash) else {
            continue;
        };
        if !snapshot.nodes.contains_key(node) {
            let record = NodeRecord {
                speaker: detail["speaker"].as_str().map(str::to_owned),
                line: detail["line"].as_str().map(str::to_owned),
                options: serde_json::from_value(detail["options"].clone()).unwrap_or_default(),
            };
            snapshot.nodes.insert(node.to_owned(), record);
        }
    }
    drop(rows);
    drop(stmt);
    for (hash, snapshot) in versions {
        tx.execute(
            "UPDATE versions SET snapshot = ?2 WHERE hash = ?1",
            rusqlite::params![hash, super::to_json(&snapshot)],
        )?;
    }
    Ok(())
}

/// One step: what it does to a database at the version before it.
type Step = fn(&Transaction) -> rusqlite::Result<()>;

/// Every step, in order: a database at version `n` has had the first `n`.
pub const STEPS: [Step; 2] = [
    |tx| tx.execute_batch(VERSION_1),
    |tx| {
        tx.execute_batch(VERSION_2)?;
        super::outbox::queue_existing(tx)?;
        let attempts: Vec<i64> = tx
            .prepare("SELECT id FROM attempts")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in attempts {
            super::tally(tx, super::AttemptId(id))?;
        }
        nodes_from_decisions(tx)
    },
];

/// The version this build of Rapport writes.
pub const CURRENT: i64 = STEPS.len() as i64;
