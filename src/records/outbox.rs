//! The xAPI outbox: one row per statement, queued in the same transaction as what it reports (the
//! attempt's start, a decision, its end), and marked sent once the learning record store has it.
//! A row holds the statement's id and what it is about; the statement itself is built from the
//! records when it is sent, so what is sent is always what `rapport report --format xapi` shows.

use rusqlite::{Transaction, params};

use super::time::Timestamp;
use super::xapi::{Kind, statement_id};
use super::{AttemptId, to_sql_int};

/// Queue the statement for `kind` (and decision `number`, made at `at`) of attempt `id`.
pub fn queue(
    tx: &Transaction,
    id: AttemptId,
    kind: Kind,
    number: usize,
    at: Timestamp,
) -> rusqlite::Result<()> {
    let registration: String = tx.query_row(
        "SELECT registration FROM attempts WHERE id = ?1",
        [id.0],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO outbox (statement, attempt, kind, number, queued_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            statement_id(&registration, kind, number, at),
            id.0,
            kind.as_str(),
            to_sql_int(number),
            Timestamp::now().0
        ],
    )?;
    Ok(())
}

/// Queue the statements of every attempt recorded before the outbox existed (a migration step).
pub fn queue_existing(tx: &Transaction) -> rusqlite::Result<()> {
    let mut items: Vec<(AttemptId, Kind, usize, Timestamp)> = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT id, started_at, ended_at FROM attempts ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id = AttemptId(r.get(0)?);
            items.push((id, Kind::Attempted, 0, Timestamp(r.get(1)?)));
            let mut decisions =
                tx.prepare("SELECT number, at FROM decisions WHERE attempt = ?1 ORDER BY number")?;
            let mut d = decisions.query([id.0])?;
            while let Some(row) = d.next()? {
                let number = usize::try_from(row.get::<_, i64>(0)?).unwrap_or(0);
                items.push((id, Kind::Answered, number, Timestamp(row.get(1)?)));
            }
            if let Some(ended) = r.get::<_, Option<i64>>(2)? {
                items.push((id, Kind::Completed, 0, Timestamp(ended)));
            }
        }
    }
    for (id, kind, number, at) in items {
        queue(tx, id, kind, number, at)?;
    }
    Ok(())
}

/// A statement waiting to be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub statement: String,
    pub attempt: AttemptId,
    pub kind: Kind,
    pub number: usize,
    pub tries: u32,
}
