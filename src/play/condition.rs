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
        Condition::Not(inner) => format!("not {}", describe(inner, scenario)),
    }
}
