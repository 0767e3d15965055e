//! Status: Green, Amber, Red, Missing data, Awaiting, no target, information only.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::measure::{Measure, Polarity, StatusRule, ToleranceKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Meeting or exceeding target.
    Green,
    /// Below target but within a manageable tolerance.
    Amber,
    /// Outside tolerance: urgent improvement action required.
    Red,
    /// Expected but not supplied; always with a reason.
    Missing,
    /// Not entered yet while the period's round is open: counted apart,
    /// never as Missing.
    Awaiting,
    /// A figure, but no target to judge it against.
    NoTarget,
    /// No polarity or no status rule: reported for information.
    InformationOnly,
}

impl Status {
    /// The word a reader sees (never the colour alone).
    pub fn label(self) -> &'static str {
        match self {
            Status::Green => "Green",
            Status::Amber => "Amber",
            Status::Red => "Red",
            Status::Missing => "Missing data",
            Status::Awaiting => "Awaiting",
            Status::NoTarget => "No target",
            Status::InformationOnly => "Information only",
        }
    }
    /// The lower-case name used in JSON and CSV.
    pub fn code(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
            Status::Missing => "missing",
            Status::Awaiting => "awaiting",
            Status::NoTarget => "no-target",
            Status::InformationOnly => "information-only",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How far the figure falls short of the target, by polarity: positive when
/// worse than target, zero or negative when meeting or beating it.
pub fn shortfall(polarity: Polarity, figure: Decimal, target: Decimal) -> Option<Decimal> {
    match polarity {
        Polarity::Higher => Some(target - figure),
        Polarity::Lower => Some(figure - target),
        Polarity::None => None,
    }
}

/// Judges a figure against a target by the measure's polarity and status rule.
/// At target is Green; a shortfall equal to the tolerance is still Amber.
pub fn judge(measure: &Measure, figure: Decimal, target: Option<Decimal>) -> Status {
    if measure.is_information_only() {
        return Status::InformationOnly;
    }
    let Some(target) = target else { return Status::NoTarget };
    let Some(short) = shortfall(measure.polarity, figure, target) else { return Status::InformationOnly };
    if short <= Decimal::ZERO {
        return Status::Green;
    }
    let within = match measure.status_rule {
        StatusRule::None => return Status::InformationOnly,
        StatusRule::Threshold => false,
        StatusRule::Tolerance(t) => match t.kind {
            ToleranceKind::Points | ToleranceKind::Absolute => short <= t.amber,
            ToleranceKind::Percent if target.is_zero() => false,
            ToleranceKind::Percent => short * Decimal::ONE_HUNDRED <= t.amber * target.abs(),
        },
    };
    if within { Status::Amber } else { Status::Red }
}

/// The figures that would be Amber against a target, as (low, high): just
/// below target when higher is better, just above when lower is better.
/// None when the rule has no Amber (a threshold, information only).
pub fn amber_band(measure: &Measure, target: Decimal) -> Option<(Decimal, Decimal)> {
    let StatusRule::Tolerance(t) = measure.status_rule else { return None };
    let width = match t.kind {
        ToleranceKind::Points | ToleranceKind::Absolute => t.amber,
        ToleranceKind::Percent => t.amber * target.abs() / Decimal::ONE_HUNDRED,
    };
    match measure.polarity {
        Polarity::Higher => Some((target - width, target)),
        Polarity::Lower => Some((target, target + width)),
        Polarity::None => None,
    }
}
