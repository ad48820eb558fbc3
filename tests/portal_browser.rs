//! The applicant page in a real browser: headless Chromium, driven over
//! WebDriver (`chromedriver`, started here on a free loopback port) with
//! `fantoccini`, against the real `ratu serve --portal` holding its CA.
//! The applicant completes the identity step (typing, and uploading the
//! KTP scan and a selfie through the file inputs), sets their passphrase
//! (the agreement ticked, the passphrase typed twice: Submit turns on only
//! then, by the page's own script), and, once the officer approved and the
//! service issued, downloads the `.cer` and the `.p12` into Chromium's
//! download folder; `openssl pkcs12` opens the `.p12` with that passphrase.
//! Screenshots at phone width (390×844) and desktop width (1280×900) of
//! each page go into the test's folder (set RATU_KEEP_SCREENSHOTS=DIR to
//! keep them), and one of each width to /tmp/portal-phone.png and
//! /tmp/portal-desktop.png.
//!
//! chromedriver and Chromium are needed: `.ci/run` installs the Debian
//! packages `chromium` and `chromium-driver`. Without them this test fails.

mod serve_support;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use serve_support::applicant::{new_case, site};
use serve_support::http::link_token;
use serve_support::*;
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASS: &str = "Pemohon#Peramban-2026";
/// Markup in the name: the browser must show it as text.
const NAME: &str = "Budi <b>Santoso</b>";
const NIK: &str = "3273015708900002";
const WAIT: Duration = Duration::from_secs(60);
const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 900);

/// `chromedriver` on a free loopback port, in a process group of its own
/// (Chromium is started inside it): the whole group is killed when this is
/// dropped, a panic included.
struct Driver {
    child: Child,
    port: u16,
}

fn installed(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.is_file())
}

impl Driver {
    fn start(log: &Path) -> Driver {
        let exe = installed(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]).expect(
            "chromedriver is not installed: this test drives headless Chromium through it \
             (apt-get install chromium chromium-driver, as .ci/run does)",
        );
        let port = free_port();
        let child = Command::new(exe)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let mut d = Driver { child, port };
        let t0 = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(st) = d.child.try_wait().unwrap() {
                panic!(
                    "chromedriver exited ({st}):\n{}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
            assert!(t0.elapsed() < WAIT, "chromedriver does not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        d
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SAFETY: kill(2) of the process group this test started (its id is
        // chromedriver's pid), then reaping chromedriver.
        unsafe { libc::kill(-(self.child.id() as i32), libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

/// A headless Chromium session whose downloads go into `downloads`.
async fn browser(driver: &Driver, profile: &Path, downloads: &Path) -> Client {
    let binary = installed(&["/usr/lib/chromium/chromium", "/usr/bin/chromium"])
        .expect("Chromium is not installed (apt-get install chromium, as .ci/run does)");
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": binary,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                format!("--user-data-dir={}", profile.display()),
                format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
            ],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
                "download.directory_upgrade": true,
            },
        },
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    let http = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut builder = ClientBuilder::new(http);
    builder.capabilities(caps);
    builder.connect(&driver.url()).await.expect("a Chromium session")
}

/// Waits for `css` on the current page, with a generous timeout.
async fn find(c: &Client, css: &str) -> fantoccini::elements::Element {
    match c.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
        Ok(e) => e,
        Err(e) => panic!(
            "no {css} at {:?}: {e}\n{}",
            c.current_url().await.map(|u| u.to_string()),
            c.source().await.unwrap_or_default()
        ),
    }
}

/// Puts the file at `path` into the file input `css` (as choosing it would).
async fn upload(c: &Client, css: &str, path: &Path) {
    let input = find(c, css).await;
    input.send_keys(path.to_str().unwrap()).await.unwrap();
}

/// Clicks `css` once it is there.
async fn click(c: &Client, css: &str) {
    find(c, css).await.click().await.unwrap();
}

/// The page's visible text.
async fn text(c: &Client) -> String {
    find(c, "body").await.text().await.unwrap()
}

/// Screenshots of the current page at phone and desktop width, into
/// `dir/NAME-phone.png` and `dir/NAME-desktop.png`. At phone width nothing
/// may stick out sideways (no horizontal scrolling).
async fn screenshots(c: &Client, dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let mut out = Vec::new();
    for (width, (w, h)) in [("phone", PHONE), ("desktop", DESKTOP)] {
        c.set_window_size(w, h).await.unwrap();
        let fits = c
            .execute(
                "return [window.innerWidth, document.documentElement.scrollWidth];",
                vec![],
            )
            .await
            .unwrap();
        let (inner, scroll) = (fits[0].as_u64().unwrap(), fits[1].as_u64().unwrap());
        assert!(
            inner <= u64::from(w) && inner >= u64::from(w) * 9 / 10,
            "{name} at {w}×{h}: viewport {inner} wide"
        );
        assert!(
            scroll <= inner,
            "{name} at {w}×{h}: the page is {scroll} px wide in a {inner} px viewport"
        );
        let png = c.screenshot().await.unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
        let file = dir.join(format!("{name}-{width}.png"));
        std::fs::write(&file, &png).unwrap();
        out.push(file);
    }
    c.set_window_size(DESKTOP.0, DESKTOP.1).await.unwrap();
    (out.remove(0), out.remove(0))
}

/// Clears the field named `name` in `form` and types `value` into it.
async fn type_into(c: &Client, form: &str, name: &str, value: &str) {
    let field = find(c, &format!("{form} input[name={name}]")).await;
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// The finished download named `*.EXT` in `dir`, waiting for Chromium to
/// write it.
fn downloaded(dir: &Path, ext: &str) -> PathBuf {
    let t0 = Instant::now();
    loop {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        let partial = files.iter().any(|p| p.extension().is_some_and(|e| e == "crdownload"));
        if let Some(f) = files.iter().find(|p| p.extension().is_some_and(|e| e == ext))
            && !partial
        {
            return f.clone();
        }
        assert!(
            t0.elapsed() < WAIT,
            "no .{ext} downloaded into {}: {files:?}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn link(portal: SocketAddr, token: &str) -> String {
    format!("http://{portal}/l/{token}")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_applicant_takes_every_step_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let shots = match std::env::var_os("RATU_KEEP_SCREENSHOTS") {
        Some(d) => PathBuf::from(d),
        None => dir.path().join("screenshots"),
    };
    let downloads = dir.path().join("downloads");
    for d in [&shots, &downloads] {
        std::fs::create_dir_all(d).unwrap();
    }
    let ktp = dir.path().join("ktp.png");
    let selfie = dir.path().join("swafoto.png");
    std::fs::write(&ktp, ratu::ra::demo::DEMO_PNG).unwrap();
    std::fs::write(&selfie, ratu::ra::demo::DEMO_PNG).unwrap();

    let driver = Driver::start(&dir.path().join("chromedriver.log"));
    let (svc, client, portal) = site(dir.path());
    let outbox = svc.data.join("outbox");
    let id = new_case(&svc, &client, NAME, NIK);
    let n = id.to_string();
    let c = browser(&driver, &dir.path().join("profile"), &downloads).await;

    // Identity data: what the verifier entered (the name's markup shown as
    // text, the NIK masked), completed and corrected, with both files.
    c.goto(&link(portal, &link_token(&outbox, id, "identity_data_link")))
        .await
        .unwrap();
    let form = "form[action$='/identity']";
    find(&c, form).await;
    let shown = text(&c).await;
    assert!(shown.contains(NAME), "the name's markup is text:\n{shown}");
    assert!(
        shown.contains("3273••••••••0002") && !shown.contains(NIK),
        "NIK masked:\n{shown}"
    );
    let (phone_shot, desktop_shot) = screenshots(&c, &shots, "identity").await;
    std::fs::copy(&phone_shot, "/tmp/portal-phone.png").unwrap();
    type_into(&c, form, "phone", "0812 3456 7890").await;
    type_into(&c, form, "position", "Analis Kebijakan").await;
    type_into(&c, form, "unit", "Bidang Persandian").await;
    type_into(&c, form, "npwp", "01.234.567.4-407.000").await;
    upload(&c, &format!("{form} input[name=ktp]"), &ktp).await;
    upload(&c, &format!("{form} input[name=selfie]"), &selfie).await;
    click(&c, &format!("{form} button[type=submit]")).await;
    find(&c, "p.msg").await;
    let done = text(&c).await;
    assert!(done.contains("Your data went to your verifier"), "{done}");
    assert_eq!(case_state(&svc, &client, "ver1", id), "verifier_review");
    let case = case_json(&svc, &client, "ver1", id);
    let sub = &case["case"]["subscriber"];
    assert_eq!(sub["position"], "Analis Kebijakan", "{case}");
    assert_eq!(sub["unit"], "Bidang Persandian", "{case}");
    assert!(sub["phone"].as_str().unwrap_or("").contains("812"), "{case}");
    assert!(!sub["npwp"].is_null(), "{case}");
    let docs = case["documents"].to_string();
    assert!(
        docs.contains("ktp") && docs.contains("selfie"),
        "both uploads arrived: {case}"
    );

    // The verifier's checks, on the console.
    verifier_checks(&svc, &client, id);

    // Set the passphrase: Submit stays off until the agreement is ticked
    // and both entries match the policy.
    c.goto(&link(portal, &link_token(&outbox, id, "set_passphrase_link")))
        .await
        .unwrap();
    let form = "form[action$='/passphrase']";
    let submit = find(&c, "#submit").await;
    let (_, pass_desktop) = screenshots(&c, &shots, "passphrase").await;
    std::fs::copy(&pass_desktop, "/tmp/portal-desktop.png").unwrap();
    let _ = desktop_shot;
    assert!(!submit.is_enabled().await.unwrap(), "Submit is off at first");
    upload(&c, &format!("{form} input[name=selfie]"), &selfie).await;
    click(&c, &format!("{form} input[name=agree]")).await;
    find(&c, "#pass1").await.send_keys(PASS).await.unwrap();
    assert!(!submit.is_enabled().await.unwrap(), "one entry is not enough");
    find(&c, "#pass2")
        .await
        .send_keys("Pemohon#Peramban-2025")
        .await
        .unwrap();
    assert!(!submit.is_enabled().await.unwrap(), "the entries differ");
    assert_eq!(
        find(&c, "#policy li[data-rule=same]")
            .await
            .attr("class")
            .await
            .unwrap()
            .as_deref(),
        Some("no")
    );
    type_into(&c, form, "again", PASS).await;
    for rule in ["len", "classes", "same"] {
        let li = find(&c, &format!("#policy li[data-rule={rule}]")).await;
        assert_eq!(li.attr("class").await.unwrap().as_deref(), Some("ok"), "{rule}");
    }
    assert!(
        submit.is_enabled().await.unwrap(),
        "both match and the agreement is accepted"
    );
    submit.click().await.unwrap();
    find(&c, "p.msg").await;
    let done = text(&c).await;
    assert!(done.contains("Your passphrase is set"), "{done}");
    assert_eq!(case_state(&svc, &client, "ver1", id), "ra_review");

    // The officer approves; the service issues and e-mails the download link.
    ok(&run(&svc, &client, "ra1", &["case", "act", &n, "approve"]));
    let (serial, _) = issued_leaf(&svc, &client, id);
    c.goto(&link(portal, &link_token(&outbox, id, "issued"))).await.unwrap();
    let form = "form[action$='/p12']";
    find(&c, form).await;
    assert!(text(&c).await.contains(&serial), "the serial is shown");
    screenshots(&c, &shots, "download").await;
    click(&c, "a.button").await;
    let cer = downloaded(&downloads, "cer");
    openssl(&["x509", "-noout", "-subject", "-inform", "DER", "-in"], &cer);
    type_into(&c, form, "passphrase", PASS).await;
    click(&c, &format!("{form} button[type=submit]")).await;
    let p12 = downloaded(&downloads, "p12");
    let opened = openssl(&["pkcs12", "-nokeys", "-passin", &format!("pass:{PASS}"), "-in"], &p12);
    assert!(opened.contains("BEGIN CERTIFICATE"), "{opened}");
    let wrong = Command::new("openssl")
        .args(["pkcs12", "-nokeys", "-passin", "pass:Salah#Passphrase-1", "-in"])
        .arg(&p12)
        .output()
        .unwrap();
    assert!(!wrong.status.success(), "another passphrase does not open it");
    let audit = ok(&run(&svc, &client, "aud", &["case", "show", &n, "--json"]));
    assert!(audit.contains(&format!("applicant:{id}")), "{audit}");

    c.close().await.unwrap();
    drop(driver);
}
