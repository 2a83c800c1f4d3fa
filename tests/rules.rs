//! One case per diagnostic code: an edit of a valid scenario that must produce that code, at the
//! right place. A guard test fails when a code has no case.

mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use rapport::scenario::load::{decode, read_source};
use rapport::scenario::{CheckOptions, Code, Severity, check_paths, check_source};
use support::{BASE, catalogue, codes, diagnostics, edit};

/// (code, edited text, expected line of the first diagnostic with that code).
fn cases() -> Vec<(Code, String, usize)> {
    let deep = format!("{}Always{}", "Not(".repeat(500), ")".repeat(500));
    vec![
        (Code::Syntax, edit("title: \"Base\",", "title: \"Base\""), 4),
        (Code::WrongType, edit("start: 50)", "start: \"50\")"), 6),
        (
            Code::UnknownField,
            edit(
                "speaker: \"ana\", text: \"Hello.\"",
                "speakr: \"ana\", text: \"Hello.\"",
            ),
            12,
        ),
        (Code::MissingField, edit("    title: \"Base\",\n", ""), 29),
        (
            Code::TooDeep,
            edit("requires: Flag(\"greeted\")", &format!("requires: {deep}")),
            20,
        ),
        (
            Code::UnknownVariant,
            edit("requires: Flag(", "requires: Flagg("),
            20,
        ),
        (Code::DuplicateNode, edit("(id: \"c2\"", "(id: \"c\""), 18),
        (
            Code::DuplicateScore,
            edit("(id: \"dignity\"", "(id: \"trust\""),
            7,
        ),
        (
            Code::DuplicateCharacter,
            edit(
                "role: \"Resident\")]",
                "role: \"Resident\"), (id: \"ana\", name: \"Ana B\", role: \"Visitor\")]",
            ),
            9,
        ),
        (Code::BadId, edit("id: \"base\"", "id: \"Base Case\""), 2),
        (
            Code::DuplicateField,
            edit("title: \"Base\",", "title: \"Base\", title: \"Again\","),
            3,
        ),
        (Code::UnknownNode, edit("next: \"d\")", "next: \"dd\")"), 17),
        (
            Code::UnknownScore,
            edit("{\"trust\": 10}", "{\"trsut\": 10}"),
            13,
        ),
        (
            Code::UnknownSpeaker,
            edit(
                "speaker: \"ana\", text: \"Hello.\"",
                "speaker: \"anna\", text: \"Hello.\"",
            ),
            12,
        ),
        (
            Code::UnknownPrinciple,
            edit("[\"empathy\"]", "[\"empathi\"]"),
            13,
        ),
        (
            Code::NodeKind,
            edit("text: \"Later.\", next: \"d\"", "text: \"Later.\""),
            17,
        ),
        (Code::ChoiceWithoutNext, edit(", next: \"end-bad\"", ""), 21),
        (
            Code::ScoreRange,
            edit("start: 50)", "start: 50, min: 100, max: 0)"),
            6,
        ),
        (Code::ScoreStart, edit("start: 50)", "start: 150)"), 6),
        (Code::ChanceWeight, edit("weight: 1,", "weight: 0,"), 16),
        (
            Code::PortraitPath,
            edit(
                "role: \"Resident\")",
                "role: \"Resident\", portrait: \"../secret.png\")",
            ),
            9,
        ),
        (
            Code::NoEnding,
            edit("next: \"end-good\"", "next: \"a\"").replacen(
                "next: \"end-bad\"",
                "next: \"a\"",
                1,
            ),
            10,
        ),
        (
            Code::TrappedCycle,
            edit(
                "text: \"Much later.\", next: \"d\"",
                "text: \"Much later.\", next: \"c2\"",
            ),
            18,
        ),
        (
            Code::EmptyList,
            edit(
                "chance: [(weight: 1, next: \"c\"), (weight: 1, next: \"c2\")]",
                "chance: []",
            ),
            16,
        ),
        (
            Code::UnreachableNode,
            edit(
                "(id: \"end-good\"",
                "(id: \"orphan\", text: \"x\", next: \"d\"),\n        (id: \"end-good\"",
            ),
            23,
        ),
        (
            Code::UnreachableEnding,
            edit(
                "(id: \"end-good\"",
                "(id: \"end-lost\", ending: (title: \"L\", summary: \"L.\")),\n        (id: \"end-good\"",
            ),
            23,
        ),
        (Code::NoFeedback, edit("feedback: \"Fine.\", ", ""), 20),
        (
            Code::ScoreNeverChanges,
            edit(
                "        (id: \"dignity\"",
                "        (id: \"calm\", label: \"Calm\", start: 50),\n        (id: \"dignity\"",
            ),
            7,
        ),
        (
            Code::FlagNeverSet,
            edit("requires: Flag(\"greeted\")", "requires: Flag(\"greted\")"),
            20,
        ),
        (
            Code::FlagNeverRead,
            edit(
                "feedback: \"Cold.\",",
                "feedback: \"Cold.\", set: [\"rude\"],",
            ),
            14,
        ),
        (
            Code::OutcomeNeverMatches,
            edit(
                "title: \"Other\", text: \"O.\"),",
                "title: \"Other\", text: \"O.\"),\n        (when: Always, title: \"Never\", text: \"N.\"),",
            ),
            29,
        ),
        (
            Code::ConditionNeverHolds,
            edit(
                "requires: Flag(\"greeted\")",
                "requires: All([Flag(\"greeted\"), ScoreAtLeast(\"trust\", 500)])",
            ),
            20,
        ),
        (
            Code::OutcomeNotEnding,
            edit(
                "title: \"Other\", text: \"O.\"),",
                "title: \"Other\", text: \"O.\", endings: [\"d\"]),",
            ),
            28,
        ),
        (
            Code::NoVerdict,
            edit(
                "(when: Always, title: \"Other\"",
                "(when: ScoreBelow(\"trust\", 40), title: \"Other\"",
            ),
            23,
        ),
        (
            Code::OutOfRange,
            edit(
                "(id: \"trust\", label: \"Trust\", start: 50)",
                "(id: \"trust\", label: \"Trust\", start: 50, max: 5000000)",
            ),
            6,
        ),
        (
            Code::DeadEnd,
            edit("requires: Flag(\"greeted\")", "requires: Flag(\"nope\")").replacen(
                "feedback: \"Abrupt.\",",
                "feedback: \"Abrupt.\", requires: Flag(\"nope\"),",
                1,
            ),
            19,
        ),
        (
            Code::MaybeStuck,
            edit(
                "feedback: \"Abrupt.\",",
                "feedback: \"Abrupt.\", requires: ScoreAtLeast(\"dignity\", 60),",
            ),
            19,
        ),
        (
            Code::SlowLoop,
            edit(
                "chance: [(weight: 1, next: \"c\")",
                "chance: [(weight: 5000, next: \"b\"), (weight: 1, next: \"c\")",
            ),
            16,
        ),
        (
            Code::HintNeverShown,
            edit(
                "feedback: \"Abrupt.\",",
                "feedback: \"Abrupt.\", locked_hint: \"Never locked.\",",
            ),
            21,
        ),
    ]
}

#[test]
fn the_base_scenario_is_clean() {
    assert_eq!(diagnostics(BASE), vec![]);
}

#[test]
fn each_case_reports_its_code_at_its_line() {
    let mut failures = Vec::new();
    for (code, text, line) in cases() {
        let found = diagnostics(&text);
        match found.iter().find(|d| d.code == code) {
            None => failures.push(format!(
                "{code}: not reported; got {:?}",
                found.iter().map(|d| d.code).collect::<Vec<_>>()
            )),
            Some(d) if d.pos.map(|p| p.line) != Some(line) => {
                failures.push(format!(
                    "{code}: at {:?}, expected line {line}: {}",
                    d.pos, d.message
                ));
            }
            Some(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn syntax_errors_stop_at_the_parse_but_semantic_errors_are_all_reported() {
    let text =
        edit("{\"trust\": 10}", "{\"trsut\": 10}").replacen("next: \"d\")", "next: \"dd\")", 1);
    let found = codes(&text);
    assert!(
        found.contains(&Code::UnknownScore) && found.contains(&Code::UnknownNode),
        "{found:?}"
    );
}

#[test]
fn misspelt_names_get_did_you_mean() {
    let help = |text: String, code: Code| {
        diagnostics(&text)
            .into_iter()
            .find(|d| d.code == code)
            .and_then(|d| d.help)
    };
    assert_eq!(
        help(edit("next: \"d\")", "next: \"dd\")"), Code::UnknownNode).as_deref(),
        Some("did you mean \"d\"?")
    );
    assert_eq!(
        help(
            edit("{\"trust\": 10}", "{\"trsut\": 10}"),
            Code::UnknownScore
        )
        .as_deref(),
        Some("did you mean \"trust\"?")
    );
    assert_eq!(
        help(
            edit("[\"empathy\"]", "[\"empathi\"]"),
            Code::UnknownPrinciple
        )
        .as_deref(),
        Some("did you mean \"empathy\"?")
    );
    assert_eq!(
        help(
            edit("requires: Flag(\"greeted\")", "requires: Flag(\"greted\")"),
            Code::FlagNeverSet
        )
        .as_deref(),
        Some("did you mean \"greeted\"?")
    );
}

#[test]
fn points_at_the_offending_value_not_the_node() {
    let d = diagnostics(&edit("{\"trust\": 10}", "{\"trsut\": 10}"))
        .into_iter()
        .find(|d| d.code == Code::UnknownScore)
        .unwrap();
    let pos = d.pos.unwrap();
    let line = BASE.lines().nth(pos.line - 1).unwrap();
    let column = line.find("{\"trust\"").unwrap() + 2;
    assert_eq!(pos.column, column);
}

#[test]
fn unknown_principles_are_only_checked_with_a_catalogue() {
    let text = edit("[\"empathy\"]", "[\"empathi\"]");
    assert!(check_source(&text, None).diagnostics.is_empty());
    assert!(codes(&text).contains(&Code::UnknownPrinciple));
}

#[test]
fn a_locked_hint_needs_a_condition_and_the_outcome_order_matters() {
    let text = edit(
        "(when: ScoreAtLeast(\"trust\", 60)",
        "(when: Always, title: \"First\", text: \"F.\"),\n        (when: ScoreAtLeast(\"trust\", 60)",
    );
    let outcomes = diagnostics(&text)
        .into_iter()
        .filter(|d| d.code == Code::OutcomeNeverMatches)
        .count();
    assert_eq!(outcomes, 2, "both outcomes after an Always are unreachable");
}

fn write(dir: &std::path::Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// The codes that belong to files and libraries rather than one scenario's text.
fn file_level_codes() -> BTreeSet<Code> {
    let dir = tempfile::tempdir().unwrap();
    let mut seen = BTreeSet::new();
    let lib = dir.path().join("lib");
    write(&lib, "principles.ron", b"[(id: \"empathy\", name: \"E\", summary: \"S\", source: \"T\"), (id: \"empathy\", name: \"E2\", summary: \"S\", source: \"T\")]");
    write(&lib, "one/a.ron", BASE.as_bytes());
    write(&lib, "two/b.ron", BASE.as_bytes());
    let report = check_paths(&[lib], &CheckOptions::default());
    seen.extend(report.diagnostics().map(|(d, _)| d.code));
    let alone = write(dir.path(), "alone/c.ron", BASE.as_bytes());
    let report = check_paths(
        &[alone.clone(), dir.path().join("missing.ron")],
        &CheckOptions::default(),
    );
    seen.extend(report.diagnostics().map(|(d, _)| d.code));
    seen.insert(read_source(&alone, 10).unwrap_err().code);
    // A link out of the folder being checked is skipped, and so is a link back into it.
    let linked = dir.path().join("linked");
    write(&linked, "real.ron", BASE.as_bytes());
    std::os::unix::fs::symlink(&alone, linked.join("outside.ron")).unwrap();
    std::os::unix::fs::symlink(&linked, linked.join("again")).unwrap();
    let report = check_paths(&[linked], &CheckOptions::default());
    seen.extend(report.diagnostics().map(|(d, _)| d.code));
    // An empty folder, and a scenario saved as .txt next to a real one.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    write(&empty, "other/mine.ron.txt", BASE.as_bytes());
    let report = check_paths(&[empty], &CheckOptions::default());
    seen.extend(report.diagnostics().map(|(d, _)| d.code));
    seen.insert(decode(vec![b'(', 0xFF]).unwrap_err().code);
    seen
}

#[test]
fn file_and_library_codes() {
    let seen = file_level_codes();
    for code in [
        Code::Read,
        Code::NotUtf8,
        Code::TooLarge,
        Code::DuplicateScenario,
        Code::DuplicatePrinciple,
        Code::NoCatalogue,
        Code::Skipped,
        Code::NoScenarios,
        Code::LooksLikeScenario,
    ] {
        assert!(seen.contains(&code), "{code} not produced; got {seen:?}");
    }
}

#[test]
fn every_code_has_a_test_case() {
    let mut covered: BTreeSet<Code> = cases().into_iter().map(|(c, _, _)| c).collect();
    covered.extend(file_level_codes());
    let missing: Vec<_> = Code::ALL.iter().filter(|c| !covered.contains(c)).collect();
    assert!(missing.is_empty(), "codes with no test case: {missing:?}");
}

#[test]
fn every_code_is_documented() {
    let doc = std::fs::read_to_string("docs/diagnostics.md").expect("docs/diagnostics.md exists");
    for code in Code::ALL {
        let row = format!("| {} |", code.as_str());
        assert!(
            doc.contains(&row),
            "{code} is missing from docs/diagnostics.md"
        );
        assert!(
            doc.contains(code.fix()),
            "the fix for {code} in docs/diagnostics.md is out of date"
        );
    }
}

#[test]
fn notes_and_warnings_do_not_count_as_errors() {
    let text = edit("feedback: \"Fine.\", ", "");
    let found = diagnostics(&text);
    assert!(found.iter().all(|d| d.severity != Severity::Error));
    let _ = catalogue(&[]);
}
