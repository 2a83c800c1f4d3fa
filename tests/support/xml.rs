//! A small XML well-formedness check for the SVG that `rapport graph` writes: one root element,
//! every tag closed in order, attributes quoted and given once, only known entities, and no
//! character XML cannot hold.

/// `Ok` when `text` is a well-formed XML document (an optional `<?xml ...?>` first), otherwise
/// what is wrong and where.
pub fn check(text: &str) -> Result<(), String> {
    let mut rest = text.trim_start();
    if rest.starts_with("<?xml") {
        let end = rest.find("?>").ok_or("unclosed XML declaration")?;
        rest = &rest[end + 2..];
    }
    let mut open: Vec<&str> = Vec::new();
    let mut roots = 0;
    let at = |rest: &str| text.len() - rest.len();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("unclosed comment")?;
            rest = &after[end + 3..];
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("unclosed end tag")?;
            let name = after[..end].trim_end();
            match open.pop() {
                Some(top) if top == name => {}
                top => {
                    return Err(format!("at byte {}: </{name}> closes {top:?}", at(rest)));
                }
            }
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end =
                tag_end(after).ok_or_else(|| format!("at byte {}: unclosed tag", at(rest)))?;
            let inner = &after[..end];
            let (inner, empty) = match inner.strip_suffix('/') {
                Some(i) => (i, true),
                None => (inner, false),
            };
            let name = tag(inner).map_err(|e| format!("at byte {}: {e}", at(rest)))?;
            if open.is_empty() {
                roots += 1;
                if roots > 1 {
                    return Err(format!("at byte {}: a second root element", at(rest)));
                }
            }
            if !empty {
                open.push(name);
            }
            rest = &after[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chars = &rest[..end];
            if open.is_empty() && !chars.trim().is_empty() {
                return Err(format!("at byte {}: text outside the root", at(rest)));
            }
            characters(chars).map_err(|e| format!("at byte {}: {e}", at(rest)))?;
            rest = &rest[end..];
        }
    }
    match (open.last(), roots) {
        (Some(name), _) => Err(format!("<{name}> is never closed")),
        (None, 0) => Err("no root element".to_owned()),
        _ => Ok(()),
    }
}

/// Where a tag's `>` is, outside quoted attribute values.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
}

/// The tag's name, once its attributes are found well-formed.
fn tag(inner: &str) -> Result<&str, String> {
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if !is_name(name) {
        return Err(format!("bad tag name {name:?}"));
    }
    let mut rest = inner[name_end..].trim_start();
    let mut seen = Vec::new();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("attribute without a value in <{name}>"))?;
        let attr = rest[..eq].trim();
        if !is_name(attr) {
            return Err(format!("bad attribute name {attr:?} in <{name}>"));
        }
        if seen.contains(&attr) {
            return Err(format!("attribute {attr} twice in <{name}>"));
        }
        seen.push(attr);
        let after = rest[eq + 1..].trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|q| matches!(q, '"' | '\''))
            .ok_or_else(|| format!("unquoted value of {attr} in <{name}>"))?;
        let close = after[1..]
            .find(quote)
            .ok_or_else(|| format!("unclosed value of {attr} in <{name}>"))?;
        let value = &after[1..1 + close];
        if value.contains('<') {
            return Err(format!("< in the value of {attr} in <{name}>"));
        }
        characters(value)?;
        rest = after[close + 2..].trim_start();
        if !rest.is_empty() && after[close + 2..].starts_with(|c: char| !c.is_whitespace()) {
            return Err(format!("no space after the value of {attr} in <{name}>"));
        }
    }
    Ok(name)
}

/// Character data: only characters XML allows, and `&` only in a known entity.
fn characters(text: &str) -> Result<(), String> {
    if let Some(c) = text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    }) {
        return Err(format!(
            "character U+{:04X} is not allowed in XML",
            c as u32
        ));
    }
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let semi = after.find(';').ok_or("& without ;")?;
        let entity = &after[..semi];
        let known = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
            || entity
                .strip_prefix("#x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || entity
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        if !known {
            return Err(format!("unknown entity &{entity};"));
        }
        rest = &after[semi + 1..];
    }
    Ok(())
}
