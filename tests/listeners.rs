//! The service's listeners against hostile networks, on the real `ratu
//! serve`: thousands of half-open connections while a normal client keeps
//! being answered by each listener; one address's flood cut at its cap;
//! and lockouts behind the office's reverse proxy (a small proxy on
//! loopback, `trusted_proxies`), where one client's guesses lock out
//! neither the other applicants nor a valid link.
//!
//! Other clients are other loopback addresses (127.0.0.2, 127.0.1.7, …):
//! all of 127.0.0.0/8 answers on Linux.

mod serve_support;

use serve_support::applicant::{new_case, site_configured};
use serve_support::http::{ADDRESS_GUESSES, connect_from, http_from, link_token};
use serve_support::*;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

fn lo(a: u8, b: u8, c: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, a, b, c))
}

/// This process's soft file limit raised to `want` (or the hard limit):
/// the limit now.
fn raise_files(want: u64) -> u64 {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit on a stack struct.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut r);
        r.rlim_cur = want.min(r.rlim_max);
        libc::setrlimit(libc::RLIMIT_NOFILE, &r);
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut r);
    }
    r.rlim_cur
}

/// Whether the server closed `s` (EOF or reset) within `wait`.
fn closed_within(s: &mut TcpStream, wait: Duration) -> bool {
    s.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true,
        }
    }
}

/// How long a normal request to `addr` for `path` takes, and its status.
fn answered(addr: SocketAddr, path: &str) -> (Duration, u16) {
    let t0 = Instant::now();
    let r = http_from(lo(0, 0, 1), addr, "GET", path, "");
    (t0.elapsed(), r.0)
}

#[test]
fn half_open_connections_do_not_silence_any_listener_and_are_closed_by_the_deadline() {
    // 5,000 where the file limit allows (the service, this process and
    // the kernel each need a descriptor per connection), fewer where it
    // does not: said, and never under 1,000.
    let files = raise_files(5000 + 1500);
    let half_open = 5000.min(files.saturating_sub(600) as usize);
    assert!(
        half_open >= 1000,
        "the hard file limit here ({files}) holds too few connections for this test"
    );
    if half_open < 5000 {
        println!("the file limit here ({files}) holds {half_open} half-open connections, not 5000");
    }
    let dir = tempfile::tempdir().unwrap();
    let publish: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let svc = Service::start_site(&dir.path().join("data"), Some(PIN), None, Some(publish));
    let listeners = [
        ("API", svc.addr, "/api/v1/openapi.json"),
        ("applicant page", svc.portal.unwrap(), "/"),
        ("publication", publish, "/no-such-file"),
    ];
    for (what, addr, path) in listeners {
        let (t, status) = answered(addr, path);
        assert!(status == 200 || status == 404, "{what}: {status}");
        println!("{what} before: {t:.1?}");
    }

    // 5,000 connections that send half a request's header and wait, from
    // 100 addresses (50 each, under the cap per address), spread over the
    // three listeners.
    let t_open = Instant::now();
    let mut held = Vec::with_capacity(half_open);
    for i in 0..half_open {
        let from = lo(0, 1, (i % 100) as u8 + 1);
        let (_, addr, _) = listeners[i % listeners.len()];
        let mut s = connect_from(from, addr).unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: ratu.test\r\nX-Slow: ").unwrap();
        held.push(s);
    }
    println!("{half_open} half-open connections opened in {:.1?}", t_open.elapsed());

    // Meanwhile, every listener answers a normal client within 1 s.
    let mut worst = Duration::ZERO;
    for _round in 0..3 {
        for (what, addr, path) in listeners {
            let (t, status) = answered(addr, path);
            assert!(status == 200 || status == 404, "{what}: {status}");
            assert!(
                t < Duration::from_secs(1),
                "{what} took {t:?} beside {half_open} half-open connections"
            );
            worst = worst.max(t);
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    println!("beside {half_open} half-open connections, the slowest answer: {worst:.1?}");
    // Most of them are still held: the deadline has not come yet.
    let still = held
        .iter_mut()
        .take(200)
        .map(|s| closed_within(s, Duration::from_millis(1)))
        .filter(|c| !c)
        .count();
    assert!(still > 150, "only {still} of 200 still open before the deadline");

    // The header deadline (10 s) closes every one of them.
    let deadline = t_open + Duration::from_secs(10 + 5);
    std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
    let open = held
        .iter_mut()
        .map(|s| closed_within(s, Duration::from_millis(20)))
        .filter(|c| !c)
        .count();
    assert_eq!(
        open, 0,
        "{open} of {half_open} half-open connections still open 15 s on"
    );
    drop(held);

    // One address flooding one listener is cut at its cap (256): the
    // rest are closed at once, and another address still gets in.
    let mut flood: Vec<TcpStream> = (0..400)
        .map(|_| {
            let mut s = connect_from(lo(0, 2, 1), publish).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let cut = flood
        .iter_mut()
        .map(|s| closed_within(s, Duration::from_millis(20)))
        .filter(|c| *c)
        .count();
    assert!(
        (144..=160).contains(&cut),
        "{cut} of 400 connections from one address were closed at once (256 are held)"
    );
    let (t, status) = answered(publish, "/no-such-file");
    assert_eq!(status, 404);
    assert!(t < Duration::from_secs(1), "{t:?}");
    assert!(svc.log().contains("connections from this address"), "{}", svc.log());
}

/// A reverse proxy as an office runs one: it appends the address it saw
/// to `X-Forwarded-For` and passes the request on to `upstream`. One
/// request per connection (the tests speak HTTP/1.0).
fn proxy(upstream: SocketAddr) -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(mut client) = conn else { continue };
            std::thread::spawn(move || {
                let peer = client.peer_addr().unwrap().ip();
                let mut raw = Vec::new();
                let mut buf = [0u8; 4096];
                let end = loop {
                    let n = client.read(&mut buf).unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    raw.extend_from_slice(&buf[..n]);
                    if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                        break p;
                    }
                };
                let head = String::from_utf8_lossy(&raw[..end]).into_owned();
                let mut lines: Vec<String> = Vec::new();
                let mut forwarded = false;
                for line in head.split("\r\n") {
                    match line.split_once(':') {
                        Some((k, v)) if k.eq_ignore_ascii_case("x-forwarded-for") => {
                            lines.push(format!("X-Forwarded-For: {}, {peer}", v.trim()));
                            forwarded = true;
                        }
                        _ => lines.push(line.to_string()),
                    }
                }
                if !forwarded {
                    lines.push(format!("X-Forwarded-For: {peer}"));
                }
                let mut up = TcpStream::connect(upstream).unwrap();
                up.write_all((lines.join("\r\n") + "\r\n\r\n").as_bytes()).unwrap();
                up.write_all(&raw[end + 4..]).unwrap();
                let mut back = up.try_clone().unwrap();
                let mut to_client = client.try_clone().unwrap();
                let t = std::thread::spawn(move || {
                    let _ = std::io::copy(&mut back, &mut to_client);
                    let _ = to_client.shutdown(std::net::Shutdown::Write);
                });
                let _ = std::io::copy(&mut client, &mut up);
                let _ = t.join();
            });
        }
    });
    addr
}

#[test]
fn behind_a_trusted_proxy_one_clients_guesses_lock_out_only_that_client() {
    let dir = tempfile::tempdir().unwrap();
    // The proxy reaches the page from 127.0.0.1; nothing else is trusted.
    let (svc, client, portal) = site_configured(dir.path(), false, "trusted_proxies = [\"127.0.0.1/32\"]\n");
    let id = new_case(&svc, &client, "Siti Rahayu", "3273014508900002");
    let token = link_token(&svc.data.join("outbox"), id, "identity_data_link");
    let front = proxy(portal);
    let (attacker, applicant, neighbour) = (lo(0, 0, 2), lo(0, 0, 3), lo(0, 0, 4));
    let forged = |i: u8| format!("/l/{}{}", "A".repeat(23), (b'A' + i) as char);
    let get = |from: IpAddr, path: &str| http_from(from, front, "GET", path, "").0;

    // The attacker guesses through the proxy until locked out.
    let statuses: Vec<u16> = (0..ADDRESS_GUESSES).map(|i| get(attacker, &forged(i as u8))).collect();
    assert!(statuses.iter().all(|s| *s == 404), "{statuses:?}");
    assert_eq!(get(attacker, &forged(0)), 429, "the attacker is locked out");
    // Everyone else behind the same proxy is not: a wrong link is a 404,
    // the applicant's link opens.
    assert_eq!(get(applicant, &forged(0)), 404);
    assert_eq!(get(applicant, &format!("/l/{token}")), 200);
    // A valid link has its own count: it opens even from the locked address.
    assert_eq!(get(attacker, &format!("/l/{token}")), 200);

    // A client that reaches the page directly cannot name another client
    // in the header: its guesses count against its own address.
    for i in 0..ADDRESS_GUESSES {
        let r = http_from(
            neighbour,
            portal,
            "GET",
            &forged(i as u8),
            &format!("X-Forwarded-For: {applicant}\r\nForwarded: for={applicant}\r\n"),
        );
        assert_eq!(r.0, 404);
    }
    assert_eq!(http_from(neighbour, portal, "GET", &forged(0), "").0, 429);
    assert_eq!(
        get(applicant, &forged(1)),
        404,
        "the applicant was not locked out by a forged header"
    );
    assert!(
        svc.log().contains(&attacker.to_string()),
        "the log names the real client"
    );
}
