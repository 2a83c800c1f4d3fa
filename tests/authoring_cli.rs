//! The authoring commands: `new` writes a template that checks clean and plays, `graph` draws
//! valid DOT and SVG, and `play --from/--set/--flag` starts anywhere with any scores and flags.

mod support;

use std::process::{Command, Output};

use rapport::cli::graph::{dot, svg};
use support::{BASE, edit, parse};

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "scenarios/principles.ron",
        dir.path().join("principles.ron"),
    )
    .unwrap();
    dir
}

#[test]
fn new_writes_a_template_that_checks_clean_and_plays() {
    let lib = library();
    let root = lib.path().to_str().unwrap();
    let o = rapport(&["new", "night-shift", "--topic", "nights", "--dir", root]);
    support::cli::assert_ok(&o);
    let file = lib.path().join("nights/night-shift.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("id: \"night-shift\"") && text.contains("title: \"Night shift\""));
    assert!(text.contains("requires: Flag(\"listened\")") && text.contains("locked_hint:"));
    let check = rapport(&["check", root]);
    let out = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{out}");
    assert!(out.ends_with("0 errors, 0 warnings\n"), "{out}");
    let play = rapport(&["play", file.to_str().unwrap(), "--choices", "1,1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&play.stdout).unwrap();
    assert_eq!(v["finished"], true);
    assert_eq!(v["outcome"], "Trust and boundaries");
}

#[test]
fn new_refuses_bad_names_and_never_overwrites() {
    let lib = library();
    let root = lib.path().to_str().unwrap();
    let o = rapport(&["new", "Night Shift", "--dir", root]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("like \"night-shift\""));
    assert_eq!(rapport(&["new", "a", "--dir", root]).status.code(), Some(0));
    let path = lib.path().join("my-scenarios/a.ron");
    std::fs::write(&path, "my work").unwrap();
    let again = rapport(&["new", "a", "--dir", root]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "my work",
        "nothing is lost"
    );
}

#[test]
fn dot_has_every_node_and_edge_with_labels_and_marks() {
    let text = edit(
        "(id: \"end-good\"",
        "(id: \"lost\", text: \"Say \\\"hi\\\" now\", next: \"d\"),\n        (id: \"end-good\"",
    );
    let s = parse(&text);
    let d = dot(&s);
    assert!(d.starts_with("digraph \"base\" {") && d.trim_end().ends_with('}'));
    for n in &s.nodes {
        assert!(
            d.contains(&format!("  \"{}\" [", n.id)),
            "node {} missing",
            n.id
        );
    }
    assert!(
        d.contains("\"a\" -> \"b\" [label=\"1. Hi\\n+10 T\"]"),
        "{d}"
    );
    assert!(d.contains("label=\"chance 1 in 2\", style=dotted"), "{d}");
    assert!(d.contains("shape=doubleoctagon"));
    assert!(d.contains("xlabel=\"unreachable\""));
    assert!(d.contains("Say \\\"hi\\\""), "quotes are escaped: {d}");
    assert!(d.contains("only if the flag"));
    // Balanced quotes on every line: each line is a complete statement.
    for line in d.lines() {
        let unescaped = line.replace("\\\\", "").replace("\\\"", "");
        assert_eq!(unescaped.matches('"').count() % 2, 0, "unbalanced: {line}");
    }
}

#[test]
fn svg_is_self_contained_and_marks_unreachable_nodes() {
    let text = edit(
        "(id: \"end-good\"",
        "(id: \"lost\", text: \"<b>&\", next: \"d\"),\n        (id: \"end-good\"",
    );
    let out = svg(&parse(&text));
    assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(out.trim_end().ends_with("</svg>"));
    assert!(out.contains("unreachable"));
    assert!(out.contains("&lt;b&gt;&amp;"), "text is escaped");
    for n in &parse(&text).nodes {
        assert!(
            out.contains(&format!("<title>{}", n.id)),
            "node {} missing",
            n.id
        );
    }
}

#[test]
fn graph_writes_to_a_file_with_o() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.svg");
    let o = rapport(&[
        "graph",
        "scenarios/home-care/first-morning.ron",
        "--format",
        "svg",
        "-o",
        out.to_str().unwrap(),
    ]);
    support::cli::assert_ok(&o);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("The first morning")
    );
}

#[test]
fn play_from_a_node_with_scores_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.ron");
    std::fs::write(&path, BASE).unwrap();
    let p = path.to_str().unwrap();
    let o = rapport(&[
        "play",
        p,
        "--from",
        "d",
        "--set",
        "trust=70",
        "--flag",
        "greeted",
        "--choices",
        "1",
        "--json",
    ]);
    support::cli::assert_ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["path"], serde_json::json!(["d", "end-good"]));
    assert_eq!(v["scores"]["trust"], 70);
    assert_eq!(v["outcome"], "Trusted");
    let bad = rapport(&["play", p, "--from", "dd"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean \"d\""));
    let bad = rapport(&["play", p, "--set", "trsut=1"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean \"trust\""));
    let bad = rapport(&["play", p, "--set", "trust"]);
    assert_eq!(bad.status.code(), Some(2));
}
