//! The figure reported for a period, formed from the year's results by the
//! measure's year-to-date rule.
//!
//! Reports quote year-to-date figures ("April 2020 to September 2020: 151
//! preventions"). A sum adds the period results since April; a ratio adds
//! numerators and denominators separately (days to re-let: total days over
//! total lets, not the mean of the months); a snapshot is the latest period;
//! a rolling figure adds the last twelve months. A result marked cumulative
//! already covers the year to its period, so adding stops there.

use rust_decimal::Decimal;

use crate::as_of::AsOf;
use crate::measure::{Measure, YtdRule};
use crate::period::{Frequency, Period};
use crate::result::{ResultEntry, ResultValue, as_recorded};

/// What can be reported for a measure at a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reported {
    Figure(Decimal),
    /// No figure: the reason, as recorded or as found ("no result recorded for 2020-05").
    Missing(String),
    /// A text-only measure's update.
    Narrative,
}

impl Reported {
    pub fn figure(&self) -> Option<Decimal> {
        match self {
            Reported::Figure(v) => Some(*v),
            _ => None,
        }
    }
}

/// The figure for `period` (a period of the measure's own frequency) as
/// recorded at `as_of`.
pub fn reported(measure: &Measure, entries: &[ResultEntry], period: Period, as_of: AsOf) -> Reported {
    match measure.ytd {
        YtdRule::Snapshot => snapshot(entries, period, as_of),
        YtdRule::Sum => accumulate(measure, entries, period, as_of, Accumulation::Sum),
        YtdRule::Ratio { .. } | YtdRule::MeanOfRatings => {
            accumulate(measure, entries, period, as_of, Accumulation::Fraction)
        }
        YtdRule::RollingTwelveMonths => rolling_twelve_months(entries, period, as_of),
    }
}

/// The period's own figure, for comparing one period with the one before:
/// for a sum, this period's contribution rather than the running total.
pub fn own_figure(measure: &Measure, entries: &[ResultEntry], period: Period, as_of: AsOf) -> Option<Decimal> {
    let total = reported(measure, entries, period, as_of).figure()?;
    if measure.ytd != YtdRule::Sum {
        return Some(total);
    }
    let starts_year = period.start_date() == Period::Year(period.financial_year()).start_date();
    if starts_year {
        return Some(total);
    }
    let before = reported(measure, entries, period.previous(), as_of).figure()?;
    Some(total - before)
}

fn snapshot(entries: &[ResultEntry], period: Period, as_of: AsOf) -> Reported {
    match as_recorded(entries, period, as_of).map(|e| &e.value) {
        Some(ResultValue::Figure(f)) => Reported::Figure(f.value),
        Some(ResultValue::Missing { reason }) => Reported::Missing(reason.clone()),
        Some(ResultValue::Narrative) => Reported::Narrative,
        None => Reported::Missing(format!("no result recorded for {period}")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Accumulation {
    Sum,
    Fraction,
}

fn accumulate(measure: &Measure, entries: &[ResultEntry], period: Period, as_of: AsOf, how: Accumulation) -> Reported {
    let periods = period.year_to_date_periods(measure.frequency);
    let mut total = Decimal::ZERO;
    let (mut numerator, mut denominator) = (Decimal::ZERO, Decimal::ZERO);
    // `parts` counts the figures already added, from the period backwards.
    for (parts, (i, p)) in periods.iter().enumerate().rev().enumerate() {
        let own_period = *p == period;
        let figure = match as_recorded(entries, *p, as_of).map(|e| &e.value) {
            Some(ResultValue::Figure(f)) => f,
            Some(ResultValue::Missing { reason }) if own_period => return Reported::Missing(reason.clone()),
            Some(ResultValue::Missing { reason }) => {
                return Reported::Missing(format!("the result for {p} is missing ({reason})"));
            }
            Some(ResultValue::Narrative) => return Reported::Narrative,
            None => return Reported::Missing(format!("no result recorded for {p}")),
        };
        let covers_rest = figure.cumulative || i == 0;
        match how {
            Accumulation::Sum => total += figure.value,
            Accumulation::Fraction => match (figure.numerator, figure.denominator) {
                (Some(n), Some(d)) => {
                    numerator += n;
                    denominator += d;
                }
                // A lone figure that covers the whole year so far needs no combining.
                _ if parts == 0 && covers_rest => return Reported::Figure(figure.value),
                _ => {
                    return Reported::Missing(format!(
                        "the year-to-date figure cannot be formed: {p} has no numerator and denominator"
                    ));
                }
            },
        }
        if figure.cumulative {
            break;
        }
    }
    match how {
        Accumulation::Sum => Reported::Figure(total),
        Accumulation::Fraction if denominator.is_zero() => {
            Reported::Missing("the year-to-date denominator is zero".to_string())
        }
        Accumulation::Fraction => Reported::Figure(numerator / denominator * measure.ytd.scale()),
    }
}

fn rolling_twelve_months(entries: &[ResultEntry], period: Period, as_of: AsOf) -> Reported {
    let Some(Period::Month(last)) = period.last_of(Frequency::Monthly) else {
        return Reported::Missing(format!("a rolling twelve months figure needs months, not {period}"));
    };
    let mut total = Decimal::ZERO;
    let twelve = (0..12).scan(Period::Month(last), |month, _| {
        let this = *month;
        *month = month.previous();
        Some(this)
    });
    for month in twelve {
        match as_recorded(entries, month, as_of).map(|e| &e.value) {
            Some(ResultValue::Figure(f)) => total += f.value,
            Some(ResultValue::Missing { reason }) => {
                return Reported::Missing(format!("the result for {month} is missing ({reason})"));
            }
            Some(ResultValue::Narrative) => return Reported::Narrative,
            None => return Reported::Missing(format!("no result recorded for {month}")),
        }
    }
    Reported::Figure(total)
}
