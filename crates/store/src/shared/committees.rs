// Committee meetings (reports considered, resolutions, actions, update notes)
// and improvement plans: the same SQL for both backends. This file is not a
// module of its own: it is compiled twice, with `include!`, inside
// `sqlite::committees` and `postgres::committees`, each of which first says
// `type Db = ...;`. See `backend.rs` for why. The caller opens the transaction
// (and commits it after a write).

use std::collections::HashMap;

use outturn_core::improvement::DEFAULT_GREEN_PERIODS;
use outturn_core::{
    ActionState, ActionUpdate, AskedOf, CommitteeAction, ImprovementPlan, Key, Meeting, PlanMilestone,
    ReportConsidered, Resolution,
};

use super::read::Cells;
use crate::codec;
use crate::{AuditRecord, CommitteeChanges, StoreError};

type Conn = <Db as sqlx::Database>::Connection;

async fn council_id(conn: &mut Conn, slug: &Key) -> Result<i64, StoreError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM councils WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    id.ok_or_else(|| StoreError::NoCouncil(slug.to_string()))
}

fn state(what: &str, text: &str) -> Result<ActionState, StoreError> {
    ActionState::parse(text).ok_or_else(|| codec::corrupt(what, text, "not an action state"))
}

fn number(what: &str, value: i64) -> Result<u32, StoreError> {
    codec::small(what, value)
}

/// Every meeting of the council, oldest first, whole.
pub(crate) async fn meetings(conn: &mut Conn, slug: &Key) -> Result<Vec<Meeting>, StoreError> {
    let council = council_id(conn, slug).await?;
    let rows = sqlx::query("SELECT id, committee, held_on FROM meetings WHERE council_id = $1 ORDER BY held_on, id")
        .bind(council)
        .fetch_all(&mut *conn)
        .await?;
    let mut meetings = Vec::new();
    let mut index = HashMap::new();
    for row in &rows {
        let c = Cells { row, table: "meetings", joined: &[] };
        let id: i64 = c.get("id")?;
        index.insert(id, meetings.len());
        meetings.push(Meeting {
            id,
            committee: c.text("committee")?,
            date: c.parse("held_on", codec::date)?,
            reports: vec![],
            resolutions: vec![],
            actions: vec![],
        });
    }
    let of = |id: i64, what: &str| -> Result<usize, StoreError> {
        index.get(&id).copied().ok_or_else(|| codec::corrupt(what, &id.to_string(), "not a meeting of the council"))
    };

    let rows = sqlx::query(
        "SELECT r.meeting_id, r.kind, r.period, r.published_id FROM meeting_reports r
         JOIN meetings m ON m.id = r.meeting_id WHERE m.council_id = $1 ORDER BY r.meeting_id, r.position",
    )
    .bind(council)
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let c = Cells { row, table: "meeting_reports", joined: &[] };
        let i = of(c.get("meeting_id")?, "meeting_reports.meeting_id")?;
        meetings[i].reports.push(ReportConsidered {
            kind: c.text("kind")?,
            period: c.parse("period", codec::period)?,
            published_id: c.get("published_id")?,
        });
    }

    let rows = sqlx::query(
        "SELECT r.meeting_id, r.number, r.text FROM resolutions r
         JOIN meetings m ON m.id = r.meeting_id WHERE m.council_id = $1 ORDER BY r.meeting_id, r.number",
    )
    .bind(council)
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let c = Cells { row, table: "resolutions", joined: &[] };
        let i = of(c.get("meeting_id")?, "resolutions.meeting_id")?;
        meetings[i]
            .resolutions
            .push(Resolution { number: number(&c.what("number"), c.get("number")?)?, text: c.text("text")? });
    }

    let rows = sqlx::query(
        "SELECT a.id, a.meeting_id, a.number, a.asked, u.username, a.asked_of_role, a.due_on, a.state
         FROM committee_actions a JOIN meetings m ON m.id = a.meeting_id
         LEFT JOIN users u ON u.id = a.asked_of_user_id
         WHERE m.council_id = $1 ORDER BY a.meeting_id, a.number",
    )
    .bind(council)
    .fetch_all(&mut *conn)
    .await?;
    let mut actions = HashMap::new();
    for row in &rows {
        let c = Cells { row, table: "committee_actions", joined: &[("username", "users.username")] };
        let i = of(c.get("meeting_id")?, "committee_actions.meeting_id")?;
        let id: i64 = c.get("id")?;
        let asked_of = match (c.opt_text("username")?, c.opt_text("asked_of_role")?) {
            (Some(user), _) => AskedOf::User(user),
            (None, Some(role)) => AskedOf::Role(role),
            (None, None) => return Err(codec::corrupt(&c.what("asked_of_role"), "", "an action asked of nobody")),
        };
        actions.insert(id, (i, meetings[i].actions.len()));
        meetings[i].actions.push(CommitteeAction {
            id,
            number: number(&c.what("number"), c.get("number")?)?,
            asked: c.text("asked")?,
            asked_of,
            due: c.parse("due_on", codec::date)?,
            state: c.parse("state", state)?,
            updates: vec![],
        });
    }

    let rows = sqlx::query(
        "SELECT u.action_id, u.at, u.author, u.note, u.state FROM action_updates u
         JOIN committee_actions a ON a.id = u.action_id JOIN meetings m ON m.id = a.meeting_id
         WHERE m.council_id = $1 ORDER BY u.id",
    )
    .bind(council)
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let c = Cells { row, table: "action_updates", joined: &[] };
        let action: i64 = c.get("action_id")?;
        let (i, j) = actions
            .get(&action)
            .copied()
            .ok_or_else(|| codec::corrupt(&c.what("action_id"), &action.to_string(), "not an action of the council"))?;
        meetings[i].actions[j].updates.push(ActionUpdate {
            at: c.parse("at", codec::timestamp)?,
            author: c.text("author")?,
            note: c.text("note")?,
            state: c.parse_opt("state", state)?,
        });
    }
    Ok(meetings)
}

/// Stores a new meeting whole; returns its id.
async fn add_meeting(conn: &mut Conn, council: i64, meeting: &Meeting) -> Result<i64, StoreError> {
    let held_on = meeting.date.to_string();
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM meetings WHERE council_id = $1 AND committee = $2 AND held_on = $3")
            .bind(council)
            .bind(&meeting.committee)
            .bind(&held_on)
            .fetch_optional(&mut *conn)
            .await?;
    if exists.is_some() {
        return Err(StoreError::Duplicate(format!("a meeting of the {} on {held_on}", meeting.committee)));
    }
    let id: i64 =
        sqlx::query_scalar("INSERT INTO meetings (council_id, committee, held_on) VALUES ($1, $2, $3) RETURNING id")
            .bind(council)
            .bind(&meeting.committee)
            .bind(&held_on)
            .fetch_one(&mut *conn)
            .await?;
    for (position, report) in (0_i64..).zip(&meeting.reports) {
        sqlx::query(
            "INSERT INTO meeting_reports (meeting_id, position, kind, period, published_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(position)
        .bind(&report.kind)
        .bind(report.period.to_string())
        .bind(report.published_id)
        .execute(&mut *conn)
        .await?;
    }
    for resolution in &meeting.resolutions {
        sqlx::query("INSERT INTO resolutions (meeting_id, number, text) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(i64::from(resolution.number))
            .bind(&resolution.text)
            .execute(&mut *conn)
            .await?;
    }
    for action in &meeting.actions {
        let (user, role) = match &action.asked_of {
            AskedOf::User(username) => {
                let user: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
                    .bind(codec::username(username))
                    .fetch_optional(&mut *conn)
                    .await?;
                (Some(user.ok_or_else(|| StoreError::NoUser(username.clone()))?), None)
            }
            AskedOf::Role(role) => (None, Some(role.as_str())),
        };
        let action_id: i64 = sqlx::query_scalar(
            "INSERT INTO committee_actions (meeting_id, number, asked, asked_of_user_id, asked_of_role, due_on, state)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(id)
        .bind(i64::from(action.number))
        .bind(&action.asked)
        .bind(user)
        .bind(role)
        .bind(action.due.to_string())
        .bind(action.state.code())
        .fetch_one(&mut *conn)
        .await?;
        for update in &action.updates {
            insert_update(conn, action_id, update).await?;
        }
    }
    Ok(id)
}

/// Stores new meetings, replaces plans by measure and sets the focus
/// setting, with the audit records; returns the new meetings' ids.
pub(crate) async fn save_committees(
    conn: &mut Conn,
    slug: &Key,
    changes: &CommitteeChanges,
    audit: &[AuditRecord],
) -> Result<Vec<i64>, StoreError> {
    let council = council_id(conn, slug).await?;
    let mut ids = Vec::new();
    for meeting in &changes.meetings {
        ids.push(add_meeting(conn, council, meeting).await?);
    }
    for plan in &changes.plans {
        save_improvement_plan(conn, council, slug, plan).await?;
    }
    if let Some(periods) = changes.focus_green_periods {
        set_focus_green_periods(conn, council, periods).await?;
    }
    super::accounts::append_audit(conn, audit, None).await?;
    // Measure pages and the focus list show the plans: what was kept is stale.
    super::write::move_revision(conn, council).await?;
    Ok(ids)
}

async fn insert_update(conn: &mut Conn, action_id: i64, update: &ActionUpdate) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO action_updates (action_id, at, author, note, state) VALUES ($1, $2, $3, $4, $5)")
        .bind(action_id)
        .bind(codec::timestamp_text(update.at))
        .bind(&update.author)
        .bind(&update.note)
        .bind(update.state.map(ActionState::code))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Appends an update note (setting the action's state when the note sets
/// one) with the audit record; false when the council has no such action.
pub(crate) async fn add_action_update(
    conn: &mut Conn,
    slug: &Key,
    action_id: i64,
    update: &ActionUpdate,
    audit: &AuditRecord,
) -> Result<bool, StoreError> {
    let council = council_id(conn, slug).await?;
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT a.id FROM committee_actions a JOIN meetings m ON m.id = a.meeting_id
         WHERE a.id = $1 AND m.council_id = $2",
    )
    .bind(action_id)
    .bind(council)
    .fetch_optional(&mut *conn)
    .await?;
    if found.is_none() {
        return Ok(false);
    }
    insert_update(conn, action_id, update).await?;
    if let Some(state) = update.state {
        sqlx::query("UPDATE committee_actions SET state = $1 WHERE id = $2")
            .bind(state.code())
            .bind(action_id)
            .execute(&mut *conn)
            .await?;
    }
    super::accounts::append_audit(conn, std::slice::from_ref(audit), None).await?;
    Ok(true)
}

/// The council's improvement plans, by measure code.
pub(crate) async fn improvement_plans(conn: &mut Conn, slug: &Key) -> Result<Vec<ImprovementPlan>, StoreError> {
    let council = council_id(conn, slug).await?;
    let rows = sqlx::query(
        "SELECT id, measure_code, title, owner, monitored_by, opened, review_on FROM improvement_plans
         WHERE council_id = $1 ORDER BY measure_code",
    )
    .bind(council)
    .fetch_all(&mut *conn)
    .await?;
    let mut plans = Vec::new();
    let mut index = HashMap::new();
    for row in &rows {
        let c = Cells { row, table: "improvement_plans", joined: &[] };
        index.insert(c.get::<i64>("id")?, plans.len());
        plans.push(ImprovementPlan {
            measure: c.parse("measure_code", codec::code)?,
            title: c.text("title")?,
            owner: c.text("owner")?,
            monitored_by: c.text("monitored_by")?,
            opened: c.parse("opened", codec::period)?,
            review_on: c.parse("review_on", codec::date)?,
            actions: vec![],
            milestones: vec![],
        });
    }
    let rows = sqlx::query(
        "SELECT i.plan_id, i.what, i.due_on FROM improvement_plan_items i
         JOIN improvement_plans p ON p.id = i.plan_id WHERE p.council_id = $1 ORDER BY i.plan_id, i.position",
    )
    .bind(council)
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let c = Cells { row, table: "improvement_plan_items", joined: &[] };
        let plan: i64 = c.get("plan_id")?;
        let i = index
            .get(&plan)
            .copied()
            .ok_or_else(|| codec::corrupt(&c.what("plan_id"), &plan.to_string(), "not a plan of the council"))?;
        let what = c.text("what")?;
        match c.parse_opt("due_on", codec::date)? {
            Some(due) => plans[i].milestones.push(PlanMilestone { what, due }),
            None => plans[i].actions.push(what),
        }
    }
    Ok(plans)
}

/// Stores a plan, replacing the measure's plan if it has one.
async fn save_improvement_plan(
    conn: &mut Conn,
    council: i64,
    slug: &Key,
    plan: &ImprovementPlan,
) -> Result<(), StoreError> {
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM measures WHERE council_id = $1 AND code = $2")
        .bind(council)
        .bind(plan.measure.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    if known.is_none() {
        return Err(StoreError::Dangling {
            what: format!("the improvement plan for {}", plan.measure),
            missing: format!("measure {} of {slug}", plan.measure),
        });
    }
    sqlx::query("DELETE FROM improvement_plans WHERE council_id = $1 AND measure_code = $2")
        .bind(council)
        .bind(plan.measure.as_str())
        .execute(&mut *conn)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO improvement_plans (council_id, measure_code, title, owner, monitored_by, opened, review_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(council)
    .bind(plan.measure.as_str())
    .bind(&plan.title)
    .bind(&plan.owner)
    .bind(&plan.monitored_by)
    .bind(plan.opened.to_string())
    .bind(plan.review_on.to_string())
    .fetch_one(&mut *conn)
    .await?;
    let items = plan
        .actions
        .iter()
        .map(|a| (a.as_str(), None))
        .chain(plan.milestones.iter().map(|m| (m.what.as_str(), Some(m.due.to_string()))));
    for (position, (what, due)) in (0_i64..).zip(items) {
        sqlx::query("INSERT INTO improvement_plan_items (plan_id, position, what, due_on) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(position)
            .bind(what)
            .bind(due)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub(crate) async fn focus_green_periods(conn: &mut Conn, slug: &Key) -> Result<u32, StoreError> {
    let council = council_id(conn, slug).await?;
    let set: Option<i64> = sqlx::query_scalar("SELECT green_periods FROM improvement_settings WHERE council_id = $1")
        .bind(council)
        .fetch_optional(&mut *conn)
        .await?;
    set.map_or(Ok(DEFAULT_GREEN_PERIODS), |n| codec::small("improvement_settings.green_periods", n))
}

async fn set_focus_green_periods(conn: &mut Conn, council: i64, periods: u32) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM improvement_settings WHERE council_id = $1").bind(council).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO improvement_settings (council_id, green_periods) VALUES ($1, $2)")
        .bind(council)
        .bind(i64::from(periods))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
