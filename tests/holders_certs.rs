//! Holders and the certificates cases are about: a case can only name a
//! certificate of its own holder, approving a revocation revokes exactly
//! that certificate, certificates are keyed by issuer and serial, the
//! verifier's checklist cannot be undone by the RA, and a PKCS#12 is
//! written only for officers, with every attempt audited and a lock after
//! five wrong passphrases.

mod common;

use common::*;
use ratu::domain::{Action, CaseKind, CaseState, CertState, CertStatus, CheckItem, NewCase};
use ratu::ra::{Ra, RaError};

fn case_about(kind: CaseKind, n: u32, serial: Option<&str>) -> NewCase {
    NewCase {
        cert_serial: serial.map(str::to_string),
        ..new_case(kind, n)
    }
}

/// A revocation case of applicant `n`, forwarded to the RA.
async fn forwarded_revocation(ra: &Ra, s: &Staff, n: u32, serial: Option<&str>) -> u64 {
    let c = ra
        .new_case(
            &s.ver1,
            case_about(CaseKind::Revocation, n, serial),
            &docs(CaseKind::Revocation),
        )
        .await
        .unwrap();
    for item in [CheckItem::KtpMatches, CheckItem::StatementValid] {
        ra.tick(&s.ver1, c.id, item, true, None).await.unwrap();
    }
    ra.act(&s.ver1, c.id, Action::Forward, None, None).await.unwrap();
    c.id
}

fn err_text(r: Result<impl std::fmt::Debug, RaError>) -> String {
    r.expect_err("refused").to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revocation_case_naming_another_holders_certificate_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let theirs = issued(&ra, &s, 1).await;
    // Applicant 2 (another NIK) names applicant 1's certificate.
    let why = err_text(
        ra.new_case(
            &s.ver1,
            case_about(CaseKind::Revocation, 2, Some(&theirs)),
            &docs(CaseKind::Revocation),
        )
        .await,
    );
    assert!(why.contains("belongs to another holder"), "{why}");
    assert!(
        !why.contains("5171011203900001") && !why.contains("igusti1@"),
        "names nobody: {why}"
    );
    let why = err_text(
        ra.new_case(
            &s.ver1,
            case_about(CaseKind::Update, 2, Some(&theirs)),
            &docs(CaseKind::Update),
        )
        .await,
    );
    assert!(
        why.contains("belongs to another holder") || why.contains("no holder record"),
        "{why}"
    );
    let why = err_text(
        ra.new_case(
            &s.ver1,
            case_about(CaseKind::Renewal, 2, Some(&theirs)),
            &docs(CaseKind::Renewal),
        )
        .await,
    );
    assert!(why.contains("belongs to another holder"), "{why}");
    assert_eq!(ra.find_cert(&theirs).await.unwrap().state, CertState::Issued);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revocation_case_without_a_serial_picks_the_holders_one_valid_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let mine = issued(&ra, &s, 1).await;
    let _other = issued(&ra, &s, 2).await;
    let id = forwarded_revocation(&ra, &s, 1, None).await;
    let case = ra.case(id).await.unwrap();
    assert_eq!(case.cert_serial.as_deref(), Some(mine.as_str()));
    let view = ra.show(&s.ra1, id).await.unwrap();
    let target = view.target.expect("the review shows the target");
    assert_eq!(
        (target.serial.as_str(), target.status),
        (mine.as_str(), CertStatus::Valid)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revocation_case_for_a_holder_with_no_valid_certificate_cannot_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let why = err_text(
        ra.new_case(
            &s.ver1,
            case_about(CaseKind::Revocation, 12, None),
            &docs(CaseKind::Revocation),
        )
        .await,
    );
    assert!(why.contains("NIK 5171••••••••0012 holds no valid certificate"), "{why}");
}

#[tokio::test(flavor = "multi_thread")]
async fn approving_a_revocation_revokes_exactly_its_certificate_and_mails_the_holders_address() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let mine = issued(&ra, &s, 1).await;
    let other = issued(&ra, &s, 2).await;
    let id = forwarded_revocation(&ra, &s, 1, Some(&mine)).await;
    let done = ra.act(&s.ra1, id, Action::Revoke, None, None).await.unwrap();
    assert_eq!(done.state, CaseState::Revoked);
    assert_eq!(ra.find_cert(&mine).await.unwrap().state, CertState::Revoked);
    assert_eq!(ra.find_cert(&other).await.unwrap().state, CertState::Issued);
    let view = ra.show(&s.ra1, id).await.unwrap();
    let revoked: Vec<_> = view.mail.iter().filter(|m| m.notice == "revoked").collect();
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].to, "igusti1@baliprov.go.id");
    // The next CRL lists it (published right after the revocation).
    let crl = dir.path().join("publish/issuing-ca.crl").display().to_string();
    let out = std::process::Command::new("openssl")
        .args(["crl", "-in", &crl, "-inform", "DER", "-noout", "-text"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout).to_lowercase();
    assert!(
        listed.contains(&format!("serial number: {mine}")),
        "CRL lists {mine}: {listed}"
    );
    assert!(!listed.contains(&other));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revocation_whose_certificate_was_revoked_meanwhile_is_refused_and_mails_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let mine = issued(&ra, &s, 1).await;
    let id = forwarded_revocation(&ra, &s, 1, Some(&mine)).await;
    ra.revoke_cert(&s.admin, &mine, ratu::domain::RevocationReason::KeyCompromise, None)
        .await
        .unwrap();
    let why = err_text(ra.act(&s.ra1, id, Action::Revoke, None, None).await);
    assert!(why.contains("revoked already"), "{why}");
    let view = ra.show(&s.ra1, id).await.unwrap();
    assert_eq!(view.case.state, CaseState::RaReview);
    assert!(view.mail.iter().all(|m| m.notice != "revoked"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_officer_cannot_untick_the_verifiers_checklist_but_can_return_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let id = in_ra_review(&ra, &s, 1).await;
    let why = err_text(ra.tick(&s.ra1, id, CheckItem::KtpMatches, false, None).await);
    assert!(why.contains("untick"), "{why}");
    assert!(ra.case(id).await.unwrap().is_ticked(CheckItem::KtpMatches));
    // Return needs a note, then goes back to the verifier.
    let why = err_text(ra.act(&s.ra1, id, Action::Return, None, None).await);
    assert!(why.contains("note"), "{why}");
    let back = ra
        .act(&s.ra1, id, Action::Return, Some("KTP photo does not match"), None)
        .await
        .unwrap();
    assert_eq!(back.state, CaseState::VerifierReview);
    // The verifier unticks; the case cannot come back to approval unticked.
    ra.tick(&s.ver1, id, CheckItem::KtpMatches, false, None).await.unwrap();
    let why = err_text(ra.act(&s.ver1, id, Action::Verify, None, None).await);
    assert!(why.contains("checklist"), "{why}");
}

#[tokio::test(flavor = "multi_thread")]
async fn approval_needs_the_whole_checklist_at_that_moment() {
    use ratu::domain::case::workflow;
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let id = in_ra_review(&ra, &s, 1).await;
    // A case in RA review with an item missing (as an older store could
    // hold) is refused approval by the workflow table itself.
    let mut case = ra.case(id).await.unwrap();
    case.checklist.retain(|t| t.item != CheckItem::KtpMatches);
    let why = workflow::check(&case, &s.ra1, Action::Approve).unwrap_err().to_string();
    assert!(why.contains("ktp_matches"), "{why}");
}

#[tokio::test(flavor = "multi_thread")]
async fn ticking_a_ticked_item_keeps_it_ticked_and_writes_nothing() {
    let (ra, s) = staffed().await;
    let c = ra
        .new_case(&s.ver1, new_case(CaseKind::Issuance, 1), &docs(CaseKind::Issuance))
        .await
        .unwrap();
    let once = ra.tick(&s.ver1, c.id, CheckItem::KtpMatches, true, None).await.unwrap();
    let twice = ra.tick(&s.ver1, c.id, CheckItem::KtpMatches, true, None).await.unwrap();
    assert!(twice.is_ticked(CheckItem::KtpMatches));
    assert_eq!(once.version, twice.version);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_case_held_by_the_officer_is_resumed_or_cancelled_only_by_an_officer() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let mine = issued(&ra, &s, 1).await;
    let id = forwarded_revocation(&ra, &s, 1, Some(&mine)).await;
    ra.act(&s.ra1, id, Action::Hold, Some("waiting for the statement letter"), None)
        .await
        .unwrap();
    let why = err_text(ra.act(&s.ver1, id, Action::Cancel, Some("x"), None).await);
    assert!(why.contains("ra_officer"), "{why}");
    let why = err_text(ra.act(&s.ver1, id, Action::Resume, None, None).await);
    assert!(why.contains("ra_officer"), "{why}");
    let back = ra.act(&s.ra2, id, Action::Resume, None, None).await.unwrap();
    assert_eq!(back.state, CaseState::RaReview);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_renewal_supersedes_exactly_the_certificate_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let old = issued(&ra, &s, 1).await;
    let other = issued(&ra, &s, 2).await;
    let c = ra
        .new_case(
            &s.ver2,
            case_about(CaseKind::Renewal, 1, None),
            &docs(CaseKind::Renewal),
        )
        .await
        .unwrap();
    assert_eq!(c.cert_serial.as_deref(), Some(old.as_str()));
    to_ra_review(&ra, &s, c.id).await;
    applicant_sets_passphrase(&ra, &s.admin, c.id).await;
    let done = ra.act(&s.ra1, c.id, Action::Approve, None, None).await.unwrap();
    assert_eq!(done.state, CaseState::Issued);
    let was = ra.find_cert(&old).await.unwrap();
    assert_eq!(was.state, CertState::Revoked);
    assert_eq!(was.superseded_by, done.cert_serial);
    assert_eq!(ra.find_cert(&other).await.unwrap().state, CertState::Issued);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_case_carries_its_changes_and_applying_it_updates_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let serial = issued(&ra, &s, 1).await;
    let mut new = case_about(CaseKind::Update, 1, None);
    new.subscriber.position = Some("Kepala Bidang".into());
    new.subscriber.agency = "Badan Pendapatan Daerah Provinsi Bali".into();
    let c = ra.new_case(&s.ver1, new, &docs(CaseKind::Update)).await.unwrap();
    let fields: Vec<(&str, Option<&str>)> = c
        .changes
        .iter()
        .map(|ch| (ch.field.as_str(), ch.old.as_deref()))
        .collect();
    assert_eq!(
        fields,
        [
            ("agency", Some("Dinas Komunikasi dan Informatika Provinsi Bali")),
            ("position", None)
        ]
    );
    for item in [
        CheckItem::KtpMatches,
        CheckItem::SupportingDocsValid,
        CheckItem::EmailActive,
    ] {
        ra.tick(&s.ver1, c.id, item, true, None).await.unwrap();
    }
    ra.act(&s.ver1, c.id, Action::Forward, None, None).await.unwrap();
    ra.act(&s.ra1, c.id, Action::Apply, None, None).await.unwrap();
    // The agency is in the certificate: revoked and re-issued.
    assert_eq!(ra.find_cert(&serial).await.unwrap().state, CertState::Revoked);
    let h = ra.holder_show(&s.aud, "5171011203900001", false).await.unwrap();
    assert_eq!(h.data["agency"], "Badan Pendapatan Daerah Provinsi Bali");
    assert_eq!(h.history.last().unwrap().case_id, Some(c.id));
    assert!(
        h.cases
            .iter()
            .any(|k| k.kind == CaseKind::Issuance && k.state == CaseState::Draft)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn holder_show_and_search_list_cases_and_certificates_with_the_nik_masked() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let serial = issued(&ra, &s, 3).await;
    let h = ra.holder_show(&s.aud, "5171011203900003", false).await.unwrap();
    assert_eq!(h.nik, "5171••••••••0003");
    assert_eq!(h.data["nik"], "5171••••••••0003");
    assert_eq!(h.cases.len(), 1);
    assert_eq!(h.certificates.len(), 1);
    assert_eq!(h.certificates[0].serial, serial);
    assert_eq!(h.certificates[0].status, CertStatus::Valid);
    for q in ["igusti3@", "Ngurah Agung", serial.as_str()] {
        let found = ra.holder_search(&s.aud, q).await.unwrap();
        assert_eq!(found.len(), 1, "search {q}");
        assert_eq!(found[0].nik, "5171••••••••0003");
    }
    // The auditor reads NIKs masked: a reveal is itself an audited change.
    let why = err_text(ra.holder_show(&s.aud, "5171011203900003", true).await);
    assert!(why.contains("revealed only by those who act on cases"), "{why}");
    let shown = ra.holder_show(&s.ra1, "5171011203900003", true).await.unwrap();
    assert_eq!(shown.nik, "5171011203900003");
    let trail = ra.audit_trail(&s.aud).await.unwrap();
    assert!(trail.iter().any(|e| e.action == "reveal_nik" && e.actor == "ra1"));
}

#[tokio::test(flavor = "multi_thread")]
async fn cert_p12_is_for_officers_audited_and_locked_after_five_wrong_passphrases() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let serial = issued(&ra, &s, 1).await;
    let why = err_text(ra.cert_p12(&s.aud, &serial, APPLICANT_PASS).await);
    assert!(why.contains("only an RA officer or a ca_admin"), "{why}");
    assert!(ra.cert_p12(&s.ra1, &serial, APPLICANT_PASS).await.is_ok());
    for _ in 0..5 {
        assert!(ra.cert_p12(&s.ra1, &serial, "Salah-Tebak-2026").await.is_err());
    }
    let why = err_text(ra.cert_p12(&s.ra1, &serial, APPLICANT_PASS).await);
    assert!(why.contains("locked after 5 wrong passphrases"), "{why}");
    assert!(ra.p12_unlock(&s.ra1, &serial).await.is_err(), "only a ca_admin clears");
    assert_eq!(ra.p12_unlock(&s.admin, &serial).await.unwrap(), 5);
    assert!(ra.cert_p12(&s.admin, &serial, APPLICANT_PASS).await.is_ok());
    let trail = ra.audit_trail(&s.aud).await.unwrap();
    let count = |a: &str| trail.iter().filter(|e| e.action == a).count();
    assert_eq!(count("cert_p12"), 2);
    assert_eq!(count("cert_p12_wrong_passphrase"), 5);
    assert_eq!(count("cert_p12_refused"), 1);
    assert_eq!(count("cert_p12_unlock"), 1);
}

/// A self-signed CA certificate named `cn` with serial 01, as PEM.
fn ca_with_serial_one(cn: &str) -> String {
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(rcgen::DnType::CommonName, cn);
    p.serial_number = Some(rcgen::SerialNumber::from(vec![1u8]));
    p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let key = rcgen::KeyPair::generate().unwrap();
    p.self_signed(&key).unwrap().pem()
}

#[tokio::test(flavor = "multi_thread")]
async fn certificates_of_two_issuers_sharing_a_serial_are_two_records() {
    let (ra, s) = staffed().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.pem"), ca_with_serial_one("Root A")).unwrap();
    std::fs::write(dir.path().join("b.pem"), ca_with_serial_one("Root B")).unwrap();
    let report = ra.cert_import(&s.admin, dir.path(), None).await.unwrap();
    assert_eq!(report.imported, ["01", "01"]);
    assert!(report.failed.is_empty() && report.skipped.is_empty());
    // Importing again skips both as already on record.
    let again = ra.cert_import(&s.admin, dir.path(), None).await.unwrap();
    assert_eq!((again.imported.len(), again.skipped.len()), (0, 2));
    let why = err_text(ra.find_cert("01").await);
    assert!(
        why.contains("CN=Root A") && why.contains("CN=Root B") && why.contains("sha256"),
        "{why}"
    );
    let list = ra.cert_list(&s.aud, None, None, 0).await.unwrap();
    let fp = list[0].0.sha256.clone().unwrap();
    let found = ra.cert_show(&s.aud, &fp).await.unwrap();
    assert_eq!(found.record.sha256.as_deref(), Some(fp.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_imported_certificate_is_linked_to_the_holder_named_by_nik() {
    let (ra, s) = staffed().await;
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.pem");
    std::fs::write(&f, ca_with_serial_one("Siti Rahayu")).unwrap();
    let report = ra.cert_import(&s.admin, &f, None).await.unwrap();
    assert_eq!(report.imported.len(), 1);
    assert_eq!(ra.find_cert("01").await.unwrap().nik, None);
    // Naming whose it is links the certificate already on record.
    let report = ra.cert_import(&s.admin, &f, Some("5171011203900001")).await.unwrap();
    assert_eq!(report.linked, ["01"]);
    assert_eq!(
        ra.find_cert("01").await.unwrap().nik.as_deref(),
        Some("5171011203900001")
    );
    let why = err_text(ra.cert_import(&s.admin, &f, Some("5171019903900001")).await);
    assert!(why.to_lowercase().contains("nik"), "{why}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_systems_ca_bundle_folder_imports_whole() {
    let folder = std::path::Path::new("/usr/share/ca-certificates/mozilla");
    let Ok(entries) = std::fs::read_dir(folder) else {
        eprintln!("no system CA bundle folder here; nothing to import");
        return;
    };
    let files = entries.filter_map(|e| e.ok()).filter(|e| e.path().is_file()).count();
    let (ra, s) = staffed().await;
    let report = ra.cert_import(&s.admin, folder, None).await.unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.imported.len(), files, "skipped: {:?}", report.skipped);
    let listed = ra.cert_list(&s.aud, None, None, 100_000).await.unwrap();
    assert_eq!(listed.len(), files);
}

/// A certificate row left reserved (its signature failed) is dropped; a
/// signed one never is.
#[tokio::test]
async fn a_reserved_certificate_row_is_dropped_and_a_signed_one_never() {
    use ratu::domain::{CertRecord, CertState};
    let ra = ra_mem().await;
    let issuer = "CN=Demo CA DS G1";
    let mut b = ratu::store::Batch::new();
    for (serial, state) in [("0a01", CertState::Reserved), ("0a02", CertState::Issued)] {
        let mut rec = CertRecord::new(
            serial,
            "ra.ratu.test",
            "tls-server",
            (t0(), t0() + chrono::Duration::days(365)),
            state,
        );
        rec.issuer_dn = issuer.into();
        ratu::store::insert_cert(&mut b, &rec, None);
    }
    b.commit(ra.store()).await.unwrap();
    for serial in ["0a01", "0a02"] {
        ra.store().drop_reserved_cert(issuer, serial).await.unwrap();
    }
    assert!(
        ra.store().cert_at(issuer, "0a01").await.is_err(),
        "the reserved row is gone"
    );
    assert_eq!(
        ra.store().cert_at(issuer, "0a02").await.unwrap().state,
        CertState::Issued
    );
}
