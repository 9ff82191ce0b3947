//! Partial dependence and ICE against scikit-learn 1.9.1's
//! `partial_dependence(method="brute")` on a logistic regression and an XGBoost model
//! trained on Adult (fixtures from `xtask/fixtures/explain.py`).

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use rai_core::{CsvOptions, Model, Table};
use rai_explain::Space;
use rai_explain::pdp::{GridSpec, PartialDependence};
use serde_json::Value;

/// Logistic regression: summation order only (passes at 1e-14 on these fixtures).
const TOL_LINEAR: f64 = 1e-12;
/// XGBoost: scikit-learn sees XGBoost's float32 outputs (passes at 1e-7 relative here).
const TOL_XGB: f64 = 1e-6;
/// Grids: the same arithmetic as numpy / scipy.
const TOL_GRID: f64 = 1e-12;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/explain2");

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + b.abs())
}

#[test]
fn matches_sklearn_brute_partial_dependence() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/pdp_expected.json")).unwrap())
            .unwrap();
    let table =
        Table::from_csv_path(format!("{DIR}/adult_eval.csv"), &CsvOptions::default()).unwrap();
    let logistic = rai_models::load_model(format!("{DIR}/adult_logistic.json")).unwrap();
    let xgb = rai_models::load_model(format!("{DIR}/adult_xgb.json")).unwrap();
    let mut checked = 0;
    for case in expected["cases"].as_array().unwrap() {
        let (model, tol) = if case["model"] == "xgb" {
            (&xgb, TOL_XGB)
        } else {
            (&logistic, TOL_LINEAR)
        };
        let x = table.feature_matrix(model.feature_names()).unwrap();
        let space = if case["response"] == "margin" {
            Space::Margin
        } else {
            Space::Probability
        };
        let p = floats(&case["percentiles"]);
        let pd = PartialDependence {
            percentiles: (p[0], p[1]),
            grid_resolution: case["grid_resolution"].as_u64().unwrap() as usize,
            space,
            ice: case.get("individual").is_some(),
        };
        let features: Vec<(usize, GridSpec)> = case["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let j = model
                    .feature_names()
                    .iter()
                    .position(|n| n == f.as_str().unwrap())
                    .unwrap();
                let spec = if case["categorical"] == true {
                    GridSpec::Categorical
                } else if !case["custom_grid"].is_null() {
                    GridSpec::Values(floats(&case["custom_grid"]))
                } else {
                    GridSpec::Auto
                };
                (j, spec)
            })
            .collect();
        let got = pd.compute(model, x.view(), &features).unwrap();
        let label = format!(
            "{} {} {:?}",
            case["model"], case["response"], case["features"]
        );
        let grids = case["grid_values"].as_array().unwrap();
        assert_eq!(got.grid_values.len(), grids.len(), "{label}");
        for (g, e) in got.grid_values.iter().zip(grids) {
            let e = floats(e);
            assert_eq!(g.len(), e.len(), "{label} grid length");
            for (a, b) in g.iter().zip(&e) {
                assert!(close(*a, *b, TOL_GRID), "{label} grid {a} vs {b}");
            }
        }
        let avg = floats(&case["average"]);
        assert_eq!(got.average.len(), avg.len(), "{label}");
        for (a, b) in got.average.iter().zip(&avg) {
            assert!(close(*a, *b, tol), "{label} average {a} vs {b}");
        }
        if let Some(ind) = case.get("individual") {
            let ice = got.individual.as_ref().unwrap();
            let rows = ind.as_array().unwrap();
            assert_eq!(ice.len(), rows.len());
            for (r, e) in ice.iter().zip(rows) {
                for (a, b) in r.iter().zip(floats(e)) {
                    assert!(close(*a, b, tol), "{label} ice {a} vs {b}");
                }
            }
        } else {
            assert!(got.individual.is_none());
        }
        checked += 1;
    }
    assert_eq!(checked, 13);
}
