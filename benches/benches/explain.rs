//! Benchmarks for permutation importance, partial dependence and ALE of rai-explain.
//!
//! Model: the real XGBoost model of the Shapley benches (100 trees, depth 6, 30 features,
//! `crates/rai-explain/tests/fixtures/shap/bench_xgb.json.gz`) on 10,000 standard-normal
//! rows (seed 6, as the Python reference draws them), labels = the model's class with 10%
//! flipped. scikit-learn's `permutation_importance` (accuracy, 5 repeats) and
//! `partial_dependence` (brute, 20 grid points, predict_proba) on the same model and data
//! shape are timed by `xtask/fixtures/explain.py --bench`
//! (`crates/rai-explain/tests/fixtures/explain2/bench_reference.json`).
//! `.../random_ensemble` repeats the timings on `rai_benches::random_ensemble` (100 trees,
//! depth 6, 30 features) with `rai_benches::random_matrix` rows.

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: benchmarks may panic on setup failure
#![allow(missing_docs)] // reason: criterion_group! generates undocumented functions

use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::{Array1, Array2};
use rai_core::Model;
use rai_explain::Space;
use rai_explain::ale::Ale;
use rai_explain::importance::{PermutationImportance, Scoring};
use rai_explain::pdp::{GridSpec, PartialDependence};
use rand::Rng;

const ROWS: usize = 10_000;

fn model() -> rai_models::AnyModel {
    let path = format!(
        "{}/../crates/rai-explain/tests/fixtures/shap/bench_xgb.json.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    match rai_models::load_model(path) {
        Ok(m) => m,
        Err(e) => panic!("bench model: {e}"),
    }
}

fn normal_rows(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut rng = rai_core::rng::seeded(seed);
    Array2::from_shape_fn((rows, cols), |_| {
        let u1: f64 = 1.0 - rng.random::<f64>();
        let u2: f64 = rng.random::<f64>();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    })
}

fn labels(model: &dyn Model, x: &Array2<f64>) -> Array1<f64> {
    let m = match model.predict_margin(x.view()) {
        Ok(m) => m,
        Err(e) => panic!("labels: {e}"),
    };
    let n = m.len();
    Array1::from_iter(
        m.iter()
            .enumerate()
            .map(|(i, v)| f64::from(u8::from((*v > 0.0) != (i < n / 10)))),
    )
}

fn run(c: &mut Criterion, name: &str, model: &dyn Model, x: &Array2<f64>) {
    let y = labels(model, x);
    let pi = match PermutationImportance::params()
        .scoring(Scoring::Accuracy)
        .n_repeats(5)
        .seed(0)
        .build()
    {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let mut g = c.benchmark_group("explain");
    g.sample_size(10);
    g.bench_function(
        format!("permutation_importance/{name}/rows={ROWS}/features=30/repeats=5"),
        |b| b.iter(|| pi.compute(model, x.view(), y.view())),
    );
    let pd = PartialDependence {
        grid_resolution: 20,
        space: Space::Probability,
        ..PartialDependence::default()
    };
    g.bench_function(format!("pdp/{name}/rows={ROWS}/grid=20"), |b| {
        b.iter(|| pd.compute(model, x.view(), &[(0, GridSpec::Auto)]))
    });
    let ale = Ale::default();
    g.bench_function(format!("ale/{name}/rows={ROWS}/bins=20"), |b| {
        b.iter(|| ale.compute(model, x.view(), 0))
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let real = model();
    let x = normal_rows(ROWS, 30, 6);
    run(c, "xgboost_100_trees", &real, &x);
    let random = rai_benches::random_ensemble(100, 6, 30, 3);
    let xr = rai_benches::random_matrix(ROWS, 30, 4);
    run(c, "random_ensemble", &random, &xr);
}

criterion_group!(explain, benches);
criterion_main!(explain);
