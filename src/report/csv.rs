//! A report as CSV: one file per table (`received.csv`, …), column keys in
//! the first row, numbers as plain decimals (RFC 4180 quoting).

use crate::domain::report::Report;
use std::path::{Path, PathBuf};

fn field(s: &str) -> String {
    // A text a spreadsheet would run as a formula is kept as text.
    let s = &match s.starts_with(['=', '+', '-', '@']) && s != "-" {
        true => format!("'{s}"),
        false => s.to_string(),
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn cell(c: &crate::domain::report::Cell) -> String {
    match c {
        crate::domain::report::Cell::Text(t) => field(t),
        other => other.plain(),
    }
}

/// One table as CSV text.
pub fn table(t: &crate::domain::report::Table) -> String {
    let mut out = t.columns.iter().map(|c| field(c)).collect::<Vec<_>>().join(",") + "\r\n";
    for r in &t.rows {
        out.push_str(&r.iter().map(cell).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// Writes every table into `dir` (made if missing); the files written.
pub fn write(r: &Report, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for t in &r.tables {
        let path = dir.join(format!("{}.csv", t.id));
        crate::ca::write_atomic(&path, table(t).as_bytes(), 0o644).map_err(|e| std::io::Error::other(e.to_string()))?;
        written.push(path);
    }
    Ok(written)
}
