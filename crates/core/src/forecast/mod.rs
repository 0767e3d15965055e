//! Forecasts of a measure's next results and of its year-end outturn, by a
//! method chosen on how well it would have forecast this measure before.
//!
//! Give [`forecast`] one value a period, oldest first (`None` for a missing
//! result: a gap, never a zero), the season length ([`season_length`] of
//! the measure's frequency: 12, 4 or 1) and [`Settings`]
//! ([`Settings::for_frequency`] by default). Every [`Method`] the history
//! allows (naive, seasonal naive, simple exponential smoothing, damped
//! trend, Holt-Winters) forecasts from each of the last few periods as if
//! it were the latest, and is scored against what came in (the backtest);
//! the one with the lowest mean absolute error forecasts the next periods,
//! with an interval from its own backtest errors. The [`Forecast`] keeps
//! every method's [`Score`], so a page can show why that method.
//!
//! [`year_end`] turns a forecast into the year-end [`Outturn`] by the
//! measure's own year-to-date rule, or gives the actual when the year's
//! last result is in. [`series`] gives the values to forecast from, for a
//! measure as recorded. [`accuracy`] scores forecasts against outturns
//! when they arrive (MAE, and MAPE where the actual is not zero), for the
//! app to show per method and per officer override.
//!
//! Pure computation in `Decimal`: no floats, no I/O, the same digits on
//! every machine; every step is checked, so a figure out of range is an
//! error ([`ForecastError`]), never a panic. Nothing is rounded: callers
//! round for display (`rounded(places)`).
//!
//! Why not the `augurs-ets` crate: its seasonal models are not implemented
//! ("Seasonal models are not yet implemented", its README, 0.10.3), it
//! works in `f64` (so figures would differ in their last digits between
//! machines and from the `Decimal` everywhere else in outturn), it fits by
//! numerical optimisation and information criteria that need more history
//! than a council's 20 quarters, and it has no notion of a missing period.
//! The few recursions needed here are short and written out in
//! `smoothing.rs`, with their sources.
//!
//! `docs/forecasts.md` gives the methods, the grid, the backtest, the
//! interval and the year-end rules, with references.

mod accuracy;
mod arith;
mod backtest;
mod error;
mod interval;
mod method;
mod naive;
mod select;
mod settings;
mod smoothing;
mod year_end;

#[cfg(test)]
mod tests;

pub use accuracy::{Accuracy, accuracy};
pub use error::ForecastError;
pub use interval::MIN_ERRORS;
pub use method::Method;
pub use select::{Forecast, Score, Step, Unavailable, forecast};
pub use settings::{MAX_HORIZON, MAX_ORIGINS, MAX_SEASON, MIN_ORIGINS, Settings, season_length};
pub use smoothing::{Parameters, grid};
pub use year_end::{Basis, Outturn, series, year_end};
