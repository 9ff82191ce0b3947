//! Conformance: imported XGBoost and LightGBM models reproduce the libraries' own margins
//! and probabilities on held-out Adult rows with missing cells.
//!
//! Fixtures come from `xtask/fixtures/models.py` (xgboost 3.2.0, lightgbm 4.7.0).

#![allow(clippy::print_stderr)] // reason: reports the reached error per model with --nocapture
#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use std::path::PathBuf;

use rai_core::{CsvOptions, Model, Table, Task};
use rai_models::{AnyModel, EnsembleSource, load_model};

/// All tolerances of this file.
mod tol {
    /// Margins vs `output_margin=True` / `raw_score=True`.
    pub const MARGIN: f64 = 1e-5;
    /// Probabilities vs the library's `predict`.
    pub const PROBA: f64 = 1e-6;
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(name)
}

fn table(name: &str) -> Table {
    Table::from_csv_path(fixture(name), &CsvOptions::default()).unwrap()
}

fn column(t: &Table, name: &str) -> Vec<f64> {
    let i = t.column_index(name).unwrap();
    t.columns()[i].as_numeric().unwrap().values().to_vec()
}

fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            assert!(x.is_finite() && y.is_finite());
            (x - y).abs()
        })
        .fold(0.0, f64::max)
}

/// Checks one model; `raw_scale` multiplies our margin before comparing with the
/// library's raw output (LightGBM random forests: raw_score is the sum, not the average).
fn check(model_name: &str, file: &str, raw_scale: f64) -> AnyModel {
    let eval = table("eval.csv");
    let expected = table("expected.csv");
    let model = load_model(fixture(file)).unwrap();
    let x = eval.feature_matrix(model.feature_names()).unwrap();
    let n_missing = x.iter().filter(|v| v.is_nan()).count();
    assert!(n_missing > 20, "fixture rows must have missing cells");
    let margin: Vec<f64> = model
        .predict_margin(x.view())
        .unwrap()
        .iter()
        .map(|m| m * raw_scale)
        .collect();
    let reference = column(&expected, model_name);
    let err = max_abs_diff(&margin, &reference);
    eprintln!("{model_name}: max |margin - reference| = {err:.3e}");
    let t = model.as_trees().unwrap();
    if t.source() == EnsembleSource::XGBoost {
        // XGBoost adds leaf values in float32, in tree order, starting from base_score
        let f32_sum = t.predict_margin_f32(x.view()).unwrap().to_vec();
        let err32 = max_abs_diff(&f32_sum, &reference);
        eprintln!("{model_name}: max |float32 leaf sum - reference| = {err32:.3e}");
        assert!(
            err32 <= tol::MARGIN,
            "{model_name}: float32 leaf sum error {err32}"
        );
        // float64 sum: within 1e-5 relative (XGBoost's float32 sum rounds at ~6e-8 relative
        // per addition)
        for (m, r) in margin.iter().zip(&reference) {
            assert!(
                (m - r).abs() <= tol::MARGIN * r.abs().max(1.0),
                "{model_name}: {m} vs {r}"
            );
        }
    } else {
        assert!(err <= tol::MARGIN, "{model_name}: margin error {err}");
    }
    if expected.has_column(&format!("{model_name}__proba")) {
        let p = model.predict(x.view()).unwrap().to_vec();
        let err = max_abs_diff(&p, &column(&expected, &format!("{model_name}__proba")));
        eprintln!("{model_name}: max |probability - reference| = {err:.3e}");
        assert!(err <= tol::PROBA, "{model_name}: probability error {err}");
    }
    model
}

#[test]
fn xgboost_binary_logistic_bracketed_base_score() {
    let m = check("xgb_binary", "xgb_binary.json", 1.0);
    assert_eq!(m.task(), Task::BinaryClassification);
    let t = m.as_trees().unwrap();
    assert_eq!(t.n_trees(), 50);
    assert_eq!(t.source(), EnsembleSource::XGBoost);
    assert!(t.max_depth() <= 4);
}

#[test]
fn xgboost_binary_logistic_plain_base_score() {
    let a = check("xgb_binary_plain_base", "xgb_binary_plain_base.json", 1.0);
    let b = load_model(fixture("xgb_binary.json")).unwrap();
    assert_eq!(a, b);
}

#[test]
fn xgboost_squared_error() {
    let m = check("xgb_reg", "xgb_reg.json", 1.0);
    assert_eq!(m.task(), Task::Regression);
    assert!(!m.feature_names().contains(&"age".to_string()));
}

#[test]
fn xgboost_reg_logistic() {
    let m = check("xgb_reglogistic", "xgb_reglogistic.json", 1.0);
    assert_eq!(m.task(), Task::Regression);
    assert_eq!(m.link(), rai_core::Link::Logistic);
}

#[test]
fn xgboost_logitraw() {
    let m = check("xgb_logitraw", "xgb_logitraw.json", 1.0);
    assert_eq!(m.task(), Task::BinaryClassification);
}

#[test]
fn xgboost_dart_weights() {
    check("xgb_dart", "xgb_dart.json", 1.0);
}

#[test]
fn lightgbm_binary_nan_missing() {
    let m = check("lgb_binary", "lgb_binary.txt", 1.0);
    let t = m.as_trees().unwrap();
    assert_eq!(t.n_trees(), 50);
    assert_eq!(t.source(), EnsembleSource::LightGBM);
}

#[test]
fn lightgbm_binary_zero_as_missing() {
    check("lgb_binary_zero", "lgb_binary_zero.txt", 1.0);
}

#[test]
fn lightgbm_binary_without_missing_handling() {
    check("lgb_binary_nomissing", "lgb_binary_nomissing.txt", 1.0);
}

#[test]
fn lightgbm_regression() {
    let m = check("lgb_reg", "lgb_reg.txt", 1.0);
    assert_eq!(m.task(), Task::Regression);
}

#[test]
fn lightgbm_random_forest_averages() {
    let n = load_model(fixture("lgb_rf.txt"))
        .unwrap()
        .as_trees()
        .unwrap()
        .n_trees();
    assert_eq!(n, 20);
    // LightGBM's raw_score is the sum over trees; our margin is the average
    check("lgb_rf", "lgb_rf.txt", n as f64);
}

#[test]
fn lightgbm_sigmoid_other_than_one() {
    // probability = sigmoid(2 * raw_score), so the log-odds margin is 2 * raw_score
    check("lgb_binary_sigmoid2", "lgb_binary_sigmoid2.txt", 0.5);
}

#[test]
fn xgboost_boosted_random_forest() {
    let m = check("xgb_forest", "xgb_forest.json", 1.0);
    assert_eq!(m.as_trees().unwrap().n_trees(), 10);
}

#[test]
fn lightgbm_single_leaf_tree() {
    let m = check("lgb_single_leaf", "lgb_single_leaf.txt", 1.0);
    assert_eq!(m.as_trees().unwrap().max_depth(), 0);
}

#[test]
fn covers_and_internal_values_are_imported() {
    let x = load_model(fixture("xgb_binary.json")).unwrap();
    let root = x.as_trees().unwrap().tree(0)[0];
    // sum_hessian of the root of the first tree (see the fixture)
    assert!((root.cover - 5780.765).abs() < 1e-3);
    let l = load_model(fixture("lgb_binary.txt")).unwrap();
    for tree in l.as_trees().unwrap().trees() {
        // internal_count of the root = sum of leaf counts
        let leaves: f64 = tree.iter().filter(|n| n.is_leaf()).map(|n| n.cover).sum();
        assert_eq!(tree[0].cover, leaves);
    }
}

#[test]
fn xgboost_deep_gzipped_model() {
    let m = check("xgb_bench_100x6", "xgb_bench_100x6.json.gz", 1.0);
    let t = m.as_trees().unwrap();
    assert_eq!((t.n_trees(), t.max_depth()), (100, 6));
}
