//! Adapters that put smartcore models behind [`rai_core::Model`] (feature `smartcore`).
//!
//! Not implemented yet.
