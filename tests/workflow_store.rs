//! The use-cases on a real SurrealDB (mem://): the whole flow, four eyes,
//! stale versions, counts, documents and the outbox.

mod common;

use common::*;
use ratu::domain::{Action, CaseKind, CaseState, CertState, CheckItem, DocKind};
use ratu::ra::RaError;
use ratu::store::{CaseFilter, StoreError};

#[tokio::test]
async fn issuance_runs_from_draft_to_approved_with_audit_and_mail() {
    let (ra, s) = staffed().await;
    let c = ra
        .new_case(&s.ver1, new_case(CaseKind::Issuance, 1), &docs(CaseKind::Issuance))
        .await
        .unwrap();
    assert_eq!(c.state, CaseState::Draft);
    let id = c.id;
    to_ra_review(&ra, &s, id).await;
    let refused = ra
        .act(&s.ver1, id, Action::SetPassphrase, None, None)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("applicant's own step"), "{refused}");
    let c = applicant_sets_passphrase(&ra, &s.admin, id).await;
    assert!(c.is_ticked(ratu::domain::CheckItem::AgreementAccepted));
    assert_eq!(c.updated_by, format!("applicant:{id}"));
    // No CA here: the approval stands and the case waits for issuing.
    let done = ra.act(&s.ra1, id, Action::Approve, None, None).await.unwrap();
    assert_eq!(done.state, CaseState::Approved);
    assert_eq!(done.verified_by.as_deref(), Some("ver1"));

    let view = ra.show(&s.aud, id).await.unwrap();
    let actions: Vec<_> = view.history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions[..3], ["case_new", "document_add", "document_add"]);
    assert!(
        actions.contains(&"verify")
            && actions.ends_with(&[
                "link_send",
                "document_add",
                "agreement_accept",
                "set_passphrase",
                "approve"
            ])
    );
    let notices: Vec<_> = view.mail.iter().map(|m| m.notice.as_str()).collect();
    assert_eq!(notices, ["identity_data_link", "set_passphrase_link"]);
    let first = &ra.store().mail_for_case(id).await.unwrap()[0].message;
    assert!(
        first.contains("igusti1@baliprov.go.id") && first.contains("Lengkapi data identitas"),
        "{first}"
    );
    // The outbox keeps a placeholder: the token exists only in the e-mail sent.
    assert!(first.contains(ratu::ra::LINK_PLACEHOLDER), "{first}");
    assert_eq!(ra.verify_audit().await.unwrap().broken, None);
}

#[tokio::test]
async fn the_verifier_of_a_case_cannot_approve_it_even_with_both_roles_elsewhere() {
    let (ra, s) = staffed().await;
    holding(&ra, 2).await;
    let c = ra
        .new_case(&s.ver1, new_case(CaseKind::Revocation, 2), &docs(CaseKind::Revocation))
        .await
        .unwrap();
    for item in CheckItem::for_kind(CaseKind::Revocation) {
        ra.tick(&s.ver1, c.id, *item, true, None).await.unwrap();
    }
    ra.act(&s.ver1, c.id, Action::Forward, None, None).await.unwrap();
    // A verifier cannot revoke (role) ...
    let e = ra.act(&s.ver1, c.id, Action::Revoke, None, None).await.unwrap_err();
    assert!(e.to_string().contains("is for ra_officer"), "{e}");
    // ... and an RA officer named like the verifier is refused by four eyes.
    let same = ratu::domain::Operator::new("ver1", ratu::domain::Role::RaOfficer);
    let e = ra.act(&same, c.id, Action::Revoke, None, None).await.unwrap_err();
    assert!(e.to_string().contains("four eyes"), "{e}");
    // The auditor changes nothing.
    let e = ra.act(&s.aud, c.id, Action::Reject, Some("x"), None).await.unwrap_err();
    assert!(e.to_string().contains("not for a auditor"), "{e}");
    let ok = ra.act(&s.ra2, c.id, Action::Revoke, None, None).await.unwrap();
    assert_eq!(ok.state, CaseState::Revoked);
}

#[tokio::test]
async fn a_stale_version_is_refused_with_who_and_when() {
    let (ra, s) = staffed().await;
    holding(&ra, 3).await;
    let c = ra
        .new_case(&s.ver1, new_case(CaseKind::Update, 3), &docs(CaseKind::Update))
        .await
        .unwrap();
    ra.tick(&s.ver2, c.id, CheckItem::KtpMatches, true, Some(c.version))
        .await
        .unwrap();
    let e = ra
        .act(
            &s.ver1,
            c.id,
            Action::Hold,
            Some("need the form signed"),
            Some(c.version),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, RaError::Store(StoreError::Stale { ref by, .. }) if by == "ver2"),
        "{e}"
    );
    assert!(e.to_string().starts_with("changed by ver2 at 2026-11-02"), "{e}");
    assert!(e.to_string().ends_with("— reload"), "{e}");
    let still = ra.case(c.id).await.unwrap();
    assert_eq!(still.state, CaseState::Submitted);
}

#[tokio::test]
async fn the_store_refuses_a_write_based_on_an_old_version() {
    // Two writers read version 1; the second commit must fail in the store
    // itself, not only in the ra pre-check.
    let (ra, s) = staffed().await;
    holding(&ra, 4).await;
    let c = ra
        .new_case(&s.ver1, new_case(CaseKind::Update, 4), &docs(CaseKind::Update))
        .await
        .unwrap();
    let a = c.with_tick(CheckItem::KtpMatches, true, &s.ver1, common::t0());
    let b = c.with_tick(CheckItem::EmailActive, true, &s.ver2, common::t0());
    let mut t1 = ratu::store::Batch::new();
    ratu::store::update_case(&mut t1, &c, &a);
    t1.commit(ra.store()).await.unwrap();
    let mut t2 = ratu::store::Batch::new();
    ratu::store::update_case(&mut t2, &c, &b);
    let e = t2.commit(ra.store()).await.unwrap_err();
    assert!(matches!(e, StoreError::Stale { ref by, .. } if by == "ver1"), "{e}");
}

#[tokio::test]
async fn one_open_case_per_subscriber_and_kind() {
    let (ra, s) = staffed().await;
    ra.new_case(&s.ver1, new_case(CaseKind::Issuance, 5), &[])
        .await
        .unwrap();
    let e = ra
        .new_case(&s.ver2, new_case(CaseKind::Issuance, 5), &[])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("already has an open issuance case"), "{e}");
    // Another kind is fine.
    holding(&ra, 5).await;
    ra.new_case(&s.ver2, new_case(CaseKind::Update, 5), &[]).await.unwrap();
}

#[tokio::test]
async fn notes_are_required_and_nothing_is_written_without_one() {
    let (ra, s) = staffed().await;
    holding(&ra, 6).await;
    let c = ra.new_case(&s.ver1, new_case(CaseKind::Update, 6), &[]).await.unwrap();
    let e = ra.act(&s.ver1, c.id, Action::Reject, None, None).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "refused: reject needs a note (--note TEXT) giving the reason"
    );
    assert_eq!(ra.case(c.id).await.unwrap().version, c.version);
    let r = ra
        .act(&s.ver1, c.id, Action::Reject, Some("Data tidak sesuai"), None)
        .await
        .unwrap();
    assert_eq!(r.state, CaseState::Rejected);
    // The update held the certificate (cert_held), the rejection tells the
    // reason and releases the hold (hold_released).
    let mail = ra.store().mail_for_case(c.id).await.unwrap();
    let notices: Vec<&str> = mail.iter().map(|m| m.notice.as_str()).collect();
    assert_eq!(notices, ["cert_held", "rejected", "hold_released"]);
    assert!(mail[1].message.contains("Data tidak sesuai"));
}

#[tokio::test]
async fn counts_kept_with_each_change_match_a_full_scan() {
    let (ra, s) = staffed().await;
    for i in 0..6 {
        holding(&ra, 10 + i as u32).await;
        let kind = ratu::domain::CaseKind::ALL[i % 4];
        let c = ra
            .new_case(&s.ver1, new_case(kind, 10 + i as u32), &docs(kind))
            .await
            .unwrap();
        if i % 2 == 0 {
            ra.act(&s.ver1, c.id, Action::Cancel, Some("duplicate"), None)
                .await
                .unwrap();
        }
    }
    let counts = ra.counts(&s.aud).await.unwrap();
    let scan = ra
        .store()
        .raw("SELECT kind, state, count() AS n FROM case GROUP BY kind, state;")
        .await
        .unwrap();
    let rows = scan.last().unwrap().as_array().unwrap();
    let mut total = 0;
    for r in rows {
        let kind: CaseKind = r["kind"].as_str().unwrap().parse().unwrap();
        let state: CaseState = r["state"].as_str().unwrap().parse().unwrap();
        assert_eq!(counts.get(kind, state), r["n"].as_u64().unwrap(), "{kind} {state}");
        total += r["n"].as_u64().unwrap();
    }
    assert_eq!(total, 6);
    let page = ra.store().queue_page(CaseKind::Issuance, 0, 50).await.unwrap();
    assert!(
        page.iter()
            .all(|c| c.kind == CaseKind::Issuance && c.state.is_pending())
    );
    let pending = ra
        .list(
            &s.aud,
            &CaseFilter {
                pending_only: true,
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(pending.len(), 3);
}

#[tokio::test]
async fn documents_round_trip_byte_identical_and_bad_files_are_refused() {
    let (ra, s) = staffed().await;
    let c = ra
        .new_case(&s.ver1, new_case(CaseKind::Issuance, 20), &[])
        .await
        .unwrap();
    let mut big_png = ratu::ra::demo::DEMO_PNG.to_vec();
    big_png.extend(std::iter::repeat_n(0xa5u8, 300_000));
    let info = ra
        .attach(&s.ver1, c.id, DocKind::Ktp, "ktp.png", &big_png)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("back.png");
    ra.export_document(&s.ver2, &info.id, &out).await.unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), big_png);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);

    let e = ra
        .attach(&s.ver1, c.id, DocKind::Ktp, "scan.pdf", b"MZ\x90\x00 not a pdf")
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "scan.pdf: not a PDF, JPEG or PNG file (by its content)");
    let huge = [b"%PDF-".as_slice(), &vec![0u8; 10 * 1024 * 1024]].concat();
    let e = ra
        .attach(&s.ver1, c.id, DocKind::Form, "big.pdf", &huge)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("over the 10 MiB limit"), "{e}");
    assert_eq!(ra.documents(c.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn only_a_ca_admin_adds_operators_and_pins_are_hashed() {
    let (ra, s) = staffed().await;
    let e = ra
        .add_operator(Some(&s.ver1), "x1", ratu::domain::Role::Verifier, "123456")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("only a ca_admin"), "{e}");
    assert!(ra.sign_in("ver1", "123456").await.is_ok());
    assert!(matches!(ra.sign_in("ver1", "654321").await, Err(RaError::SignIn)));
    assert!(matches!(ra.sign_in("nobody", "123456").await, Err(RaError::SignIn)));
    let raw = ra.store().raw("SELECT VALUE pin_hash FROM operator;").await.unwrap();
    let text = serde_json::to_string(&raw).unwrap();
    assert!(text.contains("$argon2id$") && !text.contains("123456"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_racing_on_the_audit_chain_never_fork_it() {
    let (ra, s) = staffed().await;
    let ra = std::sync::Arc::new(ra);
    let mut tasks = Vec::new();
    for w in 0..4u64 {
        let (ra, ver) = (ra.clone(), s.ver1.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..5u64 {
                let n = (100 + w * 10 + i) as u32;
                ra.new_case(&ver, new_case(CaseKind::Issuance, n), &[]).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let report = ra.verify_audit().await.unwrap();
    assert_eq!(report.broken, None);
    let rows = ra.store().audit_rows().await.unwrap();
    let new = rows.iter().filter(|r| r.body.contains("\"case_new\"")).count();
    assert_eq!(new, 20, "every racing writer's event is in the chain once");
}

#[tokio::test]
async fn a_version_1_database_is_migrated_and_still_refuses_bad_data() {
    use ratu::store::{DbTarget, Store};
    let dir = tempfile::tempdir().unwrap();
    let target = DbTarget::Embedded(dir.path().join("db"));
    {
        // What version 1 left: a regex check and a unique index on serial.
        let s = Store::open(&target).await.unwrap();
        s.raw(
            "DEFINE FIELD OVERWRITE serial ON cert TYPE string ASSERT string::matches($value, /^[0-9a-f]{2,64}$/);\
             DEFINE INDEX OVERWRITE cert_serial ON cert FIELDS serial UNIQUE;\
             UPSERT meta:schema MERGE { version: 1 };",
        )
        .await
        .unwrap();
    }
    let s = reopen(&target).await;
    let version = s.raw("RETURN meta:schema.version;").await.unwrap();
    assert_eq!(version, [serde_json::json!(ratu::store::SCHEMA_VERSION)]);
    let info = s.raw("INFO FOR TABLE cert;").await.unwrap();
    let info = info[0].to_string();
    assert!(
        !info.contains("FIELDS serial UNIQUE") && info.contains("is_hexadecimal"),
        "{info}"
    );
    // The checks without regexes still refuse what the regexes refused.
    let cert = |serial: &str| {
        format!(
            "CREATE cert:x CONTENT {{ serial: '{serial}', holder: 'x', profile: 'signing', subject_dn: 'CN=x', \
             issuer_dn: 'CN=y', not_before: d'2026-01-01T00:00:00Z', not_after: d'2027-01-01T00:00:00Z', \
             state: 'issued', ours: true, reminded: [] }};"
        )
    };
    for bad in ["0A1B", "0x1b", "g1", "1", &"a".repeat(65)] {
        assert!(s.raw(&cert(bad)).await.is_err(), "serial {bad} accepted");
    }
    s.raw(&cert("0a1b")).await.unwrap();
    let (ra, st) = staffed().await;
    let c = ra
        .new_case(&st.ver1, new_case(CaseKind::Issuance, 7), &[])
        .await
        .unwrap();
    for bad in ["327301120390000١", "32730112039000", "32730112039000ab"] {
        let e = ra
            .store()
            .raw(&format!("UPDATE case:{} SET subscriber.nik = '{bad}';", c.id))
            .await;
        assert!(e.is_err(), "NIK {bad} accepted");
    }
}

/// Opens the database again once the previous handle has let go of the
/// folder's lock (it does so as it shuts down).
async fn reopen(target: &ratu::store::DbTarget) -> ratu::store::Store {
    let mut tries = 0;
    loop {
        match ratu::store::Store::open(target).await {
            Err(ratu::store::StoreError::Locked(_)) if tries < 100 => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            r => break r.unwrap(),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_2_reservation_moves_to_the_reservation_table() {
    use ratu::store::{DbTarget, Store};
    let dir = tempfile::tempdir().unwrap();
    let target = DbTarget::Embedded(dir.path().join("db"));
    {
        // What version 2 left after a crash between intent and signature:
        // a certificate row in state `reserved` and a per-case intent.
        let s = Store::open(&target).await.unwrap();
        s.raw(
            "DEFINE TABLE cert_intent SCHEMAFULL; DEFINE FIELD serial ON cert_intent TYPE string;\
             CREATE cert:0a1b CONTENT { serial: '0a1b', case_id: 7, holder: 'Siti', profile: 'signing', subject_dn: '', \
             issuer_dn: 'CN=y', not_before: d'2026-01-01T00:00:00Z', not_after: d'2027-01-01T00:00:00Z', \
             state: 'reserved', ours: true, reminded: [] };\
             CREATE cert:0c1d CONTENT { serial: '0c1d', case_id: 8, holder: 'Budi', profile: 'signing', subject_dn: 'CN=Budi', \
             issuer_dn: 'CN=y', not_before: d'2026-01-01T00:00:00Z', not_after: d'2027-01-01T00:00:00Z', \
             state: 'issued', ours: true, reminded: [] };\
             CREATE cert_intent:7 CONTENT { serial: '0a1b' };\
             UPSERT meta:schema MERGE { version: 2 };",
        )
        .await
        .unwrap();
    }
    let s = reopen(&target).await;
    assert_eq!(
        s.raw("RETURN meta:schema.version;").await.unwrap(),
        [serde_json::json!(ratu::store::SCHEMA_VERSION)]
    );
    let held = s.reserved_certs().await.unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].serial.as_str(), held[0].case_id, held[0].holder.as_str()),
        ("0a1b", Some(7), "Siti")
    );
    assert_eq!(s.certs_by_serial("0a1b").await.unwrap()[0].state, CertState::Reserved);
    assert_eq!(s.cert_at("CN=y", "0c1d").await.unwrap().state, CertState::Issued);
    let rows = s.raw("SELECT VALUE serial FROM cert;").await.unwrap();
    assert_eq!(rows, [serde_json::json!(["0c1d"])]);
    let db = s.raw("INFO FOR DB;").await.unwrap()[0].to_string();
    assert!(!db.contains("cert_intent") && db.contains("cert_reservation"), "{db}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_3_store_keys_certificates_by_issuer_and_serial_and_gains_holders() {
    use ratu::store::{DbTarget, Store};
    let dir = tempfile::tempdir().unwrap();
    let target = DbTarget::Embedded(dir.path().join("db"));
    {
        // What version 3 wrote: certificates keyed by serial alone, a case
        // naming its certificate by serial only, no holders.
        let s = Store::open(&target).await.unwrap();
        s.raw(
            "REMOVE TABLE holder; REMOVE FIELD nik ON cert; REMOVE FIELD cert_issuer ON case; \
             REMOVE FIELD changes ON case; REMOVE INDEX cert_serial ON cert;\
             CREATE case:7 CONTENT { kind: 'issuance', state: 'issued', pending: false, open_slot: '7', \
             subscriber: { name: 'Siti Rahayu', nik: '3273015203900001', email: 'siti@bandung.go.id', \
             agency: 'Diskominfo', employment: 'pns' }, created_at: d'2026-01-01T00:00:00Z', created_by: 'ver1', \
             updated_at: d'2026-01-02T00:00:00Z', updated_by: 'ra1', due_at: d'2026-01-04T00:00:00Z', version: 9, \
             checklist: [], documents: [], cert_serial: '0c1d' };\
             CREATE cert:0c1d CONTENT { serial: '0c1d', case_id: 7, holder: 'Siti Rahayu', profile: 'signing', \
             subject_dn: 'CN=Siti Rahayu', issuer_dn: 'CN=Issuing', not_before: d'2026-01-01T00:00:00Z', \
             not_after: d'2028-01-01T00:00:00Z', state: 'issued', ours: true, reminded: [], sha256: 'ab' };\
             CREATE cert:01 CONTENT { serial: '01', holder: 'Root A', profile: 'imported', subject_dn: 'CN=Root A', \
             issuer_dn: 'CN=Root A', not_before: d'2026-01-01T00:00:00Z', not_after: d'2036-01-01T00:00:00Z', \
             state: 'issued', ours: false, reminded: [] };\
             UPSERT meta:schema MERGE { version: 3 };",
        )
        .await
        .unwrap();
    }
    let s = reopen(&target).await;
    assert_eq!(
        s.raw("RETURN meta:schema.version;").await.unwrap(),
        [serde_json::json!(ratu::store::SCHEMA_VERSION)]
    );
    let c = s.cert_at("CN=Issuing", "0c1d").await.unwrap();
    assert_eq!(c.nik.as_deref(), Some("3273015203900001"));
    assert_eq!(c.case_id, Some(7));
    assert_eq!(s.cert_at("CN=Root A", "01").await.unwrap().nik, None);
    let keys = s
        .raw("SELECT VALUE record::id(id) FROM cert ORDER BY serial;")
        .await
        .unwrap();
    assert_eq!(keys, [serde_json::json!([["CN=Root A", "01"], ["CN=Issuing", "0c1d"]])]);
    let h = s
        .holder("3273015203900001")
        .await
        .unwrap()
        .expect("holder made from the case");
    assert_eq!(h.data.name, "Siti Rahayu");
    let case = s.case(7).await.unwrap();
    assert_eq!(case.cert_issuer.as_deref(), Some("CN=Issuing"));
    assert_eq!(case.version, 9);
    // A second import of the same issuer's serial is now its own record.
    assert_eq!(s.certs_by_serial("01").await.unwrap().len(), 1);
}

/// Group commit: many officers' steps at the same moment in one process
/// are committed together; a step refused inside the transaction (two
/// officers on one version of one case) refuses only itself, and the chain
/// holds every event once, in order.
#[tokio::test(flavor = "multi_thread")]
async fn steps_committed_together_each_get_their_own_answer_and_the_chain_stays_whole() {
    let (ra, s) = staffed().await;
    let mut cases = Vec::new();
    for n in 1..=24 {
        let c = ra
            .new_case(&s.ver1, new_case(CaseKind::Issuance, n), &docs(CaseKind::Issuance))
            .await
            .unwrap();
        cases.push(c);
    }
    let before = ra.verify_audit().await.unwrap().events;
    let mut tasks = Vec::new();
    // Case 0 twice, both at the version read: one wins, one is stale.
    let twice = [(cases[0].clone(), CheckItem::EmailActive)];
    for (c, item) in cases.iter().map(|c| (c.clone(), CheckItem::KtpMatches)).chain(twice) {
        let (ra, op) = (ra.clone(), s.ver1.clone());
        tasks.push(tokio::spawn(async move {
            (c.id, ra.tick(&op, c.id, item, true, Some(c.version)).await)
        }));
    }
    let mut done = Vec::new();
    for t in tasks {
        done.push(t.await.unwrap());
    }
    let first: Vec<_> = done.iter().filter(|(id, _)| *id == cases[0].id).collect();
    assert_eq!(first.iter().filter(|(_, r)| r.is_ok()).count(), 1, "{first:?}");
    assert!(
        first.iter().any(|(_, r)| r.as_ref().is_err_and(|e| e.is_stale())),
        "{first:?}"
    );
    let others: Vec<_> = done.iter().filter(|(id, _)| *id != cases[0].id).collect();
    assert!(others.iter().all(|(_, r)| r.is_ok()), "{others:?}");
    let report = ra.verify_audit().await.unwrap();
    assert_eq!((report.events, report.broken), (before + 24, None));
}
