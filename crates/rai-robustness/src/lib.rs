//! Robustness checks for deployed models: adversarial attacks, stress tests against
//! realistic corruption, certified robustness and distribution drift.
//!
//! Everything here answers "does this model hold up?" for tabular data. White-box
//! attacks reproduce IBM's Adversarial Robustness Toolbox (ART) where the algorithms
//! coincide; drift tests reproduce scipy's p-values.
//!
//! # Overview
//! - [`FeatureConstraints`]: tabular realism (bounds, integers, one-hot groups,
//!   categorical domains, immutable features) respected by every attack and stress test.
//! - [`Differentiable`]: input gradients, for [`rai_models::LinearModel`] and the dense
//!   network [`Mlp`].
//! - [`GradientAttack`]: FGSM and PGD (L-inf, L2) with [`GradientAttackParams`].
//! - [`blackbox`]: [`HopSkipJump`] (decision-based) and [`SquareAttack`] (score-based)
//!   over any [`rai_core::Model`], with query budgets.
//! - Every attack returns an [`AttackResult`] whose [`AttackReport`] is serialisable.
//! - [`stress`]: metric curves under Gaussian noise, missing values and categorical flips.
//! - [`metamorphic`]: monotonicity and invariance checks listing the violating rows.
//! - [`smoothing`]: randomized smoothing with abstention and certified L2 radii.
//! - [`drift`]: KS, Cramér–von Mises and chi-square per feature with multiple-testing
//!   correction, PSI, and a multivariate MMD test.
//! - [`load_model`] / [`LoadedModel`]: every model file `rai` reads plus the MLP JSON form;
//!   [`labels::binary_labels`]: 0/1 labels from a table column.
//!
//! # Example
//! ```
//! use rai_models::{LinearKind, LinearModel};
//! use rai_robustness::{FeatureConstraints, GradientAttack, GradientAttackParams, Norm};
//!
//! let model = LinearModel::new(
//!     LinearKind::LogisticRegression,
//!     vec!["income".into(), "age".into()],
//!     vec![1.5, -0.5],
//!     0.0,
//! )?;
//! let x = ndarray::array![[0.4, 1.0], [-0.2, 0.0], [1.0, 2.0]];
//! let y = ndarray::array![1.0, 0.0, 1.0];
//! let constraints = FeatureConstraints::new(2).with_immutable(1)?;
//! let attack = GradientAttack::new(
//!     GradientAttackParams::pgd(0.5).with_norm(Norm::Inf).with_eps_step(0.1).build()?,
//! );
//! let result = attack.run(&model, x.view(), y.view(), Some(&constraints))?;
//! assert_eq!(result.report.clean_accuracy, Some(1.0));
//! assert!(result.report.adversarial_accuracy < result.report.clean_accuracy);
//! // the immutable feature never moved
//! assert_eq!(result.adversarial.column(1), x.column(1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//! This crate has no optional features.

pub mod attacks;
pub mod blackbox;
pub mod constraints;
pub mod differentiable;
pub mod drift;
pub mod labels;
pub mod metamorphic;
pub mod model_io;
pub mod smoothing;
pub mod stress;

pub use attacks::{
    AttackReport, AttackResult, GradientAttack, GradientAttackParams, GradientMethod,
    evaluate_attack,
};
pub use blackbox::{HopSkipJump, HopSkipJumpParams, SquareAttack, SquareAttackParams};
pub use constraints::{FeatureConstraints, Norm};
pub use differentiable::{Activation, DenseLayer, Differentiable, Mlp};
pub use model_io::{LoadedModel, load_model};
