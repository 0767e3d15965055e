//! The council's quartile position and rank in its group, and its gaps.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::quartiles::Quartiles;
use crate::measure::Polarity;

/// Whether `a` is better than `b` by the polarity; for an information-only
/// measure, whether it is higher (ranks and quarters run from the highest).
pub(super) fn better(polarity: Polarity, a: Decimal, b: Decimal) -> bool {
    match polarity {
        Polarity::Lower => a < b,
        Polarity::Higher | Polarity::None => a > b,
    }
}

/// `value` against `boundary`: positive when better (above, for an
/// information-only measure).
pub(super) fn gap(polarity: Polarity, value: Decimal, boundary: Decimal) -> Decimal {
    match polarity {
        Polarity::Lower => boundary - value,
        Polarity::Higher | Polarity::None => value - boundary,
    }
}

/// A quarter of the group: 1 is the best quarter by the measure's polarity
/// (the upper quarter for an information-only measure), 4 the worst (the
/// lower quarter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Quartile(u8);

impl Quartile {
    /// The quarter `value` falls in; on a boundary, the better one.
    pub fn of(polarity: Polarity, value: Decimal, q: &Quartiles) -> Quartile {
        let at_least = |edge: Decimal| !better(polarity, edge, value);
        let (first, second, third) = match polarity {
            Polarity::Lower => (q.lower, q.median, q.upper),
            Polarity::Higher | Polarity::None => (q.upper, q.median, q.lower),
        };
        Quartile(if at_least(first) {
            1
        } else if at_least(second) {
            2
        } else if at_least(third) {
            3
        } else {
            4
        })
    }
    /// 1 to 4.
    pub fn number(self) -> u8 {
        self.0
    }
    /// "top quartile", "second quartile", "third quartile", "bottom
    /// quartile"; for an information-only measure "upper quarter", "upper
    /// middle quarter", "lower middle quarter", "lower quarter".
    pub fn label(self, polarity: Polarity) -> &'static str {
        match (polarity, self.0) {
            (Polarity::None, 1) => "upper quarter",
            (Polarity::None, 2) => "upper middle quarter",
            (Polarity::None, 3) => "lower middle quarter",
            (Polarity::None, _) => "lower quarter",
            (_, 1) => "top quartile",
            (_, 2) => "second quartile",
            (_, 3) => "third quartile",
            (_, _) => "bottom quartile",
        }
    }
}

/// A rank among the areas with a value: 1 is the best; tied areas share
/// the best rank they cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Rank {
    pub position: usize,
    /// How many areas are ranked (those with a value).
    pub of: usize,
    /// How many areas share this rank (1 when not tied).
    pub tied: usize,
}

impl Rank {
    /// "3rd of 21", "joint 3rd of 21"; for an information-only measure
    /// "3rd highest of 21".
    pub fn describe(self, polarity: Polarity) -> String {
        let joint = if self.tied > 1 { "joint " } else { "" };
        let highest = if polarity == Polarity::None { " highest" } else { "" };
        format!("{joint}{}{highest} of {}", ordinal(self.position), self.of)
    }
}

impl fmt::Display for Rank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Polarity::Higher))
    }
}

/// The rank of `value` among `sorted` (ascending, holding it): one more
/// than the number of values better than it. By binary search, so a group
/// of every English council ranks each of its areas quickly.
pub(super) fn rank(polarity: Polarity, value: Decimal, sorted: &[Decimal]) -> Rank {
    let below = sorted.partition_point(|v| *v < value);
    let up_to = sorted.partition_point(|v| *v <= value);
    let ahead = match polarity {
        Polarity::Lower => below,
        Polarity::Higher | Polarity::None => sorted.len() - up_to,
    };
    Rank { position: ahead + 1, of: sorted.len(), tied: (up_to - below).max(1) }
}

/// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
