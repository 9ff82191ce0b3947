//! Aggregate tests: accuracy at large ε, clamping, contribution bounding, group-by and
//! errors.

use rai_core::{CategoricalColumn, Column, Error, NumericColumn, Table};

use super::*;
use crate::NoiseSource;

fn table() -> Table {
    let x: Vec<f64> = (0..1000).map(|i| (i % 100) as f64).collect();
    let g: Vec<Option<&str>> = (0..1000)
        .map(|i| Some(if i % 2 == 0 { "a" } else { "b" }))
        .collect();
    let id: Vec<Option<String>> = (0..1000).map(|i| Some(format!("p{}", i % 10))).collect();
    Table::new(vec![
        ("x".into(), Column::Numeric(NumericColumn::new(x).unwrap())),
        (
            "g".into(),
            Column::Categorical(CategoricalColumn::from_values(&g)),
        ),
        (
            "id".into(),
            Column::Categorical(CategoricalColumn::from_values(&id)),
        ),
    ])
    .unwrap()
}

fn rng() -> NoiseSource {
    NoiseSource::insecure_seeded_for_testing(11)
}

fn scalar(r: &Release) -> f64 {
    match r.value {
        Value::Scalar(v) => v,
        _ => panic!("not a scalar"),
    }
}

fn params(q: Query, eps: f64) -> ReleaseParams {
    let mut p = ReleaseParams::new(q, eps);
    p.bounds = Some((0.0, 100.0));
    p
}

#[test]
fn accurate_at_large_epsilon() -> rai_core::Result<()> {
    let t = table();
    let mut r = rng();
    let c = release(&t, "x", &params(Query::Count, 100.0), &mut r)?;
    assert!((scalar(&c) - 1000.0).abs() <= 1.0);
    let s = release(&t, "x", &params(Query::Sum, 100.0), &mut r)?;
    assert!((scalar(&s) - 49_500.0).abs() < 50.0, "{}", scalar(&s));
    let m = release(&t, "x", &params(Query::Mean, 100.0), &mut r)?;
    assert!((scalar(&m) - 49.5).abs() < 0.5);
    let v = release(&t, "x", &params(Query::Variance, 100.0), &mut r)?;
    assert!((scalar(&v) - 833.25).abs() < 10.0, "{}", scalar(&v));
    let q = release(&t, "x", &params(Query::Quantile(0.5), 100.0), &mut r)?;
    assert!((scalar(&q) - 50.0).abs() < 2.0, "{}", scalar(&q));
    assert_eq!(q.confidence_interval_95, Ci::Scalar(None));
    assert!(q.rank_error_95.is_some());
    for rel in [&c, &s, &m, &v] {
        let Ci::Scalar(Some([lo, hi])) = rel.confidence_interval_95 else {
            panic!()
        };
        assert!(lo <= hi);
        assert_eq!(rel.epsilon_spent, 100.0);
        assert_eq!(rel.delta_spent, 0.0);
    }
    Ok(())
}

#[test]
fn clamping_bounds_the_sum() -> rai_core::Result<()> {
    let t = table();
    let mut p = params(Query::Sum, 1000.0);
    p.bounds = Some((0.0, 10.0));
    let s = release(&t, "x", &p, &mut rng())?;
    // values above 10 are clamped: sum = 10 * (0+..+9)/10*... = 45*10 + 10*90*10
    let want = 10.0 * 45.0 + 10.0 * 90.0 * 10.0;
    assert!((scalar(&s) - want).abs() < 5.0, "{}", scalar(&s));
    Ok(())
}

#[test]
fn histograms_known_and_unknown() -> rai_core::Result<()> {
    let t = table();
    let mut p = ReleaseParams::new(Query::Histogram, 50.0);
    p.categories = Some(vec!["a".into(), "b".into(), "zz".into()]);
    let h = release(&t, "g", &p, &mut rng())?;
    let Value::Map(m) = &h.value else { panic!() };
    assert_eq!(m.len(), 3);
    assert!((m["a"] - 500.0).abs() < 3.0 && m["zz"].abs() < 3.0);
    assert!(h.group_keys_public);
    let mut p = ReleaseParams::new(Query::Histogram, 1.0);
    assert!(matches!(
        release(&t, "g", &p, &mut rng()),
        Err(Error::InvalidParameter { .. })
    ));
    p.delta = Some(1e-6);
    let h = release(&t, "g", &p, &mut rng())?;
    let Value::Map(m) = &h.value else { panic!() };
    assert_eq!(m.len(), 2);
    assert_eq!(h.delta_spent, 1e-6);
    let mut p = params(Query::Histogram, 50.0);
    p.bins = Some(4);
    let h = release(&t, "x", &p, &mut rng())?;
    let Value::Map(m) = &h.value else { panic!() };
    assert_eq!(m.len(), 4);
    Ok(())
}

#[test]
fn contribution_bounding_and_group_by() -> rai_core::Result<()> {
    let t = table();
    let mut p = params(Query::Count, 100.0);
    p.id_column = Some("id".into());
    p.max_contributions = 3;
    let c = release(&t, "x", &p, &mut rng())?;
    // 10 identifiers x 3 rows kept
    assert!((scalar(&c) - 30.0).abs() <= 3.0, "{}", scalar(&c));
    assert_eq!(
        c.neighbouring,
        crate::Neighbouring::AddRemoveIdentifier {
            max_contributions: 3
        }
    );
    let mut p = params(Query::Mean, 100.0);
    p.group_by = Some("g".into());
    let r = release(&t, "x", &p, &mut rng())?;
    let Value::Groups(g) = &r.value else { panic!() };
    assert_eq!(g.len(), 2);
    assert!(r.group_keys_public);
    Ok(())
}

#[test]
fn bad_inputs_are_errors() {
    let t = table();
    let mut r = rng();
    for eps in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(release(&t, "x", &params(Query::Count, eps), &mut r).is_err());
    }
    let mut p = params(Query::Sum, 1.0);
    p.bounds = None;
    assert!(release(&t, "x", &p, &mut r).is_err());
    p.bounds = Some((5.0, 5.0));
    assert!(release(&t, "x", &p, &mut r).is_err());
    p.bounds = Some((0.0, f64::NAN));
    assert!(release(&t, "x", &p, &mut r).is_err());
    assert!(matches!(
        release(&t, "g", &params(Query::Sum, 1.0), &mut r),
        Err(Error::ColumnType { .. })
    ));
    assert!(matches!(
        release(&t, "nope", &params(Query::Count, 1.0), &mut r),
        Err(Error::UnknownColumn { .. })
    ));
    assert!(release(&t, "x", &params(Query::Quantile(1.5), 1.0), &mut r).is_err());
    let mut p = params(Query::Count, 1.0);
    p.delta = Some(0.0);
    assert!(release(&t, "x", &p, &mut r).is_err());
    let mut p = params(Query::Histogram, 1.0);
    p.group_by = Some("g".into());
    assert!(matches!(
        release(&t, "g", &p, &mut r),
        Err(Error::Unsupported { .. })
    ));
}
