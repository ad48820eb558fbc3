//! The state machine, as data: every transition, who may take it and what it
//! requires. `allowed` answers "which actions can this operator take on this
//! case now"; `check` is the same rule, enforced by `ra` on every call.

use super::{Case, CaseKind, CaseState, CheckItem, DocKind};
use crate::domain::{Operator, Role, named};
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    /// Draft → awaiting applicant data; the applicant gets the identity-data link.
    SendToApplicant,
    /// The applicant completed their identity data.
    RecordApplicantData,
    /// Verifier's check done; the applicant gets the set-passphrase link.
    Verify,
    /// The applicant set their passphrase and accepted the agreement.
    SetPassphrase,
    /// Update / revocation: verifier forwards to the RA.
    Forward,
    /// RA approval (four eyes).
    Approve,
    /// The CA issued the certificate.
    Issue,
    /// RA applies an update of subject data (four eyes).
    Apply,
    /// RA revokes the certificate (four eyes).
    Revoke,
    Reject,
    /// Hold / request information.
    Hold,
    /// Back from hold to where the case was.
    Resume,
    Cancel,
    /// Tick a checklist item (a ticked item stays ticked).
    Tick,
    /// Untick a checklist item (the verifier, before forwarding).
    Untick,
    /// RA: send the case back to the verifier's review, with a note.
    Return,
}

impl Action {
    pub const ALL: [Action; 16] = [
        Self::SendToApplicant,
        Self::RecordApplicantData,
        Self::Verify,
        Self::SetPassphrase,
        Self::Forward,
        Self::Approve,
        Self::Issue,
        Self::Apply,
        Self::Revoke,
        Self::Reject,
        Self::Hold,
        Self::Resume,
        Self::Cancel,
        Self::Tick,
        Self::Untick,
        Self::Return,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

named::display_as_str!(Action);

impl FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        named::parse_named(s, &Self::ALL, "action")
    }
}

/// Where a transition leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    To(CaseState),
    /// Back to the state the case was held in.
    Back,
    /// The state does not change (checklist ticks).
    Stay,
}

/// E-mails the applicant receives at a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Notice {
    IdentityDataLink,
    SetPassphraseLink,
    Issued,
    Updated,
    Revoked,
    Rejected,
    /// Reset approved: the link to set a new passphrase.
    ResetLink,
    /// Reactivation approved (the old certificate revoked): the link to
    /// set a new passphrase.
    ReactivationLink,
    /// The holder's certificate is on hold while their case is pending.
    CertHeld,
    /// The hold ended: the certificate is valid again.
    HoldReleased,
}

impl FromStr for Notice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        named::find(s, &Self::ALL).ok_or_else(|| format!("unknown notice {s:?}"))
    }
}

impl Notice {
    pub const ALL: [Notice; 10] = [
        Self::IdentityDataLink,
        Self::SetPassphraseLink,
        Self::Issued,
        Self::Updated,
        Self::Revoked,
        Self::Rejected,
        Self::ResetLink,
        Self::ReactivationLink,
        Self::CertHeld,
        Self::HoldReleased,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Transition {
    pub action: Action,
    pub kinds: &'static [CaseKind],
    pub from: &'static [CaseState],
    pub to: Target,
    pub roles: &'static [Role],
    /// Only for an on-hold case held from one of these states (empty: any).
    pub held_from: &'static [CaseState],
    pub checklist: &'static [CheckItem],
    pub documents: &'static [DocKind],
    pub note_required: bool,
    /// The actor may not be the one who created or verified the case.
    pub four_eyes: bool,
    /// Records the actor as the case's verifier.
    pub verifies: bool,
    pub notice: Option<Notice>,
}

use CaseKind as K;
use CaseState as S;
use CheckItem as C;
use Role as R;

const LONG: &[CaseKind] = &[K::Issuance, K::Renewal];
/// Every kind that ends in a new certificate.
const NEW_CERT: &[CaseKind] = &[K::Issuance, K::Renewal, K::Reset, K::Reactivation];
/// The kinds a verifier checks and forwards to the RA (no applicant data step).
const FORWARDED: &[CaseKind] = &[K::Update, K::Revocation, K::Reset, K::Reactivation];
const EVERY: &[CaseKind] = &CaseKind::ALL;
const VERIFIER_REVIEWS: &[CaseState] = &[
    S::Draft,
    S::AwaitingApplicantData,
    S::VerifierReview,
    S::AwaitingPassphrase,
    S::Submitted,
];
/// Where a verifier may hold a case from (and so resume or cancel it).
const VERIFIER_HOLDS: &[CaseState] = &[S::AwaitingApplicantData, S::VerifierReview, S::Submitted];
const LONG_CHECKLIST: &[CheckItem] = &[
    C::KtpMatches,
    C::RecommendationValid,
    C::EmailActive,
    C::IdentityCheck,
    C::AgreementAccepted,
];
const UPDATE_CHECKLIST: &[CheckItem] = &[C::KtpMatches, C::SupportingDocsValid, C::EmailActive];
const REVOCATION_CHECKLIST: &[CheckItem] = &[C::KtpMatches, C::StatementValid];
const RESET_CHECKLIST: &[CheckItem] = &[C::KtpMatches, C::ForgottenStatementValid];
const RESET_DOCUMENTS: &[DocKind] = &[DocKind::Ktp, DocKind::ForgottenPassphrase];
const REACTIVATION_CHECKLIST: &[CheckItem] = &[C::ResetFormValid, C::AntivirusScanValid, C::EmailPasswordChanged];
const REACTIVATION_DOCUMENTS: &[DocKind] = &[
    DocKind::ResetForm,
    DocKind::AntivirusScan,
    DocKind::EmailPasswordChanged,
];

const fn t(
    action: Action,
    kinds: &'static [CaseKind],
    from: &'static [CaseState],
    to: Target,
    roles: &'static [Role],
) -> Transition {
    Transition {
        action,
        kinds,
        from,
        to,
        roles,
        held_from: &[],
        checklist: &[],
        documents: &[],
        note_required: false,
        four_eyes: false,
        verifies: false,
        notice: None,
    }
}

/// Every transition of every kind.
pub static TRANSITIONS: &[Transition] = &[
    Transition {
        documents: &[DocKind::Recommendation],
        notice: Some(Notice::IdentityDataLink),
        ..t(
            Action::SendToApplicant,
            LONG,
            &[S::Draft],
            Target::To(S::AwaitingApplicantData),
            &[R::Verifier],
        )
    },
    // The applicant completes their data through their link; a verifier
    // may record it for an applicant who came to the counter in person.
    Transition {
        documents: &[DocKind::Ktp],
        ..t(
            Action::RecordApplicantData,
            LONG,
            &[S::AwaitingApplicantData],
            Target::To(S::VerifierReview),
            &[R::Verifier, R::Applicant],
        )
    },
    Transition {
        checklist: &[C::KtpMatches, C::RecommendationValid, C::EmailActive, C::IdentityCheck],
        documents: &[DocKind::Ktp, DocKind::Recommendation],
        verifies: true,
        notice: Some(Notice::SetPassphraseLink),
        ..t(
            Action::Verify,
            LONG,
            &[S::VerifierReview],
            Target::To(S::AwaitingPassphrase),
            &[R::Verifier],
        )
    },
    // Only the applicant, through their link: the passphrase (or their own
    // CSR) and the acceptance of the agreement, which this step records
    // (it ticks `agreement_accepted` as the applicant).
    t(
        Action::SetPassphrase,
        LONG,
        &[S::AwaitingPassphrase],
        Target::To(S::RaReview),
        &[R::Applicant],
    ),
    // Reset and reactivation: the RA approved before the holder's link
    // went out, so their new passphrase leads straight to issuance.
    t(
        Action::SetPassphrase,
        &[K::Reset, K::Reactivation],
        &[S::AwaitingPassphrase],
        Target::To(S::Approved),
        &[R::Applicant],
    ),
    Transition {
        four_eyes: true,
        checklist: LONG_CHECKLIST,
        ..t(
            Action::Approve,
            LONG,
            &[S::RaReview],
            Target::To(S::Approved),
            &[R::RaOfficer],
        )
    },
    Transition {
        notice: Some(Notice::Issued),
        ..t(
            Action::Issue,
            NEW_CERT,
            &[S::Approved],
            Target::To(S::Issued),
            &[R::RaOfficer, R::CaAdmin],
        )
    },
    Transition {
        checklist: UPDATE_CHECKLIST,
        documents: &[DocKind::Form],
        verifies: true,
        ..t(
            Action::Forward,
            &[K::Update],
            &[S::Submitted],
            Target::To(S::RaReview),
            &[R::Verifier],
        )
    },
    Transition {
        checklist: REVOCATION_CHECKLIST,
        documents: &[DocKind::Statement],
        verifies: true,
        ..t(
            Action::Forward,
            &[K::Revocation],
            &[S::Submitted],
            Target::To(S::RaReview),
            &[R::Verifier],
        )
    },
    Transition {
        checklist: RESET_CHECKLIST,
        documents: RESET_DOCUMENTS,
        verifies: true,
        ..t(
            Action::Forward,
            &[K::Reset],
            &[S::Submitted],
            Target::To(S::RaReview),
            &[R::Verifier],
        )
    },
    Transition {
        checklist: REACTIVATION_CHECKLIST,
        documents: REACTIVATION_DOCUMENTS,
        verifies: true,
        ..t(
            Action::Forward,
            &[K::Reactivation],
            &[S::Submitted],
            Target::To(S::RaReview),
            &[R::Verifier],
        )
    },
    // The RA approves a reset or a reactivation before the holder acts:
    // the holder then sets a new passphrase through their link. Approving
    // a reactivation revokes the held certificate as keyCompromise (`ra`).
    Transition {
        four_eyes: true,
        checklist: RESET_CHECKLIST,
        documents: RESET_DOCUMENTS,
        notice: Some(Notice::ResetLink),
        ..t(
            Action::Approve,
            &[K::Reset],
            &[S::RaReview],
            Target::To(S::AwaitingPassphrase),
            &[R::RaOfficer],
        )
    },
    Transition {
        four_eyes: true,
        checklist: REACTIVATION_CHECKLIST,
        documents: REACTIVATION_DOCUMENTS,
        notice: Some(Notice::ReactivationLink),
        ..t(
            Action::Approve,
            &[K::Reactivation],
            &[S::RaReview],
            Target::To(S::AwaitingPassphrase),
            &[R::RaOfficer],
        )
    },
    Transition {
        four_eyes: true,
        checklist: UPDATE_CHECKLIST,
        documents: &[DocKind::Form],
        notice: Some(Notice::Updated),
        ..t(
            Action::Apply,
            &[K::Update],
            &[S::RaReview],
            Target::To(S::Applied),
            &[R::RaOfficer],
        )
    },
    Transition {
        four_eyes: true,
        checklist: REVOCATION_CHECKLIST,
        documents: &[DocKind::Statement],
        notice: Some(Notice::Revoked),
        ..t(
            Action::Revoke,
            &[K::Revocation],
            &[S::RaReview],
            Target::To(S::Revoked),
            &[R::RaOfficer],
        )
    },
    Transition {
        note_required: true,
        notice: Some(Notice::Rejected),
        ..t(
            Action::Reject,
            EVERY,
            &[S::AwaitingApplicantData, S::VerifierReview, S::Submitted],
            Target::To(S::Rejected),
            &[R::Verifier],
        )
    },
    Transition {
        note_required: true,
        notice: Some(Notice::Rejected),
        ..t(
            Action::Reject,
            EVERY,
            &[S::RaReview],
            Target::To(S::Rejected),
            &[R::RaOfficer],
        )
    },
    Transition {
        note_required: true,
        ..t(
            Action::Hold,
            EVERY,
            &[S::AwaitingApplicantData, S::VerifierReview, S::Submitted],
            Target::To(S::OnHold),
            &[R::Verifier],
        )
    },
    Transition {
        note_required: true,
        ..t(
            Action::Hold,
            EVERY,
            &[S::RaReview],
            Target::To(S::OnHold),
            &[R::RaOfficer],
        )
    },
    Transition {
        note_required: true,
        ..t(
            Action::Return,
            LONG,
            &[S::RaReview],
            Target::To(S::VerifierReview),
            &[R::RaOfficer],
        )
    },
    Transition {
        note_required: true,
        ..t(
            Action::Return,
            FORWARDED,
            &[S::RaReview],
            Target::To(S::Submitted),
            &[R::RaOfficer],
        )
    },
    // An on-hold case is resumed or cancelled by the role that may act in
    // the state it was held from.
    Transition {
        held_from: VERIFIER_HOLDS,
        ..t(Action::Resume, EVERY, &[S::OnHold], Target::Back, &[R::Verifier])
    },
    Transition {
        held_from: &[S::RaReview],
        ..t(Action::Resume, EVERY, &[S::OnHold], Target::Back, &[R::RaOfficer])
    },
    Transition {
        note_required: true,
        ..t(
            Action::Cancel,
            EVERY,
            VERIFIER_REVIEWS,
            Target::To(S::Cancelled),
            &[R::Verifier],
        )
    },
    Transition {
        note_required: true,
        ..t(
            Action::Cancel,
            EVERY,
            &[S::RaReview],
            Target::To(S::Cancelled),
            &[R::RaOfficer],
        )
    },
    Transition {
        note_required: true,
        held_from: VERIFIER_HOLDS,
        ..t(
            Action::Cancel,
            EVERY,
            &[S::OnHold],
            Target::To(S::Cancelled),
            &[R::Verifier],
        )
    },
    Transition {
        note_required: true,
        held_from: &[S::RaReview],
        ..t(
            Action::Cancel,
            EVERY,
            &[S::OnHold],
            Target::To(S::Cancelled),
            &[R::RaOfficer],
        )
    },
    // The verifier's checklist: ticked and unticked only by the verifier,
    // before the case goes to the RA (the RA returns a case instead).
    t(Action::Tick, EVERY, VERIFIER_REVIEWS, Target::Stay, &[R::Verifier]),
    t(Action::Untick, EVERY, VERIFIER_REVIEWS, Target::Stay, &[R::Verifier]),
];

/// Why an action is refused. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    #[error("{action} is not possible on a {kind} case in state {state}")]
    NotInState {
        action: Action,
        kind: CaseKind,
        state: CaseState,
    },
    #[error("{action} in state {state} is for {allowed}, not for a {role}")]
    Role {
        action: Action,
        state: CaseState,
        role: Role,
        allowed: String,
    },
    #[error("four eyes: {operator} created or verified this case and cannot also {action} it; another officer must")]
    FourEyes { operator: String, action: Action },
    #[error("{0} needs the checklist ticked first: {items}", items = join(.1))]
    Checklist(Action, Vec<CheckItem>),
    #[error("{0} needs these documents attached first: {items}", items = join(.1))]
    Documents(Action, Vec<DocKind>),
    #[error("{0} needs a note (--note TEXT) giving the reason")]
    NoteRequired(Action),
}

fn join<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// The rows for this action on this kind in this state, whoever acts.
fn rows(case: &Case, action: Action) -> impl Iterator<Item = &'static Transition> + '_ {
    TRANSITIONS.iter().filter(move |t| {
        t.action == action
            && t.kinds.contains(&case.kind)
            && t.from.contains(&case.state)
            && (t.held_from.is_empty() || case.held_from.is_some_and(|h| t.held_from.contains(&h)))
    })
}

/// The rule for `op` taking `action` on `case` now, or why not. A missing
/// note is checked by `check_note`, since a form asks for it after this.
pub fn check(case: &Case, op: &Operator, action: Action) -> Result<&'static Transition, Refusal> {
    let mut rows = rows(case, action).peekable();
    if rows.peek().is_none() {
        return Err(Refusal::NotInState {
            action,
            kind: case.kind,
            state: case.state,
        });
    }
    let all: Vec<_> = rows.collect();
    let Some(t) = all.iter().find(|t| t.roles.contains(&op.role)) else {
        let mut roles: Vec<Role> = all.iter().flat_map(|t| t.roles.iter().copied()).collect();
        roles.dedup();
        return Err(Refusal::Role {
            action,
            state: case.state,
            role: op.role,
            allowed: join(&roles),
        });
    };
    if t.four_eyes && (case.created_by == op.name || case.verified_by.as_deref() == Some(op.name.as_str())) {
        return Err(Refusal::FourEyes {
            operator: op.name.clone(),
            action,
        });
    }
    let missing: Vec<CheckItem> = t.checklist.iter().copied().filter(|i| !case.is_ticked(*i)).collect();
    if !missing.is_empty() {
        return Err(Refusal::Checklist(action, missing));
    }
    let missing: Vec<DocKind> = t
        .documents
        .iter()
        .copied()
        .filter(|d| !case.documents.contains(d))
        .collect();
    if !missing.is_empty() {
        return Err(Refusal::Documents(action, missing));
    }
    Ok(t)
}

/// A note is required, and given.
pub fn check_note(t: &Transition, note: Option<&str>) -> Result<(), Refusal> {
    if t.note_required && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(Refusal::NoteRequired(t.action));
    }
    Ok(())
}

/// An action this operator may take on the case, and whether its
/// requirements are met yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed {
    pub action: Action,
    pub note_required: bool,
    /// `Err` names what is still missing (checklist, documents).
    pub ready: Result<(), Refusal>,
}

/// Which actions can this operator take on this case now. Actions refused
/// for the state or the role (or four eyes) are left out; actions waiting on
/// the checklist or documents are listed with what they wait on.
pub fn allowed(case: &Case, op: &Operator) -> Vec<Allowed> {
    let mut out: Vec<Allowed> = Vec::new();
    for action in Action::ALL {
        let row = rows(case, action).find(|t| t.roles.contains(&op.role));
        let Some(t) = row else { continue };
        match check(case, op, action) {
            Ok(_) => out.push(Allowed {
                action,
                note_required: t.note_required,
                ready: Ok(()),
            }),
            Err(e @ (Refusal::Checklist(..) | Refusal::Documents(..))) => out.push(Allowed {
                action,
                note_required: t.note_required,
                ready: Err(e),
            }),
            Err(_) => {}
        }
    }
    out
}

/// Actions that do not move a case on: being able to take them does not
/// make a case wait on the operator.
const SIDE_STEPS: [Action; 6] = [
    Action::Reject,
    Action::Hold,
    Action::Resume,
    Action::Cancel,
    Action::Return,
    Action::Untick,
];

/// States in which a case waits on someone outside the office (the
/// applicant's data or passphrase) or on nobody (on hold).
const WAITING_ON_OTHERS: [CaseState; 3] = [
    CaseState::AwaitingApplicantData,
    CaseState::AwaitingPassphrase,
    CaseState::OnHold,
];

/// The case waits on this operator's role now: one of the steps that move
/// it on is theirs (ready, or waiting on their own checklist). Cases
/// waiting on the applicant or on hold wait on someone else, even where
/// the operator could step in.
pub fn waits_on(case: &Case, op: &Operator) -> bool {
    !WAITING_ON_OTHERS.contains(&case.state) && allowed(case, op).iter().any(|a| !SIDE_STEPS.contains(&a.action))
}

/// The states in which `role` moves a case of `kind` on: every case that
/// `waits_on` an operator of that role is in one of them, so a list of
/// "waiting on me" can ask the store for these states first.
pub fn moving_states(kind: CaseKind, role: Role) -> Vec<CaseState> {
    let mut out: Vec<CaseState> = TRANSITIONS
        .iter()
        .filter(|t| !SIDE_STEPS.contains(&t.action) && t.kinds.contains(&kind) && t.roles.contains(&role))
        .flat_map(|t| t.from.iter().copied())
        .filter(|s| s.is_pending() && !WAITING_ON_OTHERS.contains(s))
        .collect();
    out.sort();
    out.dedup();
    out
}
