//! Fixtures the benches share: applicants, cases written straight into a
//! store in a given state, a CSR's key, and stored revocations.
#![allow(dead_code)]

use chrono::{Duration, TimeZone, Utc};
use ratu::ca::{RevocationReason, Serial};
use ratu::domain::case::Tick;
use ratu::domain::{Case, CaseKind, CaseState, CheckItem, NewCase, Sla, SubscriberForm};
use ratu::ra::Ra;
use ratu::store::{Batch, SubscriberKey, insert_case, insert_crl_entry, put_subkey};
use std::io::Write;
use std::path::Path;

pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

/// The agency of every bench applicant (on the list, the verifiers').
pub const AGENCY: &str = "Dinas Komunikasi dan Informatika Kota Bandung";

/// Applicant `i`: a valid NIK and e-mail of their own.
pub fn applicant(i: usize) -> ratu::domain::Subscriber {
    SubscriberForm {
        name: format!("Pemohon Uji {i}"),
        nik: format!(
            "3273{:02}1203{:02}{:04}",
            (i / 999_900) % 99 + 1,
            (i / 9999) % 100,
            i % 9999 + 1
        ),
        email: format!("pemohon{i}@bandung.go.id"),
        agency: AGENCY.into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

/// `n` issuance cases from applicant `from`, verified by ver1, each with a
/// CSR's key, written in `state` (numbers `from + 1`…).
pub async fn cases_in(ra: &Ra, from: usize, n: usize, spki: &[u8], state: CaseState) -> Vec<u64> {
    let mut b = Batch::new();
    let mut ids = Vec::with_capacity(n);
    for i in from..from + n {
        let new = NewCase {
            kind: CaseKind::Issuance,
            subscriber: applicant(i),
            revocation_reason: None,
            cert_serial: None,
            note: None,
        };
        let mut c = Case::open(i as u64 + 1, new, "ver1", now(), Sla::default());
        c.state = state;
        c.verified_by = Some("ver1".into());
        // Checked and accepted, as the verifier leaves a case for review.
        c.checklist = [
            CheckItem::KtpMatches,
            CheckItem::RecommendationValid,
            CheckItem::EmailActive,
            CheckItem::IdentityCheck,
            CheckItem::AgreementAccepted,
        ]
        .into_iter()
        .map(|item| Tick {
            item,
            by: "ver1".into(),
            at: now(),
        })
        .collect();
        insert_case(&mut b, &c);
        let key = SubscriberKey {
            source: "csr".into(),
            spki: spki.to_vec(),
            enc_key: None,
            alg: "p256".into(),
        };
        put_subkey(&mut b, c.id, &key, now());
        ids.push(c.id);
    }
    b.commit(ra.store()).await.unwrap();
    ids
}

/// The public key of a fresh P-256 CSR.
pub fn csr_spki() -> Vec<u8> {
    let key = rcgen::KeyPair::generate().unwrap();
    let csr = rcgen::CertificateParams::default().serialize_request(&key).unwrap();
    ratu::ca::parse_csr("bench.csr", csr.der()).unwrap().public_key.spki_der
}

/// Revocations per transaction: small enough for one WebSocket message to
/// a shared server (5000 reset the connection).
const REVOCATION_BATCH: usize = 1000;

/// Writes `n` revocations into the store, and the same into an openssl
/// `index.txt` when one is named.
pub async fn revocations(ra: &Ra, n: usize, index: Option<&Path>) {
    let mut idx = index.map(|p| std::io::BufWriter::new(std::fs::File::create(p).unwrap()));
    let at = now() - Duration::days(10);
    let reasons = [
        RevocationReason::KeyCompromise,
        RevocationReason::AffiliationChanged,
        RevocationReason::Superseded,
        RevocationReason::CessationOfOperation,
    ];
    let mut i = 0;
    while i < n {
        let mut b = Batch::new();
        for j in i..(i + REVOCATION_BATCH).min(n) {
            let s = Serial::random();
            let serial = s.to_string();
            let reason = reasons[j % 4];
            let entry = ratu::ca::encode_revoked(&ratu::ca::RevokedEntry {
                serial: s,
                revoked_at: at,
                reason,
                invalidity: None,
            });
            insert_crl_entry(&mut b, &serial, at, reason, None, &entry);
            if let Some(idx) = idx.as_mut() {
                writeln!(
                    idx,
                    "R\t281231000000Z\t{},{}\t{}\tunknown\t/CN=Pemohon {j}",
                    at.format("%y%m%d%H%M%SZ"),
                    reason.as_str(),
                    serial.to_uppercase()
                )
                .unwrap();
            }
        }
        b.commit(ra.store()).await.unwrap();
        i += REVOCATION_BATCH;
    }
}

/// p-th percentile (0–100) of `v`, sorted here.
pub fn pct(v: &mut [std::time::Duration], p: f64) -> std::time::Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p / 100.0).round() as usize;
    v[i.min(v.len() - 1)]
}

pub fn ms(d: std::time::Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
