//! Text for the drawing: how wide a line is in Helvetica (or Arial, which has the same widths),
//! cutting and wrapping text to a width, and escaping it for XML.

use crate::scenario::diagnostic::escape_controls;

/// Helvetica's advance widths for ASCII 32..=126, in thousandths of the font size.
const ASCII_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
    556, // '0'..'?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
    778, // '@'..'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, // 'P'..'_'
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556,
    556, // '`'..'o'
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // 'p'..'~'
];

/// Room left for a font that draws a little wider than Helvetica (DejaVu Sans, say).
const SLACK: f64 = 1.03;

/// Bold text is about this much wider than regular.
const BOLD: f64 = 1.1;

fn char_width(c: char) -> f64 {
    let thousandths = match c {
        ' '..='~' => ASCII_WIDTHS[c as usize - 32],
        '\u{a0}' => 278,
        '‘' | '’' | '‚' => 222,
        '“' | '”' | '„' => 333,
        '–' => 556,
        '—' | '…' | '\u{2E80}'.. => 1000,
        _ => 600,
    };
    f64::from(thousandths) / 1000.0
}

/// The width of `text` at `size` points, a little generous so that it fits in most fonts.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = text.chars().map(char_width).sum();
    em * size * SLACK * if bold { BOLD } else { 1.0 }
}

/// `text` on one line with its control characters made visible, quotes around it and runs of
/// spaces removed.
pub fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = joined.trim_matches(['"', '“', '”']).trim();
    escape_controls(trimmed).into_owned()
}

/// `text` cut to fit `max` points, ending in "…" when cut.
pub fn fit(text: &str, size: f64, bold: bool, max: f64) -> String {
    if width(text, size, bold) <= max {
        return text.to_owned();
    }
    let room = max - width("…", size, bold);
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += width(&c.to_string(), size, bold);
        if used > room {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end_matches([' ', '.', ',', '…']))
}

/// `text` wrapped at spaces into at most `lines` lines of at most `max` points; the last line
/// ends in "…" when the text does not fit, and so does a word longer than a line.
pub fn wrap(text: &str, size: f64, max: f64, lines: usize) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if out.len() + 1 >= lines {
            out.push(fit(&words[i..].join(" "), size, false, max));
            break;
        }
        let mut line = words[i].to_owned();
        i += 1;
        while let Some(word) = words.get(i) {
            let candidate = format!("{line} {word}");
            if width(&candidate, size, false) > max {
                break;
            }
            line = candidate;
            i += 1;
        }
        out.push(fit(&line, size, false, max));
    }
    out
}

/// `text` safe inside an XML element or a quoted attribute. Characters XML cannot hold at all
/// (controls, U+FFFE and U+FFFF) are written out as `\u{..}` first.
pub fn xml(text: &str) -> String {
    let visible = escape_controls(text);
    let mut out = String::with_capacity(visible.len());
    for c in visible.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis_within_the_width() {
        let text = "Sorry, Gwen, I'm not allowed. Put it away now.";
        let cut = fit(text, 7.0, false, 80.0);
        assert!(
            cut.ends_with('…') && width(&cut, 7.0, false) <= 80.0,
            "{cut}"
        );
        assert_eq!(fit("Short", 7.0, false, 80.0), "Short");
    }

    #[test]
    fn wrap_keeps_every_line_within_the_width() {
        let text =
            "only if the flag \"explained_rule\" is set and the flag \"promised\" is not set";
        let lines = wrap(text, 7.0, 90.0, 2);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines.iter().all(|l| width(l, 7.0, false) <= 90.0),
            "{lines:?}"
        );
        assert!(lines[1].ends_with('…'));
        assert_eq!(wrap("two words", 7.0, 90.0, 2), ["two words"]);
        let long = wrap("Averyveryveryveryveryverylongword and more", 7.0, 40.0, 3);
        assert!(
            long.iter().all(|l| width(l, 7.0, false) <= 40.0),
            "{long:?}"
        );
    }

    #[test]
    fn xml_escapes_markup_and_characters_xml_cannot_hold() {
        assert_eq!(
            xml("<b>&\"\u{1}\u{FFFF}"),
            "&lt;b&gt;&amp;&quot;\\u{1}\\u{ffff}"
        );
    }
}
