//! Audit reports: composes the capability crates into one report an auditor can hand to
//! a review board.
//!
//! The crate only composes: every figure comes from `rai-fairness`, `rai-explain`,
//! `rai-robustness` and `rai-anonymize`; this crate applies thresholds, writes the model
//! card and EU AI Act documentation, renders HTML/Markdown/JSON and signs the evidence.
//!
//! # Overview
//! - [`run_audit`] with [`AuditInputs`]: computes an [`report::AuditReport`].
//! - [`config::AuditConfig`]: thresholds and model-card text from a TOML file.
//! - [`render`]: self-contained HTML with inline SVG charts, Markdown.
//! - [`sign`]: SHA-256 checksums, Ed25519 signatures of the JSON evidence, verification.
//!
//! # Example
//! ```
//! let cfg = rai_audit::config::AuditConfig::from_toml_str("[fairness]\nfour_fifths = 0.8\n", "audit.toml")?;
//! assert_eq!(cfg.fairness.four_fifths, 0.8);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod config;
pub mod render;
pub mod report;
mod run;
mod sections;
pub mod sign;

pub use run::{AuditInputs, Progress, Quiet, binary_labels, run_audit};
