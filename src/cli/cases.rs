//! `ratu case ...` and `ratu demo`.

use super::args::{CaseCmd, NewCaseArgs};
use super::output;
use super::session::unlock_ca;
use crate::api::Office;
use crate::config::Config;
use crate::domain::CaseFilter;
use crate::domain::text::clean_note;
use crate::domain::{Action, CaseState, DocKind, NewCase, Operator, SubscriberForm};
use crate::ra::DEMO_CA_PASSPHRASE;
use crate::ra::demo::{DEMO_APPLICANT_PASSPHRASE, DEMO_OPERATORS, DEMO_PIN};
use crate::ra::{Ra, RaError};
use anyhow::{Result, anyhow, bail};
use std::path::Path;

fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T> {
    s.parse().map_err(anyhow::Error::msg)
}

/// `KIND=PATH` read and checked.
fn read_doc(spec: &str) -> Result<(DocKind, String, Vec<u8>)> {
    let (kind, path) = spec
        .split_once('=')
        .ok_or_else(|| anyhow!("--doc {spec:?}: write KIND=PATH, e.g. ktp=scan.png"))?;
    let path = Path::new(path);
    let bytes = Ra::read_document_file(path)?;
    crate::domain::case::check_document(&path.display().to_string(), &bytes)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((parse(kind)?, name, bytes))
}

async fn new_case(ra: &Office, op: &Operator, a: NewCaseArgs) -> Result<()> {
    let form = SubscriberForm {
        name: a.name,
        nik: a.nik,
        nip: a.nip,
        npwp: a.npwp,
        email: a.email,
        phone: a.phone,
        agency: a.agency,
        unit: a.unit,
        position: a.position,
        employment: a.employment,
    };
    let subscriber = form.validate()?;
    let docs = a.docs.iter().map(|d| read_doc(d)).collect::<Result<Vec<_>>>()?;
    let new = NewCase {
        kind: parse(&a.kind)?,
        subscriber,
        revocation_reason: a.reason.as_deref().map(parse).transpose()?,
        cert_serial: a.serial,
        note: clean_note(a.note.as_deref())?,
    };
    let case = ra.new_case(op, new, &docs).await?;
    if a.json {
        output::json(&output::case_json(&case, false))
    } else {
        println!(
            "case {} opened: {} for {}, state {}",
            case.id,
            case.kind,
            output::clean(&case.subscriber.name),
            case.state
        );
        Ok(())
    }
}

pub async fn run(ra: &Office, op: &Operator, cmd: CaseCmd) -> Result<()> {
    match cmd {
        CaseCmd::New(a) => new_case(ra, op, a).await,
        CaseCmd::List {
            kind,
            state,
            overdue,
            pending,
            limit,
            json,
        } => {
            let filter = CaseFilter {
                kind: kind.as_deref().map(parse).transpose()?,
                state: state.as_deref().map(parse).transpose()?,
                pending_only: pending,
                overdue_at: overdue.then(|| ra.now()),
                limit,
                ..Default::default()
            };
            let cases = ra.list(op, &filter).await?;
            output::case_list(&cases, ra.now(), json)
        }
        CaseCmd::Counts { json } => {
            let counts = ra.counts(op).await?;
            let mut overdue = Vec::new();
            for k in crate::domain::CaseKind::ALL {
                overdue.push((k, ra.overdue_count(op, k).await?));
            }
            output::counts(&counts, &overdue, json)
        }
        CaseCmd::Show { id, json, reveal_nik } => {
            let view = ra.show(op, id).await?;
            if reveal_nik {
                ra.reveal_nik(op, id).await?;
            }
            output::case_view(&view, reveal_nik, json)
        }
        CaseCmd::Act {
            id,
            action,
            note,
            version,
        } => {
            let note = clean_note(note.as_deref())?;
            let case = if let Some(item) = action.strip_prefix("tick:") {
                ra.tick(op, id, parse(item)?, true, version).await?
            } else if let Some(item) = action.strip_prefix("untick:") {
                ra.tick(op, id, parse(item)?, false, version).await?
            } else {
                let action: Action = parse(&action)?;
                if matches!(action, Action::Approve | Action::Issue | Action::Revoke | Action::Apply) {
                    unlock_ca(ra, action == Action::Issue)?;
                }
                ra.act(op, id, action, note.as_deref(), version).await?
            };
            println!("case {}: {} (version {})", case.id, case.state, case.version);
            if let Some(serial) = case.cert_serial.as_deref().filter(|_| case.state == CaseState::Issued) {
                println!("certificate {serial} issued");
            } else if case.state == CaseState::Approved && ra.is_remote() {
                println!("the site service issues it as soon as it sees the approval");
            } else if case.state == CaseState::Approved {
                println!("the CA is locked or absent: issue later with `ratu case act {id} issue`");
            }
            Ok(())
        }
        CaseCmd::ResendLink { id, version } => {
            let case = ra.resend_link(op, id, version).await?;
            println!(
                "case {}: the applicant's link was re-sent; the open one is void",
                case.id
            );
            Ok(())
        }
        CaseCmd::Attach { id, doc } => {
            let (kind, name, bytes) = read_doc(&doc)?;
            let info = ra.attach(op, id, kind, &name, &bytes).await?;
            println!(
                "attached {} to case {id}: {} ({} bytes, sha256 {})",
                info.id, info.kind, info.size, info.sha256
            );
            Ok(())
        }
        CaseCmd::Export { doc_id, out } => {
            let info = ra.export_document(op, &doc_id, &out).await?;
            println!("wrote {} ({} bytes, sha256 {})", out.display(), info.size, info.sha256);
            Ok(())
        }
    }
}

/// Delivers unsent e-mails after `op`'s command (`explicit`: `ratu outbox
/// deliver`, a ca_admin's only); failures stay in the outbox for the next
/// try and are said on stderr.
pub async fn deliver_outbox(office: &Office, op: &Operator, cfg: &Config, explicit: bool) -> Result<usize> {
    let Some(ra) = office.local() else {
        if explicit {
            bail!("the service delivers the outbox itself, as its duty");
        }
        return Ok(0);
    };
    let d = if explicit {
        ra.deliver_outbox(op, &cfg.delivery).await?
    } else {
        match ra.deliver_after(op, &cfg.delivery).await {
            Ok(d) => d,
            Err(e) => {
                eprintln!("ratu: outbox not delivered: {e}");
                return Ok(0);
            }
        }
    };
    if let Some(e) = d.error {
        eprintln!("ratu: {e}");
    }
    Ok(d.sent)
}

pub async fn demo(ra: &Ra, cfg: &Config, cases: usize) -> Result<()> {
    let summary = ra.make_demo(cases, 2026).await.map_err(|e| match e {
        RaError::Store(s) => anyhow!(s),
        e => anyhow!(e),
    })?;
    let admin = crate::domain::Operator::new("admin", crate::domain::Role::CaAdmin);
    deliver_outbox(&Office::from(ra.clone()), &admin, cfg, false).await?;
    if summary.reused {
        println!("Reusing the demo in {}", cfg.data_dir.display());
    } else {
        println!(
            "Made a demo in {} with {} cases.",
            cfg.data_dir.display(),
            summary.cases_created
        );
    }
    println!(
        "DEMO ONLY: operators {} all have PIN {DEMO_PIN}.",
        DEMO_OPERATORS.map(|o| format!("{} ({})", o.0, o.1)).join(", ")
    );
    println!(
        "DEMO ONLY: the demo CA's passphrase is {DEMO_CA_PASSPHRASE} (RATU_CA_PASSPHRASE); every demo applicant's is {DEMO_APPLICANT_PASSPHRASE}."
    );
    let counts = ra.counts(&admin).await?;
    let mut overdue = Vec::new();
    for k in crate::domain::CaseKind::ALL {
        overdue.push((k, ra.overdue_count(&admin, k).await?));
    }
    output::counts(&counts, &overdue, false)?;
    println!();
    println!(
        "$ ratu --data {} --operator verifikator1 case list --pending --limit 15",
        cfg.data_dir.display()
    );
    let cases = ra
        .list(
            &admin,
            &CaseFilter {
                pending_only: true,
                limit: 15,
                ..Default::default()
            },
        )
        .await?;
    output::case_list(&cases, ra.now(), false)?;
    if cases.is_empty() {
        bail!("the demo has no pending cases");
    }
    Ok(())
}
