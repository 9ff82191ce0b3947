//! Conformance: KS, Cramér–von Mises and chi-square statistics and p-values equal
//! scipy 1.15.3's (`ks_2samp(method="auto")`, `cramervonmises_2samp(method="auto")`,
//! `chi2_contingency`). Fixtures: `xtask/fixtures/robustness.py`.

#![allow(clippy::unwrap_used)] // reason: test helpers outside #[test] functions

mod tolerances;

use rai_robustness::drift::{chi2_contingency, cramervonmises_2samp, ks_2samp};
use serde_json::Value;

fn reference() -> Value {
    let path = format!(
        "{}/tests/fixtures/drift_reference.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn rel(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        (a - b).abs() / b.abs().max(1e-300)
    }
}

#[test]
fn ks_2samp_equals_scipy() -> rai_core::Result<()> {
    let r = reference();
    let mut n = 0;
    for case in r["ks_2samp"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let got = ks_2samp(&floats(&case["x"]), &floats(&case["y"]))?;
        let (s, p) = (
            case["statistic"].as_f64().unwrap(),
            case["pvalue"].as_f64().unwrap(),
        );
        assert!(
            (got.statistic - s).abs() <= tolerances::STATISTIC_ABS,
            "{name}: statistic {} vs {s}",
            got.statistic
        );
        let tol = if got.method == "exact" {
            tolerances::SCIPY_PVALUE_REL
        } else {
            tolerances::SCIPY_ASYMPTOTIC_REL
        };
        eprintln!(
            "{name}: {} p {} vs {p} (rel {:e})",
            got.method,
            got.p_value,
            rel(got.p_value, p)
        );
        assert!(
            rel(got.p_value, p) <= tol,
            "{name}: p-value {} vs {p}",
            got.p_value
        );
        n += 1;
    }
    assert_eq!(n, 11);
    Ok(())
}

#[test]
fn cramervonmises_2samp_equals_scipy() -> rai_core::Result<()> {
    let r = reference();
    for case in r["cramervonmises_2samp"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let got = cramervonmises_2samp(&floats(&case["x"]), &floats(&case["y"]))?;
        let (s, p) = (
            case["statistic"].as_f64().unwrap(),
            case["pvalue"].as_f64().unwrap(),
        );
        eprintln!(
            "{name}: {} t {} vs {s}, p {} vs {p} (rel {:e})",
            got.method,
            got.statistic,
            got.p_value,
            rel(got.p_value, p)
        );
        assert!(
            (got.statistic - s).abs() <= 1e-9,
            "{name}: statistic {} vs {s}",
            got.statistic
        );
        let tol = if got.method == "exact" {
            tolerances::SCIPY_PVALUE_REL
        } else {
            tolerances::SCIPY_ASYMPTOTIC_REL
        };
        assert!(
            rel(got.p_value, p) <= tol,
            "{name}: p-value {} vs {p}",
            got.p_value
        );
    }
    Ok(())
}

#[test]
fn chi2_contingency_equals_scipy() -> rai_core::Result<()> {
    let r = reference();
    for case in r["chi2_contingency"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let t = case["table"].as_array().unwrap();
        let got = chi2_contingency(&floats(&t[0]), &floats(&t[1]))?;
        let (s, p) = (
            case["statistic"].as_f64().unwrap(),
            case["pvalue"].as_f64().unwrap(),
        );
        eprintln!(
            "{name}: stat {} vs {s}, p {} vs {p} (rel {:e})",
            got.statistic,
            got.p_value,
            rel(got.p_value, p)
        );
        assert!(
            rel(got.statistic, s) <= 1e-12,
            "{name}: statistic {} vs {s}",
            got.statistic
        );
        assert!(
            rel(got.p_value, p) <= tolerances::SCIPY_PVALUE_REL,
            "{name}: p {} vs {p}",
            got.p_value
        );
        assert_eq!(got.dof as u64, case["dof"].as_u64().unwrap());
    }
    Ok(())
}
