//! `rapport report --format html`: a practice record to print or keep, one page: who, when, each
//! attempt's briefing, the path with what was said, the feedback and principles, a chart of each
//! score over the decisions, the outcome, the trainee's reflection and, for a group, the room's
//! votes and the time spent; a box for a supervisor to sign at the end. Self-contained (no files,
//! fonts or scripts from elsewhere), A4 in print, a readable column on screen. All text escaped.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::time::{Timestamp, readable_duration};
use super::{Attempt, Decision, Mode, ScenarioRecord};
use crate::html::escape;

/// What the report is about, for its heading.
#[derive(Clone, Debug, Default)]
pub struct Cover {
    /// The trainee, as they named themselves.
    pub name: Option<String>,
    /// When the report was made.
    pub made: Option<Timestamp>,
    /// What was chosen: "attempt 12", "scenario gift, 2025-03-01 to 2025-03-31", "everything".
    pub covers: String,
}

/// The CSS: A4 with margins in print, a readable column on screen, no break inside a decision.
const STYLE: &str = concat!(
    "@page { size: A4; margin: 16mm 16mm 18mm 16mm; }\n",
    "* { box-sizing: border-box; }\n",
    "html { font-size: 10.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n",
    "body { font-family: Charter, 'Bitstream Charter', Cambria, Georgia, 'Noto Serif', ",
    "'DejaVu Serif', 'Liberation Serif', serif; line-height: 1.4; color: #1b1b1b; ",
    "background: #fff; max-width: 48em; margin: 2em auto; padding: 0 1.5em; }\n",
    "h1, h2, h3, th, .k, .kicker, .tag, .legend, figcaption, .sign { font-family: system-ui, ",
    "'Segoe UI', 'Helvetica Neue', Arial, 'DejaVu Sans', 'Liberation Sans', sans-serif; }\n",
    "h1 { font-size: 1.9em; margin: .1em 0 .3em; color: #0b5f63; }\n",
    "h2 { font-size: 1.35em; margin: 0 0 .3em; color: #0b5f63; }\n",
    "h3 { font-size: 1.02em; margin: 1.1em 0 .35em; padding-bottom: .15em; ",
    "border-bottom: 1.5px solid #0b5f63; color: #0b5f63; break-after: avoid; }\n",
    "p { margin: .3em 0; }\n",
    ".kicker { text-transform: uppercase; letter-spacing: .1em; font-size: .8em; color: #555; ",
    "margin: 0; }\n",
    "table { border-collapse: collapse; width: 100%; margin: .3em 0; }\n",
    "th, td { text-align: left; vertical-align: top; padding: .25em .7em .25em 0; ",
    "border-bottom: 1px solid #d6d6d6; }\n",
    "th { font-size: .85em; color: #444; font-weight: 600; }\n",
    "tr { break-inside: avoid; }\n",
    ".facts th { width: 9.5em; white-space: nowrap; }\n",
    ".attempt { margin-top: 2.2em; padding-top: 1em; border-top: 3px double #0b5f63; }\n",
    ".briefing { background: #f4f8f8; border-left: 5px solid #0b5f63; padding: .4em .8em; ",
    "margin: .6em 0; break-inside: avoid; }\n",
    ".note { border: 1.5px solid #8a5a00; background: #fdf5e6; padding: .3em .7em; ",
    "margin: .4em 0; }\n",
    ".outcome { border: 1.5px solid #333; padding: .4em .8em; margin: .5em 0; ",
    "break-inside: avoid; }\n",
    ".outcome .title { font-weight: 700; font-size: 1.1em; }\n",
    ".unfinished { border-style: dashed; }\n",
    "figure { margin: .4em 0; break-inside: avoid; }\n",
    "figcaption, .legend { font-size: .85em; color: #444; }\n",
    ".legend span { margin-right: 1.4em; white-space: nowrap; }\n",
    "svg { width: 100%; height: auto; display: block; }\n",
    "ol.path { list-style: none; padding: 0; margin: 0; }\n",
    ".decision { break-inside: avoid; border-left: 3px solid #9a9a9a; padding: .1em 0 .1em .8em; ",
    "margin: .8em 0; }\n",
    ".decision .head { font-family: system-ui, 'DejaVu Sans', sans-serif; font-size: .85em; ",
    "color: #444; margin: 0; }\n",
    ".decision .head b { color: #0b5f63; font-size: 1.15em; margin-right: .4em; }\n",
    ".said { margin: .25em 0 .25em 0; font-style: italic; }\n",
    ".chose { margin: .25em 0; }\n",
    ".k { font-size: .74em; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; ",
    "color: #555; margin-right: .4em; }\n",
    ".up { color: #1d6b2a; } .down { color: #9b1c1c; }\n",
    ".votes { width: auto; font-size: .9em; margin: .3em 0 .2em; }\n",
    ".votes td { padding-right: 1.2em; }\n",
    ".votes .mine td { font-weight: 700; }\n",
    ".reflection dt { font-weight: 700; margin-top: .5em; }\n",
    ".reflection dd { margin: .2em 0 .4em 0; padding: .3em .6em; border-left: 3px solid #c4c4c4; }\n",
    ".empty { color: #555; font-style: italic; }\n",
    ".sign { margin-top: 2.5em; border: 1.5px solid #333; padding: .8em 1em; ",
    "break-inside: avoid; }\n",
    ".sign h3 { margin-top: 0; }\n",
    ".sign table td { border: none; padding: 1.2em .8em .2em 0; vertical-align: bottom; }\n",
    ".line { border-bottom: 1px solid #333 !important; width: 60%; }\n",
    ".box { height: 5.5em; border: 1px solid #999; margin-top: .4em; }\n",
    "footer { margin-top: 1.5em; font-size: .8em; color: #555; }\n",
    "@media print { body { max-width: none; margin: 0; padding: 0; } ",
    ".attempt { break-before: page; margin-top: 0; border-top: none; padding-top: 0; } ",
    ".attempt.first { break-before: auto; margin-top: 1.5em; } }\n",
);

/// The whole report.
pub fn report(attempts: &[Attempt], cover: &Cover) -> String {
    let mut out = String::with_capacity(4096 + attempts.len() * 6000);
    let who = cover.name.as_deref().map(escape);
    let title = match &who {
        Some(name) => format!("Practice record: {name}"),
        None => "Practice record".to_owned(),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n\
         <p class=\"kicker\">Rapport · relationship skills practice</p>\n<h1>{title}</h1>\n"
    );
    let _ = writeln!(
        out,
        "<table class=\"facts\"><tr><th>Trainee</th><td>{}</td></tr>",
        who.as_deref()
            .unwrap_or("<span class=\"empty\">not named in Rapport</span>")
    );
    let _ = writeln!(
        out,
        "<tr><th>Covers</th><td>{} ({})</td></tr>",
        escape(&cover.covers),
        count(attempts.len(), "attempt", "attempts")
    );
    if let (Some(first), Some(last)) = (attempts.last(), attempts.first()) {
        let _ = writeln!(
            out,
            "<tr><th>Practised</th><td>{} to {}</td></tr>",
            first.summary.started.date(),
            last.summary.started.date()
        );
    }
    if let Some(made) = cover.made {
        let _ = writeln!(out, "<tr><th>Report made</th><td>{made}</td></tr>");
    }
    out.push_str("</table>\n");
    if attempts.len() > 1 {
        contents(&mut out, attempts);
    }
    out.push_str("</header>\n");
    if attempts.is_empty() {
        out.push_str("<p class=\"empty\">No attempts were recorded for what was chosen.</p>\n");
    }
    // Oldest first, as a portfolio reads. A scenario version's briefing is written once and
    // repeated for each attempt at it.
    let mut briefings: HashMap<&str, String> = HashMap::new();
    for (n, a) in attempts.iter().rev().enumerate() {
        let briefing = briefings
            .entry(a.summary.version.0.as_str())
            .or_insert_with(|| briefing(&a.scenario));
        attempt(&mut out, a, briefing, n == 0);
    }
    sign_box(&mut out);
    out.push_str(
        "<footer>Made by Rapport from the practice records kept on the trainee's computer. \
         Times are in UTC. Scores are the scenario's own measures of the relationship, \
         not a grade.</footer>\n</body>\n</html>\n",
    );
    out
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A table of every attempt, oldest first.
fn contents(out: &mut String, attempts: &[Attempt]) {
    out.push_str(
        "<h3>Attempts</h3>\n<table><tr><th>Date</th><th>Scenario</th><th>Played</th>\
         <th>Decisions</th><th>Outcome</th></tr>\n",
    );
    for a in attempts.iter().rev() {
        let s = &a.summary;
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            s.started.date(),
            escape(&s.title),
            mode_text(s.mode),
            s.decisions,
            verdict(a)
        );
    }
    out.push_str("</table>\n");
}

fn mode_text(mode: Mode) -> &'static str {
    match mode {
        Mode::Alone => "alone",
        Mode::Group => "as a group",
    }
}

/// The outcome's title, or why there is none.
fn verdict(a: &Attempt) -> String {
    match (&a.summary.outcome, &a.summary.ending) {
        (Some(o), _) => escape(&o.title),
        (None, Some(e)) => escape(&e.title),
        (None, None) => "<i>not finished</i>".to_owned(),
    }
}

/// One attempt; the first follows the heading on its page, each other starts a page.
fn attempt(out: &mut String, a: &Attempt, briefing: &str, first: bool) {
    let s = &a.summary;
    let sc = &a.scenario;
    let _ = writeln!(
        out,
        "<section class=\"attempt{}\" id=\"attempt-{}\">\n<p class=\"kicker\">Attempt {} · {}</p>\n<h2>{}</h2>",
        if first { " first" } else { "" },
        s.id,
        s.id,
        s.started.date(),
        escape(&sc.title)
    );
    out.push_str("<table class=\"facts\">\n");
    let _ = writeln!(out, "<tr><th>Started</th><td>{}</td></tr>", s.started);
    match (s.ended, s.duration()) {
        (Some(end), Some(d)) => {
            let _ = writeln!(
                out,
                "<tr><th>Ended</th><td>{end} (took {})</td></tr>",
                readable_duration(d)
            );
        }
        _ => out.push_str("<tr><th>Ended</th><td>not finished</td></tr>\n"),
    }
    let deciding: Vec<Duration> = a.decisions.iter().filter_map(Decision::taken).collect();
    if !deciding.is_empty() {
        let _ = writeln!(
            out,
            "<tr><th>Time deciding</th><td>{} over {}</td></tr>",
            readable_duration(deciding.iter().sum()),
            count(deciding.len(), "decision", "decisions")
        );
    }
    let _ = writeln!(
        out,
        "<tr><th>Played</th><td>{}</td></tr>\n<tr><th>Scenario</th><td>{} · version {} · seed {}</td></tr>\n</table>",
        mode_text(s.mode),
        escape(&sc.id),
        s.version.short(),
        s.seed
    );
    out.push_str(briefing);
    outcome(out, a);
    chart(out, a);
    out.push_str("<h3>The path, decision by decision</h3>\n<ol class=\"path\">\n");
    if a.decisions.is_empty() {
        out.push_str("<li class=\"empty\">No decision was made.</li>\n");
    }
    for d in &a.decisions {
        decision(out, a, d);
    }
    out.push_str("</ol>\n");
    reflection(out, a);
    out.push_str("</section>\n");
}

fn briefing(sc: &ScenarioRecord) -> String {
    let mut out = String::from("<div class=\"briefing\">\n<h3>Briefing</h3>\n");
    let _ = writeln!(out, "<p>{}</p>", escape(&sc.summary));
    if let Some(setting) = &sc.setting {
        let _ = writeln!(
            out,
            "<p><span class=\"k\">Setting</span>{}</p>",
            escape(setting)
        );
    }
    if let Some(note) = &sc.content_note {
        let _ = writeln!(
            out,
            "<p class=\"note\"><span class=\"k\">Content note</span>{}</p>",
            escape(note)
        );
    }
    if !sc.objectives.is_empty() {
        out.push_str("<p><span class=\"k\">Objectives</span></p>\n<ul>\n");
        for o in &sc.objectives {
            let _ = writeln!(out, "<li>{}</li>", escape(o));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n");
    out
}

fn outcome(out: &mut String, a: &Attempt) {
    let s = &a.summary;
    out.push_str("<h3>Outcome</h3>\n");
    if !s.is_finished() {
        let _ = writeln!(
            out,
            "<div class=\"outcome unfinished\"><p class=\"title\">Not finished</p>\
             <p>Stopped after {}.</p></div>",
            count(s.decisions, "decision", "decisions")
        );
        return;
    }
    out.push_str("<div class=\"outcome\">\n");
    if let Some(o) = &s.outcome {
        let _ = writeln!(
            out,
            "<p class=\"title\">{}</p>\n<p>{}</p>",
            escape(&o.title),
            escape(&o.text)
        );
    }
    if let Some(e) = &s.ending {
        let _ = writeln!(
            out,
            "<p><span class=\"k\">How it ended</span><b>{}</b>: {}</p>",
            escape(&e.title),
            escape(&e.summary)
        );
    }
    let finals: Vec<String> = a
        .scores
        .iter()
        .map(|(id, v)| {
            let scale = a.scenario.scales.iter().find(|s| s.id == *id);
            match scale {
                Some(s) => format!("{} {v} of {}", escape(&s.label), s.max),
                None => format!("{} {v}", escape(id)),
            }
        })
        .collect();
    if !finals.is_empty() {
        let _ = writeln!(
            out,
            "<p><span class=\"k\">Final scores</span>{}</p>",
            finals.join(" · ")
        );
    }
    out.push_str("</div>\n");
}

/// Each scale's line in the chart: a colour, a dash pattern and a marker, so that the lines tell
/// apart in black and white too.
const LINES: [(&str, &str, &str); 5] = [
    ("#0b5f63", "", "circle"),
    ("#9b1c1c", "7 4", "square"),
    ("#6b4600", "2 3", "diamond"),
    ("#3b3b9b", "10 3 2 3", "circle"),
    ("#555555", "4 2", "square"),
];

/// An inline SVG line chart of every score from the start through each decision.
fn chart(out: &mut String, a: &Attempt) {
    let series = a.score_series();
    if series.is_empty() || a.decisions.is_empty() {
        return;
    }
    let lo = series.iter().map(|(s, _)| s.min).min().unwrap_or(0);
    let hi = series.iter().map(|(s, _)| s.max).max().unwrap_or(100);
    let span = (hi - lo).max(1) as f64;
    let (w, h, left, right, top, bottom) = (640.0, 210.0, 40.0, 16.0, 10.0, 28.0);
    let steps = a.decisions.len();
    let x = |i: usize| left + (w - left - right) * i as f64 / steps as f64;
    let y = |v: i64| top + (h - top - bottom) * (1.0 - (v - lo) as f64 / span);
    out.push_str("<h3>Scores over the decisions</h3>\n<figure>\n");
    let _ = writeln!(
        out,
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"A chart of each score from the start through each decision\" \
         font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">"
    );
    for k in 0..=4 {
        let v = lo + (hi - lo) * k / 4;
        let yy = y(v);
        let _ = writeln!(
            out,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#d6d6d6\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#555\">{v}</text>",
            w - right,
            left - 6.0,
            yy + 4.0
        );
    }
    // Label every decision when they fit, else every few.
    let every = steps.div_ceil(20).max(1);
    for i in (0..=steps).filter(|i| i % every == 0 || *i == steps) {
        let label = if i == 0 {
            "start".to_owned()
        } else {
            i.to_string()
        };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{label}</text>",
            x(i),
            h - 10.0
        );
    }
    for (n, (scale, values)) in series.iter().enumerate() {
        let (colour, dash, marker) = LINES[n % LINES.len()];
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        let _ = writeln!(
            out,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.2\" stroke-dasharray=\"{dash}\" points=\"{}\"><title>{}</title></polyline>",
            points.join(" "),
            escape(&scale.label)
        );
        for (i, v) in values.iter().enumerate() {
            out.push_str(&mark(marker, colour, x(i), y(*v)));
        }
    }
    out.push_str("</svg>\n<figcaption class=\"legend\">");
    for (n, (scale, values)) in series.iter().enumerate() {
        let (colour, dash, marker) = LINES[n % LINES.len()];
        let first = values.first().copied().unwrap_or(scale.start);
        let last = values.last().copied().unwrap_or(scale.start);
        let _ = write!(
            out,
            "<span><svg width=\"34\" height=\"12\" style=\"display:inline;width:34px;vertical-align:middle\">\
             <line x1=\"2\" x2=\"32\" y1=\"6\" y2=\"6\" stroke=\"{colour}\" stroke-width=\"2.2\" stroke-dasharray=\"{dash}\"/>{}</svg> \
             {} {first} → {last}</span>",
            mark(marker, colour, 17.0, 6.0),
            escape(&scale.label)
        );
    }
    let _ = writeln!(
        out,
        "<br>From the start (left) through each decision; the scale runs from {lo} to {hi}.</figcaption>\n</figure>"
    );
}

/// A marker at (x, y).
fn mark(shape: &str, colour: &str, x: f64, y: f64) -> String {
    match shape {
        "square" => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"{colour}\"/>",
            x - 3.5,
            y - 3.5
        ),
        "diamond" => format!(
            "<path d=\"M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z\" fill=\"{colour}\"/>",
            y - 4.5,
            x + 4.5,
            y + 4.5,
            x - 4.5
        ),
        _ => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"{colour}\"/>"),
    }
}

fn decision(out: &mut String, a: &Attempt, d: &Decision) {
    let group = d.votes.is_some();
    let _ = write!(
        out,
        "<li class=\"decision\">\n<p class=\"head\"><b>{}</b>{}",
        d.number,
        d.at.readable()
    );
    if let Some(t) = d.taken() {
        let _ = write!(
            out,
            " · {} {}",
            if group { "the room took" } else { "took" },
            readable_duration(t)
        );
    }
    out.push_str("</p>\n");
    let node = a.node(d);
    match (
        node.and_then(|n| n.speaker.as_ref()),
        node.and_then(|n| n.line.as_ref()),
    ) {
        (Some(who), Some(line)) => {
            let _ = writeln!(
                out,
                "<p class=\"said\"><span class=\"k\">{}</span>“{}”</p>",
                escape(who),
                escape(line)
            );
        }
        (None, Some(line)) => {
            let _ = writeln!(out, "<p class=\"said\">{}</p>", escape(line));
        }
        _ => {}
    }
    let _ = writeln!(
        out,
        "<p class=\"chose\"><span class=\"k\">{}</span>{}</p>",
        if group { "The room chose" } else { "You said" },
        escape(&d.text)
    );
    let changes: Vec<String> = d
        .changes(&a.scenario)
        .iter()
        .map(|c| {
            let class = if c.delta >= 0 { "up" } else { "down" };
            format!("<span class=\"{class}\">{}</span>", escape(&c.to_string()))
        })
        .collect();
    let _ = writeln!(
        out,
        "<p><span class=\"k\">Effect</span>{}</p>",
        if changes.is_empty() {
            "no change to the scores".to_owned()
        } else {
            changes.join(", ")
        }
    );
    if let Some(fb) = &d.feedback {
        let _ = writeln!(out, "<p><span class=\"k\">Why</span>{}</p>", escape(fb));
    }
    if !d.principles.is_empty() {
        let names: Vec<String> = d
            .principles
            .iter()
            .map(|p| escape(a.scenario.principle_name(p)))
            .collect();
        let _ = writeln!(
            out,
            "<p><span class=\"k\">Principles</span>{}</p>",
            names.join(" · ")
        );
    }
    if let Some(votes) = &d.votes {
        let total = votes.iter().fold(0u32, |s, v| s.saturating_add(*v));
        let _ = writeln!(
            out,
            "<table class=\"votes\"><tr><th>How the room voted ({})</th><th>Votes</th></tr>",
            count(total as usize, "vote", "votes")
        );
        for o in node.map_or(&[][..], |n| &n.options) {
            let n = o
                .number
                .checked_sub(1)
                .and_then(|i| votes.get(i))
                .copied()
                .unwrap_or(0);
            let _ = writeln!(
                out,
                "<tr{}><td>{}</td><td>{n}</td></tr>",
                if o.number == d.choice {
                    " class=\"mine\""
                } else {
                    ""
                },
                escape(&o.text)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</li>\n");
}

fn reflection(out: &mut String, a: &Attempt) {
    out.push_str("<h3>Reflection</h3>\n");
    let written: Vec<_> = a
        .reflection
        .iter()
        .filter(|r| !r.answer.trim().is_empty())
        .collect();
    if written.is_empty() {
        out.push_str(
            "<p class=\"empty\">No reflection was written in Rapport for this attempt.</p>\n",
        );
        return;
    }
    out.push_str("<dl class=\"reflection\">\n");
    for r in written {
        let _ = writeln!(
            out,
            "<dt>{}</dt>\n<dd>{}</dd>",
            escape(&r.prompt),
            escape(&r.answer)
        );
    }
    out.push_str("</dl>\n");
}

fn sign_box(out: &mut String) {
    out.push_str(
        "<div class=\"sign\">\n<h3>Supervisor's confirmation</h3>\n\
         <p>I have discussed this practice with the trainee.</p>\n\
         <p><span class=\"k\">Comments</span></p><div class=\"box\"></div>\n<table>\n\
         <tr><td>Supervisor's name</td><td class=\"line\"></td></tr>\n\
         <tr><td>Role</td><td class=\"line\"></td></tr>\n\
         <tr><td>Signature</td><td class=\"line\"></td></tr>\n\
         <tr><td>Date</td><td class=\"line\"></td></tr>\n</table>\n</div>\n",
    );
}
