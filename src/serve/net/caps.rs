//! How many connections a listener holds: in all, and from one client
//! address. A connection over either cap is closed at once, before a
//! byte is read, so a flood from one address cannot take the file
//! descriptors every other client needs. The office's trusted proxies
//! carry everyone's connections and are held only to the total.

use super::Proxies;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// A listener's caps and what it holds now.
pub struct Caps {
    pub total: usize,
    pub per_address: usize,
    proxies: Arc<Proxies>,
    held: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// One admitted connection; its place is given back when dropped.
pub struct Admitted {
    caps: Arc<Caps>,
    ip: IpAddr,
}

/// Why a connection was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    Total,
    Address,
}

impl Caps {
    pub fn new(total: usize, per_address: usize, proxies: Arc<Proxies>) -> Arc<Self> {
        Arc::new(Caps {
            total: total.max(1),
            per_address: per_address.max(1),
            proxies,
            held: Mutex::default(),
        })
    }

    pub fn proxies(&self) -> &Arc<Proxies> {
        &self.proxies
    }

    /// A place for a connection from `ip`, or why there is none.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Admitted, Full> {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if held.total >= self.total {
            return Err(Full::Total);
        }
        let proxy = self.proxies.trusts(ip);
        let n = held.by_address.entry(ip).or_default();
        if !proxy && *n >= self.per_address {
            return Err(Full::Address);
        }
        *n += 1;
        held.total += 1;
        Ok(Admitted { caps: self.clone(), ip })
    }

    /// Connections held now.
    pub fn held(&self) -> usize {
        self.held.lock().map(|h| h.total).unwrap_or(0)
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut held = self.caps.held.lock().unwrap_or_else(|p| p.into_inner());
        held.total -= 1;
        if let Some(n) = held.by_address.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                held.by_address.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_gets_its_share_and_gives_it_back() {
        let caps = Caps::new(5, 2, Arc::new(Proxies::default()));
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let first = caps.admit(a).unwrap();
        let _second = caps.admit(a).unwrap();
        assert_eq!(caps.admit(a).err(), Some(Full::Address));
        let _others: Vec<_> = (0..2).map(|_| caps.admit(b).unwrap()).collect();
        drop(first);
        let _again = caps.admit(a).unwrap();
        let c: IpAddr = "192.0.2.3".parse().unwrap();
        let _c = caps.admit(c).unwrap();
        assert_eq!(caps.held(), 5);
        assert_eq!(caps.admit(c).err(), Some(Full::Total));
    }

    #[test]
    fn a_trusted_proxy_is_held_to_the_total_only() {
        let p = Arc::new(Proxies::parse(&["10.0.0.5".into()]).unwrap());
        let caps = Caps::new(10, 2, p);
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let held: Vec<_> = (0..10).map(|_| caps.admit(proxy).unwrap()).collect();
        assert_eq!(caps.admit(proxy).err(), Some(Full::Total));
        drop(held);
        assert_eq!(caps.held(), 0);
    }
}
