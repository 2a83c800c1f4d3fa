//! `docs/format.md` is the complete reference for the scenario format: every field of every part
//! of the model, every form of a condition and every kind of relationship appears, in backticks,
//! in the section for its part, and every complete scenario on the page checks clean. The lists
//! come from the model itself, so a field added without documentation fails here.

use std::collections::BTreeSet;
use std::process::Command;

use rapport::scenario::load::{parse_catalogue, ron_options};
use rapport::scenario::{
    Catalogue, ChanceBranch, Character, Choice, Condition, Effects, Ending, Node, Outcome,
    Principle, Relationship, Scenario, Score, check_source,
};
use serde::de::DeserializeOwned;

const DOC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md");

fn doc() -> String {
    std::fs::read_to_string(DOC_PATH).expect("docs/format.md exists")
}

/// The fields a record of type `T` accepts, as its deserializer lists them when it meets a field
/// it does not know (every part of the model refuses unknown fields).
fn fields_of<T: DeserializeOwned + std::fmt::Debug>() -> Vec<&'static str> {
    let error = ron_options()
        .from_str::<T>("(not_a_field_of_the_model: 0)")
        .expect_err("an unknown field is refused");
    match error.code {
        ron::Error::NoSuchStructField { expected, .. } => expected.to_vec(),
        other => panic!("expected an unknown-field error, got {other:?}"),
    }
}

/// The names a value of type `T` may take, as its deserializer lists them for an unknown name.
fn variants_of<T: DeserializeOwned + std::fmt::Debug>() -> Vec<&'static str> {
    let error = ron_options()
        .from_str::<T>("NotANameOfTheModel")
        .expect_err("an unknown name is refused");
    match error.code {
        ron::Error::NoSuchEnumVariant { expected, .. } => expected.to_vec(),
        other => panic!("expected an unknown-name error, got {other:?}"),
    }
}

/// Every part of the model, by the name its section heading carries (`(`Score`)`), with the
/// field names or the names it documents.
fn parts() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("Scenario", fields_of::<Scenario>()),
        ("Score", fields_of::<Score>()),
        ("Character", fields_of::<Character>()),
        ("Node", fields_of::<Node>()),
        ("Choice", fields_of::<Choice>()),
        ("ChanceBranch", fields_of::<ChanceBranch>()),
        ("Ending", fields_of::<Ending>()),
        ("Outcome", fields_of::<Outcome>()),
        ("Principle", fields_of::<Principle>()),
        ("Condition", variants_of::<Condition>()),
        ("Relationship", variants_of::<Relationship>()),
    ]
}

/// The lines of `doc` that are not inside a code block, each with its index.
fn prose_lines(doc: &str) -> Vec<(usize, &str)> {
    let mut in_code = false;
    let mut out = Vec::new();
    for (i, line) in doc.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code {
            out.push((i, line));
        }
    }
    out
}

fn heading_level(line: &str) -> Option<usize> {
    let level = line.chars().take_while(|&c| c == '#').count();
    (level > 0 && line[level..].starts_with(' ')).then_some(level)
}

/// The section whose heading names the part `` (`name`) ``: from its heading to the next heading
/// of the same level or higher. Exactly one heading may name it.
fn section(doc: &str, name: &str) -> String {
    let marker = format!("(`{name}`)");
    let prose = prose_lines(doc);
    let headings: Vec<(usize, usize)> = prose
        .iter()
        .filter_map(|&(i, line)| heading_level(line).map(|level| (i, level)))
        .collect();
    let named: Vec<(usize, usize)> = headings
        .iter()
        .copied()
        .filter(|&(i, _)| doc.lines().nth(i).is_some_and(|l| l.contains(&marker)))
        .collect();
    let [(start, level)] = named[..] else {
        panic!("docs/format.md needs exactly one heading with {marker}, found {named:?}");
    };
    let end = headings
        .iter()
        .find(|&&(i, l)| i > start && l <= level)
        .map_or(usize::MAX, |&(i, _)| i);
    doc.lines()
        .enumerate()
        .filter(|&(i, _)| i >= start && i < end)
        .map(|(_, line)| format!("{line}\n"))
        .collect()
}

/// Whether `text` mentions `name` in backticks: `` `name` `` or `` `name(...)` ``.
fn mentions(text: &str, name: &str) -> bool {
    let opening = format!("`{name}");
    text.match_indices(&opening)
        .any(|(at, _)| matches!(text[at + opening.len()..].chars().next(), Some('`' | '(')))
}

#[test]
fn every_field_and_name_of_the_model_is_documented_in_its_part_s_section() {
    let doc = doc();
    let mut missing = Vec::new();
    for (part, names) in parts() {
        assert!(!names.is_empty(), "{part} lists no names");
        let text = section(&doc, part);
        for name in names {
            if !mentions(&text, name) {
                missing.push(format!("`{name}` in the section on `{part}`"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/format.md does not document:\n{}",
        missing.join("\n")
    );
}

/// A scenario with every field of every part set, so that serialising it names them all.
fn full_scenario() -> Scenario {
    let condition = Condition::All(vec![
        Condition::Always,
        Condition::ScoreAtLeast("trust".into(), 60),
        Condition::ScoreBelow("trust".into(), 40),
        Condition::Flag("asked".into()),
        Condition::NotFlag("asked".into()),
        Condition::Visited("a".into()),
        Condition::Any(vec![Condition::Not(Box::new(Condition::Always))]),
    ]);
    let choice = Choice {
        text: "Hello".to_owned(),
        effects: Effects(vec![("trust".into(), 5)]),
        feedback: Some("Warm.".to_owned()),
        principles: vec!["empathy".into()],
        requires: Some(condition.clone()),
        locked_hint: Some("Later.".to_owned()),
        set: vec!["asked".into()],
        unset: vec!["asked".into()],
        next: Some("a".into()),
    };
    let node = Node {
        id: "a".into(),
        speaker: Some("sam".into()),
        text: Some("Hi".to_owned()),
        narration: Some("Smiles.".to_owned()),
        facilitator_note: Some("Ask.".to_owned()),
        choices: Some(vec![choice]),
        next: Some("a".into()),
        chance: Some(vec![ChanceBranch {
            weight: 1,
            next: "a".into(),
        }]),
        ending: Some(Ending {
            title: "End".to_owned(),
            summary: "Ended.".to_owned(),
        }),
    };
    Scenario {
        id: "full".to_owned(),
        title: "Full".to_owned(),
        summary: "Every field.".to_owned(),
        setting: Some("Here.".to_owned()),
        relationship: Some(Relationship::Professional),
        duration_minutes: Some(5),
        objectives: vec!["Practise.".to_owned()],
        content_note: Some("None.".to_owned()),
        shuffle_choices: true,
        scores: vec![Score {
            id: "trust".into(),
            label: "Trust".to_owned(),
            start: 50,
            min: 0,
            max: 100,
            description: "Trust.".to_owned(),
        }],
        characters: vec![Character {
            id: "sam".into(),
            name: "Sam".to_owned(),
            role: "Resident".to_owned(),
            portrait: Some("sam.png".to_owned()),
        }],
        start: "a".into(),
        nodes: vec![node],
        outcomes: vec![Outcome {
            when: condition,
            title: "Verdict".to_owned(),
            text: "Well done.".to_owned(),
            endings: vec!["a".into()],
        }],
    }
}

fn collect_keys(value: &serde_json::Value, keys: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                keys.insert(key.clone());
                collect_keys(inner, keys);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_keys(v, keys)),
        _ => {}
    }
}

#[test]
fn every_name_in_a_full_scenario_is_documented_and_belongs_to_a_documented_part() {
    let doc = doc();
    let value = serde_json::to_value(full_scenario()).expect("a scenario serialises");
    let mut keys = BTreeSet::new();
    collect_keys(&value, &mut keys);
    let documented: BTreeSet<&str> = parts().into_iter().flat_map(|(_, n)| n).collect();
    for key in &keys {
        assert!(
            documented.contains(key.as_str()),
            "`{key}` belongs to a part of the model that this test does not list: add the part to `parts()` and a section for it to docs/format.md"
        );
        assert!(
            mentions(&doc, key),
            "`{key}` is not documented in docs/format.md"
        );
    }
    // The walk reached every part: a field of each record and a form of a nested condition.
    for key in [
        "shuffle_choices",
        "description",
        "portrait",
        "facilitator_note",
        "locked_hint",
    ] {
        assert!(keys.contains(key), "the full scenario lacks `{key}`");
    }
    for key in [
        "weight", "summary", "endings", "All", "Any", "Not", "Visited",
    ] {
        assert!(keys.contains(key), "the full scenario lacks `{key}`");
    }
}

/// The `ron` code blocks of the page, in order.
fn ron_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line.trim()) {
            (None, "```ron") => current = Some(String::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// The block's lines other than blank lines and `//` comments.
fn content_lines(block: &str) -> Vec<&str> {
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect()
}

/// A complete scenario on the page is a block that starts, as a file does, with the first line
/// `#![enable(implicit_some)]` and goes on past it.
fn is_complete_scenario(block: &str) -> bool {
    let lines = content_lines(block);
    lines.first() == Some(&"#![enable(implicit_some)]") && lines.len() > 1
}

fn library_catalogue() -> Catalogue {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/principles.ron");
    let text = std::fs::read_to_string(path).expect("scenarios/principles.ron exists");
    Catalogue::new(parse_catalogue(&text).expect("the bundled catalogue parses"))
}

#[test]
fn every_complete_scenario_on_the_page_checks_clean() {
    let doc = doc();
    let catalogue = library_catalogue();
    let complete: Vec<String> = ron_blocks(&doc)
        .into_iter()
        .filter(|b| is_complete_scenario(b))
        .collect();
    assert!(
        complete.len() >= 2,
        "docs/format.md should show the smallest file and a complete example, found {}",
        complete.len()
    );
    for block in &complete {
        let checked = check_source(block, Some(&catalogue));
        let problems: Vec<String> = checked
            .diagnostics
            .iter()
            .map(|d| d.render(Some(block)))
            .collect();
        assert!(
            checked.scenario.is_some() && problems.is_empty(),
            "a complete scenario in docs/format.md does not check clean:\n{}\n{block}",
            problems.join("\n")
        );
    }
}

#[test]
fn a_block_with_start_and_nodes_filled_in_is_checked_as_a_complete_scenario() {
    // A whole scenario written without the first line would otherwise be skipped by the test
    // above; the only field-by-field outline allowed is one whose lists are left as `[ ... ]`.
    for block in ron_blocks(&doc()) {
        let outline = block.contains("nodes: [ ... ]");
        if block.contains("start:") && block.contains("nodes:") && !outline {
            assert!(
                is_complete_scenario(&block),
                "this scenario in docs/format.md should start with #![enable(implicit_some)] so that it is checked:\n{block}"
            );
        }
    }
}

#[test]
fn the_catalogue_example_is_a_valid_catalogue() {
    let catalogues: Vec<String> = ron_blocks(&doc())
        .into_iter()
        .filter(|b| content_lines(b).first() == Some(&"["))
        .collect();
    assert!(!catalogues.is_empty(), "docs/format.md shows a catalogue");
    let library = library_catalogue();
    for block in catalogues {
        let principles = parse_catalogue(&block)
            .unwrap_or_else(|d| panic!("{}\n{block}", d.render(Some(&block))));
        assert!(Catalogue::new(principles.clone()).validate().is_empty());
        for p in principles {
            assert_eq!(
                library.get(p.id.as_str()),
                Some(&p),
                "the page quotes the bundled catalogue's entry for \"{}\" exactly",
                p.id
            );
        }
    }
}

#[test]
fn the_worked_choices_example_plays_as_the_page_says() {
    let doc = doc();
    let scenario = ron_blocks(&doc)
        .into_iter()
        .find(|b| is_complete_scenario(b) && b.contains("id: \"birthday-card\""))
        .expect("section 7 holds the birthday-card example");
    let command = doc
        .lines()
        .find(|l| l.starts_with("rapport play scenarios/examples/birthday-card.ron"))
        .expect("section 6 shows a play command for the example");
    // `play FILE --seed N --choices ...`, without the leading `rapport`.
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let library = tempfile::tempdir().unwrap();
    let file = library.path().join(args[1]);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, &scenario).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/principles.ron"),
        library.path().join("scenarios/principles.ron"),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .current_dir(library.path())
        .args(&args)
        .arg("--json")
        .output()
        .expect("the binary runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The numbers are positions as written: choice 3 at "phone" is hidden unless the money was
    // taken, and the choices are shuffled on screen.
    let steps: Vec<(&str, u64)> = result["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["node"].as_str().unwrap(), s["choice"].as_u64().unwrap()))
        .collect();
    assert_eq!(steps, [("card", 2), ("phone", 3), ("record", 1)]);
    assert_eq!(result["ending"], "end-clear");
    let verdict = result["outcome"].as_str().unwrap();
    assert!(
        doc.contains(&format!(
            "It ends at `end-clear` with the verdict \"{verdict}\""
        )),
        "section 6 should name the verdict \"{verdict}\""
    );
}

/// A heading's anchor as GitHub makes it: lower case, spaces to hyphens, punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim_start_matches('#')
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of every link in `text` to `target#anchor`.
fn links_to<'a>(text: &'a str, target: &str) -> Vec<&'a str> {
    let opening = format!("]({target}#");
    text.match_indices(&opening)
        .filter_map(|(at, _)| {
            let rest = &text[at + opening.len()..];
            rest.find(')').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn the_guides_link_to_the_format_page_and_every_link_into_it_leads_to_a_heading() {
    let doc = doc();
    let anchors: BTreeSet<String> = prose_lines(&doc)
        .into_iter()
        .filter(|(_, line)| heading_level(line).is_some())
        .map(|(_, line)| anchor(line))
        .collect();
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let authoring = std::fs::read_to_string(format!("{root}/docs/authoring.md")).unwrap();
    assert!(
        readme.contains("(docs/format.md)"),
        "README links to docs/format.md"
    );
    assert!(
        authoring.contains("(format.md)"),
        "docs/authoring.md links to format.md"
    );
    let links = links_to(&doc, "")
        .into_iter()
        .chain(links_to(&readme, "docs/format.md"))
        .chain(links_to(&authoring, "format.md"));
    for link in links {
        assert!(
            anchors.contains(link),
            "the link to #{link} leads to no heading of docs/format.md"
        );
    }
}
