//! Statuses and summaries for a period: `outturn_app::statuses::status_report`, the
//! same figures as the dashboard, `outturn status` and the reports.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use outturn_app::statuses::status_report::{GroupStatus, MeasureStatus, RollUps, StatusReport, status_report};
use outturn_core::{RolledUp, StatusLabels};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::extract::{ApiPath, ApiQuery};
use super::page::{PageInfo, PageQuery, paginate, respond};
use super::problem::{ApiError, Problem};
use crate::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// A quarter (`2020/21-Q2`), month (`2020-09`) or financial year (`2020/21`);
    /// the latest quarter with results when left out.
    #[param(example = "2020/21-Q2")]
    pub period: Option<String>,
    /// The figures as recorded by the end of this day (YYYY-MM-DD); now when left out.
    #[param(example = "2020-11-05")]
    pub as_of: Option<String>,
}

/// One measure's status for the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasureStatusItem {
    pub code: String,
    pub title: String,
    /// The summary group the measure counts in.
    pub group: Option<String>,
    /// The owning node's name and key.
    pub owner: String,
    pub owner_key: String,
    /// The measure's own period the figure is for.
    pub period: String,
    pub unit: String,
    /// Decimals, exact (strings); year to date by the measure's rule.
    pub target: Option<String>,
    pub result: Option<String>,
    /// As a committee paper prints them ("96.3%").
    pub target_display: Option<String>,
    pub result_display: Option<String>,
    /// `exceeded`, `green`, `amber`, `red`, `missing`, `awaiting`,
    /// `no-target` or `information-only`.
    pub status: String,
    /// The status in the council's words ("Missing data", or its own "On target").
    pub status_label: String,
    /// The council's colour for the status (`green`, `amber`, `red`, `blue`,
    /// `turquoise`, `purple`, `pink`, `orange`, `grey`): show it with the words.
    pub status_colour: String,
    /// Against the period before: `improving`, `worsening`, `unchanged`, `not-comparable`.
    pub direction: String,
    pub direction_label: String,
    /// Against the same period last year.
    pub direction_last_year: String,
    /// Result minus target.
    pub variance: Option<String>,
    pub missing_reason: Option<String>,
    pub commentary: Option<String>,
    /// The owner's commentary for a Red or Amber result: `not-needed` (not
    /// Red or Amber), `written`, `owed`, or `waived` (an officer recorded why
    /// none is needed, in `commentary_waived`).
    pub commentary_need: String,
    pub commentary_waived: Option<String>,
    /// Null unless an officer judged the status: then `status` is the judged
    /// one, and this says what the figures alone give and why it was judged.
    pub judged: Option<JudgedItem>,
    /// The year-end outturn forecast given with the figure (a decimal), or
    /// null; a forecast-aware status rule reads it.
    pub year_end_forecast: Option<String>,
    /// Why the status is what it is, in words, by the measure's rule ("Amber:
    /// 1.1 percentage points below target, within the tolerance of 2
    /// percentage points"); null where no figure decides (Missing data).
    pub explanation: Option<String>,
}

/// An officer's judgement of a status.
#[derive(Debug, Serialize, ToSchema)]
pub struct JudgedItem {
    /// The status the measure's rule gives from the figures alone.
    pub computed_status: String,
    pub justification: String,
    pub recorded_by: String,
    /// RFC 3339, UTC.
    pub recorded_at: String,
}

impl From<&MeasureStatus> for MeasureStatusItem {
    /// Field by field: a field added to the app's type fails to compile here
    /// until the API says whether it shows it.
    fn from(m: &MeasureStatus) -> Self {
        let MeasureStatus {
            code,
            title,
            group,
            owner,
            owner_key,
            aligned: _,
            period,
            unit,
            target,
            result,
            target_display,
            result_display,
            status,
            status_label,
            status_colour,
            direction,
            direction_last_year,
            variance,
            missing_reason,
            commentary,
            commentary_need,
            commentary_waived,
            judged,
            year_end_forecast,
            explanation,
        } = m;
        MeasureStatusItem {
            code: code.clone(),
            title: title.clone(),
            group: group.clone(),
            owner: owner.clone(),
            owner_key: owner_key.clone(),
            period: period.to_string(),
            unit: unit.clone(),
            target: target.map(|d| d.to_string()),
            result: result.map(|d| d.to_string()),
            target_display: target_display.clone(),
            result_display: result_display.clone(),
            status: status.code().to_string(),
            status_label: status_label.clone(),
            status_colour: status_colour.code().to_string(),
            direction: direction.code().to_string(),
            direction_label: direction.label().to_string(),
            direction_last_year: direction_last_year.code().to_string(),
            variance: variance.map(|d| d.to_string()),
            missing_reason: missing_reason.clone(),
            commentary: commentary.clone(),
            commentary_need: commentary_need.code().to_string(),
            commentary_waived: commentary_waived.clone(),
            judged: judged.as_ref().map(|j| JudgedItem {
                computed_status: j.computed.code().to_string(),
                justification: j.justification.clone(),
                recorded_by: j.recorded_by.clone(),
                recorded_at: j.recorded_at.to_string(),
            }),
            year_end_forecast: year_end_forecast.map(|d| d.to_string()),
            explanation: explanation.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusPage {
    pub council: String,
    pub period: String,
    /// "July to September 2020".
    pub period_description: String,
    /// The day the figures are as recorded on; null means now.
    pub as_of: Option<String>,
    pub items: Vec<MeasureStatusItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

/// A missing measure named in a summary, with why.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissingItem {
    pub code: String,
    pub title: String,
    pub reason: String,
}

/// The change in each count since the period before.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeItem {
    pub period: String,
    pub reported: i64,
    pub exceeded: i64,
    pub green: i64,
    pub amber: i64,
    pub red: i64,
    pub missing: i64,
    /// "1 fewer Green, 2 more Red", or "no change".
    pub description: String,
}

/// The counts for one group; `reported` = exceeded + green + amber + red + missing.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupItem {
    pub label: String,
    pub reported: usize,
    /// Better than target beyond an Exceeded band (banded rules only).
    pub exceeded: usize,
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    pub missing: usize,
    pub no_target: usize,
    pub information_only: usize,
    pub missing_measures: Vec<MissingItem>,
    /// Null when nothing was recorded for the group's measures in the period before.
    pub change_since_previous: Option<ChangeItem>,
    /// For a node of the tree (`by_node`): its key and its status rolled up
    /// from the measures and milestones beneath it; null for summary groups.
    pub node: Option<String>,
    pub overall: Option<OverallItem>,
}

/// A node's status rolled up by the council's rule, with the counts behind it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverallItem {
    /// `green`, `amber` or `red`; null when nothing beneath is judged.
    pub status: Option<String>,
    /// "Red", or "No status", in the council's words.
    pub status_label: String,
    /// The weighted rule's score (a decimal string); null for the other rules.
    pub score: Option<String>,
    /// Counted as Green in the roll-up.
    pub exceeded: usize,
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    pub missing: usize,
    /// Awaiting, no target, information only, milestones not started or affected by an external factor.
    pub not_judged: usize,
    /// "3 Green, 1 Amber, 1 Red; score 2.4".
    pub counts: String,
}

/// The summaries of a period: by the council's groups and by the top of its tree.
#[derive(Debug, Serialize, ToSchema)]
pub struct Summaries {
    pub council: String,
    pub period: String,
    pub period_description: String,
    pub as_of: Option<String>,
    /// One per group the council configures.
    pub summary: Vec<GroupItem>,
    /// One per node at the top of the council's tree that has measures.
    pub by_node: Vec<GroupItem>,
    /// What those nodes are ("Theme"), when they are all of one kind.
    pub by_node_kind: Option<String>,
    /// How nodes' overall statuses are rolled up: `worst-of`, `majority` or `weighted`.
    pub roll_up_rule: String,
    /// The rule in words.
    pub roll_up_description: String,
}

fn overall_item(rolled: &RolledUp, labels: &StatusLabels) -> OverallItem {
    let t = &rolled.tally;
    OverallItem {
        status: rolled.status.map(|s| s.code().to_string()),
        status_label: rolled.label(labels).to_string(),
        score: rolled.score.map(|s| s.normalize().to_string()),
        exceeded: t.exceeded,
        green: t.green,
        amber: t.amber,
        red: t.red,
        missing: t.missing,
        not_judged: t.not_judged,
        counts: rolled.counts(labels),
    }
}

fn group_item(g: &GroupStatus, roll_up: &RollUps, labels: &StatusLabels) -> GroupItem {
    let s = &g.summary;
    GroupItem {
        label: s.label.clone(),
        reported: s.reported,
        exceeded: s.exceeded,
        green: s.green,
        amber: s.amber,
        red: s.red,
        missing: s.missing,
        no_target: s.no_target,
        information_only: s.information_only,
        missing_measures: s
            .missing_measures
            .iter()
            .map(|m| MissingItem { code: m.code.clone(), title: m.title.clone(), reason: m.reason.clone() })
            .collect(),
        change_since_previous: g.change_since_previous.as_ref().map(|c| ChangeItem {
            period: c.period.to_string(),
            reported: c.reported,
            exceeded: c.exceeded,
            green: c.green,
            amber: c.amber,
            red: c.red,
            missing: c.missing,
            description: c.description.clone(),
        }),
        node: g.node.clone(),
        overall: g.node.as_deref().map(|key| overall_item(&roll_up.of(key), labels)),
    }
}

/// The status report of a council the caller may read.
async fn report_for(
    state: &AppState,
    caller: &Caller,
    council: &str,
    query: &PeriodQuery,
) -> Result<StatusReport, ApiError> {
    let found = super::readable(state, caller, council).await?;
    let store = state.store.as_ref();
    let period = match &query.period {
        Some(text) => super::period_parameter("period", text)?,
        None => outturn_app::statuses::status_report::default_period(store, &found.slug).await?,
    };
    let as_of = query.as_of.as_deref().map(|d| super::date_parameter("as_of", d)).transpose()?;
    Ok(status_report(store, &caller.actor(), &found.slug, period, as_of).await?)
}

/// Every measure due in the period with its target, result, status and direction of travel.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/statuses",
    tag = "statuses",
    params(("council" = String, Path, description = "The council's slug", example = "stevenage"), PeriodQuery, PageQuery),
    responses(
        (status = 200, description = "A page of the period's measures", body = StatusPage,
            headers(("Link" = String, description = "The next page, rel=\"next\", when there is one"))),
        (status = 400, description = "A parameter cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn statuses(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(council): ApiPath<String>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
    let report = report_for(&state, &caller, &council, &query).await?;
    let items = report.measures.iter().map(MeasureStatusItem::from).collect();
    let mut others = vec![("period", report.period.to_string())];
    others.extend(report.as_of.map(|d| ("as_of", d.to_string())));
    let paged = paginate(items, &page, &format!("/api/v1/councils/{}/statuses", report.council), &others)?;
    let next = paged.page.next.clone();
    let body = StatusPage {
        council: report.council.clone(),
        period: report.period.to_string(),
        period_description: report.period_description.clone(),
        as_of: report.as_of.map(|d| d.to_string()),
        items: paged.items,
        page: paged.page,
    };
    Ok(respond(&body, next.as_deref()))
}

/// The summary of statuses by the council's groups and by the top of its tree, with the change since the period before.
#[utoipa::path(
    get,
    path = "/api/v1/councils/{council}/summaries",
    tag = "statuses",
    params(("council" = String, Path, description = "The council's slug", example = "stevenage"), PeriodQuery),
    responses(
        (status = 200, description = "The period's summaries", body = Summaries),
        (status = 400, description = "A parameter cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not read this council", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such council", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn summaries(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(council): ApiPath<String>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<Response, ApiError> {
    let report = report_for(&state, &caller, &council, &query).await?;
    let body = Summaries {
        council: report.council.clone(),
        period: report.period.to_string(),
        period_description: report.period_description.clone(),
        as_of: report.as_of.map(|d| d.to_string()),
        summary: report.summary.iter().map(|g| group_item(g, &report.roll_up, &report.labels)).collect(),
        by_node: report.by_node.iter().map(|g| group_item(g, &report.roll_up, &report.labels)).collect(),
        by_node_kind: report.by_node_kind.clone(),
        roll_up_rule: report.roll_up.rule.clone(),
        roll_up_description: report.roll_up.description.clone(),
    };
    Ok(axum::Json(body).into_response())
}
