//! Reporting periods on the UK financial year (April to March).
//!
//! `2020/21` is the year April 2020 to March 2021, `2020/21-Q2` is July to
//! September 2020, `2020-09` is September 2020. Every period is a run of whole
//! months, so all arithmetic is done on a month index (year * 12 + month - 1).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The forms accepted by [`Period::parse`], quoted in every parse error.
pub const ACCEPTED_FORMS: &str =
    "a financial year such as 2020/21, a quarter such as 2020/21-Q2, or a month such as 2020-09";

/// Lowest and highest calendar years accepted, to keep dates representable.
const MIN_YEAR: i16 = 1900;
const MAX_YEAR: i16 = 2999;

/// The first and last days accepted wherever a date is given (a deadline,
/// a meeting, an "as of" day, a target's effective date): the days of the
/// financial years a period may have, 1900/01 to 2998/99.
pub const FIRST_DAY: Date = jiff::civil::date(MIN_YEAR, 4, 1);
pub const LAST_DAY: Date = jiff::civil::date(MAX_YEAR, 3, 31);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{date} is outside the dates kept: give a day from {FIRST_DAY} to {LAST_DAY}")]
pub struct DayOutOfRange {
    pub date: Date,
}

/// The day, if it lies from [`FIRST_DAY`] to [`LAST_DAY`]: every date read
/// from input passes here, so no later arithmetic runs off the calendar.
pub fn supported_day(date: Date) -> Result<Date, DayOutOfRange> {
    if (FIRST_DAY..=LAST_DAY).contains(&date) { Ok(date) } else { Err(DayOutOfRange { date }) }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a period: expected {ACCEPTED_FORMS}{detail}")]
pub struct PeriodParseError {
    pub text: String,
    detail: String,
}

impl PeriodParseError {
    fn new(text: &str, detail: &str) -> Self {
        let detail = if detail.is_empty() { String::new() } else { format!(" ({detail})") };
        PeriodParseError { text: text.to_string(), detail }
    }
}

/// A UK financial year, named by the calendar year it starts in (2020 for 2020/21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FinancialYear(i16);

/// Quarter of a financial year: Q1 is April to June.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter(u8);

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i16,
    month: u8,
}

/// How often a measure is reported, which is also the granularity of its periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Monthly,
    Quarterly,
    Annual,
}

/// A reporting period: a financial year, one of its quarters, or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(FinancialYear),
    Quarter(FinancialYear, Quarter),
    Month(Month),
}

impl FinancialYear {
    pub fn starting(year: i16) -> Option<Self> {
        (MIN_YEAR..MAX_YEAR).contains(&year).then_some(FinancialYear(year))
    }
    pub fn start_year(self) -> i16 {
        self.0
    }
    /// The financial year a calendar date falls in.
    pub fn containing(date: Date) -> Self {
        Month::of(date).financial_year()
    }
    pub fn previous(self) -> Self {
        FinancialYear(self.0 - 1)
    }
    pub fn next(self) -> Self {
        FinancialYear(self.0 + 1)
    }
    pub fn quarter(self, q: Quarter) -> Period {
        Period::Quarter(self, q)
    }
    fn first_month_index(self) -> i32 {
        i32::from(self.0) * 12 + 3
    }
    /// April of the year, its first month.
    pub fn first_month(self) -> Month {
        Month::from_index(self.first_month_index())
    }
}

impl Quarter {
    pub const Q1: Quarter = Quarter(1);
    pub const Q2: Quarter = Quarter(2);
    pub const Q3: Quarter = Quarter(3);
    pub const Q4: Quarter = Quarter(4);
    pub fn new(n: u8) -> Option<Self> {
        (1..=4).contains(&n).then_some(Quarter(n))
    }
    pub fn number(self) -> u8 {
        self.0
    }
}

impl Month {
    pub fn new(year: i16, month: u8) -> Option<Self> {
        ((1..=12).contains(&month) && (MIN_YEAR..MAX_YEAR).contains(&year)).then_some(Month { year, month })
    }
    pub fn of(date: Date) -> Self {
        Month { year: date.year(), month: date.month() as u8 }
    }
    pub fn year(self) -> i16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn financial_year(self) -> FinancialYear {
        FinancialYear(if self.month >= 4 { self.year } else { self.year - 1 })
    }
    pub fn quarter(self) -> Quarter {
        Quarter(((self.month + 8) % 12) / 3 + 1)
    }
    fn index(self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month) - 1
    }
    fn from_index(index: i32) -> Self {
        Month { year: index.div_euclid(12) as i16, month: (index.rem_euclid(12) + 1) as u8 }
    }
}

impl Frequency {
    /// The period of this frequency that contains the given month.
    pub fn period_containing(self, month: Month) -> Period {
        match self {
            Frequency::Monthly => Period::Month(month),
            Frequency::Quarterly => Period::Quarter(month.financial_year(), month.quarter()),
            Frequency::Annual => Period::Year(month.financial_year()),
        }
    }
    fn months(self) -> i32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::Annual => 12,
        }
    }
}

impl Period {
    /// Parses `2020/21`, `2020/21-Q2` or `2020-09`. Surrounding spaces and the
    /// case of `q` are forgiven; anything else is an error quoting the text.
    pub fn parse(text: &str) -> Result<Period, PeriodParseError> {
        let t = text.trim();
        let err = |detail: &str| PeriodParseError::new(text, detail);
        if let Some((year, quarter)) = t.split_once('-').filter(|(y, _)| y.contains('/')) {
            let fy = parse_financial_year(year).map_err(|d| err(&d))?;
            let q = quarter
                .strip_prefix(['Q', 'q'])
                .and_then(|n| n.parse::<u8>().ok())
                .and_then(Quarter::new)
                .ok_or_else(|| err("the quarter must be Q1, Q2, Q3 or Q4"))?;
            return Ok(Period::Quarter(fy, q));
        }
        if t.contains('/') {
            return parse_financial_year(t).map(Period::Year).map_err(|d| err(&d));
        }
        if let Some((year, month)) = t.split_once('-') {
            let year = parse_digits::<i16>(year, 4).ok_or_else(|| err("the year must have four digits"))?;
            let month = parse_digits::<u8>(month, 2).ok_or_else(|| err("the month must have two digits, 01 to 12"))?;
            return Month::new(year, month).map(Period::Month).ok_or_else(|| err("the month must be 01 to 12"));
        }
        Err(err(""))
    }

    pub fn financial_year(self) -> FinancialYear {
        match self {
            Period::Year(fy) | Period::Quarter(fy, _) => fy,
            Period::Month(m) => m.financial_year(),
        }
    }

    pub fn frequency(self) -> Frequency {
        match self {
            Period::Year(_) => Frequency::Annual,
            Period::Quarter(..) => Frequency::Quarterly,
            Period::Month(_) => Frequency::Monthly,
        }
    }

    pub fn first_month(self) -> Month {
        Month::from_index(self.start_index())
    }
    pub fn last_month(self) -> Month {
        Month::from_index(self.end_index())
    }
    /// First day of the period.
    pub fn start_date(self) -> Date {
        let m = self.first_month();
        first_day(m)
    }
    /// Last day of the period.
    pub fn end_date(self) -> Date {
        let m = self.last_month();
        first_day(m).last_of_month()
    }

    /// Whether the period begins in April, the start of its financial year.
    pub fn starts_financial_year(self) -> bool {
        self.start_index() == self.financial_year().first_month_index()
    }

    /// Whether `other` lies wholly inside this period ("2020-09 is in 2020/21-Q2").
    pub fn contains(self, other: Period) -> bool {
        self.start_index() <= other.start_index() && other.end_index() <= self.end_index()
    }

    /// The period of the same length just before this one (2020/21-Q1 before 2020/21-Q2).
    pub fn previous(self) -> Period {
        self.shifted(-self.frequency().months())
    }
    /// The period of the same length just after this one.
    pub fn next(self) -> Period {
        self.shifted(self.frequency().months())
    }
    /// The same period a year earlier (2019/20-Q2 for 2020/21-Q2).
    pub fn same_period_last_year(self) -> Period {
        self.shifted(-12)
    }

    /// The months from the start of the financial year to the end of this period.
    pub fn year_to_date(self) -> Vec<Month> {
        (self.financial_year().first_month_index()..=self.end_index()).map(Month::from_index).collect()
    }

    /// The months of this period, in order.
    pub fn months(self) -> Vec<Month> {
        (self.start_index()..=self.end_index()).map(Month::from_index).collect()
    }

    /// The periods of the given frequency, in order, from the start of this
    /// period's financial year up to and including the one ending last within
    /// this period (the figures a year-to-date sum adds up).
    pub fn year_to_date_periods(self, frequency: Frequency) -> Vec<Period> {
        let Some(last) = self.last_of(frequency) else { return Vec::new() };
        let mut periods = vec![last];
        let mut p = last;
        while p.start_index() > self.financial_year().first_month_index() {
            p = p.previous();
            periods.push(p);
        }
        periods.reverse();
        periods
    }

    /// The latest period of the given frequency that ends within this period:
    /// September for a monthly measure asked about 2020/21-Q2, the quarter
    /// itself for a quarterly one, none for an annual one (not due until March).
    pub fn last_of(self, frequency: Frequency) -> Option<Period> {
        let candidate = frequency.period_containing(self.last_month());
        (candidate.end_index() == self.end_index() || self.contains(candidate)).then_some(candidate)
    }

    /// A number that orders and identifies periods as `Ord` does, cheap to
    /// compare (for lookups over many periods).
    pub fn sort_key(self) -> i64 {
        i64::from(self.start_index()) * 16 + i64::from(self.frequency().months())
    }

    fn shifted(self, months: i32) -> Period {
        let start = Month::from_index(self.start_index() + months);
        self.frequency().period_containing(start)
    }
    fn start_index(self) -> i32 {
        match self {
            Period::Year(fy) => fy.first_month_index(),
            Period::Quarter(fy, q) => fy.first_month_index() + (i32::from(q.0) - 1) * 3,
            Period::Month(m) => m.index(),
        }
    }
    fn end_index(self) -> i32 {
        self.start_index() + self.frequency().months() - 1
    }
}

fn parse_digits<T: FromStr>(text: &str, len: usize) -> Option<T> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

fn parse_financial_year(text: &str) -> Result<FinancialYear, String> {
    let (start, end) = text.split_once('/').ok_or("a financial year is written like 2020/21")?;
    let start: i16 = parse_digits(start, 4).ok_or("a financial year starts with a four-digit year, as in 2020/21")?;
    let end: i16 =
        parse_digits(end, 2).ok_or("a financial year ends with the two last digits of the next year, as in 2020/21")?;
    if end != (start + 1) % 100 {
        return Err(format!("the year after {start} is written {start}/{:02}", (start + 1) % 100));
    }
    FinancialYear::starting(start).ok_or_else(|| format!("years from {MIN_YEAR} to {MAX_YEAR} only"))
}

/// The first day of a month; a month past the calendar's ends (only reached
/// by arithmetic on a period made from an unchecked date) is held at the end.
fn first_day(m: Month) -> Date {
    Date::new(m.year, m.month as i8, 1).unwrap_or(if m.year < 0 { Date::MIN } else { Date::MAX.first_of_month() })
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02}", self.0, (self.0 + 1) % 100)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(fy) => write!(f, "{fy}"),
            Period::Quarter(fy, q) => write!(f, "{fy}-Q{}", q.0),
            Period::Month(m) => write!(f, "{:04}-{:02}", m.year, m.month),
        }
    }
}

impl Period {
    /// Words for a reader: "July to September 2020", "September 2020", "April 2020 to March 2021".
    pub fn describe(self) -> String {
        describe_months(self.first_month(), self.last_month())
    }

    /// The months a year-to-date figure at the end of the period covers,
    /// from April: "April to September 2020" for 2020/21-Q2.
    pub fn describe_year_to_date(self) -> String {
        describe_months(Month::from_index(self.financial_year().first_month_index()), self.last_month())
    }

    /// The twelve months to the end of the period: "October 2019 to September 2020".
    pub fn describe_twelve_months(self) -> String {
        describe_months(Month::from_index(self.end_index() - 11), self.last_month())
    }
}

fn describe_months(first: Month, last: Month) -> String {
    if first == last {
        format!("{} {}", month_name(last.month), last.year)
    } else if first.year == last.year {
        format!("{} to {} {}", month_name(first.month), month_name(last.month), last.year)
    } else {
        format!("{} {} to {} {}", month_name(first.month), first.year, month_name(last.month), last.year)
    }
}

fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
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
    NAMES[usize::from(month - 1)]
}

/// Periods sort by where they start, then shorter first, so a quarter sorts
/// before the year it opens and months sort in calendar order.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.start_index(), self.end_index()).cmp(&(other.start_index(), other.end_index()))
    }
}
impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Period {
    type Err = PeriodParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl FromStr for FinancialYear {
    type Err = PeriodParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match Period::parse(s)? {
            Period::Year(fy) => Ok(fy),
            _ => Err(PeriodParseError::new(s, "a financial year such as 2020/21 is needed here")),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}
impl Serialize for FinancialYear {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for FinancialYear {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn days_are_kept_from_the_first_to_the_last_supported_financial_year() {
        assert_eq!(supported_day(jiff::civil::date(2020, 11, 5)), Ok(jiff::civil::date(2020, 11, 5)));
        assert_eq!(supported_day(FIRST_DAY), Ok(FIRST_DAY));
        assert_eq!(supported_day(LAST_DAY), Ok(LAST_DAY));
        let far = jiff::civil::date(9999, 12, 31);
        assert_eq!(
            supported_day(far).unwrap_err().to_string(),
            "9999-12-31 is outside the dates kept: give a day from 1900-04-01 to 2999-03-31"
        );
        assert!(supported_day(jiff::civil::date(1899, 12, 31)).is_err());
        // Arithmetic on a period made from an unchecked day does not panic.
        let p = Frequency::Quarterly.period_containing(Month::of(far));
        let _ = (p.next().start_date(), p.next().end_date());
    }

    #[test]
    fn quarter_two_is_july_to_september() {
        let q2 = p("2020/21-Q2");
        assert_eq!(q2.start_date(), jiff::civil::date(2020, 7, 1));
        assert_eq!(q2.end_date(), jiff::civil::date(2020, 9, 30));
        assert_eq!(q2.describe(), "July to September 2020");
        assert!(q2.contains(p("2020-09")));
        assert!(!q2.contains(p("2020-10")));
        assert!(p("2020/21").contains(q2));
    }

    #[test]
    fn quarter_four_is_january_to_march_of_the_next_calendar_year() {
        let q4 = p("2020/21-Q4");
        assert_eq!(q4.first_month(), Month::new(2021, 1).unwrap());
        assert_eq!(q4.end_date(), jiff::civil::date(2021, 3, 31));
        assert_eq!(p("2021-03").financial_year().to_string(), "2020/21");
        assert_eq!(p("2021-04").financial_year().to_string(), "2021/22");
    }

    #[test]
    fn previous_and_last_year() {
        assert_eq!(p("2020/21-Q1").previous(), p("2019/20-Q4"));
        assert_eq!(p("2020/21-Q2").previous(), p("2020/21-Q1"));
        assert_eq!(p("2020-01").previous(), p("2019-12"));
        assert_eq!(p("2020/21").previous(), p("2019/20"));
        assert_eq!(p("2020/21-Q2").same_period_last_year(), p("2019/20-Q2"));
        assert_eq!(p("2020-09").same_period_last_year(), p("2019-09"));
    }

    #[test]
    fn year_to_date_and_twelve_months_are_named_by_their_months() {
        let q2 = Period::parse("2020/21-Q2").unwrap();
        assert_eq!(q2.describe(), "July to September 2020");
        assert_eq!(q2.describe_year_to_date(), "April to September 2020");
        assert_eq!(q2.describe_twelve_months(), "October 2019 to September 2020");
        let q4 = Period::parse("2020/21-Q4").unwrap();
        assert_eq!(q4.describe_year_to_date(), "April 2020 to March 2021");
        let april = Period::parse("2020-04").unwrap();
        assert_eq!(april.describe_year_to_date(), "April 2020");
        assert_eq!(april.describe_twelve_months(), "May 2019 to April 2020");
    }

    #[test]
    fn year_to_date_runs_from_april() {
        let months: Vec<String> =
            p("2020/21-Q2").year_to_date().iter().map(|m| Period::Month(*m).to_string()).collect();
        assert_eq!(months, ["2020-04", "2020-05", "2020-06", "2020-07", "2020-08", "2020-09"]);
        let quarters = p("2020-09").year_to_date_periods(Frequency::Quarterly);
        assert_eq!(quarters, vec![p("2020/21-Q1"), p("2020/21-Q2")]);
        assert!(p("2020-08").year_to_date_periods(Frequency::Quarterly).is_empty());
    }

    #[test]
    fn last_of_a_frequency_within_a_period() {
        assert_eq!(p("2020/21-Q2").last_of(Frequency::Monthly), Some(p("2020-09")));
        assert_eq!(p("2020/21-Q2").last_of(Frequency::Quarterly), Some(p("2020/21-Q2")));
        assert_eq!(p("2020/21-Q2").last_of(Frequency::Annual), None);
        assert_eq!(p("2020/21-Q4").last_of(Frequency::Annual), Some(p("2020/21")));
        assert_eq!(p("2020-08").last_of(Frequency::Quarterly), None);
    }

    #[test]
    fn ordering_is_chronological() {
        let mut v = [p("2020/21"), p("2020-05"), p("2019/20-Q4"), p("2020/21-Q1"), p("2020-04")];
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(s, ["2019/20-Q4", "2020-04", "2020/21-Q1", "2020/21", "2020-05"]);
    }

    #[test]
    fn bad_text_is_quoted_with_the_accepted_forms() {
        for bad in ["2020/22", "2020/21-Q5", "2020-13", "Q2 2020", "", "2020/21Q2", "20/21"] {
            let e = Period::parse(bad).unwrap_err().to_string();
            assert!(e.contains(&format!("\"{bad}\"")), "{e}");
            assert!(e.contains("2020/21-Q2"), "{e}");
        }
        assert!(Period::parse("2020/22").unwrap_err().to_string().contains("2020/21"));
    }

    #[test]
    fn century_boundary() {
        assert_eq!(p("1999/00").to_string(), "1999/00");
        assert_eq!(p("1999/00-Q4").last_month(), Month::new(2000, 3).unwrap());
    }
}
