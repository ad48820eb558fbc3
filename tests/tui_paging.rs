//! The console reads queues and the audit trail a page at a time: more as
//! the cursor nears the end, a filter the pages held cannot answer asked
//! of the store, and the tab counts from the store's tally meanwhile.

mod tui_support;

use crossterm::event::KeyCode;
use ratu::domain::{CaseState, Role};
use ratu::ra::PAGE;
use tui_support::{Harness, bulk_case, demo_ra, ra_mem};

const OPEN: usize = 2 * PAGE + 50;
const CLOSED: usize = 50;

/// `OPEN` pending issuance cases (half waiting on an RA officer), then
/// `CLOSED` issued ones.
async fn long_queue() -> ratu::ra::Ra {
    let ra = ra_mem().await;
    let cases: Vec<_> = (0..OPEN + CLOSED)
        .map(|i| {
            let state = match i {
                i if i >= OPEN => CaseState::Issued,
                i if i % 2 == 0 => CaseState::RaReview,
                _ => CaseState::VerifierReview,
            };
            bulk_case(i, state)
        })
        .collect();
    ra.store().insert_cases(&cases).await.unwrap();
    ra
}

#[tokio::test]
async fn a_long_queue_is_read_a_page_at_a_time_as_the_cursor_nears_its_end() {
    let ra = long_queue().await;
    let mut h = Harness::signed_in(&ra, "ra1", Role::RaOfficer).await;
    let q = h.app.queue();
    assert_eq!(q.rows.len(), PAGE, "one page at sign-in");
    assert!(q.more);
    assert_eq!(q.counts.total, OPEN, "the tab counts every open case, from the store");
    assert_eq!(
        q.counts.waiting,
        OPEN / 2,
        "waiting on an RA officer: the ra_review half"
    );
    let overdue = q.counts.overdue;
    assert_eq!(overdue, OPEN, "every open case is past its SLA by the test's clock");
    assert!(
        h.screen(160, 48)
            .contains(&format!("Issuance {}·{overdue}·{OPEN}", OPEN / 2))
    );
    assert_eq!(q.row(0).unwrap().case.id, 1, "oldest first");

    h.key(KeyCode::Char('G')).await;
    assert_eq!(
        h.app.queue().rows.len(),
        2 * PAGE,
        "the next page as the cursor reached the end"
    );
    h.key(KeyCode::Char('G')).await;
    let q = h.app.queue();
    assert_eq!(q.rows.len(), OPEN, "every open case now held");
    assert!(!q.more);
    assert_eq!(q.holds_all, Some(false));
    let ids: Vec<u64> = (0..q.view.len()).map(|p| q.row(p).unwrap().case.id).collect();
    assert_eq!(
        ids,
        (1..=OPEN as u64).collect::<Vec<_>>(),
        "each case once, oldest first"
    );
    assert_eq!(q.counts.total, OPEN);
}

#[tokio::test]
async fn a_filter_finds_cases_beyond_the_pages_held_through_the_store() {
    let ra = long_queue().await;
    let mut h = Harness::signed_in(&ra, "ra1", Role::RaOfficer).await;
    assert_eq!(h.app.queue().rows.len(), PAGE);

    // A name on the last page: not held, found by the store.
    h.key(KeyCode::Char('/')).await;
    h.chars("uji 449").await;
    h.key(KeyCode::Enter).await;
    let q = h.app.queue();
    assert_eq!(q.view.len(), 1, "{}", h.screen(160, 48));
    assert_eq!(q.selected_id(), Some(450));

    // `#480`: a closed case, that case only.
    h.key(KeyCode::Char('/')).await;
    for _ in 0.."uji 449".len() {
        h.key(KeyCode::Backspace).await;
    }
    h.chars("#480").await;
    h.key(KeyCode::Enter).await;
    let q = h.app.queue();
    assert_eq!(q.view.len(), 1);
    assert_eq!(q.selected().map(|r| r.case.state), Some(CaseState::Issued));

    // Waiting on me, in the store: the ra_review half, a page at a time.
    h.key(KeyCode::Char('/')).await;
    while !h.app.home.filters.text.is_empty() {
        h.key(KeyCode::Backspace).await;
    }
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('w')).await;
    let q = h.app.queue();
    assert_eq!(q.view.len(), PAGE, "a page of cases waiting on an RA officer");
    assert!(
        q.view
            .iter()
            .all(|&i| q.rows[i as usize].case.state == CaseState::RaReview)
    );

    // Closed cases come from the store when asked for.
    h.key(KeyCode::Char('w')).await;
    h.key(KeyCode::Char('c')).await;
    h.key(KeyCode::Char('G')).await;
    h.key(KeyCode::Char('G')).await;
    h.key(KeyCode::Char('G')).await;
    let q = h.app.queue();
    let closed = q
        .view
        .iter()
        .filter(|&&i| !q.rows[i as usize].case.state.is_pending())
        .count();
    assert_eq!(closed, CLOSED, "{}", h.screen(160, 48));
}

#[tokio::test]
async fn the_audit_trail_is_read_a_page_at_a_time_and_searched_in_the_store() {
    let ra = demo_ra(60).await;
    let events = ra.verify_audit().await.unwrap().events as usize;
    assert!(events > 2 * PAGE, "the demo writes {events} events");
    let mut h = Harness::signed_in(&ra, "auditor", Role::Auditor).await;
    let auditor = h.app.op.clone().unwrap();
    let first = ra.audit_trail(&auditor).await.unwrap().pop().unwrap();
    assert_eq!(first.seq, 1);
    h.key(KeyCode::Char('L')).await;
    assert_eq!(h.app.audit.rows.len(), PAGE);
    assert!(h.app.audit.more);
    assert_eq!(h.app.audit.rows[0].seq as usize, events, "newest first");
    assert!(h.screen(160, 48).contains(&format!("{PAGE}/{PAGE}+")));
    for _ in 0..3 {
        h.key(KeyCode::Char('G')).await;
    }
    let seqs: Vec<u64> = h.app.audit.rows.iter().map(|l| l.seq).collect();
    assert_eq!(
        seqs,
        (1..=events as u64).rev().collect::<Vec<_>>(),
        "every event once, newest first"
    );
    assert!(!h.app.audit.more);

    // A search from the top: the store finds the oldest events too.
    h.key(KeyCode::Char('g')).await;
    h.key(KeyCode::Char('r')).await;
    assert_eq!(h.app.audit.rows.len(), PAGE);
    h.key(KeyCode::Char('/')).await;
    h.chars(&first.action).await;
    h.key(KeyCode::Enter).await;
    let a = &h.app.audit;
    assert!(
        a.asked_for.as_deref() == Some(first.action.as_str()),
        "the store was searched"
    );
    assert!(
        a.rows.iter().any(|l| l.seq == 1),
        "the first event found: {}",
        h.screen(160, 48)
    );
    assert!(a.view.iter().all(
        |&i| a.rows[i as usize].action.contains(&first.action) || a.rows[i as usize].detail.contains(&first.action)
    ));
}

#[tokio::test]
async fn typing_a_filter_asks_the_store_once_the_typing_pauses() {
    let ra = long_queue().await;
    let mut h = Harness::signed_in(&ra, "ra1", Role::RaOfficer).await;
    let asked = h.app.queue().generation;
    h.key(KeyCode::Char('/')).await;
    h.chars("uji 44").await;
    assert_eq!(h.app.queue().generation, asked, "no store query per key");
    assert_eq!(h.app.queue().rows.len(), PAGE, "and no further page of the query held");
    // The held rows narrow at once: 44 and 440–449 are not on the first page.
    assert!(h.app.queue().view.iter().all(|&i| {
        let c = &h.app.queue().rows[i as usize].case;
        c.subscriber.name.contains("Uji 44")
    }));
    h.app
        .tick(std::time::Instant::now() + std::time::Duration::from_secs(1));
    h.settle().await;
    let q = h.app.queue();
    assert_eq!(q.generation, asked + 1, "one query once typing paused");
    let ids: Vec<u64> = (0..q.view.len()).map(|p| q.row(p).unwrap().case.id).collect();
    assert_eq!(ids, [45].into_iter().chain(441..=450).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_tab_counts_are_the_queues_whatever_the_filter() {
    // A short queue, wholly held: 20 open cases and 5 issued.
    let ra = ra_mem().await;
    let cases: Vec<_> = (0..25)
        .map(|i| bulk_case(i, if i < 20 { CaseState::RaReview } else { CaseState::Issued }))
        .collect();
    ra.store().insert_cases(&cases).await.unwrap();
    let mut h = Harness::signed_in(&ra, "ra1", Role::RaOfficer).await;
    let before = h.app.queue().counts;
    assert_eq!(before.total, 20);
    // `#23`: a closed case, asked of the store; the counts stay the queue's.
    h.key(KeyCode::Char('/')).await;
    h.chars("#23").await;
    h.key(KeyCode::Enter).await;
    let q = h.app.queue();
    assert_eq!(q.view.len(), 1, "{}", h.screen(160, 48));
    assert_eq!(q.counts, before, "{}", h.screen(160, 48));
    // And a filter that leaves few rows in view changes nothing either.
    h.key(KeyCode::Char('/')).await;
    while !h.app.home.filters.text.is_empty() {
        h.key(KeyCode::Backspace).await;
    }
    h.chars("uji 3").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.queue().counts, before);
}
