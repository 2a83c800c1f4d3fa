//! The bundled library meets the quality bar: every scenario checks clean, has enough nodes,
//! endings, outcomes and decisions, real dilemmas, feedback and principles on every choice, and
//! plays to the expected ending on a strong and a weak path.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use rapport::play::Session;
use rapport::play::explore::explore;
use rapport::scenario::{CheckOptions, NodeKind, Relationship, Scenario, Severity, check_paths};

fn library() -> Vec<(PathBuf, Scenario)> {
    let report = check_paths(&[PathBuf::from("scenarios")], &CheckOptions::default());
    let problems: Vec<String> = report
        .diagnostics()
        .filter(|(d, _)| d.severity != Severity::Note)
        .map(|(d, _)| d.headline())
        .collect();
    assert!(
        problems.is_empty(),
        "the bundled library must check clean:\n{}",
        problems.join("\n")
    );
    report
        .scenarios
        .into_iter()
        .map(|f| (f.path, f.checked.scenario.expect("parsed")))
        .collect()
}

fn by_id(id: &str) -> Arc<Scenario> {
    Arc::new(
        library()
            .into_iter()
            .map(|(_, s)| s)
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no scenario {id}")),
    )
}

const GUIDANCE: [&str; 5] = [
    "Maintaining positive relationships in health and social care",
    "What are meaningful relationships in health and social care?",
    "Building positive relationships in social work",
    "Types of relationship in health and social care",
    "The importance of human relationships in social work",
];

#[test]
fn there_are_at_least_ten_scenarios_covering_every_relationship_type() {
    let all = library();
    assert!(all.len() >= 10, "{} scenarios", all.len());
    let covered: BTreeSet<Relationship> = all.iter().filter_map(|(_, s)| s.relationship).collect();
    for r in Relationship::ALL
        .iter()
        .filter(|r| **r != Relationship::Team)
    {
        assert!(
            covered.contains(r),
            "no scenario has the {r:?} relationship"
        );
    }
}

#[test]
fn the_required_scenarios_are_there() {
    let all = library();
    let conflict = all
        .iter()
        .map(|(_, s)| s)
        .find(|s| s.relationship == Some(Relationship::Team))
        .expect("a conflict between staff");
    assert!(
        conflict.score("teamwork").is_some(),
        "the staff conflict has a teamwork scale"
    );
    let texts: String = all
        .iter()
        .map(|(_, s)| format!("{} {}", s.title, s.summary).to_lowercase())
        .collect();
    for topic in ["gift", "anxious", "disagree"] {
        assert!(texts.contains(topic), "no scenario is about {topic}");
    }
}

#[test]
fn every_scenario_meets_the_quality_bar() {
    let mut failures = Vec::new();
    for (path, s) in library() {
        let mut fail = |why: String| failures.push(format!("{}: {why}", path.display()));
        for id in ["trust", "dignity", "boundaries"] {
            if s.score(id).is_none() {
                fail(format!("no {id} score"));
            }
        }
        if s.nodes.len() < 15 {
            fail(format!("{} nodes, fewer than 15", s.nodes.len()));
        }
        if s.relationship.is_none()
            || s.objectives.is_empty()
            || s.duration_minutes.is_none()
            || s.setting.is_none()
        {
            fail("relationship, objectives, duration and setting are expected".into());
        }
        let x = explore(&s, 2_000_000);
        if !x.exact {
            fail("too many paths to explore".into());
        }
        if x.reachable_endings() < 3 {
            fail(format!("{} reachable endings", x.reachable_endings()));
        }
        if x.outcomes().len() < 3 {
            fail(format!(
                "{} reachable outcomes: {:?}",
                x.outcomes().len(),
                x.outcomes()
            ));
        }
        if x.min_decisions().is_none_or(|d| d < 3) {
            fail(format!(
                "a path reaches an ending after {:?} decisions",
                x.min_decisions()
            ));
        }
        let mut decisions = 0;
        let mut traded = 0;
        let mut best_positions = BTreeSet::new();
        let mut locked = 0;
        let mut notes = 0;
        for n in &s.nodes {
            notes += usize::from(n.facilitator_note.is_some());
            let Some(NodeKind::Choices(choices)) = n.kind() else {
                continue;
            };
            decisions += 1;
            if !(2..=4).contains(&choices.len()) {
                fail(format!("node {} has {} choices", n.id, choices.len()));
            }
            if n.narration.is_none() {
                fail(format!(
                    "decision {} has no narration (non-verbal cues)",
                    n.id
                ));
            }
            for (i, c) in choices.iter().enumerate() {
                let words = c
                    .feedback
                    .as_deref()
                    .unwrap_or("")
                    .split_whitespace()
                    .count();
                if !(8..=90).contains(&words) {
                    fail(format!(
                        "choice {} at {} has {words} words of feedback",
                        i + 1,
                        n.id
                    ));
                }
                if c.principles.is_empty() {
                    fail(format!("choice {} at {} cites no principle", i + 1, n.id));
                }
                locked += usize::from(c.requires.is_some() && c.locked_hint.is_some());
            }
            let effect = |c: &rapport::scenario::Choice, id: &str| c.effects.get(id);
            let dominates = |a: usize| {
                (0..choices.len()).filter(|&b| b != a).all(|b| {
                    s.scores.iter().all(|sc| {
                        effect(&choices[a], sc.id.as_str()) >= effect(&choices[b], sc.id.as_str())
                    })
                })
            };
            if !(0..choices.len()).any(dominates) {
                traded += 1;
            }
            let total =
                |c: &rapport::scenario::Choice| c.effects.iter().map(|(_, d)| d).sum::<i64>();
            if let Some(best) =
                (0..choices.len()).max_by_key(|&i| (total(&choices[i]), std::cmp::Reverse(i)))
            {
                best_positions.insert(best);
            }
        }
        if traded * 3 < decisions {
            fail(format!(
                "only {traded} of {decisions} decisions are real dilemmas (no choice best on every scale)"
            ));
        }
        if best_positions.len() < 2 {
            fail(format!(
                "the best choice is always in position {best_positions:?}"
            ));
        }
        if locked == 0 {
            fail("no locked choice with a hint".into());
        }
        if notes < 2 {
            fail(format!("{notes} facilitator notes, fewer than 2"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_catalogue_names_every_principle_the_guidance_names() {
    let text = std::fs::read_to_string("scenarios/principles.ron").unwrap();
    let principles = rapport::scenario::load::parse_catalogue(&text).unwrap();
    for id in [
        "active-listening",
        "checking-understanding",
        "preferred-names",
        "respecting-beliefs",
        "professional-boundaries",
        "gifts",
        "consistency",
        "empathy",
        "confidentiality",
        "independence",
        "empowerment",
        "handling-conflict",
        "teamwork",
        "clear-information",
        "emotional-wellbeing",
        "honesty",
        "explaining-role",
        "cultural-competence",
        "non-judgement",
        "safeguarding",
        "reflection",
    ] {
        assert!(
            principles.iter().any(|p| p.id.as_str() == id),
            "the catalogue has no {id}"
        );
    }
    for p in &principles {
        assert!(
            GUIDANCE.contains(&p.source.as_str()),
            "{}: unknown source {:?}",
            p.id,
            p.source
        );
        assert!(
            p.summary.split_whitespace().count() >= 8,
            "{}: summary too short",
            p.id
        );
    }
}

#[test]
fn docs_list_every_scenario() {
    let doc = std::fs::read_to_string("docs/scenarios.md").expect("docs/scenarios.md");
    for (_, s) in library() {
        assert!(
            doc.contains(&format!("`{}`", s.id)),
            "docs/scenarios.md does not list {}",
            s.id
        );
    }
}

/// (scenario, seed, choices as authored, ending, outcome)
const PATHS: &[(&str, u64, &[usize], &str, &str)] = &[
    (
        "the-brooch",
        0,
        &[2, 1, 1, 1, 1, 1],
        "end-warm",
        "Kind and clear",
    ), // strong
    (
        "the-brooch",
        0,
        &[3, 3, 3],
        "end-secret",
        "The line was crossed",
    ), // weak
    (
        "sixty-one-years",
        0,
        &[3, 2, 3, 2, 1],
        "end-respected",
        "Love, respected safely",
    ), // strong
    (
        "sixty-one-years",
        0,
        &[1, 2, 1, 1, 1, 2],
        "end-policed",
        "Their private life became talk",
    ), // weak
    (
        "the-new-menu",
        0,
        &[2, 2, 2, 1, 2, 1],
        "end-respected",
        "Faith and health, both respected",
    ), // strong
    (
        "the-new-menu",
        0,
        &[1, 1, 3, 2, 1, 2],
        "end-overruled",
        "A kind workaround, not a plan",
    ), // weak
    (
        "over-the-garden-wall",
        0,
        &[2, 2, 1, 2, 2, 1],
        "end-connected",
        "Discreet and caring",
    ), // strong
    (
        "over-the-garden-wall",
        0,
        &[3, 2, 3, 1, 3, 2],
        "end-too-close",
        "A confidence broken",
    ), // weak
    (
        "doing-for",
        0,
        &[2, 2, 2, 2, 1, 2],
        "end-balanced",
        "Independence, and support for both",
    ), // strong
    (
        "doing-for",
        0,
        &[1, 1, 1, 3, 2, 1],
        "end-dependent",
        "Done for, not with",
    ), // weak
    (
        "before-the-scan",
        0,
        &[1, 1, 1, 1, 1, 3],
        "end-rebooked",
        "Calm, honest and in her hands",
    ), // strong
    (
        "before-the-scan",
        0,
        &[2, 2, 2, 2, 2, 2],
        "end-struggled",
        "Pushed past a no",
    ), // weak
    (
        "first-morning",
        0,
        &[1, 3, 1, 1, 1, 1, 1],
        "end-settled",
        "Trust earned, dignity kept",
    ), // strong
    (
        "first-morning",
        0,
        &[2, 2, 2, 2, 2, 3],
        "end-blurred",
        "Warm, but the boundary slipped",
    ), // weak
    (
        "the-video-call",
        0,
        &[2, 1, 2, 1, 1, 1],
        "end-connected",
        "Caring, at a safe distance",
    ), // strong
    (
        "the-video-call",
        0,
        &[1, 2, 1, 2, 3],
        "end-blurred",
        "The line went online",
    ), // weak
    (
        "the-promise",
        0,
        &[2, 3, 2, 1, 1, 2],
        "end-safe",
        "Safe, and still trusting you",
    ), // strong
    (
        "the-promise",
        0,
        &[1, 1, 1, 2, 2],
        "end-danger",
        "A secret that left her at risk",
    ), // weak
    (
        "the-first-knock",
        0,
        &[2, 3, 2, 2, 2, 2, 2],
        "end-partnership",
        "Trust, honestly built",
    ), // strong
    (
        "the-first-knock",
        0,
        &[1, 1, 1, 1, 1, 1, 1],
        "end-escalated",
        "A promise you couldn't keep",
    ), // weak
    (
        "the-handover-row",
        0,
        &[1, 1, 2, 1, 2],
        "end-united",
        "A team that sorts it out together",
    ), // strong
    (
        "the-handover-row",
        0,
        &[3, 2, 1, 2, 3],
        "end-split",
        "Blame got in the way",
    ), // weak
];

#[test]
fn strong_and_weak_paths_reach_the_expected_ending_and_outcome() {
    let mut failures = Vec::new();
    for &(id, seed, choices, ending, outcome) in PATHS {
        let scenario = by_id(id);
        match Session::replay(scenario, seed, choices) {
            Ok(s) => {
                let got = (
                    s.is_finished().then(|| s.node().id.0.clone()),
                    s.outcome().map(|o| o.title),
                );
                if got != (Some(ending.to_owned()), Some(outcome.to_owned())) {
                    failures.push(format!(
                        "{id} {choices:?}: got {got:?}, expected ({ending}, {outcome})"
                    ));
                }
            }
            Err(e) => failures.push(format!("{id} {choices:?}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
