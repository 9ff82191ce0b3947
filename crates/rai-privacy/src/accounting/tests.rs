//! Accountant unit tests (conformance against dp_accounting lives in
//! `tests/conformance.rs`).

use proptest::prelude::*;

use super::*;

#[test]
fn basic_and_advanced_composition() -> rai_core::Result<()> {
    let (e, d) = basic_composition(&[(0.1, 1e-6); 10])?;
    assert!((e - 1.0).abs() < 1e-12 && (d - 1e-5).abs() < 1e-18);
    let (e, d) = advanced_composition(0.1, 1e-6, 100, 1e-5)?;
    let expect = 0.1 * (200.0 * (1e5f64).ln()).sqrt() + 100.0 * 0.1 * 0.1f64.exp_m1();
    assert!((e - expect).abs() < 1e-12);
    assert!((d - (1e-4 + 1e-5)).abs() < 1e-15);
    assert!(basic_composition(&[(f64::NAN, 0.0)]).is_err());
    assert!(advanced_composition(0.1, 0.0, 0, 1e-5).is_err());
    Ok(())
}

#[test]
fn optimal_composition_is_tightest() -> rai_core::Result<()> {
    // k = 1: the optimal total epsilon is epsilon itself (delta_g(eps) = 0).
    let one = optimal_homogeneous_composition(0.7, 0.0, 1, 1e-9)?;
    assert!((one - 0.7).abs() < 1e-6, "{one}");
    for k in [10u64, 100, 1000] {
        let opt = optimal_homogeneous_composition(0.1, 0.0, k, 1e-6)?;
        let adv = advanced_composition(0.1, 0.0, k, 1e-6)?.0;
        assert!(
            opt <= adv + 1e-9 && opt <= 0.1 * k as f64 + 1e-9,
            "k={k} {opt} {adv}"
        );
    }
    assert!(optimal_homogeneous_composition(0.1, 0.01, 10, 0.05).is_err());
    Ok(())
}

#[test]
fn zcdp_conversion_matches_closed_form() -> rai_core::Result<()> {
    for (rho, delta) in [(0.1, 1e-5), (1.0, 1e-6), (0.01, 1e-9)] {
        let e = zcdp_to_epsilon(rho, delta);
        let classic = rho + 2.0 * (rho * (1.0f64 / delta).ln()).sqrt();
        assert!(e <= classic + 1e-12);
        // brute-force minimum over a fine grid of alpha
        let brute = (1..200_000)
            .map(|i| 1.0 + i as f64 * 1e-3)
            .map(|a: f64| {
                a * rho + ((1.0 / delta).ln() + (a - 1.0) * (-1.0 / a).ln_1p() - a.ln()) / (a - 1.0)
            })
            .fold(f64::INFINITY, f64::min);
        assert!((e - brute).abs() < 1e-4 * brute, "{e} {brute}");
    }
    let mut acc = ZcdpAccountant::default();
    acc.compose(&DpEvent::SelfComposed {
        event: Box::new(DpEvent::Gaussian {
            noise_multiplier: 2.0,
        }),
        count: 8,
    })?;
    acc.compose(&DpEvent::DiscreteGaussian {
        noise_multiplier: 2.0,
    })?;
    acc.compose(&DpEvent::Exponential { epsilon: 1.0 })?;
    assert!((acc.rho() - (9.0 / 8.0 + 1.0 / 8.0)).abs() < 1e-12);
    assert!(acc.compose(&DpEvent::dp_sgd(1.0, 0.1, 3)).is_err());
    Ok(())
}

#[test]
fn rdp_handles_selection_and_rr_events() -> rai_core::Result<()> {
    let mut a = RdpAccountant::default();
    a.compose(&DpEvent::Exponential { epsilon: 0.5 })?;
    let e_exp = a.epsilon(1e-6)?;
    let mut b = RdpAccountant::default();
    b.compose(&DpEvent::RandomizedResponse { epsilon: 0.5, k: 2 })?;
    let e_rr = b.epsilon(1e-6)?;
    // RDP-to-DP conversion adds a little (largest order 1024), hence the slack.
    assert!(
        e_exp <= 0.55 && e_rr <= 0.55 && e_exp <= e_rr + 1e-9,
        "{e_exp} {e_rr}"
    );
    assert!(
        RdpAccountant::default()
            .compose(&DpEvent::Gaussian {
                noise_multiplier: 0.0
            })
            .is_err()
    );
    Ok(())
}

#[test]
fn pld_rejects_bad_events() {
    let acc = PldAccountant::default();
    assert!(
        acc.epsilon(&DpEvent::Exponential { epsilon: 1.0 }, 1e-5)
            .is_err()
    );
    assert!(acc.epsilon(&DpEvent::dp_sgd(1.0, 0.01, 10), 0.0).is_err());
    assert!(acc.epsilon(&DpEvent::dp_sgd(-1.0, 0.01, 10), 1e-5).is_err());
    assert!(PldAccountant::new(0.0).is_err());
}

#[test]
fn filter_refuses_beyond_budget() -> rai_core::Result<()> {
    let mut f = PrivacyFilter::new(1.0, 1e-6)?;
    f.charge(0.5, 5e-7)?;
    assert!(matches!(
        f.charge(0.6, 0.0),
        Err(rai_core::Error::Guarantee { .. })
    ));
    assert!(f.charge(0.1, 6e-7).is_err());
    assert_eq!(f.spent(), (0.5, 5e-7));
    assert!(f.charge(0.0, 0.0).is_err());
    assert!(PrivacyFilter::new(f64::INFINITY, 0.0).is_err());
    Ok(())
}

proptest! {
    #[test]
    fn filter_spent_is_monotone_and_bounded(charges in proptest::collection::vec((0.001f64..0.5, 0.0f64..1e-6), 0..40)) {
        let mut f = PrivacyFilter::new(2.0, 5e-6).unwrap();
        let mut last = (0.0, 0.0);
        for (e, d) in charges {
            let _ = f.charge(e, d);
            let s = f.spent();
            prop_assert!(s.0 >= last.0 && s.1 >= last.1);
            prop_assert!(s.0 <= 2.0 && s.1 <= 5e-6);
            last = s;
        }
    }
}
