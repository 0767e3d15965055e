//! Property tests for the rules of outturn-core. Every number is a
//! `rust_decimal::Decimal`: no binary floats anywhere.

use jiff::{Timestamp, ToSpan};
use outturn_core::result::as_recorded;
use outturn_core::status::{Evidence, judge};
use outturn_core::{
    AsOf, Decimal, Figure, FinancialYear, Frequency, Key, Measure, MeasureCode, MeasureHistory, Month, Period,
    Polarity, Quarter, ResultEntry, ResultValue, Status, StatusRule, TargetRevision, Tolerance, ToleranceKind, Unit,
    YtdRule, assess,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/// A decimal between -1,000,000 and 1,000,000 with up to 3 places.
fn decimal() -> impl Strategy<Value = Decimal> {
    (-1_000_000_000i64..=1_000_000_000, 0u32..=3).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
}

fn non_negative_decimal() -> impl Strategy<Value = Decimal> {
    (0i64..=100_000_000, 0u32..=3).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
}

fn tolerance() -> impl Strategy<Value = StatusRule> {
    prop_oneof![
        Just(StatusRule::Threshold),
        (
            prop_oneof![Just(ToleranceKind::Points), Just(ToleranceKind::Percent), Just(ToleranceKind::Absolute)],
            non_negative_decimal()
        )
            .prop_map(|(kind, amber)| StatusRule::Tolerance(Tolerance { kind, amber })),
    ]
}

/// Years well inside the supported range, so that neighbours are valid too.
const YEARS: std::ops::Range<i16> = 1950..2900;

fn financial_year() -> impl Strategy<Value = FinancialYear> {
    YEARS.prop_map(|y| FinancialYear::starting(y).unwrap())
}

fn month() -> impl Strategy<Value = Month> {
    (YEARS, 1u8..=12).prop_map(|(y, m)| Month::new(y, m).unwrap())
}

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        financial_year().prop_map(Period::Year),
        (financial_year(), 1u8..=4).prop_map(|(fy, q)| fy.quarter(Quarter::new(q).unwrap())),
        month().prop_map(Period::Month),
    ]
}

fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).unwrap()
}

fn measure(unit: Unit, polarity: Polarity, frequency: Frequency, ytd: YtdRule, rule: StatusRule) -> Measure {
    Measure {
        code: code("PROP1"),
        title: "A measure".into(),
        definition: None,
        owner: Key::parse("owner").unwrap(),
        officer: None,
        aligned: vec![],
        tags: vec![],
        unit,
        decimals: 2,
        polarity,
        frequency,
        ytd,
        status_rule: rule,
        active_from: None,
        retired_from: None,
        retired_reason: None,
    }
}

fn figure(value: Decimal, cumulative: bool) -> ResultValue {
    ResultValue::Figure(Figure { value, numerator: None, denominator: None, cumulative, forecast: None })
}

fn base_time() -> Timestamp {
    "2020-10-01T09:00:00Z".parse().unwrap()
}

fn result(period: Period, value: ResultValue, recorded_at: Timestamp) -> ResultEntry {
    ResultEntry { measure: code("PROP1"), period, value, commentary: None, recorded_at, recorded_by: "owner".into() }
}

fn p(text: &str) -> Period {
    Period::parse(text).unwrap()
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 512, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------
// Status: polarity symmetry and the meaning of Green
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn polarity_is_a_mirror(f in decimal(), t in decimal(), rule in tolerance()) {
        let higher = measure(Unit::Percentage, Polarity::Higher, Frequency::Quarterly, YtdRule::Snapshot, rule);
        let lower = measure(Unit::Percentage, Polarity::Lower, Frequency::Quarterly, YtdRule::Snapshot, rule);
        prop_assert_eq!(judge(&higher, higher.status_rule, f, Some(t), Evidence::default()), judge(&lower, lower.status_rule, -f, Some(-t), Evidence::default()));
    }

    #[test]
    fn green_exactly_when_at_or_better_than_target(f in decimal(), t in decimal(), rule in tolerance()) {
        let higher = measure(Unit::Percentage, Polarity::Higher, Frequency::Quarterly, YtdRule::Snapshot, rule);
        let lower = measure(Unit::Percentage, Polarity::Lower, Frequency::Quarterly, YtdRule::Snapshot, rule);
        prop_assert_eq!(judge(&higher, higher.status_rule, f, Some(t), Evidence::default()) == Status::Green, f >= t);
        prop_assert_eq!(judge(&lower, lower.status_rule, f, Some(t), Evidence::default()) == Status::Green, f <= t);
        // Every judged figure is Green, Amber or Red; a threshold is never Amber.
        for m in [&higher, &lower] {
            let s = judge(m, m.status_rule, f, Some(t), Evidence::default());
            prop_assert!(matches!(s, Status::Green | Status::Amber | Status::Red), "{s:?}");
            if rule == StatusRule::Threshold {
                prop_assert_ne!(s, Status::Amber);
            }
        }
    }

    #[test]
    fn amber_exactly_within_the_tolerance(f in decimal(), t in decimal(), kind in 0u8..3, amber in non_negative_decimal()) {
        let kind = [ToleranceKind::Points, ToleranceKind::Percent, ToleranceKind::Absolute][usize::from(kind)];
        let rule = StatusRule::Tolerance(Tolerance { kind, amber });
        let m = measure(Unit::Percentage, Polarity::Higher, Frequency::Quarterly, YtdRule::Snapshot, rule);
        let short = t - f;
        let allowed = match kind {
            ToleranceKind::Percent => amber * t.abs() / Decimal::ONE_HUNDRED,
            _ => amber,
        };
        let expected = if short <= Decimal::ZERO {
            Status::Green
        } else if short <= allowed && !(kind == ToleranceKind::Percent && t.is_zero()) {
            Status::Amber
        } else {
            Status::Red
        };
        prop_assert_eq!(judge(&m, m.status_rule, f, Some(t), Evidence::default()), expected);
    }

    #[test]
    fn assess_agrees_with_judge_and_reports_the_variance(f in decimal(), t in decimal(), rule in tolerance(), higher in any::<bool>()) {
        let polarity = if higher { Polarity::Higher } else { Polarity::Lower };
        let m = measure(Unit::Percentage, polarity, Frequency::Quarterly, YtdRule::Snapshot, rule);
        let q2 = p("2020/21-Q2");
        let history = MeasureHistory {
            results: vec![result(q2, figure(f, false), base_time())],
            targets: vec![TargetRevision {
                measure: m.code.clone(),
                period: Period::Year(q2.financial_year()),
                value: t,
                effective: jiff::civil::date(2020, 4, 1),
                reason: "plan".into(),
                author: "team".into(),
                recorded_at: base_time(),
            }],
            ..MeasureHistory::default()
        };
        let a = assess(&m, &history, q2, AsOf::now()).unwrap();
        prop_assert_eq!(a.status, judge(&m, m.status_rule, f, Some(t), Evidence::default()));
        prop_assert_eq!(a.variance, Some(f - t));
    }
}

// ---------------------------------------------------------------------------
// As recorded: corrections and the instant a question is asked about
// ---------------------------------------------------------------------------

/// Entries for one period, recorded at strictly increasing instants (gaps in
/// seconds), with entries for other periods interleaved as noise.
fn recorded_sequence() -> impl Strategy<Value = Vec<(Decimal, i64, bool)>> {
    prop::collection::vec((decimal(), 1i64..=86_400 * 10, any::<bool>()), 1..12)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn as_of_returns_the_last_entry_recorded_by_then(
        seq in recorded_sequence(),
        asks in prop::collection::vec(-86_400i64..=86_400 * 130, 1..8),
    ) {
        let q2 = p("2020/21-Q2");
        let q1 = p("2020/21-Q1");
        let mut entries = vec![];
        let mut at = base_time();
        let mut own = vec![]; // (index in entries, recorded_at, value)
        for (value, gap, noise) in &seq {
            at = at.checked_add(gap.seconds()).unwrap();
            if *noise {
                // Another period's entry recorded at the same instant.
                entries.push(result(q1, figure(-*value, false), at));
            }
            own.push((entries.len(), at, *value));
            entries.push(result(q2, figure(*value, false), at));
        }
        let m = measure(Unit::Count, Polarity::Higher, Frequency::Quarterly, YtdRule::Snapshot, StatusRule::Threshold);
        let history = MeasureHistory { results: entries.clone(), ..MeasureHistory::default() };
        let mut asks: Vec<Timestamp> = asks.iter().map(|s| base_time().checked_add(s.seconds()).unwrap()).collect();
        asks.sort();
        let mut last_index: Option<usize> = None;
        for t in asks {
            let expected = own.iter().rev().find(|(_, recorded, _)| *recorded <= t);
            let found = as_recorded(&entries, q2, AsOf::at(t));
            let index = found.map(|e| entries.iter().position(|x| std::ptr::eq(x, e)).unwrap());
            prop_assert_eq!(index, expected.map(|(i, _, _)| *i));
            let a = assess(&m, &history, q2, AsOf::at(t)).unwrap();
            prop_assert_eq!(a.figure, expected.map(|(_, _, v)| *v));
            if expected.is_none() {
                prop_assert_eq!(a.status, Status::Missing);
            }
            // Asking later never goes back to an entry recorded earlier.
            if let (Some(before), Some(now)) = (last_index, index) {
                prop_assert!(entries[now].recorded_at >= entries[before].recorded_at);
                prop_assert!(now >= before);
            }
            prop_assert!(!(last_index.is_some() && index.is_none()), "an entry known earlier is forgotten later");
            last_index = index;
        }
    }
}

// ---------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_period_parses_from_what_it_displays(period in period()) {
        let text = period.to_string();
        prop_assert_eq!(Period::parse(&text), Ok(period), "{}", text);
        prop_assert_eq!(text.parse::<Period>(), Ok(period));
    }

    #[test]
    fn next_and_previous_undo_each_other(period in period()) {
        prop_assert_eq!(period.next().previous(), period);
        prop_assert_eq!(period.previous().next(), period);
        prop_assert_eq!(period.next().frequency(), period.frequency());
        prop_assert!(period.next() > period);
        prop_assert!(period.previous() < period);
        // Adjacent: the next starts the day after this one ends.
        prop_assert_eq!(period.next().start_date(), period.end_date().tomorrow().unwrap());
    }

    #[test]
    fn same_period_last_year_is_twelve_months_earlier(period in period()) {
        let last = period.same_period_last_year();
        prop_assert_eq!(last.frequency(), period.frequency());
        prop_assert_eq!(last.start_date(), period.start_date().checked_sub(1.year()).unwrap());
        prop_assert_eq!(last.months().len(), period.months().len());
        prop_assert_eq!(last.end_date().first_of_month(), period.end_date().first_of_month().checked_sub(1.year()).unwrap());
        prop_assert_eq!(last.financial_year(), period.financial_year().previous());
    }

    #[test]
    fn a_month_is_in_exactly_one_quarter_and_one_year(m in month()) {
        let fy = m.financial_year();
        let month = Period::Month(m);
        let years = [fy.previous(), fy, fy.next()];
        let quarters: Vec<Period> = years.iter()
            .flat_map(|y| (1..=4).map(|q| y.quarter(Quarter::new(q).unwrap())))
            .collect();
        let containing: Vec<&Period> = quarters.iter().filter(|q| q.contains(month)).collect();
        prop_assert_eq!(containing.len(), 1);
        prop_assert_eq!(*containing[0], Frequency::Quarterly.period_containing(m));
        prop_assert_eq!(*containing[0], Period::Quarter(fy, m.quarter()));
        let years: Vec<Period> = years.iter().map(|y| Period::Year(*y)).filter(|y| y.contains(month)).collect();
        prop_assert_eq!(years.clone(), vec![Frequency::Annual.period_containing(m)]);
        prop_assert_eq!(years[0], Period::Year(fy));
        prop_assert_eq!(Frequency::Monthly.period_containing(m), month);
        // And the quarter lies in that year.
        prop_assert!(years[0].contains(*containing[0]));
        // The month's dates lie within the year's.
        let year = Period::Year(fy);
        prop_assert!(year.start_date() <= month.start_date() && month.end_date() <= year.end_date());
    }

    #[test]
    fn period_containing_agrees_with_contains(m in month(), other in period()) {
        let month = Period::Month(m);
        for frequency in [Frequency::Monthly, Frequency::Quarterly, Frequency::Annual] {
            let containing = frequency.period_containing(m);
            prop_assert!(containing.contains(month));
            prop_assert_eq!(containing.frequency(), frequency);
            if other.frequency() == frequency {
                prop_assert_eq!(other.contains(month), other == containing);
            }
        }
    }

    #[test]
    fn year_to_date_is_the_start_of_the_year_to_the_end_of_the_period(period in period()) {
        let ytd = period.year_to_date();
        let year = Period::Year(period.financial_year()).months();
        prop_assert!(!ytd.is_empty());
        prop_assert_eq!(&year[..ytd.len()], &ytd[..]);
        prop_assert_eq!(*ytd.last().unwrap(), period.last_month());
        prop_assert_eq!(ytd[0].month(), 4);
    }

    #[test]
    fn ordering_follows_the_calendar(a in period(), b in period()) {
        if a.start_date() < b.start_date() {
            prop_assert!(a < b);
        }
        prop_assert_eq!(a.cmp(&b), (a.start_date(), a.end_date()).cmp(&(b.start_date(), b.end_date())));
        prop_assert_eq!(a == b, a.cmp(&b) == std::cmp::Ordering::Equal);
    }

    #[test]
    fn months_of_a_period_are_contiguous_and_inside_it(period in period()) {
        let months = period.months();
        prop_assert_eq!(months.len(), match period.frequency() {
            Frequency::Monthly => 1, Frequency::Quarterly => 3, Frequency::Annual => 12,
        });
        for w in months.windows(2) {
            prop_assert_eq!(Period::Month(w[0]).next(), Period::Month(w[1]));
        }
        for m in &months {
            prop_assert!(period.contains(Period::Month(*m)));
        }
        prop_assert_eq!(months[0], period.first_month());
        prop_assert_eq!(*months.last().unwrap(), period.last_month());
    }
}

// ---------------------------------------------------------------------------
// Keys and measure codes
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_key_parses_from_its_text(text in "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,4}") {
        let key = Key::parse(&text).unwrap();
        prop_assert_eq!(key.as_str(), text.as_str());
        prop_assert_eq!(Key::parse(key.as_str()), Ok(key.clone()));
        prop_assert_eq!(key.to_string(), text);
    }

    #[test]
    fn a_key_with_upper_case_or_spaces_is_refused(text in "[a-z]{0,5}[A-Z ][a-z]{0,5}") {
        prop_assert!(Key::parse(&text).is_err());
    }

    #[test]
    fn a_measure_code_parses_from_its_text(text in "[A-Za-z0-9][A-Za-z0-9.\\-_/()]{0,39}") {
        let code = MeasureCode::parse(&text).unwrap();
        prop_assert_eq!(code.as_str(), text.as_str());
        prop_assert_eq!(MeasureCode::parse(code.as_str()), Ok(code.clone()));
        prop_assert_eq!(code.to_string(), text);
    }
}

// ---------------------------------------------------------------------------
// The sum rule
// ---------------------------------------------------------------------------

fn summed() -> Measure {
    measure(Unit::Count, Polarity::Higher, Frequency::Quarterly, YtdRule::Sum, StatusRule::Threshold)
}

fn quarter(n: u8) -> Period {
    FinancialYear::starting(2020).unwrap().quarter(Quarter::new(n).unwrap())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_summed_figure_is_the_sum_of_the_quarters(q in prop::array::uniform4(decimal())) {
        let m = summed();
        let results = (1..=4).map(|n| result(quarter(n), figure(q[usize::from(n) - 1], false), base_time())).collect();
        let history = MeasureHistory { results, ..MeasureHistory::default() };
        let mut running = Decimal::ZERO;
        for n in 1..=4u8 {
            running += q[usize::from(n) - 1];
            let a = assess(&m, &history, quarter(n), AsOf::now()).unwrap();
            prop_assert_eq!(a.figure, Some(running), "Q{}", n);
        }
        let year = assess(&m, &history, Period::Year(quarter(1).financial_year()), AsOf::now()).unwrap();
        prop_assert_eq!(year.figure_period, quarter(4));
        prop_assert_eq!(year.figure, Some(q.iter().copied().sum::<Decimal>()));
    }

    #[test]
    fn a_cumulative_figure_then_quarters_adds_only_the_later_quarters(
        q1 in decimal(), cumulative in decimal(), q3 in decimal(), q4 in decimal(),
    ) {
        let m = summed();
        let results = vec![
            // A Q1 entry that the cumulative Q2 figure already covers: not added again.
            result(quarter(1), figure(q1, false), base_time()),
            result(quarter(2), figure(cumulative, true), base_time()),
            result(quarter(3), figure(q3, false), base_time()),
            result(quarter(4), figure(q4, false), base_time()),
        ];
        let history = MeasureHistory { results, ..MeasureHistory::default() };
        let figure_at = |n| assess(&m, &history, quarter(n), AsOf::now()).unwrap().figure;
        prop_assert_eq!(figure_at(2), Some(cumulative));
        prop_assert_eq!(figure_at(3), Some(cumulative + q3));
        prop_assert_eq!(figure_at(4), Some(cumulative + q3 + q4));
        // The quarter's own figure, for direction of travel: Q3 is q3.
        let a = assess(&m, &history, quarter(4), AsOf::now()).unwrap();
        prop_assert_eq!(a.previous.figure, Some(q3));
    }

    #[test]
    fn a_ratio_is_the_sum_of_numerators_over_the_sum_of_denominators(
        months in prop::collection::vec((0i64..=10_000, 1i64..=500), 1..=12),
    ) {
        let m = measure(Unit::Days, Polarity::Lower, Frequency::Monthly, YtdRule::Ratio { scale: Decimal::ONE }, StatusRule::Threshold);
        let april = p("2020-04");
        let mut period = april;
        let mut results = vec![];
        for (n, d) in &months {
            let (n, d) = (Decimal::from(*n), Decimal::from(*d));
            results.push(result(period, ResultValue::Figure(Figure {
                value: n / d, numerator: Some(n), denominator: Some(d), cumulative: false, forecast: None,
            }), base_time()));
            period = period.next();
        }
        let last = period.previous();
        let history = MeasureHistory { results, ..MeasureHistory::default() };
        let a = assess(&m, &history, last, AsOf::now()).unwrap();
        let n: i64 = months.iter().map(|(n, _)| n).sum();
        let d: i64 = months.iter().map(|(_, d)| d).sum();
        prop_assert_eq!(a.figure, Some(Decimal::from(n) / Decimal::from(d)));
    }
}

// ---------------------------------------------------------------------------
// Direction of travel and the rolling twelve months
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn direction_is_a_mirror_too(now in decimal(), before in decimal()) {
        use outturn_core::Direction;
        let higher = Direction::between(Polarity::Higher, Some(now), Some(before));
        prop_assert_eq!(higher, Direction::between(Polarity::Lower, Some(-now), Some(-before)));
        let expected = match now.cmp(&before) {
            std::cmp::Ordering::Greater => Direction::Improving,
            std::cmp::Ordering::Less => Direction::Worsening,
            std::cmp::Ordering::Equal => Direction::Unchanged,
        };
        prop_assert_eq!(higher, expected);
        prop_assert_eq!(Direction::between(Polarity::None, Some(now), Some(before)), Direction::NotComparable);
        prop_assert_eq!(Direction::between(Polarity::Higher, None, Some(before)), Direction::NotComparable);
    }

    #[test]
    fn a_rolling_figure_adds_the_twelve_months_to_the_period_across_years(
        values in prop::collection::vec(non_negative_decimal(), 24),
        asked in 12usize..24,
    ) {
        let m = measure(Unit::Days, Polarity::Lower, Frequency::Monthly, YtdRule::RollingTwelveMonths, StatusRule::Threshold);
        let first = p("2019-04");
        let mut months = vec![first];
        for _ in 1..24 {
            months.push(months.last().unwrap().next());
        }
        let results = months.iter().zip(&values).map(|(m, v)| result(*m, figure(*v, false), base_time())).collect();
        let history = MeasureHistory { results, ..MeasureHistory::default() };
        let a = assess(&m, &history, months[asked], AsOf::now()).unwrap();
        let expected: Decimal = values[asked - 11..=asked].iter().copied().sum();
        prop_assert_eq!(a.figure, Some(expected));
        // Eleven months back is not enough.
        let short = assess(&m, &history, months[10], AsOf::now()).unwrap();
        prop_assert_eq!(short.figure, None);
        prop_assert_eq!(short.status, Status::Missing);
    }
}
