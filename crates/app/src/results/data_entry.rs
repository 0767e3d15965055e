//! Use cases: a data owner's list of measures to report for a period, the
//! form for one result, and recording it. Corrections append; a save based
//! on a stale form is refused with both values shown, never overwritten.
//! Recording opens the measure once ([`open_entry`]: the council, the
//! permission check and the measure's history) and saves from what it read.

use outturn_core::{Key, MeasureCode};
use std::sync::Arc;

use jiff::Timestamp;
use outturn_core::commentary::CommentaryNeed;
use outturn_core::result::{ResultError, ResultInput};
use outturn_core::{Decimal, Measure, MeasureHistory, MeasureView, Period, ResultEntry, Status};
use outturn_store::{ChangeSet, Council, ResultsSeen, Store, StoreError};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;

/// One measure on a data owner's list, with what the grid shows beside it.
#[derive(Debug, Clone)]
pub struct EntryLine {
    pub measure: Measure,
    /// The measure's own period for the period asked about.
    pub period: Period,
    pub current: Option<ResultEntry>,
    /// How many recordings there are for the period (the grid's version of the row).
    pub recorded: usize,
    /// The status, worked out on `figure` (year to date by the measure's rule).
    pub status: Option<Status>,
    pub target: Option<Decimal>,
    /// The figure the status rests on (year to date where the rule adds up).
    pub figure: Option<Decimal>,
    /// The period's own figure.
    pub own: Option<Decimal>,
    /// The period before's own figure, and the same period last year's;
    /// where only a year-to-date figure is known for it, that (flagged true).
    pub previous: Option<(Decimal, bool)>,
    pub last_year: Option<(Decimal, bool)>,
    /// Red or Amber with no commentary and no officer's waiver (the core rule).
    pub commentary_owed: bool,
}

/// A data owner's list for a period.
#[derive(Debug, Clone)]
pub struct EntryList {
    pub council: Arc<Council>,
    /// The period asked about, or the one everyone sees by default.
    pub period: Period,
    pub lines: Vec<EntryLine>,
}

/// The measures the actor may report for a period (default: the quarter
/// everyone sees), due in it.
pub async fn entry_list(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    period: Option<Period>,
) -> Result<EntryList, AppError> {
    let council = crate::council(store, council).await?;
    if !actor.user().is_some_and(|u| crate::access::records_results(u, &council.slug)) {
        return Err(AppError::Forbidden);
    }
    let period = match period {
        Some(p) => p,
        None => crate::statuses::status_report::default_period(store, &council.slug).await?,
    };
    let year = period.financial_year();
    let history = store.history_in_years(&council.slug, year.previous(), year).await?;
    let waivers = crate::results::commentary::Waivers::load(store, &council.slug).await?;
    let empty = MeasureHistory::default();
    let now = outturn_core::AsOf::now();
    let lines = council
        .measures
        .iter()
        .filter(|m| {
            actor.may(Action::RecordResult { council: &council.slug, measure: m, framework: &council.framework })
        })
        .filter_map(|m| {
            let figure_period = period.last_of(m.frequency).filter(|p| m.is_active_in(*p))?;
            let h = history.measures.get(&m.code).unwrap_or(&empty);
            let view = MeasureView::new(m, h, now);
            let current = view.result(figure_period).cloned();
            let assessed = view.assess(figure_period);
            let own_or_to_date = |p: Period| {
                view.own_figure(p).map(|f| (f, false)).or_else(|| {
                    let a = view.assess(p)?;
                    a.figure.filter(|_| view.result(p).is_some()).map(|f| (f, true))
                })
            };
            let status = current.as_ref().and(assessed.as_ref()).map(|a| a.status);
            let waived = waivers.reason(&m.code, figure_period, now).is_some();
            let commentary = current.as_ref().and_then(|c| c.commentary.as_deref());
            let commentary_owed = status.is_some_and(|s| CommentaryNeed::of(s, commentary, waived).is_owed());
            Some(EntryLine {
                measure: m.clone(),
                period: figure_period,
                recorded: h.results.iter().filter(|r| r.period == figure_period).count(),
                status,
                target: assessed.as_ref().and_then(|a| a.target),
                figure: current.as_ref().and(assessed.as_ref()).and_then(|a| a.figure),
                own: view.own_figure(figure_period),
                previous: own_or_to_date(figure_period.previous()),
                last_year: own_or_to_date(figure_period.same_period_last_year()),
                commentary_owed,
                current,
            })
        })
        .collect();
    Ok(EntryList { council, period, lines })
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

/// The form for one result of a measure the actor records.
pub async fn entry_form(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    period: Period,
) -> Result<EntryForm, AppError> {
    Ok(open_entry(store, actor, council, code).await?.form(period))
}

/// A measure opened for recording: its council and history, read once, for
/// an actor who may record its results.
#[derive(Debug, Clone)]
pub struct OpenEntry {
    pub council: Arc<Council>,
    pub measure: Measure,
    /// Every target and result recorded, as read when opened (or, after a
    /// conflict, as read then).
    pub history: MeasureHistory,
    actor: Actor,
}

/// Opens a measure for recording: unknown councils and measures are named,
/// and an actor who may not record its results is refused.
pub async fn open_entry(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
) -> Result<OpenEntry, AppError> {
    let council = crate::council(store, council).await?;
    // Another council's measures are not named, whether they exist or not.
    actor.check(Action::ReadCouncil(&council.slug))?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code).cloned() else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    actor.check(Action::RecordResult { council: &council.slug, measure: &measure, framework: &council.framework })?;
    let history = store.measure_history(&council.slug, &measure.code).await?;
    Ok(OpenEntry { council, measure, history, actor: actor.clone() })
}

impl OpenEntry {
    /// How many recordings there are for the period (of every period when None).
    pub fn recorded(&self, period: Option<Period>) -> usize {
        self.history.results.iter().filter(|e| period.is_none_or(|p| e.period == p)).count()
    }

    /// What the form shows for the period.
    pub fn form(&self, period: Period) -> EntryForm {
        let view = MeasureView::new(&self.measure, &self.history, outturn_core::AsOf::now());
        let assessment = view.assess(period);
        EntryForm {
            current: view.result(period).cloned(),
            recordings: self.history.results.iter().filter(|e| e.period == period).cloned().collect(),
            target: assessment.as_ref().and_then(|a| a.target),
            status: assessment.as_ref().filter(|_| view.result(period).is_some()).map(|a| a.status),
            council: self.council.clone(),
            measure: self.measure.clone(),
            period,
        }
    }

    /// Records a result (or a correction) for the measure's period, if the
    /// form was opened on the latest version (`seen` recordings) and the
    /// result is sound; commentary is required when the result is Red or
    /// Amber. After a conflict the entry holds the history as it is now.
    pub async fn save(
        &mut self,
        store: &dyn Store,
        submission: Submission,
        now: Timestamp,
    ) -> Result<ResultEntry, EntryError> {
        self.record(store, submission, now, None).await
    }

    /// A correction to a result of a published (locked) period: recorded with
    /// its reason, never altering the published report. Sign-off: see
    /// [`crate::rounds::sign_off::check_unlocked`].
    pub async fn save_correction(
        &mut self,
        store: &dyn Store,
        submission: Submission,
        reason: &str,
        now: Timestamp,
    ) -> Result<ResultEntry, EntryError> {
        if reason.trim().is_empty() {
            let message = "Say why the published figure is corrected".to_string();
            return Err(EntryError::Invalid(vec![FieldError { field: "correction_reason", message }]));
        }
        self.record(store, submission, now, Some(reason.trim())).await
    }

    async fn record(
        &mut self,
        store: &dyn Store,
        submission: Submission,
        now: Timestamp,
        correction: Option<&str>,
    ) -> Result<ResultEntry, EntryError> {
        let Submission { period, input, seen } = submission;
        let (council, measure) = (&self.council, &self.measure);
        let (value, commentary) =
            input.check(measure, period).map_err(|e| EntryError::Invalid(vec![field_error(e)]))?;
        let at = outturn_core::AsOf::at(now);
        let before = outturn_core::result::as_recorded(&self.history.results, period, at).cloned();
        let entry = ResultEntry {
            measure: measure.code.clone(),
            period,
            value,
            commentary,
            recorded_at: now,
            recorded_by: self.actor.name().to_string(),
        };
        let mut after = self.history.clone();
        after.results.push(entry.clone());
        let status = MeasureView::new(measure, &after, at).assess(period).map(|a| a.status);
        // The commentary rule (core): asked for here, where it can be written at once.
        outturn_core::commentary::check_entry(status, entry.commentary.as_deref()).map_err(|owed| {
            EntryError::Invalid(vec![FieldError {
                field: "commentary",
                message: crate::sentence_case(&owed.to_string()),
            }])
        })?;
        let mut changes = ChangeSet::for_council(council.slug.clone(), council.name.clone());
        let (seen_period, recorded) = match seen {
            Seen::InPeriod(n) => (Some(period), n),
            Seen::InMeasure(n) => (None, n),
        };
        changes.expect.push(ResultsSeen { measure: measure.code.clone(), period: seen_period, recorded });
        changes.results.push(entry.clone());
        // Signed-off and published periods: the one rule, shared with import and framework files.
        let corrected = crate::rounds::sign_off::check_unlocked(store, council, &mut changes, correction).await?;
        let (slug, before) = (&council.slug, before.as_ref());
        let event = match correction.filter(|_| !corrected.is_empty()) {
            Some(reason) => {
                AuditEvent::ResultCorrectedAfterPublication { council: slug, before, after: &entry, reason }
            }
            None => AuditEvent::ResultRecorded { council: slug, before, after: &entry },
        };
        changes.audit.push(event.record_by(&self.actor, now));
        match store.apply(&changes).await {
            Ok(()) => {
                self.history = after;
                Ok(entry)
            }
            Err(StoreError::Conflict { .. }) => {
                self.history = store.measure_history(&council.slug, &measure.code).await.map_err(AppError::from)?;
                // What was saved meanwhile for this period (none when only another period changed).
                let theirs =
                    outturn_core::result::as_recorded(&self.history.results, period, outturn_core::AsOf::now())
                        .cloned()
                        .map(Box::new);
                Err(EntryError::Conflict { theirs })
            }
            Err(e) => Err(EntryError::App(e.into())),
        }
    }
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
    Conflict { theirs: Option<Box<ResultEntry>> },
    #[error(transparent)]
    App(#[from] AppError),
}

/// A result as submitted from a form or the API.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The measure's own period (a quarter for a quarterly measure).
    pub period: Period,
    pub input: ResultInput,
    /// How many recordings the person saw when they opened the form.
    pub seen: Seen,
}

/// What a person saw before saving, for the check that nobody saved meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The recordings for the period (a form for one period).
    InPeriod(usize),
    /// The recordings for every period of the measure (an API client's ETag).
    InMeasure(usize),
}

/// Opens the measure and records a result: [`OpenEntry::save`] in one call.
pub async fn record_result(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    submission: Submission,
    now: Timestamp,
) -> Result<ResultEntry, EntryError> {
    open_entry(store, actor, council, code).await?.save(store, submission, now).await
}

/// Opens the measure and records a correction: [`OpenEntry::save_correction`] in one call.
pub async fn record_correction(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    submission: Submission,
    reason: &str,
    now: Timestamp,
) -> Result<ResultEntry, EntryError> {
    open_entry(store, actor, council, code).await?.save_correction(store, submission, reason, now).await
}

/// Which form field a core refusal belongs to.
pub(crate) fn field_error(e: ResultError) -> FieldError {
    let field = match &e {
        ResultError::WrongFrequency { .. } | ResultError::Inactive { .. } => "period",
        ResultError::MissingWithoutReason => "missing_reason",
        ResultError::HalfFraction | ResultError::FractionNeeded(_) => "numerator",
        ResultError::ZeroDenominator => "denominator",
        ResultError::TextNeedsCommentary(_) => "commentary",
        ResultError::ForecastWithoutFigure => "forecast",
        ResultError::ValueAndMissing
        | ResultError::Empty
        | ResultError::FractionMismatch { .. }
        | ResultError::TextOnly(_) => "value",
    };
    FieldError { field, message: crate::sentence_case(&e.to_string()) }
}
