//! Who may do what. Every route, command and API call asks here; nothing
//! else decides.
//!
//! | role | reads | changes |
//! |---|---|---|
//! | administrator | every council, the audit log | accounts; everything a performance officer can |
//! | performance officer | their council | results, targets and the framework of their council |
//! | director | their council | results of measures under their nodes (business units) |
//! | data owner | their council | results of measures under their nodes |
//! | viewer | their council | nothing |
//! | public (not signed in) | published material only | nothing |

use outturn_core::{Framework, Key, Measure, Role};
use outturn_store::User;

/// Something a person may try to do.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// Read a council's dashboards, measures, framework and history.
    ReadCouncil(&'a Key),
    /// Record a result or commentary for a measure.
    RecordResult { council: &'a Key, measure: &'a Measure, framework: &'a Framework },
    /// Revise a target.
    ReviseTarget(&'a Key),
    /// Change the framework (nodes, measures, tolerances).
    EditFramework(&'a Key),
    /// Browse the audit log.
    ReadAudit,
    /// Create, change and disable accounts.
    ManageUsers,
}

/// Whether the user (None: not signed in) may do the action.
pub fn can(user: Option<&User>, action: Action) -> bool {
    let Some(user) = user.filter(|u| !u.disabled) else { return false };
    let own_council = |council: &Key| user.council.is_none() || user.council.as_ref() == Some(council);
    match (user.role, action) {
        (Role::Administrator, Action::RecordResult { council, .. }) => own_council(council),
        (Role::Administrator, _) => true,
        (_, Action::ReadAudit | Action::ManageUsers) => false,
        (_, Action::ReadCouncil(council)) => own_council(council),
        (Role::PerformanceOfficer, Action::RecordResult { council, .. }) => own_council(council),
        (Role::PerformanceOfficer, Action::ReviseTarget(council) | Action::EditFramework(council)) => {
            own_council(council)
        }
        (Role::Director | Role::DataOwner, Action::RecordResult { council, measure, framework }) => {
            own_council(council) && user.nodes.iter().any(|node| framework.is_under(&measure.owner, node))
        }
        (_, _) => false,
    }
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
