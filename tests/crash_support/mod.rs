//! What the crash tests share: the CLI on the embedded store, and the
//! invariants checked after every kill (the audit trail verifies, no
//! serial twice, every certificate announced by e-mail or listed on a CRL
//! is known to the store, CRL numbers never go back).

#![allow(dead_code)]

use crate::{common, serve_support};
use serde_json::Value;
use serve_support::openssl;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The PIN of every operator here.
pub const PIN: &str = serve_support::PIN;

/// How long `cmd` takes, run whole (it must succeed): its output and time.
pub fn timed(mut cmd: Command) -> (String, Duration) {
    let t0 = Instant::now();
    let out = cmd.output().expect("ratu runs");
    (ok(&out), t0.elapsed())
}

pub fn ok(o: &Output) -> String {
    serve_support::ok(o)
}

// ---------------------------------------------------------------------------
// Invariants over what is on disk and in the store.

/// The published CRLs seen so far: their numbers must never go back, and
/// a number is never reused for other bytes.
#[derive(Default)]
pub struct CrlWatch {
    seen: BTreeMap<(String, u64), Vec<u8>>,
    last: BTreeMap<String, u64>,
}

impl CrlWatch {
    /// Checks every CRL in `publish`: each parses whole (openssl), its
    /// number is not below the last one seen, and the same number means the
    /// same bytes. Returns the issuing CRL's revoked serials.
    pub fn check(&mut self, publish: &Path) -> BTreeSet<String> {
        let mut revoked = BTreeSet::new();
        for name in ["issuing-ca", "root-ca"] {
            let der = publish.join(format!("{name}.crl"));
            if !der.exists() {
                continue;
            }
            let text = openssl(&["crl", "-inform", "DER", "-noout", "-text", "-in"], &der);
            let pem = publish.join(format!("{name}.crl.pem"));
            if pem.exists() {
                openssl(&["crl", "-noout", "-in"], &pem);
            }
            let number = crl_number(&text);
            let bytes = std::fs::read(&der).unwrap();
            if let Some(last) = self.last.get(name) {
                assert!(number >= *last, "{name}: the CRL number went back: {last} → {number}");
            }
            self.last.insert(name.to_string(), number);
            let before = self.seen.entry((name.to_string(), number)).or_insert(bytes.clone());
            assert!(*before == bytes, "{name}: CRL number {number} reused for another CRL");
            if name == "issuing-ca" {
                revoked = crl_serials(&text);
            }
        }
        revoked
    }
}

pub fn crl_number(text: &str) -> u64 {
    let at = text.find("X509v3 CRL Number:").expect("a CRL number");
    let line = text[at..].lines().nth(1).unwrap().trim();
    let hex = line.trim_start_matches("0x");
    u64::from_str_radix(hex, 16)
        .or_else(|_| line.parse())
        .expect("a CRL number")
}

/// The serials a CRL's text lists, as lower-case hex without colons.
pub fn crl_serials(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("Serial Number:"))
        .map(|s| norm_serial(s.trim()))
        .collect()
}

pub fn norm_serial(s: &str) -> String {
    s.replace(':', "")
        .to_ascii_lowercase()
        .trim_start_matches('0')
        .to_string()
}

/// Serials the "issued" e-mails in `outbox` announced.
pub fn announced_serials(outbox: &Path) -> BTreeSet<String> {
    let Ok(dir) = std::fs::read_dir(outbox) else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    for e in dir {
        let p = e.unwrap().path();
        if !p.to_string_lossy().contains("-issued-") {
            continue;
        }
        // Quoted-printable: soft line breaks joined.
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("=\r\n", "")
            .replace("=\n", "");
        let at = text
            .find("nomor seri ")
            .unwrap_or_else(|| panic!("{}: no serial", p.display()));
        let serial: String = text[at + 11..].chars().take_while(char::is_ascii_hexdigit).collect();
        assert!(!serial.is_empty(), "{}: no serial", p.display());
        out.insert(norm_serial(&serial));
    }
    out
}

/// `cert list --json` rows as (serial, state); no serial twice.
pub fn cert_rows(json: &str) -> Vec<(String, String)> {
    let rows: Vec<Value> = serde_json::from_str(json).expect("cert list JSON");
    let certs: Vec<(String, String)> = rows
        .iter()
        .map(|c| {
            (
                norm_serial(c["serial"].as_str().unwrap_or_default()),
                c["state"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let distinct: BTreeSet<&String> = certs.iter().map(|(s, _)| s).collect();
    assert_eq!(distinct.len(), certs.len(), "a serial twice: {certs:?}");
    certs
}

/// The store knows every certificate announced by e-mail or on the CRL.
pub fn all_known(certs: &[(String, String)], announced: &BTreeSet<String>, on_crl: &BTreeSet<String>) {
    let known: BTreeSet<&String> = certs.iter().map(|(s, _)| s).collect();
    for s in announced {
        assert!(
            known.contains(s),
            "certificate {s} was e-mailed but the store does not know it"
        );
    }
    for s in on_crl {
        assert!(
            known.contains(s),
            "certificate {s} is on the CRL but the store does not know it"
        );
        let st = certs.iter().find(|(c, _)| c == s).map(|(_, st)| st.as_str());
        assert_eq!(st, Some("revoked"), "{s} is on the CRL");
    }
}

pub fn audit_intact(out: &str) -> u64 {
    assert!(out.contains("audit trail intact"), "{out}");
    let at = out.find("intact: ").unwrap() + 8;
    out[at..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("an event count: {out}"))
}

// ---------------------------------------------------------------------------
// The CLI on the embedded store.

/// `ratu --data DIR` on the embedded store (no `--db`), signed in as `op`.
pub fn local(data: &Path, op: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ratu"));
    c.args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(["--operator", op])
        .env("RATU_PIN", PIN)
        .env_remove("RATU_DB")
        .env_remove("RATU_DATA")
        .env_remove("RATU_CA_PASSPHRASE");
    c
}

pub fn local_ok(data: &Path, op: &str, args: &[&str]) -> String {
    ok(&local(data, op).args(args).output().expect("ratu runs"))
}

pub fn local_json(data: &Path, op: &str, args: &[&str]) -> Value {
    serde_json::from_str(&local_ok(data, op, args)).expect("JSON")
}

/// Opens a store with `n` issuance cases in RA review (the applicants set
/// their passphrases through their links) and the staff: admin, ver1,
/// ver2, ra1, ra2, aud. Returns the cases.
pub async fn cases_in_ra_review(data: &Path, n: u32) -> Vec<u64> {
    cases_for_crashing(data, n, 0).await.0
}

/// [`cases_in_ra_review`], and `drafts` issuance cases just opened by
/// ver1; the store closed cleanly after. Returns both lists.
pub async fn cases_for_crashing(data: &Path, n: u32, drafts: u32) -> (Vec<u64>, Vec<u64>) {
    use ratu::domain::CaseKind;
    use ratu::ra::{Clock, Ra, RaConfig};
    use ratu::store::{DbTarget, Store};
    let store = Store::open(&DbTarget::Embedded(data.join("db")))
        .await
        .expect("store opens");
    let mut cfg = RaConfig::default();
    cfg.ca.subscriber_alg = ratu::ca::KeyAlg::EcdsaP256;
    let ra = Ra::new(store.clone(), cfg, Clock::System);
    let s = common::staff_with_pin(&ra, PIN).await;
    let open = async |serial: u32| {
        let new = common::new_case(CaseKind::Issuance, serial);
        ra.new_case(&s.ver1, new, &common::docs(CaseKind::Issuance))
            .await
            .unwrap()
            .id
    };
    let mut ids = Vec::new();
    for i in 0..n {
        let id = open(100 + i).await;
        common::to_ra_review(&ra, &s, id).await;
        common::applicant_sets_passphrase(&ra, &s.admin, id).await;
        ids.push(id);
    }
    let mut opened = Vec::new();
    for i in 0..drafts {
        opened.push(open(200 + i).await);
    }
    drop(ra);
    assert!(store.close(Duration::from_secs(10)).await, "the store closes");
    (ids, opened)
}

/// The embedded store after a kill: it opens, the audit trail verifies, no
/// serial twice, every announced certificate known, the CRLs whole and
/// in order. Returns the certificates and the audit event count.
pub fn local_invariants(data: &Path, crls: &mut CrlWatch) -> (Vec<(String, String)>, u64) {
    let events = audit_intact(&local_ok(data, "aud", &["audit", "verify"]));
    let certs = cert_rows(&local_ok(data, "aud", &["cert", "list", "--limit", "10000", "--json"]));
    let on_crl = crls.check(&data.join("publish"));
    all_known(&certs, &announced_serials(&data.join("outbox")), &on_crl);
    (certs, events)
}

/// Case `id` as `case show --json` shows it.
pub fn local_case(data: &Path, id: u64) -> Value {
    local_json(data, "aud", &["case", "show", &id.to_string(), "--json"])
}
