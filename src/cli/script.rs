//! `rapport script FILE`: the whole scenario as one printable page, for a colleague or a ward
//! manager to review: the briefing, people and scores, then every step in reading order with its
//! lines, facilitator notes and choices (effects, feedback, principles, conditions), and every
//! ending with its verdicts. One self-contained HTML file that prints well on A4.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::play::load_for;
use crate::html::escape;
use crate::play::describe;
use crate::play::wording::{choice_changes, joined};
use crate::scenario::{
    Catalogue, ChanceBranch, Choice, Condition, Ending, Node, NodeKind, Scenario,
};

#[derive(Debug, Args)]
pub struct ScriptArgs {
    /// The scenario file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the page to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ScriptArgs) -> ExitCode {
    let (scenario, catalogue) = match load_for(&args.file, "making a script") {
        Ok(loaded) => loaded,
        Err(message) => {
            super::say(&message);
            return ExitCode::from(1);
        }
    };
    let file = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let page = html(&scenario, catalogue.as_ref(), &file);
    super::write_output(args.output.as_deref(), &page)
}

/// The printable page for `scenario`; `file` is the scenario's file name, named at the foot.
pub fn html(scenario: &Scenario, catalogue: Option<&Catalogue>, file: &str) -> String {
    let mut page = Page::new(scenario, catalogue);
    page.head();
    page.briefing();
    page.people_and_scores();
    page.steps();
    page.principles();
    page.foot(file);
    page.out
}

/// The CSS of the page: A4 with margins in print, a readable column on screen, a serif at 11 pt,
/// and no page break inside a step, a choice or a box where it can be helped.
const STYLE: &str = concat!(
    "@page { size: A4; margin: 18mm 17mm 18mm 17mm; }\n",
    "* { box-sizing: border-box; }\n",
    "html { font-size: 11pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n",
    "body { font-family: Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, ",
    "'Noto Serif', 'DejaVu Serif', 'Liberation Serif', serif; line-height: 1.4; ",
    "color: #1b1b1b; background: #fff; max-width: 46em; margin: 2.5em auto; padding: 0 1.5em; }\n",
    ".sans, h2, .kicker, .kind, .label, .k, th, .num { font-family: system-ui, 'Segoe UI', ",
    "'Helvetica Neue', Arial, 'DejaVu Sans', 'Liberation Sans', sans-serif; }\n",
    "h1 { font-size: 2.1em; line-height: 1.15; margin: .15em 0 .35em; }\n",
    "h2 { font-size: 1.25em; margin: 1.6em 0 .5em; padding-bottom: .2em; ",
    "border-bottom: 2px solid #0b5f63; color: #0b5f63; break-after: avoid; }\n",
    "p { margin: .35em 0; }\n",
    "a { color: #0b5f63; }\n",
    ".kicker { text-transform: uppercase; letter-spacing: .1em; font-size: .8em; color: #555; ",
    "margin: 0; }\n",
    ".summary { font-size: 1.15em; }\n",
    ".guide { color: #444; break-after: avoid; }\n",
    ".keep { break-inside: avoid; }\n",
    "table { border-collapse: collapse; width: 100%; margin: .4em 0; }\n",
    "th, td { text-align: left; vertical-align: top; padding: .3em .8em .3em 0; ",
    "border-bottom: 1px solid #d6d6d6; }\n",
    "th { font-size: .85em; color: #444; font-weight: 600; white-space: nowrap; }\n",
    "tr { break-inside: avoid; }\n",
    ".facts th { width: 9em; }\n",
    ".nowrap { white-space: nowrap; }\n",
    "ul { margin: .3em 0; padding-left: 1.3em; }\n",
    ".content-note, .facilitator { border-radius: 4px; padding: .45em .8em; margin: .6em 0; ",
    "break-inside: avoid; -webkit-box-decoration-break: clone; box-decoration-break: clone; }\n",
    ".content-note { border: 1.5px solid #8a5a00; background: #fdf5e6; }\n",
    ".content-note .label { color: #6b4600; }\n",
    ".facilitator { border: 1.5px solid #0b5f63; border-left-width: 6px; background: #eaf4f3; }\n",
    ".step { break-inside: avoid; border-top: 1px solid #9a9a9a; margin-top: 1.1em; ",
    "padding-top: .4em; }\n",
    ".step h3 { display: flex; align-items: baseline; gap: .7em; margin: 0 0 .3em; ",
    "font-size: 1em; break-after: avoid; }\n",
    ".num { font-size: 1.25em; font-weight: 700; color: #0b5f63; }\n",
    ".id { font-family: ui-monospace, Consolas, 'DejaVu Sans Mono', monospace; ",
    "font-size: .85em; font-weight: normal; color: #555; }\n",
    ".kind { margin-left: auto; font-size: .75em; font-weight: 600; text-transform: uppercase; ",
    "letter-spacing: .08em; color: #555; }\n",
    ".narration { font-style: italic; color: #333; border-left: 3px solid #c4c4c4; ",
    "padding-left: .8em; margin: .45em 0; }\n",
    ".speaker { font-variant: small-caps; font-weight: 700; letter-spacing: .04em; ",
    "margin: .5em 0 0; break-after: avoid; }\n",
    ".role { font-variant: normal; font-weight: normal; letter-spacing: 0; color: #555; }\n",
    ".words { margin: .1em 0 .45em 1.6em; }\n",
    ".label { margin: 0 0 .1em; font-size: .78em; font-weight: 700; ",
    "text-transform: uppercase; letter-spacing: .08em; color: #0b5f63; }\n",
    ".choices { list-style: none; padding: 0; margin: .5em 0 0; }\n",
    ".choice { break-inside: avoid; border-left: 3px solid #777; padding: .05em 0 .05em .8em; ",
    "margin: .7em 0; }\n",
    ".say { margin: 0 0 .2em; }\n",
    ".choice-num { font-weight: 700; color: #0b5f63; margin-right: .3em; }\n",
    ".detail { margin: .12em 0; }\n",
    ".k { font-size: .75em; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; ",
    "color: #555; margin-right: .35em; white-space: nowrap; }\n",
    ".detail a { white-space: nowrap; }\n",
    ".sep { color: #888; }\n",
    ".then { margin: .5em 0 0; }\n",
    ".ending-title { font-weight: 700; font-size: 1.1em; border-left: 6px solid #333; ",
    "padding-left: .6em; margin: .4em 0; }\n",
    // Numbered by hand: Chromium restarts a list's numbers on a new page.
    ".verdicts { list-style: none; padding: 0; margin: .2em 0 0; }\n",
    ".verdicts li { margin: .3em 0; padding-left: 1.5em; text-indent: -1.5em; ",
    "break-inside: avoid; }\n",
    ".when { color: #444; }\n",
    ".principle { margin: .3em 0; break-inside: avoid; }\n",
    ".source { color: #555; }\n",
    "footer { margin-top: 2.5em; padding-top: .5em; border-top: 1px solid #bbb; ",
    "font-size: .85em; color: #555; }\n",
    "@media print { body { max-width: none; margin: 0; padding: 0; } ",
    "a { color: inherit; text-decoration: none; } }\n",
);

/// The page as it is written, with each step's number in reading order.
struct Page<'a> {
    s: &'a Scenario,
    catalogue: Option<&'a Catalogue>,
    /// Node indices in reading order, then those no path from the start reaches.
    order: Order,
    /// Each node id's step number (1-based, in reading order).
    number: HashMap<&'a str, usize>,
    out: String,
}

/// The nodes in reading order.
struct Order {
    reached: Vec<usize>,
    unreached: Vec<usize>,
}

impl<'a> Page<'a> {
    fn new(s: &'a Scenario, catalogue: Option<&'a Catalogue>) -> Self {
        let order = reading_order(s);
        let mut number = HashMap::new();
        for (n, &i) in order.reached.iter().chain(&order.unreached).enumerate() {
            number.entry(s.nodes[i].id.as_str()).or_insert(n + 1);
        }
        Self {
            s,
            catalogue,
            order,
            number,
            out: String::with_capacity(64 * 1024),
        }
    }

    fn push(&mut self, html: &str) {
        self.out.push_str(html);
    }

    fn head(&mut self) {
        let title = escape(&self.s.title);
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}: scenario script</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n"
        );
    }

    fn briefing(&mut self) {
        let s = self.s;
        self.push("<header>\n<p class=\"kicker\">Scenario script</p>\n");
        let _ = writeln!(self.out, "<h1>{}</h1>", escape(&s.title));
        let _ = writeln!(self.out, "<p class=\"summary\">{}</p>", escape(&s.summary));
        self.push("</header>\n");
        let mut facts: Vec<(&str, String)> = Vec::new();
        if let Some(setting) = &s.setting {
            facts.push(("Setting", escape(setting)));
        }
        if let Some(relationship) = s.relationship {
            facts.push(("Relationship", escape(relationship.label())));
        }
        if let Some(minutes) = s.duration_minutes {
            let unit = if minutes == 1 { "minute" } else { "minutes" };
            facts.push(("Length", format!("About {minutes} {unit}")));
        }
        if s.shuffle_choices {
            facts.push((
                "Choices",
                "Shown in a random order in play; written here in the order of the file."
                    .to_owned(),
            ));
        }
        if !facts.is_empty() {
            self.push("<table class=\"facts\">\n");
            for (name, value) in facts {
                let _ = writeln!(self.out, "<tr><th>{name}</th><td>{value}</td></tr>");
            }
            self.push("</table>\n");
        }
        if let Some(note) = &s.content_note {
            let _ = writeln!(
                self.out,
                "<aside class=\"content-note\"><p class=\"label\">Content note</p>\
                 <p>{}</p></aside>",
                escape(note)
            );
        }
        if !s.objectives.is_empty() {
            self.push("<h2>Objectives</h2>\n<ul>\n");
            for objective in &s.objectives {
                let _ = writeln!(self.out, "<li>{}</li>", escape(objective));
            }
            self.push("</ul>\n");
        }
    }

    fn people_and_scores(&mut self) {
        let s = self.s;
        if !s.characters.is_empty() {
            self.push("<section class=\"keep\">\n<h2>The people</h2>\n<table>\n");
            self.push("<tr><th>Name</th><th>Role</th></tr>\n");
            for c in &s.characters {
                let _ = writeln!(
                    self.out,
                    "<tr><td>{}</td><td>{}</td></tr>",
                    escape(&c.name),
                    escape(&c.role)
                );
            }
            self.push("</table>\n</section>\n");
        }
        self.push("<section class=\"keep\">\n<h2>The scores</h2>\n<table>\n");
        // The column of descriptions only where a score has one.
        let described = s.scores.iter().any(|score| !score.description.is_empty());
        self.push("<tr><th>Score</th><th>Starts at</th><th>Range</th>");
        if described {
            self.push("<th>What it measures</th>");
        }
        self.push("</tr>\n");
        for score in &s.scores {
            let _ = write!(
                self.out,
                "<tr><td>{}</td><td>{}</td><td class=\"nowrap\">{} to {}</td>",
                escape(&score.label),
                score.start,
                score.min,
                score.max,
            );
            if described {
                let _ = write!(self.out, "<td>{}</td>", escape(&score.description));
            }
            self.push("</tr>\n");
        }
        self.push("</table>\n</section>\n");
    }

    fn steps(&mut self) {
        self.push("<h2>The scenario, step by step</h2>\n");
        self.push(concat!(
            "<p class=\"guide\">Each step is numbered in reading order, starting from the first ",
            "scene; a branch is kept together, and where branches meet comes after them all. ",
            "Every choice says which step it leads to. Beside each number, in grey, is the ",
            "step's name in the scenario file.</p>\n",
        ));
        if self.catalogue.is_none() {
            self.push(concat!(
                "<p class=\"guide\">No principles catalogue (principles.ron) was found beside ",
                "the scenario, so principles are named as the file writes them.</p>\n",
            ));
        }
        let reached = std::mem::take(&mut self.order.reached);
        for &i in &reached {
            self.step(i);
        }
        let unreached = std::mem::take(&mut self.order.unreached);
        if !unreached.is_empty() {
            self.push("<h2>Steps no path reaches</h2>\n");
            self.push(concat!(
                "<p class=\"guide\">No path from the start leads to these steps, so trainees ",
                "never see them (<span class=\"sans\">rapport check</span> warns about ",
                "them).</p>\n",
            ));
            for &i in &unreached {
                self.step(i);
            }
        }
    }

    fn step(&mut self, i: usize) {
        let s = self.s;
        let node = &s.nodes[i];
        let (class, kind) = match node.kind() {
            Some(NodeKind::Choices(_)) => ("decision", "Decision"),
            Some(NodeKind::Next(_)) => ("scene", "Scene"),
            Some(NodeKind::Chance(_)) => ("chance", "Chance"),
            Some(NodeKind::Ending(_)) => ("ending", "Ending"),
            None => ("scene", "Step"),
        };
        let start = if node.id == s.start { "Start · " } else { "" };
        let _ = write!(
            self.out,
            "<section class=\"step {class}\" id=\"{}\">\n<h3><span class=\"num\">{}</span> \
             <span class=\"id\">{}</span><span class=\"kind\">{start}{kind}</span></h3>\n",
            anchor(node.id.as_str()),
            self.number.get(node.id.as_str()).copied().unwrap_or(0),
            escape(node.id.as_str())
        );
        self.scene(node);
        match node.kind() {
            Some(NodeKind::Choices(choices)) => self.choices(choices),
            Some(NodeKind::Next(next)) => {
                let link = self.link(next.as_str());
                let _ = writeln!(self.out, "<p class=\"then\">Then on to {link}.</p>");
            }
            Some(NodeKind::Chance(branches)) => self.chance(branches),
            Some(NodeKind::Ending(ending)) => self.ending(node.id.as_str(), ending),
            None => {}
        }
        self.push("</section>\n");
    }

    /// The narration, the line (with who says it) and the facilitator note.
    fn scene(&mut self, node: &Node) {
        if let Some(narration) = &node.narration {
            let _ = writeln!(self.out, "<p class=\"narration\">{}</p>", escape(narration));
        }
        if let Some(text) = &node.text {
            let speaker = node
                .speaker
                .as_ref()
                .and_then(|id| self.s.character(id.as_str()));
            match speaker {
                Some(c) => {
                    let _ = writeln!(
                        self.out,
                        "<p class=\"speaker\">{} <span class=\"role\">({})</span></p>\n\
                         <p class=\"words\">{}</p>",
                        escape(&c.name),
                        escape(&c.role),
                        escape(text)
                    );
                }
                None => {
                    let _ = writeln!(self.out, "<p class=\"text\">{}</p>", escape(text));
                }
            }
        }
        if let Some(note) = &node.facilitator_note {
            let _ = writeln!(
                self.out,
                "<aside class=\"facilitator\"><p class=\"label\">For the facilitator</p>\
                 <p>{}</p></aside>",
                escape(note)
            );
        }
    }

    fn choices(&mut self, choices: &[Choice]) {
        self.push("<ol class=\"choices\">\n");
        for (n, choice) in choices.iter().enumerate() {
            self.choice(n + 1, choice);
        }
        self.push("</ol>\n");
    }

    fn choice(&mut self, n: usize, c: &Choice) {
        let _ = writeln!(
            self.out,
            "<li class=\"choice\">\n<p class=\"say\"><span class=\"choice-num\">Choice {n}</span> \
             {}</p>",
            escape(&c.text)
        );
        let mut first = vec![("Effects", escape(&effects_text(self.s, c)))];
        if let Some(next) = &c.next {
            first.push(("Leads to", self.link(next.as_str())));
        }
        self.detail(&first);
        let feedback = c
            .feedback
            .as_deref()
            .map_or_else(|| "None written.".to_owned(), escape);
        self.detail(&[("Feedback", feedback)]);
        if !c.principles.is_empty() {
            let names: Vec<String> = c
                .principles
                .iter()
                .map(|p| escape(self.catalogue.map_or(p.as_str(), |k| k.name(p.as_str()))))
                .collect();
            self.detail(&[("Principles", names.join("; "))]);
        }
        match (&c.requires, &c.locked_hint) {
            (Some(requires), hint) => {
                let when = escape(&condition_text(requires, self.s));
                let otherwise = hint.as_deref().map_or_else(
                    || "otherwise it is hidden.".to_owned(),
                    |h| {
                        format!(
                            "otherwise it is shown locked, with the hint “{}”",
                            escape(h)
                        )
                    },
                );
                self.detail(&[("Offered when", format!("{when}; {otherwise}"))]);
            }
            (None, Some(hint)) => self.detail(&[(
                "Locked hint",
                format!(
                    "“{}” (never shown: the choice has no condition)",
                    escape(hint)
                ),
            )]),
            (None, None) => {}
        }
        let mut flags = Vec::new();
        if !c.set.is_empty() {
            flags.push(("Sets", flags_text(&c.set)));
        }
        if !c.unset.is_empty() {
            flags.push(("Clears", flags_text(&c.unset)));
        }
        if !flags.is_empty() {
            self.detail(&flags);
        }
        self.push("</li>\n");
    }

    /// One line of a choice's details: each name in small capitals before its value (already
    /// escaped), the pairs separated by a dot.
    fn detail(&mut self, pairs: &[(&str, String)]) {
        let parts: Vec<String> = pairs
            .iter()
            .map(|(name, html)| format!("<span class=\"k\">{name}</span>&nbsp;{html}"))
            .collect();
        let _ = writeln!(
            self.out,
            "<p class=\"detail\">{}</p>",
            parts.join("<span class=\"sep\"> · </span>")
        );
    }

    /// "by chance: 3 in 4 to 7 kitchen, 1 in 4 to 8 spill".
    fn chance(&mut self, branches: &[ChanceBranch]) {
        let total: i128 = branches.iter().map(|b| i128::from(b.weight.max(0))).sum();
        let parts: Vec<String> = branches
            .iter()
            .map(|b| {
                let (part, whole) = reduce(i128::from(b.weight.max(0)), total);
                format!("{part} in {whole} to {}", self.link(b.next.as_str()))
            })
            .collect();
        let _ = writeln!(
            self.out,
            "<p class=\"then\">Then, by chance: {}.</p>",
            parts.join(", ")
        );
    }

    /// The ending, and the verdicts that can follow it, each with its condition.
    fn ending(&mut self, id: &str, ending: &Ending) {
        let _ = writeln!(
            self.out,
            "<p class=\"ending-title\">The end: {}</p>\n<p>{}</p>",
            escape(&ending.title),
            escape(&ending.summary)
        );
        if !self.s.outcomes.is_empty() {
            self.verdicts(id);
        }
    }

    fn verdicts(&mut self, ending: &str) {
        let s = self.s;
        let outcomes: Vec<_> = s.outcomes_at(ending).collect();
        if outcomes.is_empty() {
            self.push("<p>No verdict is shown at this ending.</p>\n");
            return;
        }
        self.push(concat!(
            "<p class=\"label\">Verdicts at this ending</p>\n",
            "<p>The debrief shows the first of these that fits.</p>\n",
            "<ul class=\"verdicts\">\n",
        ));
        let mut always = false;
        for (n, o) in outcomes.iter().enumerate() {
            let when = match (&o.when, n) {
                (Condition::Always, 0) => "In every case".to_owned(),
                (Condition::Always, _) => "Otherwise".to_owned(),
                (when, _) => format!("If {}", escape(&condition_text(when, s))),
            };
            always |= o.when == Condition::Always;
            let _ = writeln!(
                self.out,
                "<li>{}. <span class=\"when\">{when}:</span> <strong>{}</strong><br>{}</li>",
                n + 1,
                escape(&o.title),
                escape(&o.text)
            );
            if always {
                break;
            }
        }
        if !always {
            let _ = writeln!(
                self.out,
                "<li>{}. <span class=\"when\">Otherwise:</span> no verdict is shown.</li>",
                outcomes.len() + 1
            );
        }
        self.push("</ul>\n");
    }

    /// A link to the step `id`: its number and name; plain text when there is no such step.
    fn link(&self, id: &str) -> String {
        match self.number.get(id) {
            Some(n) => format!(
                "<a href=\"#{}\">step {n} <span class=\"id\">{}</span></a>",
                anchor(id),
                escape(id)
            ),
            None => format!("<span class=\"id\">{}</span>", escape(id)),
        }
    }

    /// The principles the scenario cites, as the catalogue explains them.
    fn principles(&mut self) {
        let Some(catalogue) = self.catalogue else {
            return;
        };
        let mut cited: Vec<&str> = self
            .s
            .nodes
            .iter()
            .flat_map(|n| n.choices.iter().flatten())
            .flat_map(|c| c.principles.iter().map(|p| p.as_str()))
            .filter(|p| catalogue.contains(p))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if cited.is_empty() {
            return;
        }
        cited.sort_by_key(|id| catalogue.name(id).to_lowercase());
        self.push("<h2>The principles cited</h2>\n");
        for id in cited {
            if let Some(p) = catalogue.get(id) {
                let _ = writeln!(
                    self.out,
                    "<p class=\"principle\"><strong>{}.</strong> {} \
                     <span class=\"source\">({})</span></p>",
                    escape(&p.name),
                    escape(&p.summary),
                    escape(&p.source)
                );
            }
        }
    }

    fn foot(&mut self, file: &str) {
        let _ = write!(
            self.out,
            "<footer>Script of <span class=\"id\">{}</span>, made by Rapport.</footer>\n\
             </body>\n</html>\n",
            escape(file)
        );
    }
}

/// The nodes in reading order: the start, then depth first through the choices and branches as
/// written, with each node placed after every node that leads to it (loops aside), so a branch
/// reads together and the step where branches meet comes after them all. Then, in file order,
/// the nodes no path from the start reaches.
fn reading_order(s: &Scenario) -> Order {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(s.nodes.len());
    for (i, n) in s.nodes.iter().enumerate() {
        index.entry(n.id.as_str()).or_insert(i);
    }
    let successors = |i: usize| -> Vec<usize> {
        let mut once = HashSet::new();
        s.nodes[i]
            .successors()
            .filter_map(|id| index.get(id.as_str()).copied())
            .filter(|&j| once.insert(j))
            .collect()
    };
    let mut seen = vec![false; s.nodes.len()];
    // Reverse postorder, visiting the last-written successor first, so that reversed the first
    // written comes first. Iterative, so a scenario of any depth cannot overflow the stack.
    let mut finished = Vec::with_capacity(s.nodes.len());
    if let Some(&start) = index.get(s.start.as_str()) {
        seen[start] = true;
        let mut stack = vec![(start, successors(start))];
        while let Some((node, waiting)) = stack.last_mut() {
            match waiting.pop() {
                Some(next) if !seen[next] => {
                    seen[next] = true;
                    stack.push((next, successors(next)));
                }
                Some(_) => {}
                None => {
                    finished.push(*node);
                    stack.pop();
                }
            }
        }
    }
    finished.reverse();
    let unreached = (0..s.nodes.len()).filter(|&i| !seen[i]).collect();
    Order {
        reached: finished,
        unreached,
    }
}

/// A choice's effects with the scores' labels: "+5 Trust, -10 Dignity".
fn effects_text(s: &Scenario, c: &Choice) -> String {
    joined(&choice_changes(s, c), "No change to the scores")
}

/// Flag names, escaped, in quotes: "asked_name", "texting".
fn flags_text(flags: &[crate::scenario::Flag]) -> String {
    flags
        .iter()
        // The same straight quotes as conditions use ("the flag "x" is set"), so a reader can
        // match a flag that is set with the condition that reads it.
        .map(|f| format!("&quot;{}&quot;", escape(f.as_str())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A condition in plain words, without the brackets round a list at the top.
fn condition_text(c: &Condition, s: &Scenario) -> String {
    let text = describe(c, s);
    match c {
        Condition::All(_) | Condition::Any(_) => text
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(')'))
            .map_or_else(|| text.clone(), str::to_owned),
        _ => text,
    }
}

/// `part` in `whole` in lowest terms: 2 in 4 is 1 in 2.
fn reduce(part: i128, whole: i128) -> (i128, i128) {
    let (mut a, mut b) = (part, whole);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    if a == 0 {
        (part, whole)
    } else {
        (part / a, whole / a)
    }
}

/// The name of a step's place in the page: the node id itself when it is made of letters,
/// digits, `-` and `.`; otherwise every other byte is written as `_` and two hex digits, so two
/// different ids never share a place and the name needs no further escaping.
fn anchor(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "_{b:02x}");
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_plain_ids_or_distinct_escapes() {
        assert_eq!(anchor("end-warm"), "end-warm");
        assert_eq!(anchor("a b"), "a_20b");
        assert_ne!(anchor("a b"), anchor("a_20b"));
        assert_eq!(anchor("\"><x"), "_22_3e_3cx");
        assert_eq!(anchor(""), "_");
    }

    #[test]
    fn chances_are_in_lowest_terms() {
        assert_eq!(reduce(3, 4), (3, 4));
        assert_eq!(reduce(2, 4), (1, 2));
        assert_eq!(reduce(0, 4), (0, 1));
    }
}
