//! `ratu archive create | verify | show | purge`. Create and purge run
//! where the RA runs (here, or the service); verify and show read the
//! bags' files only, against the office's root.

use super::args::ArchiveCmd;
use super::output::{case_json, clean, json, row};
use crate::api::Office;
use crate::config::Config;
use crate::domain::Operator;
use crate::ra::archive::{PurgeReport, show_case, verify_dir};
use anyhow::{Context, Result, anyhow};
use chrono::{NaiveDate, TimeZone, Utc};
use std::path::{Path, PathBuf};

/// The office's root (DER): `--root FILE`, else the CA folder's root.pem.
fn root_der(cfg: &Config, root: Option<&Path>) -> Result<Vec<u8>> {
    let path: PathBuf = match root {
        Some(p) => p.to_path_buf(),
        None => {
            let p = cfg.ra.ca.dir.join("root.pem");
            if !p.is_file() {
                return Err(anyhow!(
                    "no office root at {}: give --root FILE (the office's root certificate, from `ratu ca export`)",
                    p.display()
                ));
            }
            p
        }
    };
    let bytes = std::fs::read(&path).with_context(|| format!("{}", path.display()))?;
    Ok(crate::ra::first_certificate_der(&path.display().to_string(), &bytes)?)
}

/// `verify` and `show`: files only, no sign-in. A bag that does not
/// verify ends the process with exit code 3.
pub fn offline(cfg: &Config, cmd: &ArchiveCmd) -> Result<()> {
    match cmd {
        ArchiveCmd::Verify { dir, root, json: j } => {
            let root = root_der(cfg, root.as_deref())?;
            match verify_dir(dir, &root) {
                Ok(bags) => {
                    if *j {
                        let rows: Vec<_> = bags
                            .iter()
                            .map(|b| {
                                serde_json::json!({
                                    "bag": b.name, "cases": b.cases.len(), "files": b.files, "bytes": b.bytes,
                                    "events": b.events, "manifest_sha256": b.manifest_sha256,
                                    "signer": b.signer.subject, "signer_serial": b.signer.serial,
                                    "signed_at": b.signer.signed_at,
                                    "audit_head_seq": b.info.audit_head_seq, "audit_head_hash": b.info.audit_head_hash,
                                })
                            })
                            .collect();
                        return json(&rows);
                    }
                    for b in bags {
                        println!(
                            "{}: verified: {} case(s), {} file(s), {} bytes, {} event(s) linked; signed by {} on {}; audit head {}",
                            b.name,
                            b.cases.len(),
                            b.files,
                            b.bytes,
                            b.events,
                            clean(&b.signer.subject),
                            b.signer.signed_at.format("%Y-%m-%d %H:%M UTC"),
                            b.info.audit_head_seq
                        );
                    }
                    Ok(())
                }
                Err(e) => {
                    eprintln!("ratu: archive verify: {}", clean(&e.0));
                    std::process::exit(3);
                }
            }
        }
        ArchiveCmd::Show {
            dir,
            case,
            root,
            json: j,
        } => {
            // Without a root at hand the case is still shown, marked unverified.
            let root = match root {
                Some(_) => Some(root_der(cfg, root.as_deref())?),
                None => root_der(cfg, None).ok(),
            };
            let v = match show_case(dir, *case, root.as_deref()) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("ratu: archive show: {}", clean(&e.0));
                    std::process::exit(3);
                }
            };
            if *j {
                let mut out = serde_json::to_value(&v)?;
                out["case"] = case_json(&v.case.case, false);
                return json(&out);
            }
            let c = &v.case.case;
            println!("archived case {} in bag {} ({})", c.id, clean(&v.bag), v.verified);
            println!(
                "  {} {} — {}, {} (NIK {})",
                c.kind,
                c.state,
                clean(&c.subscriber.name),
                clean(&c.subscriber.agency),
                c.subscriber.nik.masked()
            );
            println!(
                "  opened {} by {}, closed {} by {}",
                c.created_at.format("%Y-%m-%d %H:%M"),
                clean(&c.created_by),
                c.updated_at.format("%Y-%m-%d %H:%M"),
                clean(&c.updated_by)
            );
            println!("documents:");
            for d in &v.case.documents {
                row(format!(
                    "  {:<16} {:<32} {:>9} B  sha256 {}  {}",
                    d.info.kind.as_str(),
                    clean(&d.info.file_name),
                    d.info.size,
                    d.info.sha256,
                    d.file
                ));
            }
            println!("certificates:");
            for r in &v.case.certificates {
                row(format!(
                    "  {}  {}  {} .. {}  {}",
                    r.record.serial,
                    clean(&r.record.subject_dn),
                    r.record.not_before.format("%Y-%m-%d"),
                    r.record.not_after.format("%Y-%m-%d"),
                    r.file
                ));
            }
            println!(
                "events (audit head at archiving: {} {}):",
                v.audit_head_seq, v.audit_head_hash
            );
            for e in &v.events {
                row(format!(
                    "  {:>8}  {}  {}",
                    e.seq,
                    &e.hash[..16.min(e.hash.len())],
                    clean(&e.body)
                ));
            }
            Ok(())
        }
        ArchiveCmd::Create { .. } | ArchiveCmd::Purge { .. } => Ok(()),
    }
}

/// `create` and `purge`: where the RA runs, as the operator signed in.
pub async fn run(ra: &Office, op: &Operator, cmd: ArchiveCmd) -> Result<()> {
    match cmd {
        ArchiveCmd::Create { closed_before, out } => {
            let day = NaiveDate::parse_from_str(closed_before.trim(), "%Y-%m-%d")
                .map_err(|_| anyhow!("--closed-before {closed_before:?}: give a date as YYYY-MM-DD"))?;
            let at = Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN));
            let bags = ra.archive_create(op, at, &out).await?;
            if bags.is_empty() {
                println!(
                    "no case closed before {} is waiting to be archived",
                    day.format("%Y-%m")
                );
            }
            for (b, written) in bags {
                println!(
                    "{}: {} case(s), manifest SHA-256 {}{}; {}",
                    b.name,
                    b.cases,
                    b.manifest_sha256,
                    if b.new { "" } else { " (made before)" },
                    match written {
                        true => format!("written to {}", out.join(&b.name).display()),
                        false => format!("{} is there already, left as it is", out.join(&b.name).display()),
                    }
                );
            }
            Ok(())
        }
        ArchiveCmd::Purge { dry_run, json: j } => {
            let r = ra.archive_purge(op, dry_run).await?;
            if j {
                return json(&r);
            }
            purge_report(&r);
            Ok(())
        }
        ArchiveCmd::Verify { .. } | ArchiveCmd::Show { .. } => Ok(()),
    }
}

fn purge_report(r: &PurgeReport) {
    let verb = if r.dry_run { "would purge" } else { "purged" };
    println!(
        "retention {} years: cases closed before {} ({})",
        r.retention_years,
        r.cutoff.format("%Y-%m-%d"),
        if r.dry_run {
            "dry run, nothing changed"
        } else {
            "documents removed, records kept"
        }
    );
    if r.bags.is_empty() {
        println!("no bag recorded yet: nothing is purged before it is archived (ratu archive create)");
    }
    for b in &r.bags {
        match &b.refused {
            Some(why) => println!("{}: nothing purged: {}", b.bag, clean(why)),
            None => println!(
                "{}: {verb} {} document(s), {} bytes, of {} case(s)",
                b.bag,
                b.documents,
                b.bytes,
                b.cases.len()
            ),
        }
    }
}
