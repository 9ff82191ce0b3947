//! Unit tests for the privacy models and the EMD variants.

use super::*;
use crate::hierarchy::Hierarchy;

fn labels(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn validation() {
    assert!(PrivacyModel::KAnonymity { k: 0 }.validate().is_err());
    assert!(PrivacyModel::DistinctL { l: 0 }.validate().is_err());
    assert!(PrivacyModel::EntropyL { l: 0.5 }.validate().is_err());
    assert!(
        PrivacyModel::RecursiveCL { c: 0.0, l: 2 }
            .validate()
            .is_err()
    );
    let t = PrivacyModel::TCloseness {
        t: 1.5,
        distance: TDistance::Equal,
    };
    assert!(t.validate().is_err());
    assert!(PrivacyModel::KAnonymity { k: 2 }.validate().is_ok());
}

#[test]
fn l_diversity_variants() {
    let h = [3u32, 1, 1, 0];
    assert!(PrivacyModel::DistinctL { l: 3 }.holds(5, &h, None));
    assert!(!PrivacyModel::DistinctL { l: 4 }.holds(5, &h, None));
    // entropy of (3,1,1)/5 = 0.950 nats; exp = 2.586
    assert!(PrivacyModel::EntropyL { l: 2.5 }.holds(5, &h, None));
    assert!(!PrivacyModel::EntropyL { l: 2.6 }.holds(5, &h, None));
    // recursive: r1 = 3 < c * (r2 + r3) = c * 2 for l = 2 -> needs c > 1.5
    assert!(PrivacyModel::RecursiveCL { c: 1.6, l: 2 }.holds(5, &h, None));
    assert!(!PrivacyModel::RecursiveCL { c: 1.5, l: 2 }.holds(5, &h, None));
    // l = 3: r1 = 3 < c * r3 = c
    assert!(!PrivacyModel::RecursiveCL { c: 3.0, l: 3 }.holds(5, &h, None));
    assert!(PrivacyModel::RecursiveCL { c: 3.1, l: 3 }.holds(5, &h, None));
    assert!(PrivacyModel::KAnonymity { k: 5 }.holds(5, &[], None));
    assert!(!PrivacyModel::KAnonymity { k: 6 }.holds(5, &[], None));
}

#[test]
fn emd_equal_and_ordered() -> rai_core::Result<()> {
    // table: values 0,1,2 with counts 2,1,1
    let ctx = SensitiveContext::new(&[0, 0, 1, 2], &labels(&["10", "20", "30"]), None)?;
    // class {0,0}: p = (1,0,0), q = (.5,.25,.25): equal = .5
    assert!((ctx.emd(&[2, 0, 0], TDistance::Equal) - 0.5).abs() < 1e-12);
    // ordered: cumsums .5, .25, 0 -> .75 / 2
    assert!((ctx.emd(&[2, 0, 0], TDistance::Ordered) - 0.375).abs() < 1e-12);
    // the whole table is at distance 0
    assert!(ctx.emd(&[2, 1, 1], TDistance::Equal).abs() < 1e-12);
    assert!(ctx.emd(&[2, 1, 1], TDistance::Ordered).abs() < 1e-12);
    assert_eq!(ctx.emd(&[2, 1, 1], TDistance::Hierarchical), f64::INFINITY);
    Ok(())
}

#[test]
fn emd_hierarchical() -> rai_core::Result<()> {
    let h = Hierarchy::from_arx_csv_bytes(b"a;x;*\nb;x;*\nc;y;*\nd;y;*\n", "h", None)?;
    // table: a, b, c, d once each
    let ctx = SensitiveContext::new(&[0, 1, 2, 3], &labels(&["a", "b", "c", "d"]), Some(&h))?;
    // class {a, b}: mass 1/2 moves from x-subtree to y-subtree at distance 1 -> 0.5
    assert!((ctx.emd(&[1, 1, 0, 0], TDistance::Hierarchical) - 0.5).abs() < 1e-12);
    // class {a, c}: within x, 1/4 moves a<-b at distance 1/2; same in y -> 0.25
    assert!((ctx.emd(&[1, 0, 1, 0], TDistance::Hierarchical) - 0.25).abs() < 1e-12);
    assert!(SensitiveContext::new(&[0], &labels(&["zz"]), Some(&h)).is_err());
    Ok(())
}
