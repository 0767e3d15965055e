//! Use cases: collection rounds. A performance officer opens a round for a
//! period with a deadline for data owners and one for sign-off; each data
//! owner has a to-do list (due, done, overdue); the round's status shows
//! completeness and timeliness per business unit and per owner. What is due
//! is what the core says is due in the period (each measure's frequency and
//! active range); timeliness is `outturn_core::round::Timeliness`.
//!
//! The structs serialise as they are, for the command line's JSON and the API.

pub mod reminders;
pub mod sign_off;

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_core::round::Timeliness;
use outturn_core::{AsOf, Key, Measure, MeasureHistory, Period, ResultValue, Role, SignOffState};
use outturn_store::{Council, Round, Store, StoreError, User};
use serde::Serialize;

use crate::AppError;
use crate::access::{Action, owns};
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::results::commentary::{OwedCommentary, owed_in};
use crate::rounds::sign_off::{Standing, standing, unit_states};

/// Opens a round for the council and period; the sign-off deadline may not
/// come before the data owners' one, and a period has one round.
pub async fn open_round(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    period: Period,
    entry_deadline: Date,
    sign_off_deadline: Date,
    now: Timestamp,
) -> Result<Round, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ManageRounds(&council.slug))?;
    if sign_off_deadline < entry_deadline {
        return Err(AppError::Workflow(format!(
            "the sign-off deadline ({sign_off_deadline}) comes before the data owners' deadline ({entry_deadline}): directors sign off after results are in"
        )));
    }
    if due(&council, period).next().is_none() {
        return Err(AppError::Workflow(format!(
            "council {} has no measures due in {period}: a round is for a period with results to collect",
            council.slug
        )));
    }
    let round = Round {
        council: council.slug.clone(),
        period,
        entry_deadline,
        sign_off_deadline,
        opened_at: now,
        opened_by: actor.name().to_string(),
        closed_at: None,
        closed_by: None,
    };
    let audit = AuditEvent::RoundOpened { council: &council.slug, period, entry_deadline, sign_off_deadline }
        .record_by(actor, now);
    match store.open_round(&round, &audit).await {
        Ok(()) => Ok(round),
        Err(StoreError::Duplicate(what)) => {
            Err(AppError::Workflow(format!("nothing was opened: there is already {what}")))
        }
        Err(e) => Err(e.into()),
    }
}

/// Closes the period's round: results may still be recorded (sign-off and
/// publication lock them), but the round no longer chases anyone.
pub async fn close_round(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    period: Period,
    now: Timestamp,
) -> Result<Round, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ManageRounds(&council.slug))?;
    let audit = AuditEvent::RoundClosed { council: &council.slug, period }.record_by(actor, now);
    match store.close_round(&council.slug, period, now, actor.name(), &audit).await {
        Ok(()) => {}
        Err(StoreError::NoRound(what)) => {
            return Err(AppError::Workflow(format!("there is no open collection round for {what}")));
        }
        Err(e) => return Err(e.into()),
    }
    round(store, &council, period).await
}

/// The council's rounds, by period.
pub async fn rounds(store: &dyn Store, actor: &Actor, council: &Key) -> Result<Vec<Round>, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ReadCouncil(&council.slug))?;
    Ok(store.rounds(&council.slug).await?)
}

async fn round(store: &dyn Store, council: &Council, period: Period) -> Result<Round, AppError> {
    store.rounds(&council.slug).await?.into_iter().find(|r| r.period == period).ok_or_else(|| {
        AppError::Workflow(format!(
            "there is no collection round for {} {period}: a performance officer opens one (`outturn round open`)",
            council.slug
        ))
    })
}

/// The measures due in the period with the measure's own period for it.
fn due(council: &Council, period: Period) -> impl Iterator<Item = (&Measure, Period)> {
    council
        .measures
        .iter()
        .filter_map(move |m| period.last_of(m.frequency).filter(|p| m.is_active_in(*p)).map(|p| (m, p)))
}

/// One measure due in a round.
#[derive(Debug, Clone, Serialize)]
pub struct DueMeasure {
    pub code: String,
    pub title: String,
    /// The business unit (owning node) key and name.
    pub unit: String,
    pub unit_name: String,
    /// The measure's own period the result is for.
    pub period: Period,
    /// The data owners' usernames.
    pub owners: Vec<String>,
    pub timeliness: Timeliness,
    /// "Done on time", "Overdue"...
    pub timeliness_label: &'static str,
    /// When the result was first recorded.
    pub first_recorded_at: Option<Timestamp>,
    /// The reason, when the result recorded is Missing data.
    pub missing_reason: Option<String>,
}

/// Counts for a unit, an owner or the whole round.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Progress {
    pub due: usize,
    pub entered: usize,
    pub on_time: usize,
    pub late: usize,
    /// Not entered yet (before the deadline).
    pub to_do: usize,
    /// Not entered, deadline passed.
    pub overdue: usize,
    /// Entered as Missing data (with a reason).
    pub missing_data: usize,
}

impl Progress {
    fn add(&mut self, m: &DueMeasure) {
        self.due += 1;
        match m.timeliness {
            Timeliness::OnTime => self.on_time += 1,
            Timeliness::Late => self.late += 1,
            Timeliness::ToDo => self.to_do += 1,
            Timeliness::Overdue => self.overdue += 1,
        }
        if m.timeliness.is_entered() {
            self.entered += 1;
        }
        if m.missing_reason.is_some() {
            self.missing_data += 1;
        }
    }
    fn of<'a>(measures: impl Iterator<Item = &'a DueMeasure>) -> Progress {
        let mut p = Progress::default();
        measures.for_each(|m| p.add(m));
        p
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitProgress {
    pub unit: String,
    pub unit_name: String,
    pub state: SignOffState,
    pub state_label: &'static str,
    #[serde(flatten)]
    pub progress: Progress,
}

#[derive(Debug, Clone, Serialize)]
pub struct OwnerProgress {
    pub username: String,
    pub display_name: String,
    #[serde(flatten)]
    pub progress: Progress,
}

/// Where a round stands: completeness and timeliness per business unit and per owner.
#[derive(Debug, Clone, Serialize)]
pub struct RoundStatus {
    pub council: String,
    pub council_name: String,
    pub period: Period,
    pub period_description: String,
    pub entry_deadline: Date,
    pub sign_off_deadline: Date,
    pub opened_by: String,
    pub closed: bool,
    /// Provisional or signed off.
    pub standing: Standing,
    pub totals: Progress,
    pub units: Vec<UnitProgress>,
    pub owners: Vec<OwnerProgress>,
    /// Every measure due, in the council's order.
    pub measures: Vec<DueMeasure>,
    /// Red or Amber results without commentary: no unit owing any can be signed off.
    pub commentary_owed: Vec<OwedCommentary>,
}

/// The round's status as at `now`.
pub async fn round_status(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    period: Period,
    now: Timestamp,
) -> Result<RoundStatus, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ReadCouncil(&council.slug))?;
    let round = round(store, &council, period).await?;
    let users: Vec<User> = store
        .users()
        .await?
        .into_iter()
        .filter(|u| !u.disabled && u.role == Role::DataOwner && u.council.as_ref() == Some(&council.slug))
        .collect();
    let measures = due_measures(store, &council, &round, &users, now).await?;
    let states = unit_states(store, &council.slug, period).await?;
    let mut units: Vec<UnitProgress> = Vec::new();
    for m in &measures {
        if units.iter().any(|u| u.unit == m.unit) {
            continue;
        }
        let key = Key::parse(&m.unit).map_err(|e| AppError::Workflow(e.to_string()))?;
        let state = states.state(&key);
        units.push(UnitProgress {
            unit: m.unit.clone(),
            unit_name: m.unit_name.clone(),
            state,
            state_label: state.label(),
            progress: Progress::of(measures.iter().filter(|x| x.unit == m.unit)),
        });
    }
    // Units reporting only milestones: nothing to enter, still signed off.
    for key in sign_off::units_due(&council, period) {
        if units.iter().any(|u| u.unit == key.as_str()) {
            continue;
        }
        let state = states.state(key);
        units.push(UnitProgress {
            unit: key.to_string(),
            unit_name: council.framework.node(key).map_or_else(|| key.to_string(), |n| n.name.clone()),
            state,
            state_label: state.label(),
            progress: Progress::default(),
        });
    }
    let owners = users
        .iter()
        .map(|u| OwnerProgress {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            progress: Progress::of(measures.iter().filter(|m| m.owners.contains(&u.username))),
        })
        .filter(|o| o.progress.due > 0)
        .collect();
    Ok(RoundStatus {
        council: council.slug.to_string(),
        council_name: council.name.clone(),
        period,
        period_description: period.describe(),
        entry_deadline: round.entry_deadline,
        sign_off_deadline: round.sign_off_deadline,
        opened_by: round.opened_by.clone(),
        closed: round.closed_at.is_some(),
        standing: standing(store, &council, period).await?,
        totals: Progress::of(measures.iter()),
        units,
        owners,
        measures,
        commentary_owed: {
            let report = crate::statuses::status_report::assemble(store, &council, period, None).await?;
            owed_in(&council, &report, None)
        },
    })
}

async fn due_measures(
    store: &dyn Store,
    council: &Council,
    round: &Round,
    owners: &[User],
    now: Timestamp,
) -> Result<Vec<DueMeasure>, AppError> {
    let year = round.period.financial_year();
    let history = store.history_in_years(&council.slug, year, year).await?;
    let empty = MeasureHistory::default();
    let at = AsOf::at(now);
    Ok(due(council, round.period)
        .map(|(m, p)| {
            let recordings: Vec<_> = history
                .measures
                .get(&m.code)
                .unwrap_or(&empty)
                .results
                .iter()
                .filter(|r| r.period == p && at.knows(r.recorded_at))
                .collect();
            let first = recordings.iter().map(|r| r.recorded_at).min();
            let latest =
                outturn_core::result::as_recorded(&history.measures.get(&m.code).unwrap_or(&empty).results, p, at);
            let timeliness = Timeliness::of(first, round.entry_deadline, now);
            DueMeasure {
                code: m.code.to_string(),
                title: m.title.clone(),
                unit: m.owner.to_string(),
                unit_name: council.framework.node(&m.owner).map_or_else(|| m.owner.to_string(), |n| n.name.clone()),
                period: p,
                owners: owners.iter().filter(|u| owns(u, m, &council.framework)).map(|u| u.username.clone()).collect(),
                timeliness,
                timeliness_label: timeliness.label(),
                first_recorded_at: first,
                missing_reason: latest.and_then(|r| match &r.value {
                    ResultValue::Missing { reason } => Some(reason.clone()),
                    _ => None,
                }),
            }
        })
        .collect())
}

/// A data owner's to-do list for a round: the measures they record.
#[derive(Debug, Clone, Serialize)]
pub struct ToDoList {
    pub council: String,
    pub council_name: String,
    pub period: Period,
    pub period_description: String,
    pub entry_deadline: Date,
    pub progress: Progress,
    pub measures: Vec<DueMeasure>,
    /// Their measures that are Red or Amber without commentary.
    pub commentary_owed: Vec<OwedCommentary>,
}

pub async fn to_do(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    period: Period,
    now: Timestamp,
) -> Result<ToDoList, AppError> {
    let council = crate::council(store, council).await?;
    let Some(user) = actor.user().filter(|u| crate::access::records_results(u, &council.slug)) else {
        return Err(AppError::Forbidden);
    };
    let round = round(store, &council, period).await?;
    let mine = |code: &str| {
        council.measures.iter().find(|m| m.code.as_str() == code).is_some_and(|m| {
            actor.may(Action::RecordResult { council: &council.slug, measure: m, framework: &council.framework })
        })
    };
    let measures: Vec<DueMeasure> = due_measures(store, &council, &round, std::slice::from_ref(user), now)
        .await?
        .into_iter()
        .filter(|m| mine(&m.code))
        .collect();
    let report = crate::statuses::status_report::assemble(store, &council, period, None).await?;
    let commentary_owed = owed_in(&council, &report, None).into_iter().filter(|o| mine(&o.code)).collect();
    Ok(ToDoList {
        council: council.slug.to_string(),
        council_name: council.name.clone(),
        period,
        period_description: period.describe(),
        entry_deadline: round.entry_deadline,
        progress: Progress::of(measures.iter()),
        measures,
        commentary_owed,
    })
}
