//! `rai explain`: a group of explanation subcommands (`rai explain shap`, ...).
//!
//! Each subcommand lives in its own file in this folder with `pub struct Args` and
//! `pub fn run(args: Args) -> anyhow::Result<()>`; adding one is one variant and one
//! match arm here.

pub mod ale;
pub mod counterfactual;
pub mod importance;
pub mod lime;
pub mod pdp;
pub mod shap;
pub mod surrogate;

/// The `rai explain` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum ExplainCommand {
    /// Shapley values (TreeSHAP, interventional, exact, kernel, permutation, linear), in margin space.
    Shap(shap::Args),
    /// Permutation feature importance (scikit-learn's definition) against a label column.
    Importance(importance::Args),
    /// Partial dependence and ICE curves of one or two features (scikit-learn's brute method).
    Pdp(pdp::Args),
    /// Accumulated local effects of a numeric feature (Apley & Zhu), centred.
    Ale(ale::Args),
    /// LIME local surrogate for one row, with its weighted R².
    Lime(lime::Args),
    /// Diverse, sparse, valid counterfactuals for one row (DiCE-style).
    Counterfactual(counterfactual::Args),
    /// A shallow decision tree imitating the model, with fidelity and rules.
    Surrogate(surrogate::Args),
}

/// Runs a `rai explain` subcommand.
pub fn run(cmd: ExplainCommand) -> anyhow::Result<()> {
    match cmd {
        ExplainCommand::Shap(a) => shap::run(a),
        ExplainCommand::Importance(a) => importance::run(a),
        ExplainCommand::Pdp(a) => pdp::run(a),
        ExplainCommand::Ale(a) => ale::run(a),
        ExplainCommand::Lime(a) => lime::run(a),
        ExplainCommand::Counterfactual(a) => counterfactual::run(a),
        ExplainCommand::Surrogate(a) => surrogate::run(a),
    }
}
