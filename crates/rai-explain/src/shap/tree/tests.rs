//! Unit tests: both TreeSHAP implementations against brute-force enumeration of the
//! path-dependent game, interaction values against the Shapley interaction index.

#![allow(clippy::needless_range_loop)] // reason: index loops mirror the formulas

use ndarray::array;
use rai_core::{Model, Result};
use rai_models::{EnsembleSource, Node, TreeEnsemble};

use super::*;
use crate::shap::testing::{
    brute_interaction, brute_tree_shap, path_dependent_value, random_ensemble, random_rows,
};

const TOL: f64 = 1e-10;

#[test]
fn recursive_and_fast_equal_brute_force() -> Result<()> {
    for seed in 0..12 {
        let m = 2 + (seed as usize % 5);
        let model = random_ensemble(seed, m, 4, 2 + (seed as usize % 4));
        let x = random_rows(seed + 100, 25, m, 0.15);
        let rec = TreeShap::new(&model)
            .with_algorithm(TreeShapAlgorithm::Recursive)
            .explain(x.view())?;
        let fast = TreeShap::new(&model)
            .with_algorithm(TreeShapAlgorithm::Fast)
            .explain(x.view())?;
        let auto = TreeShap::new(&model).explain(x.view())?;
        let margin = model.predict_margin(x.view())?;
        for i in 0..x.nrows() {
            let row = x.row(i).to_vec();
            let brute = brute_tree_shap(&model, &row);
            for j in 0..m {
                assert!(
                    (rec.values()[[i, j]] - brute[j]).abs() < TOL,
                    "seed {seed} row {i}"
                );
                assert!(
                    (fast.values()[[i, j]] - brute[j]).abs() < TOL,
                    "seed {seed} row {i}"
                );
                assert!((auto.values()[[i, j]] - brute[j]).abs() < TOL);
            }
        }
        assert!(rec.efficiency_gap(margin.view())? < 1e-9);
        assert!(fast.efficiency_gap(margin.view())? < 1e-9);
        // the base value is the empty coalition's value
        let empty: f64 = model
            .trees()
            .map(|t| path_dependent_value(t, &[0.0; 8][..m], 0))
            .sum::<f64>()
            + model.base_score();
        assert!((rec.base_value(0) - empty).abs() < TOL);
    }
    Ok(())
}

#[test]
fn interaction_values_match_shapley_interaction_index() -> Result<()> {
    for seed in 0..4 {
        let m = 4;
        let model = random_ensemble(seed + 50, m, 3, 4);
        let x = random_rows(seed + 7, 6, m, 0.1);
        let inter = TreeShap::new(&model).interaction_values(x.view())?;
        let phi = TreeShap::new(&model).explain(x.view())?;
        for r in 0..x.nrows() {
            let row = x.row(r).to_vec();
            let v = |s: usize| {
                model
                    .trees()
                    .map(|t| path_dependent_value(t, &row, s))
                    .sum::<f64>()
            };
            for i in 0..m {
                let sum: f64 = (0..m).map(|j| inter.values()[[r, i, j]]).sum();
                assert!((sum - phi.values()[[r, i]]).abs() < 1e-9);
                for j in 0..m {
                    assert!((inter.values()[[r, i, j]] - inter.values()[[r, j, i]]).abs() < 1e-9);
                    if i != j {
                        let b = brute_interaction(m, v, i, j);
                        assert!((inter.values()[[r, i, j]] - b).abs() < 1e-9, "{i} {j}");
                    }
                }
            }
        }
    }
    Ok(())
}

#[test]
fn stump_by_hand_with_missing_value() -> Result<()> {
    // x0 < 0.5 left (cover 30, value -1), right (cover 10, value 1); NaN goes right.
    let stump = vec![
        Node::split(0, 0.5, 1, 2, false, 40.0),
        Node::leaf(-1.0, 30.0),
        Node::leaf(1.0, 10.0),
    ];
    let model = TreeEnsemble::new(
        vec!["x0".into(), "x1".into()],
        rai_core::Task::Regression,
        0.25,
        vec![stump],
        EnsembleSource::Native,
    )?;
    let e = TreeShap::new(&model).explain(array![[0.0, 3.0], [f64::NAN, 0.0]].view())?;
    assert_eq!(e.base_value(0), 0.25 - 0.5);
    assert_eq!(e.values()[[0, 0]], -0.5);
    assert_eq!(e.values()[[1, 0]], 1.5);
    assert_eq!(e.values()[[0, 1]], 0.0);
    assert_eq!(e.algorithm(), "tree_shap");
    Ok(())
}

#[test]
fn single_leaf_trees_and_empty_input() -> Result<()> {
    let model = TreeEnsemble::new(
        vec!["a".into()],
        rai_core::Task::Regression,
        1.0,
        vec![vec![Node::leaf(2.0, 5.0)]],
        EnsembleSource::Native,
    )?;
    for alg in [TreeShapAlgorithm::Recursive, TreeShapAlgorithm::Fast] {
        let e = TreeShap::new(&model)
            .with_algorithm(alg)
            .explain(array![[7.0]].view())?;
        assert_eq!(e.values()[[0, 0]], 0.0);
        assert_eq!(e.base_value(0), 3.0);
        let empty = TreeShap::new(&model)
            .with_algorithm(alg)
            .explain(ndarray::Array2::zeros((0, 1)).view())?;
        assert_eq!(empty.n_rows(), 0);
        assert_eq!(empty.global_importance(), None);
    }
    Ok(())
}

#[test]
fn bad_input_is_an_error() {
    let model = random_ensemble(1, 3, 2, 3);
    let shap = TreeShap::new(&model);
    assert!(shap.explain(array![[1.0, 2.0]].view()).is_err());
    assert!(
        shap.explain(array![[1.0, f64::INFINITY, 0.0]].view())
            .is_err()
    );
    assert!(shap.interaction_values(array![[1.0]].view()).is_err());
}

#[test]
fn zero_cover_nodes_stay_finite() -> Result<()> {
    let tree = vec![
        Node::split(0, 0.0, 1, 2, true, 0.0),
        Node::leaf(-1.0, 0.0),
        Node::split(1, 0.0, 3, 4, true, 0.0),
        Node::leaf(2.0, 0.0),
        Node::leaf(3.0, 0.0),
    ];
    let model = TreeEnsemble::new(
        vec!["a".into(), "b".into()],
        rai_core::Task::Regression,
        0.0,
        vec![tree],
        EnsembleSource::Native,
    )?;
    let x = array![[1.0, 1.0], [-1.0, -1.0]];
    let margin = model.predict_margin(x.view())?;
    for alg in [TreeShapAlgorithm::Recursive, TreeShapAlgorithm::Fast] {
        let e = TreeShap::new(&model)
            .with_algorithm(alg)
            .explain(x.view())?;
        assert!(e.values().iter().all(|v| v.is_finite()));
        assert!(e.efficiency_gap(margin.view())? < 1e-12);
    }
    Ok(())
}

#[test]
fn deterministic_across_thread_counts() -> Result<()> {
    let model = random_ensemble(3, 6, 20, 5);
    let x = random_rows(4, 300, 6, 0.05);
    let a = TreeShap::new(&model).explain(x.view())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .map_err(|e| rai_core::Error::unsupported(e.to_string()))?;
    let b = pool.install(|| TreeShap::new(&model).explain(x.view()))?;
    assert_eq!(a.values(), b.values());
    Ok(())
}
