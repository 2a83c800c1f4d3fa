//! The bundled library meets the quality bar: every scenario checks clean, has enough nodes,
//! endings, outcomes and decisions, real dilemmas, feedback and principles on every choice, and
//! plays to the expected ending on a strong and a weak path.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use rapport::play::Session;
use rapport::play::analysis::dilemmas;
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

/// The guidance the catalogue draws on: the course texts, and the UK law and standards that
/// current practice rests on.
const GUIDANCE: [&str; 9] = [
    "Maintaining positive relationships in health and social care",
    "What are meaningful relationships in health and social care?",
    "Building positive relationships in social work",
    "Types of relationship in health and social care",
    "The importance of human relationships in social work",
    "Mental Capacity Act 2005",
    "Accessible Information Standard",
    "Whistleblowing and speaking-up policy",
    "Equality Act 2010",
];

#[test]
fn there_are_at_least_sixteen_scenarios_covering_every_relationship_type() {
    let all = library();
    assert!(all.len() >= 16, "{} scenarios", all.len());
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
        .find(|s| s.id == "the-handover-row")
        .expect("a conflict between staff");
    assert_eq!(conflict.relationship, Some(Relationship::Team));
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

/// The three scenarios the brief names, which a trainer opens first: an anxious service user in
/// social care, a conflict between staff, and a gift that tests a boundary.
const FLAGSHIPS: [&str; 3] = ["twenty-to-eleven", "the-handover-row", "the-brooch"];

#[test]
fn the_flagship_scenarios_are_the_fullest() {
    let mut failures = Vec::new();
    for id in FLAGSHIPS {
        let s = by_id(id);
        let x = explore(&s, 2_000_000);
        if s.nodes.len() < 20 {
            failures.push(format!("{id}: {} nodes, fewer than 20", s.nodes.len()));
        }
        if x.reachable_endings() < 4 {
            failures.push(format!("{id}: {} reachable endings", x.reachable_endings()));
        }
        let notes = s
            .nodes
            .iter()
            .filter(|n| n.facilitator_note.is_some())
            .count();
        if notes < 3 {
            failures.push(format!("{id}: {notes} facilitator notes"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
        let mut best_positions = BTreeSet::new();
        let mut locked = 0;
        let mut notes = 0;
        for n in &s.nodes {
            notes += usize::from(n.facilitator_note.is_some());
            let Some(NodeKind::Choices(choices)) = n.kind() else {
                continue;
            };
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
            let total =
                |c: &rapport::scenario::Choice| c.effects.iter().map(|(_, d)| d).sum::<i64>();
            if let Some(best) =
                (0..choices.len()).max_by_key(|&i| (total(&choices[i]), std::cmp::Reverse(i)))
            {
                best_positions.insert(best);
            }
        }
        let d = dilemmas(&s);
        if !d.meets_the_bar() {
            fail(format!(
                "not enough real dilemmas: of {} decisions, {} have a best option with a cost (at least a third), {} a dominant option (at most a fifth)",
                d.decisions, d.costly_best, d.dominant
            ));
        }
        if !s.shuffle_choices {
            fail("choices are not shuffled".into());
        }
        let trust = s.scores.iter().position(|sc| sc.id.as_str() == "trust");
        if let Some(Some((_, route))) = trust.map(|k| &x.best[k]) {
            for (node, choice) in &route.choices {
                let lowers = s
                    .node(node)
                    .and_then(|n| n.choices.as_ref())
                    .and_then(|c| c.get(choice - 1))
                    .is_some_and(|c| c.effects.get("boundaries") < 0);
                if lowers {
                    fail(format!(
                        "the path to the highest trust breaches a boundary at {node}:{choice}"
                    ));
                }
            }
        }
        for n in s.nodes.iter() {
            let Some(NodeKind::Choices(choices)) = n.kind() else {
                continue;
            };
            if choices.iter().all(|c| c.requires.is_some()) {
                fail(format!("every choice at {} can be locked", n.id));
            }
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

/// What `tests/library/<id>.ron` holds: the reviewed (ending, verdict) pairs of one scenario and
/// paths that must reach a given ending and verdict.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    pairs: Vec<(String, String)>,
    paths: Vec<ExpectedPath>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedPath {
    name: String,
    seed: u64,
    choices: Vec<usize>,
    ending: String,
    outcome: String,
}

fn expected(id: &str) -> Expected {
    let path = format!("tests/library/{id}.ron");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (every scenario has its reviewed pairs)"));
    ron::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every (ending, verdict) pair that some path reaches is one a reviewer read and wrote down, so
/// an edit that creates a new pair (perhaps a contradiction) fails until someone looks at it.
#[test]
fn every_ending_verdict_pair_was_reviewed() {
    let mut failures = Vec::new();
    for (_, s) in library() {
        let x = explore(&s, 2_000_000);
        let got: BTreeSet<(String, Option<String>)> = x
            .pairs()
            .into_iter()
            .map(|(e, o)| (e.to_owned(), o.map(str::to_owned)))
            .collect();
        let want: BTreeSet<(String, Option<String>)> = expected(&s.id)
            .pairs
            .into_iter()
            .map(|(e, o)| (e, Some(o)))
            .collect();
        for extra in got.difference(&want) {
            failures.push(format!("{}: reachable but not reviewed: {extra:?}", s.id));
        }
        for missing in want.difference(&got) {
            failures.push(format!("{}: reviewed but not reachable: {missing:?}", s.id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn strong_and_weak_paths_reach_the_expected_ending_and_outcome() {
    let mut failures = Vec::new();
    for (_, scenario) in library() {
        let id = scenario.id.clone();
        let scenario = Arc::new(scenario);
        let paths = expected(&id).paths;
        for kind in ["strong", "weak"] {
            if !paths.iter().any(|p| p.name == kind) {
                failures.push(format!("{id}: no {kind} path"));
            }
        }
        for p in paths {
            match Session::replay(Arc::clone(&scenario), p.seed, &p.choices) {
                Ok(s) => {
                    let got = (
                        s.is_finished().then(|| s.node().id.0.clone()),
                        s.outcome().map(|o| o.title),
                    );
                    if got != (Some(p.ending.clone()), Some(p.outcome.clone())) {
                        failures.push(format!(
                            "{id} {} {:?}: got {got:?}, expected ({}, {})",
                            p.name, p.choices, p.ending, p.outcome
                        ));
                    }
                }
                Err(e) => failures.push(format!("{id} {:?}: {e}", p.choices)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
