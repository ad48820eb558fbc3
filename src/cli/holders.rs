//! `ratu holder show` and `ratu holder search`.

use super::args::HolderCmd;
use super::output::{clean, json};
use crate::api::Office;
use crate::domain::Operator;
use crate::ra::{HolderLine, HolderView};
use anyhow::Result;

pub async fn run(ra: &Office, op: &Operator, cmd: HolderCmd) -> Result<()> {
    match cmd {
        HolderCmd::Show { nik, reveal_nik, json } => show(&ra.holder_show(op, &nik, reveal_nik).await?, json),
        HolderCmd::Search { text, json } => search(&ra.holder_search(op, &text).await?, json),
    }
}

fn field(v: &HolderView, name: &str) -> String {
    match v.data.get(name) {
        Some(serde_json::Value::String(s)) => clean(s),
        _ => "-".into(),
    }
}

fn show(v: &HolderView, as_json: bool) -> Result<()> {
    if as_json {
        return json(v);
    }
    println!("holder     {}  NIK {}", field(v, "name"), v.nik);
    for f in ["email", "agency", "unit", "position", "nip", "employment", "phone"] {
        println!("{f:<10} {}", field(v, f));
    }
    println!(
        "since      {}  (updated {})",
        v.created_at.format("%Y-%m-%d"),
        v.updated_at.format("%Y-%m-%d")
    );
    println!("\ncases ({})", v.cases.len());
    for c in &v.cases {
        println!(
            "  {:>6}  {:<10} {:<24} opened {}  updated {}",
            c.id,
            c.kind.as_str(),
            c.state.as_str(),
            c.created_at.format("%Y-%m-%d"),
            c.updated_at.format("%Y-%m-%d")
        );
    }
    println!("\ncertificates ({})", v.certificates.len());
    for c in &v.certificates {
        println!(
            "  {}  {:<8} {} → {}  issuer {}",
            c.serial,
            c.status.as_str(),
            c.not_before.format("%Y-%m-%d"),
            c.not_after.format("%Y-%m-%d"),
            clean(&c.issuer)
        );
        if let Some(fp) = &c.sha256 {
            println!("      sha256 {fp}");
        }
    }
    if !v.history.is_empty() {
        println!("\nhistory");
        for h in &v.history {
            let case = h.case_id.map_or(String::new(), |id| format!(" (case {id})"));
            println!("  {} by {}{case}", h.at.format("%Y-%m-%d %H:%M"), clean(&h.by));
            for c in &h.changes {
                println!(
                    "    {}: {} → {}",
                    c.field,
                    clean(c.old.as_deref().unwrap_or("-")),
                    clean(c.new.as_deref().unwrap_or("-"))
                );
            }
        }
    }
    Ok(())
}

fn search(rows: &[HolderLine], as_json: bool) -> Result<()> {
    if as_json {
        return json(&rows);
    }
    for h in rows {
        println!(
            "{}  {}  <{}>  {}",
            h.nik,
            clean(&h.name),
            clean(&h.email),
            clean(&h.agency)
        );
    }
    println!("{} holder(s)", rows.len());
    Ok(())
}
