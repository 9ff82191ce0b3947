//! HMAC-SHA-256 against RFC 4231, key validation, masking and column actions.

use super::*;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn rfc4231_vectors() {
    let cases: [(Vec<u8>, Vec<u8>, &str); 6] = [
        (
            vec![0x0b; 20],
            b"Hi There".to_vec(),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (
            b"Jefe".to_vec(),
            b"what do ya want for nothing?".to_vec(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            vec![0xaa; 20],
            vec![0xdd; 50],
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        ),
        (
            (1u8..=25).collect(),
            vec![0xcd; 50],
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
        (
            vec![0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        (
            vec![0xaa; 131],
            b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ];
    for (key, msg, want) in cases {
        assert_eq!(hmac_sha256(&key, &msg).to_vec(), unhex(want));
    }
    // test case 5 truncates to 128 bits
    let t = hmac_sha256(&[0x0c; 20], b"Test With Truncation");
    assert_eq!(t[..16].to_vec(), unhex("a3b6167473100ee06e0c796c2955552b"));
}

#[test]
fn pseudonym_is_hex_hmac_and_key_is_checked() -> Result<()> {
    let key = PseudonymKey::new(vec![0x0b; 20])?;
    assert_eq!(
        key.pseudonym("Hi There"),
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    );
    assert_ne!(key.pseudonym("a"), key.pseudonym("b"));
    let other = PseudonymKey::new(vec![0x0c; 20])?;
    assert_ne!(key.pseudonym("a"), other.pseudonym("a"));
    for bad in [Vec::new(), vec![1u8; 15]] {
        let e = PseudonymKey::new(bad).map(|_| ());
        assert!(
            matches!(e, Err(Error::InvalidParameter { ref expected, .. }) if expected.contains("16 bytes"))
        );
    }
    assert!(!format!("{key:?}").contains("11"));
    Ok(())
}

#[test]
fn masking() {
    assert_eq!(mask("123456789", 2, 3, '*'), "12****789");
    assert_eq!(mask("abc", 2, 2, '*'), "***");
    assert_eq!(mask("", 1, 1, '*'), "");
    assert_eq!(mask("äöüßx", 1, 0, '#'), "ä####");
    assert_eq!(mask("abcd", 0, 0, '*'), "****");
}

#[test]
fn column_actions() -> Result<()> {
    let t = StringTable::from_csv_bytes(b"name,age\nalice,30\n,40\n", "t", None)?;
    let removed = apply(&t, "name", &IdentifierAction::Remove)?;
    assert_eq!(removed.header(), ["age"]);
    assert_eq!(removed.column("age")?, t.column("age")?);
    let key = PseudonymKey::new(b"sixteen byte key".to_vec())?;
    let p = apply(&t, "name", &IdentifierAction::Pseudonymise(key.clone()))?;
    assert_eq!(p.column("name")?[0], key.pseudonym("alice"));
    assert_eq!(p.column("name")?[1], "");
    let m = apply(
        &t,
        "name",
        &IdentifierAction::Mask {
            keep_first: 1,
            keep_last: 1,
        },
    )?;
    assert_eq!(m.column("name")?, ["a***e", ""]);
    assert!(apply(&t, "nope", &IdentifierAction::Remove).is_err());
    Ok(())
}
