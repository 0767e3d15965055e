//! Use case: a council's report settings (the cover block and the
//! implications sections of its committee reports), read by anyone who reads
//! the council and changed only by those who may edit its reports.

use jiff::Timestamp;
use outturn_core::Key;
use outturn_store::{ChangeSet, ReportSettings, Store};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;

/// A council whose reports the actor may edit (drafts, narrative, settings), or why not.
pub async fn editable(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
) -> Result<std::sync::Arc<outturn_store::Council>, AppError> {
    let c = crate::statuses::measures_query::council_for(store, actor, council).await?;
    actor.check(Action::EditReport(&c.slug))?;
    Ok(c)
}

/// The council and its settings, for an actor who may edit them.
pub async fn settings_for(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
) -> Result<(std::sync::Arc<outturn_store::Council>, ReportSettings), AppError> {
    let c = editable(store, actor, council).await?;
    let settings = store.report_settings(&c.slug).await?;
    Ok((c, settings))
}

/// Replaces the settings whole, in one transaction with an audit record
/// (`report.settings-changed`, before and after). An implication needs both
/// a title and a text; a contact email needs an `@`.
pub async fn save_settings(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    settings: ReportSettings,
    now: Timestamp,
) -> Result<(), AppError> {
    let c = crate::council(store, council).await?;
    actor.check(Action::EditReport(&c.slug))?;
    if let Some(email) = &settings.contact_email
        && !email.contains('@')
    {
        return Err(AppError::BadInput {
            field: "contact_email",
            message: format!("\"{email}\" is not an email address"),
        });
    }
    if let Some(i) = settings.implications.iter().find(|i| i.title.trim().is_empty() || i.text.trim().is_empty()) {
        let (field, what) =
            if i.title.trim().is_empty() { ("implications", "a title") } else { ("implications", "its text") };
        return Err(AppError::BadInput { field, message: format!("each implication needs {what}") });
    }
    let before = store.report_settings(&c.slug).await?;
    let mut changes = ChangeSet::for_council(c.slug.clone(), c.name.clone());
    changes.audit.push(
        AuditEvent::ReportSettingsChanged { council: &c.slug, before: &before, after: &settings }.record_by(actor, now),
    );
    changes.report_settings = Some(settings);
    store.apply(&changes).await?;
    Ok(())
}
