//! `rapport script FILE [-o OUT]`: one self-contained, printable HTML page of the whole scenario
//! that holds every line, choice, facilitator note and verdict, escapes the author's text, and
//! is written to standard output or atomically to a file.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use rapport::scenario::NodeKind;
use support::{BASE, bundled, edit, html_escaped};

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The page for the scenario file at `path`, which must be made without a problem.
fn script(path: &Path) -> String {
    let o = rapport(&["script", path.to_str().expect("a UTF-8 path")]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("the page is UTF-8")
}

/// A library folder with the bundled catalogue and `text` as `topic/name.ron`.
fn library_with(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "scenarios/principles.ron",
        dir.path().join("principles.ron"),
    )
    .unwrap();
    let file = dir.path().join("topic/base.ron");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, text).unwrap();
    (dir, file)
}

/// Every value of `attribute="..."` in the page.
fn attributes<'a>(page: &'a str, attribute: &str) -> Vec<&'a str> {
    let open = format!("{attribute}=\"");
    page.match_indices(&open)
        .filter_map(|(i, _)| {
            let rest = &page[i + open.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn the_page_holds_every_line_choice_note_and_verdict_of_every_bundled_scenario() {
    let library = bundled();
    assert!(library.len() >= 16, "the bundled library was not found");
    for (path, s) in library {
        let page = script(&path);
        let has = |what: &str, text: &str| {
            assert!(
                page.contains(&html_escaped(text)),
                "{}: the page lacks the {what} {text:?}",
                path.display()
            );
        };
        has("title", &s.title);
        has("summary", &s.summary);
        for objective in &s.objectives {
            has("objective", objective);
        }
        for c in &s.characters {
            has("person", &c.name);
        }
        for score in &s.scores {
            has("score description", &score.description);
        }
        for node in &s.nodes {
            for text in [&node.text, &node.narration, &node.facilitator_note]
                .into_iter()
                .flatten()
            {
                has("line", text);
            }
            match node.kind() {
                Some(NodeKind::Choices(choices)) => {
                    for c in choices {
                        has("choice", &c.text);
                        for text in [&c.feedback, &c.locked_hint].into_iter().flatten() {
                            has("feedback or hint", text);
                        }
                    }
                }
                Some(NodeKind::Ending(ending)) => {
                    has("ending", &ending.title);
                    has("ending summary", &ending.summary);
                    for o in s.outcomes_at(node.id.as_str()) {
                        has("verdict", &o.title);
                        has("verdict text", &o.text);
                    }
                }
                _ => {}
            }
        }
        let notes = s
            .nodes
            .iter()
            .filter(|n| n.facilitator_note.is_some())
            .count();
        assert_eq!(
            page.matches(">For the facilitator<").count(),
            notes,
            "{}: every facilitator note is in a marked box",
            path.display()
        );
        // Every step is on the page once, and every link leads to one of them.
        let ids = attributes(&page, "id");
        assert_eq!(ids.len(), s.nodes.len(), "{}", path.display());
        for link in attributes(&page, "href") {
            let target = link.strip_prefix('#').expect("only links within the page");
            assert!(ids.contains(&target), "{}: #{target}", path.display());
        }
    }
}

#[test]
fn the_page_is_self_contained_and_made_for_a4() {
    let page = script(Path::new("scenarios/home-care/first-morning.ron"));
    assert!(page.starts_with("<!DOCTYPE html>"));
    for outside in [
        "<script", "<link", "<img", "src=", "url(", "@import", "http:", "https:",
    ] {
        assert!(
            !page.contains(outside),
            "the page refers outside: {outside}"
        );
    }
    for print in ["@page { size: A4", "font-size: 11pt", "break-inside: avoid"] {
        assert!(page.contains(print), "the style lacks {print}");
    }
}

#[test]
fn the_page_words_effects_conditions_chances_principles_and_reading_order() {
    let (_dir, file) = library_with(BASE);
    let page = script(&file);
    // Effects with the scores' labels; where each choice leads, as a link.
    assert!(page.contains("+10 Trust"), "{page}");
    assert!(page.contains("-10 Trust, -5 Dignity"), "{page}");
    assert!(page.contains("<a href=\"#b\">step 2"), "{page}");
    // The condition in plain words, the locked hint and the flag set.
    assert!(
        page.contains("the flag &quot;greeted&quot; is set; otherwise it is shown locked"),
        "{page}"
    );
    assert!(page.contains("Greet first."), "{page}");
    assert!(
        page.contains("<span class=\"k\">Sets</span>&nbsp;&quot;greeted&quot;"),
        "{page}"
    );
    // A chance in words.
    assert!(page.contains("by chance: 1 in 2 to"), "{page}");
    // A principle by its name in the catalogue, explained at the end.
    assert!(page.contains("Empathy and compassion"), "{page}");
    assert!(!page.contains("Principles</span>&nbsp;empathy"), "{page}");
    // The verdicts at an ending, each with its condition in plain words.
    assert!(page.contains("If Trust at least 60:"), "{page}");
    assert!(page.contains("Otherwise:</span> <strong>Other"), "{page}");
    // The start first, a branch together, and where branches meet after them all.
    let at = |id: &str| {
        page.find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no step {id}"))
    };
    assert!(at("a") < at("b") && at("b") < at("c") && at("c") < at("c2") && at("c2") < at("d"));
    assert!(at("d") < at("end-good") && at("end-good") < at("end-bad"));
}

#[test]
fn the_authors_text_is_escaped() {
    let text = edit("title: \"Base\"", "title: \"Tea & <b>biscuits</b>\"")
        .replacen(
            "text: \"Hello.\"",
            "text: \"Hello <script>alert(1)</script> & \\\"bye\\\".\"",
            1,
        )
        .replacen(
            "feedback: \"Warm.\"",
            "feedback: \"Warm & <i>kind</i>.\"",
            1,
        )
        .replacen("name: \"Ana\"", "name: \"Ana <Smith>\"", 1);
    let (_dir, file) = library_with(&text);
    let page = script(&file);
    assert!(
        !page.contains("<script>") && !page.contains("<b>biscuits"),
        "{page}"
    );
    assert!(
        !page.contains("<i>kind") && !page.contains("<Smith>"),
        "{page}"
    );
    assert!(page.contains("<title>Tea &amp; &lt;b&gt;biscuits&lt;/b&gt;: scenario script</title>"));
    assert!(page.contains("<h1>Tea &amp; &lt;b&gt;biscuits&lt;/b&gt;</h1>"));
    assert!(page.contains("Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;bye&quot;."));
    assert!(page.contains("Warm &amp; &lt;i&gt;kind&lt;/i&gt;."));
    assert!(page.contains("Ana &lt;Smith&gt;"));
}

#[test]
fn dash_o_writes_the_page_to_a_file() {
    let (dir, file) = library_with(BASE);
    let out = dir.path().join("for review/base script.html");
    let o = rapport(&[
        "script",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    support::cli::assert_ok(&o);
    assert!(o.stdout.is_empty(), "nothing on standard output with -o");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), script(&file));
    let left: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
}

#[test]
fn a_scenario_with_errors_is_refused_with_its_errors() {
    let (_dir, file) = library_with(&edit("next: \"b\"", "next: \"bb\""));
    let o = rapport(&["script", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("error[E020]"), "{err}");
    assert!(err.contains("did you mean \"b\"?"), "{err}");
    assert!(err.contains("fix them before making a script"), "{err}");
}

#[test]
fn a_page_that_cannot_be_written_exits_2() {
    let (dir, file) = library_with(BASE);
    // A folder cannot be made inside a file.
    let blocked = dir.path().join("topic/base.ron/script.html");
    let o = rapport(&[
        "script",
        file.to_str().unwrap(),
        "-o",
        blocked.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cannot write"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), BASE);
}
