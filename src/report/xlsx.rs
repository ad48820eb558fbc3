//! A report as an XLSX workbook for staff who rework the numbers: a first
//! sheet with the heading, then one sheet per table, named by its key
//! (`received`, `processing`, …), headings in the report's language and
//! numbers as numbers.

use super::Words;
use crate::domain::report::{Cell, Report};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The sheet of the heading.
pub const HEADING_SHEET: &str = "report";

pub fn render(r: &Report, w: Words) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let head = book.add_worksheet();
    head.set_name(HEADING_SHEET)?;
    let lines = [
        (w.title().to_string(), crate::domain::text::visible(&r.office)),
        (w.period().to_string(), r.period.to_string()),
        (w.agencies().to_string(), w.scope(r)),
        (w.generated().to_string(), r.generated_at.to_rfc3339()),
        (String::new(), w.standard(r.service_days)),
    ];
    for (i, (k, v)) in lines.iter().enumerate() {
        head.write_string_with_format(i as u32, 0, k, &bold)?;
        head.write_string(i as u32, 1, v)?;
    }
    head.autofit();
    for t in &r.tables {
        let sheet = book.add_worksheet();
        sheet.set_name(&t.id)?;
        sheet.write_string_with_format(0, 0, w.table_title(&t.id), &bold)?;
        for (c, h) in w.headings(t).iter().enumerate() {
            sheet.write_string_with_format(1, c as u16, h, &bold)?;
        }
        for (i, row) in t.rows.iter().enumerate() {
            let n = i as u32 + 2;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Int(x) => {
                        sheet.write_number(n, c, *x as f64)?;
                    }
                    Cell::Num(x) => {
                        sheet.write_number(n, c, *x)?;
                    }
                    Cell::Text(_) => {
                        sheet.write_string(n, c, w.cell(cell))?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.autofit();
    }
    book.save_to_buffer()
}
