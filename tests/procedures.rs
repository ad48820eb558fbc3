//! The seeds' other procedures through `ra`, on a real SurrealDB with a
//! real CA, checked with openssl: the passphrase reset ("LOCK"), the
//! reactivation after a compromise, and the certificate hold while an
//! update or a reactivation is pending (certificateHold on the CRL,
//! `openssl verify -crl_check` refusing the held certificate and accepting
//! it again once released).

mod common;
mod pkilint;

use common::openssl::*;
use common::*;
use ratu::domain::{Action, CaseKind, CaseState, CertState, CertStatus, CheckItem, NewCase, RevocationReason};
use ratu::ra::{CertFormat, Ra};
use std::path::{Path, PathBuf};

/// `openssl crl -text` of the issuing CA's published CRL.
fn crl_text(dir: &Path) -> String {
    let (ok, text) = published_crl_text(dir);
    assert!(ok, "{text}");
    text
}

/// The CRL's entry for `serial` (its lines up to the next entry), if listed.
fn crl_entry(text: &str, serial: &str) -> Option<String> {
    let at = text.find(&format!("Serial Number: {}", serial.to_ascii_uppercase()))?;
    let rest = &text[at..];
    let end = rest[1..].find("Serial Number:").map_or(rest.len(), |e| e + 1);
    Some(rest[..end].to_string())
}

/// The certificate `serial` exported as PEM into `dir`, with the CA files.
async fn leaf(ra: &Ra, s: &Staff, dir: &Path, serial: &str) -> PathBuf {
    write_ca_files(dir, ra);
    let path = dir.join(format!("{serial}.pem"));
    if !path.exists() {
        ra.cert_export(&s.admin, serial, &path, CertFormat::Pem).await.unwrap();
    }
    path
}

/// `openssl verify -crl_check` with the published CRL, as of an hour after
/// the RA's fixed clock.
fn verify_with_crl(dir: &Path, leaf: &Path) -> (bool, String) {
    verify(dir, leaf, true)
}

async fn tick_all(ra: &Ra, op: &ratu::domain::Operator, id: u64, items: &[CheckItem]) {
    for item in items {
        ra.tick(op, id, *item, true, None).await.unwrap();
    }
}

fn about(kind: CaseKind, n: u32, serial: &str) -> NewCase {
    NewCase {
        cert_serial: Some(serial.to_string()),
        ..new_case(kind, n)
    }
}

async fn status(ra: &Ra, s: &Staff, serial: &str) -> CertStatus {
    ra.cert_show(&s.aud, serial).await.unwrap().status
}

/// What the OCSP responder says of `serial` now (a request without a nonce).
async fn ocsp(ra: &Ra, serial: &str) -> String {
    use der::Decode;
    let (issuing, _) = ra.ca_certs().unwrap();
    let req = ratu::ca::request_der(&issuing, &hex::decode(serial).unwrap(), None).unwrap();
    let r = x509_ocsp::OcspResponse::from_der(&ra.ocsp_response(&req).await).unwrap();
    let basic = x509_ocsp::BasicOcspResponse::from_der(r.response_bytes.unwrap().response.as_bytes()).unwrap();
    format!("{:?}", basic.tbs_response_data.responses[0].cert_status)
}

async fn notices(ra: &Ra, s: &Staff, id: u64) -> Vec<String> {
    ra.show(&s.aud, id)
        .await
        .unwrap()
        .mail
        .into_iter()
        .map(|m| m.notice)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_passphrase_reset_makes_a_new_key_and_certificate_and_supersedes_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let old = issued(&ra, &s, 1).await;
    let old_pem = leaf(&ra, &s, dir.path(), &old).await;

    // The verifier opens it with the statement and the KTP; the data are
    // the holder's record.
    let c = ra
        .new_case(&s.ver1, about(CaseKind::Reset, 1, &old), &docs(CaseKind::Reset))
        .await
        .unwrap();
    assert_eq!(c.state, CaseState::Submitted);
    assert_eq!(c.cert_serial.as_deref(), Some(old.as_str()));
    // A reset is no data change: other data on record is refused.
    let mut other = new_case(CaseKind::Reset, 1);
    other.subscriber.email = "lain@baliprov.go.id".into();
    let e = ra.new_case(&s.ver2, other, &docs(CaseKind::Reset)).await.unwrap_err();
    assert!(e.to_string().contains("email"), "{e}");
    // Forward waits on the checklist.
    let e = ra.act(&s.ver1, c.id, Action::Forward, None, None).await.unwrap_err();
    assert!(e.to_string().contains("forgotten_statement_valid"), "{e}");
    tick_all(
        &ra,
        &s.ver1,
        c.id,
        &[CheckItem::KtpMatches, CheckItem::ForgottenStatementValid],
    )
    .await;
    ra.act(&s.ver1, c.id, Action::Forward, None, None).await.unwrap();
    // Four eyes: the verifier who forwarded cannot approve (nor any verifier).
    assert!(ra.act(&s.ver1, c.id, Action::Approve, None, None).await.is_err());
    let approved = ra.act(&s.ra1, c.id, Action::Approve, None, None).await.unwrap();
    assert_eq!(approved.state, CaseState::AwaitingPassphrase);
    assert_eq!(status(&ra, &s, &old).await, CertStatus::Valid, "valid until replaced");
    assert!(notices(&ra, &s, c.id).await.contains(&"reset_link".to_string()));

    // The holder: selfie, agreement, new passphrase, through the link.
    let after = applicant_sets_passphrase(&ra, &s.admin, c.id).await;
    assert_eq!(after.state, CaseState::Approved);
    assert_eq!(ra.issue_approved().await.unwrap(), 1);
    let done = ra.case(c.id).await.unwrap();
    assert_eq!(done.state, CaseState::Issued);
    let new = done.cert_serial.clone().unwrap();
    assert_ne!(new, old);

    let prev = ra.cert_show(&s.aud, &old).await.unwrap().record;
    assert_eq!(prev.state, CertState::Revoked);
    assert_eq!(prev.reason, Some(RevocationReason::Superseded));
    assert_eq!(prev.superseded_by.as_deref(), Some(new.as_str()));
    // A new key pair: the public keys differ.
    let new_pem = leaf(&ra, &s, dir.path(), &new).await;
    let pubkey = |p: &Path| openssl(&["x509", "-in", &p.display().to_string(), "-noout", "-pubkey"]).1;
    assert_ne!(pubkey(&old_pem), pubkey(&new_pem));
    let text = crl_text(dir.path());
    assert!(
        crl_entry(&text, &old).is_some_and(|e| e.contains("Superseded")),
        "{text}"
    );
    let (ok, out) = verify_with_crl(dir.path(), &new_pem);
    assert!(ok, "{out}");
    let (ok, out) = verify_with_crl(dir.path(), &old_pem);
    assert!(!ok && out.contains("certificate revoked"), "{out}");
    let p12 = ra.cert_p12(&s.ra2, &new, APPLICANT_PASS).await;
    assert!(p12.is_ok(), "{p12:?}");
    // The case shows every certificate of its holder with its status; a
    // certificate leads back to its cases.
    let view = ra.show(&s.ver1, c.id).await.unwrap();
    let listed: Vec<(&str, CertStatus)> = view
        .holder_certs
        .iter()
        .map(|h| (h.serial.as_str(), h.status))
        .collect();
    assert_eq!(
        listed,
        [(new.as_str(), CertStatus::Valid), (old.as_str(), CertStatus::Revoked)]
    );
    let of_new: Vec<u64> = ra
        .cases_of_cert(&s.aud, &new)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(of_new, [c.id]);
    let of_old = ra.cases_of_cert(&s.aud, &old).await.unwrap();
    assert_eq!(of_old.len(), 1);
    assert_eq!(of_old[0].kind, CaseKind::Issuance);
    assert_eq!(ra.verify_audit().await.unwrap().broken, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reactivation_holds_at_once_revokes_as_key_compromise_and_issues_anew() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let old = issued(&ra, &s, 2).await;
    let old_pem = leaf(&ra, &s, dir.path(), &old).await;
    let (ok, out) = verify_with_crl(dir.path(), &old_pem);
    assert!(!dir.path().join("publish/issuing-ca.crl.pem").exists() || ok, "{out}");

    let c = ra
        .new_case(
            &s.ver1,
            about(CaseKind::Reactivation, 2, &old),
            &docs(CaseKind::Reactivation),
        )
        .await
        .unwrap();
    // On hold at once, and published at once.
    let rec = ra.cert_show(&s.aud, &old).await.unwrap().record;
    assert_eq!((rec.state, rec.held_by), (CertState::Held, Some(c.id)));
    let text = crl_text(dir.path());
    assert!(
        crl_entry(&text, &old).is_some_and(|e| e.contains("Certificate Hold")),
        "{text}"
    );
    let (ok, out) = verify_with_crl(dir.path(), &old_pem);
    assert!(!ok && out.contains("certificate revoked"), "{out}");
    // No .p12 of a held certificate; no second hold, renewal or reset of it.
    let e = ra.cert_p12(&s.ra1, &old, APPLICANT_PASS).await.unwrap_err();
    assert!(e.to_string().contains("on hold"), "{e}");
    let e = ra
        .new_case(&s.ver2, about(CaseKind::Update, 2, &old), &docs(CaseKind::Update))
        .await
        .unwrap_err();
    assert!(e.to_string().contains(&format!("on hold while case {}", c.id)), "{e}");
    assert!(notices(&ra, &s, c.id).await.contains(&"cert_held".to_string()));

    // The three documents, each legalised.
    let e = ra.act(&s.ver1, c.id, Action::Forward, None, None).await.unwrap_err();
    assert!(e.to_string().contains("antivirus_scan_valid"), "{e}");
    tick_all(
        &ra,
        &s.ver1,
        c.id,
        &[
            CheckItem::ResetFormValid,
            CheckItem::AntivirusScanValid,
            CheckItem::EmailPasswordChanged,
        ],
    )
    .await;
    ra.act(&s.ver1, c.id, Action::Forward, None, None).await.unwrap();
    let approved = ra.act(&s.ra2, c.id, Action::Approve, None, None).await.unwrap();
    assert_eq!(approved.state, CaseState::AwaitingPassphrase);
    let rec = ra.cert_show(&s.aud, &old).await.unwrap().record;
    assert_eq!(rec.state, CertState::Revoked);
    assert_eq!(rec.reason, Some(RevocationReason::KeyCompromise));
    assert_eq!(rec.held_by, None);
    let text = crl_text(dir.path());
    let entry = crl_entry(&text, &old).expect("listed");
    assert!(entry.contains("Key Compromise") && !entry.contains("Hold"), "{entry}");
    assert!(notices(&ra, &s, c.id).await.contains(&"reactivation_link".to_string()));

    applicant_sets_passphrase(&ra, &s.admin, c.id).await;
    assert_eq!(ra.issue_approved().await.unwrap(), 1);
    let done = ra.case(c.id).await.unwrap();
    assert_eq!(done.state, CaseState::Issued);
    let new = done.cert_serial.unwrap();
    let (ok, out) = verify_with_crl(dir.path(), &leaf(&ra, &s, dir.path(), &new).await);
    assert!(ok, "{out}");
    assert_eq!(ra.verify_audit().await.unwrap().broken, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_or_cancelled_reactivation_releases_the_hold_and_the_certificate_verifies_again() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let serial = issued(&ra, &s, 3).await;
    let pem = leaf(&ra, &s, dir.path(), &serial).await;
    ra.renew_ocsp_signer().await.unwrap();
    assert!(ocsp(&ra, &serial).await.starts_with("Good"));
    for (end, note) in [
        (Action::Reject, "bukti pemindaian palsu"),
        (Action::Cancel, "dibatalkan pemohon"),
    ] {
        let c = ra
            .new_case(
                &s.ver1,
                about(CaseKind::Reactivation, 3, &serial),
                &docs(CaseKind::Reactivation),
            )
            .await
            .unwrap();
        assert_eq!(status(&ra, &s, &serial).await, CertStatus::Held);
        let (ok, out) = verify_with_crl(dir.path(), &pem);
        assert!(!ok && out.contains("certificate revoked"), "{out}");
        let answer = ocsp(&ra, &serial).await;
        assert!(
            answer.starts_with("Revoked") && answer.contains("CertificateHold"),
            "{answer}"
        );
        let e = ra.act(&s.ver1, c.id, end, None, None).await.unwrap_err();
        assert!(e.to_string().contains("note"), "{e}");
        ra.act(&s.ver1, c.id, end, Some(note), None).await.unwrap();
        let rec = ra.cert_show(&s.aud, &serial).await.unwrap().record;
        assert_eq!(
            (rec.state, rec.held_by, rec.reason),
            (CertState::Issued, None, None),
            "{end:?}"
        );
        // Gone from the next CRL, which is published at once.
        let text = crl_text(dir.path());
        assert!(crl_entry(&text, &serial).is_none(), "{text}");
        let (ok, out) = verify_with_crl(dir.path(), &pem);
        assert!(ok, "{end:?}: {out}");
        assert!(ocsp(&ra, &serial).await.starts_with("Good"), "released");
        assert!(notices(&ra, &s, c.id).await.contains(&"hold_released".to_string()));
    }
    assert!(!ra.crl_due().await.unwrap(), "the last CRL has every change");
    assert_eq!(ra.verify_audit().await.unwrap().broken, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_holds_the_certificate_until_applied_and_a_subject_change_revokes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let serial = issued(&ra, &s, 4).await;
    let pem = leaf(&ra, &s, dir.path(), &serial).await;
    let update = |position: &str, agency: Option<&str>| {
        let mut form = applicant(4);
        form.position = Some(position.into());
        if let Some(a) = agency {
            form.agency = a.into();
        }
        NewCase {
            kind: CaseKind::Update,
            subscriber: form.validate().unwrap(),
            revocation_reason: None,
            cert_serial: Some(serial.clone()),
            note: None,
        }
    };
    let forward = async |id: u64| {
        tick_all(
            &ra,
            &s.ver2,
            id,
            &[
                CheckItem::KtpMatches,
                CheckItem::SupportingDocsValid,
                CheckItem::EmailActive,
            ],
        )
        .await;
        ra.act(&s.ver2, id, Action::Forward, None, None).await.unwrap();
    };

    // A change of position only: held while pending, released when applied.
    let u = ra
        .new_case(&s.ver2, update("Kepala Seksi", None), &docs(CaseKind::Update))
        .await
        .unwrap();
    assert_eq!(status(&ra, &s, &serial).await, CertStatus::Held);
    let text = crl_text(dir.path());
    assert!(
        crl_entry(&text, &serial).is_some_and(|e| e.contains("Certificate Hold")),
        "{text}"
    );
    if pkilint::ready(&["lint_crl"]) {
        let crl = dir.path().join("publish/issuing-ca.crl.pem");
        pkilint::assert_clean("lint_crl", &["lint", "-t", "CRL", "-p", "PKIX", "-s", "ERROR"], &crl);
    }
    let (ok, out) = verify_with_crl(dir.path(), &pem);
    assert!(!ok && out.contains("certificate revoked"), "{out}");
    let held = ra.cert_list(&s.aud, Some(CertStatus::Held), None, 10).await.unwrap();
    assert_eq!(held.len(), 1, "cert list --status held");
    // One count everywhere: what the CRL lists (openssl's entries), the
    // holds named apart, in the CA's status as in the publication.
    let listed = text.matches("Serial Number:").count() as u64;
    let crl = ra.ca_status().await.unwrap().crl.unwrap();
    assert_eq!((crl.listed(), crl.held), (listed, Some(1)), "{text}");
    let p = ra.publish_crl(&s.admin).await.unwrap();
    assert_eq!((p.entries as u64, p.held), (listed, 1));
    forward(u.id).await;
    ra.act(&s.ra1, u.id, Action::Apply, None, None).await.unwrap();
    assert_eq!(status(&ra, &s, &serial).await, CertStatus::Valid);
    assert!(crl_entry(&crl_text(dir.path()), &serial).is_none());
    let (ok, out) = verify_with_crl(dir.path(), &pem);
    assert!(ok, "{out}");

    // A move to another agency: held, then revoked as affiliationChanged.
    let u = ra
        .new_case(
            &s.ver2,
            update("Kepala Seksi", Some("Dinas Pendidikan Kota Medan")),
            &docs(CaseKind::Update),
        )
        .await
        .unwrap();
    assert_eq!(status(&ra, &s, &serial).await, CertStatus::Held);
    forward(u.id).await;
    ra.act(&s.ra1, u.id, Action::Apply, None, None).await.unwrap();
    let rec = ra.cert_show(&s.aud, &serial).await.unwrap().record;
    assert_eq!(
        (rec.state, rec.reason),
        (CertState::Revoked, Some(RevocationReason::AffiliationChanged))
    );
    let text = crl_text(dir.path());
    let entry = crl_entry(&text, &serial).expect("listed");
    assert!(
        entry.contains("Affiliation Changed") && !entry.contains("Hold"),
        "{entry}"
    );
    assert_eq!(text.matches(&serial.to_ascii_uppercase()).count(), 1, "{text}");
    assert_eq!(ra.verify_audit().await.unwrap().broken, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hold_is_no_revocation_reason_and_a_held_certificate_may_still_be_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let serial = issued(&ra, &s, 5).await;
    let e = ra
        .revoke_cert(&s.admin, &serial, RevocationReason::CertificateHold, None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not a revocation"), "{e}");
    let mut rev = about(CaseKind::Revocation, 5, &serial);
    rev.revocation_reason = Some(RevocationReason::CertificateHold);
    assert!(ra.new_case(&s.ver1, rev, &docs(CaseKind::Revocation)).await.is_err());

    let c = ra
        .new_case(
            &s.ver1,
            about(CaseKind::Reactivation, 5, &serial),
            &docs(CaseKind::Reactivation),
        )
        .await
        .unwrap();
    // The CA admin revokes the held certificate for good: the hold's CRL
    // entry gives way to the revocation's, and cancelling the case later
    // releases nothing.
    ra.revoke_cert(&s.admin, &serial, RevocationReason::KeyCompromise, None)
        .await
        .unwrap();
    ra.act(&s.ver1, c.id, Action::Cancel, Some("sudah dicabut"), None)
        .await
        .unwrap();
    let rec = ra.cert_show(&s.aud, &serial).await.unwrap().record;
    assert_eq!(
        (rec.state, rec.reason),
        (CertState::Revoked, Some(RevocationReason::KeyCompromise))
    );
    let text = crl_text(dir.path());
    let entry = crl_entry(&text, &serial).expect("listed");
    assert!(entry.contains("Key Compromise"), "{entry}");
    assert_eq!(text.matches(&serial.to_ascii_uppercase()).count(), 1, "{text}");
    assert!(!notices(&ra, &s, c.id).await.contains(&"hold_released".to_string()));
}
