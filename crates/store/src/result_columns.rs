//! A result as the columns of the `results` table it is written to, decided
//! once here for both backends (`write::insert_results`).

use jiff::Timestamp;
use outturn_core::{ResultEntry, ResultValue};
use rust_decimal::Decimal;

/// One result and the id of its measure's row.
pub(crate) struct ResultColumns<'a> {
    pub measure_id: i64,
    pub entry: &'a ResultEntry,
}

impl ResultColumns<'_> {
    /// The financial year the period falls in, by its first calendar year.
    pub fn financial_year(&self) -> i32 {
        i32::from(self.entry.period.financial_year().start_year())
    }

    /// `figure`, `missing` or `narrative`.
    pub fn kind(&self) -> &'static str {
        match self.entry.value {
            ResultValue::Figure(_) => "figure",
            ResultValue::Missing { .. } => "missing",
            ResultValue::Narrative => "narrative",
        }
    }

    /// The value, numerator and denominator (a figure's only) and whether
    /// the value is already the year to date.
    pub fn figures(&self) -> (Option<Decimal>, Option<Decimal>, Option<Decimal>, bool) {
        match &self.entry.value {
            ResultValue::Figure(f) => (Some(f.value), f.numerator, f.denominator, f.cumulative),
            _ => (None, None, None, false),
        }
    }

    /// Why the result is missing (a missing result's only).
    pub fn missing_reason(&self) -> Option<&str> {
        match &self.entry.value {
            ResultValue::Missing { reason } => Some(reason),
            _ => None,
        }
    }

    pub fn recorded_at(&self) -> Timestamp {
        self.entry.recorded_at
    }
}
