//! A measure's forecast: every method that the history allows is
//! backtested, the one with the lowest mean absolute error makes the
//! forecast, and its own backtest errors give the interval.

use rust_decimal::Decimal;
use serde::Serialize;

use super::accuracy::{Accuracy, accuracy, round};
use super::arith::{add, mul, sub};
use super::backtest::{errors, run, scored, unavailable};
use super::error::ForecastError;
use super::interval::scales;
use super::method::Method;
use super::settings::{MAX_SEASON, MIN_ORIGINS, Settings, z_score};
use super::smoothing::Parameters;
use crate::result::LARGEST_FIGURE;

/// The forecast for one period ahead, with its prediction interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Step {
    /// Periods after the last value: 1 is the next period.
    pub ahead: usize,
    pub value: Decimal,
    pub lower: Decimal,
    pub upper: Decimal,
    /// How many backtest errors this many periods ahead the interval rests
    /// on; 0 when it is grown from a nearer horizon's (`docs/forecasts.md`).
    pub backtest_errors: usize,
}

/// How well a method did in the backtest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Score {
    pub method: Method,
    #[serde(flatten)]
    pub accuracy: Accuracy,
}

/// A method the history is too short (or unseasonal) for, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Unavailable {
    pub method: Method,
    pub reason: String,
}

/// A measure's forecast: the chosen method, its forecasts with intervals,
/// and every method's backtest score, so a page can show why it was chosen.
/// Figures are exact (`Decimal`), never rounded: [`Forecast::rounded`] is
/// for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// The method with the lowest backtest mean absolute error (the
    /// simpler on a tie).
    pub method: Method,
    /// Its smoothing parameters, chosen on the whole history.
    pub parameters: Option<Parameters>,
    /// The forecasts 1 to `horizon` periods after the last value.
    pub steps: Vec<Step>,
    /// The intervals' coverage (0.8 for 80%).
    pub interval: Decimal,
    /// Every method that took part, simplest first.
    pub scores: Vec<Score>,
    pub unavailable: Vec<Unavailable>,
    /// How many origins the backtest forecast from: the last `origins`
    /// periods of the history.
    pub origins: usize,
    /// Periods in a season (12, 4 or 1).
    pub season: usize,
}

impl Forecast {
    /// The forecast for the next period.
    pub fn next(&self) -> Option<&Step> {
        self.steps.first()
    }

    /// The chosen method's score.
    /// The same with every forecast and bound raised to at least `least`
    /// (a count or a percentage cannot fall below zero, whatever a method's
    /// arithmetic says); the interval is then no longer symmetric.
    pub fn at_least(&self, least: Decimal) -> Forecast {
        Forecast {
            steps: self
                .steps
                .iter()
                .map(|s| Step { value: s.value.max(least), lower: s.lower.max(least), upper: s.upper.max(least), ..*s })
                .collect(),
            ..self.clone()
        }
    }

    pub fn score(&self) -> Option<&Score> {
        self.scores.iter().find(|s| s.method == self.method)
    }

    /// The same forecast, every figure rounded to `places` (halves away
    /// from zero), for display.
    pub fn rounded(&self, places: u32) -> Forecast {
        let r = |v| round(v, places);
        Forecast {
            steps: self
                .steps
                .iter()
                .map(|s| Step { value: r(s.value), lower: r(s.lower), upper: r(s.upper), ..*s })
                .collect(),
            scores: self.scores.iter().map(|s| Score { accuracy: s.accuracy.rounded(places), ..*s }).collect(),
            ..self.clone()
        }
    }

    /// Why this method, in words: "Holt-Winters had the lowest mean
    /// absolute error over 12 backtest origins (78 forecasts scored): 1.894
    /// (Naive 4.828, Seasonal naive 2.118, …)", figures to `places`, and
    /// "on a tie the simpler method is chosen" when it was a tie.
    pub fn explain(&self, places: u32) -> String {
        let mae = |s: &Score| s.accuracy.mae.map_or("none".to_string(), |m| round(m, places).normalize().to_string());
        let Some(chosen) = self.score() else { return self.method.label().to_string() };
        let others: Vec<String> = self
            .scores
            .iter()
            .filter(|s| s.method != self.method)
            .map(|s| format!("{} {}", s.method.label(), mae(s)))
            .collect();
        let tie = self.scores.iter().any(|s| s.method != self.method && s.accuracy.mae == chosen.accuracy.mae);
        let mut text = format!(
            "{} had the lowest mean absolute error over {} backtest origins ({} forecasts scored): {}",
            self.method.label(),
            self.origins,
            chosen.accuracy.count,
            mae(chosen)
        );
        if !others.is_empty() {
            text.push_str(&format!(" ({})", others.join(", ")));
        }
        if tie {
            text.push_str("; on a tie the simpler method is chosen");
        }
        text
    }
}

/// Forecasts the periods after `values` (one value per period, oldest
/// first; `None` is a missing result, never a zero) for a measure whose
/// season is `season` periods (12 monthly, 4 quarterly, 1 annual). Errors
/// name what is wrong: a setting, a value too large, or too short a
/// history for the backtest.
pub fn forecast(values: &[Option<Decimal>], season: usize, settings: &Settings) -> Result<Forecast, ForecastError> {
    settings.check()?;
    if !(1..=MAX_SEASON).contains(&season) {
        return Err(ForecastError::SeasonLength(season));
    }
    if values.is_empty() {
        return Err(ForecastError::NoValues);
    }
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v
            && v.abs() > LARGEST_FIGURE
        {
            return Err(ForecastError::ValueTooLarge { position: i + 1, value: *v });
        }
    }
    let n = values.len();
    let present = values.iter().flatten().count();
    let first = values.iter().position(Option::is_some).unwrap_or(n);
    if present < 2 {
        return Err(ForecastError::TooFewResults { present });
    }
    // Every origin has a result before it: the first comes after the first result.
    let origins = settings.origins.min(n - first - 1);
    if origins < MIN_ORIGINS {
        return Err(ForecastError::TooFewValues { values: n - first, needed: MIN_ORIGINS + 1, origins: MIN_ORIGINS });
    }
    let horizon = settings.horizon;
    let origin_list: Vec<usize> = (n - origins..=n).collect();

    let mut runs = Vec::new();
    let mut unavailable_methods = Vec::new();
    for method in Method::ALL {
        match unavailable(method, values, season, origin_list[0])? {
            Some(reason) => unavailable_methods.push(Unavailable { method, reason }),
            None => runs.push(run(method, values, season, &origin_list, horizon)?),
        }
    }
    let mut scores = Vec::with_capacity(runs.len());
    let mut pairs_by_method = Vec::with_capacity(runs.len());
    for r in &runs {
        let by_horizon = scored(r, values, &origin_list, horizon);
        scores.push(Score { method: r.method, accuracy: accuracy(by_horizon.iter().flatten().copied())? });
        pairs_by_method.push(by_horizon);
    }
    // The lowest MAE; on a tie the earlier (simpler) method stays.
    let mut best: Option<usize> = None;
    for (i, s) in scores.iter().enumerate() {
        let Some(mae) = s.accuracy.mae else { continue };
        if best.and_then(|b| scores[b].accuracy.mae).is_none_or(|b| mae < b) {
            best = Some(i);
        }
    }
    let best = best.ok_or(ForecastError::NothingToScore { origins })?;
    let chosen = &runs[best];
    let z = z_score(settings.interval)?;
    let widths = scales(&errors(&pairs_by_method[best])?, horizon)?;
    let ahead =
        chosen.forecasts.last().filter(|f| f.len() == horizon).ok_or(ForecastError::NothingToScore { origins })?;
    let mut steps = Vec::with_capacity(horizon);
    for (h, (value, (scale, errors))) in ahead.iter().zip(widths).enumerate() {
        let half = mul(z, scale, "the interval")?;
        steps.push(Step {
            ahead: h + 1,
            value: *value,
            lower: sub(*value, half, "the interval")?,
            upper: add(*value, half, "the interval")?,
            backtest_errors: errors,
        });
    }
    Ok(Forecast {
        method: chosen.method,
        parameters: chosen.parameters,
        steps,
        interval: settings.interval,
        scores,
        unavailable: unavailable_methods,
        origins,
        season,
    })
}
