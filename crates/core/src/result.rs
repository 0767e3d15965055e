//! Results: what a data owner records for a measure and period.
//!
//! A result is a figure (with numerator and denominator where the measure's
//! rule combines fractions) or Missing with a reason. Corrections are new
//! entries with a later `recorded_at`; nothing is overwritten, so the latest
//! entry known at an instant is the result "as recorded" then.

use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::as_of::AsOf;
use crate::measure::{Measure, MeasureCode, Unit};
use crate::period::Period;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Figure {
    pub value: Decimal,
    pub numerator: Option<Decimal>,
    pub denominator: Option<Decimal>,
    /// The value is already the year-to-date figure (a paper that gives only
    /// "April to September: 151"), not the period's own.
    pub cumulative: bool,
    /// The year-end outturn the owner forecasts with this figure (read by
    /// the forecast-aware status rule and shown beside the figure).
    pub forecast: Option<Decimal>,
}

impl Figure {
    /// A figure as given: no fraction, not cumulative, no forecast.
    pub fn of(value: Decimal) -> Figure {
        Figure { value, numerator: None, denominator: None, cumulative: false, forecast: None }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ResultValue {
    Figure(Figure),
    Missing {
        reason: String,
    },
    /// A text-only measure's update: words, no figure.
    Narrative,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultEntry {
    pub measure: MeasureCode,
    pub period: Period,
    pub value: ResultValue,
    pub commentary: Option<String>,
    pub recorded_at: Timestamp,
    pub recorded_by: String,
}

/// The largest figure, target or tolerance outturn accepts, either side of
/// zero: far beyond any council's (a £10bn budget is 1e10), and small enough
/// that no sum, difference or product of the rules can overflow a decimal.
pub const LARGEST_FIGURE: Decimal = Decimal::from_parts(3_567_587_327, 232, 0, false, 0); // 999,999,999,999

/// A figure within [`LARGEST_FIGURE`], or why not.
pub fn within_bounds(value: Decimal) -> Result<Decimal, String> {
    if value.abs() > LARGEST_FIGURE {
        return Err(format!("{value} is too large: figures are at most 999,999,999,999 either side of zero"));
    }
    Ok(value)
}

/// Why a result cannot be accepted, in words for the person entering it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResultError {
    #[error("{measure} is reported {frequency}: a result for {period} does not fit; use a {expected} period")]
    WrongFrequency { measure: String, period: Period, frequency: &'static str, expected: &'static str },
    #[error("a year-end forecast is given with a figure, not with a missing or text-only result")]
    ForecastWithoutFigure,
    #[error("give either a value or a missing-data reason, not both")]
    ValueAndMissing,
    #[error("give a value, or a reason why the result is missing")]
    Empty,
    #[error("a missing result needs a reason (for example \"awaiting police data\")")]
    MissingWithoutReason,
    #[error("give both a numerator and a denominator, or neither")]
    HalfFraction,
    #[error("the denominator cannot be zero")]
    ZeroDenominator,
    #[error("{0} needs a numerator and a denominator, or a value")]
    FractionNeeded(String),
    #[error("the value {given} does not match numerator / denominator, which gives {computed}")]
    FractionMismatch { given: Decimal, computed: Decimal },
    #[error("{0} is text only: record commentary, not a value")]
    TextOnly(String),
    #[error("{0} is text only: commentary is required")]
    TextNeedsCommentary(String),
    #[error("{measure} is not in the suite for {period}")]
    Inactive { measure: String, period: Period },
}

/// What the person entered, before the measure's rules are applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultInput {
    pub value: Option<Decimal>,
    pub numerator: Option<Decimal>,
    pub denominator: Option<Decimal>,
    pub cumulative: bool,
    /// The year-end outturn forecast, given with a figure.
    pub forecast: Option<Decimal>,
    pub missing_reason: Option<String>,
    pub commentary: Option<String>,
}

impl ResultInput {
    /// Applies the measure's rules to an input: frequency, figure or missing
    /// reason, the fraction and its value. The value of a fraction is
    /// computed when left out, and must agree to the measure's display places
    /// when given.
    pub fn check(self, measure: &Measure, period: Period) -> Result<(ResultValue, Option<String>), ResultError> {
        if period.frequency() != measure.frequency {
            return Err(ResultError::WrongFrequency {
                measure: measure.code.to_string(),
                period,
                frequency: frequency_word(measure.frequency),
                expected: period_word(measure.frequency),
            });
        }
        if !measure.is_active_in(period) {
            return Err(ResultError::Inactive { measure: measure.code.to_string(), period });
        }
        let commentary = self.commentary.filter(|c| !c.trim().is_empty());
        let has_figure = self.value.is_some() || self.numerator.is_some() || self.denominator.is_some();
        if self.forecast.is_some() && (self.missing_reason.is_some() || measure.unit == Unit::Text) {
            return Err(ResultError::ForecastWithoutFigure);
        }
        if let Some(reason) = self.missing_reason {
            if has_figure {
                return Err(ResultError::ValueAndMissing);
            }
            if reason.trim().is_empty() {
                return Err(ResultError::MissingWithoutReason);
            }
            return Ok((ResultValue::Missing { reason: reason.trim().to_string() }, commentary));
        }
        if measure.unit == Unit::Text {
            if has_figure {
                return Err(ResultError::TextOnly(measure.code.to_string()));
            }
            return match commentary {
                Some(c) => Ok((ResultValue::Narrative, Some(c))),
                None => Err(ResultError::TextNeedsCommentary(measure.code.to_string())),
            };
        }
        let value = match (self.numerator, self.denominator) {
            (Some(_), None) | (None, Some(_)) => return Err(ResultError::HalfFraction),
            (Some(_), Some(d)) if d.is_zero() => return Err(ResultError::ZeroDenominator),
            (Some(n), Some(d)) => {
                let computed = n / d * measure.ytd.scale();
                match self.value {
                    Some(given) if measure.rounded(given) != measure.rounded(computed) => {
                        return Err(ResultError::FractionMismatch { given, computed: measure.rounded(computed) });
                    }
                    Some(given) => given,
                    None => computed,
                }
            }
            (None, None) => match self.value {
                Some(v) => v,
                None if measure.ytd.combines_fractions() => {
                    return Err(ResultError::FractionNeeded(measure.code.to_string()));
                }
                None => return Err(ResultError::Empty),
            },
        };
        let figure = Figure {
            value,
            numerator: self.numerator,
            denominator: self.denominator,
            cumulative: self.cumulative,
            forecast: self.forecast,
        };
        Ok((ResultValue::Figure(figure), commentary))
    }
}

fn frequency_word(f: crate::period::Frequency) -> &'static str {
    match f {
        crate::period::Frequency::Monthly => "monthly",
        crate::period::Frequency::Quarterly => "quarterly",
        crate::period::Frequency::Annual => "annually",
    }
}

fn period_word(f: crate::period::Frequency) -> &'static str {
    match f {
        crate::period::Frequency::Monthly => "month (2020-09)",
        crate::period::Frequency::Quarterly => "quarter (2020/21-Q2)",
        crate::period::Frequency::Annual => "financial year (2020/21)",
    }
}

/// The website satisfaction score: ratings of +1, 0 and -1, averaged.
/// Returns (numerator, denominator, score) so the year can be combined.
pub fn score_from_ratings(positive: u32, neutral: u32, negative: u32) -> Option<(Decimal, Decimal, Decimal)> {
    let count = Decimal::from(u64::from(positive) + u64::from(neutral) + u64::from(negative));
    if count.is_zero() {
        return None;
    }
    let sum = Decimal::from(positive) - Decimal::from(negative);
    Some((sum, count, sum / count))
}

/// The entry for `period` as recorded at `as_of`: the last one known then.
/// Entries must be in the order they were recorded (ties keep that order).
pub fn as_recorded(entries: &[ResultEntry], period: Period, as_of: AsOf) -> Option<&ResultEntry> {
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.period == period && as_of.knows(e.recorded_at))
        .max_by_key(|(order, e)| (e.recorded_at, *order))
        .map(|(_, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::{Polarity, StatusRule, YtdRule};
    use rust_decimal_macros::dec;

    fn websat() -> Measure {
        let mut m = crate::measure::tests::measure(
            "WebSat1",
            Unit::Score,
            Polarity::Higher,
            YtdRule::MeanOfRatings,
            StatusRule::None,
        );
        m.frequency = crate::period::Frequency::Monthly;
        m
    }

    #[test]
    fn website_score_is_the_mean_of_ratings() {
        // One positive and one neutral: 0.5.
        assert_eq!(score_from_ratings(1, 1, 0).unwrap().2, dec!(0.5));
        // Three positive, one neutral, one negative: 2 / 5 = 0.4 (the paper's 0.25 is a slip).
        let (sum, count, score) = score_from_ratings(3, 1, 1).unwrap();
        assert_eq!((sum, count, score), (dec!(2), dec!(5), dec!(0.4)));
        assert_eq!(score_from_ratings(0, 0, 0), None);
    }

    #[test]
    fn a_fraction_gives_the_value() {
        let m = websat();
        let sep = Period::parse("2020-09").unwrap();
        let input = ResultInput { numerator: Some(dec!(2)), denominator: Some(dec!(5)), ..Default::default() };
        let (value, _) = input.check(&m, sep).unwrap();
        assert!(matches!(value, ResultValue::Figure(Figure { value, .. }) if value == dec!(0.4)));
        let wrong = ResultInput {
            value: Some(dec!(0.25)),
            numerator: Some(dec!(2)),
            denominator: Some(dec!(5)),
            ..Default::default()
        };
        assert!(matches!(wrong.check(&m, sep), Err(ResultError::FractionMismatch { .. })));
    }

    #[test]
    fn the_largest_figure_is_just_under_a_trillion() {
        assert_eq!(LARGEST_FIGURE, dec!(999999999999));
        assert!(within_bounds(dec!(-999999999999)).is_ok());
        assert!(within_bounds(dec!(1000000000000)).is_err());
        // The widest product the rules form (a percent tolerance times a target) stays a decimal.
        assert!(LARGEST_FIGURE.checked_mul(LARGEST_FIGURE).and_then(|p| p.checked_mul(dec!(100))).is_some());
    }

    #[test]
    fn bad_inputs_are_refused_with_a_reason() {
        let m = websat();
        let sep = Period::parse("2020-09").unwrap();
        let q2 = Period::parse("2020/21-Q2").unwrap();
        let missing = |r: &str| ResultInput { missing_reason: Some(r.into()), ..Default::default() };
        assert_eq!(missing("  ").check(&m, sep), Err(ResultError::MissingWithoutReason));
        assert!(matches!(missing("x").check(&m, q2), Err(ResultError::WrongFrequency { .. })));
        let both = ResultInput { value: Some(dec!(1)), missing_reason: Some("x".into()), ..Default::default() };
        assert_eq!(both.check(&m, sep), Err(ResultError::ValueAndMissing));
        let half = ResultInput { numerator: Some(dec!(1)), ..Default::default() };
        assert_eq!(half.check(&m, sep), Err(ResultError::HalfFraction));
        let zero = ResultInput { numerator: Some(dec!(1)), denominator: Some(dec!(0)), ..Default::default() };
        assert_eq!(zero.check(&m, sep), Err(ResultError::ZeroDenominator));
        assert_eq!(ResultInput::default().check(&m, sep), Err(ResultError::FractionNeeded("WebSat1".into())));
    }
}
