//! The applicant page over HTTP (`serve::portal` on loopback): arbitrary
//! and mutated multipart forms, and arbitrary link tokens, never get a
//! server error or bring the page down. Each request comes from its own
//! loopback address, so the lockout of failed tries does not hide the
//! parsers behind a 429.

use super::{cfg, corpus, edits, mutate};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{DbTarget, Store};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU32, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BOUNDARY: &str = "ratu-fuzz-boundary";

/// A real identity form: text fields and two PNG files.
fn form() -> Vec<u8> {
    let png = corpus("ktp.png");
    let mut b = Vec::new();
    for (name, value) in [
        ("csrf", "AAAA"),
        ("phone", "0812 3456 7890"),
        ("passphrase", "Pemohon-Uji-2026"),
    ] {
        b.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    for name in ["ktp", "selfie"] {
        b.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.png\"\r\nContent-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        b.extend_from_slice(&png);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    b
}

/// One request from its own loopback address; the status and body.
async fn send(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, Vec<u8>) {
    static N: AtomicU32 = AtomicU32::new(1);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let ip = Ipv4Addr::new(127, 1 + (n >> 16) as u8, (n >> 8) as u8, n as u8);
    let sock = tokio::net::TcpSocket::new_v4().unwrap();
    sock.bind(SocketAddr::new(ip.into(), 0)).unwrap();
    let mut s = sock.connect(addr).await.expect("the page accepts connections");
    let req = format!(
        "{head}Host: ra.ratu.test\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // The server may answer (413, 400) before it has read the whole body.
    let _ = s.write_all(req.as_bytes()).await;
    let _ = s.write_all(body).await;
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    let text = String::from_utf8_lossy(&out);
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|r| r.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status in {text:?}"));
    (status, out)
}

fn well_answered(what: &str, (status, out): (u16, Vec<u8>)) {
    assert!(
        (200..500).contains(&status),
        "{what}: status {status}: {}",
        String::from_utf8_lossy(&out)
    );
}

#[test]
fn applicant_page_forms_and_tokens_never_fail_the_server() {
    // Uploads are checked by the document decoder, which is the ratu binary.
    // SAFETY: set before any thread of this test starts.
    unsafe { std::env::set_var("RATU_RENDERER", env!("CARGO_BIN_EXE_ratu")) };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (addr, _stop) = rt.block_on(async {
        let store = Store::open(&DbTarget::Memory).await.unwrap();
        let ra = Ra::new(store, RaConfig::default(), Clock::System);
        let listener = ratu::serve::portal::bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::watch::channel(false);
        ratu::serve::portal::start(ra, listener, rx, None, &Default::default()).unwrap();
        (addr, tx)
    });
    let base = form();
    let actions = prop_oneof![
        Just("identity".to_string()),
        Just("passphrase".to_string()),
        Just("csr".to_string()),
        Just("p12".to_string()),
        "[a-z0-9]{1,12}",
    ];
    let token = "[A-Za-z0-9_.~%-]{1,60}";
    let body = prop_oneof![
        edits().prop_map(move |e| mutate(&base, &e)),
        proptest::collection::vec(any::<u8>(), 0..1024),
    ];
    let mut runner = TestRunner::new(cfg());
    runner
        .run(&(token, actions, body), |(token, action, body)| {
            rt.block_on(async {
                let post = format!(
                    "POST /l/{token}/{action} HTTP/1.1\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                );
                well_answered("POST", send(addr, &post, &body).await);
                well_answered("GET", send(addr, &format!("GET /l/{token} HTTP/1.1\r\n"), b"").await);
                well_answered(
                    "GET cer",
                    send(addr, &format!("GET /l/{token}/cer HTTP/1.1\r\n"), b"").await,
                );
            });
            Ok(())
        })
        .unwrap();
    let (status, _) = rt.block_on(send(addr, "GET / HTTP/1.1\r\n", b""));
    assert_eq!(status, 200, "the page still serves");
}
