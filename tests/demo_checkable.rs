//! The demo as a newcomer meets it, with no config file: its certificates
//! carry CRL and OCSP URLs where `ratu serve --publish` answers on the
//! demo's folder, so `openssl ocsp` (its URL taken from the certificate)
//! and `openssl verify -crl_check -crl_download` work; its e-mailed links
//! open on the demo's applicant page; and over the service a command that
//! needs a CA it lacks says where the CA is.

mod serve_support;

use serve_support::*;
use std::net::SocketAddr;
use std::process::Command;

const DEMO_PIN: &str = "246810";

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The real binary with no config file, as a newcomer runs it.
fn ratu(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ratu"));
    c.args(["--config", "/nonexistent/ratu.toml"])
        .args(args)
        .env("RATU_PIN", DEMO_PIN)
        .env_remove("RATU_SERVER")
        .env_remove("RATU_OPERATOR");
    c
}

#[test]
fn a_demo_certificate_is_checked_by_openssl_ocsp_and_crl_with_no_config() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    let publish: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let o = ratu(&["demo", "--demo-dir", demo.to_str().unwrap(), "--cases", "5"])
        .args(["--publish", &publish.to_string()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));

    // The demo's e-mails open on the demo's applicant page.
    let mails: Vec<String> = std::fs::read_dir(demo.join("outbox"))
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .filter(|t| t.contains("/l/"))
        .collect();
    assert!(!mails.is_empty(), "the demo sent links");
    assert!(
        mails.iter().all(|m| m.contains("http://127.0.0.1:8080/l/")),
        "{}",
        mails[0]
    );

    // The demo's service, as the README starts it (other ports here).
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let portal: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let svc = Service::launch(&demo, None, addr, None, |cmd| {
        cmd.env("RATU_CA_PASSPHRASE", "Demo-CA-246810")
            .args(["serve", "--listen", &addr.to_string()])
            .args(["--portal", &portal.to_string(), "--publish", &publish.to_string()]);
    });
    let log = svc.log();
    assert!(!log.contains("OCSP is not served"), "{log}");
    assert!(
        log.contains(&format!("http://{portal}")),
        "links open at --portal: {log}"
    );

    let client = dir.path().join("client");
    std::fs::create_dir_all(&client).unwrap();
    let via = |args: &[&str]| {
        let o = ratu(&[
            "--data",
            client.to_str().unwrap(),
            "--server",
            &svc.url(),
            "--operator",
            "admin",
        ])
        .args(args)
        .output()
        .unwrap();
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let certs: serde_json::Value = serde_json::from_str(&via(&["cert", "list", "--json"])).unwrap();
    let serial = certs
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == "valid" || c["status"]["status"] == "valid")
        .map(|c| {
            c["serial"]
                .as_str()
                .or(c["record"]["serial"].as_str())
                .unwrap()
                .to_string()
        })
        .unwrap_or_else(|| panic!("a valid demo certificate in {certs}"));
    let ca = dir.path().join("ca");
    via(&["ca", "export", "--out", ca.to_str().unwrap()]);
    let leaf = dir.path().join("holder.pem");
    via(&["cert", "export", &serial, "--out", leaf.to_str().unwrap()]);

    let uri = Command::new("openssl")
        .args(["x509", "-noout", "-ocsp_uri", "-in"])
        .arg(&leaf)
        .output()
        .unwrap();
    let url = String::from_utf8_lossy(&uri.stdout).trim().to_string();
    assert_eq!(url, format!("http://{publish}/ocsp"));
    let o = Command::new("openssl")
        .args(["ocsp", "-url", &url, "-issuer"])
        .arg(ca.join("issuing-ca.pem"))
        .arg("-cert")
        .arg(&leaf)
        .arg("-CAfile")
        .arg(ca.join("root-ca.pem"))
        .output()
        .unwrap();
    let t = text(&o);
    assert!(
        o.status.success() && t.contains("Response verify OK") && t.contains(": good"),
        "{t}"
    );
    let o = Command::new("openssl")
        .args(["verify", "-crl_check", "-crl_download", "-CAfile"])
        .arg(ca.join("root-ca.pem"))
        .arg("-untrusted")
        .arg(ca.join("issuing-ca.pem"))
        .arg(&leaf)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn without_a_ca_the_message_says_where_the_ca_is() {
    let dir = tempfile::tempdir().unwrap();
    let (data, client) = (dir.path().join("service"), dir.path().join("client"));
    std::fs::create_dir_all(&client).unwrap();
    let svc = Service::start(&data, Some(PIN));
    // Through the service: the service holds the CA, not this folder.
    let o = cli(&svc, &client, "admin").args(["crl", "publish"]).output().unwrap();
    let e = text(&o);
    assert!(!o.status.success());
    assert!(e.contains("at the office's service") && e.contains("--server"), "{e}");
    assert!(
        !e.contains(&data.display().to_string()),
        "no path of the service's machine: {e}"
    );
    // On a data folder of its own: that folder's CA directory is named.
    let local = dir.path().join("local");
    let o = ratu(&["--data", local.to_str().unwrap(), "init"]).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = ratu(&[
        "--data",
        local.to_str().unwrap(),
        "--operator",
        "admin",
        "crl",
        "publish",
    ])
    .output()
    .unwrap();
    let e = text(&o);
    assert!(
        e.contains(&local.join("ca").display().to_string()) && e.contains("ratu ca init"),
        "{e}"
    );
}
