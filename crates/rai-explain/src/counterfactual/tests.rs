//! Unit tests for counterfactuals: constraints, sparsity, determinism, errors.

use ndarray::{Array2, array};
use rai_core::Result;
use rai_models::{LinearKind, LinearModel};

use super::*;

fn model() -> Result<LinearModel> {
    // positive class when income + 0.5 * age > 40
    LinearModel::new(
        LinearKind::LogisticRegression,
        vec!["income".into(), "age".into(), "debt".into()],
        vec![1.0, 0.5, 0.0],
        -40.0,
    )
}

fn data() -> Array2<f64> {
    Array2::from_shape_fn((200, 3), |(i, j)| match j {
        0 => (i % 40) as f64,
        1 => 18.0 + (i % 50) as f64,
        _ => ((i * 7) % 13) as f64 * 0.5,
    })
}

#[test]
fn constraints_are_honoured_and_changes_are_sparse() -> Result<()> {
    let m = model()?;
    let d = data();
    let row = array![10.0, 20.0, 3.0];
    let cf = Counterfactuals::new(
        d.view(),
        Counterfactuals::params()
            .count(3)
            .range(0, 0.0, 35.0)
            .monotone(1, Monotone::Increase)
            .immutable(2)
            .seed(4),
    )?;
    let set = cf.explain(&m, row.view(), 1)?;
    assert!(!set.counterfactuals.is_empty());
    for c in &set.counterfactuals {
        assert!(c.valid && c.probability > 0.5);
        assert_eq!(c.values[2], 3.0);
        assert!(c.values[1] >= 20.0);
        assert!(c.values[0] == 10.0 || (0.0..=35.0).contains(&c.values[0]));
        assert!(c.values[0].fract() == 0.0 && c.values[1].fract() == 0.0); // integers detected
        assert!(!c.changed.contains(&2));
        assert!(c.distance > 0.0);
    }
    // Determinism, whatever the thread count.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .map_err(|e| rai_core::Error::unsupported(e.to_string()))?;
    assert_eq!(pool.install(|| cf.explain(&m, row.view(), 1))?, set);
    Ok(())
}

#[test]
fn errors() -> Result<()> {
    let m = model()?;
    let d = data();
    let cf = Counterfactuals::new(d.view(), Counterfactuals::params())?;
    assert!(cf.explain(&m, array![10.0, 20.0, 3.0].view(), 2).is_err());
    assert!(cf.explain(&m, array![10.0, 20.0, 3.0].view(), 0).is_err()); // already class 0
    assert!(cf.explain(&m, array![10.0, 20.0].view(), 1).is_err());
    let all_fixed = Counterfactuals::new(
        d.view(),
        Counterfactuals::params()
            .immutable(0)
            .immutable(1)
            .immutable(2),
    )?;
    assert!(
        all_fixed
            .explain(&m, array![10.0, 20.0, 3.0].view(), 1)
            .is_err()
    );
    assert!(Counterfactuals::new(d.view(), Counterfactuals::params().count(0)).is_err());
    assert!(Counterfactuals::new(d.view(), Counterfactuals::params().range(0, 5.0, 1.0)).is_err());
    assert!(Counterfactuals::new(d.view(), Counterfactuals::params().immutable(9)).is_err());
    let reg = LinearModel::new(
        LinearKind::LinearRegression,
        vec!["a".into(), "b".into(), "c".into()],
        vec![1.0, 0.0, 0.0],
        0.0,
    )?;
    assert!(cf.explain(&reg, array![1.0, 1.0, 1.0].view(), 1).is_err());
    // Impossible within the range: no counterfactual, not an error.
    let tight = Counterfactuals::new(
        d.view(),
        Counterfactuals::params()
            .range(0, 0.0, 11.0)
            .immutable(1)
            .candidates(50),
    )?;
    let none = tight.explain(&m, array![10.0, 20.0, 3.0].view(), 1)?;
    assert!(none.counterfactuals.is_empty());
    assert_eq!(none.diversity, None);
    Ok(())
}
