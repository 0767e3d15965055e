//! Who may do what. Every use case asks here (through `Actor::check`);
//! nothing else decides.
//!
//! | role | reads | changes |
//! |---|---|---|
//! | administrator | every council, the audit log | accounts; everything a performance officer can |
//! | performance officer | their council | results, targets (one by one or a whole file) and the framework of their council; year-end forecast overrides; committee meetings, actions and improvement plans; report narrative and report settings |
//! | director | their council | results of measures under their nodes (business units) |
//! | data owner | their council | results of measures under their nodes |
//!
//! Anyone signed in may add an update note to a committee action asked of them by name.
//! | viewer | their council | nothing |
//! | public (not signed in) | published reports, their files and data (`ReadPublished`) | nothing |

use outturn_core::{AskedOf, Framework, Key, Measure, Role};
use outturn_store::{TokenScope, User};

use crate::actor::Actor;

/// Something a person may try to do.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// Read a council's dashboards, measures, framework and history.
    ReadCouncil(&'a Key),
    /// Record a result or commentary for a measure.
    RecordResult { council: &'a Key, measure: &'a Measure, framework: &'a Framework },
    /// Revise a target.
    ReviseTarget(&'a Key),
    /// Override a measure's year-end forecast with a figure and a reason
    /// (performance officers).
    OverrideForecast(&'a Key),
    /// Change the framework (nodes, measures, tolerances).
    EditFramework(&'a Key),
    /// Browse the audit log.
    ReadAudit,
    /// Create, change and disable accounts.
    ManageUsers,
    /// Open and close collection rounds, publish reports (performance officers).
    ManageRounds(&'a Key),
    /// Send a business unit's results for sign-off.
    SubmitUnit { council: &'a Key, unit: &'a Key, framework: &'a Framework },
    /// Sign off a business unit's results (the director responsible for it).
    SignOffUnit { council: &'a Key, unit: &'a Key, framework: &'a Framework },
    /// Reopen a submitted or signed-off unit, with a reason.
    ReopenUnit { council: &'a Key, unit: &'a Key, framework: &'a Framework },
    /// Record committee meetings, resolutions, actions and improvement plans (performance officers).
    ManageCommittees(&'a Key),
    /// Add an update note to a committee action or change its status: the
    /// person it was asked of, or a performance officer.
    UpdateCommitteeAction { council: &'a Key, asked_of: &'a AskedOf },
    /// See the email reminders sent for a council's rounds (performance officers).
    ReadReminders(&'a Key),
    /// Write a report draft's narrative and the council's report settings
    /// (cover block, implications): performance officers.
    EditReport(&'a Key),
    /// Import a whole results or targets file (performance officers).
    ImportData(&'a Key),
    /// Read what is still open before a report is published (its draft's
    /// narrative gaps, units not signed off): performance officers.
    ReadDraft(&'a Key),
    /// Record that a Red or Amber result needs no commentary, and why
    /// (performance officers).
    WaiveCommentary(&'a Key),
    /// Set a measure's status by judgement, with the reason, or withdraw
    /// the judgement (performance officers).
    JudgeStatus(&'a Key),
    /// Read a council's published reports, their files and the figures they
    /// rest on: anyone, signed in or not (they were published for the public).
    ReadPublished(&'a Key),
}

/// Whether the user (None: not signed in) may do the action.
pub fn can(user: Option<&User>, action: Action) -> bool {
    if let Action::ReadPublished(_) = action {
        return true;
    }
    let Some(user) = user.filter(|u| !u.disabled) else { return false };
    let own_council = |council: &Key| user.council.is_none() || user.council.as_ref() == Some(council);
    match (user.role, action) {
        (Role::Administrator, Action::RecordResult { council, .. }) => own_council(council),
        (Role::Administrator, _) => true,
        (_, Action::ReadAudit | Action::ManageUsers) => false,
        (_, Action::ReadCouncil(council)) => own_council(council),
        (Role::PerformanceOfficer, Action::RecordResult { council, .. }) => own_council(council),
        (
            Role::PerformanceOfficer,
            Action::ReviseTarget(council) | Action::EditFramework(council) | Action::OverrideForecast(council),
        ) => own_council(council),
        (Role::Director | Role::DataOwner, Action::RecordResult { council, measure, framework }) => {
            own_council(council) && user.nodes.iter().any(|node| framework.is_under(&measure.owner, node))
        }
        (Role::PerformanceOfficer, Action::ManageRounds(council)) => own_council(council),
        (Role::PerformanceOfficer, Action::ReadReminders(council)) => own_council(council),
        (Role::PerformanceOfficer, Action::EditReport(council)) => own_council(council),
        (
            Role::PerformanceOfficer,
            Action::ImportData(council)
            | Action::WaiveCommentary(council)
            | Action::JudgeStatus(council)
            | Action::ReadDraft(council),
        ) => own_council(council),
        (Role::PerformanceOfficer, Action::SubmitUnit { council, .. } | Action::ReopenUnit { council, .. }) => {
            own_council(council)
        }
        (
            Role::Director,
            Action::SubmitUnit { council, unit, framework }
            | Action::SignOffUnit { council, unit, framework }
            | Action::ReopenUnit { council, unit, framework },
        )
        | (Role::DataOwner, Action::SubmitUnit { council, unit, framework }) => {
            own_council(council) && user.nodes.iter().any(|node| framework.is_under(unit, node))
        }
        (
            Role::PerformanceOfficer,
            Action::ManageCommittees(council) | Action::UpdateCommitteeAction { council, .. },
        ) => own_council(council),
        (_, Action::UpdateCommitteeAction { council, asked_of: AskedOf::User(name) }) => {
            own_council(council) && user.username == *name
        }
        (_, _) => false,
    }
}

/// Whether an API caller may do the action: what the token's user may do,
/// capped by the token's scope (a read token never changes anything).
pub fn token_can(user: &User, scope: TokenScope, action: Action) -> bool {
    let changes =
        !matches!(action, Action::ReadCouncil(_) | Action::ReadAudit | Action::ReadPublished(_) | Action::ReadDraft(_));
    can(Some(user), action) && (scope == TokenScope::Write || !changes)
}

/// Whether the user records results for some measures of the council (so
/// sees a data-entry list).
pub fn records_results(user: &User, council: &Key) -> bool {
    let own = user.council.is_none() || user.council.as_ref() == Some(council);
    !user.disabled && own && user.role != Role::Viewer
}

/// Whether a user owns a measure as a data owner or director (for their to-do list).
pub fn owns(user: &User, measure: &Measure, framework: &Framework) -> bool {
    user.nodes.iter().any(|node| framework.is_under(&measure.owner, node))
}

/// Whether an actor may do the action: a person by their role, an API
/// caller by its user's role capped by the token's scope, the command line
/// always (its operator holds the database), the scheduler only to read.
pub fn actor_may(actor: &Actor, action: Action) -> bool {
    match actor {
        Actor::User(user) => can(Some(user), action),
        Actor::Token(caller) => token_can(&caller.user, caller.token.scope, action),
        Actor::Command(_) => true,
        Actor::Scheduler => matches!(action, Action::ReadCouncil(_) | Action::ReadReminders(_)),
        Actor::Public => can(None, action),
    }
}
