//! Black-box evasion attacks over any [`rai_core::Model`] (tree ensembles included).
//!
//! - [`HopSkipJump`] (Chen, Jordan & Wainwright 2020): decision-based, L2; sees only the
//!   predicted class. It finds a first misclassified point, then alternates binary
//!   searches to the decision boundary, Monte-Carlo estimates of the boundary's normal
//!   and geometric step-size searches, keeping the closest misclassified point found.
//! - [`SquareAttack`] (Andriushchenko et al. 2020): score-based random search, L-inf;
//!   sees the margin. For tabular data a "square" is a random subset of features set to
//!   the corners `x0 ± eps`; a change is kept when it lowers the margin toward the true
//!   class.
//!
//! Both take a per-row query budget and a seed (row `i` uses the stream `(seed, i)`, so
//! results do not depend on the thread count), apply the
//! [`FeatureConstraints`] to every query (so each reported
//! adversarial row was itself predicted), and report the queries used. Cells missing
//! (`NaN`) in the original row stay missing. Rows the model
//! already misclassifies are left unchanged; so are rows where the attack fails.

mod hop_skip_jump;
mod square;
#[cfg(test)]
mod tests;

pub use hop_skip_jump::{HopSkipJump, HopSkipJumpParams};
pub use square::{SquareAttack, SquareAttackParams};

use rai_core::{Model, Result};

use crate::constraints::{FeatureConstraints, Norm};

/// Whether a margin means the class differs from `label`.
pub(crate) fn misclassified(margin: f64, label: f64) -> bool {
    let class = if margin > 0.0 { 1.0 } else { 0.0 };
    class != label
}

/// A realized query and its margin.
pub(crate) type Scored = (f64, Vec<f64>);

/// Query counter with the realism projection applied to every query.
pub(crate) struct Oracle<'a, M: Model + ?Sized> {
    pub model: &'a M,
    pub x0: &'a [f64],
    pub label: f64,
    pub constraints: &'a FeatureConstraints,
    pub budget: Option<(Norm, f64)>,
    pub queries: u64,
    pub max_queries: u64,
}

impl<M: Model + ?Sized> Oracle<'_, M> {
    pub fn remaining(&self) -> u64 {
        self.max_queries.saturating_sub(self.queries)
    }

    /// Realizes each candidate and returns its margin; `None` when the budget cannot
    /// cover every candidate.
    pub fn margins(&mut self, candidates: Vec<Vec<f64>>) -> Result<Option<Vec<Scored>>> {
        if candidates.is_empty() {
            return Ok(Some(Vec::new()));
        }
        if (candidates.len() as u64) > self.remaining() {
            return Ok(None);
        }
        let d = self.x0.len();
        let mut flat = Vec::with_capacity(candidates.len() * d);
        let mut real = Vec::with_capacity(candidates.len());
        for mut c in candidates {
            self.constraints.realize_row(self.x0, &mut c, self.budget);
            // a value missing in the original row stays missing
            for (v, o) in c.iter_mut().zip(self.x0) {
                if o.is_nan() {
                    *v = f64::NAN;
                }
            }
            flat.extend_from_slice(&c);
            real.push(c);
        }
        let n = real.len();
        let m = ndarray::Array2::from_shape_vec((n, d), flat)
            .map_err(|e| rai_core::Error::invalid_parameter("query batch", e, "a valid shape"))?;
        let margins = self.model.predict_margin(m.view())?;
        self.queries += n as u64;
        Ok(Some(margins.iter().copied().zip(real).collect()))
    }

    /// Whether one candidate is misclassified (with its realized form).
    pub fn is_adversarial(&mut self, c: Vec<f64>) -> Result<Option<(bool, Vec<f64>)>> {
        Ok(self
            .margins(vec![c])?
            .and_then(|mut v| v.pop())
            .map(|(m, r)| (misclassified(m, self.label), r)))
    }
}
