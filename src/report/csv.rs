//! A report as CSV: one file per table (`received.csv`, …), column keys in
//! the first row, numbers as plain decimals (RFC 4180 quoting).

use crate::domain::report::Report;

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

/// Every table as a file: its name (`received.csv`, …) and text.
pub fn files(r: &Report) -> Vec<(String, String)> {
    r.tables.iter().map(|t| (format!("{}.csv", t.id), table(t))).collect()
}
