//! Unit tests of regression fairness.

use super::*;

#[test]
fn per_group_errors_and_spreads() -> Result<()> {
    let g = Groups::from_labels("g", &[Some("a"), Some("a"), Some("b"), Some("b")]);
    let r = regression_by_group(
        &[1.0, 2.0, 3.0, 4.0],
        &[2.0, 2.0, 3.0, 7.0],
        Some(&[1.0, 1.0, 1.0, 2.0]),
        &g,
    )?;
    assert_eq!(r.groups[0].metrics.mae, Some(0.5));
    assert_eq!(r.groups[1].metrics.mae, Some(2.0));
    assert_eq!(r.groups[1].metrics.rmse, Some(6.0f64.sqrt()));
    assert_eq!(r.groups[1].metrics.mean_prediction, Some(17.0 / 3.0));
    assert_eq!(r.disparities["mae"].difference, Some(1.5));
    assert_eq!(r.disparities["mae"].ratio, Some(0.25));
    assert_eq!(r.overall.mae, Some((1.0 + 0.0 + 0.0 + 6.0) / 5.0));
    Ok(())
}

#[test]
fn regression_edge_cases() {
    let g = Groups::from_labels("g", &[Some("a"), Some("b")]);
    assert!(regression_by_group(&[1.0], &[1.0, 2.0], None, &g).is_err());
    assert!(regression_by_group(&[1.0, f64::NAN], &[1.0, 2.0], None, &g).is_err());
    assert!(regression_by_group(&[1.0, 1.0], &[1.0, 2.0], Some(&[1.0, -1.0]), &g).is_err());
    let r = regression_by_group(&[1.0, 1.0], &[1.0, 2.0], Some(&[0.0, 1.0]), &g).unwrap();
    assert_eq!(r.groups[0].metrics.mae, None);
    let e = Groups::from_labels::<&str>("g", &[]);
    assert!(regression_by_group(&[], &[], None, &e).is_err());
}

#[test]
fn stats_merge() {
    let mut a = RegressionStats::default();
    a.add(1.0, 2.0, 1.0);
    let mut b = RegressionStats::default();
    b.add(3.0, 3.0, 1.0);
    let m = a.merge(&b);
    assert_eq!(m.count(), 2);
    assert_eq!(m.mae(), Some(0.5));
}
