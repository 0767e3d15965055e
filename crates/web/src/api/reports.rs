//! `/api/v1/councils/{council}/reports/{kind}`: a committee report built by
//! `outturn_report` for a period: its model as JSON (sections, numbered
//! paragraphs, tables) or the accessible HTML page.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use outturn_report::publish::ReportReading;
use outturn_report::{Format, ReportError, Settings};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::extract::{ApiPath, ApiQuery};
use super::problem::{ApiError, FieldProblem, Problem};
use crate::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The quarter the report is for (`2020/21-Q2`).
    #[param(example = "2020/21-Q2")]
    pub period: String,
    /// `json` (the report model; the default) or `html` (the page a committee reads).
    #[param(value_type = Option<ReportFormat>)]
    pub format: Option<String>,
    /// The figures as recorded by the end of this day (YYYY-MM-DD); now when left out.
    #[param(example = "2020-11-05")]
    pub as_of: Option<String>,
}

/// The kinds of report.
#[derive(Debug, Clone, Copy, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum ReportKindName {
    /// The corporate performance report.
    Quarterly,
    /// Amber and Red only, with the milestones at risk.
    Exception,
}

impl ReportKindName {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "quarterly" => Some(ReportKindName::Quarterly),
            "exception" => Some(ReportKindName::Exception),
            _ => None,
        }
    }
}

/// The formats a report is served in.
#[derive(Debug, Clone, Copy, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum ReportFormat {
    Json,
    Html,
}

impl ReportFormat {
    fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "json" => Some(ReportFormat::Json),
            "html" => Some(ReportFormat::Html),
            _ => None,
        }
    }
}

/// A committee report for a period. Those who may read drafts (performance
/// officers) get it built from the figures and narrative now. Every other
/// reader of the council gets the latest publication of the kind for the
/// period exactly as published (JSON or HTML), and nothing before one is.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/reports/{kind}",
    tag = "reports",
    params(
        ("council" = String, Path, description = "The council's slug", example = "stevenage"),
        ("kind" = ReportKindName, Path, description = "`quarterly` (the corporate performance report) or `exception` (Amber and Red only)", example = "quarterly"),
        ReportQuery,
    ),
    responses(
        (status = 200, description = "The report",
            content((serde_json::Value = "application/json"), (String = "text/html"))),
        (status = 400, description = "A parameter cannot be read; or as_of was given for a published report (it is for drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council; or the report is not published for the period and the user may not read drafts (performance officers may)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council or kind of report", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((council, kind)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    let found = super::readable(&state, &caller, &council).await?;
    let period = super::period_parameter("period", &query.period)?;
    let as_of = query.as_of.as_deref().map(|d| super::date_parameter("as_of", d)).transpose()?;
    let format = match query.format.as_deref() {
        None => ReportFormat::Json,
        Some(text) => ReportFormat::parse(text).ok_or_else(|| {
            ApiError::BadRequest(
                format!("there is no report format \"{text}\""),
                vec![FieldProblem::parameter("format", "give json or html")],
            )
        })?,
    };
    let Some(kind) = ReportKindName::parse(&kind) else {
        return Err(ApiError::NotFound(format!(
            "there is no kind of report \"{kind}\": there are quarterly and exception"
        )));
    };
    let store = state.store.as_ref();
    // Not published yet, the report is a draft: as on the web, for those who may read drafts.
    let report_kind = match kind {
        ReportKindName::Quarterly => outturn_report::ReportKind::Quarterly,
        ReportKindName::Exception => outturn_report::ReportKind::Exception,
    };
    match outturn_report::publish::reading(store, &caller.actor(), &found.slug, report_kind, period).await? {
        ReportReading::Draft => {}
        ReportReading::NotPublished => {
            return Err(ApiError::Forbidden(format!(
                "the {} report for {period} is not published yet: until it is, it is a draft, which only those who prepare reports may read",
                report_kind.slug()
            )));
        }
        // Exactly as published: narrative edited since is a draft again.
        ReportReading::Published(id) => {
            if as_of.is_some() {
                return Err(ApiError::BadRequest(
                    "as_of is for drafts: a published report is served as it was published".into(),
                    vec![FieldProblem::parameter("as_of", "leave it out")],
                ));
            }
            let code = match format {
                ReportFormat::Html => "html",
                ReportFormat::Json => outturn_report::publish::MODEL,
            };
            let file = outturn_app::reports::publication::file(store, &caller.actor(), id, code).await?;
            return Ok(([(header::CONTENT_TYPE, file.media_type)], file.bytes).into_response());
        }
    }
    let settings = Settings { as_of, ..Settings::default() };
    let built = match kind {
        ReportKindName::Quarterly => {
            outturn_report::quarterly::quarterly(store, &caller.actor(), &found.slug, period, &settings).await
        }
        ReportKindName::Exception => {
            outturn_report::exception::exception(store, &caller.actor(), &found.slug, period, &settings).await
        }
    };
    let report = built.map_err(|e| match e {
        ReportError::App(e) => ApiError::from(e),
        ReportError::Store(e) => ApiError::from(e),
        other => ApiError::Internal(other.to_string()),
    })?;
    if let ReportFormat::Html = format {
        let page = outturn_report::render(&report, Format::Html);
        Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response())
    } else {
        Ok(axum::Json(report).into_response())
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChecklistQuery {
    /// The quarter the report would be published for (`2020/21-Q3`).
    #[param(example = "2020/21-Q2")]
    pub period: String,
}

/// What is still open before a report could be published without an
/// override; publishing with open items needs a reason.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct ChecklistBody {
    pub council: String,
    pub kind: String,
    pub period: String,
    /// Nothing is open: the report can be published as it stands.
    pub clear: bool,
    /// Each open item as a sentence ("5 business units not signed off: ...").
    pub open_items: Vec<String>,
    /// Narrative sections not written, by their labels.
    pub narrative_gaps: Vec<String>,
    /// Business units whose results are not signed off, by name.
    pub units_not_signed_off: Vec<String>,
    /// Cover fields still to be set.
    pub cover_fields_unset: Vec<String>,
    /// Measures owing commentary ("NI156 Number of households ...").
    pub commentary_owed: Vec<String>,
}

/// The publishing checklist of a report for a period (performance officers).
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/reports/{kind}/checklist",
    tag = "reports",
    params(
        ("council" = String, Path, description = "The council's slug", example = "stevenage"),
        ("kind" = ReportKindName, Path, description = "`quarterly` or `exception`", example = "quarterly"),
        ChecklistQuery,
    ),
    responses(
        (status = 200, description = "What is open", body = ChecklistBody),
        (status = 400, description = "A parameter cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not publish this council's reports", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council or kind of report", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn checklist(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((council, kind)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<ChecklistQuery>,
) -> Result<Response, ApiError> {
    let found = super::readable(&state, &caller, &council).await?;
    let period = super::period_parameter("period", &query.period)?;
    let report_kind = match ReportKindName::parse(&kind) {
        Some(ReportKindName::Quarterly) => outturn_report::ReportKind::Quarterly,
        Some(ReportKindName::Exception) => outturn_report::ReportKind::Exception,
        None => {
            return Err(ApiError::NotFound(format!(
                "there is no kind of report \"{kind}\": there are quarterly and exception"
            )));
        }
    };
    let open =
        outturn_report::publish::readiness(state.store.as_ref(), &caller.actor(), &found.slug, report_kind, period)
            .await
            .map_err(|e| match e {
                ReportError::App(e) => ApiError::from(e),
                ReportError::Store(e) => ApiError::from(e),
                other => ApiError::Internal(other.to_string()),
            })?;
    Ok(axum::Json(ChecklistBody {
        council: found.slug.to_string(),
        kind,
        period: period.to_string(),
        clear: open.is_clear(),
        open_items: open.open_items(),
        narrative_gaps: open.narrative_gaps,
        units_not_signed_off: open.units_not_signed_off,
        cover_fields_unset: open.cover_fields_unset,
        commentary_owed: open.commentary_owed,
    })
    .into_response())
}
