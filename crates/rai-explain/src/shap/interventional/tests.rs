//! Unit tests: interventional TreeSHAP against brute-force enumeration (<= 8 features).

#![allow(clippy::needless_range_loop)] // reason: index loops mirror the formulas

use ndarray::{Array2, array};
use rai_core::{Model, Result};

use super::*;
use crate::shap::testing::{brute_interventional, random_ensemble, random_rows};

#[test]
fn equals_brute_force() -> Result<()> {
    for seed in 0..6 {
        let m = 3 + seed as usize % 6; // 3..=8 features
        let model = random_ensemble(seed + 30, m, 5, 5);
        let bg = random_rows(seed + 1, 6, m, 0.1);
        let x = random_rows(seed + 2, 5, m, 0.1);
        let e = InterventionalTreeShap::new(&model, bg.view())?.explain(x.view())?;
        let margin = model.predict_margin(x.view())?;
        assert!(e.efficiency_gap(margin.view())? < 1e-10);
        let bgm = model.predict_margin(bg.view())?;
        assert!((e.base_value(0) - bgm.mean().unwrap_or(f64::NAN)).abs() < 1e-12);
        for i in 0..x.nrows() {
            let b = brute_interventional(&model, bg.view(), &x.row(i).to_vec());
            for j in 0..m {
                assert!((e.values()[[i, j]] - b[j]).abs() < 1e-10, "seed {seed}");
            }
        }
    }
    Ok(())
}

#[test]
fn edge_cases() -> Result<()> {
    let model = random_ensemble(1, 3, 2, 3);
    assert!(InterventionalTreeShap::new(&model, Array2::zeros((0, 3)).view()).is_err());
    assert!(InterventionalTreeShap::new(&model, array![[1.0]].view()).is_err());
    let bg = array![[0.0, 0.0, 0.0]];
    let e = InterventionalTreeShap::new(&model, bg.view())?;
    assert!(e.explain(array![[1.0, 2.0]].view()).is_err());
    // explaining the background row itself gives zeros
    let z = e.explain(array![[0.0, 0.0, 0.0]].view())?;
    assert!(z.values().iter().all(|v| *v == 0.0));
    Ok(())
}
