//! The words of a reminder: a subject and a plain-text body in plain English,
//! naming the council, the period, the deadline, the measures (code and
//! title) or business units, and the link to the page where the work is done.

use jiff::civil::Date;
use outturn_store::ReminderKind;

use super::rule::Due;

/// A reminder's subject and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

/// The page where the recipient does what the reminder asks: a data owner's
/// to-do list for the round, or the round's page (where units are signed
/// off) for a director. The period's `/` is written `%2F` in the address.
pub fn link(public_url: &str, due: &Due) -> String {
    let base = public_url.trim_end_matches('/');
    let period = due.round.period.to_string().replace('/', "%2F");
    let round = format!("{base}/councils/{}/rounds/{period}", due.round.council);
    match due.kind {
        ReminderKind::OwnerBeforeDeadline | ReminderKind::OwnerOverdue => format!("{round}/mine"),
        ReminderKind::SignOffDigest => round,
    }
}

/// "Friday 16 October 2020".
pub fn long_date(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn compose(due: &Due, public_url: &str) -> Message {
    let round = due.round;
    let council = &round.council_name;
    let period = format!("{} ({})", round.period.describe(), round.period);
    let deadline = long_date(due.deadline());
    let link = link(public_url, due);
    let measures: String =
        due.measures.iter().map(|m| format!("- {}: {}\n", m.code, m.title)).collect::<Vec<_>>().concat();
    let units: String = due.units.iter().map(|u| format!("- {} ({})\n", u.name, u.state.to_lowercase())).collect();
    let results = plural(due.measures.len(), "result", "results");
    let (subject, middle) = match due.kind {
        ReminderKind::OwnerBeforeDeadline => (
            format!("{council}: {results} due by {deadline}"),
            format!(
                "Results for {period} are due by the end of {deadline}. These measures of yours have no result yet:\n\n\
                 {measures}\n\
                 Enter each result, or mark it Missing data with the reason, from your to-do list:\n{link}\n\n\
                 If any are still due after the deadline you will get one more reminder."
            ),
        ),
        ReminderKind::OwnerOverdue => (
            format!("{council}: {results} overdue for {}", round.period.describe()),
            format!(
                "Results for {period} were due by the end of {deadline}. These measures of yours are overdue:\n\n\
                 {measures}\n\
                 Please enter each result, or mark it Missing data with the reason, from your to-do list:\n{link}"
            ),
        ),
        ReminderKind::SignOffDigest => (
            format!(
                "{council}: {} awaiting your sign-off by {deadline}",
                plural(due.units.len(), "business unit", "business units")
            ),
            format!(
                "Results for {period} are to be signed off by the end of {deadline}. \
                 These business units of yours are not signed off yet:\n\n\
                 {units}\n\
                 Check their results and sign them off on the round's page:\n{link}"
            ),
        ),
    };
    let body = format!(
        "Dear {name},\n\n{middle}\n\nThis reminder was sent by outturn for {council}.\n",
        name = due.recipient.name
    );
    Message { subject, body }
}

#[cfg(test)]
mod tests {
    use super::super::rule::{MeasureDue, OwnerToDo, Person, RoundToDo, Timing, due};
    use super::*;
    use jiff::civil::date;
    use outturn_core::{Key, MeasureCode, Period};

    fn round() -> RoundToDo {
        RoundToDo {
            council: Key::parse("a-council").unwrap(),
            council_name: "A Council".to_string(),
            period: Period::parse("2020/21-Q2").unwrap(),
            owner_deadline: date(2020, 10, 16),
            sign_off_deadline: date(2020, 10, 23),
            owners: vec![OwnerToDo {
                owner: Person { username: "jsmith".to_string(), name: "Jo Smith".to_string() },
                still_due: vec![
                    MeasureDue {
                        code: MeasureCode::parse("BV9").unwrap(),
                        title: "% Council Tax collected".to_string(),
                    },
                    MeasureDue {
                        code: MeasureCode::parse("BV66a").unwrap(),
                        title: "Rent Collection Rate".to_string(),
                    },
                ],
            }],
            directors: vec![],
        }
    }

    #[test]
    fn an_overdue_reminder_names_council_period_deadline_measures_and_link() {
        let rounds = [round()];
        let found = due(&rounds, date(2020, 10, 17), Timing::default());
        let m = compose(&found[0], "https://outturn.example/");
        assert_eq!(m.subject, "A Council: 2 results overdue for July to September 2020");
        for part in [
            "Dear Jo Smith,",
            "July to September 2020 (2020/21-Q2)",
            "by the end of Friday 16 October 2020",
            "- BV9: % Council Tax collected\n- BV66a: Rent Collection Rate\n",
            "https://outturn.example/councils/a-council/rounds/2020%2F21-Q2/mine",
            "sent by outturn for A Council",
        ] {
            assert!(m.body.contains(part), "{part:?} not in:\n{}", m.body);
        }
    }

    #[test]
    fn a_reminder_before_the_deadline_says_when_results_are_due() {
        let rounds = [round()];
        let found = due(&rounds, date(2020, 10, 14), Timing::default());
        let m = compose(&found[0], "http://localhost:8080");
        assert_eq!(m.subject, "A Council: 2 results due by Friday 16 October 2020");
        assert!(m.body.contains("have no result yet"), "{}", m.body);
    }
}
