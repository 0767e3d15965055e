//! Measures: what is counted, in what unit, which way is better, how a
//! year-to-date figure is formed and how its status is judged.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use crate::key::Key;
use crate::period::{Frequency, Period};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{}\" is not a measure code: a code is 1 to 40 characters, starts with a letter or digit and has no spaces or invisible characters (for example BV213, ECH-Rep4, CUS.06)",
    crate::text::show_invisible(.0)
)]
pub struct MeasureCodeError(pub String);

/// A measure's code, kept exactly as the council writes it (`BV213`, `ECH-Rep4`, `CUS.06`).
/// Shared, not copied: every result and target of a measure names it, and a
/// large council's history holds a million of them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MeasureCode(std::sync::Arc<str>);

impl MeasureCode {
    pub fn parse(text: &str) -> Result<Self, MeasureCodeError> {
        let ok = (1..=40).contains(&text.chars().count())
            && text.chars().next().is_some_and(|c| c.is_alphanumeric())
            && text.chars().all(|c| !c.is_whitespace() && !c.is_control() && !crate::text::is_invisible(c) && c != ',');
        if ok { Ok(MeasureCode(text.into())) } else { Err(MeasureCodeError(text.to_string())) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// For command-line arguments and other text: the same rule as [`MeasureCode::parse`].
impl std::str::FromStr for MeasureCode {
    type Err = MeasureCodeError;
    fn from_str(text: &str) -> Result<Self, MeasureCodeError> {
        MeasureCode::parse(text)
    }
}

impl fmt::Display for MeasureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for MeasureCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MeasureCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        MeasureCode::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// What a measure's figures count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "unit")]
pub enum Unit {
    Percentage,
    Count,
    Days,
    /// Pounds and pence.
    Money,
    /// A rate per `per` (per 1,000 population).
    Rate {
        per: u32,
    },
    /// A score such as the mean of +1/0/-1 ratings.
    Score,
    Ratio,
    /// Reported in words only: no figure, no status.
    Text,
}

impl Unit {
    /// The least figure the unit can hold, where there is one: no count,
    /// number of days, rate, ratio or percentage falls below zero (money and
    /// scores can).
    pub fn least(self) -> Option<Decimal> {
        match self {
            Unit::Percentage | Unit::Count | Unit::Days | Unit::Rate { .. } | Unit::Ratio => Some(Decimal::ZERO),
            Unit::Money | Unit::Score | Unit::Text => None,
        }
    }

    pub fn name(self) -> String {
        match self {
            Unit::Percentage => "percentage".into(),
            Unit::Count => "count".into(),
            Unit::Days => "days".into(),
            Unit::Money => "money".into(),
            Unit::Rate { per } => format!("rate per {per}"),
            Unit::Score => "score".into(),
            Unit::Ratio => "ratio".into(),
            Unit::Text => "text".into(),
        }
    }
    /// Display places when the framework does not say.
    pub fn default_decimals(self) -> u8 {
        match self {
            Unit::Count | Unit::Text => 0,
            Unit::Money | Unit::Score | Unit::Ratio | Unit::Days => 2,
            Unit::Percentage | Unit::Rate { .. } => 1,
        }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Higher,
    Lower,
    /// Information only: no status, no direction of travel.
    None,
}

/// How the figure reported for a period is formed from the year's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "rule")]
pub enum YtdRule {
    /// Sum of the period results since April (homelessness preventions).
    Sum,
    /// The latest period's result (households in temporary accommodation at end of quarter).
    Snapshot,
    /// Sum of numerators over sum of denominators, times `scale` (days to re-let: days / lets).
    Ratio { scale: Decimal },
    /// Sum of the twelve monthly results to the period, across years (sickness days per FTE).
    RollingTwelveMonths,
    /// Mean of +1/0/-1 ratings: sum of ratings over number of ratings.
    MeanOfRatings,
}

impl YtdRule {
    pub fn name(self) -> &'static str {
        match self {
            YtdRule::Sum => "sum",
            YtdRule::Snapshot => "snapshot",
            YtdRule::Ratio { .. } => "ratio",
            YtdRule::RollingTwelveMonths => "rolling-12",
            YtdRule::MeanOfRatings => "mean-of-ratings",
        }
    }
    /// Whether results need a numerator and denominator to be combined.
    pub fn combines_fractions(self) -> bool {
        matches!(self, YtdRule::Ratio { .. } | YtdRule::MeanOfRatings)
    }
    /// The multiplier from numerator / denominator to the figure.
    pub fn scale(self) -> Decimal {
        match self {
            YtdRule::Ratio { scale } => scale,
            _ => Decimal::ONE,
        }
    }
    /// A year's target for a summed measure is a total for the whole year, so
    /// it is no target for part of the year; for the other rules it is a level
    /// that holds in every period.
    pub fn annual_target_holds_in_year(self) -> bool {
        !matches!(self, YtdRule::Sum)
    }
}

/// How far below target is still Amber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToleranceKind {
    /// Percentage points (percentage measures only).
    Points,
    /// Per cent of the target.
    Percent,
    /// In the measure's own unit (days, pounds, a count).
    Absolute,
}

impl ToleranceKind {
    pub const ALL: [ToleranceKind; 3] = [ToleranceKind::Points, ToleranceKind::Percent, ToleranceKind::Absolute];

    /// The word for it in framework files, CSVs, forms and the store.
    pub fn code(self) -> &'static str {
        match self {
            ToleranceKind::Points => "points",
            ToleranceKind::Percent => "percent",
            ToleranceKind::Absolute => "absolute",
        }
    }

    /// The kind a word names ([`ToleranceKind::code`]), if any.
    pub fn from_code(code: &str) -> Option<ToleranceKind> {
        ToleranceKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tolerance {
    pub kind: ToleranceKind,
    pub amber: Decimal,
}

impl Tolerance {
    /// The tolerance in words: "2 percentage points", "5%", "3".
    pub fn describe_width(&self) -> String {
        match self.kind {
            ToleranceKind::Points => format!("{} percentage points", self.amber),
            ToleranceKind::Percent => format!("{}%", self.amber),
            ToleranceKind::Absolute => self.amber.to_string(),
        }
    }

    /// Whether a figure `short` of `target` (by the measure's polarity,
    /// positive when worse) is within the tolerance: a shortfall equal to
    /// the tolerance is within it.
    pub fn covers(&self, short: Decimal, target: Decimal) -> bool {
        match self.kind {
            ToleranceKind::Points | ToleranceKind::Absolute => short <= self.amber,
            ToleranceKind::Percent if target.is_zero() => false,
            ToleranceKind::Percent => short * Decimal::ONE_HUNDRED <= self.amber * target.abs(),
        }
    }
}

/// Bands around the target, as many councils publish them ("Green: on
/// target or within 5%; Amber: 5% to 10% off; Red: more than 10% off"):
/// Green up to `green` short of target, Amber up to `amber` short, Red
/// beyond; both widths in `kind`'s terms, a shortfall equal to a width
/// within it. With an `exceeded` band, a figure better than target by more
/// than it is Exceeded ("A Green Star shows that performance is
/// significantly better than target over a tolerance", East Riding's
/// Performance Plus); `exceeded = 0` makes any figure above target Exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    pub kind: ToleranceKind,
    pub green: Decimal,
    pub amber: Decimal,
    pub exceeded: Option<Decimal>,
}

impl Bands {
    /// The Green band as a tolerance (how far short is still Green).
    pub fn green_band(&self) -> Tolerance {
        Tolerance { kind: self.kind, amber: self.green }
    }
    /// The Amber band's outer edge as a tolerance.
    pub fn amber_band(&self) -> Tolerance {
        Tolerance { kind: self.kind, amber: self.amber }
    }
    /// The Exceeded band as a tolerance (how far beyond target is still Green).
    pub fn exceeded_band(&self) -> Option<Tolerance> {
        self.exceeded.map(|amber| Tolerance { kind: self.kind, amber })
    }
    /// Whether a figure `surplus` beyond `target` (by polarity, positive when
    /// better) is Exceeded: beyond the band, a surplus equal to it being
    /// within it (Green).
    pub fn exceeds(&self, surplus: Decimal, target: Decimal) -> bool {
        surplus > Decimal::ZERO && self.exceeded_band().is_some_and(|band| !band.covers(surplus, target))
    }
}

/// How a measure's status is judged against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "rule")]
pub enum StatusRule {
    /// Green at or better than target; Amber within the tolerance; Red beyond it.
    Tolerance(Tolerance),
    /// Direction-aware (as Havering's Cabinet papers rate): Green at or
    /// better than target or within the tolerance of it; beyond the
    /// tolerance, Amber when the figure improved on or held the same period
    /// last year's, Red when it got worse or there is no figure last year to
    /// show it did not.
    DirectionAware(Tolerance),
    /// Forecast-aware (as Epping Forest's Overview and Scrutiny papers
    /// rate: "hoped to achieve the target by the end of the financial
    /// year"): Green at or better than target; Amber within the tolerance;
    /// beyond it, Amber when the year-end outturn forecast given with the
    /// figure meets the year-end target, Red when it misses or no forecast
    /// was given.
    ForecastAware(Tolerance),
    /// Bands: Green within one width of target, Amber within a wider one,
    /// Red beyond.
    Banded(Bands),
    /// The target is a threshold: Green at or better, Red worse, no Amber.
    Threshold,
    /// Information only.
    None,
}

impl StatusRule {
    /// The tolerance rule a word for what lies beyond the tolerance names:
    /// "red" (or none) the plain tolerance, "direction" the direction-aware
    /// rule, "forecast" the forecast-aware rule.
    pub fn with_tolerance(tolerance: Tolerance, beyond: Option<&str>) -> Option<StatusRule> {
        match beyond {
            None | Some("red") => Some(StatusRule::Tolerance(tolerance)),
            Some("direction") => Some(StatusRule::DirectionAware(tolerance)),
            Some("forecast") => Some(StatusRule::ForecastAware(tolerance)),
            Some(_) => None,
        }
    }

    /// The words [`StatusRule::with_tolerance`] reads, for messages.
    pub const BEYOND_WORDS: &'static str = "\"red\", \"direction\" or \"forecast\"";

    /// The rule's tolerance and the word for what lies beyond it (None for
    /// Red), for a rule with a tolerance.
    pub fn tolerance(&self) -> Option<(Tolerance, Option<&'static str>)> {
        match *self {
            StatusRule::Tolerance(t) => Some((t, None)),
            StatusRule::DirectionAware(t) => Some((t, Some("direction"))),
            StatusRule::ForecastAware(t) => Some((t, Some("forecast"))),
            StatusRule::Banded(_) | StatusRule::Threshold | StatusRule::None => None,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            StatusRule::Tolerance(t) => format!("Amber within {} of target", t.describe_width()),
            StatusRule::DirectionAware(t) => format!(
                "Green within {} of target; beyond it, Amber if no worse than the same period last year, Red if worse",
                t.describe_width()
            ),
            StatusRule::ForecastAware(t) if t.amber.is_zero() => {
                "Off target: Amber if the year-end forecast meets the year-end target, Red if not".into()
            }
            StatusRule::ForecastAware(t) => format!(
                "Amber within {} of target; beyond it, Amber if the year-end forecast meets the year-end target, Red if not",
                t.describe_width()
            ),
            StatusRule::Banded(b) => {
                let bands = format!(
                    "Green within {} of target, Amber within {}, Red beyond",
                    b.green_band().describe_width(),
                    b.amber_band().describe_width()
                );
                match b.exceeded_band() {
                    Some(e) if e.amber.is_zero() => format!("Exceeded above target; {bands}"),
                    Some(e) => format!("Exceeded more than {} better than target; {bands}", e.describe_width()),
                    None => bands,
                }
            }
            StatusRule::Threshold => "Green at or better than the threshold, Red worse".into(),
            StatusRule::None => "Information only".into(),
        }
    }
}

/// A measure as the council defines it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    pub code: MeasureCode,
    pub title: String,
    pub definition: Option<String>,
    /// The node (business unit, objective...) that owns the measure.
    pub owner: Key,
    /// The officer responsible, in words.
    pub officer: Option<String>,
    /// Nodes the measure is aligned to (a programme), beyond its owner.
    pub aligned: Vec<Key>,
    pub tags: Vec<String>,
    pub unit: Unit,
    pub decimals: u8,
    pub polarity: Polarity,
    pub frequency: Frequency,
    pub ytd: YtdRule,
    pub status_rule: StatusRule,
    pub active_from: Option<Period>,
    pub retired_from: Option<Period>,
    pub retired_reason: Option<String>,
}

/// A problem with a measure's definition: the field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureProblem {
    pub field: &'static str,
    pub message: String,
}

impl Measure {
    /// Whether the measure is in the suite for the period: active by its end,
    /// and not retired by then.
    pub fn is_active_in(&self, period: Period) -> bool {
        self.active_from.is_none_or(|from| from.first_month() <= period.last_month())
            && self.retired_from.is_none_or(|retired| period.last_month() < retired.first_month())
    }

    /// Whether statuses are judged at all under `rule` (the measure's own,
    /// or one kept for earlier periods).
    pub fn is_information_only_under(&self, rule: StatusRule) -> bool {
        self.polarity == Polarity::None || rule == StatusRule::None || self.unit == Unit::Text
    }

    /// Checks that the parts of the definition fit together.
    pub fn problems(&self) -> Vec<MeasureProblem> {
        let mut problems = Vec::new();
        let mut add = |field, message: &str| problems.push(MeasureProblem { field, message: message.to_string() });
        if self.title.trim().is_empty() {
            add("title", "a measure needs a title");
        }
        if let StatusRule::Banded(b) = self.status_rule {
            if b.green.is_sign_negative() || b.amber < b.green {
                add(
                    "status",
                    "the Green band cannot be negative, and the Amber band must be at least as wide as the Green",
                );
            }
            if b.exceeded.is_some_and(|e| e.is_sign_negative()) {
                add(
                    "status.exceeded",
                    "the Exceeded band cannot be negative (0 makes any figure better than target Exceeded)",
                );
            }
            if b.kind == ToleranceKind::Points && self.unit != Unit::Percentage {
                add(
                    "status",
                    "bands in percentage points are for percentage measures; use \"percent\" or \"absolute\"",
                );
            }
        }
        if let Some((t, _)) = self.status_rule.tolerance() {
            if t.amber.is_sign_negative() {
                add("status", "the Amber tolerance cannot be negative");
            }
            if t.kind == ToleranceKind::Points && self.unit != Unit::Percentage {
                add(
                    "status",
                    "a tolerance in percentage points is for percentage measures; use \"percent\" or \"absolute\"",
                );
            }
        }
        if let YtdRule::Ratio { scale } = self.ytd
            && scale <= Decimal::ZERO
        {
            add("ratio_scale", "the ratio scale must be greater than zero");
        }
        if self.ytd == YtdRule::RollingTwelveMonths && self.frequency != Frequency::Monthly {
            add("ytd", "a rolling twelve months figure needs a monthly measure");
        }
        if self.unit == Unit::Text && self.status_rule != StatusRule::None {
            add("status", "a text-only measure has no figure, so its status rule must be \"none\"");
        }
        if let Unit::Rate { per: 0 } = self.unit {
            add("rate_per", "a rate must be per a number greater than zero");
        }
        if self.decimals > 6 {
            add("decimals", "at most 6 decimal places");
        }
        if let (Some(from), Some(retired)) = (self.active_from, self.retired_from)
            && retired <= from
        {
            add("retired_from", "a measure must be retired after it became active");
        }
        if self.retired_from.is_some() != self.retired_reason.as_deref().is_some_and(|r| !r.trim().is_empty()) {
            add("retired_reason", "a retired measure needs a reason (and a reason needs retired_from)");
        }
        problems
    }

    /// The value rounded to the measure's display places, halves away from
    /// zero as papers round (59.85 shows as 59.9, not banker's 59.8).
    pub fn rounded(&self, value: Decimal) -> Decimal {
        value.round_dp_with_strategy(u32::from(self.decimals), rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }

    /// The figure as a reader sees it, as the papers print it: rounded to
    /// the measure's declared places, which are the most it shows, so a
    /// whole figure has none ("70 days", "92%", "£236,146") and a fraction
    /// keeps what it has ("108.88 days", "59.9%", "11.58%"); money with pence
    /// shows both digits of them ("£24,171.60").
    pub fn format_figure(&self, value: Decimal) -> String {
        self.unit.format(self.rounded(value), self.decimals)
    }

    /// What the measure's figure for a period covers, in words, as a table
    /// row names it: "April to September 2020 (year to date)" for a figure
    /// added up or combined since April, "October 2019 to September 2020
    /// (twelve months)" for a rolling one, the period itself ("July to
    /// September 2020") for a position at its end or a period that starts
    /// the year.
    pub fn describe_figure(&self, period: Period) -> String {
        let starts_year = period.first_month() == period.financial_year().first_month();
        match self.ytd {
            YtdRule::Snapshot => period.describe(),
            YtdRule::RollingTwelveMonths => format!("{} (twelve months)", period.describe_twelve_months()),
            _ if starts_year => period.describe(),
            _ => format!("{} (year to date)", period.describe_year_to_date()),
        }
    }
}

impl Unit {
    /// A value in this unit, to at most `places` decimal places (trailing
    /// zeros dropped, pence kept as two digits), thousands grouped: "£236,146",
    /// "70 days", "92%", "4.5 per 1,000". Charts label their axes with it.
    pub fn format(self, value: Decimal, places: u8) -> String {
        let rounded = value
            .round_dp_with_strategy(u32::from(places), rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .normalize();
        let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "-" } else { "" };
        let shown = match (self, rounded.scale()) {
            (_, 0) => 0,
            (Unit::Money, _) => places.max(2),
            (_, scale) => scale as u8,
        };
        let number = group_thousands(&rounded.abs().to_string(), shown);
        match self {
            Unit::Percentage => format!("{sign}{number}%"),
            Unit::Money => format!("{sign}£{number}"),
            Unit::Days => format!("{sign}{number} days"),
            Unit::Rate { per } => format!("{sign}{number} per {}", group_thousands(&per.to_string(), 0)),
            _ => format!("{sign}{number}"),
        }
    }
}

/// Pads an unsigned number to the given decimal places and groups thousands with commas.
fn group_thousands(digits: &str, decimals: u8) -> String {
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if decimals > 0 {
        let frac = format!("{frac:0<width$}", width = usize::from(decimals));
        format!("{grouped}.{frac}")
    } else {
        grouped
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_figure_is_described_by_the_months_it_covers() {
        let mut m = measure("BV213", Unit::Count, Polarity::Higher, YtdRule::Sum, StatusRule::Threshold);
        let q2 = Period::parse("2020/21-Q2").unwrap();
        assert_eq!(m.describe_figure(q2), "April to September 2020 (year to date)");
        assert_eq!(m.describe_figure(Period::parse("2020/21-Q1").unwrap()), "April to June 2020");
        m.ytd = YtdRule::Snapshot;
        assert_eq!(m.describe_figure(q2), "July to September 2020");
        m.ytd = YtdRule::RollingTwelveMonths;
        assert_eq!(m.describe_figure(q2), "October 2019 to September 2020 (twelve months)");
    }

    pub(crate) fn measure(code: &str, unit: Unit, polarity: Polarity, ytd: YtdRule, rule: StatusRule) -> Measure {
        Measure {
            code: MeasureCode::parse(code).unwrap(),
            title: code.to_string(),
            definition: None,
            owner: Key::parse("unit").unwrap(),
            officer: None,
            aligned: vec![],
            tags: vec![],
            unit,
            decimals: unit.default_decimals(),
            polarity,
            frequency: Frequency::Quarterly,
            ytd,
            status_rule: rule,
            active_from: None,
            retired_from: None,
            retired_reason: None,
        }
    }

    #[test]
    fn codes_keep_their_punctuation_and_case() {
        for code in ["BV213", "ECH-Rep4", "CUS.06", "VoidLoss1", "NI156"] {
            assert_eq!(MeasureCode::parse(code).unwrap().as_str(), code);
        }
        for bad in ["", " BV9", "BV 9", "A,B", "-x"] {
            assert!(MeasureCode::parse(bad).is_err(), "{bad}");
        }
    }

    /// A code that looks like BV9 is BV9: zero-width, bidirectional and
    /// other characters that print as nothing are refused, with the message
    /// saying so.
    #[test]
    fn codes_hold_no_invisible_characters() {
        for bad in [
            "BV\u{200B}9",
            "BV9\u{200D}",
            "BV9\u{200E}",
            "\u{202E}9VB",
            "BV\u{2066}9\u{2069}",
            "BV\u{2060}9",
            "BV\u{AD}9",
            "BV9\u{FEFF}",
            "BV9\u{FE0F}",
            "\u{3164}BV9",
            "BV9\u{E0041}",
            "BV\u{E000}9",
        ] {
            let error = MeasureCode::parse(bad).expect_err(&format!("{bad:?}"));
            assert!(error.to_string().contains("has no spaces or invisible characters"), "{error}");
        }
        assert!(MeasureCode::parse("BV\u{200B}9").unwrap_err().to_string().starts_with("\"BV<U+200B>9\" is not"));
        for good in ["Ωmega1", "café-2", "BV9", "N°3"] {
            assert!(MeasureCode::parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn money_keeps_pence_and_groups_thousands() {
        let mut m = measure("VoidLoss1", Unit::Money, Polarity::Lower, YtdRule::Sum, StatusRule::None);
        assert_eq!(m.format_figure(dec!(224901)), "£224,901");
        assert_eq!(m.format_figure(dec!(24171.62)), "£24,171.62");
        assert_eq!(m.format_figure(dec!(24171.6)), "£24,171.60");
        assert_eq!(m.format_figure(dec!(-7308.00)), "-£7,308");
        m.decimals = 0;
        assert_eq!(m.format_figure(dec!(164594)), "£164,594");
        assert_eq!(m.format_figure(dec!(236145.5)), "£236,146");
    }

    /// The papers print "target 70 days, achieved 108.88 days", "target 92%,
    /// achieved 77%", "target 95%, achieved 92.9%", "target 0.3, achieved 0.15":
    /// the declared places are the most a figure shows, never padding.
    #[test]
    fn figures_show_the_places_they_have_up_to_the_declared_places() {
        let p = measure("BV9", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, StatusRule::None);
        assert_eq!(p.format_figure(dec!(59.9)), "59.9%");
        assert_eq!(p.format_figure(dec!(61)), "61%");
        assert_eq!(p.format_figure(dec!(92.0)), "92%");
        assert_eq!(p.format_figure(dec!(59.85)), "59.9%", "halves away from zero");
        assert_eq!(p.format_figure(dec!(91.96)), "92%");
        let d = measure("VoidsSheltered", Unit::Days, Polarity::Lower, YtdRule::Snapshot, StatusRule::None);
        assert_eq!(d.format_figure(dec!(70)), "70 days");
        assert_eq!(d.format_figure(dec!(70.00)), "70 days");
        assert_eq!(d.format_figure(dec!(108.88)), "108.88 days");
        assert_eq!(d.format_figure(dec!(33.80)), "33.8 days");
        assert_eq!(d.format_figure(dec!(-1234.5)), "-1,234.5 days");
        let mut g = measure("CNM2g", Unit::Percentage, Polarity::Lower, YtdRule::Snapshot, StatusRule::None);
        g.decimals = 2;
        assert_eq!(g.format_figure(dec!(11.58)), "11.58%");
        assert_eq!(g.format_figure(dec!(14.5)), "14.5%");
        let s = measure("WebSat1", Unit::Score, Polarity::Higher, YtdRule::MeanOfRatings, StatusRule::None);
        assert_eq!(s.format_figure(dec!(0.30)), "0.3");
        assert_eq!(s.format_figure(dec!(0.15)), "0.15");
        assert_eq!(s.format_figure(dec!(-0.001)), "0");
        let c = measure("BV213", Unit::Count, Polarity::Higher, YtdRule::Sum, StatusRule::None);
        assert_eq!(c.format_figure(dec!(1314)), "1,314");
        let r = measure("CS1", Unit::Rate { per: 1000 }, Polarity::Lower, YtdRule::Snapshot, StatusRule::None);
        assert_eq!(r.format_figure(dec!(19.10)), "19.1 per 1,000");
    }

    #[test]
    fn inconsistent_definitions_are_named() {
        let m = measure(
            "BV213",
            Unit::Count,
            Polarity::Higher,
            YtdRule::Sum,
            StatusRule::Tolerance(Tolerance { kind: ToleranceKind::Points, amber: dec!(2) }),
        );
        assert_eq!(m.problems()[0].field, "status");
        let mut r = measure("X", Unit::Count, Polarity::Higher, YtdRule::Sum, StatusRule::None);
        r.retired_from = Some(Period::parse("2021/22").unwrap());
        assert_eq!(r.problems()[0].field, "retired_reason");
    }

    #[test]
    fn retired_measures_are_inactive_from_their_retirement() {
        let mut m = measure("X", Unit::Count, Polarity::Higher, YtdRule::Sum, StatusRule::None);
        m.retired_from = Some(Period::parse("2020/21").unwrap());
        m.retired_reason = Some("data quality".into());
        assert!(m.is_active_in(Period::parse("2019/20-Q4").unwrap()));
        assert!(!m.is_active_in(Period::parse("2020/21-Q1").unwrap()));
    }
}
