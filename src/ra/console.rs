//! Read-only helpers the console needs beyond the CLI's use-cases.

use super::{Ra, RaError, Result};
use crate::domain::audit::AuditEvent;
use crate::domain::{Case, CaseKind, Operator};
use crate::store::CaseFilter;
use chrono::{DateTime, Utc};

/// One audit event as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditLine {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub case_id: Option<u64>,
    pub detail: String,
}

/// Rows a console list reads at a time: a queue's page, the audit trail's.
pub const PAGE: usize = 200;

impl Ra {
    /// Every case of one kind, oldest first (open and closed).
    pub async fn queue_cases(&self, op: &Operator, kind: CaseKind) -> Result<Vec<Case>> {
        self.list(
            op,
            &CaseFilter {
                kind: Some(kind),
                limit: usize::MAX >> 1,
                ..Default::default()
            },
        )
        .await
    }

    /// The audit trail, newest first; unreadable bodies are shown as such
    /// (`verify_audit` names them).
    pub async fn audit_trail(&self, _op: &Operator) -> Result<Vec<AuditLine>> {
        let mut out: Vec<AuditLine> = self.store.audit_rows().await?.into_iter().map(line).collect();
        out.reverse();
        Ok(out)
    }

    /// A page of the audit trail, newest first: `PAGE` events before
    /// `before` (from the newest when `None`), whose text contains
    /// `text` when one is given. The search runs in the store.
    pub async fn audit_page(&self, _op: &Operator, before: Option<u64>, text: Option<&str>) -> Result<Vec<AuditLine>> {
        let rows = self.store.audit_page(before, PAGE, text).await?;
        Ok(rows.into_iter().map(line).collect())
    }
}

fn line(r: crate::store::AuditRow) -> AuditLine {
    match serde_json::from_str::<AuditEvent>(&r.body) {
        Ok(ev) => AuditLine {
            seq: r.seq,
            at: ev.at,
            actor: ev.actor,
            action: ev.action,
            case_id: ev.case_id,
            detail: ev.detail,
        },
        Err(e) => AuditLine {
            seq: r.seq,
            at: DateTime::<Utc>::MIN_UTC,
            actor: "?".into(),
            action: "unreadable".into(),
            case_id: r.case_id,
            detail: e.to_string(),
        },
    }
}

impl RaError {
    /// Refused because the case changed since the operator read it.
    pub fn is_stale(&self) -> bool {
        matches!(self, RaError::Store(crate::store::StoreError::Stale { .. }))
    }

    /// The database refused the credential it was opened with.
    pub fn is_sign_in_refused(&self) -> bool {
        matches!(self, RaError::Store(crate::store::StoreError::Open { reason, .. }) if reason.starts_with("sign-in refused"))
    }

    /// A key or PKCS#12 did not open with the passphrase given.
    pub fn is_wrong_passphrase(&self) -> bool {
        matches!(self, RaError::Ca(crate::ca::CaError::WrongPassphrase { .. }))
    }

    /// A one-time link was used by another request at the same moment.
    pub fn is_link_race(&self) -> bool {
        matches!(self, RaError::Store(crate::store::StoreError::Conflict(m)) if m.contains("link"))
    }
}

/// Cases changed anywhere (another console, the CLI, the service), as a
/// LIVE query reports them.
///
/// A LIVE query lives in the server's memory: after the server restarts,
/// the database client reconnects by itself but the query is gone, and a
/// server that closed the socket politely ends nothing on the client. So
/// every [`HEARTBEAT`] the subscription asks which start of the service
/// it is talking to: no answer within [`ANSWER`], or another start, ends
/// it (`next` gives an error or `None`), and the caller subscribes again.
pub struct CaseChanges {
    watch: crate::store::Watch,
    store: crate::store::Store,
    instance: Option<String>,
    beat: tokio::time::Interval,
}

/// How often a subscription checks that it is still alive.
pub const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(2);
/// How long that check may take before the connection counts as lost.
pub const ANSWER: std::time::Duration = std::time::Duration::from_secs(3);

impl CaseChanges {
    /// The number of the next case changed; an error when the connection
    /// to the database is lost, `None` once the subscription ended (the
    /// server restarted or closed it).
    pub async fn next(&mut self) -> Option<Result<u64>> {
        loop {
            tokio::select! {
                r = self.watch.changed() => match r? {
                    Ok(Some(id)) => return Some(Ok(id)),
                    Ok(None) => continue,
                    Err(e) => return Some(Err(e.into())),
                },
                _ = self.beat.tick() => {
                    match tokio::time::timeout(ANSWER, self.store.service_instance()).await {
                        Ok(Ok(now)) if now == self.instance => continue,
                        Ok(Ok(_)) => return None,
                        Ok(Err(e)) => return Some(Err(e.into())),
                        Err(_) => return Some(Err(RaError::Invalid("the database does not answer".into()))),
                    }
                }
            }
        }
    }
}

impl Ra {
    /// Subscribes to changes of every case.
    pub async fn watch_cases(&self) -> Result<CaseChanges> {
        let instance = self.store.service_instance().await?;
        let watch = self.store.watch(crate::store::Watched::Cases).await?;
        let mut beat = tokio::time::interval(HEARTBEAT);
        beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        beat.reset();
        Ok(CaseChanges {
            watch,
            store: self.store.clone(),
            instance,
            beat,
        })
    }
}
