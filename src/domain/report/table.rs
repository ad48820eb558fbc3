//! A report's table: column keys (translated by each output) and rows of
//! cells, with the case numbers or certificate serials behind each row
//! when a trace was asked for.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    Int(u64),
    /// Days, hours or a percentage, rounded to two decimals.
    Num(f64),
    Text(String),
    /// No value (a median of no cases).
    Empty,
}

impl Cell {
    pub fn num(v: Option<f64>) -> Cell {
        match v {
            Some(x) if x.is_finite() => Cell::Num((x * 100.0).round() / 100.0),
            _ => Cell::Empty,
        }
    }

    /// As plain text: integers as they are, numbers with two decimals.
    pub fn plain(&self) -> String {
        match self {
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => format!("{x:.2}"),
            Cell::Text(t) => t.clone(),
            Cell::Empty => String::new(),
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Cell::Int(n) => Some(*n as f64),
            Cell::Num(x) => Some(*x),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub id: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Per row, what it counts (case numbers, or certificate serials);
    /// empty unless asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<Vec<String>>,
}

impl Table {
    pub fn new(id: &str, columns: &[&str]) -> Table {
        Table {
            id: id.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            trace: Vec::new(),
        }
    }

    /// The cell in the row whose first cell is `key`, under `column`.
    pub fn cell(&self, key: &str, column: &str) -> Option<&Cell> {
        let c = self.columns.iter().position(|x| x == column)?;
        self.rows
            .iter()
            .find(|r| matches!(r.first(), Some(Cell::Text(t)) if t == key))
            .and_then(|r| r.get(c))
    }
}
