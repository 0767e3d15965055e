//! Statistical process control: XmR charts as NHS England's "Making Data
//! Count" (MDC) draws them, so a committee can tell a real change in a
//! measure from the ordinary ups and downs of its process.
//!
//! Give [`analyse`] a [`Chart`] (one value a period, in order, `None` for a
//! missing period; which way is better; an optional target; the periods
//! where a recorded process change starts a new segment) and [`Settings`]
//! (the rule choices, MDC's by default). It returns an [`Analysis`]: per
//! segment the mean and limits, per point the special cause rules it meets
//! and its variation class, and the variation and assurance icons of the
//! latest point. Pure computation in `Decimal`: exact to `Decimal`
//! precision, never rounded; callers round for display.
//!
//! `docs/spc.md` says what each setting does, how gaps, ties, points on the
//! mean and clashing signals are handled, and where each choice comes from.

mod chart;
mod error;
mod icons;
mod limits;
mod rules;
mod settings;
mod variation;

pub use chart::{Analysis, Chart, Point, Segment, analyse};
pub use error::SpcError;
pub use icons::{AssuranceIcon, VariationIcon};
pub use limits::{Limits, STABLE_LIMIT_VALUES, moving_ranges};
pub use rules::{Rule, Side};
pub use settings::Settings;
pub use variation::{ImprovementDirection, ImprovementDirectionError, Variation};
