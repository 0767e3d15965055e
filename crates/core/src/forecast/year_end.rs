//! The year-end outturn: the figure the measure will report for the
//! financial year's last period, formed by the measure's own year-to-date
//! rule ([`crate::year_to_date`], not a copy of it) from the results so far
//! and the forecasts for the periods still to come:
//!
//! - sum: the results so far plus the forecasts to March;
//! - snapshot: the forecast for the last period (March, or Q4);
//! - rolling twelve months: the twelve months to March, results and forecasts;
//! - ratio and mean of ratings: each forecast is a period's own figure, so
//!   it is given the weight of an average period so far (the year's
//!   denominator to date over its periods to date: lets, ratings) and the
//!   sums of numerators and denominators are divided as the rule says.
//!
//! When the latest result is for the year's last period (or later) there
//! is nothing to forecast: the outturn is that actual, and says so.
//!
//! The interval is the same rule applied to every remaining period's lower
//! bound, then to every upper bound. Every rule rises with each period's
//! figure, so these bracket the outturn; it treats the periods' errors as
//! moving together (forecast errors of one series mostly do), so it is
//! wide rather than narrow: a cautious range, not a calibrated 80% one.

use rust_decimal::Decimal;
use serde::Serialize;

use super::accuracy::round;
use super::arith::{div, mul, ok};
use super::error::ForecastError;
use super::method::Method;
use super::select::{Forecast, Step};
use crate::assess::MeasureView;
use crate::measure::{Measure, YtdRule};
use crate::period::{FinancialYear, Frequency, Period};
use crate::result::{Figure, ResultEntry, ResultValue};
use crate::year_to_date::{Accumulated, Reported, Running, YearToDate};

/// Whether the outturn is the year's result or a forecast of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The result for the year's last period is in: the outturn is known.
    Actual,
    /// Results so far and forecasts for the rest of the year.
    Forecast,
}

/// A measure's year-end outturn, known or forecast, with its range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outturn {
    pub year: FinancialYear,
    /// The period whose figure the outturn is: March, Q4 or the year.
    pub period: Period,
    pub basis: Basis,
    pub value: Decimal,
    /// Equal to `value` for an actual.
    pub lower: Decimal,
    pub upper: Decimal,
    /// The periods of the year that are forecast, in order; none for an actual.
    pub forecast_periods: Vec<Period>,
    /// The forecasting method, for a forecast.
    pub method: Option<Method>,
    /// The coverage of the periods' intervals the range is built from.
    pub interval: Option<Decimal>,
}

impl Outturn {
    /// The same, figures rounded to `places` (halves away from zero), for display.
    pub fn rounded(&self, places: u32) -> Outturn {
        Outturn {
            value: round(self.value, places),
            lower: round(self.lower, places),
            upper: round(self.upper, places),
            ..self.clone()
        }
    }

    /// Whether a forecast outturn is at risk of missing the year's target:
    /// the forecast itself falls short of it, the measure's polarity saying
    /// which side is short. `None` for an actual outturn (it has met or
    /// missed, not risked) and for a measure where neither side is better.
    pub fn at_risk(&self, polarity: crate::measure::Polarity, target: Decimal) -> Option<bool> {
        use crate::measure::Polarity;
        match (self.basis, polarity) {
            (Basis::Actual, _) | (_, Polarity::None) => None,
            (Basis::Forecast, Polarity::Higher) => Some(self.value < target),
            (Basis::Forecast, Polarity::Lower) => Some(self.value > target),
        }
    }

    /// In words: "forecast 311 (range 291 to 331 from the periods' 80%
    /// intervals), forecasting
    /// 2020/21-Q3 to 2020/21-Q4" or "actual 300 for 2020/21-Q4", figures
    /// to `places`.
    pub fn describe(&self, places: u32) -> String {
        let r = self.rounded(places);
        let v = |d: Decimal| d.normalize().to_string();
        match (self.basis, self.forecast_periods.first(), self.interval) {
            (Basis::Forecast, Some(first), Some(level)) => {
                let periods =
                    if *first == self.period { first.to_string() } else { format!("{first} to {}", self.period) };
                format!(
                    "forecast {} (range {} to {} from the periods' {}% intervals), forecasting {periods}",
                    v(r.value),
                    v(r.lower),
                    v(r.upper),
                    level.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(level).normalize(),
                )
            }
            _ => format!("actual {} for {}", v(r.value), self.period),
        }
    }
}

/// The series a measure is forecast from: each period's own figure from
/// `first` to `last` (periods of the measure's frequency), oldest first,
/// `None` where there is none (missing, not recorded, text only, or a
/// cumulative figure whose own share cannot be taken). The own figure is
/// the result as entered (the month's preventions, days per let, or
/// households at the end of the quarter; for a rolling twelve months the
/// month's own days, which the rule adds up); for a figure entered as the
/// year so far, its share by [`MeasureView::own_figure`] (the year so far
/// less the period before's).
pub fn series(
    measure: &Measure,
    view: &MeasureView<'_>,
    first: Period,
    last: Period,
) -> Result<Vec<Option<Decimal>>, ForecastError> {
    for p in [first, last] {
        own_frequency(measure, p)?;
    }
    let mut values = Vec::new();
    let mut p = first;
    while p <= last {
        values.push(match view.result(p).map(|e| &e.value) {
            Some(ResultValue::Figure(f)) if !f.cumulative => Some(f.value),
            Some(ResultValue::Figure(_)) if measure.ytd != YtdRule::RollingTwelveMonths => view.own_figure(p),
            _ => None,
        });
        p = p.next();
    }
    Ok(values)
}

/// The outturn for `year`: the actual when the results reach the year's
/// last period, otherwise the results to `last` (the period of the
/// series' last value, which `forecast` was made from) and the forecasts
/// for the periods after it, by the measure's year-to-date rule.
/// `recorded` gives the result as recorded for a period
/// ([`MeasureView::result`]).
pub fn year_end<'a>(
    measure: &Measure,
    year: FinancialYear,
    last: Period,
    recorded: impl Fn(Period) -> Option<&'a ResultEntry>,
    forecast: &Forecast,
) -> Result<Outturn, ForecastError> {
    own_frequency(measure, last)?;
    let end = year_end_period(year, measure.frequency);
    let trouble = |t: Trouble| match t {
        Trouble::Reason(reason) => ForecastError::YearToDate { year, reason },
        Trouble::Error(e) => e,
    };
    if end <= last {
        let value = figure(measure, end, &recorded, &[]).map_err(trouble)?;
        return Ok(Outturn {
            year,
            period: end,
            basis: Basis::Actual,
            value,
            lower: value,
            upper: value,
            forecast_periods: Vec::new(),
            method: None,
            interval: None,
        });
    }
    // The periods after `last` to the year's end: the rest of `last`'s
    // year, then whole years.
    let per_year = Period::Year(year).year_to_date_periods(measure.frequency).len();
    let so_far = last.year_to_date_periods(measure.frequency).len();
    let years_on = usize::try_from(year.start_year() - last.financial_year().start_year()).unwrap_or(0);
    let needed = ((years_on + 1) * per_year).saturating_sub(so_far);
    if needed > forecast.steps.len() {
        return Err(ForecastError::HorizonTooShort { year, last, needed, horizon: forecast.steps.len() });
    }
    let ahead: Vec<Period> = std::iter::successors(Some(last.next()), |p| Some(p.next())).take(needed).collect();
    let weight = weight(measure, last, &recorded).map_err(trouble)?;
    let in_year: Vec<(Period, usize)> =
        ahead.iter().enumerate().filter(|(_, p)| p.financial_year() == year).map(|(i, p)| (*p, i)).collect();
    let mut outcomes = Vec::with_capacity(3);
    let picks: [fn(&Step) -> Decimal; 3] = [|s| s.value, |s| s.lower, |s| s.upper];
    for pick in picks {
        let mut entries = Vec::with_capacity(in_year.len());
        for &(period, i) in &in_year {
            entries.push(entry(measure, period, pick(&forecast.steps[i]), weight)?);
        }
        let value = figure(measure, end, &recorded, &entries).map_err(trouble)?;
        outcomes.push(value);
    }
    let (value, a, b) = (outcomes[0], outcomes[1], outcomes[2]);
    Ok(Outturn {
        year,
        period: end,
        basis: Basis::Forecast,
        value,
        lower: a.min(b).min(value),
        upper: a.max(b).max(value),
        forecast_periods: in_year.iter().map(|(p, _)| *p).collect(),
        method: Some(forecast.method),
        interval: Some(forecast.interval),
    })
}

/// The year's last period at a frequency: March, Q4, or the year.
fn year_end_period(year: FinancialYear, frequency: Frequency) -> Period {
    let whole = Period::Year(year);
    whole.last_of(frequency).unwrap_or(whole)
}

fn own_frequency(measure: &Measure, period: Period) -> Result<(), ForecastError> {
    if period.frequency() == measure.frequency {
        return Ok(());
    }
    let frequency = match measure.frequency {
        Frequency::Monthly => "monthly",
        Frequency::Quarterly => "quarterly",
        Frequency::Annual => "annual",
    };
    Err(ForecastError::WrongFrequency { period, frequency })
}

/// The largest forecast figure, numerator or denominator put into the
/// year-to-date rule: a hundred trillion times the largest result, so a
/// year's sums stay far inside `Decimal`'s range.
const LARGEST_PART: Decimal = Decimal::from_parts(3_825_205_248, 3_704_098_002, 5_421_010, false, 0); // 10^26

/// A forecast as a result entry for the rule to read: a period's own
/// figure; for a rule that combines fractions, with an average period's
/// denominator and the numerator that gives the figure.
fn entry(
    measure: &Measure,
    period: Period,
    value: Decimal,
    weight: Option<Decimal>,
) -> Result<ResultEntry, ForecastError> {
    const STEP: &str = "the year-end outturn";
    let (numerator, denominator) = match weight {
        Some(w) => {
            let n = div(mul(value, w, STEP)?, measure.ytd.scale(), STEP)?;
            (Some(n), Some(w))
        }
        None => (None, None),
    };
    for part in [Some(value), numerator, denominator].into_iter().flatten() {
        if part.abs() > LARGEST_PART {
            return Err(ForecastError::TooLarge { step: STEP });
        }
    }
    Ok(ResultEntry {
        measure: measure.code.clone(),
        period,
        value: ResultValue::Figure(Figure { value, numerator, denominator, cumulative: false, forecast: None }),
        commentary: None,
        recorded_at: jiff::Timestamp::UNIX_EPOCH,
        recorded_by: "forecast".to_string(),
    })
}

/// For a rule that combines fractions, the denominator of an average
/// period of the latest year so far: its denominator to date over its
/// periods to date. `None` for the other rules.
fn weight<'a>(
    measure: &Measure,
    last: Period,
    recorded: &impl Fn(Period) -> Option<&'a ResultEntry>,
) -> Result<Option<Decimal>, Trouble> {
    if !measure.ytd.combines_fractions() {
        return Ok(None);
    }
    let ytd = YearToDate { measure, lookup: |p| recorded(p) };
    match running(&ytd, last) {
        Ok(Running::Fraction { denominator, .. }) if !denominator.is_zero() => {
            let periods = Decimal::from(last.year_to_date_periods(measure.frequency).len().max(1));
            div(denominator, periods, "the year-end outturn").map(Some).map_err(Trouble::Error)
        }
        Ok(Running::Fraction { .. }) => Err(Trouble::Reason("the denominator so far is zero".to_string())),
        Ok(_) => Err(Trouble::Reason(format!(
            "a {} measure's forecast weighs each period by its denominator, and the results to {last} have none",
            measure.ytd.name()
        ))),
        Err(r) => Err(Trouble::Reason(reason(r, last))),
    }
}

/// Why the rule gave no figure: a gap in the results, in words, or arithmetic out of range.
enum Trouble {
    Reason(String),
    Error(ForecastError),
}

/// What stands in for a figure, in words.
fn reason(r: Reported<'_>, asked: Period) -> String {
    match r {
        Reported::Missing(gap) => gap.describe(asked),
        Reported::Narrative => "the measure is reported in words, not figures".to_string(),
        Reported::Figure(_) => String::new(),
    }
}

/// The figure the rule gives for `end` from the recorded results and the
/// forecast entries (which stand for periods after the recorded ones).
fn figure<'a>(
    measure: &Measure,
    end: Period,
    recorded: &impl Fn(Period) -> Option<&'a ResultEntry>,
    forecasts: &[ResultEntry],
) -> Result<Decimal, Trouble> {
    let lookup = |p: Period| forecasts.iter().find(|e| e.period == p).or_else(|| recorded(p));
    let ytd = YearToDate { measure, lookup };
    // A fraction's last division is checked here first, so the rule's own
    // (unchecked) division cannot overflow.
    if measure.ytd.combines_fractions()
        && let Ok(Running::Fraction { numerator, denominator }) = running(&ytd, end)
        && !denominator.is_zero()
    {
        ok(numerator.checked_div(denominator).and_then(|q| q.checked_mul(measure.ytd.scale())), "the year-end outturn")
            .map_err(Trouble::Error)?;
    }
    match ytd.reported(end, &|p| running(&ytd, p)) {
        Reported::Figure(v) => Ok(v),
        other => Err(Trouble::Reason(reason(other, end))),
    }
}

/// The running year-to-date total to a period, as the rule forms it.
fn running<'a, L: Fn(Period) -> Option<&'a ResultEntry>>(ytd: &YearToDate<'_, L>, period: Period) -> Accumulated<'a> {
    ytd.accumulate(period, &|p| running(ytd, p))
}
