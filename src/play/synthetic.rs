//! Synthetic scenarios of any size, for benchmarks and robustness tests: decisions of three
//! choices with effects, conditions and flags, chance nodes, and endings, optionally with loops
//! back to earlier nodes. Every generated scenario is valid, so it measures the happy path.

use std::fmt::Write as _;

use super::SessionRng;

/// Options for [`generate`].
#[derive(Clone, Copy, Debug)]
pub struct Synthetic {
    /// How many nodes (at least 4).
    pub nodes: usize,
    /// Add choices that lead back to earlier nodes.
    pub cycles: bool,
    pub seed: u64,
}

/// RON text for a valid scenario shaped by `options` (about 700 bytes a node).
pub fn generate(options: Synthetic) -> String {
    let n = options.nodes.max(4);
    let mut rng = SessionRng::new(options.seed);
    // The last nodes are endings, one per 100 nodes (at least two).
    let endings = (n / 100).max(2);
    let first_ending = n - endings;
    let mut out = String::with_capacity(n * 720);
    out.push_str("#![enable(implicit_some)]\n(\n    id: \"synthetic\",\n    title: \"Synthetic scenario\",\n");
    let _ = writeln!(
        out,
        "    summary: \"A generated scenario with {n} nodes.\","
    );
    out.push_str(concat!(
        "    scores: [\n",
        "        (id: \"trust\", label: \"Trust\", start: 50),\n",
        "        (id: \"dignity\", label: \"Dignity\", start: 50),\n",
        "        (id: \"boundaries\", label: \"Boundaries\", start: 50),\n",
        "    ],\n",
        "    characters: [(id: \"sam\", name: \"Sam\", role: \"Support worker\")],\n",
        "    start: \"n0\",\n    nodes: [\n",
    ));
    let target = |rng: &mut SessionRng, i: usize| -> usize {
        let step = 1 + rng.below(3) as usize;
        (i + step).min(n - 1)
    };
    for i in 0..first_ending {
        if i % 10 == 9 {
            let a = target(&mut rng, i);
            let b = target(&mut rng, i);
            let _ = writeln!(
                out,
                "        (id: \"n{i}\", narration: \"Something happens that nobody planned.\", chance: [(weight: 2, next: \"n{a}\"), (weight: 1, next: \"n{b}\")]),"
            );
            continue;
        }
        let _ = write!(
            out,
            "        (\n            id: \"n{i}\",\n            speaker: \"sam\",\n            text: \"Line {i}: a question that needs a careful answer from the trainee.\",\n            narration: \"They look up, waiting.\",\n            choices: [\n"
        );
        for c in 0..3 {
            let mut next = target(&mut rng, i);
            if options.cycles && c == 2 && i > 10 && rng.below(4) == 0 {
                next = i - 1 - rng.below(10) as usize;
            }
            let (t, d, b) = (
                rng.below(21) as i64 - 10,
                rng.below(21) as i64 - 10,
                rng.below(21) as i64 - 10,
            );
            let _ = write!(
                out,
                "                (text: \"Option {c} at {i}\", effects: {{\"trust\": {t}, \"dignity\": {d}, \"boundaries\": {b}}}, feedback: \"Why option {c} matters here.\", principles: [\"empathy\"], "
            );
            match (c, i % 7) {
                (1, 0) => out.push_str("set: [\"f"),
                (1, 3) => out.push_str("unset: [\"f"),
                _ => {}
            }
            if c == 1 && (i % 7 == 0 || i % 7 == 3) {
                let _ = write!(out, "{}\"], ", i % 13);
            }
            if c == 2 && i % 5 == 0 {
                let _ = write!(
                    out,
                    "requires: Any([ScoreAtLeast(\"trust\", 40), Flag(\"f{}\")]), locked_hint: \"Earn more trust first.\", ",
                    i % 13
                );
            }
            let _ = writeln!(out, "next: \"n{next}\"),");
        }
        out.push_str("            ],\n        ),\n");
    }
    for i in first_ending..n {
        let _ = writeln!(
            out,
            "        (id: \"n{i}\", ending: (title: \"Ending {i}\", summary: \"One of the ways this can end.\")),"
        );
    }
    out.push_str(concat!(
        "    ],\n    outcomes: [\n",
        "        (when: All([ScoreAtLeast(\"trust\", 60), ScoreAtLeast(\"boundaries\", 50)]), title: \"Strong\", text: \"Well done.\"),\n",
        "        (when: Flag(\"f0\"), title: \"Flagged\", text: \"A flag was set.\"),\n",
        "        (when: Always, title: \"Finished\", text: \"The end.\"),\n",
        "    ],\n)\n",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::check_source;

    #[test]
    fn generated_scenarios_check_clean_with_and_without_cycles() {
        for cycles in [false, true] {
            let text = generate(Synthetic {
                nodes: 500,
                cycles,
                seed: 1,
            });
            let checked = check_source(&text, None);
            let errors: Vec<_> = checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .collect();
            assert!(errors.is_empty(), "{errors:#?}");
            assert_eq!(checked.scenario.unwrap().nodes.len(), 500);
        }
    }

    #[test]
    fn size_is_about_700_bytes_a_node() {
        let text = generate(Synthetic {
            nodes: 1000,
            cycles: false,
            seed: 1,
        });
        assert!((500_000..900_000).contains(&text.len()), "{}", text.len());
    }
}
