//! LIVE SELECT: the store tells a waiting process that something it cares
//! about changed, without polling. Works on every engine ratu uses
//! (embedded SurrealKV, `mem://`, and a server over ws).

use super::{Result, Store, StoreError};
use futures_util::StreamExt;
use surrealdb::method::QueryStream;
use surrealdb::types::Value;

/// What a process can wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watched {
    /// A case reached `approved` (the CA issues it).
    Approvals,
    /// A revocation was recorded (the CRL is due again).
    Revocations,
    /// An e-mail was queued.
    Mail,
    /// Any case was created or changed (consoles refresh it).
    Cases,
    /// Any certificate record was written (the OCSP status index forgets
    /// it: another service on the same cluster may have revoked it).
    Certs,
}

impl Watched {
    fn sql(self) -> &'static str {
        match self {
            Self::Approvals => "LIVE SELECT id FROM case WHERE state = 'approved';",
            Self::Revocations => "LIVE SELECT id FROM crl_entry;",
            Self::Mail => "LIVE SELECT id FROM outbox WHERE sent_at = NONE;",
            Self::Cases => "LIVE SELECT id FROM case;",
            Self::Certs => "LIVE SELECT issuer_dn, serial FROM cert;",
        }
    }
}

/// A live subscription; dropping it ends the LIVE query.
pub struct Watch {
    stream: QueryStream<Value>,
}

/// The number of a record keyed by one (`case:42` → 42).
fn record_number(data: Value) -> Option<u64> {
    let json = data.into_json_value();
    let id = json.get("id")?.as_str()?;
    id.rsplit(':')
        .next()?
        .trim_matches(|c| c == '`' || c == '⟨' || c == '⟩')
        .parse()
        .ok()
}

impl Watch {
    /// Waits for the next change and says which record changed when it is
    /// keyed by a number (a case). `None` when the subscription ended (the
    /// connection closed).
    pub async fn changed(&mut self) -> Option<Result<Option<u64>>> {
        let n = self.stream.next().await?;
        Some(
            n.map(|n| record_number(n.data))
                .map_err(|e| StoreError::Db(e.to_string())),
        )
    }
}

impl Watch {
    /// The next certificate written (issuer DN, serial), for a
    /// [`Watched::Certs`] subscription; `Ok(None)` for a change that names
    /// none.
    pub async fn changed_cert(&mut self) -> Option<Result<Option<(String, String)>>> {
        let n = self.stream.next().await?;
        Some(
            n.map(|n| {
                let v = n.data.into_json_value();
                let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
                field("issuer_dn").zip(field("serial"))
            })
            .map_err(|e| StoreError::Db(e.to_string())),
        )
    }
}

impl Store {
    /// Subscribes to `what`.
    /// Which start of the site service this is (changes at every start;
    /// none on a store no service runs).
    pub async fn service_instance(&self) -> Result<Option<String>> {
        let v: Vec<String> = self
            .rows("SELECT VALUE instance FROM service:site;", serde_json::json!({}))
            .await?;
        Ok(v.into_iter().next())
    }

    pub async fn watch(&self, what: Watched) -> Result<Watch> {
        let mut res = self.db.query(what.sql()).await.map_err(StoreError::from_db)?;
        let stream = res.stream::<Value>(0).map_err(StoreError::from_db)?;
        Ok(Watch { stream })
    }
}
