//! Unit tests of the inequality indices and consistency.

use super::*;
use ndarray::array;
use rai_core::Groups;

use crate::stats::BinaryOutcomes;

fn brute_gei(b: &[f64], alpha: f64) -> f64 {
    let n = b.len() as f64;
    let mu = b.iter().sum::<f64>() / n;
    b.iter()
        .map(|&x| {
            let r = x / mu;
            if alpha == 1.0 {
                if r == 0.0 { 0.0 } else { r * r.ln() }
            } else {
                (r.powf(alpha) - 1.0) / (alpha * (alpha - 1.0))
            }
        })
        .sum::<f64>()
        / n
}

#[test]
fn entropy_indices_match_a_row_by_row_computation() -> Result<()> {
    let t = [true, true, false, false, true, false, true];
    let p = [true, false, true, false, true, true, false];
    let b: Vec<f64> = t
        .iter()
        .zip(&p)
        .map(|(&t, &p)| f64::from(u8::from(p)) - f64::from(u8::from(t)) + 1.0)
        .collect();
    let g = Groups::from_labels(
        "g",
        &[
            Some("a"),
            Some("a"),
            Some("b"),
            Some("b"),
            Some("a"),
            Some("b"),
            Some("b"),
        ],
    );
    let s = GroupedStats::compute(&BinaryOutcomes::new(&t, &p)?, &g)?;
    for alpha in [0.5, 1.0, 2.0, 3.0] {
        let ours = generalized_entropy_index(&s, alpha).unwrap();
        assert!((ours - brute_gei(&b, alpha)).abs() < 1e-14, "alpha {alpha}");
    }
    assert_eq!(theil_index(&s), generalized_entropy_index(&s, 1.0));
    // between all groups: each b replaced by its group mean
    let mean_a = (1.0 + 0.0 + 1.0) / 3.0;
    let mean_b = (2.0 + 1.0 + 2.0 + 0.0) / 4.0;
    let bg: Vec<f64> = g
        .assignment()
        .iter()
        .map(|&i| if i == 0 { mean_a } else { mean_b })
        .collect();
    let ours = between_groups_entropy_index(&s, 2.0).unwrap();
    assert!((ours - brute_gei(&bg, 2.0)).abs() < 1e-14);
    let with_ref = between_reference_entropy_index(&s, 0, 2.0).unwrap();
    assert!(
        (with_ref - ours).abs() < 1e-14,
        "two groups: reference vs rest = all groups"
    );
    Ok(())
}

#[test]
fn undefined_entropy_cases() {
    // alpha 0 with a zero benefit is infinite
    assert_eq!(
        entropy_index_of(&[0.0, 1.0], &[1.0, 1.0], 0.0),
        Err(Undefined::UndefinedIndex)
    );
    assert_eq!(
        entropy_index_of(&[0.0, 1.0], &[1.0, 1.0], -1.0),
        Err(Undefined::UndefinedIndex)
    );
    assert_eq!(
        entropy_index_of(&[0.0], &[1.0], 2.0),
        Err(Undefined::UndefinedIndex)
    );
    assert_eq!(
        entropy_index_of(&[1.0], &[0.0], 2.0),
        Err(Undefined::ZeroWeight)
    );
    let g0 = entropy_index_of(&[1.0, 2.0], &[1.0, 1.0], 0.0).unwrap();
    let mu: f64 = 1.5;
    assert!((g0 - (-((1.0 / mu).ln() + (2.0 / mu).ln()) / 2.0)).abs() < 1e-15);
}

#[test]
fn consistency_counts_self_and_breaks_ties_by_index() -> Result<()> {
    let x = array![[0.0, 0.0], [0.0, 1.0], [0.0, 2.0], [10.0, 0.0]];
    // k = 1: only itself -> perfect consistency
    assert_eq!(consistency(x.view(), &[1.0, 0.0, 1.0, 0.0], 1)?, 1.0);
    // k = 2: row 1 is equidistant from rows 0 and 2; the lower index (0) wins
    let c = consistency(x.view(), &[1.0, 0.0, 0.0, 0.0], 2)?;
    // row0: {0,1} mean .5 -> .5; row1: {1,0} -> .5; row2: {2,1} -> 0; row3: {3, 0} -> .5
    assert!((c - (1.0 - 1.5 / 4.0)).abs() < 1e-15);
    Ok(())
}

#[test]
fn consistency_rejects_bad_input() {
    let x = array![[0.0], [1.0]];
    assert!(consistency(x.view(), &[1.0], 1).is_err());
    assert!(consistency(x.view(), &[1.0, 0.0], 0).is_err());
    assert!(consistency(x.view(), &[1.0, 0.0], 3).is_err());
    let nan = array![[0.0], [f64::NAN]];
    assert!(matches!(
        consistency(nan.view(), &[1.0, 0.0], 1),
        Err(Error::NonFinite { .. })
    ));
    let empty = ndarray::Array2::<f64>::zeros((0, 1));
    assert!(consistency(empty.view(), &[], 1).is_err());
}
