//! Unit tests: full enumeration equals Exact, convergence with the budget, determinism.

#![allow(clippy::needless_range_loop)] // reason: index loops mirror the formulas

use ndarray::{Array2, array};
use rai_core::{Model, Result};

use super::*;
use crate::shap::ExactShap;
use crate::shap::testing::{Poly, random_ensemble, random_rows};

fn max_abs_diff(a: ndarray::ArrayView2<'_, f64>, b: ndarray::ArrayView2<'_, f64>) -> f64 {
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[test]
fn all_coalitions_equal_exact() -> Result<()> {
    for m in 2..7 {
        let poly = Poly::new(m as u64, m);
        let bg = random_rows(3, 5, m, 0.0);
        let x = random_rows(4, 4, m, 0.0);
        let exact = ExactShap.explain(&poly, bg.view(), x.view())?;
        let k = KernelShap::params()
            .n_samples((1 << m) - 2)
            .build()?
            .explain(&poly, bg.view(), x.view())?;
        assert!(max_abs_diff(k.values(), exact.values()) < 1e-10, "m = {m}");
        assert_eq!(k.parameters()["all_coalitions"], true);
    }
    Ok(())
}

#[test]
fn converges_to_exact_as_samples_grow() -> Result<()> {
    let m = 10;
    let model = random_ensemble(9, m, 10, 4);
    let bg = random_rows(3, 5, m, 0.0);
    let x = random_rows(4, 5, m, 0.0);
    let exact = ExactShap.explain(&model, bg.view(), x.view())?;
    let mut errs = Vec::new();
    for n in [60, 250, 1000, 1022] {
        // mean error over 3 seeds
        let mut e = 0.0;
        for seed in 0..3 {
            let k = KernelShap::params()
                .n_samples(n)
                .seed(seed)
                .build()?
                .explain(&model, bg.view(), x.view())?;
            let margin = model.predict_margin(x.view())?;
            assert!(k.efficiency_gap(margin.view())? < 1e-9);
            e += max_abs_diff(k.values(), exact.values()) / 3.0;
        }
        errs.push(e);
    }
    assert!(errs[3] < 1e-9, "{errs:?}");
    assert!(errs[2] < errs[0], "{errs:?}");
    assert!(errs[1] < errs[0], "{errs:?}");
    Ok(())
}

#[test]
fn seeded_and_deterministic() -> Result<()> {
    let m = 12;
    let poly = Poly::new(5, m);
    let bg = random_rows(3, 4, m, 0.0);
    let x = random_rows(4, 3, m, 0.0);
    let k = KernelShap::params().n_samples(200).seed(3).build()?;
    let a = k.explain(&poly, bg.view(), x.view())?;
    let b = k.explain(&poly, bg.view(), x.view())?;
    assert_eq!(a.values(), b.values());
    let c = KernelShap::params()
        .n_samples(200)
        .seed(4)
        .build()?
        .explain(&poly, bg.view(), x.view())?;
    assert_ne!(a.values(), c.values());
    // design weights sum to one and paired masks are complements
    let d = k.design(m);
    assert!((d.weights.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert!(d.weights.len() <= 200);
    Ok(())
}

#[test]
fn edge_cases() -> Result<()> {
    assert!(KernelShap::params().n_samples(0).build().is_err());
    // one feature: phi = f(x) - base
    let poly = Poly::new(1, 1);
    let bg = array![[0.0], [1.0]];
    let e = KernelShap::default().explain(&poly, bg.view(), array![[0.5]].view())?;
    let margin = poly.predict_margin(array![[0.5]].view())?;
    assert!(e.efficiency_gap(margin.view())? < 1e-12);
    // too few samples to identify 20 features
    let wide = Poly::new(1, 20);
    let z = Array2::zeros((1, 20));
    let r = KernelShap::params()
        .n_samples(4)
        .build()?
        .explain(&wide, z.view(), z.view());
    assert!(r.is_err());
    assert!(
        KernelShap::default()
            .explain(&poly, Array2::zeros((0, 1)).view(), bg.view())
            .is_err()
    );
    Ok(())
}

#[test]
fn tree_evaluator_equals_generic_path() -> Result<()> {
    let model = random_ensemble(31, 9, 6, 5);
    let bg = random_rows(32, 65, 9, 0.1);
    let x = random_rows(33, 3, 9, 0.1);
    let k = KernelShap::params().n_samples(100).seed(2).build()?;
    let a = k.explain(&model, bg.view(), x.view())?;
    let b = k.explain_trees(&model, bg.view(), x.view())?;
    for (u, v) in a.values().iter().zip(b.values().iter()) {
        assert!((u - v).abs() < 1e-9);
    }
    let p = crate::shap::PermutationShap::params()
        .n_permutations(2)
        .seed(2)
        .build()?;
    let a = p.explain(&model, bg.view(), x.view())?;
    let b = p.explain_trees(&model, bg.view(), x.view())?;
    for (u, v) in a.values().iter().zip(b.values().iter()) {
        assert!((u - v).abs() < 1e-9);
    }
    Ok(())
}

#[test]
fn tree_evaluator_beyond_128_features_equals_generic_path() -> Result<()> {
    let m = 130;
    let model = random_ensemble(41, m, 5, 6);
    let bg = random_rows(42, 3, m, 0.1);
    let x = random_rows(43, 2, m, 0.1);
    let k = KernelShap::params().n_samples(400).seed(5).build()?;
    let a = k.explain(&model, bg.view(), x.view())?;
    let b = k.explain_trees(&model, bg.view(), x.view())?;
    for (u, v) in a.values().iter().zip(b.values().iter()) {
        assert!((u - v).abs() < 1e-9);
    }
    Ok(())
}

#[test]
fn tree_evaluator_with_65_to_128_features_equals_generic_path() -> Result<()> {
    let m = 100;
    let model = random_ensemble(51, m, 8, 6);
    let bg = random_rows(52, 4, m, 0.1);
    let x = random_rows(53, 2, m, 0.1);
    let k = KernelShap::params().n_samples(300).seed(6).build()?;
    let a = k.explain(&model, bg.view(), x.view())?;
    let b = k.explain_trees(&model, bg.view(), x.view())?;
    for (u, v) in a.values().iter().zip(b.values().iter()) {
        assert!((u - v).abs() < 1e-9);
    }
    Ok(())
}
