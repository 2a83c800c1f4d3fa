//! `rapport play FILE`: play in the terminal (a complete way to practise at a terminal or with a
//! screen reader), or play a list of choices and print the result, for tests and authors.

use std::io::{self, BufRead, IsTerminal as _, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use serde_json::json;

use super::EXIT_USAGE;
use crate::play::{PlayError, Session, Step};
use crate::scenario::{Catalogue, CheckOptions, Scenario, Severity, check_paths};

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// The scenario file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Choices to make, as 1-based positions in each node's `choices` as written, e.g. 1,3,2.
    #[arg(long, value_delimiter = ',', value_name = "N,N,...")]
    pub choices: Option<Vec<usize>>,
    /// The seed for chance nodes and shuffled choices: the same seed plays the same way.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Start at this node instead of the scenario's start (for authors).
    #[arg(long, value_name = "NODE")]
    pub from: Option<String>,
    /// Set a score before play, e.g. `--set trust=40` (may be repeated).
    #[arg(long = "set", value_name = "SCORE=N", value_parser = parse_assignment)]
    pub set: Vec<(String, i64)>,
    /// Set a flag before play (may be repeated).
    #[arg(long = "flag", value_name = "FLAG")]
    pub flags: Vec<String>,
}

fn parse_assignment(text: &str) -> Result<(String, i64), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected SCORE=NUMBER, like trust=40, not {text:?}"))?;
    let value = value
        .trim()
        .parse()
        .map_err(|_| format!("{value:?} is not a whole number"))?;
    Ok((name.trim().to_owned(), value))
}

/// Apply `--set`, `--flag` and `--from` to a new session.
fn prepare(session: &mut Session, args: &PlayArgs) -> Result<(), String> {
    let scenario = Arc::clone(session.scenario());
    for (score, value) in &args.set {
        if !session.set_score(score, *value) {
            let known: Vec<&str> = scenario.scores.iter().map(|s| s.id.as_str()).collect();
            let hint = crate::scenario::diagnostic::closest(score, known.iter().copied())
                .map(|c| format!(" (did you mean \"{c}\"?)"))
                .unwrap_or_default();
            return Err(format!(
                "--set: \"{score}\" is not a score of this scenario{hint}; its scores are {}",
                known.join(", ")
            ));
        }
    }
    for flag in &args.flags {
        session.set_flag(flag, true);
    }
    if let Some(node) = &args.from {
        if scenario.node(node).is_none() {
            let hint = crate::scenario::diagnostic::closest(
                node,
                scenario.nodes.iter().map(|n| n.id.as_str()),
            )
            .map(|c| format!(" (did you mean \"{c}\"?)"))
            .unwrap_or_default();
            return Err(format!(
                "--from: \"{node}\" is not a node of this scenario{hint}"
            ));
        }
        session.start_at(node).map_err(|e| e.to_string())?;
    }
    Ok(())
}

pub fn run(args: &PlayArgs) -> ExitCode {
    let (scenario, catalogue) = match load(&args.file) {
        Ok(loaded) => loaded,
        Err(message) => {
            super::say(&message);
            return ExitCode::from(1);
        }
    };
    let mut session = match Session::new(Arc::clone(&scenario), args.seed) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    if let Err(message) = prepare(&mut session, args) {
        super::say(&format!("rapport: {message}\n"));
        return ExitCode::from(EXIT_USAGE);
    }
    let interactive = args.choices.is_none() && !args.json;
    if interactive {
        let stdin = io::stdin();
        let prompt = stdin.is_terminal();
        return interactive_play(
            session,
            catalogue.as_ref(),
            &mut stdin.lock(),
            &mut io::stdout(),
            prompt,
        );
    }
    let mut session = session;
    for &choice in args.choices.iter().flatten() {
        if let Err(e) = session.choose(choice) {
            return fail(&e);
        }
    }
    let text = if args.json {
        format!("{}\n", result_json(&session))
    } else {
        summary_text(&session, catalogue.as_ref())
    };
    super::emit(&text, ExitCode::SUCCESS)
}

fn fail(e: &PlayError) -> ExitCode {
    super::say(&format!("rapport: {e}\n"));
    ExitCode::from(EXIT_USAGE)
}

/// The scenario at `path`, checked, with its library's catalogue; or the rendered diagnostics.
pub fn load(path: &std::path::Path) -> Result<(Arc<Scenario>, Option<Catalogue>), String> {
    load_for(path, "playing")
}

/// As [`load`], saying what the errors must be fixed before (`"playing"`, `"making a script"`).
pub fn load_for(
    path: &std::path::Path,
    purpose: &str,
) -> Result<(Arc<Scenario>, Option<Catalogue>), String> {
    let report = check_paths(&[path.to_path_buf()], &CheckOptions::default());
    let catalogue = report.catalogue().cloned();
    let errors: String = report
        .diagnostics()
        .filter(|(d, _)| d.severity == Severity::Error)
        .map(|(d, source)| d.render(source) + "\n")
        .collect();
    let scenario = report
        .scenarios
        .into_iter()
        .next()
        .and_then(|f| f.checked.scenario);
    match scenario {
        Some(s) if errors.is_empty() => Ok((Arc::new(s), catalogue)),
        _ if errors.is_empty() => Err(format!("{} is not a scenario file\n", path.display())),
        _ => Err(format!(
            "{errors}{} has errors: fix them before {purpose} (see `rapport check`)\n",
            path.display()
        )),
    }
}

/// The result of play, as the format page describes.
pub fn result_json(session: &Session) -> serde_json::Value {
    let scores: serde_json::Map<String, serde_json::Value> = session
        .scores()
        .map(|(s, v)| (s.id.0.clone(), json!(v)))
        .collect();
    let outcome = session.outcome();
    json!({
        "scenario": session.scenario().id,
        "seed": session.seed(),
        "finished": session.is_finished(),
        "ending": session.is_finished().then(|| session.node().id.0.clone()),
        "outcome": outcome.as_ref().map(|o| o.title.clone()),
        "scores": scores,
        "path": session.path(),
        "flags": session.flags(),
        "node": session.node().id,
        "dead_end": session.is_stuck(),
        "steps": session.transcript(),
    })
}

/// What to say when play reaches a decision where every choice is locked.
pub fn stuck_text(session: &Session) -> String {
    format!(
        "Play cannot go on: every choice at \"{}\" is locked, so there is nothing to choose. \
         This is a fault in the scenario (a dead end); `rapport check` explains it. \
         Please tell the scenario's author.",
        session.node().id
    )
}

fn summary_text(session: &Session, catalogue: Option<&Catalogue>) -> String {
    let mut out = String::new();
    for step in session.transcript() {
        out.push_str(&step_text(step, session.scenario(), catalogue));
    }
    out.push_str(&scene_text(session));
    if session.is_stuck() {
        out.push_str(&stuck_text(session));
        out.push('\n');
    }
    out
}

fn score_line(session: &Session) -> String {
    let parts: Vec<String> = session
        .scores()
        .map(|(s, v)| format!("{} {v} of {}", s.label, s.max))
        .collect();
    format!("Scores: {}\n", parts.join(", "))
}

/// "+5 Trust, -10 Boundaries": a sign and a word, never colour alone.
pub fn effects_text(step: &Step, scenario: &Scenario) -> String {
    step.effects
        .iter()
        .filter(|e| e.applied != 0 || e.delta != 0)
        .map(|e| {
            let label = scenario
                .score(e.score.as_str())
                .map_or(e.score.as_str(), |s| s.label.as_str());
            let clamped = if e.applied == e.delta {
                String::new()
            } else {
                format!(" (capped at {})", e.value)
            };
            format!("{:+} {label}{clamped}", e.applied)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn step_text(step: &Step, scenario: &Scenario, catalogue: Option<&Catalogue>) -> String {
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

/// The current scene as text: speaker, line, narration, then the choices or the ending.
fn scene_text(session: &Session) -> String {
    let view = session.current();
    let mut out = String::from("\n");
    for node in session.lead_in().chain([view.node]) {
        out.push_str(&node_text(node, session.scenario()));
    }
    if let Some(ending) = view.ending {
        out.push_str(&format!(
            "\n== The end: {} ==\n{}\n",
            ending.title, ending.summary
        ));
        if let Some(outcome) = session.outcome() {
            out.push_str(&format!("Outcome: {}\n{}\n", outcome.title, outcome.text));
        }
        out.push_str(&score_line(session));
        return out;
    }
    out.push('\n');
    for (shown, choice) in view.choices.iter().enumerate() {
        match (choice.available, choice.hint) {
            (true, _) => out.push_str(&format!("  {}. {}\n", shown + 1, choice.text())),
            (false, hint) => out.push_str(&format!(
                "  {}. (locked: {}) {}\n",
                shown + 1,
                hint.unwrap_or("not available yet"),
                choice.text()
            )),
        }
    }
    out
}

/// A node's narration and line: `[narration]` then `Name (Role): text`.
fn node_text(node: &crate::scenario::Node, scenario: &Scenario) -> String {
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

/// Play by reading choice numbers, one per line, as shown on screen (1 is the first choice
/// listed). `q` quits. Works the same at a terminal and with input piped in.
pub fn interactive_play(
    mut session: Session,
    catalogue: Option<&Catalogue>,
    input: &mut impl BufRead,
    out: &mut impl Write,
    prompt: bool,
) -> ExitCode {
    let scenario = Arc::clone(session.scenario());
    let mut intro = format!("== {} ==\n{}\n", scenario.title, scenario.summary);
    if let Some(setting) = &scenario.setting {
        intro.push_str(&format!("Setting: {setting}\n"));
    }
    if let Some(note) = &scenario.content_note {
        intro.push_str(&format!("Content note: {note}\n"));
    }
    intro.push_str(&score_line(&session));
    let _ = write!(out, "{intro}");
    loop {
        let _ = write!(out, "{}", scene_text(&session));
        if session.is_finished() {
            return ExitCode::SUCCESS;
        }
        if session.is_stuck() {
            let _ = writeln!(out, "{}", stuck_text(&session));
            return ExitCode::from(1);
        }
        let count = session.current().choices.len();
        let step = loop {
            if prompt {
                let _ = write!(out, "Choose 1-{count} (q to quit): ");
            }
            let _ = out.flush();
            let mut line = String::new();
            match input.read_line(&mut line) {
                Ok(0) | Err(_) => {
                    let _ = writeln!(out, "\nStopped before the end.");
                    return ExitCode::SUCCESS;
                }
                Ok(_) => {}
            }
            let answer = line.trim();
            if answer.eq_ignore_ascii_case("q") {
                let _ = writeln!(out, "Stopped before the end.");
                return ExitCode::SUCCESS;
            }
            let view = session.current();
            let Some(picked) = answer
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| view.choices.get(i))
            else {
                let _ = writeln!(out, "Please type a number from 1 to {count}, or q to quit.");
                continue;
            };
            if !picked.available {
                let _ = writeln!(
                    out,
                    "That choice is locked: {}",
                    picked.hint.unwrap_or("not available yet")
                );
                continue;
            }
            let number = picked.number;
            match session.choose(number) {
                Ok(step) => break step.clone(),
                Err(e) => {
                    let _ = writeln!(out, "{e}");
                }
            }
        };
        let mut text = step_text(&step, &scenario, catalogue);
        text.push_str(&score_line(&session));
        let _ = write!(out, "{text}");
    }
}
