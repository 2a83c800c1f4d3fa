//! Evaluating conditions on a session's state, and saying in words why one does not hold.

use crate::scenario::{Condition, Scenario};

/// What conditions are evaluated against.
pub trait Facts {
    fn score(&self, id: &str) -> Option<i64>;
    fn flag(&self, flag: &str) -> bool;
    fn visited(&self, node: &str) -> bool;
}

/// Whether `c` holds. A score the scenario does not define never satisfies a score test.
pub fn holds(c: &Condition, facts: &impl Facts) -> bool {
    match c {
        Condition::Always => true,
        Condition::ScoreAtLeast(s, n) => facts.score(s.as_str()).is_some_and(|v| v >= *n),
        Condition::ScoreBelow(s, n) => facts.score(s.as_str()).is_some_and(|v| v < *n),
        Condition::Flag(f) => facts.flag(f.as_str()),
        Condition::NotFlag(f) => !facts.flag(f.as_str()),
        Condition::Visited(n) => facts.visited(n.as_str()),
        Condition::All(items) => items.iter().all(|c| holds(c, facts)),
        Condition::Any(items) => items.iter().any(|c| holds(c, facts)),
        Condition::Not(inner) => !holds(inner, facts),
    }
}

/// The condition in plain words, for a trainee or an author: "Trust at least 60".
pub fn describe(c: &Condition, scenario: &Scenario) -> String {
    let label = |id: &str| {
        scenario
            .score(id)
            .map_or_else(|| id.to_owned(), |s| s.label.clone())
    };
    let list = |items: &[Condition], joiner: &str| {
        items
            .iter()
            .map(|c| describe(c, scenario))
            .collect::<Vec<_>>()
            .join(joiner)
    };
    match c {
        Condition::Always => "always".to_owned(),
        Condition::ScoreAtLeast(s, n) => format!("{} at least {n}", label(s.as_str())),
        Condition::ScoreBelow(s, n) => format!("{} below {n}", label(s.as_str())),
        Condition::Flag(f) => format!("the flag \"{f}\" is set"),
        Condition::NotFlag(f) => format!("the flag \"{f}\" is not set"),
        Condition::Visited(n) => format!("the node \"{n}\" has been visited"),
        Condition::All(items) => format!("({})", list(items, " and ")),
        Condition::Any(items) => format!("({})", list(items, " or ")),
        Condition::Not(inner) => describe_not(inner, scenario),
    }
}

/// `Not(inner)` in plain words: "the flag \"x\" is not set" rather than "not the flag \"x\" is
/// set" where there are words for it.
fn describe_not(inner: &Condition, scenario: &Scenario) -> String {
    match inner {
        Condition::Always => "never".to_owned(),
        Condition::ScoreAtLeast(s, n) => describe(&Condition::ScoreBelow(s.clone(), *n), scenario),
        Condition::ScoreBelow(s, n) => describe(&Condition::ScoreAtLeast(s.clone(), *n), scenario),
        Condition::Flag(f) => describe(&Condition::NotFlag(f.clone()), scenario),
        Condition::NotFlag(f) => describe(&Condition::Flag(f.clone()), scenario),
        Condition::Visited(n) => format!("the node \"{n}\" has not been visited"),
        Condition::Not(twice) => describe(twice, scenario),
        Condition::All(_) | Condition::Any(_) => format!("not {}", describe(inner, scenario)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Flag, NodeId, ScoreId};

    fn scenario() -> Scenario {
        let text = concat!(
            "(id: \"t\", title: \"T\", summary: \"S\", ",
            "scores: [(id: \"trust\", label: \"Trust\", start: 50)], characters: [], ",
            "start: \"a\", nodes: [(id: \"a\", ending: (title: \"E\", summary: \"E\"))])",
        );
        crate::scenario::check_source(text, None)
            .scenario
            .expect("the test scenario parses")
    }

    #[test]
    fn a_negation_reads_as_plain_words() {
        let s = scenario();
        let not = |c: Condition| describe(&Condition::Not(Box::new(c)), &s);
        assert_eq!(
            not(Condition::Visited(NodeId::from("call"))),
            "the node \"call\" has not been visited"
        );
        assert_eq!(
            not(Condition::Flag(Flag::from("x"))),
            "the flag \"x\" is not set"
        );
        assert_eq!(
            not(Condition::NotFlag(Flag::from("x"))),
            "the flag \"x\" is set"
        );
        assert_eq!(
            not(Condition::ScoreAtLeast(ScoreId::from("trust"), 60)),
            "Trust below 60"
        );
        assert_eq!(
            not(Condition::ScoreBelow(ScoreId::from("trust"), 60)),
            "Trust at least 60"
        );
        assert_eq!(
            not(Condition::Any(vec![
                Condition::Flag(Flag::from("x")),
                Condition::Flag(Flag::from("y"))
            ])),
            "not (the flag \"x\" is set or the flag \"y\" is set)"
        );
    }
}
