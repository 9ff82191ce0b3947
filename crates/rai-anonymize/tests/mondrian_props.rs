//! Property tests: every Mondrian output satisfies every requested model (per the
//! independent checker and a naive recount), input = output + suppressed, non-QI
//! columns are byte-identical; checker invariants.

#![allow(clippy::unwrap_used)] // reason: test helpers; a panic is a test failure

use std::collections::HashMap;

use proptest::prelude::*;
use rai_anonymize::check::{CheckInput, achieve, verify};
use rai_anonymize::encode::StringTable;
use rai_anonymize::hierarchy::Hierarchy;
use rai_anonymize::mondrian::{MondrianParams, QuasiIdentifier, anonymize};
use rai_anonymize::privacy::{PrivacyModel, SensitiveContext, TDistance};

fn colour_hierarchy() -> Hierarchy {
    let rows = [
        ["red", "warm", "*"],
        ["orange", "warm", "*"],
        ["yellow", "warm", "*"],
        ["blue", "cold", "*"],
        ["green", "cold", "*"],
    ];
    Hierarchy::from_rows(
        rows.iter()
            .map(|r| r.iter().map(|s| (*s).to_string()).collect())
            .collect(),
    )
    .unwrap()
}

const COLOURS: [&str; 5] = ["red", "orange", "yellow", "blue", "green"];

fn build(rows: &[(i32, u8, u8, u8)]) -> StringTable {
    let header = ["age", "colour", "disease", "id"]
        .map(String::from)
        .to_vec();
    let mut cols = vec![Vec::new(); 4];
    for (i, &(age, c, d, _)) in rows.iter().enumerate() {
        cols[0].push(age.to_string());
        cols[1].push(COLOURS[c as usize % 5].to_string());
        cols[2].push(format!("d{}", d % 4));
        cols[3].push(format!("row{i}"));
    }
    StringTable::new(header, cols, b',').unwrap()
}

fn naive_min_class(cols: &[&[String]]) -> usize {
    let mut m: HashMap<Vec<&str>, usize> = HashMap::new();
    for i in 0..cols[0].len() {
        *m.entry(cols.iter().map(|c| c[i].as_str()).collect())
            .or_default() += 1;
    }
    m.values().copied().min().unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn mondrian_output_satisfies_models(
        rows in prop::collection::vec((-20i32..90, 0u8..5, 0u8..4, 0u8..1), 8..120),
        k in 1usize..6,
        l in 1usize..3,
        use_t in any::<bool>(),
    ) {
        let t = build(&rows);
        let mut models = vec![PrivacyModel::KAnonymity { k }, PrivacyModel::DistinctL { l }];
        if use_t {
            models.push(PrivacyModel::TCloseness { t: 0.6, distance: TDistance::Equal });
        }
        let params = MondrianParams::new(models.clone()).unwrap().sensitive("disease");
        let qis = [
            QuasiIdentifier::numeric("age"),
            QuasiIdentifier::hierarchical("colour", colour_hierarchy()),
        ];
        match anonymize(&t, &qis, &params) {
            Ok(out) => {
                let o = &out.table;
                prop_assert_eq!(o.n_rows() + out.report.suppressed_records, t.n_rows());
                prop_assert_eq!(o.header(), t.header());
                prop_assert_eq!(o.column("disease").unwrap(), t.column("disease").unwrap());
                prop_assert_eq!(o.column("id").unwrap(), t.column("id").unwrap());
                let q: Vec<&[String]> = vec![o.column("age").unwrap(), o.column("colour").unwrap()];
                prop_assert!(naive_min_class(&q) >= k);
                let input = CheckInput::new(q, Some(o.column("disease").unwrap())).unwrap();
                let v = verify(&input, &models).unwrap();
                prop_assert!(v.all_hold, "{:?}", v);
                // each age cell is a value or an interval containing the original age
                for (orig, rel) in t.column("age").unwrap().iter().zip(o.column("age").unwrap()) {
                    let x: f64 = orig.parse().unwrap();
                    if let Some(inner) = rel.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                        let b = inner.as_bytes();
                        let p = (1..b.len()).find(|&i| b[i] == b'-' && b[i - 1].is_ascii_digit()).unwrap();
                        let lo: f64 = inner[..p].parse().unwrap();
                        let hi: f64 = inner[p + 1..].parse().unwrap();
                        prop_assert!(lo <= x && x <= hi);
                    } else {
                        prop_assert_eq!(rel, orig);
                    }
                }
            }
            Err(_) => {
                // only when the whole table cannot satisfy the models
                let all = vec![String::new(); t.n_rows()];
                let input = CheckInput::new(vec![&all[..]], Some(t.column("disease").unwrap())).unwrap();
                let v = verify(&input, &models).unwrap();
                prop_assert!(!v.all_hold || k > t.n_rows());
            }
        }
    }

    #[test]
    fn checker_invariants(
        cells in prop::collection::vec((0u8..6, 0u8..5), 1..200),
    ) {
        let q: Vec<String> = cells.iter().map(|c| format!("q{}", c.0)).collect();
        let s: Vec<String> = cells.iter().map(|c| format!("{}", c.1)).collect();
        let input = CheckInput::new(vec![&q[..]], Some(&s[..])).unwrap();
        let a = achieve(&input, None).unwrap();
        prop_assert_eq!(a.k, Some(naive_min_class(&[&q[..]])));
        for t in [a.t_equal, a.t_ordered] {
            let t = t.unwrap();
            prop_assert!((0.0..=1.0 + 1e-12).contains(&t));
        }
        let dl = a.distinct_l.unwrap() as f64;
        let el = a.entropy_l.unwrap();
        prop_assert!(el >= 1.0 - 1e-12);
        // entropy l never exceeds the distinct l of the same class, hence not the max
        prop_assert!(el <= cells.len() as f64 + 1e-9);
        prop_assert!(dl >= 1.0);
    }

    /// The checker's EMD (own code) agrees with the search's `SensitiveContext::emd`
    /// for all three ground distances.
    #[test]
    fn checker_emd_agrees_with_privacy_context(
        all in prop::collection::vec(0u8..5, 2..80),
        take in prop::collection::vec(any::<bool>(), 80),
    ) {
        let labels: Vec<String> = COLOURS.iter().map(|c| (*c).to_string()).collect();
        let codes: Vec<u32> = all.iter().map(|&c| u32::from(c)).collect();
        let reference: Vec<String> = codes.iter().map(|&c| labels[c as usize].clone()).collect();
        let h = colour_hierarchy();
        let ctx = SensitiveContext::new(&codes, &labels, Some(&h)).unwrap();
        let class: Vec<usize> = (0..all.len()).filter(|&i| take[i]).collect();
        prop_assume!(!class.is_empty());
        let mut hist = vec![0u32; labels.len()];
        for &i in &class {
            hist[codes[i] as usize] += 1;
        }
        let sens: Vec<String> = class.iter().map(|&i| reference[i].clone()).collect();
        let q = vec![String::new(); sens.len()];
        let input = CheckInput::new(vec![&q[..]], Some(&sens[..]))
            .unwrap()
            .with_reference(&reference)
            .with_hierarchy(&h);
        let a = achieve(&input, None).unwrap();
        for d in [TDistance::Equal, TDistance::Hierarchical] {
            prop_assert!((a.t(d).unwrap() - ctx.emd(&hist, d)).abs() < 1e-12, "{:?}", d);
        }
        // ordered: the checker orders the values it sees; the context all five labels.
        // Compare only when every label occurs in the reference.
        if (0..5u32).all(|c| codes.contains(&c)) {
            let d = TDistance::Ordered;
            prop_assert!((a.t(d).unwrap() - ctx.emd(&hist, d)).abs() < 1e-12);
        }
    }
}
