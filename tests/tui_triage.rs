//! Triage by "waiting on me": a verifier works through the cases that wait
//! on them with no row visited beyond those cases, among as many that wait
//! on someone else (the applicant, a hold, the RA, the holder's passphrase).

mod tui_support;

use crossterm::event::KeyCode;
use ratu::domain::{CaseState, DocKind, Role};
use std::collections::BTreeSet;
use tui_support::{Harness, bulk_case, ra_mem};

const AGENCY: &str = "Dinas Komunikasi dan Informatika Kota Bandung";

#[tokio::test]
async fn triaging_ten_verifier_cases_visits_ten_rows() {
    let ra = ra_mem().await;
    let admin = ra.add_operator(None, "admin", Role::CaAdmin, "123456").await.unwrap();
    ra.add_agency(&admin, AGENCY).await.unwrap();
    ra.add_operator_in(Some(&admin), "ver1", Role::Verifier, &[AGENCY.to_string()], "123456")
        .await
        .unwrap();
    // 23 rows as in the report: 10 wait on the verifier, 13 on others,
    // interleaved.
    let others = [
        CaseState::AwaitingApplicantData,
        CaseState::OnHold,
        CaseState::RaReview,
        CaseState::AwaitingPassphrase,
    ];
    let mut ours = BTreeSet::new();
    let cases: Vec<_> = (0..23)
        .map(|i| {
            let state = if i % 2 == 0 && ours.len() < 10 {
                ours.insert(i as u64 + 1);
                CaseState::VerifierReview
            } else {
                others[i % others.len()]
            };
            let mut c = bulk_case(i, state);
            c.documents = vec![DocKind::Ktp, DocKind::Recommendation];
            if state == CaseState::OnHold {
                c.held_from = Some(CaseState::VerifierReview);
            }
            c
        })
        .collect();
    ra.store().insert_cases(&cases).await.unwrap();

    let mut h = Harness::signed_in(&ra, "ver1", Role::Verifier).await;
    assert_eq!(h.app.queue().view.len(), 23);
    h.key(KeyCode::Char('w')).await;
    assert_eq!(h.app.queue().view.len(), 10, "{}", h.screen(160, 48));

    // Each case: tick the four checks, verify. No movement key is pressed:
    // the cursor goes on by itself.
    let mut visited = Vec::new();
    for _ in 0..10 {
        let id = h.app.queue().selected_id().expect("a case waits");
        visited.push(id);
        for k in ['1', '2', '3', '4', 'v'] {
            h.key(KeyCode::Char(k)).await;
        }
        if h.app.overlay.is_some() {
            h.key(KeyCode::Enter).await;
        }
        let now = ra.store().case(id).await.unwrap();
        assert_eq!(
            now.state,
            CaseState::AwaitingPassphrase,
            "case {id} verified: {:?}",
            h.toasts()
        );
    }
    println!("triage: 10 cases, {} row visits: {visited:?}", visited.len());
    let distinct: BTreeSet<u64> = visited.iter().copied().collect();
    assert_eq!(distinct, ours, "each waiting case visited once, and nothing else");
    assert!(h.app.queue().view.is_empty(), "nothing waits on the verifier now");
}
