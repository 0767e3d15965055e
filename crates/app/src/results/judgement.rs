//! Use case: "this measure is Red whatever the figures say, and here is why"
//! (or "withdraw that judgement"). The rule that a judgement stands over the
//! figures is the core's (`outturn_core::judgement`); here it is checked,
//! kept out of signed-off periods, audited and stored.

use jiff::Timestamp;
use outturn_core::judgement::Judgement;
use outturn_core::{AsOf, Key, MeasureCode, MeasureView, Period, Status};
use outturn_store::{ChangeSet, Store};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;

/// What an officer asks: a measure's own period judged Green, Amber or Red
/// (`status` Some), or its judgement withdrawn (`status` None), and why.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    pub measure: &'a MeasureCode,
    pub period: Period,
    pub status: Option<Status>,
    pub justification: &'a str,
}

/// Records a judged status or withdraws the standing one.
pub async fn judge_status(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    asked: Asked<'_>,
    now: Timestamp,
) -> Result<Judgement, AppError> {
    let Asked { measure: code, period, status, justification } = asked;
    let council = crate::council(store, council).await?;
    actor.check(Action::ReadCouncil(&council.slug))?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code) else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    actor.check(Action::JudgeStatus(&council.slug))?;
    if period.last_of(measure.frequency) != Some(period) || !measure.is_active_in(period) {
        return Err(AppError::BadInput {
            field: "period",
            message: format!("{} is not one of {}'s own periods while it is reported", period, measure.code),
        });
    }
    // Judged once it has ended: a judgement of a period to come would stand over its figures unseen.
    if period.end_date() >= AsOf::at(now).date() {
        return Err(AppError::BadInput {
            field: "period",
            message: format!("{} ({}) has not ended yet: judge a period once it is over", period, period.describe()),
        });
    }
    Judgement::check(status, justification).map_err(|e| {
        let field = if matches!(e, outturn_core::judgement::JudgementError::NotJudgeable(_)) {
            "judged_status"
        } else {
            "justification"
        };
        AppError::BadInput { field, message: e.to_string() }
    })?;
    let history = store.measure_history(&council.slug, code).await?;
    let standing = MeasureView::new(measure, &history, AsOf::at(now)).assess(period);
    let before = standing.as_ref().map_or(Status::Missing, |a| a.status);
    let judged = standing.as_ref().is_some_and(|a| a.judged.is_some());
    if status.is_none() && !judged {
        return Err(AppError::BadInput {
            field: "judged_status",
            message: format!("{} {period} has no judged status to withdraw", measure.code),
        });
    }
    // A signed-off or published period's statuses change only after reopening.
    let locks = crate::rounds::sign_off::Locks::load(store, &council).await?;
    crate::rounds::sign_off::refuse(&locks.of(code, period), None)?;

    let judgement = Judgement {
        measure: measure.code.clone(),
        period,
        status,
        justification: justification.trim().to_string(),
        recorded_by: actor.name().to_string(),
        recorded_at: now,
    };
    let mut change = ChangeSet::for_council(council.slug.clone(), council.name.clone());
    change
        .audit
        .push(AuditEvent::StatusJudged { council: &council.slug, judgement: &judgement, before }.record_by(actor, now));
    change.judgements.push(judgement.clone());
    locks.guard(&mut change)?;
    store.apply(&change).await?;
    Ok(judgement)
}
