//! Unit tests for drift detection.

use super::*;

#[test]
fn ks_edge_cases() -> Result<()> {
    assert!(ks_2samp(&[], &[1.0]).is_err());
    assert!(ks_2samp(&[f64::NAN], &[1.0]).is_err());
    let r = ks_2samp(&[1.0, 2.0], &[1.0, 2.0])?;
    assert_eq!((r.statistic, r.p_value), (0.0, 1.0));
    // one value each, disjoint
    let r = ks_2samp(&[0.0], &[1.0])?;
    assert_eq!(r.statistic, 1.0);
    assert!((r.p_value - 1.0).abs() < 1e-12);
    Ok(())
}

#[test]
fn chi2_edge_cases() -> Result<()> {
    assert!(chi2_contingency(&[1.0], &[1.0, 2.0]).is_err());
    assert!(chi2_contingency(&[0.0, 0.0], &[1.0, 2.0]).is_err());
    assert!(chi2_contingency(&[-1.0, 0.0], &[1.0, 2.0]).is_err());
    // single shared level: no evidence either way
    assert_eq!(chi2_contingency(&[5.0, 0.0], &[7.0, 0.0])?.p_value, 1.0);
    Ok(())
}

#[test]
fn cvm_needs_two_values() {
    assert!(cramervonmises_2samp(&[1.0], &[1.0, 2.0]).is_err());
}

#[test]
fn psi_detects_shift() -> Result<()> {
    let r: Vec<f64> = (0..1000).map(|i| f64::from(i) / 1000.0).collect();
    let c: Vec<f64> = r.iter().map(|v| v + 0.5).collect();
    assert!(psi_numeric(&r, &c, 10)? > 1.0);
    assert!(psi_numeric(&r, &[], 10).is_err());
    assert!(psi_numeric(&r, &c, 0).is_err());
    Ok(())
}

#[test]
fn report_handles_missing_and_categoricals() -> Result<()> {
    use rai_core::{CsvOptions, Table};
    let a = Table::from_csv_bytes(b"x,c\n1,a\n,b\n3,a\n4,\n5,a\n", "a", &CsvOptions::default())?;
    let b = Table::from_csv_bytes(
        b"x,c\n1,a\n2,b\n3,b\n4,b\n5,b\n",
        "b",
        &CsvOptions::default(),
    )?;
    let r = drift_report(&a, &b, &DriftParams::default())?;
    assert_eq!(r.features[0].missing_reference, 1);
    assert_eq!(r.features[1].kind, "categorical");
    assert_eq!(r.features[1].missing_reference, 1);
    assert!(r.features.iter().all(|f| f.p_value_adjusted.is_some()));
    let bad = DriftParams {
        columns: Some(vec!["nope".into()]),
        ..DriftParams::default()
    };
    assert!(drift_report(&a, &b, &bad).is_err());
    let bad = DriftParams {
        alpha: 0.0,
        ..DriftParams::default()
    };
    assert!(drift_report(&a, &b, &bad).is_err());
    Ok(())
}

#[test]
fn mmd_is_reproducible_and_calibrated_on_identical_samples() -> Result<()> {
    let a = ndarray::Array2::from_shape_fn((80, 2), |(i, j)| ((i * 37 + j * 11) % 17) as f64);
    let p = MmdParams {
        n_permutations: 99,
        ..MmdParams::default()
    };
    let r1 = mmd_test(a.view(), a.view(), &p)?;
    let r2 = mmd_test(a.view(), a.view(), &p)?;
    assert_eq!(r1, r2);
    assert!(r1.p_value > 0.5);
    // linear-time path
    let lin = MmdParams {
        max_quadratic_rows: 10,
        ..p
    };
    let b = a.mapv(|v| v + 20.0);
    let r = mmd_test(a.view(), b.view(), &lin)?;
    assert_eq!(r.method, "linear_time");
    assert!(r.p_value < 1e-3);
    Ok(())
}
