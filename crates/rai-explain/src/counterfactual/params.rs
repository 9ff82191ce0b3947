//! Parameters and per-feature constraints of [`Counterfactuals`](super::Counterfactuals).

use rai_core::{Error, Result};

/// Direction a feature may move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Monotone {
    /// Either direction.
    #[default]
    Free,
    /// Only up (e.g. age).
    Increase,
    /// Only down.
    Decrease,
}

/// Constraints on one feature.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FeatureConstraint {
    /// Never changed.
    pub immutable: bool,
    /// Values a changed feature may take (default: the data's min..max).
    pub range: Option<(f64, f64)>,
    /// Allowed direction of change.
    pub monotone: Monotone,
    /// Integer-valued (default: detected, true when every data value is an integer).
    pub integer: Option<bool>,
}

/// Builder for [`Counterfactuals`](super::Counterfactuals):
/// `Counterfactuals::params().count(4).immutable(3).range(0, 18.0, 70.0).seed(7)`.
#[derive(Debug, Clone, PartialEq)]
pub struct CounterfactualParams {
    pub(super) count: usize,
    pub(super) candidates: usize,
    pub(super) max_changes: Option<usize>,
    pub(super) seed: u64,
    pub(super) diversity_weight: f64,
    pub(super) constraints: Vec<(usize, FeatureConstraint)>,
}

impl Default for CounterfactualParams {
    fn default() -> Self {
        CounterfactualParams {
            count: 4,
            candidates: 2000,
            max_changes: None,
            seed: 0,
            diversity_weight: 1.0,
            constraints: Vec::new(),
        }
    }
}

impl CounterfactualParams {
    fn entry(&mut self, feature: usize) -> &mut FeatureConstraint {
        let pos = match self.constraints.iter().position(|(j, _)| *j == feature) {
            Some(p) => p,
            None => {
                self.constraints
                    .push((feature, FeatureConstraint::default()));
                self.constraints.len() - 1
            }
        };
        &mut self.constraints[pos].1
    }

    /// Counterfactuals to return (default 4).
    #[must_use]
    pub fn count(mut self, k: usize) -> Self {
        self.count = k;
        self
    }
    /// Random candidates drawn before refinement (default 2000).
    #[must_use]
    pub fn candidates(mut self, n: usize) -> Self {
        self.candidates = n;
        self
    }
    /// Most features a candidate changes (default: every mutable feature).
    #[must_use]
    pub fn max_changes(mut self, k: usize) -> Self {
        self.max_changes = Some(k);
        self
    }
    /// Seed (default 0).
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Weight of diversity against proximity when choosing the set (default 1).
    #[must_use]
    pub fn diversity_weight(mut self, w: f64) -> Self {
        self.diversity_weight = w;
        self
    }
    /// Marks column `feature` immutable.
    #[must_use]
    pub fn immutable(mut self, feature: usize) -> Self {
        self.entry(feature).immutable = true;
        self
    }
    /// Restricts the values column `feature` may be changed to.
    #[must_use]
    pub fn range(mut self, feature: usize, lo: f64, hi: f64) -> Self {
        self.entry(feature).range = Some((lo, hi));
        self
    }
    /// Restricts the direction of change of column `feature`.
    #[must_use]
    pub fn monotone(mut self, feature: usize, m: Monotone) -> Self {
        self.entry(feature).monotone = m;
        self
    }
    /// Declares column `feature` integer-valued or not (overrides detection).
    #[must_use]
    pub fn integer(mut self, feature: usize, integer: bool) -> Self {
        self.entry(feature).integer = Some(integer);
        self
    }

    pub(super) fn validate(&self, n_features: usize) -> Result<()> {
        if self.count == 0 {
            return Err(Error::invalid_parameter("count", 0, "at least 1"));
        }
        if self.candidates == 0 {
            return Err(Error::invalid_parameter("candidates", 0, "at least 1"));
        }
        if self.max_changes == Some(0) {
            return Err(Error::invalid_parameter("max_changes", 0, "at least 1"));
        }
        if !(self.diversity_weight.is_finite() && self.diversity_weight >= 0.0) {
            return Err(Error::invalid_parameter(
                "diversity_weight",
                self.diversity_weight,
                "a finite number >= 0",
            ));
        }
        for (j, c) in &self.constraints {
            if *j >= n_features {
                return Err(Error::invalid_parameter(
                    "constraint feature",
                    j,
                    format!("a column index below {n_features}"),
                ));
            }
            if let Some((lo, hi)) = c.range {
                if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
                    return Err(Error::invalid_parameter(
                        format!("range of column {j}"),
                        format!("{lo}:{hi}"),
                        "finite LO:HI with LO <= HI",
                    ));
                }
            }
        }
        Ok(())
    }
}
