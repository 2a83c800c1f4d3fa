//! The `rapport` binary: exit codes, output formats, and the `play` contract.

mod support;

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use support::{BASE, edit};

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_scenario(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    std::fs::write(&path, text).unwrap();
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}

#[test]
fn check_the_bundled_library_passes_with_no_warnings() {
    let o = rapport(&["check", "scenarios"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.ends_with(": 0 errors, 0 warnings\n"), "{out}");
    assert!(!out.contains("warning["), "{out}");
}

#[test]
fn check_exits_1_on_errors_and_reports_every_file() {
    let o = rapport(&["check", "tests/fixtures/broken", "scenarios"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("typos.ron:11:96: error[E020]"), "{out}");
    assert!(out.contains("structure.ron:2:9: error[E015]"), "{out}");
    let count = |dir: &str| -> usize {
        fn walk(p: &std::path::Path) -> usize {
            std::fs::read_dir(p)
                .unwrap()
                .map(|e| e.unwrap().path())
                .map(|p| {
                    if p.is_dir() {
                        walk(&p)
                    } else {
                        usize::from(p.extension().is_some_and(|e| e == "ron"))
                    }
                })
                .sum()
        }
        walk(std::path::Path::new(dir))
    };
    let summary = out.lines().last().unwrap();
    // The catalogue, scenarios/principles.ron, is counted apart from the scenarios.
    let expected = format!(
        "checked {} scenarios (and the principles catalogue): ",
        count("tests/fixtures/broken") + count("scenarios") - 1
    );
    assert!(summary.starts_with(&expected), "{summary}");
}

#[test]
fn check_warnings_alone_exit_0() {
    let o = rapport(&["check", "tests/fixtures/broken/warnings.ron"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("0 errors, 10 warnings"));
}

#[test]
fn check_usage_errors_exit_2() {
    assert_eq!(rapport(&["check"]).status.code(), Some(2));
    assert_eq!(
        rapport(&["check", "--bogus", "scenarios"]).status.code(),
        Some(2)
    );
    assert_eq!(rapport(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn check_json_lists_diagnostics_with_positions() {
    let o = rapport(&[
        "check",
        "--json",
        "--timings",
        "tests/fixtures/broken/typos.ron",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["files"], 1);
    assert_eq!(v["errors"], 3);
    let first = &v["diagnostics"][0];
    assert_eq!(first["code"], "E022");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 10);
    assert_eq!(first["column"], 34);
    assert_eq!(first["help"], "did you mean \"okafor\"?");
    assert!(first["file"].as_str().unwrap().ends_with("typos.ron"));
    assert!(v["timings_ms"]["parse"].is_number());
}

#[test]
fn check_timings_prints_each_stage() {
    let o = rapport(&["check", "--timings", "scenarios"]);
    let out = stdout(&o);
    let line = out.lines().last().unwrap();
    assert!(
        line.starts_with("timings: parse ")
            && line.contains("validate")
            && line.contains("analyse"),
        "{line}"
    );
}

#[test]
fn check_refuses_files_over_the_size_limit() {
    let o = rapport(&[
        "check",
        "--max-size",
        "100",
        "scenarios/home-care/first-morning.ron",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[E003]"));
}

#[test]
fn play_json_follows_the_format_contract() {
    let (_dir, path) = temp_scenario(BASE);
    let o = rapport(&["play", &path, "--choices", "1,1", "--seed", "7", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["scenario"], "base");
    assert_eq!(v["finished"], true);
    assert_eq!(v["ending"], "end-good");
    assert_eq!(v["outcome"], "Trusted");
    assert_eq!(v["scores"], serde_json::json!({"trust": 60, "dignity": 55}));
    assert_eq!(v["flags"], serde_json::json!(["greeted"]));
    let path: Vec<&str> = v["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(path.first(), Some(&"a"));
    assert_eq!(path.last(), Some(&"end-good"));
    assert_eq!(path.len(), 5, "a, b, c or c2, d, end-good: {path:?}");
}

#[test]
fn play_stops_at_the_next_decision_when_choices_run_out() {
    let (_dir, path) = temp_scenario(BASE);
    let o = rapport(&["play", &path, "--choices", "2", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["finished"], false);
    assert_eq!(v["ending"], serde_json::Value::Null);
    assert_eq!(v["outcome"], serde_json::Value::Null);
    assert_eq!(
        v["path"].as_array().unwrap().last().unwrap(),
        "d",
        "passes next and chance nodes after the last choice"
    );
}

#[test]
fn play_a_locked_or_missing_choice_exits_2_naming_node_choice_and_reason() {
    let (_dir, path) = temp_scenario(BASE);
    let o = rapport(&["play", &path, "--choices", "2,1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("choice 1 at node \"d\" is locked: Greet first."),
        "{err}"
    );
    let o = rapport(&["play", &path, "--choices", "7"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("node \"a\" has no choice 7"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn play_refuses_a_broken_scenario_with_its_diagnostics() {
    let (_dir, path) = temp_scenario(&edit("next: \"d\")", "next: \"dd\")"));
    let o = rapport(&["play", &path, "--choices", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[E020]"), "{}", stderr(&o));
}

#[test]
fn play_interactively_from_standard_input() {
    let (_dir, path) = temp_scenario(BASE);
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["play", &path, "--seed", "1"])
        .env("RAPPORT_HOME", support::cli::test_home())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"x\n1\n1\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for expected in [
        "== Base ==",
        "Ana (Resident): Hello.",
        "  1. Hi",
        "Please type 1 or 2, or q to quit.",
        "Effect: +10 Trust",
        "Why: Warm.",
        "== The end: Good ==",
        "Outcome: Trusted",
        "Scores: Trust 60 of 100, Dignity 55 of 100",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
}

#[test]
fn play_shows_principle_names_from_the_catalogue() {
    let o = rapport(&[
        "play",
        "scenarios/home-care/first-morning.ron",
        "--choices",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains("Principles: Explaining your role; Preferred names and titles; Honesty"),
        "{}",
        stdout(&o)
    );
}
