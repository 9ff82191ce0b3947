//! Globally optimal full-domain generalisation (ARX's "optimal" search, same answers).
//!
//! Every quasi-identifier is generalised to one level of its hierarchy; a
//! transformation is one node of the [`Lattice`](crate::lattice::Lattice). Given
//! privacy models, a suppression limit and a [`Metric`](crate::metric::Metric), the
//! search returns the transformation with the lowest score among those that satisfy the
//! models after suppressing every equivalence class that fails them (at most
//! `floor(limit * n)` records), exactly as ARX defines it.
//!
//! # How it is fast
//! - [`AnonymizationData`] encodes each quasi-identifier as `u32` hierarchy-row codes
//!   with a precomputed label map per level, and collapses identical quasi-identifier
//!   combinations into "bottom classes" with counts and sensitive histograms.
//! - A node's equivalence classes are computed by rolling up the classes of an already
//!   computed, more specific node (hashing packed `u64` keys), never from the rows.
//! - Nodes are evaluated in batches on the rayon pool.
//! - Pruning uses only what is provably safe: for loss, precision and entropy the score
//!   without suppression is a lower bound (suppressed records only add loss), so nodes
//!   are visited in increasing bound order and the search stops when the bound exceeds
//!   the best score; for the discernibility metrics DM* of a specialisation bounds DM and
//!   DM* from below. Non-anonymity is propagated to specialisations only when it is
//!   monotone (no suppression, or only k-anonymity and distinct l-diversity).
//!
//! # References
//! - Kohlmayer, Prasser, Eckert, Kemper, Kuhn (2012), "Flash: efficient, stable and
//!   optimal k-anonymity", PASSAT.
//! - Prasser, Kohlmayer, Lautenschläger, Kuhn (2014), "ARX - a comprehensive tool for
//!   anonymizing biomedical data", AMIA.

mod achieved;
mod apply;
mod classes;
mod data;
mod params;
mod release;
mod search;
#[cfg(test)]
mod tests;

pub use achieved::{AchievedPrivacy, achieved_privacy};
pub use apply::apply_transformation;
pub use data::AnonymizationData;
pub use params::OptimalParams;
pub use release::{OptimalRelease, anonymize_optimal};
pub use search::{NodeEvaluation, OptimalResult, evaluate_transformation, optimal_search};
