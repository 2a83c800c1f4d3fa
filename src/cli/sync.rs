//! `rapport sync`: send the xAPI statements waiting in the practice records to the learning record
//! store that is set, and say what happened.

use std::process::ExitCode;

use clap::Args;

use super::EXIT_USAGE;
use crate::records::sharing::Sharing;
use crate::records::sync::{SyncError, Tries, sync_pending};
use crate::records::{Records, RecordsError};
use crate::storage::Storage;

#[derive(Debug, Args)]
pub struct SyncArgs {}

pub fn run(_args: &SyncArgs) -> ExitCode {
    let sharing = match Sharing::load(&Storage::from_env()) {
        Ok(s) => s,
        Err(problem) => {
            super::say(&format!("rapport: nothing was sent: {problem}.\n"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if sharing.lrs.is_none() {
        super::say(&format!("rapport: {}\n", SyncError::NoStore));
        return ExitCode::from(EXIT_USAGE);
    }
    let records = match Records::open_existing(&Records::default_path()) {
        Ok(r) => r,
        Err(RecordsError::Missing { .. }) => {
            return super::emit(
                "Nothing to send: no practice has been recorded on this computer yet.\n",
                ExitCode::SUCCESS,
            );
        }
        Err(e) => {
            super::say(&format!("rapport: nothing was sent. {e}\n"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match sync_pending(&records, &sharing, Tries::All) {
        Ok(report) => {
            let code = if report.waiting == 0 && report.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            };
            super::emit(&report.summary(), code)
        }
        Err(e) => {
            super::say(&format!("rapport: {e}\n"));
            ExitCode::from(EXIT_USAGE)
        }
    }
}
