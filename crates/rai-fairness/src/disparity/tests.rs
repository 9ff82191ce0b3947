//! Unit tests of the named disparities.

use super::*;
use rai_core::{Groups, Result};

use crate::stats::BinaryOutcomes;

fn stats() -> Result<GroupedStats> {
    // group a: y=[1,1,0,0], p=[1,0,0,0]  -> TPR .5, FPR 0, SR .25, PPV 1
    // group b: y=[1,1,0,0], p=[1,1,1,0]  -> TPR 1, FPR .5, SR .75, PPV 2/3
    let g = Groups::from_labels(
        "g",
        &[
            Some("a"),
            Some("a"),
            Some("a"),
            Some("a"),
            Some("b"),
            Some("b"),
            Some("b"),
            Some("b"),
        ],
    );
    let t = [true, true, false, false, true, true, false, false];
    let p = [true, false, false, false, true, true, true, false];
    GroupedStats::compute(&BinaryOutcomes::new(&t, &p)?, &g)
}

#[test]
fn fairlearn_named_disparities() -> Result<()> {
    let s = stats()?;
    let bg = Comparison::BetweenGroups;
    assert_eq!(demographic_parity_difference(&s, bg), Ok(0.5));
    assert_eq!(demographic_parity_ratio(&s, bg), Ok(1.0 / 3.0));
    assert_eq!(
        equalized_odds_difference(&s, bg, EqualizedOddsAgg::WorstCase),
        Ok(0.5)
    );
    assert_eq!(
        equalized_odds_difference(&s, bg, EqualizedOddsAgg::Mean),
        Ok(0.5)
    );
    assert_eq!(
        equalized_odds_ratio(&s, bg, EqualizedOddsAgg::WorstCase),
        Ok(0.0)
    );
    assert_eq!(
        equalized_odds_ratio(&s, bg, EqualizedOddsAgg::Mean),
        Ok(0.25)
    );
    assert_eq!(equal_opportunity_difference(&s, bg), Ok(0.5));
    assert_eq!(equal_opportunity_ratio(&s, bg), Ok(0.5));
    Ok(())
}

#[test]
fn aif360_reference_measures() -> Result<()> {
    let s = stats()?;
    let d = ReferenceDisparities::compute(&s, 1); // b privileged
    assert_eq!(d.statistical_parity_difference, Some(-0.5));
    assert_eq!(d.disparate_impact, Some(1.0 / 3.0));
    assert_eq!(d.four_fifths_rule_violated, Some(true));
    assert_eq!(d.average_odds_difference, Some(0.5 * (-0.5 - 0.5)));
    assert_eq!(d.average_abs_odds_difference, Some(0.5));
    assert_eq!(d.true_positive_rate_difference, Some(-0.5));
    assert_eq!(d.false_positive_rate_difference, Some(-0.5));
    assert!((d.predictive_parity_difference.unwrap() - (1.0 - 2.0 / 3.0)).abs() < 1e-15);
    let swapped = ReferenceDisparities::compute(&s, 0);
    assert_eq!(swapped.disparate_impact, Some(3.0));
    assert_eq!(swapped.four_fifths_rule_violated, Some(false));
    // out of range reference: nothing to compare
    let none = ReferenceDisparities::compute(&s, 9);
    assert_eq!(none.disparate_impact, None);
    Ok(())
}

#[test]
fn zero_privileged_selection_rate_gives_undefined_disparate_impact() -> Result<()> {
    let g = Groups::from_labels("g", &[Some("a"), Some("b")]);
    let s = GroupedStats::compute(&BinaryOutcomes::new(&[true, true], &[true, false])?, &g)?;
    let d = ReferenceDisparities::compute(&s, 1);
    assert_eq!(d.disparate_impact, None);
    assert_eq!(d.four_fifths_rule_violated, None);
    assert_eq!(d.statistical_parity_difference, Some(1.0));
    Ok(())
}
