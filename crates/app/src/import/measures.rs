//! Use case: import a measures CSV (one definition per row; the columns of
//! docs/framework-file.md) into a council. Every row is checked against the
//! framework first, by the framework file's rules; any problem and nothing
//! is written. A measure not stored is added; one stored with a different
//! definition is changed (its history stays: results and targets belong to
//! the code); one that says what is stored changes nothing. A dry run stops
//! before writing; a real import writes in one change set with its audit record.

use jiff::Timestamp;
use outturn_core::Key;
use outturn_store::{ChangeSet, Store};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::framework::file::{DataKind, read_measures};
use crate::import::Imported;
use crate::results::data_changes::Counts;

pub async fn import_measures(
    store: &dyn Store,
    council: &Key,
    text: &str,
    source_name: &str,
    dry_run: bool,
    now: Timestamp,
    actor: &Actor,
) -> Result<Imported, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ImportData(&council.slug))?;
    let measures = read_measures(source_name, text, &council.framework).map_err(AppError::ImportRows)?;
    let mut counts = Counts::default();
    let mut changes = ChangeSet::for_council(council.slug.clone(), "");
    for measure in &measures {
        match council.measures.iter().find(|m| m.code == measure.code) {
            Some(stored) if stored == measure => counts.unchanged += 1,
            Some(_) => {
                counts.corrected += 1;
                changes.measures.push(measure.clone());
            }
            None => {
                counts.added += 1;
                changes.measures.push(measure.clone());
            }
        }
    }
    let rows = measures.len();
    let mut imported = Imported {
        council: council.slug.clone(),
        source: source_name.to_string(),
        kind: DataKind::Measures,
        rows,
        counts,
        dry_run,
        commentary_owed: Vec::new(),
        kept_rules: Vec::new(),
    };
    if imported.changes_nothing() {
        return Ok(imported);
    }
    // A dry run says which rules it would keep, too.
    imported.kept_rules = crate::framework::kept_rules::keep_rules(store, &council, &mut changes, now).await?;
    if dry_run {
        return Ok(imported);
    }
    changes.audit.push(
        AuditEvent::Imported {
            council: &council.slug,
            source: source_name,
            kind: DataKind::Measures.name(),
            rows,
            counts,
        }
        .record_by(actor, now),
    );
    store.apply(&changes).await?;
    // A tolerance or polarity changed can turn a result Red or Amber.
    let council = crate::council(store, &council.slug).await?;
    let written = measures.iter().map(|m| m.code.clone()).collect();
    imported.commentary_owed = crate::results::commentary::owed_after_import(store, &council, &written).await?;
    Ok(imported)
}
