//! Use case: a council's report settings (the cover block and the
//! implications sections of its committee reports), read by anyone who reads
//! the council and changed only by those who may edit its reports.

use jiff::Timestamp;
use outturn_store::{ChangeSet, ReportSettings, Store, User};
use serde_json::json;

use crate::AppError;
use crate::access::{Action, can};

/// The settings, for a person who may edit them.
pub async fn settings_for(store: &dyn Store, user: &User, council: &str) -> Result<ReportSettings, AppError> {
    let c = crate::council(store, council).await?;
    if !can(Some(user), Action::EditReport(&c.slug)) {
        return Err(AppError::Forbidden);
    }
    Ok(store.report_settings(&c.slug).await?)
}

/// Replaces the settings whole, in one transaction with an audit record
/// (`report.settings-changed`, before and after). An implication needs both
/// a title and a text; a contact email needs an `@`.
pub async fn save_settings(
    store: &dyn Store,
    user: &User,
    council: &str,
    settings: ReportSettings,
    now: Timestamp,
) -> Result<(), AppError> {
    let c = crate::council(store, council).await?;
    if !can(Some(user), Action::EditReport(&c.slug)) {
        return Err(AppError::Forbidden);
    }
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
    changes.audit.push(outturn_store::AuditRecord {
        at: now,
        actor: user.username.clone(),
        council: Some(c.slug.clone()),
        event: "report.settings-changed".into(),
        subject: "report settings".into(),
        before: Some(as_json(&before)),
        after: Some(as_json(&settings)),
    });
    changes.report_settings = Some(settings);
    store.apply(&changes).await?;
    Ok(())
}

fn as_json(s: &ReportSettings) -> serde_json::Value {
    json!({
        "committee": s.committee, "portfolio_holder": s.portfolio_holder, "lead_officer": s.lead_officer,
        "contact_name": s.contact_name, "contact_email": s.contact_email, "contact_phone": s.contact_phone,
        "implications": s.implications.iter().map(|i| json!({ "title": i.title, "text": i.text })).collect::<Vec<_>>(),
    })
}
