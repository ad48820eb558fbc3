//! The holder registry: who holds which certificates, which cases they
//! had, and how their data changed. The NIK stays masked unless revealed,
//! and a reveal is audited.

use super::{Ra, RaError, Result};
use crate::domain::identity::Nik;
use crate::domain::{CaseKind, CaseState, CertStatus, Holder, HolderChange, Operator};
use crate::store::Batch;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A case of the holder, as listed.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct HolderCase {
    pub id: u64,
    pub kind: CaseKind,
    pub state: CaseState,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A certificate of the holder, as listed.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct HolderCert {
    pub issuer: String,
    pub serial: String,
    pub sha256: Option<String>,
    pub status: CertStatus,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

impl HolderCert {
    /// What an officer is shown of `c` at `now`.
    pub(super) fn of(c: crate::domain::CertRecord, now: DateTime<Utc>) -> Self {
        Self {
            status: c.status(now),
            issuer: c.issuer_dn,
            serial: c.serial,
            sha256: c.sha256,
            not_before: c.not_before,
            not_after: c.not_after,
        }
    }
}

/// `holder show`: the data (NIK masked unless revealed), cases,
/// certificates and history.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct HolderView {
    pub nik: String,
    /// The latest data; its `nik` is shown as above.
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub cases: Vec<HolderCase>,
    pub certificates: Vec<HolderCert>,
    pub history: Vec<HolderChange>,
}

/// One line of `holder search`.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct HolderLine {
    pub nik: String,
    pub name: String,
    pub email: String,
    pub agency: String,
}

fn line(h: &Holder) -> HolderLine {
    HolderLine {
        nik: h.data.nik.masked(),
        name: h.data.name.clone(),
        email: h.data.email.clone(),
        agency: h.data.agency.clone(),
    }
}

/// The most holders the console's search shows, with their cases and
/// certificates.
const FIND_LIMIT: usize = 20;

/// The most holders a search lists.
const SEARCH_LIMIT: usize = 50;

impl Ra {
    /// One holder by NIK; `reveal` shows the NIK in clear (audited).
    pub async fn holder_show(&self, op: &Operator, nik: &str, reveal: bool) -> Result<HolderView> {
        let nik = Nik::try_from(nik.trim().to_string())?;
        let holder = self
            .store
            .holder(&nik.to_string())
            .await?
            .ok_or_else(|| RaError::Invalid(format!("no holder with NIK {}", nik.masked())))?;
        if !op.covers(&holder.data.agency) {
            return Err(RaError::NotAllowed(format!(
                "the holder with NIK {} is not of {}'s agencies: a verifier sees their own agencies' holders only",
                nik.masked(),
                op.name
            )));
        }
        self.holder_view(op, holder, reveal).await
    }

    /// Holders found by `holder_search`'s rules, each with their cases (of
    /// `op`'s agencies) and certificates, the NIK masked: the console's
    /// search across cases and certificates.
    pub async fn holder_find(&self, op: &Operator, text: &str) -> Result<Vec<HolderView>> {
        let mut out = Vec::new();
        let found = self.found_holders(text).await?.into_iter();
        for h in found.filter(|h| op.covers(&h.data.agency)).take(FIND_LIMIT) {
            out.push(self.holder_view(op, h, false).await?);
        }
        Ok(out)
    }

    async fn holder_view(&self, op: &Operator, holder: Holder, reveal: bool) -> Result<HolderView> {
        let nik = holder.data.nik.clone();
        let key = nik.to_string();
        let shown = if reveal {
            Self::may_reveal_nik(op)?;
            let mut b = Batch::new();
            self.audit(
                &mut b,
                &op.name,
                "reveal_nik",
                None,
                format!("holder NIK {} shown in clear", nik.masked()),
            );
            b.commit(&self.store).await?;
            key.clone()
        } else {
            nik.masked()
        };
        let now = self.now();
        let cases = self
            .store
            .cases_of(&key)
            .await?
            .into_iter()
            .filter(|c| op.covers(&c.subscriber.agency))
            .map(|c| HolderCase {
                id: c.id,
                kind: c.kind,
                state: c.state,
                created_at: c.created_at,
                updated_at: c.updated_at,
            })
            .collect();
        let certificates = self
            .store
            .certs_of_holder(&key)
            .await?
            .into_iter()
            .map(|c| HolderCert::of(c, now))
            .collect();
        let mut data = serde_json::to_value(&holder.data).map_err(|e| RaError::Invalid(e.to_string()))?;
        data["nik"] = serde_json::Value::String(shown.clone());
        Ok(HolderView {
            nik: shown,
            data,
            created_at: holder.created_at,
            updated_at: holder.updated_at,
            cases,
            certificates,
            history: holder.history,
        })
    }

    /// Holders whose name, NIK or e-mail contains `text`, or who hold a
    /// certificate with that serial (or SHA-256 fingerprint).
    pub async fn holder_search(&self, op: &Operator, text: &str) -> Result<Vec<HolderLine>> {
        let found = self.found_holders(text).await?;
        Ok(found.iter().filter(|h| op.covers(&h.data.agency)).map(line).collect())
    }

    async fn found_holders(&self, text: &str) -> Result<Vec<Holder>> {
        let text = text.trim();
        if text.chars().count() < 2 {
            return Err(RaError::Invalid("search for at least 2 characters".into()));
        }
        let mut found = self.store.search_holders(text, SEARCH_LIMIT).await?;
        // A serial two issuers share finds both holders.
        let by_cert = match (self.find_cert(text).await, super::revocation::normalize_serial(text)) {
            (Ok(c), _) => vec![c],
            (Err(_), Ok(serial)) => self.store.certs_by_serial(&serial).await?,
            (Err(_), Err(_)) => Vec::new(),
        };
        for c in by_cert {
            if let Some(nik) = c.nik
                && !found.iter().any(|h| h.data.nik.to_string() == nik)
                && let Some(h) = self.store.holder(&nik).await?
            {
                found.push(h);
            }
        }
        Ok(found)
    }
}
