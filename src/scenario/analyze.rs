//! Whole-scenario checks that need the graph or the logic of conditions: reachability, endings,
//! loops with no way out, scores and flags that do nothing, conditions that can never hold.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::diagnostic::{Code, Diagnostic, Names};
use super::graph::Graph;
use super::logic::Domain;
use super::model::{Condition, Flag, NodeKind, Scenario};

/// Check the scenario's graph and conditions. Safe on a scenario with structural errors.
pub fn analyze(s: &Scenario) -> Vec<Diagnostic> {
    let graph = Graph::new(s);
    let mut out = Vec::new();
    let reach = graph.reachable();
    if graph.start.is_some() {
        reachability(s, &graph, &reach, &mut out);
    }
    scores(s, &mut out);
    flags(s, &mut out);
    conditions(s, &graph, &reach, &mut out);
    slow_loops(s, &graph, &reach, &mut out);
    out
}

/// A chance branch out of a loop of automatic nodes with less than this share of the weight
/// makes play go round the loop about as many times as the share's inverse, or more.
const SLOW_LOOP_SHARE: i64 = 1000;

/// Loops of `next` and `chance` nodes (no decision in them) that play leaves only by an unlikely
/// chance branch: play could pass thousands of nodes with the trainee able to do nothing.
fn slow_loops(s: &Scenario, graph: &Graph, reach: &[bool], out: &mut Vec<Diagnostic>) {
    let automatic: Vec<bool> = s
        .nodes
        .iter()
        .map(|n| matches!(n.kind(), Some(NodeKind::Next(_) | NodeKind::Chance(_))))
        .collect();
    let component = graph.components(|from, to| automatic[from] && automatic[to]);
    for (i, n) in s.nodes.iter().enumerate() {
        let Some(NodeKind::Chance(branches)) = n.kind() else {
            continue;
        };
        if !reach[i] || !graph.in_cycle(i, &component) {
            continue;
        }
        let mut total = 0i64;
        let mut leaving = 0i64;
        for b in branches.iter().filter(|b| b.weight > 0) {
            total = total.saturating_add(b.weight);
            let stays = graph
                .index
                .get(b.next.as_str())
                .is_some_and(|&t| component[t] == component[i]);
            if !stays {
                leaving = leaving.saturating_add(b.weight);
            }
        }
        if total > 0 && leaving.saturating_mul(SLOW_LOOP_SHARE) < total {
            out.push(
                Diagnostic::new(
                    Code::SlowLoop,
                    format!(
                        "at \"{}\" play leaves the loop with a chance of {leaving} in {total}: \
                            it may pass thousands of nodes with nothing for the trainee to do",
                        n.id
                    ),
                )
                .at(format!("nodes[{i}].chance"))
                .with_help(
                    "give the branch out of the loop a larger weight, or put a decision in \
                    the loop",
                ),
            );
        }
    }
}

fn is_first(graph: &Graph, s: &Scenario, i: usize) -> bool {
    graph.index.get(s.nodes[i].id.as_str()) == Some(&i)
}

fn reachability(s: &Scenario, graph: &Graph, reach: &[bool], out: &mut Vec<Diagnostic>) {
    let endings: Vec<usize> = Graph::endings(s).collect();
    let can_end = graph.reaching(endings.iter().copied());
    if !endings.iter().any(|&e| reach[e]) {
        out.push(
            Diagnostic::new(
                Code::NoEnding,
                format!(
                    "no ending can be reached from the start node \"{}\"",
                    s.start
                ),
            )
            .at("start")
            .with_help(
                "add a node with `ending: (title: \"...\", summary: \"...\")` and lead to it",
            ),
        );
    } else {
        trapped_loops(s, graph, reach, &can_end, out);
    }
    for (i, node) in s.nodes.iter().enumerate() {
        if reach[i] || !is_first(graph, s, i) {
            continue;
        }
        let (code, what) = if matches!(node.kind(), Some(NodeKind::Ending(_))) {
            (Code::UnreachableEnding, "ending")
        } else {
            (Code::UnreachableNode, "node")
        };
        out.push(
            Diagnostic::new(
                code,
                format!(
                    "the {what} \"{}\" cannot be reached from the start",
                    node.id
                ),
            )
            .at(format!("nodes[{i}].id"))
            .with_help(format!(
                "no choice, `next` or `chance` leads here: write next: \"{}\" where \
                    play should come to it, or remove it",
                node.id
            )),
        );
    }
}

/// Reachable nodes from which no ending can be reached, one diagnostic per connected group.
fn trapped_loops(
    s: &Scenario,
    graph: &Graph,
    reach: &[bool],
    can_end: &[bool],
    out: &mut Vec<Diagnostic>,
) {
    let trapped: Vec<bool> = reach.iter().zip(can_end).map(|(r, e)| *r && !*e).collect();
    let mut undirected = vec![Vec::new(); graph.len()];
    for (from, succ) in graph.succ.iter().enumerate() {
        for &to in succ.iter().filter(|&&to| trapped[from] && trapped[to]) {
            undirected[from].push(to);
            undirected[to].push(from);
        }
    }
    let mut done = vec![false; graph.len()];
    for first in (0..graph.len()).filter(|&i| trapped[i]) {
        if done[first] {
            continue;
        }
        let mut group = vec![first];
        done[first] = true;
        let mut k = 0;
        while k < group.len() {
            for &m in &undirected[group[k]] {
                if !done[m] {
                    done[m] = true;
                    group.push(m);
                }
            }
            k += 1;
        }
        group.sort_unstable();
        let mut names: Vec<String> = group
            .iter()
            .take(5)
            .map(|&i| format!("\"{}\"", s.nodes[i].id))
            .collect();
        if group.len() > 5 {
            names.push(format!("and {} more", group.len() - 5));
        }
        out.push(
            Diagnostic::new(
                Code::TrappedCycle,
                format!(
                    "once play reaches {}, it can never reach an ending",
                    names.join(", ")
                ),
            )
            .at(format!("nodes[{first}].id"))
            .with_help("give one of these nodes a choice or `next` that leads towards an ending"),
        );
    }
}

fn scores(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let changed: HashSet<&str> = s
        .nodes
        .iter()
        .flat_map(|n| n.choices.iter().flatten())
        .flat_map(|c| c.effects.iter())
        .filter(|(_, d)| *d != 0)
        .map(|(id, _)| id.as_str())
        .collect();
    for (i, score) in s.scores.iter().enumerate() {
        if !changed.contains(score.id.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::ScoreNeverChanges,
                    format!(
                        "the score \"{}\" never changes: no choice has an effect on it",
                        score.id
                    ),
                )
                .at(format!("scores[{i}].id")),
            );
        }
    }
}

/// Every condition in the scenario with its path: choices' `requires`, then outcomes' `when`.
fn all_conditions(s: &Scenario) -> impl Iterator<Item = (String, &Condition)> {
    let choices = s.nodes.iter().enumerate().flat_map(|(i, n)| {
        n.choices
            .iter()
            .flatten()
            .enumerate()
            .filter_map(move |(j, c)| {
                c.requires
                    .as_ref()
                    .map(|r| (format!("nodes[{i}].choices[{j}].requires"), r))
            })
    });
    let outcomes = s
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| (format!("outcomes[{i}].when"), &o.when));
    choices.chain(outcomes)
}

/// Flags a condition reads, each with its path.
fn flags_read<'a>(c: &'a Condition, path: String, out: &mut Vec<(&'a str, String)>) {
    match c {
        Condition::Flag(f) | Condition::NotFlag(f) => out.push((f.as_str(), format!("{path}.0"))),
        Condition::All(items) | Condition::Any(items) => {
            for (k, item) in items.iter().enumerate() {
                flags_read(item, format!("{path}.0[{k}]"), out);
            }
        }
        Condition::Not(inner) => flags_read(inner, format!("{path}.0"), out),
        _ => {}
    }
}

/// Every flag the scenario names: set or cleared by a choice, or read by a condition.
pub fn flag_names(s: &Scenario) -> BTreeSet<&str> {
    let mut read = Vec::new();
    for (path, c) in all_conditions(s) {
        flags_read(c, path, &mut read);
    }
    let written = s
        .nodes
        .iter()
        .flat_map(|n| n.choices.iter().flatten())
        .flat_map(|c| c.set.iter().chain(&c.unset))
        .map(Flag::as_str);
    read.into_iter().map(|(f, _)| f).chain(written).collect()
}

fn flags(s: &Scenario, out: &mut Vec<Diagnostic>) {
    let mut read = Vec::new();
    for (path, c) in all_conditions(s) {
        flags_read(c, path, &mut read);
    }
    // First place each flag is set (or unset), in file order.
    let mut written: BTreeMap<&str, String> = BTreeMap::new();
    let mut set: HashSet<&str> = HashSet::new();
    for (i, n) in s.nodes.iter().enumerate() {
        for (j, c) in n.choices.iter().flatten().enumerate() {
            for (field, list) in [("set", &c.set), ("unset", &c.unset)] {
                for (k, f) in list.iter().enumerate() {
                    if field == "set" {
                        set.insert(f.as_str());
                    }
                    written
                        .entry(f.as_str())
                        .or_insert_with(|| format!("nodes[{i}].choices[{j}].{field}[{k}]"));
                }
            }
        }
    }
    let read_names: HashSet<&str> = read.iter().map(|(f, _)| *f).collect();
    let set_index = Names::new(set.iter().copied());
    let read_index = Names::new(read.iter().map(|(f, _)| *f));
    let mut reported = HashSet::new();
    for (flag, path) in &read {
        if !set.contains(flag) && reported.insert(*flag) {
            out.push(
                Diagnostic::new(
                    Code::FlagNeverSet,
                    format!("the flag \"{flag}\" is read here but no choice sets it"),
                )
                .at(path.clone())
                .suggest_from(flag, &set_index),
            );
        }
    }
    for (flag, path) in written {
        if !read_names.contains(flag) {
            out.push(
                Diagnostic::new(
                    Code::FlagNeverRead,
                    format!("the flag \"{flag}\" is set but no condition reads it"),
                )
                .at(path)
                .suggest_from(flag, &read_index)
                .or_help(format!(
                    "read it where it should matter, as requires: Flag(\"{flag}\") or in \
                        an outcome's `when`, or stop setting it"
                )),
            );
        }
    }
}

/// What the scenario allows: a sound over-approximation used to judge conditions.
pub fn domain<'a>(s: &'a Scenario, graph: &Graph, reach: &[bool]) -> Domain<'a> {
    let effects: Vec<(&str, i64)> = s
        .nodes
        .iter()
        .flat_map(|n| n.choices.iter().flatten())
        .flat_map(|c| c.effects.iter())
        .map(|(id, d)| (id.as_str(), d))
        .collect();
    let scores = s
        .scores
        .iter()
        .filter(|sc| sc.min < sc.max)
        .map(|sc| {
            let id = sc.id.as_str();
            let start = sc.clamp(sc.start);
            let up = effects.iter().any(|&(e, d)| e == id && d > 0);
            let down = effects.iter().any(|&(e, d)| e == id && d < 0);
            (
                id,
                (
                    if down { sc.min } else { start },
                    if up { sc.max } else { start },
                ),
            )
        })
        .collect();
    let settable = s
        .nodes
        .iter()
        .flat_map(|n| n.choices.iter().flatten())
        .flat_map(|c| c.set.iter().map(|f| f.as_str()))
        .collect();
    let visitable = s
        .nodes
        .iter()
        .zip(reach)
        .filter(|(_, r)| **r)
        .map(|(n, _)| n.id.as_str())
        .collect();
    let always_visited = graph
        .start
        .map(|i| s.nodes[i].id.as_str())
        .into_iter()
        .collect();
    Domain {
        scores,
        settable,
        visitable,
        always_visited,
    }
}

fn conditions(s: &Scenario, graph: &Graph, reach: &[bool], out: &mut Vec<Diagnostic>) {
    let domain = domain(s, graph, reach);
    for (i, n) in s.nodes.iter().enumerate() {
        for (j, c) in n.choices.iter().flatten().enumerate() {
            if let Some(r) = &c.requires
                && !domain.can_hold(r)
            {
                out.push(
                    Diagnostic::new(
                        Code::ConditionNeverHolds,
                        format!(
                            "choice {} at node \"{}\" can never be chosen: its condition never \
                            holds",
                            j + 1,
                            n.id
                        ),
                    )
                    .at(format!("nodes[{i}].choices[{j}].requires")),
                );
            }
        }
    }
    dead_ends(s, &domain, reach, out);
    outcomes(s, &domain, reach, out);
}

/// Decisions where every choice has a condition: an error when none can ever hold, a warning
/// when they can all fail at once (the trainee would be left with nothing to choose).
fn dead_ends(s: &Scenario, domain: &Domain<'_>, reach: &[bool], out: &mut Vec<Diagnostic>) {
    for (i, n) in s.nodes.iter().enumerate() {
        let Some(NodeKind::Choices(choices)) = n.kind() else {
            continue;
        };
        if !reach[i] || choices.is_empty() || choices.iter().any(|c| c.requires.is_none()) {
            continue;
        }
        let any = Condition::Any(choices.iter().filter_map(|c| c.requires.clone()).collect());
        let (code, message) = if !domain.can_hold(&any) {
            (
                Code::DeadEnd,
                format!(
                    "no choice at \"{}\" can ever be taken: play would stop here",
                    n.id
                ),
            )
        } else if !domain.always_holds(&any) {
            (
                Code::MaybeStuck,
                format!(
                    "every choice at \"{}\" has a condition, and they can all be unmet at \
                        once: a trainee could be left with nothing to choose",
                    n.id
                ),
            )
        } else {
            continue;
        };
        out.push(
            Diagnostic::new(code, message)
                .at(format!("nodes[{i}].choices"))
                .with_help("give at least one of these choices no `requires`"),
        );
    }
}

/// Outcomes that an earlier one always beats, and endings where play may stop with no verdict.
/// Linear in the outcomes and the endings they name.
fn outcomes(s: &Scenario, domain: &Domain<'_>, reach: &[bool], out: &mut Vec<Diagnostic>) {
    let endings: Vec<&str> = s
        .nodes
        .iter()
        .zip(reach)
        .filter(|(n, r)| **r && n.ending.is_some())
        .map(|(n, _)| n.id.as_str())
        .collect();
    let always: Vec<bool> = s
        .outcomes
        .iter()
        .map(|o| domain.always_holds(&o.when))
        .collect();
    // The first outcome that always matches everywhere, and per ending the first that always
    // matches there among those that name it.
    let first_global =
        (0..s.outcomes.len()).find(|&i| always[i] && s.outcomes[i].endings.is_empty());
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    for (i, o) in s.outcomes.iter().enumerate().filter(|(i, _)| always[*i]) {
        for e in &o.endings {
            first_at.entry(e.as_str()).or_insert(i);
        }
    }
    let decided_at = |e: &str| match (first_global, first_at.get(e)) {
        (Some(g), Some(&l)) => Some(g.min(l)),
        (g, l) => g.or(l.copied()),
    };
    // The latest point by which every reachable ending has a verdict that always matches.
    let all_decided = endings
        .iter()
        .map(|e| decided_at(e))
        .try_fold(0usize, |acc, d| d.map(|d| acc.max(d)));
    for (i, o) in s.outcomes.iter().enumerate() {
        let beaten_by = if o.endings.is_empty() {
            first_global
                .filter(|&g| g < i)
                .or_else(|| all_decided.filter(|&d| d < i && !endings.is_empty()))
        } else {
            o.endings
                .iter()
                .map(|e| decided_at(e.as_str()).filter(|&d| d < i))
                .try_fold(0usize, |acc, d| d.map(|d| acc.max(d)))
        };
        let reason = if let Some(first) = beaten_by {
            Some(format!("outcome {} always matches first", first + 1))
        } else if !domain.can_hold(&o.when) {
            Some("its condition never holds".to_owned())
        } else {
            None
        };
        if let Some(reason) = reason {
            out.push(
                Diagnostic::new(
                    Code::OutcomeNeverMatches,
                    format!("the outcome \"{}\" can never match: {reason}", o.title),
                )
                .at(format!("outcomes[{i}].when")),
            );
        }
    }
    if s.outcomes.is_empty() {
        return;
    }
    // Endings whose outcomes might all fail: the conditions of the outcomes that apply there,
    // taken together, are not certain to hold.
    for (i, n) in s.nodes.iter().enumerate() {
        if !reach[i] || n.ending.is_none() || decided_at(n.id.as_str()).is_some() {
            continue;
        }
        let any = Condition::Any(
            s.outcomes_at(n.id.as_str())
                .map(|o| o.when.clone())
                .collect(),
        );
        if domain.always_holds(&any) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::NoVerdict,
                format!(
                    "play can end at \"{}\" with no outcome: none of the outcomes for this \
                        ending is sure to match",
                    n.id
                ),
            )
            .at(format!("nodes[{i}].ending"))
            .with_help(format!(
                "add a last outcome with no `when`, such as (endings: [\"{}\"], title: \
                    \"...\", text: \"...\")",
                n.id
            )),
        );
    }
}
