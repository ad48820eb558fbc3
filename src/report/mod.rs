//! A report as people read it: the words of each table in Indonesian or
//! English ([`labels`]), and its outputs: text for the terminal, CSV, an
//! XLSX workbook and an A4 PDF for the head of the Dinas. The numbers come
//! from `domain::report`; nothing here counts.

pub mod csv;
pub mod labels;
pub mod pdf;
pub mod text;
pub mod xlsx;

pub use labels::Words;
