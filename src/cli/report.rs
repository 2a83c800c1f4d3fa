//! `rapport report`: the practice records as a printable page (HTML), a spreadsheet (CSV) or the
//! xAPI statements they make, for one attempt, a scenario, a date range or everything.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::EXIT_USAGE;
use crate::records::html::Cover;
use crate::records::sharing::Sharing;
use crate::records::time::Timestamp;
use crate::records::{AttemptId, Filter, Records, RecordsError, xapi};
use crate::storage::Storage;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A page to print or keep as portfolio evidence, with a box for a supervisor to sign.
    Html,
    /// One row per decision, for a spreadsheet.
    Csv,
    /// The xAPI statements, as JSON: what `rapport sync` sends.
    Xapi,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(long, value_enum, default_value = "html")]
    pub format: Format,
    /// Write to this file (replaced whole, never half-written) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only this attempt (its number, as `rapport report --format csv` lists them).
    #[arg(long, value_name = "ID")]
    pub attempt: Option<i64>,
    /// Only attempts at this scenario (its id).
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,
    /// Only attempts started on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<Timestamp>,
    /// Only attempts started on or before this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<Timestamp>,
}

fn parse_date(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse_date(text)
        .ok_or_else(|| format!("\"{text}\" is not a date: write it as YYYY-MM-DD, e.g. 2025-03-01"))
}

impl ReportArgs {
    fn filter(&self) -> Filter {
        Filter {
            attempt: self.attempt.map(AttemptId),
            scenario: self.scenario.clone(),
            from: self.from,
            until: self.to.map(Timestamp::next_day),
        }
    }

    /// What the report covers, in words.
    fn covers(&self) -> String {
        let mut parts = Vec::new();
        if let Some(a) = self.attempt {
            parts.push(format!("attempt {a}"));
        }
        if let Some(s) = &self.scenario {
            parts.push(format!("scenario \"{s}\""));
        }
        match (self.from, self.to) {
            (Some(f), Some(t)) => parts.push(format!("{} to {}", f.date(), t.date())),
            (Some(f), None) => parts.push(format!("from {}", f.date())),
            (None, Some(t)) => parts.push(format!("up to {}", t.date())),
            (None, None) => {}
        }
        if parts.is_empty() {
            "everything recorded".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

pub fn run(args: &ReportArgs) -> ExitCode {
    let records = match Records::open_existing(&Records::default_path()) {
        Ok(r) => r,
        Err(e @ RecordsError::Missing { .. }) => {
            super::say(&format!("rapport: {e}\n"));
            return ExitCode::from(1);
        }
        Err(e) => {
            super::say(&format!("rapport: {e}\n"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let attempts = match records.find(&args.filter()) {
        Ok(a) => a,
        Err(e) => {
            super::say(&format!("rapport: {e}\n"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if let (Some(id), true) = (args.attempt, attempts.is_empty()) {
        super::say(&format!(
            "rapport: {}\n",
            RecordsError::NoSuchAttempt(AttemptId(id))
        ));
        return ExitCode::from(1);
    }
    // The settings only name the trainee here; a settings file that does not read is said, and
    // the report is made without a name.
    let sharing = Sharing::load(&Storage::from_env()).unwrap_or_else(|problem| {
        super::say(&format!(
            "rapport: {problem}; the report has no name on it.\n"
        ));
        Sharing::default()
    });
    let text = match args.format {
        Format::Html => crate::records::html::report(
            &attempts,
            &Cover {
                name: sharing.trainee_name().map(str::to_owned),
                made: Some(Timestamp::now()),
                covers: args.covers(),
            },
        ),
        Format::Csv => crate::records::csv::report(&attempts),
        Format::Xapi => {
            let actor = sharing
                .identity
                .as_ref()
                .and_then(|i| i.actor())
                .unwrap_or_else(xapi::anonymous_actor);
            let all: Vec<serde_json::Value> = attempts
                .iter()
                .rev()
                .flat_map(|a| xapi::statements(a, &actor))
                .map(|s| s.json)
                .collect();
            serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"
        }
    };
    super::write_output(args.output.as_deref(), &text)
}
