//! The audit log, for administrators: who changed what, when, from what to what.

use axum::extract::State;
use axum::response::Html;
use outturn_app::access::Action;
use outturn_core::Key;
use outturn_store::AuditFilter;
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::forms::Query;
use crate::session::Visitor;
use crate::views::{AuditPage, AuditRow, Chrome, render};

const PAGE_SIZE: u32 = 50;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    council: Option<String>,
    actor: Option<String>,
    event: Option<String>,
    page: Option<u32>,
}

pub async fn audit_log(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require("/audit")?;
    let actor = signed_in.actor();
    // Who may, before the filter is read.
    actor.check(Action::ReadAudit)?;
    let blank = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let council = match blank(&q.council) {
        Some(c) => Some(Key::parse(&c).map_err(|e| WebError::BadRequest(e.to_string()))?),
        None => None,
    };
    let page = q.page.unwrap_or(1).max(1);
    let filter = AuditFilter {
        council: council.clone(),
        actor: blank(&q.actor),
        event_prefix: blank(&q.event),
        since: None,
        until: None,
        limit: PAGE_SIZE + 1,
        offset: (page - 1) * PAGE_SIZE,
    };
    let mut records = outturn_app::audit_event::audit_log(state.store.as_ref(), &actor, &filter).await?;
    let more = records.len() > PAGE_SIZE as usize;
    records.truncate(PAGE_SIZE as usize);
    let json = |v: &Option<serde_json::Value>| {
        v.as_ref().map(|v| serde_json::to_string_pretty(v).unwrap_or_default()).unwrap_or_default()
    };
    let query = format!(
        "council={}&actor={}&event={}",
        council.as_ref().map(Key::to_string).unwrap_or_default(),
        crate::filters::url_encode(&blank(&q.actor).unwrap_or_default()),
        crate::filters::url_encode(&blank(&q.event).unwrap_or_default())
    );
    let view = AuditPage {
        chrome: Chrome::new(Some(&signed_in)),
        council: council.map(|c| c.to_string()).unwrap_or_default(),
        actor: blank(&q.actor).unwrap_or_default(),
        event: blank(&q.event).unwrap_or_default(),
        rows: records
            .iter()
            .map(|r| AuditRow {
                at: r.at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
                actor: r.actor.clone(),
                council: r.council.as_ref().map(Key::to_string).unwrap_or_default(),
                event: r.event.clone(),
                subject: r.subject.clone(),
                before: json(&r.before),
                after: json(&r.after),
            })
            .collect(),
        previous_page: (page > 1).then(|| format!("/audit?{query}&page={}", page - 1)),
        next_page: more.then(|| format!("/audit?{query}&page={}", page + 1)),
    };
    Ok(render(&view))
}
