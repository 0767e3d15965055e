//! Publishing a committee report: every format the report renders to and the
//! compendium, the evaluated data they rest on (the status report as JSON)
//! and a SHA-256 over all of it are stored in one transaction with who
//! published and when. A publication is never changed: later corrections to
//! results change what is shown "now", never the stored files; publishing
//! also locks the period (see `outturn_app::rounds::sign_off::check_unlocked`).
//!
//! Before anything is stored the publishing checklist (`outturn_core::publishing`)
//! is read off the report as rendered: narrative still to write, cover fields
//! to be set, business units not signed off, measures owing commentary. With
//! items open, publishing needs an override with a reason, kept in the audit
//! record beside the items it overrode.

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_app::AppError;
use outturn_app::access::Action;
use outturn_app::actor::Actor;
use outturn_app::audit_event::AuditEvent;
use outturn_app::statuses::status_report::status_report;
use outturn_core::publishing::Checklist;
use outturn_core::{Key, Period};
use outturn_store::{NewPublication, Publication, PublishedFile, Store};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::{Format, ReportError, ReportKind, Settings, render_bytes};

/// The compendium's format code in a publication.
pub const COMPENDIUM: &str = "xlsx";

/// The format code of the report's model (JSON), stored with each publication.
pub const MODEL: &str = "json";

/// What to publish.
#[derive(Debug, Clone)]
pub struct PublishRequest<'a> {
    pub council: &'a Key,
    pub kind: ReportKind,
    pub period: Period,
    pub committee: &'a str,
    pub meeting_date: Date,
    /// Why the report is published with checklist items still open.
    pub override_reason: Option<&'a str>,
}

/// Renders and stores the report; returns the publication as listed.
pub async fn publish(
    store: &dyn Store,
    actor: &Actor,
    request: &PublishRequest<'_>,
    now: Timestamp,
) -> Result<Publication, ReportError> {
    let PublishRequest { council, kind, period, committee, meeting_date, override_reason } = *request;
    let committee = committee.trim();
    if committee.is_empty() {
        return Err(AppError::Workflow("say which committee the report is published for".into()).into());
    }
    // Who may publish, before anything is read or rendered.
    let found = outturn_app::statuses::measures_query::council_for(store, actor, council).await?;
    actor.check(Action::ManageRounds(&found.slug))?;
    // One read of the figures: the data stored is the data rendered.
    let data = status_report(store, actor, council, period, None).await?;
    let slug = found.slug.clone();
    let settings = Settings { committee: Some(committee.to_string()), date: Some(meeting_date), as_of: None };
    let mut report = crate::draft(store, actor, kind, council, period, &settings).await?.report;
    let checklist = checklist(store, &report, &data, &slug, period).await?;
    if let Err(open) = checklist.may_publish(override_reason) {
        return Err(AppError::Workflow(format!(
            "{open}. Settle these, or publish anyway by giving a reason for overriding the checklist"
        ))
        .into());
    }
    let overridden = (!checklist.is_clear())
        .then(|| json!({ "reason": override_reason.unwrap_or_default().trim(), "open_items": checklist.open_items() }));
    // The published document is not a draft: no Draft box. An override is
    // printed on its cover so readers see what was published open and why.
    report.missing_narratives.clear();
    if let Some(reason) = override_reason.filter(|_| !checklist.is_clear()) {
        report.cover.push(crate::model::CoverLine {
            label: "Published with items open".into(),
            // The counts only ("22 narrative sections not written"): the
            // items themselves are in the audit record.
            value: format!("{} ({})", reason.trim(), open_counts(&checklist)),
            to_be_set: false,
        });
    }
    let stem = format!("{slug}-{}-{}", kind.slug(), period.to_string().replace('/', "-"));
    let mut files: Vec<PublishedFile> = Format::ALL
        .into_iter()
        .map(|format| PublishedFile {
            format: format.code().to_string(),
            file_name: format!("{stem}.{}", format.code()),
            media_type: format.media_type().to_string(),
            bytes: render_bytes(&report, format),
        })
        .collect();
    // The report's model as the API serves it, so that readers of the API get what was published.
    files.push(PublishedFile {
        format: MODEL.to_string(),
        file_name: format!("{stem}.json"),
        media_type: "application/json".to_string(),
        bytes: serde_json::to_vec_pretty(&report).map_err(|e| AppError::Workflow(e.to_string()))?,
    });
    files.push(PublishedFile {
        format: COMPENDIUM.to_string(),
        file_name: format!("{slug}-compendium-{}.xlsx", period.to_string().replace('/', "-")),
        media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
        bytes: crate::compendium::compendium(store, actor, council, period, &settings, now).await?,
    });
    let data = serde_json::to_value(&data).map_err(|e| AppError::Workflow(e.to_string()))?;
    let content_hash = content_hash(&files, &data);
    let publication = NewPublication {
        council: slug.clone(),
        kind: kind.slug().to_string(),
        period,
        committee: committee.to_string(),
        meeting_date,
        published_at: now,
        published_by: actor.name().to_string(),
        content_hash: content_hash.clone(),
        data,
        files,
    };
    let audit = AuditEvent::ReportPublished {
        council: &slug,
        kind: kind.slug(),
        period,
        committee,
        meeting_date,
        content_hash: &content_hash,
        checklist_overridden: overridden,
    }
    .record_by(actor, now);
    let id = store.publish(&publication, &audit).await?;
    let listed = store.publication(id).await?.map(|(p, _)| p);
    listed.ok_or_else(|| outturn_store::StoreError::NoCouncil(slug.to_string()).into())
}

/// Which report a reader of a council's report for a period gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportReading {
    /// Those who prepare reports: the draft, built from the figures and narrative now.
    Draft,
    /// Everyone else: the latest publication of that kind for the period,
    /// exactly as published (narrative edited since is a draft again).
    Published(i64),
    /// Not published for the period: nothing for this reader.
    NotPublished,
}

/// What the asker may read of a council's report of the kind for the period.
/// The council must already be one the asker may read.
pub async fn reading(
    store: &dyn Store,
    actor: &Actor,
    council: &outturn_core::Key,
    kind: ReportKind,
    period: Period,
) -> Result<ReportReading, outturn_store::StoreError> {
    if actor.may(Action::ReadDraft(council)) {
        return Ok(ReportReading::Draft);
    }
    let published = store.publications(Some(council)).await?;
    let latest = published.iter().filter(|p| p.kind == kind.slug() && p.period == period).max_by_key(|p| p.id);
    Ok(latest.map_or(ReportReading::NotPublished, |p| ReportReading::Published(p.id)))
}

/// What is still open before the report for the period could be published
/// without an override (performance officers: the draft's narrative gaps are
/// not for every reader).
pub async fn readiness(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    kind: ReportKind,
    period: Period,
) -> Result<Checklist, ReportError> {
    let found = outturn_app::statuses::measures_query::council_for(store, actor, council).await?;
    actor.check(Action::ReadDraft(&found.slug))?;
    let data = status_report(store, actor, council, period, None).await?;
    let report = crate::draft(store, actor, kind, council, period, &Settings::default()).await?.report;
    Ok(checklist(store, &report, &data, &found.slug, period).await?)
}

/// Each open item's count and kind, without the list: "6 business units not signed off".
fn open_counts(checklist: &Checklist) -> String {
    let items = checklist.open_items();
    items
        .iter()
        .map(|item| item.split_once(':').map_or(item.as_str(), |(count, _)| count))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What is still open for the report as rendered (see the module comment).
async fn checklist(
    store: &dyn Store,
    report: &crate::Report,
    data: &outturn_app::statuses::status_report::StatusReport,
    council: &outturn_core::Key,
    period: Period,
) -> Result<Checklist, AppError> {
    let council = store.council(council).await?.ok_or_else(|| AppError::Workflow(format!("no council {council}")))?;
    Ok(Checklist {
        narrative_gaps: report.missing_narratives.clone(),
        units_not_signed_off: outturn_app::rounds::sign_off::units_not_signed_off(store, &council, period).await?,
        cover_fields_unset: report.cover.iter().filter(|l| l.to_be_set).map(|l| l.label.to_lowercase()).collect(),
        commentary_owed: data
            .measures
            .iter()
            .filter(|m| m.commentary_need.is_owed())
            .map(|m| format!("{} {}", m.code, m.title))
            .collect(),
    })
}

/// SHA-256 (hex) over each file (its format, length and bytes, in order) and the data.
pub fn content_hash(files: &[PublishedFile], data: &serde_json::Value) -> String {
    let mut hash = Sha256::new();
    for f in files {
        hash.update(f.format.as_bytes());
        hash.update((f.bytes.len() as u64).to_be_bytes());
        hash.update(&f.bytes);
    }
    hash.update(data.to_string().as_bytes());
    hex::encode(hash.finalize())
}
