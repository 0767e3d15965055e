//! Use cases: committee meetings, their resolutions and actions. Loading a
//! committee file (all or nothing), reading meetings and actions, the actions
//! asked of a person, the meeting a report follows up, and adding an update
//! note to an action (who may is decided in `access`).

pub mod file;
pub mod improvement;

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_core::committee::last_meeting;
use outturn_core::{
    ActionProgress, ActionState, ActionUpdate, AsOf, CommitteeAction, Key, MeasureView, Meeting, Period, Status,
};
use outturn_store::{AuditRecord, CommitteeChanges, Council, Store};

use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::committees::file::problem_at;
use crate::framework::apply::Applied;
use crate::framework::file::{FileProblem, FileSource};
use crate::{AppError, council};

/// One action with the meeting that asked for it and its progress on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionLine {
    pub meeting_id: i64,
    pub committee: String,
    pub meeting_date: Date,
    pub action: CommitteeAction,
    pub progress: ActionProgress,
}

/// "Executive, 15 September 2021": how a meeting is named to a reader.
pub fn meeting_name(meeting: &Meeting) -> String {
    format!("{}, {}", meeting.committee, meeting.date.strftime("%-d %B %Y"))
}

/// Reads and checks a committee file, then stores what is new in it (meetings
/// not stored yet, plans that differ, the focus setting) in one transaction.
/// Loading the same file again stores nothing. With any problem nothing is
/// stored and each problem is named FILE:LINE: field: message.
pub async fn load_file(
    store: &dyn Store,
    source: &dyn FileSource,
    path: &str,
    actor: &Actor,
) -> Result<Applied, AppError> {
    let text = source.read(path).map_err(|message| {
        AppError::CommitteeFile(vec![FileProblem {
            file: path.to_string(),
            line: None,
            field: "file".into(),
            value: None,
            message,
        }])
    })?;
    load_text(store, path, &text, actor).await
}

/// [`load_file`] for a committee file's text; `path` names it in problems.
pub async fn load_text(store: &dyn Store, path: &str, text: &str, actor: &Actor) -> Result<Applied, AppError> {
    let file = file::read(path, text).map_err(AppError::CommitteeFile)?;
    let slug = file.council.clone();
    let council = council(store, &slug).await?;
    actor.check(Action::ManageCommittees(&council.slug))?;
    let mut problems = Vec::new();
    for (plan, (code, line)) in file.changes.plans.iter().zip(&file.measure_lines) {
        let Some(measure) = council.measures.iter().find(|m| &m.code == code) else {
            problems.push(problem_at(path, *line, "measure", format!("council {slug} has no measure \"{code}\"")));
            continue;
        };
        // A plan answers a Red or Amber status: the one of the period it opened in.
        let history = store.measure_history(&slug, code).await?;
        let status = MeasureView::new(measure, &history, AsOf::now()).assess(plan.opened).map(|a| a.status);
        if !matches!(status, Some(Status::Red | Status::Amber)) {
            let was = status.map_or("not due".to_string(), |s| s.label().to_string());
            problems.push(problem_at(
                path,
                *line,
                "measure",
                format!("{code} was {was} in {}: an improvement plan is for a Red or Amber measure", plan.opened),
            ));
        }
    }
    for (username, line) in &file.user_lines {
        if store.user_by_username(username).await?.is_none() {
            problems.push(problem_at(path, *line, "actions.of_user", format!("there is no user \"{username}\"")));
        }
    }
    let stored = store.meetings(&slug).await?;
    let mut changes = CommitteeChanges::default();
    let mut said = Vec::new();
    for meeting in &file.changes.meetings {
        match stored.iter().find(|s| s.committee == meeting.committee && s.date == meeting.date) {
            Some(s) if same_record(s, meeting) => {}
            Some(_) => problems.push(problem_at(
                path,
                1,
                "meetings",
                format!(
                    "the {} is already stored with other resolutions or actions; a stored meeting is not changed by loading a file",
                    meeting_name(meeting)
                ),
            )),
            None => {
                said.push(format!("meeting {} added", meeting_name(meeting)));
                changes.meetings.push(meeting.clone());
            }
        }
    }
    if !problems.is_empty() {
        return Err(AppError::CommitteeFile(problems));
    }
    let plans = store.improvement_plans(&slug).await?;
    for plan in &file.changes.plans {
        if !plans.contains(plan) {
            said.push(format!("improvement plan for {} saved", plan.measure));
            changes.plans.push(plan.clone());
        }
    }
    if let Some(n) = file.changes.focus_green_periods
        && store.focus_green_periods(&slug).await? != n
    {
        said.push(format!("plans leave the focus list after {n} Green periods"));
        changes.focus_green_periods = Some(n);
    }
    if said.is_empty() {
        return Ok(Applied { council: slug, changes: said });
    }
    let at = Timestamp::now();
    let council = &slug;
    let mut audit: Vec<AuditRecord> = changes
        .meetings
        .iter()
        .map(|meeting| AuditEvent::MeetingAdded { council, meeting }.record_by(actor, at))
        .chain(changes.plans.iter().map(|plan| AuditEvent::ImprovementPlanSaved { council, plan }.record_by(actor, at)))
        .collect();
    if let Some(green_periods) = changes.focus_green_periods {
        audit.push(AuditEvent::FocusSettingChanged { council, green_periods }.record_by(actor, at));
    }
    store.save_committees(&slug, &changes, &audit).await?;
    Ok(Applied { council: slug, changes: said })
}

/// The same meeting as recorded (ids, states and notes aside).
fn same_record(stored: &Meeting, given: &Meeting) -> bool {
    let actions = |m: &Meeting| -> Vec<(String, String, Date)> {
        m.actions.iter().map(|a| (a.asked.clone(), a.asked_of.to_string().to_lowercase(), a.due)).collect()
    };
    stored.reports == given.reports && stored.resolutions == given.resolutions && actions(stored) == actions(given)
}

/// The council's meetings, oldest first, for an actor who may read the council.
pub async fn meetings(store: &dyn Store, actor: &Actor, slug: &Key) -> Result<Vec<Meeting>, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, slug).await?;
    Ok(store.meetings(&council.slug).await?)
}

/// One meeting of the council, if there is one with that id.
pub async fn meeting(store: &dyn Store, actor: &Actor, slug: &Key, id: i64) -> Result<Option<Meeting>, AppError> {
    Ok(meetings(store, actor, slug).await?.into_iter().find(|m| m.id == id))
}

/// One action of the council with its meeting, if there is one with that id.
pub async fn action(
    store: &dyn Store,
    actor: &Actor,
    slug: &Key,
    id: i64,
) -> Result<Option<(Meeting, CommitteeAction)>, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, slug).await?;
    find_action(store, &council, id).await
}

async fn find_action(
    store: &dyn Store,
    council: &Council,
    id: i64,
) -> Result<Option<(Meeting, CommitteeAction)>, AppError> {
    for m in store.meetings(&council.slug).await? {
        if let Some(a) = m.actions.iter().find(|a| a.id == id) {
            let a = a.clone();
            return Ok(Some((m, a)));
        }
    }
    Ok(None)
}

fn line(meeting: &Meeting, action: &CommitteeAction, today: Date) -> ActionLine {
    ActionLine {
        meeting_id: meeting.id,
        committee: meeting.committee.clone(),
        meeting_date: meeting.date,
        action: action.clone(),
        progress: action.progress(today),
    }
}

/// The actions asked of a user by name that are not done, soonest due first.
pub async fn actions_asked_of(
    store: &dyn Store,
    actor: &Actor,
    slug: &Key,
    username: &str,
    today: Date,
) -> Result<Vec<ActionLine>, AppError> {
    let mut lines: Vec<ActionLine> = meetings(store, actor, slug)
        .await?
        .iter()
        .flat_map(|m| {
            m.actions
                .iter()
                .filter(|a| matches!(&a.asked_of, outturn_core::AskedOf::User(u) if u == username))
                .map(|a| line(m, a, today))
                .collect::<Vec<_>>()
        })
        .filter(|l| l.progress != ActionProgress::Done)
        .collect();
    lines.sort_by_key(|l| (l.action.due, l.meeting_date, l.action.number));
    Ok(lines)
}

/// The meeting a report for `period` follows up ("actions from the last
/// meeting"), with each action's progress on `today`.
pub async fn follow_up(
    store: &dyn Store,
    slug: &Key,
    period: Period,
    today: Date,
) -> Result<Option<(Meeting, Vec<ActionLine>)>, AppError> {
    let meetings = store.meetings(slug).await?;
    Ok(last_meeting(&meetings, period).map(|m| {
        let lines = m.actions.iter().map(|a| line(m, a, today)).collect();
        (m.clone(), lines)
    }))
}

/// Adds an update note to an action, changing its status when `state` is
/// given: by the person it was asked of or a performance officer.
pub async fn update_action(
    store: &dyn Store,
    actor: &Actor,
    slug: &Key,
    action_id: i64,
    note: &str,
    state: Option<ActionState>,
) -> Result<(), AppError> {
    let council = council(store, slug).await?;
    let Some((meeting, action)) = find_action(store, &council, action_id).await? else {
        return Err(AppError::NoCommitteeAction { council: slug.to_string(), id: action_id });
    };
    actor.check(Action::UpdateCommitteeAction { council: &council.slug, asked_of: &action.asked_of })?;
    let note = note.trim();
    if note.is_empty() {
        return Err(AppError::BadInput { field: "note", message: "Enter an update note".into() });
    }
    let at = Timestamp::now();
    let update = ActionUpdate { at, author: actor.name().to_string(), note: note.to_string(), state };
    let audit = AuditEvent::ActionUpdated {
        council: &council.slug,
        meeting: &meeting,
        action: &action,
        state: state.unwrap_or(action.state),
        note,
    }
    .record_by(actor, at);
    if !store.add_action_update(&council.slug, action_id, &update, &audit).await? {
        return Err(AppError::NoCommitteeAction { council: slug.to_string(), id: action_id });
    }
    Ok(())
}
