//! Files as they arrive from Word and Notepad: a byte-order mark is accepted, and every
//! punctuation slip is reported at once, at its place, in plain words with what to do.

mod support;

use rapport::scenario::{Code, check_source};
use support::edit;

fn messages(text: &str) -> Vec<(usize, usize, String, String)> {
    check_source(text, None)
        .diagnostics
        .into_iter()
        .map(|d| {
            let p = d.pos.expect("every problem has a place");
            (p.line, p.column, d.message, d.help.unwrap_or_default())
        })
        .collect()
}

#[test]
fn a_byte_order_mark_is_accepted_silently() {
    let library = std::fs::read_to_string("scenarios/home-care/first-morning.ron").unwrap();
    let marked = format!("\u{FEFF}{library}");
    let checked = check_source(&marked, None);
    assert!(checked.scenario.is_some(), "{:?}", checked.diagnostics);
    assert!(!checked.has_errors());
}

#[test]
fn curly_quotes_around_text_are_named_at_their_column() {
    let found = messages(&edit("title: \"Base\",", "title: “Base”,"));
    assert_eq!(found.len(), 1, "{found:#?}");
    let (line, column, message, help) = &found[0];
    assert_eq!((*line, *column), (3, 12));
    assert!(message.contains("curly quote"), "{message}");
    assert!(help.contains("rapport fix"), "{help}");
}

#[test]
fn a_quote_inside_text_is_explained_not_called_a_missing_comma() {
    let found = messages(&edit(
        "summary: \"A valid scenario for tests.\",",
        "summary: \"Did you \"promise\" her?\",",
    ));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].2.contains("ends the text early"), "{found:#?}");
    assert!(!found[0].2.contains("comma"));
    assert!(
        found[0].3.contains("\\\""),
        "says how to write a quote inside text"
    );
}

#[test]
fn decimals_and_percentages_get_their_own_message() {
    let found = messages(&edit("start: 50)", "start: 50.5)"));
    assert!(
        found[0].2.contains("50.5 is not a whole number"),
        "{found:#?}"
    );
    let found = messages(&edit("{\"trust\": 10}", "{\"trust\": 10%}"));
    assert!(found[0].2.contains("percent"), "{found:#?}");
    assert!(found[0].3.contains("write 10 without the %"));
}

#[test]
fn a_missing_bracket_names_the_one_opened_and_where() {
    // The first choice loses its closing parenthesis.
    let found = messages(&edit(
        "principles: [\"empathy\"], set: [\"greeted\"], next: \"b\"),",
        "principles: [\"empathy\"], set: [\"greeted\"], next: \"b\",",
    ));
    assert!(
        found
            .iter()
            .any(|f| f.2.contains("parenthesis (() opened at line 13")),
        "{found:#?}"
    );
}

#[test]
fn every_slip_is_reported_in_one_run() {
    let text = edit("title: \"Base\",", "title: “Base”,")
        .replacen("start: 50)", "start: 50.5)", 1)
        .replacen("text: \"Hello.\"", "text: \"Say \"hello\" now.\"", 1);
    let found = messages(&text);
    assert_eq!(found.len(), 3, "{found:#?}");
}

#[test]
fn no_message_uses_programmer_jargon_and_every_one_has_a_help_line() {
    let slips = [
        ("title: \"Base\",", "title: \"Base\""),
        ("title: \"Base\",", "title: Base,"),
        ("start: 50)", "start: \"fifty\")"),
        ("scores: [", "scores: ("),
        ("{\"trust\": 10}", "[\"trust\", 10]"),
        ("(id: \"a\",", "(id: a,"),
        ("    ],\n    outcomes", "    ]\n    outcomes"),
        ("requires: Flag(\"greeted\")", "requires: Flag"),
        ("nodes: [", "nodes: 5,"),
    ];
    for (from, to) in slips {
        let text = edit(from, to);
        let checked = check_source(&text, None);
        assert!(checked.has_errors(), "{to}: no error");
        for d in checked.diagnostics {
            let words = format!("{} {}", d.message, d.help.clone().unwrap_or_default());
            for jargon in [
                "identifier",
                "struct",
                "Option",
                "sequence",
                "tuple",
                "i64",
                "u32",
            ] {
                assert!(!words.contains(jargon), "{to}: \"{words}\" says {jargon}");
            }
            if d.code == Code::Syntax || d.code == Code::WrongType {
                assert!(d.help.is_some(), "{to}: {} has no help line", d.message);
            }
        }
    }
}

#[test]
fn a_name_typed_with_a_separate_accent_gets_a_hint() {
    // "zoë" as a Mac editor may store it: e, then a combining diaeresis.
    let text = edit("(id: \"ana\"", "(id: \"zo\u{eb}\"")
        .replace("speaker: \"ana\"", "speaker: \"zoe\u{308}\"");
    let checked = check_source(&text, None);
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == Code::UnknownSpeaker)
        .expect("the decomposed name is not the same name");
    let help = d.help.as_deref().unwrap_or_default();
    assert!(help.contains("looks the same"), "{help}");
}

#[test]
fn mistakes_in_several_nodes_are_all_reported() {
    let text = edit(
        "speaker: \"ana\", text: \"Hello.\"",
        "speakr: \"ana\", text: \"Hello.\"",
    )
    .replacen(
        "(id: \"c\", text: \"Later.\"",
        "(id: \"c\", txt: \"Later.\"",
        1,
    )
    .replacen(
        "(id: \"c2\", text: \"Much later.\"",
        "(id: \"c2\", text: 5",
        1,
    );
    let found = messages(&text);
    let lines: Vec<usize> = found.iter().map(|f| f.0).collect();
    assert_eq!(lines, vec![12, 17, 18], "{found:#?}");
    assert!(
        found[0].3.contains("did you mean \"speaker\"?"),
        "{found:#?}"
    );
    assert!(found[1].3.contains("did you mean \"text\"?"), "{found:#?}");
    assert!(found[2].2.contains("text in quotes"), "{found:#?}");
}
