//! Editing a measure's definition (performance officers).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use outturn_app::framework::measure_edit::{MeasureEdit, OpenMeasure, open_measure};
use outturn_app::results::data_entry::{EntryError, FieldError};
use outturn_core::{Measure, Period, StatusRule, Tolerance, ToleranceKind};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::filters::url_encode;
use crate::forms::{Form, decimal_field, text_field};
use crate::ids::{council_key, measure_code};
use crate::session::{SignedIn, Visitor, check_post};
use crate::views::{Chrome, MeasureEditPage, Section, render};

/// The form's fields, as text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EditFields {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub officer: String,
    /// points, percent, absolute, threshold or none.
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub amber: String,
    /// For a tolerance, what a figure beyond it is: red (or empty) or direction.
    #[serde(default)]
    pub beyond: String,
    /// For bands: how far short of target is still Green (the tolerance is
    /// then the Amber band's edge).
    #[serde(default)]
    pub green: String,
    /// For bands: how far better than target is still Green (beyond it, Exceeded).
    #[serde(default)]
    pub exceeded: String,
    #[serde(default)]
    pub retired_from: String,
    #[serde(default)]
    pub retired_reason: String,
}

impl EditFields {
    fn of(m: &Measure) -> EditFields {
        let (rule, amber, beyond, green) = match (m.status_rule, m.status_rule.tolerance()) {
            (_, Some((t, beyond))) => (t.kind.code(), t.amber.to_string(), beyond.unwrap_or("red"), String::new()),
            (StatusRule::Banded(b), None) => (b.kind.code(), b.amber.to_string(), "red", b.green.to_string()),
            (StatusRule::Threshold, None) => ("threshold", String::new(), "red", String::new()),
            _ => ("none", String::new(), "red", String::new()),
        };
        EditFields {
            title: m.title.clone(),
            definition: m.definition.clone().unwrap_or_default(),
            officer: m.officer.clone().unwrap_or_default(),
            rule: rule.into(),
            amber,
            beyond: beyond.into(),
            green,
            exceeded: match m.status_rule {
                StatusRule::Banded(b) => b.exceeded.map(|e| e.to_string()).unwrap_or_default(),
                _ => String::new(),
            },
            retired_from: m.retired_from.map(|p| p.to_string()).unwrap_or_default(),
            retired_reason: m.retired_reason.clone().unwrap_or_default(),
        }
    }

    /// The edit, or the problems with the fields.
    fn read(&self) -> Result<MeasureEdit, Vec<FieldError>> {
        let mut errors = Vec::new();
        let amber = decimal_field("amber", "The tolerance", &self.amber, &mut errors);
        let green = decimal_field("green", "The Green band", &self.green, &mut errors);
        let exceeded = decimal_field("exceeded", "The Exceeded band", &self.exceeded, &mut errors);
        let tolerance = ToleranceKind::from_code(&self.rule).is_some();
        if exceeded.is_some() && (!tolerance || self.green.trim().is_empty()) {
            let message = if tolerance {
                "An Exceeded band is for bands: give the Green band too, or leave the Exceeded band empty"
            } else {
                "An Exceeded band is for bands: choose a tolerance with a Green band, or leave the Exceeded band empty"
            };
            errors.push(FieldError { field: "exceeded", message: message.into() });
        }
        let status_rule = match (self.rule.as_str(), ToleranceKind::from_code(&self.rule), amber) {
            ("threshold", _, _) => Some(StatusRule::Threshold),
            ("none", _, _) => Some(StatusRule::None),
            (_, Some(kind), Some(amber)) if green.is_some() => {
                if !matches!(self.beyond.as_str(), "" | "red") {
                    errors.push(FieldError {
                        field: "green",
                        message: "Bands are Red beyond the Amber band: choose Red beyond the tolerance, or leave the Green band empty".into(),
                    });
                }
                green.map(|green| StatusRule::Banded(outturn_core::Bands { kind, green, amber, exceeded }))
            }
            (_, Some(kind), Some(amber)) => {
                let beyond = Some(self.beyond.as_str()).filter(|b| !b.is_empty());
                let rule = StatusRule::with_tolerance(Tolerance { kind, amber }, beyond);
                if rule.is_none() {
                    errors.push(FieldError {
                        field: "beyond",
                        message: "Choose what a figure beyond the tolerance is".into(),
                    });
                }
                rule
            }
            (_, Some(_), None) => {
                if self.amber.trim().is_empty() {
                    errors.push(FieldError {
                        field: "amber",
                        message: "Enter how far from target is still within the tolerance".into(),
                    });
                }
                None
            }
            _ => {
                errors.push(FieldError { field: "rule", message: "Choose how the status is judged".into() });
                None
            }
        };
        let retired_from = match text_field(&self.retired_from) {
            None => None,
            Some(text) => match Period::parse(&text) {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.push(FieldError {
                        field: "retired_from",
                        message: outturn_app::sentence_case(&e.to_string()),
                    });
                    None
                }
            },
        };
        match status_rule {
            Some(status_rule) if errors.is_empty() => Ok(MeasureEdit {
                title: self.title.clone(),
                definition: text_field(&self.definition),
                officer: text_field(&self.officer),
                status_rule,
                retired_from,
                retired_reason: text_field(&self.retired_reason),
            }),
            _ => Err(errors),
        }
    }
}

fn page(
    opened: &OpenMeasure,
    signed_in: &SignedIn,
    council: &str,
    fields: Option<EditFields>,
    errors: Vec<FieldError>,
) -> MeasureEditPage {
    let (found, m) = (&opened.council, &opened.measure);
    MeasureEditPage {
        chrome: Chrome::council(Some(signed_in), council, &outturn_app::CouncilTitle::of(found), Section::Other, true),
        slug: council.to_string(),
        code: m.code.to_string(),
        code_url: url_encode(m.code.as_str()),
        unit: m.unit.name(),
        fields: fields.unwrap_or_else(|| EditFields::of(m)),
        errors,
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, code)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/measures/{}/edit", url_encode(&code)))?;
    let opened = open_measure(
        state.store.as_ref(),
        &signed_in.actor(),
        &council_key(&council)?,
        &measure_code(&council, &code)?,
    )
    .await?;
    Ok(render(&page(&opened, &signed_in, &council, None, Vec::new())))
}

#[derive(Deserialize)]
pub struct EditPost {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    fields: EditFields,
}

pub async fn save(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path((council, code)): Path<(String, String)>,
    Form(post): Form<EditPost>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/measures/{}/edit", url_encode(&code)))?;
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &post.csrf_token)?;
    // Who may, before what they sent.
    let opened = open_measure(
        state.store.as_ref(),
        &signed_in.actor(),
        &council_key(&council)?,
        &measure_code(&council, &code)?,
    )
    .await?;
    let outcome = match post.fields.read() {
        Ok(edit) => opened.save(state.store.as_ref(), edit, Timestamp::now()).await.map(|_| ()),
        Err(errors) => Err(EntryError::Invalid(errors)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/councils/{council}/measures/{}", url_encode(&code))).into_response()),
        Err(EntryError::Invalid(errors)) => {
            let view = page(&opened, &signed_in, &council, Some(post.fields), errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&view)).into_response())
        }
        Err(EntryError::Conflict { .. }) => Err(WebError::BadRequest("the measure changed meanwhile".into())),
        Err(EntryError::App(e)) => Err(e.into()),
    }
}
