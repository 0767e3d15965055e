//! A council's email reminders, for administrators and performance officers:
//! every reminder the scheduler claimed, to whom, about what, and whether the
//! mail server took it.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use outturn_store::{ReminderRecord, ReminderState};

use crate::AppState;
use crate::error::WebError;
use crate::ids::council_key;
use crate::session::Visitor;
use crate::views::{Chrome, Section, render};

/// The newest this many.
const SHOWN: u32 = 200;

#[derive(Template)]
#[template(path = "reminders.html")]
pub struct RemindersPage {
    pub chrome: Chrome,
    pub council_name: String,
    pub rows: Vec<ReminderRow>,
    /// "Pat Kelly (owner)": data owners and directors reminders cannot reach.
    pub without_address: Vec<String>,
}

pub struct ReminderRow {
    pub last_attempt: String,
    pub recipient: String,
    pub address: String,
    pub kind: &'static str,
    pub period: String,
    pub subject: String,
    /// In words, with a tag class that repeats them (never colour alone).
    pub outcome: &'static str,
    pub outcome_class: &'static str,
    pub sent: String,
    pub attempts: u32,
    pub last_error: String,
}

fn row(r: &ReminderRecord) -> ReminderRow {
    let when = |t: jiff::Timestamp| t.strftime("%Y-%m-%d %H:%M UTC").to_string();
    let outcome_class = match r.state {
        ReminderState::Sent => "govuk-tag--green",
        ReminderState::Failed => "govuk-tag--red",
        ReminderState::Sending => "govuk-tag--grey",
    };
    ReminderRow {
        last_attempt: when(r.claimed_at),
        recipient: r.key.recipient.clone(),
        address: r.address.clone(),
        kind: r.key.kind.label(),
        period: r.key.period.to_string(),
        subject: r.subject.clone(),
        outcome: r.state.label(),
        outcome_class,
        sent: r.sent_at.map(when).unwrap_or_default(),
        attempts: r.attempts,
        last_error: r.last_error.clone().unwrap_or_default(),
    }
}

pub async fn reminders(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/reminders"))?;
    let listed = outturn_app::rounds::reminders::list_for_council(
        state.store.as_ref(),
        &signed_in.actor(),
        &council_key(&council)?,
        SHOWN,
    )
    .await?;
    let found = &listed.council;
    let can_enter = outturn_app::access::records_results(&signed_in.user, &found.slug);
    let page = RemindersPage {
        chrome: Chrome::council(
            Some(&signed_in),
            &council,
            &outturn_app::CouncilTitle::of(found),
            Section::Reminders,
            can_enter,
        ),
        council_name: found.name.clone(),
        rows: listed.records.iter().map(row).collect(),
        without_address: listed.without_address.iter().map(|(username, name)| format!("{name} ({username})")).collect(),
    };
    Ok(render(&page))
}
