//! Running the built `rapport` binary: with arguments, with typed input, on a scenario written
//! to a temporary folder.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Where the tests' `rapport` keeps its settings and practice records, away from the user's own.
pub fn test_home() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("rapport-home")
}

/// Run `rapport` with these arguments.
pub fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .env("RAPPORT_HOME", test_home())
        .output()
        .expect("the binary runs")
}

/// Run `rapport` with these arguments, typing `input` on standard input.
pub fn rapport_typing(args: &[&str], input: &str) -> Output {
    rapport_at(&test_home(), args, input)
}

/// Run `rapport` with its settings and records under `home`, typing `input` on standard input.
pub fn rapport_at(home: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .env("RAPPORT_HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("standard input is piped")
        .write_all(input.as_bytes())
        .expect("the input is written");
    child.wait_with_output().expect("the binary finishes")
}

/// Fail, showing what it said on standard error, unless `rapport` exited with 0.
pub fn assert_ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `text` written as `s.ron` in a new temporary folder; the folder and the file's path.
pub fn temp_scenario(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("s.ron");
    std::fs::write(&path, text).expect("the scenario is written");
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}

/// The JSON `rapport` printed.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(o), stderr(o)))
}
