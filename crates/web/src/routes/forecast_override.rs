//! A performance officer overrides a measure's year-end forecast: GET shows
//! the model's forecast and range, the year's target, the overrides given so
//! far (their reasons and, once the outturn is in, their errors) and a form
//! for a figure and a reason; POST records one (`outturn_app::
//! forecast_override`) and goes back to the measure's forecast. The page is
//! the officer's own, drawn for each request: nothing here is kept.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use outturn_app::forecast_override::{MAX_REASON_CHARS, OpenOverride, open_override};
use outturn_app::results::data_entry::{EntryError, FieldError};
use outturn_core::Unit;
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::filters::url_encode;
use crate::forecast::{ForecastSection, OverrideRow, officer_forecast_words};
use crate::forms::Form;
use crate::ids::{council_key, measure_code};
use crate::session::{SignedIn, Visitor, check_post};
use crate::views::{Chrome, Section, error_for, render};

#[derive(askama::Template)]
#[template(path = "forecast_override.html")]
pub struct ForecastOverridePage {
    pub chrome: Chrome,
    pub slug: String,
    pub code: String,
    pub code_url: String,
    pub title: String,
    /// The model's year-end outturn and range, in words.
    pub year_end: String,
    pub year_target: String,
    /// "At risk…", when the forecast (the officer's or the model's) misses the target.
    pub warning: Option<String>,
    /// The officer's forecast standing now, in words; empty when none.
    pub officer_forecast: String,
    pub overrides: Vec<OverrideRow>,
    pub override_accuracy: String,
    /// What the value field takes, for its hint.
    pub value_hint: String,
    pub max_reason: usize,
    // The form, as given (or its defaults).
    pub year: String,
    pub value: String,
    pub reason: String,
    pub errors: Vec<FieldError>,
}

impl ForecastOverridePage {
    pub fn error(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }

    fn of(signed_in: &SignedIn, council: &str, opened: &OpenOverride, form: FormValues) -> ForecastOverridePage {
        let (f, m) = (&opened.forecast, &opened.measure);
        let section = ForecastSection::of(f);
        let override_accuracy = section.override_accuracy.clone();
        ForecastOverridePage {
            chrome: Chrome::council(
                Some(signed_in),
                council,
                &outturn_app::CouncilTitle::of(&opened.council),
                Section::Other,
                true,
            ),
            slug: council.to_string(),
            code: m.code.to_string(),
            code_url: url_encode(m.code.as_str()),
            title: m.title.clone(),
            year_end: if section.not_made.is_some() { "Not forecast".into() } else { section.year_end },
            year_target: section.year_target,
            warning: f.warning(),
            officer_forecast: officer_forecast_words(f),
            overrides: f.overrides.iter().rev().map(|o| OverrideRow::of(m, o)).collect(),
            override_accuracy,
            value_hint: value_hint(m.unit),
            max_reason: MAX_REASON_CHARS,
            year: form.year,
            value: form.value,
            reason: form.reason,
            errors: form.errors,
        }
    }
}

/// What the form holds: the defaults, or what was sent.
struct FormValues {
    year: String,
    value: String,
    reason: String,
    errors: Vec<FieldError>,
}

fn value_hint(unit: Unit) -> String {
    let example = match unit {
        Unit::Percentage => "96.5 for 96.5%",
        Unit::Money => "250000 for £250,000",
        Unit::Count => "a whole number, such as 1250",
        _ => "a number, such as 12.5",
    };
    match unit.least() {
        Some(least) => {
            format!("The outturn you expect, in the measure's unit ({}): {example}; not below {least}", unit.name())
        }
        None => format!("The outturn you expect, in the measure's unit ({}): {example}", unit.name()),
    }
}

fn here(council: &str, code: &str) -> String {
    format!("/councils/{council}/measures/{}/forecast-override", url_encode(code))
}

pub async fn override_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, code)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&here(&council, &code))?;
    let now = Timestamp::now();
    let opened = open_override(
        state.store.as_ref(),
        &signed_in.actor(),
        &council_key(&council)?,
        &measure_code(&council, &code)?,
        now,
    )
    .await?;
    let year = opened.default_year(outturn_core::AsOf::at(now).date()).to_string();
    let form = FormValues { year, value: String::new(), reason: String::new(), errors: Vec::new() };
    Ok(render(&ForecastOverridePage::of(&signed_in, &council, &opened, form)))
}

#[derive(Deserialize)]
pub struct OverridePost {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    reason: String,
}

pub async fn record_override(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path((council, code)): Path<(String, String)>,
    Form(form): Form<OverridePost>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&here(&council, &code))?;
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &form.csrf_token)?;
    let now = Timestamp::now();
    // Who may, before what they sent: a viewer learns nothing from validation.
    let opened = open_override(
        state.store.as_ref(),
        &signed_in.actor(),
        &council_key(&council)?,
        &measure_code(&council, &code)?,
        now,
    )
    .await?;
    let outcome = opened.record_form(state.store.as_ref(), &form.year, &form.value, &form.reason, now).await;
    match outcome {
        Ok(_) => {
            Ok(Redirect::to(&format!("/councils/{council}/measures/{}#forecast", url_encode(&code))).into_response())
        }
        Err(EntryError::Invalid(errors)) => {
            let values = FormValues { year: form.year, value: form.value, reason: form.reason, errors };
            let page = ForecastOverridePage::of(&signed_in, &council, &opened, values);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(EntryError::Conflict { .. }) => Err(WebError::BadRequest("the forecast changed meanwhile".into())),
        Err(EntryError::App(e)) => Err(e.into()),
    }
}
