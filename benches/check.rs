//! `rapport check` on generated scenarios of 1k, 10k and 100k nodes, stage by stage.
//! Goals: 10k nodes checked in <= 0.3 s; validation plus analysis no slower than parsing;
//! 100k nodes in <= 11x the 10k time; the same with thousands of warnings, rendered. Run with
//! `cargo bench --bench check`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rapport::play::synthetic::{Synthetic, generate};
use rapport::scenario::analyze::analyze;
use rapport::scenario::check_source;
use rapport::scenario::load::parse_scenario;
use rapport::scenario::validate::validate;

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(1));
    for nodes in [1_000, 10_000, 100_000] {
        let text = generate(Synthetic {
            nodes,
            cycles: false,
            seed: 7,
        });
        let scenario = parse_scenario(&text).expect("generated scenarios parse");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", nodes), &text, |b, t| {
            b.iter(|| parse_scenario(black_box(t)));
        });
        group.bench_with_input(BenchmarkId::new("validate", nodes), &scenario, |b, s| {
            b.iter(|| validate(black_box(s), None));
        });
        group.bench_with_input(BenchmarkId::new("analyse", nodes), &scenario, |b, s| {
            b.iter(|| analyze(black_box(s)));
        });
        group.bench_with_input(BenchmarkId::new("total", nodes), &text, |b, t| {
            b.iter(|| check_source(black_box(t), None));
        });
    }
    group.finish();
}

/// `rapport analyze` on a 10k-node scenario with loops (the interval analysis). Goal: <= 1 s.
fn analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(1));
    let text = generate(Synthetic {
        nodes: 10_000,
        cycles: true,
        seed: 7,
    });
    let scenario = parse_scenario(&text).expect("generated scenarios parse");
    group.bench_function("10000-with-loops", |b| {
        b.iter(|| rapport::play::analysis::survey(black_box(&scenario), 100_000));
    });
    group.finish();
}

/// A chain of `nodes` decisions of which `every`-th sets a flag nothing reads (W006) and offers a
/// choice locked behind a flag nothing sets (W005): the bad case of a file with thousands of
/// warnings, each of which is located, given a "did you mean" and rendered.
fn with_warnings(nodes: usize, every: usize) -> String {
    let mut out = String::from(
        "#![enable(implicit_some)]\n(\n    id: \"warned\", title: \"W\", summary: \"S.\",\n    scores: [(id: \"trust\", label: \"Trust\", start: 50)],\n    characters: [],\n    start: \"n0\",\n    nodes: [\n",
    );
    for i in 0..nodes {
        let next = if i + 1 == nodes {
            "end".to_owned()
        } else {
            format!("n{}", i + 1)
        };
        let (set, lock) = if i % every == 0 {
            (
                format!("set: [\"unread{i}\"], "),
                format!(
                    "(text: \"b\", feedback: \"f\", requires: Flag(\"unset{i}\"), locked_hint: \"h\", next: \"{next}\"), "
                ),
            )
        } else {
            (String::new(), String::new())
        };
        out.push_str(&format!(
            "        (id: \"n{i}\", text: \"Line {i}.\", choices: [(text: \"a\", effects: {{\"trust\": 1}}, feedback: \"f\", {set}next: \"{next}\"), {lock}(text: \"c\", effects: {{\"trust\": -1}}, feedback: \"f\", next: \"{next}\")]),\n"
        ));
    }
    out.push_str("        (id: \"end\", ending: (title: \"E\", summary: \"E.\")),\n    ],\n)\n");
    out
}

/// `rapport check` with its report rendered, on files with many warnings. Goals: 10k nodes with
/// 1,000 warnings in <= 0.3 s; 100k nodes with 10,000 warnings in <= 11x that.
fn warnings(c: &mut Criterion) {
    let mut group = c.benchmark_group("warnings");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(1));
    for (nodes, every) in [(10_000, 20), (100_000, 20), (10_000, 1)] {
        let text = with_warnings(nodes, every);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("warned.ron");
        std::fs::write(&path, &text).expect("written");
        let report = rapport::scenario::check_paths(
            std::slice::from_ref(&path),
            &rapport::scenario::CheckOptions::default(),
        );
        let warned = report.count(rapport::scenario::Severity::Warning);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new(
                "check-and-render",
                format!("{nodes}-nodes-{warned}-warnings"),
            ),
            &path,
            |b, p| {
                b.iter(|| {
                    let report = rapport::scenario::check_paths(
                        std::slice::from_ref(black_box(p)),
                        &rapport::scenario::CheckOptions::default(),
                    );
                    rapport::cli::check_text(&report, false)
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, check, analysis, warnings);
criterion_main!(benches);
