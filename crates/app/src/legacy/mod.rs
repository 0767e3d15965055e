//! Backfill from past committee papers: find the measure result lines in the
//! text of a published performance report, and load them as results and
//! targets "as reported in" that paper.
//!
//! - [`extract`] (`extract.rs`) finds where a measure line starts, gathers the
//!   lines of text it was wrapped over and hands the statement to
//!   `phrasing.rs`, which reads code, title, period phrases, target and result
//!   by the grammar documented there; `period_phrase.rs` reads the period
//!   phrases and `figure.rs` the numbers.
//! - [`import_legacy`] (`import.rs`) matches the lines to a council's measures
//!   by code and appends what the store does not already hold, all or nothing.
//!
//! The parser is written from the grammar of such lines, not from one paper:
//! see `phrasing.rs` for what it accepts and what it does not.

mod extract;
mod figure;
mod import;
mod period_phrase;
mod phrasing;

use outturn_core::{Decimal, Month, Period, Unit};

pub use extract::extract;
pub(crate) use import::problems_message;
pub use import::{LegacyImport, LineProblem, Unmatched, import_legacy};

/// One measure result line found in a paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyLine {
    /// The code exactly as printed (case and punctuation kept).
    pub code: String,
    pub title: String,
    /// A status printed after the title, such as "(amber)", taken out of the title.
    pub reported_status: Option<String>,
    /// The period the figures are for; `None` when the line names none.
    pub period: Option<LegacyPeriod>,
    /// The target's own period, only when the paper gives the target for a
    /// different period than the result ("2020/21 target 60, April to
    /// September 2020 achieved 12").
    pub target_period: Option<LegacyPeriod>,
    pub target: Option<Decimal>,
    pub result: Option<Decimal>,
    /// Why there is no result, in the paper's words ("unable to report due to ...").
    pub unavailable: Option<String>,
    pub unit: Unit,
    /// Whether a figure carried its unit (`%`, `£`, `p`, `days`, `per 1,000`);
    /// otherwise the unit is inferred from the numbers (score or count).
    pub unit_marked: bool,
    /// The 1-based line of the text where the measure line starts.
    pub source_line: usize,
    /// The lines of text the measure line was printed on, as printed.
    pub source_text: String,
}

/// A period as a paper prints it, with the period it names.
///
/// - "September 2020" is the month 2020-09.
/// - A range from April ("April 2020 to September 2020", "April to September
///   2020") is the year to date: `period` is its last month (2020-09) and
///   `year_to_date` is true; April to March is the financial year, also with
///   `year_to_date` true.
/// - A range that is exactly a quarter ("July to September 2020") is that
///   quarter (2020/21-Q2), as are "Q2 2020/21" and "Quarter 2 2020/21".
/// - "2019/20" (or "2019-20", "2019/2020") is the financial year.
/// - Any other range ("October 2019 to September 2020") is its last month,
///   with `from` holding its first month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyPeriod {
    /// As printed, with any words around it that were read ("as at", "(YTD)").
    pub text: String,
    pub period: Period,
    /// The figure runs from April, the start of the financial year, to the
    /// end of `period`.
    pub year_to_date: bool,
    /// The first month of a range that is neither a quarter, a year nor a year to date.
    pub from: Option<Month>,
}

impl LegacyPeriod {
    /// The first month the figure covers. A single month ("September 2020")
    /// covers that month: what a point in time means for a measure is decided
    /// when it is imported, by the measure's rule.
    pub fn first_month(&self) -> Month {
        if self.year_to_date {
            Period::Year(self.period.financial_year()).first_month()
        } else {
            self.from.unwrap_or_else(|| self.period.first_month())
        }
    }
    pub fn last_month(&self) -> Month {
        self.period.last_month()
    }
    /// A single month named on its own, such as "September 2020".
    pub fn is_single_month(&self) -> bool {
        matches!(self.period, Period::Month(_)) && !self.year_to_date && self.from.is_none()
    }
}
