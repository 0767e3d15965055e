//! `/api/v1/councils/{council}/measures`: the council's measures and one
//! measure's definition.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use outturn_core::Measure;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::Caller;
use super::extract::{ApiPath, ApiQuery};
use super::page::{PageInfo, PageQuery, paginate, respond};
use super::problem::{ApiError, Problem};
use crate::AppState;

/// A measure's definition.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasureItem {
    /// As the council writes it (`BV9`); case-sensitive.
    pub code: String,
    pub title: String,
    pub definition: Option<String>,
    /// The key of the node that owns the measure, and its name.
    pub owner: String,
    pub owner_name: String,
    /// The officer responsible, in words.
    pub officer: Option<String>,
    /// Keys of the nodes the measure is aligned to beyond its owner.
    pub aligned: Vec<String>,
    /// `percentage`, `count`, `money`, `days`, `score`, `rate per N`...
    pub unit: String,
    /// Decimal places shown.
    pub decimals: u8,
    /// `higher`, `lower` (which is better) or `none` (information only).
    pub polarity: String,
    /// `monthly`, `quarterly` or `annual`: the measure's own periods.
    pub frequency: String,
    /// How the year-to-date figure is formed, in words.
    pub year_to_date: String,
    /// How the status is judged, in words.
    pub status_rule: String,
    /// The first period it is reported for, and the one from which it is retired.
    pub active_from: Option<String>,
    pub retired_from: Option<String>,
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeasurePage {
    pub items: Vec<MeasureItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

/// A value's serde name (`higher`, `quarterly`), as the core spells it.
pub(crate) fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

pub(crate) fn measure_item(council: &outturn_store::Council, m: &Measure) -> MeasureItem {
    let name = |k: &outturn_core::Key| council.framework.node(k).map_or_else(|| k.to_string(), |n| n.name.clone());
    MeasureItem {
        code: m.code.to_string(),
        title: m.title.clone(),
        definition: m.definition.clone(),
        owner: m.owner.to_string(),
        owner_name: name(&m.owner),
        officer: m.officer.clone(),
        aligned: m.aligned.iter().map(ToString::to_string).collect(),
        unit: m.unit.name(),
        decimals: m.decimals,
        polarity: word(&m.polarity),
        frequency: word(&m.frequency),
        year_to_date: m.ytd.name().to_string(),
        status_rule: m.status_rule.describe(),
        active_from: m.active_from.map(|p| p.to_string()),
        retired_from: m.retired_from.map(|p| p.to_string()),
        url: format!("/api/v1/councils/{}/measures/{}", council.slug, crate::filters::url_encode(m.code.as_str())),
    }
}

/// The council's measures, in the order the council declared them.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/measures",
    tag = "measures",
    params(("council" = String, Path, description = "The council's slug", example = "stevenage"), PageQuery),
    responses(
        (status = 200, description = "A page of measures", body = MeasurePage,
            headers(("Link" = String, description = "The next page, rel=\"next\", when there is one"))),
        (status = 400, description = "A query parameter cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(council): ApiPath<String>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let found = super::readable(&state, &caller, &council).await?;
    let items = found.measures.iter().map(|m| measure_item(&found, m)).collect();
    let paged = paginate(items, &page, &format!("/api/v1/councils/{}/measures", found.slug), &[])?;
    let next = paged.page.next.clone();
    Ok(respond(&MeasurePage { items: paged.items, page: paged.page }, next.as_deref()))
}

/// One measure's definition.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/measures/{code}",
    tag = "measures",
    params(
        ("council" = String, Path, description = "The council's slug", example = "stevenage"),
        ("code" = String, Path, description = "The measure's code, such as BV9 (case-sensitive)", example = "NI156"),
    ),
    responses(
        (status = 200, description = "The measure", body = MeasureItem),
        (status = 400, description = "The path cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council or measure", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((council, code)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let found = super::readable(&state, &caller, &council).await?;
    let measure = super::measure_of(&found, &code)?;
    Ok(axum::Json(measure_item(&found, measure)).into_response())
}
