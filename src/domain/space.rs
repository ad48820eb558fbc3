//! The free-space reserve (config `min_free`): below it, ratu refuses new
//! writes with one line saying why, and reads go on. A store that fills
//! its disk to the last byte is where a storage engine is least tested;
//! the reserve keeps ratu out of that corner.

use std::str::FromStr;

const GIB: u64 = 1 << 30;

/// How much of the data folder's file system stays free.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum MinFree {
    /// 1 GiB or 5 % of the file system, whichever is smaller.
    #[default]
    Default,
    Bytes(u64),
    /// Hundredths of a per cent of the file system's size.
    Share(u32),
}

impl MinFree {
    /// The reserve in bytes on a file system of `total` bytes.
    pub fn reserve(self, total: u64) -> u64 {
        match self {
            MinFree::Default => GIB.min(total / 20),
            MinFree::Bytes(n) => n,
            MinFree::Share(h) => (total as u128 * u128::from(h) / 10_000) as u64,
        }
    }
}

impl FromStr for MinFree {
    type Err = String;

    /// `"1GiB"`, `"512 MiB"`, `"200MB"`, `"5%"`, `"0"` (no reserve), or a
    /// number of bytes.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("min_free {s:?}: give a size such as \"1GiB\", \"500MiB\" or \"5%\" (\"0\": no reserve)");
        let t = s.trim();
        if let Some(p) = t.strip_suffix('%') {
            let p: f64 = p.trim().parse().map_err(|_| bad())?;
            if !(0.0..=50.0).contains(&p) {
                return Err(format!("min_free {s:?}: a share from 0% to 50%"));
            }
            return Ok(MinFree::Share((p * 100.0).round() as u32));
        }
        let digits = t.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(t.len());
        let (n, unit) = t.split_at(digits);
        let n: f64 = n.parse().map_err(|_| bad())?;
        let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "k" | "kb" => 1_000,
            "kib" => 1 << 10,
            "m" | "mb" => 1_000_000,
            "mib" => 1 << 20,
            "g" | "gb" => 1_000_000_000,
            "gib" => GIB,
            "t" | "tb" => 1_000_000_000_000,
            "tib" => 1 << 40,
            _ => return Err(bad()),
        };
        Ok(MinFree::Bytes((n * mult as f64).round() as u64))
    }
}

/// `n` bytes for people: "812 MiB", "1.0 GiB".
pub fn bytes_in_words(n: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    match u {
        0 => format!("{n} bytes"),
        _ if v < 10.0 => format!("{v:.1} {}", UNITS[u]),
        _ => format!("{v:.0} {}", UNITS[u]),
    }
}

/// Why a write was refused for want of room, in one line.
#[derive(Debug, Clone, PartialEq)]
pub enum NoRoom {
    ReadOnly { dir: String },
    Low { dir: String, free: u64, reserve: u64 },
}

impl std::fmt::Display for NoRoom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoRoom::ReadOnly { dir } => write!(
                f,
                "the data folder {dir} is read-only: nothing was written; make it writable and try again"
            ),
            NoRoom::Low { dir, free, reserve } => write!(
                f,
                "the disk holding {dir} has {} free, below the {} kept in reserve (min_free): nothing was written; free some space and try again",
                bytes_in_words(*free),
                bytes_in_words(*reserve)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_shares_parse() {
        assert_eq!("1GiB".parse(), Ok(MinFree::Bytes(GIB)));
        assert_eq!("512 MiB".parse(), Ok(MinFree::Bytes(512 << 20)));
        assert_eq!("200MB".parse(), Ok(MinFree::Bytes(200_000_000)));
        assert_eq!("0".parse(), Ok(MinFree::Bytes(0)));
        assert_eq!("5%".parse(), Ok(MinFree::Share(500)));
        assert_eq!("2.5 %".parse(), Ok(MinFree::Share(250)));
        assert!("lots".parse::<MinFree>().is_err());
        assert!("90%".parse::<MinFree>().is_err());
        assert!("-1GiB".parse::<MinFree>().is_err());
    }

    #[test]
    fn the_default_is_the_smaller_of_a_gibibyte_and_five_per_cent() {
        assert_eq!(MinFree::Default.reserve(100 * GIB), GIB);
        assert_eq!(MinFree::Default.reserve(10 * GIB), GIB / 2);
        assert_eq!(MinFree::Share(500).reserve(100 * GIB), 5 * GIB);
    }

    #[test]
    fn refusals_are_one_line_in_words() {
        let low = NoRoom::Low {
            dir: "/var/lib/ratu".into(),
            free: 812 << 20,
            reserve: GIB,
        };
        assert_eq!(
            low.to_string(),
            "the disk holding /var/lib/ratu has 812 MiB free, below the 1.0 GiB kept in reserve (min_free): nothing was written; free some space and try again"
        );
        assert!(!low.to_string().contains('\n'));
    }
}
