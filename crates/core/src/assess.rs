//! Assessing a measure for a period: its figure, target, status, variance and
//! direction of travel, as recorded at a given instant.
//!
//! A [`MeasureView`] resolves a measure's history once for an instant (the
//! result and the target in force for each period) and remembers year-to-date
//! totals as it goes, so assessing every month of a year costs little more
//! than assessing one.

use std::cell::RefCell;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::as_of::AsOf;
use crate::direction::Direction;
use crate::judgement::{Judged, Judgement};
use crate::kept_rule::{KeptRule, rule_in_force};
use crate::measure::{Measure, MeasureCode, Polarity, StatusRule, Unit, YtdRule};
use crate::period::Period;
use crate::result::{ResultEntry, ResultValue};
use crate::status::{Evidence, Status, YearEnd, judge};
use crate::status_labels::StatusLabels;
use crate::target::{TargetRevision, target_for};
use crate::year_to_date::{Accumulated, Reported, YearToDate};

/// Everything recorded about one measure: results and target revisions, each
/// in the order recorded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasureHistory {
    pub results: Vec<ResultEntry>,
    pub targets: Vec<TargetRevision>,
    /// Statuses officers judged, and withdrew, in the order recorded.
    pub judgements: Vec<Judgement>,
    /// Rules kept for periods locked before the measure's rule changed.
    pub kept_rules: Vec<KeptRule>,
}

impl MeasureHistory {
    /// Only what had been recorded at `as_of`: "what did we know on 5 November?"
    pub fn as_recorded(&self, as_of: AsOf) -> MeasureHistory {
        MeasureHistory {
            results: self.results.iter().filter(|r| as_of.knows(r.recorded_at)).cloned().collect(),
            targets: self.targets.iter().filter(|t| as_of.knows(t.recorded_at)).cloned().collect(),
            judgements: self.judgements.iter().filter(|j| as_of.knows(j.recorded_at)).cloned().collect(),
            kept_rules: self.kept_rules.iter().filter(|k| as_of.knows(k.recorded_at)).copied().collect(),
        }
    }
}

/// A comparison with an earlier figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub period: Period,
    pub figure: Option<Decimal>,
    pub direction: Direction,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment<'a> {
    pub code: &'a MeasureCode,
    /// The period asked about.
    pub period: Period,
    /// The measure's own period the figure is for (September for a monthly
    /// measure asked about 2020/21-Q2).
    pub figure_period: Period,
    pub figure: Option<Decimal>,
    pub target: Option<Decimal>,
    pub status: Status,
    /// The status rule in force for the figure's period.
    pub rule: StatusRule,
    /// The year-end outturn forecast given with the figure, with the
    /// year-end target it is read against.
    pub year_end: Option<YearEnd>,
    /// Figure minus target, in the measure's unit.
    pub variance: Option<Decimal>,
    pub missing_reason: Option<String>,
    /// Nothing at all was entered for the figure's own period (not a result
    /// marked Missing with a reason): Awaiting while its round is open
    /// ([`crate::collection`]).
    #[serde(skip)]
    pub nothing_entered: bool,
    pub commentary: Option<&'a str>,
    /// Against the period before (for a summed measure, that period's own figure).
    pub previous: Comparison,
    /// Against the same period last year, year to date.
    pub last_year: Comparison,
    /// An officer's judgement, which `status` follows, with what the figures alone give.
    pub judged: Option<Judged<'a>>,
}

impl Assessment<'_> {
    /// Why the status is what it is, in words, by the measure's rule: "Amber:
    /// 3.1 percentage points below target, beyond the tolerance of 2
    /// percentage points, and better than July to September 2019". None for
    /// a status no figure decides (Missing data, no target, information only).
    pub fn explain(&self, measure: &Measure) -> Option<String> {
        self.explain_in(measure, &StatusLabels::default())
    }

    /// [`Assessment::explain`] in the council's words for its statuses.
    pub fn explain_in(&self, measure: &Measure, labels: &StatusLabels) -> Option<String> {
        if let Some(judged) = &self.judged {
            let j = judged.judgement;
            let figures = Assessment { status: judged.computed, judged: None, ..self.clone() }
                .explain_in(measure, labels)
                .unwrap_or_else(|| labels.label(judged.computed).to_string());
            return Some(format!(
                "{}: {}: \"{}\" By the figures alone: {figures}.",
                labels.label(self.status),
                j.by_whom(),
                j.justification.trim()
            ));
        }
        let words = self.explain_figures(measure, labels)?;
        // A period locked before the measure's rule changed keeps its rule: say which.
        Some(if self.rule == measure.status_rule {
            words
        } else {
            format!("{words} (by the rule kept for this period: {})", self.rule.describe())
        })
    }

    /// [`Assessment::explain`] for a status the figures decide.
    fn explain_figures(&self, measure: &Measure, labels: &StatusLabels) -> Option<String> {
        let (figure, target) = (self.figure?, self.target?);
        if !self.status.is_judged() {
            return None;
        }
        let status = labels.label(self.status);
        let short = crate::status::shortfall(measure.polarity, figure, target)?;
        if short <= Decimal::ZERO {
            if figure == target {
                return Some(format!("{status}: on target"));
            }
            let side = if measure.polarity == Polarity::Higher { "above" } else { "below" };
            let over = format!("{status}: {} {side} target", gap(measure, -short));
            return Some(match (self.rule, self.status) {
                (StatusRule::Banded(b), Status::Exceeded) => match b.exceeded_band() {
                    Some(e) if !e.amber.is_zero() => {
                        format!("{over}, beyond the Exceeded band of {}", e.describe_width())
                    }
                    _ => over,
                },
                (StatusRule::Banded(b), _) => match b.exceeded_band() {
                    Some(e) => format!("{over}, within the Exceeded band of {}", e.describe_width()),
                    None => over,
                },
                _ => over,
            });
        }
        let side = if measure.polarity == Polarity::Higher { "below" } else { "above" };
        let off = format!("{status}: {} {side} target", gap(measure, short));
        let last_year = measure.describe_figure(self.last_year.period);
        Some(match (self.rule, self.status) {
            (StatusRule::Threshold, _) => format!("{status}: {} worse than the threshold", gap(measure, short)),
            (StatusRule::Tolerance(t) | StatusRule::ForecastAware(t), Status::Amber)
            | (StatusRule::DirectionAware(t), Status::Green)
                if t.covers(short, target) =>
            {
                format!("{off}, within the tolerance of {}", t.describe_width())
            }
            (StatusRule::Tolerance(t), _) => format!("{off}, beyond the tolerance of {}", t.describe_width()),
            (StatusRule::Banded(b), Status::Green) => {
                format!("{off}, within the Green band of {}", b.green_band().describe_width())
            }
            (StatusRule::Banded(b), Status::Amber) => format!(
                "{off}, beyond the Green band of {} and within the Amber band of {}",
                b.green_band().describe_width(),
                b.amber_band().describe_width()
            ),
            (StatusRule::Banded(b), _) => {
                format!("{off}, beyond the Amber band of {}", b.amber_band().describe_width())
            }
            (StatusRule::DirectionAware(t), _) => {
                let compared = match self.last_year.direction {
                    Direction::Improving => format!("better than {last_year}"),
                    Direction::Unchanged => format!("the same as {last_year}"),
                    Direction::Worsening => format!("worse than {last_year}"),
                    Direction::NotComparable => format!("no figure for {last_year} to show it improved"),
                };
                format!("{off}, beyond the tolerance of {}, and {compared}", t.describe_width())
            }
            (StatusRule::ForecastAware(t), _) => {
                let year = self.figure_period.financial_year();
                let forecast = match self.year_end {
                    Some(YearEnd { forecast, target: Some(year_target) }) => format!(
                        "the year-end forecast of {} {} the {year} target of {}",
                        measure.format_figure(forecast),
                        if self.status == Status::Amber { "meets" } else { "misses" },
                        measure.format_figure(year_target)
                    ),
                    Some(YearEnd { forecast, target: None }) => format!(
                        "the year-end forecast of {} has no {year} target to meet",
                        measure.format_figure(forecast)
                    ),
                    None if ends_year(self.figure_period) => {
                        format!("the year has ended, so the figure is the {year} outturn, not a forecast")
                    }
                    None => format!("no year-end forecast for {year} was given"),
                };
                if t.amber.is_zero() {
                    format!("{off}, and {forecast}")
                } else {
                    format!("{off}, beyond the tolerance of {}, and {forecast}", t.describe_width())
                }
            }
            (StatusRule::None, _) => return None,
        })
    }
}

/// Whether the period ends its financial year (March, Q4 or the year).
fn ends_year(period: Period) -> bool {
    period.last_month() == Period::Year(period.financial_year()).last_month()
}

/// A difference from target as a reader sees it: percentage points for a
/// percentage, else the measure's own unit ("3 days", "£1,200").
fn gap(measure: &Measure, difference: Decimal) -> String {
    match measure.unit {
        Unit::Percentage => format!("{} percentage points", measure.rounded(difference).normalize()),
        _ => measure.format_figure(difference),
    }
}

/// Assesses a measure for the period asked about, or `None` when the measure
/// is not due in it (an annual measure in September) or not in the suite.
pub fn assess<'a>(
    measure: &'a Measure,
    history: &'a MeasureHistory,
    asked: Period,
    as_of: AsOf,
) -> Option<Assessment<'a>> {
    MeasureView::new(measure, history, as_of).assess(asked)
}

/// One measure's history as it stood at an instant.
pub struct MeasureView<'a> {
    measure: &'a Measure,
    /// The result as recorded for each period, by `Period::sort_key`.
    results: Vec<(i64, &'a ResultEntry)>,
    /// The target revision in force for each period, by `Period::sort_key`.
    targets: Vec<(i64, &'a TargetRevision)>,
    /// The latest judgement (or withdrawal) for each period, by `Period::sort_key`.
    judgements: Vec<(i64, &'a Judgement)>,
    /// Rules kept for locked periods.
    kept_rules: Vec<&'a KeptRule>,
    /// Year-to-date totals already formed, by `Period::sort_key` (a handful:
    /// a plain list is quicker to search than a map).
    running: RefCell<Vec<(i64, Accumulated<'a>)>>,
    /// Figures already reported, by `Period::sort_key`.
    reported: RefCell<Vec<(i64, Reported<'a>)>>,
}

impl<'a> MeasureView<'a> {
    pub fn new(measure: &'a Measure, history: &'a MeasureHistory, as_of: AsOf) -> Self {
        let results = latest_per_period(
            history.results.iter().filter(|e| as_of.knows(e.recorded_at)).map(|e| (e.period, e.recorded_at, e)),
        );
        let day: Date = as_of.date();
        let targets = latest_per_period(
            history
                .targets
                .iter()
                .filter(|r| r.effective <= day && as_of.knows(r.recorded_at))
                .map(|r| (r.period, r.effective, r)),
        );
        let judgements = latest_per_period(
            history.judgements.iter().filter(|j| as_of.knows(j.recorded_at)).map(|j| (j.period, j.recorded_at, j)),
        );
        // Kept rules hold whenever they were recorded: a period locked under
        // a rule was judged by it, in a view as of any day.
        let kept_rules = history.kept_rules.iter().collect();
        MeasureView {
            measure,
            results,
            targets,
            judgements,
            kept_rules,
            running: RefCell::new(Vec::new()),
            reported: RefCell::new(Vec::new()),
        }
    }

    /// The result as recorded for exactly this period.
    pub fn result(&self, period: Period) -> Option<&'a ResultEntry> {
        find(&self.results, period)
    }

    /// The target revision in force for exactly this period.
    pub fn target(&self, period: Period) -> Option<&'a TargetRevision> {
        find(&self.targets, period)
    }

    /// The target a forecast for `forecast` is read against, as known when
    /// the figures for `reported` are: the target for the forecast's own
    /// period (by [`target_for`]); failing that, for a measure whose target
    /// is a level (not a total for the year), the latest target set for a
    /// period of the same year up to `reported` (a garage void rate forecast
    /// for March against the September target). The revision names the
    /// period it was set for.
    pub fn forecast_target(&self, forecast: Period, reported: Period) -> Option<&'a TargetRevision> {
        let own = forecast.last_of(self.measure.frequency).unwrap_or(forecast);
        target_for(|p| self.target(p), own, forecast, self.measure.ytd).or_else(|| {
            if !self.measure.ytd.annual_target_holds_in_year() {
                return None;
            }
            self.targets
                .iter()
                .map(|(_, t)| *t)
                .filter(|t| {
                    t.period.financial_year() == forecast.financial_year()
                        && t.period.last_month() <= reported.last_month()
                })
                .max_by_key(|t| (t.period.last_month(), t.period.sort_key()))
        })
    }

    /// The year-end outturn forecast given with the period's result, and
    /// the target set for the year end itself (never a quarter's profiled
    /// target standing in for it: a forecast of 96% collected by March is no
    /// measure against September's 61%).
    pub fn year_end(&self, period: Period) -> Option<YearEnd> {
        let ResultValue::Figure(figure) = &self.result(period)?.value else { return None };
        let forecast = figure.forecast?;
        let fy = period.financial_year();
        let year = Period::Year(fy);
        let own = year.last_of(self.measure.frequency).unwrap_or(year);
        // March's (or the last quarter's, for a monthly measure), then the year's.
        let last_quarter = Period::Quarter(fy, crate::period::Quarter::new(4).expect("a year has a fourth quarter"));
        let target = target_for(|p| self.target(p), own, year, self.measure.ytd)
            .or_else(|| self.target(last_quarter))
            .map(|t| t.value);
        Some(YearEnd { forecast, target })
    }

    fn year_to_date(&self) -> YearToDate<'a, impl Fn(Period) -> Option<&'a ResultEntry> + '_> {
        YearToDate { measure: self.measure, lookup: |p| self.result(p) }
    }

    /// The year-to-date running total to the end of a period, remembered.
    fn running(&self, period: Period) -> Accumulated<'a> {
        let key = period.sort_key();
        if let Some((_, known)) = self.running.borrow().iter().find(|(k, _)| *k == key) {
            return *known;
        }
        let total = self.year_to_date().accumulate(period, &|p| self.running(p));
        self.running.borrow_mut().push((key, total));
        total
    }

    /// The figure reported for a period of the measure's own frequency.
    pub fn reported(&self, period: Period) -> Reported<'a> {
        let key = period.sort_key();
        if let Some((_, known)) = self.reported.borrow().iter().find(|(k, _)| *k == key) {
            return *known;
        }
        let figure = self.year_to_date().reported(period, &|p| self.running(p));
        self.reported.borrow_mut().push((key, figure));
        figure
    }

    /// The period's own figure (see below), as recorded.
    pub fn own_figure(&self, period: Period) -> Option<Decimal> {
        self.own_figure_given(period, self.reported(period))
    }

    /// The period's own figure, for comparing one period with the one before:
    /// the month's days to re-let or the quarter's preventions rather than the
    /// running totals, which move for the earlier periods' sake too. A
    /// snapshot or rolling figure is its own figure.
    fn own_figure_given(&self, period: Period, total: Reported<'a>) -> Option<Decimal> {
        let total = total.figure()?;
        if matches!(self.measure.ytd, YtdRule::Snapshot | YtdRule::RollingTwelveMonths)
            || period.starts_financial_year()
        {
            return Some(total);
        }
        match &self.result(period)?.value {
            ResultValue::Figure(f) if !f.cumulative => Some(f.value),
            // A cumulative sum: what it adds to the total before it.
            ResultValue::Figure(_) if self.measure.ytd == YtdRule::Sum => {
                Some(total - self.reported(period.previous()).figure()?)
            }
            _ => None,
        }
    }

    /// Assesses the measure for the period asked about, or `None` when it is
    /// not due in it or not in the suite.
    pub fn assess(&self, asked: Period) -> Option<Assessment<'a>> {
        let measure = self.measure;
        let figure_period = asked.last_of(measure.frequency)?;
        if !measure.is_active_in(figure_period) {
            return None;
        }
        let now = self.reported(figure_period);
        let target = target_for(|p| self.target(p), figure_period, asked, measure.ytd).map(|r| r.value);
        let figure = now.figure();
        let last_year_period = figure_period.same_period_last_year();
        let last_year_figure = self.reported(last_year_period).figure();
        let rule = rule_in_force(measure, self.kept_rules.iter().copied(), figure_period);
        // At the year's end the figure is the outturn: no forecast decides it.
        let year_end = if ends_year(figure_period) { None } else { self.year_end(figure_period) };
        let computed = match now {
            Reported::Figure(v) => judge(measure, rule, v, target, Evidence { last_year: last_year_figure, year_end }),
            // Expected but not supplied: counted and listed, whatever the measure's rule.
            Reported::Missing(_) => Status::Missing,
            Reported::Narrative => Status::InformationOnly,
        };
        // A judgement stands over the figures until withdrawn.
        let judged = find(&self.judgements, figure_period)
            .filter(|j| j.status.is_some())
            .map(|judgement| Judged { judgement, computed });
        let status = judged.as_ref().and_then(|j| j.judgement.status).unwrap_or(computed);
        let missing_reason = match now {
            Reported::Missing(gap) => Some(gap.describe(figure_period)),
            _ => None,
        };

        let before = figure_period.previous();
        let own_before = self.own_figure(before);
        let own_now = self.own_figure_given(figure_period, now);
        Some(Assessment {
            code: &measure.code,
            period: asked,
            figure_period,
            figure,
            target,
            status,
            rule,
            year_end,
            variance: figure.zip(target).map(|(f, t)| f - t),
            missing_reason,
            nothing_entered: self.result(figure_period).is_none()
                && matches!(now, Reported::Missing(crate::year_to_date::Gap::NotRecorded(_))),
            commentary: self.result(figure_period).and_then(|e| e.commentary.as_deref()),
            previous: Comparison {
                period: before,
                figure: own_before,
                direction: Direction::between(measure.polarity, own_now, own_before),
            },
            last_year: Comparison {
                period: last_year_period,
                figure: last_year_figure,
                direction: Direction::between(measure.polarity, figure, last_year_figure),
            },
            judged,
        })
    }
}

/// Keeps, for each period, the last item by (`rank`, order given), sorted by period.
fn latest_per_period<'a, T, R: Ord>(items: impl Iterator<Item = (Period, R, &'a T)>) -> Vec<(i64, &'a T)> {
    let mut ranked: Vec<(i64, R, usize, &'a T)> =
        items.enumerate().map(|(order, (period, rank, item))| (period.sort_key(), rank, order, item)).collect();
    ranked.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    let mut latest: Vec<(i64, &'a T)> = Vec::with_capacity(ranked.len());
    for (period, _, _, item) in ranked {
        match latest.last_mut() {
            Some(last) if last.0 == period => last.1 = item,
            _ => latest.push((period, item)),
        }
    }
    latest
}

fn find<'a, T>(sorted: &[(i64, &'a T)], period: Period) -> Option<&'a T> {
    let key = period.sort_key();
    sorted.binary_search_by_key(&key, |(k, _)| *k).ok().map(|i| sorted[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::tests::measure;
    use crate::measure::{Polarity, StatusRule, Unit};
    use crate::result::ResultValue;

    #[test]
    fn as_recorded_keeps_only_what_was_known_then() {
        let m = measure("NI156", Unit::Count, Polarity::Lower, YtdRule::Snapshot, StatusRule::None);
        let q2 = Period::parse("2020/21-Q2").unwrap();
        let entry = |at: &str| ResultEntry {
            measure: m.code.clone(),
            period: q2,
            value: ResultValue::Missing { reason: "late".into() },
            commentary: None,
            recorded_at: at.parse().unwrap(),
            recorded_by: "Housing".into(),
        };
        let target = |at: &str| TargetRevision {
            measure: m.code.clone(),
            period: q2,
            value: Decimal::ONE_HUNDRED,
            effective: jiff::civil::date(2020, 4, 1),
            reason: "set".into(),
            author: "policy".into(),
            recorded_at: at.parse().unwrap(),
        };
        let history = MeasureHistory {
            results: vec![entry("2020-10-20T09:00:00Z"), entry("2020-11-06T09:00:00Z")],
            targets: vec![target("2020-04-01T09:00:00Z"), target("2020-11-06T09:00:00Z")],
            judgements: vec![],
            kept_rules: vec![],
        };
        let then = history.as_recorded(AsOf::end_of_day(jiff::civil::date(2020, 11, 5)));
        assert_eq!(then.results, history.results[..1]);
        assert_eq!(then.targets, history.targets[..1]);
        assert_eq!(history.as_recorded(AsOf::now()), history);
    }

    #[test]
    fn missing_data_is_counted_even_for_an_information_only_measure() {
        let m = measure("INFO1", Unit::Count, Polarity::None, YtdRule::Snapshot, StatusRule::None);
        let q2 = Period::parse("2020/21-Q2").unwrap();
        let history = MeasureHistory {
            results: vec![ResultEntry {
                measure: m.code.clone(),
                period: q2,
                value: ResultValue::Missing { reason: "awaiting police data".into() },
                commentary: None,
                recorded_at: "2020-10-20T09:00:00Z".parse().unwrap(),
                recorded_by: "Community Safety".into(),
            }],
            ..MeasureHistory::default()
        };
        let a = assess(&m, &history, q2, AsOf::now()).unwrap();
        assert_eq!(a.status, Status::Missing);
        assert_eq!(a.missing_reason.as_deref(), Some("awaiting police data"));
        let empty = MeasureHistory::default();
        let nothing = assess(&m, &empty, q2, AsOf::now()).unwrap();
        assert_eq!(nothing.missing_reason.as_deref(), Some("no result recorded for 2020/21-Q2"));
    }

    fn target(code: &MeasureCode, period: &str, value: Decimal) -> TargetRevision {
        TargetRevision {
            measure: code.clone(),
            period: Period::parse(period).unwrap(),
            value,
            effective: jiff::civil::date(2020, 4, 1),
            reason: "set".into(),
            author: "Performance team".into(),
            recorded_at: "2020-04-01T09:00:00Z".parse().unwrap(),
        }
    }

    /// Issue 12: the CNM2g forecast for the year end (14.46%) was printed
    /// beside "No target" although September's target (11.58%) is a level
    /// that holds in year.
    #[test]
    fn a_forecast_is_read_against_the_target_it_has() {
        use rust_decimal_macros::dec;
        let q2 = Period::parse("2020/21-Q2").unwrap();
        let year = Period::parse("2020/21").unwrap();
        let now = AsOf::end_of_day(jiff::civil::date(2020, 11, 1));
        let level = measure("CNM2g", Unit::Percentage, Polarity::Lower, YtdRule::Snapshot, StatusRule::None);
        let history = MeasureHistory {
            targets: vec![target(&level.code, "2020/21-Q2", dec!(11.58))],
            ..MeasureHistory::default()
        };
        let view = MeasureView::new(&level, &history, now);
        let t = view.forecast_target(year, q2).expect("September's target holds for the year end");
        assert_eq!((t.value, t.period), (dec!(11.58), q2));
        assert!(view.forecast_target(year, Period::parse("2020/21-Q1").unwrap()).is_none(), "not known before Q2");
        // A year's own target wins; a total for the year is no level to borrow.
        let with_year = MeasureHistory {
            targets: vec![target(&level.code, "2020/21-Q2", dec!(11.58)), target(&level.code, "2020/21", dec!(10))],
            ..MeasureHistory::default()
        };
        let view = MeasureView::new(&level, &with_year, now);
        assert_eq!(view.forecast_target(year, q2).map(|t| t.value), Some(dec!(10)));
        let sum = measure("BV213", Unit::Count, Polarity::Higher, YtdRule::Sum, StatusRule::None);
        let quarters =
            MeasureHistory { targets: vec![target(&sum.code, "2020/21-Q2", dec!(180))], ..MeasureHistory::default() };
        assert!(MeasureView::new(&sum, &quarters, now).forecast_target(year, q2).is_none());
    }
}
