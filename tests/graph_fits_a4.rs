//! `rapport graph --format svg` sizes the drawing for A4 portrait: a scenario of 20 nodes fits
//! one page (190 by 277 mm inside 10 mm margins) with no text smaller than 6 points; a larger
//! one keeps its text at 6 points or more and grows longer, and `--format html` cuts it into
//! A4 pages.

mod support;

use rapport::cli::graph::{html, svg};
use rapport::play::synthetic::{Synthetic, generate};
use support::{bundled, parse};

/// The value of `name="..."` in the first tag.
fn attr<'a>(svg: &'a str, name: &str) -> &'a str {
    let head = &svg[..svg.find('>').unwrap()];
    let start = head.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    &head[start..start + head[start..].find('"').unwrap()]
}

/// The printed size in millimetres, and the smallest text in points on paper.
fn printed(svg: &str) -> (f64, f64, f64) {
    let mm = |v: &str| v.strip_suffix("mm").unwrap().parse::<f64>().unwrap();
    let (w, h) = (mm(attr(svg, "width")), mm(attr(svg, "height")));
    let view: Vec<f64> = attr(svg, "viewBox")
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let points_per_unit = w / view[2] * 72.0 / 25.4;
    let mut smallest = attr(svg, "font-size").parse::<f64>().unwrap();
    for part in svg.split(" font-size=\"").skip(2) {
        smallest = smallest.min(part[..part.find('"').unwrap()].parse().unwrap());
    }
    (w, h, smallest * points_per_unit)
}

#[test]
fn a_twenty_node_scenario_fits_one_a4_page_at_a_readable_size() {
    let generated = generate(Synthetic {
        nodes: 20,
        cycles: false,
        seed: 7,
    });
    let brooch = bundled()
        .into_iter()
        .find(|(_, s)| s.id == "the-brooch")
        .map(|(_, s)| s)
        .unwrap();
    assert_eq!(brooch.nodes.len(), 20);
    for s in [parse(&generated).as_ref().clone(), brooch] {
        let out = svg(&s);
        let (w, h, text) = printed(&out);
        assert!(w <= 190.05 && h <= 277.05, "{}: {w} by {h} mm", s.id);
        assert!(text >= 5.99, "{}: text of {text:.2} points", s.id);
    }
}

#[test]
fn a_large_scenario_keeps_its_text_readable_and_prints_on_several_pages() {
    let text = generate(Synthetic {
        nodes: 120,
        cycles: false,
        seed: 3,
    });
    let s = parse(&text);
    let out = svg(&s);
    let (w, h, smallest) = printed(&out);
    assert!(w <= 190.05, "{w} mm wide");
    assert!(h > 277.0, "{h} mm: a long drawing");
    assert!(smallest >= 5.99, "text of {smallest:.2} points");
    let pages = html(&s);
    let count = pages.matches("<svg ").count();
    assert!(count >= 2, "{count} pages");
    for page in pages.split("<svg ").skip(1) {
        let (w, h, smallest) = printed(&format!("<svg {page}"));
        assert!(w <= 190.05 && h <= 277.05, "a page of {w} by {h} mm");
        assert!(smallest >= 5.99, "text of {smallest:.2} points");
    }
    assert!(pages.contains("Continues on page 2."));
}

#[test]
fn every_bundled_scenario_prints_within_a4_width_at_a_readable_size() {
    for (path, s) in bundled() {
        let (w, _, smallest) = printed(&svg(&s));
        assert!(w <= 190.05, "{}: {w} mm wide", path.display());
        assert!(
            smallest >= 5.99,
            "{}: text of {smallest:.2} points",
            path.display()
        );
    }
}
