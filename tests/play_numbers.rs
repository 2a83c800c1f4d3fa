//! The numbers shown beside the choices in interactive play are the numbers `--choices` takes
//! (their positions as written): a hidden locked choice does not renumber the others, and only
//! the numbers shown are accepted.

mod support;

use support::cli::{json, rapport, rapport_typing, stdout, temp_scenario};
use support::edit;

/// BASE where the first choice at "d" ("Bye", needing the flag "greeted") has no hint, so it is
/// hidden until the flag is set.
fn hidden_first_choice() -> String {
    edit(
        "requires: Flag(\"greeted\"), locked_hint: \"Greet first.\",",
        "requires: Flag(\"greeted\"),",
    )
}

#[test]
fn a_hidden_choice_leaves_the_others_with_their_own_numbers() {
    let (_dir, path) = temp_scenario(&hidden_first_choice());
    // "Go away" does not set the flag, so "Bye" (choice 1 at "d") is hidden.
    let o = rapport_typing(&["play", &path], "2\n2\n");
    let out = stdout(&o);
    assert!(out.contains("  2. Leave\n"), "{out}");
    assert!(
        !out.contains("  1. Leave") && !out.contains("Bye\n"),
        "{out}"
    );
    assert!(out.contains("== The end: Bad =="), "{out}");
    let scripted = rapport(&["play", &path, "--choices", "2,2", "--json"]);
    assert_eq!(json(&scripted)["ending"], "end-bad", "the same numbers");
}

#[test]
fn only_the_numbers_shown_are_accepted() {
    let (_dir, path) = temp_scenario(&hidden_first_choice());
    let o = rapport_typing(&["play", &path], "2\n1\n3\n2\n");
    let out = stdout(&o);
    assert_eq!(
        out.matches("Please type 2, or q to quit.").count(),
        2,
        "{out}"
    );
    assert!(out.contains("== The end: Bad =="), "{out}");
}

#[test]
fn a_locked_choice_with_a_hint_keeps_its_number_and_says_why() {
    let (_dir, path) = temp_scenario(support::BASE);
    let o = rapport_typing(&["play", &path], "2\n1\n2\n");
    let out = stdout(&o);
    assert!(
        out.contains("  1. (locked: Greet first.) Bye\n  2. Leave\n"),
        "{out}"
    );
    assert!(out.contains("That choice is locked: Greet first."), "{out}");
    assert!(out.contains("== The end: Bad =="), "{out}");
}

#[test]
fn shuffled_choices_are_shown_with_their_authored_numbers() {
    let shuffled = edit(
        "    start: \"a\",",
        "    shuffle_choices: true,\n    start: \"a\",",
    );
    let (_dir, path) = temp_scenario(&shuffled);
    for seed in 0..8 {
        let seed = seed.to_string();
        let o = rapport_typing(&["play", &path, "--seed", &seed], "q\n");
        let out = stdout(&o);
        assert!(
            out.contains("  1. Hi\n") && out.contains("  2. Go away\n"),
            "{out}"
        );
    }
}
