//! `ratu serve` as the tests start it: the real binary on loopback (a
//! free port), its log beside its data folder, killed when dropped; and the
//! real CLI signed in to it.
#![allow(dead_code)]

pub mod applicant;
pub mod http;

use serde_json::Value;
use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The CA passphrase of the service tests.
pub const CA_PASS: &str = "Kunci-CA-Uji-2026";

pub const PIN: &str = "135790";

/// A running `ratu serve`, killed when dropped.
pub struct Service {
    pub child: Option<Child>,
    /// The API (`--listen`).
    pub addr: SocketAddr,
    /// The service's own SurrealDB server (`--db-listen`), for the tests
    /// that try it with a stock client.
    pub db_addr: Option<SocketAddr>,
    pub data: PathBuf,
    /// The applicant page (`--portal`), on the sites `start_site` makes.
    pub portal: Option<SocketAddr>,
    log: PathBuf,
    /// The config file the service and the CLI read.
    config: PathBuf,
}

/// A free loopback port below the kernel's ephemeral range (32768 and
/// up), so that no outgoing connection of a test running beside this one
/// takes it between this check and the service's bind. Random across the
/// range, so that parallel test processes rarely pick the same.
pub fn free_port() -> u16 {
    use std::hash::{BuildHasher, RandomState};
    let seed = RandomState::new().hash_one((std::process::id(), Instant::now()));
    (0..2000u64)
        .map(|i| 20_000 + ((seed.wrapping_add(i.wrapping_mul(7919))) % 12_000) as u16)
        .find(|&p| TcpListener::bind(("127.0.0.1", p)).is_ok())
        .expect("a free loopback port between 20000 and 32000")
}

impl Service {
    /// Starts the service on `data`; with `pin`, the first ca_admin `admin`
    /// is made with it. Returns once it said it is ready.
    pub fn start(data: &Path, pin: Option<&str>) -> Service {
        Self::start_site(data, pin, None, None)
    }

    /// [`Service::start`] with a config file and `--publish ADDR`.
    /// A port found free can be taken before the service binds it (other
    /// tests' connections draw from the same range): then it starts again
    /// on other ports.
    pub fn start_site(data: &Path, pin: Option<&str>, config: Option<&Path>, publish: Option<SocketAddr>) -> Service {
        for attempt in 1.. {
            let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
            let portal: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
            let db: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
            let started = Self::try_launch(data, pin, addr, config, |cmd| {
                cmd.args(["serve", "--listen", &addr.to_string(), "--portal", &portal.to_string()])
                    .args(["--db-listen", &db.to_string()]);
                if let Some(p) = publish {
                    cmd.args(["--publish", &p.to_string()]);
                }
            });
            match started {
                Ok(mut s) => {
                    s.portal = Some(portal);
                    s.db_addr = Some(db);
                    return s;
                }
                Err(log) if attempt < 5 && log.contains("Address already in use") => continue,
                Err(log) => panic!("{log}"),
            }
        }
        unreachable!()
    }

    /// Starts the service on an existing SurrealDB server at `db`, signed
    /// in as its root user with `root_pass`.
    pub fn start_on(data: &Path, pin: Option<&str>, db: SocketAddr, root_pass: &str) -> Service {
        let portal: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let mut s = Self::launch(data, pin, addr, None, |cmd| {
            cmd.args(["--db", &format!("ws://{db}"), "serve", "--portal", &portal.to_string()])
                .args(["--listen", &addr.to_string()])
                .env("RATU_DB_PASS", root_pass);
        });
        s.portal = Some(portal);
        s
    }

    /// `ratu serve` as `args` make it, consoles reaching it at `addr`.
    pub fn launch(
        data: &Path,
        pin: Option<&str>,
        addr: SocketAddr,
        config: Option<&Path>,
        args: impl FnOnce(&mut Command),
    ) -> Service {
        Self::try_launch(data, pin, addr, config, args).unwrap_or_else(|log| panic!("{log}"))
    }

    /// [`Service::launch`], the service's log when it did not start.
    fn try_launch(
        data: &Path,
        pin: Option<&str>,
        addr: SocketAddr,
        config: Option<&Path>,
        args: impl FnOnce(&mut Command),
    ) -> Result<Service, String> {
        std::fs::create_dir_all(data).unwrap();
        // Beside the data folder, not in it: a test that fills the data
        // folder's disk still reads everything the service said.
        let name = data
            .file_name()
            .map_or("data".into(), |n| n.to_string_lossy().into_owned());
        let log = data.with_file_name(format!("{name}-serve-{}.log", addr.port()));
        let out = File::create(&log).unwrap();
        let config = config.map_or_else(|| PathBuf::from("/nonexistent/ratu.toml"), Path::to_path_buf);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ratu"));
        cmd.args(["--data", data.to_str().unwrap(), "--config", config.to_str().unwrap()])
            .env_remove("RATU_PIN")
            .env_remove("RATU_DB")
            .env_remove("RATU_DB_PASS")
            .stdin(Stdio::null())
            .stdout(Stdio::from(out.try_clone().unwrap()))
            .stderr(Stdio::from(out));
        args(&mut cmd);
        if let Some(pin) = pin {
            cmd.env("RATU_PIN", pin);
        }
        let child = cmd.spawn().expect("ratu serve starts");
        let mut s = Service {
            child: Some(child),
            addr,
            db_addr: None,
            data: data.to_path_buf(),
            portal: None,
            log,
            config,
        };
        s.ready()?;
        Ok(s)
    }

    pub fn wait_ready(&mut self) {
        if let Err(log) = self.ready() {
            panic!("{log}");
        }
    }

    fn ready(&mut self) -> Result<(), String> {
        let t0 = Instant::now();
        loop {
            let log = self.log();
            if log.contains("consoles connect with") {
                assert!(TcpStream::connect(self.addr).is_ok(), "ready but not listening");
                return Ok(());
            }
            if let Some(st) = self.child.as_mut().unwrap().try_wait().unwrap() {
                return Err(format!("ratu serve exited ({st}):\n{log}"));
            }
            assert!(t0.elapsed() < Duration::from_secs(180), "ratu serve not ready:\n{log}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// What consoles and the CLI give as `--server`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The service's database server, where it listens (`--db-listen`).
    pub fn db_url(&self) -> String {
        format!("ws://{}", self.db_addr.expect("started with --db-listen"))
    }

    /// SIGTERM, and the exit status once it stopped.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().unwrap();
        // SAFETY: a plain kill(2) of our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let t0 = Instant::now();
        loop {
            if let Some(st) = child.try_wait().unwrap() {
                return st;
            }
            if t0.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("ratu serve did not stop on SIGTERM:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The real CLI on the service, signed in as `op` (PIN [`PIN`]); its own
/// data folder (outbox files) is `client`.
pub fn cli(svc: &Service, client: &Path, op: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ratu"));
    c.args([
        "--data",
        client.to_str().unwrap(),
        "--config",
        svc.config.to_str().unwrap(),
    ])
    .args(["--server", &svc.url(), "--operator", op])
    .env("RATU_PIN", PIN)
    .env_remove("RATU_DB_USER")
    .env_remove("RATU_DB_PASS")
    .env_remove("RATU_CA_PASSPHRASE");
    c
}

pub fn run(svc: &Service, client: &Path, op: &str, args: &[&str]) -> Output {
    cli(svc, client, op).args(args).output().expect("ratu runs")
}

pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "stderr: {}\nstdout: {}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn fails(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "should fail; stdout: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The site's CA, made by admin in the service's data folder (its
/// passphrase [`CA_PASS`] from the environment).
pub fn make_ca(svc: &Service, data: &Path) {
    ok(&cli(svc, data, "admin")
        .env("RATU_CA_PASSPHRASE", CA_PASS)
        .args(["ca", "init"])
        .output()
        .unwrap());
}

/// A service in `dir/service` with its staff and its CA (made in its data
/// folder; this service itself runs without the passphrase), and a
/// client folder `dir/client`.
pub fn staffed_site(dir: &Path) -> (Service, PathBuf, PathBuf) {
    let (data, client) = (dir.join("service"), dir.join("client"));
    std::fs::create_dir_all(&client).unwrap();
    let svc = Service::start(&data, Some(PIN));
    staff(&svc, &client);
    make_ca(&svc, &data);
    (svc, data, client)
}

/// The agencies of the cases here: on the list, and ver1's.
pub const AGENCIES: [&str; 2] = ["Diskominfo Provinsi Bali", "Diskominfo Kota Bandung"];

/// admin (made by the service), ver1 (of [`AGENCIES`]), ra1 and aud.
pub fn staff(svc: &Service, client: &Path) {
    for a in AGENCIES {
        ok(&run(svc, client, "admin", &["agency", "add", a]));
    }
    let ver1 = ["operator", "add", "ver1", "--role", "verifier"];
    let of = AGENCIES.map(|a| ["--agency", a]).concat();
    ok(&run(svc, client, "admin", &[&ver1[..], &of[..]].concat()));
    for (name, role) in [("ra1", "ra_officer"), ("aud", "auditor")] {
        ok(&run(svc, client, "admin", &["operator", "add", name, "--role", role]));
    }
}

/// An issuance case ver1 opens with the applicant's data in `args` and a
/// recommendation letter: its number.
pub fn open_issuance(svc: &Service, client: &Path, args: &[&str]) -> u64 {
    let pdf = client.join("rekomendasi.pdf");
    std::fs::write(&pdf, ratu::ra::demo::DEMO_PDF).unwrap();
    let doc = format!("recommendation={}", pdf.display());
    let mut cmd = cli(svc, client, "ver1");
    cmd.args(["case", "new", "issuance", "--doc", &doc, "--json"])
        .args(args);
    let case: Value = serde_json::from_str(&ok(&cmd.output().expect("ratu runs"))).expect("case JSON");
    case["id"].as_u64().expect("case id")
}

/// ver1's checks of case `id` and its verification, on the console: the
/// case then waits on the applicant's passphrase.
pub fn verifier_checks(svc: &Service, client: &Path, id: u64) {
    let n = id.to_string();
    for step in [
        "tick:ktp_matches",
        "tick:recommendation_valid",
        "tick:email_active",
        "tick:identity_check",
        "verify",
    ] {
        ok(&run(svc, client, "ver1", &["case", "act", &n, step]));
    }
}

/// The applicant of [`issuance_to_ra_review`], as `case new` takes them.
pub const APPLICANT: [&str; 8] = [
    "--name",
    "Dr. I Gusti Ngurah Agung Putra, S.Kom., M.T.",
    "--nik",
    "5171011203900001",
    "--email",
    "igusti.putra@baliprov.go.id",
    "--agency",
    "Diskominfo Provinsi Bali",
];

/// An issuance case opened by ver1 and walked to RA review, with the
/// applicant's CSR: its number.
pub fn issuance_to_ra_review(svc: &Service, client: &Path) -> u64 {
    let png = client.join("ktp.png");
    std::fs::write(&png, ratu::ra::demo::DEMO_PNG).unwrap();
    let id = open_issuance(
        svc,
        client,
        &[&APPLICANT[..], &["--doc", &format!("ktp={}", png.display())]].concat(),
    );
    let n = id.to_string();
    for step in ["send_to_applicant", "record_applicant_data"] {
        ok(&run(svc, client, "ver1", &["case", "act", &n, step]));
    }
    verifier_checks(svc, client, id);
    let key = rcgen::KeyPair::generate().unwrap();
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "Dr. I Gusti Ngurah Agung Putra");
    let csr = client.join("applicant.csr");
    std::fs::write(&csr, p.serialize_request(&key).unwrap().pem().unwrap()).unwrap();
    let csr = std::fs::read(&csr).unwrap();
    applicant_sends_csr(svc, id, &csr);
    assert_eq!(case_state(svc, client, "ver1", id), "ra_review");
    id
}

pub fn case_state(svc: &Service, client: &Path, op: &str, id: u64) -> String {
    let out = ok(&run(svc, client, op, &["case", "list", "--json"]));
    let rows: Vec<Value> = serde_json::from_str(&out).expect("case list JSON");
    rows.iter()
        .find(|c| c["id"].as_u64() == Some(id))
        .and_then(|c| c["state"].as_str())
        .unwrap_or("absent")
        .to_string()
}

/// `openssl ARGS FILE`, which must succeed: its standard output.
pub fn openssl(args: &[&str], file: &Path) -> String {
    let o = Command::new("openssl").args(args).arg(file).output().unwrap();
    assert!(
        o.status.success(),
        "openssl {args:?} {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `case show ID --json` as `op`.
pub fn case_json(svc: &Service, client: &Path, op: &str, id: u64) -> Value {
    serde_json::from_str(&ok(&run(svc, client, op, &["case", "show", &id.to_string(), "--json"]))).unwrap()
}

/// Waits until the service issued case `id` (approved already), exports
/// the certificate as `client/leaf.pem`: its serial and that file.
pub fn issued_leaf(svc: &Service, client: &Path, id: u64) -> (String, PathBuf) {
    let t0 = Instant::now();
    while case_state(svc, client, "ra1", id) != "issued" {
        assert!(t0.elapsed() < Duration::from_secs(60), "not issued:\n{}", svc.log());
        std::thread::sleep(Duration::from_millis(200));
    }
    let shown = case_json(svc, client, "ra1", id);
    let serial = shown["case"]["cert_serial"]
        .as_str()
        .expect("issued serial")
        .to_string();
    let leaf = client.join("leaf.pem");
    ok(&run(
        svc,
        client,
        "ra1",
        &["cert", "export", &serial, "--out", leaf.to_str().unwrap()],
    ));
    (serial, leaf)
}

/// The applicant hands in their CSR on the applicant page, through the
/// link of the set-passphrase e-mail the service delivered.
pub fn applicant_sends_csr(svc: &Service, id: u64, csr: &[u8]) {
    applicant_takes_key_step(svc, id, "csr", &[("csr", http::Part::File("applicant.csr", csr))]);
}

/// The applicant sets `passphrase` on the applicant page (the server makes
/// their key), through the link of the set-passphrase e-mail.
pub fn applicant_sets_passphrase(svc: &Service, id: u64, passphrase: &str) {
    use http::Part::Text;
    let fields = [("passphrase", Text(passphrase)), ("again", Text(passphrase))];
    applicant_takes_key_step(svc, id, "passphrase", &fields);
}

/// The set-passphrase step posted to `action` (`csr` or `passphrase`)
/// with `fields`, a selfie, the accepted agreement and the page's CSRF
/// token, through the link the service e-mailed for case `id`.
fn applicant_takes_key_step(svc: &Service, id: u64, action: &str, fields: &[(&str, http::Part)]) {
    use http::{Part, form_value, http, link_token, post_form};
    let portal = svc.portal.expect("the service serves the applicant page");
    let token = link_token(&svc.data.join("outbox"), id, "set_passphrase_link");
    let (st, _, page) = http(portal, "GET", &format!("/l/{token}"), "", b"");
    let page = String::from_utf8(page).unwrap();
    assert_eq!(st, 200, "{page}");
    let csrf = form_value(&page, "csrf");
    let agree = form_value(&page, "agree");
    let mut form = vec![
        ("csrf", Part::Text(&csrf)),
        ("selfie", Part::File("swafoto.png", ratu::ra::demo::DEMO_PNG)),
        ("agree", Part::Text(&agree)),
    ];
    form.extend(fields.iter().copied());
    let (st, _, body) = post_form(portal, &format!("/l/{token}/{action}"), &form);
    assert_eq!(st, 200, "{}", String::from_utf8_lossy(&body));
}
