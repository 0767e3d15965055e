//! Figures as papers print them: `151`, `96.3%`, `£164,594`, `£1,234.56`,
//! `108.88 days`, `-0.2`, `45p`, `12.3 per 1,000`, `£1.3million`, `<15.1%`.
//! Values are exact decimals, read from the digits (never through a float).

use std::str::FromStr;
use std::sync::LazyLock;

use outturn_core::{Decimal, Unit};
use regex_lite::Regex;

/// A figure read from the start of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Figure {
    pub value: Decimal,
    /// The unit the figure carried, if any: `%`, `£` or `p`, `days`, `per N`.
    pub unit: Option<Unit>,
    /// How many bytes of the text it took.
    pub len: usize,
}

/// A comparison before the number ("<15.1%", "at least 90%") is read and
/// dropped; a sign may stand before or after the pound sign.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^
        (?: (?: <=? | >=? | ≤ | ≥ | (?:less|more|fewer|greater)\s+than | at\s+(?:least|most)
              | no\s+(?:more|less|fewer)\s+than | under | over | below | above | up\s+to ) \s* )?
        (?P<sign1>[-−–]?) (?P<pound>£?) \s? (?P<sign2>[-−]?)
        (?P<num> \d{1,3}(?:,\d{3})+(?:\.\d+)? | \d+(?:\.\d+)? | \.\d+ )",
    )
    .expect("figure pattern")
});

/// What may follow the number: its unit, or a multiplier for money.
static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^\s*(?:
          (?P<pct> % | per\s*cent\b )
        | (?P<pence> p\b | pence\b )
        | (?P<days> (?:working\s+|calendar\s+)?days?\b )
        | (?P<mult> k\b | m\b | mn\b | million\b | bn\b | billion\b )
        | per\s+(?P<per> \d{1,3}(?:,\d{3})+ | \d+ )\b
          (?:\s+(?:population|residents|people|households|dwellings|properties|head|pupils|adults|children)\b)?
        )",
    )
    .expect("suffix pattern")
});

/// Reads a figure at the very start of `text`. A number that runs on into
/// letters or into `/21` (a financial year) is not a figure.
pub(crate) fn figure_at_start(text: &str) -> Option<Figure> {
    let caps = NUMBER.captures(text)?;
    let number = caps.get(0)?;
    let digits: String = caps.name("num")?.as_str().chars().filter(|c| *c != ',').collect();
    let digits = if digits.starts_with('.') { format!("0{digits}") } else { digits };
    // A number beyond any council figure is not read as one.
    let mut value = Decimal::from_str(&digits).ok().filter(|v| outturn_core::result::within_bounds(*v).is_ok())?;
    let negative =
        caps.name("sign1").is_some_and(|m| !m.is_empty()) || caps.name("sign2").is_some_and(|m| !m.is_empty());
    let money = caps.name("pound").is_some_and(|m| !m.is_empty());
    let mut unit = money.then_some(Unit::Money);
    let mut len = number.end();

    if let Some(s) = SUFFIX.captures(&text[len..]) {
        let whole = s.get(0).map_or(0, |m| m.end());
        if s.name("pct").is_some() {
            unit = Some(Unit::Percentage);
            len += whole;
        } else if s.name("pence").is_some() && !money {
            value = value.checked_div(Decimal::ONE_HUNDRED)?;
            unit = Some(Unit::Money);
            len += whole;
        } else if s.name("days").is_some() {
            unit = Some(Unit::Days);
            len += whole;
        } else if let Some(mult) = s.name("mult").filter(|_| money) {
            let factor: i64 = match mult.as_str().to_ascii_lowercase().as_str() {
                "k" => 1_000,
                "bn" | "billion" => 1_000_000_000,
                _ => 1_000_000,
            };
            value = value.checked_mul(Decimal::from(factor))?.normalize();
            len += whole;
        } else if let Some(per) = s.name("per") {
            let per: u32 = per.as_str().replace(',', "").parse().ok()?;
            unit = Some(Unit::Rate { per });
            len += whole;
        }
    }
    let rest = &text[len..];
    let mut next = rest.chars();
    match next.next() {
        Some(c) if c.is_alphanumeric() && len == number.end() => return None,
        Some('/') if next.next().is_some_and(|c| c.is_ascii_digit()) => return None,
        _ => {}
    }
    if negative {
        value = -value;
    }
    Some(Figure { value, unit, len })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn read(text: &str) -> (Decimal, Option<Unit>) {
        let f = figure_at_start(text).unwrap_or_else(|| panic!("no figure in {text:?}"));
        (f.value, f.unit)
    }

    #[test]
    fn plain_numbers_and_their_units() {
        assert_eq!(read("151"), (dec!(151), None));
        assert_eq!(read("96.3%"), (dec!(96.3), Some(Unit::Percentage)));
        assert_eq!(read("96.3 per cent of"), (dec!(96.3), Some(Unit::Percentage)));
        assert_eq!(read("108.88 days"), (dec!(108.88), Some(Unit::Days)));
        assert_eq!(read("8 working days"), (dec!(8), Some(Unit::Days)));
        assert_eq!(read("1 day"), (dec!(1), Some(Unit::Days)));
        assert_eq!(read("0.15"), (dec!(0.15), None));
        assert_eq!(read(".5"), (dec!(0.5), None));
    }

    #[test]
    fn money_keeps_its_pence_and_thousands_separators_go() {
        assert_eq!(read("£164,594"), (dec!(164594), Some(Unit::Money)));
        assert_eq!(read("£1,234.56,"), (dec!(1234.56), Some(Unit::Money)));
        assert_eq!(read("£1,234,567.89"), (dec!(1234567.89), Some(Unit::Money)));
        assert_eq!(read("45p"), (dec!(0.45), Some(Unit::Money)));
        assert_eq!(read("£1.3million"), (dec!(1300000), Some(Unit::Money)));
        assert_eq!(read("£366K"), (dec!(366000), Some(Unit::Money)));
        assert_eq!(read("£ 2.5m"), (dec!(2500000), Some(Unit::Money)));
    }

    #[test]
    fn negative_numbers_and_comparisons() {
        assert_eq!(read("-0.2"), (dec!(-0.2), None));
        assert_eq!(read("−1.5%"), (dec!(-1.5), Some(Unit::Percentage)));
        assert_eq!(read("-£12,000"), (dec!(-12000), Some(Unit::Money)));
        assert_eq!(read("£-12,000"), (dec!(-12000), Some(Unit::Money)));
        assert_eq!(read("<15.1%"), (dec!(15.1), Some(Unit::Percentage)));
        assert_eq!(read("> 90%"), (dec!(90), Some(Unit::Percentage)));
        assert_eq!(read("at least 65%"), (dec!(65), Some(Unit::Percentage)));
    }

    #[test]
    fn rates_per_population() {
        assert_eq!(read("12.3 per 1,000 population"), (dec!(12.3), Some(Unit::Rate { per: 1000 })));
        assert_eq!(read("19.10 per 1000"), (dec!(19.10), Some(Unit::Rate { per: 1000 })));
    }

    #[test]
    fn what_is_not_a_figure() {
        for text in ["2020/21", "3rd", "Q2", "x12", "", "£", "12abc"] {
            assert_eq!(figure_at_start(text), None, "{text}");
        }
        // A multiplier only for money: "100m" is left as 100 followed by something else.
        assert_eq!(figure_at_start("100m"), None);
        assert_eq!(read("100 m"), (dec!(100), None));
    }

    #[test]
    fn length_covers_the_unit() {
        assert_eq!(figure_at_start("70 days, achieved").unwrap().len, "70 days".len());
        assert_eq!(figure_at_start("£224,901 ").unwrap().len, "£224,901".len());
    }
}
