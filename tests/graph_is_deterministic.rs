//! `rapport graph` writes the same DOT, SVG and HTML every time for the same scenario.

mod support;

use rapport::cli::graph::{dot, html, svg};
use rapport::play::synthetic::{Synthetic, generate};
use support::{bundled, parse};

#[test]
fn the_same_scenario_always_gives_the_same_drawing() {
    let looped = parse(&generate(Synthetic {
        nodes: 80,
        cycles: true,
        seed: 5,
    }));
    let mut all: Vec<_> = bundled().into_iter().map(|(_, s)| s).take(3).collect();
    all.push(looped.as_ref().clone());
    for s in all {
        assert_eq!(dot(&s), dot(&s), "{}", s.id);
        assert_eq!(svg(&s), svg(&s), "{}", s.id);
        assert_eq!(html(&s), html(&s), "{}", s.id);
    }
}
