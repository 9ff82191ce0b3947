//! Conformance of the RDP and PLD accountants against Google's dp_accounting 0.6.0 on a
//! grid of DP-SGD settings (Poisson-subsampled Gaussian) and on composed Laplace
//! mechanisms; of optimal homogeneous composition and of the zCDP conversion against
//! independent 60-digit mpmath computations. Fixture:
//! `tests/fixtures/accounting/dpsgd_grid.json`, produced by
//! `xtask/fixtures/privacy_accounting.py`.

#![allow(clippy::unwrap_used)] // reason: fixture-reading test helpers outside #[test] fns

use rai_privacy::accounting::{
    DpEvent, PldAccountant, RdpAccountant, advanced_composition, optimal_homogeneous_composition,
    zcdp_to_epsilon,
};
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
    /// Optimal composition: bisection to machine precision against a 60-digit reference.
    pub const OPTIMAL_REL: f64 = 1e-9;
    /// zCDP conversion: a numerical minimisation over the Rényi order.
    pub const ZCDP_REL: f64 = 1e-6;
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
            failures.push(format!(
                "sigma={s} q={q} T={t} delta={d}: {got} vs {want} (rel {rel:.4})"
            ));
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

#[test]
fn laplace_rdp_and_pld_match_dp_accounting() {
    let g = grid();
    for row in g["laplace"].as_array().unwrap() {
        let b = row["parameter"].as_f64().unwrap();
        let t = row["steps"].as_u64().unwrap();
        let d = row["delta"].as_f64().unwrap();
        let ev = DpEvent::SelfComposed {
            event: Box::new(DpEvent::Laplace {
                noise_multiplier: b,
            }),
            count: t,
        };
        let mut rdp = RdpAccountant::default();
        rdp.compose(&ev).unwrap();
        let got = rdp.epsilon(d).unwrap();
        let want = row["rdp_epsilon"].as_f64().unwrap();
        assert!(
            (got - want).abs() <= tol::RDP_REL * want,
            "Laplace b={b} T={t} delta={d}: RDP {got} vs dp_accounting {want}"
        );
        let got = PldAccountant::default().epsilon(&ev, d).unwrap();
        let want = row["pld_epsilon"].as_f64().unwrap();
        assert!(
            (got - want).abs() <= tol::PLD_REL * want,
            "Laplace b={b} T={t} delta={d}: PLD {got} vs dp_accounting {want}"
        );
    }
}

#[test]
fn optimal_composition_matches_exact_reference_and_beats_advanced() {
    let g = grid();
    for row in g["optimal_composition"].as_array().unwrap() {
        let e = row["epsilon"].as_f64().unwrap();
        let d = row["delta"].as_f64().unwrap();
        let k = row["k"].as_u64().unwrap();
        let dt = row["delta_total"].as_f64().unwrap();
        let want = row["epsilon_total"].as_f64().unwrap();
        let got = optimal_homogeneous_composition(e, d, k, dt).unwrap();
        assert!(
            (got - want).abs() <= tol::OPTIMAL_REL * want,
            "eps={e} delta={d} k={k} delta_total={dt}: {got} vs {want}"
        );
        assert!(got <= k as f64 * e * (1.0 + 1e-12));
        if dt > k as f64 * d {
            let (adv, adv_delta) = advanced_composition(e, d, k, dt - k as f64 * d).unwrap();
            assert!((adv_delta - dt).abs() <= 1e-12 * dt);
            assert!(got <= adv * (1.0 + 1e-12), "optimal {got} > advanced {adv}");
        }
    }
}

#[test]
fn zcdp_conversion_matches_reference_and_simple_bound() {
    let g = grid();
    for row in g["zcdp_conversion"].as_array().unwrap() {
        let rho = row["rho"].as_f64().unwrap();
        let d = row["delta"].as_f64().unwrap();
        let want = row["epsilon"].as_f64().unwrap();
        let got = zcdp_to_epsilon(rho, d);
        assert!(
            (got - want).abs() <= tol::ZCDP_REL * want,
            "rho={rho} delta={d}: {got} vs {want}"
        );
        let simple = rho + 2.0 * (rho * (1.0 / d).ln()).sqrt();
        assert!(got <= simple);
    }
}
