//! Every conformance tolerance, in one place.
#![allow(dead_code)]

/// Max absolute difference between our and ART's adversarial feature values.
pub const ART_ADVERSARIAL: f64 = 1e-9;
/// Relative difference of scipy p-values computed exactly (KS exact, chi-square, CvM).
pub const SCIPY_PVALUE_REL: f64 = 1e-9;
/// Relative difference of scipy p-values from series approximations (KS asymptotic,
/// CvM asymptotic), which sum series with different truncation.
pub const SCIPY_ASYMPTOTIC_REL: f64 = 1e-11;
/// Absolute difference of test statistics.
pub const STATISTIC_ABS: f64 = 1e-12;
