//! `rai explain`: a group of explanation subcommands (`rai explain shap`, ...).
//!
//! Each subcommand lives in its own file in this folder with `pub struct Args` and
//! `pub fn run(args: Args) -> anyhow::Result<()>`; adding one is one variant and one
//! match arm here.

pub mod shap;

/// The `rai explain` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum ExplainCommand {
    /// Shapley values (TreeSHAP, interventional, exact, kernel, permutation, linear), in margin space.
    Shap(shap::Args),
}

/// Runs a `rai explain` subcommand.
pub fn run(cmd: ExplainCommand) -> anyhow::Result<()> {
    match cmd {
        ExplainCommand::Shap(a) => shap::run(a),
    }
}
