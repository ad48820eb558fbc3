//! The `subkey` table: the applicant's public key for an issuance or
//! renewal case and, when ratu generated the pair, the private key
//! encrypted under the applicant's passphrase.

use super::cases::ts;
use super::documents::bytes_of;
use super::{Batch, Result, Store, StoreError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Where the applicant's key came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriberKey {
    /// `csr` or `generated`.
    pub source: String,
    /// SubjectPublicKeyInfo, DER.
    pub spki: Vec<u8>,
    /// Encrypted PKCS#8 (PEM bytes), only when generated.
    pub enc_key: Option<Vec<u8>>,
    pub alg: String,
}

/// Sets (or replaces) the key of case `case_id`.
pub fn put_subkey(b: &mut Batch, case_id: u64, k: &SubscriberKey, at: DateTime<Utc>) {
    let id = b.var(case_id);
    let src = b.var(&k.source);
    let spki = b.var(STANDARD.encode(&k.spki));
    let enc = match &k.enc_key {
        Some(e) => format!("encoding::base64::decode({})", b.var(STANDARD.encode(e))),
        None => "NONE".into(),
    };
    let alg = b.var(&k.alg);
    let t = b.var(ts(at));
    b.push(&format!(
        "UPSERT type::record('subkey', {id}) CONTENT {{ source: {src}, spki: encoding::base64::decode({spki}), \
         enc_key: {enc}, alg: {alg}, created_at: <datetime>{t} }};"
    ));
}

impl Store {
    pub async fn subkey(&self, case_id: u64) -> Result<SubscriberKey> {
        self.subkeys(&[case_id])
            .await?
            .remove(0)
            .ok_or_else(|| StoreError::NotFound(format!("applicant key of case {case_id}")))
    }

    /// The applicant keys of several cases (none where a case has none), in
    /// the order asked, in one read.
    pub async fn subkeys(&self, case_ids: &[u64]) -> Result<Vec<Option<SubscriberKey>>> {
        let rows = self.by_key("subkey", case_ids).await?;
        rows.into_iter()
            .map(|row| if row.is_null() { Ok(None) } else { key_of(row).map(Some) })
            .collect()
    }
}
/// A `subkey` record as stored.
fn key_of(mut row: Value) -> Result<SubscriberKey> {
    let mut take = |k: &str| row.get_mut(k).map(Value::take).unwrap_or(Value::Null);
    let source = take("source").as_str().unwrap_or_default().to_string();
    let alg = take("alg").as_str().unwrap_or_default().to_string();
    let spki = bytes_of(take("spki"))?;
    let enc_key = match take("enc_key") {
        Value::Null => None,
        v => Some(bytes_of(v)?),
    };
    Ok(SubscriberKey {
        source,
        spki,
        enc_key,
        alg,
    })
}
