//! DP aggregates over a table column: count, bounded sum, mean, variance, histograms
//! (known or unknown categories) and quantiles, with clamping, per-identifier
//! contribution bounding and group-by.
//!
//! # Neighbouring relation
//! Add or remove one record, or (with an identifier column) all rows of one identifier,
//! after keeping at most `max_contributions` rows per identifier (chosen uniformly at
//! random with the secure noise source). Rows with a missing value in the column are
//! skipped (their number is not released).
//!
//! # Floating-point-safe sums (Casacuberta et al. 2022)
//! Values are clamped to the declared bounds, rounded to a power-of-two grid and summed
//! exactly in `i128`; the sensitivity is an exact integer number of grid steps, so
//! floating-point rounding cannot raise it above the declared one.
//!
//! # Group-by
//! Group keys are taken from the data and released as they are: they are treated as
//! PUBLIC (the caller asserts that the set of groups is not sensitive). Every group's
//! release uses the full ε: one record is in one group and one identifier contributes at
//! most `max_contributions` rows in total, so by parallel composition the whole release is
//! (ε, δ)-DP.

mod release;
#[cfg(test)]
mod tests;

pub use release::{Ci, Query, Release, ReleaseParams, Value, release};
