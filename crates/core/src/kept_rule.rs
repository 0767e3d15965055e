//! Status rules kept with the periods they judged. A council may change a
//! measure's rule (a tolerance widened, a forecast-aware rule adopted), but a
//! quarter already signed off or published keeps the statuses it was given:
//! the rule it was judged by is kept for it, and statuses for later periods
//! follow the new rule.

use jiff::Timestamp;
use serde::Serialize;

use crate::measure::{Measure, MeasureCode, StatusRule};
use crate::period::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KeptRule {
    /// The last period the rule judges: periods ending after an earlier kept
    /// rule's `until` and no later than this one's.
    pub until: Period,
    pub rule: StatusRule,
    pub recorded_at: Timestamp,
}

/// A measure's kept rules, by measure (as the store reads them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureKeptRule {
    pub measure: MeasureCode,
    pub kept: KeptRule,
}

/// The rule in force for a period: the kept rule with the earliest `until`
/// at or after the period's end, else the measure's own rule.
pub fn rule_in_force<'a>(
    measure: &Measure,
    kept: impl IntoIterator<Item = &'a KeptRule>,
    period: Period,
) -> StatusRule {
    kept.into_iter()
        .filter(|k| period.last_month() <= k.until.last_month())
        .min_by_key(|k| (k.until.last_month(), k.recorded_at))
        .map_or(measure.status_rule, |k| k.rule)
}

/// The rule to keep when a measure's rule changes from `before` to the
/// measure's new one, with `locked` the latest period signed off or
/// published: None when nothing locked is left to the new rule (no period
/// locked, or every locked period already has a kept rule, or the rule has
/// not changed).
pub fn rule_to_keep(
    before: StatusRule,
    after: StatusRule,
    kept: &[KeptRule],
    locked: Option<Period>,
    now: Timestamp,
) -> Option<KeptRule> {
    let locked = locked?;
    let covered = kept.iter().any(|k| locked.last_month() <= k.until.last_month());
    (before != after && !covered).then_some(KeptRule { until: locked, rule: before, recorded_at: now })
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::measure::tests::measure;
    use crate::measure::{Polarity, Tolerance, ToleranceKind, Unit, YtdRule};

    fn p(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    fn tolerance(amber: rust_decimal::Decimal) -> StatusRule {
        StatusRule::Tolerance(Tolerance { kind: ToleranceKind::Points, amber })
    }

    #[test]
    fn a_kept_rule_judges_the_periods_to_its_end_and_the_measure_s_rule_the_rest() {
        let m = measure("BV9", Unit::Percentage, Polarity::Higher, YtdRule::Snapshot, tolerance(dec!(5)));
        let at = "2020-11-01T00:00:00Z".parse().unwrap();
        let kept = [
            KeptRule { until: p("2020/21-Q2"), rule: tolerance(dec!(2)), recorded_at: at },
            KeptRule { until: p("2019/20-Q4"), rule: StatusRule::Threshold, recorded_at: at },
        ];
        assert_eq!(rule_in_force(&m, &kept, p("2019/20-Q4")), StatusRule::Threshold);
        assert_eq!(rule_in_force(&m, &kept, p("2020/21-Q1")), tolerance(dec!(2)));
        assert_eq!(rule_in_force(&m, &kept, p("2020-09")), tolerance(dec!(2)), "a month at the end of Q2");
        assert_eq!(rule_in_force(&m, &kept, p("2020/21-Q3")), tolerance(dec!(5)));
        assert_eq!(rule_in_force(&m, &[], p("2019/20-Q4")), tolerance(dec!(5)));
    }

    #[test]
    fn a_rule_is_kept_only_for_locked_periods_not_yet_covered() {
        let now = "2020-11-01T00:00:00Z".parse().unwrap();
        let (a, b) = (tolerance(dec!(2)), tolerance(dec!(5)));
        assert_eq!(rule_to_keep(a, b, &[], None, now), None, "nothing locked: nothing to keep");
        assert_eq!(rule_to_keep(a, a, &[], Some(p("2020/21-Q2")), now), None, "the rule did not change");
        let kept = rule_to_keep(a, b, &[], Some(p("2020/21-Q2")), now).unwrap();
        assert_eq!((kept.until, kept.rule), (p("2020/21-Q2"), a));
        // Changed again before another period is locked: Q2 keeps the first rule.
        assert_eq!(rule_to_keep(b, a, &[kept], Some(p("2020/21-Q2")), now), None);
        let later = rule_to_keep(b, a, &[kept], Some(p("2020/21-Q3")), now).unwrap();
        assert_eq!((later.until, later.rule), (p("2020/21-Q3"), b));
    }
}
