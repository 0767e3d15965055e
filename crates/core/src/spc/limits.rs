//! The mean and the process limits of one segment: mean ± 2.66 × the mean
//! moving range, the XmR chart's three-sigma lines, and the two-sigma lines
//! at two thirds of that distance.

use rust_decimal::Decimal;
use serde::Serialize;

use super::settings::Settings;

/// Below this many values, limits are trial limits: MDC's SQL tool draws an
/// SPC chart from 13 points (v2.6), and NHSRplotthedots warns below 12.
pub const STABLE_LIMIT_VALUES: usize = 13;

/// 2.66 = 3 / d2 for moving ranges of two points (d2 = 1.128): three sigma.
const SCALE: Decimal = Decimal::from_parts(266, 0, 0, false, 2);
/// 5.32 = 2 × 2.66, over 3 below: two sigma is two thirds of three.
const TWO_SIGMA_SCALE: Decimal = Decimal::from_parts(532, 0, 0, false, 2);
/// 3.267 = D4 for ranges of two points: moving ranges at or above this
/// multiple of their mean are screened out.
const SCREEN: Decimal = Decimal::from_parts(3267, 0, 0, false, 3);

/// One segment's centre line and limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Limits {
    pub mean: Decimal,
    pub mean_moving_range: Decimal,
    pub lower_limit: Decimal,
    pub upper_limit: Decimal,
    pub lower_two_sigma: Decimal,
    pub upper_two_sigma: Decimal,
    /// Computed from fewer than [`STABLE_LIMIT_VALUES`] values: they will
    /// move as values arrive, so read signals against them with care.
    pub trial: bool,
    /// Moving-range screening was applied ([`Settings::screen_moving_ranges`]).
    pub screened: bool,
    /// How many moving ranges screening left out.
    pub excluded_moving_ranges: usize,
    /// How many values the limits rest on: every present value of the
    /// segment, or its first `n` when the baseline is fixed.
    pub baseline_values: usize,
}

/// Why a segment has no limits; the chart says which segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shortfall {
    TooFewValues(usize),
    NoMovingRange,
    TooLarge,
}

/// The moving range of each period: the distance from the period before.
/// `None` for the first period and wherever either period is missing: a
/// moving range is never taken across a gap, and a gap is never a zero.
/// (Also `None` for a distance beyond `Decimal`'s range, which
/// [`crate::spc::analyse`] refuses.)
pub fn moving_ranges(values: &[Option<Decimal>]) -> Vec<Option<Decimal>> {
    checked_moving_ranges(values).unwrap_or_else(|_| values.iter().map(|_| None).collect())
}

/// [`moving_ranges`], refusing a distance too large to represent rather
/// than leaving it out.
pub(super) fn checked_moving_ranges(values: &[Option<Decimal>]) -> Result<Vec<Option<Decimal>>, Shortfall> {
    let mut ranges = Vec::with_capacity(values.len());
    ranges.extend(values.first().map(|_| None));
    for pair in values.windows(2) {
        ranges.push(match pair {
            [Some(before), Some(now)] => Some(now.checked_sub(*before).ok_or(Shortfall::TooLarge)?.abs()),
            _ => None,
        });
    }
    Ok(ranges)
}

impl Limits {
    /// The limits of one segment's values (in period order, gaps as `None`).
    pub(super) fn of(values: &[Option<Decimal>], settings: &Settings) -> Result<Limits, Shortfall> {
        let present = values.iter().filter(|v| v.is_some()).count();
        if present < 2 {
            return Err(Shortfall::TooFewValues(present));
        }
        let baseline = baseline(values, settings.fixed_baseline);
        let observed: Vec<Decimal> = baseline.iter().flatten().copied().collect();
        let mut ranges: Vec<Decimal> = checked_moving_ranges(baseline)?.into_iter().flatten().collect();
        if ranges.is_empty() {
            return Err(Shortfall::NoMovingRange);
        }
        let mut excluded_moving_ranges = 0;
        if settings.screen_moving_ranges {
            excluded_moving_ranges = screen(&mut ranges)?;
        }
        let sum = total(&observed)?;
        let range_sum = total(&ranges)?;
        let n = Decimal::from(observed.len());
        let k = Decimal::from(ranges.len());
        // One division each, from the sums, so nothing is rounded twice.
        let mean = sum.checked_div(n).ok_or(Shortfall::TooLarge)?;
        let mean_moving_range = range_sum.checked_div(k).ok_or(Shortfall::TooLarge)?;
        let spread = SCALE.checked_mul(range_sum).and_then(|s| s.checked_div(k)).ok_or(Shortfall::TooLarge)?;
        // Two thirds of 2.66 does not terminate, so divide once, at the end.
        let two_sigma = TWO_SIGMA_SCALE
            .checked_mul(range_sum)
            .and_then(|s| s.checked_div(k * Decimal::from(3)))
            .ok_or(Shortfall::TooLarge)?;
        let line = |d: Option<Decimal>| d.map(|d| d.normalize()).ok_or(Shortfall::TooLarge);
        Ok(Limits {
            mean: mean.normalize(),
            mean_moving_range: mean_moving_range.normalize(),
            lower_limit: line(mean.checked_sub(spread))?,
            upper_limit: line(mean.checked_add(spread))?,
            lower_two_sigma: line(mean.checked_sub(two_sigma))?,
            upper_two_sigma: line(mean.checked_add(two_sigma))?,
            trial: observed.len() < STABLE_LIMIT_VALUES,
            screened: settings.screen_moving_ranges,
            excluded_moving_ranges,
            baseline_values: observed.len(),
        })
    }
}

/// The periods the limits rest on: up to and including the `n`th present
/// value when the baseline is fixed, otherwise the whole segment.
fn baseline(values: &[Option<Decimal>], fixed: Option<usize>) -> &[Option<Decimal>] {
    let Some(n) = fixed else { return values };
    let end = values.iter().enumerate().filter(|(_, v)| v.is_some()).nth(n.saturating_sub(1)).map(|(i, _)| i + 1);
    &values[..end.unwrap_or(values.len())]
}

/// Leaves out the moving ranges at or above 3.267 times their mean, once,
/// and says how many went. Compared as `range × count ≥ 3.267 × sum`, so no
/// rounded mean decides a borderline range. When every range is zero there
/// is nothing unusual to leave out.
fn screen(ranges: &mut Vec<Decimal>) -> Result<usize, Shortfall> {
    let sum = total(ranges)?;
    if sum.is_zero() {
        return Ok(0);
    }
    let count = Decimal::from(ranges.len());
    let bar = SCREEN.checked_mul(sum).ok_or(Shortfall::TooLarge)?;
    let before = ranges.len();
    let mut overflow = false;
    ranges.retain(|r| match r.checked_mul(count) {
        Some(scaled) => scaled < bar,
        None => {
            overflow = true;
            false
        }
    });
    if overflow {
        return Err(Shortfall::TooLarge);
    }
    Ok(before - ranges.len())
}

fn total(values: &[Decimal]) -> Result<Decimal, Shortfall> {
    values.iter().try_fold(Decimal::ZERO, |sum, v| sum.checked_add(*v)).ok_or(Shortfall::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn some(values: &[i64]) -> Vec<Option<Decimal>> {
        values.iter().map(|v| Some(Decimal::from(*v))).collect()
    }

    #[test]
    fn a_gap_has_no_moving_range_and_neither_has_the_point_after_it() {
        let values = vec![Some(dec!(3)), Some(dec!(5)), None, Some(dec!(4)), Some(dec!(1))];
        assert_eq!(moving_ranges(&values), vec![None, Some(dec!(2)), None, None, Some(dec!(3))]);
        assert_eq!(moving_ranges(&[]), vec![]);
    }

    #[test]
    fn one_to_ten_has_mean_5_5_and_limits_2_66_either_side() {
        let l = Limits::of(&some(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), &Settings::default()).unwrap();
        assert_eq!(l.mean, dec!(5.5));
        assert_eq!(l.mean_moving_range, dec!(1));
        assert_eq!(l.lower_limit, dec!(2.84));
        assert_eq!(l.upper_limit, dec!(8.16));
        // 5.5 ± 5.32 / 3, to 28 significant digits.
        assert_eq!(l.lower_two_sigma, dec!(3.7266666666666666666666666667));
        assert_eq!(l.upper_two_sigma, dec!(7.2733333333333333333333333333));
        assert!(l.trial);
        assert_eq!(l.baseline_values, 10);
    }

    #[test]
    fn screening_leaves_out_ranges_at_or_above_3_267_times_the_mean() {
        // Ranges 1,1,1,1,1,1,1,1,8.07: sum 16.07, mean 1.785…, bar 5.836…;
        // 8.07 goes, the mean becomes 1.
        let values = some(&[0, 1, 0, 1, 0, 1, 0, 1, 0]).into_iter().chain([Some(dec!(8.07))]).collect::<Vec<_>>();
        let on = Settings { screen_moving_ranges: true, ..Settings::default() };
        let l = Limits::of(&values, &on).unwrap();
        assert_eq!(l.excluded_moving_ranges, 1);
        assert_eq!(l.mean_moving_range, dec!(1));
        assert!(l.screened);
        let off = Limits::of(&values, &Settings::default()).unwrap();
        assert_eq!(off.excluded_moving_ranges, 0);
        assert!(!off.screened);
        assert_eq!(off.mean_moving_range, dec!(16.07) / dec!(9));
    }

    #[test]
    fn a_range_exactly_at_the_bar_is_screened_out() {
        // Ranges 1 ×8 and x with x = 3.267 × (8 + x) / 9 ⇔ x(9 − 3.267) = 26.136
        // has no short decimal, so build the tie the other way: ranges a ×8
        // and b, with 9b = 3.267(8a + b) ⇔ 5.733b = 26.136a: a = 5.733, b = 26.136.
        let mut values = vec![Some(dec!(0))];
        for i in 0..8 {
            values.push(Some(if i % 2 == 0 { dec!(5.733) } else { dec!(0) }));
        }
        let last = values.last().unwrap().unwrap();
        values.push(Some(last + dec!(26.136)));
        let on = Settings { screen_moving_ranges: true, ..Settings::default() };
        assert_eq!(Limits::of(&values, &on).unwrap().excluded_moving_ranges, 1);
    }

    #[test]
    fn flat_values_give_zero_width_limits_and_nothing_to_screen() {
        let on = Settings { screen_moving_ranges: true, ..Settings::default() };
        let l = Limits::of(&some(&[4, 4, 4]), &on).unwrap();
        assert_eq!((l.lower_limit, l.mean, l.upper_limit), (dec!(4), dec!(4), dec!(4)));
        assert_eq!(l.excluded_moving_ranges, 0);
    }

    #[test]
    fn a_fixed_baseline_counts_present_values_not_periods() {
        let values = vec![Some(dec!(1)), None, Some(dec!(3)), Some(dec!(4)), Some(dec!(100))];
        let fixed = Settings { fixed_baseline: Some(3), ..Settings::default() };
        let l = Limits::of(&values, &fixed).unwrap();
        // Values 1, 3, 4 (the gap is skipped); one moving range, 1.
        assert_eq!(l.baseline_values, 3);
        assert_eq!(l.mean, dec!(8) / dec!(3));
        assert_eq!(l.mean_moving_range, dec!(1));
    }

    #[test]
    fn too_few_values_or_no_moving_range_is_a_shortfall() {
        assert_eq!(Limits::of(&[Some(dec!(1)), None], &Settings::default()), Err(Shortfall::TooFewValues(1)));
        assert_eq!(
            Limits::of(&[Some(dec!(1)), None, Some(dec!(2))], &Settings::default()),
            Err(Shortfall::NoMovingRange)
        );
    }

    #[test]
    fn values_too_large_for_exact_limits_are_refused_not_wrapped() {
        let big = Some(Decimal::MAX);
        assert_eq!(Limits::of(&[big, big, Some(dec!(0))], &Settings::default()), Err(Shortfall::TooLarge));
        // A moving range too large to represent is refused, not left out.
        let apart = [big, Some(-Decimal::MAX), Some(-Decimal::MAX)];
        assert_eq!(Limits::of(&apart, &Settings::default()), Err(Shortfall::TooLarge));
        assert_eq!(moving_ranges(&apart), vec![None, None, None]);
    }
}
