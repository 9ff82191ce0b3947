//! Audit reports: composes the capability crates into one report an auditor can hand to
//! a review board.
//!
//! # Overview
//! - [`config::AuditConfig`]: thresholds and model-card text from a TOML file.
//! - [`sign`]: SHA-256 checksums, Ed25519 signatures of the JSON evidence, verification.
//! - [`render`]: self-contained HTML with inline SVG charts, Markdown and JSON.
//!
//! # Example
//! ```
//! let cfg = rai_audit::config::AuditConfig::from_toml_str("[fairness]\nfour_fifths = 0.8\n", "audit.toml")?;
//! assert_eq!(cfg.fairness.four_fifths, 0.8);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod config;
pub mod render;
pub mod sign;
