//! The `cert` table (keyed by serial) and `crl_entry`, the compact list of
//! revocations a CRL is signed from.

use super::cases::ts;
use super::documents::bytes_of;
use super::{Batch, Result, Store, StoreError};
use crate::domain::{CertRecord, CertState, RevocationReason};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// Fields of a certificate row that hold times.
const TIMES: [&str; 4] = ["not_before", "not_after", "revoked_at", "invalidity"];

/// SurrealQL casting the time fields of `$d` to datetimes.
fn content(d: &str) -> String {
    let casts: Vec<String> = TIMES
        .iter()
        .map(|f| format!("{f}: IF {d}.{f} THEN <datetime>{d}.{f} ELSE NONE END"))
        .collect();
    format!("{d} + {{ {} }}", casts.join(", "))
}

fn doc(rec: &CertRecord) -> Value {
    let mut v = serde_json::to_value(rec).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.retain(|k, v| !(v.is_null() && TIMES.contains(&k.as_str())));
    }
    v
}

/// Adds a new certificate record (reserved, or issued with its DER).
pub fn insert_cert(b: &mut Batch, rec: &CertRecord, der: Option<&[u8]>) {
    let id = b.var(&rec.serial);
    let d = b.var(doc(rec));
    let der = match der {
        Some(bytes) => format!("encoding::base64::decode({})", b.var(STANDARD.encode(bytes))),
        None => "NONE".into(),
    };
    b.push(&format!(
        "CREATE type::record('cert', {id}) CONTENT {} + {{ der: {der} }};",
        content(&d)
    ));
}

/// Replaces a certificate's record, keeping or setting its DER.
pub fn update_cert(b: &mut Batch, rec: &CertRecord, der: Option<&[u8]>) {
    let id = b.var(&rec.serial);
    let d = b.var(doc(rec));
    let der = match der {
        Some(bytes) => format!("encoding::base64::decode({})", b.var(STANDARD.encode(bytes))),
        None => format!("(SELECT VALUE der FROM ONLY type::record('cert', {id}))"),
    };
    b.push(&format!(
        "IF (SELECT VALUE id FROM ONLY type::record('cert', {id})) == NONE {{ THROW 'ratu:notfound:certificate ' + {id} }};\n\
         UPDATE type::record('cert', {id}) CONTENT {} + {{ der: {der} }};",
        content(&d)
    ));
}

/// Adds the revocation of `serial` to the CRL's list.
pub fn insert_crl_entry(
    b: &mut Batch,
    serial: &str,
    at: DateTime<Utc>,
    reason: RevocationReason,
    inv: Option<DateTime<Utc>>,
) {
    let id = b.var(serial);
    let t = b.var(ts(at));
    let r = b.var(reason.code());
    let inv = match inv {
        Some(i) => format!("<datetime>{}", b.var(ts(i))),
        None => "NONE".into(),
    };
    b.push(&format!(
        "CREATE type::record('crl_entry', [{id}]) CONTENT {{ at: <datetime>{t}, reason: {r}, inv: {inv} }};"
    ));
}

/// Rows read per query when walking the revocations.
const CRL_PAGE: usize = 20_000;

/// One revocation as the CRL needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrlRow {
    pub serial: String,
    pub at: DateTime<Utc>,
    pub reason: RevocationReason,
    pub invalidity: Option<DateTime<Utc>>,
}

/// Filters of `cert list`.
#[derive(Debug, Clone, Default)]
pub struct CertFilter {
    pub state: Option<CertState>,
    /// Only issued certificates whose not_after is before this.
    pub not_after_before: Option<DateTime<Utc>>,
    /// Only issued certificates whose not_after is after this.
    pub not_after_after: Option<DateTime<Utc>>,
    pub limit: usize,
}

const FIELDS: &str = "serial, case_id, holder, email, agency, profile, subject_dn, issuer_dn, not_before, not_after, \
                      state, ours, sha256, revoked_at, reason, invalidity, superseded_by, reminded";

fn reason_of(code: u64) -> Result<RevocationReason> {
    RevocationReason::ALL
        .into_iter()
        .find(|r| u64::from(r.code()) == code)
        .ok_or_else(|| StoreError::Decode(format!("CRL reason code {code}")))
}

impl Store {
    pub async fn cert(&self, serial: &str) -> Result<CertRecord> {
        self.rows::<CertRecord>(
            &format!("SELECT {FIELDS} FROM type::record('cert', $s);"),
            json!({ "s": serial }),
        )
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::NotFound(format!("certificate {serial}")))
    }

    /// The certificate's DER (none while it is only reserved).
    pub async fn cert_der(&self, serial: &str) -> Result<Vec<u8>> {
        let mut rows: Vec<Value> = self
            .rows(
                "SELECT VALUE encoding::base64::encode(der) FROM type::record('cert', $s) WHERE der != NONE;",
                json!({ "s": serial }),
            )
            .await?;
        match rows.pop() {
            Some(v) => bytes_of(v),
            None => Err(StoreError::NotFound(format!("certificate {serial} (not signed yet)"))),
        }
    }

    pub async fn certs(&self, f: &CertFilter) -> Result<Vec<CertRecord>> {
        let mut conds = Vec::new();
        if f.state.is_some() {
            conds.push("state = $state");
        }
        if f.not_after_before.is_some() {
            conds.push("not_after < <datetime>$before");
        }
        if f.not_after_after.is_some() {
            conds.push("not_after >= <datetime>$after");
        }
        let wh = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let limit = if f.limit == 0 { 1000 } else { f.limit };
        self.rows(
            &format!("SELECT {FIELDS} FROM cert {wh} ORDER BY not_after LIMIT $n;"),
            json!({
                "state": f.state,
                "before": f.not_after_before.map(ts),
                "after": f.not_after_after.map(ts),
                "n": limit,
            }),
        )
        .await
    }

    /// Certificates of a case (issued by it, or the one it concerns).
    pub async fn certs_of_case(&self, case_id: u64) -> Result<Vec<CertRecord>> {
        self.rows(
            &format!("SELECT {FIELDS} FROM cert WHERE case_id = $c ORDER BY not_before;"),
            json!({ "c": case_id }),
        )
        .await
    }

    /// Reservations never completed (a crash between intent and signature).
    pub async fn reserved_certs(&self) -> Result<Vec<CertRecord>> {
        self.certs(&CertFilter {
            state: Some(CertState::Reserved),
            ..Default::default()
        })
        .await
    }

    /// Every revocation, for the CRL, in serial order: read as key ranges
    /// of `CRL_PAGE` rows, so memory stays flat however long the list is.
    pub async fn for_each_crl_row(&self, mut f: impl FnMut(CrlRow) -> Result<()>) -> Result<usize> {
        type Raw = (String, DateTime<Utc>, u64, Option<DateTime<Utc>>);
        let mut after: Option<String> = None;
        let mut n = 0;
        loop {
            let range = if after.is_some() {
                "[$after]>..[..]"
            } else {
                "[NONE]..[..]"
            };
            let rows: Vec<Raw> = self
                .rows(
                    &format!("SELECT VALUE [id[0], at, reason, inv] FROM crl_entry:{range} LIMIT $n;"),
                    json!({ "after": after, "n": CRL_PAGE }),
                )
                .await?;
            let full = rows.len() == CRL_PAGE;
            for (serial, at, code, invalidity) in rows {
                after = Some(serial.clone());
                f(CrlRow {
                    serial,
                    at,
                    reason: reason_of(code)?,
                    invalidity,
                })?;
                n += 1;
            }
            if !full {
                return Ok(n);
            }
        }
    }

    /// Takes the next CRL number of `ca` (`issuing` or `root`): strictly
    /// increasing, kept in the database so it survives restarts.
    pub async fn next_crl_number(&self, ca: &str) -> Result<u64> {
        let v: Vec<Value> = self
            .rows(
                "UPSERT type::record('crl', $ca) SET number = (number ?? 0) + 1 RETURN VALUE number;",
                json!({ "ca": ca }),
            )
            .await?;
        v.first()
            .and_then(Value::as_u64)
            .ok_or_else(|| StoreError::Db("CRL number did not advance".into()))
    }

    /// Records a publication.
    pub async fn crl_published(
        &self,
        ca: &str,
        this_update: DateTime<Utc>,
        next_update: DateTime<Utc>,
        entries: usize,
    ) -> Result<()> {
        self.query(
            "UPDATE type::record('crl', $ca) SET this_update = <datetime>$t, next_update = <datetime>$n, entries = $e;",
            json!({ "ca": ca, "t": ts(this_update), "n": ts(next_update), "e": entries }),
        )
        .await
        .map(|_| ())
    }

    /// The last publication of `ca`: number, thisUpdate, nextUpdate, entries.
    pub async fn crl_state(&self, ca: &str) -> Result<Option<CrlState>> {
        Ok(self
            .rows::<CrlState>(
                "SELECT number, this_update, next_update, entries FROM type::record('crl', $ca);",
                json!({ "ca": ca }),
            )
            .await?
            .into_iter()
            .next())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct CrlState {
    pub number: u64,
    pub this_update: Option<DateTime<Utc>>,
    pub next_update: Option<DateTime<Utc>>,
    pub entries: Option<u64>,
}
