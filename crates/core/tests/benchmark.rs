//! Benchmarking through the public API: quartiles by Hyndman and Fan's
//! definition 7 checked against published figures and by hand (the
//! arithmetic is written out beside each case), the council's quartile,
//! rank, gaps and direction of travel, the inclusion and missing-value
//! rules, then properties that hold for any group.
//!
//! Hyndman, R. J. and Fan, Y. (1996) "Sample quantiles in statistical
//! packages", The American Statistician 50(4), 361–365: definition 7 puts
//! the p quantile at h = (n − 1)p + 1 between the sorted values x₁ … xₙ,
//! Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).

use std::collections::HashMap;

use outturn_core::benchmark::{
    Benchmark, BenchmarkError, QUANTILE_METHOD_CODE, Quartile, Quartiles, Travel, benchmark, ordinal, quantile,
};
use outturn_core::{Decimal, Polarity};
use proptest::prelude::*;
use rust_decimal_macros::dec;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const COUNCIL: &str = "X07000000";

/// Figures by area; an area left out has no value.
fn figures(pairs: &[(&str, Decimal)]) -> HashMap<String, Decimal> {
    pairs.iter().map(|(a, v)| (a.to_string(), *v)).collect()
}

fn run(
    polarity: Polarity,
    group: &[&str],
    now: &HashMap<String, Decimal>,
    before: &HashMap<String, Decimal>,
) -> Benchmark {
    benchmark(COUNCIL, group, polarity, |a| now.get(a).copied(), |a| before.get(a).copied()).unwrap()
}

fn quartiles(values: &[Decimal]) -> Quartiles {
    Quartiles::of(values).unwrap()
}

fn ints(values: &[i64]) -> Vec<Decimal> {
    values.iter().map(|v| Decimal::from(*v)).collect()
}

/// Eleven councils' council tax collection rates (fictional), the council
/// among them at 96.1; one more area listed has no value.
fn collection_rates() -> (Vec<&'static str>, HashMap<String, Decimal>, HashMap<String, Decimal>) {
    let group = vec![
        "A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09", "A10", "A11", // A11: no value
    ];
    let now = figures(&[
        (COUNCIL, dec!(96.1)),
        ("A01", dec!(94.2)),
        ("A02", dec!(95.0)),
        ("A03", dec!(95.3)),
        ("A04", dec!(95.8)),
        ("A05", dec!(96.0)),
        ("A06", dec!(96.3)),
        ("A07", dec!(96.4)),
        ("A08", dec!(97.0)),
        ("A09", dec!(97.2)),
        ("A10", dec!(98.1)),
    ]);
    // Last year five areas had a value: 94.0, 95.1, 95.5, 95.9 (the
    // council), 96.2. Median: n = 5, h = 4 × 0.5 + 1 = 3, x₃ = 95.5.
    let before = figures(&[
        (COUNCIL, dec!(95.9)),
        ("A01", dec!(94.0)),
        ("A02", dec!(95.1)),
        ("A03", dec!(95.5)),
        ("A04", dec!(96.2)),
    ]);
    (group, now, before)
}

// ---------------------------------------------------------------------------
// Quartiles: published figures and hand arithmetic
// ---------------------------------------------------------------------------

#[test]
fn quartiles_of_one_to_ten_are_rs_type_7() {
    // R: quantile(1:10, type = 7) gives 25% 3.25, 50% 5.5, 75% 7.75.
    // n = 10. Q1: h = 9 × 0.25 + 1 = 3.25, x₃ + 0.25 × (x₄ − x₃) = 3 + 0.25 = 3.25.
    // Median: h = 9 × 0.5 + 1 = 5.5, x₅ + 0.5 × (x₆ − x₅) = 5 + 0.5 = 5.5.
    // Q3: h = 9 × 0.75 + 1 = 7.75, x₇ + 0.75 × (x₈ − x₇) = 7 + 0.75 = 7.75.
    let q = quartiles(&ints(&[7, 3, 10, 1, 5, 9, 2, 8, 4, 6]));
    assert_eq!(
        (q.lowest, q.lower, q.median, q.upper, q.highest),
        (dec!(1), dec!(3.25), dec!(5.5), dec!(7.75), dec!(10))
    );
}

#[test]
fn quartiles_match_excels_quartile_inc_example() {
    // Microsoft's QUARTILE.INC example: data 1, 2, 4, 7, 8, 9, 10, 12;
    // QUARTILE.INC(data, 1) = 3.5.
    // n = 8. Q1: h = 7 × 0.25 + 1 = 2.75, x₂ + 0.75 × (x₃ − x₂) = 2 + 0.75 × 2 = 3.5.
    // Median: h = 4.5, x₄ + 0.5 × (x₅ − x₄) = 7 + 0.5 = 7.5.
    // Q3: h = 6.25, x₆ + 0.25 × (x₇ − x₆) = 9 + 0.25 = 9.25.
    let q = quartiles(&ints(&[1, 2, 4, 7, 8, 9, 10, 12]));
    assert_eq!((q.lower, q.median, q.upper), (dec!(3.5), dec!(7.5), dec!(9.25)));
}

#[test]
fn quartiles_of_decimals_are_exact() {
    // Sorted: 94.2, 95.0, 95.3, 95.8, 96.0, 96.1, 96.3, 96.4, 97.0, 97.2, 98.1 (n = 11).
    // Q1: h = 10 × 0.25 + 1 = 3.5, x₃ + 0.5 × (x₄ − x₃) = 95.3 + 0.5 × 0.5 = 95.55.
    // Median: h = 6, x₆ = 96.1.
    // Q3: h = 8.5, x₈ + 0.5 × (x₉ − x₈) = 96.4 + 0.5 × 0.6 = 96.7.
    let (_, now, _) = collection_rates();
    let q = quartiles(&now.values().copied().collect::<Vec<_>>());
    assert_eq!((q.lower, q.median, q.upper), (dec!(95.55), dec!(96.1), dec!(96.7)));
    assert_eq!((q.lowest, q.highest), (dec!(94.2), dec!(98.1)));
}

#[test]
fn the_quantile_ends_and_bad_probabilities() {
    let sorted = ints(&[10, 20, 30]);
    assert_eq!(quantile(&sorted, Decimal::ZERO), Some(dec!(10)));
    assert_eq!(quantile(&sorted, Decimal::ONE), Some(dec!(30)));
    // p = 0.1: h = 2 × 0.1 + 1 = 1.2, 10 + 0.2 × 10 = 12.
    assert_eq!(quantile(&sorted, dec!(0.1)), Some(dec!(12)));
    assert_eq!(quantile(&sorted, dec!(1.1)), None);
    assert_eq!(quantile(&sorted, dec!(-0.1)), None);
    assert_eq!(quantile(&[], dec!(0.5)), None);
    // One value: every quantile is that value.
    let one = quartiles(&[dec!(42.5)]);
    assert_eq!(
        (one.lowest, one.lower, one.median, one.upper, one.highest),
        (dec!(42.5), dec!(42.5), dec!(42.5), dec!(42.5), dec!(42.5))
    );
    assert_eq!(Quartiles::of(&[]), None);
    // Exact, with no more places than needed: 95.5 + 0.5 × 0.6 is 95.8, not 95.80.
    let q = quartiles(&[dec!(95.5), dec!(96.1), dec!(97.0)]);
    assert_eq!((q.lower.to_string(), q.upper.to_string()), ("95.8".to_string(), "96.55".to_string()));
    // A value's own places are kept where a quartile falls on it.
    assert_eq!(quartiles(&[dec!(95.50), dec!(96.10), dec!(97.00)]).median.to_string(), "96.10");
}

// ---------------------------------------------------------------------------
// The council in its group
// ---------------------------------------------------------------------------

#[test]
fn higher_is_better_quartile_rank_gaps_and_travel() {
    let (group, now, before) = collection_rates();
    let b = run(Polarity::Higher, &group, &now, &before);
    assert_eq!(b.method, QUANTILE_METHOD_CODE);
    // The council is not listed in the group but is counted in it: 11 + 1.
    assert_eq!((b.listed, b.compared), (12, 11));
    assert_eq!(b.missing, ["A11"]);
    let p = b.position.as_ref().unwrap();
    assert_eq!(p.value, dec!(96.1));
    // 96.1 is the median: at or above the median and below Q3 (96.7): second quartile.
    assert_eq!(p.quartile.number(), 2);
    assert_eq!(p.quartile.label(Polarity::Higher), "second quartile");
    // Five areas are higher (96.3, 96.4, 97.0, 97.2, 98.1): 6th of 11.
    assert_eq!((p.rank.position, p.rank.of, p.rank.tied), (6, 11, 1));
    assert_eq!(p.rank.describe(Polarity::Higher), "6th of 11");
    // 96.1 − 96.1 = 0; 96.1 − 96.7 = −0.6 (worse than the top quartile's edge).
    assert_eq!((p.gap_to_median, p.gap_to_top_quartile), (dec!(0.0), dec!(-0.6)));
    // 96.1 against 95.9: improved; the median 96.1 against 95.5: improved.
    assert_eq!(b.last_year.council, Some(dec!(95.9)));
    assert_eq!((b.last_year.median, b.last_year.compared), (Some(dec!(95.5)), 5));
    assert_eq!((b.council_travel, b.median_travel), (Travel::Improved, Travel::Improved));
    // The chart's order: best first, the area with no value last.
    let order: Vec<&str> = b.areas.iter().map(|a| a.area.as_str()).collect();
    assert_eq!(order, ["A10", "A09", "A08", "A07", "A06", COUNCIL, "A05", "A04", "A03", "A02", "A01", "A11"]);
    assert!(b.areas[5].council && b.areas.iter().filter(|a| a.council).count() == 1);
    assert_eq!(b.areas[5].rank, Some(6));
    assert_eq!(b.areas[11].rank, None);
}

#[test]
fn lower_is_better_turns_the_quarters_ranks_and_gaps_round() {
    let (group, now, before) = collection_rates();
    let b = run(Polarity::Lower, &group, &now, &before);
    let p = b.position.as_ref().unwrap();
    // At or below the median (96.1) and above Q1 (95.55): second quartile.
    assert_eq!(p.quartile.number(), 2);
    // Five areas are lower: 6th of 11 again.
    assert_eq!(p.rank.position, 6);
    // The top quartile's edge is now Q1: 95.55 − 96.1 = −0.55.
    assert_eq!((p.gap_to_median, p.gap_to_top_quartile), (dec!(0.0), dec!(-0.55)));
    // Up from 95.9 is worse when lower is better.
    assert_eq!((b.council_travel, b.median_travel), (Travel::Worsened, Travel::Worsened));
    assert_eq!(b.areas[0].area, "A01", "the lowest first");
}

#[test]
fn information_only_measures_have_upper_and_lower_quarters_not_better_or_worse() {
    let (group, now, before) = collection_rates();
    let b = run(Polarity::None, &group, &now, &before);
    let p = b.position.as_ref().unwrap();
    assert_eq!(p.quartile.label(Polarity::None), "upper middle quarter");
    assert_eq!(p.rank.describe(Polarity::None), "6th highest of 11");
    assert_eq!(p.gap_to_top_quartile, dec!(-0.6), "against the upper quartile: below it");
    assert_eq!((b.council_travel, b.median_travel), (Travel::Increased, Travel::Increased));
    assert_eq!(
        Quartile::of(Polarity::None, dec!(94.2), b.quartiles.as_ref().unwrap()).label(Polarity::None),
        "lower quarter"
    );
}

#[test]
fn a_value_on_a_boundary_is_in_the_better_quarter() {
    // 1, 2, 3, 4, 5: n = 5, h = 4p + 1, so Q1 = x₂ = 2, median = x₃ = 3, Q3 = x₄ = 4.
    let q = quartiles(&ints(&[1, 2, 3, 4, 5]));
    assert_eq!((q.lower, q.median, q.upper), (dec!(2), dec!(3), dec!(4)));
    let quarter = |polarity, v: i64| Quartile::of(polarity, Decimal::from(v), &q).number();
    assert_eq!([1, 2, 3, 4, 5].map(|v| quarter(Polarity::Higher, v)), [4, 3, 2, 1, 1]);
    assert_eq!([1, 2, 3, 4, 5].map(|v| quarter(Polarity::Lower, v)), [1, 1, 2, 3, 4]);
    assert_eq!(quarter(Polarity::Higher, 3), 2, "on the median: the better side of it");
}

#[test]
fn tied_values_share_the_best_rank_and_the_next_rank_skips() {
    let now = figures(&[(COUNCIL, dec!(20)), ("B", dec!(30)), ("C", dec!(20.0)), ("D", dec!(10))]);
    let b = run(Polarity::Higher, &["B", "C", "D"], &now, &HashMap::new());
    let p = b.position.as_ref().unwrap();
    assert_eq!((p.rank.position, p.rank.tied), (2, 2));
    assert_eq!(p.rank.describe(Polarity::Higher), "joint 2nd of 4");
    let ranks: Vec<(&str, Option<usize>)> = b.areas.iter().map(|a| (a.area.as_str(), a.rank)).collect();
    // Tied areas keep the council-first listed order.
    assert_eq!(ranks, [("B", Some(1)), (COUNCIL, Some(2)), ("C", Some(2)), ("D", Some(4))]);
    assert_eq!(b.council_travel, Travel::NotComparable, "no figure last year");
}

#[test]
fn the_council_is_counted_once_even_when_listed_and_so_is_an_area_listed_twice() {
    let now = figures(&[(COUNCIL, dec!(5)), ("B", dec!(7)), ("C", dec!(9))]);
    let listed = run(Polarity::Higher, &["B", COUNCIL, "C", "B"], &now, &HashMap::new());
    let not_listed = run(Polarity::Higher, &["B", "C"], &now, &HashMap::new());
    assert_eq!((listed.listed, listed.compared), (3, 3));
    assert_eq!(listed, not_listed);
    assert_eq!(listed.position.as_ref().unwrap().rank.describe(Polarity::Higher), "3rd of 3");
}

#[test]
fn a_council_with_no_value_has_no_position_but_the_group_is_still_described() {
    let now = figures(&[("B", dec!(7)), ("C", dec!(9))]);
    let before = figures(&[(COUNCIL, dec!(4)), ("B", dec!(6)), ("C", dec!(8))]);
    let b = run(Polarity::Higher, &["B", "C"], &now, &before);
    assert_eq!(b.position, None);
    assert_eq!((b.listed, b.compared), (3, 2));
    assert_eq!(b.missing, [COUNCIL]);
    // Median of 7 and 9: h = 1 × 0.5 + 1 = 1.5, 7 + 0.5 × 2 = 8; last year 6.
    assert_eq!(b.median(), Some(dec!(8)));
    assert_eq!(b.last_year.median, Some(dec!(6)));
    assert_eq!((b.council_travel, b.median_travel), (Travel::NotComparable, Travel::Improved));
}

#[test]
fn no_values_at_all_and_a_council_alone() {
    let b = run(Polarity::Lower, &["B"], &HashMap::new(), &HashMap::new());
    assert_eq!((b.listed, b.compared, b.quartiles, b.position.clone()), (2, 0, None, None));
    assert_eq!(b.median_travel, Travel::NotComparable);

    let alone = run(Polarity::Lower, &[] as &[&str], &figures(&[(COUNCIL, dec!(3))]), &figures(&[(COUNCIL, dec!(3))]));
    let p = alone.position.as_ref().unwrap();
    assert_eq!((p.quartile.number(), p.rank.describe(Polarity::Lower)), (1, "1st of 1".to_string()));
    assert_eq!(alone.council_travel, Travel::NoChange);
}

#[test]
fn a_figure_too_large_is_refused_naming_its_area() {
    let huge = Decimal::from(10_i64.pow(13));
    let e = benchmark(COUNCIL, &["B"], Polarity::Higher, |a| (a == "B").then_some(huge), |_| None).unwrap_err();
    assert_eq!(e, BenchmarkError::TooLarge { area: "B".into(), value: huge });
    assert!(e.to_string().starts_with("B's figure 10000000000000 is too large"), "{e}");
}

#[test]
fn ordinals() {
    let words: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal).to_vec();
    assert_eq!(
        words,
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th"]
    );
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// A figure within the bounds, with up to 3 places.
fn figure() -> impl Strategy<Value = Decimal> {
    (-1_000_000_000i64..=1_000_000_000, 0u32..=3).prop_map(|(m, s)| Decimal::new(m, s))
}

fn polarity() -> impl Strategy<Value = Polarity> {
    prop_oneof![Just(Polarity::Higher), Just(Polarity::Lower), Just(Polarity::None)]
}

/// The group's areas (B0, B1, ...) and their figures, some missing.
fn group() -> impl Strategy<Value = Vec<Option<Decimal>>> {
    prop::collection::vec(prop::option::weighted(0.85, figure()), 0..30)
}

fn compare(polarity: Polarity, council: Decimal, others: &[Option<Decimal>]) -> Benchmark {
    let areas: Vec<String> = (0..others.len()).map(|i| format!("B{i}")).collect();
    let value = |a: &str| match a {
        COUNCIL => Some(council),
        other => others[other[1..].parse::<usize>().unwrap()],
    };
    benchmark(COUNCIL, &areas, polarity, value, |_| None).unwrap()
}

/// Whether `a` is at least as good as `b` by the polarity (at least as high for none).
fn at_least_as_good(polarity: Polarity, a: Decimal, b: Decimal) -> bool {
    if polarity == Polarity::Lower { a <= b } else { a >= b }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn rank_and_quartile_are_in_range(polarity in polarity(), council in figure(), others in group()) {
        let b = compare(polarity, council, &others);
        let p = b.position.clone().unwrap();
        prop_assert_eq!(b.compared, 1 + others.iter().flatten().count());
        prop_assert_eq!(b.listed, b.compared + b.missing.len());
        prop_assert!((1..=b.compared).contains(&p.rank.position));
        prop_assert_eq!(p.rank.of, b.compared);
        prop_assert!((1..=4).contains(&p.quartile.number()));
        let values: Vec<Decimal> = b.areas.iter().filter_map(|a| a.value).collect();
        for area in b.areas.iter().filter(|a| a.value.is_some()) {
            prop_assert!((1..=b.compared).contains(&area.rank.unwrap()));
            // One more than the number of areas strictly better, counted one by one.
            let v = area.value.unwrap();
            let ahead = values.iter().filter(|w| if polarity == Polarity::Lower { **w < v } else { **w > v }).count();
            prop_assert_eq!(area.rank, Some(ahead + 1));
        }
        let q = b.quartiles.unwrap();
        prop_assert!(q.lowest <= q.lower && q.lower <= q.median && q.median <= q.upper && q.upper <= q.highest);
    }

    #[test]
    fn a_better_value_never_gets_a_worse_rank_or_quarter(
        polarity in polarity(), a in figure(), b in figure(), others in group()
    ) {
        let (better, worse) = if at_least_as_good(polarity, a, b) { (a, b) } else { (b, a) };
        let good = compare(polarity, better, &others).position.unwrap();
        let bad = compare(polarity, worse, &others).position.unwrap();
        prop_assert!(good.rank.position <= bad.rank.position, "{:?} vs {:?}", good, bad);
        prop_assert!(good.quartile <= bad.quartile, "{:?} vs {:?}", good, bad);
        prop_assert!(good.gap_to_median >= bad.gap_to_median);
        prop_assert!(good.gap_to_top_quartile >= bad.gap_to_top_quartile);
    }

    #[test]
    fn the_order_the_group_is_listed_in_changes_no_figure(
        polarity in polarity(), council in figure(), others in group()
    ) {
        let forward = compare(polarity, council, &others);
        let reversed: Vec<Option<Decimal>> = others.iter().rev().copied().collect();
        let backward = compare(polarity, council, &reversed);
        prop_assert_eq!(forward.quartiles, backward.quartiles);
        prop_assert_eq!(forward.position, backward.position);
    }

    #[test]
    fn the_best_area_ranks_first_and_the_chart_runs_best_first(polarity in polarity(), council in figure(), others in group()) {
        let b = compare(polarity, council, &others);
        let ranks: Vec<usize> = b.areas.iter().filter_map(|a| a.rank).collect();
        prop_assert_eq!(ranks.first().copied(), Some(1));
        prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
    }
}
