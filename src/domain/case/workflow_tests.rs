//! Every allowed and refused transition per kind and role.

use super::workflow::{Refusal, allowed, check, check_note};
use super::*;
use crate::domain::{Operator, Role, Sla, SubscriberForm};
use chrono::{TimeZone, Utc};

fn op(name: &str, role: Role) -> Operator {
    Operator::new(name, role)
}

pub(crate) fn case(kind: CaseKind) -> Case {
    let subscriber = SubscriberForm {
        name: "Siti Rahayu".into(),
        nik: "3273015203900001".into(),
        email: "siti@bandung.go.id".into(),
        agency: "Diskominfo Kota Bandung".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let new = NewCase {
        kind,
        subscriber,
        revocation_reason: None,
        cert_serial: None,
        note: None,
    };
    Case::open(1, new, "ver1", now, Sla::default())
}

pub(super) fn ready(mut c: Case) -> Case {
    let v = op("ver1", Role::Verifier);
    for item in CheckItem::ALL {
        c = c.with_tick(item, true, &v, c.updated_at);
    }
    c.documents = DocKind::ALL.to_vec();
    c
}

fn take(c: &Case, who: &Operator, a: Action, note: Option<&str>) -> Case {
    let t = check(c, who, a).unwrap_or_else(|e| panic!("{a} by {}: {e}", who.name));
    check_note(t, note).unwrap();
    c.after(t, who, note, c.updated_at)
}

#[test]
fn issuance_and_renewal_walk_every_step() {
    for kind in [CaseKind::Issuance, CaseKind::Renewal] {
        let (v, ra, admin) = (
            op("ver1", Role::Verifier),
            op("ra1", Role::RaOfficer),
            op("adm", Role::CaAdmin),
        );
        let mut c = ready(case(kind));
        assert_eq!(c.state, CaseState::Draft);
        for (who, a, to) in [
            (&v, Action::SendToApplicant, CaseState::AwaitingApplicantData),
            (&v, Action::RecordApplicantData, CaseState::VerifierReview),
            (&v, Action::Verify, CaseState::AwaitingPassphrase),
            (
                &crate::domain::link::applicant(1),
                Action::SetPassphrase,
                CaseState::RaReview,
            ),
            (&ra, Action::Approve, CaseState::Approved),
            (&admin, Action::Issue, CaseState::Issued),
        ] {
            c = take(&c, who, a, None);
            assert_eq!(c.state, to, "{kind} {a}");
        }
        assert_eq!(c.verified_by.as_deref(), Some("ver1"));
        assert_eq!(c.version, 7 + CheckItem::ALL.len() as u64);
        assert!(allowed(&c, &ra).is_empty() && allowed(&c, &v).is_empty());
    }
}

#[test]
fn update_and_revocation_walk_every_step() {
    for (kind, last, end) in [
        (CaseKind::Update, Action::Apply, CaseState::Applied),
        (CaseKind::Revocation, Action::Revoke, CaseState::Revoked),
    ] {
        let (v, ra) = (op("ver1", Role::Verifier), op("ra1", Role::RaOfficer));
        let mut c = ready(case(kind));
        assert_eq!(c.state, CaseState::Submitted);
        c = take(&c, &v, Action::Forward, None);
        assert_eq!(c.state, CaseState::RaReview);
        c = take(&c, &ra, last, None);
        assert_eq!(c.state, end);
    }
}

/// The whole matrix, written out: for each kind, state and role, exactly
/// these actions are offered on a case whose requirements are all met.
/// Per state: what a verifier, an RA officer and a ca_admin may do.
type Row<A> = (CaseState, A, A, A);

#[test]
fn allowed_actions_matrix() {
    use Action::*;
    use CaseState as S;
    let v = op("other_v", Role::Verifier);
    let ra = op("ra1", Role::RaOfficer);
    let admin = op("adm", Role::CaAdmin);
    let aud = op("aud", Role::Auditor);
    let expect_long: &[Row<&[Action]>] = &[
        (S::Draft, &[SendToApplicant, Cancel, Tick, Untick], &[], &[]),
        (
            S::AwaitingApplicantData,
            &[RecordApplicantData, Reject, Hold, Cancel, Tick, Untick],
            &[],
            &[],
        ),
        (
            S::VerifierReview,
            &[Verify, Reject, Hold, Cancel, Tick, Untick],
            &[],
            &[],
        ),
        (S::AwaitingPassphrase, &[Cancel, Tick, Untick], &[], &[]),
        (S::RaReview, &[], &[Approve, Reject, Hold, Cancel, Return], &[]),
        // Held with no state to return to: nobody may resume or cancel.
        (S::OnHold, &[], &[], &[]),
        (S::Approved, &[], &[Issue], &[Issue]),
        (S::Issued, &[], &[], &[]),
        (S::Rejected, &[], &[], &[]),
        (S::Cancelled, &[], &[], &[]),
    ];
    let expect_short = |last: Action| -> Vec<Row<Vec<Action>>> {
        vec![
            (
                S::Submitted,
                vec![Forward, Reject, Hold, Cancel, Tick, Untick],
                vec![],
                vec![],
            ),
            (S::RaReview, vec![], vec![last, Reject, Hold, Cancel, Return], vec![]),
            (S::OnHold, vec![], vec![], vec![]),
            (S::Applied, vec![], vec![], vec![]),
            (S::Revoked, vec![], vec![], vec![]),
        ]
    };
    let mut rows: Vec<(CaseKind, Row<Vec<Action>>)> = Vec::new();
    for kind in [CaseKind::Issuance, CaseKind::Renewal] {
        for (s, a, b, c) in expect_long {
            rows.push((kind, (*s, a.to_vec(), b.to_vec(), c.to_vec())));
        }
    }
    for (kind, last) in [(CaseKind::Update, Apply), (CaseKind::Revocation, Revoke)] {
        for (s, a, b, c) in expect_short(last) {
            rows.push((kind, (s, a, b, c)));
        }
    }
    for (kind, (state, for_v, for_ra, for_admin)) in rows {
        let mut c = ready(case(kind));
        c.state = state;
        c.verified_by = Some("ver1".into());
        let got = |o: &Operator| allowed(&c, o).into_iter().map(|a| a.action).collect::<Vec<_>>();
        assert_eq!(got(&v), for_v, "{kind} {state} verifier");
        assert_eq!(got(&ra), for_ra, "{kind} {state} ra_officer");
        assert_eq!(got(&admin), for_admin, "{kind} {state} ca_admin");
        assert!(got(&aud).is_empty(), "auditor changes nothing");
        for action in Action::ALL {
            for o in [&v, &ra, &admin, &aud] {
                let ok = check(&c, o, action).is_ok();
                assert_eq!(ok, got(o).contains(&action), "{kind} {state} {action} {:?}", o.role);
            }
        }
    }
}

#[test]
fn auditor_is_refused_by_role() {
    let c = ready(case(CaseKind::Issuance));
    let e = check(&c, &op("aud", Role::Auditor), Action::SendToApplicant).unwrap_err();
    assert!(matches!(e, Refusal::Role { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "send_to_applicant in state draft is for verifier, not for a auditor"
    );
}

#[test]
fn the_verifier_can_never_approve_their_own_case() {
    let mut c = ready(case(CaseKind::Issuance));
    c.state = CaseState::RaReview;
    c.verified_by = Some("dual".into());
    let dual = op("dual", Role::RaOfficer);
    let e = check(&c, &dual, Action::Approve).unwrap_err();
    assert!(matches!(e, Refusal::FourEyes { .. }), "{e}");
    // Nor can the creator.
    c.verified_by = Some("x".into());
    let creator = op("ver1", Role::RaOfficer);
    assert!(matches!(
        check(&c, &creator, Action::Approve),
        Err(Refusal::FourEyes { .. })
    ));
    assert!(allowed(&c, &creator).iter().all(|a| a.action != Action::Approve));
}

#[test]
fn requirements_are_named_when_missing() {
    let v = op("ver1", Role::Verifier);
    let mut c = case(CaseKind::Issuance);
    let e = check(&c, &v, Action::SendToApplicant).unwrap_err();
    assert_eq!(
        e.to_string(),
        "send_to_applicant needs these documents attached first: recommendation"
    );
    c.state = CaseState::VerifierReview;
    c.documents = vec![DocKind::Ktp, DocKind::Recommendation];
    c = c.with_tick(CheckItem::KtpMatches, true, &v, c.updated_at);
    let e = check(&c, &v, Action::Verify).unwrap_err();
    assert_eq!(
        e.to_string(),
        "verify needs the checklist ticked first: recommendation_valid, email_active, identity_check"
    );
    let a = allowed(&c, &v);
    assert!(a.iter().any(|x| x.action == Action::Verify && x.ready.is_err()));
}

#[test]
fn reject_hold_cancel_need_a_note_and_hold_returns() {
    let v = op("ver1", Role::Verifier);
    let mut c = ready(case(CaseKind::Revocation));
    for a in [Action::Reject, Action::Hold, Action::Cancel] {
        let t = check(&c, &v, a).unwrap();
        assert_eq!(check_note(t, None), Err(Refusal::NoteRequired(a)));
        assert_eq!(check_note(t, Some("  ")), Err(Refusal::NoteRequired(a)));
    }
    c = take(&c, &v, Action::Hold, Some("need the statement letter signed"));
    assert_eq!((c.state, c.held_from), (CaseState::OnHold, Some(CaseState::Submitted)));
    // Held from the verifier's state: resumed by a verifier, not the RA.
    assert!(check(&c, &op("ra1", Role::RaOfficer), Action::Resume).is_err());
    c = take(&c, &op("ver2", Role::Verifier), Action::Resume, None);
    assert_eq!((c.state, c.held_from), (CaseState::Submitted, None));
    c = take(&c, &v, Action::Reject, Some("wrong person"));
    assert_eq!(c.state, CaseState::Rejected);
    assert_eq!(c.last_note.as_deref(), Some("wrong person"));
}

#[test]
fn ticks_record_who_and_untick_removes() {
    let v = op("ver1", Role::Verifier);
    let c = case(CaseKind::Update).with_tick(CheckItem::KtpMatches, true, &v, Utc::now());
    assert_eq!(c.checklist[0].by, "ver1");
    let c = c.with_tick(CheckItem::KtpMatches, false, &v, Utc::now());
    assert!(c.checklist.is_empty());
}
