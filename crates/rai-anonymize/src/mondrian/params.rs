//! Parameters of Mondrian: quasi-identifiers with their kind, privacy models and the
//! sensitive attribute.

use rai_core::{Error, Result};

use crate::hierarchy::Hierarchy;
use crate::privacy::{PrivacyModel, TDistance};

/// How a quasi-identifier is generalised.
#[derive(Debug, Clone, PartialEq)]
pub enum QiKind {
    /// Numbers, released as closed intervals `[min-max]` of the values in a class.
    Numeric,
    /// Categories generalised along a hierarchy (split by the children of a node).
    Hierarchical(Hierarchy),
}

/// A quasi-identifier column and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct QuasiIdentifier {
    /// Column name.
    pub name: String,
    /// Numeric or hierarchical.
    pub kind: QiKind,
}

impl QuasiIdentifier {
    /// A numeric quasi-identifier.
    pub fn numeric(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            kind: QiKind::Numeric,
        }
    }

    /// A hierarchical quasi-identifier.
    pub fn hierarchical(name: impl Into<String>, hierarchy: Hierarchy) -> Self {
        Self {
            name: name.into(),
            kind: QiKind::Hierarchical(hierarchy),
        }
    }
}

/// Privacy models and sensitive attribute for [`super::anonymize`].
///
/// # Examples
/// ```
/// use rai_anonymize::mondrian::MondrianParams;
/// use rai_anonymize::privacy::PrivacyModel;
/// let p = MondrianParams::new(vec![PrivacyModel::KAnonymity { k: 5 }])?;
/// assert_eq!(p.k(), 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MondrianParams {
    models: Vec<PrivacyModel>,
    sensitive: Option<String>,
    sensitive_hierarchy: Option<Hierarchy>,
}

impl MondrianParams {
    /// Validated models (at least one).
    ///
    /// # Errors
    /// [`Error::Empty`] without models; [`Error::InvalidParameter`] for an invalid one.
    pub fn new(models: Vec<PrivacyModel>) -> Result<Self> {
        if models.is_empty() {
            return Err(Error::Empty {
                what: "list of privacy models".into(),
            });
        }
        for m in &models {
            m.validate()?;
        }
        Ok(Self {
            models,
            sensitive: None,
            sensitive_hierarchy: None,
        })
    }

    /// Sets the sensitive column (required by l-diversity and t-closeness).
    #[must_use]
    pub fn sensitive(mut self, column: impl Into<String>) -> Self {
        self.sensitive = Some(column.into());
        self
    }

    /// Sets the sensitive attribute's hierarchy (hierarchical t-closeness).
    #[must_use]
    pub fn sensitive_hierarchy(mut self, hierarchy: Hierarchy) -> Self {
        self.sensitive_hierarchy = Some(hierarchy);
        self
    }

    /// The models.
    pub fn models(&self) -> &[PrivacyModel] {
        &self.models
    }

    /// The sensitive column.
    pub fn sensitive_column(&self) -> Option<&str> {
        self.sensitive.as_deref()
    }

    /// The sensitive hierarchy.
    pub fn sensitive_hierarchy_ref(&self) -> Option<&Hierarchy> {
        self.sensitive_hierarchy.as_ref()
    }

    /// The largest `k` requested (1 without k-anonymity).
    pub fn k(&self) -> usize {
        self.models
            .iter()
            .filter_map(|m| match *m {
                PrivacyModel::KAnonymity { k } => Some(k),
                _ => None,
            })
            .max()
            .unwrap_or(1)
    }

    /// Checks that models needing a sensitive column (or hierarchy) have one.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`].
    pub fn validate(&self) -> Result<()> {
        for m in &self.models {
            if m.needs_sensitive() && self.sensitive.is_none() {
                return Err(Error::invalid_parameter(
                    "sensitive",
                    "none",
                    "a sensitive column for l-diversity / t-closeness",
                ));
            }
            if let PrivacyModel::TCloseness {
                distance: TDistance::Hierarchical,
                ..
            } = m
            {
                if self.sensitive_hierarchy.is_none() {
                    return Err(Error::invalid_parameter(
                        "sensitive_hierarchy",
                        "none",
                        "a hierarchy for the sensitive column (hierarchical t-closeness)",
                    ));
                }
            }
        }
        Ok(())
    }
}
