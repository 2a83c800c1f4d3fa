//! The practice report prints: headless Chromium turns `rapport report` into A4 pages. The pages
//! are also kept as PNG files (in the target folder's `tmp/records-report/`) for a person to look
//! at. Skipped, with a note, where Chromium is not installed (`.ci/run` installs it).

mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rapport::play::Session;
use rapport::records::{Mode, Records, Reflection};
use rapport::scenario::Catalogue;
use rapport::scenario::load::{parse_catalogue, parse_scenario};
use support::cli::{assert_ok, rapport_at};
use support::print::{CHROMIUM, pages, png_pages, print};

const SCENARIO: &str = "scenarios/home-care/first-morning.ron";

/// Record one attempt at the scenario, choosing the first choice on offer each time (or, in a
/// group, the last), with the room's votes in a group.
fn record(records: &Records, source: &str, seed: u64, mode: Mode, stop_after: usize) {
    let scenario = Arc::new(parse_scenario(source).unwrap());
    let catalogue = std::fs::read_to_string("scenarios/principles.ron").unwrap();
    let catalogue = Catalogue::new(parse_catalogue(&catalogue).unwrap());
    let mut s = Session::new(scenario, seed).unwrap();
    let id = records.start(&s, source, Some(&catalogue), mode).unwrap();
    while !s.is_finished() && s.transcript().len() < stop_after {
        let open = s.open_choices();
        let pick = if mode == Mode::Group {
            *open.last().unwrap()
        } else {
            open[0]
        };
        let options = s.node().choices.as_ref().map_or(0, Vec::len);
        s.choose(pick).unwrap();
        if mode == Mode::Group {
            // Most of the room for the choice taken, a few for each of the others.
            let mut votes: Vec<u32> = (0..options).map(|i| (i % 3) as u32).collect();
            votes[pick - 1] = 9;
            s.record_votes(votes);
        }
        records
            .record_decision(
                id,
                &s,
                Some(Duration::from_secs(20 + s.transcript().len() as u64 * 7)),
            )
            .unwrap();
    }
    if s.is_finished() {
        records.finish(id, &s).unwrap();
        records
            .save_reflection(
                id,
                &[
                    Reflection {
                        prompt: "What helped the relationship, and why?".into(),
                        answer: "Asking Len what he wanted to be called, and letting him make the tea his way. He relaxed once he was in charge of his own kitchen.".into(),
                    },
                    Reflection {
                        prompt: "What would you do differently tomorrow?".into(),
                        answer: "Ask before going into the bathroom <and> explain why.".into(),
                    },
                ],
            )
            .unwrap();
    }
}

#[test]
fn the_practice_report_prints_on_a4_pages() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("skipped: {CHROMIUM} is not installed, so the report was not printed");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(SCENARIO).unwrap();
    let records = Records::open(&home.path().join("data/records.sqlite3")).unwrap();
    record(&records, &source, 1, Mode::Alone, usize::MAX);
    record(&records, &source, 2, Mode::Group, usize::MAX);
    record(&records, &source, 3, Mode::Alone, 2);
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/settings.ron"),
        "(sharing: (identity: Some((name: \"Sam Patel\", email: Some(\"sam@example.org\")))))",
    )
    .unwrap();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("records-report");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let html = out.join("report.html");
    let o = rapport_at(home.path(), &["report", "-o", html.to_str().unwrap()], "");
    assert_ok(&o);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("Sam Patel"));
    assert!(text.contains("How the room voted"));
    assert!(text.contains("Time deciding"), "the time spent");
    assert!(text.contains("Not finished"));
    assert!(text.contains("&lt;and&gt;"));
    assert!(text.contains("Explaining your role"), "principles by name");
    let pdf = out.join("report.pdf");
    print(&html, &pdf, &home.path().join("profile"));
    let bytes = std::fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    // A cover and each attempt on pages of its own.
    let n = pages(&bytes);
    assert!(n >= 4, "the PDF has {n} page(s)");
    let pngs = png_pages(&pdf, &out.join("page"));
    eprintln!("{} pages; PNGs: {}", n, out.display());
    if !pngs.is_empty() {
        assert_eq!(pngs.len(), n);
    }
}
