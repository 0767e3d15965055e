//! Which way is improvement, and what a point's variation means for it:
//! improvement, concern, neither (when no way is better), or just the
//! process's common cause variation.

use serde::{Deserialize, Serialize};

use super::rules::Side;
use crate::measure::Polarity;

/// The direction of improvement, as MDC names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImprovementDirection {
    /// Higher is better.
    Increase,
    /// Lower is better.
    Decrease,
    /// No way is better: special cause is reported, never judged.
    #[default]
    Neutral,
}

/// A measure's polarity says which way improvement lies; a measure kept for
/// information only has none.
impl From<Polarity> for ImprovementDirection {
    fn from(polarity: Polarity) -> Self {
        match polarity {
            Polarity::Higher => ImprovementDirection::Increase,
            Polarity::Lower => ImprovementDirection::Decrease,
            Polarity::None => ImprovementDirection::Neutral,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a direction of improvement: use increase, decrease or neutral")]
pub struct ImprovementDirectionError(pub String);

/// For command-line arguments and other text: `increase`, `decrease`, `neutral`.
impl std::str::FromStr for ImprovementDirection {
    type Err = ImprovementDirectionError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "increase" => Ok(ImprovementDirection::Increase),
            "decrease" => Ok(ImprovementDirection::Decrease),
            "neutral" => Ok(ImprovementDirection::Neutral),
            _ => Err(ImprovementDirectionError(text.to_string())),
        }
    }
}

impl ImprovementDirection {
    /// The side of the mean a special cause must be on to be an improvement.
    pub(super) fn better(self) -> Option<Side> {
        match self {
            ImprovementDirection::Increase => Some(Side::High),
            ImprovementDirection::Decrease => Some(Side::Low),
            ImprovementDirection::Neutral => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            ImprovementDirection::Increase => "increase",
            ImprovementDirection::Decrease => "decrease",
            ImprovementDirection::Neutral => "neutral",
        }
    }
    /// A sentence for accessible text.
    pub fn description(self) -> &'static str {
        match self {
            ImprovementDirection::Increase => "Improvement is an increase: higher is better",
            ImprovementDirection::Decrease => "Improvement is a decrease: lower is better",
            ImprovementDirection::Neutral => "Neither direction is better",
        }
    }
}

/// What a point's variation means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variation {
    /// Special cause on the better side.
    Improvement,
    /// Special cause on the worse side.
    Concern,
    /// Special cause, and neither direction is better.
    Neutral,
    /// No special cause rule met: the process's ordinary variation.
    CommonCause,
}

impl Variation {
    /// The class of a point whose signal (if any) points to `side`.
    pub fn of(side: Option<Side>, improvement: ImprovementDirection) -> Variation {
        match (side, improvement.better()) {
            (None, _) => Variation::CommonCause,
            (Some(_), None) => Variation::Neutral,
            (Some(side), Some(better)) if side == better => Variation::Improvement,
            (Some(_), Some(_)) => Variation::Concern,
        }
    }
    pub fn is_special_cause(self) -> bool {
        self != Variation::CommonCause
    }
    pub fn code(self) -> &'static str {
        match self {
            Variation::Improvement => "improvement",
            Variation::Concern => "concern",
            Variation::Neutral => "neutral",
            Variation::CommonCause => "common-cause",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Variation::Improvement => "Improvement",
            Variation::Concern => "Concern",
            Variation::Neutral => "Neither improvement nor concern",
            Variation::CommonCause => "Common cause",
        }
    }
    /// A sentence for accessible text.
    pub fn description(self) -> &'static str {
        match self {
            Variation::Improvement => "Special cause variation: improvement",
            Variation::Concern => "Special cause variation: concern",
            Variation::Neutral => "Special cause variation: neither improvement nor concern",
            Variation::CommonCause => "Common cause variation: no significant change",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polarity_gives_the_direction_of_improvement() {
        assert_eq!(ImprovementDirection::from(Polarity::Higher), ImprovementDirection::Increase);
        assert_eq!(ImprovementDirection::from(Polarity::Lower), ImprovementDirection::Decrease);
        assert_eq!(ImprovementDirection::from(Polarity::None), ImprovementDirection::Neutral);
        assert_eq!("Decrease".parse(), Ok(ImprovementDirection::Decrease));
        assert!("down".parse::<ImprovementDirection>().is_err());
    }

    #[test]
    fn the_side_of_a_signal_and_the_better_way_give_the_class() {
        use ImprovementDirection::*;
        assert_eq!(Variation::of(Some(Side::High), Increase), Variation::Improvement);
        assert_eq!(Variation::of(Some(Side::Low), Increase), Variation::Concern);
        assert_eq!(Variation::of(Some(Side::High), Decrease), Variation::Concern);
        assert_eq!(Variation::of(Some(Side::Low), Decrease), Variation::Improvement);
        assert_eq!(Variation::of(Some(Side::Low), Neutral), Variation::Neutral);
        assert_eq!(Variation::of(None, Increase), Variation::CommonCause);
    }
}
