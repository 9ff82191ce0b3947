//! Anonymisation of tables for sharing: k-anonymity, l-diversity and t-closeness by
//! optimal full-domain generalisation (ARX-compatible) or Mondrian partitioning, every
//! release verified by an independent checker, with information loss, re-identification
//! risk and keyed pseudonyms for direct identifiers.
//!
//! # Overview
//! - [`hierarchy`]: generalisation hierarchies ([`hierarchy::Hierarchy`]) from ARX's CSV
//!   files or built for intervals, quantiles, dates, masking and top/bottom coding.
//! - [`privacy`]: the privacy models ([`privacy::PrivacyModel`]: k-anonymity, distinct /
//!   entropy / recursive (c,l)-diversity, t-closeness with equal, ordered or hierarchical
//!   distance) with ARX's definitions.
//! - [`encode`] + [`lattice`] + [`metric`] + [`optimal`]: the globally optimal
//!   transformation for ARX's quality models (loss, discernibility, DM*, precision,
//!   non-uniform entropy), with a record-suppression limit;
//!   [`optimal::anonymize_optimal`] searches, applies and verifies.
//! - [`mondrian`]: multidimensional partitioning (LeFevre et al. 2006).
//! - [`check`]: the independent checker that computes the achieved k, l and t from the
//!   released strings; both algorithms call it before returning.
//! - [`utility`]: NCP, discernibility, average class size, precision, classifier accuracy.
//! - [`risk`]: prosecutor, journalist and marketer re-identification risk.
//! - [`pseudonym`]: keyed HMAC-SHA-256 pseudonyms, removal and partial masking.
//!
//! # Example
//! ```
//! use rai_anonymize::encode::StringTable;
//! use rai_anonymize::hierarchy::Hierarchy;
//! use rai_anonymize::optimal::{anonymize_optimal, AnonymizationData, OptimalParams};
//! use rai_anonymize::privacy::PrivacyModel;
//!
//! let csv = "zip;age;disease\n1301;30;flu\n1302;31;cold\n1401;30;flu\n1402;32;cold\n";
//! let table = StringTable::from_csv_bytes(csv.as_bytes(), "<example>", None)?;
//! let zip = Hierarchy::from_arx_csv_bytes(b"1301;130*;*\n1302;130*;*\n1401;140*;*\n1402;140*;*\n", "zip", None)?;
//! let age = Hierarchy::from_arx_csv_bytes(b"30;30-34;*\n31;30-34;*\n32;30-34;*\n", "age", None)?;
//! let data = AnonymizationData::new(&table, &[("zip".into(), zip), ("age".into(), age)], None)?;
//! let params = OptimalParams::new(vec![PrivacyModel::KAnonymity { k: 2 }]);
//! let release = anonymize_optimal(&table, &data, &params, None)?;
//! assert!(release.verification.all_hold);            // checked independently
//! assert_eq!(release.table.n_rows(), 4);             // nothing suppressed
//! assert_eq!(release.result.levels, vec![1, 1]);     // 130*/140* and 30-34
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//! This crate has no optional features.

pub mod check;
pub mod encode;
pub mod hierarchy;
pub mod lattice;
pub mod metric;
pub mod mondrian;
pub mod optimal;
pub mod privacy;
pub mod pseudonym;
pub mod risk;
pub mod utility;
