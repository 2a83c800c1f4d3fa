//! Reading scenario files: size limit, UTF-8, RON with `implicit_some`, and every parse error
//! turned into a diagnostic with its line and column.

use std::fs::File;
use std::io::Read as _;
use std::path::Path;

use ron::Options;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::diagnostic::{Code, Diagnostic, Pos};
use super::model::{Principle, Scenario};

/// The largest file `rapport` reads unless told otherwise: room for a 100,000-node scenario.
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// How deeply values may nest. A real scenario needs about a dozen levels; the limit keeps a
/// hostile file from exhausting the stack.
pub const MAX_NESTING: usize = 128;

/// Read a file as UTF-8 text, refusing files over `max_bytes`.
pub fn read_source(path: &Path, max_bytes: u64) -> Result<String, Diagnostic> {
    decode(read_bytes(path, max_bytes)?)
}

/// Read a file's bytes, refusing files over `max_bytes` and anything that is not a plain file.
pub fn read_bytes(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Diagnostic> {
    // Look before opening: opening a pipe would wait for a writer for ever.
    let meta = std::fs::metadata(path).map_err(|e| read_error(path, &e))?;
    if !meta.is_file() {
        return Err(Diagnostic::new(
            Code::Read,
            format!(
                "cannot read {}: it is not a plain file (a folder, a pipe or a device)",
                path.display()
            ),
        )
        .in_file(path));
    }
    let file = File::open(path).map_err(|e| read_error(path, &e))?;
    let len = file.metadata().map_err(|e| read_error(path, &e))?.len();
    if len > max_bytes {
        return Err(too_large(len, max_bytes));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // Read at most one byte past the limit, in case the file grows while we read it.
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, &e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64, max_bytes));
    }
    Ok(bytes)
}

/// Bytes in Windows' "ANSI" encoding (Windows-1252, what Notepad long saved by default) as text.
pub fn from_windows_1252(bytes: &[u8]) -> String {
    // 0x80 to 0x9F; the rest of the upper half is the same as Unicode's Latin-1.
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Bytes as UTF-8 text, or a diagnostic at the first byte that is not.
pub fn decode(bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let at = end_of(&before);
        Diagnostic::new(
            Code::NotUtf8,
            format!(
                "the file is not saved as UTF-8 text: the character at line {}, column {} (perhaps \
                 a £, an accent or a curly quote) is in another encoding, such as the \"ANSI\" \
                 Notepad used to choose",
                at.line, at.column
            ),
        )
        .at_pos(at)
        .with_help(
            "save it again as UTF-8 (in Notepad: Save as, then Encoding: UTF-8), \
                or run `rapport fix FILE`, which converts it",
        )
    })
}

fn read_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(Code::Read, format!("cannot read {}: {e}", path.display())).in_file(path)
}

fn too_large(len: u64, max: u64) -> Diagnostic {
    Diagnostic::new(
        Code::TooLarge,
        format!("the file is {len} bytes, over the limit of {max} bytes"),
    )
    .at_pos(Pos::START)
    .with_help("split it into smaller scenarios, or raise the limit with --max-size BYTES")
}

/// The position just after `text`.
fn end_of(text: &str) -> Pos {
    let line = 1 + text.matches('\n').count();
    let last = text.rsplit('\n').next().unwrap_or("");
    Pos {
        line,
        column: 1 + last.chars().count(),
    }
}

/// The RON options every scenario file is read with.
pub fn ron_options() -> Options {
    Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// What a scenario file looks like, for messages about its shape.
const SCENARIO_SHAPE: &str =
    "a scenario is a record in ( ), starting like (id: \"my-scenario\", title: \"...\", ...)";

/// Parse a scenario from RON text; the first problem when it does not parse.
pub fn parse_scenario(text: &str) -> Result<Scenario, Diagnostic> {
    read_scenario(text).map_err(|mut all| all.swap_remove(0))
}

/// Parse a scenario from RON text; every punctuation problem when there are any (see
/// [`super::syntax`]), else the first problem RON finds.
pub fn read_scenario(text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    parse_all(text, SCENARIO_SHAPE)
}

/// Parse the principles catalogue (a list of principles) from RON text.
pub fn parse_catalogue(text: &str) -> Result<Vec<Principle>, Diagnostic> {
    parse(
        text,
        "the catalogue is a list in [ ] of (id: \"...\", name: \"...\", \
            summary: \"...\", source: \"...\")",
    )
}

fn parse<T: DeserializeOwned>(text: &str, shape: &str) -> Result<T, Diagnostic> {
    parse_all(text, shape).map_err(|mut all| all.swap_remove(0))
}

/// Whether the text starts, after spaces and comments, like a RON value: `(`, `[`, the `#!`
/// of an attribute, or a name followed by `(`.
fn looks_like_ron(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    let name = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .count();
    rest.starts_with(['(', '[', '#']) || (name > 0 && rest[name..].trim_start().starts_with('('))
}

/// The byte-order mark some editors (Notepad) put at the start of a file.
const BYTE_ORDER_MARK: char = '\u{FEFF}';

fn parse_all<T: DeserializeOwned>(text: &str, shape: &str) -> Result<T, Vec<Diagnostic>> {
    // A byte-order mark is accepted silently: it becomes a space, so positions stay the same.
    let unmarked;
    let text = match text.strip_prefix(BYTE_ORDER_MARK) {
        Some(rest) => {
            unmarked = format!(" {rest}");
            unmarked.as_str()
        }
        None => text,
    };
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::new(Code::Syntax, "the file is empty")
                .at_pos(Pos::START)
                .with_help(shape.to_owned()),
        ]);
    }
    if !looks_like_ron(text) {
        // Not a scenario at all (a text file, a system file behind a link): say so once, and
        // never repeat its contents.
        let mut d = Diagnostic::new(
            Code::Syntax,
            "this file does not look like a scenario: it should start with ( or \
                #![enable(implicit_some)]",
        )
        .at_pos(Pos::START)
        .with_help(shape.to_owned());
        d.quote = false;
        return Err(vec![d]);
    }
    let problems = super::syntax::check(text);
    if !problems.is_empty() {
        return Err(problems);
    }
    ron_options().from_str(text).map_err(|e| {
        let first = with_help(from_ron(&e), &e.code, shape);
        let mut all = vec![first];
        if shape == SCENARIO_SHAPE {
            all.extend(node_problems(text));
            all.sort_by_key(|d| d.pos);
            all.dedup_by(|a, b| a.pos == b.pos && a.message == b.message);
        }
        all
    })
}

fn with_help(mut d: Diagnostic, code: &ron::Error, shape: &str) -> Diagnostic {
    if d.help.is_none() {
        d.help = Some(if matches!(code, ron::Error::ExpectedNamedStructLike(_)) {
            shape.to_owned()
        } else {
            d.code.fix().to_owned()
        });
    }
    d
}

/// Every node's own first problem: reading stops at the first problem in a file, so each node
/// is also read on its own, and a file with a mistake in five nodes gets five messages.
fn node_problems(text: &str) -> Vec<Diagnostic> {
    let Some(items) = super::syntax::list_items(text, "nodes") else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|(range, start)| {
            let e = ron_options()
                .from_str::<super::model::Node>(&text[range])
                .err()?;
            let d = with_help(from_ron(&e), &e.code, SCENARIO_SHAPE);
            let at = d.pos.unwrap_or(Pos::START);
            // From a place in the node's text to a place in the file.
            let pos = Pos {
                line: start.line + at.line - 1,
                column: if at.line == 1 {
                    start.column + at.column - 1
                } else {
                    at.column
                },
            };
            Some(d.at_pos(pos))
        })
        .collect()
}

/// A RON error as a diagnostic, with a clearer message and a suggestion where one helps.
fn from_ron(e: &ron::error::SpannedError) -> Diagnostic {
    use ron::Error as E;
    let pos = Pos {
        line: e.span.start.line.max(1),
        column: e.span.start.col.max(1),
    };
    let of = |outer: &Option<String>| {
        outer
            .as_ref()
            .map(|o| format!(" in {o}"))
            .unwrap_or_default()
    };
    let diagnostic = match &e.code {
        E::Eof => Diagnostic::new(
            Code::Syntax,
            "the file ends too early: a bracket, parenthesis or quote is not closed",
        )
        .with_help("check that every ( [ { and \" opened above is closed"),
        E::ExpectedComma => Diagnostic::new(Code::Syntax, "expected a comma before this")
            .with_help("add a comma at the end of the value before this one"),
        E::ExpectedStringEnd => Diagnostic::new(Code::Syntax, "this text has no closing quote")
            .with_help("add the closing \" (write \\\" for a quote inside text)"),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let d = Diagnostic::new(
                Code::UnknownField,
                format!("unknown field `{found}`{}", of(outer)),
            );
            suggest_or_list(d, found, expected, "the fields allowed here are")
        }
        E::MissingStructField { field, outer } => Diagnostic::new(
            Code::MissingField,
            format!("missing required field `{field}`{}", of(outer)),
        )
        .with_help(format!("add `{field}: ...` to this record")),
        E::DuplicateStructField { field, outer } => Diagnostic::new(
            Code::DuplicateField,
            format!("the field `{field}` is given twice{}", of(outer)),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = outer.as_deref().unwrap_or("this value");
            let d = Diagnostic::new(
                Code::UnknownVariant,
                format!("`{found}` is not a valid {what}"),
            );
            suggest_or_list(d, found, expected, "the names allowed here are")
        }
        E::ExceededRecursionLimit => Diagnostic::new(
            Code::TooDeep,
            format!("values are nested more than {MAX_NESTING} levels deep"),
        ),
        E::InvalidValueForType { expected, found } => Diagnostic::new(
            Code::WrongType,
            format!(
                "expected {}, found {}",
                plain(expected),
                plain(&found.to_string())
            ),
        ),
        E::ExpectedDifferentLength { expected, found } => Diagnostic::new(
            Code::WrongType,
            format!("expected {}, found {found} item(s)", plain(expected)),
        ),
        E::Message(message) => message_diagnostic(&plain(message)),
        E::ExpectedIdentifier => Diagnostic::new(
            Code::Syntax,
            "expected a field name here, such as `text` or `next`",
        )
        .with_help("each field is written as name: value, with a comma after it"),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            Diagnostic::new(Code::WrongType, "expected a record in ( ) here")
        }
        E::ExpectedStructLikeEnd => Diagnostic::new(
            Code::Syntax,
            "expected ) to close this record, or a comma before the next field",
        )
        .with_help("check the line above for a missing comma or an extra word"),
        E::ExpectedArray => Diagnostic::new(Code::WrongType, "expected a list in [ ] here")
            .with_help("write a list as [first, second]"),
        E::ExpectedArrayEnd => Diagnostic::new(
            Code::Syntax,
            "expected ] to close this list, or a comma before the next item",
        )
        .with_help("put a comma between the items of a list"),
        E::ExpectedMap => Diagnostic::new(
            Code::WrongType,
            "expected effects in { } here, like {\"trust\": 5, \"dignity\": -10}",
        ),
        E::ExpectedMapEnd => Diagnostic::new(
            Code::Syntax,
            "expected } to close these effects, or a comma before the next one",
        )
        .with_help("write effects as {\"trust\": 5, \"dignity\": -10}"),
        E::ExpectedMapColon => Diagnostic::new(
            Code::Syntax,
            "expected a colon (:) between the score and its change",
        )
        .with_help("write effects as {\"trust\": 5}"),
        E::ExpectedString => Diagnostic::new(Code::WrongType, "expected text in quotes here")
            .with_help("write text between straight quote marks: \"like this\""),
        E::ExpectedInteger | E::InvalidIntegerDigit { .. } | E::IntegerOutOfBounds => {
            Diagnostic::new(
                Code::WrongType,
                "expected a whole number here, such as 5 or -10",
            )
        }
        E::ExpectedBoolean => Diagnostic::new(Code::WrongType, "expected true or false here"),
        E::TrailingCharacters => {
            Diagnostic::new(Code::Syntax, "there is more after the end of the scenario").with_help(
                "the scenario's last ) closes it: remove what comes after, or look \
            above for a ) that closes too early",
            )
        }
        E::SuggestRawIdentifier(_) | E::InvalidIdentifier(_) => Diagnostic::new(
            Code::Syntax,
            "this is neither a name nor a number Rapport understands",
        )
        .with_help("write numbers without commas or spaces (1000, not 1,000), and names in quotes"),
        E::UnexpectedChar(c) => Diagnostic::new(Code::Syntax, format!("{c} is not expected here")),
        E::ExpectedFloat
        | E::ExpectedChar
        | E::ExpectedOption
        | E::ExpectedUnit
        | E::ExpectedDifferentStructName { .. } => {
            Diagnostic::new(Code::WrongType, plain(&describe(&e.code)))
        }
        other => Diagnostic::new(Code::Syntax, plain(&describe(other))),
    };
    diagnostic.at_pos(pos)
}

fn suggest_or_list(d: Diagnostic, found: &str, expected: &[&str], intro: &str) -> Diagnostic {
    if super::diagnostic::closest(found, expected.iter().copied()).is_some() {
        d.suggest(found, expected.iter().copied())
    } else if expected.is_empty() {
        d
    } else {
        let list = expected
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        d.with_help(format!("{intro} {list}"))
    }
}

/// Serde's own messages (from the model's custom deserializers, or plain serde errors).
fn message_diagnostic(message: &str) -> Diagnostic {
    let code = if message.starts_with("unknown variant") {
        Code::UnknownVariant
    } else if message.starts_with("unknown field") {
        Code::UnknownField
    } else if message.starts_with("missing field") {
        Code::MissingField
    } else {
        Code::WrongType
    };
    Diagnostic::new(code, message.to_owned())
}

/// A message in a care trainer's words: the programmers' names for kinds of value replaced.
fn plain(message: &str) -> String {
    const WORDS: [(&str, &str); 14] = [
        ("a sequence", "a list in [ ]"),
        ("sequence", "list"),
        ("a map", "a set of effects in { }"),
        ("an option", "a value"),
        ("option", "value"),
        ("struct variant", "record"),
        ("tuple variant", "condition"),
        ("unit variant", "name"),
        ("struct ", "record "),
        ("a string", "text in quotes"),
        ("string ", "text "),
        ("identifier", "name"),
        ("integer", "whole number"),
        ("i64", "a whole number"),
    ];
    let mut out = message.to_owned();
    for (jargon, words) in WORDS {
        out = out.replace(jargon, words);
    }
    out.replace("u32", "a whole number")
        .replace("u64", "a whole number")
}

/// RON's own words for an error, lowered to read as a sentence after `error[..]:`.
fn describe(code: &ron::Error) -> String {
    let text = code.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"(
    id: "mini", title: "Mini", summary: "S",
    scores: [(id: "trust", label: "Trust", start: 50)],
    characters: [(id: "sam", name: "Sam", role: "Resident")],
    start: "a",
    nodes: [
        (id: "a", speaker: "sam", text: "Hi", choices: [(text: "Hello", next: "end")]),
        (id: "end", ending: (title: "Done", summary: "Done.")),
    ],
)"#;

    #[test]
    fn minimal_file_loads_with_defaults() {
        let s = parse_scenario(MINIMAL).expect("loads");
        assert_eq!(s.scores[0].min, 0);
        assert_eq!(s.scores[0].max, 100);
        assert_eq!(s.scores[0].description, "");
        assert!(!s.shuffle_choices);
        assert!(s.outcomes.is_empty());
        assert_eq!(s.nodes[0].speaker.as_ref().map(|c| c.as_str()), Some("sam"));
    }

    #[test]
    fn struct_names_are_optional_and_checked() {
        let named = MINIMAL.replacen("(\n    id: \"mini\"", "Scenario(\n    id: \"mini\"", 1);
        assert!(parse_scenario(&named).is_ok());
        let wrong = MINIMAL.replacen("(id: \"a\"", "Nod(id: \"a\"", 1);
        assert_eq!(parse_scenario(&wrong).unwrap_err().code, Code::WrongType);
    }

    #[test]
    fn explicit_some_still_loads() {
        let text = MINIMAL.replace("speaker: \"sam\"", "speaker: Some(\"sam\")");
        assert!(parse_scenario(&text).is_ok());
    }

    #[test]
    fn unknown_field_suggests_the_right_name() {
        let text = MINIMAL.replace("speaker: \"sam\"", "speakr: \"sam\"");
        let d = parse_scenario(&text).unwrap_err();
        assert_eq!(d.code, Code::UnknownField);
        assert_eq!(d.help.as_deref(), Some("did you mean \"speaker\"?"));
        assert_eq!(
            d.pos,
            Some(Pos {
                line: 7,
                column: 19
            })
        );
    }

    #[test]
    fn missing_field_names_it() {
        let text = MINIMAL.replace("title: \"Mini\", ", "");
        let d = parse_scenario(&text).unwrap_err();
        assert_eq!(d.code, Code::MissingField);
        assert!(d.message.contains("`title`"), "{}", d.message);
    }

    #[test]
    fn wrong_type_is_reported_where_it_is() {
        let text = MINIMAL.replace("start: 50", "start: \"fifty\"");
        let d = parse_scenario(&text).unwrap_err();
        assert_eq!(d.code, Code::WrongType);
        assert_eq!(d.pos.map(|p| p.line), Some(3));
    }

    #[test]
    fn unknown_variant_suggests() {
        let text = MINIMAL.replace(
            "summary: \"S\",",
            "summary: \"S\", relationship: Profesional,",
        );
        let d = parse_scenario(&text).unwrap_err();
        assert_eq!(d.code, Code::UnknownVariant);
        assert_eq!(d.help.as_deref(), Some("did you mean \"Professional\"?"));
    }

    #[test]
    fn duplicate_effect_is_refused() {
        let text = MINIMAL.replace(
            "(text: \"Hello\",",
            "(text: \"Hello\", effects: {\"trust\": 1, \"trust\": 2},",
        );
        let d = parse_scenario(&text).unwrap_err();
        assert!(d.message.contains("appears twice"), "{}", d.message);
    }

    #[test]
    fn empty_and_truncated_files_are_syntax_errors() {
        assert_eq!(parse_scenario("").unwrap_err().code, Code::Syntax);
        assert_eq!(parse_scenario("  \n").unwrap_err().code, Code::Syntax);
        let d = parse_scenario(&MINIMAL[..MINIMAL.len() / 2]).unwrap_err();
        assert_eq!(d.code, Code::Syntax);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        // Lists where a record belongs are refused at the first bracket, whatever the depth.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(parse_scenario(&deep).unwrap_err().code, Code::WrongType);
        let deep_list = MINIMAL.replace(
            "summary: \"S\",",
            &format!("summary: \"S\", objectives: {},", "[".repeat(100_000)),
        );
        assert!(parse_scenario(&deep_list).is_err());
        for depth in [200, 100_000] {
            let condition = format!("{}Always{}", "Not(".repeat(depth), ")".repeat(depth));
            let deep_not = MINIMAL.replace(
                "next: \"end\")",
                &format!("next: \"end\", requires: {condition})"),
            );
            assert_eq!(
                parse_scenario(&deep_not).unwrap_err().code,
                Code::TooDeep,
                "depth {depth}"
            );
        }
        let shallow = MINIMAL.replace(
            "next: \"end\")",
            "next: \"end\", requires: Not(Not(Always)))",
        );
        assert!(parse_scenario(&shallow).is_ok());
    }

    #[test]
    fn non_utf8_names_the_position() {
        let mut bytes = b"(\n  id: \"caf".to_vec();
        bytes.push(0xE9);
        let d = decode(bytes).unwrap_err();
        assert_eq!(d.code, Code::NotUtf8);
        assert_eq!(
            d.pos,
            Some(Pos {
                line: 2,
                column: 11
            })
        );
    }

    #[test]
    fn size_limit_refuses_large_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.ron");
        std::fs::write(&path, vec![b' '; 2048]).unwrap();
        assert_eq!(read_source(&path, 1024).unwrap_err().code, Code::TooLarge);
        assert!(read_source(&path, 4096).is_ok());
    }
}
