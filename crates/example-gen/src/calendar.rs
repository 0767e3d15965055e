//! Months, quarters and financial years of the generated history, counted
//! from April 2020 (month 0). The history runs to September 2026.

use std::fmt;

/// The first financial year of the history: 2020/21.
pub const FIRST_YEAR: i32 = 2020;
/// Financial years with figures: 2020/21 to 2026/27 (the last one to September).
pub const YEARS: usize = 7;
/// Months with figures: April 2020 to September 2026.
pub const MONTHS: i32 = 78;

pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Monthly,
    Quarterly,
    Annual,
}

impl Frequency {
    pub fn word(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Annual => "annual",
        }
    }
}

/// A period: a month (by its index from April 2020; negative before), a
/// quarter (year index, 0 to 3) or a financial year (index from 2020/21).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month(i32),
    Quarter(usize, usize),
    Year(usize),
}

impl Period {
    /// The periods of a frequency from financial year `from` (an index) to September 2026.
    pub fn all(frequency: Frequency, from: i32) -> Vec<Period> {
        match frequency {
            Frequency::Monthly => (from * 12..MONTHS).map(Period::Month).collect(),
            Frequency::Quarterly => {
                (from.max(0) as usize * 4..(MONTHS as usize) / 3).map(|q| Period::Quarter(q / 4, q % 4)).collect()
            }
            // Only complete years: 2026/27 is still running.
            Frequency::Annual => (from.max(0) as usize..YEARS - 1).map(Period::Year).collect(),
        }
    }

    /// The month index of the period's last month.
    pub fn last_month(self) -> i32 {
        match self {
            Period::Month(t) => t,
            Period::Quarter(y, q) => (y * 12 + q * 3 + 2) as i32,
            Period::Year(y) => (y * 12 + 11) as i32,
        }
    }

    /// The month that stands for the period in seasonal patterns: the
    /// month itself, a quarter's middle month, a year's September.
    pub fn middle_month(self) -> i32 {
        match self {
            Period::Month(t) => t,
            Period::Quarter(y, q) => (y * 12 + q * 3 + 1) as i32,
            Period::Year(y) => (y * 12 + 5) as i32,
        }
    }

    /// The financial year index (from 2020/21; -1 for 2019/20).
    pub fn year(self) -> i32 {
        self.last_month().div_euclid(12)
    }

    /// The month of the financial year the period ends in, 0 (April) to 11 (March).
    pub fn month_of_year(self) -> usize {
        self.last_month().rem_euclid(12) as usize
    }

    /// Whether the period is the first of its financial year of its frequency.
    pub fn starts_year(self) -> bool {
        match self {
            Period::Month(t) => t.rem_euclid(12) == 0,
            Period::Quarter(_, q) => q == 0,
            Period::Year(_) => true,
        }
    }

    /// "April to September 2020", "September 2020", "2020/21".
    pub fn describe_year_to_date(self) -> String {
        let (year, month) = calendar_month(self.last_month());
        match self {
            Period::Year(y) => year_label(y as i32),
            Period::Month(t) if t.rem_euclid(12) == 0 => format!("April {year}"),
            _ if year == FIRST_YEAR + self.year() => format!("April to {} {year}", MONTH_NAMES[month - 1]),
            _ => format!("April {} to {} {year}", FIRST_YEAR + self.year(), MONTH_NAMES[month - 1]),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match *self {
            Period::Month(t) => {
                let (year, month) = calendar_month(t);
                write!(f, "{year}-{month:02}")
            }
            Period::Quarter(y, q) => write!(f, "{}-Q{}", year_label(y as i32), q + 1),
            Period::Year(y) => write!(f, "{}", year_label(y as i32)),
        }
    }
}

/// The calendar year and month (1 to 12) of a month index.
pub fn calendar_month(t: i32) -> (i32, usize) {
    let year = FIRST_YEAR + t.div_euclid(12);
    let m = t.rem_euclid(12) as usize; // 0 = April
    if m >= 9 { (year + 1, m - 8) } else { (year, m + 4) }
}

/// "2020/21" for year index 0.
pub fn year_label(y: i32) -> String {
    let start = FIRST_YEAR + y;
    format!("{start}/{:02}", (start + 1) % 100)
}

/// The month index of a month written "2023-10".
pub fn month_index(text: &str) -> i32 {
    let (year, month) = text.split_once('-').expect("YYYY-MM");
    let (year, month): (i32, i32) = (year.parse().expect("a year"), month.parse().expect("a month"));
    let from_april = (month - 4).rem_euclid(12);
    let fy = if month >= 4 { year } else { year - 1 };
    (fy - FIRST_YEAR) * 12 + from_april
}

/// A timestamp in the month after month `t`: "2020-05-18T10:42:00Z".
pub fn timestamp(t: i32, day: i64, hour: i64, minute: i64) -> String {
    let (year, month) = calendar_month(t);
    format!("{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:00Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_written_as_the_framework_file_writes_them() {
        assert_eq!(Period::Month(0).to_string(), "2020-04");
        assert_eq!(Period::Month(11).to_string(), "2021-03");
        assert_eq!(Period::Month(-1).to_string(), "2020-03");
        assert_eq!(Period::Quarter(6, 1).to_string(), "2026/27-Q2");
        assert_eq!(Period::Year(5).to_string(), "2025/26");
        assert_eq!(month_index("2023-10"), 42);
        assert_eq!(month_index("2024-01"), 45);
        assert_eq!(Period::all(Frequency::Monthly, 0).len(), 78);
        assert_eq!(Period::all(Frequency::Quarterly, 0).len(), 26);
        assert_eq!(Period::all(Frequency::Annual, 0).len(), 6);
        assert_eq!(Period::Quarter(0, 1).describe_year_to_date(), "April to September 2020");
        assert_eq!(Period::Month(9).describe_year_to_date(), "April 2020 to January 2021");
        assert_eq!(Period::Quarter(0, 0).describe_year_to_date(), "April to June 2020");
        assert_eq!(Period::Month(12).describe_year_to_date(), "April 2021");
    }
}
