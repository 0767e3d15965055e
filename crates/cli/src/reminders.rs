//! `outturn reminders list|send|address`: the email reminders of collection
//! rounds. The server sends them on its own (`outturn serve` starts the
//! scheduler when OUTTURN_SMTP_URL is set); `send --now` runs one pass.

use outturn_core::Key;
use std::io::Write;
use std::sync::Arc;

use clap::{Subcommand, ValueEnum};
use jiff::Timestamp;
use outturn_app::rounds::reminders::mail::{MailSettings, SMTP_URL_VAR, SmtpMailer};
use outturn_app::rounds::reminders::scheduler::{self, Config, run_pass};
use outturn_app::rounds::reminders::source::StoreRounds;
use outturn_store::{ReminderRecord, Store};

const ACTOR: &str = "outturn reminders";

#[derive(Subcommand)]
pub enum RemindersCommand {
    /// Every reminder recorded, newest first: to whom, what, when, whether it was sent.
    List {
        /// Only this council's (its slug).
        #[arg(long)]
        council: Option<Key>,
        /// At most this many (0: all).
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Send the reminders due now (one pass of the server's scheduler); each goes once.
    Send {
        /// Now: the only time reminders are sent for, unless --at is given.
        #[arg(long, required_unless_present = "at")]
        now: bool,
        /// Send as if it were this instant (RFC 3339, such as 2021-01-16T09:00:00Z).
        #[arg(long, conflicts_with = "now")]
        at: Option<Timestamp>,
    },
    /// Set the address a user's reminders go to (or remove it with --remove).
    Address {
        /// The user's username.
        username: String,
        /// The email address.
        #[arg(required_unless_present = "remove")]
        address: Option<String>,
        #[arg(long, conflicts_with = "address")]
        remove: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// Starts the server's scheduler when an SMTP server is set; says once that
/// reminders are off when it is not. Settings that are set but unusable are an error.
pub fn start_scheduler(store: Arc<dyn Store>) -> Result<(), String> {
    let Some(settings) = MailSettings::from_env()? else {
        println!("Email reminders are off: {SMTP_URL_VAR} is not set.");
        return Ok(());
    };
    let config = Config::from_env(&settings.public_url)?;
    let mailer = SmtpMailer::new(&settings)?;
    println!(
        "Email reminders are on: sent through {} every {} seconds, links to {}.",
        settings.server(),
        config.every.as_secs(),
        settings.public_url
    );
    scheduler::spawn(store, StoreRounds, mailer, config, Timestamp::now);
    Ok(())
}

/// Gives each demo account just created the address `USERNAME@example.org`
/// (a domain reserved for examples), so the demo's reminders have somewhere to go.
pub async fn demo_addresses(store: &dyn Store, created: &[outturn_app::demo::DemoAccount]) -> Result<(), String> {
    for account in created {
        let address = format!("{}@example.org", account.username);
        outturn_app::rounds::reminders::set_address(
            store,
            &outturn_app::actor::Actor::command("outturn serve --demo"),
            &account.username,
            Some(&address),
            Timestamp::now(),
        )
        .await
        .map_err(|e| e.to_string())?;
    }
    if !created.is_empty() {
        println!("Their email reminders go to USERNAME@example.org (`outturn reminders address` changes one).");
    }
    Ok(())
}

pub async fn run(store: &dyn Store, command: RemindersCommand, out: &mut impl Write) -> Result<(), String> {
    match command {
        RemindersCommand::List { council, limit, format } => {
            let records = outturn_app::rounds::reminders::list(
                store,
                &outturn_app::actor::Actor::command(ACTOR),
                council.as_ref(),
                limit,
            )
            .await
            .map_err(|e| e.to_string())?;
            match format {
                ListFormat::Table => table(out, &records),
                ListFormat::Json => {
                    let rows: Vec<_> = records.iter().map(json).collect();
                    let _ = writeln!(out, "{}", serde_json::to_string_pretty(&rows).expect("JSON values serialise"));
                }
            }
        }
        RemindersCommand::Send { at, .. } => {
            let settings = MailSettings::from_env()?
                .ok_or_else(|| format!("reminders are off: set {SMTP_URL_VAR} (see README.md, Email reminders)"))?;
            let config = Config::from_env(&settings.public_url)?;
            let mailer = SmtpMailer::new(&settings)?;
            let now = at.unwrap_or_else(Timestamp::now);
            let report = run_pass(store, &StoreRounds, &mailer, &config, now).await.map_err(|e| e.to_string())?;
            for key in &report.sent {
                let _ = writeln!(out, "sent {} to {} ({} {})", key.kind.code(), key.recipient, key.council, key.period);
            }
            for key in &report.without_address {
                let _ = writeln!(
                    out,
                    "not sent {} to {} ({} {}): no email address (`outturn reminders address {} ADDRESS`)",
                    key.kind.code(),
                    key.recipient,
                    key.council,
                    key.period,
                    key.recipient
                );
            }
            for (key, error) in &report.failed {
                let _ = writeln!(
                    out,
                    "failed {} to {} ({} {}): {error}",
                    key.kind.code(),
                    key.recipient,
                    key.council,
                    key.period
                );
            }
            let _ = writeln!(out, "reminders: {}", report.summary());
            if !report.failed.is_empty() {
                return Err(format!(
                    "{} reminder(s) could not be sent; each is recorded and the next pass tries again",
                    report.failed.len()
                ));
            }
        }
        RemindersCommand::Address { username, address, remove: _ } => {
            outturn_app::rounds::reminders::set_address(
                store,
                &outturn_app::actor::Actor::command(ACTOR),
                &username,
                address.as_deref(),
                Timestamp::now(),
            )
            .await
            .map_err(|e| e.to_string())?;
            match address {
                Some(a) => writeln!(out, "reminders for {username} go to {}", a.trim()),
                None => writeln!(out, "{username} has no reminder address now"),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn when(at: Option<Timestamp>) -> String {
    at.map_or_else(|| "-".to_string(), |t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
}

fn table(out: &mut impl Write, records: &[ReminderRecord]) {
    if records.is_empty() {
        let _ = writeln!(out, "no reminders recorded");
        return;
    }
    let _ = writeln!(
        out,
        "id\tcouncil\tperiod\tkind\trecipient\taddress\toutcome\tattempts\tlast attempt\tsent\tsubject\tlast error"
    );
    for r in records {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.id,
            r.key.council,
            r.key.period,
            r.key.kind.code(),
            r.key.recipient,
            r.address,
            r.state.code(),
            r.attempts,
            when(Some(r.claimed_at)),
            when(r.sent_at),
            r.subject,
            r.last_error.as_deref().unwrap_or("-")
        );
    }
}

fn json(r: &ReminderRecord) -> serde_json::Value {
    serde_json::json!({
        "id": r.id,
        "council": r.key.council.to_string(),
        "period": r.key.period.to_string(),
        "kind": r.key.kind.code(),
        "recipient": r.key.recipient,
        "address": r.address,
        "subject": r.subject,
        "outcome": r.state.code(),
        "attempts": r.attempts,
        "last_attempt_at": r.claimed_at.to_string(),
        "sent_at": r.sent_at.map(|t| t.to_string()),
        "last_error": r.last_error,
    })
}
