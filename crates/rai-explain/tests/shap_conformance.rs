//! Conformance of the Shapley explainers with XGBoost 3.2.0, LightGBM 4.7.0 and shap 0.51.0
//! on UCI Adult (fixtures from `xtask/fixtures/shap.py`, including rows with missing cells).

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use std::path::PathBuf;

use ndarray::{Array2, ArrayView2};
use rai_core::{CsvOptions, Model, Table};
use rai_explain::Explanation;
use rai_explain::shap::{
    ExactShap, InterventionalTreeShap, KernelShap, LinearShap, PermutationShap, TreeShap,
    TreeShapAlgorithm,
};
use rai_models::AnyModel;

/// Tolerances, in one place (absolute, margin space).
mod tol {
    /// TreeSHAP vs XGBoost `pred_contribs` / LightGBM `pred_contrib` (the bound;
    /// XGBoost accumulates in float32).
    pub const TREE: f64 = 1e-5;
    /// Interaction values vs XGBoost `pred_interactions`.
    pub const INTERACTIONS: f64 = 1e-5;
    /// Exact / Kernel (all coalitions) / interventional TreeSHAP vs shap: shap evaluates the
    /// XGBoost model in float32, we in float64.
    pub const AGNOSTIC: f64 = 1e-5;
    /// LinearSHAP vs shap.LinearExplainer (same closed form).
    pub const LINEAR: f64 = 1e-9;
    /// PermutationSHAP (random) vs shap's random PermutationExplainer: both near Exact.
    pub const PERMUTATION: f64 = 0.03;
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/shap")).join(name)
}

fn table(name: &str) -> Table {
    Table::from_csv_path(fixture(name), &CsvOptions::default()).unwrap()
}

fn load(name: &str) -> AnyModel {
    rai_models::load_model(fixture(name)).unwrap()
}

fn max_abs_diff(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>) -> f64 {
    assert_eq!(a.dim(), b.dim());
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

/// Compares an explanation with a contributions file (features, `bias`, `margin`).
fn check_contribs(e: &Explanation, expected: &Table, names: &[String], tol: f64) {
    let want = expected.feature_matrix(names).unwrap();
    let d = max_abs_diff(e.values(), want.view());
    assert!(d < tol, "{}: max |diff| = {d:e}", e.algorithm());
    let bias = expected.feature_matrix(&["bias"]).unwrap();
    for i in 0..e.n_rows() {
        assert!((e.base_value(i) - bias[[i, 0]]).abs() < tol, "bias row {i}");
    }
}

fn tree_model(name: &str) -> rai_models::TreeEnsemble {
    match load(name) {
        AnyModel::Trees(t) => t,
        other => panic!("{name}: expected a tree ensemble, got {other:?}"),
    }
}

#[test]
fn tree_shap_equals_xgboost_pred_contribs() {
    let model = tree_model("xgb_binary.json");
    let names = model.feature_names().to_vec();
    let x = table("eval.csv").feature_matrix(&names).unwrap();
    assert!(x.iter().any(|v| v.is_nan()), "fixture has missing cells");
    let expected = table("xgb_contribs.csv");
    for alg in [TreeShapAlgorithm::Recursive, TreeShapAlgorithm::Fast] {
        let e = TreeShap::new(&model)
            .with_algorithm(alg)
            .explain(x.view())
            .unwrap();
        check_contribs(&e, &expected, &names, tol::TREE);
    }
}

#[test]
fn tree_shap_equals_lightgbm_pred_contrib() {
    let model = tree_model("lgb_binary.txt");
    let names = model.feature_names().to_vec();
    let x = table("eval.csv").feature_matrix(&names).unwrap();
    let expected = table("lgb_contribs.csv");
    for alg in [TreeShapAlgorithm::Recursive, TreeShapAlgorithm::Fast] {
        let e = TreeShap::new(&model)
            .with_algorithm(alg)
            .explain(x.view())
            .unwrap();
        check_contribs(&e, &expected, &names, tol::TREE);
        let margin = model.predict_margin(x.view()).unwrap();
        assert!(e.efficiency_gap(margin.view()).unwrap() < 1e-9);
    }
}

#[test]
fn interaction_values_equal_xgboost_pred_interactions() {
    let model = tree_model("xgb_binary.json");
    let names = model.feature_names().to_vec();
    let x = table("eval.csv").feature_matrix(&names).unwrap();
    let text = std::fs::read_to_string(fixture("xgb_interactions.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let want = json["values"].as_array().unwrap();
    let got = TreeShap::new(&model).interaction_values(x.view()).unwrap();
    let m = names.len();
    let mut worst: f64 = 0.0;
    for (r, mat) in want.iter().enumerate() {
        for i in 0..=m {
            for j in 0..=m {
                let w = mat[i][j].as_f64().unwrap();
                let g = match (i == m, j == m) {
                    (false, false) => got.values()[[r, i, j]],
                    (true, true) => got.base_value(),
                    _ => 0.0,
                };
                worst = worst.max((w - g).abs());
            }
        }
    }
    assert!(worst < tol::INTERACTIONS, "max |diff| = {worst:e}");
}

struct Small {
    model: AnyModel,
    background: Array2<f64>,
    x: Array2<f64>,
    expected: serde_json::Value,
}

fn small() -> Small {
    let model = load("small_xgb.json");
    let names = model.feature_names().to_vec();
    let text = std::fs::read_to_string(fixture("small_expected.json")).unwrap();
    Small {
        background: table("small_background.csv")
            .feature_matrix(&names)
            .unwrap(),
        x: table("small_eval.csv").feature_matrix(&names).unwrap(),
        expected: serde_json::from_str(&text).unwrap(),
        model,
    }
}

fn matrix(v: &serde_json::Value) -> Array2<f64> {
    let rows = v.as_array().unwrap();
    let m = rows[0].as_array().unwrap().len();
    Array2::from_shape_fn((rows.len(), m), |(i, j)| rows[i][j].as_f64().unwrap())
}

fn check_against(e: &Explanation, expected: &serde_json::Value, tol: f64) {
    let d = max_abs_diff(e.values(), matrix(&expected["values"]).view());
    assert!(d < tol, "{}: max |diff| = {d:e}", e.algorithm());
    let base = expected["base_values"][0].as_f64().unwrap();
    assert!(
        (e.base_value(0) - base).abs() < tol,
        "{}: base",
        e.algorithm()
    );
}

#[test]
fn exact_kernel_and_interventional_equal_shap() {
    let s = small();
    let exact = ExactShap
        .explain(&s.model, s.background.view(), s.x.view())
        .unwrap();
    check_against(&exact, &s.expected["exact"], tol::AGNOSTIC);
    let trees = s.model.as_trees().unwrap();
    let exact_trees = ExactShap
        .explain_trees(trees, s.background.view(), s.x.view())
        .unwrap();
    check_against(&exact_trees, &s.expected["exact"], tol::AGNOSTIC);
    let n = s.expected["kernel"]["nsamples"].as_u64().unwrap() as usize;
    let kernel = KernelShap::params()
        .n_samples(n)
        .seed(0)
        .build()
        .unwrap()
        .explain(&s.model, s.background.view(), s.x.view())
        .unwrap();
    check_against(&kernel, &s.expected["kernel"], tol::AGNOSTIC);
    let interventional = InterventionalTreeShap::new(trees, s.background.view())
        .unwrap()
        .explain(s.x.view())
        .unwrap();
    check_against(
        &interventional,
        &s.expected["interventional"],
        tol::AGNOSTIC,
    );
}

#[test]
fn permutation_is_close_to_shap_permutation_and_exact() {
    let s = small();
    let perm = PermutationShap::params()
        .n_permutations(200)
        .seed(0)
        .build()
        .unwrap()
        .explain(&s.model, s.background.view(), s.x.view())
        .unwrap();
    check_against(&perm, &s.expected["permutation"], tol::PERMUTATION);
    check_against(&perm, &s.expected["exact"], tol::PERMUTATION);
}

#[test]
fn linear_equals_shap_linear_explainer() {
    let model = load("small_logistic.json");
    let s = small();
    let lin = LinearShap::new(model.as_linear().unwrap(), s.background.view())
        .unwrap()
        .explain(s.x.view())
        .unwrap();
    check_against(&lin, &s.expected["linear"], tol::LINEAR);
}
