//! `rapport analyze FILE`: can every ending be reached, with what scores, by how many paths, and
//! what might weaken the scenario as a teaching tool.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use super::play::load;
use crate::play::analysis::{Analysis, MAX_EXACT_PATHS, analyse, locate_smells};
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
    let analysis = analyse(&scenario, args.max_paths);
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
    json!({
        "exact": a.exact,
        "paths": a.total_paths,
        "endings": a.endings,
        "scores": a.extremes,
        "dilemmas": a.dilemmas,
        "dead_ends": a.dead_ends,
        "smells": smells,
    })
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
        _ => "approximate: too many paths or a loop, so every range below contains all real values but may be wider".to_owned(),
    };
    let _ = writeln!(out, "Analysis of \"{}\" ({how})\n", s.title);
    let _ = writeln!(out, "Endings:");
    for (id, e) in &a.endings {
        let title = s
            .node(id)
            .and_then(|n| n.ending.as_ref())
            .map_or("", |e| e.title.as_str());
        if !e.reachable {
            let _ = writeln!(out, "  {id} \"{title}\": NOT REACHABLE");
            continue;
        }
        let paths = e.paths.map_or_else(
            || "an uncounted number of paths".to_owned(),
            |n| format!("{n} path{}", if n == 1 { "" } else { "s" }),
        );
        let (id, title) = (escape_controls(id), escape_controls(title));
        let _ = writeln!(out, "  {id} \"{title}\": reachable by {paths}");
        let scores: Vec<String> = e
            .scores
            .iter()
            .map(|(k, [lo, hi])| format!("{k} {lo}..{hi}"))
            .collect();
        let _ = writeln!(out, "    scores on arrival: {}", scores.join(", "));
        if e.verdicts.is_empty() {
            let _ = writeln!(out, "    verdicts: none");
        }
        for v in &e.verdicts {
            let paths = v.paths.map_or_else(
                || "possible".to_owned(),
                |n| format!("{n} path{}", if n == 1 { "" } else { "s" }),
            );
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
    if !a.dead_ends.is_empty() {
        let _ = writeln!(
            out,
            "\nDead ends (play stops here with every choice locked; `rapport check` says why):"
        );
        for (id, paths) in &a.dead_ends {
            let how = paths.map_or_else(
                || "possible (every choice has a condition)".to_owned(),
                |n| format!("{n} path{}", if n == 1 { "" } else { "s" }),
            );
            let _ = writeln!(out, "  {id}: {how}");
        }
    }
    let d = &a.dilemmas;
    let _ = writeln!(
        out,
        "\nDilemmas, over {} decisions (goal: at least a third with a costly best option, at most a fifth with a dominant one):",
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
    let _ = writeln!(out, "\nBest and worst final value of each score:");
    for (k, x) in &a.extremes {
        let _ = writeln!(out, "  {k}: best {}, worst {}", x.best, x.worst);
        if let (Some(b), Some(w)) = (&x.best_path, &x.worst_path) {
            let _ = writeln!(out, "    best path:  {}", path_text(b));
            let _ = writeln!(out, "    worst path: {}", path_text(w));
        }
    }
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
    out
}
