//! Conformance of the RDP and PLD accountants against Google's dp_accounting 0.6.0 on a
//! grid of DP-SGD settings (Poisson-subsampled Gaussian). Fixture:
//! `tests/fixtures/accounting/dpsgd_grid.json`, produced by
//! `xtask/fixtures/privacy_accounting.py`.

use rai_privacy::accounting::{DpEvent, PldAccountant, RdpAccountant};
use serde_json::Value;

/// Tolerances, in one place.
mod tol {
    /// Largest relative difference from dp_accounting's `RdpAccountant`.
    pub const RDP_REL: f64 = 0.01;
    /// Largest relative difference from dp_accounting's `PLDAccountant`.
    pub const PLD_REL: f64 = 0.01;
    /// How far below dp_accounting's optimistic PLD estimate (a lower estimate of the
    /// true epsilon) the pessimistic PLD may fall: none beyond float noise.
    pub const PLD_BELOW_OPTIMISTIC: f64 = 1e-9;
}

fn grid() -> Value {
    let text = include_str!("fixtures/accounting/dpsgd_grid.json");
    serde_json::from_str(text).unwrap()
}

fn setting(row: &Value) -> (f64, f64, u64, f64, f64) {
    (
        row["noise_multiplier"].as_f64().unwrap(),
        row["sampling_rate"].as_f64().unwrap(),
        row["steps"].as_u64().unwrap(),
        row["delta"].as_f64().unwrap(),
        row["epsilon"].as_f64().unwrap(),
    )
}

#[test]
fn rdp_matches_dp_accounting_on_dpsgd_grid() {
    let g = grid();
    let rows = g["rdp"].as_array().unwrap();
    assert_eq!(rows.len(), 90);
    let mut worst = 0.0f64;
    let mut failures = Vec::new();
    for row in rows {
        let (s, q, t, d, want) = setting(row);
        let mut acc = RdpAccountant::default();
        acc.compose(&DpEvent::dp_sgd(s, q, t)).unwrap();
        let got = acc.epsilon(d).unwrap();
        let rel = (got - want).abs() / want;
        worst = worst.max(rel);
        if rel > tol::RDP_REL {
            failures.push(format!("sigma={s} q={q} T={t} delta={d}: {got} vs {want} (rel {rel:.4})"));
        }
    }
    assert!(
        failures.is_empty(),
        "worst RDP relative error {worst}; {} settings beyond {}:\n{}",
        failures.len(),
        tol::RDP_REL,
        failures.join("\n")
    );
}

#[test]
fn pld_matches_dp_accounting_and_is_not_below_optimistic() {
    let g = grid();
    let rows = g["pld"].as_array().unwrap();
    assert!(!rows.is_empty());
    let acc = PldAccountant::default();
    for row in rows {
        let (s, q, t, d, want) = setting(row);
        let optimistic = row["optimistic_epsilon"].as_f64().unwrap();
        let got = acc.epsilon(&DpEvent::dp_sgd(s, q, t), d).unwrap();
        let rel = (got - want).abs() / want;
        assert!(
            rel <= tol::PLD_REL,
            "sigma={s} q={q} T={t} delta={d}: PLD {got} vs dp_accounting {want} (rel {rel})"
        );
        assert!(
            got >= optimistic - tol::PLD_BELOW_OPTIMISTIC,
            "sigma={s} q={q} T={t} delta={d}: PLD {got} below the optimistic {optimistic}"
        );
    }
}
