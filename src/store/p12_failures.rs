//! `p12_failures`: wrong applicant passphrases per certificate, keyed like
//! the certificate ([issuer DN, serial]).

use super::{Batch, Result, Store};
use serde_json::{Value, json};

/// Counts one wrong passphrase for the certificate's PKCS#12.
pub fn count_p12_failure(b: &mut Batch, issuer: &str, serial: &str) {
    let k = b.var(json!([issuer, serial]));
    b.push(&format!(
        "UPSERT type::record('p12_failures', {k}) SET n = (n ?? 0) + 1;"
    ));
}

/// Clears the count (a ca_admin unlocks the PKCS#12).
pub fn clear_p12_failures(b: &mut Batch, issuer: &str, serial: &str) {
    let k = b.var(json!([issuer, serial]));
    b.push(&format!("DELETE type::record('p12_failures', {k});"));
}

impl Store {
    /// Wrong passphrases counted for the certificate's PKCS#12.
    pub async fn p12_failures(&self, issuer: &str, serial: &str) -> Result<u64> {
        let v: Vec<Value> = self
            .rows(
                "SELECT VALUE n FROM type::record('p12_failures', [$i, $s]);",
                json!({ "i": issuer, "s": serial }),
            )
            .await?;
        Ok(v.first().and_then(Value::as_u64).unwrap_or(0))
    }
}
