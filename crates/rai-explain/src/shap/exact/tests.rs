//! Unit tests: exact values against brute-force enumeration, efficiency, bad input.

#![allow(clippy::needless_range_loop)] // reason: index loops mirror the formulas

use ndarray::{Array2, array};
use rai_core::{Model, Result};

use super::*;
use crate::shap::testing::{Poly, brute_interventional, random_ensemble, random_rows};

#[test]
fn equals_brute_force_on_poly_and_trees() -> Result<()> {
    let poly = Poly::new(1, 5);
    let trees = random_ensemble(2, 5, 5, 4);
    let bg = random_rows(3, 7, 5, 0.0);
    let x = random_rows(4, 6, 5, 0.0);
    for model in [&poly as &dyn Model, &trees as &dyn Model] {
        let e = ExactShap.explain(model, bg.view(), x.view())?;
        let margin = model.predict_margin(x.view())?;
        assert!(e.efficiency_gap(margin.view())? < 1e-10);
        for i in 0..x.nrows() {
            let b = brute_interventional(model, bg.view(), &x.row(i).to_vec());
            for j in 0..5 {
                assert!((e.values()[[i, j]] - b[j]).abs() < 1e-10);
            }
        }
    }
    Ok(())
}

#[test]
fn edge_cases() -> Result<()> {
    let poly = Poly::new(1, 3);
    let bg = random_rows(3, 4, 3, 0.0);
    assert!(
        ExactShap
            .explain(&poly, Array2::zeros((0, 3)).view(), bg.view())
            .is_err()
    );
    assert!(
        ExactShap
            .explain(&poly, bg.view(), array![[1.0]].view())
            .is_err()
    );
    assert!(
        ExactShap
            .explain(&poly, bg.view(), array![[1.0, f64::INFINITY, 0.0]].view())
            .is_err()
    );
    let none = ExactShap.explain(&poly, bg.view(), Array2::zeros((0, 3)).view())?;
    assert_eq!(none.n_rows(), 0);
    let wide = Poly::new(1, ExactShap::MAX_FEATURES + 1);
    let z = Array2::zeros((1, ExactShap::MAX_FEATURES + 1));
    assert!(ExactShap.explain(&wide, z.view(), z.view()).is_err());
    Ok(())
}

#[test]
fn tree_evaluator_equals_generic_path() -> Result<()> {
    // > 64 background rows (two bitset blocks) and missing cells
    let model = random_ensemble(21, 5, 6, 5);
    let bg = random_rows(22, 70, 5, 0.1);
    let x = random_rows(23, 4, 5, 0.1);
    let a = ExactShap.explain(&model, bg.view(), x.view())?;
    let b = ExactShap.explain_trees(&model, bg.view(), x.view())?;
    for (u, v) in a.values().iter().zip(b.values().iter()) {
        assert!((u - v).abs() < 1e-10);
    }
    assert!((a.base_value(0) - b.base_value(0)).abs() < 1e-12);
    Ok(())
}
