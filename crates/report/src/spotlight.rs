//! What a spotlight on a Red or Amber measure shows beyond its line and
//! commentary: the forecasts given for the year (measure, target, forecast),
//! the period-by-period series against target as a chart with its table,
//! and, for a measure with the history for them, the measure page's
//! analytics: the SPC chart over the years to the report's period with its
//! icons in words and a table of its lines and signals, the statistical
//! forecast with its range, and where it stands among other councils.
//! Figures and statuses come from the core's assessment (`MeasureView`)
//! and the app's analytics (`outturn_app::statuses::{spc, forecast,
//! benchmark}`, as the measure page shows them); nothing here judges a figure.

use std::collections::HashMap;

use outturn_app::actor::Actor;
use outturn_app::statuses::benchmark::{CouncilBenchmarks, INCLUSION_RULE, MeasureBenchmark, council_benchmarks};
use outturn_app::statuses::forecast::{MeasureForecast, forecast_of};
use outturn_app::statuses::spc::{MeasureSeries, measure_series};
use outturn_core::benchmark::QUANTILE_METHOD;
use outturn_core::forecast::Basis;
use outturn_core::spc::{Analysis, AssuranceIcon, Rule, Settings as SpcSettings, Variation};
use outturn_core::status::amber_band;
use outturn_core::{AsOf, Decimal, Frequency, Measure, MeasureCode, MeasureHistory, MeasureView, Period, Polarity};
use outturn_core::{StatusLabels, Unit};
use outturn_store::{Forecast, Store};

use outturn_app::statuses::status_report::MeasureStatus;

use crate::ReportError;
use crate::chart::{ChartPoint, short_label};
use crate::common::Facts;
use crate::model::{Builder, Chart, SpcChart, Table, Text, plain};
use crate::spc_chart::{SpcChartInput, spc_chart, spc_description};

/// What the spotlights show beyond the period's own figures, read once
/// for a report: each spotlit measure's SPC chart (where it has the
/// results for one) and the council's comparisons with other councils.
#[derive(Debug, Default)]
pub(crate) struct Analytics {
    /// By measure code: the series to the report's period as recorded at
    /// the report's date, and its analysis.
    pub spc: HashMap<String, (MeasureSeries, Analysis)>,
    /// None when the council has no comparison groups.
    pub benchmarks: Option<CouncilBenchmarks>,
    /// Officers' overrides of year-end forecasts: the risk to a target is
    /// judged on the officer's forecast, as on the measure page.
    pub overrides: Vec<outturn_store::ForecastOverride>,
}

/// Reads the analytics of the report's Red and Amber measures. A measure
/// with fewer than two results to the period is not read again (a council
/// with one quarter's figures costs one query, for its comparisons).
pub(crate) async fn analytics(store: &dyn Store, actor: &Actor, facts: &Facts) -> Result<Analytics, ReportError> {
    let (period, at, slug) = (facts.status.period, facts.as_of(), &facts.council.slug);
    let mut spc = HashMap::new();
    for m in facts.status.measures.iter().filter(|m| m.status.needs_commentary()) {
        let (Some(measure), Some(history)) =
            (facts.council.measures.iter().find(|d| d.code.as_str() == m.code), facts.histories.get(&m.code))
        else {
            continue;
        };
        if results_to(measure, history, period, at).count() < 2 {
            continue;
        }
        let Ok(code) = MeasureCode::parse(&m.code) else { continue };
        let series = measure_series(store, actor, slug, &code, None, Some(period), at).await?;
        // The measure page's chart: MDC's default settings, the recorded process changes.
        if let Ok(analysis) = series.chart().analyse(&SpcSettings::default()) {
            spc.insert(m.code.clone(), (series, analysis));
        }
    }
    let compared = council_benchmarks(store, actor, slug, Some(period)).await?;
    let overrides = store.forecast_overrides(slug).await?;
    Ok(Analytics { spc, benchmarks: compared.comparison.is_some().then_some(compared), overrides })
}

/// The measure's results of its own frequency to the end of `period`, as recorded at `at`.
fn results_to<'a>(
    measure: &'a Measure,
    history: &'a MeasureHistory,
    period: Period,
    at: AsOf,
) -> impl Iterator<Item = &'a outturn_core::ResultEntry> + Clone + 'a {
    history.results.iter().filter(move |e| {
        at.knows(e.recorded_at)
            && e.period.frequency() == measure.frequency
            && e.period.last_month() <= period.last_month()
    })
}

/// Adds the spotlight's forecast table and its chart of the year's figures,
/// where there are any, then its SPC chart, statistical forecast and
/// comparisons, where it has them.
pub(crate) fn figures(b: &mut Builder, facts: &Facts, m: &MeasureStatus) {
    let (Some(measure), Some(history)) =
        (facts.council.measures.iter().find(|d| d.code.as_str() == m.code), facts.histories.get(&m.code))
    else {
        return;
    };
    let (period, as_of) = (facts.status.period, facts.as_of());
    if let Some(table) = forecast_table(measure, history, &facts.forecasts, period, as_of) {
        b.table(table);
    }
    if let Some(chart) = series_chart(measure, history, period, as_of, &facts.status.labels) {
        b.chart(chart);
    }
    // The forecast from the results to the report's period, as the measure
    // page makes it from the latest: only where there are results enough.
    let forecast = (results_to(measure, history, period, as_of).count() >= 2).then(|| {
        let view = MeasureView::new(measure, history, as_of);
        let results: Vec<_> = results_to(measure, history, period, as_of).cloned().collect();
        forecast_of(measure, &view, &results, as_of).with_overrides(&view, &facts.analytics.overrides, as_of)
    });
    if let Some((series, analysis)) = facts.analytics.spc.get(&m.code)
        && let Some(chart) = spc_figure(series, analysis, forecast.as_ref())
    {
        b.spc_chart(chart);
    }
    if let Some(table) = forecast.as_ref().and_then(statistical_forecast_table) {
        b.table(table);
    }
    let compared = facts.analytics.benchmarks.as_ref().and_then(|all| all.of(&measure.code));
    if let Some(table) = compared.and_then(benchmark_table) {
        b.table(table);
    }
}

/// "spc-bv66a": a measure's code as an id.
fn id_of(prefix: &str, measure: &Measure) -> String {
    format!(
        "{prefix}-{}",
        measure.code.as_str().to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    )
}

/// "April 2020 to September 2026": from the first month of one period to
/// the last of another (one period's own words when they are the same).
fn span_words(first: Period, last: Period) -> String {
    if first == last {
        first.describe()
    } else {
        format!("{} to {}", Period::Month(first.first_month()).describe(), Period::Month(last.last_month()).describe())
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The measure's SPC chart over its history to the report's period (with
/// the forecast after it), as its page draws it, with the icons' meaning
/// and a table of its lines and signals.
fn spc_figure(series: &MeasureSeries, a: &Analysis, forecast: Option<&MeasureForecast>) -> Option<SpcChart> {
    let m = &series.measure;
    let periods = &series.periods;
    let (first, last) = (periods.first()?.period, periods.last()?.period);
    let id = id_of("spc", m);
    let drawn_title = format!("{} {}", m.code, m.title);
    let input = SpcChartInput {
        id: &id,
        title: &drawn_title,
        unit: m.unit,
        decimals: m.decimals,
        points: periods.iter().map(|p| (p.period, p.value)).collect(),
        analysis: Some(a),
        target: series.target.as_ref().map(|t| t.value),
        // The steps after the last period charted, as the page draws them.
        forecast: match forecast.map(|f| (&f.forecast, &f.ahead)) {
            Some((Ok(f), ahead)) => f
                .steps
                .iter()
                .zip(ahead)
                .filter(|(_, p)| **p > last)
                .map(|(s, p)| (*p, s.value, s.lower, s.upper))
                .collect(),
            _ => Vec::new(),
        },
    };
    let svg = spc_chart(&input)?;
    let description = spc_description(&input)?;
    // Lines to one place more than the measure's figures, at least two, as the page gives them.
    let places = m.decimals.saturating_add(1).max(2);
    let line = |v: Decimal| {
        if m.unit == Unit::Text { Unit::Count.format(v, places) } else { m.unit.format(v, places) }
    };
    let l = &a.limits;
    let latest = match a.segments.as_slice() {
        [.., latest] if a.segments.len() > 1 => {
            format!(
                " (the latest segment, from {})",
                Period::Month(periods[latest.start].period.first_month()).describe()
            )
        }
        _ => String::new(),
    };
    let with_value = series.periods.iter().filter(|p| p.value.is_some()).count();
    let frequency = match m.frequency {
        Frequency::Monthly => "monthly",
        Frequency::Quarterly => "quarterly",
        Frequency::Annual => "annual",
    };
    let mut charted = format!("{}, {frequency}: {}", span_words(first, last), plural(with_value, "result", "results"));
    if with_value < periods.len() {
        charted.push_str(&format!(", {} with none", plural(periods.len() - with_value, "period", "periods")));
    }
    let mut rows = vec![
        vec!["Periods charted".to_string(), charted],
        vec!["Variation (latest point)".to_string(), a.variation_icon.description().to_string()],
        vec![
            "Assurance".to_string(),
            a.assurance_icon
                .map_or_else(|| AssuranceIcon::none_description(a.target), AssuranceIcon::description)
                .to_string(),
        ],
        vec!["Mean".to_string(), format!("{}{latest}", line(l.mean))],
        vec![
            "Process limits".to_string(),
            format!(
                "{} to {}{}",
                line(l.lower_limit),
                line(l.upper_limit),
                if l.trial { " (trial limits: fewer than 13 values, they will move as results arrive)" } else { "" }
            ),
        ],
        vec!["Two-sigma lines".to_string(), format!("{} to {}", line(l.lower_two_sigma), line(l.upper_two_sigma))],
        vec![
            "Target".to_string(),
            match (&series.target, &series.target_note) {
                (Some(t), _) => format!("{} (the measure's target for {})", m.format_figure(t.value), t.set_for),
                (None, Some(note)) => format!("None used: {note}"),
                (None, None) => "None".to_string(),
            },
        ],
        vec!["Special cause variation".to_string(), special_causes(series, a)],
    ];
    let changes: Vec<String> = series
        .process_changes
        .iter()
        .filter(|c| c.period <= last)
        .map(|c| {
            let effect = match series.unused_because(c) {
                None => "new limits start here".to_string(),
                Some(why) => format!("no new limits: {why}"),
            };
            format!("{}: {} ({effect})", c.period.describe(), c.reason)
        })
        .collect();
    if !changes.is_empty() {
        rows.push(vec!["Process changes".to_string(), changes.join("; ")]);
    }
    let title = format!("{}: {}, statistical process control chart, {}", m.code, m.title, span_words(first, last));
    Some(SpcChart {
        id,
        svg,
        description,
        variation: a.variation_icon,
        variation_words: format!("Variation: {}", a.variation_icon.label()),
        assurance: a.assurance_icon,
        assurance_words: format!("Assurance: {}", a.assurance_icon.map_or("none", AssuranceIcon::label)),
        table: Table {
            caption: format!("{}: what the SPC chart shows", m.code),
            columns: vec!["Part of the chart".into(), "As charted".into()],
            row_headers: true,
            rows,
            notes: vec![],
        },
        title,
    })
}

/// The runs of special cause points, latest first at most six: "April to
/// September 2026: concern (shift, two of three)".
fn special_causes(series: &MeasureSeries, a: &Analysis) -> String {
    // Runs of consecutive points of the same special cause variation.
    let mut runs: Vec<(usize, usize, Variation, Vec<Rule>)> = Vec::new();
    for (i, p) in a.points.iter().enumerate() {
        let Some(v) = p.variation.filter(|v| v.is_special_cause() && p.value.is_some()) else { continue };
        match runs.last_mut() {
            Some((_, end, kind, rules)) if *end + 1 == i && *kind == v => {
                *end = i;
                rules.extend(p.special_cause.iter().copied());
            }
            _ => runs.push((i, i, v, p.special_cause.clone())),
        }
    }
    if runs.is_empty() {
        return "None: every point is common cause variation".to_string();
    }
    const SHOWN: usize = 6;
    let earlier = runs.len().saturating_sub(SHOWN);
    let mut words: Vec<String> = runs
        .iter()
        .skip(earlier)
        .rev()
        .map(|(start, end, kind, rules)| {
            let mut rules = rules.clone();
            rules.sort_unstable();
            rules.dedup();
            let rules: Vec<String> = rules.iter().map(|r| r.label().to_lowercase()).collect();
            format!(
                "{}: {} ({})",
                span_words(series.periods[*start].period, series.periods[*end].period),
                kind.label().to_lowercase(),
                rules.join(", ")
            )
        })
        .collect();
    if earlier > 0 {
        words.push(format!("and {} before", plural(earlier, "run", "runs")));
    }
    words.join("; ")
}

/// The forecast from the measure's results, as its page gives it: the next
/// period and the year-end outturn with their ranges, the year's target,
/// the method, and the warning when the outturn is forecast to miss it.
/// None when no forecast could be made.
fn statistical_forecast_table(f: &MeasureForecast) -> Option<Table> {
    let chosen = f.forecast.as_ref().ok()?;
    let m = &f.measure;
    let figure = |v: Decimal| m.format_figure(v);
    let level = format!("{}%", (chosen.interval * Decimal::ONE_HUNDRED).normalize());
    let mut rows = Vec::new();
    if let (Some(step), Some(next)) = (chosen.steps.first(), f.ahead.first()) {
        rows.push(vec![
            format!("Next period: {}", next.describe()),
            figure(step.value),
            format!("{} to {} ({level} interval)", figure(step.lower), figure(step.upper)),
        ]);
    }
    let mut notes: Vec<Text> = Vec::new();
    match &f.year_end {
        Some(Ok(o)) if o.basis == Basis::Actual => {
            rows.push(vec![format!("Year-end outturn: {}", o.year), figure(o.value), "Actual outturn".to_string()]);
        }
        Some(Ok(o)) => rows.push(vec![
            format!("Year-end outturn: {}", o.year),
            figure(o.value),
            format!(
                "{} to {} (from the {level} intervals of the {} forecast)",
                figure(o.lower),
                figure(o.upper),
                plural(o.forecast_periods.len(), "period", "periods")
            ),
        ]),
        Some(Err(why)) => notes.push(plain(format!("No year-end outturn is forecast: {why}."))),
        None => {}
    }
    if let Some(o) = &f.officer_forecast {
        rows.push(vec![
            format!("Officer's forecast: {}", o.year),
            figure(o.value),
            format!("{} ({}, {})", o.reason, o.recorded_by, o.recorded_at.strftime("%-d %B %Y")),
        ]);
    }
    if let Some(t) = &f.year_target {
        rows.push(vec![format!("Year-end target: {}", t.set_for), figure(t.value), "–".to_string()]);
    }
    if rows.is_empty() {
        return None;
    }
    if let Some(warning) = f.warning() {
        notes.insert(0, plain(format!("{warning}.")));
    }
    notes.push(plain(format!("Method: {}.", chosen.method.describe())));
    let to = f.last.map(|p| Period::Month(p.last_month()).describe()).unwrap_or_default();
    Some(Table {
        caption: format!("{}: statistical forecast from the results to {to}", m.code),
        columns: vec!["Forecast".into(), "Figure".into(), "Range".into()],
        row_headers: true,
        rows,
        notes,
    })
}

/// Where the measure stands in each of the council's comparison groups, as
/// its page gives it: position (quartile and rank), the median and the top
/// quartile with the gaps to them, and the direction of travel since the
/// year before. None when no group has a figure.
fn benchmark_table(b: &MeasureBenchmark) -> Option<Table> {
    let polarity = b.polarity();
    let rows: Vec<Vec<String>> = b
        .groups
        .iter()
        .filter_map(|g| {
            let r = &g.benchmark;
            let q = r.quartiles?;
            let (position, median, top) = match &r.position {
                Some(p) => (
                    format!("{}: {}, {}", b.figure(p.value), p.quartile.label(polarity), p.rank.describe(polarity)),
                    format!("{}: {} it", b.figure(q.median), b.gap_words(p.gap_to_median)),
                    format!("{}: {} it", b.figure(q.top_boundary(polarity)), b.gap_words(p.gap_to_top_quartile)),
                ),
                None => (format!("No figure for {}", b.period), b.figure(q.median), b.figure(q.top_boundary(polarity))),
            };
            Some(vec![
                format!("{} ({} with a figure)", g.name, plural(r.compared, "area", "areas")),
                position,
                median,
                top,
                format!(
                    "The council {}; the median {}",
                    b.travel_words(r.council_travel, r.last_year.council),
                    b.travel_words(r.median_travel, r.last_year.median)
                ),
            ])
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let top = if polarity == Polarity::None { "Upper quartile" } else { "Top quartile from" };
    Some(Table {
        caption: format!(
            "{}: compared with other councils, {} figures from the comparator data as loaded now",
            b.measure.code, b.period
        ),
        columns: vec![
            "Comparison group".into(),
            "Position".into(),
            "Median".into(),
            top.into(),
            format!("Since {}", b.last_year),
        ],
        row_headers: true,
        rows,
        notes: vec![plain(format!(
            "Metric {}; {} is area {}. Method: {QUANTILE_METHOD}; {INCLUSION_RULE}.",
            b.metric,
            b.area_name(&b.area_code),
            b.area_code
        ))],
    })
}

/// The forecasts for the measure in the report's financial year, with the
/// target in force for each forecast's period; None when there are none.
pub(crate) fn forecast_table(
    measure: &Measure,
    history: &MeasureHistory,
    forecasts: &[Forecast],
    period: Period,
    as_of: AsOf,
) -> Option<Table> {
    let view = MeasureView::new(measure, history, as_of);
    let mut given: Vec<(Period, outturn_core::Decimal)> = forecasts
        .iter()
        .filter(|f| f.measure == measure.code && f.period.financial_year() == period.financial_year())
        .map(|f| (f.period, f.value))
        .collect();
    // The year-end forecast the owner gave with the period's figure, unless
    // the report's own forecasts give one for the year.
    let year = Period::Year(period.financial_year());
    if let Some(year_end) = period.last_of(measure.frequency).and_then(|p| view.year_end(p))
        && !given.iter().any(|(p, _)| *p == year)
    {
        given.push((year, year_end.forecast));
    }
    let mut borrowed = Vec::new();
    let rows: Vec<Vec<String>> = given
        .into_iter()
        .map(|(forecast, value)| {
            let target = view.forecast_target(forecast, period);
            let own =
                [Some(forecast), forecast.last_of(measure.frequency), Some(Period::Year(forecast.financial_year()))];
            if let Some(t) = target.filter(|t| !own.contains(&Some(t.period))) {
                borrowed.push((forecast, t.period));
            }
            vec![
                format!("{}: {} ({})", measure.code, measure.title, forecast.describe()),
                target.map_or_else(|| "No target".to_string(), |t| measure.format_figure(t.value)),
                measure.format_figure(value),
            ]
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    // Where no target is set for the forecast's own period, say whose target it is.
    let notes = borrowed
        .into_iter()
        .map(|(forecast, set)| {
            plain(format!(
                "The target shown is the {} target: no target is set for {}.",
                crate::common::figure_month(set),
                crate::common::figure_month(forecast)
            ))
        })
        .collect();
    Some(Table {
        caption: format!("Forecast for {}", measure.code),
        columns: vec!["Measure".into(), "Target".into(), "Forecast".into()],
        row_headers: true,
        rows,
        notes,
    })
}

/// The year's figures up to the report's period against target, each period
/// marked by its status; None when the measure has no period in the year yet.
pub(crate) fn series_chart(
    measure: &Measure,
    history: &MeasureHistory,
    period: Period,
    as_of: AsOf,
    labels: &StatusLabels,
) -> Option<Chart> {
    let view = MeasureView::new(measure, history, as_of);
    let show = |d: Option<outturn_core::Decimal>| d.map_or_else(|| "–".to_string(), |v| measure.format_figure(v));
    let assessed: Vec<_> = period
        .year_to_date_periods(measure.frequency)
        .into_iter()
        .filter_map(|p| view.assess(p).map(|a| (p, a)))
        .collect();
    if assessed.iter().all(|(_, a)| a.figure.is_none()) {
        return None;
    }
    let points = assessed
        .iter()
        .map(|(p, a)| ChartPoint {
            label: short_label(*p),
            figure: a.figure,
            figure_text: show(a.figure),
            target: a.target,
            band: a.target.and_then(|t| amber_band(measure, a.rule, t)),
            status: a.status,
        })
        .collect();
    let rows = assessed
        .iter()
        .map(|(p, a)| {
            vec![measure.describe_figure(*p), show(a.figure), show(a.target), labels.label(a.status).to_string()]
        })
        .collect();
    let title = format!("{}: {} against target, {}", measure.code, measure.title, period.financial_year());
    Some(Chart {
        id: id_of("chart", measure),
        table: Table {
            caption: format!("{title}, period by period"),
            columns: vec!["Period".into(), "Result (year to date)".into(), "Target".into(), "Status".into()],
            row_headers: true,
            rows,
            notes: vec![],
        },
        title,
        points,
        unit: measure.unit,
        labels: labels.clone(),
    })
}
