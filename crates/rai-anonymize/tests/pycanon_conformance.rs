//! Conformance of the independent checker with pycanon 1.3.6 on ARX's Adult, after the
//! deterministic generalisation of `xtask/fixtures/anonymize.py` (re-applied here).

#![allow(clippy::unwrap_used)] // reason: test helpers; a panic is a test failure

use std::collections::HashMap;

use rai_anonymize::check::{CheckInput, achieve, pycanon_recursive_c};
use rai_anonymize::encode::StringTable;
use rai_anonymize::hierarchy::Hierarchy;
use serde_json::Value;

/// Tolerances, in one place.
const TOL_ENTROPY: f64 = 1e-9;
const TOL_T: f64 = 1e-9;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/arx-adult"
);
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/pycanon/pycanon_adult.json"
);

fn generalise(t: &StringTable, col: &str, how: &Value) -> Vec<String> {
    let cells = t.column(col).unwrap();
    if let Some(band) = how.as_str() {
        let w: i64 = if band == "band10" { 10 } else { 20 };
        return cells
            .iter()
            .map(|c| {
                let a: i64 = c.parse().unwrap();
                let lo = a.div_euclid(w) * w;
                format!("[{}-{}]", lo, lo + w - 1)
            })
            .collect();
    }
    let level = how.as_u64().unwrap() as usize;
    if level == 0 {
        return cells.to_vec();
    }
    let h = Hierarchy::from_arx_csv_path(format!("{DATA}/adult_hierarchy_{col}.csv"), Some(b';'))
        .unwrap();
    cells
        .iter()
        .map(|c| h.generalise(c, level).unwrap().to_string())
        .collect()
}

#[test]
fn checker_matches_pycanon_on_adult() {
    let t = StringTable::from_csv_path(format!("{DATA}/adult.csv"), Some(b';')).unwrap();
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap();
    let results = fixture["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    for r in results {
        let name = r["name"].as_str().unwrap();
        // column order does not matter for grouping
        let spec = r["generalisation"].as_object().unwrap();
        let cols: Vec<Vec<String>> = spec.iter().map(|(c, how)| generalise(&t, c, how)).collect();
        let sens_all = t.column(r["sensitive"].as_str().unwrap()).unwrap();
        let n = t.n_rows();
        let mut sizes: HashMap<Vec<&str>, usize> = HashMap::new();
        for i in 0..n {
            *sizes
                .entry(cols.iter().map(|c| c[i].as_str()).collect())
                .or_default() += 1;
        }
        let min = r["suppress_below"].as_u64().unwrap() as usize;
        let keep: Vec<usize> = (0..n)
            .filter(|&i| sizes[&cols.iter().map(|c| c[i].as_str()).collect::<Vec<_>>()] >= min)
            .collect();
        let kept: Vec<Vec<String>> = cols
            .iter()
            .map(|c| keep.iter().map(|&i| c[i].clone()).collect())
            .collect();
        let sens: Vec<String> = keep.iter().map(|&i| sens_all[i].clone()).collect();
        let input =
            CheckInput::new(kept.iter().map(Vec::as_slice).collect(), Some(&sens[..])).unwrap();
        let a = achieve(&input, None).unwrap();
        assert_eq!(a.records as u64, r["records"].as_u64().unwrap(), "{name}");
        assert_eq!(
            a.equivalence_classes as u64,
            r["equivalence_classes"].as_u64().unwrap(),
            "{name}"
        );
        assert_eq!(a.k.unwrap() as u64, r["k"].as_u64().unwrap(), "{name}");
        assert_eq!(
            a.distinct_l.unwrap() as u64,
            r["distinct_l"].as_u64().unwrap(),
            "{name}"
        );
        let ent = a.entropy_l.unwrap();
        assert!(
            (ent - r["entropy_l_exact"].as_f64().unwrap()).abs() <= TOL_ENTROPY,
            "{name}: entropy l {ent}"
        );
        assert_eq!(
            ent.floor() as u64,
            r["entropy_l"].as_u64().unwrap(),
            "{name}"
        );
        let pc = pycanon_recursive_c(&input).unwrap();
        assert_eq!(pc, r["recursive_c"].as_f64(), "{name}: recursive c");
        let t_ours = match r["t_distance"].as_str().unwrap() {
            "ordered" => a.t_ordered.unwrap(),
            _ => a.t_equal.unwrap(),
        };
        let t_ref = r["t"].as_f64().unwrap();
        assert!(
            (t_ours - t_ref).abs() <= TOL_T,
            "{name}: t {t_ours} vs {t_ref}"
        );
    }
}
