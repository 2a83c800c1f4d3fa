//! `rapport play --rehearse`: a facilitator's run-through shows the objectives and the content
//! note first, and each facilitator note, set apart, at the node it belongs to; in interactive
//! play, with `--choices`, and in JSON. Without `--rehearse` no note is shown.

mod support;

use support::BASE;
use support::cli::{json, rapport, rapport_typing, stdout, temp_scenario};

/// BASE with objectives, a content note, a note at the first decision and one on the `next`
/// node passed on the way to the second.
fn rehearsal_scenario() -> String {
    BASE.replacen(
        "    scores: [",
        concat!(
            "    objectives: [\"Greet Ana by name.\", \"Say goodbye kindly.\"],\n",
            "    content_note: \"Mentions loneliness.\",\n",
            "    scores: ["
        ),
        1,
    )
    .replacen(
        "text: \"Hello.\",",
        "text: \"Hello.\", facilitator_note: \"What does Ana need first?\",",
        1,
    )
    .replacen(
        "text: \"Later.\",",
        "text: \"Later.\", facilitator_note: \"Why might she ask this?\",",
        1,
    )
}

/// The position of `needle` in `out`, failing with the whole output when it is missing.
fn at(out: &str, needle: &str) -> usize {
    out.find(needle)
        .unwrap_or_else(|| panic!("missing {needle:?} in:\n{out}"))
}

fn assert_rehearsal(out: &str) {
    let objectives = at(
        out,
        "Objectives:\n  - Greet Ana by name.\n  - Say goodbye kindly.\n",
    );
    let content = at(out, "Content note: Mentions loneliness.\n");
    let hello = at(out, "Ana (Resident): Hello.\n");
    let first_note = at(out, "\n\n  Facilitator note: What does Ana need first?\n\n");
    let first_choice = at(out, "  1. Hi\n");
    let later = at(out, "Later.\n");
    let second_note = at(out, "\n\n  Facilitator note: Why might she ask this?\n\n");
    let bye = at(out, "Ana (Resident): Bye?\n");
    assert!(
        objectives < hello && content < hello,
        "objectives first:\n{out}"
    );
    assert!(hello < first_note && first_note < first_choice, "{out}");
    assert!(
        first_choice < later && later < second_note && second_note < bye,
        "{out}"
    );
    assert_eq!(out.matches("Facilitator note:").count(), 2, "{out}");
}

#[test]
fn rehearsing_a_list_of_choices_shows_the_objectives_and_each_note_in_place() {
    let (_dir, path) = temp_scenario(&rehearsal_scenario());
    let o = rapport(&[
        "play",
        &path,
        "--rehearse",
        "--choices",
        "1,1",
        "--chance",
        "b=c",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_rehearsal(&out);
    assert!(
        out.contains("You: Hi\n") && out.contains("== The end: Good =="),
        "{out}"
    );
}

#[test]
fn rehearsing_interactively_shows_the_same() {
    let (_dir, path) = temp_scenario(&rehearsal_scenario());
    let o = rapport_typing(&["play", &path, "--rehearse", "--chance", "b=c"], "1\n1\n");
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_rehearsal(&out);
    assert!(out.contains("== The end: Good =="), "{out}");
}

#[test]
fn a_trainee_playing_sees_no_facilitator_note() {
    let (_dir, path) = temp_scenario(&rehearsal_scenario());
    for o in [
        rapport(&["play", &path, "--choices", "1,1", "--chance", "b=c"]),
        rapport_typing(&["play", &path, "--chance", "b=c"], "1\n1\n"),
    ] {
        let out = stdout(&o);
        assert!(!out.contains("Facilitator note"), "{out}");
        assert!(!out.contains("Objectives:"), "{out}");
    }
}

#[test]
fn rehearsal_json_lists_the_objectives_and_the_notes_passed() {
    let (_dir, path) = temp_scenario(&rehearsal_scenario());
    let o = rapport(&[
        "play",
        &path,
        "--rehearse",
        "--json",
        "--choices",
        "1",
        "--chance",
        "b=c",
    ]);
    let v = json(&o);
    assert_eq!(v["rehearsal"]["objectives"][0], "Greet Ana by name.");
    assert_eq!(v["rehearsal"]["content_note"], "Mentions loneliness.");
    assert_eq!(
        v["rehearsal"]["facilitator_notes"],
        serde_json::json!([
            {"node": "a", "note": "What does Ana need first?"},
            {"node": "c", "note": "Why might she ask this?"},
        ])
    );
}

#[test]
fn a_rehearsal_says_when_there_are_no_objectives_or_content_note() {
    let (_dir, path) = temp_scenario(BASE);
    let out = stdout(&rapport(&["play", &path, "--rehearse", "--choices", ""]));
    assert!(out.contains("Objectives: none written\n"), "{out}");
    assert!(out.contains("Content note: none\n"), "{out}");
}
