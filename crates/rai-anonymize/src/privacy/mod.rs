//! Privacy models with ARX's exact definitions: k-anonymity; distinct, entropy and
//! recursive (c,l)-diversity; t-closeness with equal, ordered and hierarchical ground
//! distance (earth mover's distance).
//!
//! A [`PrivacyModel`] is a predicate on one equivalence class: its size and the
//! histogram of the sensitive attribute inside it. The sensitive attribute's global
//! distribution, value order and hierarchy (needed by t-closeness) live in a
//! [`SensitiveContext`] built once from the whole input table.
//!
//! Under record suppression (as in ARX), a class that fails any model is suppressed as a
//! whole; a transformation is acceptable when the suppressed records fit the budget.
//!
//! # References
//! - Sweeney (2002), k-anonymity.
//! - Machanavajjhala et al. (2007), l-diversity (distinct, entropy, recursive (c,l)).
//! - Li, Li, Venkatasubramanian (2007), t-closeness with the earth mover's distance.
//! - Prasser, Kohlmayer et al., ARX (`org.deidentifier.arx.criteria`).

mod context;
#[cfg(test)]
mod tests;

pub use context::SensitiveContext;

use rai_core::{Error, Result};

/// Ground distance of the earth mover's distance used by t-closeness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TDistance {
    /// Every pair of distinct values is at distance 1 (categorical attributes).
    Equal,
    /// Distance `|rank(i) - rank(j)| / (m - 1)` over the ordered domain (numeric).
    Ordered,
    /// Height of the lowest common ancestor in the sensitive attribute's hierarchy,
    /// divided by the hierarchy's height.
    Hierarchical,
}

/// A privacy model checked on each equivalence class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PrivacyModel {
    /// Every class has at least `k` records.
    KAnonymity {
        /// Minimum class size.
        k: usize,
    },
    /// Every class has at least `l` distinct sensitive values.
    DistinctL {
        /// Minimum number of distinct sensitive values.
        l: usize,
    },
    /// Every class has Shannon entropy of the sensitive attribute at least `ln(l)` (and at
    /// least `ceil(l)` distinct values).
    EntropyL {
        /// Entropy threshold (as a number of "effective" values).
        l: f64,
    },
    /// Recursive (c,l)-diversity: `r_1 < c * (r_l + ... + r_m)` with `r_i` the sensitive
    /// value counts in decreasing order (and at least `l` distinct values).
    RecursiveCL {
        /// Multiplier.
        c: f64,
        /// Rank from which the tail sum starts.
        l: usize,
    },
    /// The earth mover's distance between the class's sensitive distribution and the
    /// whole table's is at most `t`.
    TCloseness {
        /// Maximum distance, in `[0, 1]`.
        t: f64,
        /// Ground distance.
        distance: TDistance,
    },
}

impl PrivacyModel {
    /// Checks the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for `k = 0`, `l = 0`, `l < 1`, `c <= 0` or `t` outside
    /// `[0, 1]`.
    pub fn validate(&self) -> Result<()> {
        match *self {
            Self::KAnonymity { k } if k == 0 => {
                Err(Error::invalid_parameter("k", k, "an integer >= 1"))
            }
            Self::DistinctL { l } | Self::RecursiveCL { l, .. } if l == 0 => {
                Err(Error::invalid_parameter("l", l, "an integer >= 1"))
            }
            Self::EntropyL { l } if !(l.is_finite() && l >= 1.0) => {
                Err(Error::invalid_parameter("l", l, "a number >= 1"))
            }
            Self::RecursiveCL { c, .. } if !(c.is_finite() && c > 0.0) => {
                Err(Error::invalid_parameter("c", c, "a positive number"))
            }
            Self::TCloseness { t, .. } if !(0.0..=1.0).contains(&t) => {
                Err(Error::invalid_parameter("t", t, "a number in [0, 1]"))
            }
            _ => Ok(()),
        }
    }

    /// Whether the model needs a sensitive attribute.
    pub fn needs_sensitive(&self) -> bool {
        !matches!(self, Self::KAnonymity { .. })
    }

    /// Whether, with record suppression, a transformation that satisfies the model keeps
    /// satisfying it when generalised further (ARX's `isMonotonicWithSuppression`): true
    /// for k-anonymity and distinct l-diversity only. Without suppression every model
    /// here is monotone in generalisation.
    pub fn is_monotone_with_suppression(&self) -> bool {
        matches!(self, Self::KAnonymity { .. } | Self::DistinctL { .. })
    }

    /// Whether one equivalence class satisfies the model. `size` is the class's number of
    /// records; `hist[v]` the count of sensitive code `v` in it (ignored by
    /// k-anonymity; may be empty then).
    ///
    /// # Formula
    /// As ARX: distinct `|{v: hist[v] > 0}| >= ceil(l)`; entropy
    /// `sum f ln f <= n (ln n - ln l)`; recursive `max < c * (sum of all but the l-1
    /// largest counts)`; t-closeness `EMD(P_class, P_table) <= t`.
    pub fn holds(&self, size: u64, hist: &[u32], ctx: Option<&SensitiveContext>) -> bool {
        match *self {
            Self::KAnonymity { k } => size >= k as u64,
            Self::DistinctL { l } => distinct_count(hist) >= l,
            Self::EntropyL { l } => entropy_l_holds(hist, l),
            Self::RecursiveCL { c, l } => recursive_cl_holds(hist, c, l),
            Self::TCloseness { t, distance } => match ctx {
                Some(ctx) => ctx.emd(hist, distance) <= t,
                None => false,
            },
        }
    }
}

/// Number of distinct values present in a histogram.
pub fn distinct_count(hist: &[u32]) -> usize {
    hist.iter().filter(|&&c| c > 0).count()
}

/// ARX's entropy l-diversity test (Shannon estimator).
///
/// # Formula
/// With `n = sum f`: holds iff at least `ceil(l)` values are present and
/// `sum f ln f <= n (ln n - ln l)`, i.e. `H >= ln l`.
pub fn entropy_l_holds(hist: &[u32], l: f64) -> bool {
    let min_size = l.ceil() as usize;
    if distinct_count(hist) < min_size {
        return false;
    }
    let total: u64 = hist.iter().map(|&c| u64::from(c)).sum();
    let n = total as f64;
    let bound = n * (n.ln() - l.ln());
    let mut sum = 0.0;
    for &f in hist {
        if f > 0 {
            let f = f64::from(f);
            sum += f * f.ln();
            if bound < sum {
                return false;
            }
        }
    }
    true
}

/// ARX's recursive (c,l)-diversity test.
///
/// # Formula
/// Counts sorted ascending `r_(1) <= ... <= r_(m)`; holds iff `m >= l` and
/// `r_(m) < c * sum_{i <= m - l + 1} r_(i)`.
pub fn recursive_cl_holds(hist: &[u32], c: f64, l: usize) -> bool {
    let l = l.max(1);
    let mut f: Vec<u32> = hist.iter().copied().filter(|&x| x > 0).collect();
    if f.len() < l || f.is_empty() {
        return false;
    }
    f.sort_unstable();
    let threshold: f64 = f[..=f.len() - l].iter().map(|&x| f64::from(x)).sum::<f64>() * c;
    f64::from(f[f.len() - 1]) < threshold
}
