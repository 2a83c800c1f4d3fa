//! `--flag` and `--set` accept only names the scenario has: a flag some choice sets or clears or
//! some condition reads, a score it defines. Anything else is a usage error (exit 2) with a
//! "did you mean".

mod support;

use support::BASE;
use support::cli::{json, rapport, stderr, temp_scenario};

#[test]
fn a_misspelt_flag_is_refused_with_a_suggestion() {
    let (_dir, path) = temp_scenario(BASE);
    let o = rapport(&["play", &path, "--flag", "greetd", "--choices", "2"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("--flag: \"greetd\" is not a flag of this scenario"),
        "{err}"
    );
    assert!(err.contains("(did you mean \"greeted\"?)"), "{err}");
    assert!(err.contains("its flags are greeted"), "{err}");
}

#[test]
fn a_flag_the_scenario_names_is_set() {
    let (_dir, path) = temp_scenario(BASE);
    let o = rapport(&[
        "play",
        &path,
        "--flag",
        "greeted",
        "--from",
        "d",
        "--choices",
        "1",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["ending"], "end-good");
}

#[test]
fn a_scenario_with_no_flags_says_so() {
    let no_flags = BASE.replacen(", set: [\"greeted\"]", "", 1).replacen(
        "requires: Flag(\"greeted\"), locked_hint: \"Greet first.\",",
        "",
        1,
    );
    let (_dir, path) = temp_scenario(&no_flags);
    let o = rapport(&["play", &path, "--flag", "greeted"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("it has no flags"), "{}", stderr(&o));
}

#[test]
fn a_misspelt_score_is_refused_with_a_suggestion() {
    let (_dir, path) = temp_scenario(BASE);
    let o = rapport(&["play", &path, "--set", "dignty=10", "--choices", "1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(
            "--set: \"dignty\" is not a score of this scenario (did you mean \"dignity\"?)"
        ),
        "{err}"
    );
    assert!(err.contains("its scores are trust, dignity"), "{err}");
}
