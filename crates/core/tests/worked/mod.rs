//! Helpers for the worked examples (DOMAIN.md, Q2 2020/21): measures,
//! histories and periods built through the public API.
#![allow(dead_code)]

use jiff::Timestamp;
use jiff::civil::{Date, date};
use outturn_core::{
    AsOf, Assessment, Decimal, Figure, Frequency, Key, Measure, MeasureCode, MeasureHistory, Period, Polarity,
    ResultEntry, ResultValue, StatusRule, TargetRevision, Tolerance, ToleranceKind, Unit, YtdRule, assess,
};
use rust_decimal::RoundingStrategy;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

pub fn period(text: &str) -> Period {
    Period::parse(text).unwrap()
}

pub fn key(text: &str) -> Key {
    Key::parse(text).unwrap()
}

pub fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// The quarter every worked example is about.
pub fn q2() -> Period {
    period("2020/21-Q2")
}

pub fn points(amber: Decimal) -> StatusRule {
    StatusRule::Tolerance(Tolerance { kind: ToleranceKind::Points, amber })
}

pub fn percent(amber: Decimal) -> StatusRule {
    StatusRule::Tolerance(Tolerance { kind: ToleranceKind::Percent, amber })
}

pub fn absolute(amber: Decimal) -> StatusRule {
    StatusRule::Tolerance(Tolerance { kind: ToleranceKind::Absolute, amber })
}

pub fn measure(
    code: &str,
    unit: Unit,
    polarity: Polarity,
    frequency: Frequency,
    ytd: YtdRule,
    rule: StatusRule,
) -> Measure {
    let m = Measure {
        code: MeasureCode::parse(code).unwrap(),
        title: format!("{code} title"),
        definition: None,
        owner: key("performance"),
        officer: None,
        aligned: vec![],
        tags: vec![],
        unit,
        decimals: unit.default_decimals(),
        polarity,
        frequency,
        ytd,
        status_rule: rule,
        active_from: None,
        retired_from: None,
        retired_reason: None,
    };
    assert_eq!(m.problems(), vec![], "the test measure {code} is well formed");
    m
}

/// A quarterly measure, the shape of most of the worked examples.
pub fn quarterly(code: &str, unit: Unit, polarity: Polarity, ytd: YtdRule, rule: StatusRule) -> Measure {
    measure(code, unit, polarity, Frequency::Quarterly, ytd, rule)
}

pub fn value(v: Decimal) -> ResultValue {
    ResultValue::Figure(Figure { value: v, numerator: None, denominator: None, cumulative: false, forecast: None })
}

pub fn cumulative(v: Decimal) -> ResultValue {
    ResultValue::Figure(Figure { value: v, numerator: None, denominator: None, cumulative: true, forecast: None })
}

pub fn missing(reason: &str) -> ResultValue {
    ResultValue::Missing { reason: reason.to_string() }
}

/// When a period's result is typically entered: 20 days after it ends, 09:00 UTC.
pub fn recorded_after(p: Period) -> Timestamp {
    let day = p.end_date().checked_add(jiff::Span::new().days(20)).unwrap();
    day.at(9, 0, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp()
}

pub fn entry_at(m: &Measure, p: Period, v: ResultValue, at: Timestamp) -> ResultEntry {
    ResultEntry {
        measure: m.code.clone(),
        period: p,
        value: v,
        commentary: None,
        recorded_at: at,
        recorded_by: "data.owner".into(),
    }
}

pub fn entry(m: &Measure, p: &str, v: ResultValue) -> ResultEntry {
    let p = period(p);
    entry_at(m, p, v, recorded_after(p))
}

pub fn target_from(m: &Measure, p: &str, v: Decimal, effective: Date, reason: &str) -> TargetRevision {
    TargetRevision {
        measure: m.code.clone(),
        period: period(p),
        value: v,
        effective,
        reason: reason.into(),
        author: "performance.team".into(),
        // Entered on the day it takes effect.
        recorded_at: effective.at(9, 0, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp(),
    }
}

pub fn target(m: &Measure, p: &str, v: Decimal) -> TargetRevision {
    target_from(m, p, v, date(2020, 4, 1), "set in the annual plan")
}

pub fn history(results: Vec<ResultEntry>, targets: Vec<TargetRevision>) -> MeasureHistory {
    MeasureHistory { results, targets, ..MeasureHistory::default() }
}

pub fn assess_now<'a>(m: &'a Measure, h: &'a MeasureHistory, p: Period) -> Assessment<'a> {
    assess(m, h, p, AsOf::now()).expect("the measure is due and active in the period")
}

/// Rounds as a report (and Excel) does: half away from zero.
pub fn round2(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}
