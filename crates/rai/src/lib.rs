//! `rai`: a responsible-AI toolkit.
//!
//! This umbrella crate only re-exports the workspace's crates, each behind a default-on
//! feature, so a consumer can depend on `rai` alone or on single crates.
//!
//! # Overview
//! - [`core`]: tables, groups, the `Model` trait, errors, RNG policy (`rai-core`).
//! - [`models`]: linear models and tree ensembles from XGBoost/LightGBM (`rai-models`).
//! - `fairness`, `explain`, `privacy`, `robustness`, `anonymize`: one capability each.
//! - `audit`: the report that composes them (`rai audit`).
//!
//! # Example
//! ```
//! use rai::prelude::*;
//!
//! let table = Table::from_csv_bytes(b"x,y\n1,0\n2,1\n", "<memory>", &CsvOptions::default())?;
//! assert_eq!(table.n_rows(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//! `fairness`, `explain`, `privacy`, `robustness`, `anonymize`, `audit` (all on by default) and
//! `smartcore` (off: smartcore model adapters).

pub use rai_core as core;
pub use rai_models as models;

#[cfg(feature = "anonymize")]
pub use rai_anonymize as anonymize;
#[cfg(feature = "audit")]
pub use rai_audit as audit;
#[cfg(feature = "explain")]
pub use rai_explain as explain;
#[cfg(feature = "fairness")]
pub use rai_fairness as fairness;
#[cfg(feature = "privacy")]
pub use rai_privacy as privacy;
#[cfg(feature = "robustness")]
pub use rai_robustness as robustness;

/// The types most programs need.
pub mod prelude {
    pub use rai_core::{
        Column, ColumnType, CsvOptions, Error, Groups, MissingGroupPolicy, Model, Result, Table,
        Task,
    };
    pub use rai_models::{AnyModel, LinearModel, TreeEnsemble, load_model};
}
