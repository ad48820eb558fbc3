//! Databases of every earlier schema version (tests/fixtures/schema_vN.surql,
//! each written as that version wrote it: see make_schema_fixtures.py)
//! opened with the current code: the schema version moves to
//! SCHEMA_VERSION, the operators (a verifier with every agency named),
//! the list of agencies, cases, certificates, holders, queues and
//! reservations read back with their data, and the audit chain verifies,
//! before and after a new event. A tampered event still fails.

use chrono::{TimeZone, Utc};
use ratu::domain::{CaseFilter, CaseKind, CaseState, CertState, DocKind, RevocationReason, Role};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{DbTarget, SCHEMA_VERSION, Store};
use sha2::{Digest, Sha256};

const NIK1: &str = "3273015708900001";
const NIK2: &str = "3273014405910002";
const S1: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const S4: &str = "4f3e2d1c0b0a99887766554433221100";
const ISSUER: &str = "CN=Corpus CA,O=ratu test";
const LEAF_DER: &[u8] = include_bytes!("corpus/leaf.der");

fn fixture(version: i64) -> String {
    let path = format!("{}/tests/fixtures/schema_v{version}.surql", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A mem:// database holding `sql` (written before any schema of this
/// version), then opened the way `Store::open` opens it.
async fn migrated(sql: &str) -> Ra {
    let store = Store::open_unmigrated(&DbTarget::Memory).await.expect("opens");
    store.raw(sql).await.expect("the fixture imports");
    store.apply_schema().await.expect("migrates");
    let now = Utc.with_ymd_and_hms(2026, 2, 1, 9, 0, 0).unwrap();
    Ra::new(store, RaConfig::default(), Clock::Fixed(now))
}

async fn stored_version(ra: &Ra) -> i64 {
    let v = ra
        .store()
        .raw("SELECT VALUE version FROM ONLY meta:schema;")
        .await
        .unwrap();
    v.last().and_then(|v| v.as_i64()).expect("a schema version")
}

async fn check(version: i64) {
    let ra = migrated(&fixture(version)).await;
    assert_eq!(stored_version(&ra).await, SCHEMA_VERSION, "v{version}");
    // The chain verifies as that version wrote it.
    let events = if version >= 2 { 8 } else { 6 };
    let report = ra.verify_audit().await.unwrap();
    assert_eq!((report.events, report.broken), (events, None), "v{version}");

    // Operators sign in with the PIN their stored argon2id hash was made from.
    let mut ops: Vec<(String, Role)> = ra
        .operators()
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.name, o.role))
        .collect();
    ops.sort();
    assert_eq!(
        ops,
        vec![
            ("admin".to_string(), Role::CaAdmin),
            ("ra1".to_string(), Role::RaOfficer),
            ("ver1".to_string(), Role::Verifier)
        ],
        "v{version}"
    );
    let ver1 = ra.sign_in("ver1", "123456").await.expect("ver1 signs in");
    assert!(
        ra.sign_in("ver1", "654321").await.is_err(),
        "v{version}: a wrong PIN is refused"
    );

    // Cases, with their subscriber, checklist, documents and notes.
    let c1 = ra.case(1).await.expect("case 1");
    assert_eq!((c1.kind, c1.state), (CaseKind::Issuance, CaseState::Issued));
    assert_eq!(c1.subscriber.name, "Budi Santoso");
    assert_eq!(c1.subscriber.nik.to_string(), NIK1);
    assert_eq!(c1.checklist.len(), 4);
    assert_eq!(c1.documents, vec![DocKind::Ktp, DocKind::Recommendation]);
    assert_eq!(c1.cert_serial.as_deref(), Some(S1));
    let c2 = ra.case(2).await.expect("case 2");
    assert_eq!(c2.state, CaseState::VerifierReview);
    assert_eq!(c2.last_note.as_deref(), Some("menunggu KTP asli"));
    let c3 = ra.case(3).await.expect("case 3");
    assert_eq!(c3.revocation_reason, Some(RevocationReason::KeyCompromise));

    // Pending cases are in their queue tables (version 1 kept one `queue`).
    for (kind, want) in [(CaseKind::Issuance, vec![2]), (CaseKind::Revocation, vec![3])] {
        let f = CaseFilter {
            kind: Some(kind),
            pending_only: true,
            limit: 100,
            ..Default::default()
        };
        let queue: Vec<u64> = ra.list(&ver1, &f).await.unwrap().iter().map(|c| c.id).collect();
        assert_eq!(queue, want, "v{version}: {kind:?} queue");
    }

    // Holders (made by migration 4 from the cases before version 4).
    let holder = ra.holder_show(&ver1, NIK2, true).await.expect("holder of NIK2");
    assert_eq!(holder.data["name"], "Sari Wulandari", "v{version}");

    // An e-mail with an old guessable link is withdrawn (migration 5);
    // one of version 5, with a one-time link to make, is not.
    let withdrawn = ra
        .store()
        .raw("SELECT VALUE withdrawn_at FROM ONLY outbox:5;")
        .await
        .unwrap();
    assert_eq!(
        withdrawn.last().is_some_and(|v| !v.is_null()),
        version < 5,
        "v{version}: {withdrawn:?}"
    );
    if version >= 5 {
        let admin = ra.sign_in("admin", "123456").await.unwrap();
        assert_eq!(ra.links(&admin, 2).await.unwrap().len(), 1, "v{version}");
    }

    // The agencies the cases, holders and certificates named are on the
    // list, as stored (migration 6), and every verifier has them all.
    let mut named = vec!["Dinas Komunikasi dan Informatika".to_string()];
    if version >= 5 {
        named.insert(0, "Dinas  Kesehatan Kota Bandung".to_string());
    }
    assert_eq!(ra.agencies().await.unwrap(), named, "v{version}");
    assert_eq!(ver1.agencies, named, "v{version}");
    for o in ra.operators().await.unwrap() {
        let want = if o.role == Role::Verifier {
            named.clone()
        } else {
            vec![]
        };
        assert_eq!(o.agencies, want, "v{version}: {}", o.name);
    }
    assert_eq!(
        ra.listed_agency(" dinas komunikasi  dan informatika").await.unwrap(),
        "Dinas Komunikasi dan Informatika"
    );
    if version >= 5 {
        assert_eq!(
            ra.listed_agency("Dinas Kesehatan Kota Bandung").await.unwrap(),
            "Dinas  Kesehatan Kota Bandung"
        );
    }

    if version >= 2 {
        // The issued certificate, keyed by issuer and serial, linked to its holder.
        let view = ra.cert_show(&ver1, S1).await.expect("certificate");
        assert_eq!(view.record.state, CertState::Issued);
        assert_eq!(view.record.issuer_dn, ISSUER);
        assert_eq!(view.record.nik.as_deref(), Some(NIK1), "v{version}");
        assert_eq!(
            view.record.sha256.as_deref(),
            Some(hex::encode(Sha256::digest(LEAF_DER)).as_str())
        );
        assert_eq!(
            ra.case(1).await.unwrap().cert_issuer.as_deref(),
            Some(ISSUER),
            "v{version}"
        );
        // The reservation of the approved case survives, and no `reserved` row.
        let reserved: Vec<String> = ra
            .store()
            .reserved_certs()
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.serial)
            .collect();
        assert_eq!(reserved, vec![S4.to_string()], "v{version}");
        let rows = ra
            .store()
            .raw("SELECT VALUE serial FROM cert WHERE state = 'reserved';")
            .await
            .unwrap();
        assert_eq!(
            rows.last(),
            Some(&serde_json::json!([])),
            "v{version}: no `reserved` rows"
        );
    }

    // The chain verifies after new events of this version.
    let before = ra.verify_audit().await.unwrap();
    assert_eq!(before.broken, None, "v{version}");
    let admin = ra.sign_in("admin", "123456").await.unwrap();
    // Schema 9: every case has a timeline, a closed one its closure, and a
    // report over all time counts every case.
    let rows = ra
        .store()
        .raw("SELECT VALUE [array::len(timeline ?? []), pending, closed_at != NONE] FROM case;")
        .await
        .unwrap();
    let rows = rows.last().and_then(|r| r.as_array()).cloned().unwrap_or_default();
    assert!(!rows.is_empty(), "v{version}");
    for r in &rows {
        assert!(r[0].as_u64().unwrap_or(0) >= 1, "v{version}: no timeline {r}");
        assert_eq!(r[2].as_bool(), r[1].as_bool().map(|p| !p), "v{version}: closed_at {r}");
    }
    let ask = ratu::domain::report::ReportAsk {
        period: ratu::domain::report::Period::days("2000-01-01", "2099-12-31").unwrap(),
        agency: None,
        trace: false,
    };
    let all = ra.report(&admin, &ask).await.expect("a report over the migrated cases");
    let received = all
        .table("received")
        .unwrap()
        .rows
        .last()
        .unwrap()
        .last()
        .unwrap()
        .plain();
    assert_eq!(received, rows.len().to_string(), "v{version}");
    ra.reveal_nik(&admin, 2).await.expect("an audited action");
    let report = ra.verify_audit().await.unwrap();
    assert_eq!((report.events, report.broken), (before.events + 1, None), "v{version}");
}

#[tokio::test]
async fn schema_1_migrates_and_its_chain_verifies() {
    check(1).await;
}

#[tokio::test]
async fn schema_2_migrates_and_its_chain_verifies() {
    check(2).await;
}

#[tokio::test]
async fn schema_3_migrates_and_its_chain_verifies() {
    check(3).await;
}

#[tokio::test]
async fn schema_4_migrates_and_its_chain_verifies() {
    check(4).await;
}

#[tokio::test]
async fn schema_5_migrates_and_its_chain_verifies() {
    check(5).await;
}

#[tokio::test]
async fn a_tampered_event_in_an_old_database_fails_verification() {
    // The versions with a fixture (6 to 7 adds defaults and drops the
    // operators' database access; schema_7_adds_operator_standing checks it).
    for version in 1..=5 {
        let tampered = format!(
            "{}\nUPDATE audit:3 SET body = string::replace(body, '\"ra1\"', '\"admin\"');",
            fixture(version)
        );
        let ra = migrated(&tampered).await;
        let report = ra.verify_audit().await.unwrap();
        assert_eq!(
            report.broken,
            Some(ratu::domain::audit::ChainBreak::Altered { seq: 3 }),
            "v{version}"
        );
    }
}

#[tokio::test]
async fn schema_7_adds_operator_standing() {
    let ra = migrated(&fixture(5)).await;
    // Every operator of before starts enabled, unlocked, with no PIN to
    // change, and signs in with the PIN they had.
    let ops = ra.operators().await.unwrap();
    assert!(!ops.is_empty());
    for op in ops {
        let (signed, change) = ra.check_pin(&op.name, "123456", "test").await.unwrap();
        assert_eq!((signed.name, change), (op.name, false));
    }
}
