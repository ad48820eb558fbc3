//! The applicant page against the real `ratu serve --portal` on loopback:
//! a whole issuance taken by the applicant over HTTP (identity with
//! uploads, set passphrase, download), and the attacks on it: forged,
//! reused, expired and voided links, a form without its CSRF token, an
//! oversized body, a name full of markup, brute force.

mod pkilint;
mod serve_support;

use serve_support::applicant::{new_case, site, site_with};
use serve_support::http::{Part, Reply, form_value, header, http, link_token, post_form};
use serve_support::*;
use std::process::Command;

const PASS: &str = "Pemohon#Uji-2026";
const HOSTILE: &str = "<script>alert(1)</script> Budi \"Ba'im\" & Co";

fn page(r: &Reply) -> String {
    String::from_utf8_lossy(&r.2).into_owned()
}

fn secure_headers(r: &Reply) {
    assert_eq!(header(&r.1, "cache-control"), "no-store");
    assert!(header(&r.1, "content-security-policy").contains("default-src 'none'"));
    assert_eq!(header(&r.1, "referrer-policy"), "no-referrer");
}

#[test]
fn an_applicant_takes_every_step_over_http_and_attacks_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, client, portal) = site(dir.path());
    let outbox = svc.data.join("outbox");
    let id = new_case(&svc, &client, HOSTILE, "3273015708900001");
    let n = id.to_string();

    // Identity step. A forged token of the right shape opens nothing.
    let forged = http(portal, "GET", "/l/AAAAAAAAAAAAAAAAAAAAAAAA", "", b"");
    assert_eq!(forged.0, 404, "{}", page(&forged));
    let token = link_token(&outbox, id, "identity_data_link");
    let r = http(portal, "GET", &format!("/l/{token}"), "", b"");
    let html = page(&r);
    assert_eq!(r.0, 200, "{html}");
    secure_headers(&r);
    assert!(r.2.len() < 50 * 1024, "{} bytes", r.2.len());
    assert!(
        // `'` needs no escaping: every attribute value is in double quotes.
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Budi &quot;Ba'im&quot; &amp; Co"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"), "markup is escaped");
    assert!(
        html.contains("3273••••••••0001") && !html.contains("3273015708900001"),
        "NIK masked"
    );
    assert!(html.contains("capture=\"user\"") && html.contains("accept=\"image/*\""));
    let csrf = form_value(&html, "csrf");
    let png = ratu::ra::demo::DEMO_PNG;
    let identity = |csrf: &str| {
        post_form(
            portal,
            &format!("/l/{token}/identity"),
            &[
                ("csrf", Part::Text(csrf)),
                ("phone", Part::Text("0812 3456 7890")),
                ("position", Part::Text("Analis Kebijakan")),
                ("unit", Part::Text("Bidang Persandian")),
                ("npwp", Part::Text("")),
                ("ktp", Part::File("ktp.png", png)),
                ("selfie", Part::File("swafoto.png", png)),
            ],
        )
    };
    let no_csrf = identity("");
    assert_eq!(no_csrf.0, 403, "{}", page(&no_csrf));
    let huge = vec![b'x'; 11 * 1024 * 1024];
    let too_big = post_form(
        portal,
        &format!("/l/{token}/identity"),
        &[("csrf", Part::Text(&csrf)), ("ktp", Part::File("ktp.png", &huge))],
    );
    assert_eq!(too_big.0, 413, "{}", page(&too_big));
    // A wrong NPWP: the form comes back with the reason, what was typed,
    // and a word on choosing the files again; the link still works.
    let wrong = post_form(
        portal,
        &format!("/l/{token}/identity"),
        &[
            ("csrf", Part::Text(&csrf)),
            ("phone", Part::Text("0812 3456 7890")),
            ("position", Part::Text("Analis <Kebijakan>")),
            ("npwp", Part::Text("12345")),
            ("ktp", Part::File("ktp.png", png)),
            ("selfie", Part::File("swafoto.png", png)),
        ],
    );
    let back = page(&wrong);
    assert_eq!(wrong.0, 400, "{back}");
    assert!(back.contains("Belum terkirim") && back.contains("Not sent"), "{back}");
    assert!(back.contains("NPWP") && back.contains("12345"), "the reason: {back}");
    assert!(
        back.contains("berisi 5 digit, perlu 15 atau 16"),
        "the reason in Indonesian too: {back}"
    );
    assert!(back.contains("choose your files once more"), "{back}");
    assert!(
        back.contains("value=\"0812 3456 7890\""),
        "the typed phone kept: {back}"
    );
    assert!(
        back.contains("value=\"Analis &lt;Kebijakan&gt;\""),
        "kept and escaped: {back}"
    );
    assert_eq!(form_value(&back, "csrf"), csrf, "the form posts again");
    let done = identity(&csrf);
    assert_eq!(done.0, 200, "{}", page(&done));
    assert_eq!(case_state(&svc, &client, "ver1", id), "verifier_review");
    let shown = ok(&run(&svc, &client, "ver1", &["case", "show", &n]));
    assert!(
        shown.contains("phone") && shown.contains("Analis Kebijakan"),
        "the verifier sees the changes:\n{shown}"
    );
    // Used once.
    assert_eq!(http(portal, "GET", &format!("/l/{token}"), "", b"").0, 410);
    assert_eq!(identity(&csrf).0, 410);

    // Set passphrase.
    verifier_checks(&svc, &client, id);
    let token = link_token(&outbox, id, "set_passphrase_link");
    let r = http(portal, "GET", &format!("/l/{token}"), "", b"");
    let html = page(&r);
    assert_eq!(r.0, 200, "{html}");
    assert!(r.2.len() < 50 * 1024);
    let (csrf, agree) = (form_value(&html, "csrf"), form_value(&html, "agree"));
    let set = |p1: &str, p2: &str, agree: &str| {
        post_form(
            portal,
            &format!("/l/{token}/passphrase"),
            &[
                ("csrf", Part::Text(&csrf)),
                ("selfie", Part::File("swafoto.png", png)),
                ("agree", Part::Text(agree)),
                ("passphrase", Part::Text(p1)),
                ("again", Part::Text(p2)),
            ],
        )
    };
    let differ = set(PASS, "Pemohon#Uji-2025", &agree);
    assert_eq!(differ.0, 400);
    assert!(page(&differ).contains("differ"));
    assert_eq!(set("short", "short", &agree).0, 400, "the server enforces the policy");
    assert_eq!(set(PASS, PASS, "").0, 400, "the agreement must be accepted");
    let done = set(PASS, PASS, &agree);
    assert_eq!(done.0, 200, "{}", page(&done));
    assert_eq!(case_state(&svc, &client, "ver1", id), "ra_review");
    let audit = ok(&run(&svc, &client, "aud", &["case", "show", &n, "--json"]));
    assert!(
        audit.contains(&format!("applicant:{id}")) && audit.contains("127.0.0.1"),
        "{audit}"
    );

    // Download, after issuance.
    ok(&run(&svc, &client, "ra1", &["case", "act", &n, "approve"]));
    let token = link_token(&outbox, id, "issued");
    let r = http(portal, "GET", &format!("/l/{token}"), "", b"");
    let html = page(&r);
    assert_eq!(r.0, 200, "{html}");
    let csrf = form_value(&html, "csrf");
    let cer = http(portal, "GET", &format!("/l/{token}/cer"), "", b"");
    assert_eq!(cer.0, 200);
    std::fs::write(dir.path().join("leaf.cer"), &cer.2).unwrap();
    let p12 = |pass: &str| {
        post_form(
            portal,
            &format!("/l/{token}/p12"),
            &[("csrf", Part::Text(&csrf)), ("passphrase", Part::Text(pass))],
        )
    };
    let got = p12(PASS);
    assert_eq!(got.0, 200, "{}", page(&got));
    assert_eq!(header(&got.1, "content-type"), "application/x-pkcs12");
    let file = dir.path().join("mine.p12");
    std::fs::write(&file, &got.2).unwrap();
    let opened = Command::new("openssl")
        .args([
            "pkcs12",
            "-in",
            file.to_str().unwrap(),
            "-nokeys",
            "-passin",
            &format!("pass:{PASS}"),
        ])
        .output()
        .unwrap();
    assert!(opened.status.success(), "{}", String::from_utf8_lossy(&opened.stderr));
    assert_eq!(p12(PASS).0, 410, "the download link works once");
    // The certificate is public: the .cer button still works after the .p12.
    let again = http(portal, "GET", &format!("/l/{token}/cer"), "", b"");
    assert_eq!((again.0, &again.2), (200, &cer.2), "the .cer after the .p12");

    // A re-sent link voids nothing used, and a wrong passphrase five times locks it.
    ok(&run(&svc, &client, "ver1", &["case", "resend-link", &n]));
    let fresh = loop {
        let t = link_token(&outbox, id, "issued");
        if t != token {
            break t;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let r = http(portal, "GET", &format!("/l/{fresh}"), "", b"");
    let csrf = form_value(&page(&r), "csrf");
    for _ in 0..ratu::domain::link::LINK_MAX_FAILURES {
        let r = post_form(
            portal,
            &format!("/l/{fresh}/p12"),
            &[
                ("csrf", Part::Text(&csrf)),
                ("passphrase", Part::Text("Salah#Tebak-2026")),
            ],
        );
        assert_eq!(r.0, 403, "{}", page(&r));
    }
    let locked = http(portal, "GET", &format!("/l/{fresh}"), "", b"");
    assert_eq!(locked.0, 410);
    assert!(page(&locked).contains("locked"), "{}", page(&locked));
}

#[test]
fn an_expired_link_is_refused_and_guessing_locks_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let (svc, client, portal) = site(dir.path());
    let id = new_case(&svc, &client, "Siti Rahayu", "3273014508900002");
    // A link of this case that lapsed an hour ago, written as the service
    // writes links (root), with a token this test knows.
    let token = ratu::domain::LinkToken::from_bytes(&[42; ratu::domain::link::TOKEN_BYTES]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let pass = std::fs::read_to_string(ratu::serve::credential_file(&svc.data)).unwrap();
        let target = ratu::store::DbTarget::Remote {
            url: svc.db_url(),
            root: Some((ratu::serve::ROOT_USER.into(), pass.trim().into())),
        };
        let store = ratu::store::Store::open(&target).await.unwrap();
        let case = store.case(id).await.unwrap();
        let now = chrono::Utc::now();
        let link = ratu::domain::Link {
            id: format!("{id}-identity-expired"),
            case_id: id,
            step: ratu::domain::LinkStep::Identity,
            case_version: case.version,
            created_at: now - chrono::Duration::hours(25),
            expires_at: now - chrono::Duration::hours(1),
            used_at: None,
            voided_at: None,
            voided_by: None,
            failures: 0,
        };
        let mut b = ratu::store::Batch::new();
        ratu::store::insert_link(&mut b, &link, &token.hash());
        b.commit(&store).await.unwrap();
    });
    let r = http(portal, "GET", &format!("/l/{}", token.as_str()), "", b"");
    assert_eq!(r.0, 410);
    assert!(page(&r).contains("expired"), "{}", page(&r));
    assert!(
        page(&r).contains("sudah kedaluwarsa"),
        "in both languages: {}",
        page(&r)
    );

    // Guessing: each unknown token counts against the address; then it is locked out.
    let mut statuses = Vec::new();
    for i in 0..serve_support::http::ADDRESS_GUESSES {
        let guess = ratu::domain::LinkToken::from_bytes(&[i as u8; ratu::domain::link::TOKEN_BYTES]);
        statuses.push(http(portal, "GET", &format!("/l/{}", guess.as_str()), "", b"").0);
    }
    assert!(statuses.iter().all(|s| *s == 404), "{statuses:?}");
    let r = http(portal, "GET", &format!("/l/{}", token.as_str()), "", b"");
    assert_eq!(r.0, 429, "{}", page(&r));
    assert!(header(&r.1, "retry-after").parse::<u64>().unwrap() > 0);
}

/// One HTTPS request through `openssl s_client`, trusting only the root
/// in `ca_file` and checking the name `ra.ratu.test`: its whole output.
fn https_get(portal: std::net::SocketAddr, path: &str, ca_file: &std::path::Path) -> String {
    use std::io::Write;
    let mut child = Command::new("openssl")
        .args([
            "s_client",
            "-connect",
            &portal.to_string(),
            "-servername",
            "ra.ratu.test",
        ])
        .args(["-verify_return_error", "-verify_hostname", "ra.ratu.test", "-CAfile"])
        .arg(ca_file)
        .args(["-ign_eof", "-quiet"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("openssl runs");
    let req = format!("GET {path} HTTP/1.1\r\nHost: ra.ratu.test\r\nConnection: close\r\n\r\n");
    child.stdin.take().unwrap().write_all(req.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn with_portal_tls_the_page_serves_a_certificate_of_its_own_ca_kept_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut svc, client, portal) = site_with(dir.path(), true);
    let root = svc.data.join("ca").join("root.pem");
    assert!(root.exists(), "the CA's root certificate");

    // The e-mailed link is https:// and opens over TLS, verified against
    // the CA's root for the name ra.ratu.test.
    let id = new_case(&svc, &client, "Siti Rahayu", "3273014508900002");
    let token = link_token(&svc.data.join("outbox"), id, "identity_data_link");
    let out = https_get(portal, &format!("/l/{token}"), &root);
    assert!(out.contains("HTTP/1.1 200"), "{out}");
    assert!(out.contains("no-store") && out.contains("Siti Rahayu"), "{out}");
    let mail = std::fs::read_dir(svc.data.join("outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .find(|m| m.contains(&token))
        .expect("the e-mail with the link");
    assert!(
        mail.contains(&format!("https://ra.ratu.test:{}/l/{token}", portal.port())),
        "{mail}"
    );
    // A client that does not trust this CA is refused; plain HTTP gets no page.
    let other = dir.path().join("other-root.pem");
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-subj",
            "/CN=Other Root",
        ])
        .arg("-keyout")
        .arg(dir.path().join("other.key"))
        .arg("-out")
        .arg(&other)
        .output()
        .unwrap();
    assert!(made.status.success());
    let refused = https_get(portal, "/", &other);
    assert!(!refused.contains("HTTP/1.1 200"), "{refused}");
    assert!(refused.contains("verify error"), "{refused}");
    let plain = {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(portal).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        s.write_all(b"GET / HTTP/1.0\r\nHost: ra.ratu.test\r\n\r\n").unwrap();
        let mut got = Vec::new();
        let _ = s.read_to_end(&mut got);
        got
    };
    assert!(!plain.starts_with(b"HTTP/1.1 200"), "plain HTTP on the TLS port");

    // The certificate is recorded like any other, under tls-server.
    let certs: serde_json::Value =
        serde_json::from_str(&ok(&run(&svc, &client, "ra1", &["cert", "list", "--json"]))).unwrap();
    let tls: Vec<&serde_json::Value> = certs
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["profile"] == "tls-server")
        .collect();
    assert_eq!(tls.len(), 1, "{certs:#}");
    assert_eq!(tls[0]["state"], "issued", "{:#}", tls[0]);
    let serial = tls[0]["serial"].as_str().unwrap().to_string();
    let pem = svc.data.join("serve").join("portal-tls.pem");
    let text = Command::new("openssl")
        .args(["x509", "-noout", "-text", "-in"])
        .arg(&pem)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("TLS Web Server Authentication"), "{text}");
    assert!(
        text.contains("DNS:ra.ratu.test") && text.contains("IP Address:127.0.0.1"),
        "{text}"
    );
    if pkilint::ready(&["lint_pkix_cert"]) {
        let der = dir.path().join("portal-tls.der");
        let conv = Command::new("openssl")
            .args(["x509", "-outform", "der", "-in"])
            .arg(&pem)
            .arg("-out")
            .arg(&der)
            .output()
            .unwrap();
        assert!(conv.status.success());
        pkilint::assert_clean("lint_pkix_cert", &["lint", "-s", "ERROR"], &der);
    }
    let key = svc.data.join("serve").join("portal-tls.key");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);

    // Restarted, the service keeps the certificate it has.
    assert!(svc.stop().success());
    let (data, addr, config) = (svc.data.clone(), svc.addr, dir.path().join("ratu.toml"));
    let restart = || {
        Service::launch(&data, None, addr, Some(&config), |cmd| {
            cmd.args([
                "serve",
                "--listen",
                &addr.to_string(),
                "--portal",
                &portal.to_string(),
                "--portal-tls",
            ]);
        })
    };
    let mut svc2 = restart();
    svc2.portal = Some(portal);
    let out = https_get(portal, "/", &root);
    assert!(out.contains("HTTP/1.1 200"), "{out}");
    let certs = ok(&run(&svc2, &client, "ra1", &["cert", "list", "--json"]));
    assert_eq!(certs.matches("tls-server").count(), 1, "{certs}");
    assert!(certs.contains(&serial));

    // Revoked, it is replaced at the next start by a new one.
    ok(&run(
        &svc2,
        &client,
        "admin",
        &["cert", "revoke", &serial, "--reason", "superseded"],
    ));
    assert!(svc2.stop().success());
    let svc3 = restart();
    let out = https_get(portal, "/", &root);
    assert!(out.contains("HTTP/1.1 200"), "{out}");
    let certs: serde_json::Value =
        serde_json::from_str(&ok(&run(&svc3, &client, "ra1", &["cert", "list", "--json"]))).unwrap();
    let states: Vec<String> = certs
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["profile"] == "tls-server")
        .map(|c| c["state"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(states.iter().filter(|s| *s == "issued").count(), 1, "{states:?}");
    assert_eq!(states.len(), 2, "{states:?}");
}
