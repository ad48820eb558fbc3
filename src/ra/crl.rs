//! Publishing CRLs: the issuing CA's full CRL (and the root's, when this
//! site holds the root key), with a CRL number kept in the database so it
//! strictly increases across restarts, written atomically as DER and PEM.

use super::{Ra, RaError, Result, require_role};
use crate::ca::{pem_encode, sign_crl, sign_crl_encoded, write_atomic};
use crate::domain::{Operator, Role};
use crate::store::Batch;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::PathBuf;

pub(super) const ISSUING: &str = "issuing";
pub(super) const ROOT: &str = "root";

/// What one publication wrote.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Published {
    pub number: u64,
    pub root_number: Option<u64>,
    /// Every entry listed, holds included.
    pub entries: usize,
    /// Of those, certificates on hold (certificateHold).
    #[serde(default)]
    pub held: usize,
    pub this_update: DateTime<Utc>,
    pub next_update: DateTime<Utc>,
    pub files: Vec<PathBuf>,
}

impl Ra {
    /// `ratu crl publish`: a ca_admin publishes now.
    pub async fn publish_crl(&self, op: &Operator) -> Result<Published> {
        require_role(op, &[Role::CaAdmin], "only a ca_admin publishes CRLs")?;
        self.publish_as(&op.name).await
    }

    /// The console's scheduled publication (before nextUpdate lapses).
    pub async fn publish_crl_now(&self) -> Result<Published> {
        self.publish_as("ratu").await
    }

    /// After a revocation: publish at once when the CA is unlocked. A
    /// failure is logged; the revocation itself is already recorded and the
    /// next publication includes it.
    pub(super) async fn publish_after_revocation(&self) -> Option<Published> {
        crate::crash::point("revoke.recorded");
        if !self.ca_is_unlocked() {
            return None;
        }
        match self.publish_as("ratu").await {
            Ok(p) => Some(p),
            Err(e) => {
                tracing::error!("CRL publication after a revocation failed: {e}");
                None
            }
        }
    }

    /// True when the last CRL has less than a quarter of its interval left
    /// (or none was published), or lacks a revocation recorded since (its
    /// publication was cut short, e.g. the process killed), or a hold
    /// placed or released since: time to publish again.
    pub async fn crl_due(&self) -> Result<bool> {
        let Some(st) = self.store.crl_state(ISSUING).await? else {
            return Ok(true);
        };
        if st.entries.unwrap_or(0) != self.store.crl_entry_count().await?
            || st.holds.unwrap_or(0) != self.store.crl_hold_generation().await?
        {
            return Ok(true);
        }
        let (Some(this), Some(next)) = (st.this_update, st.next_update) else {
            return Ok(true);
        };
        Ok(next - self.now() < (next - this) / 4)
    }

    async fn publish_as(&self, actor: &str) -> Result<Published> {
        let ca = self.unlocked()?;
        let (mut revoked, entries) = self.store.crl_entries_der().await?;
        // Certificates on hold are listed too (certificateHold), for as
        // long as they are held.
        let (held, held_count, holds) = self.store.crl_holds_der().await?;
        revoked.extend_from_slice(&held);
        let this_update = self.now();
        let next_update = this_update + self.cfg.ca.crl_interval;
        let dir = &self.cfg.ca.publish_dir;
        std::fs::create_dir_all(dir).map_err(|e| RaError::Io(format!("{}: {e}", dir.display())))?;
        let mut files = Vec::new();
        let mut write = |name: &str, der: &[u8]| -> Result<()> {
            let p = dir.join(format!("{name}.crl"));
            write_atomic(&p, der, 0o644)?;
            files.push(p);
            let p = dir.join(format!("{name}.crl.pem"));
            write_atomic(&p, pem_encode("X509 CRL", der).as_bytes(), 0o644)?;
            files.push(p);
            Ok(())
        };
        let number = self.store.next_crl_number(ISSUING).await?;
        crate::crash::point("crl.numbered");
        let der = sign_crl_encoded(&ca.issuer, number, this_update, next_update, &revoked)?;
        drop(revoked);
        write("issuing-ca", &der)?;
        drop(der);
        crate::crash::point("crl.written");
        self.store
            .crl_published(ISSUING, this_update, next_update, entries, holds, held_count)
            .await?;
        let root_number = match &ca.root {
            Some(root) => {
                let n = self.store.next_crl_number(ROOT).await?;
                let der = sign_crl(root, n, this_update, next_update, &[])?;
                write("root-ca", &der)?;
                self.store
                    .crl_published(ROOT, this_update, next_update, 0, 0, 0)
                    .await?;
                Some(n)
            }
            None => None,
        };
        let mut b = Batch::new();
        self.audit(
            &mut b,
            actor,
            "crl_publish",
            None,
            format!(
                "CRL {number} with {} entries ({held_count} on hold), next update {next_update}",
                entries + held_count
            ),
        );
        b.commit(&self.store).await?;
        Ok(Published {
            number,
            root_number,
            entries: entries + held_count,
            held: held_count,
            this_update,
            next_update,
            files,
        })
    }
}
