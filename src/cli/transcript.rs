//! Play as text, for `rapport play`: the briefing, each scene with its choices under their
//! authored numbers, what each choice did, and the ending; in a rehearsal also the objectives,
//! the content note and the facilitator notes, set apart from what the room sees.

use crate::play::wording::{joined, step_changes};
use crate::play::{Session, Step};
use crate::scenario::{Catalogue, Node, Scenario};

/// The briefing before play: title, summary, setting, content note and starting scores. A
/// rehearsal adds the objectives, and says when there is no content note.
pub fn intro(session: &Session, rehearse: bool) -> String {
    let scenario = session.scenario();
    let mut out = format!("== {} ==\n{}\n", scenario.title, scenario.summary);
    if let Some(setting) = &scenario.setting {
        out.push_str(&format!("Setting: {setting}\n"));
    }
    if rehearse {
        out.push_str("Rehearsal: facilitator notes are shown where the scenario has them.\n");
        if scenario.objectives.is_empty() {
            out.push_str("Objectives: none written\n");
        } else {
            out.push_str("Objectives:\n");
            for objective in &scenario.objectives {
                out.push_str(&format!("  - {objective}\n"));
            }
        }
    }
    match &scenario.content_note {
        Some(note) => out.push_str(&format!("Content note: {note}\n")),
        None if rehearse => out.push_str("Content note: none\n"),
        None => {}
    }
    out.push_str(&score_line(session));
    out
}

/// "Scores: Trust 60 of 100, Dignity 55 of 100".
pub fn score_line(session: &Session) -> String {
    let parts: Vec<String> = session
        .scores()
        .map(|(s, v)| format!("{} {v} of {}", s.label, s.max))
        .collect();
    format!("Scores: {}\n", parts.join(", "))
}

/// "+5 Trust, -10 Boundaries": a sign and a word, never colour alone.
pub fn effects_text(step: &Step, scenario: &Scenario) -> String {
    joined(&step_changes(scenario, step), "")
}

/// What one choice did: the words chosen, the effects, why, and the principles it draws on.
pub fn step_text(step: &Step, scenario: &Scenario, catalogue: Option<&Catalogue>) -> String {
    let mut out = format!("\nYou: {}\n", step.text);
    let effects = effects_text(step, scenario);
    if !effects.is_empty() {
        out.push_str(&format!("Effect: {effects}\n"));
    }
    if let Some(feedback) = &step.feedback {
        out.push_str(&format!("Why: {feedback}\n"));
    }
    if !step.principles.is_empty() {
        let names: Vec<&str> = step
            .principles
            .iter()
            .map(|p| catalogue.map_or(p.as_str(), |c| c.name(p.as_str())))
            .collect();
        out.push_str(&format!("Principles: {}\n", names.join("; ")));
    }
    out
}

/// The current scene: the nodes passed on the way and the current one (their narration and
/// lines, and in a rehearsal their facilitator notes), then the choices or the ending.
pub fn scene(session: &Session, rehearse: bool) -> String {
    let view = session.current();
    let mut out = String::from("\n");
    for node in session.lead_in().chain([view.node]) {
        out.push_str(&node_text(node, session.scenario()));
        if rehearse {
            out.push_str(&note_text(node));
        }
    }
    blank_line(&mut out);
    if let Some(ending) = view.ending {
        out.push_str(&format!(
            "== The end: {} ==\n{}\n",
            ending.title, ending.summary
        ));
        if let Some(outcome) = session.outcome() {
            out.push_str(&format!("Outcome: {}\n{}\n", outcome.title, outcome.text));
        }
        out.push_str(&score_line(session));
        return out;
    }
    for choice in &view.choices {
        match (choice.available, choice.hint) {
            (true, _) => out.push_str(&format!("  {}. {}\n", choice.number, choice.text())),
            (false, hint) => out.push_str(&format!(
                "  {}. (locked: {}) {}\n",
                choice.number,
                hint.unwrap_or("not available yet"),
                choice.text()
            )),
        }
    }
    out
}

/// A node's facilitator note, set apart by blank lines and indented; empty when it has none.
fn note_text(node: &Node) -> String {
    match &node.facilitator_note {
        Some(note) => format!("\n  Facilitator note: {note}\n\n"),
        None => String::new(),
    }
}

/// End `out` with one blank line (and no more), so sections are always set apart the same way.
/// `out` begins with a newline, so when nothing has been added to it, it is a blank line already.
fn blank_line(out: &mut String) {
    while out.len() > 1 && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// A node's narration and line: `[narration]` then `Name (Role): text`.
fn node_text(node: &Node, scenario: &Scenario) -> String {
    let mut out = String::new();
    if let Some(narration) = &node.narration {
        out.push_str(&format!("[{narration}]\n"));
    }
    if let Some(text) = &node.text {
        let speaker = node
            .speaker
            .as_ref()
            .and_then(|s| scenario.character(s.as_str()));
        match speaker {
            Some(c) => out.push_str(&format!("{} ({}): {text}\n", c.name, c.role)),
            None => out.push_str(&format!("{text}\n")),
        }
    }
    out
}

/// The numbers a trainee may type at this decision, in words: "1, 3 or 4".
pub fn numbers_in_words(numbers: &[usize]) -> String {
    match numbers {
        [] => "no number".to_owned(),
        [only] => only.to_string(),
        [rest @ .., last] => {
            let rest: Vec<String> = rest.iter().map(ToString::to_string).collect();
            format!("{} or {last}", rest.join(", "))
        }
    }
}
