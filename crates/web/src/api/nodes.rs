//! `/api/v1/councils/{council}/nodes`: the council's framework (themes,
//! business units, programmes...) as it stood on a date.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::extract::{ApiPath, ApiQuery};
use super::page::{PageInfo, PageQuery, paginate, respond};
use super::problem::{ApiError, Problem};
use crate::AppState;

/// One node of the tree, in the tree's order (each node before its children).
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeItem {
    pub key: String,
    /// The kind of node in the council's words ("Theme", "Business unit").
    pub kind: String,
    /// The name on the date asked about.
    pub name: String,
    /// 0 at the top of the tree.
    pub depth: usize,
    /// Codes of the measures the node owns.
    pub measures: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NodePage {
    pub items: Vec<NodeItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NodeQuery {
    /// The day to show the tree on (YYYY-MM-DD); today when left out.
    #[param(example = "2020-09-30")]
    pub on: Option<String>,
}

/// The council's tree on a date.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/nodes",
    tag = "councils",
    params(("council" = String, Path, description = "The council's slug", example = "stevenage"), NodeQuery, PageQuery),
    responses(
        (status = 200, description = "A page of the tree's nodes", body = NodePage,
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
    ApiQuery(query): ApiQuery<NodeQuery>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let found = super::readable(&state, &caller, &council).await?;
    let on = match &query.on {
        Some(text) => super::date_parameter("on", text)?,
        None => outturn_core::AsOf::now().date(),
    };
    let tree =
        outturn_app::framework::query::framework_tree(state.store.as_ref(), &caller.actor(), &found.slug, on).await?;
    let items = tree
        .into_iter()
        .map(|l| NodeItem { key: l.key, kind: l.kind, name: l.name, depth: l.depth, measures: l.measures })
        .collect();
    let path = format!("/api/v1/councils/{}/nodes", found.slug);
    let others: Vec<(&str, String)> = query.on.iter().map(|on| ("on", on.clone())).collect();
    let paged = paginate(items, &page, &path, &others)?;
    let next = paged.page.next.clone();
    Ok(respond(&NodePage { items: paged.items, page: paged.page }, next.as_deref()))
}
