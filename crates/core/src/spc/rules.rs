//! The four special cause rules of Making Data Count, each found per point
//! within one segment, against that segment's limits.
//!
//! A missing period breaks every run: it is neither above nor below the
//! mean, neither beyond a line nor within it, and neither rises nor falls,
//! so a shift, a trend or a two-of-three window never spans a gap. This is
//! how MDC's SQL tool treats a period with no value (its shift step flags a
//! point above or below the mean only when the value is); it never bridges
//! missing data with evidence the data do not give.

use rust_decimal::Decimal;
use serde::Serialize;

use super::limits::Limits;
use super::settings::Settings;

/// A special cause rule a point can meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Above the upper or below the lower process limit.
    OutsideLimits,
    /// Part of a run of points all above, or all below, the mean.
    Shift,
    /// Part of a run of points each strictly higher, or each strictly lower,
    /// than the one before.
    Trend,
    /// Beyond a two-sigma line, with another of three consecutive points
    /// beyond the same line and all three on that side of the mean.
    TwoOfThree,
}

impl Rule {
    pub const ALL: [Rule; 4] = [Rule::OutsideLimits, Rule::Shift, Rule::Trend, Rule::TwoOfThree];

    pub fn code(self) -> &'static str {
        match self {
            Rule::OutsideLimits => "outside-limits",
            Rule::Shift => "shift",
            Rule::Trend => "trend",
            Rule::TwoOfThree => "two-of-three",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Rule::OutsideLimits => "Outside the limits",
            Rule::Shift => "Shift",
            Rule::Trend => "Trend",
            Rule::TwoOfThree => "Two of three",
        }
    }
    /// A sentence for accessible text.
    pub fn description(self) -> &'static str {
        match self {
            Rule::OutsideLimits => "A point above the upper or below the lower process limit",
            Rule::Shift => "A shift: a run of points all above or all below the mean",
            Rule::Trend => "A trend: a run of points each higher, or each lower, than the one before",
            Rule::TwoOfThree => {
                "Two of three points in a row beyond the same two-sigma line, all three on that side of the mean"
            }
        }
    }
}

/// Which way a signal points: above or below the mean, rising or falling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    High,
    Low,
}

impl Side {
    /// Above or below `line`; `None` exactly on it.
    fn of(value: Decimal, line: Decimal) -> Option<Side> {
        match value.cmp(&line) {
            std::cmp::Ordering::Greater => Some(Side::High),
            std::cmp::Ordering::Less => Some(Side::Low),
            std::cmp::Ordering::Equal => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Side::High => "high",
            Side::Low => "low",
        }
    }
}

/// The side each rule found a point on, if the rule flagged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Signals {
    pub outside_limits: Option<Side>,
    pub shift: Option<Side>,
    /// A point that ends one trend and starts the next (a peak or a trough)
    /// takes the direction of the later trend, as NHSRplotthedots does.
    pub trend: Option<Side>,
    pub two_of_three: Option<Side>,
}

impl Signals {
    /// The rules met, in [`Rule::ALL`] order.
    pub fn rules(&self) -> Vec<Rule> {
        Rule::ALL.into_iter().filter(|r| self.side_of(*r).is_some()).collect()
    }
    pub fn side_of(&self, rule: Rule) -> Option<Side> {
        match rule {
            Rule::OutsideLimits => self.outside_limits,
            Rule::Shift => self.shift,
            Rule::Trend => self.trend,
            Rule::TwoOfThree => self.two_of_three,
        }
    }
    /// The side the point's signal counts for. When its rules point both
    /// ways (the end of a high shift that starts a falling trend), the
    /// strongest rule decides, in NHSRplotthedots' order: outside the
    /// limits, then trend, then two of three, then shift
    /// (`ptd_special_cause_type` in R/ptd_calculate_point_type.R).
    pub fn side(&self) -> Option<Side> {
        self.outside_limits.or(self.trend).or(self.two_of_three).or(self.shift)
    }
}

/// Every rule, for each period of one segment.
pub(super) fn detect(values: &[Option<Decimal>], limits: &Limits, settings: &Settings) -> Vec<Signals> {
    let sides: Vec<Option<Side>> = values.iter().map(|v| v.and_then(|v| Side::of(v, limits.mean))).collect();
    let shift = runs(&sides, settings.shift_length);
    let trend = trends(values, settings.trend_length);
    let two_of_three = two_of_three(values, &sides, limits, settings.two_of_three_counts_beyond_limits);
    (0..values.len())
        .map(|i| Signals {
            outside_limits: values[i].and_then(|v| outside(v, limits)),
            shift: shift[i],
            trend: trend[i],
            two_of_three: two_of_three[i],
        })
        .collect()
}

fn outside(value: Decimal, limits: &Limits) -> Option<Side> {
    if value > limits.upper_limit {
        Some(Side::High)
    } else if value < limits.lower_limit {
        Some(Side::Low)
    } else {
        None
    }
}

/// Marks every member of each run of at least `length` equal sides in a
/// row. A `None` (on the mean, or a gap) ends a run and starts none.
fn runs(sides: &[Option<Side>], length: usize) -> Vec<Option<Side>> {
    let mut marked = vec![None; sides.len()];
    let mut start = 0;
    while start < sides.len() {
        let Some(side) = sides[start] else {
            start += 1;
            continue;
        };
        let end = (start..sides.len()).find(|&i| sides[i] != Some(side)).unwrap_or(sides.len());
        if end - start >= length {
            marked[start..end].fill(Some(side));
        }
        start = end;
    }
    marked
}

/// Runs of at least `length` points, counting both ends, each strictly
/// above (or below) the one before. An equal pair or a gap ends a run.
fn trends(values: &[Option<Decimal>], length: usize) -> Vec<Option<Side>> {
    // steps[i]: how period i moved from period i − 1.
    let steps: Vec<Option<Side>> = (0..values.len())
        .map(|i| match (i.checked_sub(1).and_then(|b| values[b]), values[i]) {
            (Some(before), Some(now)) => Side::of(now, before),
            _ => None,
        })
        .collect();
    let mut marked = vec![None; values.len()];
    let mut start = 0;
    while start < steps.len() {
        let Some(side) = steps[start] else {
            start += 1;
            continue;
        };
        let end = (start..steps.len()).find(|&i| steps[i] != Some(side)).unwrap_or(steps.len());
        // Steps start..end join points start − 1 ..= end − 1.
        if end - start + 1 >= length {
            // Later runs overwrite the shared end point of an earlier one.
            marked[start - 1..end].fill(Some(side));
        }
        start = end;
    }
    marked
}

/// Two or three of three consecutive periods beyond the same two-sigma line,
/// all three on that side of the mean: the points beyond the line are
/// flagged (the third, nearer the mean, is not), as in NHSRplotthedots and
/// MDC's SQL tool.
fn two_of_three(
    values: &[Option<Decimal>],
    sides: &[Option<Side>],
    limits: &Limits,
    counts_beyond_limits: bool,
) -> Vec<Option<Side>> {
    let beyond: Vec<Option<Side>> = values
        .iter()
        .map(|v| {
            let v = (*v)?;
            let side = if v > limits.upper_two_sigma {
                Side::High
            } else if v < limits.lower_two_sigma {
                Side::Low
            } else {
                return None;
            };
            (counts_beyond_limits || outside(v, limits).is_none()).then_some(side)
        })
        .collect();
    let mut marked = vec![None; values.len()];
    for start in 0..values.len().saturating_sub(2) {
        let window = start..start + 3;
        for side in [Side::High, Side::Low] {
            let same_side = window.clone().all(|i| sides[i] == Some(side));
            let count = window.clone().filter(|&i| beyond[i] == Some(side)).count();
            if same_side && count >= 2 {
                for i in window.clone().filter(|&i| beyond[i] == Some(side)) {
                    marked[i] = Some(side);
                }
            }
        }
    }
    marked
}

#[cfg(test)]
mod tests {
    //! The run patterns of NHSRplotthedots' unit tests
    //! (tests/testthat/test-ptd_calculate_point_type.R), as flags per point.
    use super::*;
    use Side::{High as H, Low as L};
    use rust_decimal_macros::dec;

    fn ints(values: &[i64]) -> Vec<Option<Decimal>> {
        values.iter().map(|v| Some(Decimal::from(*v))).collect()
    }

    #[test]
    fn eight_on_one_side_then_one_across_marks_the_eight() {
        // ptd_seven_point_one_side_mean(c(rep(1, 8), -1)) marks a run of 7
        // ending at points 7 and 8; ptd_part_of_seven_trend spreads it to all 8.
        let sides = [Some(H); 8].into_iter().chain([Some(L)]).collect::<Vec<_>>();
        assert_eq!(runs(&sides, 7), [vec![Some(H); 8], vec![None]].concat());
        // Six is not a shift of 7 …
        assert_eq!(runs(&sides[..6], 7), vec![None; 6]);
        // … but is a shift of 6.
        assert_eq!(runs(&sides[..6], 6), vec![Some(H); 6]);
    }

    #[test]
    fn a_point_on_the_mean_or_a_gap_breaks_a_shift() {
        let mut sides = vec![Some(H); 8];
        sides[3] = None;
        assert_eq!(runs(&sides, 7), vec![None; 8]);
        assert_eq!(runs(&sides, 4), [vec![None; 4], vec![Some(H); 4]].concat());
    }

    #[test]
    fn seven_rising_points_are_a_trend_and_a_tie_breaks_one() {
        // ptd_seven_point_trend(1:7) flags the 7th; all seven are part of it.
        assert_eq!(trends(&ints(&[1, 2, 3, 4, 5, 6, 7]), 7), vec![Some(H); 7]);
        assert_eq!(trends(&ints(&[1, 2, 3, 4, 5, 6]), 7), vec![None; 6]);
        assert_eq!(trends(&ints(&[1, 2, 3, 4, 5, 6]), 6), vec![Some(H); 6]);
        // c(1:3, 3:6): the repeated 3 breaks it.
        assert_eq!(trends(&ints(&[1, 2, 3, 3, 4, 5, 6]), 7), vec![None; 7]);
        // c(2, 1:7, 3): the points 1..7 only.
        let t = trends(&ints(&[2, 1, 2, 3, 4, 5, 6, 7, 3]), 7);
        assert_eq!(t, [vec![None], vec![Some(H); 7], vec![None]].concat());
        // c(2, 7:1, 3): falling.
        let t = trends(&ints(&[2, 7, 6, 5, 4, 3, 2, 1, 3]), 7);
        assert_eq!(t, [vec![None], vec![Some(L); 7], vec![None]].concat());
    }

    #[test]
    fn a_gap_breaks_a_trend() {
        let mut values = ints(&[1, 2, 3, 4, 5, 6, 7, 8]);
        values[4] = None;
        assert_eq!(trends(&values, 7), vec![None; 8]);
    }

    #[test]
    fn a_peak_between_two_trends_takes_the_later_one() {
        let t = trends(&ints(&[1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]), 7);
        assert_eq!(t, [vec![Some(H); 6], vec![Some(L); 7]].concat());
    }

    fn limits(mean: Decimal, two: Decimal, three: Decimal) -> Limits {
        Limits {
            mean,
            mean_moving_range: Decimal::ZERO,
            lower_limit: mean - three,
            upper_limit: mean + three,
            lower_two_sigma: mean - two,
            upper_two_sigma: mean + two,
            trial: false,
            screened: false,
            excluded_moving_ranges: 0,
            baseline_values: 0,
        }
    }

    #[test]
    fn two_of_three_flags_the_points_beyond_the_line_on_one_side() {
        // Mean 0, two sigma at ±2, limits at ±3. ptd_two_in_three patterns
        // c(1, 0, 1), c(0, 1, 1), c(1, 1, 0), all above the mean.
        let l = limits(dec!(0), dec!(2), dec!(3));
        for values in [[25, 10, 25], [10, 25, 25], [25, 25, 10]] {
            let values: Vec<_> = values.iter().map(|v| Some(Decimal::new(*v, 1))).collect();
            let sides: Vec<_> = values.iter().map(|v| Side::of(v.unwrap(), l.mean)).collect();
            let marked = two_of_three(&values, &sides, &l, true);
            let expected: Vec<_> = values.iter().map(|v| (v.unwrap() > dec!(2)).then_some(H)).collect();
            assert_eq!(marked, expected);
        }
    }

    #[test]
    fn two_of_three_needs_all_three_on_the_same_side_of_the_mean() {
        // NHSRplotthedots issue #143: 2.5, −1, 2.5 is no signal.
        let l = limits(dec!(0), dec!(2), dec!(3));
        let values = vec![Some(dec!(2.5)), Some(dec!(-1)), Some(dec!(2.5))];
        let sides: Vec<_> = values.iter().map(|v| Side::of(v.unwrap(), l.mean)).collect();
        assert_eq!(two_of_three(&values, &sides, &l, true), vec![None; 3]);
    }

    #[test]
    fn a_point_beyond_the_limit_counts_for_two_of_three_only_when_set() {
        let l = limits(dec!(0), dec!(2), dec!(3));
        let values = vec![Some(dec!(1)), Some(dec!(2.5)), Some(dec!(3.5))];
        let sides: Vec<_> = values.iter().map(|v| Side::of(v.unwrap(), l.mean)).collect();
        assert_eq!(two_of_three(&values, &sides, &l, true), vec![None, Some(H), Some(H)]);
        assert_eq!(two_of_three(&values, &sides, &l, false), vec![None; 3]);
    }

    #[test]
    fn the_strongest_rule_decides_a_clash() {
        let s = Signals { shift: Some(H), trend: Some(L), ..Signals::default() };
        assert_eq!(s.side(), Some(L));
        assert_eq!(s.rules(), vec![Rule::Shift, Rule::Trend]);
        let s = Signals { outside_limits: Some(H), trend: Some(L), two_of_three: Some(L), shift: Some(L) };
        assert_eq!(s.side(), Some(H));
        let s = Signals { two_of_three: Some(L), shift: Some(H), ..Signals::default() };
        assert_eq!(s.side(), Some(L));
        assert_eq!(Signals::default().side(), None);
    }
}
