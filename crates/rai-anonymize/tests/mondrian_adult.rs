//! Mondrian on Adult against the baseline Python Mondrian of anonypy 0.2.1 (fixture
//! from `xtask/fixtures/anonymize.py`): same data and numeric quasi-identifiers; our
//! information loss (NCP) must not exceed anonypy's by more than `NCP_SLACK`, every
//! class must have at least k records, and the checker must confirm k.

#![allow(clippy::unwrap_used)] // reason: test helpers; a panic is a test failure

use rai_anonymize::encode::StringTable;
use rai_anonymize::mondrian::{MondrianParams, QuasiIdentifier, anonymize};
use rai_anonymize::privacy::PrivacyModel;
use rai_anonymize::utility::information_loss;
use serde_json::Value;

/// Relative slack on NCP against anonypy.
const NCP_SLACK: f64 = 0.02;

const ADULT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/adult.csv"
);
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/pycanon/anonypy_adult.json"
);

#[test]
fn ncp_not_worse_than_anonypy() {
    let t = StringTable::from_csv_path(ADULT, None).unwrap();
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap();
    let qis: Vec<QuasiIdentifier> = fixture["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| QuasiIdentifier::numeric(c.as_str().unwrap()))
        .collect();
    for r in fixture["results"].as_array().unwrap() {
        let k = r["k"].as_u64().unwrap() as usize;
        let p = MondrianParams::new(vec![PrivacyModel::KAnonymity { k }]).unwrap();
        let out = anonymize(&t, &qis, &p).unwrap();
        assert!(out.report.achieved.k.unwrap() >= k);
        let u = information_loss(&t, &out.table, &qis, 0, Some(k)).unwrap();
        let theirs = r["ncp"].as_f64().unwrap();
        eprintln!(
            "k={k}: rai NCP {:.6} ({} classes), anonypy NCP {theirs:.6} ({} classes)",
            u.ncp, u.equivalence_classes, r["equivalence_classes"]
        );
        assert!(
            u.ncp <= theirs * (1.0 + NCP_SLACK),
            "k={k}: {} vs {theirs}",
            u.ncp
        );
    }
}
