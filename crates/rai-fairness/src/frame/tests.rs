//! Unit tests of MetricFrame aggregation.

use super::*;

fn keys(n: usize) -> Vec<GroupKey> {
    (0..n)
        .map(|i| GroupKey(vec![Some(i.to_string())]))
        .collect()
}

#[test]
fn difference_and_ratio_follow_fairlearn() -> Result<()> {
    let f = MetricFrame::new(
        "m",
        keys(3),
        Some(0.5),
        vec![Some(0.2), Some(0.4), Some(0.8)],
    )?;
    assert_eq!(f.difference(Comparison::BetweenGroups), Some(0.8 - 0.2));
    assert_eq!(f.ratio(Comparison::BetweenGroups), Some(0.2 / 0.8));
    assert!((f.difference(Comparison::ToOverall).unwrap() - 0.3).abs() < 1e-15);
    // ratios to overall: 0.4, 0.8, 1/1.6 = 0.625 -> min 0.4
    assert_eq!(f.ratio(Comparison::ToOverall), Some(0.2 / 0.5));
    assert_eq!(f.difference(Comparison::ToGroup(1)), Some(0.8 - 0.4));
    assert_eq!(f.ratio(Comparison::ToGroup(1)), Some(0.5));
    Ok(())
}

#[test]
fn undefined_groups_are_left_out_and_listed() -> Result<()> {
    let f = MetricFrame::new("m", keys(3), Some(0.5), vec![Some(0.2), None, Some(0.6)])?;
    assert_eq!(f.undefined_groups(), vec![1]);
    assert!((f.difference(Comparison::BetweenGroups).unwrap() - 0.4).abs() < 1e-15);
    assert_eq!(f.difference(Comparison::ToGroup(1)), None);
    let none = MetricFrame::new("m", keys(2), None, vec![None, None])?;
    assert_eq!(
        none.difference_value(Comparison::BetweenGroups),
        Err(Undefined::TooFewGroups)
    );
    assert_eq!(none.ratio(Comparison::ToOverall), None);
    Ok(())
}

#[test]
fn zero_over_zero_ratio_is_undefined_but_zero_over_positive_is_zero() -> Result<()> {
    let zeros = MetricFrame::new("m", keys(2), Some(0.0), vec![Some(0.0), Some(0.0)])?;
    assert_eq!(
        zeros.ratio_value(Comparison::BetweenGroups),
        Err(Undefined::ZeroDenominator)
    );
    assert_eq!(zeros.difference(Comparison::BetweenGroups), Some(0.0));
    let some = MetricFrame::new("m", keys(2), Some(0.1), vec![Some(0.0), Some(0.2)])?;
    assert_eq!(some.ratio(Comparison::BetweenGroups), Some(0.0));
    assert_eq!(some.ratio(Comparison::ToOverall), Some(0.0));
    Ok(())
}

#[test]
fn from_fn_uses_group_rows_and_weights() -> Result<()> {
    let groups = Groups::from_labels("g", &[Some("a"), Some("b"), Some("a"), Some("b")]);
    let mae = |t: &[f64], p: &[f64], w: &[f64]| {
        let sw: f64 = w.iter().sum();
        (sw > 0.0).then(|| {
            t.iter()
                .zip(p)
                .zip(w)
                .map(|((t, p), w)| w * (t - p).abs())
                .sum::<f64>()
                / sw
        })
    };
    let f = MetricFrame::from_fn(
        "mae",
        &[1.0, 2.0, 3.0, 4.0],
        &[1.0, 0.0, 4.0, 4.0],
        Some(&[1.0, 1.0, 3.0, 1.0]),
        &groups,
        mae,
    )?;
    assert_eq!(f.by_group(), &[Some(0.75), Some(1.0)]);
    assert_eq!(f.overall(), Some(5.0 / 6.0));
    assert!(MetricFrame::from_fn("mae", &[1.0], &[1.0, 2.0], None, &groups, mae).is_err());
    assert!(MetricFrame::from_fn("mae", &[1.0, 2.0], &[1.0, 2.0], None, &groups, mae).is_err());
    assert!(MetricFrame::new("m", keys(2), None, vec![None]).is_err());
    Ok(())
}
