//! Sending the outbox to the learning record store. Each statement is sent with `PUT
//! statements?statementId=<its id>`: stored (204) or already there (409, from an earlier send
//! whose answer was lost) both mark it sent, so a store that is down, slow or failing, or a
//! process killed mid-send, loses nothing and duplicates nothing. A statement that could not be
//! sent waits longer before each new try (30 s, 1 min, 2 min ... up to an hour); `rapport sync`
//! tries everything at once.

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine as _;
use rusqlite::params;

use super::sharing::{Lrs, Sharing};
use super::time::Timestamp;
use super::xapi::{Kind, statements};
use super::{Attempt, AttemptId, Records, RecordsError};

/// How long one request may take before the store counts as unreachable for now.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// The longest wait between tries of one statement.
const LONGEST_WAIT: Duration = Duration::from_secs(3600);

/// The xAPI version spoken.
const XAPI_VERSION: &str = "1.0.3";

/// Why nothing could be sent at all.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "No learning record store is set, so nothing was sent (your records stay on this computer). To send them, set RAPPORT_LRS_ENDPOINT, RAPPORT_LRS_USERNAME and RAPPORT_LRS_PASSWORD, or the `sharing` part of the settings file."
    )]
    NoStore,
    #[error(
        "Rapport does not know who to send your records as, so nothing was sent. Give your name and email (RAPPORT_TRAINEE_NAME and RAPPORT_TRAINEE_EMAIL) or an account in the `sharing` part of the settings file."
    )]
    NoIdentity,
    #[error("{0}")]
    Records(#[from] RecordsError),
}

/// Which statements to try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tries {
    /// Only those whose wait since their last failed try is over (the app's background sending).
    Due,
    /// Every statement not yet sent (`rapport sync`: the trainee asked now).
    All,
}

/// What a round of sending did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Where the statements went.
    pub endpoint: String,
    /// Who they were sent as.
    pub sent_as: String,
    /// Stored by the store now.
    pub sent: usize,
    /// Already in the store from an earlier send.
    pub already_there: usize,
    /// Still waiting to be sent.
    pub waiting: usize,
    /// What stopped the round or what the store refused, in plain words.
    pub problems: Vec<String>,
}

impl SyncReport {
    /// What happened, for the trainee.
    pub fn summary(&self) -> String {
        let mut out = format!("Sending as {} to {}.\n", self.sent_as, self.endpoint);
        let n = |k: usize, one: &str, many: &str| {
            if k == 1 {
                format!("1 {one}")
            } else {
                format!("{k} {many}")
            }
        };
        if self.sent + self.already_there + self.waiting == 0 && self.problems.is_empty() {
            out.push_str("Nothing to send: the store has everything.\n");
            return out;
        }
        out.push_str(&format!("{} sent", n(self.sent, "statement", "statements")));
        if self.already_there > 0 {
            out.push_str(&format!(
                ", {} already in the store from an earlier try",
                n(self.already_there, "was", "were")
            ));
        }
        out.push_str(".\n");
        for p in &self.problems {
            out.push_str(p);
            out.push('\n');
        }
        if self.waiting > 0 {
            out.push_str(&format!(
                "{} still waiting: they are kept and will be sent next time.\n",
                n(self.waiting, "statement is", "statements are")
            ));
        }
        out
    }
}

/// How a statement went.
enum Sent {
    Stored,
    AlreadyThere,
    /// The store refused this statement; others may still go.
    Refused(String),
    /// The store cannot be reached or is failing: stop for now.
    Stop(String),
}

/// Send the statements waiting in the outbox of `records` to the store `sharing` names, as the
/// identity it gives. Made to run on a background thread with its own [`Records`] (the database
/// lets one writer and many readers work at once).
pub fn sync_pending(
    records: &Records,
    sharing: &Sharing,
    tries: Tries,
) -> Result<SyncReport, SyncError> {
    sync_within(records, sharing, tries, TIMEOUT)
}

/// [`sync_pending`], waiting at most `timeout` for each answer.
fn sync_within(
    records: &Records,
    sharing: &Sharing,
    tries: Tries,
    timeout: Duration,
) -> Result<SyncReport, SyncError> {
    let lrs = sharing
        .lrs
        .as_ref()
        .filter(|l| !l.endpoint.trim().is_empty())
        .ok_or(SyncError::NoStore)?;
    let identity = sharing.identity.as_ref().ok_or(SyncError::NoIdentity)?;
    let actor = identity.actor().ok_or(SyncError::NoIdentity)?;
    let mut report = SyncReport {
        endpoint: lrs.endpoint.clone(),
        sent_as: identity.describe(),
        ..SyncReport::default()
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("Rapport/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut attempts: HashMap<AttemptId, Option<Attempt>> = HashMap::new();
    for pending in records.pending(tries)? {
        let attempt = attempts
            .entry(pending.attempt)
            .or_insert_with(|| records.attempt(pending.attempt).ok());
        let statement = attempt.as_ref().and_then(|a| {
            statements(a, &actor)
                .into_iter()
                .find(|s| s.id == pending.statement)
        });
        let Some(statement) = statement else {
            // What it reported was replaced (a decision made again after going back).
            records.drop_statement(&pending.statement)?;
            continue;
        };
        match put(&agent, lrs, &statement.id, &statement.json, timeout) {
            Sent::Stored => {
                records.mark_sent(&statement.id)?;
                report.sent += 1;
            }
            Sent::AlreadyThere => {
                records.mark_sent(&statement.id)?;
                report.already_there += 1;
            }
            Sent::Refused(problem) => {
                records.try_later(&statement.id, pending.tries, &problem)?;
                report.problems.push(problem);
            }
            Sent::Stop(problem) => {
                records.try_later(&statement.id, pending.tries, &problem)?;
                report.problems.push(problem);
                break;
            }
        }
    }
    report.waiting = records.waiting()?;
    Ok(report)
}

fn put(
    agent: &ureq::Agent,
    lrs: &Lrs,
    id: &str,
    body: &serde_json::Value,
    timeout: Duration,
) -> Sent {
    let url = format!(
        "{}/statements?statementId={id}",
        lrs.endpoint.trim().trim_end_matches('/')
    );
    let auth = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", lrs.username, lrs.password));
    let answer = agent
        .put(&url)
        .header("X-Experience-API-Version", XAPI_VERSION)
        .header("Authorization", format!("Basic {auth}"))
        .content_type("application/json")
        .send(body.to_string());
    let mut response = match answer {
        Ok(r) => r,
        Err(ureq::Error::Timeout(_)) => {
            return Sent::Stop(format!(
                "The store at {} did not answer within {} seconds; it may be busy. Try again later.",
                lrs.endpoint,
                timeout.as_secs_f64()
            ));
        }
        Err(e) => {
            return Sent::Stop(format!(
                "The store at {} cannot be reached ({e}). Check the address and your connection.",
                lrs.endpoint
            ));
        }
    };
    let status = response.status().as_u16();
    let mut said = || {
        let text = response
            .body_mut()
            .with_config()
            .limit(2000)
            .read_to_string()
            .unwrap_or_default();
        text.chars().take(300).collect::<String>()
    };
    match status {
        200..=299 => Sent::Stored,
        409 => Sent::AlreadyThere,
        401 | 403 => Sent::Stop(format!(
            "The store at {} refused the username or password (HTTP {status}). Check RAPPORT_LRS_USERNAME and RAPPORT_LRS_PASSWORD.",
            lrs.endpoint
        )),
        404 => Sent::Stop(format!(
            "There is no xAPI store at {} (HTTP 404). Check the address: it usually ends in /xAPI/ or /data/xAPI/.",
            lrs.endpoint
        )),
        400..=499 if status != 408 && status != 429 => Sent::Refused(format!(
            "The store refused statement {id} (HTTP {status}): {}",
            said()
        )),
        _ => Sent::Stop(format!(
            "The store at {} is having trouble (HTTP {status}); it will be tried again later.",
            lrs.endpoint
        )),
    }
}

/// How long to wait before the next try of a statement tried `tries` times already.
fn wait_after(tries: u32) -> Duration {
    let wait = Duration::from_secs(30).saturating_mul(1u32.checked_shl(tries).unwrap_or(u32::MAX));
    wait.min(LONGEST_WAIT)
}

impl Records {
    /// Statements not yet sent, in the order they were queued.
    fn pending(&self, tries: Tries) -> Result<Vec<super::outbox::Pending>, RecordsError> {
        let now = Timestamp::now().0;
        let read = || -> rusqlite::Result<Vec<super::outbox::Pending>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT statement, attempt, kind, number, tries FROM outbox
                 WHERE sent_at IS NULL AND (?1 OR next_try_at <= ?2) ORDER BY rowid",
            )?;
            let rows = stmt.query_map(params![tries == Tries::All, now], |r| {
                Ok(super::outbox::Pending {
                    statement: r.get(0)?,
                    attempt: AttemptId(r.get(1)?),
                    kind: Kind::parse(&r.get::<_, String>(2)?).unwrap_or(Kind::Attempted),
                    number: usize::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                    tries: u32::try_from(r.get::<_, i64>(4)?).unwrap_or(u32::MAX),
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| self.fail("read", &e))
    }

    /// How many statements are waiting to be sent.
    pub fn waiting(&self) -> Result<usize, RecordsError> {
        self.count_outbox(false)
    }

    /// How many statements the store has received.
    pub fn sent(&self) -> Result<usize, RecordsError> {
        self.count_outbox(true)
    }

    fn count_outbox(&self, sent: bool) -> Result<usize, RecordsError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM outbox WHERE (sent_at IS NOT NULL) = ?1",
                [sent],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|e| self.fail("read", &e))
    }

    fn mark_sent(&self, statement: &str) -> Result<(), RecordsError> {
        self.outbox_update(
            "UPDATE outbox SET sent_at = ?2, last_error = NULL WHERE statement = ?1",
            params![statement, Timestamp::now().0],
        )
    }

    fn try_later(&self, statement: &str, tries: u32, problem: &str) -> Result<(), RecordsError> {
        let next = Timestamp::now().0
            + i64::try_from(wait_after(tries).as_millis()).unwrap_or(i64::MAX / 2);
        self.outbox_update(
            "UPDATE outbox SET tries = tries + 1, next_try_at = ?2, last_error = ?3 WHERE statement = ?1",
            params![statement, next, problem],
        )
    }

    fn drop_statement(&self, statement: &str) -> Result<(), RecordsError> {
        self.outbox_update(
            "DELETE FROM outbox WHERE statement = ?1",
            params![statement],
        )
    }

    fn outbox_update(
        &self,
        sql: &str,
        values: &[&dyn rusqlite::ToSql],
    ) -> Result<(), RecordsError> {
        let tx = self.write()?;
        tx.execute(sql, values)
            .and_then(|_| tx.commit())
            .map_err(|e| self.fail("written", &e))
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read as _, Write as _};
    use std::net::TcpListener;

    use super::*;
    use crate::records::sharing::Identity;
    use crate::records::{Mode, Records};

    use crate::records::tests::{SCENARIO, session};

    /// Records with one finished attempt: three statements to send.
    fn records(dir: &tempfile::TempDir) -> Records {
        let records = Records::open(&dir.path().join("records.sqlite3")).unwrap();
        let mut s = session();
        let id = records.start(&s, SCENARIO, None, Mode::Alone).unwrap();
        s.choose(2).unwrap();
        records.record_decision(id, &s, None).unwrap();
        records.finish(id, &s).unwrap();
        records
    }

    /// Read one HTTP request whole: the head, then as many bytes of body as it announces.
    /// (Answering before the body is in makes the client's write fail on a loaded machine.)
    fn read_request(stream: &mut std::net::TcpStream) {
        let mut got = Vec::new();
        let mut buf = [0u8; 8192];
        let head_end = loop {
            if let Some(i) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        };
        let head = String::from_utf8_lossy(&got[..head_end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while got.len() < head_end + length {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    }

    /// A store on 127.0.0.1 that answers every request with `status` (or, with `None`, reads the
    /// request and never answers); the sharing settings that point at it.
    fn store(status: Option<u16>) -> Sharing {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                let mut stream = stream;
                read_request(&mut stream);
                match status {
                    Some(code) => {
                        let _ = write!(
                            stream,
                            "HTTP/1.1 {code} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        );
                    }
                    None => held.push(stream),
                }
            }
        });
        Sharing {
            lrs: Some(Lrs {
                endpoint: format!("http://127.0.0.1:{port}/xAPI/"),
                username: "u".into(),
                password: "p".into(),
            }),
            identity: Some(Identity {
                name: "Sam".into(),
                email: Some("sam@example.org".into()),
                account: None,
            }),
            agreed: None,
        }
    }

    fn sync(records: &Records, sharing: &Sharing) -> SyncReport {
        // Long enough for a loaded machine to answer; a store that never answers stops the round
        // at its first statement, so the wait is paid once.
        sync_within(records, sharing, Tries::All, Duration::from_secs(3)).unwrap()
    }

    #[test]
    fn stored_and_already_there_are_both_sent() {
        let dir = tempfile::tempdir().unwrap();
        let r = records(&dir);
        let report = sync(&r, &store(Some(409)));
        assert_eq!((report.already_there, report.waiting), (3, 0));
        let r = records(&tempfile::tempdir().unwrap());
        let report = sync(&r, &store(Some(204)));
        assert_eq!((report.sent, report.waiting), (3, 0));
        assert!(
            report.summary().contains("3 statements sent"),
            "{}",
            report.summary()
        );
    }

    #[test]
    fn a_slow_or_failing_store_keeps_everything_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let r = records(&dir);
        let report = sync(&r, &store(None));
        assert_eq!((report.sent, report.waiting), (0, 3));
        assert!(
            report.problems[0].contains("did not answer"),
            "{:?}",
            report.problems
        );
        let report = sync(&r, &store(Some(503)));
        assert_eq!((report.sent, report.waiting), (0, 3));
        assert!(
            report.problems[0].contains("HTTP 503"),
            "{:?}",
            report.problems
        );
        // The statement tried twice waits before the background sending tries it again; the
        // two never tried are due.
        let due = sync_within(&r, &store(Some(204)), Tries::Due, Duration::from_secs(3)).unwrap();
        assert_eq!((due.sent, due.waiting), (2, 1));
        let report = sync(&r, &store(Some(401)));
        assert!(
            report.problems[0].contains("username or password"),
            "{:?}",
            report.problems
        );
        let report = sync(&r, &store(Some(204)));
        assert_eq!((report.sent, report.waiting), (1, 0));
    }

    #[test]
    fn a_refused_statement_waits_and_the_others_go_on() {
        let dir = tempfile::tempdir().unwrap();
        let r = records(&dir);
        let report = sync(&r, &store(Some(400)));
        assert_eq!(
            report.problems.len(),
            3,
            "each refusal is said: {:?}",
            report.problems
        );
        assert_eq!(report.waiting, 3);
    }

    #[test]
    fn waits_grow_and_stop_at_an_hour() {
        assert_eq!(wait_after(0), Duration::from_secs(30));
        assert_eq!(wait_after(3), Duration::from_secs(240));
        assert_eq!(wait_after(40), LONGEST_WAIT);
    }
}
