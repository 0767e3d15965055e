//! Which reminders are due on a day: a pure rule over the open rounds as they
//! stand, tested with dates. Whether a reminder was already sent is the
//! store's business (each is claimed once by its key); this only says what
//! should have gone by `today`.

use jiff::ToSpan;
use jiff::civil::Date;
use outturn_core::{Key, MeasureCode, Period};
use outturn_store::{ReminderKey, ReminderKind};

/// An open collection round as the reminders need it: who still owes what.
/// Built from the round's to-do lists and sign-off states (see `source`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundToDo {
    pub council: Key,
    pub council_name: String,
    pub period: Period,
    /// Data owners enter their results by the end of this UK day.
    pub owner_deadline: Date,
    /// Directors sign off by the end of this UK day.
    pub sign_off_deadline: Date,
    /// Every data owner with measures due in the round, whether entered or not.
    pub owners: Vec<OwnerToDo>,
    /// Every director with business units in the round.
    pub directors: Vec<DirectorToDo>,
}

/// A person reminders go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub username: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerToDo {
    pub owner: Person,
    /// The owner's measures due in the round with no result entered yet.
    pub still_due: Vec<MeasureDue>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureDue {
    pub code: MeasureCode,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectorToDo {
    pub director: Person,
    /// The director's business units not yet signed off.
    pub awaiting: Vec<UnitAwaiting>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitAwaiting {
    pub node: Key,
    pub name: String,
    /// Its sign-off state in words: "Submitted", "Open".
    pub state: String,
}

/// How early reminders go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Days before a deadline that the first reminder goes (owners and directors).
    pub days_before: i32,
}

impl Default for Timing {
    fn default() -> Self {
        Timing { days_before: 3 }
    }
}

/// One reminder that should have gone by today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due<'a> {
    pub round: &'a RoundToDo,
    pub kind: ReminderKind,
    pub recipient: &'a Person,
    /// For owners: the measures still due (overdue once the deadline has passed).
    pub measures: &'a [MeasureDue],
    /// For directors: the units awaiting sign-off.
    pub units: &'a [UnitAwaiting],
}

impl Due<'_> {
    pub fn key(&self) -> ReminderKey {
        ReminderKey {
            council: self.round.council.clone(),
            period: self.round.period,
            recipient: self.recipient.username.clone(),
            kind: self.kind,
        }
    }
    /// The deadline the reminder is about.
    pub fn deadline(&self) -> Date {
        match self.kind {
            ReminderKind::SignOffDigest => self.round.sign_off_deadline,
            ReminderKind::OwnerBeforeDeadline | ReminderKind::OwnerOverdue => self.round.owner_deadline,
        }
    }
}

/// The reminders due on `today` (a UK date) for the open rounds given:
/// - to each data owner with measures still due, from `days_before` days
///   before the owner deadline up to the deadline itself;
/// - to each data owner with measures still due, from the day after the
///   owner deadline (what is overdue);
/// - to each director with units not yet signed off, from `days_before` days
///   before the sign-off deadline up to the deadline itself.
///
/// A window rather than one day, so a server that was down on the day still
/// sends when it comes back; the store makes sure each goes only once.
pub fn due(rounds: &[RoundToDo], today: Date, timing: Timing) -> Vec<Due<'_>> {
    let mut out = Vec::new();
    for round in rounds {
        let owner_kind = if today > round.owner_deadline {
            Some(ReminderKind::OwnerOverdue)
        } else if today >= starts(round.owner_deadline, timing) {
            Some(ReminderKind::OwnerBeforeDeadline)
        } else {
            None
        };
        if let Some(kind) = owner_kind {
            for o in round.owners.iter().filter(|o| !o.still_due.is_empty()) {
                out.push(Due { round, kind, recipient: &o.owner, measures: &o.still_due, units: &[] });
            }
        }
        let sign_off_window = starts(round.sign_off_deadline, timing)..=round.sign_off_deadline;
        if sign_off_window.contains(&today) {
            for d in round.directors.iter().filter(|d| !d.awaiting.is_empty()) {
                out.push(Due {
                    round,
                    kind: ReminderKind::SignOffDigest,
                    recipient: &d.director,
                    measures: &[],
                    units: &d.awaiting,
                });
            }
        }
    }
    out
}

/// The first day of a deadline's reminder window.
fn starts(deadline: Date, timing: Timing) -> Date {
    deadline.checked_sub(i64::from(timing.days_before.max(0)).days()).unwrap_or(Date::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn person(username: &str) -> Person {
        Person { username: username.to_string(), name: username.to_uppercase() }
    }

    fn measure(code: &str) -> MeasureDue {
        MeasureDue { code: MeasureCode::parse(code).unwrap(), title: format!("Title of {code}") }
    }

    /// Owner deadline 16 October 2020, sign-off 23 October 2020; one owner
    /// with BV9 still due, one with nothing due, one director with a unit
    /// awaiting sign-off.
    fn round() -> RoundToDo {
        RoundToDo {
            council: Key::parse("a-council").unwrap(),
            council_name: "A Council".to_string(),
            period: Period::parse("2020/21-Q2").unwrap(),
            owner_deadline: date(2020, 10, 16),
            sign_off_deadline: date(2020, 10, 23),
            owners: vec![
                OwnerToDo { owner: person("late"), still_due: vec![measure("BV9")] },
                OwnerToDo { owner: person("done"), still_due: vec![] },
            ],
            directors: vec![DirectorToDo {
                director: person("director"),
                awaiting: vec![UnitAwaiting {
                    node: Key::parse("housing").unwrap(),
                    name: "Housing".to_string(),
                    state: "Submitted".to_string(),
                }],
            }],
        }
    }

    fn kinds_on(day: Date, timing: Timing) -> Vec<(String, ReminderKind)> {
        let rounds = [round()];
        due(&rounds, day, timing).iter().map(|d| (d.recipient.username.clone(), d.kind)).collect()
    }

    #[test]
    fn nothing_before_the_window_opens() {
        assert_eq!(kinds_on(date(2020, 10, 12), Timing::default()), vec![]);
    }

    #[test]
    fn owners_with_measures_still_due_are_reminded_three_days_before_up_to_the_deadline() {
        for day in [date(2020, 10, 13), date(2020, 10, 16)] {
            assert_eq!(
                kinds_on(day, Timing::default()),
                vec![("late".to_string(), ReminderKind::OwnerBeforeDeadline)],
                "on {day}"
            );
        }
    }

    #[test]
    fn the_day_after_the_deadline_the_owner_is_told_what_is_overdue() {
        let rounds = [round()];
        let found = due(&rounds, date(2020, 10, 17), Timing::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, ReminderKind::OwnerOverdue);
        assert_eq!(found[0].measures, &[measure("BV9")]);
        assert_eq!(found[0].deadline(), date(2020, 10, 16));
    }

    #[test]
    fn directors_get_a_digest_before_the_sign_off_deadline_and_not_after() {
        let on = kinds_on(date(2020, 10, 20), Timing::default());
        assert!(on.contains(&("director".to_string(), ReminderKind::SignOffDigest)), "{on:?}");
        assert!(on.contains(&("late".to_string(), ReminderKind::OwnerOverdue)), "{on:?}");
        let after = kinds_on(date(2020, 10, 24), Timing::default());
        assert_eq!(after, vec![("late".to_string(), ReminderKind::OwnerOverdue)]);
    }

    #[test]
    fn the_number_of_days_before_is_configurable() {
        let timing = Timing { days_before: 7 };
        assert_eq!(kinds_on(date(2020, 10, 9), timing), vec![("late".to_string(), ReminderKind::OwnerBeforeDeadline)]);
        assert_eq!(kinds_on(date(2020, 10, 8), timing), vec![]);
    }

    #[test]
    fn a_director_with_every_unit_signed_off_gets_nothing() {
        let mut r = round();
        r.directors[0].awaiting.clear();
        r.owners[0].still_due.clear();
        assert!(due(&[r], date(2020, 10, 22), Timing::default()).is_empty());
    }

    #[test]
    fn the_key_names_the_round_the_person_and_the_kind() {
        let rounds = [round()];
        let found = due(&rounds, date(2020, 10, 14), Timing::default());
        let key = found[0].key();
        assert_eq!(key.council.as_str(), "a-council");
        assert_eq!(key.period.to_string(), "2020/21-Q2");
        assert_eq!(key.recipient, "late");
        assert_eq!(key.kind, ReminderKind::OwnerBeforeDeadline);
    }
}
