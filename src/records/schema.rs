//! The database's tables, and the steps that bring a database written by an older version of
//! Rapport up to date. `PRAGMA user_version` says how many steps a database has had; each step
//! runs in the transaction that also raises that number, so a step is done whole or not at all.

use rusqlite::Transaction;

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
/// those sent), and an index for listing attempts newest first. Attempts recorded before it are
/// queued too, so that they reach the store like the rest.
pub const VERSION_2: &str = "
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

/// One step: what it does to a database at the version before it.
type Step = fn(&Transaction) -> rusqlite::Result<()>;

/// Every step, in order: a database at version `n` has had the first `n`.
pub const STEPS: [Step; 2] = [
    |tx| tx.execute_batch(VERSION_1),
    |tx| {
        tx.execute_batch(VERSION_2)?;
        super::outbox::queue_existing(tx)
    },
];

/// The version this build of Rapport writes.
pub const CURRENT: i64 = STEPS.len() as i64;
