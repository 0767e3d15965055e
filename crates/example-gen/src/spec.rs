//! What a generated measure is: its definition as the framework file gives
//! it, and the model its figures and targets are drawn from.

use crate::calendar::Frequency;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Percentage,
    Count,
    Days,
    Money,
    /// A rate per this many.
    Rate(u32),
    Score,
    Text,
}

impl Unit {
    pub fn word(self) -> &'static str {
        match self {
            Unit::Percentage => "percentage",
            Unit::Count => "count",
            Unit::Days => "days",
            Unit::Money => "money",
            Unit::Rate(_) => "rate",
            Unit::Score => "score",
            Unit::Text => "text",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    Higher,
    Lower,
    None,
}

impl Polarity {
    pub fn word(self) -> &'static str {
        match self {
            Polarity::Higher => "higher",
            Polarity::Lower => "lower",
            Polarity::None => "none",
        }
    }
}

/// The year-to-date rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ytd {
    Sum,
    Snapshot,
    /// Sum of numerators over sum of denominators, times this scale.
    Ratio(&'static str),
    Rolling12,
    MeanOfRatings,
}

impl Ytd {
    pub fn word(self) -> &'static str {
        match self {
            Ytd::Sum => "sum",
            Ytd::Snapshot => "snapshot",
            Ytd::Ratio(_) => "ratio",
            Ytd::Rolling12 => "rolling-12",
            Ytd::MeanOfRatings => "mean-of-ratings",
        }
    }
}

/// A level that moves year by year, with a seasonal pattern and noise.
///
/// `knots` are the level in the middle of each financial year from
/// 2020/21 to 2026/27 (the level between is drawn straight between them).
/// `season` is the effect of each month, April to March: tenths of a point
/// for a percentage, hundredths for a score, per cent of the level for
/// anything else. `noise` is the standard deviation of the period's noise.
#[derive(Debug, Clone, Copy)]
pub struct Series {
    pub knots: [&'static str; 7],
    pub season: [i16; 12],
    pub noise: &'static str,
    /// Lasting changes: from the month written ("2023-10") on, the level moves by this.
    pub steps: &'static [(&'static str, &'static str)],
    /// One-off changes in the period written ("2022-02").
    pub shocks: &'static [(&'static str, &'static str)],
    pub lo: Option<&'static str>,
    pub hi: Option<&'static str>,
}

pub const FLAT: [i16; 12] = [0; 12];

pub const fn series(knots: [&'static str; 7], season: [i16; 12], noise: &'static str) -> Series {
    Series { knots, season, noise, steps: &[], shocks: &[], lo: None, hi: None }
}

/// A volume (calls offered, lets, applications): the denominator of a
/// fraction, or a count in its own right. Measures that name the same key
/// share the same draws, so "complaints received" is the denominator of
/// "complaints answered in time".
#[derive(Debug)]
pub struct Volume {
    pub key: &'static str,
    /// Per period of the measure's frequency, in the middle of each financial year.
    pub knots: [&'static str; 7],
    /// Per cent of the level, April to March.
    pub season: [i16; 12],
    /// Standard deviation of the noise, per cent of the level.
    pub noise_pct: u32,
}

#[derive(Debug, Clone, Copy)]
pub enum Model {
    /// The period's own figure (a count, an amount, a snapshot).
    Value(Series),
    /// A volume reported as a count.
    Volume(&'static Volume),
    /// numerator = volume x rate / scale, rounded to a whole number; the value is left to outturn.
    Fraction { rate: Series, volume: &'static Volume },
    /// A figure that climbs through the year to a year-end level: council
    /// tax collected by month. `profile` is the share of the year-end figure
    /// reached by the end of each month, April to March, in per cent.
    Collection { finals: [&'static str; 7], profile: [&'static str; 12], noise: &'static str },
    /// Ratings of +1, 0 or -1: numerator = positives minus negatives, denominator = ratings.
    Ratings { score: Series, volume: &'static Volume },
    /// A text-only update: sentences drawn from these.
    Text(&'static [&'static str]),
}

/// How a measure's annual target is set.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// Information only: no target.
    None,
    /// The same every year (a threshold).
    Fixed(&'static str),
    /// Set each year, 2020/21 to 2026/27 ("" for a year the measure is not reported).
    Years([&'static str; 7]),
    /// The year before's outturn, improved by `tenths` tenths of a per cent
    /// (in the measure's good direction), rounded to `step`; the first year
    /// from the first knot.
    Stretch { tenths: i64, step: &'static str },
}

/// Words for commentary on a measure's results.
#[derive(Debug)]
pub struct Topic {
    pub adverse: &'static [&'static str],
    pub favourable: &'static [&'static str],
    pub actions: &'static [&'static str],
    /// The reason given in April to September 2020.
    pub covid: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub code: &'static str,
    pub title: &'static str,
    pub definition: &'static str,
    /// The owning business unit's key now.
    pub owner: &'static str,
    /// The business unit that owned it before the restructure of 1 April 2023.
    pub former_owner: Option<&'static str>,
    pub aligned: &'static [&'static str],
    pub tags: &'static [&'static str],
    pub unit: Unit,
    pub decimals: u32,
    pub polarity: Polarity,
    pub frequency: Frequency,
    pub ytd: Ytd,
    /// The status rule as TOML; the council's default when None.
    pub status: Option<&'static str>,
    /// The first financial year reported (index from 2020/21; -1 for 2019/20).
    pub first_year: i32,
    /// Whether `first_year` is written as the measure's active_from.
    pub new_measure: bool,
    /// The first financial year no longer reported, and why.
    pub retired: Option<(usize, &'static str)>,
    pub model: Model,
    pub target: Target,
    pub topic: &'static Topic,
    /// Per cent of the usual level in each month of 2020/21 (Covid-19 closures).
    pub covid: Option<[u8; 12]>,
}

impl Measure {
    /// Whether results for financial year `y` are reported.
    pub fn reports_in(&self, y: i32) -> bool {
        y >= self.first_year && self.retired.is_none_or(|(r, _)| y < r as i32)
    }

    pub fn scale(&self) -> &'static str {
        match self.ytd {
            Ytd::Ratio(scale) => scale,
            _ => "1",
        }
    }
}

/// A measure with the fields most measures share; the rest by struct update.
#[allow(clippy::too_many_arguments)]
pub const fn measure(
    code: &'static str,
    title: &'static str,
    definition: &'static str,
    owner: &'static str,
    unit: Unit,
    polarity: Polarity,
    frequency: Frequency,
    ytd: Ytd,
    model: Model,
    target: Target,
    topic: &'static Topic,
) -> Measure {
    let decimals = match unit {
        Unit::Money => 2,
        Unit::Count => 0,
        Unit::Score => 2,
        _ => 1,
    };
    Measure {
        code,
        title,
        definition,
        owner,
        former_owner: None,
        aligned: &[],
        tags: &[],
        unit,
        decimals,
        polarity,
        frequency,
        ytd,
        status: None,
        first_year: 0,
        new_measure: false,
        retired: None,
        model,
        target,
        topic,
        covid: None,
    }
}
