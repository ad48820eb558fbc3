//! Agencies are a managed list, and a verifier sees and acts on their own
//! agencies' cases only: through `ra`, the command line and the console.
//! (Through raw SurrealQL on the shared server: tests/serve.rs.)

mod common;
mod tui_support;

use common::*;
use ratu::domain::{Action, CaseKind, CheckItem, DocKind, Operator, Role};
use ratu::ra::Ra;
use ratu::store::CaseFilter;
use std::path::Path;
use std::process::{Command, Output};

/// ver1's and ver2's agencies include both; `verx` has only the first.
const X: &str = AGENCIES[0];
const Y: &str = AGENCIES[1];

/// A verifier of agency X only.
async fn verifier_of_x(ra: &Ra, s: &Staff) -> Operator {
    ra.add_operator_in(Some(&s.admin), "verx", Role::Verifier, &[X.into()], "123456")
        .await
        .unwrap()
}

/// A case of agency Y (opened by ver1), with a document.
async fn case_of_y(ra: &Ra, s: &Staff, serial: u32) -> u64 {
    let mut new = new_case(CaseKind::Issuance, serial);
    new.subscriber.agency = Y.into();
    let c = ra.new_case(&s.ver1, new, &docs(CaseKind::Issuance)).await.unwrap();
    c.id
}

fn refused_as_out_of_scope(r: Result<impl std::fmt::Debug, ratu::ra::RaError>) {
    let e = r.unwrap_err().to_string();
    assert!(e.contains("not a case of verx's agencies"), "{e}");
}

#[tokio::test]
async fn a_verifier_of_agency_x_neither_lists_nor_acts_on_a_case_of_agency_y() {
    let (ra, s) = staffed().await;
    let verx = verifier_of_x(&ra, &s).await;
    let y = case_of_y(&ra, &s, 1).await;
    let x = ra
        .new_case(&verx, new_case(CaseKind::Issuance, 2), &docs(CaseKind::Issuance))
        .await
        .unwrap()
        .id;

    // Lists, queues and counts hold X's case only.
    let all = CaseFilter {
        limit: 100,
        ..Default::default()
    };
    let ids = |cases: Vec<ratu::domain::Case>| cases.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(ra.list(&verx, &all).await.unwrap()), vec![x]);
    assert_eq!(ids(ra.queue_cases(&verx, CaseKind::Issuance).await.unwrap()), vec![x]);
    let pending = CaseFilter {
        kind: Some(CaseKind::Issuance),
        pending_only: true,
        limit: 100,
        ..Default::default()
    };
    assert_eq!(ids(ra.list(&verx, &pending).await.unwrap()), vec![x]);
    assert_eq!(ra.counts(&verx).await.unwrap().total(CaseKind::Issuance), 1);
    assert_eq!(ra.counts(&s.ra1).await.unwrap().total(CaseKind::Issuance), 2);
    let later = Ra::new(
        ra.store().clone(),
        ratu::ra::RaConfig::default(),
        ratu::ra::Clock::Fixed(t0() + chrono::Duration::days(10)),
    );
    assert_eq!(later.overdue_count(&verx, CaseKind::Issuance).await.unwrap(), 1);
    assert_eq!(later.overdue_count(&s.ra1, CaseKind::Issuance).await.unwrap(), 2);

    // Nor read, nor act on, Y's case.
    refused_as_out_of_scope(ra.show(&verx, y).await);
    refused_as_out_of_scope(ra.act(&verx, y, Action::SendToApplicant, None, None).await);
    refused_as_out_of_scope(ra.act(&verx, y, Action::Cancel, Some("salah"), None).await);
    refused_as_out_of_scope(ra.tick(&verx, y, CheckItem::KtpMatches, true, None).await);
    refused_as_out_of_scope(
        ra.attach(&verx, y, DocKind::Ktp, "ktp.png", ratu::ra::demo::DEMO_PNG)
            .await,
    );
    refused_as_out_of_scope(ra.reveal_nik(&verx, y).await);
    refused_as_out_of_scope(ra.resend_link(&verx, y, None).await);
    refused_as_out_of_scope(ra.links(&verx, y).await);
    let doc = ra.documents(y).await.unwrap().remove(0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ktp.out");
    refused_as_out_of_scope(ra.export_document(&verx, &doc.id, &out).await);
    assert!(!out.exists(), "another agency's document was written out");
    assert!(ra.case_seen_by(&verx, y).await.unwrap().is_none());
    assert!(ra.case_seen_by(&verx, x).await.unwrap().is_some());
    let nik = ra.case(y).await.unwrap().subscriber.nik.to_string();
    // Nor Y's holder: their name, e-mail and NIK are Y's to see.
    for reveal in [false, true] {
        let e = ra.holder_show(&verx, &nik, reveal).await.unwrap_err().to_string();
        assert!(e.contains("is not of verx's agencies"), "{e}");
    }
    assert!(ra.holder_search(&verx, &nik).await.unwrap().is_empty());
    // Nothing was written to Y's case.
    assert_eq!(ra.case(y).await.unwrap().version, 1);
    // Nor may verx open a case of Y.
    let mut new = new_case(CaseKind::Issuance, 3);
    new.subscriber.agency = Y.into();
    let e = ra.new_case(&verx, new, &[]).await.unwrap_err().to_string();
    assert!(e.contains("verx works on cases of") && e.contains(Y), "{e}");

    // The RA officers, the CA admin and the auditor see every agency.
    for op in [&s.ra1, &s.admin, &s.aud] {
        assert_eq!(ra.list(op, &all).await.unwrap().len(), 2, "{}", op.name);
        ra.show(op, y).await.unwrap();
    }
    // And ver1, of both agencies, acts on Y's case.
    ra.act(&s.ver1, y, Action::SendToApplicant, None, None).await.unwrap();
}

#[tokio::test]
async fn a_cases_agency_must_be_on_the_list_and_takes_the_lists_spelling() {
    let (ra, s) = staffed().await;
    let mut new = new_case(CaseKind::Issuance, 1);
    new.subscriber.agency = "Dinas Pendidikan Kota Medn".into();
    let e = ra.new_case(&s.ver1, new, &[]).await.unwrap_err().to_string();
    assert!(e.contains("did you mean \"Dinas Pendidikan Kota Medan\""), "{e}");
    let mut new = new_case(CaseKind::Issuance, 1);
    new.subscriber.agency = "Kantor Yang Tidak Ada Sama Sekali".into();
    let e = ra.new_case(&s.ver1, new, &[]).await.unwrap_err().to_string();
    assert!(e.contains("known agencies: ") && !e.contains('\n'), "{e}");
    let mut new = new_case(CaseKind::Issuance, 1);
    new.subscriber.agency = "dinas  pendidikan kota medan".into();
    let c = ra.new_case(&s.ver1, new, &docs(CaseKind::Issuance)).await.unwrap();
    assert_eq!(c.subscriber.agency, "Dinas Pendidikan Kota Medan");
}

#[tokio::test]
async fn agencies_and_verifiers_agencies_are_kept_by_a_ca_admin_and_audited() {
    let (ra, s) = staffed().await;
    // Only a ca_admin adds one; once; names are made canonical.
    let e = ra.add_agency(&s.ver1, "Bappeda Kota Bogor").await.unwrap_err();
    assert!(e.to_string().contains("only a ca_admin adds agencies"), "{e}");
    assert_eq!(
        ra.add_agency(&s.admin, "  Bappeda   Kota Bogor ").await.unwrap(),
        "Bappeda Kota Bogor"
    );
    let e = ra.add_agency(&s.admin, "BAPPEDA KOTA BOGOR").await.unwrap_err();
    assert!(e.to_string().contains("already on the list"), "{e}");
    assert!(ra.add_agency(&s.admin, "Bappeda\u{200b}").await.is_err());
    assert!(ra.agencies().await.unwrap().contains(&"Bappeda Kota Bogor".to_string()));

    // A verifier needs one or more listed agencies; other roles none.
    let add = |name: &'static str, role, agencies: Vec<String>| {
        let (ra, admin) = (ra.clone(), s.admin.clone());
        async move { ra.add_operator_in(Some(&admin), name, role, &agencies, "123456").await }
    };
    let e = add("v9", Role::Verifier, vec![]).await.unwrap_err();
    assert!(e.to_string().contains("at least one agency"), "{e}");
    let e = add("v9", Role::Verifier, vec!["Dinas Entah".into()]).await.unwrap_err();
    assert!(e.to_string().contains("not on the list"), "{e}");
    let e = add("r9", Role::RaOfficer, vec![X.into()]).await.unwrap_err();
    assert!(e.to_string().contains("only a verifier is given agencies"), "{e}");
    let e = ra
        .add_operator(Some(&s.admin), "v9", Role::Verifier, "123456")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("at least one agency"), "{e}");
    let v9 = add("v9", Role::Verifier, vec!["bappeda kota bogor".into(), X.into()])
        .await
        .unwrap();
    assert_eq!(v9.agencies, vec!["Bappeda Kota Bogor".to_string(), X.to_string()]);
    // Signing in gives the verifier their agencies.
    assert_eq!(ra.sign_in("v9", "123456").await.unwrap().agencies, v9.agencies);

    // A ca_admin changes them; nobody else.
    let e = ra.set_agencies(&s.ver1, "v9", &[Y.into()]).await.unwrap_err();
    assert!(e.to_string().contains("only a ca_admin"), "{e}");
    let e = ra.set_agencies(&s.admin, "ra1", &[Y.into()]).await.unwrap_err();
    assert!(e.to_string().contains("only a verifier"), "{e}");
    let v9 = ra.set_agencies(&s.admin, "v9", &[Y.into()]).await.unwrap();
    assert_eq!(ra.sign_in("v9", "123456").await.unwrap().agencies, vec![Y.to_string()]);
    assert_eq!(v9.agencies, vec![Y.to_string()]);

    let trail = ra.audit_trail(&s.aud).await.unwrap();
    for action in ["agency_add", "operator_agencies"] {
        assert!(
            trail.iter().any(|l| l.action == action),
            "no {action} in the audit trail"
        );
    }
    assert!(ra.verify_audit().await.unwrap().broken.is_none());
}

// --- the command line ----------------------------------------------------

fn ratu(data: &Path, op: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(["--operator", op])
        .args(args)
        .env("RATU_PIN", "123456")
        .output()
        .expect("ratu runs")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "stderr: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A refusal: its one-line error.
fn fails(o: &Output) -> String {
    assert!(!o.status.success(), "accepted: {}", String::from_utf8_lossy(&o.stdout));
    let e = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
    e
}

#[tokio::test(flavor = "multi_thread")]
async fn from_the_command_line_a_verifier_of_agency_x_cannot_list_or_act_on_a_case_of_agency_y() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let y = {
        let ra = ra_on(&ratu::store::DbTarget::Embedded(d.join("db"))).await;
        let s = staff(&ra).await;
        case_of_y(&ra, &s, 1).await
    };
    let n = y.to_string();

    // The list, and who may keep it (once this process's store, dropped,
    // has let the folder go).
    let mut first = ratu(d, "ver1", &["agency", "list", "--json"]);
    for _ in 0..100 {
        if !String::from_utf8_lossy(&first.stderr).contains("in use by another ratu process") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        first = ratu(d, "ver1", &["agency", "list", "--json"]);
    }
    let list: Vec<String> = serde_json::from_str(&ok(&first)).unwrap();
    assert_eq!(list.len(), AGENCIES.len());
    let e = fails(&ratu(d, "ver1", &["agency", "add", "Bappeda Kota Bogor"]));
    assert!(e.contains("only a ca_admin"), "{e}");
    ok(&ratu(d, "admin", &["agency", "add", "Bappeda Kota Bogor"]));
    assert!(ok(&ratu(d, "aud", &["agency", "list"])).contains("Bappeda Kota Bogor"));

    // A verifier needs listed agencies; other roles take none.
    let add = |extra: &[&str]| ratu(d, "admin", &[&["operator", "add"][..], extra].concat());
    let e = fails(&add(&["verx", "--role", "verifier"]));
    assert!(e.contains("at least one agency"), "{e}");
    let e = fails(&add(&[
        "verx",
        "--role",
        "verifier",
        "--agency",
        "Dinas Entah Berantah",
    ]));
    assert!(e.contains("not on the list"), "{e}");
    let e = fails(&add(&["ra9", "--role", "ra_officer", "--agency", X]));
    assert!(e.contains("only a verifier"), "{e}");
    ok(&add(&["verx", "--role", "verifier", "--agency", X]));
    let ops = ok(&ratu(d, "admin", &["operator", "list", "--json"]));
    assert!(ops.contains(X), "{ops}");

    // verx lists no case of Y and acts on none.
    let rows = ok(&ratu(d, "verx", &["case", "list", "--json"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&rows).unwrap();
    assert!(rows.is_empty(), "{rows:?}");
    let counts: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&ratu(d, "verx", &["case", "counts", "--json"]))).unwrap();
    assert_eq!(counts[0]["kind"], "issuance");
    assert_eq!(counts[0]["total"], 0, "{counts:?}");
    for args in [
        &["case", "show", &n][..],
        &["case", "act", &n, "send_to_applicant"],
        &["case", "act", &n, "tick:ktp_matches"],
        &["case", "resend-link", &n],
    ] {
        let e = fails(&ratu(d, "verx", args));
        assert!(e.contains("not a case of verx's agencies"), "{args:?}: {e}");
    }
    // Nor opens one; an unlisted agency names the closest listed one.
    let new = |agency: &str| {
        ratu(
            d,
            "verx",
            &[
                "case",
                "new",
                "issuance",
                "--name",
                "Siti Rahayu",
                "--nik",
                "3273015203900009",
                "--email",
                "siti@bandung.go.id",
                "--agency",
                agency,
            ],
        )
    };
    let e = fails(&new(Y));
    assert!(e.contains("verx works on cases of"), "{e}");
    let e = fails(&new("Bappeda Kota Bogr"));
    assert!(e.contains("did you mean \"Bappeda Kota Bogor\""), "{e}");

    // Once given Y, verx sees it.
    ok(&ratu(
        d,
        "admin",
        &["operator", "agencies", "verx", "--agency", X, "--agency", Y],
    ));
    let rows = ok(&ratu(d, "verx", &["case", "list", "--json"]));
    assert!(rows.contains(&format!("\"id\": {y}")), "{rows}");
    ok(&ratu(d, "verx", &["case", "show", &n]));
}

// --- the console -----------------------------------------------------------

#[tokio::test]
async fn in_the_console_a_verifier_sees_only_their_agencies_cases_and_counts() {
    use ratu::tui::event::Msg;
    use tui_support::Harness;
    let ra = tui_support::demo_ra(60).await;
    let v2 = ra
        .operators()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name == "verifikator2")
        .unwrap();
    assert_eq!(v2.agencies.len(), ratu::ra::demo::DEMO_VERIFIER2_AGENCIES);
    let mut v = Harness::signed_in(&ra, "verifikator2", Role::Verifier).await;
    let mut officer = Harness::signed_in(&ra, "petugas1", Role::RaOfficer).await;
    let (mut seen, mut all) = (0, 0);
    let mut other = None;
    for (mine, theirs) in v.app.home.queues.iter().zip(&officer.app.home.queues) {
        for r in &mine.rows {
            assert!(v2.covers(&r.case.subscriber.agency), "case {} shown", r.case.id);
        }
        assert_eq!(mine.counts.total, mine.rows.len());
        seen += mine.rows.len();
        all += theirs.rows.len();
        other = other.or(theirs
            .rows
            .iter()
            .find(|r| !v2.covers(&r.case.subscriber.agency))
            .map(|r| r.case.clone()));
    }
    assert!(seen > 0 && seen < all, "verifikator2 sees {seen} of {all}");
    let other = other.expect("a case of another agency");
    assert!(!v.screen(160, 48).contains(&other.subscriber.name));

    // A change to another agency's case, reported by the LIVE query, does
    // not bring it into the verifier's queue.
    v.app.handle_msg(Msg::Changed(other.id));
    v.settle().await;
    let shown: usize = v.app.home.queues.iter().map(|q| q.rows.len()).sum();
    assert_eq!(shown, seen);
    assert!(
        !v.app
            .home
            .queues
            .iter()
            .flat_map(|q| &q.rows)
            .any(|r| r.case.id == other.id)
    );
    officer.app.handle_msg(Msg::Changed(other.id));
    officer.settle().await;
}

#[tokio::test]
async fn the_consoles_new_case_form_refuses_an_agency_not_on_the_list_in_one_line() {
    use crossterm::event::{KeyCode, KeyModifiers};
    use tui_support::Harness;
    let (ra, _s) = staffed().await;
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("rekomendasi.pdf");
    std::fs::write(&pdf, ratu::ra::demo::DEMO_PDF).unwrap();
    let mut v = Harness::signed_in(&ra, "ver1", Role::Verifier).await;
    v.key(KeyCode::Char('N')).await;
    assert_eq!(v.app.screen, ratu::tui::Screen::NewCase);
    // name, NIK, NIP, NPWP, e-mail, phone, agency, unit, position, ...
    let fields = [
        "Siti Rahayu",
        "3273015203900001",
        "",
        "",
        "siti@bandung.go.id",
        "",
        "Dinas Pendidikan Kota Medn",
        "",
        "",
        "",
        "",
    ];
    for text in fields {
        v.chars(text).await;
        v.key(KeyCode::Tab).await;
    }
    v.chars(&format!("recommendation={}", pdf.display())).await;
    v.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL).await;
    assert_eq!(v.app.screen, ratu::tui::Screen::NewCase, "the form stays open");
    let toasts = v.toasts();
    let said = toasts.last().expect("a refusal");
    assert!(
        said.contains("did you mean \"Dinas Pendidikan Kota Medan\""),
        "{toasts:?}"
    );
    assert!(!said.contains('\n'));
    assert!(
        ra.list(
            &ra.sign_in("ver1", "123456").await.unwrap(),
            &CaseFilter {
                limit: 10,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .is_empty()
    );
}
