//! What a quarterly report follows up from the committee: "Actions from the
//! last meeting", each with its status on the report's date, and the
//! improvement plans kept on the next quarter focus list, each citing the
//! paragraphs of its measure's spotlight. The rules (which meeting, overdue,
//! how long a plan stays in focus) are the core's; this only arranges them.

use jiff::civil::Date;
use outturn_app::actor::Actor;
use outturn_app::committees::improvement::{self, PlanStanding};
use outturn_app::committees::{self as committee, ActionLine};
use outturn_core::{Key, Meeting, Period};
use outturn_store::Store;

use crate::model::{Builder, ListItem, Table, TextBuilder, plain};
use crate::{ReportError, Settings};

#[derive(Debug, Clone, Default)]
pub(crate) struct CommitteeFacts {
    /// The meeting the report follows up, with its actions' progress.
    pub last_meeting: Option<(Meeting, Vec<ActionLine>)>,
    /// Every plan of the council with where it stands for the period.
    pub plans: Vec<PlanStanding>,
    /// The day actions' statuses are given for.
    pub day: Option<Date>,
}

/// The day statuses of actions are given for: the meeting's date when set,
/// else the day figures are taken as of, else today.
fn report_day(settings: &Settings) -> Date {
    settings.date.or(settings.as_of).unwrap_or_else(|| outturn_core::AsOf::now().date())
}

pub(crate) async fn facts(
    store: &dyn Store,
    actor: &Actor,
    slug: &Key,
    period: Period,
    settings: &Settings,
) -> Result<CommitteeFacts, ReportError> {
    let last_meeting = committee::follow_up(store, slug, period, report_day(settings)).await?;
    let plans = improvement::plans(store, actor, slug, period, settings.as_of).await?;
    Ok(CommitteeFacts { last_meeting, plans, day: Some(report_day(settings)) })
}

/// "Actions from the last meeting": the meeting, then a table of its actions with their status.
pub(crate) fn actions_section(b: &mut Builder, f: &CommitteeFacts) {
    let Some((meeting, actions)) = &f.last_meeting else { return };
    b.subheading(1, "Actions from the last meeting");
    let name = committee::meeting_name(meeting);
    let considered: Vec<String> = meeting
        .reports
        .iter()
        .map(|r| format!("the {} report for {} ({})", r.kind, r.period.describe(), r.period))
        .collect();
    let mut opening = format!(
        "The {name} considered {}",
        if considered.is_empty() { "performance".into() } else { considered.join(" and ") }
    );
    if actions.is_empty() {
        opening.push_str(" and asked for no actions.");
        b.para(plain(opening));
        return;
    }
    let day = f.day.map_or_else(|| "the date of this report".to_string(), |d| d.strftime("%-d %B %Y").to_string());
    opening.push_str(&format!(
        " and asked for the following {}; each status is as at {day}.",
        if actions.len() == 1 { "action" } else { "actions" }
    ));
    b.para(plain(opening));
    b.table(Table {
        caption: format!("Actions from the {name}"),
        columns: vec!["Action".into(), "Asked of".into(), "Due".into(), "Status".into()],
        row_headers: true,
        rows: actions
            .iter()
            .map(|l| {
                vec![
                    format!("{}. {}", l.action.number, l.action.asked),
                    l.action.asked_of.to_string(),
                    l.action.due.strftime("%-d %B %Y").to_string(),
                    l.progress.label().to_string(),
                ]
            })
            .collect(),
        notes: vec![],
    });
    for l in actions.iter().filter(|l| !l.action.updates.is_empty()) {
        let latest = l.action.updates.last().expect("filtered to actions with updates");
        b.para(plain(format!("Action {}: latest update: {}", l.action.number, latest.note)));
    }
}

/// The improvement plans still in focus, each citing its measure's
/// spotlight when the report has one (`spotlight_id` gives its span).
pub(crate) fn focus_plans(
    b: &mut Builder,
    f: &CommitteeFacts,
    spotlit: &[&str],
    spotlight_id: impl Fn(&str) -> String,
) {
    let in_focus: Vec<&PlanStanding> = f.plans.iter().filter(|p| p.in_focus).collect();
    if in_focus.is_empty() {
        return;
    }
    let n = in_focus[0].green_periods;
    b.para(plain(format!(
        "Improvement plans stay on this list until their measure has been Green for {n} consecutive period{}. Those in focus:",
        if n == 1 { "" } else { "s" }
    )));
    b.list(
        in_focus
            .iter()
            .map(|p| {
                let plan = &p.plan;
                let text = TextBuilder::new().text(format!(
                    "{}: {}: {} (owner {}; monitored by {}; review {})",
                    plan.measure,
                    p.measure_title,
                    plan.title,
                    plan.owner,
                    plan.monitored_by,
                    plan.review_on.strftime("%-d %B %Y")
                ));
                let text = if spotlit.contains(&plan.measure.as_str()) {
                    text.text(" (").reference(&spotlight_id(plan.measure.as_str())).text(")")
                } else {
                    let latest = p.statuses.first().and_then(|(_, s)| *s).map_or("not due", |s| p.labels.label(s));
                    text.text(format!(" ({latest} this period: no spotlight)"))
                };
                ListItem { depth: 0, text: text.done() }
            })
            .collect(),
    );
}
