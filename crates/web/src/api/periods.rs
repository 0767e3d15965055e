//! Periods: those a council has results for, and those a measure has
//! results or targets for.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::response::Response;
use outturn_core::Period;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::Caller;
use super::extract::{ApiPath, ApiQuery};
use super::page::{PageInfo, PageQuery, paginate, respond};
use super::problem::{ApiError, Problem};
use crate::AppState;
use crate::ids::{council_key, measure_code};

/// A UK financial period.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodItem {
    /// `2020/21-Q2` (a quarter), `2020-09` (a month) or `2020/21` (a financial year).
    pub id: String,
    /// "July to September 2020".
    pub description: String,
    /// `monthly`, `quarterly` or `annual`.
    pub frequency: String,
    /// The first and last day, YYYY-MM-DD.
    pub start: String,
    pub end: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodPage {
    pub items: Vec<PeriodItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

fn period_item(p: Period) -> PeriodItem {
    PeriodItem {
        id: p.to_string(),
        description: p.describe(),
        frequency: super::measures::word(&p.frequency()),
        start: p.start_date().to_string(),
        end: p.end_date().to_string(),
    }
}

/// The periods the council has at least one recorded result for, in order.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/periods",
    tag = "councils",
    params(("council" = String, Path, description = "The council's slug", example = "stevenage"), PageQuery),
    responses(
        (status = 200, description = "A page of periods", body = PeriodPage,
            headers(("Link" = String, description = "The next page, rel=\"next\", when there is one"))),
        (status = 400, description = "A parameter cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn council_periods(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(council): ApiPath<String>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let periods = outturn_app::statuses::api_reads::result_periods(
        state.store.as_ref(),
        &caller.actor(),
        &council_key(&council)?,
    )
    .await?;
    let items = periods.into_iter().map(period_item).collect();
    let paged = paginate(items, &page, &format!("/api/v1/councils/{council}/periods"), &[])?;
    let next = paged.page.next.clone();
    Ok(respond(&PeriodPage { items: paged.items, page: paged.page }, next.as_deref()))
}

/// The measure's own periods that have a recorded result or a target, in order.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/measures/{code}/periods",
    tag = "measures",
    params(
        ("council" = String, Path, description = "The council's slug", example = "stevenage"),
        ("code" = String, Path, description = "The measure's code (case-sensitive)", example = "NI156"),
        PageQuery,
    ),
    responses(
        (status = 200, description = "A page of periods", body = PeriodPage,
            headers(("Link" = String, description = "The next page, rel=\"next\", when there is one"))),
        (status = 400, description = "A parameter cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council or measure", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn measure_periods(
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
    let periods: BTreeSet<Period> =
        detail.results.iter().map(|r| r.period).chain(detail.targets.iter().map(|t| t.period)).collect();
    let items = periods.into_iter().map(period_item).collect();
    let path = format!("/api/v1/councils/{}/measures/{}/periods", found.slug, crate::filters::url_encode(&code));
    let paged = paginate(items, &page, &path, &[])?;
    let next = paged.page.next.clone();
    Ok(respond(&PeriodPage { items: paged.items, page: paged.page }, next.as_deref()))
}
