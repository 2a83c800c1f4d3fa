//! `rapport check PATH...`: every problem in every file, like a compiler.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use serde_json::json;

use crate::scenario::load::DEFAULT_MAX_BYTES;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::scenario::diagnostic::{Lines, escape_controls};
use crate::scenario::{CheckOptions, Code, Report, Severity, check_paths};

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
    let text = if args.json {
        format!("{}\n", to_json(&report, args.timings))
    } else {
        to_text(&report, args.timings)
    };
    super::emit(
        &text,
        ExitCode::from(u8::from(report.count(Severity::Error) > 0)),
    )
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

/// In the human report, at most this many diagnostics of one code are shown for one file; the
/// rest are counted in one line ("and 2,950 more like this").
pub const MAX_SHOWN_PER_CODE: usize = 10;

/// The human report: each diagnostic with its source line, then one summary line. Repeated
/// diagnostics of one kind in one file are grouped after the first few.
pub fn to_text(report: &Report, timings: bool) -> String {
    let mut out = String::new();
    let files = std::iter::once((&report.skipped, None))
        .chain(
            report
                .catalogues
                .iter()
                .map(|c| (&c.diagnostics, c.source.as_deref())),
        )
        .chain(
            report
                .scenarios
                .iter()
                .map(|f| (&f.checked.diagnostics, f.source.as_deref())),
        );
    for (diagnostics, source) in files {
        let lines = source.map(Lines::new);
        let mut shown: BTreeMap<Code, usize> = BTreeMap::new();
        for d in diagnostics {
            let n = shown.entry(d.code).or_default();
            *n += 1;
            if *n <= MAX_SHOWN_PER_CODE {
                out.push_str(&d.render_lines(lines.as_ref()));
                out.push('\n');
            }
        }
        let file = diagnostics.first().and_then(|d| d.file.as_deref());
        for (code, n) in shown {
            if n > MAX_SHOWN_PER_CODE {
                let more = n - MAX_SHOWN_PER_CODE;
                let _ = writeln!(
                    out,
                    "{}and {} more {} like this ({code}: {})\n",
                    file.map(|f| format!("{}: ", escape_controls(&f.to_string_lossy())))
                        .unwrap_or_default(),
                    thousands(more),
                    match (code.severity(), more) {
                        (Severity::Error, 1) => "error",
                        (Severity::Error, _) => "errors",
                        (Severity::Warning, 1) => "warning",
                        (Severity::Warning, _) => "warnings",
                        (Severity::Note, 1) => "note",
                        (Severity::Note, _) => "notes",
                    },
                    code.summary()
                );
            }
        }
    }
    if report.scenarios.iter().any(|f| {
        f.checked.scenario.is_none()
            && f.source.as_deref().is_some_and(|t| !t.trim().is_empty())
            && f.checked.diagnostics.iter().any(|d| d.code == Code::Syntax)
    }) {
        out.push_str(
            "(In a file whose punctuation is not yet right, names, links and scores are checked once it is: more may follow.)\n",
        );
    }
    out.push_str(&format!(
        "checked {}: {}, {}\n",
        report.checked(),
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

/// `2950` as `2,950`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
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
