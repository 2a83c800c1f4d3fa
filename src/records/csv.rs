//! `rapport report --format csv`: one row per decision, for a spreadsheet. Every scale of every
//! scenario in the report has two columns, its change and its value after the decision; a cell is
//! empty where a scenario has no such scale. Quoted as RFC 4180 says.

use std::fmt::Write as _;

use super::Attempt;

/// The CSV text of the decisions of `attempts` (given newest first, as [`super::Records::find`]
/// gives them).
pub fn report(attempts: &[Attempt]) -> String {
    let mut scales: Vec<&str> = Vec::new();
    for a in attempts {
        for s in &a.scenario.scales {
            if !scales.contains(&s.id.as_str()) {
                scales.push(&s.id);
            }
        }
    }
    let mut header: Vec<String> = [
        "attempt",
        "scenario",
        "version",
        "mode",
        "decision",
        "time",
        "seconds taken",
        "node",
        "choice",
        "choice text",
    ]
    .map(String::from)
    .to_vec();
    for s in &scales {
        header.push(format!("{s} change"));
        header.push(format!("{s} value"));
    }
    header.extend(["principles", "ending", "outcome"].map(String::from));
    let mut out = String::new();
    row(&mut out, header.iter().map(String::as_str));
    // Oldest first, as a spreadsheet reads.
    for a in attempts.iter().rev() {
        let s = &a.summary;
        let ending = s.ending.as_ref().map_or("", |e| e.title.as_str());
        let outcome = s.outcome.as_ref().map_or("", |o| o.title.as_str());
        for d in &a.decisions {
            let mut cells: Vec<String> = vec![
                s.id.to_string(),
                s.scenario.clone(),
                s.version.0.clone(),
                s.mode.as_str().to_owned(),
                d.number.to_string(),
                d.at.iso(),
                d.taken()
                    .map_or(String::new(), |t| format!("{:.1}", t.as_secs_f64())),
                d.node.clone(),
                d.choice.to_string(),
                d.text.clone(),
            ];
            for scale in &scales {
                let change = d
                    .effects
                    .iter()
                    .filter(|e| e.score == *scale)
                    .fold(0i64, |sum, e| sum.saturating_add(e.applied));
                match d.scores_after.iter().find(|(id, _)| id == scale) {
                    Some((_, value)) => {
                        cells.push(change.to_string());
                        cells.push(value.to_string());
                    }
                    None => cells.extend([String::new(), String::new()]),
                }
            }
            cells.push(d.principles.join("; "));
            cells.push(ending.to_owned());
            cells.push(outcome.to_owned());
            row(&mut out, cells.iter().map(String::as_str));
        }
    }
    out
}

/// One line of cells, each quoted when it must be, ended with CRLF as RFC 4180 says.
fn row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if cell.contains([',', '"', '\n', '\r']) {
            let _ = write!(out, "\"{}\"", cell.replace('"', "\"\""));
        } else {
            out.push_str(cell);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::row;

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        let mut out = String::new();
        row(
            &mut out,
            ["plain", "a, b", "she said \"no\"", "two\nlines", ""].into_iter(),
        );
        assert_eq!(
            out,
            "plain,\"a, b\",\"she said \"\"no\"\"\",\"two\nlines\",\r\n"
        );
    }
}
