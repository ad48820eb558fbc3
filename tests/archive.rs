//! The archive of closed cases (issue #26): BagIt bags per month of
//! closure, the manifest signed by the office's CA, checked by ratu and by
//! the independent tools; tampering refused; retention that purges only
//! what a verified bag holds; an archive taken while the service writes;
//! the roles that may.

mod archive_support;
mod common;
mod serve_support;

use archive_support::*;
use ratu::api::Office;
use ratu::domain::CaseKind;
use ratu::ra::demo::{DEMO_PDF, DEMO_PNG};
use std::path::{Path, PathBuf};

/// A site with cases closed in October 2025 (one rejected, one issued
/// with its certificate) and November 2025 (one rejected), one case still
/// open, archived on 2026-01-05 with `--closed-before 2026-01-01` into
/// `out`. The cases' numbers: (october rejected, october issued,
/// november rejected, open).
async fn archived(out: &Path) -> (Site, [u64; 4]) {
    let site = Site::new(None, "123456", at(2025, 9, 1)).await;
    let s = &site.staff;
    let oct = site.at(at(2025, 10, 3));
    let a = rejected(&oct, s, 1).await;
    let oct = site.at(at(2025, 10, 20));
    let serial = common::issued(&oct, s, 2).await;
    let b = oct.store().case_ids_of_cert(&serial).await.unwrap()[0];
    let nov = site.at(at(2025, 11, 5));
    let c = rejected(&nov, s, 3).await;
    let open = nov
        .new_case(
            &s.ver1,
            common::new_case(CaseKind::Issuance, 4),
            &common::docs(CaseKind::Issuance),
        )
        .await
        .unwrap()
        .id;
    let jan = Office::from(site.at(at(2026, 1, 5)));
    let bags = jan
        .archive_create(&s.admin, at(2026, 1, 1), out)
        .await
        .expect("archived");
    let names: Vec<(&str, usize, bool)> = bags.iter().map(|(b, w)| (b.name.as_str(), b.cases, *w)).collect();
    assert_eq!(
        names,
        [("ratu-closed-2025-10", 2, true), ("ratu-closed-2025-11", 1, true)]
    );
    (site, [a, b, c, open])
}

#[tokio::test(flavor = "multi_thread")]
async fn an_archive_verifies_with_ratu_bagit_and_openssl() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("arsip");
    let (site, [a, b, c, open]) = archived(&out).await;
    let oct = out.join("ratu-closed-2025-10");
    let nov = out.join("ratu-closed-2025-11");

    // ratu: the folder of bags, and one bag alone.
    let (code, stdout, stderr) = verify(&out, &site.root());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("ratu-closed-2025-10: verified: 2 case(s)"), "{stdout}");
    assert!(stdout.contains("ratu-closed-2025-11: verified: 1 case(s)"), "{stdout}");
    assert_eq!(verify(&nov, &site.root()).0, 0);
    // The independent tools.
    for bag in [&oct, &nov] {
        let (ok, said) = bagit_validate(bag);
        assert!(ok, "bagit.py: {said}");
        let (ok, said) = openssl_cms(bag, &site);
        assert!(ok, "openssl cms: {said}");
        assert!(said.contains("Verification successful"), "{said}");
    }

    // What a bag holds: the documents byte-identical, the certificate,
    // the events, the head, the bag's facts; no open case.
    let docs = document_files(&oct, a);
    assert_eq!(docs.len(), 2);
    let bytes: Vec<Vec<u8>> = docs.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(bytes.contains(&DEMO_PDF.to_vec()) && bytes.contains(&DEMO_PNG.to_vec()));
    let case: serde_json::Value =
        serde_json::from_slice(&std::fs::read(oct.join(format!("data/cases/{b}/case.json"))).unwrap()).unwrap();
    assert_eq!(case["case"]["state"], "issued");
    let cert_file = oct.join(case["certificates"][0]["file"].as_str().unwrap());
    let (ok, text) = common::openssl::openssl(&[
        "x509",
        "-inform",
        "DER",
        "-noout",
        "-subject",
        "-in",
        cert_file.to_str().unwrap(),
    ]);
    assert!(ok && text.contains("subject="), "{text}");
    let events: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(oct.join(format!("data/cases/{b}/events.json"))).unwrap()).unwrap();
    assert!(events.len() >= 5, "{events:?}");
    assert!(events.iter().all(|e| e["hash"].as_str().unwrap().len() == 64));
    let info = std::fs::read_to_string(oct.join("bag-info.txt")).unwrap();
    for field in [
        "Source-Organization: Demo Badan Siber dan Sandi Negara",
        "Bagging-Date: 2026-01-05",
        "Payload-Oxum: ",
        "Ratu-Audit-Head-Seq: ",
        "Ratu-Audit-Head-Hash: ",
    ] {
        assert!(info.contains(field), "{field}: {info}");
    }
    let archive: serde_json::Value =
        serde_json::from_slice(&std::fs::read(oct.join("data/archive.json")).unwrap()).unwrap();
    assert_eq!(archive["case_ids"], serde_json::json!([a, b]));
    assert!(!out.join("ratu-closed-2026-01").exists());
    let archive: serde_json::Value =
        serde_json::from_slice(&std::fs::read(nov.join("data/archive.json")).unwrap()).unwrap();
    assert_eq!(
        archive["case_ids"],
        serde_json::json!([c]),
        "the open case {open} is in no bag"
    );
    // The signer is the RA's own archive certificate from the office's CA.
    let (ok, text) = common::openssl::openssl(&[
        "cms",
        "-cmsout",
        "-print",
        "-inform",
        "DER",
        "-in",
        oct.join("manifest-sha256.txt.p7s").to_str().unwrap(),
    ]);
    assert!(ok && text.contains("Archive Signer"), "{text}");

    // Show: the case from its bag alone, verified.
    let shown = archive_cli(&[
        "show",
        out.to_str().unwrap(),
        &b.to_string(),
        "--root",
        site.root().to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    assert!(text.contains("in bag ratu-closed-2025-10 (verified"), "{text}");
    use sha2::Digest;
    assert!(text.contains(&hex::encode(sha2::Sha256::digest(DEMO_PDF))), "{text}");
    assert!(text.contains(case["case"]["cert_serial"].as_str().unwrap()), "{text}");
    let missing = archive_cli(&[
        "show",
        out.to_str().unwrap(),
        &open.to_string(),
        "--root",
        site.root().to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(3));

    // Made again: the months are read back, not made twice.
    let again = tmp.path().join("salinan");
    let ra = site.at(at(2026, 1, 6));
    let bags = Office::from(ra.clone())
        .archive_create(&site.staff.aud, at(2026, 1, 1), &again)
        .await
        .unwrap();
    assert!(bags.iter().all(|(b, w)| !b.new && *w), "{bags:?}");
    assert_eq!(
        std::fs::read(again.join("ratu-closed-2025-10/manifest-sha256.txt")).unwrap(),
        std::fs::read(oct.join("manifest-sha256.txt")).unwrap()
    );
    let made = ra.store().bags().await.unwrap();
    assert_eq!(made.len(), 2);
    assert_eq!(made[0].case_ids, [a, b]);
    let page = ra
        .audit_page(&site.staff.aud, None, Some("archive_create"))
        .await
        .unwrap();
    assert_eq!(page.len(), 2, "one event per bag");
    assert_eq!(ra.verify_audit().await.unwrap().broken, None);
}

/// `bag` with its tag manifest recomputed after a change.
fn changed(out: &Path, name: &str, change: impl FnOnce(&Path)) -> PathBuf {
    let to = out.with_file_name(format!("{name}-copy"));
    copy_dir(&out.join("ratu-closed-2025-10"), &to);
    change(&to);
    to
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_byte_in_a_document_the_manifest_or_the_signature_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("arsip");
    let (site, [a, ..]) = archived(&out).await;
    let root = site.root();

    // A document.
    let bag = changed(&out, "doc", |b| flip(&document_files(b, a)[0], 40));
    let doc = document_files(&bag, a)[0]
        .strip_prefix(&bag)
        .unwrap()
        .display()
        .to_string();
    let (code, _, err) = verify(&bag, &root);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains(&doc) && err.lines().count() == 1, "{err}");
    assert!(!bagit_validate(&bag).0);

    // The manifest; then also with its tag manifest covered up.
    for retagged in [false, true] {
        let bag = changed(&out, &format!("manifest-{retagged}"), |b| {
            let m = b.join("manifest-sha256.txt");
            let text = std::fs::read_to_string(&m).unwrap();
            let c = if text.starts_with('0') { "1" } else { "0" };
            std::fs::write(&m, format!("{c}{}", &text[1..])).unwrap();
            if retagged {
                retag(b);
            }
        });
        let (code, _, err) = verify(&bag, &root);
        assert_eq!(code, 3, "{err}");
        assert!(err.contains("manifest-sha256.txt"), "{err}");
        assert!(!openssl_cms(&bag, &site).0, "openssl accepted a changed manifest");
    }

    // The signature, both ways.
    for retagged in [false, true] {
        let bag = changed(&out, &format!("sig-{retagged}"), |b| {
            flip(&b.join("manifest-sha256.txt.p7s"), -5);
            if retagged {
                retag(b);
            }
        });
        let (code, _, err) = verify(&bag, &root);
        assert_eq!(code, 3, "{err}");
        assert!(err.contains("manifest-sha256.txt.p7s"), "{err}");
        assert!(!openssl_cms(&bag, &site).0, "openssl accepted a changed signature");
    }

    // A file added to the payload, and one taken away.
    let bag = changed(&out, "extra", |b| {
        std::fs::write(b.join("data/cases/catatan.txt"), "x").unwrap()
    });
    let (code, _, err) = verify(&bag, &root);
    assert_eq!((code, err.contains("data/cases/catatan.txt")), (3, true), "{err}");
    let bag = changed(&out, "gone", |b| {
        std::fs::remove_file(&document_files(b, a)[1]).unwrap()
    });
    let (code, _, err) = verify(&bag, &root);
    assert_eq!((code, err.contains("missing")), (3, true), "{err}");

    // Another office's root: the bag's own certificates prove nothing.
    let other = tempfile::tempdir().unwrap();
    let h = ratu::ca::create_hierarchy(&ratu::ca::HierarchySpec::default(), at(2025, 1, 1)).unwrap();
    let other_root = other.path().join("root.pem");
    std::fs::write(&other_root, ratu::ca::pem_encode("CERTIFICATE", &h.root.cert_der)).unwrap();
    let (code, _, err) = verify(&out, &other_root);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("root"), "{err}");
    // The untouched archive still verifies.
    assert_eq!(verify(&out, &root).0, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_purge_spares_unarchived_and_young_cases_and_keeps_records_and_history() {
    let site = Site::new(None, "123456", at(2019, 1, 2)).await;
    let s = &site.staff;
    // Closed in May 2019 (old), and in November 2025 (young).
    let may = site.at(at(2019, 5, 10));
    let old = rejected(&may, s, 1).await;
    let serial = common::issued(&may, s, 2).await;
    let old_issued = may.store().case_ids_of_cert(&serial).await.unwrap()[0];
    let young = rejected(&site.at(at(2025, 11, 5)), s, 3).await;
    let ra = site.at(at(2026, 1, 5));
    let bags = ra.archive_create(&s.admin, at(2026, 1, 1)).await.unwrap();
    assert_eq!(bags.len(), 2);
    // Closed in June 2019 after the archive was made: in no bag.
    let unarchived = rejected(&site.at(at(2019, 6, 15)), s, 4).await;

    let later = site.at(at(2026, 2, 1));
    let docs_of = async |id: u64| later.documents(id).await.unwrap();
    // A bag that does not verify on disk: nothing from it goes.
    let doc_file = document_files(&site.cfg.archive.dir.join("ratu-closed-2019-05"), old)[0].clone();
    flip(&doc_file, 100);
    let r = later.archive_purge(&s.admin, false).await.unwrap();
    let may_bag = r.bags.iter().find(|b| b.bag == "ratu-closed-2019-05").unwrap();
    assert!(may_bag.refused.as_deref().unwrap().contains("does not verify"), "{r:?}");
    assert_eq!(may_bag.documents, 0);
    assert!(docs_of(old).await.iter().all(|d| d.purged_at.is_none()));
    flip(&doc_file, 100);

    // A dry run says, and changes nothing.
    let dry = later.archive_purge(&s.admin, true).await.unwrap();
    let may_bag = dry.bags.iter().find(|b| b.bag == "ratu-closed-2019-05").unwrap();
    let held = docs_of(old).await.len() + docs_of(old_issued).await.len();
    assert_eq!(
        (may_bag.refused.clone(), may_bag.cases.len(), may_bag.documents),
        (None, 2, held),
        "{dry:?}"
    );
    assert!(docs_of(old).await.iter().all(|d| d.purged_at.is_none()));

    let r = later.archive_purge(&s.admin, false).await.unwrap();
    assert_eq!(r.cutoff, at(2021, 2, 1));
    let may_bag = r.bags.iter().find(|b| b.bag == "ratu-closed-2019-05").unwrap();
    let mut purged_cases = may_bag.cases.clone();
    purged_cases.sort();
    assert_eq!(purged_cases, [old, old_issued]);
    let nov_bag = r.bags.iter().find(|b| b.bag == "ratu-closed-2025-11").unwrap();
    assert_eq!((nov_bag.documents, nov_bag.refused.clone()), (0, None), "young: kept");

    // Old and archived: records stay, content gone, said so.
    for id in [old, old_issued] {
        let docs = docs_of(id).await;
        assert!(!docs.is_empty());
        for d in docs {
            assert_eq!(d.purged_bag.as_deref(), Some("ratu-closed-2019-05"));
            assert_eq!(d.sha256.len(), 64);
            let err = later.document_bytes(&s.admin, &d.id).await.unwrap_err().to_string();
            assert!(err.contains("purged") && err.contains("ratu-closed-2019-05"), "{err}");
        }
        let view = later.show(&s.admin, id).await.unwrap();
        assert!(view.case.state.is_closed());
        assert!(!later.store().audit_for_case(id).await.unwrap().is_empty());
    }
    // Young, and old but in no bag: whole.
    for id in [young, unarchived] {
        for d in docs_of(id).await {
            assert_eq!(d.purged_at, None);
            later.document_bytes(&s.admin, &d.id).await.expect("still readable");
        }
    }
    // The purge is in the trail, with the bag and its manifest; the chain
    // is whole; a second purge finds nothing more.
    let page = later.audit_page(&s.aud, None, Some("archive_purge")).await.unwrap();
    assert_eq!(page.len(), 1, "one event for the one bag purged from");
    let manifest = &may_bag.manifest_sha256;
    let text = format!("{:?}", page[0]);
    assert!(
        text.contains("ratu-closed-2019-05") && text.contains(manifest.as_str()),
        "{text}"
    );
    assert_eq!(later.verify_audit().await.unwrap().broken, None);
    let again = later.archive_purge(&s.admin, false).await.unwrap();
    assert!(again.bags.iter().all(|b| b.documents == 0), "{again:?}");
    // The bag itself still verifies and still shows the case whole.
    let root = ratu::ca::first_certificate_der("root", &std::fs::read(site.root()).unwrap()).unwrap();
    let shown = ratu::ra::archive::show_case(&site.cfg.archive.dir, old, Some(&root)).unwrap();
    assert!(shown.verified.starts_with("verified"), "{}", shown.verified);
    assert_eq!(shown.case.documents.len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_ca_admin_or_an_auditor_archives_and_only_a_ca_admin_purges() {
    let site = Site::new(None, "123456", at(2025, 9, 1)).await;
    let s = &site.staff;
    rejected(&site.at(at(2025, 10, 3)), s, 1).await;
    let ra = site.at(at(2026, 1, 5));
    for op in [&s.ver1, &s.ra1] {
        let err = ra.archive_create(op, at(2026, 1, 1)).await.unwrap_err();
        assert!(matches!(err, ratu::ra::RaError::NotAllowed(_)), "{err}");
    }
    for op in [&s.ver1, &s.ra1, &s.aud] {
        let err = ra.archive_purge(op, true).await.unwrap_err();
        assert!(matches!(err, ratu::ra::RaError::NotAllowed(_)), "{err}");
    }
    assert!(ra.store().bags().await.unwrap().is_empty(), "a refusal makes nothing");
    assert_eq!(ra.archive_create(&s.aud, at(2026, 1, 1)).await.unwrap().len(), 1);
    // A month not begun is refused, in one line.
    let err = ra
        .archive_create(&s.admin, at(2026, 3, 1))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("has not begun") && !err.contains('\n'), "{err}");
}

/// While ver1 keeps opening cases through the service, the archive is
/// made through the same service and written by the CLI: it verifies.
#[tokio::test(flavor = "multi_thread")]
async fn an_archive_made_while_the_service_keeps_writing_verifies() {
    use serve_support::{PIN, Service, cli, ok};
    // Cases closed last month and before, in the service's data folder.
    let site = Site::new(
        Some(&|data: &Path| ratu::store::DbTarget::Embedded(data.join("db"))),
        PIN,
        at(2026, 1, 2),
    )
    .await;
    let s = &site.staff;
    let mut closed = Vec::new();
    for (n, month) in (1..=6).zip([3, 4, 5, 6, 7, 8]) {
        closed.push(rejected(&site.at(at(2026, month, 10)), s, n).await);
    }
    let data = site.data();
    let Site { dir, store, .. } = site;
    assert!(store.close(std::time::Duration::from_secs(30)).await);
    // SAFETY: this test runs in a process of its own (nextest); the
    // service started next inherits the passphrase.
    unsafe { std::env::set_var("RATU_CA_PASSPHRASE", common::CA_PASS) };
    let svc = Service::start(&data, None);
    assert!(svc.log().contains("CA unlocked"), "{}", svc.log());
    let client = dir.path().join("client");
    std::fs::create_dir_all(&client).unwrap();
    let pdf = client.join("rekomendasi.pdf");
    std::fs::write(&pdf, DEMO_PDF).unwrap();

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (stop, url, client, pdf) = (stop.clone(), svc.url(), client.clone(), pdf.clone());
        std::thread::spawn(move || {
            let mut made = 0u32;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let app = common::applicant(100 + made);
                let o = std::process::Command::new(env!("CARGO_BIN_EXE_ratu"))
                    .args(["--data", client.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
                    .args(["--server", &url, "--operator", "ver1"])
                    .env("RATU_PIN", PIN)
                    .args(["case", "new", "issuance", "--name", &app.name, "--nik", &app.nik])
                    .args(["--nip", app.nip.as_deref().unwrap_or_default(), "--email", &app.email])
                    .args(["--agency", &app.agency])
                    .arg("--doc")
                    .arg(format!("recommendation={}", pdf.display()))
                    .output()
                    .unwrap();
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
                made += 1;
            }
            made
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(500));
    let out = dir.path().join("arsip");
    let this_month = chrono::Utc::now().format("%Y-%m-01").to_string();
    let said = ok(&cli(&svc, &client, "admin")
        .args(["archive", "create", "--closed-before", &this_month, "--out"])
        .arg(&out)
        .output()
        .unwrap());
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let written = writer.join().unwrap();
    assert!(written >= 1, "the writer wrote meanwhile");
    for month in 3..=8 {
        assert!(
            said.contains(&format!("ratu-closed-2026-{month:02}: 1 case(s)")),
            "{said}"
        );
    }
    let root = data.join("ca/root.pem");
    let (code, stdout, stderr) = verify(&out, &root);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 6, "{stdout}");
    // The service kept its own copy, which is what a purge re-verifies.
    assert_eq!(verify(&data.join("archive"), &root).0, 0);
    // No working folder left behind.
    assert!(
        std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().starts_with('.'))
    );
    assert_eq!(closed.len(), 6);
}

/// The service's monthly duty (config `archive_dir`): each month once it
/// is over, never twice, nothing of the month still running.
#[tokio::test(flavor = "multi_thread")]
async fn the_monthly_duty_archives_each_month_once_it_is_over() {
    let mut site = Site::new(None, "123456", at(2025, 9, 1)).await;
    site.cfg.archive.duty = true;
    let s = &site.staff;
    rejected(&site.at(at(2025, 10, 3)), s, 1).await;
    rejected(&site.at(at(2025, 11, 5)), s, 2).await;
    rejected(&site.at(at(2025, 12, 2)), s, 3).await;
    let dec = site.at(at(2025, 12, 3));
    assert_eq!(dec.archive_due().await.unwrap(), 2, "October and November");
    assert_eq!(dec.archive_due().await.unwrap(), 0, "not made twice");
    let jan = site.at(at(2026, 1, 2));
    assert_eq!(jan.archive_due().await.unwrap(), 1, "December, once it is over");
    let names: Vec<String> = jan.store().bags().await.unwrap().into_iter().map(|b| b.name).collect();
    assert_eq!(
        names,
        ["ratu-closed-2025-10", "ratu-closed-2025-11", "ratu-closed-2025-12"]
    );
    assert_eq!(verify(&site.cfg.archive.dir, &site.root()).0, 0);
    let made_by = jan.audit_page(&s.aud, None, Some("archive_create")).await.unwrap();
    assert_eq!(made_by.len(), 3);
    assert!(format!("{:?}", made_by[0]).contains(ratu::ra::SERVICE_OPERATOR));
}
