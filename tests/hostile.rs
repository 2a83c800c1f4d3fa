//! Hostile and unlucky input: the reproducers found by fuzzing and review, each with a bound on
//! time and memory that a quadratic algorithm would break, and the file-system traps (links out
//! of the folder, link loops, pipes, strange names, closed and full outputs).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rapport::play::Session;
use rapport::play::analysis::survey;
use rapport::scenario::load::parse_scenario;
use rapport::scenario::{CheckOptions, Code, check_paths, check_source};

#[path = "support/counting.rs"]
mod counting;

/// Run `f` and fail when it takes longer than `seconds` or its memory peaks above `mib` MiB
/// more than before it started. Tests run one at a time here (see `bounded`), so the peak is
/// this test's own.
fn bounded<T>(what: &str, seconds: u64, mib: usize, f: impl FnOnce() -> T) -> T {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let base = counting::start();
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    let peak = counting::peak_since(base) / (1024 * 1024);
    assert!(
        took < Duration::from_secs(seconds),
        "{what}: took {took:?}, bound {seconds} s"
    );
    assert!(peak <= mib, "{what}: peaked at {peak} MiB, bound {mib} MiB");
    out
}

const HEAD: &str = r#"#![enable(implicit_some)]
(
    id: "h", title: "H", summary: "S.",
    scores: [(id: "trust", label: "Trust", start: 50)],
    characters: [(id: "a", name: "A", role: "R")],
    start: "n0",
    nodes: [
"#;

fn scenario(nodes: &str) -> String {
    format!(
        "{HEAD}{nodes}        (id: \"end\", ending: (title: \"E\", summary: \"E.\")),\n    ],\n)\n"
    )
}

fn rendered(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.ron");
    std::fs::write(&path, text).unwrap();
    let report = check_paths(&[path], &CheckOptions::default());
    rapport::cli::check_text(&report, false)
}

#[test]
fn brackets_in_an_effects_key_do_not_make_positions_cubic() {
    // 33 s for 8 KB before; the key is now one path segment however many brackets it holds.
    let key = "[{.".repeat(12_000);
    let text = scenario(&format!(
        "        (id: \"n0\", choices: [(text: \"x\", effects: {{\"{key}\": 1}}, feedback: \"f\", next: \"end\")]),\n"
    ));
    let checked = bounded("36 KB key of brackets", 5, 64, || check_source(&text, None));
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == Code::UnknownScore && d.pos.is_some_and(|p| p.line == 8))
    );
}

#[test]
fn ten_thousand_unknown_targets_and_flags_get_suggestions_in_linear_time() {
    let n = 10_000;
    let choices: Vec<String> = (0..n)
        .map(|i| format!("(text: \"x\", feedback: \"f\", next: \"zz{i}q\")"))
        .collect();
    let mut nodes = format!("        (id: \"n0\", choices: [{}]),\n", choices.join(","));
    for i in 0..n {
        nodes.push_str(&format!("        (id: \"m{i}\", next: \"end\"),\n"));
    }
    let text = scenario(&nodes);
    let checked = bounded("10,000 unknown targets", 10, 256, || {
        check_source(&text, None)
    });
    let unknown = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownNode)
        .count();
    assert_eq!(unknown, n);

    let flags: Vec<String> = (0..n).map(|i| format!("Flag(\"flag{i}\")")).collect();
    let text = scenario(&format!(
        "        (id: \"n0\", choices: [(text: \"x\", feedback: \"f\", set: [\"flagz\"], next: \"end\"), (text: \"y\", feedback: \"f\", requires: All([{}]), next: \"end\")]),\n",
        flags.join(",")
    ));
    let out = bounded("10,000 flags read, never set", 10, 256, || rendered(&text));
    // Each diagnostic quotes at most a window of its line, and repeats are grouped.
    assert!(out.len() < 64 * 1024, "{} bytes of output", out.len());
    assert!(
        out.contains("and 9,990 more warnings like this (W005"),
        "{out}"
    );
}

#[test]
fn long_ids_are_not_compared_letter_by_letter() {
    // Two 20,000-character ids needed 3.2 GB for one "did you mean".
    let a = "a".repeat(20_000);
    let b = "b".repeat(20_000);
    let text = scenario(&format!(
        "        (id: \"n0\", choices: [(text: \"x\", feedback: \"f\", next: \"{a}\")]),\n        (id: \"{b}\", next: \"end\"),\n"
    ));
    let checked = bounded("two 20,000-character ids", 5, 64, || {
        check_source(&text, None)
    });
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == Code::UnknownNode)
    );
}

#[test]
fn what_one_diagnostic_quotes_is_capped() {
    // 3,000 unread flags on each of 40 long lines printed 146 MB before.
    let sets: Vec<String> = (0..3000).map(|i| format!("\"unread{i}\"")).collect();
    let mut nodes = String::new();
    for i in 0..40 {
        let next = if i == 39 {
            "end".to_owned()
        } else {
            format!("n{}", i + 1)
        };
        nodes.push_str(&format!(
            "        (id: \"n{i}\", choices: [(text: \"x\", feedback: \"f\", set: [{}], next: \"{next}\")]),\n",
            sets.join(",")
        ));
    }
    let text = scenario(&nodes);
    let out = bounded("3,000 unread flags", 10, 512, || rendered(&text));
    assert!(out.len() < 64 * 1024, "{} bytes of output", out.len());
    // A file of NUL bytes is not a scenario: a syntax error, not 10 MB echoed back.
    let nul = "\0".repeat(10_000_000);
    let out = bounded("10 MB of NUL bytes", 5, 256, || rendered(&nul));
    assert!(out.len() < 4 * 1024, "{} bytes of output", out.len());
    assert!(!out.contains('\0'));
}

#[test]
fn many_identical_choices_and_huge_conditions_stay_linear() {
    let choices: Vec<&str> = (0..10_000)
        .map(|_| r#"(text: "x", effects: {"trust": 1}, feedback: "f", next: "end")"#)
        .collect();
    let text = scenario(&format!(
        "        (id: \"n0\", choices: [{}]),\n",
        choices.join(",")
    ));
    let s = parse_scenario(&text).unwrap();
    bounded("10,000 identical choices analysed", 10, 512, || {
        survey(&s, 1000)
    });
    // 200,000 flags in one All([..]) (1,000,000 did not finish in 120 s before).
    let flags: Vec<String> = (0..200_000).map(|i| format!("Flag(\"f{i}\")")).collect();
    let text = scenario(&format!(
        "        (id: \"n0\", choices: [(text: \"x\", feedback: \"f\", set: [\"f1\"], next: \"end\"), (text: \"y\", feedback: \"f\", requires: All([{}]), next: \"end\")]),\n",
        flags.join(",")
    ));
    bounded("200,000 flags in one All", 60, 1024, || {
        check_source(&text, None)
    });
}

#[test]
fn a_decision_where_every_choice_is_locked_is_reported_and_play_says_so() {
    let text = scenario(
        r#"        (id: "n0", choices: [(text: "x", effects: {"trust": 5}, feedback: "f", next: "n1"), (text: "y", effects: {"trust": -5}, feedback: "f", next: "n1")]),
        (id: "n1", choices: [(text: "a", feedback: "f", requires: ScoreAtLeast("trust", 52), next: "end"), (text: "b", feedback: "f", requires: ScoreBelow("trust", 48), next: "end")]),
"#,
    );
    let checked = check_source(&text, None);
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == Code::MaybeStuck),
        "{:?}",
        checked.diagnostics
    );
    let s = Arc::new(parse_scenario(&text).unwrap());
    let mut session = Session::new(Arc::clone(&s), 0).unwrap();
    assert!(!session.is_stuck());
    // trust 50 + 5 = 55: "a" is open, so not stuck; then a session that is.
    session.choose(1).unwrap();
    assert!(!session.is_stuck());
    let never = text
        .replace(
            "ScoreAtLeast(\"trust\", 52)",
            "ScoreAtLeast(\"trust\", 101)",
        )
        .replace("ScoreBelow(\"trust\", 48)", "ScoreBelow(\"trust\", 0)");
    let checked = check_source(&never, None);
    assert!(checked.diagnostics.iter().any(|d| d.code == Code::DeadEnd));
    let stuck = Session::replay(Arc::new(parse_scenario(&never).unwrap()), 0, &[1]).unwrap();
    assert!(stuck.is_stuck());
    let a = survey(stuck.scenario(), 1000);
    assert_eq!(
        a.dead_ends.get("n1"),
        Some(&Some(2)),
        "both paths stop at n1"
    );
}

#[test]
fn the_path_limit_counts_paths_that_stop_at_dead_ends() {
    // 40 decisions of two choices, each pair leading on; every path dies at a dead end: 2^40
    // paths, none reaching an ending. Exploration must stop at the limit.
    let mut nodes = String::new();
    for i in 0..40 {
        nodes.push_str(&format!(
            "        (id: \"n{i}\", choices: [(text: \"a\", feedback: \"f\", next: \"n{j}\"), (text: \"b\", feedback: \"f\", next: \"n{j}\")]),\n",
            j = i + 1
        ));
    }
    nodes.push_str(
        "        (id: \"n40\", choices: [(text: \"z\", feedback: \"f\", requires: Flag(\"never\"), next: \"end\")]),\n",
    );
    let s = parse_scenario(&scenario(&nodes)).unwrap();
    let a = bounded("2^40 dead-end paths", 20, 512, || survey(&s, 10_000));
    assert!(!a.exact);
}

#[test]
fn a_runaway_chance_loop_is_warned_about_and_leaves_the_session_as_it_was() {
    let text = scenario(
        r#"        (id: "n0", choices: [(text: "x", effects: {"trust": 5}, feedback: "f", set: ["went"], next: "spin")]),
        (id: "spin", chance: [(weight: 1000000, next: "spin"), (weight: 1, next: "end")]),
"#,
    );
    let checked = check_source(&text, None);
    assert!(checked.diagnostics.iter().any(|d| d.code == Code::SlowLoop));
    let s = Arc::new(parse_scenario(&text).unwrap());
    let mut runaway = None;
    for seed in 0..20 {
        let mut session = Session::new(Arc::clone(&s), seed).unwrap();
        let before = (
            session.score_values(),
            session.flags().clone(),
            session.path().to_vec(),
        );
        if session.choose(1).is_err() {
            runaway = Some((session, before));
            break;
        }
    }
    let (session, before) = runaway.expect("with odds of a million to one, some seed runs away");
    assert_eq!(session.node().id.as_str(), "n0");
    assert_eq!(
        (
            session.score_values(),
            session.flags().clone(),
            session.path().to_vec()
        ),
        before
    );
    assert!(session.transcript().is_empty());
}

#[test]
fn numbers_are_bounded_and_sums_never_overflow() {
    let text = scenario(&format!(
        r#"        (id: "n0", choices: [(text: "x", effects: {{"trust": {max}}}, feedback: "f", requires: ScoreBelow("trust", {min}), locked_hint: "h", next: "spin"), (text: "y", effects: {{"trust": {max}}}, feedback: "f", next: "spin")]),
        (id: "spin", chance: [(weight: {max}, next: "end"), (weight: {max}, next: "end"), (weight: {max}, next: "end")]),
"#,
        max = i64::MAX,
        min = i64::MIN
    ));
    let checked = check_source(&text, None);
    let out_of_range = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::OutOfRange)
        .count();
    assert_eq!(out_of_range, 6, "{:?}", checked.diagnostics);
    // Played and analysed anyway (as a fuzzer would), nothing overflows.
    let s = Arc::new(parse_scenario(&text).unwrap());
    let session = Session::replay(Arc::clone(&s), 3, &[2]).unwrap();
    assert!(session.is_finished());
    let _ = survey(&s, 1000);
    let _ = survey(&s, 1);
    let _ = rapport::play::analysis::dilemmas(&s);
    let mut vote = rapport::play::group::Vote::restored(&[true, true], &[1, 2], &[u32::MAX, 7]);
    assert_eq!(vote.total(), u32::MAX);
    assert!(vote.add(0));
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const BASE: &str = r#"(id: "b", title: "B", summary: "S.", scores: [(id: "trust", label: "T", start: 1)],
 characters: [], start: "e", nodes: [(id: "e", ending: (title: "E", summary: "E."))])"#;

#[test]
fn links_out_of_the_folder_are_never_read_nor_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    write(&secret, "PASSWORD=hunter2\n");
    let lib = dir.path().join("lib");
    write(&lib.join("ok.ron"), BASE);
    std::os::unix::fs::symlink(&secret, lib.join("environ.ron")).unwrap();
    let report = check_paths(std::slice::from_ref(&lib), &CheckOptions::default());
    let text = rapport::cli::check_text(&report, false);
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("environ.ron was not read"), "{text}");
    // Named directly, a link out of its folder is refused too.
    let report = check_paths(&[lib.join("environ.ron")], &CheckOptions::default());
    assert!(!rapport::cli::check_text(&report, false).contains("hunter2"));
}

#[test]
fn link_loops_and_pipes_do_not_hang_or_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    write(&lib.join("topic/one.ron"), BASE);
    std::os::unix::fs::symlink(".", lib.join("topic/here")).unwrap();
    std::os::unix::fs::symlink("..", lib.join("topic/up")).unwrap();
    let fifo = lib.join("pipe.ron");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let report = bounded("two link loops and a pipe", 10, 64, || {
        check_paths(std::slice::from_ref(&lib), &CheckOptions::default())
    });
    assert_eq!(report.scenarios.len(), 1, "the file is checked once");
    let codes: Vec<Code> = report.diagnostics().map(|(d, _)| d.code).collect();
    assert!(!codes.contains(&Code::DuplicateScenario), "{codes:?}");
    if made.is_ok_and(|s| s.success()) {
        let text = rapport::cli::check_text(&report, false);
        assert!(text.contains("not a plain file"), "{text}");
        // Named directly, a pipe is an error, not a wait for ever.
        let report = check_paths(&[fifo], &CheckOptions::default());
        assert!(report.diagnostics().any(|(d, _)| d.code == Code::Read));
    }
}

fn rapport_cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
}

#[test]
fn exit_codes_hold_whatever_happens_to_the_output() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().unwrap();
    // A file name that is not UTF-8, with --json.
    let odd = dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9.ron"));
    std::fs::write(&odd, "(").unwrap();
    let o = rapport_cli()
        .args(["check", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errors"], 1);
    // A reader that goes away (`| head`): no panic, the result's exit code.
    let mut big = String::new();
    for i in 0..2000 {
        big.push_str(&format!("(id: \"x{i}\""));
    }
    let lib = dir.path().join("lib");
    for i in 0..50 {
        write(&lib.join(format!("f{i}.ron")), &big);
    }
    let mut child = rapport_cli()
        .arg("check")
        .arg(&lib)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A full disk: said on standard error, exit code 2.
    if Path::new("/dev/full").exists() {
        let o = rapport_cli()
            .arg("check")
            .arg(&lib)
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("cannot write the output"));
    }
    // A read error names the file.
    let missing: PathBuf = dir.path().join("missing.ron");
    let o = rapport_cli().arg("check").arg(&missing).output().unwrap();
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.starts_with(&format!("{}: error[E001]", missing.display())),
        "{said}"
    );
}

#[test]
fn control_characters_in_ids_cannot_break_a_line() {
    let text = scenario(
        "        (id: \"n0\", choices: [(text: \"x\", feedback: \"f\", next: \"bad\\nid\\u{1b}[2J\")]),\n",
    );
    let out = rendered(&text);
    let headline = out
        .lines()
        .find(|l| l.contains("error[E020]"))
        .expect("an unknown node");
    assert!(headline.contains("bad\\nid\\u{1b}[2J"), "{headline}");
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn a_file_that_is_not_a_scenario_is_never_quoted() {
    let out = rendered("root:x:0:0:root:/root:/bin/bash\nPASSWORD=hunter2\n");
    assert!(out.contains("does not look like a scenario"), "{out}");
    assert!(!out.contains("hunter2") && !out.contains("root:x"), "{out}");
}

#[test]
fn a_loop_over_a_huge_score_range_is_analysed_in_a_few_rounds() {
    // The long fuzz run found this: round a loop that adds 1, the ranges grew by one point a
    // round, so the analysis took one round per point of the score's range (for ever, on the
    // range of an i64). Widening takes it to the limit after a few rounds.
    for (min, max) in [(-1_000_000, 1_000_000), (i64::MIN, i64::MAX)] {
        let text = format!(
            r#"(
    id: "h", title: "H", summary: "S.",
    scores: [(id: "trust", label: "Trust", start: 0, min: {min}, max: {max})],
    characters: [],
    start: "n0",
    nodes: [
        (id: "n0", choices: [
            (text: "again", effects: {{"trust": 1}}, feedback: "f", next: "n1"),
            (text: "stop", effects: {{"trust": -1}}, feedback: "f", next: "end"),
        ]),
        (id: "n1", next: "n0"),
        (id: "end", ending: (title: "E", summary: "E.")),
    ],
)"#
        );
        let s = parse_scenario(&text).unwrap();
        let a = bounded("a loop over a huge range", 5, 64, || survey(&s, 10));
        assert!(!a.exact);
        assert_eq!(
            a.extremes["trust"].best, max,
            "sound: the best trust reaches the limit"
        );
    }
}
