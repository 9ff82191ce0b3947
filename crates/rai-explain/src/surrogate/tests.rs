//! Unit tests for the CART surrogate.

use ndarray::{Array2, array};
use rai_core::Result;
use rai_models::{LinearKind, LinearModel};

use super::*;

#[test]
fn regression_surrogate_of_a_step_is_exact() -> Result<()> {
    let m = LinearModel::new(
        LinearKind::LinearRegression,
        vec!["a".into(), "b".into()],
        vec![1.0, 0.0],
        0.0,
    )?;
    let x = Array2::from_shape_fn((64, 2), |(i, j)| ((i * (j + 1)) % 8) as f64);
    let s = GlobalSurrogate {
        max_depth: 3,
        target: Some(SurrogateTarget::Margin),
        ..GlobalSurrogate::default()
    }
    .fit(&m, x.view())?;
    // 8 distinct values of a, depth 3: 8 leaves, exact.
    assert_eq!(s.fidelity, Some(1.0));
    assert_eq!(s.rules().len(), 8);
    assert_eq!(s.tree.depth(), 3);
    assert!(s.to_text().contains("|--- a <= 3.5"));
    Ok(())
}

#[test]
fn depth_and_leaf_limits_and_missing_values() -> Result<()> {
    let m = LinearModel::new(
        LinearKind::LogisticRegression,
        vec!["a".into(), "b".into()],
        vec![1.0, 1.0],
        -3.0,
    )?;
    let x = Array2::from_shape_fn((50, 2), |(i, j)| ((i * (j + 3)) % 5) as f64);
    let stump = GlobalSurrogate {
        max_depth: 1,
        ..GlobalSurrogate::default()
    }
    .fit(&m, x.view())?;
    assert_eq!(stump.rules().len(), 2);
    let leaf = GlobalSurrogate {
        max_depth: 0,
        ..GlobalSurrogate::default()
    }
    .fit(&m, x.view())?;
    assert_eq!(leaf.rules().len(), 1);
    assert!(leaf.rules()[0].conditions.is_empty());
    let big_leaves = GlobalSurrogate {
        max_depth: 5,
        min_samples_leaf: 20,
        ..GlobalSurrogate::default()
    }
    .fit(&m, x.view())?;
    assert!(big_leaves.rules().iter().all(|r| r.samples >= 20));
    // NaN goes right.
    let xn = array![[f64::NAN], [0.0], [1.0], [5.0]];
    let cfg = cart::CartConfig {
        max_depth: 1,
        min_samples_leaf: 1,
        classification: false,
    };
    let t = Cart::fit(xn.view(), &[10.0, 0.0, 0.0, 10.0], cfg);
    assert_eq!(t.predict_row(&[f64::NAN]), 10.0);
    assert_eq!(t.predict_row(&[0.5]), 0.0);
    Ok(())
}

#[test]
fn errors_and_undefined_fidelity() -> Result<()> {
    let reg = LinearModel::new(
        LinearKind::LinearRegression,
        vec!["a".into()],
        vec![0.0],
        1.0,
    )?;
    let x = array![[1.0], [2.0]];
    assert!(
        GlobalSurrogate {
            target: Some(SurrogateTarget::Class),
            ..GlobalSurrogate::default()
        }
        .fit(&reg, x.view())
        .is_err()
    );
    assert!(
        GlobalSurrogate {
            min_samples_leaf: 0,
            ..GlobalSurrogate::default()
        }
        .fit(&reg, x.view())
        .is_err()
    );
    assert!(
        GlobalSurrogate::default()
            .fit(&reg, Array2::<f64>::zeros((0, 1)).view())
            .is_err()
    );
    // Constant margins: R² undefined.
    assert_eq!(
        GlobalSurrogate::default().fit(&reg, x.view())?.fidelity,
        None
    );
    Ok(())
}
