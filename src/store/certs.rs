//! The `cert` table (keyed by issuer DN and serial: serials are unique per
//! issuer, not globally) and `crl_entry`, the compact list of revocations a
//! CRL is signed from.

use super::cases::ts;
use super::documents::bytes_of;
use super::{Batch, Result, Store, StoreError};
pub use crate::domain::CrlState;
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

/// Adds a new certificate record with its DER (or none, for one
/// registered without it).
pub fn insert_cert(b: &mut Batch, rec: &CertRecord, der: Option<&[u8]>) {
    insert_certs(b, &[(rec, der)]);
}

/// The rows a loop over certificates reads: the record and its DER.
fn cert_rows(b: &mut Batch, certs: &[(&CertRecord, Option<&[u8]>)]) -> String {
    let rows: Vec<Value> = certs
        .iter()
        .map(|(rec, der)| json!({ "doc": doc(rec), "der": der.map(|d| STANDARD.encode(d)) }))
        .collect();
    b.var(rows)
}

/// Adds new certificate records, one statement for them all.
pub fn insert_certs(b: &mut Batch, certs: &[(&CertRecord, Option<&[u8]>)]) {
    if certs.is_empty() {
        return;
    }
    for (rec, _) in certs {
        b.touches_cert(&rec.issuer_dn, &rec.serial);
    }
    let v = cert_rows(b, certs);
    b.push(&format!(
        "FOR $c IN {v} {{ CREATE type::record('cert', [$c.doc.issuer_dn, $c.doc.serial]) CONTENT {} + \
         {{ der: IF $c.der THEN encoding::base64::decode($c.der) ELSE NONE END }}; }};",
        content("$c.doc")
    ));
}

/// Replaces a certificate's record, keeping or setting its DER.
pub fn update_cert(b: &mut Batch, rec: &CertRecord, der: Option<&[u8]>) {
    update_certs(b, &[(rec, der)]);
}

/// Replaces certificate records, keeping or setting their DER; a record
/// that does not exist refuses the batch. (Inside the loop the records are
/// reached by key, never by SELECT: SurrealDB 3.3 plans each SELECT anew,
/// which made a loop of them cost 160 µs per certificate.)
pub fn update_certs(b: &mut Batch, certs: &[(&CertRecord, Option<&[u8]>)]) {
    if certs.is_empty() {
        return;
    }
    for (rec, _) in certs {
        b.touches_cert(&rec.issuer_dn, &rec.serial);
    }
    let v = cert_rows(b, certs);
    b.push(&format!(
        "FOR $c IN {v} {{\n\
         LET $rec = type::record('cert', [$c.doc.issuer_dn, $c.doc.serial]);\n\
         IF array::len(UPDATE $rec CONTENT {} + \
         {{ der: IF $c.der THEN encoding::base64::decode($c.der) ELSE $rec.der END }} RETURN VALUE id) == 0 \
         {{ THROW 'ratu:notfound:certificate ' + $c.doc.serial }};\n\
         }};",
        content("$c.doc")
    ));
}

/// Refuses the batch unless the certificate is still in `state` (another
/// officer may have revoked it since it was read).
pub fn expect_cert_state(b: &mut Batch, rec: &CertRecord, state: CertState) {
    let k = b.var(json!([rec.issuer_dn, rec.serial]));
    let st = b.var(state);
    let serial = b.var(&rec.serial);
    b.push(&format!(
        "IF type::record('cert', {k}).state != {st} {{ THROW 'ratu:certificate ' + {serial} + ' changed meanwhile (now ' + \
         <string>(type::record('cert', {k}).state ?? 'gone') + '); reload' }};"
    ));
}

/// Revocations per `crl_chunk` record.
const CRL_CHUNK: u64 = 64;

/// Adds the revocation of `serial` to the CRL's list: its row, and its
/// CRL entry's DER (`entry_der`) appended to the current chunk.
pub fn insert_crl_entry(
    b: &mut Batch,
    serial: &str,
    at: DateTime<Utc>,
    reason: RevocationReason,
    inv: Option<DateTime<Utc>>,
    entry_der: &[u8],
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
    let seq = b.local();
    let hex = b.var(hex::encode(entry_der));
    b.push(&format!(
        "LET {seq} = (UPSERT counter:crl_entries SET n = (n ?? 0) + 1 RETURN VALUE n)[0];\n\
         UPSERT type::record('crl_chunk', [<int> math::floor(({seq} - 1) / {CRL_CHUNK})]) \
         SET hex = (hex ?? '') + {hex}, n = (n ?? 0) + 1;"
    ));
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

const FIELDS: &str = "serial, case_id, nik, holder, email, agency, profile, subject_dn, issuer_dn, not_before, not_after, \
                      state, ours, sha256, revoked_at, reason, invalidity, superseded_by, reminded, held_by";

impl Store {
    /// The certificate `serial` of `issuer` (its DN as recorded).
    pub async fn cert_at(&self, issuer: &str, serial: &str) -> Result<CertRecord> {
        self.rows::<CertRecord>(
            &format!("SELECT {FIELDS} FROM type::record('cert', [$i, $s]);"),
            json!({ "i": issuer, "s": serial }),
        )
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::NotFound(format!("certificate {serial}")))
    }

    /// Every certificate with this serial, whatever its issuer, and any
    /// reserved (not signed yet) under it.
    pub async fn certs_by_serial(&self, serial: &str) -> Result<Vec<CertRecord>> {
        let mut found = self
            .rows::<CertRecord>(
                &format!("SELECT {FIELDS} FROM cert WHERE serial = $s;"),
                json!({ "s": serial }),
            )
            .await?;
        if found.is_empty()
            && let Ok(r) = self.reserved_cert(serial).await
        {
            found.push(r);
        }
        Ok(found)
    }

    /// The certificate with this SHA-256 fingerprint (lowercase hex).
    pub async fn cert_by_sha256(&self, sha256: &str) -> Result<Option<CertRecord>> {
        Ok(self
            .rows::<CertRecord>(
                &format!("SELECT {FIELDS} FROM cert WHERE sha256 = $h LIMIT 1;"),
                json!({ "h": sha256 }),
            )
            .await?
            .into_iter()
            .next())
    }

    /// The certificates linked to a holder, newest first.
    pub async fn certs_of_holder(&self, nik: &str) -> Result<Vec<CertRecord>> {
        self.rows(
            &format!("SELECT {FIELDS} FROM cert WHERE nik = $n ORDER BY not_before DESC;"),
            json!({ "n": nik }),
        )
        .await
    }

    /// The certificate's DER (none while it is only reserved).
    pub async fn cert_der(&self, issuer: &str, serial: &str) -> Result<Vec<u8>> {
        let mut rows: Vec<Value> = self
            .rows(
                "SELECT VALUE encoding::base64::encode(der) FROM type::record('cert', [$i, $s]) WHERE der != NONE;",
                json!({ "i": issuer, "s": serial }),
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

    /// Certificates of `case_ids` (issued by them), in one read.
    pub async fn certs_of_cases(&self, case_ids: &[u64]) -> Result<Vec<CertRecord>> {
        self.rows(
            &format!("SELECT {FIELDS} FROM cert WHERE case_id IN $c ORDER BY not_before;"),
            json!({ "c": case_ids }),
        )
        .await
    }

    /// Every revocation's CRL entry, DER, concatenated (in chunk order),
    /// and how many there are: read 200 chunks at a time.
    pub async fn crl_entries_der(&self) -> Result<(Vec<u8>, usize)> {
        const PAGE: u64 = 200;
        let (mut der, mut count, mut from) = (Vec::new(), 0usize, 0u64);
        loop {
            let rows: Vec<(u64, String)> = self
                .rows(
                    "SELECT VALUE [n, hex] FROM crl_chunk:[$a]..[$b];",
                    json!({ "a": from, "b": from + PAGE }),
                )
                .await?;
            let full = rows.len() as u64 == PAGE;
            for (n, hex) in rows {
                count += n as usize;
                let start = der.len();
                der.resize(start + hex.len() / 2, 0);
                hex::decode_to_slice(&hex, &mut der[start..])
                    .map_err(|e| StoreError::Decode(format!("CRL chunk: {e}")))?;
            }
            if !full {
                return Ok((der, count));
            }
            from += PAGE;
        }
    }

    /// Takes the next CRL number of `ca` (`issuing` or `root`): strictly
    /// increasing, kept in the database so it survives restarts.
    pub async fn next_crl_number(&self, ca: &str) -> Result<u64> {
        let v: Vec<Value> = self
            .write_row(
                "UPSERT type::record('crl', $ca) SET number = (number ?? 0) + 1 RETURN VALUE number;",
                json!({ "ca": ca }),
            )
            .await?;
        v.first()
            .and_then(Value::as_u64)
            .ok_or_else(|| StoreError::Db("CRL number did not advance".into()))
    }

    /// Records a publication: its times, the revocations it lists
    /// (`entries`, holds not counted) and the hold counter it was signed at.
    pub async fn crl_published(
        &self,
        ca: &str,
        this_update: DateTime<Utc>,
        next_update: DateTime<Utc>,
        entries: usize,
        holds: u64,
        held: usize,
    ) -> Result<()> {
        self.write_one(
            "UPDATE type::record('crl', $ca) SET this_update = <datetime>$t, next_update = <datetime>$n, entries = $e, holds = $h, held = $held;",
            json!({ "ca": ca, "t": ts(this_update), "n": ts(next_update), "e": entries, "h": holds, "held": held }),
        )
        .await
        .map(|_| ())
    }

    /// How many revocations the CRL lists now (every one ever recorded):
    /// the counter the CRL's chunks are kept by.
    pub async fn crl_entry_count(&self) -> Result<u64> {
        let v: Vec<Value> = self.rows("SELECT VALUE n FROM counter:crl_entries;", json!({})).await?;
        Ok(v.first().and_then(Value::as_u64).unwrap_or(0))
    }

    /// The last publication of `ca`: number, thisUpdate, nextUpdate, entries.
    pub async fn crl_state(&self, ca: &str) -> Result<Option<CrlState>> {
        Ok(self
            .rows::<CrlState>(
                "SELECT number, this_update, next_update, entries, holds, held FROM type::record('crl', $ca);",
                json!({ "ca": ca }),
            )
            .await?
            .into_iter()
            .next())
    }
}
