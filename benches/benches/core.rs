//! Benchmarks for rai-core: CSV loading.

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: benchmarks may panic on setup failure
#![allow(missing_docs)] // reason: criterion_group! generates undocumented functions

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rai_core::{CsvOptions, Table};

fn csv_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("csv_load");
    g.sample_size(10);
    for (rows, numeric, categorical) in [(100_000usize, 16usize, 4usize), (1_000_000, 16, 4)] {
        let bytes = rai_benches::synthetic_csv(rows, numeric, categorical, 42);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("rows={rows}/cols={}", numeric + categorical), |b| {
            b.iter(|| {
                Table::from_csv_bytes(&bytes, "bench", &CsvOptions::default()).map(|t| t.n_rows())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, csv_load);
criterion_main!(benches);
