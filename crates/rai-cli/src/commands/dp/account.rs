//! `rai dp account`: the privacy that DP-SGD (Poisson-subsampled Gaussian steps) spends.

use anyhow::Result;

use crate::commands::Format;

/// Privacy accountant used by `rai dp account`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Accountant {
    /// Rényi DP (Mironov 2017; Mironov, Talwar, Zhang 2019).
    #[default]
    Rdp,
    /// Privacy loss distributions (pessimistic discretisation, FFT composition).
    Pld,
    /// Zero-concentrated DP (Bun & Steinke 2016).
    Zcdp,
}

/// Arguments of `rai dp account`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Noise multiplier: Gaussian noise standard deviation divided by the L2 sensitivity.
    #[arg(long)]
    pub noise_multiplier: f64,
    /// Poisson sampling rate q in (0, 1].
    #[arg(long)]
    pub sampling_rate: f64,
    /// Number of steps (compositions).
    #[arg(long)]
    pub steps: u64,
    /// Target delta.
    #[arg(long)]
    pub delta: f64,
    /// Accountant.
    #[arg(long, value_enum, default_value_t = Accountant::Rdp)]
    pub accountant: Accountant,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `rai dp account`.
pub fn run(args: Args) -> Result<()> {
    anyhow::bail!(
        "rai dp account: the {:?} accountant is not available yet",
        args.accountant
    )
}
