//! Certificate serial numbers: 16 random bytes (127 bits of entropy), encoded
//! positive and always exactly 16 bytes long (RFC 5280 §4.1.2.2; CA/B Forum
//! asks for at least 64 random bits).

use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// A positive 16-byte serial number. The first byte is in `0x01..=0x7f`, so
/// the DER INTEGER is positive and needs no leading zero byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Serial([u8; 16]);

impl Serial {
    /// A fresh random serial from the operating system's CSPRNG.
    pub fn random() -> Self {
        let mut b = [0u8; 16];
        loop {
            rand::rngs::OsRng.fill_bytes(&mut b);
            b[0] &= 0x7f;
            if b[0] != 0 {
                return Self(b);
            }
        }
    }

    /// Wraps 16 bytes, refusing ones that would not encode as a positive
    /// 16-byte INTEGER (first byte 0 or with its top bit set).
    pub fn from_bytes(b: [u8; 16]) -> Result<Self, String> {
        if b[0] == 0 || b[0] & 0x80 != 0 {
            return Err(format!(
                "serial {} is not a positive 16-byte number: its first byte must be 01..7f",
                hex::encode(b)
            ));
        }
        Ok(Self(b))
    }

    /// The big-endian bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Display for Serial {
    /// Lowercase hex, no separators (32 characters).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl FromStr for Serial {
    type Err = String;
    /// Accepts hex with or without colons or spaces, any case.
    fn from_str(s: &str) -> Result<Self, String> {
        let clean: String = s.chars().filter(|c| !matches!(c, ':' | ' ')).collect();
        let bytes = hex::decode(&clean).map_err(|_| format!("serial {s:?} is not hexadecimal"))?;
        let arr: [u8; 16] = bytes.try_into().map_err(|v: Vec<u8>| {
            format!(
                "serial {s:?} has {} bytes; ratu serials have 16 (32 hex digits)",
                v.len()
            )
        })?;
        Self::from_bytes(arr)
    }
}

impl TryFrom<String> for Serial {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<Serial> for String {
    fn from(s: Serial) -> String {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn random_serials_are_positive_sixteen_bytes_and_unique() {
        let mut seen = HashSet::new();
        for _ in 0..20_000 {
            let s = Serial::random();
            let b = s.as_bytes();
            assert!(b[0] != 0 && b[0] < 0x80, "{s}");
            assert_eq!(s.to_string().len(), 32);
            assert!(seen.insert(s), "duplicate serial {s}");
        }
    }

    #[test]
    fn serial_parses_with_colons_and_uppercase() {
        let s = Serial::random();
        let upper_colons = s
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":");
        assert_eq!(upper_colons.parse::<Serial>().unwrap(), s);
        assert_eq!(s.to_string().parse::<Serial>().unwrap(), s);
        assert!("00".repeat(16).parse::<Serial>().unwrap_err().contains("positive"));
        assert!("ff".repeat(16).parse::<Serial>().is_err());
        assert!("zz".parse::<Serial>().unwrap_err().contains("hexadecimal"));
        assert!("0102".parse::<Serial>().unwrap_err().contains("2 bytes"));
    }
}
