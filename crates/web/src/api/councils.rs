//! `/api/v1/councils`: the councils the caller may read, and one council.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::Caller;
use super::extract::{ApiPath, ApiQuery};
use super::page::{PageInfo, PageQuery, paginate, respond};
use super::problem::{ApiError, Problem};
use crate::AppState;

/// A council in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CouncilItem {
    /// The council's identifier in every URL (`stevenage`).
    pub slug: String,
    pub name: String,
    /// This council's resource.
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CouncilPage {
    pub items: Vec<CouncilItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

/// One council: what it is and where its parts are.
#[derive(Debug, Serialize, ToSchema)]
pub struct CouncilDetail {
    pub slug: String,
    pub name: String,
    /// Changes whenever anything about the council changes; the ETag names it.
    pub revision: i64,
    /// How many measures the council has.
    pub measures: usize,
    /// The groups the council's summaries count by ("FTFC focus", "Corporate focus").
    pub summary_groups: Vec<String>,
    pub links: CouncilLinks,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CouncilLinks {
    pub nodes: String,
    pub measures: String,
    pub periods: String,
    pub statuses: String,
    pub summaries: String,
}

/// The councils the caller may read.
#[utoipa::path(
    get,
    path = "/api/v1/councils",
    tag = "councils",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of councils", body = CouncilPage,
            headers(("Link" = String, description = "The next page, rel=\"next\", when there is one"))),
        (status = 400, description = "A query parameter cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let councils = outturn_app::statuses::api_reads::readable_councils(state.store.as_ref(), &caller.actor()).await?;
    let items = councils
        .into_iter()
        .map(|c| CouncilItem { url: format!("/api/v1/councils/{}", c.slug), slug: c.slug.to_string(), name: c.name })
        .collect();
    let paged = paginate(items, &page, "/api/v1/councils", &[])?;
    let next = paged.page.next.clone();
    Ok(respond(&CouncilPage { items: paged.items, page: paged.page }, next.as_deref()))
}

/// One council, with an ETag naming its revision.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}",
    tag = "councils",
    params(("council" = String, Path, description = "The council's slug, such as stevenage", example = "stevenage")),
    responses(
        (status = 200, description = "The council", body = CouncilDetail,
            headers(("ETag" = String, description = "The council's revision"))),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(council): ApiPath<String>,
) -> Result<Response, ApiError> {
    let found = super::readable(&state, &caller, &council).await?;
    let revision =
        outturn_app::statuses::api_reads::council_revision(state.store.as_ref(), &caller.actor(), &found.slug).await?;
    let base = format!("/api/v1/councils/{}", found.slug);
    let detail = CouncilDetail {
        slug: found.slug.to_string(),
        name: found.name.clone(),
        revision,
        measures: found.measures.len(),
        summary_groups: found.summary.groups.iter().map(|g| g.label.clone()).collect(),
        links: CouncilLinks {
            nodes: format!("{base}/nodes"),
            measures: format!("{base}/measures"),
            periods: format!("{base}/periods"),
            statuses: format!("{base}/statuses"),
            summaries: format!("{base}/summaries"),
        },
    };
    let mut response = axum::Json(detail).into_response();
    response.headers_mut().insert(header::ETAG, super::etag(&format!("council-{revision}")));
    Ok(response)
}
