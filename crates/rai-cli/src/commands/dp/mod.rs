//! `rai dp`: differential privacy — privacy accounting and private releases.

pub mod account;

use anyhow::Result;

/// Subcommands of `rai dp`.
#[derive(clap::Subcommand, Debug)]
pub enum DpCommand {
    /// Privacy spent by DP-SGD (Poisson-subsampled Gaussian steps): RDP, PLD or zCDP accountant.
    Account(account::Args),
}

/// Runs a `rai dp` subcommand.
pub fn run(cmd: DpCommand) -> Result<()> {
    match cmd {
        DpCommand::Account(a) => account::run(a),
    }
}
