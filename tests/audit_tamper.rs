//! Tampering with the audit trail through SurrealQL is detected, and the
//! first altered, removed or reordered event is named.

mod common;

use common::*;
use ratu::domain::{Action, CaseKind};

async fn with_events() -> ratu::ra::Ra {
    let (ra, s) = staffed().await;
    for i in 0..3 {
        holding(&ra, 30 + i).await;
        let c = ra
            .new_case(&s.ver1, new_case(CaseKind::Revocation, 30 + i), &[])
            .await
            .unwrap();
        ra.act(&s.ver1, c.id, Action::Hold, Some("tunggu"), None).await.unwrap();
    }
    let r = ra.verify_audit().await.unwrap();
    assert_eq!(r.broken, None);
    // Six operators and six agencies, then two events a case.
    assert_eq!(r.events, 12 + 3 * 2);
    ra
}

fn broken(r: &ratu::ra::AuditReport) -> String {
    r.broken.as_ref().map(|b| b.to_string()).unwrap_or_default()
}

#[tokio::test]
async fn an_edited_event_is_named() {
    let ra = with_events().await;
    ra.store()
        .raw("UPDATE audit:14 SET body = string::replace(body, 'ver1', 'ver2');")
        .await
        .unwrap();
    let r = ra.verify_audit().await.unwrap();
    assert_eq!(
        broken(&r),
        "audit event 14 was altered: its hash does not match its content"
    );
}

#[tokio::test]
async fn a_deleted_event_is_named() {
    let ra = with_events().await;
    ra.store().raw("DELETE audit:15;").await.unwrap();
    let r = ra.verify_audit().await.unwrap();
    assert_eq!(
        broken(&r),
        "audit event 15 is missing (removed), or events were reordered there"
    );
}

#[tokio::test]
async fn reordered_events_are_named() {
    let ra = with_events().await;
    ra.store()
        .raw(
            "LET $a = (SELECT * FROM ONLY audit:16); LET $b = (SELECT * FROM ONLY audit:17);
             UPDATE audit:16 SET body = $b.body, hash = $b.hash, prev_hash = $b.prev_hash;
             UPDATE audit:17 SET body = $a.body, hash = $a.hash, prev_hash = $a.prev_hash;",
        )
        .await
        .unwrap();
    let r = ra.verify_audit().await.unwrap();
    assert_eq!(
        broken(&r),
        "audit event 16 was altered: its hash does not match its content"
    );
}

#[tokio::test]
async fn a_removed_tail_is_noticed() {
    let ra = with_events().await;
    ra.store().raw("DELETE audit:18;").await.unwrap();
    let r = ra.verify_audit().await.unwrap();
    assert_eq!(
        broken(&r),
        "the chain ends at event 17 but its head says 18: events at the end were removed"
    );
}
