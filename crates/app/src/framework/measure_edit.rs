//! Use case: a performance officer changes a measure's definition (title,
//! definition, officer, status rule) or takes it out of the suite. The
//! change is checked by the core's rules and audited with before and after;
//! results and targets are untouched.

use jiff::Timestamp;
use outturn_core::{Key, MeasureCode};
use std::sync::Arc;

use outturn_core::{Measure, Period, StatusRule};
use outturn_store::{ChangeSet, Council, Store};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::results::data_entry::{EntryError, FieldError};

/// What the form can change.
#[derive(Debug, Clone)]
pub struct MeasureEdit {
    pub title: String,
    pub definition: Option<String>,
    pub officer: Option<String>,
    pub status_rule: StatusRule,
    pub retired_from: Option<Period>,
    pub retired_reason: Option<String>,
}

/// A measure opened for changing its definition, for an actor who may.
#[derive(Debug, Clone)]
pub struct OpenMeasure {
    pub council: Arc<Council>,
    pub measure: Measure,
    actor: Actor,
}

/// Opens a measure for editing: who may is checked before the measure is
/// looked up, so someone who may not learns nothing.
pub async fn open_measure(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
) -> Result<OpenMeasure, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::EditFramework(&council.slug))?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code).cloned() else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    Ok(OpenMeasure { council, measure, actor: actor.clone() })
}

/// Opens the measure and changes it: [`OpenMeasure::save`] in one call.
pub async fn edit_measure(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    edit: MeasureEdit,
    now: Timestamp,
) -> Result<Measure, EntryError> {
    open_measure(store, actor, council, code).await?.save(store, edit, now).await
}

impl OpenMeasure {
    /// Checks the changed definition by the core's rules and stores it with
    /// its audit record; an unchanged definition writes nothing.
    pub async fn save(&self, store: &dyn Store, edit: MeasureEdit, now: Timestamp) -> Result<Measure, EntryError> {
        let (council, before) = (&self.council, &self.measure);
        let after = Measure {
            title: edit.title.trim().to_string(),
            definition: edit.definition,
            officer: edit.officer,
            status_rule: edit.status_rule,
            retired_from: edit.retired_from,
            retired_reason: edit.retired_reason,
            ..before.clone()
        };
        let problems: Vec<FieldError> = after
            .problems()
            .into_iter()
            .map(|p| FieldError { field: form_field(p.field), message: crate::sentence_case(&p.message) })
            .collect();
        if !problems.is_empty() {
            return Err(EntryError::Invalid(problems));
        }
        if &after == before {
            return Ok(after);
        }
        let mut changes = ChangeSet::for_council(council.slug.clone(), council.name.clone());
        let event = AuditEvent::MeasureChanged { council: &council.slug, before, after: &after };
        changes.audit.push(event.record_by(&self.actor, now));
        changes.measures.push(after.clone());
        // The kept rule is in the audit record's before and after: the
        // measure's rule before is the one kept.
        super::kept_rules::keep_rules(store, council, &mut changes, now).await?;
        store.apply(&changes).await.map_err(AppError::from)?;
        Ok(after)
    }
}

/// The form field a definition problem belongs to.
fn form_field(field: &str) -> &'static str {
    match field {
        "title" => "title",
        "status" => "amber",
        "status.exceeded" => "exceeded",
        "retired_from" => "retired_from",
        "retired_reason" => "retired_reason",
        _ => "title",
    }
}
