//! `rapport graph FILE`: the node graph, read top to bottom. Choices are edges labelled with
//! their number, their text shortened and their effects in short ("+5 T, -10 D"); a locked
//! choice is dashed and says what it needs in words; chance edges are dotted with their odds;
//! endings and unreachable nodes are marked. DOT for Graphviz, a self-contained SVG sized for A4
//! portrait, or the same drawing cut into A4 pages in one HTML file for printing.

mod layout;
mod svg;
mod text;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::play::load;
use crate::play::describe;
use crate::scenario::graph::Graph;
use crate::scenario::{NodeKind, Scenario};

pub use layout::{Layout, Rect};
pub use svg::{html, layout, svg};
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Graphviz's DOT language.
    Dot,
    /// One SVG drawing, sized for A4 portrait.
    Svg,
    /// The drawing cut into A4 pages, in one HTML file to print.
    Html,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The scenario file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// What to write.
    #[arg(long, value_enum, default_value = "dot")]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &GraphArgs) -> ExitCode {
    let (scenario, _) = match load(&args.file) {
        Ok(loaded) => loaded,
        Err(message) => {
            super::say(&message);
            return ExitCode::from(1);
        }
    };
    let text = match args.format {
        Format::Dot => dot(&scenario),
        Format::Svg => svg(&scenario),
        Format::Html => html(&scenario),
    };
    match &args.output {
        Some(path) => match crate::storage::write_atomic(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                super::say(&format!("rapport: cannot write {}: {e}\n", path.display()));
                ExitCode::from(super::EXIT_USAGE)
            }
        },
        None => super::emit(&text, ExitCode::SUCCESS),
    }
}

/// What an edge stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum EdgeKind {
    /// A choice: its number at the decision, its text on one line, its effects in short, and the
    /// condition it needs in words when it has one.
    Choice {
        number: usize,
        text: String,
        effects: String,
        needs: Option<String>,
    },
    /// A `next`: play carries straight on.
    Next,
    /// A chance branch: `weight` in `total`.
    Chance { weight: i64, total: i64 },
}

/// An edge of the graph as drawn, between node indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
}

/// Whether node `i` is drawn: the first node with its id (a later one with the same id is an
/// error, and nothing can lead to it).
fn drawn(g: &Graph, s: &Scenario, i: usize) -> bool {
    g.index.get(s.nodes[i].id.as_str()) == Some(&i)
}

/// Every edge, node by node in file order, choices and branches in the order written.
pub fn edges(s: &Scenario, g: &Graph) -> Vec<Edge> {
    let short = Abbreviations::new(s);
    let mut out = Vec::new();
    for (i, n) in s.nodes.iter().enumerate() {
        if !drawn(g, s, i) {
            continue;
        }
        let target = |id: &str| g.index.get(id).copied();
        match n.kind() {
            Some(NodeKind::Choices(choices)) => {
                for (j, c) in choices.iter().enumerate() {
                    let Some(to) = c.next.as_ref().and_then(|t| target(t.as_str())) else {
                        continue;
                    };
                    let kind = EdgeKind::Choice {
                        number: j + 1,
                        text: text::one_line(&c.text),
                        effects: short.effects(c.effects.iter()),
                        needs: c.requires.as_ref().map(|r| needs(&describe(r, s))),
                    };
                    out.push(Edge { from: i, to, kind });
                }
            }
            Some(NodeKind::Next(t)) => {
                if let Some(to) = target(t.as_str()) {
                    out.push(Edge {
                        from: i,
                        to,
                        kind: EdgeKind::Next,
                    });
                }
            }
            Some(NodeKind::Chance(branches)) => {
                let total: i64 = branches
                    .iter()
                    .fold(0i64, |sum, b| sum.saturating_add(b.weight.max(0)));
                for b in branches {
                    if let Some(to) = target(b.next.as_str()) {
                        let kind = EdgeKind::Chance {
                            weight: b.weight,
                            total,
                        };
                        out.push(Edge { from: i, to, kind });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// "only if Trust at least 60", from the condition in words (outer brackets dropped).
fn needs(words: &str) -> String {
    let bare = words
        .strip_prefix('(')
        .and_then(|w| w.strip_suffix(')'))
        .filter(|inner| balanced(inner))
        .unwrap_or(words);
    format!("only if {}", text::one_line(bare))
}

/// Whether every bracket in `text` closes one opened before it: then brackets around all of it
/// belong together and can go.
fn balanced(text: &str) -> bool {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return false,
            ')' => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

/// "chance 2 in 3".
fn odds(weight: i64, total: i64) -> String {
    format!("chance {weight} in {total}")
}

/// A short name for each score, for effects in short: its label's first letter, or as many of
/// its first letters as tell it apart from the others ("Tr" and "Te" for Trust and Teamwork).
pub struct Abbreviations {
    /// (score id, short name, label), in the scenario's order.
    names: Vec<(String, String, String)>,
}

impl Abbreviations {
    pub fn new(s: &Scenario) -> Self {
        let labels: Vec<(String, String)> = s
            .scores
            .iter()
            .map(|sc| {
                let label = text::one_line(&sc.label);
                let label = if label.is_empty() {
                    sc.id.0.clone()
                } else {
                    label
                };
                (sc.id.0.clone(), label)
            })
            .collect();
        let prefix = |label: &str, n: usize| -> String {
            let mut p: String = label
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(n)
                .collect();
            if let Some(first) = p.chars().next() {
                p.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
            }
            p
        };
        let mut names: Vec<(String, String, String)> = Vec::new();
        for (id, label) in &labels {
            let longest = label.chars().count().max(1);
            let short = (1..=longest)
                .map(|n| prefix(label, n))
                .find(|p| {
                    let clashes = labels
                        .iter()
                        .filter(|(other, l)| other != id && prefix(l, p.chars().count()) == *p)
                        .count();
                    clashes == 0 && names.iter().all(|(_, taken, _)| taken != p)
                })
                .unwrap_or_else(|| id.clone());
            names.push((id.clone(), short, label.clone()));
        }
        Self { names }
    }

    /// The short name of a score (its id when the scenario does not define it).
    pub fn short<'a>(&'a self, id: &'a str) -> &'a str {
        self.names
            .iter()
            .find(|(i, _, _)| i == id)
            .map_or(id, |(_, short, _)| short.as_str())
    }

    /// "+5 T, -10 D": the changes that are not zero, in the order written.
    pub fn effects<'e>(
        &self,
        effects: impl Iterator<Item = (&'e crate::scenario::ScoreId, i64)>,
    ) -> String {
        effects
            .filter(|(_, d)| *d != 0)
            .map(|(id, d)| format!("{d:+} {}", text::one_line(self.short(id.as_str()))))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "T Trust, D Dignity": each short name with its score's label.
    pub fn key(&self) -> Vec<String> {
        self.names
            .iter()
            .map(|(_, short, label)| format!("{short} {label}"))
            .collect()
    }
}

/// What a node says in the drawing: its id, then who speaks and the start of what they say (or
/// the ending's title), cut to `max` characters.
fn node_words(s: &Scenario, i: usize) -> Option<String> {
    let n = &s.nodes[i];
    if let Some(e) = &n.ending {
        return Some(format!("Ending: {}", text::one_line(&e.title)));
    }
    let said = n.text.as_deref().or(n.narration.as_deref())?;
    let said = text::one_line(said);
    let who = n
        .speaker
        .as_ref()
        .and_then(|sp| s.character(sp.as_str()))
        .map(|c| text::one_line(&c.name));
    Some(match (who, n.text.is_some()) {
        (Some(name), true) => format!("{name}: {said}"),
        _ => said,
    })
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

fn node_label(s: &Scenario, i: usize, start: bool) -> String {
    let mut label = text::one_line(s.nodes[i].id.as_str());
    if start {
        label.push_str(" (start)");
    }
    if let Some(words) = node_words(s, i) {
        let _ = write!(label, "\n{}", shorten(&words, 40));
    }
    label
}

fn edge_label(e: &Edge) -> String {
    match &e.kind {
        EdgeKind::Choice {
            number,
            text,
            effects,
            needs,
        } => {
            let mut label = format!("{number}. {}", shorten(text, 32));
            for line in [Some(effects).filter(|e| !e.is_empty()), needs.as_ref()]
                .into_iter()
                .flatten()
            {
                label.push('\n');
                label.push_str(line);
            }
            label
        }
        EdgeKind::Next => String::new(),
        EdgeKind::Chance { weight, total } => odds(*weight, *total),
    }
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The graph in Graphviz's DOT language, top to bottom, with the score key in its title.
pub fn dot(s: &Scenario) -> String {
    let g = Graph::new(s);
    let reach = g.reachable();
    let key = Abbreviations::new(s).key().join(", ");
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_escape(&s.id));
    let _ = writeln!(
        out,
        "  label=\"{}\\nScores: {}\";\n  labelloc=t;\n  rankdir=TB;",
        dot_escape(&text::one_line(&s.title)),
        dot_escape(&key)
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for (i, n) in s.nodes.iter().enumerate() {
        if !drawn(&g, s, i) {
            continue;
        }
        let start = Some(i) == g.start;
        let label = node_label(s, i, start);
        let mut attrs = vec![format!("label=\"{}\"", dot_escape(&label))];
        if n.ending.is_some() {
            attrs.push("shape=doubleoctagon".to_owned());
        }
        if n.chance.is_some() {
            attrs.push("shape=diamond".to_owned());
        }
        if start {
            attrs.push("penwidth=2".to_owned());
        }
        if !reach[i] {
            attrs.push(
                "style=\"rounded,dashed\", color=gray50, fontcolor=gray40, xlabel=\"unreachable\""
                    .to_owned(),
            );
        }
        let _ = writeln!(
            out,
            "  \"{}\" [{}];",
            dot_escape(n.id.as_str()),
            attrs.join(", ")
        );
    }
    for e in edges(s, &g) {
        let mut attrs = Vec::new();
        let label = edge_label(&e);
        if !label.is_empty() {
            attrs.push(format!("label=\"{}\"", dot_escape(&label)));
        }
        match &e.kind {
            EdgeKind::Choice { needs: Some(_), .. } => attrs.push("style=dashed".to_owned()),
            EdgeKind::Chance { .. } => attrs.push("style=dotted".to_owned()),
            _ => {}
        }
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\"{};",
            dot_escape(s.nodes[e.from].id.as_str()),
            dot_escape(s.nodes[e.to].id.as_str()),
            if attrs.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attrs.join(", "))
            }
        );
    }
    out.push_str("}\n");
    out
}
