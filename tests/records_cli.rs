//! `rapport play` records interactive play; `rapport report` writes the records as CSV, HTML and
//! xAPI; `rapport sync` says plainly when there is nowhere to send; a `kill -9` mid-recording
//! leaves a whole database.

mod support;

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::BASE;
use support::cli::{assert_ok, rapport_at, stderr, stdout};

/// A scenario whose texts hold what CSV and HTML must escape.
const AWKWARD: &str = r#"(
    id: "awkward",
    title: "Commas, \"quotes\" & <tags>",
    summary: "A summary with <script>alert(1)</script> in it.",
    scores: [(id: "trust", label: "Trust", start: 50)],
    characters: [(id: "ana", name: "Ana", role: "Resident")],
    start: "a",
    nodes: [
        (id: "a", speaker: "ana", text: "Well?", choices: [
            (text: "Say \"yes, now\",\nplease <b>", effects: {"trust": 5}, feedback: "A & B.", next: "end"),
            (text: "No", effects: {"trust": -5}, next: "end"),
        ]),
        (id: "end", ending: (title: "End", summary: "Done.")),
    ],
)"#;

/// A scenario that can go round as long as the trainee likes.
const LOOP: &str = r#"(
    id: "loop",
    title: "Loop",
    summary: "Again and again.",
    scores: [(id: "trust", label: "Trust", start: 50)],
    characters: [(id: "ana", name: "Ana", role: "Resident")],
    start: "a",
    nodes: [
        (id: "a", speaker: "ana", text: "Again?", choices: [
            (text: "Yes, again", effects: {"trust": 1}, feedback: "Fine.", next: "a"),
            (text: "Stop", effects: {"trust": -1}, feedback: "Done.", next: "end"),
        ]),
        (id: "end", ending: (title: "End", summary: "Stopped.")),
    ],
)"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// The cells of each row of a CSV text, read as RFC 4180 says.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (_, c) => cell.push(c),
        }
    }
    rows
}

#[test]
fn interactive_play_is_recorded_and_reported() {
    let home = tempfile::tempdir().unwrap();
    let path = write(home.path(), "base.ron", BASE);
    assert_ok(&rapport_at(
        home.path(),
        &["play", &path, "--seed", "1"],
        "1\n1\n",
    ));
    // Stopped half way: recorded, unfinished.
    assert_ok(&rapport_at(home.path(), &["play", &path], "2\nq\n"));
    let o = rapport_at(home.path(), &["report", "--format", "csv"], "");
    assert_ok(&o);
    let rows = parse_csv(&stdout(&o));
    assert_eq!(
        rows.len(),
        4,
        "a header and three decisions:\n{}",
        stdout(&o)
    );
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[1][col("attempt")], "1");
    assert_eq!(rows[1][col("choice text")], "Hi");
    assert_eq!(rows[1][col("trust change")], "10");
    assert_eq!(rows[1][col("trust value")], "60");
    assert_eq!(rows[2][col("outcome")], "Trusted");
    assert_eq!(rows[3][col("attempt")], "2");
    assert_eq!(
        rows[3][col("outcome")],
        "",
        "the second attempt is unfinished"
    );
    assert_eq!(rows[1][col("version")].len(), 64);
    // The xAPI statements: start, two answers, end; then start and one answer.
    let o = rapport_at(home.path(), &["report", "--format", "xapi"], "");
    assert_ok(&o);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let verbs: Vec<&str> = all
        .iter()
        .map(|s| {
            s["verb"]["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        verbs,
        [
            "attempted",
            "answered",
            "answered",
            "completed",
            "attempted",
            "answered"
        ]
    );
    let ids: std::collections::HashSet<&str> =
        all.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), all.len(), "every statement has its own id");
    assert_eq!(all[1]["result"]["response"], "1");
    assert_eq!(all[3]["result"]["response"], "Trusted");
    assert_eq!(
        all[0]["context"]["registration"],
        all[3]["context"]["registration"]
    );
    // The same statements again: the ids are fixed, so a re-send cannot duplicate.
    let again: Vec<serde_json::Value> = serde_json::from_slice(
        &rapport_at(home.path(), &["report", "--format", "xapi"], "").stdout,
    )
    .unwrap();
    assert_eq!(
        all.iter().map(|s| &s["id"]).collect::<Vec<_>>(),
        again.iter().map(|s| &s["id"]).collect::<Vec<_>>()
    );
}

#[test]
fn what_is_not_practice_is_not_recorded() {
    let home = tempfile::tempdir().unwrap();
    let path = write(home.path(), "base.ron", BASE);
    assert_ok(&rapport_at(
        home.path(),
        &["play", &path, "--no-record"],
        "1\n1\n",
    ));
    assert_ok(&rapport_at(
        home.path(),
        &["play", &path, "--choices", "1,1"],
        "",
    ));
    assert_ok(&rapport_at(
        home.path(),
        &["play", &path, "--rehearse"],
        "1\n1\n",
    ));
    let o = rapport_at(home.path(), &["report"], "");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("There are no practice records yet"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn play_goes_on_when_the_records_cannot_be_written() {
    let home = Path::new("/sys/rapport-cannot-write-here");
    if !Path::new("/sys/kernel").is_dir() {
        eprintln!("skipped: no /sys to stand for a folder nobody can write");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "base.ron", BASE);
    let o = rapport_at(home, &["play", &path, "--seed", "1"], "1\n1\n");
    assert_ok(&o);
    assert!(stdout(&o).contains("The end"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("this attempt is not being recorded"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("RAPPORT_HOME"), "{}", stderr(&o));
}

#[test]
fn reports_escape_what_they_quote() {
    let home = tempfile::tempdir().unwrap();
    let path = write(home.path(), "awkward.ron", AWKWARD);
    assert_ok(&rapport_at(home.path(), &["play", &path], "1\n"));
    let o = rapport_at(home.path(), &["report", "--format", "csv"], "");
    assert_ok(&o);
    let rows = parse_csv(&stdout(&o));
    assert_eq!(rows.len(), 2);
    let text = rows[0].iter().position(|h| h == "choice text").unwrap();
    assert_eq!(rows[1][text], "Say \"yes, now\",\nplease <b>");
    assert_eq!(rows[1].len(), rows[0].len());
    let out = home.path().join("out/report.html");
    let o = rapport_at(
        home.path(),
        &[
            "report",
            "--scenario",
            "awkward",
            "-o",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_ok(&o);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Say &quot;yes, now&quot;,<br>please &lt;b&gt;"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>"));
    assert!(html.contains("Supervisor"), "a box to sign");
    assert!(html.contains("<svg"), "the chart");
    let names: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

/// `rapport sync` to a port nothing listens on, with the identity given in `env` (and no other).
fn sync_to_nowhere(home: &Path, env: &[(&str, &str)]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("sync")
        .env("RAPPORT_HOME", home)
        .env("RAPPORT_LRS_ENDPOINT", "http://127.0.0.1:9/xAPI/")
        .env_remove("RAPPORT_TRAINEE_NAME")
        .env_remove("RAPPORT_TRAINEE_EMAIL")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[test]
fn report_and_sync_say_plainly_what_is_wrong() {
    let home = tempfile::tempdir().unwrap();
    let o = sync_to_nowhere(home.path(), &[("RAPPORT_TRAINEE_EMAIL", "sam@example.org")]);
    assert_ok(&o);
    assert!(stdout(&o).contains("Nothing to send"), "{}", stdout(&o));
    let path = write(home.path(), "base.ron", BASE);
    assert_ok(&rapport_at(home.path(), &["play", &path], "1\n1\n"));
    let o = rapport_at(home.path(), &["report", "--attempt", "99"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("There is no attempt 99"),
        "{}",
        stderr(&o)
    );
    let o = rapport_at(home.path(), &["report", "--from", "2025-02-30"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
    // A date range with nothing in it is an empty report, not an error.
    let o = rapport_at(
        home.path(),
        &["report", "--format", "csv", "--to", "2000-01-01"],
        "",
    );
    assert_ok(&o);
    assert_eq!(parse_csv(&stdout(&o)).len(), 1);
    let o = rapport_at(home.path(), &["sync"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("No learning record store is set, so nothing was sent"),
        "{}",
        stderr(&o)
    );
    // A store set but no identity: nothing is sent, and it says how to give one.
    let o = sync_to_nowhere(home.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("RAPPORT_TRAINEE_EMAIL"),
        "{}",
        stderr(&o)
    );
    // A store that is not there: nothing lost, the statements wait.
    let o = sync_to_nowhere(
        home.path(),
        &[
            ("RAPPORT_TRAINEE_NAME", "Sam"),
            ("RAPPORT_TRAINEE_EMAIL", "sam@example.org"),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("Sending as Sam <sam@example.org>"), "{said}");
    assert!(said.contains("cannot be reached"), "{said}");
    assert!(said.contains("4 statements are still waiting"), "{said}");
}

/// Kill `rapport play` with SIGKILL at moments spread over recording, again and again: the
/// database always opens whole, and holds every decision the trainee saw the result of, and at
/// most one more (the one being taken).
#[test]
fn a_kill_mid_recording_loses_at_most_the_decision_being_taken() {
    let home = tempfile::tempdir().unwrap();
    let path = write(home.path(), "loop.ron", LOOP);
    let db = home.path().join("data/records.sqlite3");
    let mut recorded = Vec::new();
    for round in 0..12u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(["play", &path])
            .env("RAPPORT_HOME", home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut out = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = out.read_to_string(&mut text);
            text
        });
        let writer = std::thread::spawn(move || {
            for _ in 0..5000 {
                if stdin.write_all(b"1\n").is_err() {
                    break;
                }
            }
        });
        std::thread::sleep(Duration::from_millis(40 + round * 23));
        child.kill().unwrap();
        child.wait().unwrap();
        let _ = writer.join();
        let seen = reader.join().unwrap().matches("\nYou: ").count();
        let records = rapport::records::Records::open(&db).unwrap();
        assert_eq!(records.integrity().unwrap(), "ok");
        let newest = records.attempts().unwrap().remove(0);
        let attempt = records.attempt(newest.id).unwrap();
        let numbers: Vec<usize> = attempt.decisions.iter().map(|d| d.number).collect();
        assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>());
        assert!(
            numbers.len() >= seen && numbers.len() <= seen + 1,
            "round {round}: {} recorded, {seen} shown",
            numbers.len()
        );
        recorded.push(numbers.len());
    }
    // The kills fell during play, not before it began.
    eprintln!("decisions recorded before each kill: {recorded:?}");
    assert!(
        recorded.iter().filter(|n| **n > 0).count() >= 6,
        "{recorded:?}"
    );
}
