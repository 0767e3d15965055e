//! How far forecasts were from the results that came in: the mean absolute
//! error (MAE), in the measure's own unit, and the mean absolute percentage
//! error (MAPE), as FPP3 §5.8 defines them. The backtest scores methods
//! with it, and the app shows it per method and per officer override when
//! the outturns arrive.
//!
//! MAPE divides by the actual, so it is undefined where the actual is zero
//! (FPP3 §5.8: "infinite or undefined if y_t = 0"): those pairs are left out
//! of the MAPE, counted in `zero_actuals`, and kept in the MAE.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::arith::{add, div, mul, sub};
use super::error::ForecastError;

/// The accuracy of a set of forecasts against their actuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Accuracy {
    /// How many forecasts had an actual to be scored against.
    pub count: usize,
    /// Mean |actual − forecast|; `None` with nothing to score.
    pub mae: Option<Decimal>,
    /// Mean |actual − forecast| / |actual| × 100, over the pairs with an
    /// actual other than zero; `None` when there are none.
    pub mape: Option<Decimal>,
    /// Pairs whose actual was zero, left out of the MAPE.
    pub zero_actuals: usize,
}

impl Accuracy {
    /// The same, each figure rounded to `places` (halves away from zero), for display.
    pub fn rounded(&self, places: u32) -> Accuracy {
        let r = |v: Option<Decimal>| v.map(|v| round(v, places));
        Accuracy { mae: r(self.mae), mape: r(self.mape), ..*self }
    }
}

/// The accuracy of `(forecast, actual)` pairs. An error only if a sum
/// leaves `Decimal`'s range.
pub fn accuracy(pairs: impl IntoIterator<Item = (Decimal, Decimal)>) -> Result<Accuracy, ForecastError> {
    const STEP: &str = "the forecast errors";
    let (mut count, mut zero_actuals) = (0usize, 0usize);
    let (mut absolute, mut percentage) = (Decimal::ZERO, Decimal::ZERO);
    for (forecast, actual) in pairs {
        let error = sub(actual, forecast, STEP)?.abs();
        absolute = add(absolute, error, STEP)?;
        count += 1;
        if actual.is_zero() {
            zero_actuals += 1;
        } else {
            percentage = add(percentage, div(error, actual.abs(), STEP)?, STEP)?;
        }
    }
    let mae = if count == 0 { None } else { Some(div(absolute, Decimal::from(count), STEP)?) };
    let with_actual = count - zero_actuals;
    let mape = if with_actual == 0 {
        None
    } else {
        Some(div(mul(percentage, Decimal::ONE_HUNDRED, STEP)?, Decimal::from(with_actual), STEP)?)
    };
    Ok(Accuracy { count, mae, mape, zero_actuals })
}

pub(super) fn round(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// Steve Wong's simple exponential smoothing exercise
    /// (http://www.wongsteve.com/Exponential_Smoothing.htm): sales 88, 50,
    /// 58, 62, 60, 55, 62, 71, 65 against α = 0.3 forecasts from 99; the
    /// page gives MAD 14.14 and MAPE 24.66%.
    #[test]
    fn wong_mad_and_mape() {
        let sales =
            [dec!(99), dec!(88), dec!(50), dec!(58), dec!(62), dec!(60), dec!(55), dec!(62), dec!(71), dec!(65)];
        let mut forecast = sales[0];
        let mut pairs = Vec::new();
        for actual in &sales[1..] {
            pairs.push((forecast, *actual));
            forecast = dec!(0.3) * actual + dec!(0.7) * forecast;
        }
        let a = accuracy(pairs).unwrap().rounded(2);
        assert_eq!(a.count, 9);
        assert_eq!(a.mae, Some(dec!(14.14)));
        assert_eq!(a.mape, Some(dec!(24.66)));
        assert_eq!(a.zero_actuals, 0);
    }

    #[test]
    fn a_zero_actual_is_left_out_of_the_mape_and_counted() {
        let a = accuracy([(dec!(2), dec!(0)), (dec!(90), dec!(100)), (dec!(55), dec!(50))]).unwrap();
        assert_eq!(a.count, 3);
        assert_eq!(a.mae, Some(dec!(17) / dec!(3)));
        // (10% + 10%) / 2: the zero actual's pair is not in it.
        assert_eq!(a.mape, Some(dec!(10)));
        assert_eq!(a.zero_actuals, 1);
        let zeros = accuracy([(dec!(1), dec!(0))]).unwrap();
        assert_eq!((zeros.mae, zeros.mape), (Some(dec!(1)), None));
    }

    #[test]
    fn nothing_to_score_has_no_error_figures() {
        assert_eq!(accuracy([]), Ok(Accuracy { count: 0, mae: None, mape: None, zero_actuals: 0 }));
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let huge = accuracy([(Decimal::MIN, Decimal::MAX)]);
        assert_eq!(huge, Err(ForecastError::TooLarge { step: "the forecast errors" }));
    }

    #[test]
    fn rounding_is_for_display_and_halves_go_away_from_zero() {
        let a = Accuracy { count: 1, mae: Some(dec!(2.345)), mape: Some(dec!(10.005)), zero_actuals: 0 };
        assert_eq!(a.rounded(2).mae, Some(dec!(2.35)));
        assert_eq!(a.rounded(2).mape, Some(dec!(10.01)));
    }
}
