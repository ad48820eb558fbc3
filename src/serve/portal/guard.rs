//! What stands between the applicant page and someone guessing: failed
//! tries per client address (unknown or dead links, missing CSRF tokens,
//! wrong passphrases) lock that address out for a while; each link keeps
//! its own count in the store (`ra`), which locks the link. And the CSRF
//! token of every form: a keyed hash of the link's token under a secret
//! made at start, so only a page served for that link can post to it.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed tries from one address within [`WINDOW`] before it is locked out.
pub const ADDRESS_MAX_FAILURES: u32 = 10;
/// How long failures are remembered, and how long a lockout lasts.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Addresses remembered at most (the oldest are forgotten first).
const MAX_ADDRESSES: usize = 50_000;

#[derive(Debug, Clone, Copy)]
struct Tries {
    failures: u32,
    first: Instant,
    locked_until: Option<Instant>,
}

pub struct Guard {
    secret: [u8; 32],
    addresses: Mutex<HashMap<IpAddr, Tries>>,
}

impl Default for Guard {
    fn default() -> Self {
        Self {
            secret: rand::random(),
            addresses: Mutex::default(),
        }
    }
}

impl Guard {
    /// `Err(seconds left)` while `ip` is locked out.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let Ok(map) = self.addresses.lock() else { return Ok(()) };
        match map.get(&ip).and_then(|t| t.locked_until) {
            Some(until) if until > now => Err((until - now).as_secs().max(1)),
            _ => Ok(()),
        }
    }

    /// Counts one failed try from `ip`; true when it is now locked out.
    pub fn fail(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let Ok(mut map) = self.addresses.lock() else {
            return false;
        };
        if map.len() >= MAX_ADDRESSES && !map.contains_key(&ip) {
            let oldest = map.iter().min_by_key(|(_, t)| t.first).map(|(k, _)| *k);
            if let Some(k) = oldest {
                map.remove(&k);
            }
        }
        let t = map.entry(ip).or_insert(Tries {
            failures: 0,
            first: now,
            locked_until: None,
        });
        if now.duration_since(t.first) > WINDOW {
            *t = Tries {
                failures: 0,
                first: now,
                locked_until: None,
            };
        }
        t.failures += 1;
        if t.failures >= ADDRESS_MAX_FAILURES {
            t.locked_until = Some(now + WINDOW);
            tracing::warn!(%ip, failures = t.failures, "portal: address locked out");
            return true;
        }
        false
    }

    /// The CSRF token of the forms of the page for link `token`.
    pub fn csrf(&self, token: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.secret);
        h.update(b"ratu-portal-csrf");
        h.update(token.as_bytes());
        hex::encode(h.finalize())
    }

    /// Whether `given` is the CSRF token for link `token` (compared in
    /// constant time).
    pub fn csrf_ok(&self, token: &str, given: Option<&str>) -> bool {
        let want = self.csrf(token);
        let Some(given) = given else { return false };
        given.len() == want.len() && given.bytes().zip(want.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_locked_after_the_last_allowed_failure() {
        let g = Guard::default();
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        for _ in 1..ADDRESS_MAX_FAILURES {
            assert!(!g.fail(ip));
            assert!(g.check(ip).is_ok());
        }
        assert!(g.fail(ip));
        assert!(g.check(ip).is_err());
        assert!(g.check("192.0.2.8".parse().unwrap()).is_ok(), "others are not");
    }

    #[test]
    fn a_csrf_token_belongs_to_one_link_and_one_start() {
        let (a, b) = (Guard::default(), Guard::default());
        assert!(a.csrf_ok("link-1", Some(&a.csrf("link-1"))));
        assert!(!a.csrf_ok("link-2", Some(&a.csrf("link-1"))));
        assert!(!a.csrf_ok("link-1", Some(&b.csrf("link-1"))));
        assert!(!a.csrf_ok("link-1", None));
    }
}
