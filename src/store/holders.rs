//! The `holder` table: one record per person, keyed by NIK.

use super::cases::ts;
use super::{Batch, Result, Store};
use crate::domain::Holder;
use serde_json::{Value, json};

/// The stored document of a holder, its times cast in SurrealQL.
fn doc(b: &mut Batch, h: &Holder) -> String {
    let history: Vec<Value> = h
        .history
        .iter()
        .map(|c| json!({ "at": ts(c.at), "by": c.by, "case_id": c.case_id, "changes": c.changes }))
        .collect();
    let d = b.var(json!({
        "data": h.data,
        "created_at": ts(h.created_at),
        "updated_at": ts(h.updated_at),
        "history": history,
    }));
    format!(
        "{d} + {{ created_at: <datetime>{d}.created_at, updated_at: <datetime>{d}.updated_at, \
         history: {d}.history.map(|$c| $c + {{ at: <datetime>$c.at }}) }}"
    )
}

/// Creates the holder's record unless one exists for their NIK.
pub fn ensure_holder(b: &mut Batch, h: &Holder) {
    let k = b.var(h.data.nik.to_string());
    let content = doc(b, h);
    b.push(&format!(
        "IF !record::exists(type::record('holder', {k})) {{ CREATE type::record('holder', {k}) CONTENT {content} }};"
    ));
}

/// Writes the holder's record (created or replaced).
pub fn put_holder(b: &mut Batch, h: &Holder) {
    let k = b.var(h.data.nik.to_string());
    let content = doc(b, h);
    b.push(&format!("UPSERT type::record('holder', {k}) CONTENT {content};"));
}

const FIELDS: &str = "data, created_at, updated_at, history";

impl Store {
    pub async fn holder(&self, nik: &str) -> Result<Option<Holder>> {
        Ok(self
            .rows::<Holder>(
                &format!("SELECT {FIELDS} FROM type::record('holder', $n);"),
                json!({ "n": nik }),
            )
            .await?
            .into_iter()
            .next())
    }

    /// Holders by NIK, in the order asked (none where there is no record),
    /// in one read.
    pub async fn holders(&self, niks: &[String]) -> Result<Vec<Option<Holder>>> {
        let mut out = self
            .query(
                "RETURN $keys.map(|$k| type::record('holder', $k).*);",
                json!({ "keys": niks }),
            )
            .await?;
        let rows = match out.pop() {
            Some(Value::Array(rows)) if rows.len() == niks.len() => rows,
            other => {
                return Err(super::StoreError::Decode(format!(
                    "holders by key: unexpected {other:?}"
                )));
            }
        };
        rows.into_iter()
            .map(|r| match r {
                Value::Object(ref m) if m.get("data").is_some_and(|d| !d.is_null()) => super::decode(r).map(Some),
                _ => Ok(None),
            })
            .collect()
    }

    /// Holders by NIK (16 digits, exactly), else those with every word of
    /// `text` as a word, or the beginning of one, of their name or e-mail
    /// (full-text indexes), by name.
    pub async fn search_holders(&self, text: &str, limit: usize) -> Result<Vec<Holder>> {
        let t = text.trim().to_lowercase();
        if t.len() == 16 && t.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(self.holder(&t).await?.into_iter().collect());
        }
        self.rows(
            &format!(
                "SELECT {FIELDS} FROM holder WHERE data.name @1@ $t OR data.email @2@ $t ORDER BY data.name LIMIT $n;"
            ),
            json!({ "t": t, "n": limit.max(1) }),
        )
        .await
    }
}
