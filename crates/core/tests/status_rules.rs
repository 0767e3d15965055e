//! Status rules as councils publish them, each worked through the public
//! API (`assess`) and explained in words (`Assessment::explain`).

mod worked;

use outturn_core::{Decimal, Polarity, Status, StatusRule, Tolerance, ToleranceKind, Unit, YtdRule};
use rust_decimal_macros::dec;

use worked::*;

// ---------------------------------------------------------------------------
// Direction-aware: London Borough of Havering, Cabinet, Corporate
// Performance Report Quarter 4 2013/14
// (https://democracy.havering.gov.uk/mgAi.aspx?ID=7435):
// "Red = more than 10% off the Quarter 4 Target and where performance had
// not improved compared to Quarter 4 2012/13; Amber = more than 10% off the
// Quarter 4 Target and where performance had improved or been maintained
// compared to Quarter 4 2012/13; Green = on or within 10% of the Quarter 4
// Target".
// ---------------------------------------------------------------------------

fn direction_aware() -> StatusRule {
    StatusRule::DirectionAware(Tolerance { kind: ToleranceKind::Percent, amber: dec!(10) })
}

/// A quarterly percentage, higher is better, target 80% for 2020/21: its
/// status and explanation at 2020/21-Q2 for `now`, with `last_year` for
/// 2019/20-Q2 when given.
fn rated(now: Decimal, last_year: Option<Decimal>) -> (Status, String) {
    let m = quarterly("HAV-ND1", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, direction_aware());
    let mut results = vec![entry(&m, "2020/21-Q2", value(now))];
    results.extend(last_year.map(|v| entry(&m, "2019/20-Q2", value(v))));
    let h = history(results, vec![target(&m, "2020/21", dec!(80)), target(&m, "2019/20", dec!(80))]);
    let a = assess_now(&m, &h, q2());
    let words = a.explain(&m).expect("a figure against a target is explained");
    (a.status, words)
}

#[test]
fn direction_aware_on_or_within_the_tolerance_is_green() {
    assert_eq!(rated(dec!(80), None), (Status::Green, "Green: on target".to_string()));
    // Better than target: by how much, never a negative gap.
    let better = (Status::Green, "Green: 5 percentage points above target".to_string());
    assert_eq!(rated(dec!(85), Some(dec!(90))), better, "better than target, whatever last year");
    // 72 is exactly 10% of 80 below it: "on or within 10%" is Green, with no
    // figure last year to compare (the band alone decides).
    assert_eq!(
        rated(dec!(72), None),
        (Status::Green, "Green: 8 percentage points below target, within the tolerance of 10%".to_string())
    );
}

#[test]
fn direction_aware_beyond_the_tolerance_is_amber_when_better_than_last_year() {
    assert_eq!(
        rated(dec!(71.9), Some(dec!(70))),
        (
            Status::Amber,
            "Amber: 8.1 percentage points below target, beyond the tolerance of 10%, and better than July to \
             September 2019"
                .to_string()
        )
    );
}

#[test]
fn direction_aware_beyond_the_tolerance_is_amber_when_maintained() {
    let (status, words) = rated(dec!(71.9), Some(dec!(71.9)));
    assert_eq!(status, Status::Amber, "{words}");
    assert!(words.ends_with("and the same as July to September 2019"), "{words}");
}

#[test]
fn direction_aware_beyond_the_tolerance_is_red_when_worse_than_last_year() {
    let (status, words) = rated(dec!(71.9), Some(dec!(75)));
    assert_eq!(status, Status::Red, "{words}");
    assert!(words.starts_with("Red: 8.1 percentage points below target"), "{words}");
    assert!(words.ends_with("and worse than July to September 2019"), "{words}");
}

#[test]
fn direction_aware_with_no_figure_last_year_is_red() {
    // "had not improved": with nothing to compare, it cannot be shown to have.
    let (status, words) = rated(dec!(60), None);
    assert_eq!(status, Status::Red, "{words}");
    assert!(words.ends_with("and no figure for July to September 2019 to show it improved"), "{words}");
}

#[test]
fn direction_aware_lower_is_better_reads_above_target() {
    // Days to re-let a void, target 20 days, 10% tolerance: 23 days is 15% over.
    let rule = StatusRule::DirectionAware(Tolerance { kind: ToleranceKind::Percent, amber: dec!(10) });
    let m = quarterly("HAV-VOID", Unit::Days, Polarity::Lower, YtdRule::Snapshot, rule);
    let h = history(
        vec![entry(&m, "2020/21-Q2", value(dec!(23))), entry(&m, "2019/20-Q2", value(dec!(25)))],
        vec![target(&m, "2020/21", dec!(20))],
    );
    let a = assess_now(&m, &h, q2());
    assert_eq!(a.status, Status::Amber, "fewer days than last year is better");
    assert_eq!(
        a.explain(&m).as_deref(),
        Some("Amber: 3 days above target, beyond the tolerance of 10%, and better than July to September 2019")
    );
}

// ---------------------------------------------------------------------------
// Forecast-aware: Epping Forest District Council, Overview and Scrutiny
// Committee, Corporate Plan Performance Exception Report Quarter 3 2019/20
// (https://rds.eppingforestdc.gov.uk/mgAi.aspx?ID=74488): "Improved Customer
// First Contact - The annual target had been set at 45% but the actual was
// currently 40.17%. The Contact Centre ... hoped to achieve the target by the
// end of the financial year" (reported Amber, by exception). Off target but
// forecast to meet the year-end target is Amber; forecast to miss, Red.
// ---------------------------------------------------------------------------

mod forecast_aware {
    use outturn_core::{Decimal, Figure, Polarity, ResultValue, Status, StatusRule, Tolerance, ToleranceKind, Unit};
    use outturn_core::{Period, YtdRule};
    use rust_decimal_macros::dec;

    use super::worked::*;

    fn q3() -> Period {
        period("2019/20-Q3")
    }

    /// First contact resolution (quarterly %, higher is better, annual
    /// target 45%, Amber within 2 points): status and words at 2019/20-Q3.
    fn rated(now: Decimal, forecast: Option<Decimal>) -> (Status, String) {
        let rule = StatusRule::ForecastAware(Tolerance { kind: ToleranceKind::Points, amber: dec!(2) });
        let mut m = quarterly("EFDC-FCR", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, rule);
        m.decimals = 2;
        let figure = ResultValue::Figure(Figure { forecast, ..Figure::of(now) });
        let h = history(vec![entry(&m, "2019/20-Q3", figure)], vec![target(&m, "2019/20", dec!(45))]);
        let a = assess_now(&m, &h, q3());
        let words = a.explain(&m).unwrap_or_default();
        (a.status, words)
    }

    #[test]
    fn off_target_but_forecast_to_meet_the_year_end_target_is_amber() {
        assert_eq!(
            rated(dec!(40.17), Some(dec!(45))),
            (
                Status::Amber,
                "Amber: 4.83 percentage points below target, beyond the tolerance of 2 percentage points, and the \
                 year-end forecast of 45% meets the 2019/20 target of 45%"
                    .to_string()
            )
        );
    }

    #[test]
    fn off_target_and_forecast_to_miss_is_red() {
        let (status, words) = rated(dec!(40.17), Some(dec!(44.9)));
        assert_eq!(status, Status::Red, "{words}");
        assert!(words.ends_with("the year-end forecast of 44.9% misses the 2019/20 target of 45%"), "{words}");
    }

    #[test]
    fn with_no_forecast_it_cannot_be_shown_to_recover_so_red() {
        let (status, words) = rated(dec!(40.17), None);
        assert_eq!(status, Status::Red, "{words}");
        assert!(words.ends_with("and no year-end forecast for 2019/20 was given"), "{words}");
        // A forecast with no year-end target to meet shows nothing either
        // (a level target set for a quarter holds for the year end, so only
        // the rule itself can be asked).
        let rule = StatusRule::ForecastAware(Tolerance { kind: ToleranceKind::Points, amber: dec!(2) });
        let m = quarterly("EFDC-FCR", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, rule);
        let evidence = |target| outturn_core::status::Evidence {
            last_year: None,
            year_end: Some(outturn_core::status::YearEnd { forecast: dec!(50), target }),
        };
        assert_eq!(outturn_core::status::judge(&m, rule, dec!(40), Some(dec!(45)), evidence(None)), Status::Red);
        assert_eq!(
            outturn_core::status::judge(&m, rule, dec!(40), Some(dec!(45)), evidence(Some(dec!(45)))),
            Status::Amber
        );
    }

    #[test]
    fn within_the_tolerance_is_amber_whatever_the_forecast_and_on_target_green() {
        // Exactly at the band: 2 points below is within it.
        let (status, words) = rated(dec!(43), Some(dec!(40)));
        assert_eq!(status, Status::Amber, "{words}");
        assert!(words.ends_with("within the tolerance of 2 percentage points"), "{words}");
        assert_eq!(rated(dec!(45), None).0, Status::Green);
        assert_eq!(rated(dec!(46), Some(dec!(40))).0, Status::Green, "on target now is Green");
    }

    #[test]
    fn lower_is_better_forecasts_read_the_other_way() {
        // Days to re-let a void: target 20 days for the year, 22 days now.
        let rule = StatusRule::ForecastAware(Tolerance { kind: ToleranceKind::Absolute, amber: dec!(1) });
        let m = quarterly("VOID", Unit::Days, Polarity::Lower, YtdRule::Snapshot, rule);
        let at = |forecast| {
            let figure = ResultValue::Figure(Figure { forecast: Some(forecast), ..Figure::of(dec!(22)) });
            let h = history(vec![entry(&m, "2019/20-Q3", figure)], vec![target(&m, "2019/20", dec!(20))]);
            assess_now(&m, &h, q3()).status
        };
        assert_eq!(at(dec!(19.5)), Status::Amber);
        assert_eq!(at(dec!(20)), Status::Amber, "a forecast at target meets it");
        assert_eq!(at(dec!(20.5)), Status::Red);
    }

    #[test]
    fn with_no_tolerance_any_shortfall_is_decided_by_the_forecast() {
        // The Epping Forest demo's reading: no tolerance at all.
        let rule = StatusRule::ForecastAware(Tolerance { kind: ToleranceKind::Points, amber: dec!(0) });
        let mut m = quarterly("EFDC-FCR", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, rule);
        m.decimals = 2;
        let figure = ResultValue::Figure(Figure { forecast: Some(dec!(45)), ..Figure::of(dec!(44.99)) });
        let h = history(vec![entry(&m, "2019/20-Q3", figure)], vec![target(&m, "2019/20", dec!(45))]);
        let a = assess_now(&m, &h, q3());
        assert_eq!(
            a.explain(&m).unwrap(),
            "Amber: 0.01 percentage points below target, and the year-end forecast of 45% meets the 2019/20 target of 45%"
        );
        assert_eq!(rule.describe(), "Off target: Amber if the year-end forecast meets the year-end target, Red if not");
    }

    #[test]
    fn at_the_year_end_the_figure_is_the_outturn_and_no_forecast_decides() {
        let rule = StatusRule::ForecastAware(Tolerance { kind: ToleranceKind::Points, amber: dec!(2) });
        let m = quarterly("EFDC-FCR", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, rule);
        let figure = ResultValue::Figure(Figure { forecast: Some(dec!(45)), ..Figure::of(dec!(40)) });
        let h = history(vec![entry(&m, "2019/20-Q4", figure)], vec![target(&m, "2019/20", dec!(45))]);
        let a = assess_now(&m, &h, period("2019/20-Q4"));
        assert_eq!(a.status, Status::Red);
        assert!(
            a.explain(&m)
                .unwrap()
                .ends_with("the year has ended, so the figure is the 2019/20 outturn, not a forecast")
        );
    }

    #[test]
    fn a_monthly_measure_reads_a_target_set_for_the_last_quarter_as_the_year_end() {
        let rule = StatusRule::ForecastAware(Tolerance { kind: ToleranceKind::Points, amber: dec!(0) });
        let m = measure(
            "CALLS",
            Unit::Percentage,
            Polarity::Higher,
            outturn_core::Frequency::Monthly,
            YtdRule::Snapshot,
            rule,
        );
        let figure = ResultValue::Figure(Figure { forecast: Some(dec!(91)), ..Figure::of(dec!(85)) });
        let h = history(
            vec![entry(&m, "2019-09", figure)],
            vec![target(&m, "2019-09", dec!(88)), target(&m, "2019/20-Q4", dec!(90))],
        );
        let a = assess_now(&m, &h, period("2019-09"));
        assert_eq!(a.year_end.and_then(|y| y.target), Some(dec!(90)));
        assert_eq!(a.status, Status::Amber);
    }

    #[test]
    fn a_forecast_is_given_only_with_a_figure() {
        let m = quarterly("EFDC-FCR", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, points(dec!(2)));
        let input = outturn_core::result::ResultInput {
            missing_reason: Some("system down".into()),
            forecast: Some(dec!(45)),
            ..Default::default()
        };
        assert_eq!(input.check(&m, q3()), Err(outturn_core::result::ResultError::ForecastWithoutFigure));
    }
}

// ---------------------------------------------------------------------------
// Bands: Townsville City Council, Annual Report 2016/17, Goal 3 scorecard
// (https://www.tr.qld.gov.au/ar2017/our-goals/built-environment): "Greater
// than or equal to 85% - is recognised as being on track; Greater than or
// equal to 50%, but below 85% - is recognised as being in need of increased
// attention; Below 50% - is recognised as underperforming" (of target
// achieved). As bands in per cent of the target: Green within 15%, Amber
// within 50%, Red beyond.
// ---------------------------------------------------------------------------

mod bands {
    use outturn_core::{Bands, Decimal, Polarity, Status, StatusRule, ToleranceKind, Unit, YtdRule};
    use rust_decimal_macros::dec;

    use super::worked::*;

    fn scorecard() -> StatusRule {
        StatusRule::Banded(Bands { kind: ToleranceKind::Percent, green: dec!(15), amber: dec!(50), exceeded: None })
    }

    /// Homes approved (a count, higher is better) against a target of 200.
    fn rated(now: Decimal) -> (Status, String) {
        let m = quarterly("TCC-G3", Unit::Count, Polarity::Higher, YtdRule::Snapshot, scorecard());
        let h = history(vec![entry(&m, "2020/21-Q2", value(now))], vec![target(&m, "2020/21", dec!(200))]);
        let a = assess_now(&m, &h, q2());
        (a.status, a.explain(&m).unwrap_or_default())
    }

    #[test]
    fn each_band_holds_its_edge() {
        assert_eq!(rated(dec!(200)), (Status::Green, "Green: on target".to_string()));
        // 170 is exactly 85% of 200: on track.
        assert_eq!(
            rated(dec!(170)),
            (Status::Green, "Green: 30 below target, within the Green band of 15%".to_string())
        );
        assert_eq!(
            rated(dec!(169)),
            (
                Status::Amber,
                "Amber: 31 below target, beyond the Green band of 15% and within the Amber band of 50%".to_string()
            )
        );
        // 100 is exactly 50%: still Amber; 99 is underperforming.
        assert_eq!(rated(dec!(100)).0, Status::Amber);
        assert_eq!(rated(dec!(99)), (Status::Red, "Red: 101 below target, beyond the Amber band of 50%".to_string()));
    }

    #[test]
    fn bands_in_the_unit_read_lower_is_better_the_other_way() {
        // Days to re-let: target 20, Green within 2 days, Amber within 5.
        let rule =
            StatusRule::Banded(Bands { kind: ToleranceKind::Absolute, green: dec!(2), amber: dec!(5), exceeded: None });
        let m = quarterly("VOIDS", Unit::Days, Polarity::Lower, YtdRule::Snapshot, rule);
        let at = |days| {
            let h = history(vec![entry(&m, "2020/21-Q2", value(days))], vec![target(&m, "2020/21", dec!(20))]);
            assess_now(&m, &h, q2()).status
        };
        assert_eq!(
            [at(dec!(15)), at(dec!(22)), at(dec!(25)), at(dec!(25.5))],
            [Status::Green, Status::Green, Status::Amber, Status::Red]
        );
        assert_eq!(rule.describe(), "Green within 2 of target, Amber within 5, Red beyond");
    }

    #[test]
    fn a_band_narrower_than_the_green_one_is_refused() {
        let rule =
            StatusRule::Banded(Bands { kind: ToleranceKind::Percent, green: dec!(10), amber: dec!(5), exceeded: None });
        let mut m = quarterly("BAD", Unit::Count, Polarity::Higher, YtdRule::Snapshot, StatusRule::Threshold);
        m.status_rule = rule;
        assert_eq!(m.problems().iter().map(|p| p.field).collect::<Vec<_>>(), ["status"]);
    }
}

// ---------------------------------------------------------------------------
// Exceeded: East Riding of Yorkshire Council, Performance Plus
// (http://www.eastriding.gov.uk/customer_promises/Customer_Promises_January_09/3.htm):
// "A Green Star shows that performance is significantly better than target
// over a tolerance. A Blue Circle shows that performance is on target within
// a tolerance. A Red Triangle warns that performance is significantly worse
// than target below a tolerance." As bands: Exceeded more than the tolerance
// better than target, Green within it either side, Red beyond (no Amber: the
// Amber band is as wide as the Green). Harlow Council's quarterly reports
// ("a green star means performance is above target, a blue circle means
// performance is within target") are the same with an Exceeded band of 0.
// The council's words and colours for these are its labels (see
// status_labels.rs); the statuses are the core's.
// ---------------------------------------------------------------------------

mod exceeded {
    use outturn_core::{Bands, Decimal, Polarity, Status, StatusLabels, StatusRule, ToleranceKind, Unit, YtdRule};
    use rust_decimal_macros::dec;

    use super::worked::*;

    fn performance_plus(exceeded: Decimal) -> StatusRule {
        StatusRule::Banded(Bands {
            kind: ToleranceKind::Percent,
            green: dec!(5),
            amber: dec!(5),
            exceeded: Some(exceeded),
        })
    }

    /// A percentage, higher or lower better, against a target of 80.
    fn rated(rule: StatusRule, polarity: Polarity, now: Decimal) -> (Status, String) {
        let m = quarterly("ERY-1", Unit::Percentage, polarity, YtdRule::Snapshot, rule);
        let h = history(vec![entry(&m, "2020/21-Q2", value(now))], vec![target(&m, "2020/21", dec!(80))]);
        let a = assess_now(&m, &h, q2());
        (a.status, a.explain(&m).unwrap_or_default())
    }

    #[test]
    fn beyond_the_band_better_than_target_is_exceeded_and_its_edge_is_green() {
        let rule = performance_plus(dec!(5));
        // 5% of 80 is 4: 84 is exactly at the band's edge, within it.
        assert_eq!(
            rated(rule, Polarity::Higher, dec!(84)),
            (Status::Green, "Green: 4 percentage points above target, within the Exceeded band of 5%".to_string())
        );
        assert_eq!(
            rated(rule, Polarity::Higher, dec!(84.1)),
            (
                Status::Exceeded,
                "Exceeded: 4.1 percentage points above target, beyond the Exceeded band of 5%".to_string()
            )
        );
        assert_eq!(rated(rule, Polarity::Higher, dec!(80)), (Status::Green, "Green: on target".to_string()));
        // Within 5% below: Green; beyond: Red (the Amber band has no width).
        assert_eq!(rated(rule, Polarity::Higher, dec!(76)).0, Status::Green);
        assert_eq!(rated(rule, Polarity::Higher, dec!(75.9)).0, Status::Red);
    }

    #[test]
    fn lower_is_better_exceeds_below_the_target() {
        let rule = performance_plus(dec!(5));
        assert_eq!(rated(rule, Polarity::Lower, dec!(75.9)).0, Status::Exceeded);
        assert_eq!(rated(rule, Polarity::Lower, dec!(76)).0, Status::Green);
        assert_eq!(rated(rule, Polarity::Lower, dec!(84.1)).0, Status::Red);
    }

    #[test]
    fn a_band_of_zero_makes_any_figure_above_target_exceeded_and_on_target_green() {
        let harlow = performance_plus(dec!(0));
        assert_eq!(
            rated(harlow, Polarity::Higher, dec!(80.1)),
            (Status::Exceeded, "Exceeded: 0.1 percentage points above target".to_string())
        );
        assert_eq!(rated(harlow, Polarity::Higher, dec!(80)).0, Status::Green, "on target is not above it");
        assert_eq!(harlow.describe(), "Exceeded above target; Green within 5% of target, Amber within 5%, Red beyond");
    }

    #[test]
    fn without_an_exceeded_band_nothing_is_exceeded() {
        let rule =
            StatusRule::Banded(Bands { kind: ToleranceKind::Percent, green: dec!(5), amber: dec!(10), exceeded: None });
        assert_eq!(
            rated(rule, Polarity::Higher, dec!(100)),
            (Status::Green, "Green: 20 percentage points above target".to_string())
        );
    }

    #[test]
    fn the_explanation_is_in_the_council_words() {
        let mut labels = StatusLabels::default();
        labels.set(Status::Exceeded, Some("Green star"), None).unwrap();
        let m = quarterly("ERY-1", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, performance_plus(dec!(5)));
        let h = history(vec![entry(&m, "2020/21-Q2", value(dec!(90)))], vec![target(&m, "2020/21", dec!(80))]);
        let a = assess_now(&m, &h, q2());
        assert_eq!(
            a.explain_in(&m, &labels).unwrap(),
            "Green star: 10 percentage points above target, beyond the Exceeded band of 5%"
        );
    }

    #[test]
    fn a_negative_exceeded_band_is_refused() {
        let mut m = quarterly("BAD", Unit::Count, Polarity::Higher, YtdRule::Snapshot, StatusRule::Threshold);
        m.status_rule = performance_plus(dec!(-1));
        assert_eq!(m.problems().iter().map(|p| p.field).collect::<Vec<_>>(), ["status.exceeded"]);
        m.status_rule = performance_plus(dec!(0));
        assert!(m.problems().is_empty());
    }
}

// ---------------------------------------------------------------------------
// A rule changed after a quarter was published keeps that quarter's status
// (the rule in force is kept with the period).
// ---------------------------------------------------------------------------

#[test]
fn a_kept_rule_judges_its_periods_and_the_new_rule_the_later_ones() {
    // BV9 at 59.9% against 61% in both quarters: Amber within 2 points. The
    // council then makes it a threshold (Red below) after Q2 is published.
    let threshold = quarterly("BV9", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, StatusRule::Threshold);
    let mut h = history(
        vec![entry(&threshold, "2020/21-Q2", value(dec!(59.9))), entry(&threshold, "2020/21-Q3", value(dec!(59.9)))],
        vec![target(&threshold, "2020/21", dec!(61))],
    );
    h.kept_rules.push(outturn_core::KeptRule {
        until: q2(),
        rule: points(dec!(2)),
        recorded_at: ts("2020-11-20T09:00:00Z"),
    });
    let q2_now = assess_now(&threshold, &h, q2());
    assert_eq!((q2_now.status, q2_now.rule), (Status::Amber, points(dec!(2))));
    assert_eq!(
        q2_now.explain(&threshold).unwrap(),
        "Amber: 1.1 percentage points below target, within the tolerance of 2 percentage points (by the rule kept \
         for this period: Amber within 2 percentage points of target)"
    );
    let q3_now = assess_now(&threshold, &h, period("2020/21-Q3"));
    assert_eq!((q3_now.status, q3_now.rule), (Status::Red, StatusRule::Threshold));
}

// ---------------------------------------------------------------------------
// The tolerance rule, explained in the same words (DOMAIN.md's worked
// examples: Stevenage's corporate performance report, Q2 2020/21).
// ---------------------------------------------------------------------------

#[test]
fn a_tolerance_is_explained_within_or_beyond() {
    // BV9 council tax collected: 59.9% against 61%, Amber within 2 points.
    let m = quarterly("BV9", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, points(dec!(2)));
    let h = history(vec![entry(&m, "2020/21-Q2", value(dec!(59.9)))], vec![target(&m, "2020/21", dec!(61))]);
    let a = assess_now(&m, &h, q2());
    assert_eq!(a.status, Status::Amber);
    assert_eq!(
        a.explain(&m).as_deref(),
        Some("Amber: 1.1 percentage points below target, within the tolerance of 2 percentage points")
    );
    let h = history(vec![entry(&m, "2020/21-Q2", value(dec!(58)))], vec![target(&m, "2020/21", dec!(61))]);
    let a = assess_now(&m, &h, q2());
    assert_eq!(
        a.explain(&m).as_deref(),
        Some("Red: 3 percentage points below target, beyond the tolerance of 2 percentage points")
    );
}

#[test]
fn a_threshold_and_a_missing_result_are_explained_or_not() {
    let m = quarterly("CS-ASB1", Unit::Rate { per: 1000 }, Polarity::Lower, YtdRule::Snapshot, StatusRule::Threshold);
    let h = history(vec![entry(&m, "2020/21-Q2", value(dec!(19.5)))], vec![target(&m, "2020/21", dec!(19.10))]);
    let a = assess_now(&m, &h, q2());
    assert_eq!(a.status, Status::Red);
    assert!(a.explain(&m).is_some_and(|w| w.starts_with("Red: ") && w.ends_with("worse than the threshold")));
    let h = history(vec![entry(&m, "2020/21-Q2", missing("system down"))], vec![target(&m, "2020/21", dec!(19))]);
    assert_eq!(assess_now(&m, &h, q2()).explain(&m), None, "Missing data has its reason, not a comparison");
}

// ---------------------------------------------------------------------------
// Judged: Flintshire County Council's Corporate Resources Overview and
// Scrutiny Committee, Year-end Council Plan Monitoring Report 2017/18
// (http://committeemeetings.flintshire.gov.uk/mgDecisionDetails.aspx?IId=24256&LLL=0&Opt=1):
// "performance on rent arrears and appraisals should both be downgraded to
// Red". A status set by people, with the reason, over what the figures give.
// ---------------------------------------------------------------------------

mod judged {
    use outturn_core::judgement::{Judgement, JudgementError};
    use outturn_core::{AsOf, Polarity, Status, Unit, YtdRule, assess};
    use rust_decimal_macros::dec;

    use super::worked::*;

    fn judgement(m: &outturn_core::Measure, status: Option<Status>, why: &str, at: &str) -> Judgement {
        Judgement {
            measure: m.code.clone(),
            period: q2(),
            status,
            justification: why.into(),
            recorded_by: "scrutiny-officer".into(),
            recorded_at: ts(at),
        }
    }

    #[test]
    fn a_judgement_stands_over_the_figures_and_says_what_they_give() {
        // Rent arrears: 2.9% against 3% (lower is better), Green by the figures.
        let m = quarterly("RENT1", Unit::Percentage, Polarity::Lower, YtdRule::Snapshot, points(dec!(0.5)));
        let mut h = history(vec![entry(&m, "2020/21-Q2", value(dec!(2.9)))], vec![target(&m, "2020/21", dec!(3))]);
        assert_eq!(assess_now(&m, &h, q2()).status, Status::Green);
        h.judgements.push(judgement(
            &m,
            Some(Status::Red),
            "Arrears are rising month on month.",
            "2020-11-02T10:00:00Z",
        ));
        let a = assess_now(&m, &h, q2());
        assert_eq!(a.status, Status::Red);
        assert_eq!(a.judged.as_ref().map(|j| j.computed), Some(Status::Green));
        assert_eq!(
            a.explain(&m).unwrap(),
            "Red: judged by scrutiny-officer on 2 November 2020: \"Arrears are rising month on month.\" By the figures \
             alone: Green: 0.1 percentage points below target."
        );
        // As recorded the day before, there was no judgement.
        let before = assess(&m, &h, q2(), AsOf::end_of_day(jiff::civil::date(2020, 11, 1))).unwrap();
        assert_eq!((before.status, before.judged.is_none()), (Status::Green, true));
    }

    #[test]
    fn judged_then_overridden_then_withdrawn() {
        let m = quarterly("APPR1", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, points(dec!(5)));
        let mut h = history(vec![entry(&m, "2020/21-Q2", value(dec!(70)))], vec![target(&m, "2020/21", dec!(90))]);
        assert_eq!(assess_now(&m, &h, q2()).status, Status::Red);
        h.judgements.push(judgement(&m, Some(Status::Amber), "Appraisals booked for October.", "2020-11-02T10:00:00Z"));
        h.judgements.push(judgement(&m, Some(Status::Red), "Downgraded by the committee.", "2020-11-09T10:00:00Z"));
        let a = assess_now(&m, &h, q2());
        assert_eq!(a.status, Status::Red, "the later judgement");
        assert!(a.explain(&m).unwrap().contains("Downgraded by the committee."));
        // A correction of the figures does not replace the judgement...
        h.results.push(entry_at(&m, q2(), value(dec!(95)), ts("2020-11-10T10:00:00Z")));
        let a = assess_now(&m, &h, q2());
        assert_eq!((a.status, a.judged.as_ref().map(|j| j.computed)), (Status::Red, Some(Status::Green)));
        // ...withdrawing it does: the figures decide again.
        h.judgements.push(judgement(&m, None, "The corrected figure is on target.", "2020-11-11T10:00:00Z"));
        let a = assess_now(&m, &h, q2());
        assert_eq!((a.status, a.judged.is_none()), (Status::Green, true));
    }

    #[test]
    fn a_judgement_gives_a_status_where_no_figure_decides() {
        let m = quarterly("PROJ1", Unit::Count, Polarity::None, YtdRule::Snapshot, outturn_core::StatusRule::None);
        let mut h = history(vec![entry(&m, "2020/21-Q2", value(dec!(3)))], vec![]);
        assert_eq!(assess_now(&m, &h, q2()).status, Status::InformationOnly);
        h.judgements.push(judgement(&m, Some(Status::Amber), "Contractor two weeks late.", "2020-11-02T10:00:00Z"));
        let a = assess_now(&m, &h, q2());
        assert_eq!(a.status, Status::Amber);
        assert!(a.explain(&m).unwrap().ends_with("By the figures alone: Information only."), "{:?}", a.explain(&m));
    }

    #[test]
    fn while_the_round_is_open_the_figures_alone_give_awaiting_not_missing() {
        let m = quarterly("APPR2", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, points(dec!(5)));
        let mut h = history(vec![], vec![target(&m, "2020/21", dec!(90))]);
        h.judgements.push(judgement(&m, Some(Status::Amber), "Returns are late but on track.", "2020-10-02T10:00:00Z"));
        let mut a = assess_now(&m, &h, q2());
        a.settle(outturn_core::Collection::Open);
        assert_eq!((a.status, a.judged.as_ref().map(|j| j.computed)), (Status::Amber, Some(Status::Awaiting)));
    }

    #[test]
    fn only_green_amber_or_red_with_a_reason_can_be_judged() {
        assert_eq!(Judgement::check(Some(Status::Missing), "x"), Err(JudgementError::NotJudgeable("Missing data")));
        assert_eq!(Judgement::check(Some(Status::Red), "  "), Err(JudgementError::NoJustification));
        assert!(matches!(Judgement::check(Some(Status::Red), &"x".repeat(2001)), Err(JudgementError::TooLong(2001))));
        assert!(matches!(Judgement::check(None, "bad\u{0}text"), Err(JudgementError::BadText(_))));
        assert_eq!(Judgement::check(None, "Withdrawn: the figures were corrected."), Ok(()));
    }
}
