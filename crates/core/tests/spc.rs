//! XmR charts (Making Data Count) through the public API: published
//! implementations' test cases, each citing where its numbers come from,
//! then hand-checkable cases for each rule and setting.

use outturn_core::spc::{
    Analysis, AssuranceIcon, Chart, ImprovementDirection, Limits, Rule, Settings, Side, SpcError, Variation,
    VariationIcon, analyse,
};
use outturn_core::{Decimal, Polarity};
use rust_decimal::RoundingStrategy;
use rust_decimal_macros::dec;

use ImprovementDirection::{Decrease, Increase, Neutral};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn values(numbers: &[Decimal]) -> Vec<Option<Decimal>> {
    numbers.iter().copied().map(Some).collect()
}

fn ints(numbers: &[i64]) -> Vec<Option<Decimal>> {
    numbers.iter().map(|n| Some(Decimal::from(*n))).collect()
}

fn chart(values: Vec<Option<Decimal>>, improvement: ImprovementDirection) -> Chart {
    Chart::new(values, improvement)
}

fn run(chart: &Chart, settings: &Settings) -> Analysis {
    analyse(chart, settings).unwrap()
}

fn defaults(values: Vec<Option<Decimal>>, improvement: ImprovementDirection) -> Analysis {
    run(&chart(values, improvement), &Settings::default())
}

/// Rounded half away from zero, as the published figures were.
fn round(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// The indices of the points that meet a rule.
fn flagged(analysis: &Analysis, rule: Rule) -> Vec<usize> {
    analysis.points.iter().filter(|p| p.special_cause.contains(&rule)).map(|p| p.index).collect()
}

/// The indices of the points with any special cause.
fn special(analysis: &Analysis) -> Vec<usize> {
    analysis.points.iter().filter(|p| !p.special_cause.is_empty()).map(|p| p.index).collect()
}

fn screened() -> Settings {
    Settings { screen_moving_ranges: true, ..Settings::default() }
}

// ---------------------------------------------------------------------------
// Published fixtures
// ---------------------------------------------------------------------------

/// England's monthly A&E attendances, April 2016 to March 2019: NHSRdatasets'
/// `ae_attendances` summed by period, the series of NHSRplotthedots'
/// integration tests (nhs-r-community/NHSRplotthedots,
/// tests/testthat/test-integration_tests.R, "ae_all attendances spc returns
/// expected values"). The values, means and limits were decoded from the
/// serialised snapshot in tests/testthat/_snaps/integration_tests.md.
fn ae_attendances() -> Vec<Option<Decimal>> {
    ints(&[
        1867781, 2070340, 1958802, 2079034, 1932901, 1952464, 2001816, 1907871, 1944567, 1895272, 1735619, 2015834,
        1949762, 2066789, 1994056, 2073944, 1924663, 1925961, 2044137, 1976971, 2003954, 2000086, 1820012, 2049785,
        1984369, 2164458, 2093942, 2179896, 1997854, 2005695, 2079492, 2037847, 2047518, 2113413, 1954947, 2167550,
    ])
}

#[test]
fn ae_attendances_match_nhsrplotthedots_limits_and_are_all_common_cause() {
    // Snapshot doubles: mean 2000538.9444444445, lpl 1731844.3644444444,
    // upl 2269233.5244444446; point_type "common_cause" throughout.
    // NHSRplotthedots screens moving ranges by default; none is screened
    // out here, so the Excel (unscreened) limits are the same.
    for settings in [Settings::default(), screened()] {
        let a = run(&chart(ae_attendances(), Increase), &settings);
        assert_eq!(round(a.limits.mean, 8), dec!(2000538.94444444));
        assert_eq!(round(a.limits.lower_limit, 8), dec!(1731844.36444444));
        assert_eq!(round(a.limits.upper_limit, 8), dec!(2269233.52444444));
        assert_eq!(a.limits.mean_moving_range, dec!(101013), "3535455 over 35 moving ranges");
        assert_eq!(a.limits.upper_limit - a.limits.mean, dec!(268694.58), "2.66 × 101013, exactly");
        assert_eq!(a.limits.excluded_moving_ranges, 0);
        assert!(!a.limits.trial);
        assert_eq!(special(&a), Vec::<usize>::new());
        assert_eq!(a.variation_icon, VariationIcon::CommonCause);
    }
}

#[test]
fn ae_attendances_rebased_in_april_2017_match_nhsrplotthedots_per_segment() {
    // Same source, "ae_all attendances spc with rebase returns expected
    // values" (rebase = 2017-04-01, the 13th month). Snapshot doubles:
    // segment 1 mean 1946858.4166666667, lpl 1639947.374848485,
    // upl 2253769.4584848485; segment 2 mean 2027379.2083333333,
    // lpl 1772921.0639855072, upl 2281837.3526811595.
    let c = Chart { process_changes: vec![12], ..chart(ae_attendances(), Increase) };
    let a = run(&c, &screened());
    assert_eq!(a.segments.len(), 2);
    let (first, second) = (&a.segments[0], &a.segments[1]);
    assert_eq!((first.start, first.end, first.values), (0, 12, 12));
    assert_eq!((second.start, second.end, second.values), (12, 36, 24));
    assert_eq!(round(first.limits.mean, 8), dec!(1946858.41666667));
    assert_eq!(round(first.limits.lower_limit, 8), dec!(1639947.37484848));
    assert_eq!(round(first.limits.upper_limit, 8), dec!(2253769.45848485));
    assert_eq!(round(second.limits.mean, 8), dec!(2027379.20833333));
    assert_eq!(round(second.limits.lower_limit, 8), dec!(1772921.06398551));
    assert_eq!(round(second.limits.upper_limit, 8), dec!(2281837.35268116));
    // Twelve values make trial limits (MDC draws from 13); 24 do not.
    assert!(first.limits.trial);
    assert!(!second.limits.trial);
    // The top level repeats the latest segment.
    assert_eq!(a.limits, second.limits);
    // No moving range across the process change.
    assert_eq!(a.points[12].moving_range, None);
    assert_eq!(a.points[13].moving_range, Some(dec!(117027)));
    assert_eq!(special(&a), Vec::<usize>::new());
}

/// nhs-r-community/NHSRplotthedots, vignettes/deviations.Rmd, "Treatment of
/// outlying points": with screening (the package default) "UPL = 4.6, Mean =
/// 1.94, LPL = -0.72"; without it, "the same output as Excel", "UPL = 6.95,
/// Mean = 1.94, LPL = -3.06"; the 10 is the only special cause, an
/// improvement.
fn deviations_vignette() -> Vec<Option<Decimal>> {
    ints(&[1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1])
}

#[test]
fn the_mdc_excel_tool_keeps_every_moving_range_by_default() {
    let a = defaults(deviations_vignette(), Increase);
    assert_eq!(round(a.limits.upper_limit, 2), dec!(6.95));
    assert_eq!(round(a.limits.mean, 2), dec!(1.94));
    assert_eq!(round(a.limits.lower_limit, 2), dec!(-3.06));
    assert_eq!(a.limits.mean_moving_range, dec!(32) / dec!(17));
    assert!(!a.limits.screened);
    assert_eq!(special(&a), vec![4]);
    assert_eq!(a.points[4].special_cause, vec![Rule::OutsideLimits]);
    assert_eq!(a.points[4].variation, Some(Variation::Improvement));
    assert_eq!(a.variation_icon, VariationIcon::CommonCause);
}

#[test]
fn screening_leaves_out_the_two_large_moving_ranges_of_the_vignette() {
    let a = run(&chart(deviations_vignette(), Increase), &screened());
    assert_eq!(round(a.limits.upper_limit, 2), dec!(4.6));
    assert_eq!(round(a.limits.mean, 2), dec!(1.94));
    assert_eq!(round(a.limits.lower_limit, 2), dec!(-0.72));
    // The ranges 8 and 9 (either side of the 10) go; fifteen 1s remain.
    assert!(a.limits.screened);
    assert_eq!(a.limits.excluded_moving_ranges, 2);
    assert_eq!(a.limits.mean_moving_range, dec!(1));
    assert_eq!(a.limits.upper_limit, dec!(35) / dec!(18) + dec!(2.66));
    assert_eq!(special(&a), vec![4]);
}

/// nhs-pycom/nhspy-plotthedots, tests/unittests/test_limits_calculations.py:
/// each series with its expected (mean, lpl, upl, nlpl, nupl), printed by
/// Python to 16 or 17 digits and compared here to 10 places. That
/// implementation always screens; none of these series has a moving range
/// to screen, so both settings give the same lines.
#[test]
fn nhspy_plotthedots_limit_calculations() {
    #[rustfmt::skip]
    let cases: [(&[i64], [Decimal; 5]); 8] = [
        (&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [dec!(5.5), dec!(2.84), dec!(8.16), dec!(3.7266666667), dec!(7.2733333333)]),
        (&[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [dec!(5.5), dec!(2.84), dec!(8.16), dec!(3.7266666667), dec!(7.2733333333)]),
        (&[1, 2, 3, 4, 5, 4, 3, 2, 1, 2], [dec!(2.7), dec!(0.04), dec!(5.36), dec!(0.9266666667), dec!(4.4733333333)]),
        (&[1, 2, 3], [dec!(2.0), dec!(-0.66), dec!(4.66), dec!(0.2266666667), dec!(3.7733333333)]),
        (&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
            [dec!(9.5), dec!(6.84), dec!(12.16), dec!(7.7266666667), dec!(11.2733333333)]),
        (&[3, 1, 4, 1, 5, 9, 2],
            [dec!(3.5714285714), dec!(-6.6252380952), dec!(13.7680952381), dec!(-3.2263492063), dec!(10.3692063492)]),
        (&[1, 2, 3, 2, 1, 2, 3, 4, 5, 6, 7, 4, 3, 2, 1, 2],
            [dec!(3.0), dec!(-0.0146666667), dec!(6.0146666667), dec!(0.9902222222), dec!(5.0097777778)]),
        (&[-1, -2, -3, -2, -1, -2, -3, -4, -5, -6, -7, -4, -3, -2, -1, -2],
            [dec!(-3.0), dec!(-6.0146666667), dec!(0.0146666667), dec!(-5.0097777778), dec!(-0.9902222222)]),
    ];
    for (series, [mean, lpl, upl, nlpl, nupl]) in cases {
        for settings in [Settings::default(), screened()] {
            let l = run(&chart(ints(series), Neutral), &settings).limits;
            let got =
                [l.mean, l.lower_limit, l.upper_limit, l.lower_two_sigma, l.upper_two_sigma].map(|d| round(d, 10));
            assert_eq!(got, [mean, lpl, upl, nlpl, nupl], "{series:?}");
            assert_eq!(l.excluded_moving_ranges, 0);
        }
    }
}

/// nhs-pycom/nhspy-plotthedots, tests/unittests/test_pandas_spc_x_calc.py,
/// `test_demo_case`: the example of NHS England's SPC tool
/// (https://www.england.nhs.uk/statistical-process-control-tool/), read off
/// its video by that test's authors (who took 10 off each value); mean
/// 76.67, limits about 57 and 96, and only the 12th point (54) outside.
#[test]
fn the_mdc_tool_demonstration_has_one_point_below_the_lower_limit() {
    let a = defaults(ints(&[89, 86, 75, 77, 81, 74, 72, 78, 76, 82, 77, 54, 66, 77, 86]), Increase);
    assert_eq!(round(a.limits.mean, 2), dec!(76.67));
    assert_eq!(round(a.limits.lower_limit, 0), dec!(57));
    assert_eq!(round(a.limits.upper_limit, 0), dec!(96));
    assert_eq!(a.limits.mean_moving_range, dec!(103) / dec!(14));
    assert_eq!(special(&a), vec![11]);
    assert_eq!(a.points[11].special_cause, vec![Rule::OutsideLimits]);
    assert_eq!(a.points[11].variation, Some(Variation::Concern));
    assert_eq!(a.points[11].side, Some(Side::Low));
}

/// Same file, `test_fix_point_mean`: 1 to 10 with the limits fixed after
/// five points has mean 3.
#[test]
fn a_baseline_fixed_after_five_points_holds_the_mean_of_those_five() {
    let fixed = Settings { fixed_baseline: Some(5), ..Settings::default() };
    let a = run(&chart(ints(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), Increase), &fixed);
    assert_eq!(a.limits.mean, dec!(3));
    assert_eq!(a.limits.mean_moving_range, dec!(1));
    assert_eq!((a.limits.lower_limit, a.limits.upper_limit), (dec!(0.34), dec!(5.66)));
    assert_eq!(a.limits.baseline_values, 5);
    assert!(a.limits.trial, "five values make trial limits");
    // 6 to 10 are above the held upper limit; all ten rise.
    assert_eq!(flagged(&a, Rule::OutsideLimits), vec![5, 6, 7, 8, 9]);
    assert_eq!(flagged(&a, Rule::Trend), (0..10).collect::<Vec<_>>());
    assert_eq!(a.variation_icon, VariationIcon::ImprovementHigh);
}

/// mattmccormick/statprocon, README.md: counts [10, 50, 40, 30] give an
/// upper natural process limit of 85.7 and a lower of -20.7.
#[test]
fn statprocon_readme_example() {
    let a = defaults(ints(&[10, 50, 40, 30]), Neutral);
    assert_eq!((a.limits.lower_limit, a.limits.mean, a.limits.upper_limit), (dec!(-20.7), dec!(32.5), dec!(85.7)));
    assert!(a.limits.trial);
}

/// nhs-r-community/NHSRplotthedots, tests/testthat/test-ptd_spc_standard.R,
/// "it only reports special cause for 2 of 3 points close to limits when
/// they are on the same side of the mean" (issue #143): 1, -1 eight times,
/// then 5.5 and -5.5 at the end; both last points are common cause.
#[test]
fn two_points_near_opposite_limits_are_not_two_of_three() {
    let mut series = [dec!(1), dec!(-1)].repeat(8);
    series[14] = dec!(5.5);
    series[15] = dec!(-5.5);
    for settings in [Settings::default(), screened()] {
        let a = run(&chart(values(&series), Increase), &settings);
        assert_eq!(a.limits.mean, dec!(0));
        assert!(a.points[14].value > Some(a.limits.upper_two_sigma));
        assert!(a.points[15].value < Some(a.limits.lower_two_sigma));
        assert_eq!(a.points[14].variation, Some(Variation::CommonCause));
        assert_eq!(a.points[15].variation, Some(Variation::CommonCause));
    }
    // The same two points on one side are a signal.
    series[15] = dec!(5.5);
    series[13] = dec!(1);
    let a = defaults(values(&series), Increase);
    assert_eq!(flagged(&a, Rule::TwoOfThree), vec![14, 15]);
}

/// nhs-r-community/NHSRplotthedots,
/// tests/testthat/test-ptd_calculate_assurance_type.R: target 4 against
/// limits (1, 3), (5, 7) and (1, 5).
#[test]
fn assurance_matches_nhsrplotthedots() {
    fn limits(lower: i64, mean: i64, upper: i64) -> Limits {
        let d = Decimal::from;
        Limits {
            mean: d(mean),
            mean_moving_range: Decimal::ZERO,
            lower_limit: d(lower),
            upper_limit: d(upper),
            lower_two_sigma: d(lower),
            upper_two_sigma: d(upper),
            trial: false,
            screened: false,
            excluded_moving_ranges: 0,
            baseline_values: 13,
        }
    }
    use AssuranceIcon::{ConsistentlyFailing as Fail, ConsistentlyPassing as Pass, HitAndMiss};
    let target = Some(dec!(4));
    let all = [limits(1, 2, 3), limits(5, 6, 7), limits(1, 4, 5)];
    let of = |direction| all.iter().map(|l| AssuranceIcon::of(target, direction, l)).collect::<Vec<_>>();
    assert_eq!(of(Increase), vec![Some(Fail), Some(Pass), Some(HitAndMiss)]);
    assert_eq!(of(Decrease), vec![Some(Pass), Some(Fail), Some(HitAndMiss)]);
    assert_eq!(of(Neutral), vec![None, None, None]);
    assert_eq!(AssuranceIcon::of(None, Increase, &all[0]), None);
    // On a limit: pass or fail, as MDC's SQL tool (NHSRplotthedots would say
    // hit and miss).
    assert_eq!(AssuranceIcon::of(Some(dec!(3)), Increase, &all[0]), Some(Fail));
    assert_eq!(AssuranceIcon::of(Some(dec!(1)), Increase, &all[0]), Some(Pass));
    assert_eq!(AssuranceIcon::of(Some(dec!(3)), Decrease, &all[0]), Some(Pass));
}

// ---------------------------------------------------------------------------
// Hand-checkable cases
// ---------------------------------------------------------------------------

#[test]
fn a_gap_breaks_the_moving_ranges_and_is_never_a_zero() {
    // 10, 12, gap, 11, 13: moving ranges 2 and 2 only; mean 46 / 4 = 11.5.
    let series = vec![Some(dec!(10)), Some(dec!(12)), None, Some(dec!(11)), Some(dec!(13))];
    let a = defaults(series, Increase);
    let ranges: Vec<_> = a.points.iter().map(|p| p.moving_range).collect();
    assert_eq!(ranges, vec![None, Some(dec!(2)), None, None, Some(dec!(2))]);
    assert_eq!(a.limits.mean, dec!(11.5));
    assert_eq!(a.limits.mean_moving_range, dec!(2));
    assert_eq!(a.limits.upper_limit, dec!(16.82));
    assert_eq!(a.segments[0].values, 4);
    assert_eq!(a.points[2].variation, None);
    assert_eq!(a.points[2].special_cause, vec![]);
    // The icon describes the latest point with a value.
    assert_eq!(a.latest().map(|p| p.index), Some(4));
}

#[test]
fn the_latest_value_decides_the_icon_even_after_a_trailing_gap() {
    let mut series = ints(&[5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 40]);
    series.push(None);
    let a = defaults(series, Decrease);
    assert_eq!(a.latest().map(|p| p.index), Some(14));
    assert_eq!(a.variation_icon, VariationIcon::ConcernHigh);
}

#[test]
fn a_gap_breaks_a_shift() {
    // Mean of the 16 values is 10 (eight 12s and eight 8s): eight 12s in a
    // row are a shift; with a gap after the fourth, two runs of four are not.
    let mut series = ints(&[12, 12, 12, 12, 12, 12, 12, 12, 8, 8, 8, 8, 8, 8, 8, 8]);
    let a = defaults(series.clone(), Increase);
    assert_eq!(a.limits.mean, dec!(10));
    assert_eq!(flagged(&a, Rule::Shift), (0..16).collect::<Vec<_>>());
    series.insert(4, None);
    let a = defaults(series, Increase);
    assert_eq!(flagged(&a, Rule::Shift), (9..17).collect::<Vec<_>>());
}

#[test]
fn a_point_on_the_mean_breaks_a_shift() {
    // Mean 150 / 15 = 10: 11 ×3, 10, 11 ×4, then 9 ×7. The 10 sits on the
    // mean, so the 11s are runs of three and four; the seven 9s are a shift.
    let series = ints(&[11, 11, 11, 10, 11, 11, 11, 11, 9, 9, 9, 9, 9, 9, 9]);
    let a = defaults(series, Increase);
    assert_eq!(a.limits.mean, dec!(10));
    assert_eq!(flagged(&a, Rule::Shift), (8..15).collect::<Vec<_>>());
    assert!(a.points[8..].iter().all(|p| p.side == Some(Side::Low)));
    assert_eq!(a.variation_icon, VariationIcon::ConcernLow);
}

#[test]
fn a_shift_of_six_counts_only_when_set() {
    // Mean 10: six 11s then six 9s and a 10 on the mean at the end.
    let series = ints(&[11, 11, 11, 11, 11, 11, 9, 9, 9, 9, 9, 9, 10]);
    let seven = defaults(series.clone(), Decrease);
    assert_eq!(seven.limits.mean, dec!(10));
    assert_eq!(flagged(&seven, Rule::Shift), Vec::<usize>::new());
    let six = run(&chart(series, Decrease), &Settings { shift_length: 6, ..Settings::default() });
    assert_eq!(flagged(&six, Rule::Shift), (0..12).collect::<Vec<_>>());
    assert_eq!(six.points[0].variation, Some(Variation::Concern), "high is worse when lower is better");
    assert_eq!(six.points[6].variation, Some(Variation::Improvement));
    assert_eq!(six.variation_icon, VariationIcon::CommonCause, "the last point is on the mean");
}

#[test]
fn a_tie_breaks_a_trend_and_seven_points_make_one() {
    // 1 2 3 4 5 6 7 then 10 10: the rise is seven points, the tie ends it.
    let a = defaults(ints(&[4, 1, 2, 3, 4, 5, 6, 7, 7, 4, 4, 4, 4]), Increase);
    assert_eq!(flagged(&a, Rule::Trend), (1..8).collect::<Vec<_>>());
    let tied = defaults(ints(&[4, 1, 2, 3, 3, 4, 5, 6, 7, 4, 4, 4, 4]), Increase);
    assert_eq!(flagged(&tied, Rule::Trend), Vec::<usize>::new());
    // Six rising points are a trend only when the trend length is 6.
    let six = ints(&[4, 1, 2, 3, 4, 5, 6, 4, 4, 4, 4, 4, 4]);
    assert_eq!(flagged(&defaults(six.clone(), Increase), Rule::Trend), Vec::<usize>::new());
    let a = run(&chart(six, Increase), &Settings { trend_length: 6, ..Settings::default() });
    assert_eq!(flagged(&a, Rule::Trend), (1..7).collect::<Vec<_>>());
}

#[test]
fn a_falling_trend_is_low_even_above_the_mean() {
    // NHSRplotthedots issue #171: a trend's direction, not its side of the
    // mean, decides its class. 16 down to 12.5 starts above the mean
    // (176 / 13 = 13.54) and stays inside every line but the trend's.
    let series = [10, 16, 10, 16, 10, 16, 155, 150, 145, 140, 135, 130, 125]
        .map(|n| if n > 100 { Decimal::new(n, 1) } else { Decimal::from(n) });
    let a = defaults(values(&series), Increase);
    assert_eq!(flagged(&a, Rule::Trend), (5..13).collect::<Vec<_>>());
    assert_eq!(special(&a), (5..13).collect::<Vec<_>>());
    assert!(a.points[6].value > Some(a.limits.mean));
    assert_eq!(a.points[6].side, Some(Side::Low));
    assert_eq!(a.points[6].variation, Some(Variation::Concern));
}

#[test]
fn screening_changes_the_limits_only_when_a_range_is_unusual() {
    // Ranges: 1 ×10 and 20 ×2 (into and out of the 30). Sum 50 over 12,
    // bar 3.267 × 50 / 12 = 13.6125: both 20s go, leaving a mean of 1.
    let series = ints(&[11, 10, 11, 10, 11, 10, 30, 10, 11, 10, 11, 10, 11]);
    let off = defaults(series.clone(), Increase);
    let on = run(&chart(series, Increase), &screened());
    assert_eq!(off.limits.mean_moving_range, dec!(50) / dec!(12));
    assert_eq!(on.limits.mean_moving_range, dec!(1));
    assert_eq!(on.limits.excluded_moving_ranges, 2);
    assert_eq!(on.limits.mean, off.limits.mean, "screening changes the spread, not the mean");
    assert_eq!(on.limits.upper_limit - on.limits.mean, dec!(2.66));
    assert!(on.limits.upper_limit < off.limits.upper_limit);
    // The moving ranges reported per point are not screened.
    assert_eq!(on.points[6].moving_range, Some(dec!(20)));
}

#[test]
fn fewer_than_13_values_make_trial_limits() {
    let twelve = defaults(ints(&[3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4]), Increase);
    assert!(twelve.limits.trial);
    let thirteen = defaults(ints(&[3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3]), Increase);
    assert!(!thirteen.limits.trial);
    // Thirteen periods with a gap are twelve values.
    let mut gapped = ints(&[3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3]);
    gapped[6] = None;
    assert!(defaults(gapped, Increase).limits.trial);
}

#[test]
fn each_segment_after_a_process_change_has_its_own_limits() {
    // 10, 12 four times, then 20, 22 four times: means 11 and 21, mR 2.
    let series = ints(&[10, 12, 10, 12, 10, 12, 10, 12, 20, 22, 20, 22, 20, 22, 20, 22]);
    let c = Chart { process_changes: vec![8], ..chart(series.clone(), Increase) };
    let a = run(&c, &Settings::default());
    let means: Vec<_> = a.segments.iter().map(|s| s.limits.mean).collect();
    assert_eq!(means, vec![dec!(11), dec!(21)]);
    assert_eq!(a.segments[1].limits.upper_limit, dec!(26.32));
    assert_eq!(a.limits.mean, dec!(21));
    assert_eq!(special(&a), Vec::<usize>::new(), "against its own limits each segment is stable");
    assert_eq!((a.points[7].segment, a.points[8].segment), (0, 1));
    // Without the recorded change, nothing rebases itself: each half is a
    // shift either side of one mean.
    let unbroken = defaults(series, Increase);
    assert_eq!(unbroken.segments.len(), 1);
    assert_eq!(flagged(&unbroken, Rule::Shift), (0..16).collect::<Vec<_>>());
}

#[test]
fn a_fixed_baseline_holds_its_limits_for_the_rest_of_the_segment() {
    // Baseline of 4 values (skipping a gap): 10, 12, 10, 12: mean 11, mR 2.
    let mut series = ints(&[10, 12, 10, 10, 12, 30, 12, 10]);
    series[2] = None;
    let fixed = Settings { fixed_baseline: Some(4), ..Settings::default() };
    let a = run(&chart(series.clone(), Increase), &fixed);
    assert_eq!(a.limits.baseline_values, 4);
    assert_eq!(a.limits.mean, dec!(11));
    // Ranges in the baseline: 12−10 and 12−10 (none across the gap).
    assert_eq!(a.limits.mean_moving_range, dec!(2));
    assert_eq!(flagged(&a, Rule::OutsideLimits), vec![5]);
    // A baseline longer than the values uses them all.
    let long = Settings { fixed_baseline: Some(50), ..Settings::default() };
    let all = run(&chart(series.clone(), Increase), &long);
    let plain = defaults(series, Increase);
    assert_eq!(all.limits, plain.limits);
}

#[test]
fn two_of_three_counts_points_beyond_the_limits_only_when_set() {
    // Limits held from twelve 10s and 12s: mean 11, mR 2, two sigma at
    // 14.5466…, upper limit 16.32. Then 12, 15 (beyond two sigma) and 17
    // (beyond the limit), all above the mean.
    let mut numbers = [10, 12].repeat(6);
    numbers.extend([12, 15, 17]);
    let series = ints(&numbers);
    let held = Settings { fixed_baseline: Some(12), ..Settings::default() };
    let a = run(&chart(series.clone(), Increase), &held);
    assert_eq!(a.limits.upper_limit, dec!(16.32));
    assert_eq!(flagged(&a, Rule::TwoOfThree), vec![13, 14]);
    assert_eq!(flagged(&a, Rule::OutsideLimits), vec![14]);
    let old = Settings { two_of_three_counts_beyond_limits: false, ..held };
    let b = run(&chart(series, Increase), &old);
    assert_eq!(flagged(&b, Rule::TwoOfThree), Vec::<usize>::new());
    assert_eq!(b.points[13].variation, Some(Variation::CommonCause));
}

#[test]
fn a_point_ending_a_high_shift_and_starting_a_falling_trend_takes_the_trend() {
    // Wide limits from 5, 15 four times (mean 215 / 21 = 10.24, limits
    // about −0.9 and 21.4), then ten points above the mean (15, six 11s,
    // 14, 13, 12): a high shift. 14 is also the top of a fall of seven
    // points to 6: a falling trend. NHSRplotthedots ranks trend above
    // shift, so 14, 13 and 12 count low.
    let series = ints(&[5, 15, 5, 15, 5, 15, 5, 15, 11, 11, 11, 11, 11, 11, 14, 13, 12, 9, 8, 7, 6]);
    let a = defaults(series, Increase);
    assert_eq!(flagged(&a, Rule::Shift), (7..17).collect::<Vec<_>>());
    assert_eq!(flagged(&a, Rule::Trend), (14..21).collect::<Vec<_>>());
    assert_eq!(flagged(&a, Rule::OutsideLimits), Vec::<usize>::new());
    let p = &a.points[14];
    assert!(p.value > Some(a.limits.mean));
    assert_eq!(p.special_cause, vec![Rule::Shift, Rule::Trend]);
    assert_eq!(p.side, Some(Side::Low));
    assert_eq!(p.variation, Some(Variation::Concern));
    // The point before it is only in the shift: improvement.
    assert_eq!(a.points[13].variation, Some(Variation::Improvement));
    assert_eq!(a.variation_icon, VariationIcon::ConcernLow);
}

#[test]
fn variation_icons_say_which_side_and_whether_it_is_better() {
    let high = ints(&[5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 40]);
    let low = ints(&[5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, -30]);
    assert_eq!(defaults(high.clone(), Increase).variation_icon, VariationIcon::ImprovementHigh);
    assert_eq!(defaults(high.clone(), Decrease).variation_icon, VariationIcon::ConcernHigh);
    assert_eq!(defaults(high, Neutral).variation_icon, VariationIcon::NeitherHigh);
    assert_eq!(defaults(low.clone(), Increase).variation_icon, VariationIcon::ConcernLow);
    assert_eq!(defaults(low.clone(), Decrease).variation_icon, VariationIcon::ImprovementLow);
    let neither = defaults(low, Neutral);
    assert_eq!(neither.variation_icon, VariationIcon::NeitherLow);
    assert_eq!(neither.points[15].variation, Some(Variation::Neutral));
    assert_eq!(neither.assurance_icon, None);
}

#[test]
fn assurance_compares_the_target_with_the_latest_limits() {
    // Limits 5.5 ± 2.66: 2.84 to 8.16.
    let series = ints(&[5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6]);
    let with = |target: Decimal, improvement| {
        let c = Chart { target: Some(target), ..chart(series.clone(), improvement) };
        run(&c, &Settings::default()).assurance_icon
    };
    assert_eq!(with(dec!(2), Increase), Some(AssuranceIcon::ConsistentlyPassing));
    assert_eq!(with(dec!(9), Increase), Some(AssuranceIcon::ConsistentlyFailing));
    assert_eq!(with(dec!(5.5), Increase), Some(AssuranceIcon::HitAndMiss));
    assert_eq!(with(dec!(9), Decrease), Some(AssuranceIcon::ConsistentlyPassing));
    assert_eq!(with(dec!(2), Decrease), Some(AssuranceIcon::ConsistentlyFailing));
    assert_eq!(with(dec!(8.16), Increase), Some(AssuranceIcon::ConsistentlyFailing), "on the upper limit");
    assert_eq!(with(dec!(2), Neutral), None);
    assert_eq!(defaults(series, Increase).assurance_icon, None, "no target");
}

#[test]
fn polarity_maps_to_the_direction_of_improvement() {
    assert_eq!(ImprovementDirection::from(Polarity::Higher), Increase);
    assert_eq!(ImprovementDirection::from(Polarity::Lower), Decrease);
    assert_eq!(ImprovementDirection::from(Polarity::None), Neutral);
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[test]
fn errors_say_what_is_wrong_and_where() {
    let settings = Settings::default();
    assert_eq!(analyse(&Chart::default(), &settings), Err(SpcError::NoValues));

    let one_value_segment = Chart { process_changes: vec![4], ..chart(ints(&[1, 2, 3, 4, 5]), Increase) };
    let e = analyse(&one_value_segment, &settings).unwrap_err();
    assert_eq!(e, SpcError::TooFewValues { segment: 2, first: 5, last: 5, present: 1 });
    assert_eq!(
        e.to_string(),
        "segment 2 (values 5 to 5) has 1 value(s) and needs at least two to compute a mean and limits"
    );

    let no_range = chart(vec![Some(dec!(1)), None, Some(dec!(2)), None], Increase);
    assert_eq!(analyse(&no_range, &settings), Err(SpcError::NoMovingRange { segment: 1, first: 1, last: 4 }));

    let c = chart(ints(&[1, 2, 3]), Increase);
    let shift = Settings { shift_length: 5, ..Settings::default() };
    assert_eq!(analyse(&c, &shift), Err(SpcError::ShiftLength(5)));
    assert_eq!(
        SpcError::ShiftLength(5).to_string(),
        "shift length 5 is not allowed: a shift is a run of 6 or 7 points"
    );
    let baseline = Settings { fixed_baseline: Some(1), ..Settings::default() };
    assert_eq!(analyse(&c, &baseline), Err(SpcError::BaselineTooShort(1)));

    let out = Chart { process_changes: vec![3], ..c.clone() };
    let e = analyse(&out, &settings).unwrap_err();
    assert_eq!(e, SpcError::ProcessChangeOutOfRange { index: 3, len: 3 });
    assert_eq!(
        e.to_string(),
        "the process change at index 3 (value 4) is out of range: with 3 values a new segment can start at index 1 to 2"
    );
    let zero = Chart { process_changes: vec![0], ..c.clone() };
    assert_eq!(analyse(&zero, &settings), Err(SpcError::ProcessChangeOutOfRange { index: 0, len: 3 }));
    let long = chart(ints(&[1, 2, 3, 4, 5, 6]), Increase);
    let backwards = Chart { process_changes: vec![4, 2], ..long.clone() };
    assert_eq!(analyse(&backwards, &settings), Err(SpcError::ProcessChangesOutOfOrder { index: 2, previous: 4 }));
    let twice = Chart { process_changes: vec![2, 2], ..long };
    assert_eq!(analyse(&twice, &settings), Err(SpcError::ProcessChangesOutOfOrder { index: 2, previous: 2 }));
}

// ---------------------------------------------------------------------------
// Words for readers
// ---------------------------------------------------------------------------

#[test]
fn every_icon_class_and_rule_has_its_own_description() {
    use std::collections::HashSet;
    let icons = [
        VariationIcon::CommonCause,
        VariationIcon::ImprovementHigh,
        VariationIcon::ImprovementLow,
        VariationIcon::ConcernHigh,
        VariationIcon::ConcernLow,
        VariationIcon::NeitherHigh,
        VariationIcon::NeitherLow,
    ];
    let descriptions: HashSet<_> = icons.iter().map(|i| i.description()).collect();
    assert_eq!(descriptions.len(), icons.len());
    assert_eq!(VariationIcon::ImprovementHigh.description(), "Special cause variation: improvement (high)");
    assert_eq!(VariationIcon::ImprovementHigh.code(), "improvement-high");
    assert_eq!(
        AssuranceIcon::HitAndMiss.description(),
        "Hit and miss: the target lies within the process limits, so it will be met in some periods and missed in others"
    );
    let assurance = [AssuranceIcon::ConsistentlyPassing, AssuranceIcon::ConsistentlyFailing, AssuranceIcon::HitAndMiss];
    assert_eq!(assurance.iter().map(|a| a.description()).collect::<HashSet<_>>().len(), 3);
    assert_ne!(AssuranceIcon::none_description(None), AssuranceIcon::none_description(Some(dec!(1))));
    let classes = [Variation::Improvement, Variation::Concern, Variation::Neutral, Variation::CommonCause];
    assert_eq!(classes.iter().map(|v| v.description()).collect::<HashSet<_>>().len(), 4);
    assert_eq!(Variation::CommonCause.code(), "common-cause");
    assert_eq!(Rule::ALL.iter().map(|r| r.description()).collect::<HashSet<_>>().len(), 4);
    assert_eq!(Rule::ALL.map(|r| r.code()), ["outside-limits", "shift", "trend", "two-of-three"]);
    for d in [Increase, Decrease, Neutral] {
        assert!(!d.description().is_empty());
    }
}
