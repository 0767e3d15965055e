//! `/api/v1/councils/{council}/measures/{code}/judgements`: an officer's
//! judged status for one of a measure's periods (or its withdrawal), through
//! the same use case, checks and audit as the measure page's form.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use outturn_app::AppError;
use outturn_app::results::judgement::{Asked, judge_status};
use outturn_core::judgement::Judgement;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::Caller;
use super::extract::{ApiJson, ApiPath};
use super::problem::{ApiError, FieldProblem, Problem};
use crate::AppState;
use crate::ids::{council_key, measure_code};

/// A judged status: the officer's Green, Amber or Red (or `null` to withdraw
/// the standing judgement), and why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"period": "2020/21-Q2", "status": "red", "justification": "Arrears are rising month on month."}))]
pub struct JudgementBody {
    /// The measure's own period (a quarter for a quarterly measure), ended.
    pub period: String,
    /// `green`, `amber` or `red`; `null` withdraws the standing judgement
    /// (the figures decide again).
    pub status: Option<String>,
    /// Why, in words (at most 2,000 characters).
    pub justification: String,
}

/// A judgement as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct JudgementItem {
    pub measure: String,
    pub period: String,
    /// `green`, `amber`, `red`, or null for a withdrawal.
    pub status: Option<String>,
    pub justification: String,
    pub recorded_by: String,
    /// RFC 3339, UTC.
    pub recorded_at: String,
}

impl From<&Judgement> for JudgementItem {
    fn from(j: &Judgement) -> Self {
        JudgementItem {
            measure: j.measure.to_string(),
            period: j.period.to_string(),
            status: j.status.map(|s| s.code().to_string()),
            justification: j.justification.clone(),
            recorded_by: j.recorded_by.clone(),
            recorded_at: j.recorded_at.to_string(),
        }
    }
}

/// Judges a measure's status for one of its ended periods, or withdraws the
/// standing judgement, as the token's user, audited "via API". Needs a write
/// token of a performance officer of the council. The judged status stands
/// over what the figures give (the statuses endpoint shows both) until it
/// is withdrawn or judged again; a signed-off or published period refuses it.
#[utoipa::path(
    post,
    path = "/api/v1/councils/{council}/measures/{code}/judgements",
    tag = "measures",
    params(
        ("council" = String, Path, description = "The council's slug", example = "stevenage"),
        ("code" = String, Path, description = "The measure's code (case-sensitive)", example = "NI156"),
    ),
    request_body(content = JudgementBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = JudgementItem),
        (status = 400, description = "The body is not JSON, or a parameter cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read token, or a user who may not judge this council's statuses", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council or measure", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 2 MB: nothing was recorded", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The judgement cannot be accepted (a period not ended or locked, a status that is not Green, Amber or Red, no reason): the field at fault is named", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((council, code)): ApiPath<(String, String)>,
    body: Result<ApiJson<JudgementBody>, ApiError>,
) -> Result<Response, ApiError> {
    let (council, code) = (council_key(&council)?, measure_code(&council, &code)?);
    // Who may, before what was sent: a read token or a viewer gets 403, not the body's problems.
    caller.actor().check(outturn_app::access::Action::JudgeStatus(&council))?;
    let ApiJson(body) = body?;
    let invalid = |field: &str, message: String| {
        ApiError::Invalid("the judgement cannot be accepted".into(), vec![FieldProblem::body(field, message)])
    };
    let period = outturn_core::Period::parse(body.period.trim()).map_err(|e| invalid("period", e.to_string()))?;
    let status = match body.status.as_deref().map(str::trim) {
        None => None,
        Some(text) => Some(outturn_core::judgement::judged_status(text).ok_or_else(|| {
            invalid("status", format!("\"{text}\" is not green, amber or red (or null to withdraw)"))
        })?),
    };
    let asked = Asked { measure: &code, period, status, justification: &body.justification };
    match judge_status(state.store.as_ref(), &caller.actor(), &council, asked, Timestamp::now()).await {
        Ok(judgement) => Ok((StatusCode::CREATED, axum::Json(JudgementItem::from(&judgement))).into_response()),
        Err(AppError::BadInput { field, message }) => {
            let field = if field == "judged_status" { "status" } else { field };
            Err(invalid(field, message))
        }
        // A signed-off or published period: the period is at fault.
        Err(AppError::Workflow(message)) => Err(invalid("period", message)),
        Err(e) => Err(e.into()),
    }
}
