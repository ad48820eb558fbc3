//! The audit trail's pure part: hash-chained events. Each event's hash
//! covers the previous hash, its sequence number and its canonical body, so
//! editing, removing or reordering any event breaks the chain at that event.
//! `store` writes the chain (`store::audit`, `store::batch`); `ra` verifies
//! it with [`verify_chain`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash of the event before the first.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: u64,
    pub prev_hash: String,
    pub hash: String,
    pub body: String,
    pub case_id: Option<u64>,
}

/// The hash of an event: SHA-256 over `prev_hash \n seq \n body`, hex.
pub fn event_hash(prev: &str, seq: u64, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(seq.to_string().as_bytes());
    h.update(b"\n");
    h.update(body.as_bytes());
    hex::encode(h.finalize())
}

/// What happened, by whom, when. Serialized in this field order; that JSON
/// text is the body the hash covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub case_id: Option<u64>,
    pub detail: String,
    /// The client's address, for a step taken through the service's API
    /// (set by the service from the connection, never from a request).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

impl AuditEvent {
    pub fn new(at: DateTime<Utc>, actor: &str, action: &str, case_id: Option<u64>, detail: impl Into<String>) -> Self {
        Self {
            at,
            actor: actor.into(),
            action: action.into(),
            case_id,
            detail: detail.into(),
            from: None,
        }
    }

    pub fn body(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Where the chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ChainBreak {
    #[error("audit event {seq} was altered: its hash does not match its content")]
    Altered { seq: u64 },
    #[error("audit event {seq} is missing (removed), or events were reordered there")]
    Missing { seq: u64 },
    #[error("audit event {seq} does not follow event {prev}: events were removed or reordered")]
    Unlinked { seq: u64, prev: u64 },
    #[error("audit event {seq} has an unreadable body")]
    Unreadable { seq: u64 },
    #[error("the chain ends at event {last} but its head says {head}: events at the end were removed")]
    Truncated { last: u64, head: u64 },
    #[error("audit event {seq} was altered: its indexed case number disagrees with its body")]
    IndexAltered { seq: u64 },
}

/// Checks every event, in key order, against the one before and the head.
/// Returns the number of events checked.
pub fn verify_chain(rows: &[AuditRow], head: Option<(u64, String)>) -> Result<u64, ChainBreak> {
    let mut prev_hash = GENESIS.to_string();
    let mut prev_seq = 0;
    for r in rows {
        if r.seq != prev_seq + 1 {
            return Err(if r.seq > prev_seq + 1 {
                ChainBreak::Missing { seq: prev_seq + 1 }
            } else {
                ChainBreak::Unlinked {
                    seq: r.seq,
                    prev: prev_seq,
                }
            });
        }
        if event_hash(&r.prev_hash, r.seq, &r.body) != r.hash {
            return Err(ChainBreak::Altered { seq: r.seq });
        }
        if r.prev_hash != prev_hash {
            return Err(ChainBreak::Unlinked {
                seq: r.seq,
                prev: prev_seq,
            });
        }
        let ev: AuditEvent = serde_json::from_str(&r.body).map_err(|_| ChainBreak::Unreadable { seq: r.seq })?;
        if ev.case_id != r.case_id {
            return Err(ChainBreak::IndexAltered { seq: r.seq });
        }
        prev_hash = r.hash.clone();
        prev_seq = r.seq;
    }
    match head {
        Some((seq, hash)) if seq != prev_seq || hash != prev_hash => Err(ChainBreak::Truncated {
            last: prev_seq,
            head: seq,
        }),
        None if prev_seq != 0 => Err(ChainBreak::Truncated {
            last: prev_seq,
            head: 0,
        }),
        _ => Ok(prev_seq),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u64) -> (Vec<AuditRow>, Option<(u64, String)>) {
        let mut prev = GENESIS.to_string();
        let mut rows = Vec::new();
        for seq in 1..=n {
            let body = AuditEvent::new(Utc::now(), "a", "x", Some(seq), "").body();
            let hash = event_hash(&prev, seq, &body);
            rows.push(AuditRow {
                seq,
                prev_hash: prev.clone(),
                hash: hash.clone(),
                body,
                case_id: Some(seq),
            });
            prev = hash;
        }
        let head = Some((n, prev));
        (rows, head)
    }

    #[test]
    fn intact_chain_verifies() {
        let (rows, head) = chain(5);
        assert_eq!(verify_chain(&rows, head), Ok(5));
    }

    #[test]
    fn edit_delete_reorder_and_truncate_are_named() {
        let (rows, head) = chain(5);
        let mut edited = rows.clone();
        edited[2].body = edited[2].body.replace("\"a\"", "\"b\"");
        assert_eq!(verify_chain(&edited, head.clone()), Err(ChainBreak::Altered { seq: 3 }));
        let mut deleted = rows.clone();
        deleted.remove(1);
        assert_eq!(
            verify_chain(&deleted, head.clone()),
            Err(ChainBreak::Missing { seq: 2 })
        );
        let mut swapped = rows.clone();
        let (a, b) = (swapped[1].body.clone(), swapped[2].body.clone());
        swapped[1].body = b;
        swapped[2].body = a;
        assert_eq!(
            verify_chain(&swapped, head.clone()),
            Err(ChainBreak::Altered { seq: 2 })
        );
        let truncated = rows[..4].to_vec();
        assert_eq!(
            verify_chain(&truncated, head),
            Err(ChainBreak::Truncated { last: 4, head: 5 })
        );
    }
}
