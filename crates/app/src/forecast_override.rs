//! Use case: a performance officer overrides a measure's year-end forecast
//! with their own figure and the reason. Every override is kept (a later
//! one for the same year supersedes it, never replaces it); the measure's
//! forecast (`statuses::forecast`) judges whether the target is at risk on
//! the latest, and shows each one's error once the year's outturn arrives,
//! so the council learns whether to trust the model or its officers.

use std::sync::Arc;

use jiff::Timestamp;
use outturn_core::{AsOf, Decimal, FinancialYear, Key, Measure, MeasureCode, MeasureView, Period, Unit};
use outturn_store::{Council, ForecastOverride, Store};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::results::data_entry::{EntryError, FieldError};
use crate::statuses::forecast::{MeasureForecast, measure_forecast, outturn_of};

/// The most characters a reason may hold (a paragraph or two).
pub const MAX_REASON_CHARS: usize = 2_000;

/// A measure opened for overriding its year-end forecast, by an actor who
/// may: what the officer sees before giving their figure.
#[derive(Debug, Clone)]
pub struct OpenOverride {
    pub council: Arc<Council>,
    pub measure: Measure,
    /// The model's forecast as recorded at the instant the measure was
    /// opened, with the overrides given so far and how they turned out.
    pub forecast: MeasureForecast,
    actor: Actor,
}

/// Opens a measure's year-end forecast for overriding: who may is checked
/// before the measure is looked up, so someone who may not learns nothing.
pub async fn open_override(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    now: Timestamp,
) -> Result<OpenOverride, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::OverrideForecast(&council.slug))?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code).cloned() else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    let forecast = measure_forecast(store, actor, &council.slug, code, AsOf::at(now)).await?;
    Ok(OpenOverride { council, measure, forecast, actor: actor.clone() })
}

/// Opens the measure and records an override: [`OpenOverride::record`] in one call.
#[allow(clippy::too_many_arguments)]
pub async fn override_forecast(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    year: FinancialYear,
    value: &str,
    reason: &str,
    now: Timestamp,
) -> Result<ForecastOverride, EntryError> {
    open_override(store, actor, council, code, now).await?.record(store, year, value, reason, now).await
}

impl OpenOverride {
    /// The year an override is for unless another is given: the year being
    /// forecast, or (when the latest result's outturn is in) the next one,
    /// or with no results the financial year of `today`.
    pub fn default_year(&self, today: jiff::civil::Date) -> FinancialYear {
        let f = &self.forecast;
        f.forecast_year.unwrap_or_else(|| {
            f.last.map_or_else(|| FinancialYear::containing(today), |last| last.financial_year().next())
        })
    }

    /// Records the override with its reason (the value as the officer typed
    /// it, "59.9", "1,234", "£2,500" or "96%"). Every problem names its
    /// field (`year`, `value`, `reason`), all of them at once; nothing is
    /// recorded unless there are none.
    pub async fn record(
        &self,
        store: &dyn Store,
        year: FinancialYear,
        value: &str,
        reason: &str,
        now: Timestamp,
    ) -> Result<ForecastOverride, EntryError> {
        self.record_checked(store, Ok(year), value, reason, now).await
    }

    /// [`OpenOverride::record`] with the year as a form gives it ("2026/27"):
    /// a year that cannot be read is said with the other fields' problems.
    pub async fn record_form(
        &self,
        store: &dyn Store,
        year: &str,
        value: &str,
        reason: &str,
        now: Timestamp,
    ) -> Result<ForecastOverride, EntryError> {
        let year = year.trim().parse::<FinancialYear>().map_err(|e| crate::sentence_case(&e.to_string()));
        self.record_checked(store, year, value, reason, now).await
    }

    async fn record_checked(
        &self,
        store: &dyn Store,
        year: Result<FinancialYear, String>,
        value: &str,
        reason: &str,
        now: Timestamp,
    ) -> Result<ForecastOverride, EntryError> {
        let (council, measure, actor) = (&self.council, &self.measure, &self.actor);
        let mut problems = Vec::new();
        let year = match year {
            Ok(y) => Some(y),
            Err(message) => {
                problems.push(FieldError { field: "year", message });
                None
            }
        };
        let value = checked_value(measure, value, &mut problems);
        let reason = checked_reason(reason, &mut problems);
        // The year: one still to come, while the measure is reported.
        if let Some(year) = year {
            let history = store.measure_history(&council.slug, &measure.code).await.map_err(AppError::from)?;
            let view = MeasureView::new(measure, &history, AsOf::at(now));
            let end = Period::Year(year).last_of(measure.frequency).unwrap_or(Period::Year(year));
            if !measure.is_active_in(end) {
                problems.insert(
                    0,
                    FieldError { field: "year", message: format!("{} is not reported in {year}", measure.code) },
                );
            } else if let Some(outturn) = outturn_of(measure, &view, year) {
                problems.insert(
                    0,
                    FieldError {
                        field: "year",
                        message: format!(
                            "The {year} outturn is already in ({}): there is nothing left to forecast",
                            measure.format_figure(outturn)
                        ),
                    },
                );
            }
        }
        let (Some(year), Some(value), Some(reason)) = (year, value, reason) else {
            return Err(EntryError::Invalid(problems));
        };
        if !problems.is_empty() {
            return Err(EntryError::Invalid(problems));
        }
        let recorded = ForecastOverride {
            council: council.slug.clone(),
            measure: measure.code.clone(),
            year,
            value,
            reason,
            recorded_by: actor.display_name().to_string(),
            recorded_at: now,
        };
        let earlier = store.forecast_overrides(&council.slug).await.map_err(AppError::from)?;
        let before = earlier.iter().rfind(|o| o.measure == measure.code && o.year == year);
        let audit = AuditEvent::ForecastOverridden { before, after: &recorded }.record_by(actor, now);
        store.record_forecast_override(&recorded, &audit).await.map_err(AppError::from)?;
        Ok(recorded)
    }
}

/// The figure typed, parsed and checked against the measure's unit.
fn checked_value(measure: &Measure, text: &str, problems: &mut Vec<FieldError>) -> Option<Decimal> {
    let mut problem = |message: String| {
        problems.push(FieldError { field: "value", message });
        None
    };
    if measure.unit == Unit::Text {
        return problem(format!("{} is text only: it has no figure to forecast", measure.code));
    }
    let t = text.trim().trim_end_matches('%').trim_start_matches('£').trim();
    if t.is_empty() {
        return problem("Enter the year-end forecast".into());
    }
    let value = match crate::framework::file::parse_decimal(t) {
        Ok(v) => v,
        Err(_) if Decimal::from_str_exact(&t.replace(',', "")).is_ok() => {
            return problem("The year-end forecast is too large: at most 999,999,999,999".into());
        }
        Err(_) => return problem("The year-end forecast must be a number, like 59.9 or 224901".into()),
    };
    match measure.unit.least() {
        Some(least) if value < least => problem(format!(
            "The year-end forecast cannot be below {least}: {} is measured as a {}",
            measure.code,
            measure.unit.name()
        )),
        _ => Some(value),
    }
}

/// The reason, trimmed: required, printable and not too long.
fn checked_reason(text: &str, problems: &mut Vec<FieldError>) -> Option<String> {
    let reason = text.trim();
    let message = if reason.is_empty() {
        "Say why the model's forecast is being overridden".to_string()
    } else if outturn_core::text::forbidden_character(reason).is_some() {
        "The reason holds a character that cannot be stored (a control character): retype it".to_string()
    } else if reason.chars().count() > MAX_REASON_CHARS {
        format!("The reason is {} characters long: at most {MAX_REASON_CHARS} fit", reason.chars().count())
    } else {
        return Some(reason.to_string());
    };
    problems.push(FieldError { field: "reason", message });
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(unit: Unit) -> Measure {
        use outturn_core::{Frequency, Polarity, StatusRule, YtdRule};
        Measure {
            code: MeasureCode::parse("X1").unwrap(),
            title: "A measure".into(),
            definition: None,
            owner: Key::parse("unit").unwrap(),
            officer: None,
            aligned: vec![],
            tags: vec![],
            unit,
            decimals: 0,
            polarity: Polarity::Lower,
            frequency: Frequency::Quarterly,
            ytd: YtdRule::Snapshot,
            status_rule: StatusRule::Threshold,
            active_from: None,
            retired_from: None,
            retired_reason: None,
        }
    }

    #[test]
    fn a_value_is_read_as_people_write_it_and_checked_against_the_unit() {
        let mut problems = Vec::new();
        assert_eq!(checked_value(&measure(Unit::Money), "£2,500.50", &mut problems), Some(Decimal::new(250050, 2)));
        assert_eq!(checked_value(&measure(Unit::Money), "-12", &mut problems), Some(Decimal::from(-12)));
        assert_eq!(checked_value(&measure(Unit::Percentage), " 96% ", &mut problems), Some(Decimal::from(96)));
        assert!(problems.is_empty(), "{problems:?}");
        for (unit, text, says) in [
            (Unit::Count, "-1", "cannot be below 0"),
            (Unit::Count, "", "Enter the year-end forecast"),
            (Unit::Count, "lots", "must be a number"),
            (Unit::Count, "1e5", "must be a number"),
            (Unit::Count, "9999999999999", "too large"),
            (Unit::Text, "3", "text only"),
        ] {
            let mut problems = Vec::new();
            assert_eq!(checked_value(&measure(unit), text, &mut problems), None, "{text}");
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].field, "value");
            assert!(problems[0].message.contains(says), "{text}: {}", problems[0].message);
        }
    }

    #[test]
    fn a_reason_is_trimmed_required_and_capped() {
        let mut problems = Vec::new();
        assert_eq!(
            checked_reason("  New contract from January \n", &mut problems).as_deref(),
            Some("New contract from January")
        );
        assert!(problems.is_empty());
        for text in ["", "   \n", &"x".repeat(MAX_REASON_CHARS + 1), "bell\u{7}"] {
            let mut problems = Vec::new();
            assert_eq!(checked_reason(text, &mut problems), None);
            assert_eq!(problems[0].field, "reason");
        }
        let mut problems = Vec::new();
        assert!(checked_reason(&"é".repeat(MAX_REASON_CHARS), &mut problems).is_some(), "characters, not bytes");
    }
}
