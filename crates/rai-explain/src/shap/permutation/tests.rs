//! Unit tests: efficiency, exactness for additive models and two features, convergence,
//! determinism.

#![allow(clippy::needless_range_loop)] // reason: index loops mirror the formulas

use ndarray::{Array2, array};
use rai_core::{Model, Result};

use super::*;
use crate::shap::ExactShap;
use crate::shap::testing::{Poly, random_ensemble, random_rows};

#[test]
fn efficiency_and_convergence() -> Result<()> {
    let m = 6;
    let model = random_ensemble(11, m, 8, 4);
    let bg = random_rows(3, 6, m, 0.0);
    let x = random_rows(4, 4, m, 0.1);
    let exact = ExactShap.explain(&model, bg.view(), x.view())?;
    let margin = model.predict_margin(x.view())?;
    let mut errs = Vec::new();
    for p in [1, 20, 400] {
        let e = PermutationShap::params()
            .n_permutations(p)
            .seed(1)
            .build()?
            .explain(&model, bg.view(), x.view())?;
        assert!(e.efficiency_gap(margin.view())? < 1e-9);
        let err = e
            .values()
            .iter()
            .zip(exact.values().iter())
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        errs.push(err);
    }
    assert!(errs[2] < errs[0] && errs[2] < 0.05, "{errs:?}");
    Ok(())
}

#[test]
fn two_features_are_exact_with_one_antithetic_pair() -> Result<()> {
    let poly = Poly::new(2, 2);
    let bg = random_rows(3, 5, 2, 0.0);
    let x = random_rows(4, 3, 2, 0.0);
    let exact = ExactShap.explain(&poly, bg.view(), x.view())?;
    let e = PermutationShap::params()
        .n_permutations(1)
        .build()?
        .explain(&poly, bg.view(), x.view())?;
    for (a, b) in e.values().iter().zip(exact.values().iter()) {
        assert!((a - b).abs() < 1e-12);
    }
    Ok(())
}

#[test]
fn deterministic_and_edge_cases() -> Result<()> {
    let poly = Poly::new(2, 5);
    let bg = random_rows(3, 5, 5, 0.0);
    let x = random_rows(4, 3, 5, 0.0);
    let p = PermutationShap::params()
        .n_permutations(3)
        .seed(9)
        .build()?;
    let a = p.explain(&poly, bg.view(), x.view())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .map_err(|e| rai_core::Error::unsupported(e.to_string()))?;
    let b = pool.install(|| p.explain(&poly, bg.view(), x.view()))?;
    assert_eq!(a.values(), b.values());
    assert_eq!(a.parameters()["seed"], 9);
    assert!(PermutationShap::params().n_permutations(0).build().is_err());
    assert!(
        p.explain(&poly, Array2::zeros((0, 5)).view(), x.view())
            .is_err()
    );
    assert!(p.explain(&poly, bg.view(), array![[1.0]].view()).is_err());
    let one = Poly::new(1, 1);
    let e = p.explain(&one, array![[0.0]].view(), array![[2.0]].view())?;
    let margin = one.predict_margin(array![[2.0]].view())?;
    assert!(e.efficiency_gap(margin.view())? < 1e-12);
    Ok(())
}
