//! `rapport new` outside a library also writes the principles catalogue the template cites, so
//! the new scenario checks with no errors, warnings or notes; inside a library it leaves the
//! library's catalogue alone. The template explains its first line in plain words.

mod support;

use support::cli::{rapport, stdout};

#[test]
fn outside_a_library_the_catalogue_is_written_and_the_template_checks_with_no_note() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("scenarios");
    let o = rapport(&["new", "night-shift", "--dir", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let catalogue = root.join("principles.ron");
    assert!(catalogue.is_file(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(&format!("wrote {}", catalogue.display())),
        "{}",
        stdout(&o)
    );
    let file = root.join("my-scenarios/night-shift.ron");
    let check = rapport(&["check", file.to_str().unwrap()]);
    let out = stdout(&check);
    assert_eq!(check.status.code(), Some(0), "{out}");
    assert!(out.ends_with("0 errors, 0 warnings\n"), "{out}");
    assert!(!out.contains("note[") && !out.contains("N001"), "{out}");
}

#[test]
fn inside_a_library_its_catalogue_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = dir.path().join("principles.ron");
    std::fs::copy("scenarios/principles.ron", &catalogue).unwrap();
    std::fs::write(
        &catalogue,
        std::fs::read_to_string(&catalogue).unwrap() + "// mine\n",
    )
    .unwrap();
    let o = rapport(&["new", "night-shift", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stdout(&o).contains("principles.ron"), "{}", stdout(&o));
    assert!(
        std::fs::read_to_string(&catalogue)
            .unwrap()
            .ends_with("// mine\n")
    );
}

#[test]
fn the_template_explains_its_first_line() {
    let text = rapport::cli::new::template("night-shift");
    let first = text
        .lines()
        .position(|l| l == "#![enable(implicit_some)]")
        .expect("the line is there");
    let comment: String = text.lines().take(first).collect::<Vec<_>>().join("\n");
    assert!(comment.contains("Keep the next line as it is"), "{comment}");
    assert!(comment.contains("speaker: \"alex\""), "{comment}");
    assert!(
        text.lines().take(first).all(|l| l.starts_with("//")),
        "only comments come before it"
    );
}
