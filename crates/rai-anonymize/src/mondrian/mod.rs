//! Mondrian multidimensional partitioning (strict, median cuts, widest normalised
//! range first) for numeric and hierarchical quasi-identifiers.
//!
//! The table is cut recursively: in each partition the quasi-identifier with the widest
//! normalised range is tried first (numeric: `(max - min) / (global max - global min)`;
//! hierarchical: `(leaves under the partition's node - 1) / (leaves - 1)`), then the
//! next widest, and so on. A numeric cut splits at the median (`x <= median` vs
//! `x > median`, or `x < median` vs `x >= median` when the first leaves one side empty);
//! a hierarchical cut splits by the children of the partition's current node. A cut is
//! allowable when every part satisfies every privacy model (k-anonymity and, with a
//! sensitive column, l-diversity and t-closeness, using [`crate::privacy`]). A partition
//! with no allowable cut becomes an equivalence class.
//!
//! Output: numeric cells become **closed** intervals `[min-max]` of the values in the
//! class, both ends inclusive (a class with one value keeps that value); hierarchical
//! cells become the label of the class's node (the lowest node holding all its values).
//! No record is suppressed; rows stay in input order; every other column is unchanged.
//! The result is verified by the independent checker ([`crate::check::verify`]) before
//! it is returned.
//!
//! # Examples
//! ```
//! use rai_anonymize::encode::StringTable;
//! use rai_anonymize::mondrian::{anonymize, MondrianParams, QuasiIdentifier};
//! use rai_anonymize::privacy::PrivacyModel;
//! let t = StringTable::from_csv_bytes(b"age,zip\n21,a\n25,b\n33,c\n38,d\n", "t", None)?;
//! let params = MondrianParams::new(vec![PrivacyModel::KAnonymity { k: 2 }])?;
//! let out = anonymize(&t, &[QuasiIdentifier::numeric("age")], &params)?;
//! assert_eq!(out.table.column("age")?, ["[21-25]", "[21-25]", "[33-38]", "[33-38]"]);
//! assert_eq!(out.report.achieved.k, Some(2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//! See [`anonymize`].
//!
//! # References
//! LeFevre, DeWitt & Ramakrishnan (2006), "Mondrian multidimensional k-anonymity",
//! ICDE; Machanavajjhala et al. (2007) and Li et al. (2007) for the l/t conditions.

mod params;
mod partition;
#[cfg(test)]
mod tests;

pub use params::{MondrianParams, QiKind, QuasiIdentifier};

use std::collections::HashMap;

use rai_core::{Error, Result};
use serde::Serialize;

use crate::check::{self, Achieved, CheckInput, ModelCheck};
use crate::encode::StringTable;
use crate::privacy::SensitiveContext;
use partition::{Dim, Part, Problem, Sensitive, label};

/// What Mondrian reports besides the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MondrianReport {
    /// Quasi-identifiers, in the order given.
    pub quasi_identifiers: Vec<String>,
    /// Sensitive column, if any.
    pub sensitive: Option<String>,
    /// Input records.
    pub input_records: usize,
    /// Output records (= input: Mondrian suppresses nothing).
    pub output_records: usize,
    /// Suppressed records (always 0).
    pub suppressed_records: usize,
    /// Privacy achieved, from the independent checker.
    pub achieved: Achieved,
    /// The requested models and whether they hold (all do, or an error is returned).
    pub models: Vec<ModelCheck>,
}

/// A Mondrian release.
#[derive(Debug, Clone, PartialEq)]
pub struct MondrianResult {
    /// The released table: same columns and row order as the input.
    pub table: StringTable,
    /// The report.
    pub report: MondrianReport,
}

/// Anonymises `table` with Mondrian.
///
/// # Errors
/// [`Error::UnknownColumn`]; [`Error::Empty`] for no rows or no quasi-identifiers;
/// [`Error::InvalidParameter`] for a quasi-identifier listed twice, the sensitive column
/// used as a quasi-identifier, a non-numeric cell in a numeric quasi-identifier or a
/// value missing from its hierarchy (both naming column and row), a missing sensitive
/// column or hierarchy, or `k` larger than the table; [`Error::Guarantee`] when the
/// whole table does not satisfy the models (no partition can), or (a bug) when the
/// checker rejects the result.
pub fn anonymize(
    table: &StringTable,
    quasi_identifiers: &[QuasiIdentifier],
    params: &MondrianParams,
) -> Result<MondrianResult> {
    params.validate()?;
    if quasi_identifiers.is_empty() {
        return Err(Error::Empty {
            what: "list of quasi-identifiers".into(),
        });
    }
    for (i, q) in quasi_identifiers.iter().enumerate() {
        table.column_index(&q.name)?;
        if quasi_identifiers[..i].iter().any(|p| p.name == q.name) {
            return Err(Error::invalid_parameter(
                "quasi_identifiers",
                format!("`{}` twice", q.name),
                "each column once",
            ));
        }
        if params.sensitive_column() == Some(q.name.as_str()) {
            return Err(Error::invalid_parameter(
                "sensitive",
                &q.name,
                "a column that is not a quasi-identifier",
            ));
        }
    }
    let n = table.n_rows();
    if n == 0 {
        return Err(Error::Empty {
            what: "table (no records to anonymise)".into(),
        });
    }
    if params.k() > n {
        return Err(Error::invalid_parameter(
            "k",
            params.k(),
            format!("at most the number of records ({n})"),
        ));
    }
    let dims: Vec<Dim> = quasi_identifiers
        .iter()
        .map(|q| Dim::encode(table, q))
        .collect::<Result<_>>()?;
    let sensitive_cells = params
        .sensitive_column()
        .map(|s| table.column(s))
        .transpose()?;
    let sensitive = match sensitive_cells {
        None => None,
        Some(cells) => {
            let mut map: HashMap<&str, u32> = HashMap::new();
            let mut labels: Vec<String> = Vec::new();
            let codes: Vec<u32> = cells
                .iter()
                .map(|c| {
                    let next = map.len() as u32;
                    *map.entry(c.as_str()).or_insert_with(|| {
                        labels.push(c.clone());
                        next
                    })
                })
                .collect();
            let ctx = SensitiveContext::new(&codes, &labels, params.sensitive_hierarchy_ref())?;
            Some(Sensitive {
                codes,
                m: labels.len(),
                ctx,
            })
        }
    };
    let problem = Problem {
        dims: &dims,
        models: params.models(),
        sensitive: sensitive.as_ref(),
    };
    let all: Vec<u32> = (0..n as u32).collect();
    if !problem.allowable(&all) {
        return Err(Error::Guarantee {
            what: "the whole table does not satisfy the privacy models, so no Mondrian \
                   partition can (lower l or raise t)"
                .into(),
        });
    }
    let mut parts: Vec<Part> = Vec::new();
    problem.partition(
        Part {
            rows: all,
            levels: problem.top_levels(),
        },
        &mut parts,
    );
    let mut columns: Vec<Vec<String>> = Vec::with_capacity(table.header().len());
    for (name, cells) in table.header().iter().zip(table.columns()) {
        match quasi_identifiers.iter().position(|q| &q.name == name) {
            None => columns.push(cells.clone()),
            Some(d) => {
                let mut out = vec![String::new(); n];
                for p in &parts {
                    let l = label(&dims[d], cells, &p.rows, p.levels[d]);
                    for &r in &p.rows {
                        out[r as usize].clone_from(&l);
                    }
                }
                columns.push(out);
            }
        }
    }
    let out = StringTable::new(table.header().to_vec(), columns, table.delimiter())?;
    let released: Vec<&[String]> = quasi_identifiers
        .iter()
        .map(|q| out.column(&q.name))
        .collect::<Result<_>>()?;
    let mut input = CheckInput::new(released, sensitive_cells)?;
    if let Some(h) = params.sensitive_hierarchy_ref() {
        input = input.with_hierarchy(h);
    }
    let v = check::verify(&input, params.models())?;
    if !v.all_hold {
        return Err(Error::Guarantee {
            what: format!(
                "internal error: the checker rejects Mondrian's result ({:?})",
                v.models
            ),
        });
    }
    let report = MondrianReport {
        quasi_identifiers: quasi_identifiers.iter().map(|q| q.name.clone()).collect(),
        sensitive: params.sensitive_column().map(str::to_string),
        input_records: n,
        output_records: n,
        suppressed_records: 0,
        achieved: v.achieved,
        models: v.models,
    };
    Ok(MondrianResult { table: out, report })
}
