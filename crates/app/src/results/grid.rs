//! Use case: a data owner's measures for a period entered as one grid and
//! saved together. Every row is checked as the single result form checks it
//! (the measure's rules, the commentary rule, sign-off and publication
//! locks); if any row has a problem nothing is saved and each problem is
//! named by its measure and field; otherwise every changed row is written in
//! one change set with one audit record per result, refused whole if someone
//! saved any of those periods since the grid was opened.

use jiff::Timestamp;
use outturn_core::Key;
use outturn_core::result::ResultInput;
use outturn_core::{AsOf, MeasureView, Period, ResultEntry};
use outturn_store::{ChangeSet, ResultsSeen, Store, StoreError};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::results::data_entry::{FieldError, field_error};

/// One row of the grid as sent.
#[derive(Debug, Clone)]
pub struct GridRow {
    pub code: String,
    /// The measure's own period the row is for.
    pub period: Period,
    pub input: ResultInput,
    /// How many recordings for the period the person saw.
    pub seen: usize,
}

/// A problem with one field of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridError {
    pub code: String,
    pub error: FieldError,
}

#[derive(Debug, thiserror::Error)]
pub enum GridSaveError {
    #[error("{} row(s) have problems: nothing was saved", .0.len())]
    Invalid(Vec<GridError>),
    /// Someone saved a result for one of the rows since the grid was opened.
    #[error("someone else saved {0} since the grid was opened: nothing was saved; reload the page")]
    Conflict(String),
    #[error(transparent)]
    App(#[from] AppError),
}

/// Checks every row and saves the changed ones together; returns what was
/// recorded. A row that says what is already recorded is left alone.
pub async fn save_grid(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    rows: Vec<GridRow>,
    now: Timestamp,
) -> Result<Vec<ResultEntry>, GridSaveError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ReadCouncil(&council.slug))?;
    let year_of = |p: Period| p.financial_year();
    let (Some(first), Some(last)) =
        (rows.iter().map(|r| year_of(r.period)).min(), rows.iter().map(|r| year_of(r.period)).max())
    else {
        return Ok(Vec::new());
    };
    let history = store.history_in_years(&council.slug, first.previous(), last).await.map_err(AppError::from)?;
    let at = AsOf::at(now);
    let mut errors = Vec::new();
    let mut changes = ChangeSet::for_council(council.slug.clone(), council.name.clone());
    let mut recorded = Vec::new();
    for row in rows {
        let Some(measure) = council.measures.iter().find(|m| m.code.as_str() == row.code) else {
            return Err(AppError::NoMeasure { council: council.slug.to_string(), code: row.code }.into());
        };
        actor.check(Action::RecordResult { council: &council.slug, measure, framework: &council.framework })?;
        let (value, commentary) = match row.input.check(measure, row.period) {
            Ok(checked) => checked,
            Err(e) => {
                errors.push(GridError { code: row.code, error: field_error(e) });
                continue;
            }
        };
        let mut measure_history = history.measures.get(&measure.code).cloned().unwrap_or_default();
        let before = outturn_core::result::as_recorded(&measure_history.results, row.period, at).cloned();
        if before.as_ref().is_some_and(|b| b.value == value && b.commentary == commentary) {
            continue;
        }
        let entry = ResultEntry {
            measure: measure.code.clone(),
            period: row.period,
            value,
            commentary,
            recorded_at: now,
            recorded_by: actor.name().to_string(),
        };
        measure_history.results.push(entry.clone());
        let status = MeasureView::new(measure, &measure_history, at).assess(row.period).map(|a| a.status);
        if let Err(owed) = outturn_core::commentary::check_entry(status, entry.commentary.as_deref()) {
            let message = crate::sentence_case(&owed.to_string());
            errors.push(GridError { code: row.code, error: FieldError { field: "commentary", message } });
            continue;
        }
        changes.expect.push(ResultsSeen {
            measure: measure.code.clone(),
            period: Some(row.period),
            recorded: row.seen,
        });
        changes.audit.push(
            AuditEvent::ResultRecorded { council: &council.slug, before: before.as_ref(), after: &entry }
                .record_by(actor, now),
        );
        changes.results.push(entry.clone());
        recorded.push(entry);
    }
    if !errors.is_empty() {
        return Err(GridSaveError::Invalid(errors));
    }
    if recorded.is_empty() {
        return Ok(recorded);
    }
    // Signed-off and published periods: the one rule every path obeys (no correction from a grid).
    crate::rounds::sign_off::check_unlocked(store, &council, &mut changes, None).await?;
    match store.apply(&changes).await {
        Ok(()) => Ok(recorded),
        Err(StoreError::Conflict { measure, period, .. }) => {
            Err(GridSaveError::Conflict(format!("{measure} {}", period.map(|p| p.to_string()).unwrap_or_default())))
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}
