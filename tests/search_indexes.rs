//! Search and a verifier's queues go through indexes, so that their time
//! does not grow with the store: the query plans (SurrealDB's EXPLAIN) of
//! the statements ratu runs name the index, and the answers are right:
//! - a name, e-mail or agency by its words or their beginnings (full-text
//!   indexes), combined with a queue's conditions;
//! - a NIK exactly, a case number exactly;
//! - a verifier's queue page and counts by agency;
//! - a holder by words of the name, or by NIK.

mod tui_support;

use ratu::domain::{CaseKind, CaseState, Operator, Role};
use ratu::store::CaseFilter;
use tui_support::{BULK_AGENCY, bulk_case, ra_mem};

const OTHER: &str = "Dinas Kesehatan Provinsi Bali";

/// 300 cases: every third closed (issued), every fifth of the other agency.
async fn office() -> ratu::ra::Ra {
    let ra = ra_mem().await;
    let cases: Vec<_> = (0..300)
        .map(|i| {
            let state = if i % 3 == 0 {
                CaseState::Issued
            } else {
                CaseState::VerifierReview
            };
            let mut c = bulk_case(i, state);
            if i % 5 == 0 {
                c.subscriber.agency = OTHER.into();
            }
            c
        })
        .collect();
    ra.store().insert_cases(&cases).await.unwrap();
    ra
}

fn text(t: &str) -> CaseFilter {
    CaseFilter {
        text: Some(t.into()),
        limit: 50,
        ..Default::default()
    }
}

fn ids(cases: &[ratu::domain::Case]) -> Vec<u64> {
    cases.iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn words_of_a_name_find_a_case_through_the_full_text_indexes() {
    let ra = office().await;
    let store = ra.store();
    // "Pemohon Uji 137" is case 138; "uji 13" begins the words of 13, 130–139.
    let plan = store.explain_list(&text("uji 137")).await.unwrap();
    assert!(
        plan.contains("FullTextScan") && plan.contains("case_name_words"),
        "{plan}"
    );
    assert_eq!(ids(&store.list_cases(&text("uji 137")).await.unwrap()), [138]);
    assert_eq!(ids(&store.list_cases(&text("Pemohon UJI 137")).await.unwrap()), [138]);
    let some: Vec<u64> = ids(&store.list_cases(&text("uji 13")).await.unwrap());
    assert_eq!(some, [14, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140]);
    // An e-mail whole, an agency by a word.
    assert_eq!(
        ids(&store.list_cases(&text("pemohon42@bandung.go.id")).await.unwrap()),
        [43]
    );
    let bali = store.list_cases(&text("kesehatan bali")).await.unwrap();
    assert_eq!(bali.len(), 50, "the first page of the other agency's 60");
    assert!(bali.iter().all(|c| c.subscriber.agency == OTHER));
    // With a queue's conditions: only the pending ones, still by index.
    let pending = CaseFilter {
        kind: Some(CaseKind::Issuance),
        pending_only: true,
        ..text("uji 13")
    };
    let plan = store.explain_list(&pending).await.unwrap();
    assert!(plan.contains("FullTextScan"), "{plan}");
    let found = ids(&store.list_cases(&pending).await.unwrap());
    assert_eq!(found, [14, 131, 132, 134, 135, 137, 138, 140], "closed cases left out");
}

#[tokio::test]
async fn a_nik_and_a_case_number_are_found_exactly_by_index() {
    let ra = office().await;
    let store = ra.store();
    let c = store.case(138).await.unwrap();
    let nik = c.subscriber.nik.to_string();
    let plan = store.explain_list(&text(&nik)).await.unwrap();
    assert!(plan.contains("case_nik"), "{plan}");
    assert_eq!(ids(&store.list_cases(&text(&nik)).await.unwrap()), [138]);
    assert_eq!(ids(&store.list_cases(&text("#138")).await.unwrap()), [138]);
    assert_eq!(ids(&store.list_cases(&text("138")).await.unwrap()), [138]);
    assert!(store.list_cases(&text("9999")).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_verifiers_queue_and_counts_read_their_agencies_rows_only() {
    let ra = office().await;
    let store = ra.store();
    let page = CaseFilter {
        kind: Some(CaseKind::Issuance),
        pending_only: true,
        agencies: Some(vec![OTHER.into()]),
        limit: 100,
        ..Default::default()
    };
    // The other agency holds a fifth of the queue: read through its index.
    let plan = store.explain_list(&page).await.unwrap();
    assert!(plan.contains("queue_issuance_agency"), "{plan}");
    // Bandung holds four fifths: read in key order, the first matches
    // come at once, no index and no sort.
    let dense = CaseFilter {
        agencies: Some(vec![BULK_AGENCY.into()]),
        ..page.clone()
    };
    let plan = store.explain_list(&dense).await.unwrap();
    assert!(!plan.contains("queue_issuance_agency"), "{plan}");
    let first: Vec<u64> = ids(&store.list_cases(&CaseFilter { limit: 5, ..dense }).await.unwrap());
    assert_eq!(first, [2, 3, 5, 8, 9]);
    let rows = store.list_cases(&page).await.unwrap();
    // Every fifth case is the other agency's; of those, two in three open.
    let want: Vec<u64> = (0..300u64)
        .filter(|i| i % 5 == 0 && i % 3 != 0)
        .map(|i| i + 1)
        .collect();
    assert_eq!(ids(&rows), want);

    let verifier = Operator::new("ver_bali", Role::Verifier).with_agencies([OTHER]);
    let counts = ra.counts(&verifier).await.unwrap();
    let in_state = |state: CaseState| -> u64 {
        counts
            .by_kind_state
            .iter()
            .filter(|(_, s, _)| *s == state)
            .map(|(_, _, n)| n)
            .sum()
    };
    let (open, issued) = (in_state(CaseState::VerifierReview), in_state(CaseState::Issued));
    assert_eq!((open, issued), (40, 20), "{counts:?}");
    // The other agencies' counts are theirs.
    let bandung = Operator::new("ver_bandung", Role::Verifier).with_agencies([BULK_AGENCY]);
    let total: u64 = ra
        .counts(&bandung)
        .await
        .unwrap()
        .by_kind_state
        .iter()
        .map(|(_, _, n)| n)
        .sum();
    assert_eq!(total, 240);
}

#[tokio::test]
async fn holders_are_found_by_words_of_their_name_or_by_nik() {
    let ra = ra_mem().await;
    let store = ra.store();
    let mut b = ratu::store::Batch::new();
    for i in 0..40 {
        let c = bulk_case(i, CaseState::Issued);
        let h = ratu::domain::Holder::new(c.subscriber.clone(), tui_support::t0());
        ratu::store::put_holder(&mut b, &h);
    }
    b.commit(store).await.unwrap();
    let found = store.search_holders("uji 17", 10).await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].data.name, "Pemohon Uji 17");
    let nik = found[0].data.nik.to_string();
    let by_nik = store.search_holders(&nik, 10).await.unwrap();
    assert_eq!(by_nik.len(), 1);
    assert!(store.search_holders("tidak ada", 10).await.unwrap().is_empty());
}
