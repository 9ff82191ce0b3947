//! Benchmarks for the Shapley explainers of rai-explain.
//!
//! - `tree_shap/...`: path-dependent TreeSHAP of a real XGBoost model (100 trees, depth 6,
//!   30 features, trained by `xtask/fixtures/shap.py --bench`) on 2,000 rows, with the
//!   fast (table) and the recursive implementation, on 1 and 2 threads. The same model and
//!   rows are timed for XGBoost's `pred_contribs` by the script
//!   (`crates/rai-explain/tests/fixtures/shap/bench_reference.json`).
//! - `tree_shap_random/...`: the same shape on `rai_benches::random_ensemble`.
//! - `kernel_shap/...`: KernelSHAP with 1,000 coalitions per row, 20 background rows and
//!   10 explained rows on the same model, through the generic masked-matrix path and the
//!   tree evaluator (`explain_trees`), and on a logistic regression fitted to the same data
//!   (`bench_logistic.json`); shap's KernelExplainer is timed by the script with the same
//!   settings.

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: benchmarks may panic on setup failure
#![allow(missing_docs)] // reason: criterion_group! generates undocumented functions

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rai_core::{CsvOptions, Model, Table};
use rai_explain::shap::{KernelShap, TreeShap, TreeShapAlgorithm};

fn fixture(name: &str) -> String {
    format!(
        "{}/../crates/rai-explain/tests/fixtures/shap/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn bench_data() -> (rai_models::AnyModel, ndarray::Array2<f64>) {
    let model = match rai_models::load_model(fixture("bench_xgb.json.gz")) {
        Ok(m) => m,
        Err(e) => panic!("bench model: {e}"),
    };
    let table = match Table::from_csv_path(fixture("bench_x.csv.gz"), &CsvOptions::default()) {
        Ok(t) => t,
        Err(e) => panic!("bench rows: {e}"),
    };
    let x = match table.feature_matrix(model.feature_names()) {
        Ok(x) => x,
        Err(e) => panic!("bench rows: {e}"),
    };
    (model, x)
}

fn pool(threads: usize) -> rayon::ThreadPool {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => panic!("thread pool: {e}"),
    }
}

fn tree_shap(c: &mut Criterion) {
    let (model, x) = bench_data();
    let Some(trees) = model.as_trees() else {
        panic!("bench model is not a tree ensemble")
    };
    let random = rai_benches::random_ensemble(100, 6, 30, 7);
    let xr = rai_benches::random_matrix(2000, 30, 8);
    let mut g = c.benchmark_group("tree_shap");
    g.sample_size(10);
    g.throughput(Throughput::Elements(x.nrows() as u64));
    for threads in [1usize, 2] {
        let p = pool(threads);
        for alg in [TreeShapAlgorithm::Fast, TreeShapAlgorithm::Recursive] {
            g.bench_function(
                format!(
                    "xgboost/trees=100/depth=6/rows=2000/features=30/{}/threads={threads}",
                    alg.as_str()
                ),
                |b| {
                    b.iter(|| {
                        p.install(|| {
                            TreeShap::new(trees)
                                .with_algorithm(alg)
                                .explain(x.view())
                                .map(|e| e.n_rows())
                        })
                    })
                },
            );
            g.bench_function(
                format!(
                    "random/trees=100/depth=6/rows=2000/features=30/{}/threads={threads}",
                    alg.as_str()
                ),
                |b| {
                    b.iter(|| {
                        p.install(|| {
                            TreeShap::new(&random)
                                .with_algorithm(alg)
                                .explain(xr.view())
                                .map(|e| e.n_rows())
                        })
                    })
                },
            );
        }
    }
    g.finish();
}

fn kernel_shap(c: &mut Criterion) {
    let (model, x) = bench_data();
    let bg = x.select(ndarray::Axis(0), &(0..20).collect::<Vec<_>>());
    let rows = x.select(ndarray::Axis(0), &(20..30).collect::<Vec<_>>());
    let kernel = match KernelShap::params().n_samples(1000).seed(0).build() {
        Ok(k) => k,
        Err(e) => panic!("{e}"),
    };
    let Some(trees) = model.as_trees() else {
        panic!("bench model is not a tree ensemble")
    };
    let logistic = match rai_models::load_model(fixture("bench_logistic.json")) {
        Ok(m) => m,
        Err(e) => panic!("bench logistic model: {e}"),
    };
    let mut g = c.benchmark_group("kernel_shap");
    g.sample_size(10);
    for threads in [1usize, 2] {
        let p = pool(threads);
        g.bench_function(
            format!(
                "xgboost/generic/nsamples=1000/background=20/rows=10/features=30/threads={threads}"
            ),
            |b| {
                b.iter(|| {
                    p.install(|| {
                        kernel
                            .explain(&model, bg.view(), rows.view())
                            .map(|e| e.n_rows())
                    })
                })
            },
        );
        g.bench_function(
            format!(
                "xgboost/tree_evaluator/nsamples=1000/background=20/rows=10/features=30/threads={threads}"
            ),
            |b| {
                b.iter(|| {
                    p.install(|| {
                        kernel
                            .explain_trees(trees, bg.view(), rows.view())
                            .map(|e| e.n_rows())
                    })
                })
            },
        );
        g.bench_function(
            format!("logistic/nsamples=1000/background=20/rows=10/features=30/threads={threads}"),
            |b| {
                b.iter(|| {
                    p.install(|| {
                        kernel
                            .explain(&logistic, bg.view(), rows.view())
                            .map(|e| e.n_rows())
                    })
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, tree_shap, kernel_shap);
criterion_main!(benches);
