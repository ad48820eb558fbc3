//! The service's API as clients and attackers meet it: the real router on
//! a loopback port over an RA on mem://, spoken to in raw HTTP. Every verb
//! for every role (and a verifier of another agency) is one snapshot; the
//! attacks a verifier tried against the database are tried here, and the
//! audit chain still verifies after them.

mod api_support;
mod common;

use api_support::serve;
use common::*;
use ratu::api::Call;
use ratu::domain::{Action, CaseKind, CheckItem, Role};
use ratu::ra::Ra;
use serde_json::{Value, json};

const PIN: &str = "123456";
const OTHER_AGENCY: &str = "Dinas Pendidikan Kota Medan";

/// A site with a CA: case `review` waits on the RA, case `draft` is a
/// verifier's draft, certificate `serial` is in force; `verx` is a
/// verifier of another agency only.
struct Site {
    ra: Ra,
    review: u64,
    draft: u64,
    doc: String,
    serial: String,
    nik: String,
    _dir: tempfile::TempDir,
}

async fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let (ra, s) = staffed_with_ca(dir.path()).await;
    ra.add_operator_in(Some(&s.admin), "verx", Role::Verifier, &[OTHER_AGENCY.to_string()], PIN)
        .await
        .unwrap();
    let serial = issued(&ra, &s, 2).await;
    let review = in_ra_review(&ra, &s, 1).await;
    let draft = ra
        .new_case(&s.ver1, new_case(CaseKind::Issuance, 3), &docs(CaseKind::Issuance))
        .await
        .unwrap();
    let doc = ra.show(&s.ver1, draft.id).await.unwrap().documents[0].id.clone();
    Site {
        ra,
        review,
        draft: draft.id,
        doc,
        serial,
        nik: draft.subscriber.nik.to_string(),
        _dir: dir,
    }
}

/// The verbs in the order the matrix calls them.
fn verbs(s: &Site) -> Vec<Call> {
    use ratu::domain::CaseFilter;
    let case = new_case(CaseKind::Issuance, 7);
    let documents = docs(CaseKind::Issuance)
        .into_iter()
        .map(|(kind, name, bytes)| ratu::api::Doc { kind, name, bytes })
        .collect();
    vec![
        Call::CasesList {
            filter: CaseFilter {
                limit: 5,
                ..Default::default()
            },
        },
        Call::CasesCounts {},
        Call::CasesShow { id: s.review },
        Call::CasesGet { id: s.review },
        Call::CasesRevealNik { id: s.review },
        Call::DocumentsRead { id: s.doc.clone() },
        Call::DocumentsExport { id: s.doc.clone() },
        Call::HoldersSearch { text: "agung".into() },
        Call::HoldersShow {
            nik: s.nik.clone(),
            reveal_nik: false,
        },
        Call::CertsList {
            status: None,
            within_secs: None,
            limit: 10,
        },
        Call::CertsShow {
            serial: s.serial.clone(),
        },
        Call::CaStatus {},
        Call::ServiceRoom {},
        Call::ReportsMake {
            ask: ratu::domain::report::ReportAsk {
                period: ratu::domain::report::Period::month("2026-11").unwrap(),
                agency: None,
                trace: false,
            },
        },
        Call::AuditPage {
            before: None,
            text: None,
        },
        Call::AuditVerify {},
        Call::OperatorsList {},
        Call::AgenciesList {},
        Call::CasesNew { case, documents },
        Call::CasesTick {
            id: s.draft,
            item: CheckItem::KtpMatches,
            ticked: true,
            version: None,
        },
        Call::CasesAct {
            id: s.draft,
            action: Action::SendToApplicant,
            note: None,
            version: None,
        },
        Call::CasesAct {
            id: s.review,
            action: Action::Approve,
            note: None,
            version: None,
        },
        Call::CertsRevoke {
            serial: s.serial.clone(),
            reason: ratu::domain::RevocationReason::Superseded,
            invalidity: None,
        },
        Call::CrlPublish {},
        Call::CertsExpiryWatch {},
        Call::CertsP12Unlock {
            serial: s.serial.clone(),
        },
        Call::OperatorsAdd {
            name: "baru".into(),
            role: Role::Auditor,
            agencies: vec![],
            pin: "654321".into(),
        },
        Call::AgenciesAdd {
            name: "Dinas Baru Kota Demo".into(),
        },
        Call::OperatorsSetPin {
            name: "ra2".into(),
            pin: "999999".into(),
        },
        Call::OperatorsDisable { name: "ra2".into() },
        Call::ArchiveCreate {
            closed_before: common::t0(),
        },
        Call::ArchivePurge { dry_run: true },
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn every_verb_for_every_role_through_the_api() {
    let mut table = String::new();
    for who in ["ver1", "verx", "ra1", "admin", "aud"] {
        let site = site().await;
        let calls = verbs(&site);
        let api = serve(site.ra.clone()).await;
        let token = api.sign_in(who, PIN).await;
        for call in calls {
            let verb = call.verb();
            let outcome = api.outcome(&token, &verb, call.args()).await;
            table.push_str(&format!("{who:<6} {verb:<20} {outcome}\n"));
        }
        // Whatever was tried, the chain is whole.
        let report = site.ra.verify_audit().await.unwrap();
        assert_eq!(report.broken, None, "{who}");
    }
    insta::assert_snapshot!(table);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_verifier_over_raw_http_cannot_approve_reach_another_agency_forge_the_audit_or_reuse_a_token() {
    let site = site().await;
    let api = serve(site.ra.clone()).await;
    let ver1 = api.sign_in("ver1", PIN).await;
    let verx = api.sign_in("verx", PIN).await;

    // Approve alone: the workflow refuses a verifier.
    let (st, v) = api
        .post(
            Some(&ver1),
            "cases.act",
            json!({ "id": site.review, "action": "approve" }),
        )
        .await;
    assert_eq!((st, v["code"].as_str()), (400, Some("refused")), "{v}");
    // Another agency's case: neither read nor acted on.
    for (verb, body) in [
        ("cases.show", json!({ "id": site.draft })),
        ("cases.act", json!({ "id": site.draft, "action": "send_to_applicant" })),
        ("documents.read", json!({ "id": site.doc })),
    ] {
        let (st, v) = api.post(Some(&verx), verb, body).await;
        assert_eq!((st, v["code"].as_str()), (403, Some("not_allowed")), "{verb}: {v}");
    }
    // A subscriber the form would refuse is refused through the API too,
    // whatever a client puts in the JSON (an empty name, an escape code).
    for name in ["", "Budi\u{1b}[31m"] {
        let mut case = serde_json::to_value(new_case(CaseKind::Issuance, 9)).unwrap();
        case["subscriber"]["name"] = json!(name);
        let (st, v) = api.post(Some(&ver1), "cases.new", json!({ "case": case })).await;
        assert_eq!((st, v["code"].as_str()), (400, Some("invalid")), "{name:?}: {v}");
    }
    // Tick after the case went to the RA: refused.
    let (st, v) = api
        .post(
            Some(&ver1),
            "cases.tick",
            json!({ "id": site.review, "item": "ktp_matches", "ticked": false }),
        )
        .await;
    assert_eq!(st, 400, "{v}");
    // There is no verb that writes an audit event, whatever it is called.
    for verb in ["audit.append", "audit.write", "audit_head", "sql", "query"] {
        let (st, v) = api
            .post(Some(&ver1), verb, json!({ "actor": "ra1", "action": "approve" }))
            .await;
        assert_eq!((st, v["code"].as_str()), (404, Some("unknown_verb")), "{verb}: {v}");
    }
    // The actor is the session's, whatever the body says.
    let (st, v) = api
        .post(
            Some(&ver1),
            "cases.reveal_nik",
            json!({ "id": site.review, "actor": "ra1", "operator": { "name": "ra1", "role": "ra_officer" } }),
        )
        .await;
    assert_eq!(st, 200, "{v}");
    let last = site
        .ra
        .audit_page(&ratu::domain::Operator::new("aud", Role::Auditor), None, None)
        .await
        .unwrap();
    assert_eq!(
        (last[0].actor.as_str(), last[0].action.as_str()),
        ("ver1", "reveal_nik")
    );
    // Another operator's PIN: not a verifier's to set.
    let (st, v) = api
        .post(
            Some(&ver1),
            "operators.set_pin",
            json!({ "name": "ra1", "pin": "111111" }),
        )
        .await;
    assert_eq!((st, v["code"].as_str()), (403, Some("not_allowed")), "{v}");
    // A signed-out token is dead; so is a forged one, and none at all.
    let (st, _) = api.post(Some(&ver1), "sign-out", json!({})).await;
    assert_eq!(st, 200);
    for token in [Some(ver1.as_str()), Some(&"0".repeat(64)[..]), Some("forged"), None] {
        let (st, v) = api.post(token, "cases.counts", json!({})).await;
        assert_eq!((st, v["code"].as_str()), (401, Some("session_ended")), "{token:?}: {v}");
    }
    let report = site.ra.verify_audit().await.unwrap();
    assert_eq!(report.broken, None);
}

/// Every attack that worked through raw SurrealQL as a verifier or an RA
/// officer (the hostile-input issue, item 6), tried through the API: each
/// is refused or has no verb, nothing changes, and the audit chain stays
/// intact.
#[tokio::test(flavor = "multi_thread")]
async fn every_attack_that_worked_on_the_database_is_refused_by_the_api() {
    let site = site().await;
    let api = serve(site.ra.clone()).await;
    let admin = ratu::domain::Operator::new("admin", Role::CaAdmin);
    let (ver1, ra1, verx) = (
        api.sign_in("ver1", PIN).await,
        api.sign_in("ra1", PIN).await,
        api.sign_in("verx", PIN).await,
    );
    let unknown = |verb: &str, v: &Value, st: u16| {
        assert_eq!((st, v["code"].as_str()), (404, Some("unknown_verb")), "{verb}: {v}");
    };
    let case_of = |id| {
        let ra = site.ra.clone();
        let admin = admin.clone();
        async move { ra.show(&admin, id).await.unwrap().case }
    };
    let review_before = case_of(site.review).await;
    let cert_before = site.ra.cert_show(&admin, &site.serial).await.unwrap();

    // 1. A case set to `approved` directly: no verb writes a state, and
    //    the verifier's approval is refused by the workflow.
    for verb in ["cases.update", "cases.set_state", "cases.put", "cases.patch"] {
        let (st, v) = api
            .post(Some(&ver1), verb, json!({ "id": site.review, "state": "approved" }))
            .await;
        unknown(verb, &v, st);
    }
    let (st, v) = api
        .post(
            Some(&ver1),
            "cases.act",
            json!({ "id": site.review, "action": "approve", "state": "approved" }),
        )
        .await;
    assert!(st == 400, "{v}");
    assert_eq!(case_of(site.review).await.state, review_before.state);

    // 2. Deleted and re-created as approved under another name: there is no
    //    delete, and a new case is a draft of its own number whatever the
    //    JSON claims.
    let (st, v) = api
        .post(Some(&ver1), "cases.delete", json!({ "id": site.review }))
        .await;
    unknown("cases.delete", &v, st);
    let mut forged = serde_json::to_value(new_case(CaseKind::Issuance, 11)).unwrap();
    forged["state"] = json!("approved");
    forged["id"] = json!(site.review);
    forged["version"] = json!(99);
    let (st, v) = api
        .post(Some(&ver1), "cases.new", json!({ "case": forged, "documents": [] }))
        .await;
    if st == 200 {
        let id = v["id"].as_u64().unwrap();
        assert_ne!(id, site.review);
        assert_eq!(case_of(id).await.state, ratu::domain::CaseState::Draft, "{v}");
    } else {
        assert_eq!(st, 400, "{v}");
    }

    // 3. The name changed on approval: the RA officer's approval issues the
    //    case as verified; names in the body are not read.
    let (st, v) = api
        .post(
            Some(&ra1),
            "cases.act",
            json!({ "id": site.review, "action": "approve",
                    "subscriber": { "name": "Siapa Saja" }, "name": "Siapa Saja" }),
        )
        .await;
    assert!(st == 200 || st == 400, "{v}");
    assert_eq!(
        case_of(site.review).await.subscriber.name,
        review_before.subscriber.name
    );

    // 4–6. CRL holds, the CRL number and serial reservations have no verb;
    //      a verifier revokes nothing, another agency's verifier sees nothing.
    for verb in [
        "crl.hold",
        "crl_holds.add",
        "crl.set_number",
        "crl.reset",
        "ca.reserve",
        "reservations.add",
        "cert_reservation.create",
    ] {
        let (st, v) = api
            .post(
                Some(&ra1),
                verb,
                json!({ "serial": "01", "reason": "keyCompromise", "der": "AAAA" }),
            )
            .await;
        unknown(verb, &v, st);
    }
    for (who, token) in [("ver1", &ver1), ("verx", &verx)] {
        let (st, v) = api
            .post(
                Some(token),
                "certs.revoke",
                json!({ "serial": site.serial, "reason": "key_compromise" }),
            )
            .await;
        assert!(st == 403 || st == 400, "{who}: {v}");
    }
    let (st, v) = api.post(Some(&ver1), "crl.publish", json!({})).await;
    assert_eq!((st, v["code"].as_str()), (403, Some("not_allowed")), "{v}");

    // 7. E-mails of any sender and text: no verb reaches the outbox.
    for verb in ["outbox.add", "mail.send", "notify.send", "outbox.clear"] {
        let (st, v) = api
            .post(
                Some(&ra1),
                verb,
                json!({ "from": "ca@bsre.go.id", "to": "x@y.id", "body": "pwned" }),
            )
            .await;
        unknown(verb, &v, st);
    }

    // 8–9. Holder and certificate records are not edited through the API;
    //      another agency's holder is not even read.
    for verb in ["holders.update", "holders.edit", "certs.update", "certs.edit"] {
        let (st, v) = api
            .post(
                Some(&ra1),
                verb,
                json!({ "serial": site.serial, "nik": site.nik, "not_after": "2099-01-01T00:00:00Z" }),
            )
            .await;
        unknown(verb, &v, st);
    }
    let (st, v) = api
        .post(
            Some(&verx),
            "holders.show",
            json!({ "nik": site.nik, "reveal_nik": true }),
        )
        .await;
    assert!(st == 403 || st == 404, "{v}");
    let cert_after = site.ra.cert_show(&admin, &site.serial).await.unwrap();
    assert_eq!(format!("{cert_after:?}"), format!("{cert_before:?}"));

    // 10. The .p12 lockout is a ca_admin's to clear.
    for token in [&ver1, &ra1] {
        let (st, v) = api
            .post(Some(token), "certs.p12_unlock", json!({ "serial": site.serial }))
            .await;
        assert_eq!((st, v["code"].as_str()), (403, Some("not_allowed")), "{v}");
    }

    // 11. The audit head: no verb moves it (checked at the end).
    for verb in ["audit.set_head", "audit_head.update", "audit.truncate"] {
        let (st, v) = api.post(Some(&ra1), verb, json!({ "seq": 1 })).await;
        unknown(verb, &v, st);
    }

    // 12. One query to take the service's memory: no raw query, a listing
    //     answers at most MAX_PAGE rows, a body over 64 MiB is refused.
    for verb in ["query", "sql", "surql"] {
        let (st, v) = api
            .post(Some(&ra1), verb, json!({ "q": "SELECT * FROM case, document, audit" }))
            .await;
        unknown(verb, &v, st);
    }
    let (st, v) = api
        .post(
            Some(&ra1),
            "cases.list",
            json!({ "filter": { "limit": 1_000_000_000u64 } }),
        )
        .await;
    assert_eq!(st, 200, "{v}");
    assert!(v.as_array().unwrap().len() <= ratu::ra::MAX_PAGE);
    let huge = vec![b' '; 65 << 20];
    let r = api
        .http
        .post(format!("{}/api/v1/cases.list", api.url))
        .bearer_auth(&ra1)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);

    // 13. Applicants' encrypted keys never leave the service: no answer to
    //     any read carries one, and guessing the passphrase of a .p12
    //     through the service locks it after five tries.
    for token in [&ver1, &ra1, &verx] {
        for (verb, body) in [
            ("cases.show", json!({ "id": site.review })),
            ("cases.get", json!({ "id": site.review })),
            ("certs.show", json!({ "serial": site.serial })),
            ("certs.cases", json!({ "serial": site.serial })),
            ("cases.list", json!({ "filter": { "limit": 50 } })),
        ] {
            let (_, v) = api.post(Some(token), verb, body).await;
            let text = v.to_string();
            assert!(
                !text.contains("PRIVATE KEY") && !text.contains("enc_key"),
                "{verb}: {text}"
            );
        }
    }
    for _ in 0..ratu::ra::P12_MAX_FAILURES {
        let (st, _) = api
            .post(
                Some(&ra1),
                "certs.p12",
                json!({ "serial": site.serial, "passphrase": "tebakan-salah" }),
            )
            .await;
        assert_ne!(st, 200);
    }
    let (st, v) = api
        .post(
            Some(&ra1),
            "certs.p12",
            json!({ "serial": site.serial, "passphrase": APPLICANT_PASS }),
        )
        .await;
    assert_ne!(st, 200, "locked even with the right passphrase: {v}");
    assert!(v["message"].as_str().unwrap_or("").contains("locked"), "{v}");

    let report = site.ra.verify_audit().await.unwrap();
    assert_eq!(report.broken, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn five_wrong_pins_lock_an_operator_and_the_lock_outlives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let target = ratu::domain::DbTarget::Embedded(dir.path().join("db"));
    {
        let ra = ra_on(&target).await;
        staff(&ra).await;
        let api = serve(ra.clone()).await;
        for _ in 0..5 {
            let (st, v) = api
                .post(None, "sign-in", json!({ "name": "ra1", "pin": "000000" }))
                .await;
            assert_eq!((st, v["code"].as_str()), (401, Some("sign_in")), "{v}");
        }
        // Locked: the right PIN is refused too, and says until when.
        let (st, v) = api.post(None, "sign-in", json!({ "name": "ra1", "pin": PIN })).await;
        assert_eq!((st, v["code"].as_str()), (423, Some("locked")), "{v}");
        // An unknown name is never "locked": it says what a wrong PIN says.
        let (st, v) = api.post(None, "sign-in", json!({ "name": "nobody", "pin": PIN })).await;
        assert_eq!((st, v["code"].as_str()), (401, Some("sign_in")), "{v}");
        drop(api);
        assert!(ra.close(std::time::Duration::from_secs(30)).await);
    }
    let ra = ra_on(&target).await;
    let api = serve(ra.clone()).await;
    let (st, v) = api.post(None, "sign-in", json!({ "name": "ra1", "pin": PIN })).await;
    assert_eq!((st, v["code"].as_str()), (423, Some("locked")), "after a restart: {v}");
    // Others are not locked by it.
    api.sign_in("ra2", PIN).await;
    let trail = ra
        .audit_page(&ratu::domain::Operator::new("aud", Role::Auditor), None, Some("locked"))
        .await
        .unwrap();
    assert!(
        trail.iter().any(|l| l.action == "sign_in_failed" && l.actor == "ra1"),
        "{trail:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_disabled_operator_is_signed_out_at_once_and_a_one_time_pin_must_be_changed_first() {
    let (ra, s) = staffed().await;
    let api = serve(ra.clone()).await;
    let admin = api.sign_in("admin", PIN).await;
    let ra1 = api.sign_in("ra1", PIN).await;
    assert_eq!(api.outcome(&ra1, "cases.counts", json!({})).await, "ok");

    assert_eq!(
        api.outcome(&admin, "operators.disable", json!({ "name": "ra1" })).await,
        "ok"
    );
    assert_eq!(api.outcome(&ra1, "cases.counts", json!({})).await, "401 session_ended");
    let (st, v) = api.post(None, "sign-in", json!({ "name": "ra1", "pin": PIN })).await;
    assert_eq!((st, v["code"].as_str()), (403, Some("disabled")), "{v}");
    // A wrong PIN for a disabled operator says what any wrong PIN says.
    let (st, v) = api
        .post(None, "sign-in", json!({ "name": "ra1", "pin": "000000" }))
        .await;
    assert_eq!((st, v["code"].as_str()), (401, Some("sign_in")), "{v}");
    assert_eq!(
        api.outcome(&admin, "operators.enable", json!({ "name": "ra1" })).await,
        "ok"
    );
    api.sign_in("ra1", PIN).await;

    // A one-time PIN: signed in, nothing but a PIN change until it is changed.
    assert_eq!(
        api.outcome(&admin, "operators.set_pin", json!({ "name": "ver1", "pin": "246802" }))
            .await,
        "ok"
    );
    let (st, v) = api
        .post(None, "sign-in", json!({ "name": "ver1", "pin": "246802" }))
        .await;
    assert_eq!((st, v["pin_change"].as_bool()), (200, Some(true)), "{v}");
    let ver1 = v["token"].as_str().unwrap().to_string();
    assert_eq!(api.outcome(&ver1, "cases.counts", json!({})).await, "403 pin_change");
    assert_eq!(
        api.outcome(&ver1, "operators.pin", json!({ "pin": "864200" })).await,
        "ok"
    );
    assert_eq!(api.outcome(&ver1, "cases.counts", json!({})).await, "ok");
    api.sign_in("ver1", "864200").await;
    let _ = s;
    let trail: Vec<String> = ra
        .audit_page(&ratu::domain::Operator::new("aud", Role::Auditor), None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|l| format!("{} {}", l.actor, l.action))
        .collect();
    for want in [
        "admin operator_disable",
        "admin operator_enable",
        "admin operator_pin_reset",
        "ver1 operator_pin",
        "ra1 sign_in",
    ] {
        assert!(trail.iter().any(|t| t == want), "{want} in {trail:?}");
    }
}

/// The stream of changes, read with the library's own client.
#[tokio::test(flavor = "multi_thread")]
async fn the_change_stream_sends_each_operator_their_cases_and_resumes_after_the_last_event() {
    use ratu::api::{Client, ClientOptions, Office};
    let (ra, s) = staffed().await;
    ra.add_operator_in(Some(&s.admin), "verx", Role::Verifier, &[OTHER_AGENCY.to_string()], PIN)
        .await
        .unwrap();
    let api = serve(ra.clone()).await;
    let office = |_: ()| {
        Office::Remote(
            Client::new(&ClientOptions {
                url: api.url.clone(),
                ca_file: None,
                timeout: std::time::Duration::from_secs(10),
            })
            .unwrap(),
        )
    };
    let (mine, other) = (office(()), office(()));
    mine.sign_in("ver1", PIN).await.unwrap();
    other.sign_in("verx", PIN).await.unwrap();
    let mut feed = mine.watch_cases().await.unwrap();
    let mut other_feed = other.watch_cases().await.unwrap();
    let c = ra
        .new_case(&s.ver1, new_case(CaseKind::Issuance, 1), &docs(CaseKind::Issuance))
        .await
        .unwrap();
    let next = tokio::time::timeout(std::time::Duration::from_secs(5), feed.next()).await;
    assert_eq!(next.ok().flatten().map(|r| r.ok()), Some(Some(c.id)));
    // The other agency's verifier hears nothing of it.
    let quiet = tokio::time::timeout(std::time::Duration::from_millis(1500), other_feed.next()).await;
    assert!(quiet.is_err(), "verx was told of case {}", c.id);

    // The console goes away; two changes happen; it comes back and gets both.
    drop(feed);
    ra.act(&s.ver1, c.id, Action::SendToApplicant, None, None)
        .await
        .unwrap();
    let d = ra
        .new_case(&s.ver1, new_case(CaseKind::Issuance, 2), &docs(CaseKind::Issuance))
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mut feed = mine.watch_cases().await.unwrap();
    let mut got = Vec::new();
    while got.len() < 2 {
        match tokio::time::timeout(std::time::Duration::from_secs(5), feed.next()).await {
            Ok(Some(Ok(id))) => got.push(id),
            other => panic!(
                "resumed stream: {:?}",
                other.map(|o| o.map(|r| r.map_err(|e| e.to_string())))
            ),
        }
    }
    assert_eq!(got, vec![c.id, d.id]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_document_names_every_route_and_every_route_it_names_answers() {
    let (ra, _) = staffed().await;
    let api = serve(ra).await;
    let (st, doc) = api.get(None, "openapi.json").await;
    assert_eq!(st, 200);
    let paths: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let token = api.sign_in("aud", PIN).await;
    // Each verb of the code is described...
    let verbs = ratu::serve::api::verbs();
    assert!(verbs.len() >= 40, "{verbs:?}");
    for v in &verbs {
        assert!(paths.contains(&format!("/api/v1/{v}")), "{v} is not in the document");
    }
    // ...and each path described is served (an empty body is a bad
    // request or a refusal, never "no such path").
    for p in &paths {
        let path = p.trim_start_matches("/api/v1/");
        let (st, v) = match path {
            "events" | "openapi.json" => continue,
            _ => api.post(Some(&token), path, json!({})).await,
        };
        assert_ne!(v["code"].as_str(), Some("unknown_verb"), "{p}: {st} {v}");
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    fn body() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            ".{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop_oneof![
                        Just("id".to_string()),
                        Just("filter".to_string()),
                        Just("serial".to_string()),
                        Just("action".to_string()),
                        "[a-z_]{1,8}"
                    ],
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn hostile_bodies_and_tokens_get_a_4xx_and_the_service_stays_up() {
        let site = site().await;
        let api = serve(site.ra.clone()).await;
        let token = api.sign_in("ver1", PIN).await;
        let verbs = ratu::serve::api::verbs();
        let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
            cases: 200,
            ..Default::default()
        });
        let cases: Vec<(usize, Value, String)> = (0..200)
            .map(|_| {
                let b = body().new_tree(&mut runner).unwrap().current();
                let i = (0..verbs.len()).new_tree(&mut runner).unwrap().current();
                let t = "[ -~]{0,70}".new_tree(&mut runner).unwrap().current();
                (i, b, t)
            })
            .collect();
        for (i, b, t) in cases {
            for tok in [Some(token.as_str()), Some(t.as_str())] {
                let (st, v) = api.post(tok, &verbs[i], b.clone()).await;
                assert!((200..500).contains(&st), "{} {b} → {st} {v}", verbs[i]);
            }
        }
        assert_eq!(api.outcome(&token, "cases.counts", json!({})).await, "ok");
        assert_eq!(site.ra.verify_audit().await.unwrap().broken, None);
    }
}

/// A service that does not answer, or is not there, is said so in one
/// line within the config's `timeout`, never as a wrong PIN.
#[test]
fn a_silent_or_absent_service_is_told_apart_from_a_wrong_pin_within_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("ratu.toml");
    std::fs::write(&config, "timeout = 2\n").unwrap();
    // Accepts connections (the kernel's backlog) and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let absent = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    for (addr, why) in [(silent.local_addr().unwrap(), "no answer in time"), (absent, "refused")] {
        let t = std::time::Instant::now();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_ratu"))
            .args([
                "--data",
                dir.path().to_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
            ])
            .args([
                "--server",
                &format!("http://{addr}"),
                "--operator",
                "ver1",
                "case",
                "list",
            ])
            .env("RATU_PIN", PIN)
            .output()
            .unwrap();
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{e}");
        assert!(
            e.contains(&format!("cannot reach the service at http://{addr}")) && e.contains(why),
            "{e}"
        );
        assert!(!e.contains("PIN") && e.trim().lines().count() == 1, "{e}");
        assert!(t.elapsed() < std::time::Duration::from_secs(20), "{:?}", t.elapsed());
    }
    drop(silent);
}
