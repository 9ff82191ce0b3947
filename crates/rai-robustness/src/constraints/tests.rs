//! Unit tests for feature constraints.

use super::*;
use ndarray::array;

#[test]
fn realize_snaps_every_kind_of_constraint() -> Result<()> {
    let c = FeatureConstraints::new(6)
        .with_bounds(0, 0.0, 10.0)?
        .with_integer(0)?
        .with_domain(1, vec![0.0, 2.0, 5.0])?
        .with_one_hot(vec![2, 3, 4])?
        .with_immutable(5)?;
    let x0 = [3.0, 2.0, 1.0, 0.0, 0.0, 7.0];
    let mut x = [11.7, 4.1, 0.2, 0.6, 0.1, 9.0];
    c.realize_row(&x0, &mut x, None);
    assert_eq!(x, [10.0, 5.0, 0.0, 1.0, 0.0, 7.0]);
    assert!(c.check_row(&x0, &x).is_ok());
    Ok(())
}

#[test]
fn budget_reverts_discrete_changes() -> Result<()> {
    let c = FeatureConstraints::new(2).with_integer(0)?;
    let x0 = [3.0, 0.0];
    let mut x = [3.45, 0.3];
    // rounding keeps 3: inside the budget
    c.realize_row(&x0, &mut x, Some((Norm::Inf, 0.45)));
    assert_eq!(x, [3.0, 0.3]);
    let mut x = [3.6, 0.3];
    // rounding to 4 would leave the 0.6 budget? |4-3| = 1 > 0.6: reverted
    c.realize_row(&x0, &mut x, Some((Norm::Inf, 0.6)));
    assert_eq!(x, [3.0, 0.3]);
    let mut x = [3.6, 0.3];
    c.realize_row(&x0, &mut x, Some((Norm::L2, 2.0)));
    assert_eq!(x, [4.0, 0.3]);
    Ok(())
}

#[test]
fn infer_bounds_and_integers() -> Result<()> {
    let x = array![[1.0, 0.5], [3.0, f64::NAN], [2.0, -1.5]];
    let c = FeatureConstraints::infer(x.view())?;
    assert_eq!(c.lower(), &[1.0, -1.5]);
    assert_eq!(c.upper(), &[3.0, 0.5]);
    assert!(c.is_integer(0) && !c.is_integer(1));
    assert!(FeatureConstraints::infer(ndarray::Array2::<f64>::zeros((0, 2)).view()).is_err());
    Ok(())
}

#[test]
fn invalid_constraints_are_errors() {
    let c = FeatureConstraints::new(2);
    assert!(c.clone().with_bounds(0, 1.0, 0.0).is_err());
    assert!(c.clone().with_bounds(5, 0.0, 1.0).is_err());
    assert!(c.clone().with_one_hot(vec![0]).is_err());
    assert!(c.clone().with_domain(0, vec![]).is_err());
    assert!(
        c.clone()
            .with_immutable_names(&["zz"], &["a".into(), "b".into()])
            .is_err()
    );
    assert!(c.ensure_features(3).is_err());
    assert!("l3".parse::<Norm>().is_err());
    assert_eq!("inf".parse::<Norm>().ok(), Some(Norm::Inf));
}

#[test]
fn distances_ignore_cells_missing_in_both_rows() {
    let a = [1.0, f64::NAN, 3.0];
    let b = [2.0, f64::NAN, 3.0];
    assert_eq!(Norm::L2.distance(&a, &b), 1.0);
    assert_eq!(Norm::Inf.distance(&a, &b), 1.0);
    assert!(Norm::L2.distance(&[f64::NAN], &[0.0]).is_nan());
}
