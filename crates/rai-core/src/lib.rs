//! Shared vocabulary of the `rai` responsible-AI toolkit.
//!
//! Every capability crate (`rai-fairness`, `rai-explain`, `rai-privacy`,
//! `rai-robustness`, `rai-anonymize`) speaks in these types and nothing else:
//!
//! # Overview
//! - [`Table`]: a columnar dataset with numeric and categorical columns, loaded from CSV
//!   ([`Table::from_csv_path`]) and turned into feature matrices by column name.
//! - [`Groups`]: rows partitioned by one or more sensitive attributes (intersectional).
//! - [`Model`]: batch prediction of margins and probabilities over an `ArrayView2<f64>`.
//! - [`Error`] / [`Result`]: one structured error enum for the whole workspace.
//! - [`rng`]: the seeded [`rng::ReproRng`] for experiments and the OS-seeded
//!   [`rng::SecureRng`] for privacy noise.
//!
//! # Example
//! ```
//! use rai_core::{CsvOptions, Groups, MissingGroupPolicy, Table};
//!
//! let csv = "age,sex,income\n39,Male,1\n50,Female,0\n,Female,1\n";
//! let table = Table::from_csv_bytes(csv.as_bytes(), "<example>", &CsvOptions::default())?;
//! assert_eq!(table.n_rows(), 3);
//! let x = table.feature_matrix(&["age"])?;
//! assert!(x[[2, 0]].is_nan()); // missing cell
//! let groups = Groups::from_table(&table, &["sex"], MissingGroupPolicy::OwnGroup)?;
//! assert_eq!(groups.n_groups(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//! This crate has no optional features.

pub mod error;
pub mod groups;
pub mod model;
pub mod rng;
pub mod table;

pub use error::{Error, Location, Result};
pub use groups::{GroupKey, Groups, MissingGroupPolicy};
pub use model::{Link, Model, Task, sigmoid};
pub use table::{
    CategoricalColumn, Column, ColumnType, CsvOptions, NumericColumn, Table, TableSummary,
};
