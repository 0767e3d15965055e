//! `/api/v1/councils/{council}/measures/{code}/spc`: the measure's SPC
//! (XmR) chart as NHS England's Making Data Count draws it, with the default
//! settings: the same JSON as `outturn spc --council C --measure M --format
//! json` (`outturn_app::statuses::spc::MeasureSpc::json`). The types here
//! only document it in the OpenAPI document.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::Caller;
use super::extract::ApiPath;
use super::problem::{ApiError, Problem};
use crate::AppState;
use crate::ids::measure_code;
use outturn_core::AsOf;

/// A measure's SPC chart: the latest segment's mean and limits at the top
/// level, every period's point, and the two icons. Decimals are exact, as
/// strings; see docs/spc.md.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpcChart {
    pub council: String,
    pub measure: String,
    pub title: String,
    #[schema(examples("114.66666666666666666666666667"))]
    pub mean: String,
    pub mean_moving_range: String,
    /// The lower process limit: mean − 2.66 × the mean moving range.
    pub lower_limit: String,
    /// The upper process limit: mean + 2.66 × the mean moving range.
    pub upper_limit: String,
    pub lower_two_sigma: String,
    pub upper_two_sigma: String,
    /// The limits rest on fewer than 13 values and will move as results arrive.
    pub trial: bool,
    pub screened: bool,
    pub excluded_moving_ranges: usize,
    pub baseline_values: usize,
    /// common-cause, improvement-high, improvement-low, concern-high, concern-low, neither-high or neither-low.
    pub variation_icon: String,
    /// consistently-passing, consistently-failing or hit-and-miss; null without a target or when neither direction is better.
    pub assurance_icon: Option<String>,
    /// increase, decrease or neutral: from the measure's polarity.
    pub improvement: String,
    /// The measure's target for the latest period, when it can be compared with one period's figure.
    pub target: Option<String>,
    /// The period the target was set for.
    pub target_period: Option<String>,
    /// Why the measure's target is not used, when it is not.
    #[schema(required = false)]
    pub target_note: Option<String>,
    pub settings: SpcSettings,
    pub segments: Vec<SpcSegment>,
    pub points: Vec<SpcPoint>,
    /// Every process change recorded for the measure, oldest first.
    pub process_changes: Vec<SpcProcessChange>,
}

/// A recorded change to how the measure's figures are produced: the chart
/// starts new limits at its period, and nowhere else.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpcProcessChange {
    /// The first period of the new process.
    pub period: String,
    pub reason: String,
    pub recorded_by: String,
    /// Whether a new segment starts at it (it falls after the first period charted and at or before the last).
    pub starts_segment: bool,
    /// Why no segment starts at it, when none does.
    #[schema(required = false)]
    pub unused_because: Option<String>,
}

/// The rule choices used: MDC's defaults.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpcSettings {
    pub shift_length: usize,
    pub trend_length: usize,
    pub screen_moving_ranges: bool,
    pub two_of_three_counts_beyond_limits: bool,
    pub fixed_baseline: Option<usize>,
}

/// A stretch of periods with its own limits (one, as no process change is recorded).
#[derive(Debug, Serialize, ToSchema)]
pub struct SpcSegment {
    pub start: usize,
    pub end: usize,
    pub values: usize,
    pub mean: String,
    pub mean_moving_range: String,
    pub lower_limit: String,
    pub upper_limit: String,
    pub lower_two_sigma: String,
    pub upper_two_sigma: String,
    pub trial: bool,
    pub screened: bool,
    pub excluded_moving_ranges: usize,
    pub baseline_values: usize,
}

/// One period of the chart.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpcPoint {
    pub index: usize,
    /// The measure's own period.
    pub period: String,
    /// The period's own figure; null for a gap (never a zero).
    pub value: Option<String>,
    /// Why a gap has no value.
    #[schema(required = false)]
    pub gap: Option<String>,
    pub segment: usize,
    pub moving_range: Option<String>,
    /// outside-limits, shift, trend and two-of-three: the special cause rules the point meets.
    pub special_cause: Vec<String>,
    /// high or low: the side the point's signal counts for.
    pub side: Option<String>,
    /// improvement, concern, neutral or common-cause; null for a gap.
    pub variation: Option<String>,
}

/// The measure's SPC chart, with the default settings and no process change.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/measures/{code}/spc",
    tag = "measures",
    params(
        ("council" = String, Path, description = "The council's slug", example = "stevenage"),
        ("code" = String, Path, description = "The measure's code (case-sensitive)", example = "NI156"),
    ),
    responses(
        (status = 200, description = "The chart, every figure exact", body = SpcChart),
        (status = 400, description = "The path cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council or measure", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Too few results for a chart (it needs at least two)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn spc(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((council, code)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let found = super::readable(&state, &caller, &council).await?;
    let code = measure_code(found.slug.as_str(), &code)?;
    let spc =
        outturn_app::statuses::spc::measure_spc(state.store.as_ref(), &caller.actor(), &found.slug, &code, AsOf::now())
            .await?;
    match (spc.json(), &spc.analysis) {
        (Some(json), _) => Ok(axum::Json(json).into_response()),
        (None, Err(why)) => Err(ApiError::Invalid(format!("{code} has no SPC chart: it {why}"), Vec::new())),
        (None, Ok(_)) => Err(ApiError::Internal("an SPC chart that did not serialise".into())),
    }
}
