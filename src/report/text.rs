//! A report as text for the terminal: each table with aligned columns.

use super::Words;
use crate::domain::report::{Cell, Report};
use unicode_width::UnicodeWidthStr;

pub fn render(r: &Report, w: Words) -> String {
    render_within(r, w, usize::MAX)
}

/// The same with text columns cut to `max_text` columns (the console).
pub fn render_within(r: &Report, w: Words, max_text: usize) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} — {}\n",
        w.title(),
        crate::domain::text::visible(&r.office)
    ));
    out.push_str(&format!(
        "{}: {}   {}: {}\n",
        w.period(),
        r.period,
        w.agencies(),
        w.scope(r)
    ));
    out.push_str(&format!("{}\n", w.standard(r.service_days)));
    for t in &r.tables {
        out.push_str(&format!("\n{}\n", w.table_title(&t.id)));
        if t.rows.is_empty() {
            out.push_str(&format!("  {}\n", w.nothing()));
            continue;
        }
        let head = w.headings(t);
        let cut = |c: &Cell| {
            let s = w.cell(c);
            match c {
                Cell::Text(_) if s.width() > max_text => {
                    let mut out: String = String::new();
                    for ch in s.chars() {
                        if out.width() + 2 > max_text {
                            break;
                        }
                        out.push(ch);
                    }
                    out + "…"
                }
                _ => s,
            }
        };
        let rows: Vec<Vec<String>> = t.rows.iter().map(|r| r.iter().map(cut).collect()).collect();
        let widths: Vec<usize> = (0..head.len())
            .map(|i| {
                rows.iter()
                    .map(|r| r.get(i).map_or(0, |c| c.width()))
                    .chain([head[i].width()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let numeric: Vec<bool> = (0..head.len())
            .map(|i| t.rows.iter().all(|r| !matches!(r.get(i), Some(Cell::Text(_)))))
            .collect();
        let line = |cells: &[String]| {
            let mut s = String::from(" ");
            for (i, c) in cells.iter().enumerate() {
                let pad = widths[i].saturating_sub(c.width());
                if numeric[i] {
                    s.push_str(&format!(" {}{c}", " ".repeat(pad)));
                } else {
                    s.push_str(&format!(" {c}{}", " ".repeat(pad)));
                }
            }
            s.trim_end().to_string() + "\n"
        };
        out.push_str(&line(&head));
        for r in &rows {
            out.push_str(&line(r));
        }
        let note = w.table_note(&t.id);
        if !note.is_empty() {
            out.push_str(&format!("  ({note})\n"));
        }
    }
    out
}
