//! `rapport graph --format svg` marks what an author needs to see: a locked choice is dashed,
//! with a padlock and its condition in words; endings, the start and unreachable nodes stand out.

mod support;

use rapport::cli::graph::svg;
use support::{edit, parse};

#[test]
fn locks_endings_the_start_and_unreachable_nodes_are_marked() {
    let text = edit(
        "(id: \"end-good\"",
        "(id: \"lost\", text: \"Nobody comes here.\", next: \"d\"),\n        (id: \"end-good\"",
    );
    let out = svg(&parse(&text));
    // The locked choice: its label has a padlock and the condition in words, its line is dashed.
    let lock = out
        .find(">only if the flag &quot;greeted&quot;")
        .expect("the condition in words");
    assert!(
        out[..lock]
            .rfind("<use href=\"#lock\"")
            .is_some_and(|p| lock - p < 80)
    );
    assert!(
        out.contains("<title>1. Bye\n+5 D\nonly if the flag &quot;greeted&quot; is set</title>")
    );
    assert_eq!(
        out.matches("stroke-dasharray=\"4 2.5\"").count(),
        2,
        "the key and the lock"
    );
    assert!(out.contains(">a (start)</text>"), "{out}");
    assert!(out.contains(">Ending: Good</text>") && out.contains(">Ending: Bad</text>"));
    assert!(
        out.contains(">unreachable: no path from the start</text>"),
        "{out}"
    );
    assert!(out.contains(">chance 1 in 2</text>"), "{out}");
    assert!(
        out.contains(">1. Hi</text>") && out.contains(">+10\u{a0}T</text>"),
        "{out}"
    );
}
