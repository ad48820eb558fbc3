//! Tables and JSON for the CA, CRL and certificate commands.

use super::output::{clean, json};
use crate::domain::{CertRecord, CertStatus};
use crate::ra::{CaStatus, CertView, ImportReport, InspectReport, Published};
use anyhow::Result;
use chrono::{DateTime, Utc};

fn day(t: Option<DateTime<Utc>>) -> String {
    t.map_or("-".into(), |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
}

pub fn ca_status(st: &CaStatus, as_json: bool) -> Result<()> {
    if as_json {
        return json(st);
    }
    println!(
        "CA folder  {}  ({})",
        st.dir.display(),
        if st.unlocked { "unlocked" } else { "locked" }
    );
    for (label, c) in [("root", st.root.as_ref()), ("issuing", Some(&st.issuing))] {
        if let Some(c) = c {
            println!("{label:<8}   {}", c.subject);
            println!(
                "           serial {}  key {}  until {}",
                c.serial,
                c.key,
                day(c.not_after)
            );
            println!("           sha256 {}", c.sha256);
        }
    }
    for (label, crl) in [("CRL", &st.crl), ("root CRL", &st.root_crl)] {
        match crl {
            Some(c) => println!(
                "{label:<9}  number {}  this update {}  next update {}  entries {} ({} on hold)",
                c.number,
                day(c.this_update),
                day(c.next_update),
                c.listed(),
                c.held.unwrap_or(0)
            ),
            None => println!("{label:<9}  not published yet"),
        }
    }
    Ok(())
}

pub fn published(p: &Published, as_json: bool) -> Result<()> {
    if as_json {
        return json(p);
    }
    println!(
        "CRL {} with {} entries ({} on hold), next update {}",
        p.number,
        p.entries,
        p.held,
        day(Some(p.next_update))
    );
    for f in &p.files {
        println!("wrote {}", f.display());
    }
    Ok(())
}

/// The holder's NIK as shown: masked, or "unlinked" for a certificate
/// registered without saying whose it is.
fn holder_nik(nik: Option<&str>) -> String {
    match nik {
        Some(n) => crate::domain::identity::Nik::try_from(n.to_string()).map_or_else(|_| "?".into(), |n| n.masked()),
        None => "unlinked".into(),
    }
}

/// A certificate record as JSON, its holder's NIK masked.
fn record_json(r: &CertRecord) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    v["nik"] = serde_json::json!(holder_nik(r.nik.as_deref()));
    v
}

pub fn certs(rows: &[(CertRecord, CertStatus)], _now: DateTime<Utc>, as_json: bool) -> Result<()> {
    if as_json {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|(r, s)| {
                let mut v = record_json(r);
                v["status"] = serde_json::json!(s);
                v
            })
            .collect();
        return json(&v);
    }
    super::output::row(format!(
        "{:<32}  {:<9}  {:<10}  {:<10}  {:<16}  HOLDER",
        "SERIAL", "STATUS", "NOT AFTER", "PROFILE", "NIK"
    ));
    for (r, s) in rows {
        super::output::row(format!(
            "{:<32}  {:<9}  {:<10}  {:<10}  {:<16}  {}",
            r.serial,
            s.as_str(),
            r.not_after.format("%Y-%m-%d"),
            r.profile,
            holder_nik(r.nik.as_deref()),
            clean(&r.holder)
        ));
    }
    println!("{} certificate(s)", rows.len());
    Ok(())
}

pub fn cert_view(v: &CertView, as_json: bool) -> Result<()> {
    if as_json {
        let mut j = serde_json::to_value(v)?;
        j["nik"] = serde_json::json!(holder_nik(v.record.nik.as_deref()));
        return json(&j);
    }
    let r = &v.record;
    println!("serial     {}", r.serial);
    println!("status     {}", v.status);
    println!(
        "holder     {}  (NIK {})",
        clean(&r.holder),
        holder_nik(r.nik.as_deref())
    );
    println!("subject    {}", clean(&r.subject_dn));
    println!("issuer     {}", clean(&r.issuer_dn));
    println!("valid      {} → {}", day(Some(r.not_before)), day(Some(r.not_after)));
    println!(
        "profile    {}{}",
        r.profile,
        if r.ours { "" } else { " (not issued here)" }
    );
    if let Some(c) = r.case_id {
        println!("case       {c}");
    }
    if let Some(at) = r.revoked_at {
        let reason = r.reason.map_or("unspecified".into(), |x| x.to_string());
        println!("revoked    {} ({reason})", day(Some(at)));
    }
    if let Some(s) = &r.superseded_by {
        println!("superseded by {s}");
    }
    if let Some(d) = &v.decoded {
        print_decoded(d);
    }
    Ok(())
}

fn print_decoded(i: &crate::ra::Inspection) {
    if let Some(k) = &i.key {
        println!("key        {k}");
    }
    if let Some(a) = &i.signature_algorithm {
        println!("signature  {a}");
    }
    for e in &i.extensions {
        println!(
            "ext        {}{}: {}",
            e.name,
            if e.critical { " (critical)" } else { "" },
            clean(&e.value)
        );
    }
    println!("sha256     {}", i.sha256);
    println!("sha1       {}", i.sha1);
}

pub fn import_report(r: &ImportReport, as_json: bool) -> Result<()> {
    if as_json {
        return json(r);
    }
    for s in &r.imported {
        println!("imported {s}");
    }
    for s in &r.linked {
        println!("linked   {s}");
    }
    for (f, why) in &r.skipped {
        println!("skipped  {f}: {}", clean(why));
    }
    for (f, why) in &r.failed {
        println!("FAILED   {f}: {}", clean(why));
    }
    println!(
        "{} imported, {} linked, {} skipped, {} failed",
        r.imported.len(),
        r.linked.len(),
        r.skipped.len(),
        r.failed.len()
    );
    Ok(())
}

/// What `inspect` says of a CSR whose self-signature does not verify.
pub const CSR_FORGED: &str = "DOES NOT VERIFY — this CSR was altered or forged";

pub fn inspection(r: &InspectReport, as_json: bool) -> Result<()> {
    if as_json {
        return json(r);
    }
    let i = &r.inspection;
    println!("kind       {}", i.kind);
    for (label, v) in [("subject", &i.subject), ("issuer", &i.issuer), ("serial", &i.serial)] {
        if let Some(v) = v {
            println!("{label:<10} {}", clean(v));
        }
    }
    if i.not_before.is_some() {
        println!("valid      {} → {}", day(i.not_before), day(i.not_after));
    }
    if i.this_update.is_some() {
        println!("updates    {} → {}", day(i.this_update), day(i.next_update));
        println!("CRL number {}", i.crl_number.as_deref().unwrap_or("-"));
        println!("revoked    {}", i.revoked_count.unwrap_or(0));
    }
    print_decoded(i);
    match i.signature_valid {
        Some(true) => println!("signature  verifies"),
        Some(false) => println!("signature  {CSR_FORGED}"),
        None => {}
    }
    match r.signed_by_our_ca {
        Some(true) => println!("our CA     signed by this RA's CA"),
        Some(false) => println!("our CA     not signed by this RA's CA"),
        None => {}
    }
    if let Some(s) = r.status {
        println!("status     {s} (in our records)");
    }
    Ok(())
}
