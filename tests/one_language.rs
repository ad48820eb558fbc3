//! One language, and no raw identifiers, for people: every action in the
//! demo's audit trail has words in Indonesian (the console's default) and
//! in English, and every actor reads as a person or a role, never as
//! `applicant:81` or `ratu-service`. JSON output keeps the identifiers
//! for scripts.

mod common;
mod tui_support;

use ratu::domain::{Operator, Role};
use ratu::tui::i18n;
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread")]
async fn every_audit_action_and_actor_of_the_demo_reads_in_words() {
    let ra = tui_support::demo_ra(40).await;
    let aud = Operator::new("auditor", Role::Auditor);
    let (mut actions, mut actors) = (BTreeSet::new(), BTreeSet::new());
    let mut before = None;
    loop {
        let page = ra.audit_page(&aud, before, None).await.unwrap();
        let Some(last) = page.last() else { break };
        before = Some(last.seq);
        for l in &page {
            actions.insert(l.action.clone());
            actors.insert(l.actor.clone());
        }
    }
    assert!(actions.len() > 10, "{actions:?}");
    for s in [&i18n::ID, &i18n::EN] {
        for a in &actions {
            let word = s.event(a);
            assert!(!word.contains('_'), "audit action {a:?} reads {word:?}");
            // Known to the console: the Indonesian word is not the identifier.
            let id = i18n::ID.event(a);
            assert!(
                id != a.replace('_', " "),
                "audit action {a:?} has no Indonesian words: {id:?}"
            );
        }
        for a in &actors {
            let who = s.actor(a);
            assert!(
                !who.contains("applicant:") && !who.contains("ratu-service") && who != "demo",
                "actor {a:?} reads {who:?}"
            );
        }
    }
    // Indonesian words where English ones were shown before.
    assert_eq!(i18n::ID.event("ocsp_signer"), "sertifikat penanda OCSP");
    assert_eq!(i18n::ID.actor("applicant:81"), "pemohon #81");
}

/// The CLI's output for people: actors in words, no Debug names, no raw
/// timestamps; `--json` keeps the identifiers.
#[test]
fn the_clis_human_output_reads_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    let ratu = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_ratu"))
            .args(["--config", "/nonexistent/ratu.toml", "--data", demo.to_str().unwrap()])
            .args(args)
            .env("RATU_PIN", "246810")
            .env_remove("RATU_SERVER")
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    ratu(&["demo", "--cases", "30"]);
    let list: serde_json::Value = serde_json::from_str(&ratu(&[
        "--operator",
        "petugas1",
        "case",
        "list",
        "--json",
        "--limit",
        "30",
    ]))
    .unwrap();
    let raw_time = |s: &str| {
        s.as_bytes()
            .windows(9)
            .any(|w| w[0] == b'T' && w[3] == b':' && w[6] == b':' && w[8] == b'.')
    };
    let mut shown = 0;
    for c in list.as_array().unwrap() {
        let id = c["id"].as_u64().unwrap().to_string();
        let out = ratu(&["--operator", "petugas1", "case", "show", &id]);
        for bad in ["applicant:", "ratu-service", "(Pns)", "(Pppk)"] {
            assert!(!out.contains(bad), "case {id} shows {bad:?}:\n{out}");
        }
        assert!(!raw_time(&out), "case {id} shows a raw timestamp:\n{out}");
        shown += 1;
    }
    assert!(shown >= 10);
    // On a 100-column terminal the table rows are cut with an ellipsis,
    // never wrapped onto the next line.
    let tmux = common::tmux::Tmux {
        socket: format!("ratu-lang-{}", std::process::id()),
    };
    let cmdline = format!(
        "env RATU_PIN=246810 {} --config /nonexistent/ratu.toml --data {} --operator petugas1 case list --limit 20; echo LIST-DONE; sleep 60",
        env!("CARGO_BIN_EXE_ratu"),
        demo.display()
    );
    assert!(
        tmux.cmd(&["new-session", "-d", "-x", "100", "-y", "40", "-s", "t", &cmdline])
            .status
            .success()
    );
    tmux.wait_for("the list", |p| p.contains("LIST-DONE"));
    let joined = String::from_utf8_lossy(&tmux.cmd(&["capture-pane", "-p", "-J", "-t", "=t:"]).stdout).into_owned();
    let widths: Vec<usize> = joined.lines().map(|l| l.chars().count()).collect();
    assert!(widths.iter().all(|&w| w <= 100), "a row wrapped:\n{joined}");
    assert!(
        joined.lines().any(|l| l.ends_with('…')),
        "long rows end with an ellipsis:\n{joined}"
    );
    let _ = tmux.cmd(&["kill-server"]);
    let out = ratu(&["inspect", concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/crl.pem")]);
    assert!(out.contains("kind       CRL"), "{out}");
    assert!(!out.contains("Crl\n"), "{out}");
}

#[test]
fn link_details_read_as_their_step_never_as_a_link_id() {
    for (s, want) in [
        (&i18n::ID, "tautan unduh · dari 10.0.0.7"),
        (&i18n::EN, "download link · from 10.0.0.7"),
    ] {
        let d = s.event_detail("link_use", "download link 156-download-1 used from 10.0.0.7");
        assert_eq!(d, want);
        let d = s.event_detail("link_send", "identity link 156-identity-1 for version 3, valid until …");
        assert!(!d.contains("156-identity-1"), "{d}");
    }
}

#[test]
fn sign_in_details_read_in_indonesian() {
    let d = i18n::ID.event_detail(
        "sign_in_failed",
        "wrong PIN 5 times in a row, from 10.0.0.7: locked for 15 minutes",
    );
    assert_eq!(
        d,
        "PIN salah 5 kali berturut-turut, dari 10.0.0.7: dikunci selama 15 menit"
    );
    assert_eq!(
        i18n::ID.event_detail("sign_in_refused", "disabled operator, from 10.0.0.7"),
        "operator nonaktif, dari 10.0.0.7"
    );
}
