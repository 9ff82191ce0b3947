//! The `rai` command-line tool.
//!
//! A thin layer over the library crates: it parses arguments, calls the library, and
//! formats output. It is the only crate in the workspace that prints or reads
//! environment variables. Exit status: 0 on success, 1 on bad input or a failed check,
//! 2 on usage errors.

#![allow(clippy::print_stdout, clippy::print_stderr)] // reason: the CLI is the crate that prints

mod commands;
mod output;

use clap::{Parser, Subcommand};

/// rai: responsible-AI checks for machine-learning systems.
#[derive(Parser, Debug)]
#[command(name = "rai", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  rai demo\n  rai describe --data adult.csv\n  rai predict --model model.json --data adult.csv --margin"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Predict with a model (XGBoost JSON, LightGBM text or linear JSON) on a CSV file.
    Predict(commands::predict::Args),
    /// Describe a CSV file: schema, types, missing values, levels.
    Describe(commands::describe::Args),
    /// Run the demo on the embedded Adult census data.
    Demo(commands::demo::Args),
    /// Audit a model on a dataset: HTML/Markdown/JSON report with model card.
    Audit(commands::audit::Args),
    /// Verify a signed JSON audit report (and the checksums of its input files).
    Verify(commands::audit::VerifyArgs),
    /// Generate an Ed25519 key pair for signing audit reports.
    Keygen(commands::audit::KeygenArgs),
    /// Re-identification risk of a table's quasi-identifiers.
    Risk(commands::risk::Args),
    /// Group fairness metrics, disparities and confidence intervals of predictions in a CSV.
    Fairness(commands::fairness::Args),
    /// k-anonymity, l-diversity and t-closeness by optimal generalisation (ARX-compatible).
    Anonymize(commands::anonymize::Args),
    /// Explain a model's predictions (Shapley values and more).
    Explain {
        #[command(subcommand)]
        cmd: commands::explain::ExplainCommand,
    },
    /// Robustness: adversarial attacks, noise stress tests, certified radii, monotonicity.
    Robustness {
        #[command(subcommand)]
        cmd: commands::robustness::RobustnessCommand,
    },
    /// Distribution drift between a reference and a current CSV file.
    Drift(commands::drift::Args),
    /// Differential privacy: privacy accounting and private releases.
    Dp {
        #[command(subcommand)]
        cmd: commands::dp::DpCommand,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Predict(a) => commands::predict::run(a),
        Command::Describe(a) => commands::describe::run(a),
        Command::Demo(a) => commands::demo::run(a),
        Command::Audit(a) => commands::audit::run(a),
        Command::Verify(a) => commands::audit::verify(a),
        Command::Keygen(a) => commands::audit::keygen(a),
        Command::Risk(a) => commands::risk::run(a),
        Command::Explain { cmd } => commands::explain::run(cmd),
        Command::Robustness { cmd } => commands::robustness::run(cmd),
        Command::Drift(a) => commands::drift::run(a),
        Command::Dp { cmd } => commands::dp::run(cmd),
        Command::Fairness(a) => commands::fairness::run(a),
        Command::Anonymize(a) => commands::anonymize::run(a),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}
