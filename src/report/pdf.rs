//! A report as an A4 PDF for the head of the Dinas: a title with the
//! period and the office's name, two bar charts (cases received per
//! agency, and the share within the service standard per agency), then
//! every table. Written with lopdf, already built for the document
//! previews: the standard Helvetica fonts (nothing embedded), text and
//! rectangles only, so `pdftotext` reads every number back.

use super::Words;
use crate::domain::report::{ALL_AGENCIES, Cell, Report, Table};
use lopdf::{Document, Object, Stream, dictionary};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 40.0;
const BOTTOM: f32 = 50.0;

/// Helvetica's widths (per 1000 em) of the printable ASCII characters.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
    556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
    260, 334, 584,
];

/// Text in the fonts' WinAnsi encoding: Latin-1 as is, dashes mapped,
/// anything else as `?` (a control character never reaches the file).
fn win_ansi(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '≤' => out.extend_from_slice(b"<="),
            '—' => out.push(0x97),
            '–' => out.push(0x96),
            ' '..='~' => out.push(c as u8),
            '\u{a0}'..='\u{ff}' => out.push(c as u32 as u8),
            _ => out.push(b'?'),
        }
    }
    out
}

fn text_width(s: &str, size: f32, bold: bool) -> f32 {
    let em: u32 = win_ansi(s)
        .iter()
        .map(|&b| match b {
            32..=126 => u32::from(HELVETICA[usize::from(b - 32)]),
            _ => 556,
        })
        .sum();
    em as f32 * size / 1000.0 * if bold { 1.08 } else { 1.0 }
}

/// `s` cut to fit `width` (with "…" as "..." when cut).
fn fit(s: &str, width: f32, size: f32, bold: bool) -> String {
    if text_width(s, size, bold) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if text_width(&format!("{out}{c}..."), size, bold) > width {
            break;
        }
        out.push(c);
    }
    out + "..."
}

/// A PDF string literal: parentheses and backslashes escaped, bytes
/// beyond ASCII in octal.
fn literal(s: &str) -> String {
    let mut out = String::from("(");
    for b in win_ansi(s) {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            32..=126 => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out.push(')');
    out
}

/// Pages being laid out, top to bottom.
struct Pages {
    done: Vec<String>,
    ops: String,
    y: f32,
}

impl Pages {
    fn new() -> Self {
        Self {
            done: Vec::new(),
            ops: String::new(),
            y: HEIGHT - MARGIN,
        }
    }

    /// Room for `h` points more, else a new page.
    fn need(&mut self, h: f32) {
        if self.y - h < BOTTOM {
            self.done.push(std::mem::take(&mut self.ops));
            self.y = HEIGHT - MARGIN;
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, s: &str) {
        let font = if bold { "F2" } else { "F1" };
        self.ops
            .push_str(&format!("BT /{font} {size} Tf {x:.1} {y:.1} Td {} Tj ET\n", literal(s)));
    }

    fn right(&mut self, right: f32, y: f32, size: f32, bold: bool, s: &str) {
        let x = right - text_width(s, size, bold);
        self.text(x, y, size, bold, s);
    }

    fn line(&mut self, size: f32, bold: bool, s: &str) {
        self.need(size * 1.5);
        self.y -= size * 1.5;
        let y = self.y;
        self.text(MARGIN, y, size, bold, s);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, rgb: (f32, f32, f32)) {
        self.ops.push_str(&format!(
            "{:.2} {:.2} {:.2} rg {x:.1} {y:.1} {w:.1} {h:.1} re f 0 0 0 rg\n",
            rgb.0, rgb.1, rgb.2
        ));
    }

    fn rule(&mut self, y: f32) {
        self.ops.push_str(&format!(
            "0.6 G 0.5 w {MARGIN:.1} {y:.1} m {:.1} {y:.1} l S 0 G\n",
            WIDTH - MARGIN
        ));
    }

    fn finish(mut self) -> Vec<String> {
        if !self.ops.is_empty() || self.done.is_empty() {
            self.done.push(self.ops);
        }
        self.done
    }
}

/// A horizontal bar chart: one bar per (label, value), scaled to `max`.
fn bars(p: &mut Pages, title: &str, rows: &[(String, f64, String)], max: f64, rgb: (f32, f32, f32)) {
    let row_h = 13.0;
    p.need(22.0 + row_h * rows.len().max(1) as f32);
    p.line(11.0, true, title);
    p.y -= 4.0;
    let label_w = 150.0;
    let bar_x = MARGIN + label_w + 6.0;
    let bar_max = WIDTH - MARGIN - bar_x - 50.0;
    for (label, value, shown) in rows {
        p.y -= row_h;
        let y = p.y;
        let l = fit(label, label_w, 8.0, false);
        p.text(MARGIN, y + 2.0, 8.0, false, &l);
        let w = if max > 0.0 { (value / max) as f32 * bar_max } else { 0.0 };
        p.rect(bar_x, y, w.max(0.5), 9.0, rgb);
        p.text(bar_x + w + 4.0, y + 2.0, 8.0, false, shown);
    }
    p.y -= 6.0;
}

fn table(p: &mut Pages, w: Words, t: &Table) {
    let size = 7.5;
    let row_h = size * 1.6;
    p.need(40.0);
    p.y -= 6.0;
    p.line(11.0, true, w.table_title(&t.id));
    if t.rows.is_empty() {
        p.line(size, false, w.nothing());
        return;
    }
    let text_cols: Vec<bool> = (0..t.columns.len())
        .map(|i| t.rows.iter().any(|r| matches!(r.get(i), Some(Cell::Text(_)))))
        .collect();
    let n_text = text_cols.iter().filter(|t| **t).count() as f32;
    let n_num = t.columns.len() as f32 - n_text;
    let avail = WIDTH - 2.0 * MARGIN;
    let num_w = if n_num > 0.0 {
        (avail * 0.65 / n_num).min(60.0)
    } else {
        0.0
    };
    let text_w = if n_text > 0.0 {
        (avail - num_w * n_num) / n_text
    } else {
        0.0
    };
    let widths: Vec<f32> = text_cols.iter().map(|t| if *t { text_w } else { num_w }).collect();
    // Headings, on up to two lines each.
    let heads = w.headings(t);
    let split: Vec<(String, String)> = heads
        .iter()
        .zip(&widths)
        .map(|(h, width)| two_lines(h, width - 4.0, size, true))
        .collect();
    let two = split.iter().any(|(_, b)| !b.is_empty());
    let head_h = if two { row_h * 2.0 } else { row_h };
    p.need(head_h + row_h * 2.0);
    p.y -= head_h;
    let mut x = MARGIN;
    for (i, (a, b)) in split.iter().enumerate() {
        let top = p.y + if two { row_h } else { 0.0 };
        let lines = [a, b];
        for (k, s) in lines.iter().enumerate() {
            if s.is_empty() {
                continue;
            }
            let y = top - k as f32 * row_h + 3.0;
            if text_cols[i] {
                p.text(x, y, size, true, s);
            } else {
                p.right(x + widths[i] - 2.0, y, size, true, s);
            }
        }
        x += widths[i];
    }
    let ruled = p.y;
    p.rule(ruled);
    for row in &t.rows {
        p.need(row_h);
        p.y -= row_h;
        let y = p.y + 3.0;
        let bold = matches!(row.first(), Some(Cell::Text(t)) if t == ALL_AGENCIES);
        let mut x = MARGIN;
        for (i, cell) in row.iter().enumerate() {
            let s = w.cell(cell);
            if text_cols[i] {
                let s = fit(&s, widths[i] - 4.0, size, bold);
                p.text(x, y, size, bold, &s);
            } else {
                p.right(x + widths[i] - 2.0, y, size, bold, &s);
            }
            x += widths[i];
        }
    }
    let note = w.table_note(&t.id);
    if !note.is_empty() {
        for l in wrap(note, avail, 7.0) {
            p.line(7.0, false, &l);
        }
    }
}

/// A heading on one line, or split over two at a space.
fn two_lines(h: &str, width: f32, size: f32, bold: bool) -> (String, String) {
    if text_width(h, size, bold) <= width || !h.contains(' ') {
        return (fit(h, width, size, bold), String::new());
    }
    let words: Vec<&str> = h.split(' ').collect();
    let mut best = (h.to_string(), String::new());
    for k in 1..words.len() {
        let (a, b) = (words[..k].join(" "), words[k..].join(" "));
        if text_width(&a, size, bold) <= width {
            best = (a, b);
        }
    }
    (fit(&best.0, width, size, bold), fit(&best.1, width, size, bold))
}

fn wrap(s: &str, width: f32, size: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in s.split_whitespace() {
        let last = lines.last_mut().expect("one line");
        let next = if last.is_empty() {
            word.to_string()
        } else {
            format!("{last} {word}")
        };
        if text_width(&next, size, false) > width && !last.is_empty() {
            lines.push(word.to_string());
        } else {
            *last = next;
        }
    }
    lines
}

fn charts(p: &mut Pages, r: &Report, w: Words) {
    let label = |t: &Cell| w.cell(t);
    if let Some(t) = r.table("received") {
        let total = t.columns.iter().position(|c| c == "total").unwrap_or(0);
        let rows: Vec<(String, f64, String)> = t
            .rows
            .iter()
            .filter(|row| !matches!(row.first(), Some(Cell::Text(a)) if a == ALL_AGENCIES))
            .map(|row| {
                let v = row.get(total).and_then(Cell::as_f64).unwrap_or(0.0);
                (row.first().map(label).unwrap_or_default(), v, format!("{v:.0}"))
            })
            .collect();
        let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
        bars(p, w.chart_received(), &rows, max, (0.16, 0.38, 0.66));
    }
    if let Some(t) = r.table("processing") {
        let share = t.columns.iter().position(|c| c == "within_share").unwrap_or(0);
        let rows: Vec<(String, f64, String)> = t
            .rows
            .iter()
            .map(|row| {
                let cell = row.get(share).cloned().unwrap_or(Cell::Empty);
                let v = cell.as_f64().unwrap_or(0.0);
                let shown = match cell {
                    Cell::Empty => "-".to_string(),
                    c => format!("{} %", c.plain()),
                };
                (row.first().map(label).unwrap_or_default(), v, shown)
            })
            .collect();
        bars(p, w.chart_within(), &rows, 100.0, (0.20, 0.55, 0.30));
    }
}

pub fn render(r: &Report, w: Words) -> Result<Vec<u8>, lopdf::Error> {
    let mut p = Pages::new();
    p.line(16.0, true, w.title());
    p.line(12.0, false, &r.office);
    p.line(10.0, false, &format!("{}: {}", w.period(), r.period));
    p.line(10.0, false, &format!("{}: {}", w.agencies(), w.scope(r)));
    p.line(9.0, false, &w.standard(r.service_days));
    p.line(
        8.0,
        false,
        &format!("{}: {}", w.generated(), r.generated_at.format("%Y-%m-%d %H:%M UTC")),
    );
    p.y -= 8.0;
    charts(&mut p, r, w);
    for t in &r.tables {
        table(&mut p, w, t);
    }
    let pages = p.finish();
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let regular = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let bold = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica-Bold", "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => regular, "F2" => bold },
    });
    let mut kids = Vec::new();
    let count = pages.len();
    for (i, ops) in pages.into_iter().enumerate() {
        let footer = format!(
            "BT /F1 7 Tf {MARGIN:.1} 30 Td {} Tj ET\n",
            literal(&format!("{} — {} — {}/{count}", r.office, r.period, i + 1))
        );
        let content = doc.add_object(Stream::new(dictionary! {}, (ops + footer.as_str()).into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(WIDTH), Object::Real(HEIGHT)],
            "Contents" => content,
            "Resources" => resources,
        });
        kids.push(Object::Reference(page));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count as i64 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info = doc.add_object(dictionary! {
        "Title" => Object::string_literal(win_ansi(&format!("{} {}", w.title(), r.period))),
        "Producer" => Object::string_literal("ratu"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_and_encode() {
        assert_eq!(literal("a(b)\\"), "(a\\(b\\)\\\\)");
        assert_eq!(literal("≤30 — é"), "(<=30 \\227 \\351)");
        assert_eq!(literal("\u{1b}[2J"), "(?[2J)");
    }

    #[test]
    fn fitting_cuts_with_dots() {
        let s = fit("Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten", 80.0, 8.0, false);
        assert!(s.ends_with("...") && text_width(&s, 8.0, false) <= 80.0, "{s}");
    }
}
