//! Parameters of [`PermutationImportance`](super::PermutationImportance).

use rai_core::{Error, Result};

use super::{PermutationImportance, Scoring};

/// Builder for [`PermutationImportance`]:
/// `PermutationImportance::params().scoring(Scoring::RocAuc).n_repeats(5).seed(7).build()?`.
#[derive(Debug, Clone)]
pub struct PermutationImportanceParams {
    scoring: Scoring,
    n_repeats: usize,
    seed: u64,
    groups: Option<Vec<(String, Vec<usize>)>>,
}

impl Default for PermutationImportanceParams {
    fn default() -> Self {
        PermutationImportanceParams {
            scoring: Scoring::Accuracy,
            n_repeats: 5,
            seed: 0,
            groups: None,
        }
    }
}

impl PermutationImportanceParams {
    /// The score (default [`Scoring::Accuracy`]).
    #[must_use]
    pub fn scoring(mut self, scoring: Scoring) -> Self {
        self.scoring = scoring;
        self
    }

    /// Shuffles per feature group (default 5, scikit-learn's default).
    #[must_use]
    pub fn n_repeats(mut self, n: usize) -> Self {
        self.n_repeats = n;
        self
    }

    /// Seed of the default permutation source (default 0).
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Column groups permuted together (name, column indices), e.g. one-hot blocks.
    /// Default: one group per feature, named after it.
    #[must_use]
    pub fn groups(mut self, groups: Vec<(String, Vec<usize>)>) -> Self {
        self.groups = Some(groups);
        self
    }

    /// Validates the parameters.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when `n_repeats` is 0, a group is empty, or no groups
    /// are given.
    pub fn build(self) -> Result<PermutationImportance> {
        if self.n_repeats == 0 {
            return Err(Error::invalid_parameter("n_repeats", 0, "at least 1"));
        }
        if let Some(groups) = &self.groups {
            if groups.is_empty() {
                return Err(Error::invalid_parameter(
                    "groups",
                    "[]",
                    "at least one group",
                ));
            }
            if let Some((name, _)) = groups.iter().find(|(_, c)| c.is_empty()) {
                return Err(Error::invalid_parameter(
                    format!("groups[{name}]"),
                    "[]",
                    "at least one column",
                ));
            }
        }
        Ok(PermutationImportance {
            scoring: self.scoring,
            n_repeats: self.n_repeats,
            seed: self.seed,
            groups: self.groups,
        })
    }
}
