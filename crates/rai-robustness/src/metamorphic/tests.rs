//! Unit tests for metamorphic checks on a non-monotone tree.

use super::*;
use rai_core::Task;
use rai_models::{EnsembleSource, Node, TreeEnsemble};

/// margin +1 for 1 <= a < 2, else -1: not monotone in a.
fn bump() -> TreeEnsemble {
    let t = vec![
        Node::split(0, 1.0, 1, 2, true, 1.0),
        Node::leaf(-1.0, 1.0),
        Node::split(0, 2.0, 3, 4, true, 1.0),
        Node::leaf(1.0, 1.0),
        Node::leaf(-1.0, 1.0),
    ];
    TreeEnsemble::new(
        vec!["a".into(), "b".into()],
        Task::BinaryClassification,
        0.0,
        vec![t],
        EnsembleSource::Native,
    )
    .unwrap()
}

#[test]
fn tree_bump_violates_both_directions() -> Result<()> {
    let m = bump();
    let x = ndarray::Array2::from_shape_fn(
        (30, 2),
        |(i, j)| if j == 0 { i as f64 / 10.0 } else { 0.0 },
    );
    let inc = check_monotone(
        &m,
        x.view(),
        &MonotoneParams {
            increasing: vec!["a".into()],
            ..Default::default()
        },
    )?;
    assert_eq!(inc.features[0].n_violating_rows, 30);
    assert_eq!(inc.features[0].max_violation, 2.0);
    let v = &inc.features[0].violations[0];
    assert!(v.from_value < 2.0 && v.to_value >= 2.0);
    let inv = check_invariance(&m, x.view(), "a", Some(&[0.0, 1.5]), 5)?;
    assert_eq!(inv.n_violating_rows, 30);
    assert_eq!(inv.violations.len(), 5);
    let none = check_invariance(&m, x.view(), "b", None, 5)?;
    assert_eq!(none.n_violating_rows, 0);
    Ok(())
}

#[test]
fn bad_declarations_are_errors() {
    let m = bump();
    let x = ndarray::array![[0.0, 0.0]];
    let p = MonotoneParams {
        increasing: vec!["zz".into()],
        ..Default::default()
    };
    assert!(check_monotone(&m, x.view(), &p).is_err());
    let p = MonotoneParams {
        increasing: vec!["a".into()],
        decreasing: vec!["a".into()],
        ..Default::default()
    };
    assert!(check_monotone(&m, x.view(), &p).is_err());
    let p = MonotoneParams {
        grid: 1,
        ..Default::default()
    };
    assert!(check_monotone(&m, x.view(), &p).is_err());
    assert!(check_invariance(&m, x.view(), "zz", None, 1).is_err());
}
