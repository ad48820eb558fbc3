//! Retention (UU PDP 27/2022): the documents of closed cases leave the
//! live store once they are safe in a bag and older than
//! `retention_years`. A bag is trusted only after it verifies on disk
//! again, against the office's root, with the manifest the store
//! recorded when it was made; a document goes only when the bag holds it
//! with the same hash. The case, its documents' records (hash, size,
//! name) and its history stay. One audit event per bag purged from.

use super::verify::verify_bag;
use crate::domain::{Operator, Role};
use crate::ra::{Ra, RaError, Result, require_role};
use crate::store::{Batch, purge_document};
use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};

/// What a purge did (or, dry, would do) with one recorded bag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BagPurge {
    pub bag: String,
    pub manifest_sha256: String,
    /// Why nothing was purged from this bag, when so.
    pub refused: Option<String>,
    /// Cases whose documents were purged.
    pub cases: Vec<u64>,
    pub documents: usize,
    pub bytes: u64,
}

/// `ratu archive purge`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeReport {
    pub dry_run: bool,
    pub retention_years: u32,
    /// Cases closed before this are past retention.
    pub cutoff: DateTime<Utc>,
    pub bags: Vec<BagPurge>,
}

impl Ra {
    /// Purges (or with `dry_run` lists) the documents of archived cases
    /// past retention. A CA admin's step.
    pub async fn archive_purge(&self, op: &Operator, dry_run: bool) -> Result<PurgeReport> {
        require_role(
            op,
            &[Role::CaAdmin],
            "only a CA admin purges documents (an auditor reads and changes nothing)",
        )?;
        let years = self.cfg.archive.retention_years;
        let now = self.now();
        let cutoff = now.checked_sub_months(Months::new(12 * years)).unwrap_or(now);
        let (_, root) = self.ca_certs()?;
        let root = root.ok_or_else(|| {
            RaError::Invalid(format!(
                "no root certificate in {}: a purge verifies each bag against the office's root first",
                self.cfg.ca.dir.display()
            ))
        })?;
        let mut report = PurgeReport {
            dry_run,
            retention_years: years,
            cutoff,
            bags: Vec::new(),
        };
        for rec in self.store.bags().await? {
            let mut out = BagPurge {
                bag: rec.name.clone(),
                manifest_sha256: rec.manifest_sha256.clone(),
                refused: None,
                cases: Vec::new(),
                documents: 0,
                bytes: 0,
            };
            let bag = match verify_bag(&self.cfg.archive.dir.join(&rec.name), &root) {
                Ok(b) if b.manifest_sha256 == rec.manifest_sha256 => b,
                Ok(b) => {
                    out.refused = Some(format!(
                        "its manifest ({}) is not the one recorded when it was made",
                        b.manifest_sha256
                    ));
                    report.bags.push(out);
                    continue;
                }
                Err(e) => {
                    out.refused = Some(format!("it does not verify: {e}"));
                    report.bags.push(out);
                    continue;
                }
            };
            let ids: Vec<u64> = rec
                .case_ids
                .iter()
                .copied()
                .filter(|id| bag.cases.contains_key(id))
                .collect();
            let old: Vec<u64> = self
                .store
                .cases(&ids)
                .await?
                .into_iter()
                .filter(|c| c.state.is_closed() && c.updated_at < cutoff)
                .map(|c| c.id)
                .collect();
            let mut b = Batch::new();
            for d in self.store.documents_kept(&old).await? {
                let kept = bag.cases.get(&d.case_id).is_some_and(|c| {
                    c.documents
                        .iter()
                        .any(|a| a.info.id == d.id && a.info.sha256 == d.sha256)
                });
                if !kept {
                    continue;
                }
                purge_document(&mut b, &d.id, &d.sha256, now, &rec.name);
                out.documents += 1;
                out.bytes += d.size;
                if !out.cases.contains(&d.case_id) {
                    out.cases.push(d.case_id);
                }
            }
            if out.documents > 0 && !dry_run {
                self.audit(
                    &mut b,
                    &op.name,
                    "archive_purge",
                    None,
                    format!(
                        "bag {} (manifest SHA-256 {}): {} document(s), {} bytes, of {} case(s) past {years} years purged: cases {}",
                        rec.name,
                        rec.manifest_sha256,
                        out.documents,
                        out.bytes,
                        out.cases.len(),
                        out.cases.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
                    ),
                );
                b.commit(&self.store).await?;
            }
            report.bags.push(out);
        }
        Ok(report)
    }
}
