//! The server's own scheduler: every few minutes, work out which reminders are
//! due, claim each in the store, send it, record how it went.
//!
//! Exactly once: a reminder is claimed by its key (round, person, kind) in a
//! transaction before it is sent, so a second pass, a restarted server or a
//! second server on the same database finds it claimed and sends nothing. A
//! failed send is recorded with the error and claimed again on a pass at
//! least `retry_after` later. A server that stops between the mail server
//! taking a message and the store recording it leaves the claim "sending";
//! it is sent again after `retry_after` (a rare duplicate rather than a lost
//! reminder).

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use outturn_core::AsOf;
use outturn_store::{ReminderClaim, ReminderKey, Store};

use super::mail::{Email, Mailer};
use super::message;
use super::rule::{self, Timing};
use super::source::RoundSource;
use crate::AppError;

/// How the scheduler runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub timing: Timing,
    /// A failed (or unfinished) send is tried again this long after it began.
    pub retry_after: SignedDuration,
    /// How often the scheduler looks for reminders due.
    pub every: Duration,
    /// The web application's address, for links.
    pub public_url: String,
}

/// `OUTTURN_REMINDER_DAYS_BEFORE`: days before a deadline that reminders start (default 3).
pub const DAYS_BEFORE_VAR: &str = "OUTTURN_REMINDER_DAYS_BEFORE";
/// `OUTTURN_REMINDER_INTERVAL`: seconds between the scheduler's passes (default 300).
pub const INTERVAL_VAR: &str = "OUTTURN_REMINDER_INTERVAL";

impl Config {
    pub fn new(public_url: &str) -> Self {
        Config {
            timing: Timing::default(),
            retry_after: SignedDuration::from_mins(15),
            every: Duration::from_secs(300),
            public_url: public_url.to_string(),
        }
    }

    /// The defaults, changed by `OUTTURN_REMINDER_DAYS_BEFORE` and `OUTTURN_REMINDER_INTERVAL`.
    pub fn from_env(public_url: &str) -> Result<Self, String> {
        let mut config = Config::new(public_url);
        let number = |name: &str| -> Result<Option<u32>, String> {
            match std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => v.parse().map(Some).map_err(|_| format!("{name}: \"{v}\" is not a whole number")),
            }
        };
        if let Some(days) = number(DAYS_BEFORE_VAR)? {
            config.timing.days_before =
                i32::try_from(days).map_err(|_| format!("{DAYS_BEFORE_VAR}: {days} days is too many"))?;
        }
        if let Some(seconds) = number(INTERVAL_VAR)? {
            if seconds == 0 {
                return Err(format!("{INTERVAL_VAR}: the interval must be at least 1 second"));
            }
            config.every = Duration::from_secs(u64::from(seconds));
        }
        Ok(config)
    }
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassReport {
    pub sent: Vec<ReminderKey>,
    /// With the mail server's answer; tried again on a later pass.
    pub failed: Vec<(ReminderKey, String)>,
    /// Due, but the person has no email address.
    pub without_address: Vec<ReminderKey>,
    /// Due, but sent already (or being sent by another server).
    pub already_claimed: usize,
}

impl PassReport {
    /// One line for a log: "2 reminders sent, 1 failed ...".
    pub fn summary(&self) -> String {
        format!(
            "{} sent, {} failed (to be tried again), {} already sent, {} for people with no email address",
            self.sent.len(),
            self.failed.len(),
            self.already_claimed,
            self.without_address.len()
        )
    }
}

/// One pass at `now`: every reminder due is claimed and, when this pass holds
/// the claim, sent and its outcome recorded.
pub async fn run_pass<S: RoundSource, M: Mailer>(
    store: &dyn Store,
    source: &S,
    mailer: &M,
    config: &Config,
    now: Timestamp,
) -> Result<PassReport, AppError> {
    let rounds = source.open_rounds(store, now).await?;
    let today = AsOf::at(now).date();
    let addresses = store.email_addresses().await?;
    let retry_before = now - config.retry_after;
    let mut report = PassReport::default();
    for due in rule::due(&rounds, today, config.timing) {
        let key = due.key();
        let Some(address) = addresses.get(&due.recipient.username.to_lowercase()) else {
            report.without_address.push(key);
            continue;
        };
        let message = message::compose(&due, &config.public_url);
        let claim = ReminderClaim { key, address: address.clone(), subject: message.subject, body: message.body };
        let Some(id) = store.claim_reminder(&claim, now, retry_before).await? else {
            report.already_claimed += 1;
            continue;
        };
        let email = Email {
            to_name: due.recipient.name.clone(),
            to_address: claim.address,
            subject: claim.subject,
            body: claim.body,
        };
        let outcome = mailer.send(&email).await;
        store.finish_reminder(id, outcome.as_ref().map(|_| ()).map_err(String::as_str), now).await?;
        match outcome {
            Ok(()) => report.sent.push(claim.key),
            Err(e) => report.failed.push((claim.key, e)),
        }
    }
    Ok(report)
}

/// Starts the scheduler: a pass at once, then every `config.every`, each at
/// the instant `clock` gives. Runs until the runtime stops; a pass that fails
/// (the database unreachable) is reported on stderr and tried at the next tick.
pub fn spawn<S, M>(
    store: Arc<dyn Store>,
    source: S,
    mailer: M,
    config: Config,
    clock: fn() -> Timestamp,
) -> tokio::task::JoinHandle<()>
where
    S: RoundSource + 'static,
    M: Mailer + 'static,
{
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(config.every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match run_pass(store.as_ref(), &source, &mailer, &config, clock()).await {
                Ok(report) if report.sent.is_empty() && report.failed.is_empty() => {}
                Ok(report) => eprintln!("reminders: {}", report.summary()),
                Err(e) => eprintln!("reminders: this pass stopped: {e}"),
            }
        }
    })
}
