//! Use cases: what comes out for other tools. The open-data table of results
//! (one row per measure and period, with the status the core assesses), and
//! a council's results or targets as the CSV files `outturn import` reads,
//! every recording kept, so an export imported into a database with the same
//! framework gives the same figures and statuses.

use outturn_core::Key;
use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_core::as_of::AsOf;
use outturn_core::result::as_recorded;
use outturn_core::{Decimal, Frequency, Measure, Period, Polarity, ResultValue, Status, StatusRule, Unit, YtdRule};
use outturn_store::Store;
use serde::Serialize;

use crate::AppError;
use crate::framework::file::DataKind;
use crate::statuses::status_report::StatusReport;

/// The open-data columns, in order. Stable: other tools read them by name.
pub const OPEN_DATA_COLUMNS: &[&str] = &[
    "council",
    "measure_code",
    "measure_title",
    "period",
    "period_start",
    "period_end",
    "value",
    "unit",
    "target",
    "status",
    "recorded_at",
];

/// One measure's result for one of its periods, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenDataRow {
    pub council: String,
    pub measure_code: String,
    pub measure_title: String,
    /// The measure's own period (a quarter for a quarterly measure).
    pub period: Period,
    pub period_start: Date,
    pub period_end: Date,
    /// The figure the status is assessed on: year to date by the measure's
    /// rule, as committee reports give it; none when the result is Missing.
    pub value: Option<Decimal>,
    pub unit: String,
    pub target: Option<Decimal>,
    /// Written `green`, `amber`, `red`, `missing`, `no-target`, `information-only`.
    pub status: Status,
    /// When the result in force was recorded (the latest correction).
    pub recorded_at: Timestamp,
}

impl OpenDataRow {
    /// The row's cells in the order of [`OPEN_DATA_COLUMNS`].
    pub fn cells(&self) -> [String; 11] {
        let text = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
        [
            self.council.clone(),
            self.measure_code.clone(),
            self.measure_title.clone(),
            self.period.to_string(),
            self.period_start.to_string(),
            self.period_end.to_string(),
            text(self.value),
            self.unit.clone(),
            text(self.target),
            self.status.code().to_string(),
            self.recorded_at.to_string(),
        ]
    }
}

/// Every measure and period with a recorded result, with its status as
/// recorded now, in period order and the council's measure order within one.
pub async fn open_data(
    store: &dyn Store,
    actor: &crate::actor::Actor,
    council: &Key,
) -> Result<Vec<OpenDataRow>, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    let history = store.history(&council.slug).await?;
    let periods: BTreeSet<(i64, Period)> =
        history.measures.values().flat_map(|h| h.results.iter().map(|r| (r.period.sort_key(), r.period))).collect();
    let now = AsOf::now();
    let mut rows = Vec::new();
    for (_, period) in periods {
        let report = crate::statuses::status_report::assemble(store, &council, period, None).await?;
        for m in report.measures.iter().filter(|m| m.period == period) {
            let recorded = history
                .measures
                .iter()
                .find(|(code, _)| code.as_str() == m.code)
                .and_then(|(_, h)| as_recorded(&h.results, period, now))
                .map(|r| r.recorded_at);
            let Some(recorded_at) = recorded else { continue };
            rows.push(OpenDataRow {
                council: council.slug.to_string(),
                measure_code: m.code.clone(),
                measure_title: m.title.clone(),
                period,
                period_start: period.start_date(),
                period_end: period.end_date(),
                value: m.result,
                unit: m.unit.clone(),
                target: m.target,
                status: m.status,
                recorded_at,
            });
        }
    }
    Ok(rows)
}

/// Every result recording (corrections included, in the order recorded) or
/// every target revision of the council, as the CSV `outturn import` reads.
pub async fn data_csv(store: &dyn Store, council: &Key, kind: DataKind) -> Result<String, AppError> {
    Ok(data_table(store, council, kind).await?.to_csv())
}

/// The same rows as [`data_csv`], as a table to write in any format (an
/// .xlsx of it imports as the CSV does: its sheet is named for the kind).
pub async fn data_table(store: &dyn Store, council: &Key, kind: DataKind) -> Result<Table, AppError> {
    let council = crate::council(store, council).await?;
    if kind == DataKind::Measures {
        return Ok(measures_table(&council.measures));
    }
    let history = store.history(&council.slug).await?;
    let text = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut rows = Vec::new();
    for m in &council.measures {
        let Some(h) = history.measures.get(&m.code) else { continue };
        match kind {
            DataKind::Results => rows.extend(h.results.iter().map(|r| {
                let (figure, missing) = match &r.value {
                    ResultValue::Figure(f) => (Some(f), String::new()),
                    ResultValue::Missing { reason } => (None, reason.clone()),
                    ResultValue::Narrative => (None, String::new()),
                };
                vec![
                    r.measure.to_string(),
                    r.period.to_string(),
                    figure.map(|f| f.value.to_string()).unwrap_or_default(),
                    text(figure.and_then(|f| f.numerator)),
                    text(figure.and_then(|f| f.denominator)),
                    if figure.is_some_and(|f| f.cumulative) { "yes" } else { "" }.to_string(),
                    text(figure.and_then(|f| f.forecast)),
                    missing,
                    r.commentary.clone().unwrap_or_default(),
                    r.recorded_at.to_string(),
                    r.recorded_by.clone(),
                ]
            })),
            DataKind::Targets => rows.extend(h.targets.iter().map(|t| {
                vec![
                    t.measure.to_string(),
                    t.period.to_string(),
                    t.value.to_string(),
                    t.effective.to_string(),
                    t.reason.clone(),
                    t.author.clone(),
                    t.recorded_at.to_string(),
                ]
            })),
            DataKind::Measures => unreachable!("measures are tabled above"),
        }
    }
    Ok(Table {
        name: kind.name(),
        columns: kind.columns().to_vec(),
        numbers: &["value", "numerator", "denominator", "forecast", "target"],
        rows,
    })
}

/// The council's measure definitions, one row per measure, as the measures
/// CSV `outturn import` reads (so an export imports as "unchanged").
pub fn measures_table(measures: &[Measure]) -> Table {
    let rows = measures
        .iter()
        .map(|m| {
            let (unit, rate_per) = match m.unit {
                Unit::Rate { per } => ("rate".to_string(), per.to_string()),
                other => (other.name(), String::new()),
            };
            let (status, amber, beyond, green) = match (m.status_rule, m.status_rule.tolerance()) {
                (_, Some((t, beyond))) => {
                    (t.kind.code(), t.amber.to_string(), beyond.unwrap_or_default(), String::new())
                }
                (StatusRule::Banded(b), None) => (b.kind.code(), b.amber.to_string(), "", b.green.to_string()),
                (StatusRule::Threshold, None) => ("threshold", String::new(), "", String::new()),
                _ => ("none", String::new(), "", String::new()),
            };
            let ratio_scale = match m.ytd {
                YtdRule::Ratio { scale } => scale.to_string(),
                _ => String::new(),
            };
            let polarity = match m.polarity {
                Polarity::Higher => "higher",
                Polarity::Lower => "lower",
                Polarity::None => "none",
            };
            let frequency = match m.frequency {
                Frequency::Monthly => "monthly",
                Frequency::Quarterly => "quarterly",
                Frequency::Annual => "annual",
            };
            let period = |p: Option<Period>| p.map(|p| p.to_string()).unwrap_or_default();
            vec![
                m.code.to_string(),
                m.title.clone(),
                m.definition.clone().unwrap_or_default(),
                m.owner.to_string(),
                m.officer.clone().unwrap_or_default(),
                m.aligned.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("; "),
                m.tags.join("; "),
                unit,
                rate_per,
                m.decimals.to_string(),
                polarity.to_string(),
                frequency.to_string(),
                m.ytd.name().to_string(),
                ratio_scale,
                status.to_string(),
                amber,
                beyond.to_string(),
                period(m.active_from),
                period(m.retired_from),
                m.retired_reason.clone().unwrap_or_default(),
                green,
                match m.status_rule {
                    StatusRule::Banded(b) => b.exceeded.map(|e| e.to_string()).unwrap_or_default(),
                    _ => String::new(),
                },
            ]
        })
        .collect();
    Table {
        name: "measures",
        columns: DataKind::Measures.columns().to_vec(),
        numbers: &["rate_per", "decimals", "ratio_scale", "amber", "green", "exceeded"],
        rows,
    }
}

/// The statuses of a period, one row per measure due (what `outturn status
/// --format csv` prints and `outturn export` writes).
pub fn status_table(report: &StatusReport) -> Table {
    let text = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut table = Table {
        name: "statuses",
        columns: STATUS_COLUMNS.to_vec(),
        numbers: &["target", "result", "variance"],
        rows: report
            .measures
            .iter()
            .map(|m| {
                vec![
                    m.code.clone(),
                    m.title.clone(),
                    m.group.clone().unwrap_or_default(),
                    m.period.to_string(),
                    m.unit.clone(),
                    text(m.target),
                    text(m.result),
                    m.status.code().to_string(),
                    m.direction.code().to_string(),
                    m.direction_last_year.code().to_string(),
                    text(m.variance),
                    m.missing_reason.clone().unwrap_or_default(),
                    m.owner.clone(),
                    m.commentary.clone().unwrap_or_default(),
                    m.commentary_need.code().to_string(),
                ]
            })
            .collect(),
    };
    // A fictional council's figures carry its notice wherever a row is
    // copied to: a last column, in every row.
    if let Some(notice) = &report.council_notice {
        table.columns.push("notice");
        for row in &mut table.rows {
            row.push(notice.clone());
        }
    }
    table
}

/// The columns of [`status_table`], in order.
pub const STATUS_COLUMNS: &[&str] = &[
    "code",
    "title",
    "group",
    "period",
    "unit",
    "target",
    "result",
    "status",
    "direction",
    "direction_last_year",
    "variance",
    "missing_reason",
    "owner",
    "commentary",
    "commentary_need",
];

/// Rows of text under named columns, written as CSV, JSON or a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The sheet's name in a workbook.
    pub name: &'static str,
    pub columns: Vec<&'static str>,
    /// Columns whose cells are figures: numbers in a workbook.
    pub numbers: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail.
        crate::csv_cell::write_row(&mut w, &self.columns).expect("CSV in memory");
        for row in &self.rows {
            crate::csv_cell::write_row(&mut w, row).expect("CSV in memory");
        }
        String::from_utf8(w.into_inner().expect("CSV in memory")).expect("CSV of UTF-8 text is UTF-8")
    }

    /// An array of objects, one per row, keyed by column; empty cells are null.
    pub fn to_json(&self) -> serde_json::Value {
        let rows = self.rows.iter().map(|row| {
            let cells = self.columns.iter().zip(row).map(|(column, cell)| {
                let value = if cell.is_empty() { serde_json::Value::Null } else { cell.clone().into() };
                (column.to_string(), value)
            });
            serde_json::Value::Object(cells.collect())
        });
        serde_json::Value::Array(rows.collect())
    }

    /// A workbook of one sheet named for the table, the header in bold and
    /// frozen. A figure is a number cell when a number says it exactly (so
    /// Excel can sum it); otherwise, like every other cell, it is text.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, AppError> {
        let failed = |e: rust_xlsxwriter::XlsxError| AppError::Export(format!("cannot write the workbook: {e}"));
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet().set_name(self.name).map_err(failed)?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, column) in self.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *column, &bold).map_err(failed)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let exact = self.numbers.contains(&self.columns[c]).then(|| exact_number(cell)).flatten();
                match exact {
                    Some(number) => sheet.write_number(r, c as u16, number),
                    None if cell.is_empty() => continue,
                    None => sheet.write_string(r, c as u16, cell),
                }
                .map_err(failed)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
        workbook.save_to_buffer().map_err(failed)
    }
}

/// The cell's figure as a number, when reading the number back (as the
/// import does, shortest form) gives the same decimal.
fn exact_number(cell: &str) -> Option<f64> {
    let decimal: Decimal = cell.parse().ok()?;
    let number: f64 = cell.parse().ok()?;
    let back: Decimal = format!("{number}").parse().ok()?;
    (back == decimal).then_some(number)
}
