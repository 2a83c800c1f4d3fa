//! A mutation fuzzer for everything a scenario file reaches: the bundled library and the
//! reproducers in `tests/fuzz-corpus/` are mutated (bytes flipped, ranges cut and repeated,
//! hostile tokens and huge numbers inserted, files spliced) and each result goes through the same
//! path as `rapport check`, then play with random choices, saving and restoring progress,
//! analysis, both graph formats and the printable script. A panic, or an input slower than the
//! bound, fails.
//!
//! `cargo test --test fuzz` runs a short campaign. The long one, for a release:
//!
//! ```sh
//! FUZZ_INPUTS=1000000 cargo test --release --no-default-features --test fuzz -- --ignored --nocapture
//! ```
//!
//! It prints the inputs tried, the panics, the slowest input and the peak memory, and saves
//! every input that panicked or was slow under `target/fuzz-findings/`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rapport::play::analysis::{dilemmas, survey};
use rapport::play::{Session, SessionRng};
use rapport::scenario::{Catalogue, check_source, load::parse_catalogue};
use rapport::storage::Progress;

#[path = "support/counting.rs"]
mod counting;

/// Tokens that have broken parsers and checkers before, inserted at random places.
const TOKENS: &[&str] = &[
    "[",
    "{",
    "(",
    ")",
    "]",
    "}",
    "\"",
    ",",
    ".",
    "\\",
    "\0",
    "\u{202e}",
    "\n",
    "9223372036854775807",
    "-9223372036854775808",
    "4294967295",
    "requires: Flag(\"z\"), ",
    "requires: ScoreBelow(\"trust\", -9223372036854775808), ",
    "requires: All([Flag(\"a\"), NotFlag(\"a\")]), ",
    "(weight: 9223372036854775807, next: \"start\"), ",
    "effects: {\"trust\": 9223372036854775807}, ",
    "next: \"nowhere\", ",
    "endings: [\"nope\"], ",
    "set: [\"x\"], ",
    "Visited(\"a\")",
    "#![enable(implicit_some)]",
    "r#\"",
    "/*",
    "//",
];

/// Every `.ron` file under `dir`.
fn ron_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            ron_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "ron") {
            out.push(p);
        }
    }
}

fn corpus() -> (Vec<String>, Option<Catalogue>) {
    let mut files = Vec::new();
    ron_files(Path::new("scenarios"), &mut files);
    ron_files(Path::new("tests/fuzz-corpus"), &mut files);
    let catalogue = std::fs::read_to_string("scenarios/principles.ron")
        .ok()
        .and_then(|t| parse_catalogue(&t).ok())
        .map(Catalogue::new);
    let texts = files
        .iter()
        .filter(|p| p.file_name().is_none_or(|n| n != "principles.ron"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    (texts, catalogue)
}

/// A char boundary at or before `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn pick(rng: &mut SessionRng, n: usize) -> usize {
    usize::try_from(rng.below(n.max(1) as u64)).unwrap_or(0)
}

/// One to four random edits of `text`.
fn mutate(rng: &mut SessionRng, text: &str, corpus: &[String]) -> String {
    let mut out = text.to_owned();
    for _ in 0..1 + pick(rng, 4) {
        let len = out.len();
        let a = boundary(&out, pick(rng, len + 1));
        let b = boundary(&out, a + pick(rng, 64));
        match pick(rng, 8) {
            0 => out.insert_str(a, TOKENS[pick(rng, TOKENS.len())]),
            1 => out.replace_range(a..b, ""),
            2 => {
                let piece = out[a..b].to_owned();
                out.insert_str(b, &piece.repeat(1 + pick(rng, 50)));
            }
            3 => out.truncate(a),
            4 => {
                // Replace a number with a huge or negative one.
                let digits = out[a..].find(|c: char| c.is_ascii_digit()).map(|d| a + d);
                if let Some(d) = digits {
                    let end = out[d..]
                        .find(|c: char| !c.is_ascii_digit())
                        .map_or(out.len(), |e| d + e);
                    let n = [
                        "0",
                        "-1",
                        "9223372036854775807",
                        "-9223372036854775808",
                        "1000001",
                    ][pick(rng, 5)];
                    out.replace_range(d..end, n);
                }
            }
            5 => {
                // Splice in a slice of another file.
                let other = &corpus[pick(rng, corpus.len())];
                let c = boundary(other, pick(rng, other.len() + 1));
                let d = boundary(other, c + pick(rng, 400));
                out.insert_str(a, &other[c..d]);
            }
            6 => {
                // Rename an id everywhere it appears once.
                if let Some(q) = out[a..].find('"').map(|q| a + q + 1)
                    && let Some(e) = out[q..].find('"').map(|e| q + e)
                {
                    let id = out[q..e].to_owned();
                    if !id.is_empty() && id.len() < 40 {
                        out = out.replacen(&format!("\"{id}\""), "\"zz\"", 1);
                    }
                }
            }
            _ => {
                let flipped = out.as_bytes()[a..]
                    .first()
                    .map(|&x| x ^ (1 << pick(rng, 7)));
                if let Some(x) = flipped
                    && x.is_ascii()
                    && out.is_char_boundary(a + 1)
                {
                    out.replace_range(a..a + 1, &char::from(x).to_string());
                }
            }
        }
    }
    out
}

/// Everything a file reaches, as `rapport check`, play, save and restore, analysis, graph and
/// script do.
fn exercise(text: &str, catalogue: Option<&Catalogue>, rng: &mut SessionRng) {
    let checked = check_source(text, catalogue);
    let _ = rapport::cli::check_text(&rapport::scenario::Report::default(), false);
    for d in &checked.diagnostics {
        let _ = d.render(Some(text));
    }
    let Some(scenario) = checked.scenario else {
        return;
    };
    let scenario = Arc::new(scenario);
    let _ = dilemmas(&scenario);
    let _ = survey(&scenario, 2_000);
    let _ = rapport::cli::graph::dot(&scenario);
    let _ = rapport::cli::graph::svg(&scenario);
    let _ = rapport::cli::script::html(&scenario, catalogue, "fuzz.ron");
    let Ok(mut session) = Session::new(Arc::clone(&scenario), rng.below(1000)) else {
        return;
    };
    for _ in 0..40 {
        if session.is_finished() || session.is_stuck() {
            break;
        }
        let shown = session.open_choices();
        let count = scenario
            .node(session.node().id.as_str())
            .and_then(|n| n.choices.as_ref())
            .map_or(1, Vec::len);
        // Mostly an available choice; sometimes any number at all.
        let choice = if shown.is_empty() || rng.below(8) == 0 {
            pick(rng, count + 2)
        } else {
            shown[pick(rng, shown.len())]
        };
        let _ = session.choose(choice);
        if rng.below(4) == 0 {
            session.record_votes(vec![u32::MAX; count]);
        }
    }
    let _ = session.outcome();
    let progress = Progress::of(&session, "f.ron");
    if let Ok(saved) = ron::to_string(&progress)
        && let Ok(back) = ron::from_str::<Progress>(&saved)
    {
        let restored = back
            .restore(Arc::clone(&scenario))
            .expect("saved progress restores");
        assert_eq!(restored.choices_made(), session.choices_made());
    }
    if !session.transcript().is_empty() {
        let _ = session.rewind(pick(rng, session.transcript().len()));
    }
}

struct Findings {
    inputs: u64,
    panics: u64,
    slowest: Duration,
    peak: usize,
}

fn campaign(inputs: u64, seed: u64, slow: Duration) -> Findings {
    let (texts, catalogue) = corpus();
    assert!(!texts.is_empty(), "no corpus");
    let findings_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-findings");
    let mut rng = SessionRng::new(seed);
    let mut found = Findings {
        inputs: 0,
        panics: 0,
        slowest: Duration::ZERO,
        peak: 0,
    };
    std::panic::set_hook(Box::new(|_| {}));
    for i in 0..inputs {
        let base = &texts[pick(&mut rng, texts.len())];
        let text = mutate(&mut rng, base, &texts);
        let before = counting::start();
        let started = Instant::now();
        let mut play_rng = SessionRng::new(i);
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            exercise(&text, catalogue.as_ref(), &mut play_rng);
        }))
        .is_ok();
        let took = started.elapsed();
        found.peak = found.peak.max(counting::peak_since(before));
        found.inputs += 1;
        let keep = if ok {
            took > slow
        } else {
            found.panics += 1;
            true
        };
        if took > found.slowest {
            found.slowest = took;
        }
        if keep {
            let _ = std::fs::create_dir_all(&findings_dir);
            let kind = if ok { "slow" } else { "panic" };
            let _ = std::fs::write(findings_dir.join(format!("{kind}-{seed}-{i}.ron")), &text);
        }
    }
    let _ = std::panic::take_hook();
    found
}

fn report(f: &Findings, took: Duration) {
    println!(
        "fuzz: {} inputs in {:.1} s, {} panics, slowest input {:.1} ms, peak memory {:.1} MiB",
        f.inputs,
        took.as_secs_f64(),
        f.panics,
        f.slowest.as_secs_f64() * 1e3,
        f.peak as f64 / (1024.0 * 1024.0)
    );
}

#[test]
fn a_short_campaign_finds_no_panic() {
    let started = Instant::now();
    let found = campaign(1_500, 1, Duration::from_secs(5));
    report(&found, started.elapsed());
    assert_eq!(
        found.panics, 0,
        "see the fuzz-findings folder in the target folder"
    );
    assert!(found.slowest < Duration::from_secs(5));
}

#[test]
#[ignore = "the long campaign: FUZZ_INPUTS=1000000 cargo test --release --test fuzz -- --ignored"]
fn the_long_campaign_finds_no_panic() {
    let inputs = std::env::var("FUZZ_INPUTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(7);
    let started = Instant::now();
    let found = campaign(inputs, seed, Duration::from_secs(1));
    report(&found, started.elapsed());
    assert_eq!(
        found.panics, 0,
        "see the fuzz-findings folder in the target folder"
    );
}
