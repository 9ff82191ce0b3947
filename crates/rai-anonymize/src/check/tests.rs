//! Unit tests of the independent checker on hand-computed examples.

use super::*;
use crate::hierarchy::Hierarchy;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_string()).collect()
}

#[test]
fn k_and_l_on_a_small_table() -> Result<()> {
    let qi = s(&["a", "a", "a", "b", "b"]);
    let sens = s(&["x", "y", "x", "x", "z"]);
    let input = CheckInput::new(vec![&qi[..]], Some(&sens[..]))?;
    let a = achieve(&input, None)?;
    assert_eq!(a.k, Some(2));
    assert_eq!(a.equivalence_classes, 2);
    assert_eq!(a.distinct_l, Some(2));
    // class a: (2/3, 1/3), class b: (1/2, 1/2); min entropy is class a
    let h = -(2.0 / 3.0 * (2.0f64 / 3.0).ln() + 1.0 / 3.0 * (1.0f64 / 3.0).ln());
    assert!((a.entropy_l.unwrap_or(0.0) - h.exp()).abs() < 1e-12);
    // recursive with l = 2: class a r = (2,1): 2/1; class b (1,1): 1
    assert_eq!(a.recursive.as_ref().and_then(|r| r.c), Some(2.0));
    // global (3/5 x, 1/5 y, 1/5 z): class a EMD = (|2/3-3/5| + |1/3-1/5| + 1/5)/2
    let ea = ((2.0 / 3.0 - 0.6f64).abs() + (1.0 / 3.0 - 0.2f64).abs() + 0.2) / 2.0;
    let eb = ((0.5 - 0.6f64).abs() + 0.2 + (0.5 - 0.2f64).abs()) / 2.0;
    assert!((a.t_equal.unwrap_or(0.0) - ea.max(eb)).abs() < 1e-12);
    Ok(())
}

#[test]
fn verify_reports_each_model() -> Result<()> {
    let qi = s(&["a", "a", "b", "b"]);
    let sens = s(&["x", "y", "x", "y"]);
    let input = CheckInput::new(vec![&qi[..]], Some(&sens[..]))?;
    let v = verify(
        &input,
        &[
            PrivacyModel::KAnonymity { k: 2 },
            PrivacyModel::DistinctL { l: 2 },
            PrivacyModel::EntropyL { l: 2.0 },
            PrivacyModel::RecursiveCL { c: 1.5, l: 2 },
            PrivacyModel::TCloseness {
                t: 0.0,
                distance: TDistance::Equal,
            },
        ],
    )?;
    assert!(v.all_hold, "{v:?}");
    let v = verify(&input, &[PrivacyModel::RecursiveCL { c: 1.0, l: 2 }])?;
    assert!(!v.all_hold, "c must exceed r1/r2 = 1 strictly");
    let v = verify(&input, &[PrivacyModel::KAnonymity { k: 3 }])?;
    assert!(!v.all_hold);
    Ok(())
}

#[test]
fn ordered_distance_uses_numeric_order() -> Result<()> {
    let qi = s(&["a", "a", "b", "b"]);
    let sens = s(&["10", "9", "100", "100"]);
    let input = CheckInput::new(vec![&qi[..]], Some(&sens[..]))?;
    let a = achieve(&input, None)?;
    // order 9, 10, 100; global (1/4, 1/4, 1/2); class a (1/2, 1/2, 0):
    // cumulative diffs 1/4, 1/2, 0 -> 3/4 / 2 = 0.375; class b (0,0,1): 1/4+1/2+0 -> 0.375
    assert!((a.t_ordered.unwrap_or(0.0) - 0.375).abs() < 1e-12);
    Ok(())
}

#[test]
fn hierarchical_distance_by_hand() -> Result<()> {
    let h = Hierarchy::from_rows(vec![
        s(&["a", "X", "*"]),
        s(&["b", "X", "*"]),
        s(&["c", "Y", "*"]),
        s(&["d", "Y", "*"]),
    ])?;
    let qi = s(&["1", "2", "3", "4"]);
    let sens = s(&["a", "b", "c", "d"]);
    let reference = sens.clone();
    let input = CheckInput::new(vec![&qi[..]], Some(&sens[..]))?
        .with_hierarchy(&h)
        .with_reference(&reference);
    let a = achieve(&input, None)?;
    // a class {a} against uniform: 0.5 * 0.25 (inside X) + 1 * 0.5 (X -> Y) = 0.625
    assert!((a.t_hierarchical.unwrap_or(0.0) - 0.625).abs() < 1e-12);
    assert!((a.t_equal.unwrap_or(0.0) - 0.75).abs() < 1e-12);
    Ok(())
}

#[test]
fn missing_hierarchy_value_is_an_error() -> Result<()> {
    let h = Hierarchy::from_rows(vec![s(&["a", "*"])])?;
    let qi = s(&["1"]);
    let sens = s(&["b"]);
    let input = CheckInput::new(vec![&qi[..]], Some(&sens[..]))?.with_hierarchy(&h);
    assert!(achieve(&input, None).is_err());
    Ok(())
}

#[test]
fn empty_and_mismatched_inputs() -> Result<()> {
    let qi: Vec<String> = Vec::new();
    let input = CheckInput::new(vec![&qi[..]], Some(&qi[..]))?;
    let a = achieve(&input, None)?;
    assert_eq!(a.k, None);
    assert_eq!(a.distinct_l, None);
    assert_eq!(a.t_equal, None);
    assert!(CheckInput::new(vec![], None).is_err());
    let one = s(&["a"]);
    assert!(CheckInput::new(vec![&one[..]], Some(&qi[..])).is_err());
    Ok(())
}

#[test]
fn models_needing_a_sensitive_column_fail_without_one() -> Result<()> {
    let qi = s(&["a", "a"]);
    let input = CheckInput::new(vec![&qi[..]], None)?;
    let v = verify(&input, &[PrivacyModel::DistinctL { l: 1 }])?;
    assert!(!v.all_hold);
    assert_eq!(v.achieved.distinct_l, None);
    Ok(())
}

#[test]
fn pycanon_variant_sorts_ascending() -> Result<()> {
    let qi = s(&["a", "a", "a", "a"]);
    let sens = s(&["x", "x", "x", "y"]);
    let input = CheckInput::new(vec![&qi[..]], Some(&sens[..]))?;
    // ascending (1, 3), l = 2: floor(1/3 + 1) = 1
    assert_eq!(pycanon_recursive_c(&input)?, Some(1.0));
    assert_eq!(
        achieve(&input, None)?.recursive.and_then(|r| r.c),
        Some(3.0)
    );
    Ok(())
}
