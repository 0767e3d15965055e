//! Committee meetings, their actions (with update notes), the actions asked
//! of the signed-in person, and improvement plans. Who may read or update
//! is decided in `outturn_app::access`.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use outturn_app::AppError;
use outturn_app::access::Action;
use outturn_app::committees::improvement::{self, PlanStanding};
use outturn_app::committees::{self as committee, meeting_name};
use outturn_app::results::data_entry::FieldError;
use outturn_app::statuses::measures_query::council_for;
use outturn_core::{ActionState, CommitteeAction, Meeting, Period, Status};
use serde::Deserialize;

use crate::AppState;
use crate::committee_views::{
    ActionPage, ActionRow, MeetingPage, MeetingRow, MeetingsPage, MyActionsPage, PlanPage, PlanRow, PlansPage,
    ProgressTag, UpdateRow,
};
use crate::error::WebError;
use crate::filters::url_encode;
use crate::forms::{Form, Query};
use crate::ids::council_key;
use crate::routes::council::can_enter;
use crate::session::{SignedIn, Visitor, check_post};
use crate::views::{Chrome, Section, StatusTag, render};

fn today() -> jiff::civil::Date {
    outturn_core::AsOf::now().date()
}

fn day(d: jiff::civil::Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

fn action_row(meeting: &Meeting, a: &CommitteeAction) -> ActionRow {
    ActionRow {
        id: a.id,
        number: a.number,
        asked: a.asked.clone(),
        asked_of: a.asked_of.to_string(),
        due: day(a.due),
        progress: ProgressTag::of(a.progress(today())),
        meeting: meeting_name(meeting),
        meeting_id: meeting.id,
    }
}

/// The signed-in person and the council they may read, with the page chrome.
async fn open(state: &AppState, visitor: Visitor, council: &str, path: &str) -> Result<(SignedIn, Chrome), WebError> {
    let signed_in = visitor.require(path)?;
    let found = council_for(state.store.as_ref(), &signed_in.actor(), &council_key(council)?).await?;
    let visitor = Visitor(Some(signed_in.clone()));
    let chrome = Chrome::council(
        Some(&signed_in),
        council,
        &outturn_app::CouncilTitle::of(&found),
        Section::Committees,
        can_enter(&visitor, &found.slug),
    );
    Ok((signed_in, chrome))
}

pub async fn meetings(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
) -> Result<Html<String>, WebError> {
    let (signed_in, chrome) = open(&state, visitor, &council, &format!("/councils/{council}/meetings")).await?;
    let meetings = committee::meetings(state.store.as_ref(), &signed_in.actor(), &council_key(&council)?).await?;
    let rows = meetings
        .iter()
        .rev()
        .map(|m| MeetingRow {
            id: m.id,
            name: meeting_name(m),
            reports: m
                .reports
                .iter()
                .map(|r| format!("{} report, {}", outturn_app::sentence_case(&r.kind), r.period.describe()))
                .collect::<Vec<_>>()
                .join("; "),
            resolutions: m.resolutions.len(),
            actions: m.actions.len(),
        })
        .collect();
    Ok(render(&MeetingsPage { chrome, slug: council, meetings: rows }))
}

pub async fn meeting(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, id)): Path<(String, i64)>,
) -> Result<Html<String>, WebError> {
    let (signed_in, chrome) = open(&state, visitor, &council, &format!("/councils/{council}/meetings/{id}")).await?;
    let Some(m) = committee::meeting(state.store.as_ref(), &signed_in.actor(), &council_key(&council)?, id).await?
    else {
        return Err(WebError::NotFound(format!("there is no meeting {id} of {council}")));
    };
    Ok(render(&MeetingPage {
        chrome,
        slug: council,
        name: meeting_name(&m),
        reports: m
            .reports
            .iter()
            .map(|r| format!("{} report, {} ({})", outturn_app::sentence_case(&r.kind), r.period.describe(), r.period))
            .collect(),
        resolutions: m.resolutions.iter().map(|r| (r.number, r.text.clone())).collect(),
        actions: m.actions.iter().map(|a| action_row(&m, a)).collect(),
        today: day(today()),
    }))
}

async fn action_page(
    state: &AppState,
    signed_in: &SignedIn,
    chrome: Chrome,
    council: &str,
    id: i64,
    note: String,
    errors: Vec<FieldError>,
) -> Result<ActionPage, WebError> {
    let actor = signed_in.actor();
    let Some((m, a)) = committee::action(state.store.as_ref(), &actor, &council_key(council)?, id).await? else {
        return Err(WebError::NotFound(format!("there is no committee action {id} of {council}")));
    };
    let slug = outturn_core::Key::parse(council).map_err(|e| WebError::NotFound(e.to_string()))?;
    let can_update = actor.may(Action::UpdateCommitteeAction { council: &slug, asked_of: &a.asked_of });
    Ok(ActionPage {
        chrome,
        slug: council.to_string(),
        meeting: meeting_name(&m),
        meeting_id: m.id,
        action: action_row(&m, &a),
        updates: a
            .updates
            .iter()
            .rev()
            .map(|u| UpdateRow {
                at: u.at.strftime("%-d %B %Y %H:%M UTC").to_string(),
                author: u.author.clone(),
                note: u.note.clone(),
                status: u.state.map(|s| s.label().to_string()).unwrap_or_default(),
            })
            .collect(),
        can_update,
        states: ActionState::ALL.iter().map(|s| (s.code(), s.label(), *s == a.state)).collect(),
        note,
        errors,
    })
}

pub async fn action(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, id)): Path<(String, i64)>,
) -> Result<Html<String>, WebError> {
    let (signed_in, chrome) = open(&state, visitor, &council, &format!("/councils/{council}/actions/{id}")).await?;
    Ok(render(&action_page(&state, &signed_in, chrome, &council, id, String::new(), vec![]).await?))
}

#[derive(Deserialize)]
pub struct ActionPost {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    status: String,
}

pub async fn update_action(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path((council, id)): Path<(String, i64)>,
    Form(form): Form<ActionPost>,
) -> Result<Response, WebError> {
    let path = format!("/councils/{council}/actions/{id}");
    let (signed_in, chrome) = open(&state, visitor, &council, &path).await?;
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &form.csrf_token)?;
    let state_given = match form.status.trim() {
        "" => None,
        text => {
            Some(ActionState::parse(text).ok_or_else(|| WebError::BadRequest(format!("\"{text}\" is not a status")))?)
        }
    };
    let outcome = committee::update_action(
        state.store.as_ref(),
        &signed_in.actor(),
        &council_key(&council)?,
        id,
        &form.note,
        state_given,
    )
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&path).into_response()),
        Err(AppError::BadInput { field, message }) => {
            let errors = vec![FieldError { field, message }];
            let page = action_page(&state, &signed_in, chrome, &council, id, form.note, errors).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn my_actions(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
) -> Result<Html<String>, WebError> {
    let (signed_in, chrome) = open(&state, visitor, &council, &format!("/councils/{council}/actions/mine")).await?;
    let actions = action_rows_for(&state, &signed_in, &council).await?;
    Ok(render(&MyActionsPage { chrome, slug: council, actions }))
}

/// The actions asked of a person by name that are not done, soonest due
/// first (for their committee actions page and their round to-do list).
pub(crate) async fn action_rows_for(
    state: &AppState,
    signed_in: &SignedIn,
    council: &str,
) -> Result<Vec<ActionRow>, WebError> {
    let (actor, username) = (signed_in.actor(), &signed_in.user.username);
    let lines =
        committee::actions_asked_of(state.store.as_ref(), &actor, &council_key(council)?, username, today()).await?;
    Ok(lines
        .iter()
        .map(|l| ActionRow {
            id: l.action.id,
            number: l.action.number,
            asked: l.action.asked.clone(),
            asked_of: l.action.asked_of.to_string(),
            due: day(l.action.due),
            progress: ProgressTag::of(l.progress),
            meeting: format!("{}, {}", l.committee, day(l.meeting_date)),
            meeting_id: l.meeting_id,
        })
        .collect())
}

#[derive(Deserialize, Default)]
pub struct PlansQuery {
    period: Option<String>,
}

async fn plans_for(
    state: &AppState,
    signed_in: &SignedIn,
    council: &str,
    q: &PlansQuery,
) -> Result<(Period, Vec<PlanStanding>), WebError> {
    let period = match q.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Period::parse(p).map_err(|e| WebError::BadRequest(e.to_string()))?,
        None => {
            let slug = outturn_core::Key::parse(council).map_err(|e| WebError::NotFound(e.to_string()))?;
            outturn_app::statuses::status_report::default_period(state.store.as_ref(), &slug).await?
        }
    };
    Ok((
        period,
        improvement::plans(state.store.as_ref(), &signed_in.actor(), &council_key(council)?, period, None).await?,
    ))
}

fn status_tag(status: Option<Status>, labels: &outturn_core::StatusLabels) -> StatusTag {
    match status {
        Some(s) => StatusTag::of(s, labels),
        None => StatusTag::plain("Not due"),
    }
}

fn plan_row(p: &PlanStanding) -> PlanRow {
    PlanRow {
        code: p.plan.measure.to_string(),
        code_url: url_encode(p.plan.measure.as_str()),
        measure_title: p.measure_title.clone(),
        title: p.plan.title.clone(),
        owner: p.plan.owner.clone(),
        review: day(p.plan.review_on),
        in_focus: p.in_focus,
        latest: status_tag(p.statuses.first().and_then(|(_, s)| *s), &p.labels),
    }
}

pub async fn plans(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
    Query(q): Query<PlansQuery>,
) -> Result<Html<String>, WebError> {
    let (signed_in, chrome) =
        open(&state, visitor, &council, &format!("/councils/{council}/improvement-plans")).await?;
    let (period, standings) = plans_for(&state, &signed_in, &council, &q).await?;
    let green_periods = outturn_app::committees::improvement::focus_green_periods(
        state.store.as_ref(),
        &signed_in.actor(),
        &council_key(&council)?,
    )
    .await?;
    Ok(render(&PlansPage {
        chrome,
        slug: council,
        period: period.describe(),
        green_periods,
        plans: standings.iter().map(plan_row).collect(),
    }))
}

pub async fn plan(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, code)): Path<(String, String)>,
    Query(q): Query<PlansQuery>,
) -> Result<Html<String>, WebError> {
    let path = format!("/councils/{council}/improvement-plans/{}", url_encode(&code));
    let (signed_in, chrome) = open(&state, visitor, &council, &path).await?;
    let (period, standings) = plans_for(&state, &signed_in, &council, &q).await?;
    let Some(p) = standings.iter().find(|p| p.plan.measure.as_str() == code) else {
        return Err(WebError::NotFound(format!("{council} has no improvement plan for {code}")));
    };
    Ok(render(&PlanPage {
        chrome,
        slug: council,
        plan: plan_row(p),
        monitored_by: p.plan.monitored_by.clone(),
        opened: p.plan.opened.describe(),
        period: period.describe(),
        green_periods: p.green_periods,
        actions: p.plan.actions.clone(),
        milestones: p.plan.milestones.iter().map(|m| (m.what.clone(), day(m.due))).collect(),
        statuses: p.statuses.iter().map(|(period, s)| (period.describe(), status_tag(*s, &p.labels))).collect(),
    }))
}
