//! `--choices` takes the numbers separated by commas, with or without spaces; anything that is
//! not a number is a usage error (exit 2) that names it.

mod support;

use support::BASE;
use support::cli::{json, rapport, stderr, temp_scenario};

#[test]
fn spaces_around_the_numbers_are_fine() {
    let (_dir, path) = temp_scenario(BASE);
    let plain = json(&rapport(&["play", &path, "--choices", "1,1", "--json"]));
    for written in ["1, 1", " 1 ,1 ", "1 1"] {
        let o = rapport(&["play", &path, "--choices", written, "--json"]);
        assert_eq!(o.status.code(), Some(0), "{written:?}: {}", stderr(&o));
        assert_eq!(json(&o)["path"], plain["path"], "{written:?}");
        assert_eq!(json(&o)["ending"], "end-good", "{written:?}");
    }
}

#[test]
fn an_item_that_is_not_a_number_is_named() {
    let (_dir, path) = temp_scenario(BASE);
    for (written, bad) in [
        ("1, x", "\"x\""),
        ("1,two", "\"two\""),
        ("-1", "\"-1\""),
        ("1.5", "\"1.5\""),
    ] {
        let o = rapport(&["play", &path, "--choices", written]);
        assert_eq!(o.status.code(), Some(2), "{written:?}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("--choices: {bad} is not a choice number")),
            "{written:?}: {err}"
        );
        assert!(err.contains("like 1,3,2"), "{err}");
    }
}
