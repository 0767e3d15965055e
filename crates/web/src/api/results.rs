//! `/api/v1/councils/{council}/measures/{code}/results`: every recorded
//! result of a measure (corrections appended, never overwritten), and
//! recording one through the same use case, checks and audit as the web form.
//!
//! The ETag names the measure's result history by how many results are
//! recorded for it: every recording appends one, so any change moves it.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use outturn_app::results::data_entry::{EntryError, Seen, Submission, open_entry};
use outturn_core::result::ResultInput;
use outturn_core::{Decimal, ResultEntry, ResultValue};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::page::{PageInfo, PageQuery, paginate};
use super::problem::{ApiError, FieldProblem, Problem};
use crate::AppState;
use crate::ids::{council_key, measure_code};

/// One recording of a result. A later recording for the same period is a correction.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultItem {
    pub measure: String,
    /// The measure's own period (`2020/21-Q2`, `2020-09`).
    pub period: String,
    /// `figure`, `missing` or `narrative` (a text-only measure's update).
    pub kind: String,
    /// The figure, a decimal exact as recorded; null unless `kind` is `figure`.
    pub value: Option<String>,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    /// The value is already the year-to-date figure, not the period's own.
    pub cumulative: bool,
    /// The year-end outturn forecast given with the figure, a decimal.
    pub forecast: Option<String>,
    /// Why the figure is missing, when `kind` is `missing`.
    pub missing_reason: Option<String>,
    pub commentary: Option<String>,
    /// When it was recorded (RFC 3339, UTC) and by whom.
    pub recorded_at: String,
    pub recorded_by: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResultPage {
    pub items: Vec<ResultItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultQuery {
    /// Only the recordings for this period of the measure.
    #[param(example = "2020/21-Q2")]
    pub period: Option<String>,
}

/// A result to record for one of the measure's periods. Give `value` (and
/// `numerator` and `denominator` when the measure is a ratio), or
/// `missing_reason`; `commentary` is required when the result is Red or Amber.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"period": "2020/21-Q2", "value": "140", "commentary": "Fewer households in hotels"}))]
pub struct ResultBody {
    /// The measure's own period (a quarter for a quarterly measure).
    #[schema(examples("2020/21-Q2"))]
    pub period: String,
    /// Decimals are strings, exact (`"93.4"`), never binary floating point.
    #[schema(examples("93.4"))]
    pub value: Option<String>,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    /// The value is already the year-to-date figure.
    #[serde(default)]
    pub cumulative: bool,
    /// The year-end outturn forecast, with a figure (a forecast-aware status
    /// rule reads it).
    #[schema(examples("92"))]
    pub forecast: Option<String>,
    /// Marks the result Missing data, saying why.
    pub missing_reason: Option<String>,
    pub commentary: Option<String>,
}

fn result_item(e: &ResultEntry) -> ResultItem {
    let (kind, figure, missing_reason) = match &e.value {
        ResultValue::Figure(f) => ("figure", Some(f), None),
        ResultValue::Missing { reason } => ("missing", None, Some(reason.clone())),
        ResultValue::Narrative => ("narrative", None, None),
    };
    ResultItem {
        measure: e.measure.to_string(),
        period: e.period.to_string(),
        kind: kind.to_string(),
        value: figure.map(|f| f.value.to_string()),
        numerator: figure.and_then(|f| f.numerator.map(|n| n.to_string())),
        denominator: figure.and_then(|f| f.denominator.map(|d| d.to_string())),
        cumulative: figure.is_some_and(|f| f.cumulative),
        forecast: figure.and_then(|f| f.forecast.map(|v| v.to_string())),
        missing_reason,
        commentary: e.commentary.clone(),
        recorded_at: e.recorded_at.to_string(),
        recorded_by: e.recorded_by.clone(),
    }
}

/// The ETag of a result history of `recorded` results.
fn results_tag(recorded: usize) -> String {
    format!("results-{recorded}")
}

/// Every recorded result of the measure, oldest first (of one period when asked).
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/measures/{code}/results",
    tag = "measures",
    params(
        ("council" = String, Path, description = "The council's slug", example = "stevenage"),
        ("code" = String, Path, description = "The measure's code (case-sensitive)", example = "NI156"),
        ResultQuery,
        PageQuery,
    ),
    responses(
        (status = 200, description = "A page of recorded results", body = ResultPage,
            headers(
                ("ETag" = String, description = "The measure's result history: send it as If-Match to record a result"),
                ("Link" = String, description = "The next page, rel=\"next\", when there is one"),
            )),
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
    ApiQuery(query): ApiQuery<ResultQuery>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let found = super::readable(&state, &caller, &council).await?;
    let period = query.period.as_deref().map(|p| super::period_parameter("period", p)).transpose()?;
    let detail = outturn_app::statuses::measures_query::show_measure(
        state.store.as_ref(),
        &caller.actor(),
        &found.slug,
        &measure_code(found.slug.as_str(), &code)?,
    )
    .await?;
    let tag = results_tag(detail.results.len());
    let items = detail.results.iter().filter(|r| period.is_none_or(|p| r.period == p)).map(result_item).collect();
    let path = format!("/api/v1/councils/{}/measures/{}/results", found.slug, crate::filters::url_encode(&code));
    let others: Vec<(&str, String)> = query.period.iter().map(|p| ("period", p.clone())).collect();
    let paged = paginate(items, &page, &path, &others)?;
    let next = paged.page.next.clone();
    let mut response = super::page::respond(&ResultPage { items: paged.items, page: paged.page }, next.as_deref());
    response.headers_mut().insert(header::ETAG, super::etag(&tag));
    Ok(response)
}

/// Records a result (or a correction) for one of the measure's periods, as
/// the token's user, audited "via API". Needs a write token, a user who may
/// record this measure's results, and If-Match with the ETag of the results.
#[utoipa::path(
    post,
    path = "/api/v1/councils/{council}/measures/{code}/results",
    tag = "measures",
    params(
        ("council" = String, Path, description = "The council's slug", example = "stevenage"),
        ("code" = String, Path, description = "The measure's code (case-sensitive)", example = "NI156"),
        ("If-Match" = String, Header, description = "The ETag from GET of the measure's results"),
    ),
    request_body(content = ResultBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = ResultItem,
            headers(("ETag" = String, description = "The measure's result history now"))),
        (status = 400, description = "The body is not JSON, or a parameter cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read token, or a user who may not record this measure's results", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council or measure", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The results changed since the ETag sent: nothing was recorded", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 2 MB: nothing was recorded", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The result cannot be accepted: each field at fault is named", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((council, code)): ApiPath<(String, String)>,
    headers: HeaderMap,
    body: Result<ApiJson<ResultBody>, ApiError>,
) -> Result<Response, ApiError> {
    let store = state.store.as_ref();
    // Who may (opening the measure checks), then whether they saw the latest, then what they sent.
    let mut entry =
        open_entry(store, &caller.actor(), &council_key(&council)?, &measure_code(&council, &code)?).await?;
    let recorded = entry.recorded(None);
    super::check_if_match(&headers, &results_tag(recorded))?;
    let ApiJson(body) = body?;
    let mut problems = Vec::new();
    let period = match outturn_core::Period::parse(body.period.trim()) {
        Ok(p) => Some(p),
        Err(e) => {
            problems.push(FieldProblem::body("period", e.to_string()));
            None
        }
    };
    let input = ResultInput {
        value: decimal("value", body.value.as_deref(), &mut problems),
        numerator: decimal("numerator", body.numerator.as_deref(), &mut problems),
        denominator: decimal("denominator", body.denominator.as_deref(), &mut problems),
        cumulative: body.cumulative,
        forecast: decimal("forecast", body.forecast.as_deref(), &mut problems),
        missing_reason: body.missing_reason.map(|r| r.trim().to_string()),
        commentary: body.commentary.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
    };
    let Some(period) = period.filter(|_| problems.is_empty()) else {
        return Err(ApiError::Invalid("the result has problems".into(), problems));
    };
    // The ETag stands for every period's recordings: checked again as the change is written.
    let submission = Submission { period, input, seen: Seen::InMeasure(recorded) };
    match entry.save(store, submission, Timestamp::now()).await {
        Ok(entry) => {
            let mut response = (StatusCode::CREATED, axum::Json(result_item(&entry))).into_response();
            let h = response.headers_mut();
            h.insert(header::ETAG, super::etag(&results_tag(recorded + 1)));
            let location = format!(
                "/api/v1/councils/{council}/measures/{}/results?period={}",
                crate::filters::url_encode(&code),
                crate::filters::url_encode(&period.to_string())
            );
            if let Ok(location) = HeaderValue::from_str(&location) {
                h.insert(header::LOCATION, location);
            }
            Ok(response)
        }
        Err(EntryError::Invalid(fields)) => Err(ApiError::Invalid(
            "the result cannot be accepted".into(),
            fields.into_iter().map(|f| FieldProblem::body(f.field, f.message)).collect(),
        )),
        // Someone recorded a result for the period between the check above and the write.
        Err(EntryError::Conflict { .. }) => Err(ApiError::PreconditionFailed(
            "a result for this period was recorded by someone else just now: read the results again".into(),
        )),
        Err(EntryError::App(e)) => Err(e.into()),
    }
}

/// A decimal field: a string of digits, exact; a problem named by its pointer otherwise.
fn decimal(field: &str, text: Option<&str>, problems: &mut Vec<FieldProblem>) -> Option<Decimal> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    match Decimal::from_str_exact(text) {
        Ok(d) => match outturn_core::result::within_bounds(d) {
            Ok(d) => Some(d),
            Err(message) => {
                problems.push(FieldProblem::body(field, message));
                None
            }
        },
        Err(_) => {
            problems.push(FieldProblem::body(
                field,
                format!("\"{text}\" is not a number: give a decimal such as \"93.4\""),
            ));
            None
        }
    }
}
