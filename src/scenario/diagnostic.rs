//! Diagnostics: every problem the loader and the validator find, with a stable code, a position
//! and, where one helps, a suggestion. Rendered like rustc's, or as JSON.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a diagnostic is. Errors fail `rapport check`; warnings and notes do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $sev:ident, $summary:literal, $fix:literal;)*) => {
        /// Every diagnostic the checker can give. The codes are stable: documented in
        /// `docs/diagnostics.md`, never reused for another meaning.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, such as `E020`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// What the problem is, in a line.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// How to fix it, in a line.
            pub fn fix(self) -> &'static str {
                match self { $(Code::$variant => $fix,)* }
            }
        }
    };
}

codes! {
    Read = "E001", Error, "the file cannot be read", "Check that the path exists and that you may read it.";
    NotUtf8 = "E002", Error, "the file is not UTF-8 text", "Save the file as UTF-8 (most editors offer this under \"Save with encoding\").";
    TooLarge = "E003", Error, "the file is larger than the size limit", "Split the scenario into smaller ones, or raise the limit with `--max-size`.";
    Syntax = "E004", Error, "the file is not valid RON", "Look just before the position for a missing comma, bracket or quote.";
    WrongType = "E005", Error, "a value has the wrong type", "Write the kind of value the field expects: text in quotes, a whole number, a list in [ ], a record in ( ).";
    UnknownField = "E006", Error, "a field name is not part of the format", "Correct the spelling or remove the field; the message lists the fields allowed here.";
    MissingField = "E007", Error, "a required field is missing", "Add the field named in the message.";
    TooDeep = "E008", Error, "values are nested too deeply", "Flatten the nesting: conditions rarely need more than a few levels.";
    UnknownVariant = "E009", Error, "an unknown name where one of a fixed set is expected", "Use one of the names the message lists (they are case-sensitive).";
    DuplicateScenario = "E010", Error, "two scenarios have the same id", "Give each scenario in the library its own `id`.";
    DuplicateNode = "E011", Error, "two nodes have the same id", "Rename one of the nodes and update the `next` targets that meant it.";
    DuplicateScore = "E012", Error, "two scores have the same id", "Remove or rename one of the scores.";
    DuplicateCharacter = "E013", Error, "two characters have the same id", "Remove or rename one of the characters.";
    DuplicatePrinciple = "E014", Error, "two principles in the catalogue have the same id", "Remove or rename one of the principles.";
    BadId = "E015", Error, "a scenario id uses characters other than a-z, 0-9 and -", "Write the id in lower case with hyphens, like \"gift-offer\".";
    DuplicateField = "E016", Error, "a field is given twice", "Remove one of the two.";
    UnknownNode = "E020", Error, "a node id that no node has", "Correct the id, or add the node it names.";
    UnknownScore = "E021", Error, "a score id that the scenario does not define", "Correct the id, or add the score to `scores`.";
    UnknownSpeaker = "E022", Error, "a speaker that is not among the characters", "Correct the id, or add the character to `characters`.";
    UnknownPrinciple = "E023", Error, "a principle that the catalogue does not list", "Correct the id, or add the principle to `principles.ron`.";
    NodeKind = "E030", Error, "a node has none, or more than one, of choices/next/chance/ending", "Give the node exactly one of `choices`, `next`, `chance` or `ending`.";
    ChoiceWithoutNext = "E031", Error, "a choice has no `next`", "Add `next: \"node-id\"` to the choice.";
    ScoreRange = "E032", Error, "a score's `min` is not below its `max`", "Make `min` smaller than `max`.";
    ScoreStart = "E033", Error, "a score's `start` is outside `[min, max]`", "Move `start` inside the range, or widen the range.";
    ChanceWeight = "E034", Error, "a chance weight is not above zero", "Give every branch a weight of 1 or more; remove a branch that should never happen.";
    PortraitPath = "E035", Error, "a portrait path leaves `assets/`", "Write the path relative to `assets/`, like \"portraits/amara.png\", with no `..`.";
    NoEnding = "E036", Error, "no ending can be reached from `start`", "Add an ending node and lead to it from the scenario's choices.";
    TrappedCycle = "E037", Error, "a loop of nodes that can never reach an ending", "Give one of the looping nodes a way out towards an ending.";
    EmptyList = "E038", Error, "a decision or chance node with an empty list", "Add at least one choice or branch, or turn the node into `next` or `ending`.";
    OutcomeNotEnding = "E039", Error, "an outcome's `endings` names a node that is not an ending", "List only ending nodes in `endings`, or turn the node into an ending.";
    OutOfRange = "E040", Error, "a number is outside what the format accepts", "Keep scores, effects and thresholds between -1,000,000 and 1,000,000, and chance weights between 1 and 1,000,000.";
    DeadEnd = "E041", Error, "a decision where no choice can ever be taken", "Give at least one of its choices no `requires`, or a condition that can hold.";
    NoScenarios = "E042", Error, "a folder with no scenario files in it", "Check the folder's name, and that the scenario files in it end in .ron.";
    UnreachableNode = "W001", Warning, "a node that no path from `start` reaches", "Lead to it from a choice, `next` or `chance`, or remove it.";
    UnreachableEnding = "W002", Warning, "an ending that no path from `start` reaches", "Lead to it from a choice, or remove it.";
    NoFeedback = "W003", Warning, "a choice without feedback", "Add `feedback:` explaining why the choice helps or harms the relationship.";
    ScoreNeverChanges = "W004", Warning, "a score that no choice changes", "Add effects on this score, or remove it.";
    FlagNeverSet = "W005", Warning, "a flag that is read but never set", "Set the flag with `set: [..]` on some choice, or correct its spelling.";
    FlagNeverRead = "W006", Warning, "a flag that is set but never read", "Read the flag in a `requires` or an outcome, or stop setting it.";
    OutcomeNeverMatches = "W007", Warning, "an outcome that can never match", "Loosen its condition, or move it above the outcome that always matches first.";
    ConditionNeverHolds = "W008", Warning, "a condition that can never hold", "Check the numbers against the score's range and the flags that are set.";
    HintNeverShown = "W009", Warning, "a `locked_hint` on a choice that has no `requires`", "Add the `requires` the hint describes, or remove the hint.";
    NoVerdict = "W010", Warning, "play can end at an ending with no outcome matching", "Add a last outcome for that ending with no `when` (it always matches), or widen the conditions.";
    Skipped = "W011", Warning, "a file or folder that was not read", "Links that lead out of the folder, loops of links, and things that are not plain files (a pipe, a device) are never read; copy the file into the folder if it belongs there.";
    MaybeStuck = "W012", Warning, "a decision where every choice can be locked at the same time", "Give at least one of its choices no `requires`, so a trainee is never left with nothing to choose.";
    SlowLoop = "W013", Warning, "a loop of `next` and `chance` nodes that play may go round a very long time", "Give the branch out of the loop a larger weight, or put a decision in the loop.";
    NoCatalogue = "N001", Note, "checked without a principles catalogue", "Check the scenario inside its library folder, next to `principles.ron`.";
    LooksLikeScenario = "N002", Note, "a file that looks like a scenario but is not named like one, so it was not checked", "Rename it to end in .ron (in lower case), such as my-scenario.ron.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, column: 1 };
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem found in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// A suggestion, such as `did you mean "trust"?`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "lossy_path")]
    pub file: Option<PathBuf>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub pos: Option<Pos>,
    /// Where in the model the problem is (`nodes[3].choices[0].next`), resolved to `pos` by the
    /// loader, which knows the source text.
    #[serde(skip)]
    pub path: Option<String>,
    /// Whether the source line may be quoted under the message (not for a file that is not a
    /// scenario at all: its contents are not repeated).
    #[serde(skip)]
    pub quote: bool,
    /// A model path whose line number replaces `{line}` in the help, once positions are known
    /// (a duplicate id names the line of the first one).
    #[serde(skip)]
    pub help_at: Option<String>,
}

/// A path as text, with any bytes that are not UTF-8 replaced, so a strange file name never
/// stops a JSON report.
fn lossy_path<S: serde::Serializer>(path: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
    match path {
        Some(p) => s.serialize_str(&p.to_string_lossy()),
        None => s.serialize_none(),
    }
}

/// `text` with control characters (a newline in an id, an escape sequence, a right-to-left
/// override) written as visible escapes, so one diagnostic is always one line and a file cannot
/// rewrite the terminal.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// At most this many characters of a source line are quoted under a diagnostic.
const MAX_QUOTED_CHARS: usize = 160;

/// The start of every line of a text, so that quoting line `n` does not re-read the file.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        // As `str::lines`: no line after a final line ending, and none in an empty text.
        let mut starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        if starts.last() == Some(&text.len()) {
            starts.pop();
        }
        Self { text, starts }
    }

    /// Line `n` (1-based), without its line ending.
    pub fn line(&self, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |&e| e - 1);
        self.text
            .get(start..end)
            .map(|l| l.trim_end_matches(['\r', '\n']))
    }
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            help: None,
            file: None,
            pos: None,
            path: None,
            quote: true,
            help_at: None,
        }
    }

    /// Help that names the line of the value at `path`: `help` with `{line}` in it.
    #[must_use]
    pub fn with_help_at(mut self, help: impl Into<String>, path: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self.help_at = Some(path.into());
        self
    }

    /// Help, unless a more specific one (a "did you mean") is already there.
    #[must_use]
    pub fn or_help(self, help: impl Into<String>) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }

    /// Point at the value at this model path (see [`crate::scenario::spans`]).
    #[must_use]
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    #[must_use]
    pub fn at_pos(mut self, pos: Pos) -> Self {
        self.pos = Some(pos);
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Add `did you mean "x"?` when a candidate is close to `found`.
    #[must_use]
    pub fn suggest<'a>(self, found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        self.suggest_from(found, &Names::new(candidates))
    }

    /// Add `did you mean "x"?` when one of `names` is close to `found`; when one looks the same
    /// but is stored with different characters, say so.
    #[must_use]
    pub fn suggest_from(self, found: &str, names: &Names<'_>) -> Self {
        if let Some(same) = names.looks_the_same(found) {
            return self.with_help(format!(
                "\"{same}\" looks the same but is typed with different characters (an accent \
                 stored as a separate mark, as some editors do): retype one so they match, or \
                 run `rapport fix FILE`"
            ));
        }
        match names.closest(found) {
            Some(best) => self.with_help(format!("did you mean \"{best}\"?")),
            None => self,
        }
    }

    #[must_use]
    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line: `file:line:col: error[E020]: message`.
    pub fn headline(&self) -> String {
        let mut out = String::new();
        if let Some(file) = &self.file {
            let _ = write!(out, "{}:", escape_controls(&file.to_string_lossy()));
            if let Some(pos) = self.pos {
                let _ = write!(out, "{pos}:");
            }
            out.push(' ');
        }
        let _ = write!(
            out,
            "{}[{}]: {}",
            self.severity,
            self.code,
            escape_controls(&self.message)
        );
        out
    }

    /// The diagnostic as rustc would print it: headline, the source line with a caret, the help.
    pub fn render(&self, source: Option<&str>) -> String {
        self.render_lines(source.map(Lines::new).as_ref())
    }

    /// As [`Diagnostic::render`], with the file's lines indexed once for all its diagnostics.
    /// At most `MAX_QUOTED_CHARS` of the line are quoted, around the column.
    pub fn render_lines(&self, lines: Option<&Lines<'_>>) -> String {
        let mut out = self.headline();
        out.push('\n');
        if self.quote
            && let (Some(pos), Some(lines)) = (self.pos, lines)
            && let Some(line) = lines.line(pos.line)
        {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            let column = pos.column.saturating_sub(1);
            // A window of the line around the column, marked with … where it was cut.
            let first = if line.len() <= MAX_QUOTED_CHARS {
                0
            } else {
                column.saturating_sub(MAX_QUOTED_CHARS / 2)
            };
            let mut shown = String::new();
            if first > 0 {
                shown.push('…');
            }
            let mut cut = false;
            for (taken, c) in line.chars().skip(first).enumerate() {
                if taken == MAX_QUOTED_CHARS {
                    cut = true;
                    break;
                }
                shown.push(if c == '\t' || c.is_control() { ' ' } else { c });
            }
            let mut shown = shown.trim_end().to_owned();
            if cut {
                shown.push('…');
            }
            let caret_at = (column - first + usize::from(first > 0)).min(shown.chars().count());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {}", escape_controls(&shown));
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret_at));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {}", escape_controls(help));
        }
        out
    }
}

/// The candidate closest to `found` by edit distance, if it is close enough to be a likely typo.
/// For one question; to ask about many names against the same candidates, build [`Names`] once.
pub fn closest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    Names::new(candidates).closest(found)
}

/// Names longer than this are never suggested, nor suggested for: no real id is this long, and
/// comparing long texts costs time the checker does not spend on a typo hint.
const MAX_SUGGESTED_CHARS: usize = 64;

/// At most this many near candidates are compared in full for one name.
const MAX_COMPARED: usize = 64;

/// A set of candidate names that answers "did you mean" questions in time linear in the size of
/// the question: candidates are indexed by length, and by the variants with one character
/// deleted, so that a name is only compared with the few candidates that could be near it.
pub struct Names<'a> {
    /// Lower-cased candidates (short enough to suggest) with the original text.
    items: Vec<(Vec<char>, &'a str)>,
    /// Candidate indices by length in characters.
    by_len: std::collections::BTreeMap<usize, Vec<u32>>,
    /// Candidates by their canonical (NFC) form, for names that only differ in how an accent
    /// is stored.
    canonical: std::collections::HashMap<String, &'a str>,
    /// Candidate indices by a hash of the candidate or of it with one character deleted; built
    /// the first time a name has too many candidates of a similar length to compare them all.
    variants: std::cell::OnceCell<std::collections::HashMap<u64, Vec<u32>>>,
}

impl<'a> Names<'a> {
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        // Sorted, so the answer never depends on the order the candidates came in.
        let mut sorted: Vec<&'a str> = candidates.into_iter().collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut items = Vec::new();
        let mut by_len: std::collections::BTreeMap<usize, Vec<u32>> = Default::default();
        for c in sorted {
            if c.len() > MAX_SUGGESTED_CHARS * 4 {
                continue;
            }
            let lower: Vec<char> = c.chars().flat_map(char::to_lowercase).collect();
            if lower.len() > MAX_SUGGESTED_CHARS {
                continue;
            }
            let Ok(index) = u32::try_from(items.len()) else {
                break;
            };
            by_len.entry(lower.len()).or_default().push(index);
            items.push((lower, c));
        }
        let canonical = items
            .iter()
            .filter(|(_, c)| !c.is_ascii())
            .map(|(_, c)| (canonical(c), *c))
            .collect();
        Self {
            items,
            canonical,
            by_len,
            variants: std::cell::OnceCell::new(),
        }
    }

    /// A candidate that is `found` written with different characters (composed or decomposed
    /// accents), when there is one.
    pub fn looks_the_same(&self, found: &str) -> Option<&'a str> {
        if found.is_ascii() || found.len() > MAX_SUGGESTED_CHARS * 4 {
            return None;
        }
        self.canonical
            .get(&canonical(found))
            .copied()
            .filter(|c| *c != found)
    }

    /// The candidate closest to `found`, when it is within a third of its length (at least one
    /// edit) and is not `found` itself.
    pub fn closest(&self, found: &str) -> Option<&'a str> {
        let lower: Vec<char> = found.chars().flat_map(char::to_lowercase).collect();
        if lower.is_empty() || lower.len() > MAX_SUGGESTED_CHARS {
            return None;
        }
        let limit = (lower.len() / 3).max(1);
        let near: Vec<u32> = self
            .by_len
            .range(lower.len().saturating_sub(limit)..=lower.len() + limit)
            .flat_map(|(_, v)| v.iter().copied())
            .take(MAX_COMPARED + 1)
            .collect();
        let compared: Vec<u32> = if near.len() <= MAX_COMPARED {
            near
        } else {
            // Too many of a similar length: only those one edit away, found through the index.
            let variants = self.variants.get_or_init(|| {
                let mut map: std::collections::HashMap<u64, Vec<u32>> = Default::default();
                for (i, (chars, _)) in self.items.iter().enumerate() {
                    for h in deletion_hashes(chars) {
                        let slot = map.entry(h).or_default();
                        if slot.last() != Some(&(i as u32)) {
                            slot.push(i as u32);
                        }
                    }
                }
                map
            });
            let mut out: Vec<u32> = deletion_hashes(&lower)
                .filter_map(|h| variants.get(&h))
                .flat_map(|v| v.iter().copied().take(MAX_COMPARED))
                .take(MAX_COMPARED * 4)
                .collect();
            out.sort_unstable();
            out.dedup();
            out.truncate(MAX_COMPARED);
            out
        };
        compared
            .into_iter()
            .map(|i| &self.items[i as usize])
            .filter(|(_, original)| *original != found)
            .filter_map(|(chars, original)| {
                bounded_distance(&lower, chars, limit).map(|d| (d, *original))
            })
            .min()
            .map(|(_, c)| c)
    }
}

/// The canonical (NFC) form of a name: accents composed with their letters.
fn canonical(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    name.nfc().collect()
}

/// A hash of `chars` itself and of each variant with one character deleted.
fn deletion_hashes(chars: &[char]) -> impl Iterator<Item = u64> + '_ {
    use std::hash::{Hash, Hasher};
    let hash = move |skip: Option<usize>| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (i, c) in chars.iter().enumerate() {
            if Some(i) != skip {
                c.hash(&mut h);
            }
        }
        h.finish()
    };
    std::iter::once(hash(None)).chain((0..chars.len()).map(move |i| hash(Some(i))))
}

/// The optimal-string-alignment distance when it is at most `limit`, else `None`. Both names are
/// at most `MAX_SUGGESTED_CHARS` long, so the table is small.
fn bounded_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let d = edit_distance_chars(a, b);
    (d <= limit).then_some(d)
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps cost one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance_chars(&a, &b)
}

fn edit_distance_chars(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_prefixed_by_severity() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} appears twice");
            let prefix = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
                Severity::Note => 'N',
            };
            assert!(
                code.as_str().starts_with(prefix),
                "{code} has the wrong prefix"
            );
        }
    }

    #[test]
    fn edit_distance_counts_typos() {
        assert_eq!(edit_distance("trust", "trust"), 0);
        assert_eq!(edit_distance("trsut", "trust"), 1);
        assert_eq!(edit_distance("trst", "trust"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn closest_suggests_only_near_names() {
        let names = ["trust", "dignity", "boundaries"];
        assert_eq!(closest("trsut", names), Some("trust"));
        assert_eq!(closest("Dignity", names), Some("dignity"));
        assert_eq!(closest("teamwork", names), None);
    }

    #[test]
    fn render_puts_a_caret_under_the_column() {
        let d = Diagnostic::new(Code::UnknownNode, "unknown node \"halway\"")
            .in_file(Path::new("a.ron"))
            .at_pos(Pos { line: 2, column: 9 })
            .with_help("did you mean \"hallway\"?");
        let text = d.render(Some("(\n  next: \"halway\",\n)"));
        assert_eq!(
            text,
            "a.ron:2:9: error[E020]: unknown node \"halway\"\n  |\n2 |   next: \
                \"halway\",\n  |         ^\n  = help: did you mean \"hallway\"?\n"
        );
    }
}
