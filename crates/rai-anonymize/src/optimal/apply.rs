//! Writing a transformation back onto the table.

use rai_core::{Error, Result};

use super::data::AnonymizationData;
use crate::encode::StringTable;

/// The anonymised table: quasi-identifiers replaced by their labels at `levels`, rows
/// with `row_suppressed[r]` left out, every other cell copied unchanged and rows kept
/// in input order.
///
/// # Errors
/// [`Error::LengthMismatch`] when `levels` or `row_suppressed` do not fit `data`;
/// [`Error::InvalidParameter`] for a level out of range; [`Error::UnknownColumn`] when
/// `table` is not the table `data` was built from.
pub fn apply_transformation(
    table: &StringTable,
    data: &AnonymizationData,
    levels: &[usize],
    row_suppressed: &[bool],
) -> Result<StringTable> {
    rai_core::error::ensure_len("levels", data.qis.len(), levels.len())?;
    rai_core::error::ensure_len("row_suppressed", table.n_rows(), row_suppressed.len())?;
    rai_core::error::ensure_len("table rows", data.n, table.n_rows())?;
    let keep: Vec<usize> = (0..table.n_rows())
        .filter(|&r| !row_suppressed[r])
        .collect();
    let mut out = table.select_rows(&keep)?;
    for (qi, &level) in data.qis.iter().zip(levels) {
        if level >= qi.n_levels() {
            return Err(Error::invalid_parameter(
                format!("level of `{}`", qi.name()),
                level,
                format!("below {}", qi.n_levels()),
            ));
        }
        let map = qi.gen_map(level);
        let cells = keep
            .iter()
            .map(|&r| qi.label(level, map[qi.codes()[r] as usize]).to_string())
            .collect();
        out.set_column(qi.name(), cells)?;
    }
    Ok(out)
}
