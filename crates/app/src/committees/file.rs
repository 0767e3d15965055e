//! The committee file (docs/committee-file.md): a council's committee
//! meetings (reports considered, resolutions, actions) and improvement plans,
//! in TOML. Every value keeps its position so each problem names
//! FILE:LINE: field; a file with any problem gives nothing to store.

use outturn_core::improvement::DEFAULT_GREEN_PERIODS;
use outturn_core::{
    ActionState, AskedOf, CommitteeAction, ImprovementPlan, Key, MeasureCode, Meeting, Period, PlanMilestone,
    ReportConsidered, Resolution,
};
use outturn_store::CommitteeChanges;
use serde::Deserialize;
use toml::Spanned;

use crate::framework::file::{FileProblem, Problems};

type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitteeToml {
    council: S<String>,
    #[serde(default)]
    focus_green_periods: Option<S<i64>>,
    #[serde(default)]
    meetings: Vec<S<MeetingToml>>,
    #[serde(default)]
    improvement_plans: Vec<S<PlanToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MeetingToml {
    committee: S<String>,
    date: S<String>,
    #[serde(default)]
    reports: Vec<S<ReportToml>>,
    #[serde(default)]
    resolutions: Vec<S<String>>,
    #[serde(default)]
    actions: Vec<S<ActionToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportToml {
    kind: S<String>,
    period: S<String>,
    #[serde(default)]
    published_id: Option<S<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionToml {
    asked: S<String>,
    #[serde(default)]
    of_user: Option<S<String>>,
    #[serde(default)]
    of_role: Option<S<String>>,
    due: S<String>,
    #[serde(default)]
    status: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanToml {
    measure: S<String>,
    title: S<String>,
    owner: S<String>,
    monitored_by: S<String>,
    opened: S<String>,
    review: S<String>,
    #[serde(default)]
    actions: Vec<S<String>>,
    #[serde(default)]
    milestones: Vec<S<MilestoneToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MilestoneToml {
    what: S<String>,
    due: S<String>,
}

/// A committee file read and checked on its own (the council, its measures
/// and users are checked against the store by `committee::load_file`).
#[derive(Debug, Clone, PartialEq)]
pub struct CommitteeFile {
    pub council: Key,
    pub changes: CommitteeChanges,
    /// Where each plan's measure code and each action's user are written, to
    /// name the line when the store does not know them.
    pub measure_lines: Vec<(MeasureCode, usize)>,
    pub user_lines: Vec<(String, usize)>,
}

/// Reads a committee file's text; `name` is how problems name the file.
pub fn read(name: &str, text: &str) -> Result<CommitteeFile, Vec<FileProblem>> {
    let mut problems = Problems::new(name, text);
    let file: CommitteeToml = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let line = e.span().map(|s| problems.source.line_of(s));
            problems.at_line(line, "toml", e.message().trim().to_string());
            return Err(problems.found);
        }
    };
    let council = Key::parse(file.council.get_ref()).map_err(|e| e.to_string());
    let council = ok(&mut problems, &file.council, "council", council);
    let mut changes = CommitteeChanges::default();
    if let Some(n) = &file.focus_green_periods {
        match u32::try_from(*n.get_ref()) {
            Ok(n) if n > 0 => changes.focus_green_periods = Some(n),
            _ => problems.at(n.span(), "focus_green_periods", "must be a whole number of periods, 1 or more"),
        }
    }
    let mut user_lines = Vec::new();
    for meeting in &file.meetings {
        if let Some(m) = read_meeting(meeting.get_ref(), &mut problems, &mut user_lines) {
            let duplicate = changes.meetings.iter().any(|o| o.committee == m.committee && o.date == m.date);
            if duplicate {
                problems.at(meeting.span(), "meetings", format!("the {} on {} is given twice", m.committee, m.date));
            }
            changes.meetings.push(m);
        }
    }
    let mut measure_lines = Vec::new();
    for plan in &file.improvement_plans {
        if let Some(p) = read_plan(plan.get_ref(), &mut problems) {
            let line = problems.source.line_of(plan.get_ref().measure.span());
            if changes.plans.iter().any(|o| o.measure == p.measure) {
                problems.at(plan.span(), "improvement_plans", format!("{} has two plans", p.measure));
            }
            measure_lines.push((p.measure.clone(), line));
            changes.plans.push(p);
        }
    }
    match council {
        Some(council) if problems.found.is_empty() => Ok(CommitteeFile { council, changes, measure_lines, user_lines }),
        _ => Err(problems.found),
    }
}

/// How many Green periods the file sets, or the default.
pub fn green_periods(file: &CommitteeFile) -> u32 {
    file.changes.focus_green_periods.unwrap_or(DEFAULT_GREEN_PERIODS)
}

fn ok<T, U>(problems: &mut Problems, at: &S<U>, field: &str, value: Result<T, String>) -> Option<T> {
    value.map_err(|message| problems.at(at.span(), field, message)).ok()
}

fn text(problems: &mut Problems, value: &S<String>, field: &str) -> Option<String> {
    let t = value.get_ref().trim();
    ok(problems, value, field, if t.is_empty() { Err("must not be empty".into()) } else { Ok(t.to_string()) })
}

fn read_date(problems: &mut Problems, value: &S<String>, field: &str) -> Option<jiff::civil::Date> {
    let parsed = value.get_ref().trim().parse::<jiff::civil::Date>();
    let parsed = parsed.map_err(|_| format!("\"{}\" is not a date (YYYY-MM-DD)", value.get_ref()));
    ok(problems, value, field, parsed.and_then(|d| outturn_core::supported_day(d).map_err(|e| e.to_string())))
}

fn period(problems: &mut Problems, value: &S<String>, field: &str) -> Option<Period> {
    ok(problems, value, field, Period::parse(value.get_ref()).map_err(|e| e.to_string()))
}

fn read_meeting(m: &MeetingToml, problems: &mut Problems, user_lines: &mut Vec<(String, usize)>) -> Option<Meeting> {
    let committee = ok(
        problems,
        &m.committee,
        "committee",
        outturn_core::text::name_problem(m.committee.get_ref())
            .map_or_else(|| Ok(m.committee.get_ref().trim().to_string()), Err),
    );
    let date = read_date(problems, &m.date, "date");
    let mut reports = Vec::new();
    for r in &m.reports {
        let r = r.get_ref();
        let kind = r.kind.get_ref().trim();
        let kind = ok(
            problems,
            &r.kind,
            "reports.kind",
            match kind {
                "quarterly" | "exception" => Ok(kind.to_string()),
                other => Err(format!("\"{other}\" is not a kind of report: quarterly or exception")),
            },
        );
        let period = period(problems, &r.period, "reports.period");
        if let (Some(kind), Some(period)) = (kind, period) {
            reports.push(ReportConsidered {
                kind,
                period,
                published_id: r.published_id.as_ref().map(|i| *i.get_ref()),
            });
        }
    }
    let mut resolutions = Vec::new();
    for (number, r) in (1..).zip(&m.resolutions) {
        if let Some(text) = text(problems, r, "resolutions") {
            resolutions.push(Resolution { number, text });
        }
    }
    let mut actions = Vec::new();
    for (number, a) in (1..).zip(&m.actions) {
        let at = a.span();
        let a = a.get_ref();
        let asked = text(problems, &a.asked, "actions.asked");
        let asked_of = match (&a.of_user, &a.of_role) {
            (Some(user), None) => {
                let name = text(problems, user, "actions.of_user");
                if let Some(name) = &name {
                    user_lines.push((name.clone(), problems.source.line_of(user.span())));
                }
                name.map(AskedOf::User)
            }
            (None, Some(role)) => text(problems, role, "actions.of_role").map(AskedOf::Role),
            _ => {
                problems.at(at.clone(), "actions", "give exactly one of of_user (a username) or of_role (a post)");
                None
            }
        };
        let due = read_date(problems, &a.due, "actions.due");
        let state = match &a.status {
            None => Some(ActionState::NotStarted),
            Some(s) => ok(
                problems,
                s,
                "actions.status",
                ActionState::parse(s.get_ref()).ok_or_else(|| {
                    format!(
                        "\"{}\" is not a status: not-started, in-progress or done (overdue follows from the due date)",
                        s.get_ref()
                    )
                }),
            ),
        };
        if let (Some(asked), Some(asked_of), Some(due), Some(state)) = (asked, asked_of, due, state) {
            actions.push(CommitteeAction { id: 0, number, asked, asked_of, due, state, updates: vec![] });
        }
    }
    Some(Meeting { id: 0, committee: committee?, date: date?, reports, resolutions, actions })
}

fn read_plan(p: &PlanToml, problems: &mut Problems) -> Option<ImprovementPlan> {
    let measure =
        ok(problems, &p.measure, "measure", MeasureCode::parse(p.measure.get_ref()).map_err(|e| e.to_string()));
    let title = text(problems, &p.title, "title");
    let owner = text(problems, &p.owner, "owner");
    let monitored_by = text(problems, &p.monitored_by, "monitored_by");
    let opened = period(problems, &p.opened, "opened");
    let review_on = read_date(problems, &p.review, "review");
    let actions: Vec<Option<String>> = p.actions.iter().map(|a| text(problems, a, "actions")).collect();
    let milestones: Vec<Option<PlanMilestone>> = p
        .milestones
        .iter()
        .map(|m| {
            let m = m.get_ref();
            let what = text(problems, &m.what, "milestones.what");
            let due = read_date(problems, &m.due, "milestones.due");
            Some(PlanMilestone { what: what?, due: due? })
        })
        .collect();
    Some(ImprovementPlan {
        measure: measure?,
        title: title?,
        owner: owner?,
        monitored_by: monitored_by?,
        opened: opened?,
        review_on: review_on?,
        actions: actions.into_iter().collect::<Option<_>>()?,
        milestones: milestones.into_iter().collect::<Option<_>>()?,
    })
}

/// A problem found against the store (an unknown measure or user), at its line.
pub fn problem_at(name: &str, line: usize, field: &str, message: String) -> FileProblem {
    FileProblem { file: name.to_string(), line: Some(line), field: field.to_string(), value: None, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"council = "stevenage"
focus_green_periods = 3

[[meetings]]
committee = "Executive"
date = "2021-09-15"
reports = [{ kind = "quarterly", period = "2021/22-Q1" }]
resolutions = ["That the report be noted."]

[[meetings.actions]]
asked = "An assessment of the meadowland areas"
of_role = "Assistant Director (Stevenage Direct Services)"
due = "2021-12-31"

[[improvement_plans]]
measure = "BV66a"
title = "Rent collection recovery"
owner = "Assistant Director (Housing and Investment)"
monitored_by = "Senior Leadership Team"
opened = "2020/21-Q2"
review = "2021-01-31"
actions = ["Weekly arrears calls"]
milestones = [{ what = "Back to target", due = "2021-03-31" }]
"#;

    #[test]
    fn a_good_file_reads_whole() {
        let file = read("c.toml", GOOD).unwrap();
        assert_eq!(file.council.as_str(), "stevenage");
        assert_eq!(file.changes.focus_green_periods, Some(3));
        let meeting = &file.changes.meetings[0];
        assert_eq!(meeting.resolutions[0].number, 1);
        assert_eq!(meeting.actions[0].state, ActionState::NotStarted);
        assert_eq!(meeting.actions[0].asked_of, AskedOf::Role("Assistant Director (Stevenage Direct Services)".into()));
        assert_eq!(file.changes.plans[0].milestones[0].what, "Back to target");
        assert_eq!(file.measure_lines, vec![(MeasureCode::parse("BV66a").unwrap(), 16)]);
    }

    #[test]
    fn every_problem_is_named_by_line_and_field() {
        let bad = GOOD
            .replace("date = \"2021-09-15\"", "date = \"15/09/2021\"")
            .replace("due = \"2021-12-31\"\n", "due = \"2021-12-31\"\nstatus = \"overdue\"\n")
            .replace("period = \"2021/22-Q1\"", "period = \"2021/22-Q5\"");
        let problems = read("c.toml", &bad).unwrap_err();
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(lines.iter().any(|l| l.starts_with("c.toml:6: date: ")), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("c.toml:7: reports.period: ")), "{lines:?}");
        assert!(
            lines.iter().any(|l| l.starts_with("c.toml:14: actions.status: \"overdue\" is not a status")),
            "{lines:?}"
        );
    }

    #[test]
    fn an_action_names_exactly_one_person_or_post() {
        let bad = GOOD.replace("of_role = ", "of_user = \"owner\"\nof_role = ");
        let problems = read("c.toml", &bad).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, "actions");
        assert_eq!(problems[0].line, Some(10));
    }

    #[test]
    fn toml_errors_and_unknown_fields_name_the_line() {
        let problems = read("c.toml", "council = \"stevenage\"\ncolour = \"red\"\n").unwrap_err();
        assert_eq!(problems[0].line, Some(2));
    }
}
