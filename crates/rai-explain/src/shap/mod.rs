//! Shapley values: TreeSHAP (path-dependent and interventional), SHAP interaction
//! values, Exact, Kernel, Permutation and Linear SHAP.
