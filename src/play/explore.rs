//! Every way through a scenario: each available choice (conditions evaluated on the real scores
//! and flags) and both sides of every chance node, up to a limit on the number of paths. What
//! each ending can be reached with, and which outcomes can follow.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::condition::{Facts, holds};
use crate::scenario::{NodeKind, Scenario};

/// Beyond this many steps a path is cut off (a loop that never ends), and the result is inexact.
const MAX_PATH_STEPS: usize = 400;

/// What is known about one ending.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndingStats {
    /// How many distinct paths arrive here (chance branches count as separate paths).
    pub paths: u64,
    /// The least and greatest value of each score on arrival, in the scenario's score order.
    pub scores: Vec<(String, i64, i64)>,
    /// The outcomes that can follow this ending, with how many paths reach each.
    pub outcomes: BTreeMap<String, u64>,
    /// How many paths end here with no outcome matching.
    pub no_outcome: u64,
    /// The fewest and most decisions on a path here.
    pub decisions: (usize, usize),
    /// The chance that random play ends here, from 0 to 1: every available choice equally
    /// likely, chance branches by their weights.
    pub chance: f64,
}

/// One way through a scenario, enough to replay it whatever the seed: the choices made, the
/// branch taken at each chance node, and the ending reached.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Route {
    /// (decision node id, choice number as authored), in order.
    pub choices: Vec<(String, usize)>,
    /// (chance node id, the node its branch led to), in order.
    pub chances: Vec<(String, String)>,
    /// The ending node reached.
    pub ending: String,
}

/// The result of exploring a scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exploration {
    /// True when every path was followed to its end; false when the path limit was reached or a
    /// path was cut off in a loop.
    pub exact: bool,
    /// Every path followed, whether it reached an ending, stopped at a dead end or was cut off:
    /// the limit counts them all.
    pub paths: u64,
    /// Keyed by ending node id; every ending node of the scenario is present, reached or not.
    pub endings: BTreeMap<String, EndingStats>,
    /// For each decision node reached: how many times each choice was available on some path.
    pub offered: BTreeMap<String, Vec<u64>>,
    /// Decisions where some path found every choice locked, with how many paths stop there.
    pub dead_ends: BTreeMap<String, u64>,
    /// For each dead end: the chance that random play stops there (see [`EndingStats::chance`]).
    pub dead_end_chances: BTreeMap<String, f64>,
    /// For each score (in the scenario's order): the highest final value and a route to it.
    pub best: Vec<Option<(i64, Route)>>,
    /// For each score: the lowest final value and a route to it.
    pub worst: Vec<Option<(i64, Route)>>,
}

impl Exploration {
    pub fn reachable_endings(&self) -> usize {
        self.endings.values().filter(|e| e.paths > 0).count()
    }

    pub fn outcomes(&self) -> BTreeSet<&str> {
        self.endings
            .values()
            .flat_map(|e| e.outcomes.keys().map(String::as_str))
            .collect()
    }

    /// Every reachable (ending, outcome) pair; `None` stands for a path that ends with no outcome.
    pub fn pairs(&self) -> BTreeSet<(&str, Option<&str>)> {
        self.endings
            .iter()
            .flat_map(|(id, e)| {
                let none = (e.no_outcome > 0).then_some((id.as_str(), None));
                e.outcomes
                    .keys()
                    .map(move |o| (id.as_str(), Some(o.as_str())))
                    .chain(none)
            })
            .collect()
    }

    /// The fewest decisions on any path to any ending.
    pub fn min_decisions(&self) -> Option<usize> {
        self.endings
            .values()
            .filter(|e| e.paths > 0)
            .map(|e| e.decisions.0)
            .min()
    }
}

#[derive(Clone)]
struct State<'a> {
    scores: Vec<i64>,
    flags: BTreeSet<&'a str>,
    visited: BTreeSet<usize>,
    decisions: usize,
    steps: usize,
    /// The choices taken so far: (node index, choice number as authored).
    taken: Vec<(usize, usize)>,
    /// The chance branches taken so far: (chance node index, the node the branch led to).
    drawn: Vec<(usize, usize)>,
    /// The chance of this path under random play.
    chance: f64,
}

struct Ctx<'a> {
    s: &'a Scenario,
    index: &'a HashMap<&'a str, usize>,
    state: &'a State<'a>,
}

impl Facts for Ctx<'_> {
    fn score(&self, id: &str) -> Option<i64> {
        self.s
            .scores
            .iter()
            .position(|s| s.id.as_str() == id)
            .map(|i| self.state.scores[i])
    }

    fn flag(&self, flag: &str) -> bool {
        self.state.flags.contains(flag)
    }

    fn visited(&self, node: &str) -> bool {
        self.index
            .get(node)
            .is_some_and(|i| self.state.visited.contains(i))
    }
}

/// Explore every path, stopping after `max_paths` complete paths.
pub fn explore(s: &Scenario, max_paths: u64) -> Exploration {
    let mut index = HashMap::new();
    for (i, n) in s.nodes.iter().enumerate() {
        index.entry(n.id.as_str()).or_insert(i);
    }
    let mut out = Exploration {
        exact: true,
        ..Exploration::default()
    };
    for n in &s.nodes {
        if n.ending.is_some() {
            out.endings.insert(n.id.0.clone(), EndingStats::default());
        }
    }
    let Some(&start) = index.get(s.start.as_str()) else {
        return out;
    };
    let state = State {
        scores: s.scores.iter().map(|sc| sc.clamp(sc.start)).collect(),
        flags: BTreeSet::new(),
        visited: BTreeSet::new(),
        decisions: 0,
        steps: 0,
        taken: Vec::new(),
        drawn: Vec::new(),
        chance: 1.0,
    };
    out.best = vec![None; s.scores.len()];
    out.worst = vec![None; s.scores.len()];
    // Depth-first with an explicit stack, so long scenarios cannot overflow the call stack.
    let mut stack = vec![(start, state)];
    while let Some((node, mut state)) = stack.pop() {
        if out.paths >= max_paths {
            out.exact = false;
            break;
        }
        state.steps += 1;
        if state.steps > MAX_PATH_STEPS {
            out.exact = false;
            out.paths += 1;
            continue;
        }
        state.visited.insert(node);
        let n = &s.nodes[node];
        match n.kind() {
            Some(NodeKind::Next(next)) => {
                if let Some(&to) = index.get(next.as_str()) {
                    stack.push((to, state));
                }
            }
            Some(NodeKind::Chance(branches)) => {
                let total = branches
                    .iter()
                    .filter(|b| b.weight > 0)
                    .fold(0.0, |sum, b| sum + b.weight as f64);
                for b in branches.iter().filter(|b| b.weight > 0) {
                    if let Some(&to) = index.get(b.next.as_str()) {
                        let mut next = state.clone();
                        next.chance *= b.weight as f64 / total;
                        next.drawn.push((node, to));
                        stack.push((to, next));
                    }
                }
            }
            Some(NodeKind::Choices(choices)) => {
                let offered = out
                    .offered
                    .entry(n.id.0.clone())
                    .or_insert_with(|| vec![0; choices.len()]);
                let ctx = Ctx {
                    s,
                    index: &index,
                    state: &state,
                };
                let available: Vec<usize> = (0..choices.len())
                    .filter(|&i| choices[i].requires.as_ref().is_none_or(|c| holds(c, &ctx)))
                    .collect();
                if available.is_empty() {
                    out.paths += 1;
                    *out.dead_ends.entry(n.id.0.clone()).or_default() += 1;
                    *out.dead_end_chances.entry(n.id.0.clone()).or_default() += state.chance;
                }
                let share = 1.0 / available.len().max(1) as f64;
                for &i in &available {
                    offered[i] += 1;
                    let c = &choices[i];
                    let Some(&to) = c.next.as_ref().and_then(|t| index.get(t.as_str())) else {
                        continue;
                    };
                    let mut next = state.clone();
                    for (id, delta) in c.effects.iter() {
                        if let Some(k) = s.scores.iter().position(|sc| &sc.id == id) {
                            next.scores[k] =
                                s.scores[k].clamp(next.scores[k].saturating_add(delta));
                        }
                    }
                    for f in &c.set {
                        next.flags.insert(f.as_str());
                    }
                    for f in &c.unset {
                        next.flags.remove(f.as_str());
                    }
                    next.decisions += 1;
                    next.chance *= share;
                    next.taken.push((node, i + 1));
                    stack.push((to, next));
                }
            }
            Some(NodeKind::Ending(_)) => {
                out.paths += 1;
                let ctx = Ctx {
                    s,
                    index: &index,
                    state: &state,
                };
                let outcome = s
                    .verdict_at(n.id.as_str(), |c| holds(c, &ctx))
                    .map(|o| o.title.clone());
                let stats = out.endings.entry(n.id.0.clone()).or_default();
                if stats.paths == 0 {
                    stats.scores = s
                        .scores
                        .iter()
                        .zip(&state.scores)
                        .map(|(sc, v)| (sc.id.0.clone(), *v, *v))
                        .collect();
                    stats.decisions = (state.decisions, state.decisions);
                } else {
                    for ((_, lo, hi), v) in stats.scores.iter_mut().zip(&state.scores) {
                        *lo = (*lo).min(*v);
                        *hi = (*hi).max(*v);
                    }
                    stats.decisions = (
                        stats.decisions.0.min(state.decisions),
                        stats.decisions.1.max(state.decisions),
                    );
                }
                stats.paths += 1;
                stats.chance += state.chance;
                match outcome {
                    Some(title) => *stats.outcomes.entry(title).or_default() += 1,
                    None => stats.no_outcome += 1,
                }
                let named = || Route {
                    choices: state
                        .taken
                        .iter()
                        .map(|&(n, c)| (s.nodes[n].id.0.clone(), c))
                        .collect(),
                    chances: state
                        .drawn
                        .iter()
                        .map(|&(n, to)| (s.nodes[n].id.0.clone(), s.nodes[to].id.0.clone()))
                        .collect(),
                    ending: n.id.0.clone(),
                };
                for (k, &v) in state.scores.iter().enumerate() {
                    if out.best[k].as_ref().is_none_or(|(b, _)| v > *b) {
                        out.best[k] = Some((v, named()));
                    }
                    if out.worst[k].as_ref().is_none_or(|(w, _)| v < *w) {
                        out.worst[k] = Some((v, named()));
                    }
                }
            }
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::play::synthetic::{Synthetic, generate};

    #[test]
    fn explores_generated_scenarios_and_stops_at_the_limit() {
        let text = generate(Synthetic {
            nodes: 12,
            cycles: false,
            seed: 2,
        });
        let s = crate::scenario::load::parse_scenario(&text).unwrap();
        let all = explore(&s, 1_000_000);
        assert!(all.exact);
        assert!(all.paths > 10);
        let limited = explore(&s, 5);
        assert!(!limited.exact);
        assert_eq!(limited.paths, 5);
    }
}
