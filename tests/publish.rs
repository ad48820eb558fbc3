//! Relying parties against the real `ratu serve --publish`: openssl fetches
//! the CRL through the certificate's own CRL distribution point and asks
//! the OCSP responder named in its AIA; pkilint lints the responses and
//! the responder's certificate. Everything on loopback, free ports.

mod pkilint;
mod serve_support;

use der::{Decode, Encode};
use serve_support::http::{header, http};
use serve_support::*;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use x509_ocsp::{BasicOcspResponse, CertStatus, OcspResponse, OcspResponseStatus};

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

/// `openssl ocsp` for `cert` under `issuer`, trusting `chain`; the
/// response is kept in `out`. Returns what openssl printed. With
/// `verify`, the response must verify (our responder is authorised for
/// our CA only: for another CA's certificate openssl rightly refuses it).
fn openssl_ocsp(url: &str, issuer: &Path, cert_args: &[&str], chain: &Path, out: &Path, verify: bool) -> String {
    let o = Command::new("openssl")
        .args(["ocsp", "-url", url, "-issuer"])
        .arg(issuer)
        .args(cert_args)
        .arg("-CAfile")
        .arg(chain)
        .arg("-respout")
        .arg(out)
        .output()
        .unwrap();
    let t = text(&o);
    if verify {
        assert!(o.status.success(), "openssl ocsp: {t}");
        assert!(t.contains("Response verify OK"), "{t}");
    } else {
        assert!(t.contains("root ca not trusted"), "{t}");
    }
    assert!(!t.contains("WARNING"), "nonce echoed, times right: {t}");
    t
}

/// The basic response inside a successful OCSP response.
fn basic(der: &[u8]) -> BasicOcspResponse {
    let r = OcspResponse::from_der(der).expect("an OCSPResponse");
    assert_eq!(r.response_status, OcspResponseStatus::Successful);
    BasicOcspResponse::from_der(r.response_bytes.expect("a body").response.as_bytes()).expect("a BasicOCSPResponse")
}

/// Another CA's certificate and one it issued, as PEM files.
fn foreign_ca(dir: &Path) -> (PathBuf, PathBuf) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(rcgen::DnType::CommonName, "Another CA");
    p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = p.self_signed(&key).unwrap();
    let issuer = rcgen::Issuer::from_params(&p, &key);
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["other.example".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &issuer)
        .unwrap();
    let (ca_pem, leaf_pem) = (dir.join("other-ca.pem"), dir.join("other-leaf.pem"));
    std::fs::write(&ca_pem, ca.pem()).unwrap();
    std::fs::write(&leaf_pem, leaf.pem()).unwrap();
    (ca_pem, leaf_pem)
}

fn wait_for(svc: &Service, what: &str) {
    let t0 = Instant::now();
    while !svc.log().contains(what) {
        assert!(t0.elapsed() < Duration::from_secs(60), "no {what:?}:\n{}", svc.log());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn relying_parties_fetch_the_crl_and_ask_ocsp_at_the_urls_in_the_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (data, client) = (dir.path().join("service"), dir.path().join("client"));
    std::fs::create_dir_all(&client).unwrap();
    let publish: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let base = format!("http://{publish}");
    let config = dir.path().join("ratu.toml");
    std::fs::write(
        &config,
        format!(
            "crl_url = \"{base}/crl/issuing-ca.crl\"\nca_issuers_url = \"{base}/certs/issuing-ca.cer\"\nocsp_url = \"{base}/ocsp\"\ncrl_hours = 24\n"
        ),
    )
    .unwrap();
    let mut svc = Service::start_site(&data, Some(PIN), Some(&config), Some(publish));
    staff(&svc, &client);
    make_ca(&svc, &data);
    assert!(svc.stop().success());
    // SAFETY: this test runs in a process of its own (nextest).
    unsafe { std::env::set_var("RATU_CA_PASSPHRASE", CA_PASS) };
    let svc = Service::start_site(&data, None, Some(&config), Some(publish));
    wait_for(&svc, "OCSP responder certificate");

    // A certificate issued by the service carries the three URLs.
    let id = issuance_to_ra_review(&svc, &client);
    ok(&run(&svc, &client, "ra1", &["case", "act", &id.to_string(), "approve"]));
    let (serial, leaf) = issued_leaf(&svc, &client, id);
    let leaf_text = text(
        &Command::new("openssl")
            .args(["x509", "-noout", "-text", "-in"])
            .arg(&leaf)
            .output()
            .unwrap(),
    );
    for url in [
        "/crl/issuing-ca.crl",
        "/certs/issuing-ca.cer",
        "OCSP - URI:http://127.0.0.1",
    ] {
        assert!(leaf_text.contains(url), "{url} in {leaf_text}");
    }

    // The CA certificates as relying parties fetch them (DER, by AIA).
    let (st, h, issuing_der) = http(publish, "GET", "/certs/issuing-ca.cer", "", b"");
    assert_eq!(st, 200);
    assert_eq!(header(&h, "content-type"), "application/pkix-cert");
    let (st, _, root_der) = http(publish, "GET", "/root-ca.cer", "", b"");
    assert_eq!(st, 200);
    let issuing = dir.path().join("issuing.pem");
    std::fs::write(&issuing, pem("CERTIFICATE", &issuing_der)).unwrap();
    let root = dir.path().join("root.pem");
    std::fs::write(&root, pem("CERTIFICATE", &root_der)).unwrap();
    let chain = dir.path().join("chain.pem");
    std::fs::write(
        &chain,
        format!("{}{}", pem("CERTIFICATE", &root_der), pem("CERTIFICATE", &issuing_der)),
    )
    .unwrap();

    // The CRL, with its caching headers; unchanged, a 304.
    wait_for(&svc, "published (schedule)");
    let (st, h, crl) = http(publish, "GET", "/crl/issuing-ca.crl", "", b"");
    assert_eq!(st, 200);
    assert_eq!(header(&h, "content-type"), "application/pkix-crl");
    assert_eq!(crl, std::fs::read(data.join("publish/issuing-ca.crl")).unwrap());
    let max_age: i64 = header(&h, "cache-control")
        .trim_start_matches("public, max-age=")
        .parse()
        .unwrap();
    assert!((23 * 3600..=24 * 3600).contains(&max_age), "{max_age}");
    assert!(header(&h, "last-modified").ends_with(" GMT"));
    let etag = header(&h, "etag").to_string();
    let (st, _, body) = http(
        publish,
        "GET",
        "/crl/issuing-ca.crl",
        &format!("If-None-Match: {etag}\r\n"),
        b"",
    );
    assert_eq!((st, body.len()), (304, 0));
    assert_eq!(http(publish, "GET", "/crl/../ca/issuing.key", "", b"").0, 404);

    let verify = || {
        Command::new("openssl")
            .args(["verify", "-crl_check", "-crl_download", "-CAfile"])
            .arg(&root)
            .arg("-untrusted")
            .arg(&issuing)
            .arg(&leaf)
            .output()
            .unwrap()
    };
    let v = verify();
    assert!(v.status.success(), "good certificate: {}", text(&v));

    let url = format!("{base}/ocsp");
    let resp = |name: &str| dir.path().join(name);
    let serial_arg = ["-cert", leaf.to_str().unwrap()];
    let t = openssl_ocsp(&url, &issuing, &serial_arg, &chain, &resp("good.der"), true);
    assert!(t.contains(": good"), "{t}");

    // Not ours: another CA's certificate, and a serial this CA never issued.
    let (other_ca, other_leaf) = foreign_ca(dir.path());
    let t = openssl_ocsp(
        &url,
        &other_ca,
        &["-cert", other_leaf.to_str().unwrap()],
        &chain,
        &resp("unknown.der"),
        false,
    );
    assert!(t.contains(": unknown"), "{t}");
    let t = openssl_ocsp(
        &url,
        &issuing,
        &["-serial", "0x1234567890abcdef"],
        &chain,
        &resp("unknown2.der"),
        true,
    );
    assert!(t.contains(": unknown"), "{t}");

    // GET (RFC 6960 A.1) answers like POST.
    let leaf_der = x509_parser::pem::parse_x509_pem(&std::fs::read(&leaf).unwrap())
        .unwrap()
        .1
        .contents;
    let leaf_serial = x509_cert::Certificate::from_der(&leaf_der)
        .unwrap()
        .tbs_certificate
        .serial_number;
    let req = ratu::ca::request_der(&issuing_der, leaf_serial.as_bytes(), None).unwrap();
    let b64 = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(&req)
    };
    let path = format!(
        "/ocsp/{}",
        b64.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D")
    );
    let (st, h, body) = http(publish, "GET", &path, "", b"");
    assert_eq!((st, header(&h, "content-type")), (200, "application/ocsp-response"));
    assert!(matches!(
        basic(&body).tbs_response_data.responses[0].cert_status,
        CertStatus::Good(_)
    ));

    // Garbage gets malformedRequest, not a failure.
    let (st, _, body) = http(
        publish,
        "POST",
        "/ocsp",
        "Content-Type: application/ocsp-request\r\n",
        b"\x30\x03junk",
    );
    assert_eq!(st, 200);
    assert_eq!(
        OcspResponse::from_der(&body).unwrap().response_status,
        OcspResponseStatus::MalformedRequest
    );

    // Revoked: the very next OCSP answer says so; the CRL once re-published.
    ok(&run(
        &svc,
        &client,
        "admin",
        &["cert", "revoke", &serial, "--reason", "keyCompromise"],
    ));
    let t = openssl_ocsp(&url, &issuing, &serial_arg, &chain, &resp("revoked.der"), true);
    assert!(t.contains(": revoked"), "{t}");
    assert!(t.contains("Reason: keyCompromise"), "{t}");
    wait_for(&svc, "published (revocation)");
    let v = verify();
    assert!(
        !v.status.success() && text(&v).contains("certificate revoked"),
        "{}",
        text(&v)
    );

    // pkilint: no ERROR on the responses nor on the responder's certificate.
    if pkilint::ready(&["lint_ocsp_response", "lint_pkix_cert"]) {
        for r in ["good.der", "revoked.der", "unknown.der", "unknown2.der"] {
            pkilint::assert_clean("lint_ocsp_response", &["lint", "-s", "ERROR"], &resp(r));
        }
        let signer = basic(&std::fs::read(resp("good.der")).unwrap())
            .certs
            .unwrap()
            .remove(0);
        let signer_file = resp("ocsp-signer.der");
        std::fs::write(&signer_file, signer.to_der().unwrap()).unwrap();
        let o = Command::new("openssl")
            .args(["x509", "-noout", "-text", "-inform", "DER", "-in"])
            .arg(&signer_file)
            .output()
            .unwrap();
        let t = text(&o);
        assert!(t.contains("OCSP Signing") && t.contains("OCSP No Check"), "{t}");
        pkilint::assert_clean("lint_pkix_cert", &["lint", "-s", "ERROR"], &signer_file);
    }
}
