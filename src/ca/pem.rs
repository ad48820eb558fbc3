//! PEM (RFC 7468) encoding and a lenient reader that reports each block's
//! label, headers and decoded contents.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Encodes DER as PEM with the given label (`CERTIFICATE`, `X509 CRL`, ...),
/// 64-character lines, LF line endings.
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 2 * label.len() + 40);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

/// One PEM block.
#[derive(Debug)]
pub(crate) struct PemBlock {
    pub label: String,
    /// RFC 1421 headers such as `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL encryption).
    pub headers: Vec<String>,
    pub contents: Vec<u8>,
}

/// True when the bytes start (after whitespace) like PEM text.
pub(crate) fn looks_like_pem(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes[start..].starts_with(b"-----BEGIN ")
}

/// Parses every PEM block. `Err` carries a one-line problem (truncated block,
/// bad base64, mismatched END line).
pub(crate) fn parse_pem(bytes: &[u8]) -> Result<Vec<PemBlock>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "PEM text is not valid UTF-8".to_string())?;
    let mut blocks = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut headers = Vec::new();
        let mut b64 = String::new();
        let mut closed = false;
        for l in lines.by_ref() {
            if l == end {
                closed = true;
                break;
            }
            if l.starts_with("-----") {
                return Err(format!("PEM block {label:?} ends with {l:?} instead of {end:?}"));
            }
            if l.contains(':') {
                headers.push(l.to_string());
            } else {
                b64.push_str(l);
            }
        }
        if !closed {
            return Err(format!("PEM block {label:?} is truncated (no {end:?} line)"));
        }
        let contents = STANDARD
            .decode(b64.as_bytes())
            .map_err(|_| format!("PEM block {label:?} holds invalid base64 (the file is damaged)"))?;
        blocks.push(PemBlock {
            label: label.to_string(),
            headers,
            contents,
        });
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_roundtrips_and_detects_truncation() {
        let der: Vec<u8> = (0..200u8).collect();
        let pem = pem_encode("CERTIFICATE", &der);
        assert!(pem.lines().all(|l| l.len() <= 64));
        let blocks = parse_pem(pem.as_bytes()).unwrap();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].label, "CERTIFICATE");
        assert_eq!(blocks[0].contents, der);
        let cut = &pem[..pem.len() / 2];
        assert!(parse_pem(cut.as_bytes()).unwrap_err().contains("truncated"));
        assert!(looks_like_pem(b"\n  -----BEGIN X-----"));
    }
}
