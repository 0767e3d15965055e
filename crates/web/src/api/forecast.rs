//! `/api/v1/councils/{council}/measures/{code}/forecast`: the measure's
//! forecast of its next periods and year-end outturn, by the method that
//! would have forecast it best: the same JSON as `outturn forecast --format
//! json` (`outturn_app::statuses::forecast::MeasureForecast::json`). The
//! types here only document it in the OpenAPI document.

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

/// A measure's forecast. Decimals are exact, as strings; see docs/forecasts.md.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasureForecast {
    pub council: String,
    pub measure: String,
    pub title: String,
    /// The latest period with a figure: what the forecast is made from.
    pub last_period: Option<String>,
    /// Why no forecast is made, when none is.
    pub not_made: Option<String>,
    pub forecast: Option<ForecastDetail>,
    /// The outturn of the latest result's financial year: actual once its last result is in.
    pub year_end: Option<YearEnd>,
    /// Why the year-end outturn is not forecast, when it is not.
    pub year_end_not_made: Option<String>,
    pub year_target: Option<YearTarget>,
    /// The forecast outturn misses the year's target (null: an actual outturn, no target, or neither side better):
    /// judged on the officer's override for the year when there is one, else on the model's forecast.
    pub at_risk: Option<bool>,
    /// What `at_risk` was judged on: `model` or `officer-override` (null when it was not judged).
    pub at_risk_on: Option<String>,
    /// Year-end forecasts the owner gave with figures, oldest first.
    pub owner_forecasts: Vec<OwnerForecast>,
    /// How the owner's forecasts compared with the outturns that arrived; null before any did.
    pub owner_accuracy: Option<ForecastAccuracy>,
    /// Performance officers' overrides of the year-end forecast, every one kept, oldest first.
    pub overrides: Vec<ForecastOverride>,
    /// How the overrides compared with the outturns that arrived; null before any did.
    pub override_accuracy: Option<ForecastAccuracy>,
}

/// A performance officer's override of the year-end forecast, with the outturn once it arrived.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastOverride {
    /// The financial year whose outturn it forecasts, such as "2026/27".
    pub year: String,
    pub value: String,
    /// Why the model's forecast was overridden.
    pub reason: String,
    /// Who gave it.
    pub recorded_by: String,
    /// When, as an RFC 3339 instant.
    pub recorded_at: String,
    /// A later override for the same year was recorded (this one is kept).
    pub superseded: bool,
    /// The year's outturn, once its last result is in.
    pub outturn: Option<String>,
    /// |outturn − value| / |outturn| × 100, once the outturn is in (null for an outturn of zero).
    pub absolute_percentage_error: Option<String>,
}

/// The forecast of the next periods.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastDetail {
    /// naive, seasonal-naive, simple, damped-trend or holt-winters.
    pub method: String,
    pub method_label: String,
    pub method_description: String,
    /// Why this method: each method's mean absolute error in the backtest.
    pub why: String,
    /// The interval's coverage, such as "0.8".
    pub interval: String,
    /// Backtest origins each method was scored from.
    pub origins: usize,
    pub steps: Vec<ForecastStep>,
    pub scores: Vec<ForecastScore>,
    pub unavailable: Vec<ForecastUnavailable>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastStep {
    pub period: String,
    /// Periods after the last with a figure.
    pub ahead: usize,
    pub value: String,
    pub lower: String,
    pub upper: String,
}

/// A method's accuracy in the backtest.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastScore {
    pub method: String,
    pub count: usize,
    /// Mean absolute error.
    pub mae: Option<String>,
    /// Mean absolute percentage error, over the actuals other than zero.
    pub mape: Option<String>,
    pub zero_actuals: usize,
}

/// A method the history cannot support, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastUnavailable {
    pub method: String,
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct YearEnd {
    pub year: String,
    /// The period whose figure the outturn is: March, Q4 or the year.
    pub period: String,
    /// actual or forecast.
    pub basis: String,
    pub value: String,
    pub lower: String,
    pub upper: String,
    /// The periods of the year forecast; none for an actual.
    pub forecast_periods: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct YearTarget {
    pub value: String,
    /// The period the target was set for.
    pub period: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OwnerForecast {
    /// The period whose figure it was given with.
    pub given_with: String,
    pub year: String,
    pub value: String,
    /// The year's outturn, once its last result is in.
    pub outturn: Option<String>,
}

/// The accuracy of a set of forecasts against the outturns.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastAccuracy {
    pub count: usize,
    pub mae: Option<String>,
    pub mape: Option<String>,
    pub zero_actuals: usize,
}

/// The measure's forecast, as recorded now.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/measures/{code}/forecast",
    tag = "measures",
    params(
        ("council" = String, Path, description = "The council's slug", example = "example-borough"),
        ("code" = String, Path, description = "The measure's code (case-sensitive)", example = "EB-CS02"),
    ),
    responses(
        (status = 200, description = "The forecast, every figure exact (`not_made` says why when there is none)", body = MeasureForecast),
        (status = 400, description = "The path cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council or measure", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn forecast(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((council, code)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let found = super::readable(&state, &caller, &council).await?;
    let code = measure_code(found.slug.as_str(), &code)?;
    let made = outturn_app::statuses::forecast::measure_forecast(
        state.store.as_ref(),
        &caller.actor(),
        &found.slug,
        &code,
        AsOf::now(),
    )
    .await?;
    Ok(axum::Json(made.json(&found.slug)).into_response())
}
