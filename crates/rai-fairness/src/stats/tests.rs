//! Unit tests of the sufficient statistics.

use super::*;

fn groups(labels: &[&str]) -> Groups {
    let l: Vec<Option<&str>> = labels.iter().map(|s| Some(*s)).collect();
    Groups::from_labels("g", &l)
}

#[test]
fn one_pass_counts_cells_per_group() -> Result<()> {
    let g = groups(&["a", "b", "a", "b", "a"]);
    let o = BinaryOutcomes::new(
        &[true, true, false, false, true],
        &[true, false, true, false, false],
    )?;
    let s = GroupedStats::compute(&o, &g)?;
    assert_eq!(s.n_groups(), 2);
    assert_eq!(s.confusion()[0].counts(), [0, 1, 1, 1]); // a: fp, fn, tp
    assert_eq!(s.confusion()[1].counts(), [1, 0, 1, 0]); // b: tn, fn
    assert_eq!(s.n_rows(), 5);
    assert_eq!(s.overall_confusion().weight(), 5.0);
    Ok(())
}

#[test]
fn weights_and_zero_weights() -> Result<()> {
    let g = groups(&["a", "a", "a"]);
    let w = [2.0, 0.0, 0.5];
    let o = BinaryOutcomes::new(&[true, true, false], &[true, false, false])?.with_weights(&w)?;
    let c = GroupedStats::compute(&o, &g)?.confusion()[0];
    assert_eq!(c.count(), 3, "zero-weight rows are kept in the counts");
    assert_eq!(c.true_positives(), 2.0);
    assert_eq!(c.false_negatives(), 0.0);
    assert_eq!(c.true_negatives(), 0.5);
    assert_eq!(c.weight(), 2.5);
    Ok(())
}

#[test]
fn chunks_merge_to_the_one_pass_result() -> Result<()> {
    let labels = ["a", "b", "c", "a", "b", "a", "c", "c"];
    let t = [true, false, true, true, false, false, true, false];
    let p = [true, true, false, true, false, true, true, false];
    let s = [0.9, 0.2, 0.4, 0.7, 0.1, 0.6, 1.0, 0.0];
    let all = GroupedStats::compute(
        &BinaryOutcomes::new(&t, &p)?.with_scores(&s)?,
        &groups(&labels),
    )?;
    // chunk 1 lacks group "c" entirely: groups are matched by key
    let a = GroupedStats::compute(
        &BinaryOutcomes::new(&t[..2], &p[..2])?.with_scores(&s[..2])?,
        &groups(&labels[..2]),
    )?;
    let b = GroupedStats::compute(
        &BinaryOutcomes::new(&t[2..], &p[2..])?.with_scores(&s[2..])?,
        &groups(&labels[2..]),
    )?;
    assert_eq!(a.merge(&b)?, all);
    assert_eq!(b.merge(&a)?, all);
    Ok(())
}

#[test]
fn merge_rejects_incompatible_sides() -> Result<()> {
    let o = BinaryOutcomes::new(&[true], &[true])?;
    let a = GroupedStats::compute(&o, &Groups::from_labels("sex", &[Some("F")]))?;
    let b = GroupedStats::compute(&o, &Groups::from_labels("race", &[Some("F")]))?;
    assert!(a.merge(&b).is_err());
    let c = GroupedStats::compute(
        &o.with_scores(&[0.5])?,
        &Groups::from_labels("sex", &[Some("F")]),
    )?;
    assert!(a.merge(&c).is_err());
    Ok(())
}

#[test]
fn bad_ids_and_lengths_are_errors() -> Result<()> {
    let o = BinaryOutcomes::new(&[true, false], &[true, true])?;
    let keys = vec![GroupKey(vec![Some("a".into())])];
    let err = GroupedStats::from_ids(&o, &[0, 1], keys.clone(), vec!["g".into()]).unwrap_err();
    assert!(err.to_string().contains("row 1"), "{err}");
    assert!(GroupedStats::from_ids(&o, &[0], keys.clone(), vec!["g".into()]).is_err());
    assert!(GroupedStats::from_ids(&o, &[0, 0], keys, vec![]).is_err());
    let g = Groups::from_labels("g", &[Some("a")]);
    assert!(GroupedStats::compute(&o, &g).is_err());
    Ok(())
}

#[test]
fn outcomes_validate_scores_and_weights() -> Result<()> {
    let o = BinaryOutcomes::new(&[true, false], &[true, true])?;
    let nan = o.with_scores(&[0.5, f64::NAN]).unwrap_err();
    assert!(matches!(nan, Error::NonFinite { index: 1, .. }), "{nan}");
    assert!(o.with_scores(&[0.5, 1.5]).is_err());
    assert!(o.with_scores(&[0.5]).is_err());
    assert!(o.with_weights(&[1.0, -1.0]).is_err());
    assert!(o.with_weights(&[1.0, f64::INFINITY]).is_err());
    assert!(BinaryOutcomes::new(&[true], &[]).is_err());
    Ok(())
}

#[test]
fn score_stats_bins_include_one_in_the_last_bin() {
    let mut s = ScoreStats::default();
    s.add(true, 1.0, 1.0);
    s.add(false, 0.0, 1.0);
    s.add(false, 0.1, 1.0);
    assert_eq!(s.bins()[9][0], 1.0);
    assert_eq!(s.bins()[0][0], 1.0);
    assert_eq!(s.bins()[1][0], 1.0);
    assert!((s.brier_sum() - 0.01).abs() < 1e-15);
}
