//! `crl_hold`: the certificates on hold (reason certificateHold), each with
//! its ready-encoded CRL entry. A hold ends, unlike a revocation: its row is
//! deleted at release, or when the hold becomes a revocation. Every change
//! adds one to `counter:crl_holds`, which a publication records, so a CRL
//! that lacks a hold (or still lists a released one) is due again.

use super::cases::ts;
use super::{Batch, Result, Store, StoreError};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

const BUMP: &str = "UPSERT counter:crl_holds SET n = (n ?? 0) + 1;";

/// Puts `serial` on the CRL as held by case `case_id` (in `b`); refused if
/// it is on hold already.
pub fn insert_crl_hold(b: &mut Batch, serial: &str, at: DateTime<Utc>, case_id: u64, entry_der: &[u8]) {
    let id = b.var(serial);
    let t = b.var(ts(at));
    let c = b.var(case_id);
    let hex = b.var(hex::encode(entry_der));
    b.push(&format!(
        "CREATE type::record('crl_hold', {id}) CONTENT {{ at: <datetime>{t}, case_id: {c}, hex: {hex} }};\n{BUMP}"
    ));
}

/// Takes `serial` off hold (in `b`): released, or revoked for good.
pub fn delete_crl_hold(b: &mut Batch, serial: &str) {
    let id = b.var(serial);
    b.push(&format!("DELETE type::record('crl_hold', {id});\n{BUMP}"));
}

impl Store {
    /// The holds' CRL entries, DER, concatenated in serial order, how many
    /// there are, and the hold counter they were read at. The counter is
    /// read first: a hold changed between the two reads makes the next
    /// publication due, never a CRL that claims a change it lacks.
    pub async fn crl_holds_der(&self) -> Result<(Vec<u8>, usize, u64)> {
        let generation = self.crl_hold_generation().await?;
        let rows: Vec<String> = self
            .rows("SELECT VALUE hex FROM crl_hold ORDER BY id;", json!({}))
            .await?;
        let mut der = Vec::new();
        for hex in &rows {
            der.extend(hex::decode(hex).map_err(|e| StoreError::Decode(format!("CRL hold: {e}")))?);
        }
        Ok((der, rows.len(), generation))
    }

    /// How many times holds changed (placed, released, revoked).
    pub async fn crl_hold_generation(&self) -> Result<u64> {
        let v: Vec<Value> = self.rows("SELECT VALUE n FROM counter:crl_holds;", json!({})).await?;
        Ok(v.first().and_then(Value::as_u64).unwrap_or(0))
    }
}
