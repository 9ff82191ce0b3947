//! The privacy actually achieved by a released transformation, computed from its kept
//! equivalence classes.

use rai_core::{Result, error::ensure_len};

use super::classes::{Classes, Scratch, roll_up};
use super::data::AnonymizationData;
use crate::privacy::{TDistance, distinct_count};

/// Achieved privacy figures of a release (kept records only). `None` when undefined:
/// no kept records, or no sensitive attribute for `l` and `t`.
#[derive(Debug, Clone, PartialEq)]
pub struct AchievedPrivacy {
    /// Smallest kept class.
    pub k: Option<u64>,
    /// Fewest distinct sensitive values in a kept class.
    pub distinct_l: Option<usize>,
    /// Smallest `exp(entropy)` of the sensitive values in a kept class.
    pub entropy_l: Option<f64>,
    /// Largest earth mover's distance of a kept class to the whole table (with the given
    /// ground distance).
    pub t: Option<f64>,
    /// Number of kept classes.
    pub n_classes: usize,
}

/// Computes the achieved figures of `levels` with `row_suppressed` rows left out.
///
/// # Errors
/// [`rai_core::Error::LengthMismatch`] when the vectors do not fit `data`.
pub fn achieved_privacy(
    data: &AnonymizationData,
    levels: &[usize],
    row_suppressed: &[bool],
    distance: Option<TDistance>,
) -> Result<AchievedPrivacy> {
    ensure_len("levels", data.qis.len(), levels.len())?;
    ensure_len("row_suppressed", data.n, row_suppressed.len())?;
    let mut kept_bottom = vec![false; data.bottom_count.len()];
    for (r, &b) in data.row_bottom.iter().enumerate() {
        if !row_suppressed[r] {
            kept_bottom[b as usize] = true;
        }
    }
    let s = data.sensitive.as_ref().map_or(0, |c| c.n_values);
    let mut src = Classes::default();
    for (b, &keep) in kept_bottom.iter().enumerate() {
        if keep {
            src.rep.push(b as u32);
            src.count.push(data.bottom_count[b]);
            if s > 0 {
                src.hist
                    .extend_from_slice(&data.bottom_hist[b * s..(b + 1) * s]);
            }
        }
    }
    let lv: Vec<u8> = levels.iter().map(|&l| l as u8).collect();
    let classes = roll_up(data, &src, &lv, &mut Scratch::default());
    let mut out = AchievedPrivacy {
        k: classes.count.iter().map(|&c| u64::from(c)).min(),
        distinct_l: None,
        entropy_l: None,
        t: None,
        n_classes: classes.len(),
    };
    if let Some(sens) = &data.sensitive {
        for i in 0..classes.len() {
            let h = &classes.hist[i * s..(i + 1) * s];
            let d = distinct_count(h);
            out.distinct_l = Some(out.distinct_l.map_or(d, |x| x.min(d)));
            let n: f64 = h.iter().map(|&c| f64::from(c)).sum();
            let ent: f64 = h
                .iter()
                .filter(|&&c| c > 0)
                .map(|&c| {
                    let p = f64::from(c) / n;
                    -p * p.ln()
                })
                .sum();
            let e = ent.exp();
            out.entropy_l = Some(out.entropy_l.map_or(e, |x| x.min(e)));
            if let Some(dist) = distance {
                let t = sens.context.emd(h, dist);
                out.t = Some(out.t.map_or(t, |x| x.max(t)));
            }
        }
    }
    Ok(out)
}
