//! `rapport analyze FILE`: can every ending be reached, with what scores, by how many paths and
//! how often under random play; the command that replays each score's best path; and what might
//! weaken the scenario as a teaching tool.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use super::play::load;
use crate::play::analysis::{Analysis, Extremes, MAX_EXACT_PATHS, locate_smells, survey};
use crate::scenario::Scenario;
use crate::scenario::diagnostic::escape_controls;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The scenario file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print the analysis as JSON.
    #[arg(long)]
    pub json: bool,
    /// Explore every path exactly when there are at most this many.
    #[arg(long, value_name = "N", default_value_t = MAX_EXACT_PATHS)]
    pub max_paths: u64,
}

pub fn run(args: &AnalyzeArgs) -> ExitCode {
    let (scenario, _) = match load(&args.file) {
        Ok(loaded) => loaded,
        Err(message) => {
            super::say(&message);
            return ExitCode::from(1);
        }
    };
    let source = std::fs::read_to_string(&args.file).unwrap_or_default();
    let analysis = survey(&scenario, args.max_paths);
    let text = if args.json {
        format!("{}\n", to_json(&analysis, &args.file, &source))
    } else {
        to_text(&analysis, &scenario, &args.file, &source)
    };
    super::emit(&text, ExitCode::SUCCESS)
}

pub fn to_json(a: &Analysis, file: &std::path::Path, source: &str) -> serde_json::Value {
    let positions = locate_smells(&a.smells, source);
    let smells: Vec<_> = a
        .smells
        .iter()
        .zip(positions)
        .map(|(sm, pos)| {
            json!({
                "code": sm.code,
                "file": file.display().to_string(),
                "line": pos.map_or(1, |p| p.line),
                "column": pos.map_or(1, |p| p.column),
                "message": sm.message,
            })
        })
        .collect();
    let scores: serde_json::Map<String, serde_json::Value> = a
        .extremes
        .iter()
        .map(|(k, x)| {
            let mut v = json!(x);
            if let Some(command) = replay_command(file, x) {
                v["best_command"] = json!(command);
            }
            (k.clone(), v)
        })
        .collect();
    json!({
        "exact": a.exact,
        "paths": a.total_paths,
        "endings": a.endings,
        "scores": scores,
        "dilemmas": a.dilemmas,
        "dead_ends": a.dead_ends,
        "dead_end_chance_percent": a.dead_end_chances,
        "smells": smells,
    })
}

/// A chance in percent as people write it: "25%", "37.5%", "under 0.1%", "over 99.9%" (within
/// a thousandth of a percent of 100 is "100%"); "about" before it when it is an estimate.
fn percent(p: f64, exact: bool) -> String {
    let about = if exact { "" } else { "about " };
    let p = p.clamp(0.0, 100.0);
    let rounded = (p * 10.0).round() / 10.0;
    let number = if p < 1e-9 {
        "0%".to_owned()
    } else if rounded < 0.1 {
        "under 0.1%".to_owned()
    } else if 100.0 - p < 1e-3 {
        "100%".to_owned()
    } else if rounded >= 100.0 {
        "over 99.9%".to_owned()
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.0}%")
    } else {
        format!("{rounded:.1}%")
    };
    format!("{about}{number}")
}

/// `word` as the shell reads it: as it is when it is plain, otherwise in single quotes.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./=:,+@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return word.to_owned();
    }
    format!("'{}'", escape_controls(word).replace('\'', r"'\''"))
}

/// The command that replays a score's best path exactly, whatever the seed: its choices, and how
/// each chance node on it fell.
fn replay_command(file: &std::path::Path, x: &Extremes) -> Option<String> {
    let choices = x.best_path.as_ref()?;
    let numbers: Vec<String> = choices.iter().map(|(_, c)| c.to_string()).collect();
    let mut command = format!(
        "rapport play {} --choices {}",
        shell_word(&file.to_string_lossy()),
        shell_word(&numbers.join(","))
    );
    for (node, next) in x.best_chances.iter().flatten() {
        command.push_str(&format!(
            " --chance {}",
            shell_word(&format!("{node}={next}"))
        ));
    }
    command.push_str(" --seed 0");
    Some(command)
}

/// "end-good \"Good\"": an ending's id and title.
fn ending_name(s: &Scenario, id: &str) -> String {
    let title = s
        .node(id)
        .and_then(|n| n.ending.as_ref())
        .map_or("", |e| e.title.as_str());
    format!("{} \"{}\"", escape_controls(id), escape_controls(title))
}

fn path_text(path: &[(String, usize)]) -> String {
    path.iter()
        .map(|(node, c)| format!("{node}:{c}"))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn to_text(a: &Analysis, s: &Scenario, file: &std::path::Path, source: &str) -> String {
    let mut out = String::new();
    let how = match (a.exact, a.total_paths) {
        (true, Some(n)) => format!("exact: all {n} paths explored, conditions evaluated"),
        _ => concat!(
            "approximate: too many paths or a loop, so every range below contains all real ",
            "values but may be wider"
        )
        .to_owned(),
    };
    let _ = writeln!(out, "Analysis of \"{}\" ({how})\n", s.title);
    endings_text(&mut out, a, s);
    dead_ends_text(&mut out, a);
    dilemmas_text(&mut out, a, s);
    extremes_text(&mut out, a, s, file);
    smells_text(&mut out, a, file, source);
    out
}

/// "1 path", "3 paths".
fn paths_text(n: u64) -> String {
    format!("{n} path{}", if n == 1 { "" } else { "s" })
}

fn endings_text(out: &mut String, a: &Analysis, s: &Scenario) {
    let _ = writeln!(out, "Endings:");
    let _ = writeln!(
        out,
        "  A path is one way through: the choices made and how each chance fell. \
         \"Reachable by 3 paths\" means 3 different ways of playing end there."
    );
    let estimated = a.endings.values().any(|e| e.chance_percent.is_some());
    let _ = writeln!(
        out,
        "  {}",
        match (estimated, a.exact) {
            (false, _) => concat!(
                "How often random play ends at each ending is not given: its loops keep play ",
                "going round for too long to estimate."
            ),
            (true, true) => concat!(
                "Random play takes any choice on offer with equal chance, and chance nodes by ",
                "their weights."
            ),
            (true, false) => concat!(
                "Random play takes any choice with equal chance, and chance nodes by their ",
                "weights; estimated here as if every choice were always on offer."
            ),
        }
    );
    for (id, e) in &a.endings {
        let name = ending_name(s, id);
        if !e.reachable {
            let _ = writeln!(out, "  {name}: NOT REACHABLE");
            continue;
        }
        let paths = e
            .paths
            .map_or_else(|| "an uncounted number of paths".to_owned(), paths_text);
        let chance = e.chance_percent.map_or_else(String::new, |p| {
            format!(
                "; random play ends here {} of the time",
                percent(p, a.exact)
            )
        });
        let _ = writeln!(out, "  {name}: reachable by {paths}{chance}");
        let scores: Vec<String> = e
            .scores
            .iter()
            .map(|(k, [lo, hi])| {
                if lo == hi {
                    format!("{k} {lo}")
                } else {
                    format!("{k} {lo} to {hi}")
                }
            })
            .collect();
        let _ = writeln!(out, "    scores on arrival: {}", scores.join(", "));
        if e.verdicts.is_empty() {
            let _ = writeln!(out, "    verdicts: none");
        }
        for v in &e.verdicts {
            let paths = v.paths.map_or_else(|| "possible".to_owned(), paths_text);
            match &v.title {
                Some(title) => {
                    let _ = writeln!(out, "    verdict \"{title}\": {paths}");
                }
                None => {
                    let _ = writeln!(out, "    NO VERDICT (no outcome matches): {paths}");
                }
            }
        }
    }
}

fn dead_ends_text(out: &mut String, a: &Analysis) {
    if a.dead_ends.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nDead ends (play stops here with every choice locked; `rapport check` says why):"
    );
    for (id, paths) in &a.dead_ends {
        let how = paths.map_or_else(
            || "possible (every choice has a condition)".to_owned(),
            paths_text,
        );
        let chance = a.dead_end_chances.get(id).map_or_else(String::new, |&p| {
            format!("; random play stops here {} of the time", percent(p, true))
        });
        let _ = writeln!(out, "  {id}: {how}{chance}");
    }
}

fn dilemmas_text(out: &mut String, a: &Analysis, s: &Scenario) {
    let d = &a.dilemmas;
    let _ = writeln!(
        out,
        "\nDilemmas, over {} decisions (goal: at least a third with a costly best option, at \
         most a fifth with a dominant one):",
        d.decisions
    );
    let _ = writeln!(
        out,
        "  best option costs something: {} of {}{}",
        d.costly_best,
        d.decisions,
        if d.costly_best * 3 >= d.decisions {
            ""
        } else {
            "  (below a third)"
        }
    );
    let _ = writeln!(
        out,
        "  one option at least as good as every other on every score: {} of {}{}",
        d.dominant,
        d.decisions,
        if d.dominant * 5 <= d.decisions {
            ""
        } else {
            "  (above a fifth)"
        }
    );
    let _ = writeln!(
        out,
        "  best option listed first: {} of {}{}",
        d.best_first,
        d.decisions,
        if s.shuffle_choices {
            " (choices are shuffled in play)"
        } else {
            ""
        }
    );
}

/// Each score's best and worst final value; when the analysis is exact, the paths there, the
/// ending each reaches, and the command that replays the best.
fn extremes_text(out: &mut String, a: &Analysis, s: &Scenario, file: &std::path::Path) {
    let _ = writeln!(out, "\nBest and worst final value of each score:");
    let ending = |e: &Option<String>| {
        e.as_deref().map_or_else(String::new, |e| {
            format!(", ending at {}", ending_name(s, e))
        })
    };
    for (k, x) in &a.extremes {
        let _ = writeln!(out, "  {k}: best {}, worst {}", x.best, x.worst);
        if let (Some(b), Some(w)) = (&x.best_path, &x.worst_path) {
            let _ = writeln!(
                out,
                "    best path:  {}{}",
                path_text(b),
                ending(&x.best_ending)
            );
            if let Some(command) = replay_command(file, x) {
                let _ = writeln!(out, "    replay it:  {command}");
            }
            let _ = writeln!(
                out,
                "    worst path: {}{}",
                path_text(w),
                ending(&x.worst_ending)
            );
        }
    }
}

fn smells_text(out: &mut String, a: &Analysis, file: &std::path::Path, source: &str) {
    let _ = writeln!(out, "\nSmells:");
    if a.smells.is_empty() {
        let _ = writeln!(out, "  none");
    }
    let mut shown: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (sm, pos) in a.smells.iter().zip(locate_smells(&a.smells, source)) {
        let n = shown.entry(sm.code).or_default();
        *n += 1;
        if *n > super::check::MAX_SHOWN_PER_CODE {
            continue;
        }
        let at = pos.map(|p| format!(":{p}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{at}: {} {}",
            file.display(),
            sm.code,
            escape_controls(&sm.message)
        );
    }
    for (code, n) in shown {
        if n > super::check::MAX_SHOWN_PER_CODE {
            let _ = writeln!(
                out,
                "  and {} more {code} like these",
                n - super::check::MAX_SHOWN_PER_CODE
            );
        }
    }
}
