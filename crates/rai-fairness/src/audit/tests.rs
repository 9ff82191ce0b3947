//! Unit tests of the audit report.

use super::*;

fn labels(v: &[&str]) -> Groups {
    let l: Vec<Option<&str>> = v.iter().map(|s| Some(*s)).collect();
    Groups::from_labels("sex", &l)
}

fn sample() -> (Vec<bool>, Vec<bool>, Vec<f64>, Groups) {
    let sex = ["F", "F", "F", "F", "M", "M", "M", "M", "M", "M"];
    let t = vec![
        true, true, false, false, true, true, true, false, false, false,
    ];
    let p = vec![
        true, false, false, true, true, true, false, true, false, false,
    ];
    let s = vec![0.8, 0.4, 0.2, 0.6, 0.9, 0.7, 0.3, 0.6, 0.1, 0.2];
    (t, p, s, labels(&sex))
}

#[test]
fn report_has_groups_overall_disparities_and_parameters() -> Result<()> {
    let (t, p, s, g) = sample();
    let o = BinaryOutcomes::new(&t, &p)?.with_scores(&s)?;
    let r = FairnessAudit::default().run(&o, &g)?;
    assert_eq!(r.n, 10);
    assert_eq!(r.groups.len(), 2);
    // default reference: the largest group (M)
    assert_eq!(r.reference_group.key().0, vec![Some("M".to_string())]);
    assert_eq!(r.parameters.reference_group_source, "largest_group");
    assert_eq!(r.groups[0].metrics.selection_rate, Some(0.5));
    assert_eq!(r.groups[1].metrics.selection_rate, Some(0.5));
    assert_eq!(r.groups[0].disparate_impact, Some(1.0));
    assert_eq!(r.disparities.demographic_parity_difference, Some(0.0));
    assert!(r.groups.iter().all(|g| g.small_group));
    assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
    assert!(r.overall.metrics.roc_auc.is_some());
    assert!(r.disparities.roc_auc_difference.is_some());
    let json = serde_json::to_value(&r).unwrap();
    for key in [
        "n",
        "groups",
        "overall",
        "disparities",
        "inequality",
        "warnings",
        "parameters",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert!(json.get("ci").is_none());
    let g0 = &json["groups"][0];
    assert_eq!(g0["group"]["sex"], "F");
    for key in [
        "count",
        "selection_rate",
        "true_positive_rate",
        "false_positive_rate",
        "accuracy",
        "precision",
    ] {
        assert!(g0[key].is_number(), "{key}");
    }
    for key in [
        "demographic_parity_difference",
        "demographic_parity_ratio",
        "equalized_odds_difference",
        "equalized_odds_ratio",
        "equal_opportunity_difference",
        "disparate_impact",
        "four_fifths_rule_violated",
    ] {
        assert!(json["disparities"].get(key).is_some(), "{key}");
    }
    Ok(())
}

#[test]
fn bootstrap_is_seeded_and_independent_of_thread_count() -> Result<()> {
    let (t, p, s, g) = sample();
    let o = BinaryOutcomes::new(&t, &p)?.with_scores(&s)?;
    let audit = FairnessAudit::params().bootstrap(64, 42).build()?;
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    let a = one.install(|| audit.run(&o, &g))?;
    let b = four.install(|| audit.run(&o, &g))?;
    assert_eq!(a, b);
    let ci = a.ci.as_ref().unwrap();
    assert_eq!(ci.resamples, 64);
    assert!(ci.disparities.contains_key("equalized_odds_difference"));
    let sr = a.groups[0].ci.as_ref().unwrap()["selection_rate"].unwrap();
    assert!(sr.lower <= 0.5 && 0.5 <= sr.upper);
    let other = FairnessAudit::params()
        .bootstrap(64, 43)
        .build()?
        .run(&o, &g)?;
    assert_ne!(a.ci, other.ci);
    let json = serde_json::to_value(&a).unwrap();
    assert!(json["groups"][0]["ci"]["true_positive_rate"]["lower"].is_number());
    assert_eq!(json["parameters"]["seed"], 42);
    Ok(())
}

#[test]
fn reference_group_errors_and_lookup() -> Result<()> {
    let (t, p, _, g) = sample();
    let o = BinaryOutcomes::new(&t, &p)?;
    let r = FairnessAudit::params()
        .reference_group(&[Some("F")])
        .build()?
        .run(&o, &g)?;
    assert_eq!(r.parameters.reference_group_source, "given");
    assert_eq!(r.reference_group.to_string(), "sex=F");
    let err = FairnessAudit::params()
        .reference_group(&[Some("X")])
        .build()?
        .run(&o, &g)
        .unwrap_err();
    assert!(err.to_string().contains("reference group"), "{err}");
    assert!(
        FairnessAudit::params()
            .reference_group(&[Some("F"), Some("x")])
            .build()?
            .run(&o, &g)
            .is_err()
    );
    Ok(())
}

#[test]
fn edge_cases_single_class_zero_weights_mismatch_empty() -> Result<()> {
    // single class in a group: its FPR is undefined and reported, not 0
    let g = labels(&["a", "a", "b", "b"]);
    let o = BinaryOutcomes::new(&[true, true, true, false], &[true, false, true, true])?;
    let r = FairnessAudit::default().run(&o, &g)?;
    assert_eq!(r.groups[0].metrics.false_positive_rate, None);
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("false_positive_rate is undefined")),
        "{:?}",
        r.warnings
    );
    assert_eq!(r.disparities.equalized_odds_difference, Some(0.5)); // TPR diff; FPR from one group only: 0
    // all-zero weights in a group
    let w = [0.0, 0.0, 1.0, 1.0];
    let r = FairnessAudit::default().run(&o.with_weights(&w)?, &g)?;
    assert_eq!(r.groups[0].metrics.selection_rate, None);
    assert_eq!(
        r.groups[0].metrics.undefined["selection_rate"],
        Undefined::ZeroWeight
    );
    assert_eq!(r.groups[0].metrics.count, 2);
    // mismatched lengths
    let short = labels(&["a"]);
    assert!(matches!(
        FairnessAudit::default().run(&o, &short),
        Err(Error::LengthMismatch { .. })
    ));
    // empty
    let e = BinaryOutcomes::new(&[], &[])?;
    assert!(matches!(
        FairnessAudit::default().run(&e, &labels(&[])),
        Err(Error::Empty { .. })
    ));
    // invalid params
    assert!(FairnessAudit::params().bootstrap(0, 1).build().is_err());
    assert!(
        FairnessAudit::params()
            .confidence_level(2.0)
            .build()
            .is_err()
    );
    assert!(
        FairnessAudit::params()
            .entropy_alpha(f64::NAN)
            .build()
            .is_err()
    );
    Ok(())
}

#[test]
fn empty_group_from_merged_statistics_is_undefined() -> Result<()> {
    let keys = vec![
        GroupKey(vec![Some("a".into())]),
        GroupKey(vec![Some("b".into())]),
    ];
    let mut a = crate::stats::ConfusionStats::default();
    a.add(true, true, 1.0);
    a.add(false, false, 1.0);
    let stats =
        GroupedStats::from_parts(vec!["g".into()], keys, vec![a, Default::default()], None)?;
    let r = FairnessAudit::params()
        .min_group_size(0)
        .build()?
        .run_stats(&stats)?;
    assert_eq!(r.groups[1].metrics.count, 0);
    assert_eq!(
        r.groups[1].metrics.undefined["selection_rate"],
        Undefined::NoRows
    );
    assert_eq!(r.disparities.demographic_parity_difference, Some(0.0));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("selection_rate is undefined"))
    );
    Ok(())
}

#[test]
fn run_stats_matches_run_without_scores() -> Result<()> {
    let (t, p, _, g) = sample();
    let w: Vec<f64> = (0..t.len()).map(|i| 0.5 + i as f64 * 0.25).collect();
    let o = BinaryOutcomes::new(&t, &p)?.with_weights(&w)?;
    let audit = FairnessAudit::default();
    let a = audit.run(&o, &g)?;
    let b = audit.run_stats(&GroupedStats::compute(&o, &g)?)?;
    assert_eq!(a, b);
    assert!(a.parameters.weighted);
    Ok(())
}

#[test]
fn missing_sensitive_value_is_its_own_null_group() -> Result<()> {
    let g = Groups::from_labels("sex", &[Some("F"), None, Some("F"), None]);
    let o = BinaryOutcomes::new(&[true, false, true, false], &[true, false, false, true])?;
    let r = FairnessAudit::default().run(&o, &g)?;
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["groups"][0]["group"]["sex"].is_null());
    assert_eq!(json["groups"][0]["count"], 2);
    Ok(())
}
