//! Writing HTML pages (the printable script, the practice report): text made safe to put in one.

/// Text, safe in HTML: `&`, `<`, `>` and `"` escaped, line breaks kept, and other control
/// characters (and direction overrides) shown as visible escapes rather than written into the
/// page.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push_str("<br>");
        }
        let line = line.strip_suffix('\r').unwrap_or(line).replace('\t', " ");
        for c in crate::scenario::diagnostic::escape_controls(&line).chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                c => out.push(c),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn text_is_escaped_and_keeps_its_line_breaks() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(escape("one\r\ntwo"), "one<br>two");
        assert_eq!(escape("bell\u{7}"), "bell\\u{7}");
    }
}
