//! [`AnonymizationData`]: the encoded input of the optimal search.

use rai_core::{Error, Result};

use crate::encode::{EncodedQi, FxHashMap, StringTable, dictionary_encode};
use crate::hierarchy::Hierarchy;
use crate::lattice::Lattice;
use crate::metric::MetricTables;
use crate::privacy::SensitiveContext;

/// The table encoded for the search: quasi-identifiers as hierarchy codes, the optional
/// sensitive attribute, and the distinct quasi-identifier combinations ("bottom
/// classes") with their counts and sensitive histograms.
#[derive(Debug, Clone)]
pub struct AnonymizationData {
    pub(crate) qis: Vec<EncodedQi>,
    pub(crate) n: usize,
    /// `bottom_codes[b * q + j]`: hierarchy row of attribute `j` in bottom class `b`.
    pub(crate) bottom_codes: Vec<u32>,
    pub(crate) bottom_count: Vec<u32>,
    /// `bottom_hist[b * s + v]`, empty without a sensitive attribute.
    pub(crate) bottom_hist: Vec<u32>,
    /// Bottom class of each row.
    pub(crate) row_bottom: Vec<u32>,
    pub(crate) sensitive: Option<SensitiveColumn>,
    pub(crate) lattice: Lattice,
    pub(crate) tables: MetricTables,
}

/// The encoded sensitive attribute.
#[derive(Debug, Clone)]
pub(crate) struct SensitiveColumn {
    pub(crate) name: String,
    pub(crate) n_values: usize,
    pub(crate) context: SensitiveContext,
}

impl AnonymizationData {
    /// Encodes `table` for the search. `quasi_identifiers` pairs each quasi-identifier
    /// column with its hierarchy; `sensitive` names the sensitive column and, for
    /// hierarchical-distance t-closeness, its hierarchy.
    ///
    /// # Errors
    /// [`Error::Empty`] for an empty table or no quasi-identifiers;
    /// [`Error::UnknownColumn`]; [`Error::InvalidParameter`] for a value missing from its
    /// hierarchy, a column used twice, or a sensitive column that is also a
    /// quasi-identifier; lattice-size errors from [`Lattice::new`].
    pub fn new(
        table: &StringTable,
        quasi_identifiers: &[(String, Hierarchy)],
        sensitive: Option<(&str, Option<&Hierarchy>)>,
    ) -> Result<Self> {
        let n = table.n_rows();
        if n == 0 {
            return Err(Error::Empty {
                what: "data table without records".into(),
            });
        }
        if quasi_identifiers.is_empty() {
            return Err(Error::Empty {
                what: "quasi-identifier list".into(),
            });
        }
        for (i, (name, _)) in quasi_identifiers.iter().enumerate() {
            if quasi_identifiers[..i].iter().any(|(m, _)| m == name) {
                return Err(Error::invalid_parameter(
                    "quasi-identifiers",
                    format!("`{name}` twice"),
                    "each column once",
                ));
            }
            table.column(name)?;
        }
        let columns = quasi_identifiers
            .iter()
            .map(|(name, h)| Ok((name.as_str(), table.column(name)?, h)))
            .collect::<Result<Vec<_>>>()?;
        let qis: Vec<EncodedQi> = EncodedQi::new_many(&columns)?;
        let q = qis.len();
        let sensitive = match sensitive {
            None => None,
            Some((name, h)) => {
                if quasi_identifiers.iter().any(|(m, _)| m == name) {
                    return Err(Error::invalid_parameter(
                        "sensitive",
                        name,
                        "a column that is not a quasi-identifier",
                    ));
                }
                let (codes, labels) = dictionary_encode(table.column(name)?);
                let context = SensitiveContext::new(&codes, &labels, h)?;
                Some((
                    SensitiveColumn {
                        name: name.to_string(),
                        n_values: labels.len(),
                        context,
                    },
                    codes,
                ))
            }
        };
        // Bottom classes: distinct combinations of level-0 codes, keyed by the codes
        // packed in mixed radix over the hierarchy sizes when that fits in 64 bits.
        let mut radix: Option<u64> = Some(1);
        for qi in &qis {
            radix = radix.and_then(|r| r.checked_mul(qi.hierarchy_rows().max(1) as u64));
        }
        let mut bottom_codes = Vec::new();
        let mut bottom_count: Vec<u32> = Vec::new();
        let mut row_bottom = Vec::with_capacity(n);
        if radix.is_some() {
            let mut index: FxHashMap<u64, u32> = FxHashMap::default();
            index.reserve(n / 4);
            for r in 0..n {
                let mut key = 0u64;
                for qi in &qis {
                    key = key * qi.hierarchy_rows() as u64 + u64::from(qi.codes()[r]);
                }
                let next = bottom_count.len() as u32;
                let b = *index.entry(key).or_insert(next);
                if b == next {
                    bottom_codes.extend(qis.iter().map(|qi| qi.codes()[r]));
                    bottom_count.push(0);
                }
                bottom_count[b as usize] += 1;
                row_bottom.push(b);
            }
        } else {
            let mut index: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
            let mut key = vec![0u32; q];
            for r in 0..n {
                for (k, qi) in key.iter_mut().zip(&qis) {
                    *k = qi.codes()[r];
                }
                let b = match index.get(&key) {
                    Some(&b) => b,
                    None => {
                        let b = bottom_count.len() as u32;
                        index.insert(key.clone(), b);
                        bottom_codes.extend_from_slice(&key);
                        bottom_count.push(0);
                        b
                    }
                };
                bottom_count[b as usize] += 1;
                row_bottom.push(b);
            }
        }
        let mut bottom_hist = Vec::new();
        if let Some((col, codes)) = &sensitive {
            let s = col.n_values;
            bottom_hist = vec![0u32; bottom_count.len() * s];
            for (r, &b) in row_bottom.iter().enumerate() {
                bottom_hist[b as usize * s + codes[r] as usize] += 1;
            }
        }
        let lattice = Lattice::new(
            &qis.iter()
                .map(|x| x.n_levels().saturating_sub(1))
                .collect::<Vec<_>>(),
        )?;
        let tables = MetricTables::new(&qis);
        Ok(Self {
            qis,
            n,
            bottom_codes,
            bottom_count,
            bottom_hist,
            row_bottom,
            sensitive: sensitive.map(|(c, _)| c),
            lattice,
            tables,
        })
    }

    /// Number of records.
    pub fn n_rows(&self) -> usize {
        self.n
    }

    /// The encoded quasi-identifiers.
    pub fn quasi_identifiers(&self) -> &[EncodedQi] {
        &self.qis
    }

    /// Number of distinct quasi-identifier combinations.
    pub fn n_bottom_classes(&self) -> usize {
        self.bottom_count.len()
    }

    /// The generalisation lattice.
    pub fn lattice(&self) -> &Lattice {
        &self.lattice
    }

    /// The sensitive attribute's name, if any.
    pub fn sensitive_name(&self) -> Option<&str> {
        self.sensitive.as_ref().map(|s| s.name.as_str())
    }

    /// The metric tables.
    pub fn metric_tables(&self) -> &MetricTables {
        &self.tables
    }
}
