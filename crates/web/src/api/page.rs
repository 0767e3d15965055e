//! Pagination: `limit` and `offset` in, a page with `next` (and a `Link`
//! header, rel="next") out.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problem::{ApiError, FieldProblem};

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 500;

/// Which slice of a list to return.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many items at most (1 to 500; 50 when left out).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// How many items to skip first (0 when left out).
    #[param(minimum = 0)]
    pub offset: Option<u32>,
}

impl PageQuery {
    fn checked(&self) -> Result<(usize, usize), ApiError> {
        let limit = self.limit.map_or(DEFAULT_LIMIT, |l| l as usize);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::BadRequest(
                "the limit is out of range".into(),
                vec![FieldProblem::parameter("limit", format!("give a number from 1 to {MAX_LIMIT}"))],
            ));
        }
        Ok((limit, self.offset.unwrap_or(0) as usize))
    }
}

/// What every list response holds besides its items.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PageInfo {
    /// How many items there are in all.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    /// The URL of the next page; null on the last page.
    pub next: Option<String>,
}

/// One page of `items` and where the next one is.
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: PageInfo,
}

/// Takes the page asked for from the whole list. `path` is the request's
/// path and `query` its other parameters, for the next page's URL.
pub fn paginate<T>(
    all: Vec<T>,
    query: &PageQuery,
    path: &str,
    others: &[(&str, String)],
) -> Result<Paged<T>, ApiError> {
    let (limit, offset) = query.checked()?;
    let total = all.len();
    let items: Vec<T> = all.into_iter().skip(offset).take(limit).collect();
    let next = (offset.saturating_add(limit) < total).then(|| {
        let mut url = format!("{path}?limit={limit}&offset={}", offset + limit);
        for (name, value) in others {
            url.push_str(&format!("&{name}={}", crate::filters::url_encode(value)));
        }
        url
    });
    Ok(Paged { items, page: PageInfo { total, limit, offset, next } })
}

/// A page as a response: the body, and `Link: <next>; rel="next"` when there is a next page.
pub fn respond<B: Serialize>(body: &B, next: Option<&str>) -> Response {
    let mut response = axum::Json(body).into_response();
    if let Some(next) = next.and_then(|n| HeaderValue::from_str(&format!("<{n}>; rel=\"next\"")).ok()) {
        response.headers_mut().insert(header::LINK, next);
    }
    response
}
