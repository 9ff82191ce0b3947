//! Integration tests for the `rai` binary: one module per command, each running the real
//! binary on real files.

mod cli {
    pub mod common;
    mod anonymize;
    mod audit;
    mod describe;
    mod drift;
    mod explain_other;
    mod explain_shap;
    mod fairness;
    mod predict;
    mod risk;
    mod robustness;
}
