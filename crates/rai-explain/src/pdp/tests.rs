//! Unit tests for partial dependence and grids.

use ndarray::array;
use rai_core::Result;
use rai_models::{LinearKind, LinearModel};

use super::*;

#[test]
fn mquantile_matches_scipy_values() {
    // scipy.stats.mstats.mquantiles([1, 2, 3, 4, 10], prob=[0.05, 0.5, 0.95])
    // = [1.0, 3.0, 10.0] (aleph clipped at both ends)
    let s = [1.0, 2.0, 3.0, 4.0, 10.0];
    assert_eq!(mquantile(&s, 0.05), 1.0);
    assert_eq!(mquantile(&s, 0.5), 3.0);
    assert_eq!(mquantile(&s, 0.95), 10.0);
    // n = 10: prob 0.25 -> aleph = 2.5 + 0.45 = 2.95 -> 0.05 * x[1] + 0.95 * x[2]
    let t: Vec<f64> = (0..10).map(f64::from).collect();
    assert!((mquantile(&t, 0.25) - 1.95).abs() < 1e-12);
}

#[test]
fn linspace_ends_exactly() {
    let v = linspace(0.1, 0.7, 4);
    assert_eq!(v.len(), 4);
    assert_eq!(v[0], 0.1);
    assert_eq!(v[3], 0.7);
}

#[test]
fn two_dimensional_pdp_of_additive_model() -> Result<()> {
    let m = LinearModel::new(
        LinearKind::LinearRegression,
        vec!["a".into(), "b".into()],
        vec![1.0, 10.0],
        0.5,
    )?;
    let x = array![[0.0, 0.0], [2.0, 1.0], [4.0, 2.0]];
    let pd = PartialDependence {
        ice: true,
        ..PartialDependence::default()
    }
    .compute(
        &m,
        x.view(),
        &[
            (0, GridSpec::Values(vec![0.0, 1.0])),
            (1, GridSpec::Values(vec![0.0, 1.0, 2.0])),
        ],
    )?;
    assert_eq!(pd.average, vec![0.5, 10.5, 20.5, 1.5, 11.5, 21.5]);
    let ice = pd.individual.as_ref().map(|v| v.len());
    assert_eq!(ice, Some(3));
    assert_eq!(pd.features, vec!["a", "b"]);
    Ok(())
}

#[test]
fn errors_and_edge_cases() -> Result<()> {
    let m = LinearModel::new(
        LinearKind::LinearRegression,
        vec!["a".into()],
        vec![1.0],
        0.0,
    )?;
    let x = array![[1.0], [f64::NAN], [3.0]];
    let pd = PartialDependence::default();
    // NaN ignored when building the grid.
    assert_eq!(
        grid_for_column(x.column(0), &GridSpec::Auto, (0.05, 0.95), 100)?,
        vec![1.0, 3.0]
    );
    assert!(pd.compute(&m, x.view(), &[]).is_err());
    assert!(pd.compute(&m, x.view(), &[(3, GridSpec::Auto)]).is_err());
    assert!(
        pd.compute(&m, x.view(), &[(0, GridSpec::Values(vec![]))])
            .is_err()
    );
    assert!(
        pd.compute(&m, x.view(), &[(0, GridSpec::Values(vec![f64::INFINITY]))])
            .is_err()
    );
    let bad = PartialDependence {
        percentiles: (0.9, 0.1),
        ..PartialDependence::default()
    };
    assert!(bad.compute(&m, x.view(), &[(0, GridSpec::Auto)]).is_err());
    let res1 = PartialDependence {
        grid_resolution: 1,
        ..PartialDependence::default()
    };
    assert!(res1.compute(&m, x.view(), &[(0, GridSpec::Auto)]).is_err());
    let prob = PartialDependence {
        space: Space::Probability,
        ..PartialDependence::default()
    };
    assert!(prob.compute(&m, x.view(), &[(0, GridSpec::Auto)]).is_err()); // regressor
    let empty = ndarray::Array2::<f64>::zeros((0, 1));
    assert!(
        pd.compute(&m, empty.view(), &[(0, GridSpec::Auto)])
            .is_err()
    );
    // percentiles too close: a column that is constant except for one outlier
    let mut col = vec![5.0; 200];
    col[0] = 0.0;
    let c = ndarray::Array1::from(col);
    assert!(grid_for_column(c.view(), &GridSpec::Auto, (0.05, 0.95), 2).is_err());
    Ok(())
}
