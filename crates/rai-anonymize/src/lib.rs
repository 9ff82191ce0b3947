//! Anonymisation: k-anonymity, l-diversity, t-closeness, re-identification risk and pseudonymisation.
//!
//! This crate is part of the `rai` workspace and depends only on `rai-core`
//! (see `docs/ARCHITECTURE.md`). Its algorithms are being built; the public API is
//! listed below as it lands.
//!
//! # Example
//! ```
//! use rai_anonymize as _;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod check;
pub mod encode;
pub mod hierarchy;
pub mod lattice;
pub mod metric;
pub mod mondrian;
pub mod optimal;
pub mod privacy;
pub mod pseudonym;
pub mod risk;
pub mod utility;
