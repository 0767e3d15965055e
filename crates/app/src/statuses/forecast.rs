//! Use case: a stored measure's forecast, as its page, the API and
//! `outturn forecast` show it: the next periods and the year-end outturn
//! by the method that would have forecast this measure best (core's
//! `forecast`), whether the year's target is at risk, and how the owner's
//! own year-end forecasts (given with their figures, and so kept with them)
//! and the performance officers' overrides compared with the outturns that
//! arrived.
//!
//! An officer may override the year-end forecast with a figure and a reason
//! (`crate::forecast_override`). Every override is kept; the latest for the
//! year being forecast is "the officer's forecast", and whether the year's
//! target is at risk is judged on it while the model's own forecast is
//! still shown beside it.

use jiff::Timestamp;
use outturn_core::forecast::{self, Accuracy, Forecast, Outturn, Settings};
use outturn_core::target::target_for;
use outturn_core::{
    AsOf, Decimal, FinancialYear, Key, Measure, MeasureCode, MeasureView, Period, Polarity, ResultValue,
};
use outturn_store::{ForecastOverride, Store};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;

/// The year's target the outturn is read against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearTarget {
    pub value: Decimal,
    /// The period the target revision was set for.
    pub set_for: Period,
}

/// An owner's year-end forecast, given with a period's figure, and the
/// outturn it forecast once that arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerForecast {
    /// The period whose figure it was given with.
    pub given_with: Period,
    pub year: FinancialYear,
    pub value: Decimal,
    /// The year's outturn, when its last result is in.
    pub outturn: Option<Decimal>,
}

/// A performance officer's override of a measure's year-end forecast, and
/// how it turned out once the year's outturn arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerOverride {
    pub year: FinancialYear,
    pub value: Decimal,
    pub reason: String,
    /// Who gave it (their name as recorded).
    pub recorded_by: String,
    pub recorded_at: Timestamp,
    /// A later override for the same year was recorded: kept, no longer the
    /// officer's forecast.
    pub superseded: bool,
    /// The year's outturn, when its last result is in.
    pub outturn: Option<Decimal>,
    /// |outturn − value| / |outturn| × 100, once the outturn is in (None
    /// for an outturn of zero, where it is undefined).
    pub absolute_percentage_error: Option<Decimal>,
}

/// What the year-end target's risk is judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskBasis {
    /// The model's forecast outturn.
    Model,
    /// The officer's override for the year.
    Officer,
}

impl RiskBasis {
    pub fn code(self) -> &'static str {
        match self {
            RiskBasis::Model => "model",
            RiskBasis::Officer => "officer-override",
        }
    }
}

/// A stored measure's forecast.
#[derive(Debug, Clone)]
pub struct MeasureForecast {
    pub measure: Measure,
    /// The latest period with a result: what the forecast is made from.
    pub last: Option<Period>,
    /// The forecast of the next periods, or why there is none, in words.
    pub forecast: Result<Forecast, String>,
    /// The periods the forecast's steps are for, in order.
    pub ahead: Vec<Period>,
    /// The outturn of the latest result's financial year (actual once its
    /// last result is in), or why it cannot be given.
    pub year_end: Option<Result<Outturn, String>>,
    pub year_target: Option<YearTarget>,
    /// The forecast outturn misses the year's target (None: not a forecast,
    /// no target, or neither side better): the officer's forecast when there
    /// is one for the year, else the model's (`at_risk_on` says which).
    pub at_risk: Option<bool>,
    /// What `at_risk` was judged on (None when it was not judged).
    pub at_risk_on: Option<RiskBasis>,
    /// Whether the model's own forecast outturn misses the target, whatever
    /// the officer forecasts.
    pub model_at_risk: Option<bool>,
    /// The financial year whose outturn is still to come and is forecast:
    /// the latest result's (None when its outturn is in, or with no results).
    pub forecast_year: Option<FinancialYear>,
    /// The owner's year-end forecasts, oldest first.
    pub owner: Vec<OwnerForecast>,
    /// How the owner's forecasts compared with the outturns that arrived.
    pub owner_accuracy: Option<Accuracy>,
    /// Every override of the measure's year-end forecast, oldest first.
    pub overrides: Vec<OfficerOverride>,
    /// How the overrides compared with the outturns that arrived.
    pub override_accuracy: Option<Accuracy>,
    /// The latest override for `forecast_year`: the officer's forecast, on
    /// which the risk to the target is judged.
    pub officer_forecast: Option<OfficerOverride>,
}

impl MeasureForecast {
    /// "At risk of missing the year-end target…" when the forecast misses
    /// it; "At risk, on the officer's forecast of…" when an officer's
    /// override is what misses it.
    pub fn warning(&self) -> Option<String> {
        let figure = |v: Decimal| self.measure.format_figure(v);
        if let (Some(true), Some(RiskBasis::Officer), Some(o), Some(t)) =
            (self.at_risk, self.at_risk_on, &self.officer_forecast, &self.year_target)
        {
            let model = match &self.year_end {
                Some(Ok(m)) if m.year == o.year => format!(" (the model forecasts {})", figure(m.value)),
                _ => String::new(),
            };
            return Some(format!(
                "At risk, on the officer's forecast of {}: the {} outturn would miss the year-end target of {}{model}",
                figure(o.value),
                o.year,
                figure(t.value)
            ));
        }
        match (self.at_risk, &self.year_end, &self.year_target) {
            (Some(true), Some(Ok(o)), Some(t)) => Some(format!(
                "At risk of missing the year-end target: the {} outturn is forecast at {}, against a target of {}",
                o.year,
                self.measure.format_figure(o.value),
                self.measure.format_figure(t.value)
            )),
            _ => None,
        }
    }
}

/// A stored measure's forecast from its results as recorded at `at`, for
/// whoever may read the council.
pub async fn measure_forecast(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    at: AsOf,
) -> Result<MeasureForecast, AppError> {
    actor.check(Action::ReadCouncil(council))?;
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code).cloned() else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    let history = store.measure_history(&council.slug, &measure.code).await?;
    let overrides: Vec<ForecastOverride> =
        store.forecast_overrides(&council.slug).await?.into_iter().filter(|o| o.measure == measure.code).collect();
    let view = MeasureView::new(&measure, &history, at);
    Ok(forecast_of(&measure, &view, &history.results, at).with_overrides(&view, &overrides, at))
}

/// The forecast of a measure given its view and its results (as recorded
/// and corrected, oldest first).
pub fn forecast_of(
    measure: &Measure,
    view: &MeasureView<'_>,
    results: &[outturn_core::ResultEntry],
    at: AsOf,
) -> MeasureForecast {
    let own = |p: Period| p.frequency() == measure.frequency;
    let recorded = results.iter().filter(|e| at.knows(e.recorded_at) && own(e.period));
    let first = recorded.clone().map(|e| e.period).min();
    let last = recorded.filter(|e| matches!(e.value, ResultValue::Figure(_))).map(|e| e.period).max();
    let mut made = MeasureForecast {
        measure: measure.clone(),
        last,
        forecast: Err("no result is recorded yet".to_string()),
        ahead: Vec::new(),
        year_end: None,
        year_target: None,
        at_risk: None,
        at_risk_on: None,
        model_at_risk: None,
        forecast_year: None,
        owner: owner_forecasts(measure, view, results, at),
        owner_accuracy: None,
        overrides: Vec::new(),
        override_accuracy: None,
        officer_forecast: None,
    };
    made.owner_accuracy =
        forecast::accuracy(made.owner.iter().filter_map(|o| Some((o.value, o.outturn?)))).ok().filter(|a| a.count > 0);
    let (Some(first), Some(last)) = (first, last) else { return made };
    made.forecast_year = Some(last.financial_year())
        .filter(|y| outturn_of(measure, view, *y).is_none() && last < year_end_period(measure, *y));
    let settings = Settings::for_frequency(measure.frequency);
    let chosen = forecast::series(measure, view, first, last)
        .and_then(|values| {
            let made = forecast::forecast(&values, forecast::season_length(measure.frequency), &settings)?;
            // Never below what the unit can hold, unless the measure's own
            // results have gone below it (a percentage change can).
            Ok(match measure.unit.least() {
                Some(least) if values.iter().flatten().all(|v| *v >= least) => made.at_least(least),
                _ => made,
            })
        })
        .map_err(|e| e.to_string());
    made.ahead = std::iter::successors(Some(last.next()), |p| Some(p.next())).take(settings.horizon).collect();
    let year = last.financial_year();
    if let Ok(chosen) = &chosen {
        let outturn = forecast::year_end(measure, year, last, |p| view.result(p), chosen).map_err(|e| e.to_string());
        if let Ok(o) = &outturn {
            made.year_target = target_for(|p| view.target(p), o.period, o.period, measure.ytd)
                .map(|t| YearTarget { value: t.value, set_for: t.period });
            made.at_risk = made.year_target.as_ref().and_then(|t| o.at_risk(measure.polarity, t.value));
            made.at_risk_on = made.at_risk.map(|_| RiskBasis::Model);
            made.model_at_risk = made.at_risk;
        }
        made.year_end = Some(outturn);
    }
    made.forecast = chosen;
    made
}

impl MeasureForecast {
    /// The same forecast with the officers' overrides of the measure (as
    /// stored, in the order recorded; those recorded after `at` are not
    /// known): each with its outturn and error once the outturn is in, their
    /// accuracy, and the risk to the target judged on the officer's
    /// forecast for the year being forecast, when there is one.
    pub fn with_overrides(mut self, view: &MeasureView<'_>, overrides: &[ForecastOverride], at: AsOf) -> Self {
        let measure = &self.measure;
        let known: Vec<&ForecastOverride> =
            overrides.iter().filter(|o| o.measure == measure.code && at.knows(o.recorded_at)).collect();
        self.overrides = known
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let outturn = outturn_of(measure, view, o.year);
                OfficerOverride {
                    year: o.year,
                    value: o.value,
                    reason: o.reason.clone(),
                    recorded_by: o.recorded_by.clone(),
                    recorded_at: o.recorded_at,
                    superseded: known[i + 1..].iter().any(|later| later.year == o.year),
                    outturn,
                    absolute_percentage_error: outturn
                        .and_then(|out| forecast::accuracy([(o.value, out)]).ok())
                        .and_then(|a| a.mape),
                }
            })
            .collect();
        self.override_accuracy = forecast::accuracy(self.overrides.iter().filter_map(|o| Some((o.value, o.outturn?))))
            .ok()
            .filter(|a| a.count > 0);
        let Some(year) = self.forecast_year else { return self };
        self.officer_forecast = self.overrides.iter().rfind(|o| o.year == year).cloned();
        let Some(officer) = &self.officer_forecast else { return self };
        if self.year_target.is_none() {
            let end = year_end_period(measure, year);
            self.year_target = target_for(|p| view.target(p), end, end, measure.ytd)
                .map(|t| YearTarget { value: t.value, set_for: t.period });
        }
        self.at_risk = self.year_target.as_ref().and_then(|t| misses(measure.polarity, officer.value, t.value));
        self.at_risk_on = self.at_risk.map(|_| RiskBasis::Officer);
        self
    }
}

/// The period whose figure is the year's outturn: March, Q4 or the year.
fn year_end_period(measure: &Measure, year: FinancialYear) -> Period {
    Period::Year(year).last_of(measure.frequency).unwrap_or(Period::Year(year))
}

/// The year's outturn as the measure reports it, once its last result is in.
pub(crate) fn outturn_of(measure: &Measure, view: &MeasureView<'_>, year: FinancialYear) -> Option<Decimal> {
    let end = Period::Year(year).last_of(measure.frequency)?;
    view.reported(end).figure()
}

/// Whether a forecast outturn falls short of the target, the polarity
/// saying which side is short (as `Outturn::at_risk` for the model's).
fn misses(polarity: Polarity, forecast: Decimal, target: Decimal) -> Option<bool> {
    match polarity {
        Polarity::Higher => Some(forecast < target),
        Polarity::Lower => Some(forecast > target),
        Polarity::None => None,
    }
}

/// Every year-end forecast the owner gave with a figure (the latest
/// recorded for each period), with the outturn once the year's last
/// result is in.
fn owner_forecasts(
    measure: &Measure,
    view: &MeasureView<'_>,
    results: &[outturn_core::ResultEntry],
    at: AsOf,
) -> Vec<OwnerForecast> {
    let mut periods: Vec<Period> = results
        .iter()
        .filter(|e| at.knows(e.recorded_at) && e.period.frequency() == measure.frequency)
        .map(|e| e.period)
        .collect();
    periods.sort();
    periods.dedup();
    periods
        .into_iter()
        .filter_map(|p| {
            let ResultValue::Figure(f) = &view.result(p)?.value else { return None };
            let value = f.forecast?;
            let year = p.financial_year();
            let end = Period::Year(year).last_of(measure.frequency)?;
            // Given with the year's last figure, it is the outturn, not a forecast.
            (end != p).then(|| OwnerForecast { given_with: p, year, value, outturn: view.reported(end).figure() })
        })
        .collect()
}

impl MeasureForecast {
    /// The forecast as JSON, as `outturn forecast --format json` and the API
    /// give it: every figure exact, as a string; a forecast that could not
    /// be made is `null` with `not_made` saying why.
    pub fn json(&self, council: &Key) -> serde_json::Value {
        use serde_json::{Value, json};
        let text = |d: Decimal| Value::String(d.to_string());
        let accuracy = |a: &Accuracy| {
            json!({
                "count": a.count,
                "mae": a.mae.map(text),
                "mape": a.mape.map(text),
                "zero_actuals": a.zero_actuals,
            })
        };
        let forecast = match &self.forecast {
            Ok(f) => json!({
                "method": f.method.code(),
                "method_label": f.method.label(),
                "method_description": f.method.describe(),
                "why": f.explain(u32::from(self.measure.decimals).saturating_add(1).max(2)),
                "interval": text(f.interval),
                "origins": f.origins,
                "steps": f.steps.iter().zip(&self.ahead).map(|(s, p)| json!({
                    "period": p.to_string(),
                    "ahead": s.ahead,
                    "value": text(s.value),
                    "lower": text(s.lower),
                    "upper": text(s.upper),
                })).collect::<Vec<_>>(),
                "scores": f.scores.iter().map(|s| {
                    let mut score = accuracy(&s.accuracy);
                    score["method"] = Value::String(s.method.code().to_string());
                    score
                }).collect::<Vec<_>>(),
                "unavailable": f.unavailable.iter().map(|u| json!({
                    "method": u.method.code(),
                    "reason": u.reason,
                })).collect::<Vec<_>>(),
            }),
            Err(_) => Value::Null,
        };
        let year_end = match &self.year_end {
            Some(Ok(o)) => json!({
                "year": o.year.to_string(),
                "period": o.period.to_string(),
                "basis": match o.basis { forecast::Basis::Actual => "actual", forecast::Basis::Forecast => "forecast" },
                "value": text(o.value),
                "lower": text(o.lower),
                "upper": text(o.upper),
                "forecast_periods": o.forecast_periods.iter().map(ToString::to_string).collect::<Vec<_>>(),
            }),
            _ => Value::Null,
        };
        json!({
            "council": council.to_string(),
            "measure": self.measure.code.to_string(),
            "title": self.measure.title,
            "last_period": self.last.map(|p| p.to_string()),
            "not_made": self.forecast.as_ref().err(),
            "forecast": forecast,
            "year_end": year_end,
            "year_end_not_made": match &self.year_end { Some(Err(why)) => Some(why.clone()), _ => None },
            "year_target": self.year_target.as_ref().map(|t| json!({ "value": text(t.value), "period": t.set_for.to_string() })),
            "at_risk": self.at_risk,
            "at_risk_on": self.at_risk_on.map(RiskBasis::code),
            "owner_forecasts": self.owner.iter().map(|o| json!({
                "given_with": o.given_with.to_string(),
                "year": o.year.to_string(),
                "value": text(o.value),
                "outturn": o.outturn.map(text),
            })).collect::<Vec<_>>(),
            "owner_accuracy": self.owner_accuracy.as_ref().map(accuracy),
            "overrides": self.overrides.iter().map(|o| json!({
                "year": o.year.to_string(),
                "value": text(o.value),
                "reason": o.reason,
                "recorded_by": o.recorded_by,
                "recorded_at": o.recorded_at.to_string(),
                "superseded": o.superseded,
                "outturn": o.outturn.map(text),
                "absolute_percentage_error": o.absolute_percentage_error.map(text),
            })).collect::<Vec<_>>(),
            "override_accuracy": self.override_accuracy.as_ref().map(accuracy),
        })
    }
}
