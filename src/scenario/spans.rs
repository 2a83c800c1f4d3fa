//! Positions of values in RON source, by model path, so that semantic diagnostics point at the
//! offending value.
//!
//! Serde's data model carries no positions, so after a file has parsed, this small walker reads
//! the same text again and notes where each value starts. A path names a value the way the
//! validator reaches it: `nodes[3].choices[0].next` for a struct field inside lists,
//! `requires.0` for the first element of a tuple or enum variant, `effects{trust}` for the key
//! `"trust"` of a map. The walker never fails: on text it does not understand it stops early, and
//! lookups fall back to the nearest enclosing value that it did reach.

use std::collections::{HashMap, HashSet};

use super::diagnostic::{Diagnostic, Pos};

/// Deeper than this the walker stops descending (the parser refuses far less already).
const MAX_DEPTH: usize = 256;

/// Fill in `pos` for each diagnostic that has a model `path` but no position yet.
pub fn locate(source: &str, diagnostics: &mut [Diagnostic]) {
    // Help that names the line of another value (the first of a duplicated id).
    let referring: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| diagnostics[i].help_at.is_some())
        .collect();
    if !referring.is_empty() {
        let paths: Vec<&str> = referring
            .iter()
            .filter_map(|&i| diagnostics[i].help_at.as_deref())
            .collect();
        let found = positions(source, &paths);
        for (i, pos) in referring.into_iter().zip(found) {
            let d = &mut diagnostics[i];
            if let (Some(help), Some(pos)) = (&d.help, pos) {
                d.help = Some(help.replace("{line}", &pos.line.to_string()));
            }
            d.help_at = None;
        }
    }
    let unplaced: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| diagnostics[i].pos.is_none() && diagnostics[i].path.is_some())
        .collect();
    if unplaced.is_empty() {
        return;
    }
    let paths: Vec<&str> = unplaced
        .iter()
        .filter_map(|&i| diagnostics[i].path.as_deref())
        .collect();
    let found = positions(source, &paths);
    for (i, pos) in unplaced.into_iter().zip(found) {
        diagnostics[i].pos = pos;
    }
}

/// The position of each path's value (or of its nearest enclosing value) in `source`.
pub fn positions(source: &str, paths: &[&str]) -> Vec<Option<Pos>> {
    let wanted: HashSet<String> = paths.iter().flat_map(|p| ancestors(p)).collect();
    let found = walk(source, &wanted);
    paths
        .iter()
        .map(|p| ancestors(p).find_map(|a| found.get(&a).copied()))
        .collect()
}

/// The positions of the values at `wanted` paths that exist in `source`.
pub fn walk(source: &str, wanted: &HashSet<String>) -> HashMap<String, Pos> {
    let descend: HashSet<String> = wanted.iter().flat_map(|p| ancestors(p)).collect();
    let mut walker = Walker {
        src: source.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        path: String::new(),
        wanted,
        descend: &descend,
        found: HashMap::new(),
        depth: 0,
    };
    walker.skip_trivia();
    walker.value();
    walker.found
}

/// The path segment for a map key: `{key}`, with the characters that separate path segments
/// escaped, so that a key full of brackets or dots is still one segment (and a lookup stays
/// linear in the length of the path).
pub fn map_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    out.push('{');
    for c in key.chars() {
        match c {
            '%' => out.push_str("%25"),
            '.' => out.push_str("%2E"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            c => out.push(c),
        }
    }
    out.push('}');
    out
}

/// `a.b[2].c`, then `a.b[2]`, `a.b`, `a`, then the empty path (the whole file).
fn ancestors(path: &str) -> impl Iterator<Item = String> + '_ {
    let mut next = Some(path.to_owned());
    std::iter::from_fn(move || {
        let current = next.take()?;
        if !current.is_empty() {
            let cut = current.rfind(['.', '[', '{']).unwrap_or(0);
            next = Some(current[..cut].to_owned());
        }
        Some(current)
    })
}

struct Walker<'a> {
    src: &'a [u8],
    i: usize,
    line: usize,
    col: usize,
    path: String,
    wanted: &'a HashSet<String>,
    /// The wanted paths and all their ancestors: the only places worth descending into.
    descend: &'a HashSet<String>,
    found: HashMap<String, Pos>,
    depth: usize,
}

impl Walker<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.i).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.i + offset).copied()
    }

    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.i += 1;
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.col,
        }
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b), _) if b.is_ascii_whitespace() => self.bump(),
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.bump();
                    }
                }
                (Some(b'/'), Some(b'*')) => self.block_comment(),
                (Some(b'#'), Some(b'!')) => {
                    while self.peek().is_some_and(|b| b != b']') {
                        self.bump();
                    }
                    self.bump();
                }
                _ => return,
            }
        }
    }

    fn block_comment(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match (b, self.peek_at(1)) {
                (b'/', Some(b'*')) => {
                    depth += 1;
                    self.bump();
                }
                (b'*', Some(b'/')) => {
                    depth -= 1;
                    self.bump();
                    if depth == 0 {
                        self.bump();
                        return;
                    }
                }
                _ => {}
            }
            self.bump();
        }
    }

    fn record(&mut self) {
        if self.wanted.contains(&self.path) {
            let pos = self.pos();
            self.found.entry(self.path.clone()).or_insert(pos);
        }
    }

    /// Walk one value starting at the current (non-trivia) position.
    fn value(&mut self) {
        self.record();
        // Only descend where a wanted path can be.
        if !self.descend.contains(&self.path) {
            self.skip_value();
            return;
        }
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        match (self.peek(), self.peek_at(1)) {
            (Some(b'('), _) => self.group(),
            (Some(b'['), _) => self.list(),
            (Some(b'{'), _) => self.map(),
            (Some(b'"'), _) => self.string(),
            (Some(b'r'), Some(b'"' | b'#')) if self.raw_string_ahead() => self.raw_string(),
            (Some(b'b'), Some(b'"')) => {
                self.bump();
                self.string();
            }
            (Some(b'\''), _) | (Some(b'b'), Some(b'\'')) => self.char_literal(),
            (Some(b), _) if b.is_ascii_alphabetic() || b == b'_' => {
                self.ident();
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.group();
                }
            }
            _ => self.scalar(),
        }
        self.depth -= 1;
    }

    /// Step over one value without noting any positions: brackets are counted, and strings,
    /// characters and comments are stepped over whole.
    fn skip_value(&mut self) {
        let mut depth = 0usize;
        loop {
            match (self.peek(), self.peek_at(1)) {
                (None, _) => return,
                (Some(b'"'), _) => self.string(),
                (Some(b'r'), Some(b'"' | b'#')) if self.raw_string_ahead() => self.raw_string(),
                (Some(b'\''), _) => self.char_literal(),
                (Some(b'/'), Some(b'/' | b'*')) => self.skip_trivia(),
                (Some(b'(' | b'[' | b'{'), _) => {
                    depth += 1;
                    self.bump();
                }
                (Some(b')' | b']' | b'}'), _) => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    self.bump();
                }
                (Some(b','), _) if depth == 0 => return,
                (Some(_), _) => self.bump(),
            }
        }
    }

    fn raw_string_ahead(&self) -> bool {
        let mut j = self.i + 1;
        while self.src.get(j) == Some(&b'#') {
            j += 1;
        }
        self.src.get(j) == Some(&b'"')
    }

    fn raw_string(&mut self) {
        self.bump(); // r
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.bump();
        }
        self.bump(); // opening quote
        while let Some(b) = self.peek() {
            self.bump();
            if b == b'"' && (0..hashes).all(|k| self.peek_at(k) == Some(b'#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                return;
            }
        }
    }

    fn string(&mut self) {
        self.bump(); // opening quote
        while let Some(b) = self.peek() {
            self.bump();
            match b {
                b'\\' => self.bump(),
                b'"' => return,
                _ => {}
            }
        }
    }

    fn char_literal(&mut self) {
        if self.peek() == Some(b'b') {
            self.bump();
        }
        self.bump(); // opening quote
        while let Some(b) = self.peek() {
            self.bump();
            match b {
                b'\\' => self.bump(),
                b'\'' => return,
                _ => {}
            }
        }
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.bump();
            self.bump();
        }
        while self.peek().is_some_and(|b| {
            b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' || b == b'+'
        }) {
            self.bump();
        }
        String::from_utf8_lossy(&self.src[start..self.i])
            .trim_start_matches("r#")
            .to_owned()
    }

    fn scalar(&mut self) {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|b| !b"(),[]{}:\"".contains(&b) && !b.is_ascii_whitespace())
        {
            self.bump();
        }
        if self.i == start {
            self.bump();
        }
    }

    /// Walk children separated by commas until `close`, each under the path segment `segment(n)`.
    fn children(&mut self, close: u8, mut child: impl FnMut(&mut Self, usize)) {
        self.bump(); // opening bracket
        let mut n = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b) if b == close => {
                    self.bump();
                    return;
                }
                Some(_) => {}
            }
            let before = self.i;
            child(self, n);
            n += 1;
            self.skip_trivia();
            // Past the comma, or past one byte the walker could not read, so it always moves on.
            if self.peek() == Some(b',') || self.i == before {
                self.bump();
            }
        }
    }

    fn with_segment(&mut self, segment: &str, f: impl FnOnce(&mut Self)) {
        let len = self.path.len();
        if !self.path.is_empty() && segment.starts_with(|c: char| c.is_alphanumeric()) {
            self.path.push('.');
        }
        self.path.push_str(segment);
        f(self);
        self.path.truncate(len);
    }

    fn group(&mut self) {
        if self.is_struct_body() {
            self.children(b')', |w, _| {
                let name = w.ident();
                w.skip_trivia();
                if w.peek() == Some(b':') {
                    w.bump();
                }
                w.skip_trivia();
                w.with_segment(&name, Self::value);
            });
        } else {
            self.children(b')', |w, n| w.with_segment(&n.to_string(), Self::value));
        }
    }

    /// After `(`: is this `name: value, ...` rather than a tuple?
    fn is_struct_body(&self) -> bool {
        let mut probe = Walker {
            src: self.src,
            i: self.i + 1,
            line: self.line,
            col: self.col,
            path: String::new(),
            wanted: self.wanted,
            descend: self.descend,
            found: HashMap::new(),
            depth: 0,
        };
        probe.skip_trivia();
        if !probe
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        {
            return false;
        }
        probe.ident();
        probe.skip_trivia();
        probe.peek() == Some(b':') && probe.peek_at(1) != Some(b':')
    }

    fn list(&mut self) {
        self.children(b']', |w, n| w.with_segment(&format!("[{n}]"), Self::value));
    }

    fn map(&mut self) {
        self.children(b'}', |w, _| {
            let segment = map_key(&w.key_text());
            w.with_segment(&segment, Self::value);
            w.skip_trivia();
            if w.peek() == Some(b':') {
                w.bump();
                w.skip_trivia();
                // The key is what diagnostics point at; the value needs no path of its own.
                w.with_segment("=", Self::value);
            }
        });
    }

    /// The text of a map key, for its path: the string's contents, or the raw token.
    fn key_text(&self) -> String {
        let rest = &self.src[self.i..];
        if rest.first() == Some(&b'"') {
            let end = rest[1..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\')
                .map_or(rest.len(), |e| e + 1);
            return String::from_utf8_lossy(&rest[1..end]).into_owned();
        }
        let end = rest
            .iter()
            .position(|b| b":,)]} \t\r\n".contains(b))
            .unwrap_or(rest.len());
        String::from_utf8_lossy(&rest[..end]).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(source: &str, paths: &[&str]) -> Vec<Option<Pos>> {
        let wanted = paths.iter().map(|p| (*p).to_owned()).collect();
        let found = walk(source, &wanted);
        paths.iter().map(|p| found.get(*p).copied()).collect()
    }

    fn at(line: usize, column: usize) -> Option<Pos> {
        Some(Pos { line, column })
    }

    #[test]
    fn finds_fields_list_items_tuple_elements_and_map_keys() {
        let src = "#![enable(implicit_some)]\nScenario(\n  id: \"x\", // the id\n  nodes: [\n    Node(id: \"a\", next: \"b\"),\n    (id: \"b\", choices: [(text: \"é\", effects: {\"trust\": 5}, requires: All([Flag(\"f\")]))]),\n  ],\n)";
        let got = positions(
            src,
            &[
                "id",
                "nodes[0].next",
                "nodes[1].id",
                "nodes[1].choices[0].effects{trust}",
                "nodes[1].choices[0].requires.0[0].0",
                "nodes[2]",
            ],
        );
        assert_eq!(
            got,
            vec![at(3, 7), at(5, 25), at(6, 10), at(6, 47), at(6, 80), None]
        );
    }

    #[test]
    fn skips_comments_strings_with_brackets_and_raw_strings() {
        let src = "( /* a (nested /* comment */) */ a: \"(])\\\"\", b: r#\"x\"y\"#, c: [1, -2.5e3], d: 'x' )";
        let got = positions(src, &["a", "b", "c[1]", "d"]);
        assert_eq!(got, vec![at(1, 37), at(1, 49), at(1, 66), at(1, 78)]);
    }

    #[test]
    fn locate_falls_back_to_the_nearest_enclosing_value() {
        let mut d = vec![
            Diagnostic::new(super::super::diagnostic::Code::UnknownNode, "x")
                .at("nodes[0].choices[9].next"),
        ];
        locate("(nodes: [(id: \"a\", choices: [])])", &mut d);
        assert_eq!(d[0].pos, at(1, 29));
    }

    #[test]
    fn never_panics_on_truncated_or_odd_text() {
        for src in [
            "",
            "(",
            "(a:",
            "[[[",
            "\"unterminated",
            "r#\"",
            "(a: {\"k\"",
            "/* open",
            "'",
            "é(:)",
        ] {
            let wanted = ["a".to_owned()].into_iter().collect();
            let _ = walk(src, &wanted);
        }
    }
}
