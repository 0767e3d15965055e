//! The REST API, `/api/v1`: JSON over the same app use cases as the pages,
//! for other tools. A caller presents a bearer token (`outturn token
//! create`) and acts as the token's user, capped by its scope; errors are
//! RFC 9457 problem details; GETs of what can be written carry an ETag and
//! writes need `If-Match`. The OpenAPI document is generated from these
//! handlers (utoipa) and committed as `crates/web/openapi.json`.

mod auth;
mod councils;
mod extract;
mod forecast;
mod judgements;
mod measures;
mod nodes;
mod page;
mod periods;
pub(crate) mod problem;
mod reports;
mod results;
mod spc;
mod statuses;
mod targets;

use std::sync::Arc;

use axum::Router;
use axum::http::Method;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use jiff::civil::Date;
use outturn_core::Period;
use outturn_store::Council;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::AppState;
use crate::ids::council_key;
pub use problem::{ApiError, FieldProblem, Problem};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_document))
        .route("/api/v1/councils", get(councils::list))
        .route("/api/v1/councils/{council}", get(councils::show))
        .route("/api/v1/councils/{council}/nodes", get(nodes::list))
        .route("/api/v1/councils/{council}/periods", get(periods::council_periods))
        .route("/api/v1/councils/{council}/measures", get(measures::list))
        .route("/api/v1/councils/{council}/measures/{code}", get(measures::show))
        .route("/api/v1/councils/{council}/measures/{code}/periods", get(periods::measure_periods))
        .route("/api/v1/councils/{council}/measures/{code}/targets", get(targets::list))
        .route("/api/v1/councils/{council}/measures/{code}/results", get(results::list).post(results::record))
        .route("/api/v1/councils/{council}/measures/{code}/spc", get(spc::spc))
        .route("/api/v1/councils/{council}/measures/{code}/forecast", get(forecast::forecast))
        .route("/api/v1/councils/{council}/measures/{code}/judgements", axum::routing::post(judgements::record))
        .route("/api/v1/councils/{council}/statuses", get(statuses::statuses))
        .route("/api/v1/councils/{council}/summaries", get(statuses::summaries))
        .route("/api/v1/councils/{council}/reports/{kind}", get(reports::report))
        .route("/api/v1/councils/{council}/reports/{kind}/checklist", get(reports::checklist))
        .route("/api/v1", any(not_found))
        .route("/api/v1/{*rest}", any(not_found))
        // A method a resource does not have: a problem, with axum's Allow header.
        .method_not_allowed_fallback(method_not_allowed)
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "outturn API",
        version = "1",
        description = "Councils' performance frameworks, measures, targets, results, statuses and committee reports. \
            Every request needs `Authorization: Bearer TOKEN` (`outturn token create --user USERNAME --scope read|write`); \
            as RFC 7235 and RFC 6750 say, the scheme is read in any case (`bearer`, `BEARER`) and may be followed by more \
            than one space, and the token is the only thing after it. \
            a token acts as its user, and a read token never changes anything. Errors are RFC 9457 problem details \
            (`application/problem+json`), every one: a method a resource does not have is 405 with an `Allow` header, \
            a body over 2 MB is 413. \
            Writes need `If-Match` with the ETag of a GET of the same resource.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    paths(
        councils::list,
        councils::show,
        nodes::list,
        periods::council_periods,
        measures::list,
        measures::show,
        periods::measure_periods,
        targets::list,
        results::list,
        results::record,
        judgements::record,
        spc::spc,
        forecast::forecast,
        statuses::statuses,
        statuses::summaries,
        reports::report,
        reports::checklist,
    ),
    // Schemas named only by parameters are not collected from the paths.
    components(schemas(reports::ReportKindName, reports::ReportFormat, reports::ChecklistBody)),
    modifiers(&BearerToken),
    security(("bearer" = [])),
    tags(
        (name = "councils", description = "Councils and their frameworks"),
        (name = "measures", description = "Measures, their periods, targets and results"),
        (name = "statuses", description = "Statuses and summaries for a period"),
        (name = "reports", description = "Committee reports"),
    )
)]
struct ApiDoc;

struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A token from `outturn token create`; only its hash is stored. \
                         `Authorization: Bearer TOKEN`, the scheme in any case, one or more spaces before the token.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI 3.1 document of the API, as served and as committed
/// (`crates/web/openapi.json`), pretty-printed with a final newline.
pub fn openapi_json() -> String {
    let mut text = ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serialises");
    text.push('\n');
    text
}

/// The document needs no token: it describes the API, not any council.
async fn openapi_document() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], openapi_json()).into_response()
}

pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound("there is no such resource in this API: /api/v1/openapi.json lists them".into())
}

async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::MethodNotAllowed(method.to_string())
}

/// A period parameter (`2020/21-Q2`, `2020-09`, `2020/21`).
pub(crate) fn period_parameter(name: &str, text: &str) -> Result<Period, ApiError> {
    Period::parse(text.trim()).map_err(|e| {
        ApiError::BadRequest(format!("{name} is not a period"), vec![FieldProblem::parameter(name, e.to_string())])
    })
}

/// A date parameter (`YYYY-MM-DD`).
pub(crate) fn date_parameter(name: &str, text: &str) -> Result<Date, ApiError> {
    let date = text.trim().parse::<Date>().map_err(|_| {
        ApiError::BadRequest(
            format!("{name} is not a date"),
            vec![FieldProblem::parameter(name, "give a date as YYYY-MM-DD, such as 2020-11-05")],
        )
    })?;
    outturn_core::supported_day(date).map_err(|e| {
        ApiError::BadRequest(format!("{name} is not a date kept"), vec![FieldProblem::parameter(name, e.to_string())])
    })
}

/// A council the caller may read.
pub(crate) async fn readable(state: &AppState, caller: &auth::Caller, council: &str) -> Result<Arc<Council>, ApiError> {
    Ok(outturn_app::statuses::measures_query::council_for(
        state.store.as_ref(),
        &caller.actor(),
        &council_key(council)?,
    )
    .await?)
}

/// An entity tag, quoted (strong): it names the state of the resource.
pub(crate) fn etag(tag: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{tag}\"")).expect("tags are plain text")
}

/// A write's precondition: `If-Match` is required (428) and must name the
/// current state (412 otherwise, and nothing is changed).
pub(crate) fn check_if_match(headers: &HeaderMap, current: &str) -> Result<(), ApiError> {
    let Some(given) = headers.get(header::IF_MATCH) else { return Err(ApiError::PreconditionRequired) };
    let given = given.to_str().unwrap_or_default();
    let matches = given.split(',').map(str::trim).any(|tag| tag == "*" || tag == format!("\"{current}\""));
    if matches {
        Ok(())
    } else {
        Err(ApiError::PreconditionFailed(format!(
            "the resource has changed since the ETag you sent (it is now \"{current}\"): read it again, then send the change with the new ETag"
        )))
    }
}

/// One of the council's measures, by its exact code.
pub(crate) fn measure_of<'c>(council: &'c Council, code: &str) -> Result<&'c outturn_core::Measure, ApiError> {
    council.measures.iter().find(|m| m.code.as_str() == code).ok_or_else(|| {
        ApiError::from(outturn_app::AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() })
    })
}
