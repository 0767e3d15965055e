//! Targets: one value per measure and period, revised in year with a reason.
//!
//! Revisions are kept, never replaced: "the target originally set had been
//! 75%, which had been increased to 80%" is two revisions, and the question
//! "what was the target for 2020/21-Q2 as known on 2020-11-05" takes the
//! latest revision effective on or before that date.

use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::as_of::AsOf;
use crate::measure::{MeasureCode, YtdRule};
use crate::period::Period;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetRevision {
    pub measure: MeasureCode,
    pub period: Period,
    pub value: Decimal,
    /// The day from which this value is the target.
    pub effective: Date,
    pub reason: String,
    pub author: String,
    /// When the revision was entered: it is unknown to questions asked before then.
    pub recorded_at: Timestamp,
}

/// The revision in force for exactly this period as known at `as_of`: entered
/// by then and effective by that day. Revisions are given in the order they
/// were recorded; a later one with the same effective date wins.
pub fn revision_in_force(revisions: &[TargetRevision], period: Period, as_of: AsOf) -> Option<&TargetRevision> {
    let day = as_of.date();
    revisions
        .iter()
        .enumerate()
        .filter(|(_, r)| r.period == period && r.effective <= day && as_of.knows(r.recorded_at))
        .max_by_key(|(order, r)| (r.effective, *order))
        .map(|(_, r)| r)
}

/// The target that applies to the figure for `figure_period` when the
/// question is about `asked`: the figure's own period first (the quarter of a
/// quarterly measure, the last month of a monthly one), then the period
/// asked about, then the financial year where a year's target holds in year.
/// `in_force` gives the revision in force for exactly one period.
pub fn target_for<'a>(
    in_force: impl Fn(Period) -> Option<&'a TargetRevision>,
    figure_period: Period,
    asked: Period,
    rule: YtdRule,
) -> Option<&'a TargetRevision> {
    let year = Period::Year(figure_period.financial_year());
    let year_applies = rule.annual_target_holds_in_year() || figure_period.last_month() == year.last_month();
    in_force(figure_period).or_else(|| in_force(asked)).or_else(|| year_applies.then(|| in_force(year)).flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use rust_decimal_macros::dec;

    fn rev(period: &str, value: Decimal, effective: Date) -> TargetRevision {
        TargetRevision {
            measure: MeasureCode::parse("CS1").unwrap(),
            period: Period::parse(period).unwrap(),
            value,
            effective,
            reason: "r".into(),
            author: "a".into(),
            recorded_at: "2019-01-01T00:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn a_revision_counts_from_its_effective_date() {
        let revisions = [rev("2019/20", dec!(75), date(2019, 4, 1)), rev("2019/20", dec!(80), date(2019, 10, 1))];
        let fy = Period::parse("2019/20").unwrap();
        let on = |d| revision_in_force(&revisions, fy, AsOf::end_of_day(d)).map(|r| r.value);
        assert_eq!(on(date(2019, 3, 31)), None);
        assert_eq!(on(date(2019, 9, 30)), Some(dec!(75)));
        assert_eq!(on(date(2019, 10, 1)), Some(dec!(80)));
    }

    #[test]
    fn a_revision_entered_late_is_unknown_before_it_was_entered() {
        let mut late = rev("2019/20", dec!(80), date(2019, 10, 1));
        late.recorded_at = "2019-12-01T10:00:00Z".parse().unwrap();
        let revisions = [rev("2019/20", dec!(75), date(2019, 4, 1)), late];
        let fy = Period::parse("2019/20").unwrap();
        let on = |d| revision_in_force(&revisions, fy, AsOf::end_of_day(d)).map(|r| r.value);
        assert_eq!(on(date(2019, 11, 1)), Some(dec!(75)));
        assert_eq!(on(date(2019, 12, 1)), Some(dec!(80)));
    }

    #[test]
    fn a_quarter_falls_back_to_the_year_unless_the_measure_sums() {
        let revisions = [rev("2019/20", dec!(45), date(2019, 4, 1))];
        let q3 = Period::parse("2019/20-Q3").unwrap();
        let now = AsOf::end_of_day(date(2020, 6, 1));
        let in_force = |p| revision_in_force(&revisions, p, now);
        assert!(target_for(in_force, q3, q3, YtdRule::Snapshot).is_some());
        assert!(target_for(in_force, q3, q3, YtdRule::Sum).is_none());
        let q4 = Period::parse("2019/20-Q4").unwrap();
        assert!(target_for(in_force, q4, q4, YtdRule::Sum).is_some());
    }
}
