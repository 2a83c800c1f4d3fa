//! The exact text `rapport check` prints for a set of broken files, compared with the
//! `.expected` file beside each. After an intended change, regenerate them with
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` and review the diff.

use std::path::{Path, PathBuf};

use rapport::cli::check_text;
use rapport::scenario::{CheckOptions, check_paths};

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/broken")
        .expect("fixtures folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

fn expected_path(file: &Path) -> PathBuf {
    file.with_extension("expected")
}

#[test]
fn diagnostics_match_the_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut mismatches = Vec::new();
    for file in fixtures() {
        let report = check_paths(std::slice::from_ref(&file), &CheckOptions::default());
        let actual = check_text(&report, false);
        let expected_file = expected_path(&file);
        if update {
            std::fs::write(&expected_file, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();
        if actual != expected {
            mismatches.push(format!("== {} ==\n{actual}", file.display()));
        }
    }
    assert!(
        mismatches.is_empty(),
        "output differs from the snapshots (UPDATE_SNAPSHOTS=1 to accept):\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn every_broken_fixture_reports_something() {
    for file in fixtures() {
        let report = check_paths(std::slice::from_ref(&file), &CheckOptions::default());
        let errors_or_warnings = report
            .diagnostics()
            .filter(|(d, _)| d.severity != rapport::scenario::Severity::Note)
            .count();
        assert!(errors_or_warnings > 0, "{} reports nothing", file.display());
    }
}
