//! The debrief's rules: which principles a play drew on well and poorly, and the questions it
//! leaves the trainee to reflect on. The app shows them; reports and records use the same.

use std::collections::BTreeMap;

use crate::play::{Session, Step};

/// The net effect of one decision on all scores together.
fn total(step: &Step) -> i64 {
    step.effects
        .iter()
        .fold(0i64, |sum, e| sum.saturating_add(e.applied))
}

/// The debrief's rule, choice by choice: each principle a choice cites counts +1 when the
/// choice helped overall (its changes add up above zero) and -1 when it harmed. Above zero the
/// principle was practised well, below zero poorly. `choices` gives each choice's total change
/// and the ids of the principles it cites; the practice records keep the same tally per attempt.
pub fn net_by_principle<'a, I>(choices: impl IntoIterator<Item = (i64, I)>) -> BTreeMap<String, i64>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut net: BTreeMap<String, i64> = BTreeMap::new();
    for (total, principles) in choices {
        for p in principles {
            let n = net.entry(p.to_owned()).or_default();
            *n = n.saturating_add(total.signum());
        }
    }
    net
}

/// Principles cited by choices that helped overall (net positive) and that harmed (net
/// negative), by principle id, in id order.
pub fn principles_by_effect(transcript: &[Step]) -> (Vec<String>, Vec<String>) {
    let net = net_by_principle(
        transcript
            .iter()
            .map(|s| (total(s), s.principles.iter().map(|p| p.as_str()))),
    );
    let with = |keep: fn(i64) -> bool| {
        net.iter()
            .filter(|(_, n)| keep(**n))
            .map(|(p, _)| p.clone())
            .collect()
    };
    (with(|n| n > 0), with(|n| n < 0))
}

/// Whether each option of decision `k` (0-based) was open to the trainee when they made it, by
/// authored number: `None` when it was, `Some(hint)` when it was locked (with the author's hint,
/// or an empty one). An option the trainee could never have taken is not one they passed over.
pub fn locked_at(session: &Session, k: usize) -> BTreeMap<usize, Option<String>> {
    let mut then = session.clone();
    if then.rewind(k).is_err() {
        return BTreeMap::new();
    }
    then.current()
        .choices
        .iter()
        .map(|c| {
            let locked = (!c.available).then(|| c.hint.unwrap_or_default().to_owned());
            (c.number, locked)
        })
        .collect()
}

/// Two or three questions drawn from this play: the hardest moment, the best one, an objective.
pub fn reflection_prompts(session: &Session) -> Vec<String> {
    let transcript = session.transcript();
    let mut prompts = Vec::new();
    let worst = transcript.iter().min_by_key(|s| total(s));
    if let Some(step) = worst.filter(|s| total(s) < 0) {
        prompts.push(format!(
            "Look again at the moment you chose “{}”. \
             What else could you have said, and what might have happened then?",
            unquoted(&step.text)
        ));
    }
    let best = transcript.iter().max_by_key(|s| total(s));
    if let Some(step) = best.filter(|s| total(s) > 0) {
        prompts.push(format!(
            "“{}” helped the relationship. \
             What made it work, and where else in your work could you use it?",
            unquoted(&step.text)
        ));
    }
    match session.scenario().objectives.first() {
        Some(objective) => prompts.push(format!(
            "Objective: {objective} How did you do this, and how would the person know?"
        )),
        None => prompts.push(
            "What would you do differently if you met this person again tomorrow?".to_owned(),
        ),
    }
    prompts.truncate(3);
    prompts
}

/// A choice's words without the quote marks round them, so a prompt that quotes them does not
/// show two pairs; quotes inside become single ones (a quote within a quote).
fn unquoted(text: &str) -> String {
    let quote = |c: char| matches!(c, '"' | '“' | '”');
    // Only a choice quoted whole loses its marks: `Say: “Go away.”` keeps its closing one.
    let whole = text.starts_with(quote) && text.ends_with(quote) && text.chars().count() > 1;
    let inner = if whole {
        let mut chars = text.chars();
        chars.next();
        chars.next_back();
        chars.as_str()
    } else {
        text
    };
    inner.replace('“', "‘").replace('”', "’")
}
