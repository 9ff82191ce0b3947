//! Unit tests: closed form equals Exact, efficiency, missing values.

#![allow(clippy::needless_range_loop)] // reason: index loops mirror the formulas

use ndarray::{Array2, array};
use rai_core::{Model, Result};
use rai_models::{LinearKind, LinearModel};

use super::*;
use crate::shap::ExactShap;
use crate::shap::testing::random_rows;

fn model() -> LinearModel {
    LinearModel::new(
        LinearKind::LogisticRegression,
        vec!["a".into(), "b".into(), "c".into()],
        vec![0.5, -2.0, 1.5],
        0.25,
    )
    .unwrap()
}

#[test]
fn equals_exact_and_is_efficient() -> Result<()> {
    let m = model();
    let bg = random_rows(1, 9, 3, 0.0);
    let x = random_rows(2, 5, 3, 0.0);
    let lin = LinearShap::new(&m, bg.view())?.explain(x.view())?;
    let exact = ExactShap.explain(&m, bg.view(), x.view())?;
    for (a, b) in lin.values().iter().zip(exact.values().iter()) {
        assert!((a - b).abs() < 1e-12);
    }
    assert!((lin.base_value(0) - exact.base_value(0)).abs() < 1e-12);
    let margin = m.predict_margin(x.view())?;
    assert!(lin.efficiency_gap(margin.view())? < 1e-12);
    Ok(())
}

#[test]
fn missing_values_and_shapes_are_errors() -> Result<()> {
    let m = model();
    let bg = array![[0.0, 1.0, f64::NAN]];
    assert!(LinearShap::new(&m, bg.view()).is_err());
    assert!(LinearShap::new(&m, Array2::zeros((0, 3)).view()).is_err());
    let ok = LinearShap::new(&m, Array2::zeros((1, 3)).view())?;
    let err = ok
        .explain(array![[1.0, f64::NAN, 0.0]].view())
        .unwrap_err()
        .to_string();
    assert!(err.contains("`b`"), "{err}");
    assert!(ok.explain(array![[1.0]].view()).is_err());
    assert!(LinearShap::from_means(&m, vec![0.0]).is_err());
    let means = LinearShap::from_means(&m, vec![1.0, 1.0, 1.0])?;
    assert_eq!(means.expected_value(), 0.25);
    Ok(())
}
