//! Improvement plans for Red and Amber measures, and the rule for how long a
//! plan stays on the "next quarter focus" list: until the measure has been
//! Green for a number of consecutive periods (a council setting), so that
//! focus is kept until improvement is sustained.

use jiff::civil::Date;
use serde::Serialize;

use crate::measure::MeasureCode;
use crate::period::Period;
use crate::status::Status;

/// How many consecutive Green periods end a plan's focus unless the council says otherwise.
pub const DEFAULT_GREEN_PERIODS: u32 = 2;

/// A plan to bring a measure back to target, monitored by a leadership team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImprovementPlan {
    pub measure: MeasureCode,
    /// What the plan is, in a line: "Continuing to implement recovery plans for Rent Collection".
    pub title: String,
    /// The officer or post answerable for it.
    pub owner: String,
    /// Who monitors it ("Senior Leadership Team").
    pub monitored_by: String,
    /// The period whose Red or Amber status opened it.
    pub opened: Period,
    pub review_on: Date,
    pub actions: Vec<String>,
    pub milestones: Vec<PlanMilestone>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanMilestone {
    pub what: String,
    pub due: Date,
}

/// Whether a plan is still in focus, given the measure's statuses for its
/// periods from the one reported back to the plan's opening, newest first
/// (None where the measure was not due). It leaves focus once the newest
/// `green_periods` due periods are all Green (or Exceeded); a period not due is skipped,
/// and any other status (Missing data included) keeps the plan in focus.
pub fn still_in_focus(newest_first: &[Option<Status>], green_periods: u32) -> bool {
    let wanted = green_periods.max(1) as usize;
    let due: Vec<Status> = newest_first.iter().flatten().copied().take(wanted).collect();
    !(due.len() == wanted && due.iter().all(|s| matches!(s, Status::Green | Status::Exceeded)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn a_plan_stays_in_focus_until_green_for_the_set_number_of_periods() {
        assert!(still_in_focus(&[Some(Red)], 2));
        assert!(still_in_focus(&[Some(Green), Some(Red)], 2));
        assert!(!still_in_focus(&[Some(Green), Some(Green), Some(Red)], 2));
        assert!(still_in_focus(&[Some(Green), Some(Green), Some(Red)], 3));
        assert!(!still_in_focus(&[Some(Green), Some(Red)], 1));
    }

    #[test]
    fn missing_data_keeps_focus_and_periods_not_due_are_skipped() {
        assert!(still_in_focus(&[Some(Green), Some(Missing), Some(Green)], 2));
        assert!(!still_in_focus(&[Some(Green), None, Some(Green)], 2));
        // Too few periods to show improvement is sustained.
        assert!(still_in_focus(&[Some(Green)], 2));
        assert!(still_in_focus(&[], 2));
    }

    #[test]
    fn zero_is_read_as_one_period() {
        assert!(!still_in_focus(&[Some(Green)], 0));
        assert!(still_in_focus(&[Some(Amber)], 0));
    }
}
