//! The debrief's rules, in the core: principles practised well and poorly, the reflection
//! prompts, and score changes in words.

mod support;

use rapport::play::debrief::{principles_by_effect, reflection_prompts};
use rapport::play::wording::{choice_changes, joined, step_changes};
use support::{BASE, edit, parse, session};

#[test]
fn principles_are_sorted_by_whether_their_choices_helped() {
    let text = edit(
        r#"feedback: "Cold.", next"#,
        r#"feedback: "Cold.", principles: ["respect"], next"#,
    );
    let mut warm = session(&text, 0);
    warm.choose(1).unwrap();
    assert_eq!(
        principles_by_effect(warm.transcript()),
        (vec!["empathy".to_owned()], vec![])
    );
    let mut cold = session(&text, 0);
    cold.choose(2).unwrap();
    assert_eq!(
        principles_by_effect(cold.transcript()),
        (vec![], vec!["respect".to_owned()])
    );
}

#[test]
fn prompts_quote_the_hardest_and_best_moments_once() {
    // Choice texts are often written with their own quote marks: the prompt must not double them.
    let text = edit(r#"text: "Go away""#, r#"text: "“Go away.”""#);
    let mut s = session(&text, 0);
    s.choose(2).unwrap();
    let prompts = reflection_prompts(&s);
    assert!(
        prompts[0].starts_with("Look again at the moment you chose “Go away.”."),
        "{prompts:?}"
    );
    assert!(!prompts[0].contains("““"), "{prompts:?}");
    assert_eq!(
        prompts.last().unwrap(),
        "What would you do differently if you met this person again tomorrow?"
    );
    // A quote within the choice becomes a quote within the quote.
    let nested = edit(
        r#"text: "Go away""#,
        r#"text: "Write on her pad: “Go away.” Then leave.""#,
    );
    let mut n = session(&nested, 0);
    n.choose(2).unwrap();
    assert!(
        reflection_prompts(&n)[0]
            .starts_with("Look again at the moment you chose “Write on her pad: ‘Go away.’ Then"),
        "{:?}",
        reflection_prompts(&n)
    );
    // Quoted at the end only: the quote inside keeps both its marks.
    let ends = edit(r#"text: "Go away""#, r#"text: "Say loudly: “GO AWAY.”""#);
    let mut e = session(&ends, 0);
    e.choose(2).unwrap();
    assert!(
        reflection_prompts(&e)[0]
            .starts_with("Look again at the moment you chose “Say loudly: ‘GO AWAY.’”."),
        "{:?}",
        reflection_prompts(&e)
    );
    let mut good = session(BASE, 0);
    good.choose(1).unwrap();
    assert!(reflection_prompts(&good)[0].starts_with("“Hi” helped the relationship."));
}

#[test]
fn changes_are_worded_with_a_sign_and_the_score_label() {
    let scenario = parse(BASE);
    let cold = &scenario.nodes[0].choices.as_ref().unwrap()[1];
    assert_eq!(
        joined(&choice_changes(&scenario, cold), "none"),
        "-10 Trust, -5 Dignity"
    );
    let capped = edit(r#"{"trust": 10}"#, r#"{"trust": 90}"#);
    let mut s = session(&capped, 0);
    let step = s.choose(1).unwrap().clone();
    assert_eq!(
        joined(&step_changes(s.scenario(), &step), "none"),
        "+50 Trust (capped at 100)"
    );
}

#[test]
fn options_locked_at_a_decision_are_told_apart_from_those_passed_over() {
    use rapport::play::debrief::locked_at;
    // "Go away" leaves Ana ungreeted: at the second decision "Bye" was locked.
    let mut s = session(BASE, 0);
    s.choose(2).unwrap();
    s.choose(2).unwrap();
    let second = locked_at(&s, 1);
    assert_eq!(second.get(&1), Some(&Some("Greet first.".to_owned())));
    assert_eq!(second.get(&2), Some(&None));
    // Greeted, it was open.
    let mut g = session(BASE, 0);
    g.choose(1).unwrap();
    g.choose(2).unwrap();
    assert_eq!(locked_at(&g, 1).get(&1), Some(&None));
    assert!(locked_at(&g, 0).values().all(Option::is_none));
}
