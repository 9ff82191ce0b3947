//! Benchmarks for rai-models: batch tree prediction on random ensembles and on a real
//! XGBoost model (100 trees of depth 6 trained on Adult, 10,000 rows with missing cells).
//!
//! The XGBoost comparison: `python xtask/fixtures/models.py --bench` times xgboost's own
//! `predict(output_margin=True)` on the same model and rows. Set `RAYON_NUM_THREADS` to
//! compare at a fixed thread count.

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: benchmarks may panic on setup failure
#![allow(missing_docs)] // reason: criterion_group! generates undocumented functions

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray::{Array2, Axis};
use rai_core::{CsvOptions, Model, Table};

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

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/rai-models/tests/fixtures"
    ))
    .join(name)
}

/// `eval.csv` (1,000 rows, ~5% missing cells) tiled `times` times, in the model's columns.
fn eval_rows(model: &dyn Model, times: usize) -> Array2<f64> {
    let table = Table::from_csv_path(fixture("eval.csv"), &CsvOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let x = table
        .feature_matrix(model.feature_names())
        .unwrap_or_else(|e| panic!("{e}"));
    let views: Vec<_> = (0..times).map(|_| x.view()).collect();
    ndarray::concatenate(Axis(0), &views).unwrap_or_else(|e| panic!("{e}"))
}

fn xgboost_model_predict(c: &mut Criterion) {
    let mut g = c.benchmark_group("xgboost_model_predict");
    g.sample_size(30);
    let model = rai_models::load_model(fixture("xgb_bench_100x6.json.gz"))
        .unwrap_or_else(|e| panic!("{e}"));
    let x = eval_rows(&model, 10);
    g.throughput(Throughput::Elements(x.nrows() as u64));
    g.bench_function(format!("adult/trees=100/depth=6/rows={}", x.nrows()), |b| {
        b.iter(|| model.predict_margin(x.view()).map(|m| m.len()))
    });
    let load = std::fs::read(fixture("xgb_binary.json")).unwrap_or_else(|e| panic!("{e}"));
    g.bench_function("import/xgb_binary.json/trees=50/depth=4", |b| {
        b.iter(|| rai_models::AnyModel::from_bytes(&load, "xgb_binary.json").map(|_| ()))
    });
    let lgb = std::fs::read(fixture("lgb_binary.txt")).unwrap_or_else(|e| panic!("{e}"));
    g.bench_function("import/lgb_binary.txt/trees=50/leaves=15", |b| {
        b.iter(|| rai_models::AnyModel::from_bytes(&lgb, "lgb_binary.txt").map(|_| ()))
    });
    g.finish();
}

criterion_group!(benches, tree_predict, xgboost_model_predict);
criterion_main!(benches);
