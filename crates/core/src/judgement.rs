//! Judged statuses: an officer sets a measure's status for a period with a
//! written justification, for measures (and projects, actions) where a
//! number does not decide. A judgement stands until it is withdrawn or
//! replaced by a later one; a computed status never silently replaces it,
//! and what the figures alone would give is always shown beside it.

use jiff::Timestamp;
use serde::Serialize;

use crate::measure::MeasureCode;
use crate::period::Period;
use crate::status::Status;

/// The longest justification kept: a paragraph or two, as committee papers give.
pub const JUSTIFICATION_LIMIT: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgement {
    pub measure: MeasureCode,
    /// The measure's own period the judgement is for.
    pub period: Period,
    /// Green, Amber or Red; None withdraws an earlier judgement (the
    /// computed status stands again).
    pub status: Option<Status>,
    /// Why, in the officer's words (why it was withdrawn, for a withdrawal).
    pub justification: String,
    pub recorded_by: String,
    pub recorded_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JudgementError {
    #[error("a judged status is Green, Amber or Red, not {0}")]
    NotJudgeable(&'static str),
    #[error("give the reason for the judgement")]
    NoJustification,
    #[error("the justification is {0} characters: keep it to {JUSTIFICATION_LIMIT}")]
    TooLong(usize),
    #[error("{0}")]
    BadText(String),
}

/// A judged status by its code: green, amber or red (nothing else may be judged).
pub fn judged_status(code: &str) -> Option<Status> {
    [Status::Green, Status::Amber, Status::Red].into_iter().find(|s| s.code() == code)
}

impl Judgement {
    /// Checks what an officer gives: a Green, Amber or Red status (or none,
    /// to withdraw) and a justification in words.
    pub fn check(status: Option<Status>, justification: &str) -> Result<(), JudgementError> {
        if let Some(s) = status
            && judged_status(s.code()).is_none()
        {
            return Err(JudgementError::NotJudgeable(s.label()));
        }
        let text = justification.trim();
        if text.is_empty() {
            return Err(JudgementError::NoJustification);
        }
        let length = text.chars().count();
        if length > JUSTIFICATION_LIMIT {
            return Err(JudgementError::TooLong(length));
        }
        if let Some(problem) = crate::text::problem(text) {
            return Err(JudgementError::BadText(problem));
        }
        Ok(())
    }

    /// "judged by jfraser on 3 November 2020".
    pub fn by_whom(&self) -> String {
        let day = crate::as_of::AsOf::at(self.recorded_at).date();
        format!("judged by {} on {}", self.recorded_by, day.strftime("%-d %B %Y"))
    }
}

/// A judged status in an assessment, with what the figures alone give.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judged<'a> {
    pub judgement: &'a Judgement,
    /// The status the measure's rule gives from the figures.
    pub computed: Status,
}
