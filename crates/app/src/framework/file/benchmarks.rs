//! The benchmarks CSV a framework names (`[data] benchmarks`): comparator
//! data in LG Inform's shape, one value per metric, area and period.
//! Columns, all required in the header: `metric_id, area_code, area_name,
//! period, value`; an empty `value` is no data for that area (kept as
//! missing, never read as zero). Each problem names the file, line and
//! column. See docs/benchmarking.md.

use std::collections::HashMap;

use outturn_core::Period;
use outturn_store::BenchmarkValue;

use super::csv_data::{self, RowSource, period, read_rows, required};
use super::definitions::parse_decimal;
use super::problem::Problems;

pub const BENCHMARK_COLUMNS: &[&str] = &["metric_id", "area_code", "area_name", "period", "value"];

/// An area code or a metric id as the comparator data writes it ("E07000243",
/// "1234"), or why it cannot be one.
pub(super) fn identifier(text: &str, what: &str) -> Result<String, String> {
    let t = text.trim();
    let ok = (1..=40).contains(&t.chars().count())
        && t.chars().all(|c| {
            !c.is_whitespace() && !c.is_control() && !outturn_core::text::is_invisible(c) && c != ',' && c != '"'
        });
    if ok {
        Ok(t.to_string())
    } else {
        Err(format!(
            "\"{}\" is not {what}: write 1 to 40 characters with no spaces or commas (such as E07000243 or 1234)",
            outturn_core::text::show_invisible(t)
        ))
    }
}

pub(super) fn read_benchmarks(problems: &mut Problems, source: RowSource) -> Vec<BenchmarkValue> {
    let mut values: Vec<BenchmarkValue> = Vec::new();
    // The line that first gave each metric, area and period.
    let mut seen: HashMap<(String, String, Period), usize> = HashMap::new();
    read_rows(problems, source, BENCHMARK_COLUMNS, BENCHMARK_COLUMNS, |problems, row: csv_data::Row| {
        let cell = |problems: &mut Problems, column: &str, what: &str| {
            required(problems, &row, column)
                .and_then(|t| identifier(t, what).map_err(|e| row.problem(problems, column, e)).ok())
        };
        let metric = cell(problems, "metric_id", "a metric id");
        let area = cell(problems, "area_code", "an area code");
        let area_name = required(problems, &row, "area_name").map(str::to_string);
        let period = period(problems, &row);
        let value = match row.get("value") {
            None => Ok(None),
            Some(text) => parse_decimal(text).map(Some).map_err(|e| {
                row.problem(problems, "value", format!("{e} (leave the cell empty where the data has no value)"))
            }),
        };
        let (Some(metric), Some(area_code), Some(area_name), Some(period), Ok(value)) =
            (metric, area, area_name, period, value)
        else {
            return;
        };
        let key = (metric.clone(), area_code.clone(), period);
        if let Some(first) = seen.get(&key) {
            return row.problem(
                problems,
                "period",
                format!(
                    "metric {metric} for area {area_code} in {period} is also given on line {first}: \
                     give one value per metric, area and period"
                ),
            );
        }
        seen.insert(key, row.line());
        values.push(BenchmarkValue { metric, area_code, area_name, period, value });
    });
    values
}
