//! The drawing as SVG: a header with the scenario's title and a key, then the layered graph,
//! sized to print on A4 portrait. A drawing too long for one page keeps its text at a readable
//! size and grows longer; [`html`] cuts it into A4 pages between rows for printing.

use std::fmt::Write as _;

use super::layout::{self, Input, Layout, Link, Rect, Size};
use super::text::{self, fit, width, wrap, xml};
use super::{Abbreviations, Edge, EdgeKind, drawn, edges, node_words, odds};
use crate::scenario::Scenario;
use crate::scenario::graph::Graph;

/// The printable area of an A4 portrait page with 10 mm margins, in millimetres.
pub const PAGE_MM: (f64, f64) = (190.0, 277.0);
/// The smallest text on a printed page, in points: no drawing is scaled below it.
pub const MIN_TEXT_PT: f64 = 6.0;

const PT_PER_MM: f64 = 72.0 / 25.4;
const MARGIN: f64 = 10.0;
const PAD: f64 = 4.0;
const PAD_Y: f64 = 2.5;
const TITLE: f64 = 13.0;
const TEXT: f64 = 7.0;
const ID: f64 = 7.5;
const LINE: f64 = 1.16;
/// The widest a node and a label may be: as drawn first, and narrower for a drawing that would
/// otherwise be too wide for readable text.
const FULL: Widths = Widths {
    node: 150.0,
    label: 96.0,
};
const NARROW: Widths = Widths {
    node: 116.0,
    label: 80.0,
};
const NODE_MIN_W: f64 = 70.0;
/// Room for the padlock before a condition.
const LOCK_W: f64 = 7.0;
/// Larger scenarios are drawn once, at full size, without trying smaller scales.
const MAX_TRIED_NODES: usize = 300;

const INK: &str = "#222";
const MUTED: &str = "#666";
const LINE_INK: &str = "#555";
const ENDING: &str = "#0b5f63";
const ENDING_FILL: &str = "#e3f1ee";
const LOCKED: &str = "#8a5a00";
const LOCKED_FILL: &str = "#fff7e6";

#[derive(Debug, Clone, Copy)]
struct Widths {
    node: f64,
    label: f64,
}

fn page_pt() -> (f64, f64) {
    (PAGE_MM.0 * PT_PER_MM, PAGE_MM.1 * PT_PER_MM)
}

/// One line of text in a box.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    size: f64,
    bold: bool,
    italic: bool,
    colour: &'static str,
    /// Starts after a padlock.
    lock: bool,
}

impl Line {
    fn plain(text: String) -> Self {
        Self {
            text,
            size: TEXT,
            bold: false,
            italic: false,
            colour: INK,
            lock: false,
        }
    }

    fn width(&self) -> f64 {
        width(&self.text, self.size, self.bold) + if self.lock { LOCK_W } else { 0.0 }
    }
}

/// A box of lines: a node or a label.
#[derive(Debug, Clone)]
struct Block {
    lines: Vec<Line>,
    size: Size,
    /// The whole text, for a tooltip on screen.
    tip: String,
}

impl Block {
    fn new(lines: Vec<Line>, min_w: f64, tip: String) -> Self {
        let w = lines.iter().map(Line::width).fold(min_w, f64::max) + 2.0 * PAD;
        let h = lines.iter().map(|l| l.size * LINE).sum::<f64>() + 2.0 * PAD_Y;
        Self {
            lines,
            size: Size { w, h },
            tip,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Look {
    Plain,
    Start,
    Ending,
    Unreachable,
}

/// Everything needed to write the SVG.
struct Drawing {
    title: String,
    header: Vec<Line>,
    nodes: Vec<Option<(Block, Look)>>,
    edges: Vec<Edge>,
    labels: Vec<Option<Block>>,
    layout: Layout,
}

impl Drawing {
    /// The drawing at the largest scale that fits one page, trying wider rows (so fewer rows of
    /// labels) for smaller scales; a drawing that fits no page keeps its text at full size.
    fn new(s: &Scenario) -> Self {
        let page_w = page_pt().0;
        let smallest = MIN_TEXT_PT / TEXT;
        let natural = Self::with_width(s, page_w - 2.0 * MARGIN, FULL);
        if natural.fits() || s.nodes.len() > MAX_TRIED_NODES {
            return natural;
        }
        let mut tried = vec![natural];
        let smaller = [
            (0.95, FULL),
            (0.9, FULL),
            (smallest, FULL),
            (smallest, NARROW),
        ];
        for (scale, widths) in smaller {
            let d = Self::with_width(s, page_w / scale - 2.0 * MARGIN, widths);
            if d.fits() {
                return d;
            }
            tried.push(d);
        }
        // No page holds it: the shortest drawing on paper with readable text, if any.
        let printed = |d: &Self| d.size().1 * d.scale();
        let readable = |d: &&Self| d.scale() * TEXT >= MIN_TEXT_PT - 0.01;
        let best = tried
            .iter()
            .enumerate()
            .filter(|(_, d)| readable(d))
            .min_by(|(_, a), (_, b)| printed(a).total_cmp(&printed(b)))
            .map_or(0, |(k, _)| k);
        tried.swap_remove(best)
    }

    /// Whether the drawing fits one page with its text at a readable size.
    fn fits(&self) -> bool {
        let scale = self.scale();
        self.size().1 * scale <= page_pt().1 + 0.01 && scale * TEXT >= MIN_TEXT_PT - 0.01
    }

    fn with_width(s: &Scenario, avail: f64, widths: Widths) -> Self {
        let g = Graph::new(s);
        let reach = g.reachable();
        let edges = edges(s, &g);
        let labels: Vec<Option<Block>> =
            edges.iter().map(|e| label_block(e, widths.label)).collect();
        let links: Vec<Link> = edges
            .iter()
            .zip(&labels)
            .map(|(e, l)| Link {
                from: e.from,
                to: e.to,
                label: l.as_ref().map(|b| b.size),
            })
            .collect();
        let sizes = |blocks: &[Option<(Block, Look)>]| -> Vec<Option<Size>> {
            blocks
                .iter()
                .map(|b| b.as_ref().map(|(b, _)| b.size))
                .collect()
        };
        let look = |i: usize| match (Some(i) == g.start, s.nodes[i].ending.is_some(), reach[i]) {
            (_, _, false) => Look::Unreachable,
            (true, _, true) => Look::Start,
            (false, true, true) => Look::Ending,
            (false, false, true) => Look::Plain,
        };
        let mut nodes: Vec<Option<(Block, Look)>> = (0..s.nodes.len())
            .map(|i| drawn(&g, s, i).then(|| (node_block(s, i, look(i), widths.node), look(i))))
            .collect();
        let mut input = Input {
            nodes: sizes(&nodes),
            links,
            start: g.start,
            width: avail,
        };
        let (layer, upward) = layout::layers(&input);
        // Narrow the nodes of a crowded layer so that the row fits the page.
        let mut count = vec![0usize; layer.iter().max().map_or(0, |m| m + 1)];
        for (i, n) in nodes.iter().enumerate() {
            if n.is_some() {
                count[layer[i]] += 1;
            }
        }
        for (i, n) in nodes.iter_mut().enumerate() {
            if let Some((block, look)) = n {
                let c = count[layer[i]] as f64;
                let room = ((avail - (c - 1.0) * 14.0) / c).clamp(NODE_MIN_W, widths.node);
                if block.size.w > room {
                    *block = node_block(s, i, *look, room);
                }
            }
        }
        input.nodes = sizes(&nodes);
        let layout = layout::place(&input, &layer, &upward);
        let endings = (0..s.nodes.len())
            .filter(|&i| nodes[i].is_some() && s.nodes[i].ending.is_some())
            .count();
        let drawn_nodes = nodes.iter().filter(|n| n.is_some()).count();
        let title = text::one_line(&s.title);
        let header = header(s, drawn_nodes, endings, avail);
        Self {
            title,
            header,
            nodes,
            edges,
            labels,
            layout,
        }
    }

    fn header_height(&self) -> f64 {
        MARGIN + TITLE * LINE + self.header.len() as f64 * TEXT * LINE + KEY_H + 8.0
    }

    /// The whole drawing's size in points, before scaling.
    fn size(&self) -> (f64, f64) {
        let header_w = self
            .header
            .iter()
            .map(Line::width)
            .chain([width(&self.title, TITLE, true), KEY_W])
            .fold(0.0, f64::max);
        let w = self.layout.width.max(header_w) + 2.0 * MARGIN;
        let h = self.header_height() + self.layout.height + MARGIN;
        (w, h)
    }

    /// Points of the drawing per point on paper: as large as fits A4, never above 1, and never
    /// so small that text falls below [`MIN_TEXT_PT`] unless the drawing is too wide otherwise.
    fn scale(&self) -> f64 {
        let (w, h) = self.size();
        let (page_w, page_h) = page_pt();
        let by_width = (page_w / w).min(1.0);
        if h * by_width <= page_h {
            return by_width;
        }
        let readable = MIN_TEXT_PT / TEXT;
        (page_h / h).max(readable).min(by_width)
    }
}

/// Height and width of the key of line styles and boxes.
const KEY_H: f64 = 14.0;
const KEY_W: f64 = 440.0;

fn header(s: &Scenario, nodes: usize, endings: usize, avail: f64) -> Vec<Line> {
    let key = Abbreviations::new(s).key().join(" · ");
    let about = format!(
        "{nodes} nodes and {endings} endings, read from the top. Choices are numbered as \
         written, with their effects in short: {key}."
    );
    wrap(&about, TEXT, avail, 3)
        .into_iter()
        .map(|t| Line {
            colour: MUTED,
            ..Line::plain(t)
        })
        .collect()
}

fn node_block(s: &Scenario, i: usize, look: Look, max_w: f64) -> Block {
    let inner = max_w - 2.0 * PAD;
    let id = text::one_line(s.nodes[i].id.as_str());
    let id = match look {
        Look::Start => format!("{id} (start)"),
        _ => id,
    };
    let mut lines = vec![Line {
        size: ID,
        bold: true,
        ..Line::plain(fit(&id, ID, true, inner))
    }];
    let words = node_words(s, i);
    if let Some(words) = &words {
        let ending = look == Look::Ending;
        lines.push(Line {
            bold: ending,
            colour: if ending { ENDING } else { INK },
            ..Line::plain(fit(words, TEXT, ending, inner))
        });
    }
    if look == Look::Unreachable {
        lines.push(Line {
            italic: true,
            colour: MUTED,
            ..Line::plain(fit(
                "unreachable: no path from the start",
                TEXT,
                false,
                inner,
            ))
        });
    }
    if look == Look::Unreachable {
        for l in &mut lines {
            l.colour = MUTED;
        }
    }
    let tip = [Some(id), words]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(": ");
    Block::new(lines, NODE_MIN_W - 2.0 * PAD, tip)
}

fn label_block(e: &Edge, max_w: f64) -> Option<Block> {
    let inner = max_w - 2.0 * PAD;
    match &e.kind {
        EdgeKind::Next => None,
        EdgeKind::Chance { weight, total } => {
            let line = Line {
                italic: true,
                ..Line::plain(odds(*weight, *total))
            };
            Some(Block::new(vec![line], 0.0, odds(*weight, *total)))
        }
        EdgeKind::Choice {
            number,
            text,
            effects,
            needs,
        } => {
            let first = format!("{number}. {text}");
            let mut lines = vec![Line::plain(fit(&first, TEXT, false, inner))];
            // Each change keeps its number and score together when the line wraps.
            let effects_kept = effects.replace(' ', "\u{a0}").replace(",\u{a0}", ", ");
            for l in wrap(&effects_kept, TEXT, inner, 2) {
                lines.push(Line {
                    bold: true,
                    ..Line::plain(l)
                });
            }
            if let Some(needs) = needs {
                for (k, l) in wrap(needs, TEXT, inner - LOCK_W, 3).into_iter().enumerate() {
                    lines.push(Line {
                        colour: LOCKED,
                        lock: k == 0,
                        ..Line::plain(l)
                    });
                }
            }
            let tip = [Some(first), Some(effects.clone()), needs.clone()]
                .into_iter()
                .flatten()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            Some(Block::new(lines, 0.0, tip))
        }
    }
}

/// The layout of `s`'s drawing, in points from the top left of the graph (below the header).
pub fn layout(s: &Scenario) -> Layout {
    Drawing::new(s).layout
}

/// A self-contained SVG of the graph, sized to print on A4 portrait.
pub fn svg(s: &Scenario) -> String {
    let d = Drawing::new(s);
    let (w, h) = d.size();
    let scale = d.scale();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.1}mm\" height=\"{:.1}mm\" \
         viewBox=\"0 0 {w:.1} {h:.1}\" {}>",
        w * scale / PT_PER_MM,
        h * scale / PT_PER_MM,
        FONT
    );
    let _ = writeln!(out, "<title>{}: the node graph</title>", xml(&d.title));
    out.push_str(DEFS);
    let _ = writeln!(
        out,
        "<rect width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#fff\"/>"
    );
    write_header(&mut out, &d, 0.0, None);
    write_body(&mut out, &d, None);
    out.push_str("</svg>\n");
    out
}

const FONT: &str =
    "font-family=\"Arial, Helvetica, 'Liberation Sans', sans-serif\" font-size=\"7\"";

const DEFS: &str = concat!(
    "<defs>",
    "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"5\" ",
    "markerHeight=\"5\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker>",
    "<g id=\"lock\"><path d=\"M1.1,-3.7 V-4.9 A1.2,1.2 0 0 1 3.5,-4.9 V-3.7\" fill=\"none\" ",
    "stroke=\"#8a5a00\" stroke-width=\"0.8\"/>",
    "<rect x=\"0\" y=\"-3.9\" width=\"4.6\" height=\"3.7\" rx=\"0.6\" fill=\"#8a5a00\"/></g>",
    "</defs>\n"
);

fn write_text(out: &mut String, x: f64, baseline: f64, line: &Line) {
    let mut attrs = String::new();
    if (line.size - TEXT).abs() > f64::EPSILON {
        let _ = write!(attrs, " font-size=\"{}\"", line.size);
    }
    if line.bold {
        attrs.push_str(" font-weight=\"bold\"");
    }
    if line.italic {
        attrs.push_str(" font-style=\"italic\"");
    }
    if line.colour != INK {
        let _ = write!(attrs, " fill=\"{}\"", line.colour);
    }
    let x = if line.lock {
        let _ = writeln!(
            out,
            "<use href=\"#lock\" x=\"{x:.1}\" y=\"{baseline:.1}\"/>"
        );
        x + LOCK_W
    } else {
        x
    };
    let _ = writeln!(
        out,
        "<text x=\"{x:.1}\" y=\"{baseline:.1}\"{attrs}>{}</text>",
        xml(&line.text)
    );
}

fn write_lines(out: &mut String, r: &Rect, lines: &[Line]) {
    let mut y = r.y + PAD_Y;
    for line in lines {
        y += line.size * LINE;
        write_text(out, r.x + PAD, y - line.size * 0.28, line);
    }
}

/// The title, what the drawing shows and the key, from `top`; `page` adds "page 2 of 3".
fn write_header(out: &mut String, d: &Drawing, top: f64, page: Option<(usize, usize)>) {
    let mut y = top + MARGIN + TITLE;
    let title = match page {
        Some((k, n)) if n > 1 => format!("{} (page {k} of {n})", d.title),
        _ => d.title.clone(),
    };
    write_text(
        out,
        MARGIN,
        y,
        &Line {
            size: TITLE,
            bold: true,
            ..Line::plain(title)
        },
    );
    y += TITLE * (LINE - 1.0);
    for line in &d.header {
        y += TEXT * LINE;
        write_text(out, MARGIN, y, line);
    }
    write_key(out, MARGIN, y + 6.0);
}

/// Samples of each line and box, with what they mean.
fn write_key(out: &mut String, x0: f64, top: f64) {
    let mid = top + KEY_H / 2.0;
    let base = mid + TEXT * 0.35;
    let mut x = x0;
    let mut sample = |out: &mut String, dash: &str, words: &str, lock: bool| {
        let _ = writeln!(
            out,
            "<path d=\"M{x:.1},{mid:.1} h18\" stroke=\"{LINE_INK}\" stroke-width=\"0.9\" \
             fill=\"none\"{dash} marker-end=\"url(#arrow)\"/>"
        );
        x += 22.0;
        let line = Line {
            lock,
            ..Line::plain(words.to_owned())
        };
        write_text(out, x, base, &line);
        x += line.width() + 12.0;
    };
    sample(out, "", "choice", false);
    sample(out, LOCKED_DASH, "locked choice, and what it needs", true);
    sample(out, CHANCE_DASH, "chance", false);
    let mut boxed = |out: &mut String, look: Look, words: &str| {
        let r = Rect {
            x,
            y: mid - 5.0,
            w: 16.0,
            h: 10.0,
        };
        write_box(out, &r, look);
        x += 20.0;
        let line = Line::plain(words.to_owned());
        write_text(out, x, base, &line);
        x += line.width() + 12.0;
    };
    boxed(out, Look::Start, "start");
    boxed(out, Look::Ending, "ending");
    boxed(out, Look::Unreachable, "unreachable");
}

const LOCKED_DASH: &str = " stroke-dasharray=\"4 2.5\"";
const CHANCE_DASH: &str = " stroke-dasharray=\"0.1 2.2\" stroke-linecap=\"round\"";

fn write_box(out: &mut String, r: &Rect, look: Look) {
    let (fill, stroke, extra) = match look {
        Look::Plain => ("#fff", "#333", ""),
        Look::Start => ("#fff", "#111", " stroke-width=\"2\""),
        Look::Ending => (ENDING_FILL, ENDING, " stroke-width=\"1.2\""),
        Look::Unreachable => ("#f2f2f2", "#999", " stroke-dasharray=\"3 2\""),
    };
    let _ = writeln!(
        out,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{fill}\" \
         stroke=\"{stroke}\"{extra}/>",
        r.x, r.y, r.w, r.h
    );
    if look == Look::Ending {
        let _ = writeln!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"2\" fill=\"none\" \
             stroke=\"{ENDING}\" stroke-width=\"0.6\"/>",
            r.x + 2.0,
            r.y + 2.0,
            (r.w - 4.0).max(0.0),
            (r.h - 4.0).max(0.0)
        );
    }
}

/// A tooltip's text, each line escaped on its own so that the lines stay lines.
fn tip(text: &str) -> String {
    text.split('\n').map(xml).collect::<Vec<_>>().join("\n")
}

/// An edge's path as SVG path data: curves that leave and arrive vertically.
fn path_data(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    let Some(&(x0, y0)) = points.first() else {
        return d;
    };
    let _ = write!(d, "M{x0:.1},{y0:.1}");
    for pair in points.windows(2) {
        let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
        if (x1 - x2).abs() < 0.05 || (y1 - y2).abs() < 0.05 {
            let _ = write!(d, " L{x2:.1},{y2:.1}");
        } else {
            let ym = (y1 + y2) / 2.0;
            let _ = write!(d, " C{x1:.1},{ym:.1} {x2:.1},{ym:.1} {x2:.1},{y2:.1}");
        }
    }
    d
}

/// The graph, below the header: lines, then labels over them, then nodes; only what reaches
/// into `band` (from, to, in the graph's own coordinates) when it is given.
fn write_body(out: &mut String, d: &Drawing, band: Option<(f64, f64)>) {
    let shown = |from: f64, to: f64| band.is_none_or(|(top, bottom)| to >= top && from <= bottom);
    let _ = writeln!(
        out,
        "<g transform=\"translate({MARGIN:.1},{:.1})\">",
        d.header_height()
    );
    for (e, path) in d.edges.iter().zip(&d.layout.paths) {
        let ys = path.iter().map(|p| p.1);
        let from = ys.clone().fold(f64::INFINITY, f64::min);
        let to = ys.fold(f64::NEG_INFINITY, f64::max);
        if path.len() < 2 || !shown(from, to) {
            continue;
        }
        let dash = match &e.kind {
            EdgeKind::Choice { needs: Some(_), .. } => LOCKED_DASH,
            EdgeKind::Chance { .. } => CHANCE_DASH,
            _ => "",
        };
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke=\"{LINE_INK}\" stroke-width=\"0.9\"{dash} \
             marker-end=\"url(#arrow)\"/>",
            path_data(path)
        );
    }
    for ((e, block), rect) in d.edges.iter().zip(&d.labels).zip(&d.layout.labels) {
        let (Some(block), Some(r)) = (block, rect) else {
            continue;
        };
        if !shown(r.y, r.bottom()) {
            continue;
        }
        let (fill, stroke) = match &e.kind {
            EdgeKind::Choice { needs: Some(_), .. } => (LOCKED_FILL, LOCKED),
            EdgeKind::Chance { .. } => ("#fff", "#fff"),
            _ => ("#fafafa", "#bbb"),
        };
        let _ = writeln!(out, "<g><title>{}</title>", tip(&block.tip));
        let _ = writeln!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"2\" \
             fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"0.6\"/>",
            r.x, r.y, r.w, r.h
        );
        write_lines(out, r, &block.lines);
        out.push_str("</g>\n");
    }
    for (node, rect) in d.nodes.iter().zip(&d.layout.nodes) {
        let (Some((block, look)), Some(r)) = (node, rect) else {
            continue;
        };
        if !shown(r.y, r.bottom()) {
            continue;
        }
        let _ = writeln!(out, "<g><title>{}</title>", tip(&block.tip));
        write_box(out, r, *look);
        write_lines(out, r, &block.lines);
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

/// The drawing cut into A4 pages between rows, one `<svg>` a page in one HTML file that prints
/// one page a sheet.
pub fn html(s: &Scenario) -> String {
    let d = Drawing::new(s);
    let (w, _) = d.size();
    let scale = d.scale();
    let page_h = page_pt().1 / scale;
    let head = d.header_height();
    let cuts = cuts(&d.layout, page_h - head - MARGIN);
    let pages = cuts.len();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}: the node graph</title>\n<style>\n\
         @page {{ size: A4 portrait; margin: 10mm; }}\n\
         body {{ margin: 0; }}\n\
         svg {{ display: block; overflow: hidden; break-after: page; page-break-after: always; }}\n\
         svg:last-child {{ break-after: auto; page-break-after: auto; }}\n\
         </style>\n</head>\n<body>\n",
        xml(&d.title)
    );
    for (k, &(top, bottom)) in cuts.iter().enumerate() {
        let h = head + (bottom - top) + MARGIN;
        // The page shows the body from `top` under its own header.
        let y0 = top;
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.1}mm\" height=\"{:.1}mm\" \
             viewBox=\"0 {y0:.1} {w:.1} {h:.1}\" {}>",
            w * scale / PT_PER_MM,
            h * scale / PT_PER_MM,
            FONT
        );
        out.push_str(DEFS);
        let _ = writeln!(
            out,
            "<rect y=\"{y0:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#fff\"/>"
        );
        write_body(&mut out, &d, Some((top - 1.0, bottom + 1.0)));
        // Cover what belongs to the pages before and after, then the header.
        let _ = writeln!(
            out,
            "<rect y=\"{y0:.1}\" width=\"{w:.1}\" height=\"{head:.1}\" fill=\"#fff\"/>"
        );
        let below = y0 + head + (bottom - top);
        let _ = writeln!(
            out,
            "<rect y=\"{below:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"#fff\"/>",
            MARGIN + 1.0
        );
        write_header(&mut out, &d, y0, Some((k + 1, pages)));
        if k + 1 < pages {
            write_text(
                &mut out,
                MARGIN,
                below + MARGIN * 0.8,
                &Line {
                    italic: true,
                    colour: MUTED,
                    ..Line::plain(format!("Continues on page {}.", k + 2))
                },
            );
        }
        out.push_str("</svg>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Where to cut the graph into parts of at most `room` points of height, one a page: the top and
/// bottom of each part, in the graph's own coordinates, cutting only between rows of boxes.
fn cuts(layout: &Layout, room: f64) -> Vec<(f64, f64)> {
    let boxes: Vec<Rect> = layout
        .nodes
        .iter()
        .chain(&layout.labels)
        .flatten()
        .copied()
        .collect();
    let free = |y: f64| boxes.iter().all(|b| y <= b.y || y >= b.bottom());
    let mut candidates: Vec<f64> = boxes
        .iter()
        .map(|b| b.y - 3.0)
        .filter(|&y| free(y))
        .collect();
    candidates.sort_by(f64::total_cmp);
    let mut pages = Vec::new();
    let mut top = 0.0;
    while top + room < layout.height {
        let cut = candidates
            .iter()
            .copied()
            .filter(|&y| y > top + 1.0 && y <= top + room)
            .fold(None, |_, y| Some(y))
            .unwrap_or(top + room);
        pages.push((top, cut));
        top = cut;
    }
    pages.push((top, layout.height));
    pages
}
