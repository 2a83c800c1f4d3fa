//! `rapport check` on generated scenarios of 1k, 10k and 100k nodes, stage by stage.
//! Goals: 10k nodes checked in <= 0.3 s; validation plus analysis no slower than parsing;
//! 100k nodes in <= 11x the 10k time. Run with `cargo bench --bench check`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rapport::scenario::analyze::analyze;
use rapport::scenario::check_source;
use rapport::scenario::load::parse_scenario;
use rapport::scenario::synthetic::{Synthetic, generate};
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
        b.iter(|| rapport::play::analysis::analyse(black_box(&scenario), 100_000));
    });
    group.finish();
}

criterion_group!(benches, check, analysis);
criterion_main!(benches);
