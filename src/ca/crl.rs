//! CRLs, written as DER directly (streaming into one buffer) and signed with
//! the issuer's key. rcgen's builder wants an owned parameter struct per
//! entry; this writer needs only the output buffer, so a million entries
//! take tens of megabytes and well under a second.

use super::der::{self, push_generalized_time, push_len, push_time, push_tlv, push_uint};
use super::issue::Issuer;
use super::serial::Serial;
use super::{CaError, Result};
use crate::domain::RevocationReason;
use chrono::{DateTime, Utc};

/// One revoked certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevokedEntry {
    pub serial: Serial,
    /// When the CA processed the revocation (revocationDate).
    pub revoked_at: DateTime<Utc>,
    /// Written as a reasonCode entry extension, except `Unspecified`, which
    /// RFC 5280 §5.3.1 says to omit.
    pub reason: RevocationReason,
    /// When the key was (or may have been) compromised (invalidityDate).
    pub invalidity: Option<DateTime<Utc>>,
}

/// reasonCode entry extension: SEQUENCE { OID 2.5.29.21, OCTET STRING { ENUMERATED code } }.
fn reason_ext(code: u8) -> [u8; 12] {
    [0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, code]
}
// invalidityDate OID 2.5.29.24
const INVALIDITY_OID: [u8; 5] = [0x06, 0x03, 0x55, 0x1d, 0x18];

fn push_entry(out: &mut Vec<u8>, e: &RevokedEntry, scratch: &mut Vec<u8>) {
    scratch.clear();
    push_uint(scratch, e.serial.as_bytes());
    push_time(scratch, &e.revoked_at);
    let reason = (e.reason != RevocationReason::Unspecified).then(|| e.reason.code());
    if reason.is_some() || e.invalidity.is_some() {
        let mut exts = Vec::with_capacity(40);
        if let Some(code) = reason {
            exts.extend_from_slice(&reason_ext(code));
        }
        if let Some(t) = &e.invalidity {
            let mut gt = Vec::with_capacity(17);
            push_generalized_time(&mut gt, t);
            let mut octets = Vec::with_capacity(19);
            push_tlv(&mut octets, der::OCTET_STRING, &gt);
            exts.extend_from_slice(&der::seq(&[&INVALIDITY_OID, &octets]));
        }
        push_tlv(scratch, der::SEQUENCE, &exts);
    }
    push_tlv(out, der::SEQUENCE, scratch);
}

/// Signs a CRL (v2) and returns it as DER: issuer = the CA's subject,
/// thisUpdate / nextUpdate, one entry per revoked certificate (reasonCode
/// unless unspecified, invalidityDate when given), and the CRL extensions
/// authorityKeyIdentifier (= the CA's SKI) and cRLNumber. Keeping
/// `crl_number` strictly increasing is the caller's duty (it is stored).
pub fn sign_crl(
    issuer: &Issuer,
    crl_number: u64,
    this_update: DateTime<Utc>,
    next_update: DateTime<Utc>,
    entries: &[RevokedEntry],
) -> Result<Vec<u8>> {
    let mut revoked = Vec::with_capacity(entries.len() * 48);
    let mut scratch = Vec::with_capacity(96);
    for e in entries {
        push_entry(&mut revoked, e, &mut scratch);
    }
    sign_crl_encoded(issuer, crl_number, this_update, next_update, &revoked)
}

/// The DER of one revokedCertificates entry, as [`sign_crl_encoded`] takes
/// them (concatenated): the store keeps them ready, so publishing a long
/// CRL reads bytes, not a million rows.
pub fn encode_revoked(e: &RevokedEntry) -> Vec<u8> {
    let mut out = Vec::with_capacity(96);
    push_entry(&mut out, e, &mut Vec::with_capacity(96));
    out
}

/// [`sign_crl`] over entries already encoded with [`encode_revoked`] and
/// concatenated, in any order.
pub fn sign_crl_encoded(
    issuer: &Issuer,
    crl_number: u64,
    this_update: DateTime<Utc>,
    next_update: DateTime<Utc>,
    revoked: &[u8],
) -> Result<Vec<u8>> {
    if next_update <= this_update {
        return Err(CaError::invalid(
            "CRL nextUpdate",
            format!("{next_update} is not after thisUpdate {this_update}; give a later next update"),
        ));
    }
    // One buffer, no second copy of the (possibly 50 MB) list. Layout while
    // building: [outer header slot][TBS header slot][prefix][list header slot]
    // [entries][extensions]; headers are filled in once lengths are known and
    // the gaps closed by moving only the small prefix.
    const SLOT: usize = 6; // tag + 0x84 + four length bytes
    let estimate: usize = revoked.len() + 3 * SLOT + issuer.subject_raw().len() + 1200;
    let mut buf = Vec::with_capacity(estimate);
    buf.resize(2 * SLOT, 0);
    let prefix_start = buf.len();
    push_uint(&mut buf, &[1]); // version v2
    buf.extend_from_slice(issuer.sig_alg_der());
    buf.extend_from_slice(issuer.subject_raw());
    push_time(&mut buf, &this_update);
    push_time(&mut buf, &next_update);
    let prefix_end = buf.len();

    let mut gap = 0;
    if !revoked.is_empty() {
        buf.resize(prefix_end + SLOT, 0);
        let entries_start = buf.len();
        buf.extend_from_slice(revoked);
        let list_len = buf.len() - entries_start;
        if list_len > u32::MAX as usize {
            return Err(CaError::invalid("CRL", "more than 4 GiB of entries; split the CRL"));
        }
        let hdr = header(der::SEQUENCE, list_len);
        buf[entries_start - hdr.len()..entries_start].copy_from_slice(&hdr);
        gap = SLOT - hdr.len();
        buf.copy_within(prefix_start..prefix_end, prefix_start + gap);
    }

    // crlExtensions [0] EXPLICIT SEQUENCE { AKI, cRLNumber }
    let aki_value = der::seq(&[&der::tlv(0x80, issuer.ski())]);
    let aki = der::seq(&[&der::oid(&[2, 5, 29, 35]), &der::tlv(der::OCTET_STRING, &aki_value)]);
    let number = der::seq(&[
        &der::oid(&[2, 5, 29, 20]),
        &der::tlv(der::OCTET_STRING, &der::uint(&crl_number.to_be_bytes())),
    ]);
    buf.extend_from_slice(&der::tlv(0xa0, &der::seq(&[&aki, &number])));

    let tbs_start = prefix_start + gap;
    let hdr = header(der::SEQUENCE, buf.len() - tbs_start);
    let tbs_hdr_start = tbs_start - hdr.len();
    buf[tbs_hdr_start..tbs_start].copy_from_slice(&hdr);

    let sig = issuer.sign(&buf[tbs_hdr_start..])?;
    buf.extend_from_slice(issuer.sig_alg_der());
    buf.push(der::BIT_STRING);
    push_len(&mut buf, sig.len() + 1);
    buf.push(0);
    buf.extend_from_slice(&sig);

    let hdr = header(der::SEQUENCE, buf.len() - tbs_hdr_start);
    let out_start = tbs_hdr_start - hdr.len();
    buf[out_start..tbs_hdr_start].copy_from_slice(&hdr);
    buf.drain(..out_start);
    Ok(buf)
}

fn header(tag: u8, len: usize) -> Vec<u8> {
    let mut h = vec![tag];
    push_len(&mut h, len);
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ca::{HierarchySpec, KeyAlg, create_hierarchy};
    use chrono::{Duration, TimeZone};
    use x509_parser::prelude::FromDer;
    use x509_parser::revocation_list::CertificateRevocationList;

    fn issuer(alg: KeyAlg) -> Issuer {
        let h = create_hierarchy(
            &HierarchySpec {
                alg,
                ..HierarchySpec::default()
            },
            Utc::now(),
        )
        .unwrap();
        Issuer::from_ca(&h.issuing).unwrap()
    }

    #[test]
    fn crl_entries_roundtrip_through_x509_parser() {
        let issuer = issuer(KeyAlg::EcdsaP256);
        let t = Utc.with_ymd_and_hms(2026, 5, 1, 12, 0, 0).unwrap();
        let entries: Vec<_> = RevocationReason::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| RevokedEntry {
                serial: Serial::random(),
                revoked_at: t + Duration::seconds(i as i64),
                reason: *r,
                invalidity: (i % 2 == 0).then(|| t - Duration::days(1)),
            })
            .collect();
        let der = sign_crl(&issuer, u64::MAX, t, t + Duration::days(7), &entries).unwrap();
        let (rest, crl) = CertificateRevocationList::from_der(&der).unwrap();
        assert!(rest.is_empty());
        let (_, ca) = x509_parser::parse_x509_certificate(issuer.cert_der()).unwrap();
        crl.verify_signature(ca.public_key()).unwrap();
        assert_eq!(crl.issuer().as_raw(), ca.subject().as_raw());
        assert_eq!(crl.crl_number().unwrap().to_string(), u64::MAX.to_string());
        let revoked: Vec<_> = crl.iter_revoked_certificates().collect();
        assert_eq!(revoked.len(), entries.len());
        for (e, r) in entries.iter().zip(&revoked) {
            assert_eq!(r.raw_serial(), e.serial.as_bytes());
            assert_eq!(r.revocation_date.timestamp(), e.revoked_at.timestamp());
            match r.reason_code() {
                None => assert_eq!(e.reason, RevocationReason::Unspecified),
                Some((_, code)) => assert_eq!(code.0, e.reason.code()),
            }
            assert_eq!(
                r.invalidity_date().map(|(_, d)| d.timestamp()),
                e.invalidity.map(|d| d.timestamp())
            );
        }
    }

    #[test]
    fn empty_crl_omits_the_revoked_list_and_bad_dates_are_refused() {
        let issuer = issuer(KeyAlg::Ed25519);
        let t = Utc::now();
        let der = sign_crl(&issuer, 1, t, t + Duration::hours(1), &[]).unwrap();
        let (_, crl) = CertificateRevocationList::from_der(&der).unwrap();
        assert_eq!(crl.iter_revoked_certificates().count(), 0);
        let err = sign_crl(&issuer, 2, t, t, &[]).unwrap_err();
        assert!(err.to_string().contains("nextUpdate"), "{err}");
    }

    /// Peak resident memory (VmHWM) in MiB, after resetting it via clear_refs.
    fn reset_peak() -> bool {
        std::fs::write("/proc/self/clear_refs", "5").is_ok()
    }
    fn peak_mib() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? / 1024)
    }

    #[test]
    fn a_million_entries_fit_in_a_compact_crl_and_modest_memory() {
        let issuer = issuer(KeyAlg::EcdsaP256);
        let t = Utc::now();
        let entries: Vec<_> = (0..1_000_000)
            .map(|i| RevokedEntry {
                serial: Serial::random(),
                revoked_at: t,
                reason: if i % 3 == 0 {
                    RevocationReason::Unspecified
                } else {
                    RevocationReason::KeyCompromise
                },
                invalidity: (i % 10 == 0).then(|| t - Duration::days(1)),
            })
            .collect();
        let before = peak_mib();
        let measured = reset_peak();
        let der = sign_crl(&issuer, 9, t, t + Duration::days(1), &entries).unwrap();
        if let (true, Some(before), Some(after)) = (measured, before, peak_mib()) {
            // The input list itself is ~48 MiB of the process; signing adds the DER.
            eprintln!(
                "peak RSS before {before} MiB, during sign_crl {after} MiB, CRL {} MiB",
                der.len() >> 20
            );
            assert!(after < 400, "sign_crl of 1M entries peaked at {after} MiB");
        }
        // ~34 bytes per bare entry, ~48 with a reason code.
        assert!(der.len() < 50 * 1_000_000, "{} bytes", der.len());
        let (_, crl) = CertificateRevocationList::from_der(&der).unwrap();
        assert_eq!(crl.iter_revoked_certificates().count(), 1_000_000);
    }
}
