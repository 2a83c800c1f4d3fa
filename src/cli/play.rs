//! `rapport play FILE`: play in the terminal (a complete way to practise at a terminal or with a
//! screen reader), or play a list of choices and print the result, for tests and authors; with
//! `--rehearse`, a facilitator's run-through that shows the objectives and facilitator notes.
//! Interactive play is recorded in the practice records like play in the app (`--no-record` leaves
//! an attempt out); a list of choices, a rehearsal and the authoring options are not practice and
//! are never recorded.

use std::io::{self, BufRead, IsTerminal as _, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use serde_json::json;

use super::EXIT_USAGE;
use super::setup::{chances, choice_numbers, parse_assignment, parse_chance, prepare};
use super::transcript::{intro, numbers_in_words, scene, score_line, step_text};
use crate::play::{PlayError, Session};
use crate::records::{AttemptId, Mode, Records};
use crate::scenario::{Catalogue, CheckOptions, Scenario, Severity, check_paths};

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// The scenario file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Choices to make, by the numbers shown beside them (their positions in each node's
    /// `choices` as written), separated by commas: 1,3,2 or "1, 3, 2".
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "N,N,...",
        allow_hyphen_values = true
    )]
    pub choices: Option<Vec<String>>,
    /// The seed for chance nodes and shuffled choices: the same seed plays the same way.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Rehearse as a facilitator: show the objectives and content note first, and each
    /// facilitator note where it belongs.
    #[arg(long)]
    pub rehearse: bool,
    /// At a chance node, go to the given node instead of drawing, e.g. `--chance twist=tariq`
    /// (may be repeated, once for each chance node).
    #[arg(long = "chance", value_name = "CHANCE=NEXT", value_parser = parse_chance)]
    pub chances: Vec<(String, String)>,
    /// Start at this node instead of the scenario's start (for authors).
    #[arg(long, value_name = "NODE")]
    pub from: Option<String>,
    /// Set a score before play, e.g. `--set trust=40` (may be repeated).
    #[arg(long = "set", value_name = "SCORE=N", value_parser = parse_assignment)]
    pub set: Vec<(String, i64)>,
    /// Set a flag before play (may be repeated).
    #[arg(long = "flag", value_name = "FLAG")]
    pub flags: Vec<String>,
    /// Leave this attempt out of your practice records (interactive play is recorded otherwise).
    #[arg(long)]
    pub no_record: bool,
}

impl PlayArgs {
    /// Whether this is practice to record: interactive play, not a rehearsal, no authoring aid.
    fn records(&self) -> bool {
        !self.no_record
            && self.choices.is_none()
            && !self.json
            && !self.rehearse
            && self.chances.is_empty()
            && self.from.is_none()
            && self.set.is_empty()
            && self.flags.is_empty()
    }
}

pub fn run(args: &PlayArgs) -> ExitCode {
    let (scenario, catalogue) = match load(&args.file) {
        Ok(loaded) => loaded,
        Err(message) => {
            super::say(&message);
            return ExitCode::from(1);
        }
    };
    let (session, choices) = match start(args, scenario) {
        Ok(started) => started,
        Err(message) => {
            super::say(&format!("rapport: {message}\n"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let Some(choices) = choices else {
        let mut recording = if args.records() {
            Recording::start(&args.file, &session, catalogue.as_ref())
        } else {
            None
        };
        let stdin = io::stdin();
        let prompt = stdin.is_terminal();
        return interactive_play(
            session,
            catalogue.as_ref(),
            &mut stdin.lock(),
            &mut io::stdout(),
            prompt,
            args.rehearse,
            &mut recording,
        );
    };
    let played = if args.rehearse && !args.json {
        rehearsal_text(session, &choices, catalogue.as_ref())
    } else {
        play_all(session, &choices).map(|session| {
            if args.json {
                format!("{}\n", result_json(&session, args.rehearse))
            } else {
                summary_text(&session, catalogue.as_ref())
            }
        })
    };
    match played {
        Ok(text) => super::emit(&text, ExitCode::SUCCESS),
        Err(e) => fail(&e),
    }
}

/// The session set up as the options ask, and the choices to play (`None`: play interactively).
fn start(
    args: &PlayArgs,
    scenario: Arc<Scenario>,
) -> Result<(Session, Option<Vec<usize>>), String> {
    let choices = match &args.choices {
        Some(items) => Some(choice_numbers(items)?),
        None if args.json => Some(Vec::new()),
        None => None,
    };
    let decided = chances(&scenario, &args.chances)?;
    let mut session =
        Session::with_chances(scenario, args.seed, decided).map_err(|e| e.to_string())?;
    prepare(&mut session, &args.set, &args.flags, args.from.as_deref())?;
    Ok((session, choices))
}

fn play_all(mut session: Session, choices: &[usize]) -> Result<Session, PlayError> {
    for &choice in choices {
        session.choose(choice)?;
    }
    Ok(session)
}

/// A rehearsal of a list of choices: what interactive play would show, without the prompts.
fn rehearsal_text(
    mut session: Session,
    choices: &[usize],
    catalogue: Option<&Catalogue>,
) -> Result<String, PlayError> {
    let mut out = intro(&session, true);
    for &choice in choices {
        out.push_str(&scene(&session, true));
        let step = session.choose(choice)?.clone();
        out.push_str(&step_text(&step, session.scenario(), catalogue));
        out.push_str(&score_line(&session));
    }
    out.push_str(&scene(&session, true));
    if session.is_stuck() {
        out.push_str(&stuck_text(&session));
        out.push('\n');
    }
    Ok(out)
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
pub fn result_json(session: &Session, rehearse: bool) -> serde_json::Value {
    let scores: serde_json::Map<String, serde_json::Value> = session
        .scores()
        .map(|(s, v)| (s.id.0.clone(), json!(v)))
        .collect();
    let outcome = session.outcome();
    let mut result = json!({
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
    });
    if rehearse {
        result["rehearsal"] = rehearsal_json(session);
    }
    result
}

/// For `--rehearse --json`: the objectives, the content note, and the facilitator notes of the
/// nodes passed, in order.
fn rehearsal_json(session: &Session) -> serde_json::Value {
    let scenario = session.scenario();
    let notes: Vec<serde_json::Value> = session
        .path()
        .iter()
        .filter_map(|id| scenario.node(id.as_str()))
        .filter_map(|n| {
            n.facilitator_note
                .as_ref()
                .map(|note| json!({"node": n.id, "note": note}))
        })
        .collect();
    json!({
        "objectives": scenario.objectives,
        "content_note": scenario.content_note,
        "facilitator_notes": notes,
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
    out.push_str(&scene(session, false));
    if session.is_stuck() {
        out.push_str(&stuck_text(session));
        out.push('\n');
    }
    out
}

/// An attempt being recorded. When the records cannot be written, the trainee is told once and
/// play goes on unrecorded.
pub struct Recording {
    records: Records,
    id: AttemptId,
}

impl Recording {
    /// Begin recording play of the scenario in `file`; `None`, having said why, when the records
    /// cannot be written.
    pub fn start(
        file: &std::path::Path,
        session: &Session,
        catalogue: Option<&Catalogue>,
    ) -> Option<Self> {
        let source = match crate::scenario::load::read_source(
            file,
            crate::scenario::load::DEFAULT_MAX_BYTES,
        ) {
            Ok(source) => source,
            Err(d) => {
                super::say(&format!(
                    "rapport: this attempt is not recorded: {}\n",
                    d.message
                ));
                return None;
            }
        };
        let started = Records::open_default().and_then(|records| {
            let id = records.start(session, &source, catalogue, Mode::Alone)?;
            Ok(Self { records, id })
        });
        started.map_err(|e| Self::not_recorded(&e)).ok()
    }

    fn not_recorded(e: &crate::records::RecordsError) {
        super::say(&format!(
            "rapport: this attempt is not being recorded. {e}\n"
        ));
    }

    /// Record the decision just made, or the ending reached.
    fn record(this: &mut Option<Self>, session: &Session, taken: std::time::Duration) {
        let Some(recording) = this else {
            return;
        };
        let mut done = recording
            .records
            .record_decision(recording.id, session, Some(taken));
        if done.is_ok() && session.is_finished() {
            done = recording.records.finish(recording.id, session);
        }
        if let Err(e) = done {
            Self::not_recorded(&e);
            *this = None;
        }
    }
}

/// Play by reading choice numbers, one per line: the numbers shown beside the choices, which
/// are their authored positions (the same numbers `--choices` takes). `q` quits. Works the same
/// at a terminal and with input piped in. A rehearsal also shows the objectives and the
/// facilitator notes.
pub fn interactive_play(
    mut session: Session,
    catalogue: Option<&Catalogue>,
    input: &mut impl BufRead,
    out: &mut impl Write,
    prompt: bool,
    rehearse: bool,
    recording: &mut Option<Recording>,
) -> ExitCode {
    let scenario = Arc::clone(session.scenario());
    let _ = write!(out, "{}", intro(&session, rehearse));
    loop {
        let _ = write!(out, "{}", scene(&session, rehearse));
        if session.is_finished() {
            return ExitCode::SUCCESS;
        }
        if session.is_stuck() {
            let _ = writeln!(out, "{}", stuck_text(&session));
            return ExitCode::from(1);
        }
        let shown = std::time::Instant::now();
        let Some(number) = read_choice(&session, input, out, prompt) else {
            let _ = writeln!(out, "Stopped before the end.");
            return ExitCode::SUCCESS;
        };
        let step = match session.choose(number) {
            Ok(step) => step.clone(),
            Err(e) => {
                let _ = writeln!(out, "{e}");
                continue;
            }
        };
        Recording::record(recording, &session, shown.elapsed());
        let mut text = step_text(&step, &scenario, catalogue);
        text.push_str(&score_line(&session));
        let _ = write!(out, "{text}");
    }
}

/// Ask until the trainee types the number of a choice on offer; `None` when they quit or the
/// input ends. Only the numbers shown are accepted: a choice hidden because it is locked is not.
fn read_choice(
    session: &Session,
    input: &mut impl BufRead,
    out: &mut impl Write,
    prompt: bool,
) -> Option<usize> {
    let view = session.current();
    let mut offered = session.open_choices();
    offered.sort_unstable();
    let numbers = numbers_in_words(&offered);
    loop {
        if prompt {
            let _ = write!(out, "Choose {numbers} (q to quit): ");
        }
        let _ = out.flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => {
                let _ = writeln!(out);
                return None;
            }
            Ok(_) => {}
        }
        let answer = line.trim();
        if answer.eq_ignore_ascii_case("q") {
            return None;
        }
        let shown = answer
            .parse::<usize>()
            .ok()
            .and_then(|n| view.choices.iter().find(|c| c.number == n));
        match shown {
            Some(choice) if choice.available => return Some(choice.number),
            Some(choice) => {
                let _ = writeln!(
                    out,
                    "That choice is locked: {}",
                    choice.hint.unwrap_or("not available yet")
                );
            }
            None => {
                let _ = writeln!(out, "Please type {numbers}, or q to quit.");
            }
        }
    }
}
