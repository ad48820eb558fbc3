//! The period a report covers: a month (`2026-11`), a quarter (`2026Q4`),
//! a year (`2026`) or days from and to (both included), in the office's
//! calendar.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Days `from` up to, not including, `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub kind: PeriodKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
    Days,
}

fn bad(what: &str, text: &str, like: &str) -> String {
    format!("{what} {text:?}: give it as {like}")
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn first_of_next(y: i32, m: u32) -> Option<NaiveDate> {
    if m == 12 { ymd(y + 1, 1, 1) } else { ymd(y, m + 1, 1) }
}

impl Period {
    pub fn month(text: &str) -> Result<Period, String> {
        let t = text.trim();
        let e = || bad("--month", text, "YYYY-MM, e.g. 2026-11");
        let (y, m) = t.split_once('-').ok_or_else(e)?;
        let (y, m): (i32, u32) = (y.parse().map_err(|_| e())?, m.parse().map_err(|_| e())?);
        Ok(Period {
            from: ymd(y, m, 1).ok_or_else(e)?,
            until: first_of_next(y, m).ok_or_else(e)?,
            kind: PeriodKind::Month,
        })
    }

    pub fn quarter(text: &str) -> Result<Period, String> {
        let t = text.trim().to_ascii_uppercase();
        let e = || bad("--quarter", text, "YYYYQN, e.g. 2026Q4");
        let (y, q) = t.split_once('Q').ok_or_else(e)?;
        let (y, q): (i32, u32) = (y.parse().map_err(|_| e())?, q.parse().map_err(|_| e())?);
        if !(1..=4).contains(&q) {
            return Err(e());
        }
        Ok(Period {
            from: ymd(y, 3 * q - 2, 1).ok_or_else(e)?,
            until: first_of_next(y, 3 * q).ok_or_else(e)?,
            kind: PeriodKind::Quarter,
        })
    }

    pub fn year(text: &str) -> Result<Period, String> {
        let e = || bad("--year", text, "YYYY, e.g. 2026");
        let y: i32 = text.trim().parse().map_err(|_| e())?;
        Ok(Period {
            from: ymd(y, 1, 1).ok_or_else(e)?,
            until: ymd(y + 1, 1, 1).ok_or_else(e)?,
            kind: PeriodKind::Year,
        })
    }

    /// `--from` and `--to`, both days included.
    pub fn days(from: &str, to: &str) -> Result<Period, String> {
        let day = |flag: &str, t: &str| {
            NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").map_err(|_| bad(flag, t, "YYYY-MM-DD, e.g. 2026-11-01"))
        };
        let (from, to) = (day("--from", from)?, day("--to", to)?);
        if to < from {
            return Err(format!("--to {to} is before --from {from}"));
        }
        Ok(Period {
            from,
            until: to.succ_opt().ok_or_else(|| bad("--to", &to.to_string(), "a date"))?,
            kind: PeriodKind::Days,
        })
    }

    /// The month that holds `day`.
    pub fn month_of(day: NaiveDate) -> Period {
        Period::month(&format!("{}-{:02}", day.year(), day.month())).unwrap_or(Period {
            from: day,
            until: day,
            kind: PeriodKind::Days,
        })
    }

    /// The period of the same kind just before (months, quarters, years);
    /// days: the same number of days before.
    pub fn previous(self) -> Period {
        self.shifted(-1)
    }

    pub fn next(self) -> Period {
        self.shifted(1)
    }

    fn shifted(self, by: i32) -> Period {
        let months = match self.kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
            PeriodKind::Days => {
                let len = self.until - self.from;
                return Period {
                    from: self.from + len * by,
                    until: self.until + len * by,
                    kind: self.kind,
                };
            }
        };
        let shift = |d: NaiveDate| {
            let m = d.year() * 12 + d.month0() as i32 + by * months;
            ymd(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
        };
        Period {
            from: shift(self.from),
            until: shift(self.until),
            kind: self.kind,
        }
    }

    /// The last day included.
    pub fn last_day(self) -> NaiveDate {
        self.until.pred_opt().unwrap_or(self.until)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Month => write!(f, "{}-{:02}", self.from.year(), self.from.month()),
            PeriodKind::Quarter => write!(f, "{}Q{}", self.from.year(), self.from.month0() / 3 + 1),
            PeriodKind::Year => write!(f, "{}", self.from.year()),
            PeriodKind::Days => write!(f, "{} – {}", self.from, self.last_day()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_gives_its_days() {
        let m = Period::month("2026-12").unwrap();
        assert_eq!(
            (m.from.to_string(), m.until.to_string()),
            ("2026-12-01".into(), "2027-01-01".into())
        );
        let q = Period::quarter("2026q4").unwrap();
        assert_eq!(
            (q.from.to_string(), q.until.to_string()),
            ("2026-10-01".into(), "2027-01-01".into())
        );
        assert_eq!(Period::year("2026").unwrap().until.to_string(), "2027-01-01");
        let d = Period::days("2026-11-03", "2026-11-05").unwrap();
        assert_eq!(
            (d.until.to_string(), d.to_string()),
            ("2026-11-06".into(), "2026-11-03 – 2026-11-05".into())
        );
        assert_eq!(q.to_string(), "2026Q4");
    }

    #[test]
    fn neighbours_and_refusals() {
        let m = Period::month("2026-01").unwrap();
        assert_eq!(m.previous().to_string(), "2025-12");
        assert_eq!(Period::quarter("2026Q4").unwrap().next().to_string(), "2027Q1");
        assert!(Period::month("2026-13").unwrap_err().contains("2026-11"));
        assert!(Period::quarter("2026Q5").is_err());
        assert!(Period::days("2026-11-05", "2026-11-01").unwrap_err().contains("before"));
    }
}
