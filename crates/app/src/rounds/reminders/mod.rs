//! Email reminders for collection rounds: to data owners before and after the
//! owner deadline, and a digest to directors before the sign-off deadline.
//!
//! - `rule`: which reminders are due on a day (pure, tested with dates);
//! - `message`: their words;
//! - `source`: the open rounds, who still owes what;
//! - `mail`: SMTP settings from the environment and sending (lettre);
//! - `scheduler`: the server's pass every few minutes, each reminder claimed
//!   in the store before it is sent, so it goes once.
//!
//! This file holds what people do with reminders: list what was sent, set
//! the address a person's reminders go to.

pub mod mail;
pub mod message;
pub mod rule;
pub mod scheduler;
pub mod source;

use jiff::Timestamp;
use outturn_core::{Key, Role};
use outturn_store::{ReminderFilter, ReminderRecord, Store};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;

/// A council's reminders page: what was sent, and who cannot be reminded.
#[derive(Debug, Clone)]
pub struct CouncilReminders {
    pub council: std::sync::Arc<outturn_store::Council>,
    /// Newest first.
    pub records: Vec<ReminderRecord>,
    /// The council's data owners and directors with no address set: (username, name).
    pub without_address: Vec<(String, String)>,
}

/// The reminders recorded for a council (newest first, at most `limit`), for
/// someone who may see them.
pub async fn list_for_council(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    limit: u32,
) -> Result<CouncilReminders, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ReadReminders(&council.slug))?;
    let records = store.reminders(&ReminderFilter { council: Some(council.slug.clone()), period: None, limit }).await?;
    let addresses = store.email_addresses().await?;
    let without_address = store
        .users()
        .await?
        .into_iter()
        .filter(|u| !u.disabled && u.council.as_ref() == Some(&council.slug))
        .filter(|u| matches!(u.role, Role::DataOwner | Role::Director) && !addresses.contains_key(&u.username))
        .map(|u| (u.username, u.display_name))
        .collect();
    Ok(CouncilReminders { council, records, without_address })
}

/// Every reminder recorded (of one council when given) that the actor may
/// see, for the command line.
pub async fn list(
    store: &dyn Store,
    actor: &Actor,
    council: Option<&Key>,
    limit: u32,
) -> Result<Vec<ReminderRecord>, AppError> {
    let council = match council {
        Some(slug) => {
            let found = crate::council(store, slug).await?;
            actor.check(Action::ReadReminders(&found.slug))?;
            Some(found.slug.clone())
        }
        None => None,
    };
    let records = store.reminders(&ReminderFilter { council, period: None, limit }).await?;
    Ok(records.into_iter().filter(|r| actor.may(Action::ReadReminders(&r.key.council))).collect())
}

/// The problem with an email address, if any.
pub fn check_address(address: &str) -> Result<String, String> {
    let address = address.trim();
    address
        .parse::<lettre::Address>()
        .map(|a| a.to_string())
        .map_err(|e| format!("\"{address}\" is not an email address: {e}"))
}

/// Sets (or with None removes) the address a user's reminders go to, audited
/// as `user.email-address-set` by `actor` (who manages accounts).
pub async fn set_address(
    store: &dyn Store,
    actor: &Actor,
    username: &str,
    address: Option<&str>,
    at: Timestamp,
) -> Result<(), AppError> {
    actor.check(Action::ManageUsers)?;
    let address = address.map(check_address).transpose().map_err(AppError::Reminder)?;
    let user = store
        .user_by_username(username)
        .await?
        .ok_or_else(|| AppError::Store(outturn_store::StoreError::NoUser(username.to_string())))?;
    let audit = AuditEvent::EmailAddressSet { user: &user, address: address.as_deref() }.record_by(actor, at);
    store.set_email_address(&user.username, address.as_deref(), &audit).await?;
    Ok(())
}

/// Whether a council key is one the actor may see reminders of (for links).
pub fn may_read(actor: &Actor, council: &Key) -> bool {
    actor.may(Action::ReadReminders(council))
}
