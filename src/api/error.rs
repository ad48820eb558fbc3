//! Errors as they travel: a stable code for programs, the message for
//! people, and what a client needs to say it in the operator's language
//! (the refusal, or who changed the case).

use crate::domain::case::Refusal;
use crate::ra::{RaError, StoreError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireError {
    /// Stable: `refused`, `not_allowed`, `invalid`, `sign_in`, `locked`, `disabled`,
    /// `session_ended`, `pin_change`, `not_found`, `stale`, `conflict`,
    /// `no_ca`, `ca_locked`, `unknown_verb`, `bad_request`, `slow_down`,
    /// `unavailable`, `internal`.
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// `stale`: who changed the case, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<(String, String)>,
}

impl WireError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            message: message.into(),
            refusal: None,
            changed: None,
        }
    }
}

impl From<&RaError> for WireError {
    fn from(e: &RaError) -> Self {
        let code = match e {
            RaError::Refused(_) => "refused",
            RaError::NotAllowed(_) => "not_allowed",
            RaError::SignIn => "sign_in",
            RaError::Locked { .. } => "locked",
            RaError::Disabled(_) => "disabled",
            RaError::SessionEnded(_) => "session_ended",
            RaError::PinChange(_) => "pin_change",
            RaError::NoCa(_) => "no_ca",
            RaError::CaLocked => "ca_locked",
            RaError::Store(StoreError::NotFound(_)) => "not_found",
            RaError::Store(StoreError::Stale { .. }) => "stale",
            RaError::Store(StoreError::Conflict(_)) => "conflict",
            RaError::Store(StoreError::NoRoom(_)) => "no_room",
            RaError::Store(_) | RaError::Io(_) => "internal",
            RaError::Unreachable(_) => "unavailable",
            _ => "invalid",
        };
        let mut w = WireError::new(code, e.to_string());
        match e {
            RaError::Refused(r) => w.refusal = Some(r.clone()),
            RaError::Store(StoreError::Stale { by, at }) => w.changed = Some((by.clone(), at.clone())),
            _ => {}
        }
        w
    }
}

impl From<WireError> for RaError {
    /// The error a client's caller sees: the same kind where it has one.
    fn from(w: WireError) -> Self {
        match (w.code.as_str(), w.refusal, w.changed) {
            (_, Some(r), _) => RaError::Refused(r),
            ("stale", _, Some((by, at))) => RaError::Store(StoreError::Stale { by, at }),
            ("sign_in", ..) => RaError::SignIn,
            ("session_ended", ..) => RaError::SessionEnded(
                w.message
                    .strip_prefix("the session ended (")
                    .and_then(|m| m.split(')').next())
                    .unwrap_or("by the service")
                    .to_string(),
            ),
            ("not_found", ..) => RaError::Store(StoreError::NotFound(
                w.message.trim_end_matches(" not found").to_string(),
            )),
            ("conflict", ..) => RaError::Store(StoreError::Conflict(w.message)),
            ("no_room", ..) => RaError::Store(StoreError::NoRoom(w.message)),
            ("not_allowed", ..) => RaError::NotAllowed(w.message),
            ("no_ca", ..) => RaError::NoCa(
                "at the office's service, which holds the CA: a ca_admin makes it with `ratu --server URL ca init`"
                    .into(),
            ),
            ("ca_locked", ..) => RaError::CaLocked,
            _ => RaError::Invalid(w.message),
        }
    }
}

/// The HTTP status of an error code.
pub fn status_of(code: &str) -> u16 {
    match code {
        "sign_in" | "session_ended" => 401,
        "disabled" | "pin_change" | "not_allowed" => 403,
        "not_found" | "unknown_verb" => 404,
        "stale" | "conflict" => 409,
        "locked" => 423,
        // Insufficient Storage (RFC 4918): the service's disk, not the request.
        "no_room" => 507,
        "slow_down" => 429,
        "internal" => 500,
        "unavailable" | "no_ca" | "ca_locked" => 503,
        _ => 400,
    }
}
