//! Direct identifiers: keyed HMAC-SHA-256 pseudonyms, removal and partial masking.
//!
//! A pseudonym is `hex(HMAC-SHA-256(key, value))`: the same value under the same key
//! always gives the same pseudonym (so records stay linkable inside a release), and
//! without the key the mapping cannot be recomputed by trying candidate values. The
//! library takes key bytes only: the caller reads them from a file or an environment
//! variable. There is no default key, and keys shorter than [`MIN_KEY_BYTES`] are
//! rejected.
//!
//! # Examples
//! ```
//! use rai_anonymize::pseudonym::{mask, PseudonymKey};
//! let key = PseudonymKey::new(b"0123456789abcdef-example-key".to_vec())?;
//! let p = key.pseudonym("alice@example.org");
//! assert_eq!(p.len(), 64);
//! assert_eq!(p, key.pseudonym("alice@example.org"));
//! assert_eq!(mask("DE89370400440532013000", 4, 2, '*'), "DE89****************00");
//! assert!(PseudonymKey::new(b"short".to_vec()).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # References
//! RFC 2104 (HMAC); RFC 4231 (HMAC-SHA-256 test vectors).

#[cfg(test)]
mod tests;

use hmac::{Hmac, Mac};
use rai_core::{Error, Result};
use sha2::Sha256;

use crate::encode::StringTable;

/// Shortest accepted key, in bytes.
pub const MIN_KEY_BYTES: usize = 16;

/// HMAC-SHA-256 of `message` under `key` (any key length, as RFC 2104).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of every length, so this cannot fail.
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return [0; 32],
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// A validated pseudonymisation key. Its `Debug` output never shows the key.
#[derive(Clone)]
pub struct PseudonymKey {
    bytes: Vec<u8>,
}

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PseudonymKey({} bytes, redacted)", self.bytes.len())
    }
}

impl PseudonymKey {
    /// Wraps key bytes (e.g. a key file's contents, or an environment variable's value).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for an empty key or one shorter than
    /// [`MIN_KEY_BYTES`].
    pub fn new(bytes: Vec<u8>) -> Result<Self> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(Error::invalid_parameter(
                "pseudonym key",
                format!("{} bytes", bytes.len()),
                format!(
                    "at least {MIN_KEY_BYTES} bytes of secret key (for example 32 random \
                     bytes: `head -c 32 /dev/urandom > key.bin`); there is no default key"
                ),
            ));
        }
        Ok(Self { bytes })
    }

    /// The pseudonym of `value`: 64 lowercase hex digits.
    pub fn pseudonym(&self, value: &str) -> String {
        to_hex(&hmac_sha256(&self.bytes, value.as_bytes()))
    }
}

/// Keeps the first `keep_first` and last `keep_last` characters (Unicode scalar values)
/// and replaces the rest with `mask_char`. A value no longer than
/// `keep_first + keep_last` is masked entirely (so short values do not leak whole).
pub fn mask(value: &str, keep_first: usize, keep_last: usize, mask_char: char) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    if n <= keep_first + keep_last {
        return std::iter::repeat_n(mask_char, n).collect();
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if i < keep_first || i >= n - keep_last {
                c
            } else {
                mask_char
            }
        })
        .collect()
}

/// What to do with a direct identifier column.
#[derive(Debug, Clone)]
pub enum IdentifierAction {
    /// Replace every cell by its keyed pseudonym.
    Pseudonymise(PseudonymKey),
    /// Drop the column.
    Remove,
    /// Keep the first/last characters, mask the rest with `*`.
    Mask {
        /// Characters kept at the start.
        keep_first: usize,
        /// Characters kept at the end.
        keep_last: usize,
    },
}

/// Applies `action` to the column `column` of `table`. Empty cells (missing values)
/// stay empty.
///
/// # Errors
/// [`Error::UnknownColumn`].
pub fn apply(table: &StringTable, column: &str, action: &IdentifierAction) -> Result<StringTable> {
    let idx = table.column_index(column)?;
    let cells = &table.columns()[idx];
    match action {
        IdentifierAction::Remove => {
            let mut header = table.header().to_vec();
            let mut columns = table.columns().to_vec();
            header.remove(idx);
            columns.remove(idx);
            StringTable::new(header, columns, table.delimiter())
        }
        IdentifierAction::Pseudonymise(key) => {
            let mut out = table.clone();
            let new = cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        String::new()
                    } else {
                        key.pseudonym(c)
                    }
                })
                .collect();
            out.set_column(column, new)?;
            Ok(out)
        }
        IdentifierAction::Mask {
            keep_first,
            keep_last,
        } => {
            let mut out = table.clone();
            let new = cells
                .iter()
                .map(|c| mask(c, *keep_first, *keep_last, '*'))
                .collect();
            out.set_column(column, new)?;
            Ok(out)
        }
    }
}
