//! The CA driven by the use-cases on a real SurrealDB: an approved case
//! becomes a certificate `openssl verify` accepts, the applicant's .p12
//! opens with their passphrase only, revocations reach the CRL that
//! `openssl verify -crl_check` reads, CRL numbers survive restarts, renewal
//! and update revoke what they replace, a reservation left by a crash is
//! completed with its serial, and expiry reminders are queued once.

mod common;

use chrono::Duration;
use common::openssl::*;
use common::*;
use ratu::ca::{CaUrls, KeyAlg};
use ratu::domain::{Action, CaseKind, CaseState, CertState, CertStatus, CheckItem, NewCase, RevocationReason};
use ratu::ra::{CertFormat, Ra, RaError};
use ratu::store::{Batch, DbTarget};

#[tokio::test(flavor = "multi_thread")]
async fn an_approved_issuance_case_becomes_a_certificate_openssl_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let serial = issued(&ra, &s, 1).await;
    let leaf = dir.path().join(format!("{serial}.pem"));
    ra.cert_export(&s.admin, &serial, &leaf, CertFormat::Pem).await.unwrap();
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&leaf).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600, "exported certificate is 0600");
    write_ca_files(dir.path(), &ra);
    let (ok, out) = verify(dir.path(), &leaf, false);
    assert!(ok && out.contains(": OK"), "{out}");

    let view = ra.cert_show(&s.aud, &serial).await.unwrap();
    assert_eq!(view.status, CertStatus::Valid);
    let decoded = view.decoded.unwrap();
    let subject = decoded.subject.unwrap();
    assert!(
        subject.contains("CN=Dr. I Gusti Ngurah Agung Putra") && subject.contains("C=ID"),
        "{subject}"
    );
    assert!(
        (view.record.not_after - view.record.not_before) == Duration::days(730) - Duration::seconds(1)
            || (view.record.not_after - view.record.not_before) == Duration::days(731) - Duration::seconds(1),
        "two years minus one second"
    );
    let case = ra.show(&s.aud, view.record.case_id.unwrap()).await.unwrap();
    let notices: Vec<_> = case.mail.iter().map(|m| m.notice.as_str()).collect();
    assert!(notices.ends_with(&["issued"]), "{notices:?}");
    let actions: Vec<_> = case.history.iter().map(|h| h.action.as_str()).collect();
    assert!(actions.ends_with(&["approve", "cert_reserve", "issue"]), "{actions:?}");
    assert_eq!(ra.verify_audit().await.unwrap().broken, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_p12_opens_with_the_applicant_passphrase_only() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let serial = issued(&ra, &s, 2).await;
    let wrong = ra.cert_p12(&s.ra1, &serial, "Salah-Sandi-2026").await.unwrap_err();
    assert!(wrong.to_string().contains("wrong passphrase"), "{wrong}");
    let p12 = ra.cert_p12(&s.ra1, &serial, APPLICANT_PASS).await.unwrap();
    let file = dir.path().join("pemohon.p12");
    std::fs::write(&file, p12).unwrap();
    let f = file.display().to_string();
    let (ok, out) = openssl(&[
        "pkcs12",
        "-info",
        "-in",
        &f,
        "-passin",
        &format!("pass:{APPLICANT_PASS}"),
        "-noout",
    ]);
    assert!(ok, "{out}");
    let (ok, _) = openssl(&[
        "pkcs12",
        "-info",
        "-in",
        &f,
        "-passin",
        "pass:Salah-Sandi-2026",
        "-noout",
    ]);
    assert!(!ok, "a wrong passphrase must not open the .p12");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_approved_revocation_puts_the_certificate_on_the_crl() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let revoked = issued(&ra, &s, 3).await;
    let kept = issued(&ra, &s, 4).await;
    let mut new = new_case(CaseKind::Revocation, 3);
    new.cert_serial = Some(revoked.clone());
    new.revocation_reason = Some(RevocationReason::KeyCompromise);
    let c = ra.new_case(&s.ver2, new, &docs(CaseKind::Revocation)).await.unwrap();
    ra.tick(&s.ver2, c.id, CheckItem::KtpMatches, true, None).await.unwrap();
    ra.tick(&s.ver2, c.id, CheckItem::StatementValid, true, None)
        .await
        .unwrap();
    ra.act(&s.ver2, c.id, Action::Forward, None, None).await.unwrap();
    let done = ra.act(&s.ra2, c.id, Action::Revoke, None, None).await.unwrap();
    assert_eq!(done.state, CaseState::Revoked);
    let rec = ra.cert_show(&s.aud, &revoked).await.unwrap().record;
    assert_eq!(
        (rec.state, rec.reason),
        (CertState::Revoked, Some(RevocationReason::KeyCompromise))
    );

    // Published automatically after the revocation.
    let st = ra.ca_status().await.unwrap();
    assert_eq!(st.crl.as_ref().map(|c| c.entries), Some(Some(1)));
    write_ca_files(dir.path(), &ra);
    for (serial, expect_revoked) in [(&revoked, true), (&kept, false)] {
        let leaf = dir.path().join(format!("{serial}.pem"));
        ra.cert_export(&s.admin, serial, &leaf, CertFormat::Pem).await.unwrap();
        let (ok, out) = verify(dir.path(), &leaf, true);
        if expect_revoked {
            assert!(!ok && out.contains("certificate revoked"), "{out}");
        } else {
            assert!(ok && out.contains(": OK"), "{out}");
        }
    }
    let (ok, out) = published_crl_text(dir.path());
    assert!(ok && out.contains("Key Compromise"), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ca_admin_revokes_at_once_and_others_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let serial = issued(&ra, &s, 5).await;
    let refused = ra
        .revoke_cert(&s.ra1, &serial, RevocationReason::KeyCompromise, None)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("only a ca_admin"), "{refused}");
    let typed = serial.to_uppercase();
    let rec = ra
        .revoke_cert(
            &s.admin,
            &typed,
            RevocationReason::KeyCompromise,
            Some(t0() - Duration::days(2)),
        )
        .await
        .unwrap();
    assert_eq!(rec.state, CertState::Revoked);
    let again = ra
        .revoke_cert(&s.admin, &serial, RevocationReason::KeyCompromise, None)
        .await
        .unwrap_err();
    assert!(again.to_string().contains("already revoked"), "{again}");
    let (ok, out) = published_crl_text(dir.path());
    assert!(ok && out.contains("Invalidity Date"), "{out}");
    let listed = ra.cert_list(&s.aud, Some(CertStatus::Revoked), None, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_session_starts_locked_and_crl_numbers_keep_rising() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let a = ra.publish_crl(&s.admin).await.unwrap().number;
    let b = ra.publish_crl(&s.admin).await.unwrap().number;
    assert!(b > a);
    let refused = ra.publish_crl(&s.ra1).await.unwrap_err();
    assert!(refused.to_string().contains("only a ca_admin"), "{refused}");
    // Another process on the same database: the CA starts locked.
    let next = Ra::new(
        ra.store().clone(),
        ra.config().clone(),
        ratu::ra::Clock::Fixed(t0() + Duration::hours(1)),
    );
    let locked = next.publish_crl(&s.admin).await.unwrap_err();
    assert!(matches!(locked, RaError::CaLocked), "{locked}");
    let wrong = next.unlock_ca("Bukan-Kunci-2026").unwrap_err();
    assert!(wrong.to_string().contains("wrong passphrase"), "{wrong}");
    next.unlock_ca(CA_PASS).unwrap();
    let p = next.publish_crl(&s.admin).await.unwrap();
    assert!(p.number > b, "{} after {b}", p.number);
    assert_eq!(p.root_number, Some(3), "the root's CRL is published too");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_csr_gives_its_key_and_a_bad_csr_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let c = ra
        .new_case(&s.ver1, new_case(CaseKind::Issuance, 6), &docs(CaseKind::Issuance))
        .await
        .unwrap();
    to_ra_review(&ra, &s, c.id).await;
    let before = ra.case(c.id).await.unwrap();
    let token = applicant_token(&ra, &s.admin, c.id).await;
    let sha = ra.config().agreement.sha256.clone();
    let garbage = ratu::ra::Upload {
        name: "garbage.csr".into(),
        bytes: b"-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n".to_vec(),
    };
    let bad = ra
        .applicant_submit_csr(&token, "127.0.0.1", &garbage, &sha, &selfie())
        .await
        .unwrap_err();
    assert!(bad.to_string().contains("garbage.csr"), "{bad}");
    assert_eq!(ra.case(c.id).await.unwrap(), before, "nothing written");

    let key = dir.path().join("k.pem");
    let csr = dir.path().join("r.csr");
    let (ok, out) = openssl(&[
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &key.display().to_string(),
        "-subj",
        "/CN=ignored",
        "-out",
        &csr.display().to_string(),
    ]);
    assert!(ok, "{out}");
    let csr = ratu::ra::Upload {
        name: "r.csr".into(),
        bytes: std::fs::read(&csr).unwrap(),
    };
    ra.applicant_submit_csr(&token, "127.0.0.1", &csr, &sha, &selfie())
        .await
        .unwrap();
    let done = ra.act(&s.ra1, c.id, Action::Approve, None, None).await.unwrap();
    let serial = done.cert_serial.unwrap();
    let cert = dir.path().join("c.pem");
    ra.cert_export(&s.ra1, &serial, &cert, CertFormat::Pem).await.unwrap();
    let pubkey = |args: &[&str]| openssl(args).1;
    let from_cert = pubkey(&["x509", "-in", &cert.display().to_string(), "-noout", "-pubkey"]);
    let from_key = pubkey(&["pkey", "-in", &key.display().to_string(), "-pubout"]);
    assert_eq!(from_cert, from_key, "the certificate carries the CSR's key");
    let subject = pubkey(&["x509", "-in", &cert.display().to_string(), "-noout", "-subject"]);
    assert!(!subject.contains("ignored"), "subject comes from the case: {subject}");
    let no_p12 = ra.cert_p12(&s.ra1, &serial, APPLICANT_PASS).await.unwrap_err();
    assert!(no_p12.to_string().contains("own CSR"), "{no_p12}");
}

#[tokio::test(flavor = "multi_thread")]
async fn renewal_supersedes_and_an_update_of_the_agency_revokes_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let old = issued(&ra, &s, 7).await;
    let mut renewal = new_case(CaseKind::Renewal, 7);
    renewal.cert_serial = Some(old.clone());
    let c = ra.new_case(&s.ver1, renewal, &docs(CaseKind::Renewal)).await.unwrap();
    to_ra_review(&ra, &s, c.id).await;
    applicant_sets_passphrase(&ra, &s.admin, c.id).await;
    let done = ra.act(&s.ra2, c.id, Action::Approve, None, None).await.unwrap();
    let new_serial = done.cert_serial.unwrap();
    assert_ne!(new_serial, old);
    let prev = ra.cert_show(&s.aud, &old).await.unwrap().record;
    assert_eq!(prev.reason, Some(RevocationReason::Superseded));
    assert_eq!(prev.superseded_by.as_deref(), Some(new_serial.as_str()));

    // The holder moves to another agency: the certificate is revoked and a
    // re-issuance case opens.
    let mut form = applicant(7);
    form.agency = "Dinas Pendidikan Kota Medan".into();
    let update = NewCase {
        kind: CaseKind::Update,
        subscriber: form.validate().unwrap(),
        revocation_reason: None,
        cert_serial: Some(new_serial.clone()),
        note: None,
    };
    let u = ra.new_case(&s.ver2, update, &docs(CaseKind::Update)).await.unwrap();
    for item in [
        CheckItem::KtpMatches,
        CheckItem::SupportingDocsValid,
        CheckItem::EmailActive,
    ] {
        ra.tick(&s.ver2, u.id, item, true, None).await.unwrap();
    }
    ra.act(&s.ver2, u.id, Action::Forward, None, None).await.unwrap();
    ra.act(&s.ra1, u.id, Action::Apply, None, None).await.unwrap();
    let rec = ra.cert_show(&s.aud, &new_serial).await.unwrap().record;
    assert_eq!(rec.reason, Some(RevocationReason::AffiliationChanged));
    let reopened = ra
        .list(
            &s.aud,
            &ratu::store::CaseFilter {
                kind: Some(CaseKind::Issuance),
                state: Some(CaseState::Draft),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        reopened
            .iter()
            .any(|c| c.subscriber.agency == "Dinas Pendidikan Kota Medan"),
        "a re-issuance case is open"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reservation_left_by_a_crash_is_completed_with_its_serial() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let id = in_ra_review(&ra, &s, 8).await;
    // Approve on a process whose CA is locked: the case waits approved.
    let waiting = Ra::new(ra.store().clone(), ra.config().clone(), ratu::ra::Clock::Fixed(t0()));
    let approved = waiting.act(&s.ra1, id, Action::Approve, None, None).await.unwrap();
    assert_eq!(approved.state, CaseState::Approved);
    // The crash: a reservation was committed, the signature never happened.
    let serial = ratu::ca::Serial::random().to_string();
    let mut rec = ra.cert_list(&s.aud, None, None, 10).await.unwrap();
    assert!(rec.is_empty());
    let mut b = Batch::new();
    let reserved = ratu::domain::CertRecord {
        case_id: Some(id),
        ..ratu::domain::CertRecord::new(
            serial.clone(),
            "x",
            "signing",
            (t0(), t0() + Duration::days(730)),
            CertState::Reserved,
        )
    };
    ratu::store::reserve_certs(&mut b, &serial, &[&reserved]);
    b.commit(ra.store()).await.unwrap();
    rec = ra.cert_list(&s.aud, Some(CertStatus::Pending), None, 10).await.unwrap();
    assert_eq!(rec.len(), 1);
    let done = ra.act(&s.ra1, id, Action::Issue, None, None).await.unwrap();
    assert_eq!(done.cert_serial.as_deref(), Some(serial.as_str()));
    assert!(
        ra.cert_list(&s.aud, Some(CertStatus::Pending), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        ra.store().reservations().await.unwrap().is_empty(),
        "the reservation is released"
    );
    assert_eq!(
        ra.cert_show(&s.aud, &serial).await.unwrap().record.state,
        CertState::Issued
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn expiry_reminders_are_queued_once_at_30_and_7_days() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let serial = issued(&ra, &s, 9).await;
    let not_after = ra.cert_show(&s.aud, &serial).await.unwrap().record.not_after;
    let at = |t| Ra::new(ra.store().clone(), ra.config().clone(), ratu::ra::Clock::Fixed(t));
    assert_eq!(
        at(not_after - Duration::days(60)).expiry_watch(&s.admin).await.unwrap(),
        0
    );
    let soon = at(not_after - Duration::days(20));
    assert_eq!(soon.expiry_watch(&s.admin).await.unwrap(), 1);
    assert_eq!(soon.expiry_watch(&s.admin).await.unwrap(), 0, "once only");
    let listed = soon
        .cert_list(&s.aud, Some(CertStatus::Expiring), None, 10)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        at(not_after - Duration::days(3)).expiry_watch(&s.admin).await.unwrap(),
        1
    );
    let mail = ra.store().unsent_mail().await.unwrap();
    let reminders: Vec<_> = mail.iter().filter(|m| m.notice == "expiring").collect();
    assert_eq!(reminders.len(), 2);
    assert!(reminders[0].subject.contains("30") || reminders[0].subject.contains("20"));
    let expired = at(not_after + Duration::days(1));
    let listed = expired
        .cert_list(&s.aud, Some(CertStatus::Expired), None, 10)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn ca_setup_refuses_weak_passphrases_a_second_ca_and_non_admins() {
    let dir = tempfile::tempdir().unwrap();
    let ra = ra_with_ca_dir(&DbTarget::Memory, dir.path(), t0()).await;
    let s = staff(&ra).await;
    let spec = ratu::ca::HierarchySpec {
        alg: KeyAlg::Rsa2048,
        root_urls: CaUrls::default(),
        ..Default::default()
    };
    let e = ra.ca_init(&s.ra1, &spec, CA_PASS).await.unwrap_err();
    assert!(e.to_string().contains("only a ca_admin"), "{e}");
    let e = ra.ca_init(&s.admin, &spec, "short").await.unwrap_err();
    assert!(e.to_string().contains("passphrase"), "{e}");
    assert!(!ra.ca_exists(), "nothing written");
    ra.ca_init(&s.admin, &spec, CA_PASS).await.unwrap();
    let key = dir.path().join("ca/issuing.key");
    let meta = std::fs::metadata(&key).unwrap();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o777,
        0o600
    );
    let folder = std::fs::metadata(dir.path().join("ca")).unwrap();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&folder.permissions()) & 0o777,
        0o700
    );
    assert!(std::fs::read_to_string(&key).unwrap().contains("ENCRYPTED PRIVATE KEY"));
    let e = ra.ca_init(&s.admin, &spec, CA_PASS).await.unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_revocation_list_is_read_in_chunks_and_signed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let n = 41_000;
    let mut i = 0;
    while i < n {
        let mut b = Batch::new();
        for _ in i..(i + 5000).min(n) {
            let s = ratu::ca::Serial::random();
            let entry = ratu::ca::encode_revoked(&ratu::ca::RevokedEntry {
                serial: s,
                revoked_at: t0(),
                reason: RevocationReason::Superseded,
                invalidity: None,
            });
            ratu::store::insert_crl_entry(&mut b, &s.to_string(), t0(), RevocationReason::Superseded, None, &entry);
        }
        b.commit(ra.store()).await.unwrap();
        i += 5000;
    }
    let p = ra.publish_crl(&s.admin).await.unwrap();
    assert_eq!(p.entries, n);
    let crl = std::fs::read(dir.path().join("publish/issuing-ca.crl")).unwrap();
    let i = ratu::ca::inspect("crl", &crl, None).unwrap();
    assert_eq!(i.revoked_count, Some(n));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bulk_approval_issues_together_and_a_stale_case_is_refused_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    let mut targets = Vec::new();
    for n in 20..24 {
        let c = ra
            .new_case(&s.ver1, new_case(CaseKind::Issuance, n), &docs(CaseKind::Issuance))
            .await
            .unwrap();
        to_ra_review(&ra, &s, c.id).await;
        let c = applicant_sets_passphrase(&ra, &s.admin, c.id).await;
        targets.push((c.id, Some(c.version)));
    }
    // The third was changed by someone else after the officer looked.
    let (stale_id, stale_version) = (targets[2].0, targets[2].1.unwrap());
    ra.act(&s.ra2, stale_id, Action::Hold, Some("tunggu surat"), None)
        .await
        .unwrap();
    let results = ra.act_many(&s.ra1, &targets, Action::Approve, None).await;
    assert_eq!(results.len(), 4);
    for (i, (id, r)) in results.iter().enumerate() {
        assert_eq!(*id, targets[i].0);
        if *id == stale_id {
            let e = r.as_ref().unwrap_err();
            assert!(e.is_stale(), "{e}");
            continue;
        }
        let case = r.as_ref().unwrap();
        assert_eq!(case.state, CaseState::Issued);
        let serial = case.cert_serial.as_deref().unwrap();
        assert_eq!(
            ra.cert_show(&s.aud, serial).await.unwrap().record.state,
            CertState::Issued
        );
    }
    assert_eq!(
        ra.case(stale_id).await.unwrap().version,
        stale_version + 1,
        "only the hold"
    );
    assert!(ra.store().reservations().await.unwrap().is_empty());
    // One reservation event for the three issued together.
    let trail = ra.audit_trail(&s.aud).await.unwrap();
    let reserved: Vec<_> = trail.iter().filter(|l| l.action == "cert_reserve").collect();
    assert_eq!(reserved.len(), 1);
    assert_eq!(reserved[0].detail.matches("serial").count(), 3);
}
