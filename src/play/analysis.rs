//! Balance analysis for authors (`rapport analyze`): for each ending, whether it can be reached,
//! by how many paths, with what range of every score, and which outcomes can follow; the best
//! and worst path for each score; and smells, such as a choice that is never worth taking.
//!
//! Exact when every path can be explored (up to a limit); otherwise a sound over-approximation:
//! every value that can really occur lies inside the ranges reported.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::explore::{Exploration, Route, explore};
use crate::scenario::analyze::domain;
use crate::scenario::graph::Graph;
use crate::scenario::{NodeKind, Pos, Scenario};

/// At most this many distinct choices of a decision are tried as dominating the others (S001).
const MAX_DOMINATORS: usize = 64;

/// How many times a node's ranges may grow before they are widened to the scores' limits.
const WIDEN_AFTER: usize = 3;

/// Explore exactly up to this many paths; beyond that, analyse by intervals.
pub const MAX_EXACT_PATHS: u64 = 1_000_000;

/// What is known about one ending.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct EndingReport {
    pub reachable: bool,
    /// The number of distinct paths here; `None` when it cannot be counted (loops, or inexact).
    pub paths: Option<u64>,
    /// Each score's least and greatest value on arrival, in the scenario's order.
    pub scores: BTreeMap<String, [i64; 2]>,
    pub outcomes: Vec<String>,
    /// The verdicts that can follow this ending, in the order they are tried, each with its
    /// number of paths (exact analysis only); a `title` of `None` is a path with no verdict.
    pub verdicts: Vec<Verdict>,
    /// How often random play ends here, in percent: every available choice equally likely,
    /// chance branches by their weights. Exact when the analysis is; otherwise an estimate that
    /// counts every choice as available. `None` when it cannot be worked out.
    pub chance_percent: Option<f64>,
}

/// One verdict that can follow an ending.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Verdict {
    /// The outcome's title; `None` when play can end here with no outcome matching.
    pub title: Option<String>,
    /// How many paths end here with it; `None` when the analysis is approximate.
    pub paths: Option<u64>,
}

/// How far a scenario's decisions are real dilemmas (see [`dilemmas`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Dilemmas {
    /// Decision nodes.
    pub decisions: usize,
    /// Decisions where an option with the highest total effect costs something on some score.
    pub costly_best: usize,
    /// Decisions where one option is at least as good as every other on every score.
    pub dominant: usize,
    /// Decisions where the first option as authored has the highest total effect.
    pub best_first: usize,
}

impl Dilemmas {
    /// At least a third of decisions have a best option with a cost, and at most a fifth have an
    /// option that dominates.
    pub fn meets_the_bar(&self) -> bool {
        self.costly_best * 3 >= self.decisions && self.dominant * 5 <= self.decisions
    }
}

/// Count the decisions whose best option costs something, those where one option dominates
/// every other, and those whose best option is listed first. Locked options count too: they
/// are part of the decision as authored.
pub fn dilemmas(s: &Scenario) -> Dilemmas {
    let mut d = Dilemmas::default();
    for n in &s.nodes {
        let Some(NodeKind::Choices(choices)) = n.kind() else {
            continue;
        };
        if choices.is_empty() {
            continue;
        }
        d.decisions += 1;
        let total = |c: &crate::scenario::Choice| {
            c.effects
                .iter()
                .fold(0i64, |sum, (_, delta)| sum.saturating_add(delta))
        };
        let best = choices.iter().map(total).max().unwrap_or(0);
        let best_options = || choices.iter().filter(|c| total(c) == best);
        if best_options().any(|c| c.effects.iter().any(|(_, delta)| delta < 0)) {
            d.costly_best += 1;
        }
        if total(&choices[0]) == best && best_options().count() == 1 {
            d.best_first += 1;
        }
        let effect = |c: &crate::scenario::Choice, id: &str| c.effects.get(id);
        let dominates = |a: &crate::scenario::Choice| {
            choices.iter().all(|b| {
                s.scores
                    .iter()
                    .all(|sc| effect(a, sc.id.as_str()) >= effect(b, sc.id.as_str()))
            })
        };
        // Only an option with the best total can dominate; checking those keeps this linear
        // unless many options tie.
        if best_options().take(8).any(dominates) {
            d.dominant += 1;
        }
    }
    d
}

/// The choices of one path: (node id, choice number as authored).
pub type PathChoices = Vec<(String, usize)>;

/// The highest and lowest final value of one score, with a path that gets there (exact only).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Extremes {
    pub best: i64,
    pub worst: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_path: Option<PathChoices>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worst_path: Option<PathChoices>,
    /// The ending the best path reaches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_ending: Option<String>,
    /// How each chance node on the best path fell: (chance node, the node it led to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub best_chances: Option<Vec<(String, String)>>,
    /// The ending the worst path reaches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worst_ending: Option<String>,
    /// How each chance node on the worst path fell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worst_chances: Option<Vec<(String, String)>>,
}

impl Extremes {
    /// The extremes of a score from the best and worst routes found by exploring.
    fn from_routes(best: &(i64, Route), worst: &(i64, Route)) -> Self {
        Self {
            best: best.0,
            worst: worst.0,
            best_path: Some(best.1.choices.clone()),
            worst_path: Some(worst.1.choices.clone()),
            best_ending: Some(best.1.ending.clone()),
            best_chances: Some(best.1.chances.clone()),
            worst_ending: Some(worst.1.ending.clone()),
            worst_chances: Some(worst.1.chances.clone()),
        }
    }
}

/// A smell: something that plays, but probably weakens the scenario as a teaching tool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Smell {
    pub code: &'static str,
    pub message: String,
    /// Model path of the place it is about (see `scenario::spans`).
    pub path: String,
}

/// The whole analysis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    pub exact: bool,
    pub total_paths: Option<u64>,
    pub endings: BTreeMap<String, EndingReport>,
    pub extremes: BTreeMap<String, Extremes>,
    pub smells: Vec<Smell>,
    pub dilemmas: Dilemmas,
    /// Decisions where play can stop with every choice locked, with how many paths stop there
    /// (`None` when the analysis is approximate: every choice there has a condition).
    pub dead_ends: BTreeMap<String, Option<u64>>,
    /// For each dead end, how often random play stops there, in percent (exact analysis only).
    pub dead_end_chances: BTreeMap<String, f64>,
}

/// Analyse a scenario, exactly when it has at most `max_paths` paths and no loops.
pub fn survey(s: &Scenario, max_paths: u64) -> Analysis {
    let graph = Graph::new(s);
    let mut analysis = match path_counts(&graph) {
        None => intervals(s, &graph, None),
        Some(counts) => {
            let x = explore(s, max_paths.saturating_add(1));
            if x.exact && x.paths <= max_paths {
                from_exploration(s, &x)
            } else {
                intervals(s, &graph, Some(counts))
            }
        }
    };
    if !analysis.exact {
        if let Some(chances) = random_play(s, &graph) {
            for (id, e) in analysis.endings.iter_mut() {
                e.chance_percent = graph.index.get(id).map(|&i| chances[i] * 100.0);
            }
        }
        analysis.dead_ends = s
            .nodes
            .iter()
            .filter(|n| {
                n.choices
                    .as_ref()
                    .is_some_and(|c| !c.is_empty() && c.iter().all(|c| c.requires.is_some()))
            })
            .map(|n| (n.id.0.clone(), None))
            .collect();
    }
    analysis.smells = smells(s, &analysis);
    analysis.dilemmas = dilemmas(s);
    analysis
}

fn from_exploration(s: &Scenario, x: &Exploration) -> Analysis {
    let endings = x
        .endings
        .iter()
        .map(|(id, e)| {
            (
                id.clone(),
                EndingReport {
                    reachable: e.paths > 0,
                    paths: Some(e.paths),
                    scores: e
                        .scores
                        .iter()
                        .map(|(k, lo, hi)| (k.clone(), [*lo, *hi]))
                        .collect(),
                    // In the scenario's order, the order in which they are tried.
                    outcomes: s
                        .outcomes
                        .iter()
                        .filter(|o| e.outcomes.contains_key(&o.title))
                        .map(|o| o.title.clone())
                        .collect(),
                    verdicts: s
                        .outcomes
                        .iter()
                        .filter_map(|o| {
                            e.outcomes.get(&o.title).map(|&paths| Verdict {
                                title: Some(o.title.clone()),
                                paths: Some(paths),
                            })
                        })
                        .chain((e.no_outcome > 0).then_some(Verdict {
                            title: None,
                            paths: Some(e.no_outcome),
                        }))
                        .collect(),
                    chance_percent: Some(e.chance * 100.0),
                },
            )
        })
        .collect();
    let extremes = s
        .scores
        .iter()
        .enumerate()
        .filter_map(|(i, sc)| {
            let best = x.best.get(i)?.as_ref()?;
            let worst = x.worst.get(i)?.as_ref()?;
            Some((sc.id.0.clone(), Extremes::from_routes(best, worst)))
        })
        .collect();
    Analysis {
        exact: true,
        total_paths: Some(x.paths),
        dead_ends: x
            .dead_ends
            .iter()
            .map(|(id, n)| (id.clone(), Some(*n)))
            .collect(),
        dead_end_chances: x
            .dead_end_chances
            .iter()
            .map(|(id, p)| (id.clone(), p * 100.0))
            .collect(),
        endings,
        extremes,
        smells: Vec::new(),
        dilemmas: Dilemmas::default(),
    }
}

/// The number of paths from the start to each node (saturating), by dynamic programming in
/// topological order; `None` when the graph has a loop. Conditions are not evaluated, so for
/// endings it is an upper bound on the paths that can really be played.
fn path_counts(g: &Graph) -> Option<Vec<u64>> {
    let mut indegree = vec![0usize; g.len()];
    for succ in &g.succ {
        for &t in succ {
            indegree[t] += 1;
        }
    }
    let mut paths = vec![0u64; g.len()];
    if let Some(start) = g.start {
        paths[start] = 1;
    }
    let mut queue: VecDeque<usize> = (0..g.len()).filter(|&i| indegree[i] == 0).collect();
    let mut ordered = 0;
    while let Some(n) = queue.pop_front() {
        ordered += 1;
        for &t in &g.succ[n] {
            paths[t] = paths[t].saturating_add(paths[n]);
            indegree[t] -= 1;
            if indegree[t] == 0 {
                queue.push_back(t);
            }
        }
    }
    // A loop leaves nodes that never reach in-degree zero.
    (ordered == g.len()).then_some(paths)
}

/// At most this much work (a look at a node, or a move along an edge) when estimating random
/// play on a scenario with loops.
const MAX_RANDOM_PLAY_WORK: usize = 5_000_000;

/// When more than this share of random play has not reached an ending within the bound on the
/// work, the estimate is not given at all.
const MAX_RANDOM_PLAY_LEFT: f64 = 1e-4;

/// Where random play leads from each node: (node, probability) for every choice (each equally
/// likely, conditions not evaluated) or chance branch (by weight); a `next` node leads on surely.
fn random_moves(s: &Scenario, g: &Graph) -> Vec<Vec<(usize, f64)>> {
    let idx = |id: &str| g.index.get(id).copied();
    s.nodes
        .iter()
        .map(|n| match n.kind() {
            Some(NodeKind::Choices(choices)) => {
                let share = 1.0 / choices.len().max(1) as f64;
                choices
                    .iter()
                    .filter_map(|c| c.next.as_ref().and_then(|t| idx(t.as_str())))
                    .map(|t| (t, share))
                    .collect()
            }
            Some(NodeKind::Next(t)) => idx(t.as_str()).map(|t| (t, 1.0)).into_iter().collect(),
            Some(NodeKind::Chance(branches)) => {
                let total = branches
                    .iter()
                    .filter(|b| b.weight > 0)
                    .fold(0.0, |sum, b| sum + b.weight as f64);
                branches
                    .iter()
                    .filter(|b| b.weight > 0)
                    .filter_map(|b| idx(b.next.as_str()).map(|t| (t, b.weight as f64 / total)))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect()
}

/// The nodes reachable from `start`, each before the nodes it leads to except along a loop's
/// way back (reverse postorder of a depth-first walk, without recursion).
fn forward_order(g: &Graph, start: usize) -> Vec<usize> {
    let mut seen = vec![false; g.len()];
    let mut post = Vec::new();
    let mut stack = vec![(start, 0usize)];
    seen[start] = true;
    while let Some((n, next)) = stack.pop() {
        if let Some(&t) = g.succ[n].get(next) {
            stack.push((n, next + 1));
            if !seen[t] {
                seen[t] = true;
                stack.push((t, 0));
            }
        } else {
            post.push(n);
        }
    }
    post.reverse();
    post
}

/// The chance (0 to 1) that random play ends at each node, estimated on the graph with every
/// choice counted as available. The probability is carried forward through the nodes in
/// [`forward_order`], so a graph without loops needs one pass and the result is exact for it;
/// what a loop carries back is carried on by further passes, within a bound on the work. `None`
/// when loops keep too much of it going round for too long to say.
fn random_play(s: &Scenario, g: &Graph) -> Option<Vec<f64>> {
    let moves = random_moves(s, g);
    let mut ended = vec![0.0; g.len()];
    let start = g.start?;
    let order = forward_order(g, start);
    let mut here = vec![0.0; g.len()];
    here[start] = 1.0;
    let mut work = 0usize;
    let mut left = 1.0;
    while left > 1e-9 && work < MAX_RANDOM_PLAY_WORK {
        for &n in &order {
            let mass = std::mem::take(&mut here[n]);
            if mass > 0.0 {
                spread(n, mass, &moves, &mut here, &mut ended);
            }
            work += 1 + moves[n].len();
        }
        left = order.iter().map(|&n| here[n]).sum();
    }
    (left <= MAX_RANDOM_PLAY_LEFT).then_some(ended)
}

/// Move `mass` of probability from node `n` on to where it leads (into `into`), or count it as
/// ended there when it leads nowhere (an ending).
fn spread(n: usize, mass: f64, moves: &[Vec<(usize, f64)>], into: &mut [f64], ended: &mut [f64]) {
    if moves[n].is_empty() {
        ended[n] += mass;
    }
    for &(t, p) in &moves[n] {
        into[t] += mass * p;
    }
}

/// Interval analysis: the range of every score at every node, by a worklist fixpoint. Every
/// choice counts as available (conditions are not evaluated), which keeps the result sound.
/// `paths` are the path counts per node when the graph has no loops.
fn intervals(s: &Scenario, g: &Graph, paths: Option<Vec<u64>>) -> Analysis {
    let k = s.scores.len();
    let mut at: Vec<Option<Vec<(i64, i64)>>> = vec![None; g.len()];
    let Some(start) = g.start else {
        return Analysis::default();
    };
    at[start] = Some(
        s.scores
            .iter()
            .map(|sc| (sc.clamp(sc.start), sc.clamp(sc.start)))
            .collect(),
    );
    let mut queue: VecDeque<usize> = VecDeque::from([start]);
    let mut queued = vec![false; g.len()];
    queued[start] = true;
    let mut widened = vec![0usize; g.len()];
    let idx = |id: &str| g.index.get(id).copied();
    while let Some(n) = queue.pop_front() {
        queued[n] = false;
        let Some(here) = at[n].clone() else {
            continue;
        };
        let node = &s.nodes[n];
        let mut edges: Vec<(usize, Vec<i64>)> = Vec::new();
        match node.kind() {
            Some(NodeKind::Choices(choices)) => {
                for c in choices {
                    if let Some(t) = c.next.as_ref().and_then(|t| idx(t.as_str())) {
                        edges.push((
                            t,
                            s.scores
                                .iter()
                                .map(|sc| c.effects.get(sc.id.as_str()))
                                .collect(),
                        ));
                    }
                }
            }
            Some(NodeKind::Next(t)) => edges.extend(idx(t.as_str()).map(|t| (t, vec![0; k]))),
            Some(NodeKind::Chance(branches)) => {
                edges.extend(
                    branches
                        .iter()
                        .filter_map(|b| idx(b.next.as_str()))
                        .map(|t| (t, vec![0; k])),
                );
            }
            _ => {}
        }
        for (t, deltas) in edges {
            let moved: Vec<(i64, i64)> = here
                .iter()
                .zip(&deltas)
                .zip(&s.scores)
                .map(|((&(lo, hi), &d), sc)| {
                    (
                        sc.clamp(lo.saturating_add(d)),
                        sc.clamp(hi.saturating_add(d)),
                    )
                })
                .collect();
            let changed = match &mut at[t] {
                Some(existing) => {
                    let mut changed = false;
                    // Widening: after a few rounds in which a range keeps growing round a loop,
                    // it goes straight to the score's limit in that direction (still sound), so
                    // the fixpoint takes a few rounds, not one round per point of the range.
                    widened[t] += 1;
                    let widen = widened[t] > WIDEN_AFTER;
                    for ((e, m), sc) in existing.iter_mut().zip(&moved).zip(&s.scores) {
                        if m.0 < e.0 || m.1 > e.1 {
                            let lo = if m.0 < e.0 && widen {
                                sc.clamp(sc.min)
                            } else {
                                e.0.min(m.0)
                            };
                            let hi = if m.1 > e.1 && widen {
                                sc.clamp(sc.max)
                            } else {
                                e.1.max(m.1)
                            };
                            *e = (lo.min(m.0), hi.max(m.1));
                            changed = true;
                        }
                    }
                    changed
                }
                slot @ None => {
                    *slot = Some(moved);
                    true
                }
            };
            if changed && !queued[t] {
                queued[t] = true;
                queue.push_back(t);
            }
        }
    }
    let reach = g.reachable();
    let base = domain(s, g, &reach);
    let mut endings = BTreeMap::new();
    let mut extremes: BTreeMap<String, Extremes> = BTreeMap::new();
    for e in Graph::endings(s) {
        let id = s.nodes[e].id.0.clone();
        let Some(ranges) = &at[e] else {
            endings.insert(id, EndingReport::default());
            continue;
        };
        let mut d = base.clone();
        for (sc, r) in s.scores.iter().zip(ranges) {
            d.scores.insert(sc.id.as_str(), *r);
        }
        let mut outcomes = Vec::new();
        let mut decided = false;
        for o in s.outcomes_at(&id) {
            if d.can_hold(&o.when) && !outcomes.contains(&o.title) {
                outcomes.push(o.title.clone());
            }
            if d.always_holds(&o.when) {
                decided = true;
                break;
            }
        }
        let mut verdicts: Vec<Verdict> = outcomes
            .iter()
            .map(|t| Verdict {
                title: Some(t.clone()),
                paths: None,
            })
            .collect();
        if !decided && !s.outcomes.is_empty() {
            verdicts.push(Verdict::default());
        }
        for (sc, r) in s.scores.iter().zip(ranges) {
            let x = extremes.entry(sc.id.0.clone()).or_insert(Extremes {
                best: r.1,
                worst: r.0,
                ..Extremes::default()
            });
            x.best = x.best.max(r.1);
            x.worst = x.worst.min(r.0);
        }
        endings.insert(
            id,
            EndingReport {
                reachable: true,
                paths: paths.as_ref().map(|p| p[e]),
                scores: s
                    .scores
                    .iter()
                    .zip(ranges)
                    .map(|(sc, r)| (sc.id.0.clone(), [r.0, r.1]))
                    .collect(),
                outcomes,
                verdicts,
                // Filled in by `survey`, from an estimate on the graph.
                chance_percent: None,
            },
        );
    }
    Analysis {
        exact: false,
        total_paths: None,
        endings,
        extremes,
        smells: Vec::new(),
        dilemmas: Dilemmas::default(),
        dead_ends: BTreeMap::new(),
        dead_end_chances: BTreeMap::new(),
    }
}

fn smells(s: &Scenario, a: &Analysis) -> Vec<Smell> {
    let mut out = Vec::new();
    let mut best_positions = BTreeSet::new();
    let mut decisions = 0;
    for (i, n) in s.nodes.iter().enumerate() {
        let Some(NodeKind::Choices(choices)) = n.kind() else {
            continue;
        };
        decisions += 1;
        // Each choice's effects as a vector over the scores; only distinct vectors of choices
        // that are always on offer can dominate, and at most `MAX_DOMINATORS` of them (those
        // with the highest totals) are compared, so a decision with thousands of choices
        // stays linear.
        let vector = |c: &crate::scenario::Choice| -> Vec<i64> {
            s.scores
                .iter()
                .map(|sc| c.effects.get(sc.id.as_str()))
                .collect()
        };
        let mut dominators: Vec<(usize, Vec<i64>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (b, c) in choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.requires.is_none())
        {
            let v = vector(c);
            if seen.insert(v.clone()) {
                dominators.push((b, v));
            }
        }
        let sum = |v: &[i64]| v.iter().fold(0i64, |t, d| t.saturating_add(*d));
        dominators.sort_by_key(|(b, v)| (std::cmp::Reverse(sum(v)), *b));
        dominators.truncate(MAX_DOMINATORS);
        // Name the first dominating choice as written.
        dominators.sort_by_key(|(b, _)| *b);
        for (a_i, a) in choices.iter().enumerate() {
            let va = vector(a);
            // Only a choice that is always on offer can dominate: a locked one is often the
            // reward for earlier care, and the others are what a trainee without it can say.
            let better = dominators.iter().find(|(b_i, vb)| {
                *b_i != a_i
                    && va.iter().zip(vb).all(|(x, y)| x <= y)
                    && va.iter().zip(vb).any(|(x, y)| x < y)
            });
            if let Some((b_i, _)) = better {
                out.push(Smell {
                    code: "S001",
                    message: format!(
                        "choice {} at node \"{}\" is never the better choice: choice {} is as \
                            good on every score and better on at least one",
                        a_i + 1,
                        n.id,
                        b_i + 1
                    ),
                    path: format!("nodes[{i}].choices[{a_i}]"),
                });
            }
        }
        if choices.len() > 1 && choices.iter().all(|c| c.effects == choices[0].effects) {
            out.push(Smell {
                code: "S002",
                message: format!(
                    "every choice at node \"{}\" has the same effects: the decision \
                    changes nothing",
                    n.id
                ),
                path: format!("nodes[{i}].id"),
            });
        }
        for (j, c) in choices.iter().enumerate() {
            if c.feedback.as_deref().is_none_or(|f| f.trim().is_empty()) || c.principles.is_empty()
            {
                out.push(Smell {
                    code: "S004",
                    message: format!(
                        "choice {} at node \"{}\" has no feedback or cites no principle",
                        j + 1,
                        n.id
                    ),
                    path: format!("nodes[{i}].choices[{j}]"),
                });
            }
        }
        let total = |c: &crate::scenario::Choice| {
            c.effects
                .iter()
                .fold(0i64, |sum, (_, d)| sum.saturating_add(d))
        };
        if let Some(best) =
            (0..choices.len()).max_by_key(|&c| (total(&choices[c]), std::cmp::Reverse(c)))
        {
            best_positions.insert(best);
        }
    }
    for (i, sc) in s.scores.iter().enumerate() {
        let changes = s
            .nodes
            .iter()
            .flat_map(|n| n.choices.iter().flatten())
            .any(|c| c.effects.get(sc.id.as_str()) != 0);
        if !changes {
            out.push(Smell {
                code: "S003",
                message: format!("the score \"{}\" never changes", sc.id),
                path: format!("scores[{i}].id"),
            });
        }
    }
    let matched: BTreeSet<&str> = a
        .endings
        .values()
        .flat_map(|e| e.outcomes.iter().map(String::as_str))
        .collect();
    for (i, o) in s.outcomes.iter().enumerate() {
        if !matched.contains(o.title.as_str()) {
            out.push(Smell {
                code: "S005",
                message: format!(
                    "the outcome \"{}\" never matches at any reachable ending",
                    o.title
                ),
                path: format!("outcomes[{i}].when"),
            });
        }
    }
    if a.exact {
        let x = explore(s, MAX_EXACT_PATHS);
        for (i, n) in s.nodes.iter().enumerate() {
            let Some(offered) = x.offered.get(n.id.as_str()) else {
                continue;
            };
            for (j, c) in n.choices.iter().flatten().enumerate() {
                if c.requires.is_some() && offered.get(j) == Some(&0) {
                    out.push(Smell {
                        code: "S006",
                        message: format!(
                            "choice {} at node \"{}\" is never available on any path: its \
                            condition never holds",
                            j + 1,
                            n.id
                        ),
                        path: format!("nodes[{i}].choices[{j}].requires"),
                    });
                }
            }
        }
    }
    // With shuffled choices the position as written is never what a trainee sees.
    if decisions > 2 && best_positions.len() == 1 && !s.shuffle_choices {
        let position = best_positions.into_iter().next().unwrap_or(0) + 1;
        out.push(Smell {
            code: "S007",
            message: format!(
                "the choice with the best total effect is always in position \
                {position}: trainees may learn the pattern"
            ),
            path: "nodes".to_owned(),
        });
    }
    out
}

/// Each smell with its line and column in `source`.
pub fn locate_smells(smells: &[Smell], source: &str) -> Vec<Option<Pos>> {
    let paths: Vec<&str> = smells.iter().map(|sm| sm.path.as_str()).collect();
    crate::scenario::spans::positions(source, &paths)
}
