//! A site for the applicant page's tests and bench: the service with its
//! staff and its CA, restarted holding the CA (so it issues what an
//! officer approves), serving the applicant page with `portal_url`
//! pointing at it; and an issuance case waiting on the applicant.

use super::*;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// A site with its CA, serving the applicant page at `portal` with
/// `portal_url` pointing at it.
pub fn site(dir: &Path) -> (Service, PathBuf, SocketAddr) {
    site_with(dir, false)
}

/// [`site`], the page over TLS (`--portal-tls`) when `tls`, at
/// `https://ra.ratu.test:PORT` (a reserved name: clients connect to
/// 127.0.0.1 and check the certificate for that name).
pub fn site_with(dir: &Path, tls: bool) -> (Service, PathBuf, SocketAddr) {
    site_configured(dir, tls, "")
}

/// [`site_with`], with `more` lines in its config.
pub fn site_configured(dir: &Path, tls: bool, more: &str) -> (Service, PathBuf, SocketAddr) {
    let (data, client) = (dir.join("service"), dir.join("client"));
    std::fs::create_dir_all(&client).unwrap();
    let portal: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let config = dir.join("ratu.toml");
    std::fs::write(
        &config,
        match tls {
            true => format!(
                "{more}portal_url = \"https://ra.ratu.test:{}\"\nsubscriber_key = \"p256\"\n",
                portal.port()
            ),
            false => format!("{more}portal_url = \"http://{portal}\"\nsubscriber_key = \"p256\"\n"),
        },
    )
    .unwrap();
    // The first start has no CA yet: TLS only once it has.
    let launch = |pin: Option<&str>, tls: bool| {
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let db: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let mut s = Service::launch(&data, pin, addr, Some(&config), |cmd| {
            cmd.args(["serve", "--listen", &addr.to_string(), "--portal", &portal.to_string()])
                .args(["--db-listen", &db.to_string()]);
            if tls {
                cmd.arg("--portal-tls");
            }
        });
        s.portal = Some(portal);
        s.db_addr = Some(db);
        s
    };
    let mut svc = launch(Some(PIN), false);
    staff(&svc, &client);
    ok(&cli(&svc, &data, "admin")
        .env("RATU_CA_PASSPHRASE", CA_PASS)
        .args(["ca", "init"])
        .output()
        .unwrap());
    assert!(svc.stop().success());
    // SAFETY: this test runs in a process of its own (nextest).
    unsafe { std::env::set_var("RATU_CA_PASSPHRASE", CA_PASS) };
    let svc = launch(None, tls);
    (svc, client, portal)
}

/// An issuance case of `name` and `nik` that ver1 opened and sent to the
/// applicant: its number (the identity-data e-mail is on its way).
pub fn new_case(svc: &Service, client: &Path, name: &str, nik: &str) -> u64 {
    let id = open_issuance(
        svc,
        client,
        &[
            "--name",
            name,
            "--nik",
            nik,
            "--email",
            "budi@bandung.go.id",
            "--agency",
            "Diskominfo Kota Bandung",
            "--position",
            "Pranata Komputer",
        ],
    );
    ok(&run(
        svc,
        client,
        "ver1",
        &["case", "act", &id.to_string(), "send_to_applicant"],
    ));
    id
}

/// The applicant completes the identity step of case `id` over HTTP,
/// through the link the service e-mailed (its page's CSRF token, both
/// files).
pub fn applicant_sends_identity(svc: &Service, id: u64) {
    use super::http::{Part, form_value, http, link_token, post_form};
    let portal = svc.portal.expect("the service serves the applicant page");
    let token = link_token(&svc.data.join("outbox"), id, "identity_data_link");
    let (st, _, page) = http(portal, "GET", &format!("/l/{token}"), "", b"");
    let page = String::from_utf8(page).unwrap();
    assert_eq!(st, 200, "{page}");
    let png = ratu::ra::demo::DEMO_PNG;
    let (st, _, body) = post_form(
        portal,
        &format!("/l/{token}/identity"),
        &[
            ("csrf", Part::Text(&form_value(&page, "csrf"))),
            ("phone", Part::Text("0812 3456 7890")),
            ("position", Part::Text("Analis Kebijakan")),
            ("ktp", Part::File("ktp.png", png)),
            ("selfie", Part::File("swafoto.png", png)),
        ],
    );
    assert_eq!(st, 200, "{}", String::from_utf8_lossy(&body));
}
