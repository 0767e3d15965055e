//! Collection rounds, sign-off and publishing: what the store keeps of the
//! quarterly cycle (the rules are in `outturn_core::sign_off` and the app).

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_core::{Key, MeasureCode, Period, SignOffStep};

/// A council's call for a period's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub council: Key,
    pub period: Period,
    /// Data owners enter their results by the end of this day.
    pub entry_deadline: Date,
    /// Directors sign off by the end of this day.
    pub sign_off_deadline: Date,
    pub opened_at: Timestamp,
    pub opened_by: String,
    pub closed_at: Option<Timestamp>,
    pub closed_by: Option<String>,
}

/// A sign-off step taken for one business unit and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOffEvent {
    pub council: Key,
    pub period: Period,
    /// The business unit (the node that owns the measures).
    pub node: Key,
    pub step: SignOffStep,
    /// Why it was reopened.
    pub reason: Option<String>,
    pub at: Timestamp,
    pub by: String,
}

/// A performance officer's record that a measure's Red or Amber result for a
/// period needs no commentary, and why (see `outturn_core::commentary`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentaryWaiver {
    pub council: Key,
    pub measure: MeasureCode,
    /// The measure's own period the result is for.
    pub period: Period,
    pub reason: String,
    pub recorded_at: Timestamp,
    pub recorded_by: String,
}

/// One rendered file of a published report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFile {
    /// `html`, `md`, `docx`, `pdf`, `xlsx`.
    pub format: String,
    pub file_name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// A report to publish: stored whole, in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPublication {
    pub council: Key,
    /// `quarterly` or `exception`.
    pub kind: String,
    pub period: Period,
    pub committee: String,
    pub meeting_date: Date,
    pub published_at: Timestamp,
    pub published_by: String,
    /// SHA-256 (hex) over the files and the data.
    pub content_hash: String,
    /// The evaluated data the report rests on (the status report).
    pub data: serde_json::Value,
    pub files: Vec<PublishedFile>,
}

/// A published report, as listed (files and data are read separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub id: i64,
    pub council: Key,
    pub kind: String,
    pub period: Period,
    pub committee: String,
    pub meeting_date: Date,
    pub published_at: Timestamp,
    pub published_by: String,
    pub content_hash: String,
    /// The formats stored, in the order published.
    pub formats: Vec<String>,
}
