//! Helpers shared by the integration tests: a valid base scenario and ways to check variants.
#![allow(
    dead_code,
    reason = "each test file uses a different part of the support module"
)]

use std::sync::Arc;

use rapport::play::Session;
use rapport::scenario::{Catalogue, Code, Diagnostic, Principle, Scenario, check_source};

/// A small valid scenario that checks with no diagnostics at all: every rule test edits it.
pub const BASE: &str = r#"(
    id: "base",
    title: "Base",
    summary: "A valid scenario for tests.",
    scores: [
        (id: "trust", label: "Trust", start: 50),
        (id: "dignity", label: "Dignity", start: 50),
    ],
    characters: [(id: "ana", name: "Ana", role: "Resident")],
    start: "a",
    nodes: [
        (id: "a", speaker: "ana", text: "Hello.", choices: [
            (text: "Hi", effects: {"trust": 10}, feedback: "Warm.", principles: ["empathy"], set: ["greeted"], next: "b"),
            (text: "Go away", effects: {"trust": -10, "dignity": -5}, feedback: "Cold.", next: "b"),
        ]),
        (id: "b", chance: [(weight: 1, next: "c"), (weight: 1, next: "c2")]),
        (id: "c", text: "Later.", next: "d"),
        (id: "c2", text: "Much later.", next: "d"),
        (id: "d", speaker: "ana", text: "Bye?", choices: [
            (text: "Bye", effects: {"dignity": 5}, feedback: "Fine.", requires: Flag("greeted"), locked_hint: "Greet first.", next: "end-good"),
            (text: "Leave", effects: {"dignity": -5}, feedback: "Abrupt.", next: "end-bad"),
        ]),
        (id: "end-good", ending: (title: "Good", summary: "Good.")),
        (id: "end-bad", ending: (title: "Bad", summary: "Bad.")),
    ],
    outcomes: [
        (when: ScoreAtLeast("trust", 60), title: "Trusted", text: "T."),
        (when: Always, title: "Other", text: "O."),
    ],
)"#;

/// `BASE` with the first occurrence of `from` replaced by `to` (panics if `from` is absent, so a
/// test cannot silently check the unedited text).
pub fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "BASE does not contain {from:?}");
    BASE.replacen(from, to, 1)
}

/// A catalogue with the given principle ids.
pub fn catalogue(ids: &[&str]) -> Catalogue {
    Catalogue::new(
        ids.iter()
            .map(|id| Principle {
                id: (*id).into(),
                name: id.to_uppercase(),
                summary: String::new(),
                source: "Test".to_owned(),
            })
            .collect(),
    )
}

/// Every diagnostic for `text`, checked with a catalogue that knows `empathy`.
pub fn diagnostics(text: &str) -> Vec<Diagnostic> {
    check_source(text, Some(&catalogue(&["empathy"]))).diagnostics
}

pub fn codes(text: &str) -> Vec<Code> {
    diagnostics(text).iter().map(|d| d.code).collect()
}

pub fn parse(text: &str) -> Arc<Scenario> {
    let checked = check_source(text, None);
    Arc::new(
        checked
            .scenario
            .unwrap_or_else(|| panic!("does not parse: {:?}", checked.diagnostics)),
    )
}

pub fn session(text: &str, seed: u64) -> Session {
    Session::new(parse(text), seed).expect("session starts")
}

/// Every scenario of the bundled library, with its file, parsed (the library checks clean).
pub fn bundled() -> Vec<(std::path::PathBuf, Scenario)> {
    let report = rapport::scenario::check_paths(
        &[std::path::PathBuf::from("scenarios")],
        &rapport::scenario::CheckOptions::default(),
    );
    report
        .scenarios
        .into_iter()
        .map(|f| {
            let scenario = f.checked.scenario.expect("a bundled scenario parses");
            (f.path, scenario)
        })
        .collect()
}

/// `text` as it appears in an HTML page: `&`, `<`, `>` and `"` escaped.
pub fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
pub mod cli;
pub mod http;
pub mod print;

#[cfg(feature = "app")]
pub mod app;

pub mod xml;
