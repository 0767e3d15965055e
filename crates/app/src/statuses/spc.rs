//! Use case: one stored measure's series for an SPC (XmR) chart: each
//! period's own figure, in period order at the measure's frequency, with the
//! periods between the first and the last result that have no figure as gaps
//! (never zeros), the direction of improvement from the measure's polarity
//! and the target for the latest period. Core draws the chart
//! (`outturn_core::spc`); this only reads the facts it is drawn from.

use std::sync::Arc;

use outturn_core::spc::{Analysis, Chart, ImprovementDirection, Settings, SpcError};
use outturn_core::target::target_for;
use outturn_core::{AsOf, Decimal, Key, Measure, MeasureCode, MeasureHistory, MeasureView, Period, ResultValue};
use outturn_store::{Council, ProcessChange, Store};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;

/// One period of the series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpcPeriod {
    pub period: Period,
    /// The period's own figure: the figure entered for it, or, where a
    /// year-to-date figure was entered, the period's share of it by core's
    /// rule (`MeasureView::own_figure`: the quarter's preventions, not the
    /// running total since April). `None` is a gap.
    pub value: Option<Decimal>,
    /// Why a gap has no figure, in words: the missing-data reason recorded,
    /// or what was recorded instead.
    pub gap: Option<String>,
}

/// The target the chart's assurance icon is read against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpcTarget {
    pub value: Decimal,
    /// The period the target revision was set for (the latest period, or
    /// its financial year when a year's target holds in every period).
    pub set_for: Period,
}

/// A stored measure's series, ready to chart.
#[derive(Debug, Clone)]
pub struct MeasureSeries {
    pub council: Arc<Council>,
    pub measure: Measure,
    /// Every period of the measure's frequency from its first recorded
    /// result to its last (within the range asked for), oldest first.
    pub periods: Vec<SpcPeriod>,
    /// The measure's target for the latest period, when there is one and it
    /// can be compared with one period's own figure.
    pub target: Option<SpcTarget>,
    /// Why the measure's target is not used, when it has one but it cannot
    /// be compared with one period's figure (a summed measure's targets are
    /// totals since April).
    pub target_note: Option<String>,
    /// The measure's recorded process changes, oldest first: each within
    /// the series after its first period starts a new segment of limits.
    pub process_changes: Vec<ProcessChange>,
}

impl MeasureSeries {
    /// Which way improvement lies: the measure's polarity.
    pub fn improvement(&self) -> ImprovementDirection {
        self.measure.polarity.into()
    }
    /// The chart of the series, judged by the measure's polarity against
    /// its target, with new limits from each recorded process change.
    pub fn chart(&self) -> Chart {
        Chart {
            values: self.periods.iter().map(|p| p.value).collect(),
            improvement: self.improvement(),
            target: self.target.as_ref().map(|t| t.value),
            process_changes: self.segment_starts(),
        }
    }

    /// The indexes where recorded process changes start segments, in order:
    /// each change within the series after its first period whose segment,
    /// and the one before it, has two results in a row (a moving range),
    /// so that every segment can have limits. A change too recent for that
    /// waits for its results rather than stopping the whole chart.
    fn segment_starts(&self) -> Vec<usize> {
        let mut candidates: Vec<usize> = self.process_changes.iter().filter_map(|c| self.position(c)).collect();
        candidates.sort_unstable();
        candidates.dedup();
        let ranged = |from: usize, to: usize| {
            (from..to.saturating_sub(1)).any(|i| self.periods[i].value.is_some() && self.periods[i + 1].value.is_some())
        };
        // Each start taken leaves the segment before it (from the last start
        // taken) and the rest of the series each with a moving range.
        let mut starts: Vec<usize> = Vec::new();
        for start in candidates {
            let before = starts.last().copied().unwrap_or(0);
            if ranged(before, start) && ranged(start, self.periods.len()) {
                starts.push(start);
            }
        }
        starts
    }

    /// The index of a change's period in the series, when after the first.
    fn position(&self, change: &ProcessChange) -> Option<usize> {
        self.periods.iter().position(|p| p.period == change.period).filter(|&i| i > 0)
    }

    /// Where a process change starts a new segment, when it does.
    pub fn segment_start(&self, change: &ProcessChange) -> Option<usize> {
        self.position(change).filter(|i| self.segment_starts().contains(i))
    }

    /// Why a recorded process change starts no segment, in words; `None`
    /// when it does.
    pub fn unused_because(&self, change: &ProcessChange) -> Option<&'static str> {
        if self.segment_start(change).is_some() {
            return None;
        }
        if self.position(change).is_some() {
            return Some(
                "new limits start once two results in a row have been recorded from it (and before the next change)",
            );
        }
        match (self.periods.first(), self.periods.last()) {
            (Some(first), _) if change.period <= first.period => {
                Some("it is at or before the first result charted, so every result is of the new process")
            }
            (_, Some(last)) if change.period > last.period => {
                Some("it is after the last result charted: new limits start when results for it arrive")
            }
            _ => Some("no result is charted yet"),
        }
    }
}

/// The measure's series as recorded at `at`, from `from` to `to` (each a period
/// of any length: `--from 2019/20` starts at April 2019 for a monthly or a
/// quarterly measure alike; a period of the measure counts when it lies
/// wholly within the range).
pub async fn measure_series(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    from: Option<Period>,
    to: Option<Period>,
    at: AsOf,
) -> Result<MeasureSeries, AppError> {
    if let (Some(f), Some(t)) = (from, to)
        && f.first_month() > t.last_month()
    {
        return Err(AppError::BadInput { field: "--from", message: format!("{f} is after --to {t}") });
    }
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code).cloned() else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    series_for(store, council, measure, from, to, at).await
}

/// [`measure_series`] once the council and measure are found and who may
/// read them is settled (the published view reads this way).
pub(crate) async fn series_for(
    store: &dyn Store,
    council: std::sync::Arc<outturn_store::Council>,
    measure: Measure,
    from: Option<Period>,
    to: Option<Period>,
    at: AsOf,
) -> Result<MeasureSeries, AppError> {
    let history = store.measure_history(&council.slug, &measure.code).await?;
    let (periods, target, target_note) = series_of(&measure, &history, at, from, to);
    let mut process_changes = store.process_changes(&council.slug).await?;
    process_changes.retain(|c| c.measure == measure.code);
    Ok(MeasureSeries { council, measure, periods, target, target_note, process_changes })
}

/// A stored measure's SPC chart as its page and the API show it: every
/// period from its first result to its last, charted by the measure's
/// polarity against its target for the latest period, with the default
/// [`Settings`] (MDC's) and no process change.
#[derive(Debug, Clone)]
pub struct MeasureSpc {
    pub series: MeasureSeries,
    pub settings: Settings,
    /// How many periods have a value.
    pub values: usize,
    /// The chart, or, when it cannot be drawn, why not in words
    /// ("needs at least two results; this measure has 1").
    pub analysis: Result<Analysis, String>,
}

impl MeasureSpc {
    /// The chart as JSON, as `outturn spc --council C --measure M --format
    /// json` gives it: every figure exact; `None` when it cannot be drawn.
    pub fn json(&self) -> Option<serde_json::Value> {
        let analysis = self.analysis.as_ref().ok()?;
        Some(stored_json(
            analysis,
            &self.series,
            self.series.target.as_ref().map(|t| t.set_for),
            self.series.target_note.as_deref(),
        ))
    }
}

/// A stored measure's SPC chart with the default settings, as recorded at
/// `at`, for whoever may read the council (as its measure page).
pub async fn measure_spc(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    at: AsOf,
) -> Result<MeasureSpc, AppError> {
    actor.check(Action::ReadCouncil(council))?;
    let series = measure_series(store, actor, council, code, None, None, at).await?;
    Ok(analyse(series))
}

/// The series charted with the default settings, or why it cannot be.
pub(crate) fn analyse(series: MeasureSeries) -> MeasureSpc {
    let settings = Settings::default();
    let values = series.periods.iter().filter(|p| p.value.is_some()).count();
    let analysis = if values < 2 {
        Err(format!(
            "needs at least two results; this measure has {}",
            if values == 0 { "none".to_string() } else { values.to_string() }
        ))
    } else {
        series.chart().analyse(&settings).map_err(|e| match e {
            SpcError::NoMovingRange { .. } => "needs at least two results in consecutive periods; this measure has \
                none (a moving range is never taken across a missing period)"
                .to_string(),
            other => other.to_string(),
        })
    };
    MeasureSpc { series, settings, values, analysis }
}

/// An analysis of a stored measure as JSON: the [`Analysis`], each point
/// with its `period` (and `gap`, why a gap has no value), and the measure
/// it is of, with the period its target was set for (`target_period`,
/// `null` when the target was given or there is none) and why the
/// measure's target is not used (`target_note`), when it is not.
pub fn stored_json(
    a: &Analysis,
    series: &MeasureSeries,
    target_period: Option<Period>,
    target_note: Option<&str>,
) -> serde_json::Value {
    use serde_json::Value;
    let mut json = serde_json::to_value(a).expect("an analysis serialises");
    if let Some(points) = json.get_mut("points").and_then(Value::as_array_mut) {
        for (point, period) in points.iter_mut().zip(&series.periods) {
            if let Some(point) = point.as_object_mut() {
                point.insert("period".into(), Value::String(period.period.to_string()));
                if let Some(gap) = &period.gap {
                    point.insert("gap".into(), Value::String(gap.clone()));
                }
            }
        }
    }
    if let Some(top) = json.as_object_mut() {
        top.insert("council".into(), Value::String(series.council.slug.to_string()));
        top.insert("measure".into(), Value::String(series.measure.code.to_string()));
        top.insert("title".into(), Value::String(series.measure.title.clone()));
        top.insert("target_period".into(), target_period.map_or(Value::Null, |p| Value::String(p.to_string())));
        let changes = series
            .process_changes
            .iter()
            .map(|c| {
                let mut change = serde_json::json!({
                    "period": c.period.to_string(),
                    "reason": c.reason,
                    "recorded_by": c.recorded_by,
                    "starts_segment": series.segment_start(c).is_some(),
                });
                if let Some(why) = series.unused_because(c) {
                    change["unused_because"] = Value::String(why.to_string());
                }
                change
            })
            .collect();
        top.insert("process_changes".into(), Value::Array(changes));
        if let Some(note) = target_note {
            top.insert("target_note".into(), Value::String(note.to_string()));
        }
    }
    json
}

/// The series of one measure's history as known at `as_of`.
fn series_of(
    measure: &Measure,
    history: &MeasureHistory,
    as_of: AsOf,
    from: Option<Period>,
    to: Option<Period>,
) -> (Vec<SpcPeriod>, Option<SpcTarget>, Option<String>) {
    let within = |p: Period| {
        p.frequency() == measure.frequency
            && from.is_none_or(|f| p.first_month() >= f.first_month())
            && to.is_none_or(|t| p.last_month() <= t.last_month())
    };
    let recorded = history.results.iter().filter(|e| as_of.knows(e.recorded_at) && within(e.period));
    let (Some(first), Some(last)) = (recorded.clone().map(|e| e.period).min(), recorded.map(|e| e.period).max()) else {
        return (Vec::new(), None, None);
    };
    let view = MeasureView::new(measure, history, as_of);
    let mut periods = Vec::new();
    let mut p = first;
    while p <= last {
        let recorded = view.result(p);
        let value = match recorded.map(|e| &e.value) {
            // The figure entered for the period itself: its own, whatever
            // was or was not entered earlier in the year.
            Some(ResultValue::Figure(f)) if !f.cumulative => Some(f.value),
            _ => view.own_figure(p),
        };
        let gap = value.is_none().then(|| gap_reason(recorded.map(|e| &e.value)));
        periods.push(SpcPeriod { period: p, value, gap });
        p = p.next();
    }
    let (target, note) = match target_for(|p| view.target(p), last, last, measure.ytd) {
        None => (None, None),
        // A year-to-date total (180 preventions April to September) is no
        // target for one quarter's own figure; it is one only where the
        // period's figure is the year's so far.
        Some(t) if !measure.ytd.annual_target_holds_in_year() && !last.starts_financial_year() => (
            None,
            Some(format!(
                "{}'s target for {last} ({}) is a total since April, not a target for one period's own figure, so it is not used",
                measure.code,
                measure.format_figure(t.value)
            )),
        ),
        Some(t) => (Some(SpcTarget { value: t.value, set_for: t.period }), None),
    };
    (periods, target, note)
}

fn gap_reason(recorded: Option<&ResultValue>) -> String {
    match recorded {
        None => "no result recorded".to_string(),
        Some(ResultValue::Missing { reason }) => format!("missing: {reason}"),
        Some(ResultValue::Narrative) => "commentary only".to_string(),
        Some(ResultValue::Figure(_)) => {
            "only a year-to-date figure was recorded, and the period's own cannot be taken from it".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outturn_core::{Figure, Frequency, Polarity, ResultEntry, StatusRule, TargetRevision, Unit, YtdRule};
    use rust_decimal_macros::dec;

    fn measure(frequency: Frequency, ytd: YtdRule) -> Measure {
        Measure {
            code: MeasureCode::parse("NI156").unwrap(),
            title: "Households in temporary accommodation".into(),
            definition: None,
            owner: Key::parse("housing").unwrap(),
            officer: None,
            aligned: vec![],
            tags: vec![],
            unit: Unit::Count,
            decimals: 0,
            polarity: Polarity::Lower,
            frequency,
            ytd,
            status_rule: StatusRule::Threshold,
            active_from: None,
            retired_from: None,
            retired_reason: None,
        }
    }

    fn result(period: &str, value: ResultValue) -> ResultEntry {
        ResultEntry {
            measure: MeasureCode::parse("NI156").unwrap(),
            period: Period::parse(period).unwrap(),
            value,
            commentary: None,
            recorded_at: "2021-01-01T00:00:00Z".parse().unwrap(),
            recorded_by: "t".into(),
        }
    }

    fn figure(period: &str, value: Decimal, cumulative: bool) -> ResultEntry {
        result(
            period,
            ResultValue::Figure(Figure { value, numerator: None, denominator: None, cumulative, forecast: None }),
        )
    }

    fn target(period: &str, value: Decimal) -> TargetRevision {
        TargetRevision {
            measure: MeasureCode::parse("NI156").unwrap(),
            period: Period::parse(period).unwrap(),
            value,
            effective: jiff::civil::date(2019, 4, 1),
            reason: "r".into(),
            author: "a".into(),
            recorded_at: "2019-01-01T00:00:00Z".parse().unwrap(),
        }
    }

    fn history(results: Vec<ResultEntry>, targets: Vec<TargetRevision>) -> MeasureHistory {
        MeasureHistory { results, targets, ..MeasureHistory::default() }
    }

    fn now() -> AsOf {
        AsOf::at("2022-01-01T00:00:00Z".parse().unwrap())
    }

    #[test]
    fn periods_between_results_are_gaps_with_their_reason_never_zeros() {
        let m = measure(Frequency::Quarterly, YtdRule::Snapshot);
        let h = history(
            vec![
                figure("2019/20-Q4", dec!(140), false),
                result("2020/21-Q2", ResultValue::Missing { reason: "awaiting police data".into() }),
                figure("2020/21-Q4", dec!(150), false),
                figure("2020/21-Q1", dec!(145), false),
            ],
            vec![target("2020/21-Q4", dec!(120))],
        );
        let (periods, target, note) = series_of(&m, &h, now(), None, None);
        let got: Vec<_> = periods.iter().map(|p| (p.period.to_string(), p.value, p.gap.clone())).collect();
        assert_eq!(
            got,
            vec![
                ("2019/20-Q4".into(), Some(dec!(140)), None),
                ("2020/21-Q1".into(), Some(dec!(145)), None),
                ("2020/21-Q2".into(), None, Some("missing: awaiting police data".into())),
                ("2020/21-Q3".into(), None, Some("no result recorded".into())),
                ("2020/21-Q4".into(), Some(dec!(150)), None),
            ]
        );
        assert_eq!(target, Some(SpcTarget { value: dec!(120), set_for: Period::parse("2020/21-Q4").unwrap() }));
        assert_eq!(note, None);
        // The range keeps the periods wholly within it.
        let from = Period::parse("2020/21").ok();
        let (periods, ..) = series_of(&m, &h, now(), from, Period::parse("2020/21-Q2").ok());
        assert_eq!(periods.iter().map(|p| p.period.to_string()).collect::<Vec<_>>(), ["2020/21-Q1", "2020/21-Q2"]);
    }

    #[test]
    fn a_summed_measure_is_charted_by_each_period_s_own_figure_without_its_running_target() {
        let m = measure(Frequency::Quarterly, YtdRule::Sum);
        let h = history(
            vec![figure("2020/21-Q1", dec!(70), true), figure("2020/21-Q2", dec!(151), true)],
            vec![target("2020/21-Q2", dec!(180))],
        );
        let (periods, target, note) = series_of(&m, &h, now(), None, None);
        assert_eq!(periods.iter().map(|p| p.value).collect::<Vec<_>>(), [Some(dec!(70)), Some(dec!(81))]);
        assert_eq!(target, None);
        assert!(note.unwrap().contains("is a total since April"));
        // A quarter entered as its own figure counts, though the quarters
        // before it in its year (and so its running total) are missing; a
        // running total alone, with nothing before it, gives no figure.
        let h = history(
            vec![
                figure("2019/20-Q3", dec!(200), true),
                figure("2019/20-Q4", dec!(90), false),
                figure("2020/21-Q1", dec!(70), true),
            ],
            vec![],
        );
        let (periods, ..) = series_of(&m, &h, now(), None, None);
        assert_eq!(periods.iter().map(|p| p.value).collect::<Vec<_>>(), [None, Some(dec!(90)), Some(dec!(70))]);
        assert!(periods[0].gap.as_deref().unwrap().starts_with("only a year-to-date figure"));
    }

    #[test]
    fn no_results_give_no_periods() {
        let m = measure(Frequency::Monthly, YtdRule::Snapshot);
        let (periods, target, _) = series_of(&m, &history(vec![], vec![]), now(), None, None);
        assert!(periods.is_empty() && target.is_none());
    }

    /// A series of quarters with each process change and what it does: a
    /// change leaving a segment without two results in a row waits (the
    /// chart is still drawn), one at the first period or outside starts none.
    #[test]
    fn a_process_change_starts_a_segment_only_where_both_sides_have_a_moving_range() {
        let m = measure(Frequency::Quarterly, YtdRule::Snapshot);
        let quarters = ["2019/20-Q1", "2019/20-Q2", "2019/20-Q3", "2019/20-Q4", "2020/21-Q1", "2020/21-Q2"];
        let mut results: Vec<ResultEntry> =
            quarters.iter().enumerate().map(|(i, q)| figure(q, Decimal::from(10 + i as i64), false)).collect();
        results[4] = result("2020/21-Q1", ResultValue::Missing { reason: "system outage".into() });
        let h = history(results, vec![]);
        let (periods, ..) = series_of(&m, &h, now(), None, None);
        let change = |q: &str| ProcessChange {
            measure: m.code.clone(),
            period: Period::parse(q).unwrap(),
            reason: "New system".into(),
            recorded_by: "Housing".into(),
        };
        let series = |changes: Vec<ProcessChange>| MeasureSeries {
            council: std::sync::Arc::new(outturn_store::Council {
                slug: Key::parse("c").unwrap(),
                name: "C".into(),
                fictional: false,
                framework: Default::default(),
                measures: vec![],
                summary: Default::default(),
                milestones: vec![],
            }),
            measure: m.clone(),
            periods: periods.clone(),
            target: None,
            target_note: None,
            process_changes: changes,
        };
        // Q3 2019/20: Q1-Q2 before it and Q3-Q4 after it have a moving range.
        let s = series(vec![change("2019/20-Q3")]);
        assert_eq!(s.chart().process_changes, [2]);
        assert_eq!(s.unused_because(&s.process_changes[0]), None);
        assert!(s.chart().analyse(&Settings::default()).is_ok());
        // Q2 2020/21: after it only one result (the gap at Q1 breaks the run).
        let s = series(vec![change("2020/21-Q1")]);
        assert_eq!(s.chart().process_changes, Vec::<usize>::new());
        assert!(s.unused_because(&s.process_changes[0]).unwrap().contains("two results in a row"));
        assert!(s.chart().analyse(&Settings::default()).is_ok(), "the chart is still drawn");
        // Two changes: the second would leave the first's segment one result long.
        let s = series(vec![change("2019/20-Q2"), change("2019/20-Q3")]);
        assert_eq!(s.chart().process_changes, [2], "Q1 alone before Q2 has no moving range: Q3 starts the segment");
        assert!(s.unused_because(&s.process_changes[0]).unwrap().contains("two results in a row"));
        let s = series(vec![change("2019/20-Q3"), change("2019/20-Q4")]);
        assert_eq!(s.chart().process_changes, [2]);
        // At the first period, or after the last: none, and why.
        let s = series(vec![change("2019/20-Q1"), change("2021/22-Q1")]);
        assert_eq!(s.chart().process_changes, Vec::<usize>::new());
        assert!(s.unused_because(&s.process_changes[0]).unwrap().contains("at or before the first"));
        assert!(s.unused_because(&s.process_changes[1]).unwrap().contains("after the last"));
    }
}
