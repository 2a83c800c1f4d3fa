//! `rapport play --chance NODE=NEXT`: at that chance node play goes where it is told, whatever
//! the seed; a name that is not a chance node, or a node its branches do not lead to, is a
//! usage error (exit 2) with a "did you mean".

mod support;

use support::BASE;
use support::cli::{json, rapport, stderr, temp_scenario};

#[test]
fn a_decided_chance_node_goes_the_same_way_whatever_the_seed() {
    let (_dir, path) = temp_scenario(BASE);
    for target in ["c", "c2"] {
        for seed in 0..12 {
            let seed = seed.to_string();
            let decided = format!("b={target}");
            let o = rapport(&[
                "play",
                &path,
                "--choices",
                "1,2",
                "--seed",
                &seed,
                "--chance",
                &decided,
                "--json",
            ]);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            assert_eq!(
                json(&o)["path"],
                serde_json::json!(["a", "b", target, "d", "end-bad"]),
                "seed {seed}"
            );
        }
    }
}

#[test]
fn without_chance_the_seed_draws_both_branches() {
    let (_dir, path) = temp_scenario(BASE);
    let drawn: std::collections::BTreeSet<String> = (0..12)
        .map(|seed| {
            let seed = seed.to_string();
            let o = rapport(&["play", &path, "--choices", "1", "--seed", &seed, "--json"]);
            json(&o)["path"][2].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(drawn.len(), 2, "{drawn:?}");
}

/// Exit code 2 and a message on standard error containing every one of `expected`.
fn refused(args: &[&str], expected: &[&str]) {
    let (_dir, path) = temp_scenario(BASE);
    let mut all = vec!["play", path.as_str(), "--choices", "1"];
    all.extend_from_slice(args);
    let o = rapport(&all);
    assert_eq!(o.status.code(), Some(2), "{args:?}");
    let err = stderr(&o);
    for e in expected {
        assert!(err.contains(e), "missing {e:?} in {err:?}");
    }
}

#[test]
fn a_misspelt_chance_node_is_refused_with_a_suggestion() {
    refused(
        &["--chance", "bb=c"],
        &[
            "\"bb\" is not a chance node of this scenario (did you mean \"b\"?)",
            "its chance nodes are b",
        ],
    );
}

#[test]
fn a_node_that_is_not_a_chance_node_is_refused() {
    refused(
        &["--chance", "d=end-good"],
        &["\"d\" is a decision, not a chance node; its chance nodes are b"],
    );
    refused(
        &["--chance", "c=d"],
        &["\"c\" carries straight on: it is not a chance node"],
    );
    refused(
        &["--chance", "end-bad=d"],
        &["\"end-bad\" is an ending, not a chance node"],
    );
}

#[test]
fn a_branch_the_node_does_not_have_is_refused_with_a_suggestion() {
    refused(
        &["--chance", "b=c3"],
        &[
            "the chance node \"b\" cannot lead to \"c3\" (did you mean \"c\"?)",
            "its branches lead to c, c2",
        ],
    );
}

#[test]
fn a_chance_node_given_twice_is_refused() {
    refused(
        &["--chance", "b=c", "--chance", "b=c2"],
        &["\"b\" is given twice"],
    );
}

#[test]
fn a_chance_without_an_equals_sign_is_refused() {
    refused(&["--chance", "b"], &["like twist=tariq"]);
}
