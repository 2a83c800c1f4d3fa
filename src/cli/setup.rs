//! The authoring options of `rapport play` (`--choices`, `--chance`, `--set`, `--flag`,
//! `--from`), read and checked against the scenario before play starts, so a misspelt name is
//! an error with a "did you mean" rather than something silently ignored.

use std::collections::BTreeMap;

use crate::play::Session;
use crate::scenario::analyze::flag_names;
use crate::scenario::diagnostic::Names;
use crate::scenario::{NodeId, NodeKind, Scenario};

/// At most this many names are listed after "its ... are".
const MAX_LISTED: usize = 12;

/// `SCORE=N` for `--set`.
pub fn parse_assignment(text: &str) -> Result<(String, i64), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected SCORE=NUMBER, like trust=40, not {text:?}"))?;
    let value = value
        .trim()
        .parse()
        .map_err(|_| format!("{value:?} is not a whole number"))?;
    Ok((name.trim().to_owned(), value))
}

/// `NODE=BRANCH` for `--chance`.
pub fn parse_chance(text: &str) -> Result<(String, String), String> {
    let (node, target) = text.split_once('=').ok_or_else(|| {
        format!(
            "expected CHANCE=NEXT, like twist=tariq (at the chance node \"twist\", go to \
             \"tariq\"), not {text:?}"
        )
    })?;
    Ok((node.trim().to_owned(), target.trim().to_owned()))
}

/// The choice numbers given to `--choices`: separated by commas or spaces ("1,3,2", "1, 3, 2"
/// and "1 3 2" are the same); anything that is not a whole number is named in the error.
pub fn choice_numbers(items: &[String]) -> Result<Vec<usize>, String> {
    items
        .iter()
        .flat_map(|item| item.split(|c: char| c == ',' || c.is_whitespace()))
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<usize>().map_err(|_| {
                format!(
                    "--choices: \"{item}\" is not a choice number; give the numbers shown beside \
                     the choices, separated by commas, like 1,3,2"
                )
            })
        })
        .collect()
}

/// The `--chance` decisions, checked: each names a chance node of the scenario, once, and a node
/// one of its branches leads to.
pub fn chances(
    scenario: &Scenario,
    given: &[(String, String)],
) -> Result<BTreeMap<NodeId, NodeId>, String> {
    let chance_nodes: Vec<&str> = scenario
        .nodes
        .iter()
        .filter(|n| matches!(n.kind(), Some(NodeKind::Chance(_))))
        .map(|n| n.id.as_str())
        .collect();
    let names = Names::new(chance_nodes.iter().copied());
    let mut decided = BTreeMap::new();
    for (node, target) in given {
        let found = scenario.node(node);
        let Some(branches) = found.and_then(|n| n.chance.as_deref()) else {
            let what = match found.and_then(|n| n.kind()) {
                Some(NodeKind::Choices(_)) => " is a decision, not a chance node".to_owned(),
                Some(NodeKind::Next(_)) => {
                    " carries straight on: it is not a chance node".to_owned()
                }
                Some(NodeKind::Ending(_)) => " is an ending, not a chance node".to_owned(),
                _ => format!(
                    " is not a chance node of this scenario{}",
                    did_you_mean(names.closest(node))
                ),
            };
            let known = listing(
                "its chance nodes are",
                "it has no chance nodes",
                &chance_nodes,
            );
            return Err(format!("--chance: \"{node}\"{what}; {known}"));
        };
        let targets: Vec<&str> = branches.iter().map(|b| b.next.as_str()).collect();
        if !targets.contains(&target.as_str()) {
            return Err(format!(
                "--chance: the chance node \"{node}\" cannot lead to \"{target}\"{}; {}",
                did_you_mean(Names::new(targets.iter().copied()).closest(target)),
                listing("its branches lead to", "it has no branches", &targets)
            ));
        }
        if decided
            .insert(NodeId::from(node.as_str()), NodeId::from(target.as_str()))
            .is_some()
        {
            return Err(format!(
                "--chance: the chance node \"{node}\" is given twice; give each chance node once"
            ));
        }
    }
    Ok(decided)
}

/// Apply `--set`, `--flag` and `--from` to a new session, refusing a score, flag or node the
/// scenario does not have.
pub fn prepare(
    session: &mut Session,
    set: &[(String, i64)],
    flags: &[String],
    from: Option<&str>,
) -> Result<(), String> {
    let scenario = std::sync::Arc::clone(session.scenario());
    for (score, value) in set {
        if !session.set_score(score, *value) {
            let known: Vec<&str> = scenario.scores.iter().map(|s| s.id.as_str()).collect();
            return Err(format!(
                "--set: \"{score}\" is not a score of this scenario{}; {}",
                did_you_mean(Names::new(known.iter().copied()).closest(score)),
                listing("its scores are", "it has no scores", &known)
            ));
        }
    }
    let known: Vec<&str> = flag_names(&scenario).into_iter().collect();
    for flag in flags {
        if !known.contains(&flag.as_str()) {
            return Err(format!(
                "--flag: \"{flag}\" is not a flag of this scenario{}; {}",
                did_you_mean(Names::new(known.iter().copied()).closest(flag)),
                listing("its flags are", "it has no flags", &known)
            ));
        }
        session.set_flag(flag, true);
    }
    if let Some(node) = from {
        if scenario.node(node).is_none() {
            let hint = Names::new(scenario.nodes.iter().map(|n| n.id.as_str())).closest(node);
            return Err(format!(
                "--from: \"{node}\" is not a node of this scenario{}",
                did_you_mean(hint)
            ));
        }
        session.start_at(node).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// " (did you mean "x"?)", or nothing.
fn did_you_mean(hint: Option<&str>) -> String {
    hint.map(|c| format!(" (did you mean \"{c}\"?)"))
        .unwrap_or_default()
}

/// "its flags are a, b, c" (at most [`MAX_LISTED`] names, then how many more), or `none` when
/// there are no names.
fn listing(lead: &str, none: &str, names: &[&str]) -> String {
    if names.is_empty() {
        return none.to_owned();
    }
    let shown: Vec<&str> = names.iter().copied().take(MAX_LISTED).collect();
    let more = names.len().saturating_sub(MAX_LISTED);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{lead} {}{tail}", shown.join(", "))
}
