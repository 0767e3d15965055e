//! Collection rounds: whether a measure's result came in by the data owners'
//! deadline (the end of that UK day).

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::as_of::AsOf;

/// Where one measure due in a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Timeliness {
    /// Not entered, and the deadline has not passed.
    ToDo,
    /// Not entered, and the deadline has passed.
    Overdue,
    /// First entered by the deadline.
    OnTime,
    /// First entered after the deadline.
    Late,
}

impl Timeliness {
    /// `first_recorded`: when the period's result was first recorded, if it was.
    pub fn of(first_recorded: Option<Timestamp>, deadline: Date, now: Timestamp) -> Timeliness {
        let by_deadline = AsOf::end_of_day(deadline);
        match first_recorded {
            Some(at) if by_deadline.knows(at) => Timeliness::OnTime,
            Some(_) => Timeliness::Late,
            None if by_deadline.knows(now) => Timeliness::ToDo,
            None => Timeliness::Overdue,
        }
    }
    pub fn is_entered(self) -> bool {
        matches!(self, Timeliness::OnTime | Timeliness::Late)
    }
    pub fn code(self) -> &'static str {
        match self {
            Timeliness::ToDo => "to-do",
            Timeliness::Overdue => "overdue",
            Timeliness::OnTime => "on-time",
            Timeliness::Late => "late",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Timeliness::ToDo => "To do",
            Timeliness::Overdue => "Overdue",
            Timeliness::OnTime => "Done on time",
            Timeliness::Late => "Done late",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn the_deadline_is_the_end_of_the_uk_day() {
        let deadline = jiff::civil::date(2020, 10, 16);
        // 23:30 BST on the 16th is 22:30 UTC: still on time.
        assert_eq!(
            Timeliness::of(Some(at("2020-10-16T22:30:00Z")), deadline, at("2020-11-01T00:00:00Z")),
            Timeliness::OnTime
        );
        assert_eq!(
            Timeliness::of(Some(at("2020-10-16T23:30:00Z")), deadline, at("2020-11-01T00:00:00Z")),
            Timeliness::Late
        );
        assert_eq!(Timeliness::of(None, deadline, at("2020-10-10T00:00:00Z")), Timeliness::ToDo);
        assert_eq!(Timeliness::of(None, deadline, at("2020-10-17T09:00:00Z")), Timeliness::Overdue);
    }

    #[test]
    fn a_deadline_at_the_end_of_the_calendar_is_still_to_do() {
        let deadline = jiff::civil::date(9999, 12, 31);
        assert_eq!(Timeliness::of(None, deadline, at("2020-10-10T00:00:00Z")), Timeliness::ToDo);
        assert_eq!(
            Timeliness::of(Some(at("2020-10-10T00:00:00Z")), deadline, at("2021-01-01T00:00:00Z")),
            Timeliness::OnTime
        );
    }
}
