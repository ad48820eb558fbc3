//! What a confirmed dialog does, and the reasons a revocation offers: a
//! leaf the words (`i18n`) and the screens name without the dialogs.

use crate::domain::{Action, RevocationReason};

/// What a confirmed dialog does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// Take `action` on these cases (id, version seen).
    Act {
        action: Action,
        targets: Vec<(u64, u64)>,
    },
    Quit,
    /// A ca_admin revokes this certificate at once, for this reason.
    RevokeCert {
        serial: String,
        holder: String,
        reason: RevocationReason,
    },
}

/// The reasons offered when revoking a certificate on its screen, the
/// first chosen until ←/→ picks another.
pub const REVOKE_REASONS: [RevocationReason; 6] = [
    RevocationReason::Unspecified,
    RevocationReason::KeyCompromise,
    RevocationReason::AffiliationChanged,
    RevocationReason::Superseded,
    RevocationReason::CessationOfOperation,
    RevocationReason::PrivilegeWithdrawn,
];
