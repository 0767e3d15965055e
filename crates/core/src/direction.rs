//! Direction of travel: better, worse or the same as a comparison figure,
//! judged by the measure's polarity.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::measure::Polarity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Improving,
    Worsening,
    Unchanged,
    /// No figure to compare with, or no polarity to say which way is better.
    NotComparable,
}

impl Direction {
    pub fn between(polarity: Polarity, now: Option<Decimal>, before: Option<Decimal>) -> Direction {
        let (Some(now), Some(before)) = (now, before) else { return Direction::NotComparable };
        let better = match polarity {
            Polarity::Higher => now > before,
            Polarity::Lower => now < before,
            Polarity::None => return Direction::NotComparable,
        };
        if now == before {
            Direction::Unchanged
        } else if better {
            Direction::Improving
        } else {
            Direction::Worsening
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Direction::Improving => "improving",
            Direction::Worsening => "worsening",
            Direction::Unchanged => "unchanged",
            Direction::NotComparable => "not-comparable",
        }
    }
    /// Words and an arrow for a reader.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Improving => "Improving",
            Direction::Worsening => "Worsening",
            Direction::Unchanged => "Unchanged",
            Direction::NotComparable => "Not comparable",
        }
    }
}
