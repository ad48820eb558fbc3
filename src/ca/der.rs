//! A tiny DER writer and reader: just enough for the CRL streamer, PKCS#1 /
//! SEC1 → PKCS#8 wrapping and a few extensions rcgen does not write.

use chrono::{DateTime, Datelike, Utc};

pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const OID: u8 = 0x06;
pub(crate) const UTC_TIME: u8 = 0x17;
pub(crate) const GENERALIZED_TIME: u8 = 0x18;
pub(crate) const SEQUENCE: u8 = 0x30;

/// Appends a DER length.
pub(crate) fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// Appends tag, length and content.
pub(crate) fn push_tlv(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    push_len(out, content.len());
    out.extend_from_slice(content);
}

/// Tag, length and content as a new vector.
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    push_tlv(&mut out, tag, content);
    out
}

/// A SEQUENCE of already-encoded parts.
pub(crate) fn seq(parts: &[&[u8]]) -> Vec<u8> {
    let len = parts.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(len + 6);
    out.push(SEQUENCE);
    push_len(&mut out, len);
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// Appends a non-negative INTEGER from big-endian magnitude bytes.
pub(crate) fn push_uint(out: &mut Vec<u8>, magnitude: &[u8]) {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    let m = &magnitude[skip..];
    out.push(INTEGER);
    if m.is_empty() {
        out.extend_from_slice(&[1, 0]);
    } else if m[0] & 0x80 != 0 {
        push_len(out, m.len() + 1);
        out.push(0);
        out.extend_from_slice(m);
    } else {
        push_len(out, m.len());
        out.extend_from_slice(m);
    }
}

pub(crate) fn uint(magnitude: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(magnitude.len() + 3);
    push_uint(&mut out, magnitude);
    out
}

/// An OBJECT IDENTIFIER from its arcs.
pub(crate) fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut push_arc = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        tmp.reverse();
        body.extend_from_slice(&tmp);
    };
    push_arc(arcs[0] * 40 + arcs[1]);
    for a in &arcs[2..] {
        push_arc(*a);
    }
    tlv(OID, &body)
}

/// Appends a Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5).
pub(crate) fn push_time(out: &mut Vec<u8>, t: &DateTime<Utc>) {
    if (1950..2050).contains(&t.year()) {
        let s = t.format("%y%m%d%H%M%SZ").to_string();
        push_tlv(out, UTC_TIME, s.as_bytes());
    } else {
        push_generalized_time(out, t);
    }
}

/// Appends a GeneralizedTime (seconds precision, Zulu).
pub(crate) fn push_generalized_time(out: &mut Vec<u8>, t: &DateTime<Utc>) {
    let s = t.format("%Y%m%d%H%M%SZ").to_string();
    push_tlv(out, GENERALIZED_TIME, s.as_bytes());
}

/// One parsed TLV: its tag, content and the whole encoding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub raw: &'a [u8],
}

/// Reads one TLV (definite length, single-byte tag) and returns it with the rest.
pub(crate) fn read_tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let tag = *input.first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let first = *input.get(1)? as usize;
    let (len, hdr) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let bytes = input.get(2..2 + n)?;
        let len = bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (len, 2 + n)
    };
    let end = hdr.checked_add(len)?;
    let content = input.get(hdr..end)?;
    Some((
        Tlv {
            tag,
            content,
            raw: &input[..end],
        },
        &input[end..],
    ))
}

/// Reads all TLVs inside a constructed value; `None` if any is malformed.
pub(crate) fn read_all(mut input: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let (t, rest) = read_tlv(input)?;
        out.push(t);
        input = rest;
    }
    Some(out)
}

/// Parses the whole input as exactly one SEQUENCE and returns its elements.
pub(crate) fn read_sequence(input: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let (t, rest) = read_tlv(input)?;
    if t.tag != SEQUENCE || !rest.is_empty() {
        return None;
    }
    read_all(t.content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_integers_encode_canonically() {
        assert_eq!(tlv(OCTET_STRING, &[1, 2]), vec![4, 2, 1, 2]);
        let long = tlv(OCTET_STRING, &[0; 300]);
        assert_eq!(&long[..4], &[4, 0x82, 1, 44]);
        assert_eq!(uint(&[0, 0, 5]), vec![2, 1, 5]);
        assert_eq!(uint(&[0x80]), vec![2, 2, 0, 0x80]);
        assert_eq!(uint(&[]), vec![2, 1, 0]);
        // 1.2.840.113549.1.1.1 (rsaEncryption)
        assert_eq!(
            oid(&[1, 2, 840, 113549, 1, 1, 1]),
            vec![6, 9, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 1]
        );
    }

    #[test]
    fn reader_roundtrips_and_refuses_truncation() {
        let s = seq(&[&uint(&[7]), &tlv(NULL, &[])]);
        let parts = read_sequence(&s).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].content, &[7]);
        assert!(read_sequence(&s[..s.len() - 1]).is_none());
        assert!(read_tlv(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_none());
    }
}
