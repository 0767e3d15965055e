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

use crate::measure::{Measure, YtdRule};
use crate::period::{Frequency, Period};
use crate::result::{ResultEntry, ResultValue};

/// Why there is no figure for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap<'a> {
    /// Recorded as Missing with this reason.
    Missing {
        period: Period,
        reason: &'a str,
    },
    /// Nothing recorded at all.
    NotRecorded(Period),
    /// A figure without numerator and denominator cannot be combined with others.
    NoFraction(Period),
    ZeroDenominator,
    /// A rolling twelve months needs months.
    NotMonthly(Period),
}

impl Gap<'_> {
    /// The reason in words, for the period the figure was asked for.
    pub fn describe(&self, asked: Period) -> String {
        match self {
            Gap::Missing { period, reason } if *period == asked => reason.to_string(),
            Gap::Missing { period, reason } => format!("the result for {period} is missing ({reason})"),
            Gap::NotRecorded(period) => format!("no result recorded for {period}"),
            Gap::NoFraction(period) => {
                format!("the year-to-date figure cannot be formed: {period} has no numerator and denominator")
            }
            Gap::ZeroDenominator => "the year-to-date denominator is zero".to_string(),
            Gap::NotMonthly(period) => format!("a rolling twelve months figure needs months, not {period}"),
        }
    }
}

/// What can be reported for a measure at a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported<'a> {
    Figure(Decimal),
    Missing(Gap<'a>),
    /// A text-only measure's update.
    Narrative,
}

impl Reported<'_> {
    pub fn figure(&self) -> Option<Decimal> {
        match self {
            Reported::Figure(v) => Some(*v),
            _ => None,
        }
    }
}

/// A running year-to-date total, before it becomes a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Running {
    Sum(Decimal),
    Fraction {
        numerator: Decimal,
        denominator: Decimal,
    },
    /// A figure with no fraction that covers the year so far on its own.
    Lone {
        value: Decimal,
        period: Period,
    },
}

/// A year-to-date total so far, or why there is none.
pub type Accumulated<'a> = Result<Running, Reported<'a>>;

/// Forms figures from the result as recorded for each period, which `lookup` gives.
pub struct YearToDate<'m, L> {
    pub measure: &'m Measure,
    pub lookup: L,
}

impl<'a, L: Fn(Period) -> Option<&'a ResultEntry>> YearToDate<'_, L> {
    /// The figure for `period`, a period of the measure's own frequency.
    /// `earlier` gives the running total to the period before, so a caller can
    /// remember totals between periods (see [`crate::assess::MeasureView`]).
    pub fn reported(&self, period: Period, earlier: &dyn Fn(Period) -> Accumulated<'a>) -> Reported<'a> {
        match self.measure.ytd {
            YtdRule::Snapshot => match self.entry(period) {
                Ok(value) => Reported::Figure(value.value),
                Err(r) => r,
            },
            YtdRule::RollingTwelveMonths => self.rolling_twelve_months(period),
            rule => match self.accumulate(period, earlier) {
                Ok(Running::Sum(total)) => Reported::Figure(total),
                Ok(Running::Lone { value, .. }) => Reported::Figure(value),
                Ok(Running::Fraction { denominator, .. }) if denominator.is_zero() => {
                    Reported::Missing(Gap::ZeroDenominator)
                }
                Ok(Running::Fraction { numerator, denominator }) => {
                    Reported::Figure(numerator / denominator * rule.scale())
                }
                Err(r) => r,
            },
        }
    }

    /// The running total to the end of `period`: this period's result added
    /// to the total to the period before, unless it starts the year or is
    /// itself cumulative.
    pub fn accumulate(&self, period: Period, earlier: &dyn Fn(Period) -> Accumulated<'a>) -> Accumulated<'a> {
        let figure = self.entry(period)?;
        let fraction = figure.numerator.zip(figure.denominator);
        let covers_year = figure.cumulative || period.starts_financial_year();
        let this = match (self.measure.ytd, fraction) {
            (YtdRule::Sum, _) => Running::Sum(figure.value),
            (_, Some((numerator, denominator))) => Running::Fraction { numerator, denominator },
            (_, None) => Running::Lone { value: figure.value, period },
        };
        if covers_year {
            return Ok(this);
        }
        match (earlier(period.previous())?, this) {
            (Running::Sum(before), Running::Sum(now)) => Ok(Running::Sum(before + now)),
            (
                Running::Fraction { numerator: n0, denominator: d0 },
                Running::Fraction { numerator: n1, denominator: d1 },
            ) => Ok(Running::Fraction { numerator: n0 + n1, denominator: d0 + d1 }),
            (Running::Lone { period, .. }, _) => Err(Reported::Missing(Gap::NoFraction(period))),
            (_, _) => Err(Reported::Missing(Gap::NoFraction(period))),
        }
    }

    /// The recorded figure for a period, or what stands in its place.
    fn entry(&self, period: Period) -> Result<&'a crate::result::Figure, Reported<'a>> {
        match (self.lookup)(period).map(|e| &e.value) {
            Some(ResultValue::Figure(f)) => Ok(f),
            Some(ResultValue::Missing { reason }) => Err(Reported::Missing(Gap::Missing { period, reason })),
            Some(ResultValue::Narrative) => Err(Reported::Narrative),
            None => Err(Reported::Missing(Gap::NotRecorded(period))),
        }
    }

    fn rolling_twelve_months(&self, period: Period) -> Reported<'a> {
        let Some(last) = period.last_of(Frequency::Monthly) else {
            return Reported::Missing(Gap::NotMonthly(period));
        };
        let mut total = Decimal::ZERO;
        let mut month = last;
        for _ in 0..12 {
            match self.entry(month) {
                Ok(f) => total += f.value,
                Err(r) => return r,
            }
            month = month.previous();
        }
        Reported::Figure(total)
    }
}
