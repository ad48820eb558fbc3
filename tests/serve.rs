//! `ratu serve` against the real thing: the binary runs a SurrealDB server
//! in its own process on loopback (a free port) that only it signs in to,
//! and consoles and the command line reach its API with `--server URL`,
//! each operator signed in to the service. Every test kills its service at
//! the end.

mod common;
mod serve_support;

use ratu::serve::credential_file;
use serde_json::{Value, json};
use serve_support::*;
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use surrealdb::Surreal;
use surrealdb::engine::any::{Any, connect};
use surrealdb::opt::auth::Record;

/// A stock SurrealDB client on the service's database server, trying to
/// sign in as operator `name` with their PIN (record access `operator`).
async fn as_operator(svc: &Service, name: &str, pin: &str) -> surrealdb::Result<Surreal<Any>> {
    let db = connect(svc.db_url()).await?;
    db.signin(Record {
        namespace: "ratu".into(),
        database: "ra".into(),
        access: "operator".into(),
        params: json!({ "name": name, "pin": pin }),
    })
    .await?;
    db.use_ns("ratu").use_db("ra").await?;
    Ok(db)
}

/// The API's client, as the console and the CLI have it.
fn office(svc: &Service) -> ratu::api::Office {
    ratu::api::Office::Remote(
        ratu::api::Client::new(&ratu::api::ClientOptions {
            url: svc.url(),
            ca_file: None,
            timeout: Duration::from_secs(15),
        })
        .unwrap(),
    )
}

/// Every statement's result as JSON (an error as `{"error": …}`).
async fn sql(db: &Surreal<Any>, q: &str) -> Vec<Value> {
    let mut res = db.query(q).await.expect("query sent");
    (0..res.num_statements())
        .map(|i| match res.take::<surrealdb::types::Value>(i) {
            Ok(v) => v.into_json_value(),
            Err(e) => json!({ "error": e.to_string() }),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_verifier_and_an_officer_work_one_case_in_two_processes_while_others_read() {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::start(&dir.path().join("site"), Some(PIN));
    let ver = dir.path().join("ver1");
    let ra = dir.path().join("ra1");
    std::fs::create_dir_all(&ver).unwrap();
    std::fs::create_dir_all(&ra).unwrap();
    staff(&svc, &ver);

    // The verifier's process walks the case to RA review; the officer's
    // process sees it there and approves it (no CA here: it stays approved).
    let id = issuance_to_ra_review(&svc, &ver);
    assert_eq!(case_state(&svc, &ra, "ra1", id), "ra_review");
    let e = fails(&run(&svc, &ver, "ver1", &["case", "act", &id.to_string(), "approve"]));
    assert!(e.contains("refused"), "a verifier cannot approve: {e}");
    let out = ok(&run(&svc, &ra, "ra1", &["case", "act", &id.to_string(), "approve"]));
    assert!(out.contains("approved"), "{out}");
    assert_eq!(case_state(&svc, &ver, "ver1", id), "approved");

    // While another client holds a session and the change stream open,
    // three commands at once.
    let held = office(&svc);
    let held_op = held.sign_in("ver1", PIN).await.expect("ver1 signs in");
    let mut stream = held.watch_cases().await.expect("the stream opens");
    let children: Vec<(&str, Child)> = [
        ("case list", &["case", "list"][..]),
        ("cert list", &["cert", "list"]),
        ("audit verify", &["audit", "verify"]),
    ]
    .into_iter()
    .map(|(what, args)| {
        let c = cli(&svc, &ra, "aud")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        (what, c)
    })
    .collect();
    for (what, c) in children {
        let o = c.wait_with_output().unwrap();
        let out = ok(&o);
        if what == "audit verify" {
            assert!(out.contains("audit trail intact"), "{out}");
        }
    }
    let seen = held
        .case_seen_by(&held_op, id)
        .await
        .unwrap()
        .expect("ver1 sees the case");
    assert_eq!(seen.state.as_str(), "approved", "the held session reads the case too");

    // A console's client, cloned into tasks of its own, reads through the
    // others: one session for all of them.
    let console = office(&svc);
    let op = console.sign_in("ra1", PIN).await.expect("ra1 signs in");
    assert_eq!(op.role, ratu::domain::Role::RaOfficer);
    let (clone, o2) = (console.clone(), op.clone());
    let queue = tokio::spawn(async move {
        let filter = ratu::domain::CaseFilter {
            kind: Some(ratu::domain::CaseKind::Issuance),
            limit: 100,
            ..Default::default()
        };
        clone.list(&o2, &filter).await
    });
    queue.await.unwrap().expect("the queue loads on another clone");
    let view = console.show(&op, id).await.expect("the case loads");
    assert_eq!(view.case.state.as_str(), "approved");
    drop(console);

    // A wrong PIN through the service gets the same answer as embedded.
    let o = cli(&svc, &ra, "ra1")
        .env("RATU_PIN", "000000")
        .args(["case", "list"])
        .output()
        .unwrap();
    assert!(fails(&o).contains("wrong PIN"));
    // `init` makes a data folder of its own, never through the service.
    let e = fails(&run(&svc, &ra, "ra1", &["init"]));
    assert!(e.contains("--server"), "{e}");
    // A console or the CLI pointed at the database itself is sent to the
    // service, in one line.
    let o = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", ra.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(["--db", &svc.db_url(), "--operator", "ra1", "case", "list"])
        .env("RATU_PIN", PIN)
        .env_remove("RATU_DB_PASS")
        .env_remove("RATU_SERVER")
        .output()
        .unwrap();
    let e = fails(&o);
    assert!(e.contains("--server") && e.lines().count() == 1, "{e}");

    // SIGTERM with a client still connected: the service stops, cleanly.
    let mut svc = svc;
    let st = svc.stop();
    assert!(st.success(), "exit {st}:\n{}", svc.log());
    assert!(svc.log().contains("stopped"), "{}", svc.log());
    // The held stream ends with the service (it says no more cases).
    let end = tokio::time::timeout(Duration::from_secs(10), stream.next()).await;
    assert!(
        matches!(end, Ok(None) | Ok(Some(Err(_)))),
        "the stream outlived the service"
    );
    drop(held);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stock_database_client_with_an_operators_pin_gets_nothing_and_only_the_service_holds_root() {
    let dir = tempfile::tempdir().unwrap();
    let mut svc = Service::start(&dir.path().join("site"), Some(PIN));
    let client = dir.path().join("client");
    std::fs::create_dir_all(&client).unwrap();
    staff(&svc, &client);
    let id = issuance_to_ra_review(&svc, &client);

    // The root credential: 0600 in a 0700 folder, never printed.
    let cred = ratu::serve::credential_file(&svc.data);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&cred), 0o600);
    assert_eq!(mode(cred.parent().unwrap()), 0o700);
    let root_pass = std::fs::read_to_string(&cred).unwrap().trim().to_string();
    assert!(root_pass.len() >= 32, "at least 128 bits");
    assert!(!svc.log().contains(&root_pass), "the root credential was printed");

    // Root (the service alone) reaches the database on loopback; every
    // table is closed to any other user.
    let root = ratu::store::Store::open(&ratu::store::DbTarget::Remote {
        url: svc.db_url(),
        root: Some(("root".into(), root_pass)),
    })
    .await
    .expect("root signs in");
    let closed = root.tables_closed_to_operators().await.unwrap();
    for t in [
        "case",
        "audit",
        "audit_head",
        "operator",
        "session",
        "cert",
        "crl_hold",
        "outbox",
        "subkey",
        "archive_bag",
    ] {
        assert!(
            closed.contains(&t.to_string()),
            "{t} is open to a database user: {closed:?}"
        );
    }
    drop(root);

    // A stock client with an operator's name and PIN gets nothing: there
    // is no access for operators in the database.
    for (who, pin) in [("ver1", PIN), ("admin", PIN), ("ver1", "000000")] {
        match as_operator(&svc, who, pin).await {
            Ok(db) => {
                let r = sql(&db, "SELECT * FROM case; SELECT * FROM audit; SELECT * FROM operator;").await;
                panic!("{who} signed in to the database: {r:?}");
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    // Unauthenticated, a client reads nothing either.
    let anon = connect(svc.db_url()).await.expect("connects");
    let _ = anon.use_ns("ratu").use_db("ra").await;
    if let Ok(mut res) = anon.query("SELECT * FROM case; SELECT * FROM operator;").await {
        for i in 0..2 {
            let rows = res.take::<surrealdb::types::Value>(i).map(|v| v.into_json_value());
            assert!(
                rows.as_ref().map_or(true, |v| v == &json!([])),
                "an anonymous client read: {rows:?}"
            );
        }
    }
    drop(anon);

    // The chain is intact after all that.
    let out = ok(&run(&svc, &client, "aud", &["audit", "verify", "--json"]));
    let report: Value = serde_json::from_str(&out).unwrap();
    assert!(report["broken"].is_null(), "{out}");

    // SIGTERM stops it cleanly; a restart serves the same data without a
    // first ca_admin to make.
    let st = svc.stop();
    assert!(st.success(), "exit {st}:\n{}", svc.log());
    let svc = Service::start(&svc.data.clone(), None);
    assert_eq!(case_state(&svc, &client, "ra1", id), "ra_review");
    // Nothing about arguments nobody passed.
    assert!(!svc.log().contains("--user"), "{}", svc.log());
    drop(svc);
}

/// A verifier of agency X only (`verx`, of [`OTHER`]), beside ver1.
const OTHER: &str = "Dinas Perhubungan Kota Bogor";

/// Agency OTHER on the list, and its verifier verx.
fn add_verx(svc: &Service, client: &Path) {
    ok(&run(svc, client, "admin", &["agency", "add", OTHER]));
    ok(&run(
        svc,
        client,
        "admin",
        &["operator", "add", "verx", "--role", "verifier", "--agency", OTHER],
    ));
}

/// An issuance case of `agency` opened by `op` for NIK `nik`: its number.
fn case_of(svc: &Service, client: &Path, op: &str, agency: &str, nik: &str) -> u64 {
    let pdf = client.join("rekomendasi.pdf");
    std::fs::write(&pdf, ratu::ra::demo::DEMO_PDF).unwrap();
    let doc = format!("recommendation={}", pdf.display());
    let out = ok(&run(
        svc,
        client,
        op,
        &[
            "case",
            "new",
            "issuance",
            "--json",
            "--doc",
            &doc,
            "--name",
            "Siti Rahayu",
            "--nik",
            nik,
            "--email",
            "siti@bogorkota.go.id",
            "--agency",
            agency,
        ],
    ));
    let case: Value = serde_json::from_str(&out).expect("case JSON");
    case["id"].as_u64().expect("case id")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_verifier_of_agency_x_neither_reads_nor_writes_a_case_of_agency_y_through_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::start(&dir.path().join("site"), Some(PIN));
    let client = dir.path().join("client");
    std::fs::create_dir_all(&client).unwrap();
    staff(&svc, &client);
    add_verx(&svc, &client);
    let y = case_of(&svc, &client, "ver1", AGENCIES[0], "3271011203900001");
    let own = case_of(&svc, &client, "verx", OTHER, "3271011203900002");
    // Y's case has an e-mail (its applicant's link).
    ok(&run(
        &svc,
        &client,
        "ver1",
        &["case", "act", &y.to_string(), "send_to_applicant"],
    ));

    // Through ratu: not listed, not shown, not acted on.
    let rows = ok(&run(&svc, &client, "verx", &["case", "list", "--json"]));
    let rows: Vec<Value> = serde_json::from_str(&rows).unwrap();
    assert_eq!(
        rows.iter().map(|r| r["id"].as_u64().unwrap()).collect::<Vec<_>>(),
        vec![own]
    );
    fails(&run(&svc, &client, "verx", &["case", "show", &y.to_string()]));
    fails(&run(
        &svc,
        &client,
        "verx",
        &["case", "act", &y.to_string(), "send_to_applicant"],
    ));

    // The RA officer and the auditor see both agencies' cases.
    for who in ["ra1", "aud"] {
        let rows = ok(&run(&svc, &client, who, &["case", "list", "--json"]));
        let rows: Vec<Value> = serde_json::from_str(&rows).unwrap();
        assert_eq!(rows.len(), 2, "{who}: {rows:?}");
    }
    drop(svc);
}

/// The state and reason of certificate `serial`, as the auditor reads it.
fn cert_state(svc: &Service, client: &Path, serial: &str) -> (String, String) {
    let c: Value = serde_json::from_str(&ok(&run(svc, client, "aud", &["cert", "show", serial, "--json"]))).unwrap();
    let rec = c.get("record").unwrap_or(&c);
    (
        rec["state"].as_str().unwrap_or_default().to_string(),
        rec["reason"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn on_the_service_a_reactivation_holds_and_its_rejection_releases_and_a_verifier_cannot_revoke_or_release_by_hand()
 {
    let dir = tempfile::tempdir().unwrap();
    let (mut svc, data, client) = staffed_site(dir.path());
    assert!(svc.stop().success());
    // SAFETY: this test runs in a process of its own (nextest); the
    // service started next inherits the passphrase.
    unsafe { std::env::set_var("RATU_CA_PASSPHRASE", CA_PASS) };
    let svc = Service::start(&data, None);
    let id = issuance_to_ra_review(&svc, &client);
    ok(&run(&svc, &client, "ra1", &["case", "act", &id.to_string(), "approve"]));
    let (serial, _) = issued_leaf(&svc, &client, id);

    // ver1 opens a reactivation: the certificate is held at once.
    let (pdf, png) = (client.join("formulir.pdf"), client.join("bukti.png"));
    std::fs::write(&pdf, ratu::ra::demo::DEMO_PDF).unwrap();
    std::fs::write(&png, ratu::ra::demo::DEMO_PNG).unwrap();
    let (pdf, png) = (pdf.display().to_string(), png.display().to_string());
    let out = ok(&run(
        &svc,
        &client,
        "ver1",
        &[
            &["case", "new", "reactivation", "--json"][..],
            &APPLICANT[..],
            &[
                "--doc",
                &format!("reset_form={pdf}"),
                "--doc",
                &format!("antivirus_scan={png}"),
                "--doc",
                &format!("email_password_changed={png}"),
            ],
        ]
        .concat(),
    ));
    let reactivation = serde_json::from_str::<Value>(&out).unwrap()["id"].as_u64().unwrap();
    assert_eq!(cert_state(&svc, &client, &serial).0, "held");

    // A verifier of another agency, and its own verifier, can neither
    // revoke nor release it through the service.
    add_verx(&svc, &client);
    for who in ["verx", "ver1"] {
        fails(&run(
            &svc,
            &client,
            who,
            &["cert", "revoke", &serial, "--reason", "keyCompromise"],
        ));
    }
    assert_eq!(
        cert_state(&svc, &client, &serial),
        ("held".into(), "certificateHold".into())
    );

    // The rejection releases the hold, through ratu.
    ok(&run(
        &svc,
        &client,
        "ver1",
        &[
            "case",
            "act",
            &reactivation.to_string(),
            "reject",
            "--note",
            "bukti palsu",
        ],
    ));
    assert_eq!(cert_state(&svc, &client, &serial), ("issued".into(), "".into()));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_service_issues_what_an_officer_approves_and_openssl_verifies_it() {
    let dir = tempfile::tempdir().unwrap();
    // The CA is made beside the service's data, then the service restarts
    // holding it (its passphrase as the environment gives it here).
    let (mut svc, data, client) = staffed_site(dir.path());
    assert!(svc.stop().success());
    // SAFETY: this test runs in a process of its own (nextest); the
    // service started next inherits the passphrase.
    unsafe { std::env::set_var("RATU_CA_PASSPHRASE", CA_PASS) };
    let svc = Service::start(&data, None);
    assert!(svc.log().contains("CA unlocked"), "{}", svc.log());

    // An officer whose process has no CA approves; the service, which
    // holds it, issues in the same step.
    let id = issuance_to_ra_review(&svc, &client);
    let out = ok(&run(&svc, &client, "ra1", &["case", "act", &id.to_string(), "approve"]));
    assert!(out.contains(": issued") && out.contains("certificate"), "{out}");
    let (_, leaf) = issued_leaf(&svc, &client, id);
    let pki = dir.path().join("pki");
    ok(&cli(&svc, &data, "admin")
        .args(["ca", "export", "--out", pki.to_str().unwrap()])
        .output()
        .unwrap());
    let files: Vec<PathBuf> = std::fs::read_dir(&pki).unwrap().map(|e| e.unwrap().path()).collect();
    let find = |s: &str| {
        files
            .iter()
            .find(|p| p.file_name().unwrap().to_string_lossy().contains(s))
            .unwrap_or_else(|| panic!("no {s} in {files:?}"))
            .display()
            .to_string()
    };
    openssl(
        &["verify", "-CAfile", &find("root"), "-untrusted", &find("issuing")],
        &leaf,
    );
    assert!(
        data.join("publish/issuing-ca.crl").exists(),
        "the service published a CRL"
    );
}

/// A SurrealDB server of the office's own (the `surrealdb-server` crate,
/// as `surreal start` runs it), on a runtime of its own.
struct ExistingServer {
    rt: tokio::runtime::Runtime,
    server: Option<ratu::serve::DatabaseServer>,
    addr: SocketAddr,
}

impl ExistingServer {
    fn start(dir: &Path, pass: &str) -> ExistingServer {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_stack_size(20 << 20)
            .build()
            .unwrap();
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let server = rt
            .block_on(ratu::serve::DatabaseServer::start_surrealkv(dir, addr, "root", pass))
            .expect("the office's server starts");
        let t0 = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(t0.elapsed() < Duration::from_secs(30), "not listening");
            std::thread::sleep(Duration::from_millis(50));
        }
        ExistingServer {
            rt,
            server: Some(server),
            addr,
        }
    }
}

impl Drop for ExistingServer {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            self.rt.block_on(s.stop());
        }
    }
}

#[test]
fn the_service_runs_on_an_existing_surrealdb_server_signed_in_as_its_root_user() {
    let dir = tempfile::tempdir().unwrap();
    let root_pass = "office-root-credential-0123456789abcdef";
    let office = ExistingServer::start(&dir.path().join("office-db"), root_pass);
    let (data, client) = (dir.path().join("service"), dir.path().join("client"));
    std::fs::create_dir_all(&client).unwrap();
    // As root on the office's server, through the SDK.
    let as_root = |q: &str| -> Value {
        office.rt.block_on(async {
            let db = connect(format!("ws://{}", office.addr)).await.unwrap();
            db.signin(surrealdb::opt::auth::Root {
                username: "root".into(),
                password: root_pass.into(),
            })
            .await
            .unwrap();
            db.use_ns("ratu").use_db("ra").await.unwrap();
            sql(&db, q).await.pop().unwrap()
        })
    };
    // An access method defined by an older ratu (1 h tokens) is there.
    as_root(
        "DEFINE ACCESS operator ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM operator WHERE name = $name) \
         DURATION FOR TOKEN 1h, FOR SESSION 12h;",
    );

    // A wrong root password is told in one line, and nothing starts.
    let o = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(["--db", &format!("ws://{}", office.addr), "serve"])
        .env("RATU_DB_PASS", "not-the-password")
        .env_remove("RATU_PIN")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("refused the root user root"), "{e}");
    // Without a root password at all, likewise.
    let o = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(["--db", &format!("ws://{}", office.addr), "serve"])
        .env_remove("RATU_DB_PASS")
        .env_remove("RATU_DB_PASS_FILE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("RATU_DB_PASS"));

    // The service applies the schema there (and closes it to everyone
    // else) and makes the first ca_admin; it keeps no database of its own.
    let mut svc = Service::start_on(&data, Some(PIN), office.addr, root_pass);
    assert!(!data.join("db").exists(), "no database of its own");
    assert!(
        !credential_file(&data).exists(),
        "the office's root credential is the office's"
    );
    staff(&svc, &client);
    let id = issuance_to_ra_review(&svc, &client);
    ok(&run(&svc, &client, "ra1", &["case", "act", &id.to_string(), "approve"]));
    assert_eq!(case_state(&svc, &client, "ver1", id), "approved");
    let out = ok(&run(&svc, &client, "aud", &["audit", "verify"]));
    assert!(out.contains("audit trail intact"), "{out}");
    assert!(svc.stop().success(), "{}", svc.log());
    // The service removed it: an operator's name and PIN open nothing on
    // the office's server, only the service's API.
    let info = as_root("INFO FOR DB;");
    assert!(info["accesses"]["operator"].is_null(), "{info}");

    // The records are the office server's: a restarted service finds them.
    let svc = Service::start_on(&data, None, office.addr, root_pass);
    assert_eq!(case_state(&svc, &client, "ra1", id), "approved");
    drop(svc);
    drop(office);
}

/// Cases approved while the service holds no CA (a service started
/// without its passphrase), reached as the root user the service keeps in
/// DATA/serve, with the site's CA made in DATA/ca: what a service started
/// with the CA finds waiting. Returns their numbers.
async fn approved_while_locked(data: &Path, n: u32) -> Vec<u64> {
    use ratu::ra::{Clock, Ra, RaConfig};
    let mut svc = Service::start(data, None);
    let pass = std::fs::read_to_string(credential_file(data)).unwrap();
    let store = ratu::store::Store::open(&ratu::store::DbTarget::Remote {
        url: svc.db_url(),
        root: Some(("root".into(), pass.trim().into())),
    })
    .await
    .expect("the service's store opens as root");
    let mut cfg = RaConfig::default();
    cfg.ca.subscriber_alg = ratu::ca::KeyAlg::EcdsaP256;
    // The site's CA, where the service looks for it.
    let mut site = cfg.clone();
    site.ca.dir = data.join("ca");
    site.ca.publish_dir = data.join("publish");
    let ca = Ra::new(store.clone(), site, Clock::System);
    let s = common::staff_with_pin(&ca, PIN).await;
    ca.ca_init(&s.admin, &ratu::ca::HierarchySpec::default(), CA_PASS)
        .await
        .expect("the CA is made");
    drop(ca);
    // Officers' processes hold no CA: approved cases wait for the service.
    let ra = Ra::new(store, cfg, Clock::System);
    use ratu::domain::CaseKind::Issuance;
    let mut ids = Vec::new();
    for i in 0..n {
        let new = common::new_case(Issuance, 100 + i);
        let id = ra.new_case(&s.ver1, new, &common::docs(Issuance)).await.unwrap().id;
        common::to_ra_review(&ra, &s, id).await;
        ids.push(id);
    }
    // The service delivers the applicants' links; each applicant sets
    // their passphrase through theirs, and ra1 approves.
    let sha = ra.config().agreement.sha256.clone();
    for id in &ids {
        let token = serve_support::http::link_token(&data.join("outbox"), *id, "set_passphrase_link");
        let pass = common::APPLICANT_PASS;
        ra.applicant_set_passphrase(&token, "127.0.0.1", pass, pass, &sha, &common::selfie())
            .await
            .unwrap();
        let done = ra
            .act(&s.ra1, *id, ratu::domain::Action::Approve, None, None)
            .await
            .unwrap();
        assert_eq!(done.state.as_str(), "approved");
    }
    drop(ra);
    assert!(svc.stop().success(), "{}", svc.log());
    ids
}

/// A small seeded generator: the seed is printed, so a failure replays
/// with RATU_CRASH_SEED.
fn crash_seed() -> u64 {
    let seed = std::env::var("RATU_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("RATU_CRASH_SEED={seed}");
    seed
}

fn next_random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// The crlNumber of the published issuing CRL, if any.
fn published_crl_number(data: &Path) -> Option<u64> {
    let crl = data.join("publish/issuing-ca.crl");
    if !crl.exists() {
        return None;
    }
    // openssl reads it whole: a published CRL is never partial.
    let text = openssl(&["crl", "-inform", "DER", "-noout", "-crlnumber", "-in"], &crl);
    let hex = text.trim().trim_start_matches("crlNumber=").trim_start_matches("0x");
    Some(u64::from_str_radix(hex, 16).expect("a CRL number"))
}

/// The service's certificates as `cert list --json` shows them: serials
/// and states.
fn cert_states(svc: &Service, client: &Path) -> Vec<(String, String)> {
    let out = ok(&run(svc, client, "aud", &["cert", "list", "--json"]));
    let rows: Vec<Value> = serde_json::from_str(&out).expect("cert list JSON");
    rows.iter()
        .map(|c| {
            (
                c["serial"].as_str().unwrap_or_default().to_string(),
                c["state"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_mid_batch_the_service_loses_no_case_and_knows_every_certificate_after_a_restart() {
    let mut rng = crash_seed() | 1;
    let dir = tempfile::tempdir().unwrap();
    let (data, client) = (dir.path().join("service"), dir.path().join("client"));
    std::fs::create_dir_all(&client).unwrap();
    let ids = approved_while_locked(&data, 100).await;
    let with_ca = |data: &Path| {
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        Service::launch(data, None, addr, None, |cmd| {
            cmd.args(["serve", "--listen", &addr.to_string()])
                .env("RATU_CA_PASSPHRASE", CA_PASS);
        })
    };
    let issued_count = |svc: &Service| {
        let out = ok(&run(
            svc,
            &client,
            "aud",
            &["case", "list", "--limit", "1000", "--json"],
        ));
        let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
        rows.iter().filter(|c| c["state"] == "issued").count()
    };

    // Three kills at seeded moments while the service issues the batch
    // (what one kill left undone, the next start takes up again).
    let mut last_crl = published_crl_number(&data);
    let (mut mid_batch, mut all_issued) = (0, false);
    for round in 0..3 {
        if all_issued {
            break; // a kill landed after the batch: nothing left to kill
        }
        let mut svc = with_ca(&data);
        // Once the batch has begun (its log line), a seeded moment within it.
        let t0 = Instant::now();
        while !svc.log().contains("approved issuance case(s)") {
            assert!(t0.elapsed() < Duration::from_secs(60), "no batch began:\n{}", svc.log());
            std::thread::sleep(Duration::from_millis(5));
        }
        let wait = Duration::from_millis(next_random(&mut rng) % 300);
        std::thread::sleep(wait);
        let mut child = svc.child.take().unwrap();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // What the kill left, read through a fresh service (no CA: it only
        // serves the records as they are).
        let svc = Service::start(&data, None);
        let issued = issued_count(&svc);
        let pending = ok(&run(
            &svc,
            &client,
            "aud",
            &["cert", "list", "--status", "pending", "--json"],
        ));
        let reserved = serde_json::from_str::<Vec<Value>>(&pending).unwrap().len();
        eprintln!(
            "round {round}: SIGKILL after {wait:?}: {issued} of {} issued, {reserved} reserved unsigned",
            ids.len()
        );
        if reserved > 0 || (issued > 0 && issued < ids.len()) {
            mid_batch += 1;
        }
        all_issued = issued == ids.len();
        let out = ok(&run(&svc, &client, "aud", &["audit", "verify"]));
        assert!(out.contains("audit trail intact"), "{out}");
        let crl = published_crl_number(&data);
        assert!(crl >= last_crl, "the CRL number went back: {last_crl:?} → {crl:?}");
        last_crl = crl;
        drop(svc);
    }

    // A restart with the CA issues whatever is left, each case once.
    let svc = with_ca(&data);
    let t0 = Instant::now();
    while issued_count(&svc) < ids.len() {
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "cases left unissued:\n{}",
            svc.log()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    let certs = cert_states(&svc, &client);
    let mut serials: Vec<&str> = certs.iter().map(|(s, _)| s.as_str()).collect();
    serials.sort();
    serials.dedup();
    assert_eq!(serials.len(), certs.len(), "no serial twice");
    let pending = ok(&run(
        &svc,
        &client,
        "aud",
        &["cert", "list", "--status", "pending", "--json"],
    ));
    assert_eq!(
        serde_json::from_str::<Vec<Value>>(&pending).unwrap().len(),
        0,
        "no serial is left reserved but unknown: {pending}"
    );
    for id in &ids {
        let shown = case_json(&svc, &client, "aud", *id);
        let serial = shown["case"]["cert_serial"]
            .as_str()
            .expect("issued case names its cert");
        assert!(
            certs.iter().any(|(s, st)| s == serial && st == "issued"),
            "case {id}'s certificate {serial} is in the store"
        );
    }
    assert_eq!(certs.len(), ids.len(), "one certificate per case, none extra");
    let out = ok(&run(&svc, &client, "aud", &["audit", "verify"]));
    assert!(out.contains("audit trail intact"), "{out}");
    let crl = published_crl_number(&data);
    assert!(crl >= last_crl && crl.is_some(), "{last_crl:?} → {crl:?}");
    eprintln!("{mid_batch} kill(s) landed mid-batch");
}

#[tokio::test(flavor = "multi_thread")]
async fn consoles_stay_open_while_the_cli_works_and_the_service_restarts_under_them() {
    assert!(common::tmux::tmux_available(), "tmux is needed (.ci/run installs it)");
    let dir = tempfile::tempdir().unwrap();
    let (mut svc, data, client) = staffed_site(dir.path());
    let id = issuance_to_ra_review(&svc, &client);

    let tmux = common::tmux::Tmux {
        socket: format!("ratu-serve-{}", std::process::id()),
    };
    tmux.console_on("ra", &client, &svc.url(), "ra1", PIN);
    tmux.console_on("ver", &client, &svc.url(), "ver1", PIN);

    // Two consoles open: the command line works beside them.
    let out = ok(&run(&svc, &client, "aud", &["cert", "list"]));
    assert!(!out.contains("in use"), "{out}");
    let out = ok(&run(&svc, &client, "aud", &["audit", "verify"]));
    assert!(out.contains("audit trail intact"), "{out}");
    let out = ok(&cli(&svc, &data, "admin")
        .env("RATU_CA_PASSPHRASE", CA_PASS)
        .args(["crl", "publish"])
        .output()
        .unwrap());
    assert!(out.to_lowercase().contains("crl"), "{out}");
    assert!(published_crl_number(&data).is_some(), "the CRL is published");

    // The officer half-types a rejection note on the case...
    tmux.wait_for_in("ra", "the case in the list", |p| p.contains(&id.to_string()));
    tmux.send_to("ra", &["x"]);
    tmux.wait_for_in("ra", "the note dialog", |p| p.contains("reject"));
    tmux.send_to("ra", &["-l", "KTP buram, mohon unggah"]);
    tmux.wait_for_in("ra", "the half-typed note", |p| p.contains("KTP buram, mohon unggah"));

    // ...when the service restarts under the consoles, on the same address.
    assert!(svc.stop().success(), "{}", svc.log());
    tmux.wait_for_in("ra", "the lost connection said", |p| p.contains("reconnecting"));
    let svc = Service::launch(&data, None, svc.addr, None, |cmd| {
        cmd.args(["serve", "--listen", &svc.addr.to_string()]);
    });
    let pane = tmux.wait_for_in("ra", "the reconnection said", |p| p.contains("reconnected"));
    assert!(pane.contains("KTP buram, mohon unggah"), "the note survives:\n{pane}");
    tmux.wait_for_in("ver", "the other console reconnected", |p| p.contains("reconnected"));

    // The note is finished and sent: the case is rejected on the service,
    // and the verifier's console shows it without a key press.
    tmux.send_to("ra", &["-l", " ulang."]);
    tmux.send_to("ra", &["Enter"]);
    let t0 = Instant::now();
    loop {
        let pane = tmux.capture_in("ra");
        if pane.contains("Confirm") {
            tmux.send_to("ra", &["y"]);
        }
        if case_state(&svc, &client, "ra1", id) == "rejected" {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(30), "not rejected:\n{pane}");
        std::thread::sleep(Duration::from_millis(200));
    }
    let shown = case_json(&svc, &client, "ra1", id);
    assert!(
        shown.to_string().contains("KTP buram, mohon unggah ulang."),
        "the whole note was recorded: {shown}"
    );
    drop(tmux);
    drop(svc);
}

#[test]
fn with_tls_the_api_is_https_from_the_offices_own_ca_and_plain_http_stays_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let (mut svc, data, client) = staffed_site(dir.path());
    assert!(svc.stop().success());

    // Plain HTTP off loopback is refused in one line, before anything starts.
    let o = Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(["serve", "--listen", &format!("0.0.0.0:{}", free_port())])
        .env_remove("RATU_PIN")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && e.contains("--tls") && e.trim().lines().count() == 1,
        "{e}"
    );

    // With --tls (and the CA's passphrase), HTTPS with a certificate of
    // the office's own CA for the listening address.
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let svc = Service::launch(&data, None, addr, None, |cmd| {
        cmd.args(["serve", "--listen", &addr.to_string(), "--tls"])
            .env("RATU_CA_PASSPHRASE", CA_PASS);
    });
    assert!(svc.log().contains("the API serves TLS"), "{}", svc.log());
    let over_tls = |ca: Option<&Path>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ratu"));
        c.args(["--data", client.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
            .args([
                "--server",
                &format!("https://{addr}"),
                "--operator",
                "aud",
                "case",
                "list",
                "--json",
            ])
            .env("RATU_PIN", PIN)
            .env_remove("RATU_SERVER_CA");
        if let Some(ca) = ca {
            c.arg("--server-ca").arg(ca);
        }
        c.output().unwrap()
    };
    let root = data.join("ca/root.pem");
    let rows: Vec<Value> = serde_json::from_str(&ok(&over_tls(Some(&root)))).unwrap();
    assert!(rows.is_empty(), "{rows:?}");
    // Without the office's root the client refuses the service, and says so.
    let e = fails(&over_tls(None));
    assert!(e.contains("cannot reach the service at https://"), "{e}");
    assert!(!e.contains("PIN"), "a TLS failure is not a wrong PIN: {e}");
    // openssl sees the chain to the office's root.
    let out = Command::new("openssl")
        .args([
            "s_client",
            "-connect",
            &addr.to_string(),
            "-CAfile",
            root.to_str().unwrap(),
            "-verify_return_error",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Verify return code: 0 (ok)"), "{text}");
    drop(svc);
}
