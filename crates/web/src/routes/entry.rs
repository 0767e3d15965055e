//! Data entry: the result form for one measure and period, saving it (the
//! grid of a data owner's measures is `entry_grid`).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use outturn_app::results::data_entry::{
    EntryError, EntryForm, FieldError, Seen, Submission, entry_form as app_entry_form, open_entry,
};
use outturn_core::result::ResultInput;
use outturn_core::{Measure, Period, ResultEntry, ResultValue};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::filters::url_encode;
use crate::forms::{Form, Query, decimal_field, text_field};
use crate::ids::{council_key, measure_code};
use crate::session::{SignedIn, Visitor, check_post};
use crate::views::{Chrome, ResultFormPage, Section, StatusTag, render};

fn describe_value(m: &Measure, e: &ResultEntry) -> String {
    match &e.value {
        ResultValue::Figure(f) => m.format_figure(f.value),
        ResultValue::Missing { reason } => format!("Missing: {reason}"),
        ResultValue::Narrative => "Commentary only".into(),
    }
}

#[derive(Deserialize, Default)]
pub struct ResultQuery {
    period: Option<String>,
}

fn period_of(text: Option<&str>) -> Result<Period, WebError> {
    let text = text
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| WebError::BadRequest("say which period: ?period=2020/21-Q2".into()))?;
    Period::parse(text).map_err(|e| WebError::BadRequest(e.to_string()))
}

pub async fn entry_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, code)): Path<(String, String)>,
    Query(q): Query<ResultQuery>,
) -> Result<Html<String>, WebError> {
    let here = format!(
        "/councils/{council}/measures/{}/result?period={}",
        url_encode(&code),
        url_encode(q.period.as_deref().unwrap_or(""))
    );
    let signed_in = visitor.require(&here)?;
    let period = period_of(q.period.as_deref())?;
    let form = app_entry_form(
        state.store.as_ref(),
        &signed_in.actor(),
        &council_key(&council)?,
        &measure_code(&council, &code)?,
        period,
    )
    .await?;
    let values = FormValues::from_current(&form);
    Ok(render(&form_page(&signed_in, &council, &form, values, Vec::new(), None)))
}

/// What the form's fields hold.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FormValues {
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub numerator: String,
    #[serde(default)]
    pub denominator: String,
    #[serde(default)]
    pub cumulative: Option<String>,
    #[serde(default)]
    pub forecast: String,
    #[serde(default)]
    pub missing: Option<String>,
    #[serde(default)]
    pub missing_reason: String,
    #[serde(default)]
    pub commentary: String,
}

impl FormValues {
    fn from_current(form: &EntryForm) -> FormValues {
        let Some(current) = &form.current else { return FormValues::default() };
        let commentary = current.commentary.clone().unwrap_or_default();
        match &current.value {
            ResultValue::Figure(f) => FormValues {
                value: f.value.to_string(),
                numerator: f.numerator.map(|n| n.to_string()).unwrap_or_default(),
                denominator: f.denominator.map(|d| d.to_string()).unwrap_or_default(),
                cumulative: f.cumulative.then(|| "yes".into()),
                forecast: f.forecast.map(|v| v.to_string()).unwrap_or_default(),
                commentary,
                ..FormValues::default()
            },
            ResultValue::Missing { reason } => FormValues {
                missing: Some("yes".into()),
                missing_reason: reason.clone(),
                commentary,
                ..FormValues::default()
            },
            ResultValue::Narrative => FormValues { commentary, ..FormValues::default() },
        }
    }
}

fn form_page(
    signed_in: &SignedIn,
    council: &str,
    form: &EntryForm,
    values: FormValues,
    errors: Vec<FieldError>,
    conflict: Option<String>,
) -> ResultFormPage {
    let m = &form.measure;
    ResultFormPage {
        chrome: Chrome::council(
            Some(signed_in),
            council,
            &outturn_app::CouncilTitle::of(&form.council),
            Section::Entry,
            true,
        ),
        slug: council.to_string(),
        code: m.code.to_string(),
        code_url: url_encode(m.code.as_str()),
        title: m.title.clone(),
        period: form.period.to_string(),
        period_url: url_encode(&form.period.to_string()),
        period_description: form.period.describe(),
        unit: m.unit.name(),
        fraction: m.ytd.combines_fractions(),
        forecast_rule: matches!(m.status_rule, outturn_core::StatusRule::ForecastAware(_)),
        target: form.target.map(|t| m.format_figure(t)),
        current: form.current.as_ref().map(|c| {
            format!(
                "{} (recorded {} by {})",
                describe_value(m, c),
                c.recorded_at.strftime("%Y-%m-%d %H:%M UTC"),
                c.recorded_by
            )
        }),
        status: form.status.map(|s| StatusTag::of(s, &form.council.summary.labels)),
        seen: form.recordings.len(),
        values,
        errors,
        conflict,
    }
}

#[derive(Deserialize)]
pub struct ResultPost {
    #[serde(default)]
    csrf_token: String,
    period: String,
    seen: usize,
    /// Given only to correct a figure of a published (locked) period.
    #[serde(default)]
    correction_reason: String,
    #[serde(flatten)]
    values: FormValues,
}

pub async fn record_result(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path((council, code)): Path<(String, String)>,
    Form(post): Form<ResultPost>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/entry"))?;
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &post.csrf_token)?;
    let period = period_of(Some(&post.period))?;
    // Who may, before what they sent: opening checks the measure is theirs.
    let store = state.store.as_ref();
    let mut entry =
        open_entry(store, &signed_in.actor(), &council_key(&council)?, &measure_code(&council, &code)?).await?;
    let v = &post.values;
    let mut errors = Vec::new();
    let missing = v.missing.is_some();
    let input = ResultInput {
        value: if missing { None } else { decimal_field("value", "The result", &v.value, &mut errors) },
        numerator: if missing { None } else { decimal_field("numerator", "The numerator", &v.numerator, &mut errors) },
        denominator: if missing {
            None
        } else {
            decimal_field("denominator", "The denominator", &v.denominator, &mut errors)
        },
        cumulative: v.cumulative.is_some(),
        forecast: decimal_field("forecast", "The forecast", &v.forecast, &mut errors),
        missing_reason: if missing { Some(v.missing_reason.trim().to_string()) } else { None },
        commentary: text_field(&v.commentary),
    };
    let outcome = if errors.is_empty() {
        let submission = Submission { period, input, seen: Seen::InPeriod(post.seen) };
        match post.correction_reason.trim() {
            "" => entry.save(store, submission, Timestamp::now()).await,
            reason => entry.save_correction(store, submission, reason, Timestamp::now()).await,
        }
    } else {
        Err(EntryError::Invalid(errors))
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/councils/{council}/entry?period={}", url_encode(&period.to_string())))
            .into_response()),
        Err(EntryError::App(e)) => Err(e.into()),
        Err(EntryError::Invalid(errors)) => {
            let form = entry.form(period);
            let mut page = form_page(&signed_in, &council, &form, post.values, errors, None);
            page.seen = post.seen;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(EntryError::Conflict { theirs: None }) => {
            Err(WebError::BadRequest(format!("{code} {period} changed meanwhile: open the form again")))
        }
        Err(EntryError::Conflict { theirs: Some(theirs) }) => {
            // The entry now holds the history as it is, theirs included.
            let form = entry.form(period);
            let theirs_text = format!(
                "{} recorded {} by {}{}",
                describe_value(&form.measure, &theirs),
                theirs.recorded_at.strftime("%Y-%m-%d %H:%M UTC"),
                theirs.recorded_by,
                theirs.commentary.as_deref().map(|c| format!(", commentary: {c}")).unwrap_or_default()
            );
            // The form now carries the latest version: saving again replaces theirs on purpose.
            let page = form_page(&signed_in, &council, &form, post.values, Vec::new(), Some(theirs_text));
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
    }
}
