//! The practice records with 10,000 attempts of a library scenario (about 80,000 decisions).
//! Goals: the "My practice" screen's queries (every attempt newest first, the outcomes reached per
//! scenario, the principles across all attempts) in <= 100 ms; a CSV or an HTML report of
//! everything, read and written, in <= 2 s. Run with `cargo bench --bench records`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::play::Session;
use rapport::records::html::Cover;
use rapport::records::{Filter, Mode, Records};
use rapport::scenario::load::parse_scenario;
use rapport::storage::write_atomic;

const ATTEMPTS: usize = 10_000;
const SCENARIO: &str = "scenarios/home-care/first-morning.ron";

/// Records of a few real attempts (different seeds and choices, some unfinished), then copies of
/// them (each a new attempt, a minute apart) up to `ATTEMPTS`, in one transaction.
fn fill(path: &std::path::Path) {
    let source = std::fs::read_to_string(SCENARIO).expect("the bench runs in the repository");
    let scenario = Arc::new(parse_scenario(&source).expect("the scenario parses"));
    let records = Records::open(path).expect("the records open");
    for seed in 0..10u64 {
        let mut s = Session::new(Arc::clone(&scenario), seed).expect("play starts");
        let id = records.start(&s, &source, None, Mode::Alone).unwrap();
        let stop = if seed % 5 == 4 { 3 } else { usize::MAX };
        while !s.is_finished() && s.transcript().len() < stop {
            let open = s.open_choices();
            s.choose(open[(seed as usize) % open.len()]).unwrap();
            records
                .record_decision(id, &s, Some(Duration::from_secs(30)))
                .unwrap();
        }
        if s.is_finished() {
            records.finish(id, &s).unwrap();
        }
    }
    drop(records);
    let mut conn = rusqlite::Connection::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    for copy in 1..ATTEMPTS / 10 {
        let shift = i64::try_from(copy).unwrap() * 600_000;
        tx.execute(
            "INSERT INTO attempts (registration, scenario, title, version, seed, mode, started_at,
                                   ended_at, ending, outcome, scores)
             SELECT lower(hex(randomblob(16))), scenario, title, version, seed, mode,
                    started_at + ?1, ended_at + ?1, ending, outcome, scores
             FROM attempts WHERE id <= 10 ORDER BY id",
            [shift],
        )
        .unwrap();
        let first = tx.last_insert_rowid() - 9;
        tx.execute(
            "INSERT INTO decisions (attempt, number, at, net, detail)
             SELECT attempt - 1 + ?1, number, at + ?2, net, detail FROM decisions WHERE attempt <= 10",
            [first, shift],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

fn records(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.sqlite3");
    fill(&path);
    let records = Records::open(&path).unwrap();
    assert_eq!(records.attempts().unwrap().len(), ATTEMPTS);
    let mut group = c.benchmark_group("records");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    group.bench_function("my practice: attempts, outcomes, principles", |b| {
        b.iter(|| {
            let list = records.attempts().unwrap();
            let outcomes = records.outcomes_by_scenario().unwrap();
            let principles = records.principles().unwrap();
            black_box((list, outcomes, principles))
        });
    });
    group.bench_function("attempts newest first", |b| {
        b.iter(|| black_box(records.attempts().unwrap()));
    });
    group.bench_function("read everything", |b| {
        b.iter(|| black_box(records.find(&Filter::default()).unwrap()));
    });
    // As `rapport report -o FILE` does it: read, write the text, replace the file atomically.
    let out = dir.path().join("report");
    group.bench_function("csv of everything, to a file", |b| {
        b.iter(|| {
            let all = records.find(&Filter::default()).unwrap();
            let text = rapport::records::csv::report(&all);
            write_atomic(&out, text.as_bytes()).unwrap();
        });
    });
    group.bench_function("html of everything, to a file", |b| {
        b.iter(|| {
            let all = records.find(&Filter::default()).unwrap();
            let text = rapport::records::html::report(&all, &Cover::default());
            write_atomic(&out, text.as_bytes()).unwrap();
        });
    });
    group.finish();
    let size = |text: String| text.len() / 1_000_000;
    let all = records.find(&Filter::default()).unwrap();
    eprintln!(
        "sizes of everything: CSV {} MB, HTML {} MB",
        size(rapport::records::csv::report(&all)),
        size(rapport::records::html::report(&all, &Cover::default()))
    );
}

criterion_group!(benches, records);
criterion_main!(benches);
