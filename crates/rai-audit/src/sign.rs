//! Checksums, signatures and verification of JSON evidence.
//!
//! A signed report is the report's JSON object with one extra top-level key,
//! `"signature": {"algorithm": "ed25519", "public_key": HEX, "value": HEX}`. The signed
//! message is the *canonical* JSON of the report without that key: `serde_json`'s compact
//! form with object keys sorted, so any consumer can recompute it.
//!
//! Key files hold the 32-byte Ed25519 secret seed (or public key) as 64 hexadecimal
//! characters, optionally followed by a newline (raw 32-byte files are accepted too).

use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rai_core::{Error, Result};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// SHA-256 of bytes, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// SHA-256 of a file, as lowercase hex.
///
/// # Errors
/// [`Error::Io`] naming the file.
pub fn sha256_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    Ok(sha256_hex(&bytes))
}

fn read_key(path: &Path, what: &str) -> Result<[u8; 32]> {
    let raw = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    let bad = || Error::Parse {
        location: rai_core::Location {
            path: path.display().to_string(),
            line: None,
            column: None,
        },
        message: format!(
            "expected an Ed25519 {what} as 64 hexadecimal characters (or 32 raw bytes)"
        ),
    };
    if raw.len() == 32 {
        let mut k = [0u8; 32];
        k.copy_from_slice(&raw);
        return Ok(k);
    }
    let text = std::str::from_utf8(&raw).map_err(|_| bad())?.trim();
    let bytes = hex::decode(text).map_err(|_| bad())?;
    bytes.try_into().map_err(|_| bad())
}

/// Generates a new key pair from the operating system's entropy; returns
/// `(secret_hex, public_hex)`.
///
/// # Errors
/// [`Error::Guarantee`] when the OS entropy source fails.
pub fn generate_keypair() -> Result<(String, String)> {
    use rand::RngCore;
    let mut rng = rai_core::rng::SecureRng::from_os()?;
    let mut seed = [0u8; 32];
    rng.fill_bytes(&mut seed);
    let sk = SigningKey::from_bytes(&seed);
    Ok((
        hex::encode(seed),
        hex::encode(sk.verifying_key().to_bytes()),
    ))
}

/// Canonical bytes of a JSON value: compact, object keys sorted, `signature` removed at
/// the top level.
pub fn canonical_bytes(value: &Value) -> Vec<u8> {
    let mut v = value.clone();
    if let Value::Object(m) = &mut v {
        m.remove("signature");
    }
    // serde_json's Map is a BTreeMap (no `preserve_order` feature): keys are sorted.
    serde_json::to_vec(&v).unwrap_or_default()
}

/// Signs a JSON report with the secret key in `key_file`, adding the `signature` key.
///
/// # Errors
/// [`Error::Io`] / [`Error::Parse`] for an unreadable or malformed key file;
/// [`Error::InvalidParameter`] when the report is not a JSON object.
pub fn sign_report(report: &mut Value, key_file: &Path) -> Result<()> {
    let seed = read_key(key_file, "secret key")?;
    let sk = SigningKey::from_bytes(&seed);
    let msg = canonical_bytes(report);
    let sig = sk.sign(&msg);
    let Value::Object(m) = report else {
        return Err(Error::invalid_parameter(
            "report",
            "not an object",
            "a JSON object",
        ));
    };
    m.insert(
        "signature".into(),
        serde_json::json!({
            "algorithm": "ed25519",
            "public_key": hex::encode(sk.verifying_key().to_bytes()),
            "value": hex::encode(sig.to_bytes()),
            "signed_message": "canonical JSON of the report without `signature` (compact, keys sorted)",
        }),
    );
    Ok(())
}

/// The outcome of [`verify_report`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verification {
    /// Whether the signature is valid for the given public key.
    pub signature_valid: bool,
    /// Per checked file: (role, path, expected, actual, matches).
    pub files: Vec<FileCheck>,
}

/// The checksum check of one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileCheck {
    /// `data` or `model`.
    pub role: String,
    /// The file checked.
    pub path: String,
    /// Checksum recorded in the report.
    pub expected: Option<String>,
    /// Checksum of the file now.
    pub actual: String,
    /// Whether they match.
    pub matches: bool,
}

impl Verification {
    /// Whether everything checked out.
    pub fn ok(&self) -> bool {
        self.signature_valid && self.files.iter().all(|f| f.matches)
    }
}

/// Verifies a signed report against a public key file and, optionally, the files it
/// describes (`(role, path)` pairs; roles are looked up under `provenance.files`).
///
/// # Errors
/// [`Error::Io`] / [`Error::Parse`] for unreadable inputs or a report without a
/// well-formed signature.
pub fn verify_report(
    report: &Value,
    public_key_file: &Path,
    files: &[(&str, &Path)],
) -> Result<Verification> {
    let pk_bytes = read_key(public_key_file, "public key")?;
    let malformed = |m: &str| Error::Parse {
        location: rai_core::Location {
            path: "report".into(),
            line: None,
            column: Some("signature".into()),
        },
        message: m.to_owned(),
    };
    let sig_hex = report
        .get("signature")
        .and_then(|s| s.get("value"))
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("the report has no signature.value"))?;
    let sig_bytes: [u8; 64] = hex::decode(sig_hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| malformed("signature.value is not 64 hex-encoded bytes"))?;
    let signature_valid = match VerifyingKey::from_bytes(&pk_bytes) {
        Ok(vk) => vk
            .verify(&canonical_bytes(report), &Signature::from_bytes(&sig_bytes))
            .is_ok(),
        Err(_) => false,
    };
    let mut checks = Vec::new();
    for (role, path) in files {
        let actual = sha256_file(path)?;
        let expected = report
            .get("provenance")
            .and_then(|p| p.get("files"))
            .and_then(|f| f.get(*role))
            .and_then(|f| f.get("sha256"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        checks.push(FileCheck {
            role: (*role).to_owned(),
            path: path.display().to_string(),
            matches: expected.as_deref() == Some(actual.as_str()),
            expected,
            actual,
        });
    }
    Ok(Verification {
        signature_valid,
        files: checks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_then_verify_and_detect_tampering() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("rai-sign-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("tmp", e))?;
        let (sk, pk) = generate_keypair()?;
        let skf = dir.join("k");
        let pkf = dir.join("k.pub");
        std::fs::write(&skf, format!("{sk}\n")).map_err(|e| Error::io("k", e))?;
        std::fs::write(&pkf, &pk).map_err(|e| Error::io("k.pub", e))?;
        let data = dir.join("d.csv");
        std::fs::write(&data, "a\n1\n").map_err(|e| Error::io("d", e))?;
        let mut report = serde_json::json!({"x": 1.5, "provenance": {"files": {"data": {"sha256": sha256_file(&data)?}}}});
        sign_report(&mut report, &skf)?;
        let v = verify_report(&report, &pkf, &[("data", &data)])?;
        assert!(v.ok(), "{v:?}");
        let mut tampered = report.clone();
        tampered["x"] = serde_json::json!(1.6);
        assert!(!verify_report(&tampered, &pkf, &[])?.signature_valid);
        std::fs::write(&data, "a\n2\n").map_err(|e| Error::io("d", e))?;
        assert!(!verify_report(&report, &pkf, &[("data", &data)])?.ok());
        std::fs::write(&skf, "nothex").map_err(|e| Error::io("k", e))?;
        assert!(sign_report(&mut report, &skf).is_err());
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
