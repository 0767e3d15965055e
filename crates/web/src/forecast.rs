//! The "Forecast" section of a measure's page: the next periods and the
//! year-end outturn with their intervals, the early warning when the
//! year's target is at risk, why the method was chosen (each method's
//! backtest accuracy), how the owner's own year-end forecasts turned out,
//! and the performance officers' overrides of the year-end forecast (each
//! kept, with its error once the outturn arrived, and their accuracy beside
//! each method's). The figures come from `outturn_app::statuses::forecast`
//! (as the API's); this only words and rounds them.
//!
//! The section is drawn once per measure and revision and shared by every
//! reader: it holds nothing about the reader and no form (officers give an
//! override on its own page, `routes::forecast_override`).

use outturn_app::statuses::forecast::{MeasureForecast, OfficerOverride, RiskBasis};
use outturn_core::Decimal;
use outturn_core::forecast::{Accuracy, Basis};

/// The section as its template (`forecast_section.html`) shows it.
#[derive(askama::Template)]
#[template(path = "forecast_section.html")]
pub struct ForecastSection {
    /// Why there is no forecast, in words.
    pub not_made: Option<String>,
    /// "At risk of missing the year-end target: …".
    pub warning: Option<String>,
    pub next: String,
    pub year_end: String,
    pub year_target: String,
    pub method: String,
    pub why: String,
    pub interval: String,
    pub steps: Vec<StepRow>,
    pub scores: Vec<ScoreRow>,
    pub unavailable: Vec<String>,
    pub owner: Vec<OwnerRow>,
    pub owner_accuracy: String,
    /// "5.8% for 2026/27, by …": the officer's forecast for the year being
    /// forecast, and what the risk to the target is judged on; empty when none.
    pub officer_forecast: String,
    pub overrides: Vec<OverrideRow>,
    /// The overrides' accuracy in words; empty before any outturn arrived.
    pub override_accuracy: String,
    /// The overrides' accuracy as a row of the methods' accuracy table.
    pub override_score: Option<ScoreRow>,
}

/// An officer's override, as the overrides table shows it.
pub struct OverrideRow {
    pub year: String,
    pub given: String,
    pub by: String,
    pub value: String,
    pub reason: String,
    pub superseded: bool,
    pub outturn: String,
    pub error: String,
}

impl OverrideRow {
    pub fn of(m: &outturn_core::Measure, o: &OfficerOverride) -> OverrideRow {
        OverrideRow {
            year: o.year.to_string(),
            given: crate::forms::long_date(outturn_core::AsOf::at(o.recorded_at).date()),
            by: o.recorded_by.clone(),
            value: m.format_figure(o.value),
            reason: o.reason.clone(),
            superseded: o.superseded,
            outturn: o.outturn.map(|v| m.format_figure(v)).unwrap_or_else(|| "Not yet known".into()),
            error: match (o.outturn, o.absolute_percentage_error) {
                (Some(_), Some(e)) => format!("{}%", e.round_dp(1)),
                (Some(_), None) => "Undefined (outturn of zero)".into(),
                (None, _) => "–".into(),
            },
        }
    }
}

/// The officer's forecast in words, for the section and the override page.
pub fn officer_forecast_words(f: &MeasureForecast) -> String {
    let Some(o) = &f.officer_forecast else { return String::new() };
    let figure = |v: Decimal| f.measure.format_figure(v);
    let model = match &f.year_end {
        Some(Ok(m)) if m.year == o.year => format!("; the model forecasts {}", figure(m.value)),
        _ => String::new(),
    };
    let judged = if f.at_risk_on == Some(RiskBasis::Officer) {
        "The risk to the year-end target is judged on it"
    } else if f.year_target.is_none() {
        "There is no year-end target to judge it against"
    } else {
        "Neither side of the target is better for this measure, so no risk is judged"
    };
    format!(
        "{} for {}, by {} on {}: {}. {judged}{model}.",
        figure(o.value),
        o.year,
        o.recorded_by,
        crate::forms::long_date(outturn_core::AsOf::at(o.recorded_at).date()),
        o.reason.trim_end_matches('.')
    )
}

pub struct StepRow {
    pub period: String,
    pub value: String,
    pub lower: String,
    pub upper: String,
}

pub struct ScoreRow {
    pub method: String,
    pub chosen: bool,
    pub scored: String,
    pub mae: String,
    pub mape: String,
}

pub struct OwnerRow {
    pub given_with: String,
    pub year: String,
    pub value: String,
    pub outturn: String,
    pub error: String,
}

impl ForecastSection {
    pub fn of(f: &MeasureForecast) -> ForecastSection {
        let m = &f.measure;
        let figure = |v: Decimal| m.format_figure(v);
        let owner = f
            .owner
            .iter()
            .map(|o| OwnerRow {
                given_with: o.given_with.to_string(),
                year: o.year.to_string(),
                value: figure(o.value),
                outturn: o.outturn.map(figure).unwrap_or_else(|| "Not yet known".into()),
                error: o.outturn.map(|out| figure((out - o.value).abs())).unwrap_or_else(|| "–".into()),
            })
            .collect();
        let owner_accuracy = f.owner_accuracy.as_ref().map(|a| accuracy_words(m, a)).unwrap_or_default();
        let overrides = f.overrides.iter().map(|o| OverrideRow::of(m, o)).collect();
        let override_accuracy = f.override_accuracy.as_ref().map(|a| accuracy_words(m, a)).unwrap_or_default();
        let override_score = f.override_accuracy.as_ref().map(|a| ScoreRow {
            method: "Officers' year-end overrides".into(),
            chosen: false,
            scored: a.count.to_string(),
            mae: a.mae.map(figure).unwrap_or_else(|| "–".into()),
            mape: a.mape.map(|v| format!("{}%", v.round_dp(1))).unwrap_or_else(|| "–".into()),
        });
        let officer_forecast = officer_forecast_words(f);
        let chosen = match &f.forecast {
            Ok(chosen) => chosen,
            Err(why) => {
                return ForecastSection {
                    not_made: Some(format!("No forecast is made: {why}.")),
                    // An officer's forecast may still miss the year's target.
                    warning: f.warning(),
                    next: String::new(),
                    year_end: String::new(),
                    year_target: String::new(),
                    method: String::new(),
                    why: String::new(),
                    interval: String::new(),
                    steps: Vec::new(),
                    scores: Vec::new(),
                    unavailable: Vec::new(),
                    owner,
                    owner_accuracy,
                    officer_forecast,
                    overrides,
                    override_accuracy,
                    override_score,
                };
            }
        };
        let level = percent(chosen.interval);
        let steps: Vec<StepRow> = chosen
            .steps
            .iter()
            .zip(&f.ahead)
            .map(|(s, p)| StepRow {
                period: p.to_string(),
                value: figure(s.value),
                lower: figure(s.lower),
                upper: figure(s.upper),
            })
            .collect();
        let next = match steps.first() {
            Some(s) => format!("{} for {} ({level} interval {} to {})", s.value, s.period, s.lower, s.upper),
            None => "None".into(),
        };
        let year_end = match &f.year_end {
            Some(Ok(o)) if o.basis == Basis::Actual => {
                format!("{}: the actual outturn for {}", figure(o.value), o.year)
            }
            Some(Ok(o)) => format!(
                "{} for {} (range {} to {} from the periods' {level} intervals, with {} forecast: a cautious range, wider than one {level} interval)",
                figure(o.value),
                o.year,
                figure(o.lower),
                figure(o.upper),
                plural(o.forecast_periods.len(), "period")
            ),
            Some(Err(why)) => format!("Not forecast: {why}"),
            None => "Not forecast".into(),
        };
        let year_target = match &f.year_target {
            Some(t) => format!("{} (set for {})", figure(t.value), t.set_for),
            None => "None set".into(),
        };
        let places = u32::from(m.decimals).saturating_add(1).max(2);
        ForecastSection {
            not_made: None,
            warning: f.warning(),
            next,
            year_end,
            year_target,
            method: chosen.method.describe().to_string(),
            why: chosen.explain(places),
            interval: format!(
                "{level}: the forecast plus or minus 1.28 times the root mean square of the method's own backtest errors at that many periods ahead (docs/forecasts.md)"
            ),
            steps,
            scores: chosen
                .scores
                .iter()
                .map(|s| ScoreRow {
                    method: s.method.label().to_string(),
                    chosen: s.method == chosen.method,
                    scored: s.accuracy.count.to_string(),
                    mae: s.accuracy.mae.map(figure).unwrap_or_else(|| "–".into()),
                    mape: s.accuracy.mape.map(|v| format!("{}%", v.round_dp(1))).unwrap_or_else(|| "–".into()),
                })
                .collect(),
            unavailable: chosen.unavailable.iter().map(|u| format!("{}: {}", u.method.label(), u.reason)).collect(),
            owner,
            owner_accuracy,
            officer_forecast,
            overrides,
            override_accuracy,
            override_score,
        }
    }
}

/// "MAPE 3.2% over 5 forecasts (mean absolute error 1.4%)".
fn accuracy_words(m: &outturn_core::Measure, a: &Accuracy) -> String {
    let mae = a.mae.map(|v| m.format_figure(v)).unwrap_or_else(|| "none".into());
    let mape = match a.mape {
        Some(v) => format!("mean absolute percentage error {}%", v.round_dp(1)),
        None => "no percentage error (every outturn was zero)".to_string(),
    };
    format!("{} over {} (mean absolute error {mae})", mape, plural(a.count, "forecast"))
}

fn percent(level: Decimal) -> String {
    format!("{}%", (level * Decimal::ONE_HUNDRED).normalize())
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}
