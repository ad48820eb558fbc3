//! The whole role × action × kind × state matrix as data: the expected
//! outcome of every combination is the snapshot beside this file
//! (`snapshots/…workflow_matrix__matrix.snap`), so any change to the rules
//! in the workflow table shows up as a diff there. Cases have their
//! checklist ticked and documents attached; the four-eyes and checklist
//! rules are pinned by the tests in `workflow_tests.rs`.

use super::workflow::{Refusal, Target, check};
use super::workflow_tests::{self, ready};
use super::*;
use crate::domain::{Operator, Role};

/// A case of `kind` in `state` (held from `held_from`), its checklist
/// ticked and documents attached, opened and ticked by someone else.
fn case(kind: CaseKind, state: CaseState, held_from: Option<CaseState>) -> Case {
    let mut c = ready(workflow_tests::case(kind));
    c.state = state;
    c.held_from = held_from;
    c
}

/// One cell: where the action leads, or why it is refused.
fn outcome(c: &Case, role: Role, action: Action) -> String {
    let op = Operator::new(format!("a-{role}"), role);
    match check(c, &op, action) {
        Ok(t) => {
            let to = match t.to {
                Target::To(s) => s.to_string(),
                Target::Back => format!("back:{}", c.held_from.map_or("?".into(), |s| s.to_string())),
                Target::Stay => "stay".into(),
            };
            if t.note_required { format!("{to}+note") } else { to }
        }
        Err(Refusal::NotInState { .. }) => "-".into(),
        Err(Refusal::Role { .. }) => "role".into(),
        Err(Refusal::FourEyes { .. }) => "four-eyes".into(),
        Err(Refusal::Checklist(..)) => "checklist".into(),
        Err(Refusal::Documents(..)) => "documents".into(),
        Err(Refusal::NoteRequired(_)) => "note".into(),
    }
}

const ROLES: [Role; 5] = [
    Role::Verifier,
    Role::RaOfficer,
    Role::CaAdmin,
    Role::Auditor,
    Role::Applicant,
];

fn matrix() -> String {
    let mut out = String::from("# kind state[held from] action: verifier ra_officer ca_admin auditor applicant\n");
    for kind in CaseKind::ALL {
        for state in CaseState::ALL {
            let helds: Vec<Option<CaseState>> = if state == CaseState::OnHold {
                CaseState::ALL.iter().copied().map(Some).collect()
            } else {
                vec![None]
            };
            for held in helds {
                let c = case(kind, state, held);
                for action in Action::ALL {
                    let cells: Vec<String> = ROLES.iter().map(|r| outcome(&c, *r, action)).collect();
                    if cells.iter().all(|x| x == "-") {
                        continue;
                    }
                    let at = match held {
                        Some(h) => format!("{state}[{h}]"),
                        None => state.to_string(),
                    };
                    out.push_str(&format!("{kind} {at} {action}: {}\n", cells.join(" ")));
                }
            }
        }
    }
    out
}

#[test]
fn the_role_action_kind_state_matrix_is_as_recorded() {
    insta::assert_snapshot!("matrix", matrix());
}
