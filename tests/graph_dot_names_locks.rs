//! `rapport graph` (DOT) says on a locked choice what it needs, in words, and draws it dashed;
//! every choice shows its effects in short, with the key to the short names in the title.

mod support;

use std::process::Command;

use support::BASE;

#[test]
fn dot_names_the_condition_of_a_locked_choice_and_shows_effects() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    std::fs::write(&path, BASE).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["graph", path.to_str().unwrap()])
        .output()
        .unwrap();
    support::cli::assert_ok(&o);
    let dot = String::from_utf8(o.stdout).unwrap();
    assert!(
        dot.contains(concat!(
            "\"d\" -> \"end-good\" [label=\"1. Bye\\n+5 D\\n",
            "only if the flag \\\"greeted\\\" is set\", style=dashed];"
        )),
        "{dot}"
    );
    assert!(
        dot.contains("\"a\" -> \"b\" [label=\"2. Go away\\n-10 T, -5 D\"];"),
        "{dot}"
    );
    assert!(dot.contains("Scores: T Trust, D Dignity"), "{dot}");
    assert!(
        dot.contains("label=\"chance 1 in 2\", style=dotted"),
        "{dot}"
    );
    assert!(dot.contains("rankdir=TB"), "{dot}");
}
