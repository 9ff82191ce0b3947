//! Benchmarks for rai-models: batch tree prediction.

#![allow(missing_docs)] // reason: criterion_group! generates undocumented functions

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rai_core::Model;

fn tree_predict(c: &mut Criterion) {
    let mut g = c.benchmark_group("tree_predict");
    g.sample_size(20);
    for (trees, depth, rows, features) in [
        (100usize, 6u32, 10_000usize, 30usize),
        (500, 8, 100_000, 30),
    ] {
        let model = rai_benches::random_ensemble(trees, depth, features, 7);
        let x = rai_benches::random_matrix(rows, features, 8);
        g.throughput(Throughput::Elements(rows as u64));
        g.bench_function(format!("trees={trees}/depth={depth}/rows={rows}"), |b| {
            b.iter(|| model.predict_margin(x.view()).map(|m| m.len()))
        });
    }
    g.finish();
}

criterion_group!(benches, tree_predict);
criterion_main!(benches);
