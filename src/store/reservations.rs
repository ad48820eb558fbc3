//! `cert_reservation`: the serials reserved before signing (intent first).
//!
//! One row per issuing batch, committed before any signature; the
//! transaction that records the batch's certificates removes it. So a row
//! still here is a reservation whose certificates were never recorded (a
//! crash between intent and signature, or an issue that was refused), and
//! the table stays as small as the work in flight: finding a case's
//! reservation reads a handful of rows, never every certificate.

use super::cases::ts;
use super::{Batch, Result, Store, StoreError};
use crate::domain::{CertRecord, CertState};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

/// One reservation row: its key and the certificates it reserved (state
/// `reserved`, no DER).
#[derive(Debug, Clone)]
pub struct Reservation {
    pub key: String,
    pub certs: Vec<CertRecord>,
}

/// Reserves `certs` (each with its case) under `key`, one row for them all.
pub fn reserve_certs(b: &mut Batch, key: &str, certs: &[&CertRecord]) {
    if certs.is_empty() {
        return;
    }
    let items: Vec<Value> = certs
        .iter()
        .map(|c| {
            json!({
                "case": c.case_id,
                "serial": c.serial,
                "holder": c.holder,
                "profile": c.profile,
                "issuer_dn": c.issuer_dn,
                "not_before": ts(c.not_before),
                "not_after": ts(c.not_after),
            })
        })
        .collect();
    let k = b.var(key);
    let v = b.var(items);
    b.push(&format!(
        "CREATE type::record('cert_reservation', {k}) CONTENT {{ items: {v}.map(|$i| $i + \
         {{ not_before: <datetime>$i.not_before, not_after: <datetime>$i.not_after }}) }};"
    ));
}

/// Releases the reservations of `cases` held in the rows `keys`: their
/// items go, and a row left empty goes with them. Written relative to what
/// is stored, so a retried transaction does the same.
pub fn release_reservations(b: &mut Batch, keys: &[&str], cases: &[u64]) {
    if keys.is_empty() {
        return;
    }
    let k = b.var(keys);
    let c = b.var(cases);
    b.push(&format!(
        "FOR $k IN {k} {{\n\
         LET $r = type::record('cert_reservation', $k);\n\
         UPDATE $r SET items = items.filter(|$i| $i.case NOTINSIDE {c});\n\
         DELETE $r WHERE array::len(items) == 0;\n\
         }};"
    ));
}

#[derive(Deserialize)]
struct Row {
    key: String,
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    case: Option<u64>,
    serial: String,
    holder: String,
    profile: String,
    issuer_dn: String,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
}

impl Item {
    fn into_record(self) -> CertRecord {
        CertRecord {
            case_id: self.case,
            issuer_dn: self.issuer_dn,
            ..CertRecord::new(
                self.serial,
                self.holder,
                self.profile,
                (self.not_before, self.not_after),
                CertState::Reserved,
            )
        }
    }
}

impl Store {
    /// Every reservation whose certificates were not recorded.
    pub async fn reservations(&self) -> Result<Vec<Reservation>> {
        let rows: Vec<Row> = self
            .rows("SELECT record::id(id) AS key, items FROM cert_reservation;", json!({}))
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| Reservation {
                key: r.key,
                certs: r.items.into_iter().map(Item::into_record).collect(),
            })
            .collect())
    }

    /// Reserved certificates never signed and recorded, oldest first.
    pub async fn reserved_certs(&self) -> Result<Vec<CertRecord>> {
        let mut all: Vec<CertRecord> = self.reservations().await?.into_iter().flat_map(|r| r.certs).collect();
        all.sort_by_key(|c| c.not_before);
        Ok(all)
    }

    /// The reserved, unsigned certificate with this serial.
    pub(super) async fn reserved_cert(&self, serial: &str) -> Result<CertRecord> {
        self.reserved_certs()
            .await?
            .into_iter()
            .find(|c| c.serial == serial)
            .ok_or_else(|| StoreError::NotFound(format!("certificate {serial}")))
    }

    /// Drops reservation rows by key (an issue refused after reserving:
    /// its serials will never be signed).
    /// Removes the certificate row `serial` of `issuer` if it is still only
    /// reserved (nothing was signed for it).
    pub async fn drop_reserved_cert(&self, issuer: &str, serial: &str) -> Result<()> {
        self.write_one(
            "DELETE type::record('cert', [$i, $s]) WHERE state = 'reserved';",
            json!({ "i": issuer, "s": serial }),
        )
        .await?;
        self.status_index().forget(&[(issuer.to_string(), serial.to_string())]);
        Ok(())
    }

    pub async fn drop_reservations(&self, keys: &[&str]) -> Result<()> {
        self.write_one(
            "FOR $k IN $keys { DELETE type::record('cert_reservation', $k); };",
            json!({ "keys": keys }),
        )
        .await
        .map(|_| ())
    }
}
