//! Model explanations: Shapley values (TreeSHAP, KernelSHAP, ...), permutation importance, PDP/ICE, ALE, LIME, counterfactuals, surrogates.
//!
//! Every local attribution method returns an [`Explanation`]: values (rows x features),
//! base values, feature names, the algorithm with its parameters, and the output
//! [`Space`] (margin or probability) the values live in.
//!
//! # Overview
//! - [`explanation`]: the shared [`Explanation`] type and global importance.
//! - [`shap`]: Shapley values. Path-dependent TreeSHAP (plain and fast), SHAP
//!   interaction values and interventional TreeSHAP on
//!   [`rai_models::TreeEnsemble`]; Exact, Kernel and Permutation SHAP over any
//!   [`rai_core::Model`]; closed-form LinearSHAP on [`rai_models::LinearModel`].
//! - [`importance`]: permutation importance (scikit-learn's definition, any score,
//!   column groups, injectable permutation source).
//! - [`pdp`]: partial dependence and ICE, 1-D and 2-D, scikit-learn's brute method and grids.
//! - [`ale`]: first-order accumulated local effects, quantile bins, centred.
//! - [`lime`]: LIME for tabular data with lime's defaults and the surrogate's weighted R².
//! - [`counterfactual`]: DiCE-style counterfactuals with immutable, range, monotone and
//!   integer constraints.
//! - [`surrogate`]: a CART global surrogate with fidelity and rules.
//!
//! # Example
//! ```
//! use rai_core::Model;
//! use rai_explain::shap::TreeShap;
//! use rai_models::{EnsembleSource, Node, TreeEnsemble};
//!
//! // One stump: x0 < 0.5 -> -1, else +1; 30 training rows went left, 10 right.
//! let stump = vec![Node::split(0, 0.5, 1, 2, true, 40.0), Node::leaf(-1.0, 30.0), Node::leaf(1.0, 10.0)];
//! let model = TreeEnsemble::new(vec!["x0".into()], rai_core::Task::Regression, 0.0,
//!                               vec![stump], EnsembleSource::Native)?;
//! let x = ndarray::array![[1.0]];
//! let e = TreeShap::new(&model).explain(x.view())?;
//! assert_eq!(e.base_value(0), -0.5);
//! assert_eq!(e.values()[[0, 0]], 1.5);
//! assert_eq!(e.reconstructed()[0], model.predict_margin(x.view())?[0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//! This crate has no optional features.

pub mod ale;
pub mod counterfactual;
pub mod explanation;
pub mod importance;
pub mod lime;
pub mod pdp;
pub mod shap;
pub mod surrogate;

pub use explanation::{Explanation, Space};
