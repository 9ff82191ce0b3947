//! The whole optimal pipeline: search, apply, and verification of the released table by
//! the independent checker ([`crate::check`]).

use rai_core::{Error, Result};

use super::apply::apply_transformation;
use super::data::AnonymizationData;
use super::params::OptimalParams;
use super::search::{OptimalResult, optimal_search};
use crate::check::{CheckInput, Verification, verify};
use crate::encode::StringTable;
use crate::hierarchy::Hierarchy;

/// A verified release of the optimal search.
#[derive(Debug, Clone)]
pub struct OptimalRelease {
    /// The search's result (levels, score, suppression, statistics).
    pub result: OptimalResult,
    /// The released table: all columns, quasi-identifiers generalised, suppressed rows
    /// left out, remaining rows in input order.
    pub table: StringTable,
    /// The independent checker's figures on the released strings.
    pub verification: Verification,
}

/// Runs [`optimal_search`], applies the optimum to `table` and checks the released
/// strings with the independent checker before returning them (t-closeness against the
/// distribution of all input records, as ARX; `sensitive_hierarchy` for hierarchical
/// distance).
///
/// # Errors
/// The errors of [`optimal_search`] and [`apply_transformation`];
/// [`Error::Guarantee`] when the independent checker finds a model violated (which
/// would be a bug).
pub fn anonymize_optimal(
    table: &StringTable,
    data: &AnonymizationData,
    params: &OptimalParams,
    sensitive_hierarchy: Option<&Hierarchy>,
) -> Result<OptimalRelease> {
    let result = optimal_search(data, params)?;
    let released = apply_transformation(table, data, &result.levels, &result.row_suppressed)?;
    let qi_cols: Vec<&[String]> = data
        .qis
        .iter()
        .map(|q| released.column(q.name()))
        .collect::<Result<_>>()?;
    let verification = match data.sensitive_name() {
        Some(s) => {
            let mut input = CheckInput::new(qi_cols, Some(released.column(s)?))?
                .with_reference(table.column(s)?);
            if let Some(h) = sensitive_hierarchy {
                input = input.with_hierarchy(h);
            }
            verify(&input, &params.models)?
        }
        None => verify(&CheckInput::new(qi_cols, None)?, &params.models)?,
    };
    if !verification.all_hold {
        let failed: Vec<&str> = verification
            .models
            .iter()
            .filter(|m| !m.holds)
            .map(|m| m.model.as_str())
            .collect();
        return Err(Error::Guarantee {
            what: format!(
                "the independent checker rejects the optimal release: {} not satisfied",
                failed.join(", ")
            ),
        });
    }
    Ok(OptimalRelease {
        result,
        table: released,
        verification,
    })
}
