//! Differential privacy: floating-point-safe mechanisms, DP aggregates and privacy accounting.
//!
//! This crate is part of the `rai` workspace and depends only on `rai-core`
//! (see `docs/ARCHITECTURE.md`). Its algorithms are being built; the public API is
//! listed below as it lands.
//!
//! # Example
//! ```
//! use rai_privacy as _;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
