//! `ratu report`: the office's numbers for a period, as text, JSON, CSV,
//! an XLSX workbook or an A4 PDF.

use super::args::ReportArgs;
use super::output::json;
use crate::api::Office;
use crate::domain::Operator;
use crate::domain::report::{Period, ReportAsk};
use crate::locale::Lang;
use crate::report::{Words, csv, pdf, text, xlsx};
use anyhow::{Result, anyhow, bail};
use std::path::Path;

/// The period the flags name (none: the current month, in the office's
/// calendar as the service keeps it; here the local clock's month).
fn period(a: &ReportArgs, ra: &Office) -> Result<Period> {
    let p = match (&a.month, &a.quarter, &a.year, &a.from, &a.to) {
        (Some(m), ..) => Period::month(m),
        (_, Some(q), ..) => Period::quarter(q),
        (_, _, Some(y), ..) => Period::year(y),
        (_, _, _, Some(f), Some(t)) => Period::days(f, t),
        _ => Ok(Period::month_of(ra.now().date_naive())),
    };
    p.map_err(|e| anyhow!(e))
}

fn lang(s: &str) -> Result<Lang> {
    match s.trim().to_ascii_lowercase().as_str() {
        "id" => Ok(Lang::Id),
        "en" => Ok(Lang::En),
        other => bail!("--lang {other:?}: give id or en"),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::ra::write_atomic(path, bytes, 0o644).map_err(|e| anyhow!("{}: {e}", path.display()))
}

pub async fn run(ra: &Office, op: &Operator, a: &ReportArgs) -> Result<()> {
    let words = Words::new(lang(&a.lang)?);
    let ask = ReportAsk {
        period: period(a, ra)?,
        agency: a.agency.clone(),
        trace: a.trace,
    };
    let report = ra.report(op, &ask).await?;
    let mut wrote = false;
    if let Some(p) = &a.pdf {
        write(p, &pdf::render(&report, words).map_err(|e| anyhow!("PDF: {e}"))?)?;
        eprintln!("wrote {}", p.display());
        wrote = true;
    }
    if let Some(p) = &a.xlsx {
        write(p, &xlsx::render(&report, words).map_err(|e| anyhow!("XLSX: {e}"))?)?;
        eprintln!("wrote {}", p.display());
        wrote = true;
    }
    if let Some(dir) = &a.csv {
        std::fs::create_dir_all(dir).map_err(|e| anyhow!("{}: {e}", dir.display()))?;
        let files = csv::files(&report);
        for (name, text) in &files {
            write(&dir.join(name), text.as_bytes())?;
        }
        eprintln!("wrote {} CSV files into {}", files.len(), dir.display());
        wrote = true;
    }
    if a.json || a.trace {
        return json(&report);
    }
    if !wrote {
        print!("{}", text::render(&report, words));
    }
    Ok(())
}
