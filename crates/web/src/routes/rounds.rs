//! Collection rounds and sign-off: the rounds of a council (and opening one),
//! a round's completeness and timeliness with each business unit's sign-off,
//! and a data owner's to-do list. Every rule is in `outturn_app::rounds` and
//! `outturn_app::rounds::sign_off`; these handlers only read forms and draw pages.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use outturn_app::access::Action;
use outturn_app::results::data_entry::FieldError;
use outturn_app::rounds::sign_off::take_step;
use outturn_app::rounds::{
    DueMeasure, Progress, RoundStatus, ToDoList, close_round, open_round, round_status, rounds, to_do,
};
use outturn_core::sign_off::check_step;
use outturn_core::{Key, Period, SignOffStep};
use outturn_store::Round;
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::filters::url_encode;
use crate::forms::{Form, date_field, long_date};
use crate::ids::council_key;
use crate::session::{SignedIn, Visitor, check_post};
use crate::views::{Chrome, Section, error_for, render};

/// A period from the address: `2020%2F21-Q2` (decoded) or `2020-21-Q2`.
pub(crate) fn period_in_path(text: &str) -> Result<Period, WebError> {
    if let Ok(p) = Period::parse(text) {
        return Ok(p);
    }
    // 2020-21-Q2: the year's slash written as a hyphen, for addresses typed by hand.
    let slashed = match (text.get(..4), text.get(4..5), text.get(5..)) {
        (Some(y), Some("-"), Some(rest)) if rest.len() >= 2 => format!("{y}/{rest}"),
        _ => String::new(),
    };
    Period::parse(&slashed).map_err(|_| WebError::NotFound(format!("\"{text}\" is not a period, such as 2020-21-Q2")))
}

/// The period as written in addresses.
pub(crate) fn period_path(p: Period) -> String {
    url_encode(&p.to_string())
}

/// A round as listed.
pub struct RoundRow {
    pub period: String,
    pub description: String,
    pub href: String,
    pub entry_deadline: String,
    pub sign_off_deadline: String,
    pub state: &'static str,
}

#[derive(Template)]
#[template(path = "rounds.html")]
pub struct RoundsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub rounds: Vec<RoundRow>,
    pub can_open: bool,
    pub errors: Vec<FieldError>,
    pub period: String,
    pub entry_deadline: String,
    pub sign_off_deadline: String,
}

impl RoundsPage {
    pub fn error(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

/// The round page of a period no round was opened for: says so, and offers
/// the form to open one to those who may.
#[derive(Template)]
#[template(path = "round_none.html")]
pub struct NoRoundPage {
    pub chrome: Chrome,
    pub slug: String,
    pub period_description: String,
    pub can_open: bool,
    pub errors: Vec<FieldError>,
    pub period: String,
    pub entry_deadline: String,
    pub sign_off_deadline: String,
}

impl NoRoundPage {
    pub fn error(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

pub async fn list(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/rounds"))?;
    Ok(render(&rounds_page(&state, &signed_in, &council, Vec::new(), OpenForm::default()).await?))
}

async fn rounds_page(
    state: &AppState,
    signed_in: &SignedIn,
    council: &str,
    errors: Vec<FieldError>,
    form: OpenForm,
) -> Result<RoundsPage, WebError> {
    let key = council_key(council)?;
    let actor = signed_in.actor();
    let list = rounds(state.store.as_ref(), &actor, &key).await?;
    let name = outturn_app::council_title(state.store.as_ref(), &key).await?;
    let can_enter = outturn_app::access::records_results(&signed_in.user, &key);
    Ok(RoundsPage {
        chrome: Chrome::council(Some(signed_in), council, &name, Section::Rounds, can_enter),
        slug: council.to_string(),
        rounds: list.iter().rev().map(|r| round_row(council, r)).collect(),
        can_open: actor.may(Action::ManageRounds(&key)),
        errors,
        period: form.period,
        entry_deadline: form.entry_deadline,
        sign_off_deadline: form.sign_off_deadline,
    })
}

fn round_row(council: &str, r: &Round) -> RoundRow {
    RoundRow {
        period: r.period.to_string(),
        description: r.period.describe(),
        href: format!("/councils/{council}/rounds/{}", period_path(r.period)),
        entry_deadline: long_date(r.entry_deadline),
        sign_off_deadline: long_date(r.sign_off_deadline),
        state: if r.closed_at.is_some() { "Closed" } else { "Open" },
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct OpenForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    entry_deadline: String,
    #[serde(default)]
    sign_off_deadline: String,
}

pub async fn open(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path(council): Path<String>,
    Form(form): Form<OpenForm>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/rounds"))?;
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &form.csrf_token)?;
    // Who may, before what they sent.
    let actor = signed_in.actor();
    actor.check(Action::ManageRounds(&council_key(&council)?))?;
    let mut errors = Vec::new();
    let period = match Period::parse(form.period.trim()) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(FieldError { field: "period", message: outturn_app::sentence_case(&e.to_string()) });
            None
        }
    };
    let entry = date_field("entry_deadline", "the results deadline", &form.entry_deadline, &mut errors);
    let sign_off = date_field("sign_off_deadline", "the sign-off deadline", &form.sign_off_deadline, &mut errors);
    let outcome = match (period, entry, sign_off) {
        (Some(period), Some(entry), Some(sign_off)) => {
            open_round(state.store.as_ref(), &actor, &council_key(&council)?, period, entry, sign_off, Timestamp::now())
                .await
                .map_err(|e| match e {
                    outturn_app::AppError::Workflow(message) => {
                        Ok(vec![FieldError { field: "period", message: outturn_app::sentence_case(&message) }])
                    }
                    other => Err(WebError::from(other)),
                })
        }
        _ => Err(Ok(errors)),
    };
    match outcome {
        Ok(round) => {
            Ok(Redirect::to(&format!("/councils/{council}/rounds/{}", period_path(round.period))).into_response())
        }
        Err(Ok(errors)) => {
            let page = rounds_page(&state, &signed_in, &council, errors, form).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(Err(e)) => Err(e),
    }
}

/// One row of counts, ready to show.
pub struct CountsRow {
    pub name: String,
    pub state: Option<&'static str>,
    pub counts: [usize; 7],
    /// The sign-off buttons this person may press for the unit.
    pub steps: Vec<StepButton>,
    pub unit: String,
}

pub struct StepButton {
    pub code: &'static str,
    pub label: &'static str,
    pub needs_reason: bool,
}

fn counts(p: &Progress) -> [usize; 7] {
    [p.due, p.entered, p.on_time, p.late, p.to_do, p.overdue, p.missing_data]
}

pub struct MissingRow {
    pub code: String,
    pub unit: String,
    pub timeliness: &'static str,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "round_status.html")]
pub struct RoundStatusPage {
    pub chrome: Chrome,
    pub slug: String,
    pub period: String,
    pub period_url: String,
    pub period_description: String,
    pub entry_deadline: String,
    pub sign_off_deadline: String,
    pub closed: bool,
    pub standing: String,
    pub units: Vec<CountsRow>,
    pub totals: [usize; 7],
    pub owners: Vec<CountsRow>,
    pub missing: Vec<MissingRow>,
    pub can_close: bool,
    pub can_enter: bool,
    pub message: Option<String>,
    /// Red or Amber results without commentary: (link, words).
    pub commentary_owed: Vec<(String, String)>,
}

pub async fn status(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, period)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/rounds/{period}"))?;
    let period = period_in_path(&period)?;
    if let Some(page) = no_round_page(&state, &signed_in, &council, period).await? {
        return Ok(render(&page));
    }
    Ok(render(&status_page(&state, &signed_in, &council, period, None).await?))
}

/// The page for a period no round was ever opened for, or None when there is one.
async fn no_round_page(
    state: &AppState,
    signed_in: &SignedIn,
    council: &str,
    period: Period,
) -> Result<Option<NoRoundPage>, WebError> {
    let key = council_key(council)?;
    let actor = signed_in.actor();
    if rounds(state.store.as_ref(), &actor, &key).await?.iter().any(|r| r.period == period) {
        return Ok(None);
    }
    let name = outturn_app::council_title(state.store.as_ref(), &key).await?;
    let can_enter = outturn_app::access::records_results(&signed_in.user, &key);
    Ok(Some(NoRoundPage {
        chrome: Chrome::council(Some(signed_in), council, &name, Section::Rounds, can_enter),
        slug: council.to_string(),
        period_description: period.describe(),
        can_open: actor.may(Action::ManageRounds(&key)),
        errors: Vec::new(),
        period: period.to_string(),
        entry_deadline: String::new(),
        sign_off_deadline: String::new(),
    }))
}

async fn status_page(
    state: &AppState,
    signed_in: &SignedIn,
    council: &str,
    period: Period,
    message: Option<String>,
) -> Result<RoundStatusPage, WebError> {
    let key = council_key(council)?;
    let actor = signed_in.actor();
    let s: RoundStatus = round_status(state.store.as_ref(), &actor, &key, period, Timestamp::now()).await?;
    let found = outturn_app::statuses::measures_query::council_for(state.store.as_ref(), &actor, &key).await?;
    let user = &signed_in.user;
    let steps_for = |unit: &str, st: outturn_core::SignOffState| -> Vec<StepButton> {
        let Ok(u) = Key::parse(unit) else { return Vec::new() };
        let (c, f) = (&key, &found.framework);
        [
            (SignOffStep::Submit, Action::SubmitUnit { council: c, unit: &u, framework: f }, "Submit for sign-off"),
            (SignOffStep::SignOff, Action::SignOffUnit { council: c, unit: &u, framework: f }, "Sign off"),
            (SignOffStep::Reopen, Action::ReopenUnit { council: c, unit: &u, framework: f }, "Reopen"),
        ]
        .into_iter()
        // Reopening needs a reason, given in the form: check the state only.
        .filter(|(step, action, _)| actor.may(*action) && check_step(st, *step, Some("reason")).is_ok())
        .map(|(step, _, label)| StepButton { code: step.code(), label, needs_reason: step == SignOffStep::Reopen })
        .collect()
    };
    Ok(RoundStatusPage {
        chrome: Chrome::council(
            Some(signed_in),
            council,
            &outturn_app::CouncilTitle::of(&found),
            Section::Rounds,
            outturn_app::access::records_results(user, &key),
        ),
        slug: council.to_string(),
        period: period.to_string(),
        period_url: period_path(period),
        period_description: s.period_description.clone(),
        entry_deadline: long_date(s.entry_deadline),
        sign_off_deadline: long_date(s.sign_off_deadline),
        closed: s.closed,
        standing: s.standing.label.clone(),
        units: s
            .units
            .iter()
            .map(|u| CountsRow {
                name: u.unit_name.clone(),
                state: Some(u.state_label),
                counts: counts(&u.progress),
                steps: steps_for(&u.unit, u.state),
                unit: u.unit.clone(),
            })
            .collect(),
        totals: counts(&s.totals),
        owners: s
            .owners
            .iter()
            .map(|o| CountsRow {
                name: o.display_name.clone(),
                state: None,
                counts: counts(&o.progress),
                steps: Vec::new(),
                unit: String::new(),
            })
            .collect(),
        missing: s
            .measures
            .iter()
            .filter(|m| !m.timeliness.is_entered() || m.missing_reason.is_some())
            .map(|m| MissingRow {
                code: format!("{}: {}", m.code, m.title),
                unit: m.unit_name.clone(),
                timeliness: m.timeliness_label,
                reason: m.missing_reason.clone().map_or_else(|| "Not entered".into(), |r| format!("Missing data: {r}")),
            })
            .collect(),
        can_close: !s.closed && actor.may(Action::ManageRounds(&key)),
        can_enter: outturn_app::access::records_results(user, &key),
        message,
        commentary_owed: crate::views::owed_links(council, &s.commentary_owed),
    })
}

#[derive(Debug, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    csrf_token: String,
    step: String,
    #[serde(default)]
    reason: String,
}

/// Submit, sign off or reopen a business unit.
pub async fn step(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path((council, period, unit)): Path<(String, String, String)>,
    Form(form): Form<StepForm>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/rounds/{period}"))?;
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &form.csrf_token)?;
    let period = period_in_path(&period)?;
    let step = SignOffStep::parse(&form.step).ok_or_else(|| {
        WebError::BadRequest(format!("\"{}\" is not a sign-off step: submit, sign-off or reopen", form.step))
    })?;
    let actor = signed_in.actor();
    let reason = Some(form.reason.as_str()).filter(|r| !r.trim().is_empty());
    match take_step(
        state.store.as_ref(),
        &actor,
        &council_key(&council)?,
        period,
        &Key::parse(&unit)
            .map_err(|_| WebError::NotFound(format!("there is no business unit \"{unit}\" in {council}")))?,
        step,
        reason,
        Timestamp::now(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/councils/{council}/rounds/{}", period_path(period))).into_response()),
        Err(outturn_app::AppError::Workflow(message)) => {
            let page =
                status_page(&state, &signed_in, &council, period, Some(outturn_app::sentence_case(&message))).await?;
            Ok((axum::http::StatusCode::CONFLICT, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

pub async fn close(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path((council, period)): Path<(String, String)>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/rounds/{period}"))?;
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &form.csrf_token)?;
    let period = period_in_path(&period)?;
    close_round(state.store.as_ref(), &signed_in.actor(), &council_key(&council)?, period, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("/councils/{council}/rounds/{}", period_path(period))).into_response())
}

pub struct ToDoRow {
    pub code: String,
    pub title: String,
    pub period: String,
    pub state: &'static str,
    pub tag_class: &'static str,
    pub href: String,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "round_mine.html")]
pub struct ToDoPage {
    pub chrome: Chrome,
    pub slug: String,
    pub period: String,
    pub period_url: String,
    pub period_description: String,
    pub entry_deadline: String,
    pub due: usize,
    pub done: usize,
    pub overdue: usize,
    pub lines: Vec<ToDoRow>,
    /// Committee actions asked of the person by name that are not done.
    pub committee_actions: Vec<crate::committee_views::ActionRow>,
    /// Their Red or Amber results without commentary: (link, words).
    pub commentary_owed: Vec<(String, String)>,
}

pub async fn mine(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, period)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/rounds/{period}/mine"))?;
    let period = period_in_path(&period)?;
    let key = council_key(&council)?;
    let list: ToDoList = to_do(state.store.as_ref(), &signed_in.actor(), &key, period, Timestamp::now()).await?;
    let title = outturn_app::council_title(state.store.as_ref(), &key).await?;
    let row = |m: &DueMeasure| ToDoRow {
        code: m.code.clone(),
        title: m.title.clone(),
        period: m.period.to_string(),
        state: m.timeliness_label,
        tag_class: match m.timeliness {
            outturn_core::round::Timeliness::OnTime => "govuk-tag--green",
            outturn_core::round::Timeliness::Late => "govuk-tag--blue",
            outturn_core::round::Timeliness::Overdue => "govuk-tag--red",
            outturn_core::round::Timeliness::ToDo => "govuk-tag--grey",
        },
        href: format!(
            "/councils/{council}/measures/{}/result?period={}",
            url_encode(&m.code),
            url_encode(&m.period.to_string())
        ),
        done: m.timeliness.is_entered(),
    };
    let page = ToDoPage {
        chrome: Chrome::council(Some(&signed_in), &council, &title, Section::Rounds, true),
        slug: council.clone(),
        period: period.to_string(),
        period_url: period_path(period),
        period_description: list.period_description.clone(),
        entry_deadline: long_date(list.entry_deadline),
        due: list.progress.due,
        done: list.progress.entered,
        overdue: list.progress.overdue,
        lines: list.measures.iter().map(row).collect(),
        committee_actions: super::committee::action_rows_for(&state, &signed_in, &council).await?,
        commentary_owed: crate::views::owed_links(&council, &list.commentary_owed),
    };
    Ok(render(&page))
}
