//! Where the row permutations of permutation importance come from.
//!
//! The default, [`SeededPermutations`], draws each (group, repeat) permutation from its own
//! stream of one seed, so results do not depend on the thread count. [`FixedPermutations`]
//! replays given permutations (e.g. the ones scikit-learn applied), and any
//! `Fn(group, repeat, n_rows) -> Vec<usize>` closure is a source too.

use rai_core::{Error, Result};
use rand::Rng;

/// A source of row permutations: the permuted column of `group` in `repeat` is
/// `original[perm[i]]` for row `i`.
pub trait PermutationSource: Sync {
    /// The permutation for `group` (index into the importance groups) and `repeat`.
    fn permutation(&self, group: usize, repeat: usize, n_rows: usize) -> Vec<usize>;
}

impl<F> PermutationSource for F
where
    F: Fn(usize, usize, usize) -> Vec<usize> + Sync,
{
    fn permutation(&self, group: usize, repeat: usize, n_rows: usize) -> Vec<usize> {
        self(group, repeat, n_rows)
    }
}

/// Fisher-Yates shuffles from `rai_core::rng::stream(seed, group << 32 | repeat)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeededPermutations {
    /// The seed.
    pub seed: u64,
}

impl PermutationSource for SeededPermutations {
    fn permutation(&self, group: usize, repeat: usize, n_rows: usize) -> Vec<usize> {
        let mut rng = rai_core::rng::stream(self.seed, ((group as u64) << 32) | repeat as u64);
        let mut p: Vec<usize> = (0..n_rows).collect();
        for i in (1..n_rows).rev() {
            let j = rng.random_range(0..=i);
            p.swap(i, j);
        }
        p
    }
}

/// The same given permutation for every group in a repeat (how scikit-learn permutes:
/// one seed reused for every column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedPermutations {
    perms: Vec<Vec<usize>>,
}

impl FixedPermutations {
    /// One permutation per repeat, each of `0..n` for the same `n`.
    ///
    /// # Errors
    /// [`Error::Empty`] for no permutations; [`Error::InvalidParameter`] when one is not
    /// a permutation of `0..n` or lengths differ.
    pub fn new(perms: Vec<Vec<usize>>) -> Result<Self> {
        let Some(first) = perms.first() else {
            return Err(Error::Empty {
                what: "fixed permutations".into(),
            });
        };
        let n = first.len();
        for (r, p) in perms.iter().enumerate() {
            check_permutation(p, n).map_err(|why| {
                Error::invalid_parameter(
                    format!("permutations[{r}]"),
                    why,
                    format!("a permutation of 0..{n}"),
                )
            })?;
        }
        Ok(FixedPermutations { perms })
    }

    /// Number of repeats held.
    pub fn n_repeats(&self) -> usize {
        self.perms.len()
    }
}

impl PermutationSource for FixedPermutations {
    fn permutation(&self, _group: usize, repeat: usize, _n_rows: usize) -> Vec<usize> {
        self.perms.get(repeat).cloned().unwrap_or_default()
    }
}

/// `Ok` when `p` is a permutation of `0..n`; otherwise why not.
pub(crate) fn check_permutation(p: &[usize], n: usize) -> std::result::Result<(), String> {
    if p.len() != n {
        return Err(format!("length {}", p.len()));
    }
    let mut seen = vec![false; n];
    for &i in p {
        if i >= n || seen[i] {
            return Err(format!("index {i} out of range or repeated"));
        }
        seen[i] = true;
    }
    Ok(())
}
