//! A report draft (council, kind, period): the report as generated now, with
//! one form holding every narrative slot (saved together, so nothing typed is
//! lost), the draft as Word or PDF before publishing, and the council's
//! report settings. Only those who may edit the council's reports
//! (`Action::EditReport`: performance officers and administrators) see or
//! change any of them.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use outturn_app::results::data_entry::FieldError;
use outturn_core::{Key, Period};
use outturn_report::{ReportKind, Settings};
use outturn_store::{DraftKey, Implication, Narrative, ReportSettings};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::filters::url_encode;
use crate::forms::{Form, text_field};
use crate::ids::council_key;
use crate::session::{SignedIn, Visitor, check_post};
use crate::views::{Chrome, Section, render};

#[derive(Debug, Default, Deserialize)]
pub struct DraftQuery {
    kind: Option<String>,
    period: Option<String>,
}

/// One narrative slot's field in the draft's form.
pub struct SlotView {
    pub key: String,
    pub label: String,
    pub text: String,
    /// The form's id, for links from the list of what is needed.
    pub id: String,
    pub needed: bool,
}

#[derive(Template)]
#[template(path = "report_draft.html")]
pub struct DraftPage {
    pub chrome: Chrome,
    pub slug: String,
    pub kind: String,
    pub period: String,
    /// The period as a query value (`2020%2F21-Q2`).
    pub period_query: String,
    pub period_description: String,
    /// The generated report, as the HTML renderer writes it (escaped there).
    pub report_html: String,
    pub slots: Vec<SlotView>,
    /// How many slots the last save changed (after a save).
    pub saved: Option<usize>,
}

impl DraftPage {
    pub fn needed(&self) -> impl Iterator<Item = &SlotView> {
        self.slots.iter().filter(|s| s.needed)
    }
}

fn slot_id(key: &str) -> String {
    let tail: String =
        key.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("slot-{tail}")
}

/// The council, after checking the person may edit its reports.
async fn editable(
    state: &AppState,
    signed_in: &SignedIn,
    council: &str,
) -> Result<std::sync::Arc<outturn_store::Council>, WebError> {
    Ok(outturn_app::reports::settings::editable(state.store.as_ref(), &signed_in.actor(), &council_key(council)?)
        .await?)
}

fn kind_of(text: Option<&str>) -> Result<ReportKind, WebError> {
    let text = text.map(str::trim).filter(|t| !t.is_empty()).unwrap_or("quarterly");
    ReportKind::parse(text)
        .ok_or_else(|| WebError::BadRequest(format!("\"{text}\" is not a report: choose quarterly or exception")))
}

/// The period asked for, or the quarter everyone's dashboard opens on (the
/// last whose round is closed), so the draft reports what the dashboard shows.
async fn period_of(state: &AppState, slug: &Key, text: Option<&str>) -> Result<Period, WebError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Period::parse(t).map_err(|e| WebError::BadRequest(outturn_app::sentence_case(&e.to_string()))),
        None => Ok(outturn_app::statuses::status_report::default_period(state.store.as_ref(), slug).await?),
    }
}

fn draft_url(slug: &str, kind: ReportKind, period: Period) -> String {
    format!("/councils/{slug}/report-draft?kind={}&period={}", kind.slug(), url_encode(&period.to_string()))
}

/// The draft as generated now (the report and its narrative slots).
async fn generate(
    state: &AppState,
    signed_in: &SignedIn,
    council: &str,
    kind: ReportKind,
    period: Period,
) -> Result<outturn_report::Draft, WebError> {
    outturn_report::draft(
        state.store.as_ref(),
        &signed_in.actor(),
        kind,
        &council_key(council)?,
        period,
        &Settings::default(),
    )
    .await
    .map_err(|e| WebError::BadRequest(e.to_string()))
}

pub async fn draft_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
    Query(q): Query<DraftQuery>,
    Query(saved): Query<HashMap<String, String>>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/report-draft"))?;
    let found = editable(&state, &signed_in, &council).await?;
    let kind = kind_of(q.kind.as_deref())?;
    let period = period_of(&state, &found.slug, q.period.as_deref()).await?;
    let draft = generate(&state, &signed_in, &council, kind, period).await?;
    let page = DraftPage {
        chrome: Chrome::council(
            Some(&signed_in),
            &council,
            &outturn_app::CouncilTitle::of(&found),
            Section::Other,
            true,
        ),
        slug: council.clone(),
        kind: kind.slug().to_string(),
        period: period.to_string(),
        period_query: url_encode(&period.to_string()),
        period_description: period.describe(),
        report_html: crate::table_wrapper::wrap_tables(
            &outturn_report::html::render_body(&draft.report),
            "report-table",
        ),
        slots: draft
            .slots
            .iter()
            .map(|s| SlotView {
                key: s.key.clone(),
                label: outturn_app::sentence_case(&s.label),
                text: s.text.clone().unwrap_or_default(),
                id: slot_id(&s.key),
                needed: s.text.is_none(),
            })
            .collect(),
        saved: saved.get("saved").and_then(|n| n.parse().ok()),
    };
    Ok(render(&page))
}

/// The prefix of each slot's field in the draft's form: `slot:purpose`.
const SLOT_FIELD: &str = "slot:";

/// The slots a post carries: every `slot:KEY` field of the one form, or the
/// single `slot` and `text` pair (scripts and older pages).
fn posted_slots(form: &HashMap<String, String>) -> Narrative {
    let mut slots: Narrative = form
        .iter()
        .filter_map(|(name, text)| name.strip_prefix(SLOT_FIELD).map(|key| (key.trim().to_string(), text.clone())))
        .collect();
    if let Some(key) = form.get("slot").map(|k| k.trim()).filter(|k| !k.is_empty()) {
        slots.insert(key.to_string(), form.get("text").cloned().unwrap_or_default());
    }
    slots
}

pub async fn save_slot(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path(council): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/report-draft"))?;
    let field = |name: &str| form.get(name).map_or("", |v| v.as_str());
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, field("csrf_token"))?;
    // Who may, before what they sent.
    let found = editable(&state, &signed_in, &council).await?;
    let kind = kind_of(Some(field("kind")))?;
    let period = period_of(&state, &found.slug, Some(field("period"))).await?;
    let draft = DraftKey { council: found.slug.clone(), kind: kind.slug().to_string(), period };
    // Only what changed is saved (and audited): the form sends every slot.
    let changed = outturn_app::reports::narrative::save_slots(
        state.store.as_ref(),
        &signed_in.actor(),
        &draft,
        posted_slots(&form),
        Timestamp::now(),
    )
    .await?;
    let saved = changed.len();
    let first = changed.first().cloned();
    let anchor = first.as_deref().map_or_else(|| "narrative".to_string(), slot_id);
    let back = format!("{}&saved={saved}#{anchor}", draft_url(&council, kind, period));
    Ok(Redirect::to(&back).into_response())
}

/// The draft as generated now, as a Word document or PDF, for circulating
/// before publishing (it carries the Draft box while narrative is missing).
pub async fn draft_file(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, format)): Path<(String, String)>,
    Query(q): Query<DraftQuery>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/report-draft"))?;
    let found = editable(&state, &signed_in, &council).await?;
    let format = outturn_report::Format::ALL
        .into_iter()
        .find(|f| f.code() == format && f.is_binary())
        .ok_or_else(|| WebError::NotFound(format!("a draft is downloaded as docx or pdf, not \"{format}\"")))?;
    let kind = kind_of(q.kind.as_deref())?;
    let period = period_of(&state, &found.slug, q.period.as_deref()).await?;
    let draft = generate(&state, &signed_in, &council, kind, period).await?;
    let bytes = outturn_report::render_bytes(&draft.report, format);
    let name = format!("{council}-{}-{}-draft.{}", kind.slug(), period.to_string().replace('/', "-"), format.code());
    let disposition = axum::http::HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let media = axum::http::HeaderValue::from_static(format.media_type());
    Ok(([(axum::http::header::CONTENT_TYPE, media), (axum::http::header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

/// The settings form's fields, as text; implications as `implication_title_N` and `implication_text_N`.
#[derive(Template)]
#[template(path = "report_settings.html")]
pub struct SettingsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub committee: String,
    pub portfolio_holder: String,
    pub lead_officer: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    /// Every stored implication and one empty pair to add another.
    pub implications: Vec<(usize, String, String)>,
    pub errors: Vec<FieldError>,
}

impl SettingsPage {
    pub fn error(&self, field: &str) -> Option<&str> {
        crate::views::error_for(&self.errors, field)
    }
}

fn settings_page(chrome: Chrome, slug: &str, s: &ReportSettings, errors: Vec<FieldError>) -> SettingsPage {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut implications: Vec<(usize, String, String)> =
        s.implications.iter().enumerate().map(|(i, imp)| (i, imp.title.clone(), imp.text.clone())).collect();
    implications.push((implications.len(), String::new(), String::new()));
    SettingsPage {
        chrome,
        slug: slug.to_string(),
        committee: text(&s.committee),
        portfolio_holder: text(&s.portfolio_holder),
        lead_officer: text(&s.lead_officer),
        contact_name: text(&s.contact_name),
        contact_email: text(&s.contact_email),
        contact_phone: text(&s.contact_phone),
        implications,
        errors,
    }
}

pub async fn settings_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/report-settings"))?;
    let (found, settings) =
        outturn_app::reports::settings::settings_for(state.store.as_ref(), &signed_in.actor(), &council_key(&council)?)
            .await?;
    let chrome =
        Chrome::council(Some(&signed_in), &council, &outturn_app::CouncilTitle::of(&found), Section::Other, true);
    Ok(render(&settings_page(chrome, &council, &settings, Vec::new())))
}

/// The settings from the form: blank fields are absent; an implication with
/// neither title nor text is left out.
fn read_settings(form: &HashMap<String, String>) -> ReportSettings {
    let field = |name: &str| form.get(name).and_then(|v| text_field(v));
    let mut implications = Vec::new();
    for n in 0.. {
        let (title, text) = (form.get(&format!("implication_title_{n}")), form.get(&format!("implication_text_{n}")));
        if title.is_none() && text.is_none() {
            break;
        }
        let (title, text) = (title.map_or("", |t| t.trim()), text.map_or("", |t| t.trim()));
        if !title.is_empty() || !text.is_empty() {
            implications.push(Implication { title: title.to_string(), text: text.to_string() });
        }
    }
    ReportSettings {
        committee: field("committee"),
        portfolio_holder: field("portfolio_holder"),
        lead_officer: field("lead_officer"),
        contact_name: field("contact_name"),
        contact_email: field("contact_email"),
        contact_phone: field("contact_phone"),
        implications,
    }
}

pub async fn save_settings(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path(council): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/report-settings"))?;
    check_post(
        &headers,
        state.secure_cookies,
        &signed_in.csrf_token,
        form.get("csrf_token").map_or("", |t| t.as_str()),
    )?;
    let settings = read_settings(&form);
    match outturn_app::reports::settings::save_settings(
        state.store.as_ref(),
        &signed_in.actor(),
        &council_key(&council)?,
        settings.clone(),
        Timestamp::now(),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/councils/{council}/report-settings?saved=1")).into_response()),
        Err(outturn_app::AppError::BadInput { field, message }) => {
            let found = editable(&state, &signed_in, &council).await?;
            let chrome = Chrome::council(
                Some(&signed_in),
                &council,
                &outturn_app::CouncilTitle::of(&found),
                Section::Other,
                true,
            );
            let errors = vec![FieldError { field, message: outturn_app::sentence_case(&message) }];
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&settings_page(chrome, &council, &settings, errors)))
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
