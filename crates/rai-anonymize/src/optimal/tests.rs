//! Unit tests of the optimal search on small tables, against brute force.

use super::*;
use crate::encode::StringTable;
use crate::hierarchy::Hierarchy;
use crate::metric::Metric;
use crate::privacy::PrivacyModel;

fn small() -> rai_core::Result<(StringTable, AnonymizationData)> {
    let csv = b"age;zip;dis\n21;1301;flu\n22;1302;hiv\n23;1301;flu\n24;1402;cold\n35;1402;flu\n36;1401;cold\n38;1401;hiv\n39;1301;flu\n";
    let t = StringTable::from_csv_bytes(csv, "t", None)?;
    let mut age = String::new();
    for a in 20..40 {
        age.push_str(&format!(
            "{a};{}-{};{}-{};*\n",
            a / 5 * 5,
            a / 5 * 5 + 4,
            a / 10 * 10,
            a / 10 * 10 + 9
        ));
    }
    let age = Hierarchy::from_arx_csv_bytes(age.as_bytes(), "age", None)?;
    let zip = Hierarchy::from_arx_csv_bytes(
        b"1301;130*;13**;*\n1302;130*;13**;*\n1401;140*;14**;*\n1402;140*;14**;*\n",
        "zip",
        None,
    )?;
    let data = AnonymizationData::new(
        &t,
        &[("age".into(), age), ("zip".into(), zip)],
        Some(("dis", None)),
    )?;
    Ok((t, data))
}

fn brute(data: &AnonymizationData, p: &OptimalParams) -> rai_core::Result<Option<f64>> {
    let mut best: Option<f64> = None;
    for id in 0..data.lattice().size() {
        let lv: Vec<usize> = data
            .lattice()
            .levels(id)
            .iter()
            .map(|&l| l as usize)
            .collect();
        let ev = evaluate_transformation(data, p, &lv)?;
        if ev.anonymous && best.is_none_or(|b| ev.score.value < b) {
            best = Some(ev.score.value);
        }
    }
    Ok(best)
}

#[test]
fn matches_brute_force_on_small_table() -> rai_core::Result<()> {
    let (_, data) = small()?;
    for metric in [
        Metric::Loss,
        Metric::Discernibility,
        Metric::DiscernibilityMonotonic,
        Metric::Precision,
        Metric::Entropy,
    ] {
        for s in [0.0, 0.25] {
            for models in [
                vec![PrivacyModel::KAnonymity { k: 2 }],
                vec![
                    PrivacyModel::KAnonymity { k: 2 },
                    PrivacyModel::DistinctL { l: 2 },
                ],
                vec![PrivacyModel::EntropyL { l: 1.5 }],
            ] {
                let p = OptimalParams::new(models).max_suppression(s).metric(metric);
                let expect = brute(&data, &p)?;
                let got = optimal_search(&data, &p).ok().map(|r| r.score.value);
                assert_eq!(got, expect, "{metric:?} s={s}");
            }
        }
    }
    Ok(())
}

#[test]
fn output_keeps_other_columns() -> rai_core::Result<()> {
    let (t, data) = small()?;
    let p = OptimalParams::new(vec![PrivacyModel::KAnonymity { k: 3 }]).max_suppression(0.25);
    let r = optimal_search(&data, &p)?;
    let out = apply_transformation(&t, &data, &r.levels, &r.row_suppressed)?;
    assert_eq!(out.n_rows() + r.suppressed_records, t.n_rows());
    let kept: Vec<String> = (0..t.n_rows())
        .filter(|&i| !r.row_suppressed[i])
        .map(|i| t.column("dis").map(|c| c[i].clone()))
        .collect::<rai_core::Result<_>>()?;
    assert_eq!(out.column("dis")?, &kept[..]);
    Ok(())
}

#[test]
fn errors() -> rai_core::Result<()> {
    let (_, data) = small()?;
    let p = OptimalParams::new(vec![PrivacyModel::KAnonymity { k: 9 }]);
    assert!(optimal_search(&data, &p).is_err());
    let p = OptimalParams::new(vec![]);
    assert!(optimal_search(&data, &p).is_err());
    let p = OptimalParams::new(vec![PrivacyModel::KAnonymity { k: 2 }]).max_suppression(1.5);
    assert!(optimal_search(&data, &p).is_err());
    // l = 4 distinct is impossible with 3 sensitive values
    let p = OptimalParams::new(vec![PrivacyModel::DistinctL { l: 4 }]);
    assert!(matches!(
        optimal_search(&data, &p),
        Err(rai_core::Error::Guarantee { .. })
    ));
    Ok(())
}
