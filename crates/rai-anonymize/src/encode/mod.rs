//! Raw string tables and the dictionary encoding of quasi-identifiers used by the
//! optimal search.
//!
//! [`StringTable`] keeps every cell exactly as read, so columns that are not
//! generalised are written back byte for byte. [`EncodedQi`] turns one quasi-identifier
//! into `u32` hierarchy-row codes plus, for every level, a precomputed map from row code
//! to generalised label code.

mod fxhash;
mod qi;
mod table;

pub use qi::{EncodedQi, dictionary_encode};
pub use table::StringTable;

pub(crate) use fxhash::FxHashMap;
