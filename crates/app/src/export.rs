//! Use cases: what comes out for other tools. The open-data table of results
//! (one row per measure and period, with the status the core assesses), and
//! a council's results or targets as the CSV files `outturn import` reads,
//! every recording kept, so an export imported into a database with the same
//! framework gives the same figures and statuses.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_core::as_of::AsOf;
use outturn_core::result::as_recorded;
use outturn_core::{Decimal, Period, ResultValue};
use outturn_store::Store;
use serde::Serialize;

use crate::AppError;
use crate::framework_file::{DataKind, RESULT_COLUMNS, TARGET_COLUMNS};
use crate::status_report::status_report;

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
    /// `green`, `amber`, `red`, `missing`, `no-target`, `information-only`.
    pub status: &'static str,
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
            self.status.to_string(),
            self.recorded_at.to_string(),
        ]
    }
}

/// Every measure and period with a recorded result, with its status as
/// recorded now, in period order and the council's measure order within one.
pub async fn open_data(store: &dyn Store, council: &str) -> Result<Vec<OpenDataRow>, AppError> {
    let council = crate::council(store, council).await?;
    let history = store.history(&council.slug).await?;
    let periods: BTreeSet<(i64, Period)> =
        history.measures.values().flat_map(|h| h.results.iter().map(|r| (r.period.sort_key(), r.period))).collect();
    let now = AsOf::now();
    let mut rows = Vec::new();
    for (_, period) in periods {
        let report = status_report(store, council.slug.as_str(), period, None).await?;
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
pub async fn data_csv(store: &dyn Store, council: &str, kind: DataKind) -> Result<String, AppError> {
    let council = crate::council(store, council).await?;
    let history = store.history(&council.slug).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let write = |w: &mut csv::Writer<Vec<u8>>, cells: &[String]| w.write_record(cells).expect("CSV in memory");
    match kind {
        DataKind::Results => {
            write(&mut w, &RESULT_COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>());
            for m in &council.measures {
                let Some(h) = history.measures.get(&m.code) else { continue };
                for r in &h.results {
                    let text = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
                    let (value, numerator, denominator, cumulative, missing) = match &r.value {
                        ResultValue::Figure(f) => (
                            f.value.to_string(),
                            text(f.numerator),
                            text(f.denominator),
                            if f.cumulative { "yes" } else { "" }.to_string(),
                            String::new(),
                        ),
                        ResultValue::Missing { reason } => {
                            (String::new(), String::new(), String::new(), String::new(), reason.clone())
                        }
                        ResultValue::Narrative => Default::default(),
                    };
                    write(
                        &mut w,
                        &[
                            r.measure.to_string(),
                            r.period.to_string(),
                            value,
                            numerator,
                            denominator,
                            cumulative,
                            missing,
                            r.commentary.clone().unwrap_or_default(),
                            r.recorded_at.to_string(),
                            r.recorded_by.clone(),
                        ],
                    );
                }
            }
        }
        DataKind::Targets => {
            write(&mut w, &TARGET_COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>());
            for m in &council.measures {
                let Some(h) = history.measures.get(&m.code) else { continue };
                for t in &h.targets {
                    write(
                        &mut w,
                        &[
                            t.measure.to_string(),
                            t.period.to_string(),
                            t.value.to_string(),
                            t.effective.to_string(),
                            t.reason.clone(),
                            t.author.clone(),
                            t.recorded_at.to_string(),
                        ],
                    );
                }
            }
        }
    }
    let bytes = w.into_inner().expect("CSV in memory");
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8"))
}
