//! Use cases: sign-off of a business unit's results for a period (submit,
//! sign off, reopen with a reason), and the one rule every path that records
//! results obeys ([`check_unlocked`]): a signed-off unit's results change only
//! after reopening, and a published period's only by a recorded correction.
//!
//! A measure's business unit is the node that owns it.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use outturn_core::sign_off::{Lock, SignOffError, check_step, covers, lock, state_after};
use outturn_core::{Key, MeasureCode, Period, SignOffState, SignOffStep};
use outturn_store::{ChangeSet, Council, LocksSeen, SignOffEvent, Store, StoreError};
use serde::Serialize;

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;

/// The sign-off state of each business unit that has a step or a publication
/// for `period`, by the unit's key; units not listed are open.
#[derive(Debug, Clone)]
pub struct UnitStates {
    pub period: Period,
    pub published: bool,
    steps: BTreeMap<Key, Vec<SignOffStep>>,
}

impl UnitStates {
    pub fn state(&self, unit: &Key) -> SignOffState {
        state_after(self.steps.get(unit).into_iter().flatten().copied(), self.published)
    }
    /// How many steps were taken for the unit (what a step expects to follow).
    fn steps_taken(&self, unit: &Key) -> usize {
        self.steps.get(unit).map_or(0, Vec::len)
    }
}

/// The units' states for the period.
pub async fn unit_states(store: &dyn Store, council: &Key, period: Period) -> Result<UnitStates, AppError> {
    let events = store.sign_off_events(council, Some(period)).await?;
    let published = store.publications(Some(council)).await?.iter().any(|p| p.period == period);
    let mut steps: BTreeMap<Key, Vec<SignOffStep>> = BTreeMap::new();
    for e in events {
        steps.entry(e.node).or_default().push(e.step);
    }
    Ok(UnitStates { period, published, steps })
}

/// A step taken, for the person who took it.
#[derive(Debug, Clone, Serialize)]
pub struct StepTaken {
    pub unit: String,
    pub unit_name: String,
    pub period: Period,
    pub state: SignOffState,
}

/// Takes a sign-off step for a business unit and period, if the person may
/// and the unit's state allows it; written with its audit record.
#[allow(clippy::too_many_arguments)]
pub async fn take_step(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    period: Period,
    unit: &Key,
    step: SignOffStep,
    reason: Option<&str>,
    now: Timestamp,
) -> Result<StepTaken, AppError> {
    let council = crate::council(store, council).await?;
    let Some(node) = council.framework.node(unit).cloned() else {
        return Err(AppError::Workflow(format!("council {} has no business unit \"{unit}\"", council.slug)));
    };
    let (c, u, f) = (&council.slug, &node.key, &council.framework);
    let action = match step {
        SignOffStep::Submit => Action::SubmitUnit { council: c, unit: u, framework: f },
        SignOffStep::SignOff => Action::SignOffUnit { council: c, unit: u, framework: f },
        SignOffStep::Reopen => Action::ReopenUnit { council: c, unit: u, framework: f },
    };
    actor.check(action)?;
    let states = unit_states(store, &council.slug, period).await?;
    let before = states.state(&node.key);
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    check_step(before, step, reason).map_err(|e| refused(&node.name, period, e))?;
    // The commentary rule: a unit is not sent or signed off while it owes any.
    if step != SignOffStep::Reopen {
        let owed = crate::results::commentary::owed_by_unit(store, &council, period, &node.key).await?;
        if !owed.is_empty() {
            let list: Vec<String> = owed.iter().map(ToString::to_string).collect();
            return Err(AppError::Workflow(format!(
                "{}, {period}: commentary is needed first for {}: {}. Its owner writes it on the result's page, \
                 or a performance officer records why none is needed",
                node.name,
                if owed.len() == 1 {
                    "1 Red or Amber result".to_string()
                } else {
                    format!("{} Red or Amber results", owed.len())
                },
                list.join("; ")
            )));
        }
    }
    let event = SignOffEvent {
        council: council.slug.clone(),
        period,
        node: node.key.clone(),
        step,
        reason: reason.map(str::to_string),
        at: now,
        by: actor.name().to_string(),
    };
    let after = state_after([step], false);
    let audit =
        AuditEvent::SignOffStepTaken { council: &council.slug, unit: &node.key, period, step, before, after, reason }
            .record_by(actor, now);
    match store.record_sign_off(&event, states.steps_taken(&node.key), &audit).await {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            return Err(AppError::Workflow(format!(
                "nothing was changed: someone else took a sign-off step for {} {period} meanwhile; reload the page and try again",
                node.name
            )));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(StepTaken { unit: node.key.to_string(), unit_name: node.name.clone(), period, state: after })
}

fn refused(unit: &str, period: Period, e: SignOffError) -> AppError {
    AppError::Workflow(format!("{unit}, {period}: {e}"))
}

/// A result held back by sign-off or publication, for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locked {
    pub measure: String,
    pub period: Period,
    pub round: Period,
    pub lock: Lock,
}

/// The one rule for every path that records results (web and API data entry,
/// CLI import, framework files): each result whose business unit is signed
/// off for a period covering it is refused (reopen it first), and each in a
/// published period is refused unless it is a correction with a reason.
/// Returns the results that are corrections of published figures.
/// Checks the change's results against sign-off and publishing, and has
/// the store write it only if neither has moved on since.
pub async fn check_unlocked(
    store: &dyn Store,
    council: &Council,
    changes: &mut ChangeSet,
    correction: Option<&str>,
) -> Result<Vec<Locked>, AppError> {
    if changes.results.is_empty() {
        return Ok(Vec::new());
    }
    let locks = Locks::load(store, council).await?;
    let locked: Vec<Locked> = changes.results.iter().flat_map(|r| locks.of(&r.measure, r.period)).collect();
    refuse(&locked, correction)?;
    locks.guard(changes)?;
    Ok(locked)
}

/// The council's sign-off steps and published periods, read once, for
/// checking many results (an import of any size checks each row as it reads it).
#[derive(Debug, Clone, Default)]
pub struct Locks {
    steps: BTreeMap<(Period, Key), Vec<SignOffStep>>,
    published: Vec<Period>,
    /// Every period with a step or a publication.
    rounds: Vec<Period>,
    /// Each measure's business unit: an import asks once per row.
    owners: HashMap<MeasureCode, Key>,
    /// How many steps and publications these are.
    seen: LocksSeen,
}

impl Locks {
    pub async fn load(store: &dyn Store, council: &Council) -> Result<Locks, AppError> {
        let events = store.sign_off_events(&council.slug, None).await?;
        let published: Vec<Period> = store.publications(Some(&council.slug)).await?.iter().map(|p| p.period).collect();
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let seen = LocksSeen { sign_off_steps: count(events.len()), publications: count(published.len()) };
        let mut steps: BTreeMap<(Period, Key), Vec<SignOffStep>> = BTreeMap::new();
        for e in events {
            steps.entry((e.period, e.node)).or_default().push(e.step);
        }
        let mut rounds: Vec<Period> = steps.keys().map(|(p, _)| *p).chain(published.iter().copied()).collect();
        rounds.sort();
        rounds.dedup();
        let owners = council.measures.iter().map(|m| (m.code.clone(), m.owner.clone())).collect();
        Ok(Locks { steps, published, rounds, owners, seen })
    }

    /// Has the store write `changes` only if sign-off and publishing are
    /// still as these locks read them (a unit signed off meanwhile would
    /// otherwise be changed under it). A change checked against two
    /// readings that differ is refused now.
    pub fn guard(&self, changes: &mut ChangeSet) -> Result<(), AppError> {
        match changes.expect_locks {
            Some(earlier) if earlier != self.seen => Err(StoreError::LocksMoved.into()),
            _ => {
                changes.expect_locks = Some(self.seen);
                Ok(())
            }
        }
    }

    /// The latest period whose figures for the measure are signed off or
    /// published, if any.
    pub fn latest_locked(&self, measure: &MeasureCode) -> Option<Period> {
        // Rounds of different lengths: the one ending last (a year round ends after its Q3).
        self.rounds.iter().filter(|round| !self.of(measure, **round).is_empty()).max_by_key(|r| r.last_month()).copied()
    }

    /// What holds back a result for the measure and period (nothing when it may change freely).
    pub fn of(&self, measure: &MeasureCode, period: Period) -> Vec<Locked> {
        let mut covering = self.rounds.iter().filter(|round| covers(**round, period)).peekable();
        if covering.peek().is_none() {
            return Vec::new();
        }
        let Some(owner) = self.owners.get(measure) else { return Vec::new() };
        covering
            .filter_map(|round| {
                let unit_steps = self.steps.get(&(*round, owner.clone())).into_iter().flatten().copied();
                let l = lock(state_after(unit_steps, self.published.contains(round)));
                (l != Lock::Unlocked).then(|| Locked { measure: measure.to_string(), period, round: *round, lock: l })
            })
            .collect()
    }
}

/// Refuses, naming each, the locked results a change would alter: signed-off
/// ones always, published ones unless the change is a correction with a reason.
pub fn refuse(locked: &[Locked], correction: Option<&str>) -> Result<(), AppError> {
    let reason = correction.map(str::trim).filter(|r| !r.is_empty());
    let refused: Vec<String> = locked
        .iter()
        .filter(|l| l.lock == Lock::SignedOff || reason.is_none())
        .map(|l| match l.lock {
            Lock::SignedOff => format!(
                "{} {}: {} is signed off for its business unit: reopen it with a reason first",
                l.measure, l.period, l.round
            ),
            _ => format!(
                "{} {}: {} is published and locked: record a correction with a reason",
                l.measure, l.period, l.round
            ),
        })
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    Err(AppError::Workflow(format!("nothing was recorded: {}", refused.join("; "))))
}

/// Whether the figures of a period are provisional or signed off, for
/// dashboards and reports: "Signed off" when every business unit with a
/// measure due is signed off (or the period is published), otherwise
/// "Provisional" with how many units are signed off.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Standing {
    pub provisional: bool,
    pub units: usize,
    pub signed_off: usize,
    /// "Provisional: 2 of 6 business units signed off", "Signed off", "Published".
    pub label: String,
}

/// The business units that report in the period, each once: the owners of
/// the measures due, and the nodes holding milestones when they are of a kind
/// that owns measures (a council whose objectives hold its work programmes
/// signs those off too; programmes and strands are not business units).
pub(crate) fn units_due(council: &Council, period: Period) -> Vec<&Key> {
    let fw = &council.framework;
    // Each owner once (a shared service has tens of thousands of measures and a few hundred owners).
    let every_owner: std::collections::BTreeSet<&Key> = council.measures.iter().map(|m| &m.owner).collect();
    let owner_kinds: std::collections::BTreeSet<&str> =
        every_owner.iter().filter_map(|k| fw.node(k)).map(|n| n.kind.as_str()).collect();
    let owners = council
        .measures
        .iter()
        .filter(|m| period.last_of(m.frequency).is_some_and(|p| m.is_active_in(p)))
        .map(|m| &m.owner);
    let milestone_units = council
        .milestones
        .iter()
        .map(|m| &m.node)
        .filter(|node| fw.node(node).is_some_and(|n| owner_kinds.contains(n.kind.as_str())));
    let units: std::collections::BTreeSet<&Key> = owners.chain(milestone_units).collect();
    units.into_iter().collect()
}

/// The names of the business units with a measure due in the period whose
/// results are not signed off (none once the period is published): an item
/// of the publishing checklist.
pub async fn units_not_signed_off(
    store: &dyn Store,
    council: &Council,
    period: Period,
) -> Result<Vec<String>, AppError> {
    let states = unit_states(store, &council.slug, period).await?;
    let name = |unit: &Key| council.framework.node(unit).map_or_else(|| unit.to_string(), |n| n.name.clone());
    Ok(units_due(council, period).into_iter().filter(|u| states.state(u).is_provisional()).map(name).collect())
}

pub async fn standing(store: &dyn Store, council: &Council, period: Period) -> Result<Standing, AppError> {
    let states = unit_states(store, &council.slug, period).await?;
    let units = units_due(council, period);
    let signed_off = units.iter().filter(|u| !states.state(u).is_provisional()).count();
    let provisional = signed_off < units.len();
    let label = if states.published {
        "Published".to_string()
    } else if !provisional {
        "Signed off".to_string()
    } else {
        // The units by the name of their kind in the council's framework
        // ("business unit", "corporate objective"), when they share one.
        let fw = &council.framework;
        let mut kinds = units.iter().filter_map(|u| fw.node(u)).map(|n| n.kind.clone()).collect::<Vec<_>>();
        kinds.sort();
        kinds.dedup();
        let noun = match kinds.as_slice() {
            [kind] => fw.kind(kind).map_or_else(|| "business unit".to_string(), |k| k.name.to_lowercase()),
            _ => "business unit".to_string(),
        };
        format!(
            "Provisional: {signed_off} of {} {noun}{} signed off",
            units.len(),
            if units.len() == 1 { "" } else { "s" }
        )
    };
    Ok(Standing { provisional, units: units.len(), signed_off, label })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locks(sign_off_steps: i64, publications: i64) -> Locks {
        Locks { seen: LocksSeen { sign_off_steps, publications }, ..Locks::default() }
    }

    #[test]
    fn a_change_is_guarded_by_the_locks_it_was_checked_against() {
        let mut changes = ChangeSet::default();
        locks(3, 1).guard(&mut changes).unwrap();
        assert_eq!(changes.expect_locks, Some(LocksSeen { sign_off_steps: 3, publications: 1 }));
        // Checked again against the same reading: still guarded by it.
        locks(3, 1).guard(&mut changes).unwrap();
        // Checked against a later reading (a unit signed off in between): refused now.
        let moved = locks(4, 1).guard(&mut changes);
        assert!(matches!(moved, Err(AppError::Store(StoreError::LocksMoved))), "{moved:?}");
        assert_eq!(changes.expect_locks, Some(LocksSeen { sign_off_steps: 3, publications: 1 }));
    }
}
