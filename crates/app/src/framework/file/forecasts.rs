//! The forecasts CSV a framework names (`[data] forecasts`): a forecast
//! figure per measure and period, such as the year-end outturn expected,
//! shown in a Red or Amber measure's spotlight beside its target. Columns:
//! `measure, period, forecast`; each problem names the file, line and column.

use std::collections::HashSet;

use outturn_core::{MeasureCode, Period};
use outturn_store::Forecast;

use super::csv_data::{self, Known, RowSource, measure, period, read_rows, required};
use super::definitions::parse_decimal;
use super::problem::Problems;

pub const FORECAST_COLUMNS: &[&str] = &["measure", "period", "forecast"];

pub(super) fn read_forecasts(problems: &mut Problems, source: RowSource, known: Known) -> Vec<Forecast> {
    let mut forecasts: Vec<Forecast> = Vec::new();
    let mut seen: HashSet<(MeasureCode, Period)> = HashSet::new();
    read_rows(problems, source, FORECAST_COLUMNS, FORECAST_COLUMNS, |problems, row: csv_data::Row| {
        let measure = measure(problems, &row, known);
        let period = period(problems, &row);
        let value = required(problems, &row, "forecast")
            .and_then(|t| parse_decimal(t).map_err(|e| row.problem(problems, "forecast", e)).ok());
        let (Some(m), Some(period), Some(value)) = (measure, period, value) else { return };
        if !seen.insert((m.code.clone(), period)) {
            return row.problem(
                problems,
                "period",
                format!("{} {period} is given a forecast twice: give one forecast per measure and period", m.code),
            );
        }
        forecasts.push(Forecast { measure: m.code.clone(), period, value });
    });
    forecasts
}
