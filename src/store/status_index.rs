//! What this process knows of certificates' standing, for the OCSP
//! responder: filled from the store on first ask, and forgotten for every
//! certificate a commit of this process touches, in that commit's own
//! code path, before the caller hears of success. The service makes every
//! revocation, hold and release itself, so once warm its responder
//! answers from memory and is never behind its own commits. Another
//! service on the same cluster reaches it through [`StatusIndex::forget`]
//! from a LIVE query (see `ra::ocsp`).

use super::status::CertStanding;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Beyond this many kept standings (about 100 bytes each), all are dropped.
const MAX_KEPT: usize = 1_000_000;

type Key = (String, String);

#[derive(Debug, Default)]
pub struct StatusIndex {
    kept: Mutex<HashMap<Key, Option<CertStanding>>>,
    /// Moves on at every forget: a read that began before a forget must
    /// not put back what it read.
    epoch: AtomicU64,
    /// Someone follows other processes' changes already.
    followed: std::sync::atomic::AtomicBool,
}

impl StatusIndex {
    /// True for the first caller only: the one that follows the store's
    /// changes for this index.
    pub fn claim_follower(&self) -> bool {
        !self.followed.swap(true, Ordering::SeqCst)
    }

    /// The epoch to give [`StatusIndex::fill`] with what is read after it.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// What is known of `serial` of `issuer` (`None`: not known; `Some(None)`:
    /// known to be no certificate of ours).
    pub fn get(&self, issuer: &str, serial: &str) -> Option<Option<CertStanding>> {
        let kept = self.kept.lock().ok()?;
        kept.get(&(issuer.to_string(), serial.to_string())).cloned()
    }

    /// Keeps what a read that began at `epoch` found, unless anything was
    /// forgotten since.
    pub fn fill(&self, epoch: u64, issuer: &str, found: impl IntoIterator<Item = (String, Option<CertStanding>)>) {
        let Ok(mut kept) = self.kept.lock() else { return };
        if self.epoch.load(Ordering::SeqCst) != epoch {
            return;
        }
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        for (serial, standing) in found {
            kept.insert((issuer.to_string(), serial), standing);
        }
    }

    /// Forgets these certificates (issuer, serial): their standing changed.
    pub fn forget(&self, certs: &[Key]) {
        if certs.is_empty() {
            return;
        }
        if let Ok(mut kept) = self.kept.lock() {
            self.epoch.fetch_add(1, Ordering::SeqCst);
            for k in certs {
                kept.remove(k);
            }
        }
    }

    /// Forgets everything (a change this process cannot name).
    pub fn forget_all(&self) {
        if let Ok(mut kept) = self.kept.lock() {
            self.epoch.fetch_add(1, Ordering::SeqCst);
            kept.clear();
        }
    }
}
