//! The practice records: an attempt is kept decision by decision, reads back whole (enough to
//! draw its debrief again without the scenario file), stays unfinished when play stops, and a
//! database from an older version of Rapport opens with everything in it.

mod support;

use std::sync::Arc;
use std::time::Duration;

use rapport::play::Session;
use rapport::records::{AttemptId, Filter, Mode, Records, RecordsError, Reflection, Version};
use rapport::scenario::load::parse_scenario;
use support::{BASE, catalogue};

fn session(source: &str, seed: u64) -> Session {
    Session::new(Arc::new(parse_scenario(source).unwrap()), seed).unwrap()
}

fn open(dir: &tempfile::TempDir) -> Records {
    Records::open(&dir.path().join("data/records.sqlite3")).unwrap()
}

/// Play choices 1 then 1 (greet, then say bye), recording each.
fn play_to_the_end(records: &Records, seed: u64) -> (AttemptId, Session) {
    let mut s = session(BASE, seed);
    let id = records
        .start(&s, BASE, Some(&catalogue(&["empathy"])), Mode::Alone)
        .unwrap();
    for choice in [1, 1] {
        s.choose(choice).unwrap();
        records
            .record_decision(id, &s, Some(Duration::from_millis(1500)))
            .unwrap();
    }
    records.finish(id, &s).unwrap();
    (id, s)
}

#[test]
fn an_attempt_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let records = open(&dir);
    let (id, played) = play_to_the_end(&records, 3);
    let a = records.attempt(id).unwrap();
    assert_eq!(a.summary.scenario, "base");
    assert_eq!(a.summary.version, Version::of_source(BASE));
    assert_eq!(a.summary.seed, 3);
    assert_eq!(a.summary.mode, Mode::Alone);
    assert!(a.summary.is_finished());
    assert_eq!(a.summary.ending.as_ref().unwrap().title, "Good");
    assert_eq!(a.summary.outcome.as_ref().unwrap().title, "Trusted");
    assert_eq!(a.decisions.len(), 2);
    let first = &a.decisions[0];
    assert_eq!(first.number, 1);
    let node = a.node(first).unwrap();
    assert_eq!(node.speaker.as_deref(), Some("Ana (Resident)"));
    assert_eq!(node.line.as_deref(), Some("Hello."));
    assert_eq!((first.choice, first.text.as_str()), (1, "Hi"));
    assert_eq!(first.feedback.as_deref(), Some("Warm."));
    assert_eq!(first.principles, ["empathy"]);
    assert_eq!(first.effects[0].applied, 10);
    assert_eq!(first.scores_after[0], ("trust".to_owned(), 60));
    assert_eq!(first.taken(), Some(Duration::from_millis(1500)));
    // The options not taken are kept too, for the debrief's "what else could have been said".
    assert_eq!(node.options.len(), 2);
    assert_eq!(node.options[1].text, "Go away");
    assert_eq!(
        node.options[1].effects,
        [("trust".into(), -10), ("dignity".into(), -5)]
    );
    assert_eq!(a.scenario.principle_name("empathy"), "EMPATHY");
    assert_eq!(a.scenario.scales[0].label, "Trust");
    assert_eq!(
        a.scores,
        played
            .score_values()
            .iter()
            .map(|(k, v)| (k.0.clone(), *v))
            .collect::<Vec<_>>()
    );
    // The chart's points: the start, then after each decision.
    let series = a.score_series();
    assert_eq!(series[0].1, [50, 60, 60]);
    assert_eq!(series[1].1, [50, 50, 55]);
    // Played again from the records alone, the session is the same one.
    let again = records.session(id).unwrap();
    assert_eq!(again.transcript(), played.transcript());
    assert_eq!(again.outcome(), played.outcome());
}

#[test]
fn a_reflection_is_saved_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let records = open(&dir);
    let (id, _) = play_to_the_end(&records, 1);
    let first = [Reflection {
        prompt: "What worked?".into(),
        answer: "Greeting her by name.".into(),
    }];
    records.save_reflection(id, &first).unwrap();
    assert_eq!(records.attempt(id).unwrap().reflection, first);
    let second = [
        Reflection {
            prompt: "What worked?".into(),
            answer: "Greeting her, and waiting.".into(),
        },
        Reflection {
            prompt: "And tomorrow?".into(),
            answer: String::new(),
        },
    ];
    records.save_reflection(id, &second).unwrap();
    assert_eq!(records.attempt(id).unwrap().reflection, second);
    assert!(matches!(
        records.save_reflection(AttemptId(999), &second),
        Err(RecordsError::NoSuchAttempt(AttemptId(999)))
    ));
}

#[test]
fn an_unfinished_attempt_stays_unfinished_and_a_finished_one_takes_no_more() {
    let dir = tempfile::tempdir().unwrap();
    {
        let records = open(&dir);
        let mut s = session(BASE, 5);
        let id = records.start(&s, BASE, None, Mode::Group).unwrap();
        s.choose(1).unwrap();
        s.record_votes(vec![4, 1]);
        records.record_decision(id, &s, None).unwrap();
    }
    let records = open(&dir);
    let list = records.attempts().unwrap();
    assert_eq!(list.len(), 1);
    assert!(!list[0].is_finished());
    assert_eq!(list[0].decisions, 1);
    assert_eq!(list[0].mode, Mode::Group);
    let a = records.attempt(list[0].id).unwrap();
    assert_eq!(a.decisions[0].votes, Some(vec![4, 1]));
    assert!(matches!(
        records.finish(list[0].id, &session(BASE, 5)),
        Err(RecordsError::NotEnded(_))
    ));
    let (done, s) = play_to_the_end(&records, 2);
    assert!(matches!(
        records.record_decision(done, &s, None),
        Err(RecordsError::Finished(_))
    ));
    // Newest first.
    let ids: Vec<AttemptId> = records.attempts().unwrap().iter().map(|a| a.id).collect();
    assert_eq!(ids, [done, list[0].id]);
}

#[test]
fn going_back_replaces_the_decisions_after_that_point() {
    let dir = tempfile::tempdir().unwrap();
    let records = open(&dir);
    let mut s = session(BASE, 4);
    let id = records.start(&s, BASE, None, Mode::Alone).unwrap();
    for choice in [1, 2] {
        s.choose(choice).unwrap();
        records.record_decision(id, &s, None).unwrap();
    }
    let waiting = records.waiting().unwrap();
    s.rewind(0).unwrap();
    s.choose(2).unwrap();
    records.record_decision(id, &s, None).unwrap();
    let a = records.attempt(id).unwrap();
    assert_eq!(a.decisions.len(), 1);
    assert_eq!(a.decisions[0].text, "Go away");
    // The statements of the two decisions replaced are not sent; the new one is.
    assert_eq!(records.waiting().unwrap(), waiting - 1);
}

#[test]
fn an_undone_decision_is_forgotten_and_only_the_differing_ones_are_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let records = open(&dir);
    let mut s = session(BASE, 4);
    let id = records.start(&s, BASE, None, Mode::Alone).unwrap();
    s.choose(1).unwrap();
    records
        .record_decision(id, &s, Some(Duration::from_secs(7)))
        .unwrap();
    // Undone: the record keeps no decision.
    s.rewind(0).unwrap();
    records.record_path(id, &s, 0, None).unwrap();
    assert!(records.attempt(id).unwrap().decisions.is_empty());
    assert_eq!(records.attempts().unwrap()[0].decisions, 0);
    // Two decisions recorded at once (the first kept from before is none): both are there,
    // and only the last has a time.
    s.choose(1).unwrap();
    s.choose(1).unwrap();
    records
        .record_path(id, &s, 0, Some(Duration::from_secs(3)))
        .unwrap();
    let a = records.attempt(id).unwrap();
    let texts: Vec<&str> = a.decisions.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["Hi", "Bye"]);
    let taken: Vec<Option<u64>> = a.decisions.iter().map(|d| d.taken_ms).collect();
    assert_eq!(taken, [None, Some(3000)]);
}

#[test]
fn a_rewound_session_starts_a_new_attempt_with_the_decisions_kept() {
    let dir = tempfile::tempdir().unwrap();
    let records = open(&dir);
    let (_, mut s) = play_to_the_end(&records, 6);
    s.rewind(1).unwrap();
    let id = records.start(&s, BASE, None, Mode::Alone).unwrap();
    let a = records.attempt(id).unwrap();
    assert_eq!(a.decisions.len(), 1);
    assert_eq!(a.decisions[0].text, "Hi");
    assert!(!a.summary.is_finished());
}

#[test]
fn an_edited_scenario_is_a_new_version_and_the_old_one_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let records = open(&dir);
    let (old, played) = play_to_the_end(&records, 3);
    let edited = BASE.replace("Hello.", "Good morning.");
    let mut s = session(&edited, 3);
    let new = records.start(&s, &edited, None, Mode::Alone).unwrap();
    s.choose(1).unwrap();
    records.record_decision(new, &s, None).unwrap();
    let (a, b) = (records.attempt(old).unwrap(), records.attempt(new).unwrap());
    assert_ne!(a.summary.version, b.summary.version);
    let line = |x: &rapport::records::Attempt| x.node(&x.decisions[0]).unwrap().line.clone();
    assert_eq!(line(&a).as_deref(), Some("Hello."));
    assert_eq!(line(&b).as_deref(), Some("Good morning."));
    // The old attempt replays on the old text, kept in the records.
    assert_eq!(
        records.session(old).unwrap().transcript(),
        played.transcript()
    );
}

#[test]
fn outcomes_and_principles_across_attempts() {
    let dir = tempfile::tempdir().unwrap();
    let records = open(&dir);
    play_to_the_end(&records, 1);
    play_to_the_end(&records, 2);
    // Cold, then leave: an "Other" outcome, and no principle cited.
    let mut s = session(BASE, 3);
    let id = records.start(&s, BASE, None, Mode::Alone).unwrap();
    for c in [2, 2] {
        s.choose(c).unwrap();
        records.record_decision(id, &s, None).unwrap();
    }
    records.finish(id, &s).unwrap();
    // One left unfinished.
    let s = session(BASE, 4);
    records.start(&s, BASE, None, Mode::Alone).unwrap();
    let outcomes = records.outcomes_by_scenario().unwrap();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].attempts, 4);
    assert_eq!(outcomes[0].finished, 3);
    assert_eq!(
        outcomes[0].outcomes,
        [("Trusted".to_owned(), 2), ("Other".to_owned(), 1)]
    );
    let principles = records.principles().unwrap();
    assert_eq!(principles.len(), 1);
    assert_eq!(principles[0].id, "empathy");
    assert_eq!((principles[0].well, principles[0].poorly), (2, 0));
    // A filter picks attempts out.
    let only = Filter {
        attempt: Some(id),
        ..Filter::default()
    };
    assert_eq!(records.find(&only).unwrap().len(), 1);
    let none = Filter {
        scenario: Some("other".into()),
        ..Filter::default()
    };
    assert!(records.find(&none).unwrap().is_empty());
}

/// The database as version 1 wrote it, from the fixture.
fn version_1_database(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("records.sqlite3");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("fixtures/records-v1.sql"))
        .unwrap();
    path
}

#[test]
fn a_database_from_version_1_opens_with_everything_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = version_1_database(&dir);
    let records = Records::open(&path).unwrap();
    let list = records.attempts().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id, AttemptId(2), "newest first");
    assert!(!list[0].is_finished());
    let a = records.attempt(AttemptId(1)).unwrap();
    assert_eq!(a.summary.outcome.as_ref().unwrap().title, "Boundaries kept");
    assert_eq!(a.decisions.len(), 2);
    assert_eq!(a.decisions[1].text, "Oh, how lovely!");
    assert_eq!(a.reflection[0].answer, "I stayed warm.");
    assert_eq!(
        a.scenario.principle_name("boundaries"),
        "Professional boundaries"
    );
    // Version 2 queued the old attempts' statements: 1 start + 2 decisions + 1 end, 1 + 1.
    assert_eq!(records.waiting().unwrap(), 6);
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, rapport::records::SCHEMA_VERSION);
    // And recording goes on in it.
    let (id, _) = play_to_the_end(&records, 9);
    assert_eq!(records.attempts().unwrap()[0].id, id);
    assert_eq!(records.integrity().unwrap(), "ok");
}

#[test]
fn a_database_from_a_newer_rapport_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = version_1_database(&dir);
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let e = Records::open(&path).unwrap_err();
    assert!(matches!(e, RecordsError::Newer { found: 99, .. }), "{e}");
    assert!(e.to_string().contains("Update Rapport"), "{e}");
}

#[test]
fn a_file_that_is_not_a_database_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.sqlite3");
    std::fs::write(&path, "these are my notes, not a database ".repeat(200)).unwrap();
    let e = Records::open(&path).unwrap_err().to_string();
    assert!(e.contains("records.sqlite3"), "{e}");
    assert!(e.contains("Move it aside"), "{e}");
}

#[test]
fn a_folder_that_cannot_be_written_is_an_error_with_what_to_do() {
    // Under /sys nothing can be created, even by root (as CI runs); elsewhere a read-only folder.
    let dir = tempfile::tempdir().unwrap();
    let path = if std::path::Path::new("/sys/kernel").is_dir() {
        std::path::PathBuf::from("/sys/rapport-records-test/records.sqlite3")
    } else {
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        let mut perms = std::fs::metadata(&locked).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&locked, perms).unwrap();
        locked.join("records.sqlite3")
    };
    let e = Records::open(&path).unwrap_err().to_string();
    assert!(e.contains("cannot be"), "{e}");
    assert!(e.contains("RAPPORT_HOME") || e.contains("may write"), "{e}");
}

#[test]
fn an_attempt_is_deleted_with_its_reflection_and_unsent_statements() {
    let dir = tempfile::tempdir().unwrap();
    let records = open(&dir);
    let (gone, _) = play_to_the_end(&records, 3);
    let (kept, _) = play_to_the_end(&records, 4);
    records
        .save_reflection(
            gone,
            &[Reflection {
                prompt: "Why?".into(),
                answer: "About someone real, by mistake.".into(),
            }],
        )
        .unwrap();
    let waiting = records.waiting().unwrap();
    records.delete_attempt(gone).unwrap();
    let ids: Vec<AttemptId> = records.attempts().unwrap().iter().map(|a| a.id).collect();
    assert_eq!(ids, [kept]);
    assert!(matches!(
        records.attempt(gone),
        Err(RecordsError::NoSuchAttempt(_))
    ));
    assert_eq!(
        records.waiting().unwrap(),
        waiting / 2,
        "its statements are not sent"
    );
    assert_eq!(records.outcomes_by_scenario().unwrap()[0].attempts, 1);
    assert!(matches!(
        records.delete_attempt(gone),
        Err(RecordsError::NoSuchAttempt(_))
    ));
}
