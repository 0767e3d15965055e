//! Rolling-origin evaluation (FPP3 §5.10, "time series cross-validation"):
//! each method forecasts from each of the last N periods using only the
//! results before it, and its forecasts are scored against the results
//! that followed, 1 to H periods ahead. Every method is scored on the same
//! forecasts of the same results, so their errors compare fairly.

use rust_decimal::Decimal;

use super::arith::{Checked, sub};
use super::method::Method;
use super::naive::{naive, seasonal_naive};
use super::smoothing::{Parameters, State, fit_at_origins};

/// One method's forecasts from every origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Run {
    pub method: Method,
    /// `forecasts[i][h - 1]`: from `origins[i]`, `h` periods ahead.
    pub forecasts: Vec<Vec<Decimal>>,
    /// The smoothing parameters chosen at the last origin (the forecast).
    pub parameters: Option<Parameters>,
}

/// Why a method cannot take part, given the values before the first
/// origin; `None` when it can.
pub(super) fn unavailable(
    method: Method,
    values: &[Option<Decimal>],
    season: usize,
    first_origin: usize,
) -> Checked<Option<String>> {
    let before = &values[..first_origin];
    let present = before.iter().flatten().count();
    let why = match method {
        Method::Naive => (present == 0).then(|| "needs a result before the first backtest origin".to_string()),
        Method::SeasonalNaive | Method::HoltWinters if season < 2 => {
            Some("the measure has no season (it is reported once a year)".to_string())
        }
        Method::SeasonalNaive => (first_origin < season || present == 0)
            .then(|| format!("needs a full season ({season} periods) before the first backtest origin")),
        Method::Simple => (present < 2).then(|| "needs 2 results before the first backtest origin".to_string()),
        Method::DampedTrend => (present < 3).then(|| "needs 3 results before the first backtest origin".to_string()),
        Method::HoltWinters => {
            let ready = first_origin >= 2 * season && State::start(method, before, season, false)?.is_some();
            (!ready).then(|| {
                format!(
                    "needs two full seasons ({} periods) before the first backtest origin, with a result for each period of the season in one of them",
                    2 * season
                )
            })
        }
    };
    Ok(why)
}

/// A method's forecasts from each origin, 1 to `horizon` ahead. The method
/// must be available at the first origin ([`unavailable`]).
pub(super) fn run(
    method: Method,
    values: &[Option<Decimal>],
    season: usize,
    origins: &[usize],
    horizon: usize,
) -> Checked<Run> {
    let mut forecasts = Vec::with_capacity(origins.len());
    let mut parameters = None;
    match method {
        Method::Naive | Method::SeasonalNaive => {
            for &origin in origins {
                let f = if method == Method::Naive {
                    naive(values, origin, horizon)
                } else {
                    seasonal_naive(values, origin, horizon, season)
                };
                // Available at the first origin, so at every later one.
                forecasts.push(f.unwrap_or_default());
            }
        }
        Method::Simple | Method::DampedTrend | Method::HoltWinters => {
            for fit in fit_at_origins(method, values, season, origins)? {
                let Some(fit) = fit else {
                    forecasts.push(Vec::new());
                    continue;
                };
                let ahead = (1..=horizon).map(|h| fit.state.forecast(&fit.parameters, h)).collect::<Checked<_>>()?;
                forecasts.push(ahead);
                parameters = Some(fit.parameters);
            }
        }
    }
    Ok(Run { method, forecasts, parameters })
}

/// The (forecast, actual) pairs of a run by horizon: `scored[h - 1]`
/// holds those `h` periods ahead, from every origin but the last (which is
/// the forecast itself), wherever the result came in.
pub(super) fn scored(
    run: &Run,
    values: &[Option<Decimal>],
    origins: &[usize],
    horizon: usize,
) -> Vec<Vec<(Decimal, Decimal)>> {
    let mut by_horizon = vec![Vec::new(); horizon];
    for (forecasts, &origin) in run.forecasts.iter().zip(origins).take(origins.len().saturating_sub(1)) {
        for (h, forecast) in forecasts.iter().enumerate() {
            if let Some(Some(actual)) = values.get(origin + h) {
                by_horizon[h].push((*forecast, *actual));
            }
        }
    }
    by_horizon
}

/// The errors (actual − forecast) of scored pairs, by horizon.
pub(super) fn errors(scored: &[Vec<(Decimal, Decimal)>]) -> Checked<Vec<Vec<Decimal>>> {
    scored
        .iter()
        .map(|at| at.iter().map(|(forecast, actual)| sub(*actual, *forecast, "the backtest errors")).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn ints(values: &[i64]) -> Vec<Option<Decimal>> {
        values.iter().map(|v| Some(Decimal::from(*v))).collect()
    }

    #[test]
    fn each_origin_forecasts_from_the_results_before_it_only() {
        let values = ints(&[1, 2, 3, 4, 5, 6]);
        let origins = [3, 4, 5, 6];
        let r = run(Method::Naive, &values, 1, &origins, 2).unwrap();
        assert_eq!(r.forecasts, vec![vec![dec!(3); 2], vec![dec!(4); 2], vec![dec!(5); 2], vec![dec!(6); 2]]);
        let e = errors(&scored(&r, &values, &origins, 2)).unwrap();
        // From 3: 4 - 3, 5 - 3; from 4: 5 - 4, 6 - 4; from 5: 6 - 5; the last origin is the forecast.
        assert_eq!(e, vec![vec![dec!(1), dec!(1), dec!(1)], vec![dec!(2), dec!(2)]]);
    }

    #[test]
    fn a_missing_result_is_not_scored() {
        let mut values = ints(&[1, 2, 3, 4, 5, 6]);
        values[4] = None;
        let origins = [3, 4, 5, 6];
        let r = run(Method::Naive, &values, 1, &origins, 1).unwrap();
        assert_eq!(r.forecasts[2], [dec!(4)], "from origin 5 the latest result is 4");
        assert_eq!(errors(&scored(&r, &values, &origins, 1)).unwrap(), vec![vec![dec!(1), dec!(2)]]);
    }

    #[test]
    fn methods_say_what_history_they_need() {
        let values = ints(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(unavailable(Method::Naive, &values, 4, 1).unwrap(), None);
        assert!(unavailable(Method::SeasonalNaive, &values, 4, 3).unwrap().unwrap().contains("4 periods"));
        assert_eq!(unavailable(Method::SeasonalNaive, &values, 4, 4).unwrap(), None);
        assert!(unavailable(Method::HoltWinters, &values, 1, 9).unwrap().unwrap().contains("no season"));
        assert!(unavailable(Method::HoltWinters, &values, 4, 7).unwrap().unwrap().contains("8 periods"));
        assert_eq!(unavailable(Method::HoltWinters, &values, 4, 8).unwrap(), None);
        assert!(unavailable(Method::DampedTrend, &values, 4, 2).unwrap().is_some());
        assert!(unavailable(Method::Simple, &[None, Some(dec!(1)), None], 1, 2).unwrap().is_some());
    }
}
