//! The `link` table: one row per one-time link to the applicant page,
//! keyed by a short random id. The token itself is never stored, only its
//! SHA-256 (`token_hash`), which operators on a shared server cannot read
//! (server.surql); what a link is bound to is READONLY once written.

use super::cases::ts;
use super::{Batch, Result, Store};
use crate::domain::{Link, LinkStep};
use chrono::{DateTime, Utc};
use serde_json::json;

/// The columns a [`Link`] is read from (never the hash).
const COLUMNS: &str = "record::id(id) AS id, case_id, step, case_version, created_at, expires_at, used_at, voided_at, voided_by, failures";

/// Adds a new link with the SHA-256 of its token.
pub fn insert_link(b: &mut Batch, link: &Link, token_hash: &str) {
    let row = b.var(json!({
        "token_hash": token_hash,
        "case_id": link.case_id,
        "step": link.step,
        "case_version": link.case_version,
        "created_at": ts(link.created_at),
        "expires_at": ts(link.expires_at),
        "failures": 0,
    }));
    let id = b.var(&link.id);
    b.push(&format!(
        "CREATE type::record('link', {id}) CONTENT {row} + {{ created_at: <datetime>{row}.created_at, expires_at: <datetime>{row}.expires_at }};"
    ));
}

/// Voids every link of `case_id` for `step` still open (not used, not
/// voided).
pub fn void_links(b: &mut Batch, case_id: u64, step: LinkStep, by: &str, at: DateTime<Utc>) {
    let v = b.var(json!({ "c": case_id, "s": step, "by": by, "at": ts(at) }));
    b.push(&format!(
        "UPDATE link SET voided_at = <datetime>{v}.at, voided_by = {v}.by \
         WHERE case_id = {v}.c AND step = {v}.s AND used_at = NONE AND voided_at = NONE;"
    ));
}

/// Marks the link used, refusing the whole batch if it was used (or
/// voided) meanwhile: two tabs submitting at once, one wins.
pub fn use_link(b: &mut Batch, id: &str, at: DateTime<Utc>) {
    let v = b.var(json!({ "id": id, "at": ts(at) }));
    b.push(&format!(
        "IF array::len(UPDATE type::record('link', {v}.id) SET used_at = <datetime>{v}.at \
         WHERE used_at = NONE AND voided_at = NONE RETURN VALUE id) == 0 {{ THROW 'ratu:link already used' }};"
    ));
}

/// Counts one failed try on the link (a wrong passphrase).
pub fn count_link_failure(b: &mut Batch, id: &str) {
    let v = b.var(id);
    b.push(&format!("UPDATE type::record('link', {v}) SET failures += 1;"));
}

impl Store {
    /// The link whose token has this SHA-256, if any.
    pub async fn link_by_hash(&self, token_hash: &str) -> Result<Option<Link>> {
        let rows: Vec<Link> = self
            .rows(
                &format!("SELECT {COLUMNS} FROM link WHERE token_hash = $h LIMIT 1;"),
                json!({ "h": token_hash }),
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    /// Every link of a case, oldest first.
    pub async fn links_for_case(&self, case_id: u64) -> Result<Vec<Link>> {
        self.rows(
            &format!("SELECT {COLUMNS} FROM link WHERE case_id = $c ORDER BY created_at;"),
            json!({ "c": case_id }),
        )
        .await
    }
}
