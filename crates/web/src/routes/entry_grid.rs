//! Data entry as a grid: a data owner's measures due in a period on one page
//! (target, the period before, the same period last year, this period's
//! figure, the figure the status rests on, status, commentary), saved
//! together by `outturn_app::results::grid::save_grid`. Without JavaScript:
//! one form, one button; problems come back in a GOV.UK error summary whose
//! links go to the row's field, with everything typed kept.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use outturn_app::results::data_entry::{EntryLine, FieldError, entry_list as app_entry_list};
use outturn_app::results::grid::{GridError, GridRow, GridSaveError, save_grid};
use outturn_core::result::ResultInput;
use outturn_core::{Period, ResultValue};

use crate::AppState;
use crate::error::WebError;
use crate::filters::url_encode;
use crate::forms::{Form, Query, decimal_field};
use crate::ids::council_key;
use crate::routes::council::PeriodQuery;
use crate::session::{SignedIn, Visitor, check_post};
use crate::views::{Chrome, EntryGridRow, EntryListPage, Section, StatusTag, render};

/// The grid for the period (default: the quarter everyone sees).
pub async fn entry_list(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/entry"))?;
    let period = period_in_query(q.period.as_deref())?;
    let saved = q.saved;
    Ok(render(&page(&state, &signed_in, &council, period, None, &[], saved).await?).into_response())
}

/// Saves the grid: every changed row, or none with each problem named.
pub async fn save_entry_grid(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path(council): Path<String>,
    Query(q): Query<PeriodQuery>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/entry"))?;
    let fields: HashMap<String, String> = sent.into_iter().collect();
    check_post(
        &headers,
        state.secure_cookies,
        &signed_in.csrf_token,
        fields.get("csrf_token").map_or("", String::as_str),
    )?;
    let period = period_in_query(q.period.as_deref())?;
    let actor = signed_in.actor();
    let list = app_entry_list(state.store.as_ref(), &actor, &council_key(&council)?, period).await?;
    let mut errors = Vec::new();
    let rows: Vec<GridRow> = list.lines.iter().filter_map(|line| row_sent(line, &fields, &mut errors)).collect();
    let outcome = if errors.is_empty() {
        save_grid(state.store.as_ref(), &actor, &council_key(&council)?, rows, Timestamp::now()).await
    } else {
        Err(GridSaveError::Invalid(errors))
    };
    let here = format!("/councils/{council}/entry?period={}", url_encode(&list.period.to_string()));
    match outcome {
        Ok(saved) => Ok(Redirect::to(&format!("{here}&saved={}", saved.len())).into_response()),
        Err(GridSaveError::Invalid(errors)) => {
            let page = page(&state, &signed_in, &council, Some(list.period), Some(&fields), &errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(GridSaveError::Conflict(what)) => {
            let error = GridError {
                code: String::new(),
                error: FieldError {
                    field: "grid",
                    message: format!(
                        "Someone else saved {what} since you opened this page: nothing was saved. Reload the page to see it"
                    ),
                },
            };
            let page = page(&state, &signed_in, &council, Some(list.period), Some(&fields), &[error], None).await?;
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
        Err(GridSaveError::App(e)) => Err(e.into()),
    }
}

fn period_in_query(text: Option<&str>) -> Result<Option<Period>, WebError> {
    match text.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Ok(Some(Period::parse(p).map_err(|e| WebError::BadRequest(e.to_string()))?)),
        None => Ok(None),
    }
}

/// The row as sent, when anything was typed in it (a figure, a missing
/// reason or commentary); a figure that is not a number is a problem.
fn row_sent(line: &EntryLine, fields: &HashMap<String, String>, errors: &mut Vec<GridError>) -> Option<GridRow> {
    let code = line.measure.code.to_string();
    let field = |name: &str| fields.get(&format!("{name}:{code}")).map(|v| v.trim().to_string()).unwrap_or_default();
    let (value, missing, commentary) = (field("value"), field("missing"), field("commentary"));
    if line.measure.ytd.combines_fractions() || (value.is_empty() && missing.is_empty() && commentary.is_empty()) {
        return None;
    }
    let mut problems = Vec::new();
    let figure = decimal_field("value", "The figure", &value, &mut problems);
    errors.extend(problems.into_iter().map(|error| GridError { code: code.clone(), error }));
    let input = ResultInput {
        value: figure,
        cumulative: field("cumulative") == "yes",
        missing_reason: (!missing.is_empty()).then_some(missing),
        commentary: (!commentary.is_empty()).then_some(commentary),
        ..ResultInput::default()
    };
    let seen = field("seen").parse().unwrap_or(line.recorded);
    Some(GridRow { code, period: line.period, input, seen })
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    council: &str,
    period: Option<Period>,
    sent: Option<&HashMap<String, String>>,
    errors: &[GridError],
    saved: Option<usize>,
) -> Result<EntryListPage, WebError> {
    let actor = signed_in.actor();
    let list = app_entry_list(state.store.as_ref(), &actor, &council_key(council)?, period).await?;
    let (found, period) = (&list.council, list.period);
    let can_import = actor.may(outturn_app::access::Action::ImportData(&found.slug));
    Ok(EntryListPage {
        can_import,
        chrome: Chrome::council(Some(signed_in), council, &outturn_app::CouncilTitle::of(found), Section::Entry, true),
        slug: council.to_string(),
        period: period.to_string(),
        period_url: url_encode(&period.to_string()),
        period_description: period.describe(),
        previous: period.previous().to_string(),
        next: period.next().to_string(),
        csrf_token: signed_in.csrf_token.clone(),
        saved,
        errors: errors
            .iter()
            .map(|e| {
                // A wrong period is shown at the row's figure, the field it came from.
                let field = if e.error.field == "period" { "value" } else { e.error.field };
                let anchor = if e.code.is_empty() { "grid".to_string() } else { format!("{field}-{}", e.code) };
                let words = if e.code.is_empty() {
                    e.error.message.clone()
                } else {
                    format!("{}: {}", e.code, e.error.message)
                };
                (anchor, words)
            })
            .collect(),
        lines: list.lines.iter().map(|l| grid_row(council, l, sent, errors, &list.council.summary.labels)).collect(),
    })
}

fn grid_row(
    council: &str,
    l: &EntryLine,
    sent: Option<&HashMap<String, String>>,
    errors: &[GridError],
    labels: &outturn_core::StatusLabels,
) -> EntryGridRow {
    let m = &l.measure;
    let code = m.code.to_string();
    let show = |d: Option<outturn_core::Decimal>| d.map_or_else(|| "–".to_string(), |v| m.format_figure(v));
    let (mut value, mut missing, mut commentary, mut cumulative) = (String::new(), String::new(), String::new(), false);
    if let Some(current) = &l.current {
        commentary = current.commentary.clone().unwrap_or_default();
        match &current.value {
            ResultValue::Figure(f) => {
                value = f.value.to_string();
                cumulative = f.cumulative;
            }
            ResultValue::Missing { reason } => missing = reason.clone(),
            ResultValue::Narrative => {}
        }
    }
    if let Some(sent) = sent {
        let field = |name: &str| sent.get(&format!("{name}:{code}")).cloned().unwrap_or_default();
        (value, missing, commentary) = (field("value"), field("missing"), field("commentary"));
        cumulative = field("cumulative") == "yes";
    }
    let error =
        |field: &str| errors.iter().find(|e| e.code == code && e.error.field == field).map(|e| e.error.message.clone());
    let accumulates = l.figure.is_some() && l.figure != l.own;
    let show_earlier = |known: Option<(outturn_core::Decimal, bool)>| match known {
        Some((f, true)) => format!("{} (year to date)", m.format_figure(f)),
        Some((f, false)) => m.format_figure(f),
        None => "–".to_string(),
    };
    EntryGridRow {
        href: format!(
            "/councils/{council}/measures/{}/result?period={}",
            url_encode(m.code.as_str()),
            url_encode(&l.period.to_string())
        ),
        title: m.title.clone(),
        period: l.period.to_string(),
        unit: m.unit.name(),
        target: show(l.target),
        previous: show_earlier(l.previous),
        last_year: show_earlier(l.last_year),
        figure: match l.figure {
            Some(f) if accumulates => format!("{} (year to date)", m.format_figure(f)),
            other => show(other),
        },
        status: l.status.map(|s| StatusTag::of(s, labels)),
        commentary_owed: l.commentary_owed,
        fraction: m.ytd.combines_fractions(),
        seen: l.recorded,
        value,
        cumulative,
        missing,
        commentary,
        value_error: error("value").or_else(|| error("period")),
        missing_error: error("missing_reason"),
        commentary_error: error("commentary"),
        code,
    }
}
