//! Committee meetings, the resolutions they pass and the actions they ask
//! for; and the two rules about them: when an action is overdue, and which
//! meeting's actions a quarter's report follows up.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::period::Period;

/// A meeting of a committee (the Executive, Overview and Scrutiny...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// Given by the store; 0 for a meeting not stored yet.
    pub id: i64,
    pub committee: String,
    pub date: Date,
    pub reports: Vec<ReportConsidered>,
    /// In the order passed, numbered as in the minutes.
    pub resolutions: Vec<Resolution>,
    pub actions: Vec<CommitteeAction>,
}

/// A report a meeting considered: by kind and period until reports are
/// published, then also by the published report's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportConsidered {
    /// `quarterly` or `exception`.
    pub kind: String,
    pub period: Period,
    pub published_id: Option<i64>,
}

/// "1. That the report be noted."
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub number: u32,
    pub text: String,
}

/// Something the committee asked for, of whom, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitteeAction {
    /// Given by the store; 0 for an action not stored yet.
    pub id: i64,
    /// Its number within the meeting, from 1.
    pub number: u32,
    pub asked: String,
    pub asked_of: AskedOf,
    pub due: Date,
    /// As last set; "overdue" is never stored (see [`CommitteeAction::progress`]).
    pub state: ActionState,
    /// Oldest first.
    pub updates: Vec<ActionUpdate>,
}

/// Who an action is asked of: an account, or a named officer role when the
/// minutes name a post rather than a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AskedOf {
    /// A username.
    User(String),
    /// "Assistant Director (Housing)".
    Role(String),
}

impl fmt::Display for AskedOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AskedOf::User(u) | AskedOf::Role(u) => f.write_str(u),
        }
    }
}

/// The state an action was last set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionState {
    NotStarted,
    InProgress,
    Done,
}

impl ActionState {
    pub const ALL: [ActionState; 3] = [ActionState::NotStarted, ActionState::InProgress, ActionState::Done];

    pub fn code(self) -> &'static str {
        match self {
            ActionState::NotStarted => "not-started",
            ActionState::InProgress => "in-progress",
            ActionState::Done => "done",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ActionState::NotStarted => "Not started",
            ActionState::InProgress => "In progress",
            ActionState::Done => "Done",
        }
    }
    /// Reads `not-started`, `in-progress` or `done` (also with spaces or capitals).
    pub fn parse(text: &str) -> Option<ActionState> {
        let t = text.trim().to_lowercase().replace([' ', '_'], "-");
        ActionState::ALL.into_iter().find(|s| s.code() == t)
    }
}

/// What a reader sees: the state, or Overdue when the due date has passed
/// and the action is not done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionProgress {
    NotStarted,
    InProgress,
    Done,
    Overdue,
}

impl ActionProgress {
    pub fn label(self) -> &'static str {
        match self {
            ActionProgress::NotStarted => "Not started",
            ActionProgress::InProgress => "In progress",
            ActionProgress::Done => "Done",
            ActionProgress::Overdue => "Overdue",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            ActionProgress::NotStarted => "not-started",
            ActionProgress::InProgress => "in-progress",
            ActionProgress::Done => "done",
            ActionProgress::Overdue => "overdue",
        }
    }
}

impl fmt::Display for ActionProgress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A dated note on an action, perhaps changing its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionUpdate {
    pub at: Timestamp,
    /// The username (or the command) that wrote it.
    pub author: String,
    pub note: String,
    pub state: Option<ActionState>,
}

impl CommitteeAction {
    /// The action's progress on a day: overdue from the day after its due
    /// date until it is done.
    pub fn progress(&self, today: Date) -> ActionProgress {
        match self.state {
            ActionState::Done => ActionProgress::Done,
            _ if today > self.due => ActionProgress::Overdue,
            ActionState::NotStarted => ActionProgress::NotStarted,
            ActionState::InProgress => ActionProgress::InProgress,
        }
    }
}

impl Meeting {
    /// Whether the meeting considered a report on a period ending before `period` ends.
    fn considered_before(&self, period: Period) -> bool {
        self.reports.iter().any(|r| r.period.end_date() < period.end_date())
    }
}

/// The meeting whose actions a report for `period` follows up: the latest
/// meeting that considered a report on an earlier period (the Executive that
/// took the first quarter's report, for the second quarter's report).
pub fn last_meeting(meetings: &[Meeting], period: Period) -> Option<&Meeting> {
    meetings.iter().filter(|m| m.considered_before(period)).max_by_key(|m| (m.date, m.id))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn action(state: ActionState, due: Date) -> CommitteeAction {
        CommitteeAction {
            id: 1,
            number: 1,
            asked: "An assessment".into(),
            asked_of: AskedOf::Role("Assistant Director".into()),
            due,
            state,
            updates: vec![],
        }
    }

    #[test]
    fn an_action_is_overdue_only_after_its_due_date_and_until_done() {
        let due = date(2021, 12, 31);
        let open = action(ActionState::NotStarted, due);
        assert_eq!(open.progress(date(2021, 12, 31)), ActionProgress::NotStarted);
        assert_eq!(open.progress(date(2022, 1, 1)), ActionProgress::Overdue);
        assert_eq!(action(ActionState::InProgress, due).progress(date(2022, 1, 1)), ActionProgress::Overdue);
        assert_eq!(action(ActionState::InProgress, due).progress(date(2021, 6, 1)), ActionProgress::InProgress);
        assert_eq!(action(ActionState::Done, due).progress(date(2030, 1, 1)), ActionProgress::Done);
    }

    #[test]
    fn states_are_read_in_words() {
        assert_eq!(ActionState::parse("In progress"), Some(ActionState::InProgress));
        assert_eq!(ActionState::parse("done"), Some(ActionState::Done));
        assert_eq!(ActionState::parse("overdue"), None);
    }

    fn meeting(id: i64, date: Date, period: &str) -> Meeting {
        Meeting {
            id,
            committee: "Executive".into(),
            date,
            reports: vec![ReportConsidered {
                kind: "quarterly".into(),
                period: Period::parse(period).unwrap(),
                published_id: None,
            }],
            resolutions: vec![],
            actions: vec![],
        }
    }

    #[test]
    fn the_last_meeting_is_the_latest_that_considered_an_earlier_period() {
        let q4 = meeting(1, date(2021, 6, 9), "2020/21-Q4");
        let q1 = meeting(2, date(2021, 9, 15), "2021/22-Q1");
        let q2 = meeting(3, date(2021, 11, 10), "2021/22-Q2");
        let all = [q4, q1, q2];
        let q2_period = Period::parse("2021/22-Q2").unwrap();
        assert_eq!(last_meeting(&all, q2_period).map(|m| m.id), Some(2));
        assert_eq!(last_meeting(&all, Period::parse("2021/22-Q1").unwrap()).map(|m| m.id), Some(1));
        assert_eq!(last_meeting(&all, Period::parse("2020/21-Q4").unwrap()), None);
    }
}
