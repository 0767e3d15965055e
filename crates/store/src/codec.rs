//! How domain values are written in the database and read back, the same for
//! every backend. Writing cannot fail; reading a value outturn did not write
//! gives [`StoreError::Corrupt`] naming the table and column and quoting the
//! value.

use std::fmt::Display;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_core::{
    FinancialYear, Frequency, GroupCondition, Key, MeasureCode, MilestoneStatus, Period, Polarity, Role, Status,
    StatusRule, Tolerance, ToleranceKind, Unit, YtdRule,
};
use rust_decimal::Decimal;

use crate::StoreError;

/// The error for a stored value that cannot be read: `what` is `table.column`.
pub(crate) fn corrupt(what: &str, value: &str, problem: impl Display) -> StoreError {
    StoreError::Corrupt { what: what.to_string(), detail: format!("\"{value}\": {problem}") }
}

/// Parses with the type's own `FromStr`, naming the column on failure.
fn parsed<T: FromStr<Err: Display>>(what: &str, text: &str) -> Result<T, StoreError> {
    text.parse().map_err(|e| corrupt(what, text, e))
}

pub(crate) fn decimal(what: &str, text: &str) -> Result<Decimal, StoreError> {
    // Exact: a value with more digits than a Decimal holds is an error, not rounded.
    Decimal::from_str_exact(text).map_err(|e| corrupt(what, text, e))
}
pub(crate) fn period(what: &str, text: &str) -> Result<Period, StoreError> {
    parsed(what, text)
}
pub(crate) fn financial_year(what: &str, text: &str) -> Result<FinancialYear, StoreError> {
    parsed(what, text)
}
pub(crate) fn date(what: &str, text: &str) -> Result<Date, StoreError> {
    parsed(what, text)
}
/// Reads any RFC 3339 instant: those written by [`timestamp_text`] and the
/// shorter forms written before it (`2020-11-05T10:30:00Z`).
pub(crate) fn timestamp(what: &str, text: &str) -> Result<Timestamp, StoreError> {
    parsed(what, text)
}
/// An instant in UTC with nine fractional digits, `2020-11-05T10:30:00.000000000Z`:
/// every instant written has the same form, so text order is time order and
/// the database can compare instants as text. Exact to the nanosecond.
pub(crate) fn timestamp_text(at: Timestamp) -> String {
    format!("{at:.9}")
}
/// A username as stored and looked up: trimmed and lower case.
pub(crate) fn username(text: &str) -> String {
    text.trim().to_lowercase()
}
pub(crate) fn role(what: &str, text: &str) -> Result<Role, StoreError> {
    Role::parse(text).map_err(|e| corrupt(what, text, e))
}
pub(crate) fn json(what: &str, text: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(text).map_err(|e| corrupt(what, text, e))
}
pub(crate) fn key(what: &str, text: &str) -> Result<Key, StoreError> {
    Key::parse(text).map_err(|e| corrupt(what, text, e))
}
pub(crate) fn code(what: &str, text: &str) -> Result<MeasureCode, StoreError> {
    MeasureCode::parse(text).map_err(|e| corrupt(what, text, e))
}
/// A stored integer that must fit a smaller type (decimal places, rate per).
pub(crate) fn small<T: TryFrom<i64>>(what: &str, value: i64) -> Result<T, StoreError> {
    T::try_from(value).map_err(|_| corrupt(what, &value.to_string(), "out of range"))
}

pub(crate) fn unknown(what: &str, text: &str, expected: &str) -> StoreError {
    corrupt(what, text, format!("expected one of {expected}"))
}

/// The unit's word, and the `rate_per` column.
pub(crate) fn unit_text(unit: Unit) -> (&'static str, Option<i64>) {
    match unit {
        Unit::Percentage => ("percentage", None),
        Unit::Count => ("count", None),
        Unit::Days => ("days", None),
        Unit::Money => ("money", None),
        Unit::Rate { per } => ("rate", Some(i64::from(per))),
        Unit::Score => ("score", None),
        Unit::Ratio => ("ratio", None),
        Unit::Text => ("text", None),
    }
}

pub(crate) fn unit(table: &str, text: &str, per: Option<i64>) -> Result<Unit, StoreError> {
    let what = format!("{table}.unit");
    Ok(match text {
        "percentage" => Unit::Percentage,
        "count" => Unit::Count,
        "days" => Unit::Days,
        "money" => Unit::Money,
        "rate" => {
            let what = format!("{table}.rate_per");
            let per = per.ok_or_else(|| corrupt(&what, "NULL", "a rate needs its per"))?;
            Unit::Rate { per: small(&what, per)? }
        }
        "score" => Unit::Score,
        "ratio" => Unit::Ratio,
        "text" => Unit::Text,
        _ => return Err(unknown(&what, text, "percentage, count, days, money, rate, score, ratio, text")),
    })
}

pub(crate) fn polarity_text(polarity: Polarity) -> &'static str {
    match polarity {
        Polarity::Higher => "higher",
        Polarity::Lower => "lower",
        Polarity::None => "none",
    }
}

pub(crate) fn polarity(what: &str, text: &str) -> Result<Polarity, StoreError> {
    match text {
        "higher" => Ok(Polarity::Higher),
        "lower" => Ok(Polarity::Lower),
        "none" => Ok(Polarity::None),
        _ => Err(unknown(what, text, "higher, lower, none")),
    }
}

pub(crate) fn frequency_text(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Monthly => "monthly",
        Frequency::Quarterly => "quarterly",
        Frequency::Annual => "annual",
    }
}

pub(crate) fn frequency(what: &str, text: &str) -> Result<Frequency, StoreError> {
    match text {
        "monthly" => Ok(Frequency::Monthly),
        "quarterly" => Ok(Frequency::Quarterly),
        "annual" => Ok(Frequency::Annual),
        _ => Err(unknown(what, text, "monthly, quarterly, annual")),
    }
}

/// The rule's name (as the core names it) and the `ratio_scale` column.
pub(crate) fn ytd_text(rule: YtdRule) -> (&'static str, Option<String>) {
    match rule {
        YtdRule::Ratio { scale } => (rule.name(), Some(scale.to_string())),
        _ => (rule.name(), None),
    }
}

pub(crate) fn ytd(table: &str, text: &str, scale: Option<&str>) -> Result<YtdRule, StoreError> {
    Ok(match text {
        "sum" => YtdRule::Sum,
        "snapshot" => YtdRule::Snapshot,
        "ratio" => {
            let what = format!("{table}.ratio_scale");
            YtdRule::Ratio {
                scale: decimal(&what, scale.ok_or_else(|| corrupt(&what, "NULL", "a ratio needs a scale"))?)?,
            }
        }
        "rolling-12" => YtdRule::RollingTwelveMonths,
        "mean-of-ratings" => YtdRule::MeanOfRatings,
        _ => {
            return Err(unknown(
                &format!("{table}.ytd_rule"),
                text,
                "sum, snapshot, ratio, rolling-12, mean-of-ratings",
            ));
        }
    })
}

/// The `status_rule`, `tolerance_kind`, `amber`, `tolerance_beyond` and
/// `green_within` columns.
pub(crate) struct StatusRuleColumns {
    pub rule: &'static str,
    pub kind: Option<&'static str>,
    pub amber: Option<String>,
    /// What a figure beyond the tolerance is: None for Red.
    pub beyond: Option<&'static str>,
    /// Bands: how far short of target is still Green.
    pub green: Option<String>,
    /// Bands: how far better than target is still Green (beyond: Exceeded).
    pub exceeded: Option<String>,
}

/// A status rule's columns as read from a row (`measures` or
/// `kept_status_rules`): [`StatusRuleColumns`] borrowed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleCells<'a> {
    pub rule: &'a str,
    pub kind: Option<&'a str>,
    pub amber: Option<&'a str>,
    pub beyond: Option<&'a str>,
    pub green: Option<&'a str>,
    pub exceeded: Option<&'a str>,
}

#[cfg(test)]
impl StatusRuleColumns {
    /// The columns as a row gives them.
    pub(crate) fn cells(&self) -> RuleCells<'_> {
        RuleCells {
            rule: self.rule,
            kind: self.kind,
            amber: self.amber.as_deref(),
            beyond: self.beyond,
            green: self.green.as_deref(),
            exceeded: self.exceeded.as_deref(),
        }
    }
}

pub(crate) fn status_rule_text(rule: StatusRule) -> StatusRuleColumns {
    let plain = |rule| StatusRuleColumns { rule, kind: None, amber: None, beyond: None, green: None, exceeded: None };
    match (rule, rule.tolerance()) {
        (_, Some((t, beyond))) => StatusRuleColumns {
            rule: "tolerance",
            kind: Some(t.kind.code()),
            amber: Some(t.amber.to_string()),
            beyond,
            green: None,
            exceeded: None,
        },
        (StatusRule::Banded(b), None) => StatusRuleColumns {
            rule: "tolerance",
            kind: Some(b.kind.code()),
            amber: Some(b.amber.to_string()),
            beyond: None,
            green: Some(b.green.to_string()),
            exceeded: b.exceeded.map(|e| e.to_string()),
        },
        (StatusRule::Threshold, None) => plain("threshold"),
        _ => plain("none"),
    }
}

pub(crate) fn status_rule(table: &str, cells: RuleCells<'_>) -> Result<StatusRule, StoreError> {
    let RuleCells { rule: text, kind, amber, beyond, green, exceeded } = cells;
    match text {
        "tolerance" => {
            let kind_what = format!("{table}.tolerance_kind");
            let Some(kind) = kind.and_then(ToleranceKind::from_code) else {
                return Err(unknown(&kind_what, kind.unwrap_or("NULL"), "points, percent, absolute"));
            };
            let amber_what = format!("{table}.amber");
            let amber =
                decimal(&amber_what, amber.ok_or_else(|| corrupt(&amber_what, "NULL", "a tolerance needs amber"))?)?;
            if let Some(green) = green {
                let green = decimal(&format!("{table}.green_within"), green)?;
                let exceeded = exceeded.map(|e| decimal(&format!("{table}.exceeded_within"), e)).transpose()?;
                return match beyond {
                    None => Ok(StatusRule::Banded(outturn_core::Bands { kind, green, amber, exceeded })),
                    Some(b) => Err(corrupt(&format!("{table}.tolerance_beyond"), b, "bands have no beyond")),
                };
            }
            if let Some(e) = exceeded {
                return Err(corrupt(&format!("{table}.exceeded_within"), e, "an Exceeded band needs a Green band"));
            }
            StatusRule::with_tolerance(Tolerance { kind, amber }, beyond).ok_or_else(|| {
                unknown(&format!("{table}.tolerance_beyond"), beyond.unwrap_or_default(), "NULL, direction, forecast")
            })
        }
        "threshold" => Ok(StatusRule::Threshold),
        "none" => Ok(StatusRule::None),
        _ => Err(unknown(&format!("{table}.status_rule"), text, "tolerance, threshold, none")),
    }
}

/// The condition's word; its argument goes in the column for its kind.
pub(crate) fn condition_text(condition: &GroupCondition) -> &'static str {
    match condition {
        GroupCondition::AlignedToKind(_) => "aligned-to-kind",
        GroupCondition::Under(_) => "under",
        GroupCondition::Tagged(_) => "tagged",
        GroupCondition::Rest => "rest",
    }
}

/// Reads a summary group's condition from its columns (`node` and `kind` are
/// the keys the `node_id` and `kind_id` columns refer to).
pub(crate) fn condition(
    text: &str,
    value: Option<String>,
    node: Option<&str>,
    kind: Option<&str>,
) -> Result<GroupCondition, StoreError> {
    let missing = |column: &str| corrupt(&format!("summary_groups.{column}"), "NULL", format!("needed for {text}"));
    match text {
        "aligned-to-kind" => {
            Ok(GroupCondition::AlignedToKind(key("summary_groups.kind_id", kind.ok_or_else(|| missing("kind_id"))?)?))
        }
        "under" => Ok(GroupCondition::Under(key("summary_groups.node_id", node.ok_or_else(|| missing("node_id"))?)?)),
        "tagged" => Ok(GroupCondition::Tagged(value.ok_or_else(|| missing("value"))?)),
        "rest" => Ok(GroupCondition::Rest),
        _ => Err(unknown("summary_groups.condition", text, "aligned-to-kind, under, tagged, rest")),
    }
}

/// A judged status: green, amber or red.
pub(crate) fn judged_status(what: &str, text: &str) -> Result<Status, StoreError> {
    outturn_core::judgement::judged_status(text).ok_or_else(|| unknown(what, text, "green, amber, red"))
}

pub(crate) fn milestone_status(text: &str, factor: Option<&str>) -> Result<MilestoneStatus, StoreError> {
    MilestoneStatus::parse(text, factor).map_err(|e| corrupt("milestone_updates.status", text, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_rule_and_status_rule_reads_back() {
        for u in [
            Unit::Percentage,
            Unit::Count,
            Unit::Days,
            Unit::Money,
            Unit::Rate { per: 1000 },
            Unit::Score,
            Unit::Ratio,
            Unit::Text,
        ] {
            let (text, per) = unit_text(u);
            assert_eq!(unit("measures", text, per).unwrap(), u);
        }
        let scale = Decimal::new(150, 2);
        for r in [
            YtdRule::Sum,
            YtdRule::Snapshot,
            YtdRule::Ratio { scale },
            YtdRule::RollingTwelveMonths,
            YtdRule::MeanOfRatings,
        ] {
            let (text, scale) = ytd_text(r);
            assert_eq!(ytd("measures", text, scale.as_deref()).unwrap(), r);
        }
        for kind in [ToleranceKind::Points, ToleranceKind::Percent, ToleranceKind::Absolute] {
            let tolerance = Tolerance { kind, amber: scale };
            for rule in [
                StatusRule::Tolerance(tolerance),
                StatusRule::DirectionAware(tolerance),
                StatusRule::ForecastAware(tolerance),
                StatusRule::Banded(outturn_core::Bands {
                    kind,
                    green: Decimal::new(25, 1),
                    amber: scale,
                    exceeded: None,
                }),
                StatusRule::Banded(outturn_core::Bands {
                    kind,
                    green: Decimal::new(25, 1),
                    amber: scale,
                    exceeded: Some(Decimal::ZERO),
                }),
            ] {
                let c = status_rule_text(rule);
                assert_eq!(status_rule("measures", c.cells()).unwrap(), rule);
            }
        }
        for rule in [StatusRule::Threshold, StatusRule::None] {
            let c = status_rule_text(rule);
            assert_eq!(status_rule("measures", c.cells()).unwrap(), rule);
        }
        let cells = RuleCells {
            rule: "tolerance",
            kind: Some("points"),
            amber: Some("2"),
            beyond: Some("hoped"),
            green: None,
            exceeded: None,
        };
        let unknown = status_rule("measures", cells);
        assert!(unknown.is_err_and(|e| e.to_string().contains("measures.tolerance_beyond")));
    }

    #[test]
    fn timestamps_are_written_in_one_form_whose_text_order_is_time_order() {
        let texts = [
            "-000001-06-01T00:00:00Z",
            "0999-12-31T23:59:59.999999999Z",
            "2020-10-05T10:30:00Z",
            "2020-10-05T10:30:00.000000001Z",
            "2020-10-05T10:30:00.5Z",
            "2020-10-05T10:30:01Z",
            "2020-10-05T11:30:00.25+01:00", // the same instant as 10:30:00.25Z
            "2020-10-05T10:30:00.3Z",
            "9999-12-30T21:59:59.999999999Z",
        ];
        let mut instants: Vec<Timestamp> = texts.iter().map(|t| timestamp("t", t).unwrap()).collect();
        instants.sort();
        let written: Vec<String> = instants.iter().map(|&t| timestamp_text(t)).collect();
        assert!(written.iter().skip(1).all(|t| t.len() == 30 && t.ends_with('Z')), "{written:?}");
        assert_eq!(written[3], "2020-10-05T10:30:00.000000001Z");
        assert_eq!(written[4], "2020-10-05T10:30:00.250000000Z");
        // Text order is time order (years 0000 to 9999; jiff's own range reaches -9999).
        let mut sorted = written[1..].to_vec();
        sorted.sort();
        assert_eq!(sorted, written[1..]);
        for (text, &instant) in written.iter().zip(&instants) {
            assert_eq!(timestamp("t", text).unwrap(), instant, "{text}");
        }
    }

    #[test]
    fn usernames_roles_and_json_read_back() {
        assert_eq!(username("  JSmith@Stevenage.gov.UK "), "jsmith@stevenage.gov.uk");
        for r in Role::ALL {
            assert_eq!(role("users.role", r.code()).unwrap(), r);
        }
        assert!(matches!(role("users.role", "mayor"), Err(StoreError::Corrupt { what, .. }) if what == "users.role"));
        let value = serde_json::json!({"value": "59.90", "n": [1, 2.5, null], "s": "é\"'"});
        assert_eq!(json("audit_log.after_json", &value.to_string()).unwrap(), value);
        assert!(json("audit_log.after_json", "{").is_err());
    }

    #[test]
    fn a_bad_value_names_its_column_and_is_quoted() {
        let e = period("results.period", "2020/22").unwrap_err();
        let StoreError::Corrupt { what, detail } = e else { panic!("{e}") };
        assert_eq!(what, "results.period");
        assert!(detail.contains("\"2020/22\""), "{detail}");
        assert!(
            matches!(unit("measures", "furlongs", None), Err(StoreError::Corrupt { what, .. }) if what == "measures.unit")
        );
        assert!(decimal("results.value", "1.2.3").is_err());
        assert!(small::<u8>("measures.decimals", 300).is_err());
    }
}
