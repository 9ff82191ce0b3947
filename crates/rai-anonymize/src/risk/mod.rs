//! Re-identification risk of a table's quasi-identifiers (prosecutor, journalist and
//! marketer attacker models, sample uniques), before or after anonymisation.
//!
//! Records are grouped into equivalence classes by their quasi-identifier values (a
//! missing value is a value of its own). A record in a class of size `f` is
//! re-identified with probability `1/f` by an attacker who knows the target is in the
//! data (prosecutor) or, with a population table, `1/F` where `F` is the size of the
//! matching population class (journalist). These are ARX's definitions
//! (`RiskModelSampleSummary`).
//!
//! # Examples
//! ```
//! use rai_anonymize::risk::{assess, RiskParams};
//! use rai_core::{CsvOptions, Table};
//! let t = Table::from_csv_bytes(b"zip,age\n1,30\n1,30\n2,40\n", "t", &CsvOptions::default())?;
//! let r = assess(&t, &["zip", "age"], &RiskParams::default())?;
//! assert_eq!(r.prosecutor.highest_risk, 1.0);     // the record in the class of size 1
//! assert_eq!(r.sample_uniques.count, 1);
//! assert!((r.prosecutor.average_risk - 2.0 / 3.0).abs() < 1e-12); // classes / records
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Formula
//! With classes `c` of sample size `f_c` over `n` records:
//! - prosecutor highest risk `max_c 1/f_c`; records at highest risk: the share of records
//!   in classes of the smallest size; average risk `sum_c f_c (1/f_c) / n = |C| / n`;
//!   records above threshold `t`: share of records with `1/f_c > t`.
//! - journalist: the same with population class sizes `F_c` (the sample is its own
//!   population when no population table is given, so journalist = prosecutor); the
//!   average risk is ARX's `max(|C| / sum_c F_c, sum_c (f_c / F_c) / n)`.
//! - marketer: expected share of records re-identified, `sum_c f_c / F_c / n` (= `|C|/n`
//!   without a population).
//!
//! # References
//! Dankar & El Emam (2010), "A method for evaluating marketer re-identification risk";
//! Prasser et al., ARX's risk models (`org.deidentifier.arx.risk.RiskModelSampleSummary`).

use std::collections::HashMap;

use rai_core::{Error, Groups, MissingGroupPolicy, Result, Table};
use serde::Serialize;

/// Options of [`assess`].
#[derive(Debug, Clone, PartialEq)]
pub struct RiskParams {
    /// Risk threshold for "records above threshold" (default 0.2, i.e. classes smaller
    /// than 5).
    pub threshold: f64,
}

impl Default for RiskParams {
    fn default() -> Self {
        Self { threshold: 0.2 }
    }
}

/// Risk figures of one attacker model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttackerRisk {
    /// Highest re-identification probability of any record.
    pub highest_risk: f64,
    /// Share of records at the highest risk.
    pub records_at_highest_risk: f64,
    /// Average re-identification probability over records.
    pub average_risk: f64,
    /// Share of records whose risk is above the threshold.
    pub records_above_threshold: f64,
}

/// Marketer risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketerRisk {
    /// Expected share of records re-identified.
    pub success_rate: f64,
}

/// Sample uniques.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleUniques {
    /// Records alone in their class.
    pub count: usize,
    /// Their share of all records.
    pub fraction: f64,
}

/// A risk assessment (`rai risk` prints it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskReport {
    /// Quasi-identifiers used.
    pub quasi_identifiers: Vec<String>,
    /// Records assessed.
    pub records: usize,
    /// Number of equivalence classes.
    pub equivalence_classes: usize,
    /// Smallest class size (the achieved k).
    pub smallest_class: usize,
    /// Threshold used for `records_above_threshold`.
    pub threshold: f64,
    /// Prosecutor model.
    pub prosecutor: AttackerRisk,
    /// Journalist model.
    pub journalist: AttackerRisk,
    /// Marketer model.
    pub marketer: MarketerRisk,
    /// Sample uniques.
    pub sample_uniques: SampleUniques,
    /// `sample` when the sample is its own population, `population` otherwise.
    pub population: &'static str,
}

fn attacker(sizes: &[(usize, usize)], n: usize, threshold: f64) -> AttackerRisk {
    // (sample size f, population size F) per class
    let highest = sizes
        .iter()
        .map(|&(_, pop)| 1.0 / pop as f64)
        .fold(0.0, f64::max);
    let at_highest: usize = sizes
        .iter()
        .filter(|&&(_, pop)| (1.0 / pop as f64) >= highest)
        .map(|&(f, _)| f)
        .sum();
    let average = sizes
        .iter()
        .map(|&(f, pop)| f as f64 / pop as f64)
        .sum::<f64>()
        / n as f64;
    let above: usize = sizes
        .iter()
        .filter(|&&(_, pop)| 1.0 / pop as f64 > threshold)
        .map(|&(f, _)| f)
        .sum();
    AttackerRisk {
        highest_risk: highest,
        records_at_highest_risk: at_highest as f64 / n as f64,
        average_risk: average,
        records_above_threshold: above as f64 / n as f64,
    }
}

fn validate(table: &Table, qis: &[&str], threshold: f64) -> Result<()> {
    if qis.is_empty() {
        return Err(Error::Empty {
            what: "list of quasi-identifiers".into(),
        });
    }
    for q in qis {
        table.column_index(q)?;
    }
    if table.n_rows() == 0 {
        return Err(Error::Empty {
            what: "table (no records to assess)".into(),
        });
    }
    if !(threshold.is_finite() && threshold > 0.0 && threshold <= 1.0) {
        return Err(Error::invalid_parameter(
            "threshold",
            threshold,
            "a number in (0, 1]",
        ));
    }
    Ok(())
}

/// Assesses the re-identification risk of `table` on `quasi_identifiers`, taking the
/// sample as its own population.
///
/// # Errors
/// [`Error::UnknownColumn`]; [`Error::Empty`] for no quasi-identifiers or no rows;
/// [`Error::InvalidParameter`] for a threshold outside (0, 1].
pub fn assess<S: AsRef<str>>(
    table: &Table,
    quasi_identifiers: &[S],
    params: &RiskParams,
) -> Result<RiskReport> {
    assess_with_population(table, quasi_identifiers, None, params)
}

/// As [`assess`], with an optional population table (same quasi-identifier columns) for
/// the journalist and marketer models. Every sample class must occur in the population.
///
/// # Errors
/// As [`assess`]; [`Error::InvalidParameter`] when a sample class is missing from the
/// population or larger there than the population allows.
pub fn assess_with_population<S: AsRef<str>>(
    table: &Table,
    quasi_identifiers: &[S],
    population: Option<&Table>,
    params: &RiskParams,
) -> Result<RiskReport> {
    let qis: Vec<&str> = quasi_identifiers.iter().map(AsRef::as_ref).collect();
    validate(table, &qis, params.threshold)?;
    let n = table.n_rows();
    let groups = Groups::from_table(table, &qis, MissingGroupPolicy::OwnGroup)?;
    let sample: Vec<(usize, usize)> = groups.sizes().iter().map(|&f| (f, f)).collect();
    let (with_pop, label) = match population {
        None => (sample.clone(), "sample"),
        Some(pop) => {
            validate(pop, &qis, params.threshold)?;
            let pg = Groups::from_table(pop, &qis, MissingGroupPolicy::OwnGroup)?;
            let pop_sizes: HashMap<&rai_core::GroupKey, usize> =
                pg.keys().iter().zip(pg.sizes().iter().copied()).collect();
            let mut out = Vec::with_capacity(sample.len());
            for (key, &(f, _)) in groups.keys().iter().zip(&sample) {
                match pop_sizes.get(key) {
                    Some(&big) if big >= f => out.push((f, big)),
                    _ => {
                        return Err(Error::invalid_parameter(
                            "population",
                            key,
                            "a population containing every sample class at least as often as the sample",
                        ));
                    }
                }
            }
            (out, "population")
        }
    };
    let uniques = sample.iter().filter(|&&(f, _)| f == 1).count();
    let smallest = sample.iter().map(|&(f, _)| f).min().unwrap_or(0);
    Ok(RiskReport {
        quasi_identifiers: qis.iter().map(|s| (*s).to_owned()).collect(),
        records: n,
        equivalence_classes: sample.len(),
        smallest_class: smallest,
        threshold: params.threshold,
        prosecutor: attacker(&sample, n, params.threshold),
        journalist: {
            // ARX: the journalist's success rate is the larger of |C| / sum_c F_c and
            // sum_c (f_c / F_c) / n (equal without a population table).
            let mut j = attacker(&with_pop, n, params.threshold);
            let pop_total: usize = with_pop.iter().map(|&(_, pop)| pop).sum();
            j.average_risk = j.average_risk.max(with_pop.len() as f64 / pop_total as f64);
            j
        },
        marketer: MarketerRisk {
            success_rate: with_pop
                .iter()
                .map(|&(f, pop)| f as f64 / pop as f64)
                .sum::<f64>()
                / n as f64,
        },
        sample_uniques: SampleUniques {
            count: uniques,
            fraction: uniques as f64 / n as f64,
        },
        population: label,
    })
}

#[cfg(test)]
mod tests;
