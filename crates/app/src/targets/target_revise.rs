//! Use case: a performance officer revises a target, with a reason; the
//! earlier value stays in the history.

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_core::target::revision_in_force;
use outturn_core::{Key, MeasureCode};
use std::sync::Arc;

use outturn_core::{AsOf, Decimal, Measure, Period, TargetRevision};
use outturn_store::{ChangeSet, Council, Store};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::results::data_entry::{EntryError, FieldError};

pub struct TargetInput {
    pub period: Period,
    pub value: Decimal,
    pub effective: Date,
    pub reason: String,
}

/// A measure opened for revising its target, for an actor who may.
#[derive(Debug, Clone)]
pub struct OpenTarget {
    pub council: Arc<Council>,
    pub measure: Measure,
    actor: Actor,
}

/// Opens a measure's target for revising: who may is checked before the
/// measure is looked up, so someone who may not learns nothing.
pub async fn open_target(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
) -> Result<OpenTarget, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ReviseTarget(&council.slug))?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code).cloned() else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    Ok(OpenTarget { council, measure, actor: actor.clone() })
}

/// Opens the measure and revises its target: [`OpenTarget::revise`] in one call.
pub async fn revise_target(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    input: TargetInput,
    now: Timestamp,
) -> Result<TargetRevision, EntryError> {
    open_target(store, actor, council, code).await?.revise(store, input, now).await
}

impl OpenTarget {
    /// Records the revision with its reason; the earlier value stays in the history.
    pub async fn revise(
        &self,
        store: &dyn Store,
        input: TargetInput,
        now: Timestamp,
    ) -> Result<TargetRevision, EntryError> {
        let (council, measure, actor) = (&self.council, &self.measure, &self.actor);
        if input.reason.trim().is_empty() {
            return Err(EntryError::Invalid(vec![FieldError {
                field: "reason",
                message: "Say why the target is being set or changed".into(),
            }]));
        }
        let history = store.measure_history(&council.slug, &measure.code).await.map_err(AppError::from)?;
        let before = revision_in_force(&history.targets, input.period, AsOf::at(now)).cloned();
        let revision = TargetRevision {
            measure: measure.code.clone(),
            period: input.period,
            value: input.value,
            effective: input.effective,
            reason: input.reason.trim().to_string(),
            author: actor.display_name().to_string(),
            recorded_at: now,
        };
        let mut changes = ChangeSet::for_council(council.slug.clone(), council.name.clone());
        changes.audit.push(
            AuditEvent::TargetRevised { council: &council.slug, before: before.as_ref(), after: &revision }
                .record_by(actor, now),
        );
        changes.targets.push(revision.clone());
        store.apply(&changes).await.map_err(AppError::from)?;
        Ok(revision)
    }
}
