//! The punctuation of a scenario file, checked before it is read: every unclosed bracket and
//! quote, curly quotes from a word processor, a quote mark that ends a text early, a missing
//! comma, a decimal or a percentage where a whole number belongs. One pass over the text finds
//! them all (recovering after each), so an author sees every slip at once, in plain words, each
//! with what to do. Only when the punctuation is sound is the file read as RON, whose own errors
//! then come one at a time.

use super::diagnostic::{Code, Diagnostic, Pos};

/// At most this many punctuation problems are reported for one file.
const MAX_PROBLEMS: usize = 200;

/// A bracket that is open, with where it was opened.
#[derive(Clone, Copy)]
struct Open {
    bracket: char,
    at: Pos,
    /// The `[` of `#![enable(...)]`: the record that follows needs no comma.
    attribute: bool,
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn bracket_name(c: char) -> &'static str {
    match c {
        '(' | ')' => "parenthesis",
        '[' | ']' => "square bracket",
        _ => "curly bracket",
    }
}

/// Where the scanner is, with the text as characters.
struct Scanner<'a> {
    text: &'a str,
    /// The byte offset reached (always at the start of a character).
    i: usize,
    line: usize,
    column: usize,
    out: Vec<Diagnostic>,
}

impl Scanner<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.text.get(self.i..)?.chars().nth(ahead)
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn report(&mut self, at: Pos, message: String, help: &str) {
        if self.out.len() < MAX_PROBLEMS {
            self.out.push(
                Diagnostic::new(Code::Syntax, message)
                    .at_pos(at)
                    .with_help(help.to_owned()),
            );
        }
    }

    /// Skip spaces, line ends and comments; report a comment that is never closed.
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(c), _) if c.is_whitespace() || c == '\u{FEFF}' => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    let at = self.pos();
                    let mut depth = 0usize;
                    loop {
                        match (self.peek(0), self.peek(1)) {
                            (None, _) => {
                                self.report(
                                    at,
                                    "this comment is never closed".to_owned(),
                                    "end the comment with */",
                                );
                                return;
                            }
                            (Some('/'), Some('*')) => {
                                depth += 1;
                                self.bump();
                                self.bump();
                            }
                            (Some('*'), Some('/')) => {
                                self.bump();
                                self.bump();
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {
                                self.bump();
                            }
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// After the opening quote (straight `"`, or a curly one): read to the closing quote.
    /// Returns false when the text runs on without one.
    fn string(&mut self, opened: Pos, curly: bool) {
        // One report for a text however many quote marks are inside it.
        let mut reported = false;
        loop {
            let Some(c) = self.peek(0) else {
                self.report(
                    opened,
                    "this text has no closing quote mark".to_owned(),
                    "add \" at the end of the text (and write \\\" for a quote mark inside it)",
                );
                return;
            };
            match c {
                '\\' => {
                    self.bump();
                    self.bump();
                }
                '"' => {
                    let quote = self.pos();
                    self.bump();
                    if self.words_follow() {
                        if !reported {
                            reported = true;
                            self.report(
                                quote,
                                "this quote mark ends the text early: the words after it are outside \
                                    the text"
                                    .to_owned(),
                                "to put a quote mark inside text, write \\\" (a backslash, then the \
                                    quote), or use curly quotes “ ”, which need nothing",
                            );
                        }
                        continue;
                    }
                    return;
                }
                '”' | '“' if curly => {
                    self.bump();
                    return;
                }
                '\n' if self.next_line_looks_like_a_field() => {
                    self.report(
                        opened,
                        "this text has no closing quote mark: the next line starts a new field"
                            .to_owned(),
                        "add \" at the end of the text (and write \\\" for a quote mark inside it)",
                    );
                    return;
                }
                _ => {
                    self.bump();
                }
            }
        }
    }

    /// A quote mark just closed a text, but what follows on the same line is more words: the
    /// quote was meant to be inside the text.
    fn words_follow(&self) -> bool {
        let bytes = self.text.as_bytes();
        let mut j = self.i;
        while matches!(bytes.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        let next = self.text[j..].chars().next();
        let words_follow = next.is_some_and(|c| c.is_alphanumeric() || "'’?!.…-".contains(c));
        // `"a" "b"` on one line is a missing comma, not a quote inside text.
        if !words_follow {
            return false;
        }
        // A field name after the text (`"Hi" next: "x"`) is a missing comma.
        field_name_at(bytes, j).is_none_or(|k| k <= j)
    }

    /// Whether the line after the current newline looks like RON structure rather than text:
    /// `name:` or a lone bracket.
    fn next_line_looks_like_a_field(&self) -> bool {
        let rest = self.text[self.i + 1..]
            .chars()
            .take_while(|c| *c != '\n')
            .skip_while(|c| c.is_whitespace());
        let line: String = rest.collect();
        let name_len = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .count();
        let value = line[name_len..]
            .trim_start()
            .strip_prefix(':')
            .map(str::trim_start)
            .and_then(|v| v.chars().next());
        let starts_value =
            value.is_some_and(|c| "\"([{-“".contains(c) || c.is_ascii_digit() || c.is_uppercase());
        (name_len > 0 && starts_value)
            || matches!(line.trim(), ")" | "]" | "}" | ")," | "]," | "},")
    }

    /// Digits (after an optional sign): a decimal point or a percent sign after them is a
    /// number the format does not take.
    fn number(&mut self) {
        let at = self.pos();
        let mut text = String::new();
        if matches!(self.peek(0), Some('-' | '+')) {
            text.extend(self.bump());
        }
        while self.peek(0).is_some_and(|c| c.is_ascii_digit() || c == '_') {
            text.extend(self.bump());
        }
        if self.peek(0) == Some('.') && self.peek(1).is_some_and(|c| c.is_ascii_digit()) {
            let mut decimal = text.clone();
            decimal.extend(self.bump());
            while self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                decimal.extend(self.bump());
            }
            self.report(
                at,
                format!(
                    "{decimal} is not a whole number: scores, effects and weights are whole numbers"
                ),
                &format!("write a whole number, such as {text}"),
            );
        } else if self.peek(0) == Some('%') {
            self.bump();
            self.report(
                at,
                format!("{text}% has a percent sign: numbers here are plain whole numbers"),
                &format!("write {text} without the %"),
            );
        }
    }

    /// After a value: the next thing (past spaces, line ends and comments) starts another value
    /// or field with no comma between them.
    fn comma_after_value(&mut self) {
        let save = (self.i, self.line, self.column, self.out.len());
        self.skip_trivia();
        let at = self.pos();
        let next = self.peek(0);
        let field = field_name_at(self.text.as_bytes(), self.i).is_some_and(|k| k > self.i);
        let starts_value = matches!(next, Some('"' | '(' | '“'));
        (self.i, self.line, self.column) = (save.0, save.1, save.2);
        self.out.truncate(save.3);
        if field || starts_value {
            self.report(
                at,
                "a comma is missing before this".to_owned(),
                "put a comma after the value that ends just before this",
            );
        }
    }

    fn scan(&mut self) {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            self.skip_trivia();
            let at = self.pos();
            let Some(c) = self.peek(0) else {
                break;
            };
            match c {
                '(' | '[' | '{' => {
                    let attribute = c == '[' && self.text.as_bytes()[..self.i].ends_with(b"#!");
                    self.bump();
                    stack.push(Open {
                        bracket: c,
                        at,
                        attribute,
                    });
                }
                ')' | ']' | '}' => {
                    self.bump();
                    if !self.close(&mut stack, c, at) {
                        self.comma_after_value();
                    }
                }
                c if c.is_alphabetic() || c == '_' => {
                    while self
                        .peek(0)
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                    {
                        self.bump();
                    }
                }
                '"' => {
                    self.bump();
                    self.string(at, false);
                    self.comma_after_value();
                }
                '“' | '”' => {
                    self.bump();
                    self.report(
                        at,
                        "this text starts with a curly quote mark (“), as a word processor \
                            types it; the file needs straight quotes (\") around text"
                            .to_owned(),
                        "replace the curly quotes around the text with straight ones \", or \
                            run `rapport fix FILE`, which does it for you",
                    );
                    self.string(at, true);
                    self.comma_after_value();
                }
                '\'' | '‘' | '’' => {
                    self.bump();
                    let rest = &self.text[self.i..];
                    let j = self.i + rest.find(['\'', '’', '\n']).unwrap_or(rest.len());
                    if self.text[self.i..j].chars().count() > 1 {
                        self.report(
                            at,
                            "text is written between double quote marks, not single ones"
                                .to_owned(),
                            "write \"…\" around the text",
                        );
                    }
                    while self.i <= j && self.peek(0).is_some() {
                        self.bump();
                    }
                }
                c if c.is_ascii_digit()
                    || (matches!(c, '-' | '+')
                        && self.peek(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    self.number();
                    self.comma_after_value();
                }
                _ => {
                    self.bump();
                }
            }
        }
        // Only the innermost: the outer ones close after it. Nothing more when a text ran to
        // the end of the file, which is the one cause of them all.
        let text_ran_on = self
            .out
            .last()
            .is_some_and(|d| d.message.starts_with("this text has no closing quote"));
        for open in stack.iter().rev().take(usize::from(!text_ran_on)) {
            self.report(
                open.at,
                format!(
                    "this {} ({}) is never closed: the file ends first",
                    bracket_name(open.bracket),
                    open.bracket
                ),
                &format!(
                    "add {} where what it holds ends (its matching closing bracket is missing)",
                    closing(open.bracket)
                ),
            );
        }
    }

    /// A closing bracket: it closes the innermost open one, or one a few levels out (then the
    /// ones between were never closed), or nothing. True when it closed an attribute.
    fn close(&mut self, stack: &mut Vec<Open>, c: char, at: Pos) -> bool {
        let Some(top) = stack.last().copied() else {
            self.report(
                at,
                format!("this {} ({c}) closes nothing", bracket_name(c)),
                "remove it, or add the opening bracket it belongs to",
            );
            return false;
        };
        if closing(top.bracket) == c {
            stack.pop();
            return top.attribute;
        }
        let deeper = stack
            .iter()
            .rev()
            .take(4)
            .position(|o| closing(o.bracket) == c);
        self.report(
            at,
            format!(
                "this {c} comes before the {} ({}) opened at line {}, column {} is closed",
                bracket_name(top.bracket),
                top.bracket,
                top.at.line,
                top.at.column
            ),
            &format!(
                "add {} before this {c}, where what the {} holds ends",
                closing(top.bracket),
                top.bracket
            ),
        );
        if let Some(k) = deeper {
            let keep = stack.len() - k - 1;
            stack.truncate(keep);
        }
        false
    }
}

/// Where a field name starting at byte `k` ends, when what follows it is a single `:` (as in
/// `next: ...`); `None` when there is no such name there.
fn field_name_at(bytes: &[u8], k: usize) -> Option<usize> {
    let mut end = k;
    while bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        end += 1;
    }
    (bytes.get(end) == Some(&b':') && bytes.get(end + 1) != Some(&b':')).then_some(end)
}

/// Every punctuation problem in `text`, in order of position (empty when it is sound).
pub fn check(text: &str) -> Vec<Diagnostic> {
    let mut scanner = Scanner {
        text,
        i: 0,
        line: 1,
        column: 1,
        out: Vec::new(),
    };
    scanner.scan();
    let mut out = scanner.out;
    out.sort_by_key(|d| d.pos);
    out
}

/// The items of the list `field` of the file's outer record (such as every node of `nodes`):
/// each item's text as a byte range, with the position it starts at. `None` when there is no
/// such list. Assumes sound punctuation (see [`check`]).
pub fn list_items(text: &str, field: &str) -> Option<Vec<(std::ops::Range<usize>, Pos)>> {
    let bytes = text.as_bytes();
    let (mut line, mut column) = (1usize, 1usize);
    let mut depth = 0usize;
    let mut i = 0usize;
    // Where the list opened (its depth), and the start of the item being read.
    let mut list: Option<usize> = None;
    let mut item: Option<(usize, Pos)> = None;
    let mut items = Vec::new();
    let advance = |i: &mut usize, line: &mut usize, column: &mut usize| {
        let c = text[*i..].chars().next().unwrap_or(' ');
        if c == '\n' {
            *line += 1;
            *column = 1;
        } else {
            *column += 1;
        }
        *i += c.len_utf8();
    };
    while i < bytes.len() {
        let at = Pos { line, column };
        match bytes[i] {
            b'"' => {
                if list.is_some_and(|d| depth == d) && item.is_none() {
                    item = Some((i, at));
                }
                advance(&mut i, &mut line, &mut column);
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        advance(&mut i, &mut line, &mut column);
                    }
                    advance(&mut i, &mut line, &mut column);
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    advance(&mut i, &mut line, &mut column);
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                if list.is_some_and(|d| depth == d) && item.is_none() {
                    item = Some((i, at));
                }
                depth += 1;
                if list.is_none() && depth == 2 && bytes[i] == b'[' {
                    let before = text[..i].trim_end();
                    let before = before.strip_suffix(':').map(str::trim_end);
                    if before.is_some_and(|b| {
                        b.ends_with(field)
                            && !b[..b.len() - field.len()]
                                .ends_with(|c: char| c.is_alphanumeric() || c == '_')
                    }) {
                        list = Some(depth);
                    }
                }
            }
            b')' | b']' | b'}' => {
                if list == Some(depth) {
                    if let Some((start, pos)) = item.take() {
                        items.push((start..i, pos));
                    }
                    return Some(items);
                }
                depth = depth.saturating_sub(1);
            }
            b',' if list.is_some_and(|d| depth == d) => {
                if let Some((start, pos)) = item.take() {
                    items.push((start..i, pos));
                }
            }
            c if list.is_some_and(|d| depth == d) && item.is_none() && !c.is_ascii_whitespace() => {
                item = Some((i, at));
            }
            _ => {}
        }
        advance(&mut i, &mut line, &mut column);
    }
    list.map(|_| items)
}

/// The text with curly quote marks that stand where straight ones belong (around a text, as a
/// word processor types them) made straight, and the position of each text changed. Curly
/// quotes inside a text are left as they are: they are part of what is said.
pub fn straighten_quotes(text: &str) -> (String, Vec<Pos>) {
    let mut out = String::with_capacity(text.len());
    let mut changed = Vec::new();
    let (mut line, mut column) = (1, 1);
    let mut chars = text.chars().peekable();
    // None outside a text; Some(curly) inside one, curly when it was opened with a curly quote.
    let mut inside: Option<bool> = None;
    let mut comment = false;
    while let Some(c) = chars.next() {
        let at = Pos { line, column };
        let mut written = c;
        match inside {
            _ if comment => comment = c != '\n',
            None => match c {
                '/' if chars.peek() == Some(&'/') => comment = true,
                '"' => inside = Some(false),
                '“' | '”' => {
                    inside = Some(true);
                    written = '"';
                    changed.push(at);
                }
                _ => {}
            },
            Some(curly) => match c {
                '\\' => {
                    out.push(c);
                    column += 1;
                    if let Some(next) = chars.next() {
                        out.push(next);
                        (line, column) = if next == '\n' {
                            (line + 1, 1)
                        } else {
                            (line, column + 1)
                        };
                    }
                    continue;
                }
                '"' => inside = None,
                '”' | '“' if curly => {
                    inside = None;
                    written = '"';
                }
                _ => {}
            },
        }
        out.push(written);
        (line, column) = if c == '\n' {
            (line + 1, 1)
        } else {
            (line, column + 1)
        };
    }
    (out, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(usize, usize, String)> {
        check(text)
            .into_iter()
            .map(|d| {
                let p = d.pos.unwrap();
                (p.line, p.column, d.message)
            })
            .collect()
    }

    #[test]
    fn sound_punctuation_has_no_problems() {
        let text = "#![enable(implicit_some)]\n(a: \"x \\\"y\\\" z\", b: [1, -2], c: \
            {\"t\": 5}, d: Flag(\"f\"), // note\n e: 'c')";
        assert_eq!(problems(text), vec![]);
    }

    #[test]
    fn every_slip_in_a_file_is_found_at_once() {
        let text = "(\n  a: “Hello”,\n  b: \"Did you \"promise\" her\",\n  c: 50.5,\n  d: \
            10%,\n  e: [1, 2\n)\n";
        let found = problems(text);
        let lines: Vec<usize> = found.iter().map(|p| p.0).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 7], "{found:#?}");
        assert!(found[0].2.contains("curly quote"));
        assert!(found[1].2.contains("ends the text early"));
        assert!(found[2].2.contains("50.5 is not a whole number"));
        assert!(found[3].2.contains("10% has a percent sign"));
        assert!(found[4].2.contains("opened at line 6"), "{found:#?}");
    }

    #[test]
    fn a_missing_bracket_names_where_it_was_opened() {
        let found = problems(
            "(\n  nodes: [\n    (id: \"a\", next: \"b\",\n    (id: \"b\", ending: (title: \"E\", summary: \"E.\")),\n  ],\n)",
        );
        assert!(
            found
                .iter()
                .any(|p| p.2.contains("opened at line 3, column 5")),
            "{found:#?}"
        );
    }

    #[test]
    fn an_unclosed_text_is_found_where_it_opens() {
        let found = problems("(\n  title: \"Hello,\n  summary: \"S\",\n)");
        assert_eq!(found[0].0, 2, "{found:#?}");
        assert!(found[0].2.contains("no closing quote"));
    }

    #[test]
    fn a_missing_comma_is_named() {
        let found = problems("(\n  title: \"T\"\n  summary: \"S\",\n)");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].0, found[0].1), (3, 3));
        assert!(found[0].2.contains("comma is missing"));
    }

    #[test]
    fn curly_quotes_around_text_are_straightened_and_those_inside_kept() {
        let (text, changed) = straighten_quotes("(a: “Hi”, b: \"She said “no”\", c: ”x“)");
        assert_eq!(text, "(a: \"Hi\", b: \"She said “no”\", c: \"x\")");
        assert_eq!(changed.len(), 2);
        assert_eq!(check(&text), vec![]);
    }

    #[test]
    fn the_items_of_a_list_are_found_with_their_places() {
        let text = "(\n  id: \"x\",\n  nodes: [\n    (id: \"a\", text: \"(b, c)\"),\n    Node(id: \"b\"),\n  ],\n)";
        let items = list_items(text, "nodes").unwrap();
        let found: Vec<(&str, usize, usize)> = items
            .iter()
            .map(|(r, p)| (&text[r.clone()], p.line, p.column))
            .collect();
        assert_eq!(
            found,
            vec![
                ("(id: \"a\", text: \"(b, c)\")", 4, 5),
                ("Node(id: \"b\")", 5, 5)
            ]
        );
        assert_eq!(list_items(text, "odes"), None);
    }

    #[test]
    fn the_bundled_library_has_sound_punctuation() {
        let mut dirs = vec![std::path::PathBuf::from("scenarios")];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "ron") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    assert_eq!(problems(&text), vec![], "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked > 10);
    }
}
