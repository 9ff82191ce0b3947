//! Group fairness metrics, disparities and intersectional audits with confidence intervals.
//!
//! This crate is part of the `rai` workspace and depends only on `rai-core`
//! (see `docs/ARCHITECTURE.md`). Its algorithms are being built; the public API is
//! listed below as it lands.
//!
//! # Example
//! ```
//! use rai_fairness as _;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
