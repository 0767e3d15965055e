//! Period phrases as papers print them, read into periods:
//!
//! | printed | period | year to date |
//! |---|---|---|
//! | `September 2020`, `Sept 2020`, `30 September 2020`, `as at September 2020` | 2020-09 | no |
//! | `September 2020 (YTD)`, `year to date September 2020` | 2020-09 | yes |
//! | `April 2020 to September 2020`, `April to September 2020`, `Apr-Sep 2020` | 2020-09 | yes |
//! | `April 2020 to March 2021` | 2020/21 | yes |
//! | `July to September 2020`, `Q2 2020/21`, `Quarter 2 2020/21`, `2020/21 Q2`, `Q2 20/21` | 2020/21-Q2 | no |
//! | `2019/20`, `2019-20`, `2019/2020`, `financial year 2019/20` | 2019/20 | no |
//! | `October 2019 to September 2020` (any other range) | 2020-09, from 2019-10 | no |
//!
//! Month names may be written in full or cut to three letters, in any case.
//! A range whose first month has no year takes the year that puts it before
//! the last month ("October to March 2021" starts in October 2020).

use std::sync::LazyLock;

use outturn_core::{FinancialYear, Month, Period, Quarter};
use regex_lite::Regex;

use super::LegacyPeriod;

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?";
const DAY: &str = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?";
const YEAR: &str = r"(?:19|20)\d{2}\b";
const QUARTER_NUMBER: &str = r"(?:[1-4]|one|two|three|four)\b";
const QUARTER_WORD: &str = r"(?:q|qtr\.?\s*|quarter\s+)";

/// Words that may stand before a period and belong to it.
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:as\s+(?:at|of)|at\s+(?:the\s+)?end\s+of|(?:to\s+)?the\s+end\s+of|end\s+of|for(?:\s+the\s+period)?|in|during|by|up\s+to)\s+)?(?P<ytd>(?:ytd|year[\s-]+to[\s-]+date)\s*:?\s+)?",
    )
    .expect("lead pattern")
});

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^{DAY}(?P<m1>{MONTH})(?:\s+(?P<y1>{YEAR}))?\s*(?:to|-|–|—|until|through)\s*{DAY}(?P<m2>{MONTH}),?\s+(?P<y2>{YEAR})"
    ))
    .expect("range pattern")
});

static QUARTER_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^{QUARTER_WORD}(?P<q>{QUARTER_NUMBER})\s*(?:of\s+|,\s*)?(?:fy\s*)?(?P<a>(?:19|20)?\d{{2}})\s*[/-]\s*(?P<b>(?:19|20)?\d{{2}})\b"
    ))
    .expect("quarter pattern")
});

static YEAR_FIRST_QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?P<a>(?:19|20)\d{{2}})\s*[/-]\s*(?P<b>(?:19|20)?\d{{2}})\s*[-,]?\s*{QUARTER_WORD}(?P<q>{QUARTER_NUMBER})"
    ))
    .expect("year-first quarter pattern")
});

static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^{DAY}(?P<m>{MONTH}),?\s+(?P<y>{YEAR})")).expect("month pattern"));

static FINANCIAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:financial\s+)?year\s+|fy\s*)?(?P<a>(?:19|20)\d{2})\s*[/-]\s*(?P<b>(?:19|20)?\d{2})\b")
        .expect("year pattern")
});

static YTD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:\(\s*(?:ytd|year[\s-]+to[\s-]+date|cumulative)\s*\)|,?\s*(?:ytd|year[\s-]+to[\s-]+date|cumulative)\b)",
    )
    .expect("ytd pattern")
});

/// Reads a period phrase at the very start of `text`; returns how many bytes
/// it took and the period.
pub(crate) fn period_at_start(text: &str) -> Option<(usize, LegacyPeriod)> {
    let lead = LEAD.captures(text)?;
    let lead_len = lead.get(0).map_or(0, |m| m.end());
    let mut year_to_date = lead.name("ytd").is_some();
    let rest = &text[lead_len..];
    // A range that reads as one but makes no sense is no period at all, not its first month.
    let found =
        if RANGE.is_match(rest) { range(rest) } else { quarter(rest).or_else(|| month(rest)).or_else(|| year(rest)) };
    let (len, mut period) = found?;
    // A year runs on into "/21" or "-22": not a phrase read whole.
    let after = &rest[len..];
    let mut chars = after.chars();
    if matches!(chars.next(), Some('/' | '-')) && chars.next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut end = lead_len + len;
    if let Some(m) = YTD_AFTER.find(after) {
        year_to_date = true;
        end += m.end();
    }
    if year_to_date && period.from.is_none() {
        period.year_to_date = true;
    }
    period.text = text[..end].trim().to_string();
    Some((end, period))
}

/// The period phrase that ends `text` (give or take trailing commas, colons
/// and dashes), and the byte where it starts. The longest such phrase wins.
pub(crate) fn period_at_end(text: &str) -> Option<(usize, LegacyPeriod)> {
    let trailing = |c: char| c.is_whitespace() || matches!(c, ',' | ':' | ';' | '-' | '–' | '—');
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        let starts_word = c.is_alphanumeric() && previous.is_none_or(|p| !p.is_alphanumeric());
        previous = Some(c);
        if !starts_word {
            continue;
        }
        if let Some((len, period)) = period_at_start(&text[i..])
            && text[i + len..].chars().all(trailing)
        {
            return Some((i, period));
        }
    }
    None
}

fn month_number(name: &str) -> Option<u8> {
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let key: String = name.chars().take(3).collect::<String>().to_ascii_lowercase();
    NAMES.iter().position(|n| *n == key).map(|i| i as u8 + 1)
}

fn quarter_number(text: &str) -> Option<Quarter> {
    let n = match text.to_ascii_lowercase().as_str() {
        "1" | "one" => 1,
        "2" | "two" => 2,
        "3" | "three" => 3,
        "4" | "four" => 4,
        _ => return None,
    };
    Quarter::new(n)
}

/// `2020/21`, `2020-21`, `2020/2021`, and (in quarters only) `20/21`.
fn financial_year(start: &str, end: &str) -> Option<FinancialYear> {
    let start: i16 = start.parse().ok()?;
    let start = if start < 100 { 2000 + start } else { start };
    let end: i16 = end.parse().ok()?;
    (end % 100 == (start + 1) % 100).then(|| FinancialYear::starting(start)).flatten()
}

fn plain(period: Period) -> LegacyPeriod {
    LegacyPeriod { text: String::new(), period, year_to_date: false, from: None }
}

fn range(text: &str) -> Option<(usize, LegacyPeriod)> {
    let c = RANGE.captures(text)?;
    let m1 = month_number(c.name("m1")?.as_str())?;
    let m2 = month_number(c.name("m2")?.as_str())?;
    let y2: i16 = c.name("y2")?.as_str().parse().ok()?;
    let y1: i16 = match c.name("y1") {
        Some(y) => y.as_str().parse().ok()?,
        None if m1 <= m2 => y2,
        None => y2 - 1,
    };
    let (first, last) = (Month::new(y1, m1)?, Month::new(y2, m2)?);
    if first > last {
        return None;
    }
    let len = c.get(0)?.end();
    let year = Period::Year(last.financial_year());
    let quarter = Period::Quarter(last.financial_year(), last.quarter());
    let read = if first == year.first_month() && last == year.last_month() {
        LegacyPeriod { year_to_date: true, ..plain(year) }
    } else if first == year.first_month() {
        LegacyPeriod { year_to_date: true, ..plain(Period::Month(last)) }
    } else if first == quarter.first_month() && last == quarter.last_month() {
        plain(quarter)
    } else if first == last {
        plain(Period::Month(last))
    } else {
        LegacyPeriod { from: Some(first), ..plain(Period::Month(last)) }
    };
    Some((len, read))
}

fn quarter(text: &str) -> Option<(usize, LegacyPeriod)> {
    let c = QUARTER_FIRST.captures(text).or_else(|| YEAR_FIRST_QUARTER.captures(text))?;
    let q = quarter_number(c.name("q")?.as_str())?;
    let fy = financial_year(c.name("a")?.as_str(), c.name("b")?.as_str())?;
    Some((c.get(0)?.end(), plain(Period::Quarter(fy, q))))
}

fn month(text: &str) -> Option<(usize, LegacyPeriod)> {
    let c = MONTH_YEAR.captures(text)?;
    let m = Month::new(c.name("y")?.as_str().parse().ok()?, month_number(c.name("m")?.as_str())?)?;
    Some((c.get(0)?.end(), plain(Period::Month(m))))
}

fn year(text: &str) -> Option<(usize, LegacyPeriod)> {
    let c = FINANCIAL_YEAR.captures(text)?;
    let fy = financial_year(c.name("a")?.as_str(), c.name("b")?.as_str())?;
    Some((c.get(0)?.end(), plain(Period::Year(fy))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (String, bool, Option<String>, String) {
        let (len, p) = period_at_start(text).unwrap_or_else(|| panic!("no period in {text:?}"));
        (p.period.to_string(), p.year_to_date, p.from.map(|m| Period::Month(m).to_string()), text[..len].to_string())
    }

    fn id(text: &str) -> String {
        read(text).0
    }

    #[test]
    fn months() {
        assert_eq!(read("September 2020 target"), ("2020-09".into(), false, None, "September 2020".into()));
        assert_eq!(id("Sept 2020"), "2020-09");
        assert_eq!(id("sep. 2020"), "2020-09");
        assert_eq!(id("30 September 2020"), "2020-09");
        assert_eq!(id("December, 2019"), "2019-12");
        assert_eq!(id("as at March 2021"), "2021-03");
        assert_eq!(id("at the end of June 2019"), "2019-06");
        assert!(read("September 2020 (YTD) achieved").1);
        assert!(read("year to date September 2020").1);
    }

    #[test]
    fn ranges_from_april_are_the_year_to_date() {
        assert_eq!(
            read("April 2020 to September 2020"),
            ("2020-09".into(), true, None, "April 2020 to September 2020".into())
        );
        assert_eq!(
            read("April to September 2020 achieved"),
            ("2020-09".into(), true, None, "April to September 2020".into())
        );
        assert_eq!(read("Apr-Sep 2020").0, "2020-09");
        assert_eq!(
            read("1 April 2019 – 31 December 2019"),
            ("2019-12".into(), true, None, "1 April 2019 – 31 December 2019".into())
        );
        assert_eq!(read("April to February 2021"), ("2021-02".into(), true, None, "April to February 2021".into()));
        assert_eq!(read("April 2020 to March 2021"), ("2020/21".into(), true, None, "April 2020 to March 2021".into()));
    }

    #[test]
    fn quarters() {
        for text in [
            "July to September 2020",
            "Q2 2020/21",
            "Quarter 2 2020/21",
            "quarter two 2020/21",
            "2020/21 Q2",
            "2020/21-Q2",
            "Q2 20/21",
            "Qtr 2 2020-21",
        ] {
            assert_eq!(read(text).0, "2020/21-Q2", "{text}");
            assert!(!read(text).1, "{text}");
        }
        assert_eq!(id("January to March 2021"), "2020/21-Q4");
        assert_eq!(id("Q4 2019/20"), "2019/20-Q4");
    }

    #[test]
    fn financial_years() {
        for text in ["2019/20", "2019-20", "2019/2020", "financial year 2019/20", "FY 2019/20"] {
            assert_eq!(id(text), "2019/20", "{text}");
        }
        assert_eq!(id("1999/00"), "1999/00");
    }

    #[test]
    fn other_ranges_keep_their_first_month() {
        assert_eq!(
            read("October 2019 to September 2020"),
            ("2020-09".into(), false, Some("2019-10".into()), "October 2019 to September 2020".into())
        );
        // A typing slip in the Stevenage paper: April 2019 for April 2020.
        assert_eq!(read("April 2019 to September 2020").2, Some("2019-04".into()));
        // October 2020 to March 2021: two quarters, a range of its own.
        assert_eq!(
            read("October to March 2021"),
            ("2021-03".into(), false, Some("2020-10".into()), "October to March 2021".into())
        );
        assert_eq!(read("August to September 2020").2, Some("2020-08".into()));
    }

    #[test]
    fn not_periods() {
        for text in [
            "2020/22",
            "September",
            "2020",
            "target 2020",
            "Q5 2020/21",
            "March 2021/22",
            "September 2020-21",
            "the 2018-2022 strategy",
            "20/21",
        ] {
            assert!(period_at_start(text).is_none(), "{text}");
        }
        assert!(period_at_start("October 2020 to March 2020").is_none());
    }

    #[test]
    fn a_phrase_at_the_end_of_a_title() {
        let text = "Homelessness Preventions, September 2020 ";
        let (start, p) = period_at_end(text).unwrap();
        assert_eq!(&text[..start], "Homelessness Preventions, ");
        assert_eq!(p.text, "September 2020");
        let text = "Customer satisfaction with CSC services, April to September 2020,";
        assert_eq!(period_at_end(text).unwrap().1.text, "April to September 2020");
        assert!(period_at_end("Number of households at end of quarter,").is_none());
        assert!(period_at_end("Void Loss in year (£),").is_none());
        let (start, p) = period_at_end("Households in B&B as at September 2020:").unwrap();
        assert_eq!((start, p.text.as_str()), ("Households in B&B ".len(), "as at September 2020"));
    }
}
