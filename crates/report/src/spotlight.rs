//! What a spotlight on a Red or Amber measure shows beyond its line and
//! commentary: the forecasts given for the year (measure, target, forecast)
//! and the period-by-period series against target as a chart with its table.
//! Figures and statuses come from the core's assessment (`MeasureView`);
//! nothing here judges a figure.

use outturn_core::status::amber_band;
use outturn_core::{AsOf, Measure, MeasureHistory, MeasureView, Period, StatusLabels};
use outturn_store::Forecast;

use outturn_app::statuses::status_report::MeasureStatus;

use crate::chart::{ChartPoint, short_label};
use crate::common::Facts;
use crate::model::{Builder, Chart, Table, plain};

/// Adds the spotlight's forecast table and its chart of the year's figures, where there are any.
pub(crate) fn figures(b: &mut Builder, facts: &Facts, m: &MeasureStatus) {
    let (Some(measure), Some(history)) =
        (facts.council.measures.iter().find(|d| d.code.as_str() == m.code), facts.histories.get(&m.code))
    else {
        return;
    };
    let as_of = facts.as_of();
    if let Some(table) = forecast_table(measure, history, &facts.forecasts, facts.status.period, as_of) {
        b.table(table);
    }
    if let Some(chart) = series_chart(measure, history, facts.status.period, as_of, &facts.status.labels) {
        b.chart(chart);
    }
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
        id: format!(
            "chart-{}",
            measure.code.as_str().to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        ),
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
