//! `ratu serve` against the real thing: the binary runs a SurrealDB server
//! in its own process on loopback (a free port), and consoles and the
//! command line reach it with `--db ws://…`, each operator signed in as a
//! record user. Every test kills its service at the end.

mod serve_support;

use serde_json::{Value, json};
use serve_support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use surrealdb::Surreal;
use surrealdb::engine::any::{Any, connect};
use surrealdb::opt::auth::Record;

/// A SurrealDB SDK client signed in as operator `name` (record access).
async fn as_operator(svc: &Service, name: &str, pin: &str) -> surrealdb::Result<Surreal<Any>> {
    let db = connect(svc.url()).await?;
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

    // While another client holds a connection, three commands at once.
    let held = as_operator(&svc, "ver1", PIN).await.expect("ver1 signs in");
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
    let rows = sql(&held, &format!("SELECT VALUE state FROM case:{id};")).await;
    assert_eq!(rows[0], json!(["approved"]), "the held connection reads the case too");

    // A console signs in on a clone of its `Ra` (a task of its own) and
    // reads through the others: one session for all of them.
    let store = ratu::store::Store::open(&ratu::store::DbTarget::Remote {
        url: svc.url(),
        root: None,
    })
    .await
    .expect("the service answers");
    let console = ratu::ra::Ra::new(store, ratu::ra::RaConfig::default(), ratu::ra::Clock::System);
    let op = console.clone().sign_in("ra1", PIN).await.expect("ra1 signs in");
    assert_eq!(op.role, ratu::domain::Role::RaOfficer);
    console
        .queue_cases(&op, ratu::domain::CaseKind::Issuance)
        .await
        .expect("the queue loads on another clone");
    let view = console.show(&op, id).await.expect("the case loads");
    assert_eq!(view.case.state.as_str(), "approved");
    drop(console);

    // A wrong PIN over ws gets the same answer as on the embedded store.
    let o = cli(&svc, &ra, "ra1")
        .env("RATU_PIN", "000000")
        .args(["case", "list"])
        .output()
        .unwrap();
    assert!(fails(&o).contains("wrong PIN"));
    // `init` on the service is the service's job.
    let e = fails(&run(&svc, &ra, "ra1", &["init"]));
    assert!(e.contains("ratu serve"), "{e}");
    // An admin holding the root credential still signs in the old way.
    let root_pass = std::fs::read_to_string(ratu::serve::credential_file(&svc.data)).unwrap();
    let out = ok(&cli(&svc, &ra, "admin")
        .env("RATU_DB_PASS", root_pass.trim())
        .args(["operator", "list", "--json"])
        .output()
        .unwrap());
    assert!(out.contains("\"aud\"") && !out.contains("argon2"), "{out}");

    // SIGTERM with a client still connected: the service stops, cleanly.
    let mut svc = svc;
    let st = svc.stop();
    assert!(st.success(), "exit {st}:\n{}", svc.log());
    assert!(svc.log().contains("stopped"), "{}", svc.log());
    drop(held);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operator_through_the_sdk_cannot_rewrite_the_audit_trail_or_read_pin_hashes() {
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

    // Every table is open to record users as the permissions say (none
    // left closed by a missing PERMISSIONS clause).
    let root = ratu::store::Store::open(&ratu::store::DbTarget::Remote {
        url: svc.url(),
        root: Some(("root".into(), root_pass)),
    })
    .await
    .expect("root signs in");
    assert_eq!(root.tables_closed_to_operators().await.unwrap(), Vec::<String>::new());
    let audit_before = root.audit_rows().await.unwrap();
    assert!(audit_before.len() > 5);
    drop(root);

    let ver1 = as_operator(&svc, "ver1", PIN).await.expect("ver1 signs in");
    // Reads work: the case, the audit trail.
    let r = sql(&ver1, "SELECT VALUE state FROM case;").await;
    assert_eq!(r[0], json!(["ra_review"]));
    // The audit trail is append-only.
    let r = sql(
        &ver1,
        "UPDATE audit SET body = 'x'; DELETE audit; SELECT count() AS n FROM audit GROUP ALL;",
    )
    .await;
    assert_eq!(r[2], json!([{ "n": audit_before.len() }]), "{r:?}");
    let r = sql(&ver1, "SELECT VALUE body FROM audit WHERE body = 'x';").await;
    assert_eq!(r[0], json!([]), "an audit body was rewritten: {r:?}");
    // Its head cannot be moved off the chain, nor removed.
    sql(&ver1, "UPDATE audit_head:chain SET seq = 0; DELETE audit_head;").await;
    // Nobody reads a PIN hash.
    let r = sql(&ver1, "SELECT pin_hash FROM operator; SELECT * FROM operator;").await;
    let text = serde_json::to_string(&r).unwrap();
    assert!(!text.contains("argon2"), "a PIN hash was revealed: {text}");
    assert!(text.contains("ver1"), "operators are listed: {text}");
    // Only a ca_admin makes operators or changes roles.
    let r = sql(
        &ver1,
        "CREATE operator CONTENT { name: 'evil', role: 'ca_admin', pin_hash: '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$Y2hlY2s', created_at: time::now() };\n\
         UPDATE operator SET role = 'ca_admin' WHERE name = 'ver1';\n\
         SELECT VALUE role FROM operator WHERE name IN ['ver1', 'evil'];",
    )
    .await;
    assert_eq!(r[2], json!(["verifier"]), "{r:?}");

    // The auditor writes nothing: not a case row, not a note, not an
    // audit event. The same case row from ver1 is accepted (the statement
    // is sound), then removed again.
    let aud = as_operator(&svc, "aud", PIN).await.expect("aud signs in");
    let clone =
        format!("CREATE case:999999 CONTENT (SELECT * OMIT id FROM ONLY case:{id}) + {{ open_slot: '999999' }};");
    let r = sql(&aud, &clone).await;
    assert!(!serde_json::to_string(&r).unwrap().contains("999999"), "{r:?}");
    sql(
        &aud,
        &format!(
            "UPDATE case:{id} SET last_note = 'by the auditor';\n\
             CREATE audit:999999 CONTENT {{ seq: 999999, prev_hash: 'x', hash: 'x', body: 'x' }};\n\
             UPSERT tally:probe SET n = 1;"
        ),
    )
    .await;
    let r = sql(
        &ver1,
        &format!(
            "SELECT VALUE id FROM case:999999; SELECT VALUE last_note FROM case:{id}; SELECT VALUE id FROM audit:999999; SELECT VALUE n FROM tally:probe;"
        ),
    )
    .await;
    assert_eq!(r[0], json!([]), "the auditor created a case: {r:?}");
    assert_ne!(r[1], json!(["by the auditor"]), "the auditor changed a case: {r:?}");
    assert_eq!(r[2], json!([]), "the auditor appended to the audit trail: {r:?}");
    assert_eq!(r[3], json!([]), "the auditor wrote a tally: {r:?}");
    let r = sql(
        &ver1,
        &format!("{clone} SELECT VALUE id FROM case:999999; DELETE case:999999;"),
    )
    .await;
    assert_eq!(
        r[1].as_array().map(Vec::len),
        Some(1),
        "a writer's CREATE is refused too: {r:?}"
    );
    drop((ver1, aud));

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
    drop(svc);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_service_issues_what_an_officer_approves_and_openssl_verifies_it() {
    let dir = tempfile::tempdir().unwrap();
    let (data, client) = (dir.path().join("service"), dir.path().join("client"));
    std::fs::create_dir_all(&client).unwrap();
    let mut svc = Service::start(&data, Some(PIN));
    staff(&svc, &client);
    // The CA is made beside the service's data, then the service restarts
    // holding it (its passphrase as the environment gives it here).
    let made = cli(&svc, &data, "admin")
        .env("RATU_CA_PASSPHRASE", CA_PASS)
        .args(["ca", "init"])
        .output()
        .unwrap();
    ok(&made);
    assert!(svc.stop().success());
    // SAFETY: this test runs in a process of its own (nextest); the
    // service started next inherits the passphrase.
    unsafe { std::env::set_var("RATU_CA_PASSPHRASE", CA_PASS) };
    let svc = Service::start(&data, None);
    assert!(svc.log().contains("CA unlocked"), "{}", svc.log());

    // An officer whose process has no CA approves; the service issues.
    let id = issuance_to_ra_review(&svc, &client);
    let out = ok(&run(&svc, &client, "ra1", &["case", "act", &id.to_string(), "approve"]));
    assert!(out.contains("the site service issues it"), "{out}");
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
    let verified = Command::new("openssl")
        .args(["verify", "-CAfile", &find("root"), "-untrusted", &find("issuing")])
        .arg(&leaf)
        .output()
        .unwrap();
    assert!(
        verified.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verified.stdout),
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(svc.log().contains("certificate(s) issued"), "{}", svc.log());
    assert!(
        data.join("publish/issuing-ca.crl").exists(),
        "the service published a CRL"
    );
}
