//! A store with known answers for the reports (issue #26): November 2026,
//! two agencies, every kind and outcome, a weekend and a holiday (Friday
//! 20 November) inside the measured times. Written through the store's own
//! case and certificate writes, so each case keeps its timeline as a case
//! moved by `ra` does; the times are chosen so every cell is known by hand
//! (see tests/report.rs for the sums).
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use ratu::domain::calendar::Calendar;
use ratu::domain::{Case, CaseKind, CaseState, CertRecord, CertState, NewCase, Operator, RevocationReason, Role, Sla};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{Batch, DbTarget, Store, insert_cert, update_case};

pub const A: &str = "Dinkes Kota Bandung";
pub const B: &str = "Dinas Pendidikan Kota Medan";
pub const PIN: &str = "135790";
pub const HOLIDAY: &str = "2026-11-20";

/// An instant given in the office's time (WIB).
pub fn wib(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}:00+07:00"))
        .unwrap()
        .with_timezone(&Utc)
}

pub fn config() -> RaConfig {
    let mut cfg = RaConfig::default();
    cfg.report.calendar = Calendar::default().with_holidays(&[HOLIDAY.into()]).unwrap();
    cfg.report.office = "Dinas Komunikasi dan Informatika Kota Uji".into();
    cfg
}

pub struct Staff {
    pub admin: Operator,
    pub ver1: Operator,
    pub ver2: Operator,
    pub ra1: Operator,
    pub aud: Operator,
}

async fn step(store: &Store, case: &mut Case, state: CaseState, at: &str, by: &str, note: Option<&str>) {
    let mut next = case.clone();
    if state == CaseState::OnHold {
        next.held_from = Some(case.state);
    }
    next.state = state;
    next.updated_at = wib(at);
    next.updated_by = by.into();
    next.version += 1;
    if let Some(n) = note {
        next.last_note = Some(n.into());
    }
    let mut b = Batch::new();
    update_case(&mut b, case, &next);
    b.commit(store).await.unwrap();
    *case = next;
}

async fn open(store: &Store, id: u64, kind: CaseKind, agency: &str, by: &str, at: &str) -> Case {
    let mut form = crate::common::applicant(id as u32);
    form.agency = agency.into();
    let new = NewCase {
        kind,
        subscriber: form.validate().unwrap(),
        revocation_reason: None,
        cert_serial: None,
        note: None,
    };
    let case = Case::open(id, new, by, wib(at), Sla::default());
    store.insert_cases(std::slice::from_ref(&case)).await.unwrap();
    case
}

fn cert(serial: &str, agency: &str, state: CertState, not_after: DateTime<Utc>) -> CertRecord {
    let mut c = CertRecord::new(
        serial,
        "Uji",
        "signing",
        (not_after - Duration::days(700), not_after),
        state,
    );
    c.agency = Some(agency.into());
    c.issuer_dn = "CN=Uji CA".into();
    c.ours = true;
    c
}

fn revoked(serial: &str, agency: &str, at: &str, reason: RevocationReason, now: DateTime<Utc>) -> CertRecord {
    let mut c = cert(serial, agency, CertState::Revoked, now + Duration::days(300));
    c.revoked_at = Some(wib(at));
    c.reason = Some(reason);
    c
}

/// The staff, the cases and the certificates; certificates' expiry is
/// counted from `now` (the report's clock).
pub async fn build(ra: &Ra, now: DateTime<Utc>) -> Staff {
    let admin = ra.add_operator(None, "admin", Role::CaAdmin, PIN).await.unwrap();
    for a in [A, B] {
        ra.add_agency(&admin, a).await.unwrap();
    }
    let verifier = async |n: &str, a: &str| {
        ra.add_operator_in(Some(&admin), n, Role::Verifier, &[a.to_string()], PIN)
            .await
            .unwrap()
    };
    let ver1 = verifier("ver1", A).await;
    let ver2 = verifier("ver2", B).await;
    let ra1 = ra
        .add_operator(Some(&admin), "ra1", Role::RaOfficer, PIN)
        .await
        .unwrap();
    ra.add_operator(Some(&admin), "ra2", Role::RaOfficer, PIN)
        .await
        .unwrap();
    let aud = ra.add_operator(Some(&admin), "aud", Role::Auditor, PIN).await.unwrap();
    let s = ra.store();
    use CaseKind as K;
    use CaseState as S;

    // 1: issuance, A — office 11 h, applicant 42 h.
    let mut c = open(s, 1, K::Issuance, A, "ver1", "2026-11-02T09:00").await;
    step(s, &mut c, S::AwaitingApplicantData, "2026-11-02T10:00", "ver1", None).await;
    step(s, &mut c, S::VerifierReview, "2026-11-03T10:00", "applicant:1", None).await;
    step(s, &mut c, S::AwaitingPassphrase, "2026-11-03T16:00", "ver1", None).await;
    step(s, &mut c, S::RaReview, "2026-11-04T10:00", "applicant:1", None).await;
    step(s, &mut c, S::Approved, "2026-11-04T14:00", "ra1", None).await;
    step(s, &mut c, S::Issued, "2026-11-04T14:00", "ratu-service", None).await;
    // 2: renewal, A, rejected — office 28 h, applicant 17 h over a weekend.
    let mut c = open(s, 2, K::Renewal, A, "ver1", "2026-11-06T15:00").await;
    step(s, &mut c, S::AwaitingApplicantData, "2026-11-06T16:00", "ver1", None).await;
    step(s, &mut c, S::VerifierReview, "2026-11-09T09:00", "applicant:2", None).await;
    step(s, &mut c, S::RaReview, "2026-11-09T12:00", "ver1", None).await;
    step(
        s,
        &mut c,
        S::Rejected,
        "2026-11-10T12:00",
        "ra2",
        Some("Dokumen  KTP tidak jelas"),
    )
    .await;
    // 3: update, B, applied — office 73 h (past the standard).
    let mut c = open(s, 3, K::Update, B, "ver2", "2026-11-16T10:00").await;
    step(s, &mut c, S::RaReview, "2026-11-16T11:00", "ver2", None).await;
    step(s, &mut c, S::Applied, "2026-11-19T11:00", "ra1", None).await;
    // 4: revocation, B, revoked — office 49 h: the holiday and the weekend
    // do not count (73 h with them, past the standard).
    let mut c = open(s, 4, K::Revocation, B, "ver2", "2026-11-19T10:00").await;
    step(s, &mut c, S::RaReview, "2026-11-19T11:00", "ver2", None).await;
    step(s, &mut c, S::Revoked, "2026-11-24T11:00", "ra1", None).await;
    // 5: reset, A, cancelled — office 1 h.
    let mut c = open(s, 5, K::Reset, A, "ver1", "2026-11-25T09:00").await;
    step(
        s,
        &mut c,
        S::Cancelled,
        "2026-11-25T10:00",
        "ver1",
        Some("Pemohon membatalkan"),
    )
    .await;
    // 6: reactivation, A, held for the applicant a day, rejected with the
    // same words as case 2 — office 4 h, applicant 24 h.
    let mut c = open(s, 6, K::Reactivation, A, "ver1", "2026-11-26T09:00").await;
    step(s, &mut c, S::RaReview, "2026-11-26T10:00", "ver1", None).await;
    step(
        s,
        &mut c,
        S::OnHold,
        "2026-11-26T12:00",
        "ra2",
        Some("KTP kurang jelas"),
    )
    .await;
    step(s, &mut c, S::RaReview, "2026-11-27T12:00", "ra2", None).await;
    step(
        s,
        &mut c,
        S::Rejected,
        "2026-11-27T13:00",
        "ra2",
        Some("dokumen ktp TIDAK jelas"),
    )
    .await;
    // 7: issuance, B, still open.
    let mut c = open(s, 7, K::Issuance, B, "ver2", "2026-11-30T09:00").await;
    step(s, &mut c, S::AwaitingApplicantData, "2026-11-30T10:00", "ver2", None).await;
    // 8: issuance, A, received in October, issued in November — office 27 h.
    let mut c = open(s, 8, K::Issuance, A, "ver1", "2026-10-30T09:00").await;
    step(s, &mut c, S::Issued, "2026-11-02T12:00", "ratu-service", None).await;
    // 9: revocation, A, received in December.
    open(s, 9, K::Revocation, A, "ver1", "2026-12-01T09:00").await;
    // 10: update, B, received in November, applied in December.
    let mut c = open(s, 10, K::Update, B, "ver2", "2026-11-10T09:00").await;
    step(s, &mut c, S::RaReview, "2026-11-10T10:00", "ver2", None).await;
    step(s, &mut c, S::Applied, "2026-12-02T10:00", "ra1", None).await;

    let certs = [
        cert("c1", A, CertState::Issued, now + Duration::days(20)),
        cert("c2", A, CertState::Issued, now + Duration::days(45)),
        cert("c3", B, CertState::Issued, now + Duration::days(80)),
        cert("c4", B, CertState::Issued, now + Duration::days(400)),
        cert("c5", A, CertState::Held, now + Duration::days(100)),
        cert("c6", B, CertState::Issued, now - Duration::days(1)),
        {
            let mut c = cert("c7", A, CertState::Issued, now + Duration::days(10));
            c.ours = false;
            c
        },
        revoked("d1", B, "2026-11-24T11:00", RevocationReason::KeyCompromise, now),
        revoked("d2", A, "2026-11-10T12:00", RevocationReason::Superseded, now),
        revoked("d3", A, "2026-12-01T12:00", RevocationReason::KeyCompromise, now),
        revoked("d4", A, "2026-11-12T08:00", RevocationReason::KeyCompromise, now),
    ];
    let mut b = Batch::new();
    for c in &certs {
        insert_cert(&mut b, c, None);
    }
    b.commit(s).await.unwrap();
    Staff {
        admin,
        ver1,
        ver2,
        ra1,
        aud,
    }
}

/// The fixture on `target`, reported at `now`.
pub async fn ra_at(target: &DbTarget, now: DateTime<Utc>) -> Ra {
    Ra::new(Store::open(target).await.unwrap(), config(), Clock::Fixed(now))
}
