//! Use cases: a data owner's list of measures to report for a period, the
//! form for one result, and recording it. Corrections append; a save based
//! on a stale form is refused with both values shown, never overwritten.

use std::sync::Arc;

use jiff::Timestamp;
use outturn_core::result::{ResultError, ResultInput};
use outturn_core::{Decimal, Measure, MeasureHistory, MeasureView, Period, ResultEntry, Status};
use outturn_store::{ChangeSet, Council, ResultsSeen, Store, StoreError, User};

use crate::AppError;
use crate::access::{Action, can};
use crate::audit_event::AuditEvent;

/// One measure on a data owner's list.
#[derive(Debug, Clone)]
pub struct EntryLine {
    pub measure: Measure,
    /// The measure's own period for the period asked about.
    pub period: Period,
    pub current: Option<ResultEntry>,
    pub status: Option<Status>,
}

/// The measures the user may report for a period, due in it.
pub async fn entry_list(
    store: &dyn Store,
    user: &User,
    council: &str,
    period: Period,
) -> Result<(Arc<Council>, Vec<EntryLine>), AppError> {
    let council = crate::council(store, council).await?;
    if !crate::access::records_results(user, &council.slug) {
        return Err(AppError::Forbidden);
    }
    let year = period.financial_year();
    let history = store.history_in_years(&council.slug, year.previous(), year).await?;
    let empty = MeasureHistory::default();
    let now = outturn_core::AsOf::now();
    let lines = council
        .measures
        .iter()
        .filter(|m| {
            can(Some(user), Action::RecordResult { council: &council.slug, measure: m, framework: &council.framework })
        })
        .filter_map(|m| {
            let figure_period = period.last_of(m.frequency).filter(|p| m.is_active_in(*p))?;
            let h = history.measures.get(&m.code).unwrap_or(&empty);
            let view = MeasureView::new(m, h, now);
            let current = view.result(figure_period).cloned();
            let status = current.as_ref().and_then(|_| view.assess(figure_period)).map(|a| a.status);
            Some(EntryLine { measure: m.clone(), period: figure_period, current, status })
        })
        .collect();
    Ok((council, lines))
}

/// What the form for one result shows.
#[derive(Debug, Clone)]
pub struct EntryForm {
    pub council: Arc<Council>,
    pub measure: Measure,
    pub period: Period,
    /// The result as recorded now, if any.
    pub current: Option<ResultEntry>,
    /// Every recording for the period, oldest first (the form's version is their count).
    pub recordings: Vec<ResultEntry>,
    pub target: Option<Decimal>,
    pub status: Option<Status>,
}

pub async fn entry_form(
    store: &dyn Store,
    user: &User,
    council: &str,
    code: &str,
    period: Period,
) -> Result<EntryForm, AppError> {
    let (council, measure, history) = measure_for_entry(store, user, council, code).await?;
    let view = MeasureView::new(&measure, &history, outturn_core::AsOf::now());
    let assessment = view.assess(period);
    let form = EntryForm {
        current: view.result(period).cloned(),
        recordings: history.results.iter().filter(|e| e.period == period).cloned().collect(),
        target: assessment.as_ref().and_then(|a| a.target),
        status: assessment.as_ref().filter(|_| view.result(period).is_some()).map(|a| a.status),
        council: council.clone(),
        measure: measure.clone(),
        period,
    };
    Ok(form)
}

async fn measure_for_entry(
    store: &dyn Store,
    user: &User,
    council: &str,
    code: &str,
) -> Result<(Arc<Council>, Measure, MeasureHistory), AppError> {
    let council = crate::council(store, council).await?;
    let Some(measure) = council.measures.iter().find(|m| m.code.as_str() == code).cloned() else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    if !can(
        Some(user),
        Action::RecordResult { council: &council.slug, measure: &measure, framework: &council.framework },
    ) {
        return Err(AppError::Forbidden);
    }
    let history = store.measure_history(&council.slug, &measure.code).await?;
    Ok((council, measure, history))
}

/// A problem with one field of the form, for the GOV.UK error summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field's name (`value`, `numerator`, `missing_reason`, `commentary`...).
    pub field: &'static str,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    #[error("the result has problems")]
    Invalid(Vec<FieldError>),
    /// Someone saved since the form was opened: theirs is shown beside yours.
    #[error("someone else saved a result for this period since you opened the form")]
    Conflict { theirs: Box<ResultEntry> },
    #[error(transparent)]
    App(#[from] AppError),
}

/// A result as submitted from a form or the API.
#[derive(Debug, Clone)]
pub struct Submission<'a> {
    pub council: &'a str,
    pub code: &'a str,
    /// The measure's own period (a quarter for a quarterly measure).
    pub period: Period,
    pub input: ResultInput,
    /// How many recordings for the period the person saw when they opened the form.
    pub seen: usize,
}

/// Records a result (or a correction) for a measure's period, if the form
/// was opened on the latest version (`seen` recordings) and the result is
/// sound; commentary is required when the result is Red or Amber.
pub async fn record_result(
    store: &dyn Store,
    user: &User,
    submission: Submission<'_>,
    now: Timestamp,
) -> Result<ResultEntry, EntryError> {
    record_result_via(store, user, submission, now, None).await
}

/// [`record_result`] for a change that arrives another way than the web form
/// (`via` names it in the audit log: "API token 3 (housing feed)").
pub async fn record_result_via(
    store: &dyn Store,
    user: &User,
    submission: Submission<'_>,
    now: Timestamp,
    via: Option<&str>,
) -> Result<ResultEntry, EntryError> {
    record(store, user, submission, now, via, None).await
}

/// A correction to a result of a published (locked) period: recorded with
/// its reason, never altering the published report. Sign-off: see
/// [`crate::rounds::sign_off::check_unlocked`].
pub async fn record_correction(
    store: &dyn Store,
    user: &User,
    submission: Submission<'_>,
    reason: &str,
    now: Timestamp,
) -> Result<ResultEntry, EntryError> {
    if reason.trim().is_empty() {
        let message = "Say why the published figure is corrected".to_string();
        return Err(EntryError::Invalid(vec![FieldError { field: "correction_reason", message }]));
    }
    record(store, user, submission, now, None, Some(reason.trim())).await
}

async fn record(
    store: &dyn Store,
    user: &User,
    submission: Submission<'_>,
    now: Timestamp,
    via: Option<&str>,
    correction: Option<&str>,
) -> Result<ResultEntry, EntryError> {
    let Submission { council, code, period, input, seen } = submission;
    let (council, measure, mut history) = measure_for_entry(store, user, council, code).await?;
    let (value, commentary) = input.check(&measure, period).map_err(|e| EntryError::Invalid(vec![field_error(e)]))?;
    let before = outturn_core::result::as_recorded(&history.results, period, outturn_core::AsOf::at(now)).cloned();
    let entry = ResultEntry {
        measure: measure.code.clone(),
        period,
        value,
        commentary,
        recorded_at: now,
        recorded_by: user.username.clone(),
    };
    history.results.push(entry.clone());
    let status = MeasureView::new(&measure, &history, outturn_core::AsOf::at(now)).assess(period).map(|a| a.status);
    if matches!(status, Some(Status::Red | Status::Amber)) && entry.commentary.is_none() {
        let label = status.map(Status::label).unwrap_or_default();
        return Err(EntryError::Invalid(vec![FieldError {
            field: "commentary",
            message: format!("This result is {label}: say why, and what is being done about it"),
        }]));
    }
    let mut changes = ChangeSet::for_council(council.slug.clone(), council.name.clone());
    changes.expect.push(ResultsSeen { measure: measure.code.clone(), period, recorded: seen });
    let mut audit = AuditEvent::ResultRecorded { council: &council.slug, before: before.as_ref(), after: &entry }
        .record(&user.username, now);
    if let Some(via) = via {
        crate::audit_event::via_api(&mut audit, via);
    }
    changes.results.push(entry.clone());
    // Signed-off and published periods: the one rule, shared with import and framework files.
    let corrected = crate::rounds::sign_off::check_unlocked(store, &council, &changes.results, correction).await?;
    if let (Some(reason), false) = (correction, corrected.is_empty()) {
        crate::rounds::sign_off::mark_correction(&mut audit, reason);
    }
    changes.audit.push(audit);
    match store.apply(&changes).await {
        Ok(()) => Ok(entry),
        Err(StoreError::Conflict { .. }) => {
            let latest = store.measure_history(&council.slug, &measure.code).await.map_err(AppError::from)?;
            let theirs = outturn_core::result::as_recorded(&latest.results, period, outturn_core::AsOf::now())
                .cloned()
                .ok_or_else(|| AppError::Store(StoreError::Conflict { measure: code.into(), period, recorded: 0 }))?;
            Err(EntryError::Conflict { theirs: Box::new(theirs) })
        }
        Err(e) => Err(EntryError::App(e.into())),
    }
}

/// Which form field a core refusal belongs to.
fn field_error(e: ResultError) -> FieldError {
    let field = match &e {
        ResultError::WrongFrequency { .. } | ResultError::Inactive { .. } => "period",
        ResultError::MissingWithoutReason => "missing_reason",
        ResultError::HalfFraction | ResultError::FractionNeeded(_) => "numerator",
        ResultError::ZeroDenominator => "denominator",
        ResultError::TextNeedsCommentary(_) => "commentary",
        ResultError::ValueAndMissing
        | ResultError::Empty
        | ResultError::FractionMismatch { .. }
        | ResultError::TextOnly(_) => "value",
    };
    FieldError { field, message: crate::sentence_case(&e.to_string()) }
}
