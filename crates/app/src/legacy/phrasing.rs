//! One measure line, read by the grammar councils write them in:
//!
//! ```text
//! line        = [bullet] [number] code sep title [period] clause { [fill] clause }
//! bullet      = "•" | "" | "-" | "–" | "*" | "·" | "▪" | "●" | "o" ...   (a dash needs a space after it)
//! number      = a list or paragraph number: "1." "3.165" "(a)" "(iv)"
//! code        = letter or digit, then letters, digits and . - _ / &   (up to 40; see `is_code`)
//! sep         = ":" | " - " | " – " | " — "
//! clause      = [period] target | [period] result | [period] unavailable      (each once)
//! target      = ("target" | "threshold") [connector] [for-period] figure
//! result      = ("achieved" | "actual" | "result" | "outturn" | "out-turn" | "performance")
//!               [connector] [for-period] (figure | unavailable)
//!             | figure ("achieved" | "actual")
//! unavailable = "unable to report" | "not available" | "unavailable" | "no data" | "awaiting" ...
//!               and everything after it: the reason
//! connector   = ":" | "=" | "of" | "was" | "is" | "were" | "at" | "stood at" | "to date"
//! for-period  = ["for" | "in" | "("] period [")"]
//! fill        = , ; : . ( ) – — "and" "against" "vs" "versus" "compared to" "with" "a" "the"
//! ```
//!
//! `period` is read by `period_phrase.rs` and `figure` by `figure.rs`. The
//! title runs from the separator to the first clause, less a period phrase
//! that ends it and a status in brackets ("(amber)"). The result's period is
//! the phrase given with the result, else the one ending the title, else the
//! target's; the target's likewise. A line needs a target or a result figure:
//! a code with words alone ("EOC4a: % of apprentices in post") is not a
//! measure result line.
//!
//! The unit is the one a figure carries (`%` percentage, `£` or `p` money,
//! `days` days, `per 1,000` a rate), the result's first; a line with no unit
//! on its figures is a score when every figure lies between -1 and 1 and one
//! has a fraction (website satisfaction 0.3 / 0.15), and a count otherwise.
//! The title is not used for the unit: "% Customer satisfaction with the
//! Council website" is reported as a score.
//!
//! Not read (known limits): codes with a space ("NI 156"), codes after the
//! title ("Rent collected (BV66a)"), all-capital or lower-case codes with no
//! digit ("ASB:", which cannot be told from a heading word), lines laid out
//! as table columns with no "target"/"achieved" words, and a figure printed
//! before its keyword for targets ("180 target").

use std::sync::LazyLock;

use outturn_core::{Decimal, Unit};
use regex_lite::Regex;

use super::LegacyPeriod;
use super::figure::{Figure, figure_at_start};
use super::period_phrase::{period_at_end, period_at_start};

/// Bullets that PDF-to-text tools leave before list items (private-use
/// characters are Symbol and Wingdings bullets).
const BULLETS: &str = "•◦▪▫●○■□‣⁃∙·*\u{F0B7}\u{F0A7}\u{F076}\u{F0D8}\u{F0FC}\u{F0A8}\u{F06E}";

/// Statements longer than this are prose, not a measure line.
const LONGEST: usize = 2_000;

static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    let bullet = format!(r"(?:[{BULLETS}]\s*|[-–—o]\s+)");
    Regex::new(&format!(
        r"^\s*{bullet}*(?:(?:\d{{1,2}}(?:\.\d{{1,3}})*[.)]?|\(?[a-z]\)|\([ivx]{{1,4}}\))\s+)?{bullet}*(?P<code>[A-Za-z0-9][A-Za-z0-9._/&-]{{0,39}})(?:\s*:|\s+[-–—]\s)"
    ))
    .expect("head pattern")
});

/// A line that opens a new list item.
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*(?:[{BULLETS}]|[-–—]\s)")).expect("item pattern"));

static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:target|threshold|achieved|actuals?|results?|outturn|out-turn|performance)\b")
        .expect("keyword pattern")
});

static TARGET_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:target|threshold)\b").expect("target pattern"));

static RESULT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:achieved|actuals?|results?|outturn|out-turn|performance)\b").expect("result pattern")
});

static RESULT_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:achieved|actual)\b").expect("result-after pattern"));

static CONNECTOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[:=]\s*)?(?:(?:of|was|is|were|at|stood\s+at|stands\s+at|to\s+date|so\s+far)\s+)?")
        .expect("connector pattern")
});

static FOR_PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:(?:for|in)\s+|\(\s*)?").expect("for pattern"));

static AFTER_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\)?\s*(?:[:=,]\s*)?(?:(?:of|was|is|were|at)\s+)?").expect("after-period pattern")
});

static UNAVAILABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:unable\s+to\s+(?:report|provide|be\s+reported|calculate)|not\s+(?:yet\s+)?(?:available|reported|provided)|unavailable|no\s+data|data\s+(?:not\s+(?:available|received|provided)|unavailable)|awaiting\b|missing\s+data|to\s+follow\b|n/a\b)",
    )
    .expect("unavailable pattern")
});

static FILL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:[\s,;:.()–—]|-\s|(?:and|against|vs\.?|versus|compared\s+(?:to|with)|with|but|whilst|while|a|an|the)\b)*",
    )
    .expect("fill pattern")
});

static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\(\s*(?P<s>red|amber|green|missing(?:\s+data)?|on\s+track|off\s+track|at\s+risk)\s*\)\s*$")
        .expect("status pattern")
});

/// A measure line read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement {
    pub code: String,
    pub title: String,
    pub reported_status: Option<String>,
    pub period: Option<LegacyPeriod>,
    pub target_period: Option<LegacyPeriod>,
    pub target: Option<Decimal>,
    pub result: Option<Decimal>,
    pub unavailable: Option<String>,
    pub unit: Unit,
    pub unit_marked: bool,
}

/// The code a line starts with and where the rest begins, if the line starts
/// a measure line.
pub(crate) fn head(line: &str) -> Option<(String, usize)> {
    let caps = HEAD.captures(line)?;
    let code = caps.name("code")?.as_str();
    is_code(code).then(|| (code.to_string(), caps.get(0).map_or(0, |m| m.end())))
}

/// Whether a line opens with a bullet (a new item, not the rest of a wrapped line).
pub(crate) fn starts_item(line: &str) -> bool {
    ITEM.is_match(line)
}

/// A code is an identifier, not a word: it has a digit (BV213, CUS.06,
/// ECH-Rep4), or a capital after a small letter (VoidsSheltered); and it ends
/// in a letter or digit. "Note", "Spotlight", "NB" and "COVID" are not codes.
fn is_code(code: &str) -> bool {
    let has_digit = code.chars().any(|c| c.is_ascii_digit());
    let camel = code.chars().zip(code.chars().skip(1)).any(|(a, b)| a.is_ascii_lowercase() && b.is_ascii_uppercase());
    let has_letter = code.chars().any(|c| c.is_ascii_alphabetic());
    has_letter && (has_digit || camel) && code.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Whether a line of text carries on a statement left without its result
/// (after a page break): it opens with a clause, maybe after a period.
pub(crate) fn continues_statement(line: &str) -> bool {
    let mut rest = line.trim_start();
    if let Some((len, _)) = period_at_start(rest) {
        rest = rest[len..].trim_start_matches([' ', ',', ':', '\t']);
    }
    KEYWORD.find(rest).is_some_and(|m| m.start() == 0) || UNAVAILABLE.is_match(rest)
}

/// What one clause gave.
enum Clause {
    Target(Figure),
    Result(Figure),
    Unavailable(String),
}

/// Reads the measure line in `text` (its wrapped lines joined by spaces).
pub(crate) fn statement(text: &str) -> Option<Statement> {
    if text.len() > LONGEST {
        return None;
    }
    let (code, start) = head(text)?;
    let rest = &text[start..];
    let first = KEYWORD.find_iter(rest).map(|m| m.start()).find(|&at| clause(&rest[at..], true).is_some())?;

    let (title_text, title_period) = match period_at_end(&rest[..first]) {
        Some((at, period)) => (&rest[..at], Some(period)),
        None => (&rest[..first], None),
    };
    let (title, reported_status) = clean_title(title_text);

    let mut target: Option<(Figure, Option<LegacyPeriod>)> = None;
    let mut result: Option<(Clause, Option<LegacyPeriod>)> = None;
    let mut pending: Option<LegacyPeriod> = None;
    let mut at = first;
    loop {
        at += FILL.find(&rest[at..]).map_or(0, |m| m.end());
        let here = &rest[at..];
        if here.is_empty() {
            break;
        }
        if let Some((len, period)) = period_at_start(here) {
            pending = Some(period);
            at += len;
            continue;
        }
        match clause(here, target.is_some()) {
            Some((len, own, Clause::Target(f))) if target.is_none() => {
                target = Some((f, own.or_else(|| pending.take())));
                at += len;
                if result.is_some() {
                    break;
                }
            }
            Some((len, own, c @ (Clause::Result(_) | Clause::Unavailable(_)))) if result.is_none() => {
                let done = target.is_some() || matches!(c, Clause::Unavailable(_));
                result = Some((c, own.or_else(|| pending.take())));
                at += len;
                if done {
                    break;
                }
            }
            _ => break,
        }
    }
    // A period printed after the figures ("achieved 151 in September 2020").
    let after = &rest[at..];
    let trailing = pending.or_else(|| {
        let skip = FILL.find(after).map_or(0, |m| m.end());
        period_at_start(&after[skip..]).map(|(_, p)| p)
    });

    let target_own = target.as_ref().and_then(|(_, p)| p.clone());
    let result_own = result.as_ref().and_then(|(_, p)| p.clone());
    let result_period = result_own.clone().or_else(|| title_period.clone()).or_else(|| target_own.clone());
    let target_period = target_own.or_else(|| title_period.clone()).or(result_own);
    let (result_figure, unavailable) = match result {
        Some((Clause::Result(f), _)) => (Some(f), None),
        Some((Clause::Unavailable(reason), _)) => (None, Some(reason)),
        _ => (None, None),
    };
    let target_figure = target.map(|(f, _)| f);
    if target_figure.is_none() && result_figure.is_none() {
        return None;
    }
    let has_result = result_figure.is_some() || unavailable.is_some();
    let period = if has_result { result_period.clone() } else { target_period.clone() }.or(trailing.clone());
    let target_period = target_period.or(trailing);
    let target_period = match (&target_figure, &target_period, &period) {
        (Some(_), Some(t), Some(p)) if !same_period(t, p) => Some(t.clone()),
        (Some(_), Some(t), None) => Some(t.clone()),
        _ => None,
    };

    let marked = result_figure.as_ref().and_then(|f| f.unit).or_else(|| target_figure.as_ref().and_then(|f| f.unit));
    let values: Vec<Decimal> = [&target_figure, &result_figure].into_iter().flatten().map(|f| f.value).collect();
    let unit = marked.unwrap_or_else(|| inferred_unit(&values));
    Some(Statement {
        code,
        title,
        reported_status,
        period,
        target_period,
        target: target_figure.map(|f| f.value),
        result: result_figure.map(|f| f.value),
        unavailable,
        unit,
        unit_marked: marked.is_some(),
    })
}

/// One clause at the start of `text`: its length, its own period, and what it gave.
/// `after_target` allows an unavailable result with no keyword before it.
fn clause(text: &str, after_target: bool) -> Option<(usize, Option<LegacyPeriod>, Clause)> {
    if let Some(word) = TARGET_WORD.find(text) {
        let (len, period, figure) = keyword_figure(text, word.end())?;
        return Some((len, period, Clause::Target(figure?)));
    }
    if let Some(word) = RESULT_WORD.find(text) {
        let (len, period, figure) = keyword_figure(text, word.end())?;
        return match figure {
            Some(f) => Some((len, period, Clause::Result(f))),
            None => Some((text.len(), period, Clause::Unavailable(reason(&text[len..])))),
        };
    }
    if after_target && UNAVAILABLE.is_match(text) {
        return Some((text.len(), None, Clause::Unavailable(reason(text))));
    }
    // "151 achieved"
    let figure = figure_at_start(text)?;
    let word = RESULT_AFTER.find(&text[figure.len..])?;
    Some((figure.len + word.end(), None, Clause::Result(figure)))
}

/// After a keyword: a connector, maybe a period, then a figure (`Some`) or an
/// unavailability phrase (`None`, its text starting at the returned length).
fn keyword_figure(text: &str, mut at: usize) -> Option<(usize, Option<LegacyPeriod>, Option<Figure>)> {
    at += CONNECTOR.find(&text[at..]).map_or(0, |m| m.end());
    let mut period = None;
    let lead = FOR_PERIOD.find(&text[at..]).map_or(0, |m| m.end());
    if let Some((len, p)) = period_at_start(&text[at + lead..]) {
        let close = AFTER_PERIOD.find(&text[at + lead + len..]).map_or(0, |m| m.end());
        period = Some(p);
        at += lead + len + close;
    }
    let here = &text[at..];
    if let Some(f) = figure_at_start(here) {
        return Some((at + f.len, period, Some(f)));
    }
    UNAVAILABLE.is_match(here).then_some((at, period, None))
}

/// The reason a result is unavailable, in the paper's words, on one line.
fn reason(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clean_title(text: &str) -> (String, Option<String>) {
    let trim = |t: &str| {
        t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—')).to_string()
    };
    let mut title = trim(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut status = None;
    if let Some(c) = STATUS.captures(&title) {
        status = c.name("s").map(|s| s.as_str().to_string());
        let at = c.get(0).map_or(title.len(), |m| m.start());
        title = trim(&title[..at]);
    }
    (title, status)
}

fn same_period(a: &LegacyPeriod, b: &LegacyPeriod) -> bool {
    a.period == b.period && a.year_to_date == b.year_to_date && a.from == b.from
}

/// With no unit printed: a score when every figure lies between -1 and 1 and
/// one has a fraction, otherwise a count.
fn inferred_unit(values: &[Decimal]) -> Unit {
    let within_one = values.iter().all(|v| v.abs() <= Decimal::ONE);
    let fraction = values.iter().any(|v| !v.fract().is_zero());
    if within_one && fraction { Unit::Score } else { Unit::Count }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn read(text: &str) -> Statement {
        statement(text).unwrap_or_else(|| panic!("not read: {text}"))
    }

    /// code, title, period id, year to date, target, result, unit
    fn summary(s: &Statement) -> (String, String, Option<String>, bool, Option<Decimal>, Option<Decimal>, String) {
        (
            s.code.clone(),
            s.title.clone(),
            s.period.as_ref().map(|p| p.period.to_string()),
            s.period.as_ref().is_some_and(|p| p.year_to_date),
            s.target,
            s.result,
            s.unit.name(),
        )
    }

    /// The line, then what it should read as.
    #[allow(clippy::too_many_arguments)]
    fn expect(
        text: &str,
        code: &str,
        title: &str,
        period: Option<&str>,
        ytd: bool,
        target: Option<Decimal>,
        result: Option<Decimal>,
        unit: &str,
    ) {
        let got = summary(&read(text));
        let want = (code.into(), title.into(), period.map(String::from), ytd, target, result, unit.into());
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn the_stevenage_phrasings() {
        expect(
            "BV213: Homelessness Preventions, September 2020 target 180, achieved 151",
            "BV213",
            "Homelessness Preventions",
            Some("2020-09"),
            false,
            Some(dec!(180)),
            Some(dec!(151)),
            "count",
        );
        expect(
            "CSC12: Percentage of calls abandoned in the Customer Service Centre: target 10.4%, April 2020 to September 2020 achieved 5.8%",
            "CSC12",
            "Percentage of calls abandoned in the Customer Service Centre",
            Some("2020-09"),
            true,
            Some(dec!(10.4)),
            Some(dec!(5.8)),
            "percentage",
        );
        expect(
            "EAA1: Customer satisfaction with CSC services, target 90%, April to September 2020 achieved 96%",
            "EAA1",
            "Customer satisfaction with CSC services",
            Some("2020-09"),
            true,
            Some(dec!(90)),
            Some(dec!(96)),
            "percentage",
        );
        expect(
            "VoidLoss1: Void Loss in year (£), September 2020 target £164,594, achieved £224,901",
            "VoidLoss1",
            "Void Loss in year (£)",
            Some("2020-09"),
            false,
            Some(dec!(164594)),
            Some(dec!(224901)),
            "money",
        );
        expect(
            "VoidsSheltered: The time taken to relet standard sheltered voids, September 2020 target 70 days, achieved 108.88 days",
            "VoidsSheltered",
            "The time taken to relet standard sheltered voids",
            Some("2020-09"),
            false,
            Some(dec!(70)),
            Some(dec!(108.88)),
            "days",
        );
        expect(
            "WebSat1: % Customer satisfaction with the Council website, September 2020 target 0.3, achieved 0.15",
            "WebSat1",
            "% Customer satisfaction with the Council website",
            Some("2020-09"),
            false,
            Some(dec!(0.3)),
            Some(dec!(0.15)),
            "score",
        );
        expect(
            "FS3: Percentage of GF savings identified to meet three year target, September 2020 target 30%, achieved 0%",
            "FS3",
            "Percentage of GF savings identified to meet three year target",
            Some("2020-09"),
            false,
            Some(dec!(30)),
            Some(dec!(0)),
            "percentage",
        );
    }

    #[test]
    fn a_status_in_brackets_leaves_the_title() {
        let s = read("BV9: % Council Tax collected (amber), September 2020 target 61%, achieved 59.9%");
        assert_eq!((s.title.as_str(), s.reported_status.as_deref()), ("% Council Tax collected", Some("amber")));
        assert_eq!((s.target, s.result), (Some(dec!(61)), Some(dec!(59.9))));
    }

    #[test]
    fn bullets_and_numbers_before_the_code() {
        for bullet in ["• ", "\u{F0B7} ", "- ", "– ", "* ", "· ", "3.165 ", "(a) ", "1. ", "  •\t"] {
            let s = read(&format!("{bullet}BV9: % Council Tax collected, September 2020 target 61%, achieved 59.9%"));
            assert_eq!(s.code, "BV9", "{bullet:?}");
        }
    }

    #[test]
    fn codes_keep_their_case_and_punctuation() {
        for code in ["ECH-Rep4", "CUS.06", "NI156", "FS1A", "BV66a", "KPI_12", "HS/04", "VoidsShelteredMW"] {
            let s = read(&format!("{code}: Something measured, March 2021 target 5, achieved 6"));
            assert_eq!(s.code, code);
        }
        for word in ["Note", "Spotlight", "NB", "COVID", "Minutes", "http"] {
            assert!(statement(&format!("{word}: the target of 5% was achieved 6%")).is_none(), "{word}");
        }
    }

    #[test]
    fn an_unavailable_result_keeps_its_reason() {
        let s = read(
            "CSC13a: Percentage of calls to the CSC resolved within the CSC (by CSC advisors): target 61.8%, April 2019 to September 2020 unable to report due to reporting from the new systems being delayed due to the Covid-19 response. Calculations have been based on historical data",
        );
        assert_eq!(s.title, "Percentage of calls to the CSC resolved within the CSC (by CSC advisors)");
        assert_eq!((s.target, s.result), (Some(dec!(61.8)), None));
        assert!(
            s.unavailable.as_deref().unwrap().starts_with("unable to report due to reporting from the new systems")
        );
        assert!(s.unavailable.as_deref().unwrap().ends_with("historical data"));
        let p = s.period.unwrap();
        assert_eq!((p.period.to_string(), p.text.as_str()), ("2020-09".into(), "April 2019 to September 2020"));
        let s = read("HR3: Average sickness days per FTE, target 8 days, actual: not available (new HR system)");
        assert_eq!(s.unavailable.as_deref(), Some("not available (new HR system)"));
        let s = read("CS1: Violent crime rate, Q2 2020/21 target 4.2 per 1,000 population, awaiting police data");
        assert_eq!((s.unavailable.as_deref(), s.unit), (Some("awaiting police data"), Unit::Rate { per: 1000 }));
    }

    #[test]
    fn other_councils_phrasings() {
        expect(
            "CUS.06: Percentage of customer enquiries resolved at first point of contact - Q2 2020/21 target 80%, actual 76.5%",
            "CUS.06",
            "Percentage of customer enquiries resolved at first point of contact",
            Some("2020/21-Q2"),
            false,
            Some(dec!(80)),
            Some(dec!(76.5)),
            "percentage",
        );
        expect(
            "ECH-Rep4 – Repairs completed right first time: target 92%; outturn 2019/20 94.1%",
            "ECH-Rep4",
            "Repairs completed right first time",
            Some("2019/20"),
            false,
            Some(dec!(92)),
            Some(dec!(94.1)),
            "percentage",
        );
        expect(
            "• HB1: Average days to process new benefit claims, December 2019 target 20 days, result 18.5 days",
            "HB1",
            "Average days to process new benefit claims",
            Some("2019-12"),
            false,
            Some(dec!(20)),
            Some(dec!(18.5)),
            "days",
        );
        expect(
            "FIN7: Average cost per household of waste collection, 2020/21 target £1,234.56, outturn £1,301.07",
            "FIN7",
            "Average cost per household of waste collection",
            Some("2020/21"),
            false,
            Some(dec!(1234.56)),
            Some(dec!(1301.07)),
            "money",
        );
        expect(
            "NI191: Residual household waste per household (kg), Apr-Jun 2021 target 105, actual 111",
            "NI191",
            "Residual household waste per household (kg)",
            Some("2021-06"),
            true,
            Some(dec!(105)),
            Some(dec!(111)),
            "count",
        );
        expect(
            "CS2: Anti-social behaviour incidents per 1,000 population: Quarter 3 2019/20 threshold 19.10 per 1,000, actual 17.4 per 1,000",
            "CS2",
            "Anti-social behaviour incidents per 1,000 population",
            Some("2019/20-Q3"),
            false,
            Some(dec!(19.10)),
            Some(dec!(17.4)),
            "rate per 1000",
        );
        expect(
            "SAT2: Net satisfaction score, January 2021 target 0.2, achieved -0.35",
            "SAT2",
            "Net satisfaction score",
            Some("2021-01"),
            false,
            Some(dec!(0.2)),
            Some(dec!(-0.35)),
            "score",
        );
        expect(
            "PL3: Planning fee income, November 2020 target £1.2m, actual £980,000",
            "PL3",
            "Planning fee income",
            Some("2020-11"),
            false,
            Some(dec!(1200000)),
            Some(dec!(980000)),
            "money",
        );
        expect(
            "GAR1: Garage rent per week, March 2021 target 950p, achieved 1,010p",
            "GAR1",
            "Garage rent per week",
            Some("2021-03"),
            false,
            Some(dec!(9.50)),
            Some(dec!(10.10)),
            "money",
        );
        expect(
            "HOU12: Net change in households on the register, target -50, achieved -72",
            "HOU12",
            "Net change in households on the register",
            None,
            false,
            Some(dec!(-50)),
            Some(dec!(-72)),
            "count",
        );
    }

    #[test]
    fn result_before_target_and_other_orders() {
        let s = read("BV8: Invoices paid on time, as at February 2021 achieved 97.2% against a target of 98%");
        assert_eq!((s.target, s.result), (Some(dec!(98)), Some(dec!(97.2))));
        assert_eq!(s.title, "Invoices paid on time");
        assert_eq!(s.period.unwrap().text, "as at February 2021");
        let s = read("LI4: Visits to leisure centres: Target: 120,000 Actual: 98,500 (April to June 2020)");
        assert_eq!((s.target, s.result), (Some(dec!(120000)), Some(dec!(98500))));
        assert_eq!(s.period.map(|p| (p.period.to_string(), p.year_to_date)), Some(("2020-06".into(), true)));
        let s = read("LI5: Swimming lessons delivered, target 400, 412 achieved in October 2020");
        assert_eq!((s.target, s.result), (Some(dec!(400)), Some(dec!(412))));
        assert_eq!(s.period.unwrap().period.to_string(), "2020-10");
        let s =
            read("EH2: Food hygiene inspections, target for 2020/21 of 95%, actual for April to September 2020 92.9%");
        assert_eq!(s.period.as_ref().map(|p| p.period.to_string()), Some("2020-09".into()));
        assert_eq!(s.target_period.as_ref().map(|p| p.period.to_string()), Some("2020/21".into()));
    }

    #[test]
    fn a_target_for_another_period_is_kept_apart() {
        let s = read("BTC1a: New jobs created through the BTC, 2020/21 target 60, April to September 2020 achieved 12");
        assert_eq!(s.title, "New jobs created through the BTC");
        assert_eq!(s.target_period.map(|p| p.period.to_string()), Some("2020/21".into()));
        assert_eq!(s.period.map(|p| (p.period.to_string(), p.year_to_date)), Some(("2020-09".into(), true)));
    }

    #[test]
    fn result_only_lines() {
        let s =
            read("AI7: Number of fly-tipping reports (additional information measure), September 2020 achieved 312");
        assert_eq!(
            (s.target, s.result, s.period.map(|p| p.period.to_string())),
            (None, Some(dec!(312)), Some("2020-09".into()))
        );
        assert_eq!(s.title, "Number of fly-tipping reports (additional information measure)");
        let s = read("AI8: Households on the housing register, result for Q3 2020/21: 2,934");
        assert_eq!((s.result, s.period.map(|p| p.period.to_string())), (Some(dec!(2934)), Some("2020/21-Q3".into())));
    }

    #[test]
    fn not_measure_lines() {
        for text in [
            "EOC4a: % of apprentices in post, EOCrec: Time to recruit",
            "*CSC13a: % of calls to the CSC resolved within the CSC, is unable to report due to COVID-19",
            "CSC 12 – Percentage of calls abandoned <15.1% 11.2%",
            "EAA1 - Customer satisfaction with CSC services > 90% 92%",
            "3.117 For voids sheltered, 8 out of the 26 properties let took over 100 days against a target of 70 days.",
            "Figure 1: Future Town, Future Council Programme",
            "BV9: the target is under review",
            "Spotlight: Website Satisfaction",
        ] {
            assert_eq!(statement(text), None, "{text}");
        }
    }

    #[test]
    fn words_that_look_like_keywords_in_titles() {
        let s = read("RES9: Results of the annual residents survey acted on, target 10, actual 12");
        assert_eq!(
            (s.title.as_str(), s.target, s.result),
            ("Results of the annual residents survey acted on", Some(dec!(10)), Some(dec!(12)))
        );
        let s = read("PERF1: Performance appraisals completed, March 2021 target 100%, achieved 87%");
        assert_eq!(s.title, "Performance appraisals completed");
    }

    #[test]
    fn continuation_after_a_page_break() {
        assert!(continues_statement("achieved 151"));
        assert!(continues_statement("  September 2020 achieved 5.8%"));
        assert!(continues_statement("unable to report due to system changes"));
        assert!(!continues_statement("Spotlight: Rent Collection Rate"));
        assert!(!continues_statement("3.103 Income collection for the end of September is below target"));
    }

    #[test]
    fn no_input_panics() {
        for text in [
            "",
            ":",
            "BV9:",
            "BV9: target",
            "BV9: target £",
            "BV9: achieved",
            "BV9: target 5, achieved",
            "é9: target 1",
            "BV9: target 99999999999999999999999999999999999, achieved 1",
        ] {
            let _ = statement(text);
        }
    }
}
