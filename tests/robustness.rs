//! Bad input never crashes the loader, the checker or the session: random edits of a valid
//! file, random bytes, huge files and deep nesting all end in diagnostics, not panics.

mod support;

use std::sync::Arc;

use proptest::prelude::*;
use rapport::play::Session;
use rapport::play::synthetic::{Synthetic, generate};
use rapport::scenario::{Code, check_source};
use support::{BASE, catalogue};

/// Check `text`, then, if it parsed, try to play it whatever its errors: nothing may panic.
fn exercise(text: &str) {
    let checked = check_source(text, Some(&catalogue(&["empathy"])));
    for d in &checked.diagnostics {
        let _ = d.render(Some(text));
    }
    if let Some(s) = checked.scenario {
        let scenario = Arc::new(s);
        for seed in 0..3 {
            if let Ok(mut session) = Session::new(Arc::clone(&scenario), seed) {
                for choice in [1, 2, 3, 1, 2] {
                    let _ = session.current();
                    let _ = session.choose(choice);
                }
                let _ = session.outcome();
                let _ = session.rewind(0);
            }
        }
    }
}

/// RON punctuation and fragments most likely to confuse a parser or a checker.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("/*".to_owned()),
        Just("//".to_owned()),
        Just("r#\"".to_owned()),
        Just("Some(".to_owned()),
        Just("next: \"a\"".to_owned()),
        Just("Not(".to_owned()),
        Just("-99999999999999999999".to_owned()),
        Just("é".to_owned()),
        "[a-z]{1,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_insertions_never_panic(at in 0..BASE.len(), bits in proptest::collection::vec(fragment(), 1..4)) {
        let at = (0..=at).rev().find(|&i| BASE.is_char_boundary(i)).unwrap_or(0);
        let mut text = BASE.to_owned();
        text.insert_str(at, &bits.concat());
        exercise(&text);
    }

    #[test]
    fn random_deletions_never_panic(start in 0..BASE.len(), len in 0usize..200) {
        let start = (0..=start).rev().find(|&i| BASE.is_char_boundary(i)).unwrap_or(0);
        let end = (start + len).min(BASE.len());
        let end = (end..=BASE.len()).find(|&i| BASE.is_char_boundary(i)).unwrap_or(BASE.len());
        let mut text = BASE.to_owned();
        text.replace_range(start..end, "");
        exercise(&text);
    }

    #[test]
    fn swapped_identifiers_never_panic(a in 0usize..40, b in 0usize..40) {
        // Swap two quoted strings: ids, targets and scores end up in each other's places.
        let quoted: Vec<&str> = BASE.split('"').skip(1).step_by(2).collect();
        let (x, y) = (quoted[a % quoted.len()], quoted[b % quoted.len()]);
        let text = BASE.replacen(&format!("\"{x}\""), "\"\u{1}\"", 1).replacen(&format!("\"{y}\""), &format!("\"{x}\""), 1).replacen("\"\u{1}\"", &format!("\"{y}\""), 1);
        exercise(&text);
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,300}") {
        exercise(&text);
    }
}

#[test]
fn truncation_at_every_point_never_panics() {
    for end in (0..BASE.len()).filter(|&i| BASE.is_char_boundary(i)) {
        exercise(&BASE[..end]);
    }
}

#[test]
fn deep_nesting_of_every_bracket_is_an_error() {
    for (open, close) in [
        ("[", "]"),
        ("(", ")"),
        ("{", "}"),
        ("Not(", ")"),
        ("Some(", ")"),
    ] {
        let text = format!("{}{}", open.repeat(100_000), close.repeat(100_000));
        let checked = check_source(&text, None);
        assert!(checked.has_errors(), "{open}");
        let nested = BASE.replacen(
            "requires: Flag(\"greeted\")",
            &format!(
                "requires: {}Always{}",
                open.repeat(100_000),
                close.repeat(100_000)
            ),
            1,
        );
        let checked = check_source(&nested, None);
        assert!(checked.has_errors(), "nested {open}");
    }
}

#[test]
fn a_file_of_tens_of_megabytes_checks() {
    let text = generate(Synthetic {
        nodes: 40_000,
        cycles: true,
        seed: 3,
    });
    assert!(text.len() > 25_000_000, "{} bytes", text.len());
    let checked = check_source(&text, None);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics.first());
    assert!(checked.diagnostics.iter().all(|d| d.code != Code::Syntax));
}
