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
