//! Benchmarking: where a council's figure for one metric and period stands
//! in a comparison group of other councils (its quartile, its rank, the
//! group's median and the gaps to it and to the top quartile), and which
//! way it and the group's median moved since the same period last year.
//!
//! Give [`benchmark`] the council's area code, the group's area codes as
//! listed, the measure's [`Polarity`] and each area's figure this year and
//! last year (`None` where the comparator data has no value). It returns a
//! [`Benchmark`]. The rules, each stated where a reader sees the result:
//!
//! - **Quartiles** by linear interpolation between order statistics:
//!   definition 7 of Hyndman and Fan, "Sample quantiles in statistical
//!   packages", *The American Statistician* 50(4), 1996, pp. 361–365 (R's
//!   default `quantile(type = 7)`, Excel's `QUARTILE.INC`). With the n
//!   values sorted, x₁ ≤ … ≤ xₙ, the p quantile is at h = (n − 1)p + 1:
//!   x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋). See [`quantile`] and [`QUANTILE_METHOD`].
//! - **Inclusion.** The council is counted in its group, once, whether the
//!   group lists it or not (LG Inform compares the selected area within its
//!   comparison group the same way); an area listed twice is counted once.
//! - **Missing values.** Areas with no value are left out (never read as
//!   zero): everything is computed over the areas with a value, and
//!   [`Benchmark::compared`] and [`Benchmark::missing`] say how many.
//! - **Quartile position** 1 is the best quarter by the measure's polarity
//!   and 4 the worst; a value exactly on a boundary is placed in the better
//!   quarter (the top quartile is "at or above the upper quartile" when
//!   higher is better, "at or below the lower quartile" when lower is
//!   better). For an information-only measure ([`Polarity::None`]) 1 is the
//!   upper quarter (highest values) and 4 the lower, with no better or worse.
//! - **Rank** 1 is the best (the highest value, or the lowest when lower is
//!   better; the highest for an information-only measure) out of the areas
//!   with a value; tied values share the best rank they cover, and the next
//!   rank skips (1, 2, 2, 4): "joint 2nd of 21".
//! - **Gaps** are signed, positive when the council is better than the
//!   median or the top-quartile boundary (the upper quartile when higher
//!   is better, the lower quartile when lower is better); for an
//!   information-only measure, positive when above (the top boundary is
//!   then the upper quartile).
//! - **Direction of travel** compares the council's figure, and the group's
//!   median (each year's over the areas with a value that year), with the
//!   same period last year ([`Travel`]).
//!
//! Pure computation in `Decimal`: nothing is rounded (callers round for
//! display), and a figure beyond [`LARGEST_FIGURE`] is an error, never a
//! panic. `docs/benchmarking.md` says the same for readers.

mod position;
mod quartiles;
mod travel;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::measure::Polarity;
use crate::result::LARGEST_FIGURE;

pub use position::{Quartile, Rank, ordinal};
pub use quartiles::{QUANTILE_METHOD, QUANTILE_METHOD_CODE, Quartiles, quantile};
pub use travel::Travel;

/// Why a comparison cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BenchmarkError {
    #[error("{area}'s figure {value} is too large: figures are at most 999,999,999,999 either side of zero")]
    TooLarge { area: String, value: Decimal },
}

/// One area of the group and its figure (`None`: no value in the data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaFigure {
    pub area: String,
    pub value: Option<Decimal>,
    /// The area's rank among those with a value (`None` without one).
    pub rank: Option<usize>,
    /// This area is the council's own.
    pub council: bool,
}

/// The council's place in its group, when it has a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    pub value: Decimal,
    pub quartile: Quartile,
    pub rank: Rank,
    /// Signed: positive when better than the median (above it, for an
    /// information-only measure).
    pub gap_to_median: Decimal,
    /// Signed: positive when better than the top-quartile boundary
    /// ([`Quartiles::top_boundary`]).
    pub gap_to_top_quartile: Decimal,
}

/// The same period last year, for the direction of travel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastYear {
    pub council: Option<Decimal>,
    /// The group's median last year, over the areas with a value then.
    pub median: Option<Decimal>,
    /// How many of the group's areas had a value last year.
    pub compared: usize,
}

/// Where the council stands in one comparison group for one metric and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Benchmark {
    /// [`QUANTILE_METHOD_CODE`]: how the quartiles were computed.
    pub method: &'static str,
    pub polarity: Polarity,
    /// How many areas the group holds, the council counted once.
    pub listed: usize,
    /// How many of them have a value: everything is computed over these.
    pub compared: usize,
    /// The areas with no value, in the order listed (the council first).
    pub missing: Vec<String>,
    /// The group's quartiles; `None` when no area has a value.
    pub quartiles: Option<Quartiles>,
    /// The council's place; `None` when it has no value.
    pub position: Option<Position>,
    pub last_year: LastYear,
    /// The council's figure against the same period last year.
    pub council_travel: Travel,
    /// The group's median against the same period last year.
    pub median_travel: Travel,
    /// Every area, best first (highest first for an information-only
    /// measure; tied areas in the order listed), then those with no value:
    /// for a chart of the council within its group.
    pub areas: Vec<AreaFigure>,
}

impl Benchmark {
    /// The areas with no value: `listed - compared`.
    pub fn missing_count(&self) -> usize {
        self.missing.len()
    }
    /// The median of the group, when any area has a value.
    pub fn median(&self) -> Option<Decimal> {
        self.quartiles.map(|q| q.median)
    }
}

/// The council's area and the group's areas as listed, the council first
/// and each area once.
pub fn members<'a>(council: &'a str, group: &'a [impl AsRef<str>]) -> Vec<&'a str> {
    let mut areas = vec![council];
    for area in group.iter().map(AsRef::as_ref) {
        if !areas.contains(&area) {
            areas.push(area);
        }
    }
    areas
}

/// Compares the council with its group for one metric and period (see the
/// module's documentation for every rule). `now` and `last_year` give an
/// area's figure for the period and for the same period a year before,
/// `None` where the data has no value.
pub fn benchmark(
    council: &str,
    group: &[impl AsRef<str>],
    polarity: Polarity,
    now: impl Fn(&str) -> Option<Decimal>,
    last_year: impl Fn(&str) -> Option<Decimal>,
) -> Result<Benchmark, BenchmarkError> {
    let areas = members(council, group);
    let figures = checked(&areas, &now)?;
    let before = checked(&areas, &last_year)?;

    let mut values: Vec<Decimal> = figures.iter().filter_map(|(_, v)| *v).collect();
    values.sort_unstable();
    let quartiles = Quartiles::of(&values);
    let better = |a: Decimal, b: Decimal| position::better(polarity, a, b);
    let rank_of = |v: Decimal| position::rank(polarity, v, &values);

    let position = match (figures[0].1, quartiles) {
        (Some(value), Some(q)) => Some(Position {
            value,
            quartile: Quartile::of(polarity, value, &q),
            rank: rank_of(value),
            gap_to_median: position::gap(polarity, value, q.median),
            gap_to_top_quartile: position::gap(polarity, value, q.top_boundary(polarity)),
        }),
        _ => None,
    };

    let before_values: Vec<Decimal> = before.iter().filter_map(|(_, v)| *v).collect();
    let last = LastYear {
        council: before[0].1,
        median: Quartiles::of(&before_values).map(|q| q.median),
        compared: before_values.len(),
    };
    let council_travel = Travel::between(polarity, figures[0].1, last.council);
    let median_travel = Travel::between(polarity, quartiles.map(|q| q.median), last.median);

    let mut ranked: Vec<AreaFigure> = figures
        .iter()
        .enumerate()
        .map(|(i, (area, value))| AreaFigure {
            area: area.to_string(),
            value: *value,
            rank: value.map(|v| rank_of(v).position),
            council: i == 0,
        })
        .collect();
    // Stable: tied areas, and areas with no value, stay in the order listed.
    ranked.sort_by(|a, b| match (a.value, b.value) {
        (Some(x), Some(y)) if better(x, y) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) if better(y, x) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        _ => std::cmp::Ordering::Equal,
    });

    Ok(Benchmark {
        method: QUANTILE_METHOD_CODE,
        polarity,
        listed: areas.len(),
        compared: values.len(),
        missing: figures.iter().filter(|(_, v)| v.is_none()).map(|(a, _)| a.to_string()).collect(),
        quartiles,
        position,
        last_year: last,
        council_travel,
        median_travel,
        areas: ranked,
    })
}

/// Each area's figure, refusing one too large to compare exactly.
fn checked<'a>(
    areas: &[&'a str],
    figure: &impl Fn(&str) -> Option<Decimal>,
) -> Result<Vec<(&'a str, Option<Decimal>)>, BenchmarkError> {
    areas
        .iter()
        .map(|area| match figure(area) {
            Some(value) if value.abs() > LARGEST_FIGURE => {
                Err(BenchmarkError::TooLarge { area: area.to_string(), value })
            }
            value => Ok((*area, value)),
        })
        .collect()
}
