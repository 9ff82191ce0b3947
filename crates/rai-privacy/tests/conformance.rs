//! Conformance of the accountants against dp_accounting 0.6.0 (fixtures from
//! `xtask/fixtures/privacy.py`).

#![allow(clippy::unwrap_used, reason = "test helpers")]

use rai_privacy::accounting::{DpEvent, PldAccountant, RdpAccountant};
use serde_json::Value;

/// Tolerances (relative), in one place.
mod tol {
    /// RDP: same orders and formulas as dp_accounting.
    pub const RDP: f64 = 1e-6;
    /// PLD: the issue asks for 1%; the implementation reaches ~1e-6.
    pub const PLD: f64 = 1e-2;
    /// Allowed shortfall below the optimistic (lower) PLD estimate.
    pub const PLD_BELOW_OPTIMISTIC: f64 = 1e-9;
}

fn fixtures() -> Value {
    let text = include_str!("fixtures/accounting.json");
    serde_json::from_str(text).unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

#[test]
fn gaussian_dp_sgd_matches_dp_accounting() {
    let f = fixtures();
    for g in f["gaussian"].as_array().unwrap() {
        let s = g["noise_multiplier"].as_f64().unwrap();
        let q = g["sampling_rate"].as_f64().unwrap();
        let t = g["steps"].as_u64().unwrap();
        let d = g["delta"].as_f64().unwrap();
        let ev = DpEvent::dp_sgd(s, q, t);
        let mut rdp = RdpAccountant::default();
        rdp.compose(&ev).unwrap();
        let e_rdp = rdp.epsilon(d).unwrap();
        let want = g["rdp_epsilon"].as_f64().unwrap();
        assert!(rel(e_rdp, want) < tol::RDP, "rdp {g}: {e_rdp} vs {want}");
        let e_pld = PldAccountant::default().epsilon(&ev, d).unwrap();
        let want = g["pld_epsilon"].as_f64().unwrap();
        assert!(rel(e_pld, want) < tol::PLD, "pld {g}: {e_pld} vs {want}");
        let lower = g["pld_optimistic_epsilon"].as_f64().unwrap();
        assert!(
            e_pld >= lower - tol::PLD_BELOW_OPTIMISTIC,
            "pld below optimistic {g}: {e_pld}"
        );
        assert!(
            e_pld <= e_rdp * 1.0001,
            "pld should be tighter than rdp {g}"
        );
    }
}

#[test]
fn laplace_matches_dp_accounting() {
    let f = fixtures();
    for g in f["laplace"].as_array().unwrap() {
        let b = g["parameter"].as_f64().unwrap();
        let t = g["steps"].as_u64().unwrap();
        let d = g["delta"].as_f64().unwrap();
        let ev = DpEvent::SelfComposed {
            event: Box::new(DpEvent::Laplace {
                noise_multiplier: b,
            }),
            count: t,
        };
        let mut rdp = RdpAccountant::default();
        rdp.compose(&ev).unwrap();
        let e = rdp.epsilon(d).unwrap();
        let want = g["rdp_epsilon"].as_f64().unwrap();
        assert!(rel(e, want) < tol::RDP, "rdp {g}: {e} vs {want}");
        let e = PldAccountant::default().epsilon(&ev, d).unwrap();
        let want = g["pld_epsilon"].as_f64().unwrap();
        assert!(rel(e, want) < tol::PLD, "pld {g}: {e} vs {want}");
    }
}

/// The seeded source is reachable here only through the `test-rng` feature of the
/// dev-dependency; it is a different, explicitly named constructor.
#[test]
fn test_rng_is_explicit() {
    let s = rai_privacy::NoiseSource::insecure_seeded_for_testing(1);
    assert!(!s.is_secure());
}
