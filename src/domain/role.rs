//! Operators and their roles.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    /// Verifikator: enters and verifies requests of their agency.
    Verifier,
    /// RA BSrE: second check; approves or rejects.
    RaOfficer,
    /// Admin / sandi: runs the CA.
    CaAdmin,
    /// Reads everything, changes nothing.
    Auditor,
    /// The applicant acting for themselves through a one-time link
    /// (`applicant:CASE`); never an operator who signs in, so not in
    /// [`Role::ALL`] and not accepted by `FromStr`.
    Applicant,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Verifier, Role::RaOfficer, Role::CaAdmin, Role::Auditor];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

super::named::display_as_str!(Role);

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::named::find(&s.replace('-', "_"), &Role::ALL)
            .ok_or_else(|| format!("unknown role {s:?}: use verifier, ra_officer, ca_admin or auditor"))
    }
}

/// A signed-in person. The PIN hash lives in the store, never here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub name: String,
    pub role: Role,
    /// A verifier's agencies: the cases they see and act on. Empty for
    /// the other roles, who see every agency.
    #[serde(default)]
    pub agencies: Vec<String>,
}

impl Operator {
    /// An operator without agencies (any role but a verifier's).
    pub fn new(name: impl Into<String>, role: Role) -> Self {
        Self {
            name: name.into(),
            role,
            agencies: Vec::new(),
        }
    }

    /// The same operator assigned `agencies`.
    pub fn with_agencies<S: Into<String>>(mut self, agencies: impl IntoIterator<Item = S>) -> Self {
        self.agencies = agencies.into_iter().map(Into::into).collect();
        self
    }

    /// True when this operator works on cases of `agency`: a verifier on
    /// their own agencies' only; everybody else on every agency's.
    pub fn covers(&self, agency: &str) -> bool {
        self.scope().is_none_or(|a| a.iter().any(|x| x == agency))
    }

    /// The agencies this operator is limited to: a verifier's; `None` for
    /// the roles that see every agency.
    pub fn scope(&self) -> Option<&[String]> {
        (self.role == Role::Verifier).then_some(self.agencies.as_slice())
    }
}

/// Operator names: 2–32 of lower-case letters, digits, `.`, `_`, `-`.
pub fn validate_operator_name(name: &str) -> Result<(), super::FieldError> {
    let ok = (2..=32).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(super::FieldError::new(
            "operator",
            name,
            "must be 2 to 32 lower-case letters, digits, '.', '_' or '-'",
        ))
    }
}
