//! `rapport check PATH...`: every problem in every file, like a compiler.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use serde_json::json;

use crate::scenario::load::DEFAULT_MAX_BYTES;
use crate::scenario::{CheckOptions, Report, Severity, check_paths};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files, or folders to search for `*.ron` files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print the diagnostics as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print how long parsing, validation and analysis took.
    #[arg(long)]
    pub timings: bool,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    pub max_size: u64,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let report = check_paths(
        &args.paths,
        &CheckOptions {
            max_bytes: args.max_size,
        },
    );
    if args.json {
        println!("{}", to_json(&report, args.timings));
    } else {
        print!("{}", to_text(&report, args.timings));
    }
    ExitCode::from(u8::from(report.count(Severity::Error) > 0))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// The human report: each diagnostic with its source line, then one summary line.
pub fn to_text(report: &Report, timings: bool) -> String {
    let mut out = String::new();
    for (d, source) in report.diagnostics() {
        out.push_str(&d.render(source));
        out.push('\n');
    }
    out.push_str(&format!(
        "checked {}: {}, {}\n",
        plural(report.files(), "file"),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
    ));
    if timings {
        let t = report.timings();
        out.push_str(&format!(
            "timings: parse {:.3} ms, validate {:.3} ms, analyse {:.3} ms\n",
            ms(t.parse),
            ms(t.validate),
            ms(t.analyze)
        ));
    }
    out
}

pub fn to_json(report: &Report, timings: bool) -> serde_json::Value {
    let diagnostics: Vec<_> = report.diagnostics().map(|(d, _)| d).collect();
    let mut value = json!({
        "files": report.files(),
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "diagnostics": diagnostics,
    });
    if timings {
        let t = report.timings();
        value["timings_ms"] = json!({
            "parse": ms(t.parse),
            "validate": ms(t.validate),
            "analyse": ms(t.analyze),
        });
    }
    value
}
