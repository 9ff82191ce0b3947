//! Unit tests of one-vs-rest multiclass fairness.

use super::*;

#[test]
fn per_class_rates_by_group() -> Result<()> {
    let g = Groups::from_labels("g", &[Some("a"), Some("a"), Some("b"), Some("b")]);
    let r = one_vs_rest_by_group(&["x", "y", "x", "y"], &["x", "x", "y", "y"], None, &g)?;
    assert_eq!(r.len(), 2);
    let x = &r[0];
    assert_eq!(x.class, "x");
    assert_eq!(x.groups[0].1.selection_rate, Some(1.0));
    assert_eq!(x.groups[1].1.selection_rate, Some(0.0));
    assert_eq!(x.groups[0].1.true_positive_rate, Some(1.0));
    assert_eq!(x.groups[1].1.true_positive_rate, Some(0.0));
    assert_eq!(x.demographic_parity_difference, Some(1.0));
    assert_eq!(x.equal_opportunity_difference, Some(1.0));
    assert!(one_vs_rest_by_group(&["x"], &["x", "y"], None, &g).is_err());
    assert!(one_vs_rest_by_group(&["x", "y"], &["x", "y"], Some(&[1.0, -1.0]), &g).is_err());
    Ok(())
}
