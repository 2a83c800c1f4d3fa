//! `rapport graph FILE`: the node graph, with choices as labelled edges (text shortened, effects
//! shown), chance edges with weights, endings and unreachable nodes marked. DOT for Graphviz, or
//! a self-contained SVG laid out in columns by distance from the start.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::play::load;
use crate::scenario::graph::Graph;
use crate::scenario::{NodeKind, Scenario};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Dot,
    Svg,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The scenario file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
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

/// An edge of the graph as drawn.
struct Edge {
    from: usize,
    to: usize,
    label: String,
    chance: bool,
}

fn shorten(text: &str, max: usize) -> String {
    let clean = text.trim_matches(['"', '“', '”']).replace('\n', " ");
    if clean.chars().count() <= max {
        return clean;
    }
    let cut: String = clean.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

fn edges(s: &Scenario, g: &Graph) -> Vec<Edge> {
    let mut out = Vec::new();
    for (i, n) in s.nodes.iter().enumerate() {
        match n.kind() {
            Some(NodeKind::Choices(choices)) => {
                for (j, c) in choices.iter().enumerate() {
                    let Some(&to) = c.next.as_ref().and_then(|t| g.index.get(t.as_str())) else {
                        continue;
                    };
                    let effects: Vec<String> = c
                        .effects
                        .iter()
                        .filter(|(_, d)| *d != 0)
                        .map(|(id, d)| format!("{d:+} {id}"))
                        .collect();
                    let mut label = format!("{}. {}", j + 1, shorten(&c.text, 32));
                    if !effects.is_empty() {
                        let _ = write!(label, "\n({})", effects.join(", "));
                    }
                    if c.requires.is_some() {
                        label.push_str("\n[locked unless…]");
                    }
                    out.push(Edge {
                        from: i,
                        to,
                        label,
                        chance: false,
                    });
                }
            }
            Some(NodeKind::Next(t)) => {
                if let Some(&to) = g.index.get(t.as_str()) {
                    out.push(Edge {
                        from: i,
                        to,
                        label: String::new(),
                        chance: false,
                    });
                }
            }
            Some(NodeKind::Chance(branches)) => {
                let total: i64 = branches
                    .iter()
                    .fold(0i64, |sum, b| sum.saturating_add(b.weight.max(0)));
                for b in branches {
                    if let Some(&to) = g.index.get(b.next.as_str()) {
                        out.push(Edge {
                            from: i,
                            to,
                            label: format!("chance {}/{total}", b.weight),
                            chance: true,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn node_label(s: &Scenario, i: usize) -> String {
    let n = &s.nodes[i];
    let mut label = n.id.0.clone();
    if let Some(e) = &n.ending {
        let _ = write!(label, "\nEND: {}", shorten(&e.title, 30));
    } else if let Some(text) = &n.text {
        let who = n
            .speaker
            .as_ref()
            .and_then(|sp| s.character(sp.as_str()))
            .map(|c| c.name.clone());
        match who {
            Some(name) => {
                let _ = write!(label, "\n{name}: {}", shorten(text, 30));
            }
            None => {
                let _ = write!(label, "\n{}", shorten(text, 36));
            }
        }
    }
    label
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The graph in Graphviz's DOT language.
pub fn dot(s: &Scenario) -> String {
    let g = Graph::new(s);
    let reach = g.reachable();
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_escape(&s.id));
    let _ = writeln!(
        out,
        "  label=\"{}\";\n  labelloc=t;\n  rankdir=LR;",
        dot_escape(&s.title)
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for (i, n) in s.nodes.iter().enumerate() {
        if g.index.get(n.id.as_str()) != Some(&i) {
            continue;
        }
        let mut attrs = vec![format!("label=\"{}\"", dot_escape(&node_label(s, i)))];
        if n.ending.is_some() {
            attrs.push("shape=doubleoctagon".to_owned());
        }
        if n.chance.is_some() {
            attrs.push("shape=diamond".to_owned());
        }
        if Some(i) == g.start {
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
        if !e.label.is_empty() {
            attrs.push(format!("label=\"{}\"", dot_escape(&e.label)));
        }
        if e.chance {
            attrs.push("style=dashed".to_owned());
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

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A self-contained SVG: columns by distance from the start, unreachable nodes in a last column.
pub fn svg(s: &Scenario) -> String {
    let g = Graph::new(s);
    let mut depth = vec![usize::MAX; g.len()];
    if let Some(start) = g.start {
        depth[start] = 0;
        let mut queue = VecDeque::from([start]);
        while let Some(n) = queue.pop_front() {
            for &t in &g.succ[n] {
                if depth[t] == usize::MAX {
                    depth[t] = depth[n] + 1;
                    queue.push_back(t);
                }
            }
        }
    }
    let last = depth
        .iter()
        .filter(|d| **d != usize::MAX)
        .max()
        .copied()
        .unwrap_or(0)
        + 1;
    let column = |i: usize| {
        if depth[i] == usize::MAX {
            last
        } else {
            depth[i]
        }
    };
    let (w, h, gap_x, gap_y) = (200.0_f64, 54.0_f64, 90.0_f64, 26.0_f64);
    let mut rows = vec![0usize; last + 1];
    let pos: Vec<(f64, f64)> = (0..g.len())
        .map(|i| {
            let c = column(i);
            let p = (
                20.0 + c as f64 * (w + gap_x),
                50.0 + rows[c] as f64 * (h + gap_y),
            );
            rows[c] += 1;
            p
        })
        .collect();
    let width = 40.0 + (last + 1) as f64 * (w + gap_x);
    let height = 80.0 + *rows.iter().max().unwrap_or(&1) as f64 * (h + gap_y);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">"
    );
    let _ = writeln!(
        out,
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>"
    );
    let _ = writeln!(
        out,
        "<text x=\"20\" y=\"28\" font-size=\"16\" font-weight=\"bold\">{}</text>",
        xml_escape(&s.title)
    );
    for e in edges(s, &g) {
        let (x1, y1) = (pos[e.from].0 + w, pos[e.from].1 + h / 2.0);
        let (x2, y2) = (pos[e.to].0, pos[e.to].1 + h / 2.0);
        let dash = if e.chance {
            " stroke-dasharray=\"5,4\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<line x1=\"{x1:.0}\" y1=\"{y1:.0}\" x2=\"{x2:.0}\" y2=\"{y2:.0}\" stroke=\"#555\"{dash} marker-end=\"url(#arrow)\"/>"
        );
        if let Some(first) = e.label.lines().next() {
            let _ = writeln!(
                out,
                "<text x=\"{:.0}\" y=\"{:.0}\" fill=\"#333\" font-size=\"9\">{}</text>",
                (x1 + x2) / 2.0 - 40.0,
                (y1 + y2) / 2.0 - 3.0,
                xml_escape(first)
            );
        }
    }
    let reach = g.reachable();
    for (i, n) in s.nodes.iter().enumerate() {
        let (x, y) = pos[i];
        let (fill, stroke) = match (n.ending.is_some(), reach[i]) {
            (_, false) => ("#f2f2f2", "#999"),
            (true, true) => ("#e3f1ee", "#0b5f63"),
            (false, true) => ("#ffffff", "#333"),
        };
        let dash = if reach[i] {
            ""
        } else {
            " stroke-dasharray=\"4,3\""
        };
        let _ = writeln!(
            out,
            "<rect x=\"{x:.0}\" y=\"{y:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" rx=\"8\" fill=\"{fill}\" stroke=\"{stroke}\"{dash}/>"
        );
        for (k, line) in node_label(s, i).lines().take(2).enumerate() {
            let weight = if k == 0 { " font-weight=\"bold\"" } else { "" };
            let _ = writeln!(
                out,
                "<text x=\"{:.0}\" y=\"{:.0}\"{weight}>{}</text>",
                x + 8.0,
                y + 20.0 + k as f64 * 16.0,
                xml_escape(line)
            );
        }
        if !reach[i] {
            let _ = writeln!(
                out,
                "<text x=\"{:.0}\" y=\"{:.0}\" fill=\"#777\" font-size=\"9\">unreachable</text>",
                x + 8.0,
                y + h - 6.0
            );
        }
    }
    out.push_str("</svg>\n");
    out
}
