//! A privacy filter (budget odometer): charges queries against a total (ε, δ) under basic
//! composition and refuses any query that would exceed it.

use rai_core::{Error, Result};

/// A budget filter.
///
/// # Examples
/// ```
/// use rai_privacy::accounting::PrivacyFilter;
/// let mut f = PrivacyFilter::new(1.0, 1e-6)?;
/// f.charge(0.6, 0.0)?;
/// assert!(f.charge(0.6, 0.0).is_err()); // would exceed 1.0; nothing is charged
/// assert_eq!(f.spent(), (0.6, 0.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// `new`: a bad total. `charge`: a bad (ε, δ) or [`Error::Guarantee`] when the budget
/// would be exceeded.
#[derive(Debug, Clone)]
pub struct PrivacyFilter {
    total: (f64, f64),
    spent: (f64, f64),
}

impl PrivacyFilter {
    /// A filter with total budget (ε, δ); δ may be 0.
    ///
    /// # Errors
    /// Bad ε or δ.
    pub fn new(epsilon: f64, delta: f64) -> Result<Self> {
        rai_core::error::ensure_positive("epsilon", epsilon)?;
        if !(delta.is_finite() && (0.0..1.0).contains(&delta)) {
            return Err(Error::invalid_parameter(
                "delta",
                delta,
                "a number in [0, 1)",
            ));
        }
        Ok(PrivacyFilter {
            total: (epsilon, delta),
            spent: (0.0, 0.0),
        })
    }

    /// Charges (ε, δ), or refuses without charging.
    ///
    /// # Errors
    /// See the type docs.
    pub fn charge(&mut self, epsilon: f64, delta: f64) -> Result<()> {
        rai_core::error::ensure_positive("epsilon", epsilon)?;
        if !(delta.is_finite() && (0.0..1.0).contains(&delta)) {
            return Err(Error::invalid_parameter(
                "delta",
                delta,
                "a number in [0, 1)",
            ));
        }
        let e = self.spent.0 + epsilon;
        let d = self.spent.1 + delta;
        if e > self.total.0 || d > self.total.1 {
            return Err(Error::Guarantee {
                what: format!(
                    "privacy budget exceeded: charging (epsilon={epsilon}, delta={delta}) on top of \
                     spent (epsilon={}, delta={}) would exceed the total (epsilon={}, delta={})",
                    self.spent.0, self.spent.1, self.total.0, self.total.1
                ),
            });
        }
        self.spent = (e, d);
        Ok(())
    }

    /// (ε, δ) spent so far.
    pub fn spent(&self) -> (f64, f64) {
        self.spent
    }

    /// (ε, δ) left.
    pub fn remaining(&self) -> (f64, f64) {
        (
            (self.total.0 - self.spent.0).max(0.0),
            (self.total.1 - self.spent.1).max(0.0),
        )
    }

    /// The total budget.
    pub fn total(&self) -> (f64, f64) {
        self.total
    }
}
