//! The OCSP responder's reads of the store, gathered and its signed
//! answers kept.
//!
//! [`Lookups`]: the status index first (`store::StatusIndex`: what this
//! process knows, forgotten at each of its commits that changes it);
//! for the rest, requests that arrive while a read is running share the
//! next read. Every request is answered by a read that started after it
//! arrived, so a revocation committed before the request is always seen;
//! under load one read serves many requests instead of one each.
//!
//! [`Signed`]: a response without a nonce is the same for every asker
//! until the certificate's standing changes, so one signed for the same
//! CertID and the same answer is sent again until it is halfway to its
//! nextUpdate (RFC 5019's pre-produced responses). The standing is still
//! looked up for every request; a changed answer never meets a kept
//! response.

use super::Result;
use crate::ca::Answer;
use crate::store::{CertStanding, Store};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::{mpsc, oneshot};

/// At most this many requests share one read.
const MAX_SHARED: usize = 256;

/// At most this many kept answers (about 1 KB each); beyond, all are dropped.
const MAX_KEPT: usize = 100_000;

type Reply = oneshot::Sender<std::result::Result<Vec<Option<CertStanding>>, String>>;

struct Pending {
    serials: Vec<String>,
    reply: Reply,
}

/// The gathering reader of one issuer's certificates.
pub(super) struct Lookups {
    tx: mpsc::UnboundedSender<Pending>,
    store: Store,
    issuer: String,
}

impl Lookups {
    /// Starts the reader on the current runtime; it ends when this is dropped.
    pub(super) fn start(store: Store, issuer: String) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(read_gathered(store.clone(), issuer.clone(), rx));
        Self { tx, store, issuer }
    }

    /// The standing of each of `serials`: from the status index where this
    /// process knows it (every commit of its own forgets what it changed
    /// before it returns), else by a read that starts after this call.
    pub(super) async fn standing(&self, serials: Vec<String>) -> Result<Vec<Option<CertStanding>>> {
        let index = self.store.status_index();
        let mut out: Vec<Option<Option<CertStanding>>> = serials.iter().map(|s| index.get(&self.issuer, s)).collect();
        let missing: Vec<String> = serials
            .iter()
            .zip(&out)
            .filter(|(_, known)| known.is_none())
            .map(|(s, _)| s.clone())
            .collect();
        if missing.is_empty() {
            return Ok(out.into_iter().map(Option::flatten).collect());
        }
        let epoch = index.epoch();
        let read = self.read(missing.clone()).await?;
        index.fill(epoch, &self.issuer, missing.into_iter().zip(read.iter().cloned()));
        let mut read = read.into_iter();
        for slot in out.iter_mut().filter(|s| s.is_none()) {
            *slot = Some(read.next().flatten());
        }
        Ok(out.into_iter().map(Option::flatten).collect())
    }

    /// The standing of each of `serials`, by a read that starts after this call.
    async fn read(&self, serials: Vec<String>) -> Result<Vec<Option<CertStanding>>> {
        let (reply, answer) = oneshot::channel();
        let serials_back = serials.clone();
        if self.tx.send(Pending { serials, reply }).is_ok()
            && let Ok(r) = answer.await
        {
            return r.map_err(super::RaError::Invalid);
        }
        // The reader is gone (its runtime ended): read alone.
        Ok(self.store.cert_standing(&self.issuer, &serials_back).await?)
    }
}

async fn read_gathered(store: Store, issuer: String, mut rx: mpsc::UnboundedReceiver<Pending>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_SHARED {
            match rx.try_recv() {
                Ok(p) => batch.push(p),
                Err(_) => break,
            }
        }
        let all: Vec<String> = batch.iter().flat_map(|p| p.serials.iter().cloned()).collect();
        match store.cert_standing(&issuer, &all).await {
            Ok(standings) => {
                let mut rest = standings.into_iter();
                for p in batch {
                    let mine: Vec<_> = rest.by_ref().take(p.serials.len()).collect();
                    let _ = p.reply.send(Ok(mine));
                }
            }
            Err(e) => {
                let why = e.to_string();
                for p in batch {
                    let _ = p.reply.send(Err(why.clone()));
                }
            }
        }
    }
}

/// A signed response: what it says, when it was produced, its DER.
type Kept = (Answer, DateTime<Utc>, std::sync::Arc<Vec<u8>>);

/// Signed answers without a nonce, by the CertID asked about (DER).
#[derive(Default)]
pub(super) struct Signed {
    kept: Mutex<HashMap<Vec<u8>, Kept>>,
}

impl Signed {
    /// The response kept for `cert_id` if it says `answer` and was
    /// produced less than `reuse` before `now`.
    pub(super) fn get(
        &self,
        cert_id: &[u8],
        answer: &Answer,
        now: DateTime<Utc>,
        reuse: chrono::Duration,
    ) -> Option<std::sync::Arc<Vec<u8>>> {
        let kept = self.kept.lock().ok()?;
        let (a, at, der) = kept.get(cert_id)?;
        (a == answer && now - *at < reuse && *at <= now).then(|| der.clone())
    }

    pub(super) fn keep(&self, cert_id: Vec<u8>, answer: Answer, at: DateTime<Utc>, der: std::sync::Arc<Vec<u8>>) {
        if let Ok(mut kept) = self.kept.lock() {
            if kept.len() >= MAX_KEPT {
                kept.clear();
            }
            kept.insert(cert_id, (answer, at, der));
        }
    }
}
