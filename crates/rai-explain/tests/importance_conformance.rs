//! Permutation importance against scikit-learn 1.9.1's `permutation_importance`, fed the
//! exact permutations scikit-learn applied (fixtures from `xtask/fixtures/explain.py`).

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

use ndarray::{Array1, Array2};
use rai_core::{CsvOptions, Table};
use rai_explain::importance::{FixedPermutations, PermutationImportance, Scoring};
use rai_models::LinearModel;
use serde_json::Value;

/// Tolerance against scikit-learn (floating-point summation order only).
const TOL: f64 = 1e-12;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/explain2");

fn eval_table() -> Table {
    Table::from_csv_path(format!("{DIR}/adult_eval.csv"), &CsvOptions::default()).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[test]
fn matches_sklearn_given_the_same_permutations() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{DIR}/importance_expected.json")).unwrap(),
    )
    .unwrap();
    let perms: Vec<Vec<usize>> = expected["permutations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_array()
                .unwrap()
                .iter()
                .map(|i| i.as_u64().unwrap() as usize)
                .collect()
        })
        .collect();
    let source = FixedPermutations::new(perms).unwrap();
    let n_repeats = expected["n_repeats"].as_u64().unwrap() as usize;
    let table = eval_table();
    for case in expected["results"].as_array().unwrap() {
        let scoring_name = case["scoring"].as_str().unwrap();
        let (model, y) = if case["model"] == "linreg" {
            (
                LinearModel::load(format!("{DIR}/adult_linreg.json")).unwrap(),
                Array1::from(table.numeric("hours_target").unwrap().values().to_vec()),
            )
        } else {
            (
                LinearModel::load(format!("{DIR}/adult_logistic.json")).unwrap(),
                Array1::from(table.numeric("label").unwrap().values().to_vec()),
            )
        };
        let names: Vec<String> = case["feature_names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect();
        let x: Array2<f64> = table.feature_matrix(&names).unwrap();
        let scoring = match scoring_name {
            "accuracy" => Scoring::Accuracy,
            "roc_auc" => Scoring::RocAuc,
            "neg_log_loss" => Scoring::NegLogLoss,
            "r2" => Scoring::R2,
            other => panic!("unknown scoring {other}"),
        };
        let pi = PermutationImportance::params()
            .scoring(scoring)
            .n_repeats(n_repeats)
            .build()
            .unwrap();
        let report = pi
            .compute_with(&model, x.view(), y.view(), &source)
            .unwrap();
        assert!(
            (report.baseline - case["baseline"].as_f64().unwrap()).abs() < TOL,
            "{scoring_name} baseline"
        );
        let imps = case["importances"].as_array().unwrap();
        for (g, row) in imps.iter().enumerate() {
            for (r, v) in floats(row).iter().enumerate() {
                let got = report.importances[g][r];
                assert!(
                    (got - v).abs() < TOL,
                    "{scoring_name} {} repeat {r}: {got} vs {v}",
                    names[g]
                );
            }
        }
        for (g, (m, s)) in floats(&case["importances_mean"])
            .iter()
            .zip(floats(&case["importances_std"]))
            .enumerate()
        {
            assert!(
                (report.importances_mean[g] - m).abs() < TOL,
                "{scoring_name} mean {g}"
            );
            assert!(
                (report.importances_std[g] - s).abs() < TOL,
                "{scoring_name} std {g}"
            );
        }
        assert_eq!(report.seed, None);
    }
}

#[test]
fn seeded_importance_ranks_real_model_features_and_is_reproducible() {
    let table = eval_table();
    let model = rai_models::load_model(format!("{DIR}/adult_xgb.json")).unwrap();
    let names: Vec<String> = rai_core::Model::feature_names(&model).to_vec();
    let x = table.feature_matrix(&names).unwrap();
    let y = Array1::from(table.numeric("label").unwrap().values().to_vec());
    let pi = PermutationImportance::params()
        .scoring(Scoring::RocAuc)
        .n_repeats(4)
        .seed(9)
        .build()
        .unwrap();
    let a = pi.compute(&model, x.view(), y.view()).unwrap();
    let b = pi.compute(&model, x.view(), y.view()).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.seed, Some(9));
    assert_eq!(a.importances.len(), 6);
    // the same result with one thread
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let c = pool.install(|| pi.compute(&model, x.view(), y.view()).unwrap());
    assert_eq!(a, c);
    // Grouping two columns permutes them together.
    let grouped = PermutationImportance::params()
        .scoring(Scoring::RocAuc)
        .n_repeats(4)
        .seed(9)
        .groups(vec![
            ("capital".into(), vec![3, 4]),
            ("age".into(), vec![0]),
        ])
        .build()
        .unwrap()
        .compute(&model, x.view(), y.view())
        .unwrap();
    assert_eq!(grouped.names, vec!["capital", "age"]);
    assert!(grouped.importances_mean[0] > 0.0);
}
