//! Who the client really is. Behind the office's reverse proxy every
//! connection comes from the proxy; `trusted_proxies` in the config names
//! the addresses (or networks) whose `Forwarded` (RFC 7239) or
//! `X-Forwarded-For` header is believed. The client is the right-most
//! address in that header not itself a trusted proxy: everything to its
//! left was written by the client and proves nothing. A header from an
//! untrusted peer is ignored, so a client cannot pick its own address.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// The trusted proxies of `trusted_proxies`.
#[derive(Debug, Clone, Default)]
pub struct Proxies(Vec<IpNet>);

impl Proxies {
    /// From the config's list: addresses (`10.0.0.5`, `::1`) or networks
    /// (`10.0.1.0/24`).
    pub fn parse(list: &[String]) -> Result<Self, String> {
        list.iter()
            .map(|s| {
                let s = s.trim();
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("trusted_proxies: {s:?} is not an address or a network (10.0.0.5, 10.0.1.0/24)")
                    })
            })
            .collect::<Result<_, _>>()
            .map(Proxies)
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|n| n.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The client of a request that reached us from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return canonical(peer);
        }
        // `Forwarded` first (its `for=` parameters), else X-Forwarded-For;
        // every header line in order, each list left to right.
        let mut hops: Vec<Option<IpAddr>> = headers
            .get_all("forwarded")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(forwarded_for)
            .collect();
        if hops.is_empty() {
            hops = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(|a| parse_addr(a.trim()))
                .collect();
        }
        let mut client = canonical(peer);
        for hop in hops.into_iter().rev() {
            match hop {
                // A hop that is not an address (obfuscated, "unknown",
                // garbage): the last trusted hop is as far as we can see.
                None => return client,
                Some(ip) => {
                    client = canonical(ip);
                    if !self.trusts(client) {
                        return client;
                    }
                }
            }
        }
        client
    }
}

/// The `for=` of one `Forwarded` element, if it has one: `Some(None)` when
/// it is there but not an address.
fn forwarded_for(element: &str) -> Option<Option<IpAddr>> {
    element.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("for")
            .then(|| parse_addr(v.trim().trim_matches('"')))
    })
}

/// `192.0.2.1`, `192.0.2.1:8080`, `[2001:db8::1]`, `[2001:db8::1]:8080`, `2001:db8::1`.
fn parse_addr(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    let (host, port) = s.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse().ok()
}

/// An IPv4 address seen through an IPv6 socket is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn h(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.append(*k, HeaderValue::from_str(v).unwrap());
        }
        m
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let p = Proxies::parse(&["10.0.0.5".into()]).unwrap();
        let forged = h(&[("x-forwarded-for", "203.0.113.9"), ("forwarded", "for=203.0.113.9")]);
        assert_eq!(p.client(ip("198.51.100.7"), &forged), ip("198.51.100.7"));
        assert_eq!(Proxies::default().client(ip("10.0.0.5"), &forged), ip("10.0.0.5"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        let p = Proxies::parse(&["10.0.0.0/24".into(), "::1".into()]).unwrap();
        // The client wrote "1.2.3.4" itself; the proxy appended what it saw.
        let xff = h(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7")]);
        assert_eq!(p.client(ip("10.0.0.5"), &xff), ip("198.51.100.7"));
        // Two proxies of ours in a row.
        let two = h(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.9")]);
        assert_eq!(p.client(ip("10.0.0.5"), &two), ip("198.51.100.7"));
        let fwd = h(&[("forwarded", "for=1.2.3.4, for=\"[2001:db8::7]:4711\";proto=https")]);
        assert_eq!(p.client(ip("::1"), &fwd), ip("2001:db8::7"));
        assert_eq!(p.client(ip("10.0.0.5"), &h(&[])), ip("10.0.0.5"));
        // Garbage stops the walk at the last trusted hop.
        let junk = h(&[("x-forwarded-for", "198.51.100.7, nonsense")]);
        assert_eq!(p.client(ip("10.0.0.5"), &junk), ip("10.0.0.5"));
        assert_eq!(p.client(ip("::ffff:10.0.0.5"), &xff), ip("198.51.100.7"));
    }

    #[test]
    fn a_bad_entry_is_named() {
        let e = Proxies::parse(&["10.0.0.0/99".into()]).unwrap_err();
        assert!(e.contains("10.0.0.0/99"), "{e}");
    }
}
