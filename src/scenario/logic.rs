//! Can a condition ever hold? Conditions are turned into disjunctive normal form and each
//! conjunction is tested against what the scenario allows: the range each score can take, the
//! flags some choice sets, the nodes a path can visit. The answer is sound: "never" means never.

use std::collections::{HashMap, HashSet};

use super::model::Condition;

/// What values are possible while playing a scenario (an over-approximation).
#[derive(Debug, Default, Clone)]
pub struct Domain<'a> {
    /// The least and greatest value each score can take.
    pub scores: HashMap<&'a str, (i64, i64)>,
    /// Flags that some choice sets.
    pub settable: HashSet<&'a str>,
    /// Nodes that some path can visit.
    pub visitable: HashSet<&'a str>,
    /// Nodes that every session has visited (the start).
    pub always_visited: HashSet<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lit<'a> {
    AtLeast(&'a str, i64),
    Below(&'a str, i64),
    Flag(&'a str, bool),
    Visited(&'a str, bool),
}

/// Past this many conjunctions the normal form is not built and the condition is assumed possible.
const MAX_TERMS: usize = 4096;

type Dnf<'a> = Vec<Vec<Lit<'a>>>;

impl<'a> Domain<'a> {
    /// Whether `c` can hold in some state of the scenario.
    pub fn can_hold(&self, c: &'a Condition) -> bool {
        dnf(c, false).is_none_or(|terms| terms.iter().any(|t| self.feasible(t)))
    }

    /// Whether `c` holds in every state of the scenario.
    pub fn always_holds(&self, c: &'a Condition) -> bool {
        dnf(c, true).is_some_and(|terms| !terms.iter().any(|t| self.feasible(t)))
    }

    fn feasible(&self, term: &[Lit<'a>]) -> bool {
        let mut ranges: HashMap<&str, (i64, i64)> = HashMap::new();
        let mut flags: HashMap<&str, bool> = HashMap::new();
        let mut visits: HashMap<&str, bool> = HashMap::new();
        for lit in term {
            match *lit {
                Lit::AtLeast(s, n) | Lit::Below(s, n) => {
                    let Some(&full) = self.scores.get(s) else {
                        continue; // an unknown score is reported elsewhere
                    };
                    let r = ranges.entry(s).or_insert(full);
                    if matches!(lit, Lit::AtLeast(..)) {
                        r.0 = r.0.max(n);
                    } else {
                        r.1 = r.1.min(n.saturating_sub(1));
                    }
                    if r.0 > r.1 {
                        return false;
                    }
                }
                Lit::Flag(f, want) => {
                    if want && !self.settable.contains(f) {
                        return false;
                    }
                    if *flags.entry(f).or_insert(want) != want {
                        return false;
                    }
                }
                Lit::Visited(n, want) => {
                    if want && !self.visitable.contains(n)
                        || !want && self.always_visited.contains(n)
                    {
                        return false;
                    }
                    if *visits.entry(n).or_insert(want) != want {
                        return false;
                    }
                }
            }
        }
        true
    }
}

/// `c` (or its negation) as a disjunction of conjunctions; `None` when that grows too large.
fn dnf(c: &Condition, negate: bool) -> Option<Dnf<'_>> {
    let lit = |l| Some(vec![vec![l]]);
    match c {
        Condition::Always if negate => Some(vec![]),
        Condition::Always => Some(vec![vec![]]),
        Condition::ScoreAtLeast(s, n) if negate => lit(Lit::Below(s.as_str(), *n)),
        Condition::ScoreAtLeast(s, n) => lit(Lit::AtLeast(s.as_str(), *n)),
        Condition::ScoreBelow(s, n) if negate => lit(Lit::AtLeast(s.as_str(), *n)),
        Condition::ScoreBelow(s, n) => lit(Lit::Below(s.as_str(), *n)),
        Condition::Flag(f) => lit(Lit::Flag(f.as_str(), !negate)),
        Condition::NotFlag(f) => lit(Lit::Flag(f.as_str(), negate)),
        Condition::Visited(n) => lit(Lit::Visited(n.as_str(), !negate)),
        Condition::Not(inner) => dnf(inner, !negate),
        Condition::All(items) if !negate => product(items, negate),
        Condition::Any(items) if negate => product(items, negate),
        Condition::All(items) | Condition::Any(items) => {
            let mut out = Vec::new();
            for item in items {
                out.extend(dnf(item, negate)?);
                if out.len() > MAX_TERMS {
                    return None;
                }
            }
            Some(out)
        }
    }
}

/// Past this many literals in all the conjunctions together, the normal form is not built either.
const MAX_LITERALS: usize = 1 << 22;

fn product(items: &[Condition], negate: bool) -> Option<Dnf<'_>> {
    let mut acc: Dnf<'_> = vec![vec![]];
    for item in items {
        let mut terms = dnf(item, negate)?;
        if acc.len().saturating_mul(terms.len()) > MAX_TERMS {
            return None;
        }
        if terms.len() == 1 {
            // One conjunction: extend each term in place, so a long `All` stays linear.
            let term = terms.pop().unwrap_or_default();
            let size: usize = acc.iter().map(Vec::len).sum();
            if size.saturating_add(acc.len().saturating_mul(term.len())) > MAX_LITERALS {
                return None;
            }
            for a in &mut acc {
                a.extend_from_slice(&term);
            }
            continue;
        }
        let size: usize =
            acc.iter().map(Vec::len).sum::<usize>() + terms.iter().map(Vec::len).sum::<usize>();
        if size.saturating_mul(terms.len().max(acc.len())) > MAX_LITERALS {
            return None;
        }
        acc = acc
            .iter()
            .flat_map(|a| {
                terms
                    .iter()
                    .map(move |t| a.iter().chain(t).copied().collect())
            })
            .collect();
    }
    Some(acc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::{Flag, NodeId, ScoreId};

    fn domain() -> Domain<'static> {
        Domain {
            scores: [("trust", (0, 100)), ("calm", (50, 50))]
                .into_iter()
                .collect(),
            settable: ["asked"].into_iter().collect(),
            visitable: ["a", "b"].into_iter().collect(),
            always_visited: ["a"].into_iter().collect(),
        }
    }

    fn at_least(s: &str, n: i64) -> Condition {
        Condition::ScoreAtLeast(ScoreId(s.into()), n)
    }

    fn below(s: &str, n: i64) -> Condition {
        Condition::ScoreBelow(ScoreId(s.into()), n)
    }

    #[test]
    fn score_bounds() {
        let d = domain();
        assert!(d.can_hold(&at_least("trust", 100)));
        assert!(!d.can_hold(&at_least("trust", 101)));
        assert!(!d.can_hold(&below("trust", 0)));
        assert!(!d.can_hold(&at_least("calm", 51)));
        assert!(d.always_holds(&at_least("calm", 50)));
        assert!(!d.can_hold(&Condition::All(vec![
            at_least("trust", 60),
            below("trust", 40)
        ])));
        assert!(d.can_hold(&Condition::Any(vec![
            at_least("trust", 60),
            below("trust", 40)
        ])));
        assert!(!d.can_hold(&Condition::Not(Box::new(Condition::Always))));
        assert!(d.always_holds(&Condition::Any(vec![
            at_least("trust", 50),
            below("trust", 50)
        ])));
    }

    #[test]
    fn flags_and_visits() {
        let d = domain();
        assert!(!d.can_hold(&Condition::Flag(Flag("never".into()))));
        assert!(d.always_holds(&Condition::NotFlag(Flag("never".into()))));
        assert!(!d.can_hold(&Condition::All(vec![
            Condition::Flag(Flag("asked".into())),
            Condition::NotFlag(Flag("asked".into())),
        ])));
        assert!(!d.can_hold(&Condition::Visited(NodeId("z".into()))));
        assert!(d.always_holds(&Condition::Visited(NodeId("a".into()))));
        assert!(
            d.can_hold(&Condition::Not(Box::new(Condition::Visited(NodeId(
                "b".into()
            )))))
        );
    }

    #[test]
    fn huge_conditions_are_assumed_possible() {
        let wide = Condition::All(
            (0..20)
                .map(|_| Condition::Any(vec![at_least("trust", 1), at_least("trust", 2)]))
                .collect(),
        );
        assert!(d_can(&wide));
    }

    fn d_can(c: &Condition) -> bool {
        domain().can_hold(c)
    }
}
