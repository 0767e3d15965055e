//! What a forecast is asked for: how far ahead, how wide an interval, and
//! how many earlier periods its methods are tested on. The defaults follow
//! the measure's frequency (`docs/forecasts.md` says why).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::ForecastError;
use crate::period::Frequency;

/// The furthest a forecast reaches: two years of months.
pub const MAX_HORIZON: usize = 24;
/// The fewest backtest origins a method is chosen on: fewer would choose
/// by luck.
pub const MIN_ORIGINS: usize = 4;
/// The most backtest origins: three years of months.
pub const MAX_ORIGINS: usize = 36;
/// The longest season: weeks in a year.
pub const MAX_SEASON: usize = 52;

/// How far ahead to forecast, the interval's coverage and the backtest's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Settings {
    /// Periods ahead: 1 to [`MAX_HORIZON`]. A year's periods by default, so
    /// the year-end is always in reach.
    pub horizon: usize,
    /// The prediction interval's coverage, as a fraction: 0.5, 0.8 (the
    /// default, as FPP3 shows beside 95%), 0.9, 0.95 or 0.99.
    pub interval: Decimal,
    /// How many of the latest periods the methods are tested from
    /// ([`MIN_ORIGINS`] to [`MAX_ORIGINS`]): a year of months, two years of
    /// quarters, five years.
    pub origins: usize,
}

impl Settings {
    /// The defaults for a measure reported at this frequency: horizon 12 and
    /// 12 origins monthly, 4 and 8 quarterly, 1 and 5 annually.
    pub fn for_frequency(frequency: Frequency) -> Settings {
        let (horizon, origins) = match frequency {
            Frequency::Monthly => (12, 12),
            Frequency::Quarterly => (4, 8),
            Frequency::Annual => (1, 5),
        };
        Settings { horizon, interval: Decimal::new(8, 1), origins }
    }

    /// Refuses a horizon, interval or backtest size outside what is offered.
    pub fn check(&self) -> Result<(), ForecastError> {
        if !(1..=MAX_HORIZON).contains(&self.horizon) {
            return Err(ForecastError::Horizon(self.horizon));
        }
        if !(MIN_ORIGINS..=MAX_ORIGINS).contains(&self.origins) {
            return Err(ForecastError::Origins(self.origins));
        }
        z_score(self.interval).map(|_| ())
    }
}

impl Default for Settings {
    /// A monthly measure's.
    fn default() -> Self {
        Settings::for_frequency(Frequency::Monthly)
    }
}

/// Periods in a season: 12 months, 4 quarters, and 1 for an annual measure
/// (which has no season).
pub fn season_length(frequency: Frequency) -> usize {
    match frequency {
        Frequency::Monthly => 12,
        Frequency::Quarterly => 4,
        Frequency::Annual => 1,
    }
}

/// The standard normal quantile that leaves `(1 - level) / 2` in each tail,
/// to four places (any table of the normal distribution; FPP3 Table 5.1
/// gives them to two): the interval is the forecast ± this many error scales.
pub(super) fn z_score(level: Decimal) -> Result<Decimal, ForecastError> {
    const TABLE: [(i64, i64); 5] = [(50, 6745), (80, 12816), (90, 16449), (95, 19600), (99, 25758)];
    TABLE
        .iter()
        .find(|(percent, _)| Decimal::new(*percent, 2) == level)
        .map(|(_, z)| Decimal::new(*z, 4))
        .ok_or(ForecastError::Interval(level))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_defaults_follow_the_frequency_and_pass_their_own_check() {
        for f in [Frequency::Monthly, Frequency::Quarterly, Frequency::Annual] {
            assert_eq!(Settings::for_frequency(f).check(), Ok(()));
        }
        assert_eq!(Settings::default().horizon, 12);
        assert_eq!(Settings::for_frequency(Frequency::Quarterly).origins, 8);
        assert_eq!(season_length(Frequency::Quarterly), 4);
    }

    #[test]
    fn the_80_per_cent_interval_is_1_2816_scales_either_side() {
        assert_eq!(z_score(dec!(0.8)), Ok(dec!(1.2816)));
        assert_eq!(z_score(dec!(0.80)), Ok(dec!(1.2816)));
        assert_eq!(z_score(dec!(0.95)), Ok(dec!(1.96)));
        assert_eq!(z_score(dec!(0.85)), Err(ForecastError::Interval(dec!(0.85))));
    }

    #[test]
    fn settings_outside_the_offer_are_refused() {
        let s = Settings::default();
        assert_eq!(Settings { horizon: 0, ..s }.check(), Err(ForecastError::Horizon(0)));
        assert_eq!(Settings { horizon: 25, ..s }.check(), Err(ForecastError::Horizon(25)));
        assert_eq!(Settings { origins: 3, ..s }.check(), Err(ForecastError::Origins(3)));
        assert_eq!(Settings { interval: dec!(1), ..s }.check(), Err(ForecastError::Interval(dec!(1))));
        assert!(ForecastError::Origins(3).to_string().contains("give 4 to 36"));
    }
}
