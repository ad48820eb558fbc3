//! `ratu ca …`, `ratu crl …`, `ratu cert …` and `ratu inspect`.

use super::args::{CaCmd, CertCmd, CrlCmd};
use super::cert_output as output;
use super::session::{new_secret, secret, unlock_ca};
use crate::api::Office;
use crate::domain::{CertStatus, Operator, RevocationReason, parse_window};
use crate::ra::{CertFormat, HierarchySpec, Ra, inspect_file_only};
use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;

fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T> {
    s.parse().map_err(anyhow::Error::msg)
}

/// RFC 3339, or a date (midnight UTC).
fn parse_time(s: &str) -> Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| anyhow!("{s:?} is not a time: use YYYY-MM-DD or RFC 3339"))
}

pub async fn ca(ra: &Office, op: &Operator, cmd: CaCmd) -> Result<()> {
    match cmd {
        CaCmd::Init {
            alg,
            root_cn,
            root_org,
            issuing_cn,
            issuing_org,
            json,
        } => {
            let spec = HierarchySpec {
                root_cn,
                root_org,
                issuing_cn,
                issuing_org,
                alg: parse(&alg)?,
                ..Default::default()
            };
            let pass = new_secret("RATU_CA_PASSPHRASE", "new CA passphrase")?;
            let st = ra.ca_init(op, &spec, &pass).await?;
            output::ca_status(&st, json)
        }
        CaCmd::Import { cert, key, root, json } => {
            let key_bytes = std::fs::read(&key).map_err(|e| anyhow!("{}: {e}", key.display()))?;
            let key_pass = if String::from_utf8_lossy(&key_bytes).contains("ENCRYPTED") {
                Some(secret("RATU_IMPORT_KEY_PASSPHRASE", "passphrase of the key to import")?)
            } else {
                None
            };
            let pass = new_secret("RATU_CA_PASSPHRASE", "new CA passphrase")?;
            let st = super::local(ra)?
                .ca_import(
                    op,
                    &cert,
                    &key,
                    key_pass.as_ref().map(|p| p.as_str()),
                    root.as_deref(),
                    &pass,
                )
                .await?;
            output::ca_status(&st, json)
        }
        CaCmd::Status { json } => output::ca_status(&ra.ca_status().await?, json),
        CaCmd::Export { out } => {
            for p in ra.export_ca_certs(&out).await? {
                println!("wrote {}", p.display());
            }
            Ok(())
        }
    }
}

pub async fn crl(ra: &Office, op: &Operator, cmd: CrlCmd) -> Result<()> {
    match cmd {
        CrlCmd::Publish { json } => {
            unlock_ca(ra, true)?;
            output::published(&ra.publish_crl(op).await?, json)
        }
    }
}

pub async fn cert(ra: &Office, op: &Operator, cmd: CertCmd) -> Result<()> {
    match cmd {
        CertCmd::List {
            status,
            expiring_within,
            limit,
            json,
        } => {
            let status: Option<CertStatus> = status.as_deref().map(parse).transpose()?;
            let within = expiring_within
                .as_deref()
                .map(parse_window)
                .transpose()
                .map_err(anyhow::Error::msg)?;
            let rows = ra.cert_list(op, status, within, limit).await?;
            output::certs(&rows, ra.now(), json)
        }
        CertCmd::Show { serial, json } => output::cert_view(&ra.cert_show(op, &serial).await?, json),
        CertCmd::Export { serial, out, format } => {
            ra.cert_export(op, &serial, &out, parse::<CertFormat>(&format)?).await?;
            println!("wrote {}", out.display());
            Ok(())
        }
        CertCmd::P12 { serial, out } => {
            Ra::may_write_p12(op)?;
            let pass = secret("RATU_APPLICANT_PASSPHRASE", "applicant's passphrase")?;
            let n = ra.export_p12(op, &serial, &pass, &out).await?;
            println!("wrote {} ({n} bytes)", out.display());
            Ok(())
        }
        CertCmd::Revoke {
            serial,
            reason,
            invalidity,
        } => {
            let reason: RevocationReason = parse(&reason)?;
            let invalidity = invalidity.as_deref().map(parse_time).transpose()?;
            unlock_ca(ra, false)?;
            let rec = ra.revoke_cert(op, &serial, reason, invalidity).await?;
            println!("certificate {} revoked ({reason})", rec.serial);
            if !ra.ca_unlocked().await {
                println!("the CA is locked: run `ratu crl publish` to put it on the CRL");
            }
            Ok(())
        }
        CertCmd::Import { path, nik, json } => {
            let report = ra.cert_import(op, &path, nik.as_deref()).await?;
            output::import_report(&report, json)?;
            if !report.failed.is_empty() {
                bail!("{} file(s) could not be imported", report.failed.len());
            }
            Ok(())
        }
        CertCmd::P12Unlock { serial } => {
            let n = ra.p12_unlock(op, &serial).await?;
            println!("PKCS#12 of {serial} unlocked (it had {n} wrong passphrase(s))");
            Ok(())
        }
        CertCmd::Watch => {
            let n = ra.expiry_watch(op).await?;
            println!("{n} expiry reminder(s) queued");
            Ok(())
        }
    }
}

/// `ratu inspect FILE`: needs no operator; our records are consulted when
/// the database can be opened.
pub async fn inspect(ra: Option<&Ra>, file: &Path, json: bool) -> Result<()> {
    let read = async |pass: Option<&str>| match ra {
        Some(ra) => ra.inspect_file(file, pass).await,
        None => inspect_file_only(file, pass),
    };
    let report = match read(None).await {
        Err(e) if e.needs_passphrase() => {
            let pass = secret("RATU_P12_PASSPHRASE", "PKCS#12 passphrase")?;
            read(Some(&pass)).await?
        }
        r => r?,
    };
    output::inspection(&report, json)?;
    if report.inspection.signature_valid == Some(false) {
        bail!("{}: signature: {}", file.display(), output::CSR_FORGED);
    }
    Ok(())
}
