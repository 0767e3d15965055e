//! Published reports: a council's list with downloads (and publishing, for
//! performance officers), one publication "as published" against "now", and
//! its stored files served byte for byte. Rules: `outturn_app::reports::publication`
//! and `outturn_report::publish`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use outturn_app::access::Action;
use outturn_app::actor::Actor;
use outturn_app::reports::publication::{MeasureChange, changes_since, file, list, publication_of};
use outturn_core::{Key, Period};
use outturn_report::ReportKind;
use outturn_report::publish::{PublishRequest, publish};
use outturn_store::Publication;
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::forms::Form;
use crate::ids::council_key;
use crate::session::{SignedIn, Visitor, check_post};
use crate::views::{Chrome, Section, render};

use super::published::{PublicSection, public_chrome};

pub struct Download {
    pub label: String,
    pub href: String,
}

pub struct PublicationRow {
    pub id: i64,
    pub title: String,
    pub href: String,
    pub committee: String,
    pub meeting: String,
    pub published: String,
    pub hash: String,
    pub downloads: Vec<Download>,
}

#[derive(Template)]
#[template(path = "reports.html")]
pub struct ReportsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub publications: Vec<PublicationRow>,
    pub can_publish: bool,
    /// What went wrong, and the id of the field its link leads to.
    pub error: Option<(String, &'static str)>,
    /// The publish form as it was sent (kept when it is refused).
    pub values: PublishForm,
}

fn format_label(code: &str) -> &'static str {
    match code {
        "html" => "Web page (HTML)",
        "md" => "Text (Markdown)",
        "docx" => "Word document (DOCX)",
        "pdf" => "PDF",
        "xlsx" => "Compendium (Excel XLSX)",
        "json" => "Report data (JSON)",
        _ => "File",
    }
}

/// A publication as listed; `by_whom` names the account that published it
/// (for the council's readers; the public see when, not who).
fn row(council: &str, p: &Publication, by_whom: bool) -> PublicationRow {
    let when = p.published_at.strftime("%-d %B %Y %H:%M UTC").to_string();
    PublicationRow {
        id: p.id,
        title: format!("{} report, {} ({})", outturn_app::sentence_case(&p.kind), p.period.describe(), p.period),
        href: format!("/councils/{council}/reports/{}", p.id),
        committee: p.committee.clone(),
        meeting: p.meeting_date.strftime("%-d %B %Y").to_string(),
        published: if by_whom { format!("{when} by {}", p.published_by) } else { when },
        hash: p.content_hash.chars().take(12).collect(),
        downloads: p
            .formats
            .iter()
            .map(|f| Download {
                label: format_label(f).to_string(),
                href: format!("/councils/{council}/reports/{}/files/{f}", p.id),
            })
            .collect(),
    }
}

/// The council's readers see the staff page (with the publish form for
/// officers); anyone else, signed in or not, the public list.
pub async fn reports(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
) -> Result<Html<String>, WebError> {
    let key = council_key(&council)?;
    match &visitor.0 {
        Some(signed_in) if signed_in.actor().may_read(&key) => {
            Ok(render(&reports_page(&state, signed_in, &council, None, PublishForm::default()).await?))
        }
        _ => Ok(render(&public_reports_page(&state, &visitor, &key).await?)),
    }
}

async fn public_reports_page(state: &AppState, visitor: &Visitor, key: &Key) -> Result<ReportsPage, WebError> {
    let name = outturn_app::council_title(state.store.as_ref(), key).await?;
    let published = list(state.store.as_ref(), &Actor::Public, Some(key)).await?;
    Ok(ReportsPage {
        chrome: public_chrome(visitor, key, &name, PublicSection::Reports),
        slug: key.to_string(),
        publications: published.iter().rev().map(|p| row(key.as_str(), p, false)).collect(),
        can_publish: false,
        error: None,
        values: PublishForm::default(),
    })
}

async fn reports_page(
    state: &AppState,
    signed_in: &SignedIn,
    council: &str,
    error: Option<(String, &'static str)>,
    values: PublishForm,
) -> Result<ReportsPage, WebError> {
    let key = council_key(council)?;
    let actor = signed_in.actor();
    let published = list(state.store.as_ref(), &actor, Some(&key)).await?;
    let name = outturn_app::council_title(state.store.as_ref(), &key).await?;
    let can_enter = outturn_app::access::records_results(&signed_in.user, &key);
    Ok(ReportsPage {
        chrome: Chrome::council(Some(signed_in), council, &name, Section::Reports, can_enter),
        slug: council.to_string(),
        publications: published.iter().rev().map(|p| row(council, p, true)).collect(),
        can_publish: actor.may(Action::ManageRounds(&key)),
        error,
        values,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub committee: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub override_reason: String,
}

pub async fn publish_report(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path(council): Path<String>,
    Form(form): Form<PublishForm>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/reports"))?;
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &form.csrf_token)?;
    // Who may, before what they sent.
    let actor = signed_in.actor();
    actor.check(Action::ManageRounds(&council_key(&council)?))?;
    // Each problem with the field its link leads to.
    let problems: Vec<(String, &'static str)>;
    let parsed = (
        ReportKind::parse(form.kind.trim()).ok_or(("Kind: choose quarterly or exception".to_string(), "kind")),
        Period::parse(form.period.trim()).map_err(|e| (format!("Period: {e}"), "period")),
        crate::forms::parse_date("the meeting date", &form.date).map_err(|e| (e, "date")),
    );
    match parsed {
        (Ok(kind), Ok(period), Ok(meeting_date)) => {
            let override_reason = Some(form.override_reason.as_str()).filter(|r| !r.trim().is_empty());
            let request = PublishRequest {
                council: &council_key(&council)?,
                kind,
                period,
                committee: &form.committee,
                meeting_date,
                override_reason,
            };
            match publish(state.store.as_ref(), &actor, &request, Timestamp::now()).await {
                Ok(p) => return Ok(Redirect::to(&format!("/councils/{council}/reports/{}", p.id)).into_response()),
                // The checklist's open items: publishing needs a reason.
                Err(outturn_report::ReportError::App(outturn_app::AppError::Workflow(m))) => {
                    problems = vec![(outturn_app::sentence_case(&m), "override_reason")]
                }
                Err(outturn_report::ReportError::App(e)) => return Err(e.into()),
                Err(outturn_report::ReportError::Store(e)) => return Err(e.into()),
                Err(e) => return Err(WebError::Internal(e.to_string())),
            }
        }
        (k, p, d) => problems = [k.err(), p.err(), d.err()].into_iter().flatten().collect(),
    }
    let field = problems.first().map_or("period", |(_, f)| *f);
    let message = problems.into_iter().map(|(m, _)| m).collect::<Vec<_>>().join(". ");
    let page = reports_page(&state, &signed_in, &council, Some((message, field)), form).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

#[derive(Template)]
#[template(path = "report_published.html")]
pub struct PublishedPage {
    pub chrome: Chrome,
    pub slug: String,
    pub report: PublicationRow,
    pub hash: String,
    /// What differs now from what was published: for the council's readers
    /// only (None for the public, who see the publication alone).
    pub changes: Option<Vec<MeasureChange>>,
}

pub async fn published(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, id)): Path<(String, i64)>,
) -> Result<Html<String>, WebError> {
    let key = council_key(&council)?;
    let reader = visitor.0.clone().filter(|s| s.actor().may_read(&key));
    let who = &reader.as_ref().map_or(Actor::Public, |s| s.actor());
    // Another council's id is answered as an id that does not exist.
    let (p, _) = publication_of(state.store.as_ref(), who, &key, id).await?;
    let name = outturn_app::council_title(state.store.as_ref(), &key).await?;
    let (chrome, changes) = match &reader {
        Some(signed_in) => {
            let can_enter = outturn_app::access::records_results(&signed_in.user, &key);
            let chrome = Chrome::council(Some(signed_in), &council, &name, Section::Reports, can_enter);
            (chrome, Some(changes_since(state.store.as_ref(), who, id).await?.changes))
        }
        None => (public_chrome(&visitor, &key, &name, PublicSection::Reports), None),
    };
    Ok(render(&PublishedPage {
        chrome,
        slug: council.clone(),
        hash: p.content_hash.clone(),
        report: row(&council, &p, reader.is_some()),
        changes,
    }))
}

pub async fn download(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, id, format)): Path<(String, i64, String)>,
) -> Result<Response, WebError> {
    let key = council_key(&council)?;
    let who = &visitor.actor();
    let (p, _) = publication_of(state.store.as_ref(), who, &key, id).await?;
    if !p.formats.contains(&format) {
        return Err(WebError::NotFound(format!("published report {id} of {council} has no {format} file")));
    }
    let f = file(state.store.as_ref(), who, id, &format).await?;
    let media = HeaderValue::from_str(&f.media_type).map_err(|e| WebError::Internal(e.to_string()))?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", f.file_name))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, media), (header::CONTENT_DISPOSITION, disposition)], f.bytes).into_response())
}
