//! Checking a folder as an author has it, and repairing a file with `rapport fix`: files that
//! look like scenarios but are not named like one, an empty folder, counts in words, problems in
//! the catalogue placed in the catalogue, and mechanical repairs that keep a backup.

mod support;

use std::path::Path;
use std::process::Command;

use support::{BASE, edit};

fn rapport(args: &[&str], dir: &Path) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code().unwrap_or(-1), said)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const CATALOGUE: &str = "[(id: \"empathy\", name: \"Empathy\", summary: \"S\", source: \"T\")]";

#[test]
fn files_that_look_like_scenarios_are_mentioned_and_counts_are_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    write(&lib.join("principles.ron"), CATALOGUE);
    write(&lib.join("care/one.ron"), BASE);
    write(&lib.join("care/two.RON"), BASE);
    write(&lib.join("care/three.ron.txt"), BASE);
    write(&lib.join("care/four.txt"), &format!("\u{FEFF}{BASE}"));
    write(&lib.join("care/notes.txt"), "Ideas for next term.");
    let (code, said) = rapport(&["check", "lib"], dir.path());
    assert_eq!(code, 0, "{said}");
    for name in ["two.RON", "three.ron.txt", "four.txt"] {
        assert!(
            said.contains(&format!("{name} looks like a scenario")),
            "{name}: {said}"
        );
    }
    assert!(!said.contains("notes.txt"), "{said}");
    assert!(
        said.contains("checked 1 scenario (and the principles catalogue): 0 errors"),
        "{said}"
    );
}

#[test]
fn an_empty_folder_is_an_error_not_zero_files_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    let (code, said) = rapport(&["check", "empty"], dir.path());
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("error[E042]: there are no scenario files"),
        "{said}"
    );
}

#[test]
fn a_problem_in_the_catalogue_is_placed_in_the_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    write(
        &lib.join("principles.ron"),
        "[(id: \"empathy\", name: \"E\")]",
    );
    write(&lib.join("care/one.ron"), BASE);
    let (code, said) = rapport(&["check", "lib/care/one.ron"], dir.path());
    assert_eq!(code, 1, "{said}");
    let line = said
        .lines()
        .find(|l| l.contains("error[E007]"))
        .expect("the catalogue's missing field");
    assert!(line.starts_with("lib/principles.ron:1:"), "{line}");
}

#[test]
fn duplicates_name_the_line_of_the_first_and_unknown_scores_list_the_scores() {
    let text = edit("(id: \"c2\"", "(id: \"c\"").replacen("{\"dignity\": 5}", "{\"warmth\": 5}", 1);
    let checked = rapport::scenario::check_source(&text, None);
    let help = |code: rapport::scenario::Code| {
        checked
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .and_then(|d| d.help.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        help(rapport::scenario::Code::DuplicateNode),
        "the first is on line 17; give this one another id"
    );
    assert_eq!(
        help(rapport::scenario::Code::UnknownScore),
        "this scenario's scores are \"trust\" and \"dignity\""
    );
}

#[test]
fn fix_repairs_what_word_does_keeps_a_backup_and_says_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("from-word.ron");
    let original = format!(
        "\u{FEFF}{}",
        edit("title: \"Base\",", "title: “Base”,").replace('\n', "\r\n")
    );
    write(&file, &original);
    let (code, said) = rapport(&["fix", "--dry-run", "from-word.ron"], dir.path());
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("would fix"), "{said}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    let (code, said) = rapport(&["fix", "from-word.ron"], dir.path());
    assert_eq!(code, 0, "{said}");
    for change in [
        "byte-order mark",
        "line endings",
        "curly quotes around 1 text straight",
    ] {
        assert!(said.contains(change), "{change}: {said}");
    }
    assert!(said.contains("it now checks clean"), "{said}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("from-word.ron.bak")).unwrap(),
        original
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), BASE);
    let (code, said) = rapport(&["fix", "from-word.ron"], dir.path());
    assert_eq!(code, 0);
    assert!(said.contains("nothing to fix"), "{said}");
    assert!(!dir.path().join("from-word.ron.bak2").exists());
}

#[test]
fn a_file_saved_as_windows_ansi_is_named_in_plain_words_and_fix_converts_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ansi.ron");
    // "Cost: £5" with the pound sign as Windows' ANSI writes it (one byte, 0xA3).
    let mut bytes = edit("title: \"Base\",", "title: \"Cost: X5\",").into_bytes();
    let at = bytes.iter().position(|&b| b == b'X').unwrap();
    bytes[at] = 0xA3;
    std::fs::write(&file, &bytes).unwrap();
    let (code, said) = rapport(&["check", "ansi.ron"], dir.path());
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("is not saved as UTF-8 text: the character at line 3, column 19"),
        "{said}"
    );
    assert!(!said.contains("0xA3") && !said.contains("offset"), "{said}");
    let (code, said) = rapport(&["fix", "ansi.ron"], dir.path());
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("converted it from Windows' \"ANSI\" encoding"),
        "{said}"
    );
    assert!(std::fs::read_to_string(&file).unwrap().contains("Cost: £5"));
    assert_eq!(
        std::fs::read(dir.path().join("ansi.ron.bak")).unwrap(),
        bytes
    );
}
