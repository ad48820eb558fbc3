//! OCSP responses per second and p99 latency: ratu's responder (the real
//! `serve --publish` HTTP server, answering from the store) against
//! openssl's own (`openssl ocsp -index index.txt -port …`), on the same
//! certificates: RATU_BENCH_OCSP_CERTS issued (default 100 000), a tenth
//! of them revoked. Each responder gets RATU_BENCH_OCSP_SECS seconds
//! (default 5) of POSTs from RATU_BENCH_OCSP_CLIENTS clients (default 8),
//! asking for good, revoked and unknown serials, with a nonce and without;
//! over a new connection per request (all openssl's responder offers: it
//! closes each) and, for ratu, over kept-open HTTP/1.1 connections too.
//! Each ratu figure is set against openssl's asked the same way.
//!
//! `RATU_BENCH_OCSP_CERTS=10000 RATU_BENCH_OCSP_SECS=2 cargo bench --bench ocsp`
//! is a quick run. The store here is in memory (the service's is the same
//! SurrealDB over a loopback WebSocket).

// As the library: the release build lays out SurrealDB's futures deeper
// than the default limit allows.
#![recursion_limit = "256"]

use chrono::{Duration as Days, Utc};
use rand::{Rng, SeedableRng};
use ratu::ca::{HierarchySpec, Serial, decrypt_pkcs8, pem_encode, request_der};
use ratu::domain::{CertRecord, CertState, DbTarget, RevocationReason, Role};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{Batch, Store, insert_certs};
use std::io::Write;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CA_PASS: &str = "Kunci-CA-Bench-2026";

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// One POST, read to the end: the latency, or why it failed.
async fn ask(addr: SocketAddr, path: &str, body: &[u8]) -> Result<Duration, String> {
    let t = Instant::now();
    let mut s = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let head = format!(
        "POST {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/ocsp-request\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.map_err(|e| e.to_string())?;
    s.write_all(body).await.map_err(|e| e.to_string())?;
    let mut raw = Vec::with_capacity(2048);
    s.read_to_end(&mut raw).await.map_err(|e| e.to_string())?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no header")?;
    // 200, and a successful OCSPResponse: SEQUENCE { ENUMERATED 0, ... }.
    check(&raw[..split], &raw[split + 4..])?;
    Ok(t.elapsed())
}

/// Checks one answer: 200 and a successful OCSPResponse.
fn check(head: &[u8], resp: &[u8]) -> Result<(), String> {
    let ok_status = head.starts_with(b"HTTP/1.1 200") || head.starts_with(b"HTTP/1.0 200");
    let successful = resp.len() > 8 && resp.windows(3).take(6).any(|w| w == [0x0a, 0x01, 0x00]);
    if !(ok_status && successful) {
        return Err(format!("bad answer: {}", String::from_utf8_lossy(head)));
    }
    Ok(())
}

/// One POST on a kept-open HTTP/1.1 connection: the latency.
async fn ask_kept(
    s: &mut tokio::io::BufReader<tokio::net::TcpStream>,
    addr: SocketAddr,
    path: &str,
    body: &[u8],
) -> Result<Duration, String> {
    use tokio::io::AsyncBufReadExt;
    let t = Instant::now();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/ocsp-request\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut msg = head.into_bytes();
    msg.extend_from_slice(body);
    s.get_mut().write_all(&msg).await.map_err(|e| e.to_string())?;
    let (mut head, mut len) = (Vec::new(), 0usize);
    loop {
        let mut line = String::new();
        if s.read_line(&mut line).await.map_err(|e| e.to_string())? == 0 {
            return Err("closed".into());
        }
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().map_err(|_| "content-length")?;
        }
        head.extend_from_slice(line.as_bytes());
    }
    let mut resp = vec![0; len];
    s.read_exact(&mut resp).await.map_err(|e| e.to_string())?;
    check(&head, &resp)?;
    Ok(t.elapsed())
}

/// How the clients talk: a new connection per request (all openssl's
/// responder offers: it closes each), or HTTP/1.1 connections kept open.
#[derive(Clone, Copy, PartialEq)]
enum Conn {
    New,
    Kept,
}

/// Hammers `addr` for `secs`: responses per second and p99 latency.
async fn load(
    addr: SocketAddr,
    path: &str,
    requests: &[Vec<u8>],
    clients: u64,
    secs: u64,
    conn: Conn,
) -> (f64, Duration, usize) {
    let end = Instant::now() + Duration::from_secs(secs);
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let requests = requests.to_vec();
        let path = path.to_string();
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut failed) = (Vec::new(), 0usize);
            let mut i = c as usize * 7919;
            let mut kept = None;
            while Instant::now() < end {
                i = (i + 1) % requests.len();
                let r = match conn {
                    Conn::New => ask(addr, &path, &requests[i]).await,
                    Conn::Kept => {
                        if kept.is_none() {
                            kept = tokio::net::TcpStream::connect(addr)
                                .await
                                .ok()
                                .map(tokio::io::BufReader::new);
                        }
                        match kept.as_mut() {
                            Some(s) => ask_kept(s, addr, &path, &requests[i]).await,
                            None => Err("connect".into()),
                        }
                    }
                };
                match r {
                    Ok(d) => lat.push(d),
                    Err(_) => {
                        failed += 1;
                        kept = None;
                    }
                }
            }
            (lat, failed)
        }));
    }
    let (mut all, mut failed) = (Vec::new(), 0);
    for t in tasks {
        let (l, f) = t.await.unwrap();
        all.extend(l);
        failed += f;
    }
    let elapsed = t0.elapsed().as_secs_f64();
    all.sort();
    let p99 = all
        .get(all.len().saturating_sub(1) * 99 / 100)
        .copied()
        .unwrap_or_default();
    (all.len() as f64 / elapsed, p99, failed)
}

fn main() {
    let n = env("RATU_BENCH_OCSP_CERTS", 100_000) as usize;
    let secs = env("RATU_BENCH_OCSP_SECS", 5);
    let clients = env("RATU_BENCH_OCSP_CLIENTS", 8);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(16 << 20)
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    rt.block_on(async {
        let store = Store::open(&DbTarget::Memory).await.unwrap();
        let mut cfg = RaConfig::default();
        cfg.ca.dir = dir.path().join("ca");
        cfg.ca.publish_dir = dir.path().join("publish");
        cfg.ca.urls.ocsp = Some("http://127.0.0.1/ocsp".into());
        let ra = Ra::new(store.clone(), cfg, Clock::System);
        let admin = ra.add_operator(None, "admin", Role::CaAdmin, "123456").await.unwrap();
        let status = ra.ca_init(&admin, &HierarchySpec::default(), CA_PASS).await.unwrap();
        ra.renew_ocsp_signer().await.unwrap();
        let issuer_dn = status.issuing.subject.clone();

        // The certificates: records as issuance writes them (no DER needed).
        let t = Instant::now();
        let now = Utc::now();
        let serials: Vec<Serial> = (0..n).map(|_| Serial::random()).collect();
        let mut index = String::with_capacity(n * 100);
        for chunk in serials.chunks(2000).enumerate().map(|(k, c)| (k * 2000, c)) {
            let recs: Vec<CertRecord> = chunk
                .1
                .iter()
                .enumerate()
                .map(|(j, s)| {
                    let revoked = (chunk.0 + j) % 10 == 0;
                    let mut r = CertRecord::new(
                        hex::encode(s.as_bytes()),
                        "Bench Holder",
                        "signing",
                        (now - Days::days(1), now + Days::days(729)),
                        if revoked { CertState::Revoked } else { CertState::Issued },
                    );
                    r.issuer_dn = issuer_dn.clone();
                    if revoked {
                        r.revoked_at = Some(now - Days::hours(1));
                        r.reason = Some(RevocationReason::KeyCompromise);
                    }
                    let exp = (now + Days::days(729)).format("%y%m%d%H%M%SZ");
                    let hexs = hex::encode_upper(s.as_bytes());
                    if revoked {
                        let at = (now - Days::hours(1)).format("%y%m%d%H%M%SZ");
                        index.push_str(&format!(
                            "R\t{exp}\t{at},keyCompromise\t{hexs}\tunknown\t/CN=Bench Holder\n"
                        ));
                    } else {
                        index.push_str(&format!("V\t{exp}\t\t{hexs}\tunknown\t/CN=Bench Holder\n"));
                    }
                    r
                })
                .collect();
            let mut b = Batch::new();
            insert_certs(&mut b, &recs.iter().map(|r| (r, None)).collect::<Vec<_>>());
            b.commit(&store).await.unwrap();
        }
        eprintln!("{n} certificates ({} revoked) recorded in {:.1?}", n / 10, t.elapsed());

        // Requests: 80 % good, 10 % revoked, 10 % unknown; the same
        // certificates asked with a nonce and without.
        let (issuing, _) = ra.ca_certs().unwrap();
        let mut rng = rand::rngs::StdRng::seed_from_u64(14);
        let asked: Vec<[u8; 16]> = (0..2000)
            .map(|k| match k % 10 {
                0 => *serials[rng.gen_range(0..n / 10) * 10].as_bytes(),
                1 => *Serial::random().as_bytes(),
                _ => *serials[rng.gen_range(0..n)].as_bytes(),
            })
            .collect();
        let requests: Vec<Vec<u8>> = asked
            .iter()
            .map(|s| request_der(&issuing, s, Some(&rng.r#gen::<[u8; 16]>())).unwrap())
            .collect();
        let plain: Vec<Vec<u8>> = asked.iter().map(|s| request_der(&issuing, s, None).unwrap()).collect();

        // Where one response's time goes, in this process, one at a time.
        let reps = 2000usize;
        let t = Instant::now();
        for q in requests.iter().cycle().take(reps) {
            std::hint::black_box(ratu::ca::parse_request(q).unwrap());
        }
        let parse = t.elapsed() / reps as u32;
        let t = Instant::now();
        for s in serials.iter().cycle().take(reps) {
            let one = [hex::encode(s.as_bytes())];
            std::hint::black_box(store.cert_standing(&issuer_dn, &one).await.unwrap());
        }
        let lookup = t.elapsed() / reps as u32;
        let t = Instant::now();
        for q in requests.iter().cycle().take(reps) {
            std::hint::black_box(ra.ocsp_response(q).await);
        }
        let whole = t.elapsed() / reps as u32;
        println!("in process, per response: parse {parse:.1?}, status lookup {lookup:.1?}, whole answer (parse, lookup, sign) {whole:.1?}");

        // ratu: the publication server on a free port.
        let listener = ratu::serve::publish::bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let ratu_addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let server = ratu::serve::publish::start(ra.clone(), listener, stopped, &Default::default()).unwrap();
        let mut rows = Vec::new();
        for (what, reqs, conn) in [
            ("ratu, nonce, new connection each", &requests, Conn::New),
            ("ratu, no nonce, new connection each", &plain, Conn::New),
            ("ratu, nonce, kept-open connections", &requests, Conn::Kept),
            ("ratu, no nonce, kept-open connections", &plain, Conn::Kept),
        ] {
            rows.push((what, load(ratu_addr, "/ocsp", reqs, clients, secs, conn).await));
        }
        let _ = stop.send(true);
        let _ = server.await;

        // openssl: its responder on the same certificates, signing with the
        // issuing CA's key of the same type.
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
            p
        };
        let index_file = write("index.txt", index.as_bytes());
        // Holders share a name: openssl must not insist on unique subjects.
        write("index.txt.attr", b"unique_subject = no\n");
        let ca_pem = write("ca.pem", pem_encode("CERTIFICATE", &issuing).as_bytes());
        let key = decrypt_pkcs8(
            "issuing key",
            &std::fs::read(dir.path().join("ca/issuing.key")).unwrap(),
            CA_PASS,
        )
        .unwrap();
        let key_pem = write("ca.key", pem_encode("PRIVATE KEY", &key).as_bytes());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = std::process::Command::new("openssl")
            .args(["ocsp", "-index"])
            .arg(&index_file)
            .args(["-port", &port.to_string(), "-rsigner"])
            .arg(&ca_pem)
            .arg("-rkey")
            .arg(&key_pem)
            .arg("-CA")
            .arg(&ca_pem)
            .args(["-ndays", "1"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("openssl runs");
        let ossl_addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let t = Instant::now();
        while ask(ossl_addr, "/", &requests[0]).await.is_err() {
            assert!(t.elapsed() < Duration::from_secs(30), "openssl ocsp did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let ossl_nonce = load(ossl_addr, "/", &requests, clients, secs, Conn::New).await;
        let ossl_plain = load(ossl_addr, "/", &plain, clients, secs, Conn::New).await;
        let _ = child.kill();
        let _ = child.wait();

        println!(
            "OCSP, {n} certificates ({} revoked), {clients} clients, {secs} s each:",
            n / 10
        );
        let line = |what: &str, (rps, p99, failed): (f64, Duration, usize), base: f64| {
            println!(
                "  {what:<40} {rps:>9.0} responses/s  p99 {p99:>10.2?}  failed {failed}  {:>5.1}x openssl",
                rps / base.max(f64::MIN_POSITIVE)
            );
        };
        line("openssl, nonce, new connection each", ossl_nonce, ossl_nonce.0);
        line("openssl, no nonce, new connection each", ossl_plain, ossl_plain.0);
        for (k, (what, r)) in rows.into_iter().enumerate() {
            // Against openssl asked the same way (with or without a nonce).
            line(what, r, if k % 2 == 0 { ossl_nonce.0 } else { ossl_plain.0 });
        }
    });
}
