//! `/api/v1/councils/{council}/measures/{code}/targets`: every target
//! revision of a measure, in the order recorded.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::Caller;
use super::extract::{ApiPath, ApiQuery};
use super::page::{PageInfo, PageQuery, paginate, respond};
use super::problem::{ApiError, Problem};
use crate::AppState;
use crate::ids::measure_code;

/// A target for one of the measure's periods, as revised on a day for a reason.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetItem {
    pub measure: String,
    /// The measure's own period the target is for.
    pub period: String,
    /// A decimal, exact as recorded (`96.3`).
    #[schema(examples("96.3"))]
    pub value: String,
    /// The day from which this value is the target (YYYY-MM-DD).
    pub effective: String,
    pub reason: String,
    pub author: String,
    /// When the revision was entered (RFC 3339, UTC).
    pub recorded_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TargetPage {
    pub items: Vec<TargetItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

/// Every target revision of the measure, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/measures/{code}/targets",
    tag = "measures",
    params(
        ("council" = String, Path, description = "The council's slug", example = "stevenage"),
        ("code" = String, Path, description = "The measure's code (case-sensitive)", example = "NI156"),
        PageQuery,
    ),
    responses(
        (status = 200, description = "A page of target revisions", body = TargetPage,
            headers(("Link" = String, description = "The next page, rel=\"next\", when there is one"))),
        (status = 400, description = "A parameter cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council or measure", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((council, code)): ApiPath<(String, String)>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let found = super::readable(&state, &caller, &council).await?;
    let detail = outturn_app::statuses::measures_query::show_measure(
        state.store.as_ref(),
        &caller.actor(),
        &found.slug,
        &measure_code(found.slug.as_str(), &code)?,
    )
    .await?;
    let items = detail
        .targets
        .iter()
        .map(|t| TargetItem {
            measure: t.measure.to_string(),
            period: t.period.to_string(),
            value: t.value.to_string(),
            effective: t.effective.to_string(),
            reason: t.reason.clone(),
            author: t.author.clone(),
            recorded_at: t.recorded_at.to_string(),
        })
        .collect();
    let path = format!("/api/v1/councils/{}/measures/{}/targets", found.slug, crate::filters::url_encode(&code));
    let paged = paginate(items, &page, &path, &[])?;
    let next = paged.page.next.clone();
    Ok(respond(&TargetPage { items: paged.items, page: paged.page }, next.as_deref()))
}
