//! Integration tests for the `rai` binary: one module per command, each running the real
//! binary on real files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // reason: test helpers outside #[test] fns may panic on setup failure

mod cli {
    mod anonymize;
    mod audit;
    pub mod common;
    mod describe;
    mod dp;
    mod drift;
    mod explain_other;
    mod explain_shap;
    mod fairness;
    mod predict;
    mod risk;
    mod robustness;
}
