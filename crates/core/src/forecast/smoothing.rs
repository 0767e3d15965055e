//! Additive exponential smoothing in `Decimal`: simple (a level), damped
//! trend (a level and a trend that flattens out), and Holt-Winters (a level,
//! a seasonal pattern and optionally a damped trend), in the
//! error-correction form of FPP3 §8.3 and Hyndman et al. (2008):
//!
//! ```text
//! forecast   f = l + φb + s[t]            (one step ahead)
//! error      e = y - f
//! level      l ← l + φb + αe
//! trend      b ← φb + αβ*e
//! season     s[t] ← s[t] + γe             (s[t]: the same period a season ago)
//! h ahead      l + (φ + φ² + … + φʰ)b + s[the same period, latest season]
//! ```
//!
//! Each error and each damped trend step is held to [`PLACES`] (12)
//! decimal places, so the arithmetic stays fast; results have a few.
//!
//! A missing result is not an error of zero and not a zero: there is
//! nothing to correct by, so the state moves on by the model alone
//! (`e` is taken as 0: the level takes the trend step, the trend damps, the
//! season stays), which carries the one-step forecast forward.
//!
//! The parameters are chosen from a small fixed grid ([`grid`]) by the sum
//! of squared one-step errors, the first grid point winning a tie. One pass
//! over the series per grid point gives the sum of squares and the state at
//! every backtest origin, so each origin's choice uses only the results
//! before it, at the cost of one fit.

use rust_decimal::Decimal;
use serde::Serialize;

use super::arith::{Checked, add, div, mul, sub};
use super::method::Method;

/// The smoothing parameters of a fitted model, as FPP3 writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Parameters {
    /// α, how far the level moves towards each new result (0 to 1).
    pub alpha: Decimal,
    /// β*, how far the trend moves towards each change of level; `None`
    /// without a trend.
    pub beta: Option<Decimal>,
    /// γ, how far the seasonal pattern moves towards each new result;
    /// `None` without a season.
    pub gamma: Option<Decimal>,
    /// φ, how much of the trend carries into the next period (damping);
    /// `None` without a trend.
    pub phi: Option<Decimal>,
}

/// `digits` × 10^-`scale`: d(9, 1) is 0.9, d(98, 2) is 0.98.
const fn d(digits: u32, scale: u32) -> Decimal {
    Decimal::from_parts(digits, 0, 0, false, scale)
}

/// α for simple exponential smoothing: 0.1 to 0.9 by 0.1 (α = 1 is the
/// naive method, which is a method of its own).
const SIMPLE_ALPHA: [Decimal; 9] = [d(1, 1), d(2, 1), d(3, 1), d(4, 1), d(5, 1), d(6, 1), d(7, 1), d(8, 1), d(9, 1)];
/// α for the trended and seasonal models.
const ALPHA: [Decimal; 3] = [d(2, 1), d(5, 1), d(8, 1)];
/// β* (a fraction of α, so β = αβ* ≤ α as FPP3 §8.2 requires).
const BETA: [Decimal; 2] = [d(1, 1), d(3, 1)];
/// φ: FPP3 §8.2 keeps damping between 0.8 and 0.98.
const PHI: [Decimal; 3] = [d(8, 1), d(9, 1), d(98, 2)];
/// γ, kept at or below 1 - α (FPP3 §8.3).
const GAMMA: [Decimal; 2] = [d(1, 1), d(3, 1)];
/// The seasonal model's trend: none, or damped with β* = 0.1 and φ 0.9 or 0.98.
const SEASONAL_TREND: [Option<(Decimal, Decimal)>; 3] = [None, Some((d(1, 1), d(9, 1))), Some((d(1, 1), d(98, 2)))];

/// The grid of parameters tried for a smoothing method, in the order that
/// breaks ties (smaller α, then smaller β*, γ and φ, no trend first).
pub fn grid(method: Method) -> Vec<Parameters> {
    let mut points = Vec::new();
    match method {
        Method::Naive | Method::SeasonalNaive => {}
        Method::Simple => {
            points.extend(SIMPLE_ALPHA.iter().map(|&alpha| Parameters { alpha, beta: None, gamma: None, phi: None }))
        }
        Method::DampedTrend => {
            for alpha in ALPHA {
                for beta in BETA {
                    for phi in PHI {
                        points.push(Parameters { alpha, beta: Some(beta), gamma: None, phi: Some(phi) });
                    }
                }
            }
        }
        Method::HoltWinters => {
            for alpha in ALPHA {
                for gamma in GAMMA.into_iter().filter(|g| *g <= Decimal::ONE - alpha) {
                    for trend in SEASONAL_TREND {
                        points.push(Parameters {
                            alpha,
                            beta: trend.map(|t| t.0),
                            gamma: Some(gamma),
                            phi: trend.map(|t| t.1),
                        });
                    }
                }
            }
        }
    }
    points
}

/// Where a model stands after some periods: its level, trend and seasonal
/// pattern (one value per period of the season, indexed by period number
/// modulo the season), and the index of the next period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct State {
    level: Decimal,
    trend: Decimal,
    season: Vec<Decimal>,
    next: usize,
    /// The start used the values before this index, so the state may
    /// forecast from origins here and later only.
    from: usize,
}

/// The parameters as the recursions use them (β = αβ*; zeros where a
/// component is absent).
#[derive(Debug, Clone, Copy)]
struct Gains {
    alpha: Decimal,
    beta: Decimal,
    gamma: Decimal,
    phi: Decimal,
    trended: bool,
}

impl Gains {
    fn of(p: &Parameters) -> Checked<Gains> {
        let beta = match p.beta {
            Some(b) => mul(p.alpha, b, "the trend gain")?,
            None => Decimal::ZERO,
        };
        Ok(Gains {
            alpha: p.alpha,
            beta,
            gamma: p.gamma.unwrap_or(Decimal::ZERO),
            phi: p.phi.unwrap_or(Decimal::ZERO),
            trended: p.beta.is_some(),
        })
    }
}

impl State {
    /// The starting state for a method, from the first results (the
    /// heuristic starts of Hyndman et al. 2008 §2.6.1): simple smoothing
    /// starts at the first result; the damped trend at the first result,
    /// with the slope to the second; Holt-Winters from the first two
    /// seasons (see `start_seasonal`). `None` when there are too few results.
    pub(super) fn start(
        method: Method,
        values: &[Option<Decimal>],
        season: usize,
        trended: bool,
    ) -> Checked<Option<State>> {
        let mut present = values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v)));
        match method {
            Method::Simple => Ok(present.next().map(|(i, level)| State {
                level,
                trend: Decimal::ZERO,
                season: Vec::new(),
                next: i + 1,
                from: i + 1,
            })),
            Method::DampedTrend => {
                let (Some((i, first)), Some((j, second))) = (present.next(), present.next()) else { return Ok(None) };
                let trend = div(sub(second, first, "the starting trend")?, Decimal::from(j - i), "the starting trend")?;
                Ok(Some(State { level: first, trend, season: Vec::new(), next: i + 1, from: j + 1 }))
            }
            Method::HoltWinters => start_seasonal(values, season, trended),
            Method::Naive | Method::SeasonalNaive => Ok(None),
        }
    }

    /// The forecast `ahead` periods after the last period seen (1 = next).
    pub(super) fn forecast(&self, p: &Parameters, ahead: usize) -> Checked<Decimal> {
        let g = Gains::of(p)?;
        let mut value = self.level;
        if g.trended {
            let mut damping = Decimal::ZERO;
            let mut power = Decimal::ONE;
            for _ in 0..ahead {
                power = mul(power, g.phi, "the damped trend")?;
                damping = add(damping, power, "the damped trend")?;
            }
            value = add(value, mul(damping, self.trend, "the damped trend")?, "the damped trend")?;
        }
        if !self.season.is_empty() {
            let index = (self.next + ahead - 1) % self.season.len();
            value = add(value, self.season[index], "the seasonal pattern")?;
        }
        Ok(value)
    }

    /// Moves on one period: corrects by the error when there is a result,
    /// otherwise by the model alone. Returns the error, if any.
    fn step(&mut self, g: &Gains, y: Option<Decimal>) -> Checked<Option<Decimal>> {
        const STEP: &str = "exponential smoothing";
        let carried = if g.trended { held(mul(g.phi, self.trend, STEP)?) } else { Decimal::ZERO };
        let at = if self.season.is_empty() { 0 } else { self.next % self.season.len() };
        let seasonal = self.season.get(at).copied().unwrap_or(Decimal::ZERO);
        let base = add(self.level, carried, STEP)?;
        self.next += 1;
        let Some(y) = y else {
            self.level = base;
            self.trend = carried;
            return Ok(None);
        };
        let error = held(sub(y, add(base, seasonal, STEP)?, STEP)?);
        self.level = add(base, mul(g.alpha, error, STEP)?, STEP)?;
        if g.trended {
            self.trend = add(carried, mul(g.beta, error, STEP)?, STEP)?;
        }
        if let Some(s) = self.season.get_mut(at) {
            *s = add(*s, mul(g.gamma, error, STEP)?, STEP)?;
        }
        Ok(Some(error))
    }
}

/// Holt-Winters' start from the first two seasons: the level is the first
/// season's mean, taken back to just before the first period along the
/// trend; the trend is the change from the first season's mean to the
/// second's, per period; each period's seasonal value is its mean
/// difference from its season's mean, the values then centred to add to
/// zero. Needs two full seasons with a result in each, and a result for
/// every period of the season in one or the other.
fn start_seasonal(values: &[Option<Decimal>], m: usize, trended: bool) -> Checked<Option<State>> {
    const STEP: &str = "the starting seasonal pattern";
    if m < 2 || values.len() < 2 * m {
        return Ok(None);
    }
    let season_mean = |k: usize| -> Checked<Option<Decimal>> {
        let present: Vec<Decimal> = values[k * m..(k + 1) * m].iter().flatten().copied().collect();
        super::arith::mean(&present, STEP)
    };
    let (Some(first), Some(second)) = (season_mean(0)?, season_mean(1)?) else { return Ok(None) };
    let mut season = Vec::with_capacity(m);
    for j in 0..m {
        let mut differences = Vec::with_capacity(2);
        for (k, mean) in [first, second].into_iter().enumerate() {
            if let Some(y) = values[j + k * m] {
                differences.push(sub(y, mean, STEP)?);
            }
        }
        let Some(s) = super::arith::mean(&differences, STEP)? else { return Ok(None) };
        season.push(s);
    }
    let centre = super::arith::mean(&season, STEP)?.unwrap_or(Decimal::ZERO);
    for s in &mut season {
        *s = sub(*s, centre, STEP)?;
    }
    let (level, trend) = if trended {
        let trend = div(sub(second, first, STEP)?, Decimal::from(m), STEP)?;
        // The first season's mean stands at its middle, (m - 1) / 2; the
        // start is just before period 0, (m + 1) / 2 periods earlier.
        let back = div(mul(trend, Decimal::from(m + 1), STEP)?, Decimal::TWO, STEP)?;
        (sub(first, back, STEP)?, trend)
    } else {
        (first, Decimal::ZERO)
    };
    Ok(Some(State { level, trend, season, next: 0, from: 2 * m }))
}

/// Places an error and a damped trend are held to. Every product would
/// otherwise add the parameter's places to the state's, until each step
/// multiplies 28-digit numbers; 12 places keep the steps fast and lose
/// nothing a result (at most a few places) could show.
pub(super) const PLACES: u32 = 12;

fn held(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(PLACES, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// The best fit of a smoothing method as known at one backtest origin: the
/// grid point with the smallest sum of squared one-step errors over the
/// results before the origin, and the state there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fit {
    pub sse: Decimal,
    pub parameters: Parameters,
    pub state: State,
}

/// Fits a smoothing method at each origin (ascending, each at most the
/// series length): one pass over the series per grid point, keeping at each
/// origin the grid point with the least squared error so far. `None` at an
/// origin the method cannot start before.
pub(super) fn fit_at_origins(
    method: Method,
    values: &[Option<Decimal>],
    season: usize,
    origins: &[usize],
) -> Checked<Vec<Option<Fit>>> {
    let mut best: Vec<Option<Fit>> = vec![None; origins.len()];
    let Some(&last_origin) = origins.last() else { return Ok(best) };
    // Starting states differ only by whether the model is trended.
    let mut starts: [Option<Option<State>>; 2] = [None, None];
    for parameters in grid(method) {
        let trended = parameters.beta.is_some();
        let slot = &mut starts[usize::from(trended)];
        if slot.is_none() {
            *slot = Some(State::start(method, values, season, trended)?);
        }
        let Some(Some(mut state)) = slot.clone() else { continue };
        let gains = Gains::of(&parameters)?;
        let mut sse = Decimal::ZERO;
        let mut next_origin = 0;
        // No fit at origins before the values the start used.
        while next_origin < origins.len() && origins[next_origin] < state.from.max(state.next) {
            next_origin += 1;
        }
        loop {
            while next_origin < origins.len() && origins[next_origin] == state.next {
                keep(&mut best[next_origin], sse, parameters, &state);
                next_origin += 1;
            }
            if state.next >= last_origin {
                break;
            }
            if let Some(error) = state.step(&gains, values[state.next])? {
                sse = add(sse, mul(error, error, "the squared errors")?, "the squared errors")?;
            }
        }
    }
    Ok(best)
}

/// Keeps the fit with the smaller sum of squares; the earlier grid point on a tie.
fn keep(best: &mut Option<Fit>, sse: Decimal, parameters: Parameters, state: &State) {
    if best.as_ref().is_none_or(|b| sse < b.sse) {
        *best = Some(Fit { sse, parameters, state: state.clone() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn some(values: &[Decimal]) -> Vec<Option<Decimal>> {
        values.iter().copied().map(Some).collect()
    }

    fn simple(alpha: Decimal) -> Parameters {
        Parameters { alpha, beta: None, gamma: None, phi: None }
    }

    /// Runs a model with fixed parameters over the values and gives the
    /// one-step forecasts made before each period from the start on.
    fn one_step(method: Method, p: Parameters, values: &[Option<Decimal>], season: usize) -> Vec<Decimal> {
        let mut state = State::start(method, values, season, p.beta.is_some()).unwrap().unwrap();
        let g = Gains::of(&p).unwrap();
        let mut forecasts = Vec::new();
        while state.next < values.len() {
            forecasts.push(state.forecast(&p, 1).unwrap());
            state.step(&g, values[state.next]).unwrap();
        }
        forecasts.push(state.forecast(&p, 1).unwrap());
        forecasts
    }

    /// NIST/SEMATECH e-Handbook of Statistical Methods §6.4.3.1-6.4.3.2
    /// (https://www.itl.nist.gov/div898/handbook/pmc/section4/pmc432.htm):
    /// the twelve values 71, 70, 69, 68, 64, 65, 72, 78, 75, 75, 75, 70
    /// smoothed with α = 0.1, starting from the first value; "the last data
    /// point in the previous example was 70 and its forecast (smoothed
    /// value S) was 71.7", and the forecast from there on is flat.
    #[test]
    fn nist_single_exponential_smoothing() {
        let values = some(&[
            dec!(71),
            dec!(70),
            dec!(69),
            dec!(68),
            dec!(64),
            dec!(65),
            dec!(72),
            dec!(78),
            dec!(75),
            dec!(75),
            dec!(75),
            dec!(70),
        ]);
        let f = one_step(Method::Simple, simple(dec!(0.1)), &values, 1);
        // f[k] is the forecast of value k + 2 (the first value starts the level).
        assert_eq!(f[0], dec!(71));
        assert_eq!(f[1], dec!(70.9));
        assert_eq!(f[2], dec!(70.71));
        assert_eq!(f[10].round_dp(1), dec!(71.7), "the forecast of the last value, 70");
        // S13 = 0.1 × 70 + 0.9 × 71.665… = 71.5: NIST's bootstrapped forecast.
        assert_eq!(f[11].round_dp(1), dec!(71.5));
    }

    /// Steve Wong, "Time Series Forecasting Exercise: Simple Exponential
    /// Smoothing" (http://www.wongsteve.com/Exponential_Smoothing.htm):
    /// sales 99, 88, 50, 58, 62, 60, 55, 62, 71, 65 with α = 0.3, the
    /// forecast for period 2 being period 1's sales. The published
    /// forecasts, to one place: 99.0, 95.7, 82.0, 74.8, 71.0, 67.7, 63.9,
    /// 63.3, 65.6, and for period 11, 0.3 × 65 + 0.7 × 65.6 = 65.42.
    #[test]
    fn wong_simple_exponential_smoothing() {
        let values =
            some(&[dec!(99), dec!(88), dec!(50), dec!(58), dec!(62), dec!(60), dec!(55), dec!(62), dec!(71), dec!(65)]);
        let f = one_step(Method::Simple, simple(dec!(0.3)), &values, 1);
        let shown: Vec<Decimal> = f.iter().map(|v| v.round_dp(1)).collect();
        assert_eq!(
            shown,
            [
                dec!(99.0),
                dec!(95.7),
                dec!(82.0),
                dec!(74.8),
                dec!(71.0),
                dec!(67.7),
                dec!(63.9),
                dec!(63.3),
                dec!(65.6),
                dec!(65.4)
            ]
        );
    }

    /// Holt-Winters by hand, season 2, no trend, α = 0.5, γ = 0.1, on
    /// 10, 20, 12, 22, 14:
    ///
    /// ```text
    /// start: season means 15 (10, 20) and 17 (12, 22); level 15;
    ///        s0 = mean(10 - 15, 12 - 17) = -5, s1 = mean(20 - 15, 22 - 17) = 5
    ///        (already centred)
    /// t=0 y=10: f = 15 - 5 = 10, e = 0;  l = 15,  s0 = -5
    /// t=1 y=20: f = 15 + 5 = 20, e = 0;  l = 15,  s1 = 5
    /// t=2 y=12: f = 15 - 5 = 10, e = 2;  l = 15 + 0.5 × 2 = 16,  s0 = -5 + 0.1 × 2 = -4.8
    /// t=3 y=22: f = 16 + 5 = 21, e = 1;  l = 16.5,  s1 = 5.1
    /// t=4 y=14: f = 16.5 - 4.8 = 11.7, e = 2.3;  l = 17.65,  s0 = -4.57
    /// next (t=5): 17.65 + 5.1 = 22.75;  t=6: 17.65 - 4.57 = 13.08
    /// ```
    #[test]
    fn holt_winters_steps_by_hand() {
        let p = Parameters { alpha: dec!(0.5), beta: None, gamma: Some(dec!(0.1)), phi: None };
        let values = some(&[dec!(10), dec!(20), dec!(12), dec!(22), dec!(14)]);
        let f = one_step(Method::HoltWinters, p, &values, 2);
        assert_eq!(f, [dec!(10), dec!(20), dec!(10), dec!(21), dec!(11.7), dec!(22.75)]);
        let mut state = State::start(Method::HoltWinters, &values, 2, false).unwrap().unwrap();
        let g = Gains::of(&p).unwrap();
        for v in &values {
            state.step(&g, *v).unwrap();
        }
        assert_eq!(state.forecast(&p, 2).unwrap(), dec!(13.08));
        assert_eq!(state.forecast(&p, 3).unwrap(), dec!(22.75));
    }

    /// The damped trend by hand, α = 0.5, β* = 0.2 (β = 0.1), φ = 0.9, on
    /// 10, 12, 15:
    ///
    /// ```text
    /// start: level 10, trend 12 - 10 = 2, at the second value
    /// t=1 y=12: f = 10 + 0.9 × 2 = 11.8, e = 0.2;
    ///           l = 11.8 + 0.5 × 0.2 = 11.9, b = 1.8 + 0.1 × 0.2 = 1.82
    /// t=2 y=15: f = 11.9 + 0.9 × 1.82 = 13.538, e = 1.462;
    ///           l = 13.538 + 0.731 = 14.269, b = 1.638 + 0.1462 = 1.7842
    /// 1 ahead: 14.269 + 0.9 × 1.7842 = 15.87478
    /// 2 ahead: 14.269 + (0.9 + 0.81) × 1.7842 = 17.319982
    /// ```
    #[test]
    fn damped_trend_steps_by_hand() {
        let p = Parameters { alpha: dec!(0.5), beta: Some(dec!(0.2)), gamma: None, phi: Some(dec!(0.9)) };
        let values = some(&[dec!(10), dec!(12), dec!(15)]);
        let f = one_step(Method::DampedTrend, p, &values, 1);
        assert_eq!(f, [dec!(11.8), dec!(13.538), dec!(15.87478)]);
        let mut state = State::start(Method::DampedTrend, &values, 1, true).unwrap().unwrap();
        let g = Gains::of(&p).unwrap();
        while state.next < values.len() {
            state.step(&g, values[state.next]).unwrap();
        }
        assert_eq!(state.forecast(&p, 2).unwrap(), dec!(17.319982));
    }

    #[test]
    fn a_gap_carries_the_forecast_forward_and_is_never_a_zero() {
        let p = simple(dec!(0.5));
        let with_gap = vec![Some(dec!(10)), Some(dec!(20)), None, Some(dec!(15))];
        // 10 starts the level; 20: l = 15; the gap: l stays 15; 15: e = 0.
        assert_eq!(one_step(Method::Simple, p, &with_gap, 1), [dec!(10), dec!(15), dec!(15), dec!(15)]);
        let with_zero = vec![Some(dec!(10)), Some(dec!(20)), Some(dec!(0)), Some(dec!(15))];
        assert_ne!(one_step(Method::Simple, p, &with_zero, 1), one_step(Method::Simple, p, &with_gap, 1));
        // A damped trend keeps stepping along its trend through a gap.
        let t = Parameters { alpha: dec!(0.5), beta: Some(dec!(0.2)), gamma: None, phi: Some(dec!(0.9)) };
        let f = one_step(Method::DampedTrend, t, &[Some(dec!(10)), Some(dec!(12)), None], 1);
        // After 12: l = 11.9, b = 1.82; the gap: l = 11.9 + 1.638, b = 1.638.
        assert_eq!(f[2], dec!(13.538) + dec!(0.9) * dec!(1.638));
    }

    #[test]
    fn the_grid_keeps_within_the_admissible_region() {
        assert_eq!(grid(Method::Simple).len(), 9);
        assert_eq!(grid(Method::DampedTrend).len(), 18);
        let hw = grid(Method::HoltWinters);
        assert_eq!(hw.len(), 15);
        for p in hw {
            assert!(p.gamma.unwrap() <= Decimal::ONE - p.alpha, "{p:?}");
        }
        assert!(grid(Method::Naive).is_empty());
    }

    #[test]
    fn each_origin_gets_the_grid_point_best_before_it() {
        // A level that jumps: the best α before the jump is the smallest
        // (every error is zero, a tie the first grid point wins); after it,
        // a larger α follows the jump.
        let mut values = some(&[dec!(5); 8]);
        values.extend(some(&[dec!(9); 8]));
        let fits = fit_at_origins(Method::Simple, &values, 1, &[8, 16]).unwrap();
        let before = fits[0].as_ref().unwrap();
        assert_eq!(before.sse, dec!(0));
        assert_eq!(before.parameters.alpha, dec!(0.1));
        let after = fits[1].as_ref().unwrap();
        assert_eq!(after.parameters.alpha, dec!(0.9));
        assert!(after.state.forecast(&after.parameters, 1).unwrap() > dec!(8.99));
    }

    #[test]
    fn holt_winters_needs_two_seasons_with_every_period_seen() {
        let short = some(&[dec!(1), dec!(2), dec!(3)]);
        assert_eq!(State::start(Method::HoltWinters, &short, 2, false).unwrap(), None);
        let unseen = vec![None, Some(dec!(2)), None, Some(dec!(4))];
        assert_eq!(State::start(Method::HoltWinters, &unseen, 2, false).unwrap(), None);
        let seen_once = vec![Some(dec!(1)), Some(dec!(2)), None, Some(dec!(4))];
        assert!(State::start(Method::HoltWinters, &seen_once, 2, true).unwrap().is_some());
    }
}
