//! `rapport analyze`: exact exploration of small scenarios, a sound approximation of large or
//! looping ones, smells with positions, and the JSON contract.

mod support;

use std::process::Command;
use std::sync::Arc;

use rapport::play::Session;
use rapport::play::analysis::survey;
use rapport::play::synthetic::{Synthetic, generate};
use rapport::scenario::load::parse_scenario;
use support::{BASE, edit, parse};

#[test]
fn small_scenarios_are_explored_exactly() {
    let a = survey(&parse(BASE), 100_000);
    assert!(a.exact);
    // 2 first choices x 2 chance branches, then "Bye" only after greeting: 2*2 + 2*1 = 6 paths.
    assert_eq!(a.total_paths, Some(6));
    let good = &a.endings["end-good"];
    assert!(good.reachable);
    assert_eq!(good.paths, Some(2));
    assert_eq!(good.scores["trust"], [60, 60]);
    assert_eq!(good.scores["dignity"], [55, 55]);
    assert_eq!(good.outcomes, vec!["Trusted".to_owned()]);
    let bad = &a.endings["end-bad"];
    assert_eq!(bad.paths, Some(4));
    assert_eq!(bad.scores["trust"], [40, 60]);
    assert_eq!(bad.outcomes, vec!["Trusted".to_owned(), "Other".to_owned()]);
    assert_eq!(a.extremes["trust"].best, 60);
    assert_eq!(a.extremes["trust"].worst, 40);
    assert_eq!(
        a.extremes["dignity"].worst_path.as_ref().unwrap()[0],
        ("a".to_owned(), 2)
    );
}

#[test]
fn unreachable_endings_are_reported() {
    let text = edit(
        "(id: \"end-good\"",
        "(id: \"end-lost\", ending: (title: \"L\", summary: \"L.\")),\n        (id: \"end-good\"",
    );
    let a = survey(&parse(&text), 100_000);
    assert!(!a.endings["end-lost"].reachable);
}

#[test]
fn smells_are_found() {
    // Choice 2 at "a" is made worse than choice 1 on every score: dominated.
    let text = edit(
        "(text: \"Go away\", effects: {\"trust\": -10, \"dignity\": -5}",
        "(text: \"Go away\", effects: {\"trust\": -10}",
    );
    let text = text.replacen("{\"trust\": 10}", "{\"trust\": 10, \"dignity\": 5}", 1);
    let codes: Vec<&str> = survey(&parse(&text), 100_000)
        .smells
        .iter()
        .map(|s| s.code)
        .collect();
    assert!(codes.contains(&"S001"), "{codes:?}");
    let same = edit(
        "effects: {\"dignity\": -5}, feedback: \"Abrupt.\"",
        "effects: {\"dignity\": 5}, feedback: \"Abrupt.\"",
    );
    let codes: Vec<&str> = survey(&parse(&same), 100_000)
        .smells
        .iter()
        .map(|s| s.code)
        .collect();
    assert!(codes.contains(&"S002"), "{codes:?}");
    let never = edit(
        "requires: Flag(\"greeted\")",
        "requires: All([Flag(\"greeted\"), ScoreBelow(\"trust\", 20)])",
    );
    let codes: Vec<&str> = survey(&parse(&never), 100_000)
        .smells
        .iter()
        .map(|s| s.code)
        .collect();
    assert!(codes.contains(&"S006"), "{codes:?}");
}

#[test]
fn a_choice_is_not_dominated_by_one_that_can_be_locked() {
    // At "d", "Leave" is worse than "Bye", but "Bye" needs the "greeted" flag: without it,
    // "Leave" is the only option, so it is not a dominated choice.
    let paths: Vec<String> = survey(&parse(BASE), 100_000)
        .smells
        .iter()
        .filter(|s| s.code == "S001")
        .map(|s| s.path.clone())
        .collect();
    assert_eq!(paths, ["nodes[0].choices[1]"], "{paths:?}");
}

#[test]
fn loops_and_large_scenarios_get_a_sound_approximation() {
    let text = generate(Synthetic {
        nodes: 300,
        cycles: true,
        seed: 4,
    });
    let s = Arc::new(parse_scenario(&text).unwrap());
    let a = survey(&s, 100_000);
    assert!(!a.exact);
    // Soundness: every ending reached by real play lies inside the reported ranges.
    for seed in 0..200u64 {
        let mut session = Session::new(Arc::clone(&s), seed).unwrap();
        let mut pick = seed;
        for _ in 0..400 {
            if session.is_finished() {
                break;
            }
            let available = session.open_choices();
            pick = pick
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            session
                .choose(available[(pick >> 33) as usize % available.len()])
                .unwrap();
        }
        if !session.is_finished() {
            continue;
        }
        let ending = &a.endings[session.node().id.as_str()];
        assert!(ending.reachable);
        for (score, value) in session.score_values() {
            let [lo, hi] = ending.scores[score.as_str()];
            assert!(
                (lo..=hi).contains(&value),
                "{score} = {value} outside {lo}..{hi}"
            );
        }
        if let Some(outcome) = session.outcome() {
            assert!(
                ending.outcomes.contains(&outcome.title),
                "{} not predicted",
                outcome.title
            );
        }
    }
}

#[test]
fn the_cli_prints_json_with_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    std::fs::write(&path, BASE).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["analyze", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    support::cli::assert_ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["exact"], true);
    assert_eq!(v["endings"]["end-good"]["reachable"], true);
    assert_eq!(v["endings"]["end-good"]["paths"], 2);
    assert_eq!(
        v["endings"]["end-good"]["scores"]["trust"],
        serde_json::json!([60, 60])
    );
    assert_eq!(
        v["endings"]["end-good"]["outcomes"],
        serde_json::json!(["Trusted"])
    );
    assert!(v["smells"].is_array());
    let text = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("analyze")
        .arg(&path)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(out.contains("exact: all 6 paths explored"), "{out}");
    assert!(
        out.contains("end-good \"Good\": reachable by 2 paths"),
        "{out}"
    );
}

#[test]
fn every_bundled_scenario_analyses_exactly_with_every_ending_reachable() {
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let s = parse(&std::fs::read_to_string(&path).unwrap());
            let a = survey(&s, rapport::play::analysis::MAX_EXACT_PATHS);
            assert!(a.exact, "{}", path.display());
            assert!(
                a.endings.values().all(|e| e.reachable),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn large_scenarios_without_loops_still_count_their_paths() {
    let text = generate(Synthetic {
        nodes: 400,
        cycles: false,
        seed: 5,
    });
    let s = parse_scenario(&text).unwrap();
    let a = survey(&s, 1_000);
    assert!(!a.exact, "more than 1,000 paths, so approximate");
    let counted = a
        .endings
        .values()
        .filter_map(|e| e.paths)
        .fold(0u64, u64::saturating_add);
    assert!(
        counted > 1_000,
        "an upper bound on the paths is reported: {counted}"
    );
}

/// `BASE` with verdicts tied to endings: "Trusted" only at the good ending, a catch-all for each.
fn with_verdicts_by_ending() -> String {
    edit(
        r#"(when: ScoreAtLeast("trust", 60), title: "Trusted", text: "T."),
        (when: Always, title: "Other", text: "O."),"#,
        r#"(endings: ["end-good"], when: ScoreAtLeast("trust", 60), title: "Trusted", text: "T."),
        (endings: ["end-good"], title: "Good, not close", text: "G."),
        (endings: ["end-bad"], when: ScoreBelow("trust", 50), title: "Cold and abrupt", text: "C."),
        (endings: ["end-bad"], title: "Abrupt", text: "A."),"#,
    )
}

#[test]
fn verdicts_tied_to_endings_are_only_given_there() {
    let s = Arc::new(parse(&with_verdicts_by_ending()));
    // Greeting warmly and then leaving: trust 60 at the bad ending, where "Trusted" is not given.
    let warm_then_leave = Session::replay(Arc::clone(&s), 0, &[1, 2]).unwrap();
    assert_eq!(warm_then_leave.node().id.as_str(), "end-bad");
    assert_eq!(warm_then_leave.outcome().unwrap().title, "Abrupt");
    let warm = Session::replay(Arc::clone(&s), 0, &[1, 1]).unwrap();
    assert_eq!(warm.outcome().unwrap().title, "Trusted");
    let cold = Session::replay(Arc::clone(&s), 0, &[2, 2]).unwrap();
    assert_eq!(cold.outcome().unwrap().title, "Cold and abrupt");

    let a = survey(&s, 100_000);
    let verdicts = |ending: &str| -> Vec<(Option<String>, Option<u64>)> {
        a.endings[ending]
            .verdicts
            .iter()
            .map(|v| (v.title.clone(), v.paths))
            .collect()
    };
    assert_eq!(
        verdicts("end-good"),
        vec![(Some("Trusted".into()), Some(2))]
    );
    assert_eq!(
        verdicts("end-bad"),
        vec![
            (Some("Cold and abrupt".into()), Some(2)),
            (Some("Abrupt".into()), Some(2)),
        ]
    );
    let explored = rapport::play::explore::explore(&s, 1_000);
    let pairs = explored.pairs();
    assert!(pairs.contains(&("end-bad", Some("Abrupt"))));
    assert!(!pairs.contains(&("end-bad", Some("Trusted"))));
    // The approximate analysis is sound: it lists at least the verdicts that really occur.
    let loose = survey(&s, 1);
    assert!(!loose.exact);
    assert!(
        loose.endings["end-bad"]
            .outcomes
            .contains(&"Abrupt".to_owned())
    );
    assert!(
        !loose.endings["end-bad"]
            .outcomes
            .contains(&"Trusted".to_owned())
    );
}

#[test]
fn paths_that_end_with_no_verdict_are_counted_and_shown() {
    let text = edit(
        r#"(when: Always, title: "Other", text: "O."),"#,
        r#"(endings: ["end-good"], title: "Other", text: "O."),"#,
    );
    let s = parse(&text);
    let a = survey(&s, 100_000);
    let bad = &a.endings["end-bad"];
    // At the bad ending only "Trusted" applies; the paths with trust below 60 have no verdict.
    assert_eq!(bad.verdicts.last().unwrap().title, None);
    assert_eq!(bad.verdicts.last().unwrap().paths, Some(2));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    std::fs::write(&path, &text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("analyze")
        .arg(&path)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.contains("NO VERDICT (no outcome matches): 2 paths"),
        "{out}"
    );
    let check = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(said.contains("warning[W010]"), "{said}");
}

#[test]
fn analyze_reports_the_dilemma_figures() {
    let s = parse(BASE);
    let d = rapport::play::analysis::dilemmas(&s);
    // At "a", "Hi" (+10) is best and costs nothing, and dominates "Go away"; at "d", "Bye" (+5)
    // is best, costs nothing and dominates "Leave".
    assert_eq!(d.decisions, 2);
    assert_eq!(d.costly_best, 0);
    assert_eq!(d.dominant, 2);
    assert_eq!(d.best_first, 2);
    assert!(!d.meets_the_bar());
    let traded = parse(&edit(
        r#"effects: {"trust": 10}, feedback: "Warm.""#,
        r#"effects: {"trust": 10, "dignity": -8}, feedback: "Warm.""#,
    ));
    let d = rapport::play::analysis::dilemmas(&traded);
    assert_eq!((d.costly_best, d.dominant), (1, 1));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    std::fs::write(
        &path,
        edit(
            r#"effects: {"trust": 10}, feedback: "Warm.""#,
            r#"effects: {"trust": 10, "dignity": -8}, feedback: "Warm.""#,
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["analyze", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["dilemmas"]["costly_best"], 1);
    assert_eq!(v["dilemmas"]["decisions"], 2);
}
