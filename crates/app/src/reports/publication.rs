//! Use cases: published reports. What was published when, a stored file
//! back byte for byte, and what has changed since ("as published" against
//! "now"). Publishing itself renders the report, so it lives with the
//! renderers (`outturn_report::publish`); its data is the status report.

use outturn_core::Key;
use outturn_store::{Publication, PublishedFile, Store};
use serde::Serialize;

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::statuses::status_report::{MeasureStatus, status_report};

/// Published reports of a council (or of every council): published for the
/// public, so anyone may list them.
pub async fn list(store: &dyn Store, actor: &Actor, council: Option<&Key>) -> Result<Vec<Publication>, AppError> {
    let slug = match council {
        Some(c) => Some(crate::council(store, c).await?.slug.clone()),
        None => None,
    };
    let all = store.publications(slug.as_ref()).await?;
    Ok(all.into_iter().filter(|p| actor.may(Action::ReadPublished(&p.council))).collect())
}

/// A publication the asker may read.
pub async fn publication(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
) -> Result<(Publication, serde_json::Value), AppError> {
    let found = store.publication(id).await?;
    match found {
        Some((p, data)) if actor.may(Action::ReadPublished(&p.council)) => Ok((p, data)),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::NoPublication(id)),
    }
}

/// A publication of the given council that the asker may read. One of
/// another council is answered as one that does not exist, before any
/// permission is asked, so that an id says nothing about other councils.
pub async fn publication_of(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    id: i64,
) -> Result<(Publication, serde_json::Value), AppError> {
    match store.publication(id).await? {
        Some((p, data)) if &p.council == council => {
            actor.check(Action::ReadPublished(&p.council))?;
            Ok((p, data))
        }
        _ => Err(AppError::NoPublication(id)),
    }
}

/// One stored file of a publication, exactly as published.
pub async fn file(store: &dyn Store, actor: &Actor, id: i64, format: &str) -> Result<PublishedFile, AppError> {
    let (p, _) = publication(store, actor, id).await?;
    store.publication_file(id, format).await?.ok_or_else(|| {
        AppError::Workflow(format!("published report {id} has no {format} file: it has {}", p.formats.join(", ")))
    })
}

/// A measure whose figure or status differs now from what was published.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MeasureChange {
    pub code: String,
    pub title: String,
    pub published_result: Option<String>,
    pub now_result: Option<String>,
    pub published_status: String,
    pub now_status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub id: i64,
    pub council: Key,
    pub period: outturn_core::Period,
    pub published_at: jiff::Timestamp,
    pub changes: Vec<MeasureChange>,
}

/// The measures whose figures or statuses differ now from the published data.
pub async fn changes_since(store: &dyn Store, actor: &Actor, id: i64) -> Result<Changes, AppError> {
    let (p, data) = publication(store, actor, id).await?;
    // "Now" includes figures not yet published: for the council's readers only.
    actor.check(Action::ReadCouncil(&p.council))?;
    let now = status_report(store, actor, &p.council, p.period, None).await?;
    let published: Vec<serde_json::Value> =
        data.get("measures").and_then(|m| m.as_array()).cloned().unwrap_or_default();
    let text = |v: &serde_json::Value, field: &str| v.get(field).and_then(|x| x.as_str()).map(str::to_string);
    let mut changes = Vec::new();
    for m in &now.measures {
        let before = published.iter().find(|v| text(v, "code").as_deref() == Some(m.code.as_str()));
        let (was_result, was_code, was_status) = match before {
            Some(v) => (text(v, "result_display"), text(v, "status"), text(v, "status_label").unwrap_or_default()),
            None => (None, None, "Not in the published report".to_string()),
        };
        // By the status's code: the council renaming a status is not a change of status.
        if was_result != m.result_display || was_code.as_deref() != Some(m.status.code()) {
            changes.push(change(m, was_result, was_status));
        }
    }
    Ok(Changes { id, council: p.council, period: p.period, published_at: p.published_at, changes })
}

fn change(m: &MeasureStatus, published_result: Option<String>, published_status: String) -> MeasureChange {
    MeasureChange {
        code: m.code.clone(),
        title: m.title.clone(),
        published_result,
        now_result: m.result_display.clone(),
        published_status,
        now_status: m.status_label.clone(),
    }
}
