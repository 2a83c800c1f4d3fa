//! `rapport fix FILE`: repair what Word and Notepad do to a scenario file, mechanically and
//! without changing what it says: the byte-order mark, Windows line endings, curly quotes typed
//! where straight ones belong, and accents stored as separate marks. It says what it changed,
//! keeps the original beside the file, and then checks the result.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use unicode_normalization::UnicodeNormalization as _;

use super::{EXIT_USAGE, emit, say};
use crate::scenario::load::{DEFAULT_MAX_BYTES, from_windows_1252, read_bytes};
use crate::scenario::{CheckOptions, Severity, check_paths};

#[derive(Debug, Args)]
pub struct FixArgs {
    /// The scenario file to repair.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Say what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// What a repair changed, for the person.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Repair {
    pub text: String,
    /// One line per kind of change.
    pub changes: Vec<String>,
}

/// Repair `original` (the file's text): never anything that changes what the scenario says.
pub fn repair(original: &str) -> Repair {
    let mut changes = Vec::new();
    let mut text = original.to_owned();
    if let Some(rest) = text.strip_prefix('\u{FEFF}') {
        text = rest.to_owned();
        changes.push(
            "removed the byte-order mark at the start (an invisible mark Notepad adds)".to_owned(),
        );
    }
    let crlf = text.matches("\r\n").count();
    let lone = text.matches('\r').count() - crlf;
    if crlf + lone > 0 {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
        changes.push(format!(
            "changed {} Windows line ending{} to plain ones",
            crlf + lone,
            if crlf + lone == 1 { "" } else { "s" }
        ));
    }
    let (straight, places) = crate::scenario::syntax::straighten_quotes(&text);
    if !places.is_empty() {
        let lines: Vec<String> = places.iter().map(|p| p.line.to_string()).collect();
        changes.push(format!(
            "made the curly quotes around {} text{} straight (line{} {})",
            places.len(),
            if places.len() == 1 { "" } else { "s" },
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", ")
        ));
        text = straight;
    }
    let composed: String = text.nfc().collect();
    if composed != text {
        let marks = text.chars().count() - composed.chars().count();
        changes.push(format!(
            "joined {marks} accent{} stored as separate marks to their letters, so \
                names that look the same are the same",
            if marks == 1 { "" } else { "s" }
        ));
        text = composed;
    }
    Repair { text, changes }
}

/// `FILE.bak`, or `FILE.bak2`, `FILE.bak3`... : the first name not yet taken.
fn backup_path(file: &Path) -> PathBuf {
    let mut n = 1;
    loop {
        let mut name = file.as_os_str().to_owned();
        name.push(if n == 1 {
            ".bak".to_owned()
        } else {
            format!(".bak{n}")
        });
        let path = PathBuf::from(name);
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

pub fn run(args: &FixArgs) -> ExitCode {
    let bytes = match read_bytes(&args.file, DEFAULT_MAX_BYTES) {
        Ok(bytes) => bytes,
        Err(d) => {
            say(&d.in_file(&args.file).render(None));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    // A file saved in Windows' "ANSI" encoding is read as that and written back as UTF-8.
    let (text, converted) = match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => (from_windows_1252(e.as_bytes()), true),
    };
    let mut fixed = repair(&text);
    if converted {
        fixed.changes.insert(
            0,
            "converted it from Windows' \"ANSI\" encoding to UTF-8 (its £ signs, \
                accents and curly quotes now read as they should)"
                .to_owned(),
        );
    }
    let original = text;
    let mut out = String::new();
    if fixed.changes.is_empty() {
        out.push_str(&format!("{}: nothing to fix\n", args.file.display()));
    } else {
        let verb = if args.dry_run { "would fix" } else { "fixed" };
        out.push_str(&format!("{}: {verb}:\n", args.file.display()));
        for change in &fixed.changes {
            out.push_str(&format!("  - {change}\n"));
        }
        if !args.dry_run {
            let backup = backup_path(&args.file);
            let original_bytes =
                std::fs::read(&args.file).unwrap_or_else(|_| original.clone().into_bytes());
            let written = crate::storage::write_atomic(&backup, &original_bytes)
                .and_then(|()| crate::storage::write_atomic(&args.file, fixed.text.as_bytes()));
            if let Err(e) = written {
                say(&format!(
                    "rapport: cannot write {} (nothing was changed): {e}\n",
                    args.file.display()
                ));
                return ExitCode::from(EXIT_USAGE);
            }
            out.push_str(&format!("the original is kept as {}\n", backup.display()));
        }
    }
    // What is left for the author.
    let report = if args.dry_run {
        let dir = std::env::temp_dir().join(format!("rapport-fix-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let copy = dir.join("scenario.ron");
        let _ = std::fs::write(&copy, &fixed.text);
        let report = check_paths(&[copy], &CheckOptions::default());
        let _ = std::fs::remove_dir_all(&dir);
        report
    } else {
        check_paths(std::slice::from_ref(&args.file), &CheckOptions::default())
    };
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    if errors + warnings == 0 {
        out.push_str("it now checks clean\n");
    } else {
        out.push_str(&format!(
            "{errors} error{} and {warnings} warning{} are left for you: run \
                `rapport check {}` to see them\n",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
            args.file.display()
        ));
    }
    emit(&out, ExitCode::from(u8::from(errors > 0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_file_needs_nothing() {
        let text = "(id: \"a\", text: \"She said “no”.\")\n";
        assert_eq!(repair(text).changes, Vec::<String>::new());
        assert_eq!(repair(text).text, text);
    }

    #[test]
    fn each_repair_is_said_and_none_changes_the_words() {
        let text = "\u{FEFF}(id: “a”,\r\n name: \"Zoe\u{308}\")\r\n";
        let fixed = repair(text);
        assert_eq!(fixed.text, "(id: \"a\",\n name: \"Zo\u{eb}\")\n");
        assert_eq!(fixed.changes.len(), 4, "{:?}", fixed.changes);
    }
}
