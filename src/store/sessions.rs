//! Operators' sessions with the service (`session`: a token's SHA-256,
//! never the token), what the sign-in guard counts (an operator's wrong
//! PINs and lock, a client address's failures per minute), and an
//! operator's standing (disabled, PIN to change).

use super::cases::ts;
use super::{Batch, Result, Store};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

/// A session as the service reads it back.
#[derive(Debug, Clone, Deserialize)]
pub struct SessionRow {
    pub operator: String,
    pub expires_at: DateTime<Utc>,
    #[serde(default)]
    pub pin_change: bool,
    /// Why a ca_admin ended it, when one did.
    #[serde(default)]
    pub ended: Option<String>,
}

/// How an operator stands at sign-in.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OperatorStanding {
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub pin_change: bool,
    #[serde(default)]
    pub failed_pins: u32,
    #[serde(default)]
    pub locked_until: Option<DateTime<Utc>>,
}

pub fn insert_session(
    b: &mut Batch,
    token_hash: &str,
    operator: &str,
    from: &str,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
    pin_change: bool,
) {
    let k = b.var(token_hash);
    let o = b.var(operator);
    let f = b.var(from);
    let n = b.var(ts(now));
    let e = b.var(ts(expires));
    let p = b.var(pin_change);
    b.push(&format!(
        "CREATE type::record('session', {k}) CONTENT {{ operator: {o}, from: {f}, created_at: <datetime>{n}, expires_at: <datetime>{e}, pin_change: {p} }};"
    ));
}

pub fn delete_session(b: &mut Batch, token_hash: &str) {
    let k = b.var(token_hash);
    b.push(&format!("DELETE type::record('session', {k});"));
}

/// Ends every session of `operator`, saying `why` to their clients.
pub fn end_sessions_of(b: &mut Batch, operator: &str, why: &str) {
    let o = b.var(operator);
    let w = b.var(why);
    b.push(&format!(
        "UPDATE session SET ended = {w} WHERE operator = {o} AND ended = NONE;"
    ));
}

/// Sessions of `operator` opened with a one-time PIN may go on once it
/// was changed.
pub fn release_pin_change(b: &mut Batch, operator: &str) {
    let o = b.var(operator);
    b.push(&format!("UPDATE session SET pin_change = false WHERE operator = {o};"));
}

pub fn set_operator_disabled(b: &mut Batch, operator: &str, disabled: bool) {
    let o = b.var(operator);
    let d = b.var(disabled);
    b.push(&format!("UPDATE operator SET disabled = {d} WHERE name = {o};"));
}

/// A new PIN hash; `pin_change`: it must be changed at the next sign-in.
pub fn set_operator_pin(b: &mut Batch, operator: &str, pin_hash: &str, pin_change: bool) {
    let o = b.var(operator);
    let h = b.var(pin_hash);
    let p = b.var(pin_change);
    b.push(&format!(
        "UPDATE operator SET pin_hash = {h}, pin_change = {p}, failed_pins = 0, locked_until = NONE WHERE name = {o};"
    ));
}

/// One more wrong PIN; at `limit` the operator is locked until `until`.
pub fn count_wrong_pin(b: &mut Batch, operator: &str, limit: u32, until: DateTime<Utc>) {
    let o = b.var(operator);
    let l = b.var(limit);
    let u = b.var(ts(until));
    b.push(&format!(
        "UPDATE operator SET failed_pins = (failed_pins ?? 0) + 1 WHERE name = {o};\n\
         UPDATE operator SET locked_until = <datetime>{u}, failed_pins = 0 WHERE name = {o} AND failed_pins >= {l};"
    ));
}

pub fn clear_wrong_pins(b: &mut Batch, operator: &str) {
    let o = b.var(operator);
    b.push(&format!(
        "UPDATE operator SET failed_pins = 0, locked_until = NONE WHERE name = {o};"
    ));
}

/// One more failed sign-in from `addr` in the minute that started at
/// `window` (a new minute starts the count again).
pub fn count_address_failure(b: &mut Batch, addr: &str, now: DateTime<Utc>) {
    let a = b.var(addr);
    let n = b.var(ts(now));
    b.push(&format!(
        "LET $g = type::record('signin_guard', {a});\n\
         IF $g.window == NONE OR $g.window < <datetime>{n} - 1m {{\n\
           UPSERT $g CONTENT {{ window: <datetime>{n}, failures: 1 }};\n\
         }} ELSE {{\n\
           UPDATE $g SET failures += 1;\n\
         }};"
    ));
}

impl Store {
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        let rows: Vec<SessionRow> = self
            .rows(
                "SELECT operator, expires_at, pin_change ?? false AS pin_change, ended FROM type::record('session', $k);",
                json!({ "k": token_hash }),
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    pub async fn operator_standing(&self, name: &str) -> Result<OperatorStanding> {
        let rows: Vec<OperatorStanding> = self
            .rows(
                "SELECT disabled ?? false AS disabled, pin_change ?? false AS pin_change, failed_pins ?? 0 AS failed_pins, locked_until FROM operator WHERE name = $n;",
                json!({ "n": name }),
            )
            .await?;
        Ok(rows.into_iter().next().unwrap_or_default())
    }

    /// Failed sign-ins from `addr` in its current minute (as of `now`).
    pub async fn address_failures(&self, addr: &str, now: DateTime<Utc>) -> Result<u32> {
        #[derive(Deserialize)]
        struct G {
            failures: u32,
            window: DateTime<Utc>,
        }
        let rows: Vec<G> = self
            .rows(
                "SELECT failures, window FROM type::record('signin_guard', $a);",
                json!({ "a": addr }),
            )
            .await?;
        Ok(rows
            .first()
            .filter(|g| now - g.window < chrono::Duration::minutes(1))
            .map_or(0, |g| g.failures))
    }

    /// Removes sessions past their end.
    pub async fn purge_sessions(&self, now: DateTime<Utc>) -> Result<()> {
        self.write_one(
            "DELETE session WHERE expires_at < <datetime>$n;",
            json!({ "n": ts(now) }),
        )
        .await
        .map(|_| ())
    }
}
