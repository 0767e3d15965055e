//! The two MDC icons a summary shows beside a measure: what the latest
//! point's variation is (variation icon) and whether the process can be
//! relied on to meet its target (assurance icon).

use rust_decimal::Decimal;
use serde::Serialize;

use super::limits::Limits;
use super::rules::Side;
use super::variation::{ImprovementDirection, Variation};

/// The variation icon: the latest point's variation and its side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VariationIcon {
    CommonCause,
    ImprovementHigh,
    ImprovementLow,
    ConcernHigh,
    ConcernLow,
    /// Special cause, high, where neither direction is better.
    NeitherHigh,
    NeitherLow,
}

impl VariationIcon {
    /// The icon of a point of class `variation` whose signal is on `side`.
    pub fn of(variation: Variation, side: Option<Side>) -> VariationIcon {
        use Side::{High, Low};
        match (variation, side) {
            (Variation::Improvement, Some(High)) => VariationIcon::ImprovementHigh,
            (Variation::Improvement, Some(Low)) => VariationIcon::ImprovementLow,
            (Variation::Concern, Some(High)) => VariationIcon::ConcernHigh,
            (Variation::Concern, Some(Low)) => VariationIcon::ConcernLow,
            (Variation::Neutral, Some(High)) => VariationIcon::NeitherHigh,
            (Variation::Neutral, Some(Low)) => VariationIcon::NeitherLow,
            (Variation::CommonCause, _) | (_, None) => VariationIcon::CommonCause,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            VariationIcon::CommonCause => "common-cause",
            VariationIcon::ImprovementHigh => "improvement-high",
            VariationIcon::ImprovementLow => "improvement-low",
            VariationIcon::ConcernHigh => "concern-high",
            VariationIcon::ConcernLow => "concern-low",
            VariationIcon::NeitherHigh => "neither-high",
            VariationIcon::NeitherLow => "neither-low",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            VariationIcon::CommonCause => "Common cause",
            VariationIcon::ImprovementHigh => "Improvement (high)",
            VariationIcon::ImprovementLow => "Improvement (low)",
            VariationIcon::ConcernHigh => "Concern (high)",
            VariationIcon::ConcernLow => "Concern (low)",
            VariationIcon::NeitherHigh => "Neither (high)",
            VariationIcon::NeitherLow => "Neither (low)",
        }
    }
    /// A sentence for accessible text (the icon's alt text).
    pub fn description(self) -> &'static str {
        match self {
            VariationIcon::CommonCause => "Common cause variation: no significant change",
            VariationIcon::ImprovementHigh => "Special cause variation: improvement (high)",
            VariationIcon::ImprovementLow => "Special cause variation: improvement (low)",
            VariationIcon::ConcernHigh => "Special cause variation: concern (high)",
            VariationIcon::ConcernLow => "Special cause variation: concern (low)",
            VariationIcon::NeitherHigh => "Special cause variation: neither improvement nor concern (high)",
            VariationIcon::NeitherLow => "Special cause variation: neither improvement nor concern (low)",
        }
    }
}

/// The assurance icon: where the target lies against the latest limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssuranceIcon {
    /// The target is on or beyond the worse limit: every point should meet it.
    ConsistentlyPassing,
    /// The target is on or beyond the better limit: no point should meet it.
    ConsistentlyFailing,
    /// The target lies between the limits: the process will meet it some
    /// periods and miss it others.
    HitAndMiss,
}

impl AssuranceIcon {
    /// `None` without a target, or when neither direction is better. A
    /// target exactly on a limit passes or fails, as in MDC's SQL tool
    /// (v2.1: "pass/fail when the target is on a process limit");
    /// NHSRplotthedots calls that hit and miss.
    pub fn of(target: Option<Decimal>, improvement: ImprovementDirection, limits: &Limits) -> Option<AssuranceIcon> {
        let target = target?;
        let (worse_limit_passes, better_limit_fails) = match improvement {
            ImprovementDirection::Increase => (target <= limits.lower_limit, target >= limits.upper_limit),
            ImprovementDirection::Decrease => (target >= limits.upper_limit, target <= limits.lower_limit),
            ImprovementDirection::Neutral => return None,
        };
        Some(if worse_limit_passes {
            AssuranceIcon::ConsistentlyPassing
        } else if better_limit_fails {
            AssuranceIcon::ConsistentlyFailing
        } else {
            AssuranceIcon::HitAndMiss
        })
    }
    pub fn code(self) -> &'static str {
        match self {
            AssuranceIcon::ConsistentlyPassing => "consistently-passing",
            AssuranceIcon::ConsistentlyFailing => "consistently-failing",
            AssuranceIcon::HitAndMiss => "hit-and-miss",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            AssuranceIcon::ConsistentlyPassing => "Consistently passing",
            AssuranceIcon::ConsistentlyFailing => "Consistently failing",
            AssuranceIcon::HitAndMiss => "Hit and miss",
        }
    }
    /// A sentence for accessible text (the icon's alt text).
    pub fn description(self) -> &'static str {
        match self {
            AssuranceIcon::ConsistentlyPassing => {
                "Consistently passing: the target lies outside the process limits, so every point is expected to meet it"
            }
            AssuranceIcon::ConsistentlyFailing => {
                "Consistently failing: the target lies outside the process limits, so no point is expected to meet it"
            }
            AssuranceIcon::HitAndMiss => {
                "Hit and miss: the target lies within the process limits, so it will be met in some periods and missed in others"
            }
        }
    }
    /// What a reader is told when there is no assurance icon.
    pub fn none_description(target: Option<Decimal>) -> &'static str {
        match target {
            None => "No assurance: the measure has no target",
            Some(_) => "No assurance: neither direction is better, so a target cannot be passed or failed",
        }
    }
}
