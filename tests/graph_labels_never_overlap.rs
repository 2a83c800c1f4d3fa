//! In `rapport graph`'s drawing, every edge label sits on its own edge, and no label overlaps
//! another label or a node: on every bundled scenario, and on generated ones with loops.

mod support;

use rapport::cli::graph::{Layout, Rect, layout};
use rapport::play::synthetic::{Synthetic, generate};
use support::{bundled, parse};

fn overlapping(boxes: &[(String, Rect)]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, (a, ra)) in boxes.iter().enumerate() {
        for (b, rb) in &boxes[i + 1..] {
            if ra.overlaps(rb) {
                found.push(format!("{a} {ra:?} overlaps {b} {rb:?}"));
            }
        }
    }
    found
}

/// Every problem with the drawing's boxes: overlaps, and labels off their edge.
fn problems(l: &Layout) -> Vec<String> {
    let mut boxes: Vec<(String, Rect)> = Vec::new();
    for (i, r) in l.nodes.iter().enumerate() {
        boxes.extend(r.map(|r| (format!("node {i}"), r)));
    }
    let mut problems = Vec::new();
    for (e, r) in l.labels.iter().enumerate() {
        let Some(r) = r else { continue };
        boxes.push((format!("label of edge {e}"), *r));
        let on = |y: f64| {
            l.paths[e]
                .iter()
                .any(|&(px, py)| (px - r.centre_x()).abs() < 0.01 && (py - y).abs() < 0.01)
        };
        let self_loop = l.paths[e].iter().any(|&(_, py)| (py - r.y).abs() < 0.01);
        if !(on(r.y) && on(r.bottom()) || self_loop) {
            problems.push(format!("the label of edge {e} is not on its path"));
        }
    }
    problems.extend(overlapping(&boxes));
    problems
}

#[test]
fn no_label_overlaps_another_or_a_node_in_any_bundled_scenario() {
    for (path, s) in bundled() {
        let l = layout(&s);
        assert!(
            l.labels.iter().flatten().count() >= 20,
            "{}",
            path.display()
        );
        let found = problems(&l);
        assert!(
            found.is_empty(),
            "{}:\n{}",
            path.display(),
            found.join("\n")
        );
    }
}

#[test]
fn no_label_overlaps_in_generated_scenarios_with_loops() {
    for (nodes, seed) in [(20, 1), (60, 2), (150, 3)] {
        let text = generate(Synthetic {
            nodes,
            cycles: true,
            seed,
        });
        let l = layout(&parse(&text));
        let found = problems(&l);
        assert!(found.is_empty(), "{nodes} nodes:\n{}", found.join("\n"));
    }
}

#[test]
fn parallel_choices_to_the_same_node_get_labels_of_their_own() {
    // Four choices from one decision to one node: four labels side by side, not one on another.
    let s = support::BASE.replacen(
        concat!(
            "(text: \"Go away\", effects: {\"trust\": -10, \"dignity\": -5}, ",
            "feedback: \"Cold.\", next: \"b\"),"
        ),
        "(text: \"Go away\", effects: {\"trust\": -10}, feedback: \"Cold.\", next: \"b\"),
            (text: \"Wave\", effects: {\"trust\": 1}, feedback: \"Fine.\", next: \"b\"),
            (text: \"Nod\", effects: {\"trust\": 2}, feedback: \"Fine.\", next: \"b\"),",
        1,
    );
    let l = layout(&parse(&s));
    assert_eq!(l.labels.iter().take(4).flatten().count(), 4);
    assert!(problems(&l).is_empty(), "{:?}", problems(&l));
}
