//! Unit tests of the bootstrap helpers.

use super::*;

#[test]
fn percentile_interval_interpolates_like_numpy() {
    let v = (0..=10).map(|i| Some(f64::from(i)));
    let iv = percentile_interval(v, 0.9).unwrap();
    assert!((iv.lower - 0.5).abs() < 1e-12);
    assert!((iv.upper - 9.5).abs() < 1e-12);
    assert_eq!(percentile_interval([None, None].into_iter(), 0.95), None);
    let one = percentile_interval([Some(2.0), None].into_iter(), 0.95).unwrap();
    assert_eq!((one.lower, one.upper), (2.0, 2.0));
}

#[test]
fn params_validate() {
    assert!(BootstrapParams::new(0, 1).is_err());
    let p = BootstrapParams::new(10, 1).unwrap();
    assert!(p.with_level(1.0).is_err());
    assert!(p.with_level(0.0).is_err());
    assert!(p.with_level(f64::NAN).is_err());
    assert_eq!(p.with_level(0.9).unwrap().level(), 0.9);
}
