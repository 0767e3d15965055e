//! Status: Exceeded, Green, Amber, Red, Missing data, Awaiting, no target,
//! information only.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::direction::Direction;
use crate::measure::{Measure, Polarity, StatusRule, ToleranceKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Better than target by more than the measure's "exceeded" band (only a
    /// banded rule with one gives it: "a green star means performance is
    /// above target", Harlow's quarterly reports).
    Exceeded,
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
    /// Every status, in the order the papers list them.
    pub const ALL: [Status; 8] = [
        Status::Exceeded,
        Status::Green,
        Status::Amber,
        Status::Red,
        Status::Missing,
        Status::Awaiting,
        Status::NoTarget,
        Status::InformationOnly,
    ];

    /// Reported by exception (the exception report, the dashboard's list):
    /// Red, Amber and Missing data.
    pub fn is_exception(self) -> bool {
        match self {
            Status::Amber | Status::Red | Status::Missing => true,
            Status::Exceeded | Status::Green | Status::Awaiting | Status::NoTarget | Status::InformationOnly => false,
        }
    }
    /// Off target, so the owner explains why and what is being done: Red and
    /// Amber are given a spotlight, commentary and an improvement plan.
    pub fn needs_commentary(self) -> bool {
        match self {
            Status::Amber | Status::Red => true,
            Status::Exceeded
            | Status::Green
            | Status::Missing
            | Status::Awaiting
            | Status::NoTarget
            | Status::InformationOnly => false,
        }
    }
    /// Green, Amber, Red, or Exceeded (better than Green): a status a rule
    /// decides from a figure and its target.
    pub fn is_judged(self) -> bool {
        matches!(self, Status::Exceeded | Status::Green | Status::Amber | Status::Red)
    }
    /// The word a reader sees (never the colour alone), unless the council
    /// names it otherwise ([`crate::StatusLabels`]).
    pub fn label(self) -> &'static str {
        match self {
            Status::Exceeded => "Exceeded",
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
            Status::Exceeded => "exceeded",
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

/// What a rule reads besides the figure and its target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The figure for the same period last year (the direction-aware rule).
    pub last_year: Option<Decimal>,
    /// The year-end outturn forecast given with the figure, and the target
    /// for the year end it is read against (the forecast-aware rule).
    pub year_end: Option<YearEnd>,
}

/// A year-end outturn forecast and the year-end target, where one is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearEnd {
    pub forecast: Decimal,
    pub target: Option<Decimal>,
}

impl YearEnd {
    /// Whether the forecast meets the year-end target by the measure's
    /// polarity (None with no target to meet).
    pub fn meets_target(&self, polarity: Polarity) -> Option<bool> {
        Some(shortfall(polarity, self.forecast, self.target?)? <= Decimal::ZERO)
    }
}

/// Judges a figure against a target by the measure's polarity and the status
/// rule in force for the figure's period (`rule`: the measure's own, or one
/// kept for earlier periods). At target is Green; a shortfall equal to the
/// tolerance is within it.
pub fn judge(
    measure: &Measure,
    rule: StatusRule,
    figure: Decimal,
    target: Option<Decimal>,
    evidence: Evidence,
) -> Status {
    if measure.is_information_only_under(rule) {
        return Status::InformationOnly;
    }
    let Some(target) = target else { return Status::NoTarget };
    let Some(short) = shortfall(measure.polarity, figure, target) else { return Status::InformationOnly };
    if short <= Decimal::ZERO {
        return match rule {
            StatusRule::Banded(b) if b.exceeds(-short, target) => Status::Exceeded,
            _ => Status::Green,
        };
    }
    match rule {
        StatusRule::None => Status::InformationOnly,
        StatusRule::Threshold => Status::Red,
        StatusRule::Tolerance(t) | StatusRule::ForecastAware(t) if t.covers(short, target) => Status::Amber,
        StatusRule::Tolerance(_) => Status::Red,
        StatusRule::Banded(b) if b.green_band().covers(short, target) => Status::Green,
        StatusRule::Banded(b) if b.amber_band().covers(short, target) => Status::Amber,
        StatusRule::Banded(_) => Status::Red,
        StatusRule::DirectionAware(t) if t.covers(short, target) => Status::Green,
        StatusRule::DirectionAware(_) => match Direction::between(measure.polarity, Some(figure), evidence.last_year) {
            Direction::Improving | Direction::Unchanged => Status::Amber,
            Direction::Worsening | Direction::NotComparable => Status::Red,
        },
        // With no forecast, or no year-end target, it cannot be shown to recover.
        StatusRule::ForecastAware(_) => match evidence.year_end.and_then(|y| y.meets_target(measure.polarity)) {
            Some(true) => Status::Amber,
            Some(false) | None => Status::Red,
        },
    }
}

/// The figures that would be Amber against a target under `rule` (the rule
/// in force for the period: the measure's own, or one kept for it), as
/// (low, high): just below target when higher is better, just above when
/// lower is better. None when the rule has no Amber (a threshold,
/// information only).
pub fn amber_band(measure: &Measure, rule: StatusRule, target: Decimal) -> Option<(Decimal, Decimal)> {
    let (from, to) = match rule {
        StatusRule::Tolerance(t) | StatusRule::ForecastAware(t) => (Decimal::ZERO, width(t, target)),
        StatusRule::Banded(b) => (width(b.green_band(), target), width(b.amber_band(), target)),
        _ => return None,
    };
    // A band with no width (a forecast-aware rule with no tolerance) is not drawn.
    if to <= from {
        return None;
    }
    match measure.polarity {
        Polarity::Higher => Some((target - to, target - from)),
        Polarity::Lower => Some((target + from, target + to)),
        Polarity::None => None,
    }
}

/// A tolerance's width in the measure's unit, for a target.
fn width(t: crate::measure::Tolerance, target: Decimal) -> Decimal {
    match t.kind {
        ToleranceKind::Points | ToleranceKind::Absolute => t.amber,
        ToleranceKind::Percent => t.amber * target.abs() / Decimal::ONE_HUNDRED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_amber_band_drawn_is_where_a_figure_is_amber() {
        use crate::measure::tests::measure;
        use crate::measure::{Bands, Tolerance, Unit, YtdRule};
        use rust_decimal_macros::dec;
        let rule = |r| measure("X", Unit::Count, Polarity::Higher, YtdRule::Snapshot, r);
        let percent = |amber| Tolerance { kind: ToleranceKind::Percent, amber };
        assert_eq!(
            amber_band(
                &rule(StatusRule::Tolerance(percent(dec!(10)))),
                StatusRule::Tolerance(percent(dec!(10))),
                dec!(200)
            ),
            Some((dec!(180), dec!(200)))
        );
        let bands = StatusRule::Banded(Bands {
            kind: ToleranceKind::Percent,
            green: dec!(15),
            amber: dec!(50),
            exceeded: None,
        });
        assert_eq!(
            amber_band(&rule(bands), bands, dec!(200)),
            Some((dec!(100), dec!(170))),
            "between the Green and Amber edges"
        );
        assert_eq!(
            amber_band(
                &rule(StatusRule::ForecastAware(percent(dec!(0)))),
                StatusRule::ForecastAware(percent(dec!(0))),
                dec!(200)
            ),
            None,
            "no width, not drawn"
        );
        let mut lower = rule(bands);
        lower.polarity = Polarity::Lower;
        assert_eq!(amber_band(&lower, bands, dec!(200)), Some((dec!(230), dec!(300))));
        // A period judged by a kept rule draws that rule's band, not the measure's own.
        let kept = StatusRule::Tolerance(percent(dec!(5)));
        assert_eq!(amber_band(&rule(bands), kept, dec!(200)), Some((dec!(190), dec!(200))));
    }

    #[test]
    fn exceptions_are_red_amber_and_missing() {
        let exceptions: Vec<Status> = Status::ALL.into_iter().filter(|s| s.is_exception()).collect();
        assert_eq!(exceptions, [Status::Amber, Status::Red, Status::Missing]);
    }

    #[test]
    fn judged_statuses_are_the_ones_a_rule_decides() {
        let judged: Vec<Status> = Status::ALL.into_iter().filter(|s| s.is_judged()).collect();
        assert_eq!(judged, [Status::Exceeded, Status::Green, Status::Amber, Status::Red]);
    }

    #[test]
    fn commentary_is_needed_for_red_and_amber() {
        let needing: Vec<Status> = Status::ALL.into_iter().filter(|s| s.needs_commentary()).collect();
        assert_eq!(needing, [Status::Amber, Status::Red]);
    }

    #[test]
    fn all_holds_every_status_once() {
        // A new variant fails to compile here until it is added to ALL.
        let position = |s: Status| match s {
            Status::Exceeded => 0,
            Status::Green => 1,
            Status::Amber => 2,
            Status::Red => 3,
            Status::Missing => 4,
            Status::Awaiting => 5,
            Status::NoTarget => 6,
            Status::InformationOnly => 7,
        };
        for (i, s) in Status::ALL.into_iter().enumerate() {
            assert_eq!(position(s), i);
        }
    }
}
