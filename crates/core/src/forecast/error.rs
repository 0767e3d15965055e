//! Why a forecast or a year-end outturn could not be made: each error says
//! what is wrong and where, in terms a performance officer can act on
//! (values counted from 1, periods named).

use rust_decimal::Decimal;

use crate::period::{FinancialYear, Period};

/// A series, a setting or a year that the forecasts cannot work with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForecastError {
    #[error("no values: a forecast needs a history of results")]
    NoValues,
    #[error(
        "{values} value(s) from the first result: a forecast needs at least {needed}, so that its methods can be tested on {origins} earlier periods before one is trusted"
    )]
    TooFewValues { values: usize, needed: usize, origins: usize },
    #[error("{present} result(s): a forecast needs at least 2, one to forecast from and one to test it on")]
    TooFewResults { present: usize },
    #[error("value {position} ({value}) is too large: figures are at most 999,999,999,999 either side of zero")]
    ValueTooLarge { position: usize, value: Decimal },
    #[error("the values are too large to forecast exactly ({step})")]
    TooLarge { step: &'static str },
    #[error("a season of {0} periods is not supported: give 1 (annual), 4 (quarterly) or 12 (monthly), or up to 52")]
    SeasonLength(usize),
    #[error("a horizon of {0} periods is not supported: forecast 1 to {max} periods ahead", max = super::settings::MAX_HORIZON)]
    Horizon(usize),
    #[error("a {0} prediction interval is not offered: choose 0.5, 0.8, 0.9, 0.95 or 0.99")]
    Interval(Decimal),
    #[error("{0} backtest origin(s) are too few: give {min} to {max}", min = super::settings::MIN_ORIGINS, max = super::settings::MAX_ORIGINS)]
    Origins(usize),
    #[error(
        "the backtest has nothing to score: every period after the first of the {origins} backtest origins is missing a result"
    )]
    NothingToScore { origins: usize },
    #[error("{period} is not a period of the measure's frequency ({frequency})")]
    WrongFrequency { period: Period, frequency: &'static str },
    #[error(
        "the {year} outturn needs forecasts for {needed} period(s) after {last}, and the forecast reaches {horizon}: forecast further ahead"
    )]
    HorizonTooShort { year: FinancialYear, last: Period, needed: usize, horizon: usize },
    #[error("the {year} outturn cannot be formed: {reason}")]
    YearToDate { year: FinancialYear, reason: String },
}
