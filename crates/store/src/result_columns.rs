//! A result as the columns of its row in `results`, decided once for both
//! backends' inserts (each writes them its own fastest way).

use jiff::Timestamp;
use outturn_core::{ResultEntry, ResultValue};

use crate::codec;

/// The columns after `measure_id`, in the order of [`COLUMNS`].
pub(crate) struct ResultColumns<'a> {
    pub period: String,
    pub financial_year: i32,
    pub kind: &'static str,
    pub value: Option<String>,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    pub cumulative: bool,
    pub missing_reason: Option<&'a str>,
    pub commentary: Option<&'a str>,
    pub recorded_by: &'a str,
}

/// The `results` columns an insert names, `measure_id` first and `recorded_at` before `recorded_by`.
pub(crate) const COLUMNS: &str = "measure_id, period, financial_year, kind, value, numerator, denominator, \
     cumulative, missing_reason, commentary, recorded_at, recorded_by";

impl<'a> ResultColumns<'a> {
    pub(crate) fn of(result: &'a ResultEntry) -> Self {
        let decimal = |d: Option<outturn_core::Decimal>| d.map(|d| d.to_string());
        let (kind, value, numerator, denominator, cumulative, missing_reason) = match &result.value {
            ResultValue::Figure(f) => {
                ("figure", decimal(Some(f.value)), decimal(f.numerator), decimal(f.denominator), f.cumulative, None)
            }
            ResultValue::Missing { reason } => ("missing", None, None, None, false, Some(reason.as_str())),
            ResultValue::Narrative => ("narrative", None, None, None, false, None),
        };
        ResultColumns {
            period: result.period.to_string(),
            financial_year: i32::from(result.period.financial_year().start_year()),
            kind,
            value,
            numerator,
            denominator,
            cumulative,
            missing_reason,
            commentary: result.commentary.as_deref(),
            recorded_by: &result.recorded_by,
        }
    }
}

/// The text of the last time of recording written: an import's rows mostly
/// share one, so it is formatted once per run of rows.
#[derive(Default)]
pub(crate) struct RecordedAt(Option<(Timestamp, String)>);

impl RecordedAt {
    pub(crate) fn text(&mut self, at: Timestamp) -> &str {
        if self.0.as_ref().is_none_or(|(known, _)| *known != at) {
            self.0 = Some((at, codec::timestamp_text(at)));
        }
        self.0.as_ref().map_or("", |(_, text)| text)
    }
}
