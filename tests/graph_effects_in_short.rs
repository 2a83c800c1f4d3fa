//! `rapport graph` shows each choice's effects in short, "+10 Tr, -5 D", with a key to the short
//! names: a score's first letter, or as many letters as tell it apart from the others.

mod support;

use rapport::cli::graph::{dot, svg};
use support::{edit, parse};

#[test]
fn effects_are_short_and_scores_that_share_a_letter_get_more() {
    let text = edit(
        "(id: \"dignity\", label: \"Dignity\", start: 50),",
        "(id: \"dignity\", label: \"Dignity\", start: 50),\n        \
         (id: \"team\", label: \"Teamwork\", start: 50),",
    );
    let text = text.replacen(
        "effects: {\"trust\": 10}",
        "effects: {\"trust\": 10, \"team\": -5, \"dignity\": 0}",
        1,
    );
    let s = parse(&text);
    let d = dot(&s);
    assert!(d.contains("[label=\"1. Hi\\n+10 Tr, -5 Te\"]"), "{d}");
    assert!(
        d.contains("Scores: Tr Trust, D Dignity, Te Teamwork"),
        "{d}"
    );
    let out = svg(&s);
    assert!(out.contains("+10\u{a0}Tr, -5\u{a0}Te"), "{out}");
    assert!(out.contains("Tr Trust · D Dignity · Te Teamwork"), "{out}");
}
