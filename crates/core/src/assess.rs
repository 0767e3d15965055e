//! Assessing one measure for one period: its figure, target, status,
//! variance and direction of travel, as recorded at a given instant.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::as_of::AsOf;
use crate::direction::Direction;
use crate::measure::{Measure, MeasureCode};
use crate::period::Period;
use crate::result::{ResultEntry, as_recorded};
use crate::status::{Status, judge};
use crate::target::{TargetRevision, target_for};
use crate::year_to_date::{Reported, own_figure, reported};

/// Everything recorded about one measure: results and target revisions, each
/// in the order recorded.
#[derive(Debug, Clone, Default)]
pub struct MeasureHistory {
    pub results: Vec<ResultEntry>,
    pub targets: Vec<TargetRevision>,
}

/// A comparison with an earlier figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub period: Period,
    pub figure: Option<Decimal>,
    pub direction: Direction,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub code: MeasureCode,
    /// The period asked about.
    pub period: Period,
    /// The measure's own period the figure is for (September for a monthly
    /// measure asked about 2020/21-Q2).
    pub figure_period: Period,
    pub figure: Option<Decimal>,
    pub target: Option<Decimal>,
    pub status: Status,
    /// Figure minus target, in the measure's unit.
    pub variance: Option<Decimal>,
    pub missing_reason: Option<String>,
    pub commentary: Option<String>,
    /// Against the period before (for a summed measure, that period's own figure).
    pub previous: Comparison,
    /// Against the same period last year, year to date.
    pub last_year: Comparison,
}

/// Assesses a measure for the period asked about, or `None` when the measure
/// is not due in it (an annual measure in September) or not in the suite.
pub fn assess(measure: &Measure, history: &MeasureHistory, asked: Period, as_of: AsOf) -> Option<Assessment> {
    let figure_period = asked.last_of(measure.frequency)?;
    if !measure.is_active_in(figure_period) {
        return None;
    }
    let results = &history.results;
    let now = reported(measure, results, figure_period, as_of);
    let target = target_for(&history.targets, figure_period, asked, measure.ytd, as_of).map(|r| r.value);
    let (figure, missing_reason) = match &now {
        Reported::Figure(v) => (Some(*v), None),
        Reported::Missing(reason) => (None, Some(reason.clone())),
        Reported::Narrative => (None, None),
    };
    let status = match (&now, figure) {
        (_, Some(v)) => judge(measure, v, target),
        (Reported::Missing(_), _) if !measure.is_information_only() => Status::Missing,
        _ => Status::InformationOnly,
    };
    let variance = figure.zip(target).map(|(f, t)| f - t);
    let commentary = as_recorded(results, figure_period, as_of).and_then(|e| e.commentary.clone());

    let before = figure_period.previous();
    let own_now = own_figure(measure, results, figure_period, as_of);
    let own_before = own_figure(measure, results, before, as_of);
    let previous = Comparison {
        period: before,
        figure: own_before,
        direction: Direction::between(measure.polarity, own_now, own_before),
    };
    let last_year_period = figure_period.same_period_last_year();
    let last_year_figure = reported(measure, results, last_year_period, as_of).figure();
    let last_year = Comparison {
        period: last_year_period,
        figure: last_year_figure,
        direction: Direction::between(measure.polarity, figure, last_year_figure),
    };
    Some(Assessment {
        code: measure.code.clone(),
        period: asked,
        figure_period,
        figure,
        target,
        status,
        variance,
        missing_reason,
        commentary,
        previous,
        last_year,
    })
}
