//! Model explanations: Shapley values (TreeSHAP, KernelSHAP, ...), permutation importance, PDP/ICE, ALE, LIME, counterfactuals, surrogates.
//!
//! This crate is part of the `rai` workspace and depends only on `rai-core`
//! (see `docs/ARCHITECTURE.md`). Its algorithms are being built; the public API is
//! listed below as it lands.
//!
//! # Example
//! ```
//! use rai_explain as _;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
