//! The embedded SurrealKV store: data survives close and reopen.

mod common;

use common::*;
use ratu::domain::{Action, CaseKind, CaseState};
use ratu::store::DbTarget;

#[tokio::test]
async fn cases_and_the_audit_chain_survive_close_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let target = DbTarget::Embedded(dir.path().join("db"));
    let id = {
        let ra = ra_on(&target).await;
        let admin = ra
            .add_operator(None, "admin", ratu::domain::Role::CaAdmin, "123456")
            .await
            .unwrap();
        let agency = ra.add_agency(&admin, common::AGENCIES[0]).await.unwrap();
        let v = ra
            .add_operator_in(Some(&admin), "ver1", ratu::domain::Role::Verifier, &[agency], "123456")
            .await
            .unwrap();
        holding(&ra, 40).await;
        let c = ra
            .new_case(&v, new_case(CaseKind::Update, 40), &docs(CaseKind::Update))
            .await
            .unwrap();
        ra.act(&v, c.id, Action::Hold, Some("menunggu"), None).await.unwrap();
        c.id
    };
    // Give the engine a moment to release the folder.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let ra = ra_on(&target).await;
    let c = ra.case(id).await.unwrap();
    assert_eq!(c.state, CaseState::OnHold);
    assert_eq!(c.last_note.as_deref(), Some("menunggu"));
    assert!(ra.sign_in("ver1", "123456").await.is_ok());
    let r = ra.verify_audit().await.unwrap();
    // Two operators, the agency, the case, its document, the certificate
    // put on hold, the case put on hold.
    assert_eq!((r.events, r.broken), (7, None));
    assert_eq!(ra.documents(id).await.unwrap().len(), 1);
}

/// Bytes in the store's write-ahead log: what the next open would replay.
fn wal_bytes(db: &std::path::Path) -> u64 {
    std::fs::read_dir(db.join("wal"))
        .map(|d| d.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_closed_store_leaves_no_log_to_replay_and_waits_for_its_last_handle() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let target = DbTarget::Embedded(db.clone());
    let ra = ra_on(&target).await;
    let admin = ra
        .add_operator(None, "admin", ratu::domain::Role::CaAdmin, "123456")
        .await
        .unwrap();
    ra.add_agency(&admin, common::AGENCIES[0]).await.unwrap();
    assert!(wal_bytes(&db) > 0, "the writes are in the log while the store is open");
    // A second handle keeps the database open: close says so, in time.
    let other = ra.clone();
    let t = std::time::Instant::now();
    assert!(!ra.close(std::time::Duration::from_millis(300)).await);
    assert!(t.elapsed() < std::time::Duration::from_secs(5));
    // The last handle: the memory table is written out and the lock let go.
    assert!(other.close(std::time::Duration::from_secs(60)).await);
    assert_eq!(wal_bytes(&db), 0, "the log was written out into tables");
    // Open again at once (no wait for the folder), the data there.
    let ra = ra_on(&target).await;
    assert_eq!(ra.operators().await.unwrap().len(), 1);
    assert_eq!(ra.agencies().await.unwrap().len(), 1);
    assert!(ra.close(std::time::Duration::from_secs(60)).await);
    // A memory store has nothing to wait for.
    assert!(ra_on(&DbTarget::Memory).await.close(std::time::Duration::ZERO).await);
}

#[test]
fn each_command_closes_the_store_it_opened() {
    let dir = tempfile::tempdir().unwrap();
    let out = ratu_cli(dir.path(), &["init"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = dir.path().join("db");
    assert!(
        db.join("sstables").read_dir().unwrap().count() > 0,
        "the tables are on disk"
    );
    assert_eq!(wal_bytes(&db), 0, "nothing left to replay at the next open");
}
