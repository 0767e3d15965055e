//! Use case: a stored measure's forecast, as its page, the API and
//! `outturn forecast` show it: the next periods and the year-end outturn
//! by the method that would have forecast this measure best (core's
//! `forecast`), whether the year's target is at risk, and how the owner's
//! own year-end forecasts (given with their figures, and so kept with them)
//! compared with the outturns that arrived.

use outturn_core::forecast::{self, Accuracy, Forecast, Outturn, Settings};
use outturn_core::target::target_for;
use outturn_core::{AsOf, Decimal, FinancialYear, Key, Measure, MeasureCode, MeasureView, Period, ResultValue};
use outturn_store::Store;

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
    /// no target, or neither side better).
    pub at_risk: Option<bool>,
    /// The owner's year-end forecasts, oldest first.
    pub owner: Vec<OwnerForecast>,
    /// How the owner's forecasts compared with the outturns that arrived.
    pub owner_accuracy: Option<Accuracy>,
}

impl MeasureForecast {
    /// "At risk of missing the 2026/27 target" when the forecast misses it.
    pub fn warning(&self) -> Option<String> {
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
    let view = MeasureView::new(&measure, &history, at);
    Ok(forecast_of(&measure, &view, &history.results, at))
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
        owner: owner_forecasts(measure, view, results, at),
        owner_accuracy: None,
    };
    made.owner_accuracy =
        forecast::accuracy(made.owner.iter().filter_map(|o| Some((o.value, o.outturn?)))).ok().filter(|a| a.count > 0);
    let (Some(first), Some(last)) = (first, last) else { return made };
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
        }
        made.year_end = Some(outturn);
    }
    made.forecast = chosen;
    made
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
            "owner_forecasts": self.owner.iter().map(|o| json!({
                "given_with": o.given_with.to_string(),
                "year": o.year.to_string(),
                "value": text(o.value),
                "outturn": o.outturn.map(text),
            })).collect::<Vec<_>>(),
            "owner_accuracy": self.owner_accuracy.as_ref().map(accuracy),
        })
    }
}
