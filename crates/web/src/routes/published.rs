//! The public site: each council's performance exactly as it has published
//! it, for anyone, signed in or not. A council's page with the statuses of
//! its latest published report, a page per measure at a stable address
//! (`/published/{council}/measures/{code}`) with every published figure, its
//! SPC chart and how it compares with other councils, and the same figures
//! as open data (CSV with CSV on the Web metadata, and JSON). Nothing
//! entered after the publication, and no period after its own, is shown:
//! the rules are `outturn_app::published`.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use outturn_app::actor::Actor;
use outturn_app::published::{Published, PublishedPoint, open_data};
use outturn_core::{Key, Measure, Polarity, Status};

use crate::AppState;
use crate::error::WebError;
use crate::ids::{council_key, measure_code};
use crate::session::Visitor;
use crate::views::{Chrome, CouncilLink, NavItem, StatusTag, render};

/// Where a council's published pages are.
pub(crate) fn base(slug: &str) -> String {
    format!("/published/{slug}")
}

/// Which of the public menu's pages is open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PublicSection {
    Performance,
    Reports,
}

/// The public's menu for a council: its published performance and its
/// published reports; the person's own account links if they are signed in.
pub(crate) fn public_chrome(
    visitor: &Visitor,
    council: &Key,
    title: &outturn_app::CouncilTitle,
    section: PublicSection,
) -> Chrome {
    let nav = vec![
        NavItem { label: "Performance", href: base(council.as_str()), current: section == PublicSection::Performance },
        NavItem {
            label: "Published reports",
            href: format!("/councils/{council}/reports"),
            current: section == PublicSection::Reports,
        },
    ];
    let link = CouncilLink { name: title.name.clone(), notice: title.notice.clone(), href: base(council.as_str()) };
    Chrome { council: Some(link), nav, ..Chrome::new(visitor.0.as_ref()) }
}

/// The council's published view, kept while the council is unchanged.
async fn view(state: &AppState, council: &str) -> Result<Arc<Published>, WebError> {
    let key = council_key(council)?;
    let revision = state.store.revision(&key).await?.unwrap_or_default();
    let store = state.store.as_ref();
    let found = state
        .published
        .get_or_compute(key.to_string(), revision, async || {
            outturn_app::published::published(store, &Actor::Public, &key).await
        })
        .await?;
    Ok(found)
}

/// "As published in the quarterly report for July to September 2026, to
/// the Executive on 11 November 2026; figures as recorded on 5 November 2026."
fn as_published(p: &Published) -> String {
    let publication = &p.publication;
    format!(
        "As published in the {} report for {} ({}), to {} on {}: figures as recorded when it was published on {}. \
         Nothing entered since, and no later period, is shown until the next report is published.",
        publication.kind,
        publication.period.describe(),
        publication.period,
        publication.committee,
        publication.meeting_date.strftime("%-d %B %Y"),
        publication.published_at.strftime("%-d %B %Y"),
    )
}

fn figure(m: &Measure, value: Option<outturn_core::Decimal>) -> String {
    value.map(|v| m.format_figure(v)).unwrap_or_else(|| "–".to_string())
}

fn better(p: Polarity) -> &'static str {
    match p {
        Polarity::Higher => "Higher is better",
        Polarity::Lower => "Lower is better",
        Polarity::None => "Information only: neither way is better",
    }
}

/// One measure's line on the council's page.
pub struct MeasureLine {
    pub code: String,
    pub href: String,
    pub title: String,
    pub owner: String,
    pub period: String,
    pub figure: String,
    pub target: String,
    pub status: StatusTag,
}

/// How many measures have each status.
pub struct StatusCount {
    pub status: StatusTag,
    pub count: usize,
}

#[derive(Template)]
#[template(path = "published.html")]
pub struct PublishedPage {
    pub chrome: Chrome,
    pub name: String,
    pub slug: String,
    pub as_published: String,
    pub counts: Vec<StatusCount>,
    pub measures: Vec<MeasureLine>,
    pub csv_href: String,
    pub metadata_href: String,
    pub json_href: String,
    pub licence: &'static str,
}

/// The council's published performance: its latest report's statuses.
pub async fn council(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
) -> Result<Html<String>, WebError> {
    let p = view(&state, &council).await?;
    let slug = p.council.slug.as_str();
    let labels = &p.council.summary.labels;
    let measures: Vec<MeasureLine> = p
        .measures
        .iter()
        .filter_map(|m| {
            let current = m.current.as_ref()?;
            let d = &m.measure;
            Some(MeasureLine {
                code: d.code.to_string(),
                href: measure_href(slug, d.code.as_str()),
                title: d.title.clone(),
                owner: m.owner.clone(),
                period: current.period.to_string(),
                figure: point_figure(d, current),
                target: figure(d, current.target),
                status: StatusTag::of(current.status, labels),
            })
        })
        .collect();
    let counts = Status::ALL
        .iter()
        .filter_map(|s| {
            let count = p.measures.iter().filter(|m| m.current.as_ref().is_some_and(|c| c.status == *s)).count();
            (count > 0).then(|| StatusCount { status: StatusTag::of(*s, labels), count })
        })
        .collect();
    let b = base(slug);
    Ok(render(&PublishedPage {
        chrome: public_chrome(&visitor, &p.council.slug, &p.title, PublicSection::Performance),
        name: p.title.name.clone(),
        slug: slug.to_string(),
        as_published: as_published(&p),
        counts,
        measures,
        csv_href: format!("{b}/{}", open_data::CSV_NAME),
        metadata_href: format!("{b}/{}", open_data::METADATA_NAME),
        json_href: format!("{b}/{}", open_data::JSON_NAME),
        licence: open_data::LICENCE,
    }))
}

fn measure_href(slug: &str, code: &str) -> String {
    format!("{}/measures/{}", base(slug), crate::filters::url_encode(code))
}

/// The figure a status is judged on, or why there is none.
fn point_figure(m: &Measure, p: &PublishedPoint) -> String {
    match (&p.figure, &p.missing_reason) {
        (Some(v), _) => m.format_figure(*v),
        (None, Some(why)) => format!("Missing: {why}"),
        (None, None) => "–".to_string(),
    }
}

/// One published period of a measure.
pub struct PointRow {
    pub period: String,
    pub describe: String,
    pub own: String,
    pub figure: String,
    pub target: String,
    pub status: StatusTag,
    pub commentary: Option<String>,
}

#[derive(Template)]
#[template(path = "published_measure.html")]
pub struct PublishedMeasurePage {
    pub chrome: Chrome,
    pub council_href: String,
    pub code: String,
    pub title: String,
    pub facts: Vec<(&'static str, String)>,
    pub as_published: String,
    /// The SPC and comparison sections, drawn once per publication.
    pub analytics: Arc<String>,
    pub rows: Vec<PointRow>,
    pub cumulative: bool,
    pub csv_href: String,
    pub json_href: String,
}

/// A measure's published figures at its stable address.
pub async fn measure(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, code)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let p = view(&state, &council).await?;
    let code = measure_code(&council, &code)?;
    let found = p.measure(&code)?;
    let d = &found.measure;
    let slug = p.council.slug.as_str();
    let labels = &p.council.summary.labels;
    let revision = state.store.revision(&p.council.slug).await?.unwrap_or_default();
    let store = state.store.as_ref();
    let analytics = state
        .pages
        .get_or_compute(format!("{slug}|published|{code}|{}", p.publication.id), revision, async || {
            let spc = outturn_app::published::published_spc(store, &p, &code).await?;
            let recorded = format!("as published on {}", p.publication.published_at.strftime("%-d %B %Y"));
            let mut sections = crate::page::render(&crate::spc::SpcSection::of(&spc, None, recorded)).0;
            let compared = outturn_app::published::published_benchmark(store, &p, &code).await?;
            if !matches!(compared, Err(outturn_app::statuses::benchmark::NoBenchmark::NoComparison { .. })) {
                sections.push_str(&crate::page::render(&crate::benchmark::BenchmarkSection::of(&compared)).0);
            }
            Ok::<_, WebError>(sections)
        })
        .await?;
    let mut facts = vec![("Owned by", found.owner.clone())];
    if let Some(definition) = &d.definition {
        facts.insert(0, ("What it counts", definition.clone()));
    }
    facts.push(("Unit", d.unit.name()));
    facts.push(("Which way is better", better(d.polarity).to_string()));
    if let Some(current) = &found.current {
        facts.push((
            "Latest published",
            format!(
                "{} for {}: {} against a target of {}",
                labels.label(current.status),
                current.period.describe(),
                point_figure(d, current),
                figure(d, current.target)
            ),
        ));
    }
    let rows: Vec<PointRow> = found
        .points
        .iter()
        .rev()
        .map(|point| PointRow {
            period: point.period.to_string(),
            describe: d.describe_figure(point.period),
            own: match (&point.own, &point.missing_reason) {
                (Some(v), _) => d.format_figure(*v),
                (None, Some(why)) => format!("Missing: {why}"),
                (None, None) => "–".to_string(),
            },
            figure: figure(d, point.figure),
            target: figure(d, point.target),
            status: StatusTag::of(point.status, labels),
            commentary: point.commentary.clone(),
        })
        .collect();
    let b = base(slug);
    Ok(render(&PublishedMeasurePage {
        chrome: public_chrome(&visitor, &p.council.slug, &p.title, PublicSection::Performance),
        council_href: b.clone(),
        code: d.code.to_string(),
        title: d.title.clone(),
        facts,
        as_published: as_published(&p),
        analytics,
        cumulative: !matches!(d.ytd, outturn_core::YtdRule::Snapshot),
        rows,
        csv_href: format!("{b}/{}", open_data::CSV_NAME),
        json_href: format!("{b}/{}", open_data::JSON_NAME),
    }))
}

/// The published figures as CSV.
pub async fn csv(State(state): State<AppState>, Path(council): Path<String>) -> Result<Response, WebError> {
    let p = view(&state, &council).await?;
    let body = open_data::csv(&p);
    Ok(download("text/csv; charset=utf-8", &format!("{}-results.csv", p.council.slug), body))
}

/// The CSV's CSV on the Web metadata.
pub async fn metadata(State(state): State<AppState>, Path(council): Path<String>) -> Result<Response, WebError> {
    let p = view(&state, &council).await?;
    let body = serde_json::to_vec_pretty(&open_data::metadata(&p)).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/csvm+json")], body).into_response())
}

/// The published figures as JSON.
pub async fn json(State(state): State<AppState>, Path(council): Path<String>) -> Result<Response, WebError> {
    let p = view(&state, &council).await?;
    let body = serde_json::to_vec_pretty(&open_data::json(&p, &base(p.council.slug.as_str())))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

fn download(media: &'static str, file_name: &str, body: Vec<u8>) -> Response {
    let disposition = format!("inline; filename=\"{file_name}\"");
    ([(header::CONTENT_TYPE, media.to_string()), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
}

#[derive(Template)]
#[template(path = "accessibility.html")]
pub struct AccessibilityPage {
    pub chrome: Chrome,
    /// Where to report a problem: the installation's contact address, if set.
    pub contact: Option<String>,
}

/// The accessibility statement, in GOV.UK's model form.
pub async fn accessibility(visitor: Visitor) -> Html<String> {
    let contact = std::env::var("OUTTURN_CONTACT_EMAIL").ok().filter(|c| !c.trim().is_empty());
    render(&AccessibilityPage { chrome: Chrome::new(visitor.0.as_ref()), contact })
}
