//! `rapport graph --format svg` writes well-formed XML for every bundled scenario, and for text
//! full of markup and control characters; `--format html` writes one well-formed `<svg>` a page.

mod support;

use rapport::cli::graph::{html, svg};
use support::{bundled, edit, parse, xml};

#[test]
fn the_checker_finds_broken_xml() {
    assert!(xml::check("<svg><g></svg>").is_err());
    assert!(xml::check("<svg>a & b</svg>").is_err());
    assert!(xml::check("<svg x=\"1\" x=\"2\"/>").is_err());
    assert!(xml::check("<svg x=1/>").is_err());
    assert!(xml::check("<svg/><svg/>").is_err());
    assert!(xml::check("<svg>\u{1}</svg>").is_err());
    assert!(xml::check("<svg a=\"&amp;\"><g/>&lt;&#x41;</svg>").is_ok());
}

#[test]
fn every_bundled_scenario_gives_well_formed_svg() {
    for (path, s) in bundled() {
        let out = svg(&s);
        assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        if let Err(e) = xml::check(&out) {
            panic!("{}: {e}", path.display());
        }
    }
}

#[test]
fn markup_and_control_characters_in_the_text_stay_text() {
    let text = edit(
        "text: \"Hello.\"",
        "text: \"<b>&amp; \\\"hi\\\"\\u{1}\\u{ffff}</b>\"",
    );
    let text = text.replacen("title: \"Base\"", "title: \"A & B <c>\"", 1);
    let text = text.replacen("(text: \"Hi\"", "(text: \"<i>Hi</i> & \\u{7}\"", 1);
    let out = svg(&parse(&text));
    xml::check(&out).unwrap();
    assert!(out.contains("A &amp; B &lt;c&gt;"), "{out}");
    assert!(out.contains("&lt;i&gt;Hi&lt;/i&gt; &amp; \\u{7}"), "{out}");
}

#[test]
fn each_html_page_is_a_well_formed_svg() {
    for (path, s) in bundled() {
        let page = html(&s);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("@page { size: A4 portrait"));
        let mut pages = 0;
        for part in page.split("<svg ").skip(1) {
            let end = part.find("</svg>").expect("every page closes") + "</svg>".len();
            if let Err(e) = xml::check(&format!("<svg {}", &part[..end])) {
                panic!("{}: {e}", path.display());
            }
            pages += 1;
        }
        assert!(pages >= 1, "{}", path.display());
    }
}
