//! `rapport analyze` says what "reachable by N paths" means, and how often random play ends at
//! each ending (every choice on offer equally likely, chance nodes by weight): exactly when every
//! path is explored, "about" when it is estimated; in the text and in the JSON.

mod support;

use support::cli::{json, rapport, stdout, temp_scenario};
use support::{BASE, edit};

// In BASE, "Hi" (1 in 2) greets, so at "d" both "Bye" and "Leave" are on offer: end-good 1 in 4.
// "Go away" leaves only "Leave": end-bad 1/4 + 1/2 = 3 in 4, whichever way the chance falls.

#[test]
fn the_text_explains_paths_and_gives_each_ending_its_chance() {
    let (_dir, path) = temp_scenario(BASE);
    let out = stdout(&rapport(&["analyze", &path]));
    let endings = out.find("Endings:\n").expect("an Endings section");
    let explained = out
        .find(concat!(
            "  A path is one way through: the choices made and how each chance fell. ",
            "\"Reachable by 3 paths\" means 3 different ways of playing end there.\n"
        ))
        .unwrap_or_else(|| panic!("no explanation in:\n{out}"));
    assert!(endings < explained, "{out}");
    assert!(
        out.contains(
            "end-good \"Good\": reachable by 2 paths; random play ends here 25% of the time\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "end-bad \"Bad\": reachable by 4 paths; random play ends here 75% of the time\n"
        ),
        "{out}"
    );
}

#[test]
fn chance_weights_count() {
    // Three times as likely to reach "c2" (whose way on is a second ending) as "c".
    let weighted = edit(
        "chance: [(weight: 1, next: \"c\"), (weight: 1, next: \"c2\")]",
        "chance: [(weight: 1, next: \"c\"), (weight: 3, next: \"c2\")]",
    )
    .replacen(
        "(id: \"c2\", text: \"Much later.\", next: \"d\")",
        "(id: \"c2\", text: \"Much later.\", next: \"end-bad\")",
        1,
    );
    let (_dir, path) = temp_scenario(&weighted);
    let v = json(&rapport(&["analyze", &path, "--json"]));
    assert_eq!(v["exact"], true);
    // end-good: Hi (1/2) x c (1/4) x Bye (1/2) = 1/16.
    let good = v["endings"]["end-good"]["chance_percent"].as_f64().unwrap();
    let bad = v["endings"]["end-bad"]["chance_percent"].as_f64().unwrap();
    assert!((good - 6.25).abs() < 1e-9, "{good}");
    assert!((bad - 93.75).abs() < 1e-9, "{bad}");
    let out = stdout(&rapport(&["analyze", &path]));
    assert!(
        out.contains("random play ends here 6.3% of the time"),
        "{out}"
    );
}

#[test]
fn json_gives_each_ending_its_chance_in_percent() {
    let (_dir, path) = temp_scenario(BASE);
    let v = json(&rapport(&["analyze", &path, "--json"]));
    assert_eq!(v["endings"]["end-good"]["chance_percent"], 25.0);
    assert_eq!(v["endings"]["end-bad"]["chance_percent"], 75.0);
}

#[test]
fn an_estimate_says_about() {
    // Too few paths allowed to explore: the chances are estimated on the graph, every choice
    // counted as on offer ("Bye" too), so each ending is about a half.
    let (_dir, path) = temp_scenario(BASE);
    let out = stdout(&rapport(&["analyze", &path, "--max-paths", "2"]));
    assert!(out.contains("(approximate:"), "{out}");
    assert!(
        out.contains(
            "end-good \"Good\": reachable by 2 paths; random play ends here about 50% of the time\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("as if every choice were always on offer"),
        "{out}"
    );
    let v = json(&rapport(&["analyze", &path, "--max-paths", "2", "--json"]));
    assert_eq!(v["exact"], false);
    assert_eq!(v["endings"]["end-bad"]["chance_percent"], 50.0);
}

#[test]
fn a_loop_is_estimated_too() {
    // "Leave" goes back to the start instead of ending: random play still ends, at end-good.
    let looping = edit(
        "feedback: \"Abrupt.\", next: \"end-bad\"",
        "feedback: \"Abrupt.\", next: \"a\"",
    );
    let (_dir, path) = temp_scenario(&looping);
    let v = json(&rapport(&["analyze", &path, "--json"]));
    assert_eq!(v["exact"], false);
    let good = v["endings"]["end-good"]["chance_percent"].as_f64().unwrap();
    assert!((good - 100.0).abs() < 1e-3, "{good}");
    let out = stdout(&rapport(&["analyze", &path]));
    assert!(
        out.contains("random play ends here about 100% of the time"),
        "{out}"
    );
}

#[test]
fn a_loop_too_slow_to_leave_is_not_given_a_chance() {
    // At "d", 1 choice in 2,000 ends; every other goes back round. Random play would take
    // thousands of rounds to settle, more than the estimate allows, so it says so rather than
    // give a number that is wrong.
    let mut choices = String::from("(text: \"Leave\", feedback: \"Abrupt.\", next: \"end-bad\"),");
    for k in 0..1_999 {
        choices.push_str(&format!(
            "(text: \"Round again {k}\", feedback: \"Again.\", next: \"a\"),"
        ));
    }
    let looping = edit(
        "(text: \"Leave\", effects: {\"dignity\": -5}, feedback: \"Abrupt.\", next: \"end-bad\"),",
        &choices,
    );
    let (_dir, path) = temp_scenario(&looping);
    let out = stdout(&rapport(&["analyze", &path]));
    assert!(
        out.contains("How often random play ends at each ending is not given"),
        "{out}"
    );
    assert!(!out.contains("random play ends here"), "{out}");
    let v = json(&rapport(&["analyze", &path, "--json"]));
    assert_eq!(
        v["endings"]["end-bad"]["chance_percent"],
        serde_json::Value::Null
    );
}

#[test]
fn a_dead_end_has_its_chance() {
    // Only "Hi" opens "Bye"; with "Leave" also needing the flag, "Go away" is a dead end at "d".
    let dead_end = edit(
        "feedback: \"Abrupt.\", next: \"end-bad\"",
        concat!(
            "feedback: \"Abrupt.\", requires: Flag(\"greeted\"), ",
            "locked_hint: \"Greet first.\", next: \"end-bad\""
        ),
    );
    let (_dir, path) = temp_scenario(&dead_end);
    let out = stdout(&rapport(&["analyze", &path]));
    assert!(
        out.contains("  d: 2 paths; random play stops here 50% of the time\n"),
        "{out}"
    );
}
