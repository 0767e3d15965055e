//! Direction of travel against the same period last year, for the council's
//! figure and for its group's median, in LG Inform's words: improving,
//! worsening or no change by the measure's polarity; increasing, decreasing
//! or no change without one (LG Inform Plus's "Metric value types",
//! http://help.esd.org.uk/node/821).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::measure::Polarity;

/// A figure against the same period last year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Travel {
    /// Moved the better way by the measure's polarity.
    Improved,
    /// Moved the worse way.
    Worsened,
    /// The same figure.
    NoChange,
    /// Up, for an information-only measure (neither better nor worse).
    Increased,
    /// Down, for an information-only measure.
    Decreased,
    /// No figure for one of the two years.
    NotComparable,
}

impl Travel {
    pub fn between(polarity: Polarity, now: Option<Decimal>, before: Option<Decimal>) -> Travel {
        let (Some(now), Some(before)) = (now, before) else { return Travel::NotComparable };
        if now == before {
            return Travel::NoChange;
        }
        match polarity {
            Polarity::Higher if now > before => Travel::Improved,
            Polarity::Lower if now < before => Travel::Improved,
            Polarity::Higher | Polarity::Lower => Travel::Worsened,
            Polarity::None if now > before => Travel::Increased,
            Polarity::None => Travel::Decreased,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Travel::Improved => "improved",
            Travel::Worsened => "worsened",
            Travel::NoChange => "no-change",
            Travel::Increased => "increased",
            Travel::Decreased => "decreased",
            Travel::NotComparable => "not-comparable",
        }
    }
    /// In words: "Improved", "No change", "No figure to compare".
    pub fn label(self) -> &'static str {
        match self {
            Travel::Improved => "Improved",
            Travel::Worsened => "Worsened",
            Travel::NoChange => "No change",
            Travel::Increased => "Increased",
            Travel::Decreased => "Decreased",
            Travel::NotComparable => "No figure to compare",
        }
    }
}
