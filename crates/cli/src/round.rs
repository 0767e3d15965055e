//! `outturn round open|status|close|submit|sign-off|reopen`: collection rounds
//! and sign-off from the command line (whose operator holds the database, so
//! acts with every permission; the audit log names the command).

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use jiff::Timestamp;
use jiff::civil::Date;
use outturn_app::rounds::sign_off::take_step;
use outturn_app::rounds::{Progress, RoundStatus, close_round, open_round, round_status};
use outturn_core::{Key, Period, SignOffStep};
use outturn_store::Store;

use crate::output::table::{col, num, print, wide};
use crate::{parse_date, parse_period};

#[derive(Subcommand)]
pub enum RoundCommand {
    /// Open a collection round for a period, with the data owners' and the sign-off deadlines.
    Open {
        #[command(flatten)]
        at: RoundArgs,
        /// Data owners enter their results by the end of this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        entry_deadline: Date,
        /// Directors sign off by the end of this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        sign_off_deadline: Date,
    },
    /// Completeness and timeliness per business unit and per data owner, and each unit's sign-off.
    Status {
        #[command(flatten)]
        at: RoundArgs,
        #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
    },
    /// Close the period's round.
    Close {
        #[command(flatten)]
        at: RoundArgs,
    },
    /// Send a business unit's results for sign-off.
    Submit(UnitArgs),
    /// Sign off a business unit's results.
    SignOff(UnitArgs),
    /// Reopen a submitted or signed-off business unit, with a reason.
    Reopen {
        #[command(flatten)]
        unit: UnitArgs,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Args)]
pub struct RoundArgs {
    /// The council's slug, such as stevenage.
    #[arg(long)]
    council: Key,
    /// The period of the round: a quarter such as 2020/21-Q2.
    #[arg(long, value_parser = parse_period)]
    period: Period,
}

#[derive(Args)]
pub struct UnitArgs {
    #[command(flatten)]
    at: RoundArgs,
    /// The business unit's key, such as housing-and-investment.
    #[arg(long)]
    unit: Key,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
}

pub async fn run(store: &dyn Store, command: RoundCommand, out: &mut impl Write) -> Result<(), String> {
    let now = Timestamp::now();
    let e = |e: outturn_app::AppError| e.to_string();
    match command {
        RoundCommand::Open { at, entry_deadline, sign_off_deadline } => {
            let who = outturn_app::actor::Actor::command("outturn round open");
            let r = open_round(store, &who, &at.council, at.period, entry_deadline, sign_off_deadline, now)
                .await
                .map_err(e)?;
            let _ = writeln!(
                out,
                "opened the {} collection round for {}: results by {}, sign-off by {}",
                r.period, r.council, r.entry_deadline, r.sign_off_deadline
            );
        }
        RoundCommand::Status { at, format } => {
            let who = outturn_app::actor::Actor::command("outturn round status");
            let status = round_status(store, &who, &at.council, at.period, now).await.map_err(e)?;
            match format {
                StatusFormat::Json => crate::output::json(out, &status),
                StatusFormat::Table => table(out, &status),
            }
        }
        RoundCommand::Close { at } => {
            let r = close_round(
                store,
                &outturn_app::actor::Actor::command("outturn round close"),
                &at.council,
                at.period,
                now,
            )
            .await
            .map_err(e)?;
            let _ = writeln!(out, "closed the {} collection round for {}", r.period, r.council);
        }
        RoundCommand::Submit(u) => step(store, u, SignOffStep::Submit, None, "outturn round submit", out).await?,
        RoundCommand::SignOff(u) => step(store, u, SignOffStep::SignOff, None, "outturn round sign-off", out).await?,
        RoundCommand::Reopen { unit, reason } => {
            step(store, unit, SignOffStep::Reopen, Some(&reason), "outturn round reopen", out).await?
        }
    }
    Ok(())
}

async fn step(
    store: &dyn Store,
    u: UnitArgs,
    step: SignOffStep,
    reason: Option<&str>,
    command: &str,
    out: &mut impl Write,
) -> Result<(), String> {
    let taken = take_step(
        store,
        &outturn_app::actor::Actor::command(command),
        &u.at.council,
        u.at.period,
        &u.unit,
        step,
        reason,
        Timestamp::now(),
    )
    .await
    .map_err(|e| e.to_string())?;
    let _ = writeln!(
        out,
        "{} {}: {} (now {})",
        taken.unit_name,
        taken.period,
        step.past(),
        taken.state.label().to_lowercase()
    );
    Ok(())
}

fn counts(p: &Progress) -> Vec<String> {
    [p.due, p.entered, p.on_time, p.late, p.to_do, p.overdue, p.missing_data].iter().map(|n| n.to_string()).collect()
}

fn table(out: &mut impl Write, s: &RoundStatus) {
    let _ = writeln!(
        out,
        "{} collection round {} ({}){}",
        s.council_name,
        s.period,
        s.period_description,
        if s.closed { ", closed" } else { "" }
    );
    let _ = writeln!(
        out,
        "results due by {}, sign-off by {}; figures: {}",
        s.entry_deadline, s.sign_off_deadline, s.standing.label
    );
    let _ = writeln!(out);
    let heads = ["due", "entered", "on time", "late", "to do", "overdue", "missing data"];
    let mut columns = vec![col("business unit"), col("sign-off")];
    columns.extend(heads.iter().map(|h| num(*h)));
    let mut rows: Vec<Vec<String>> = s
        .units
        .iter()
        .map(|u| [vec![u.unit_name.clone(), u.state_label.to_string()], counts(&u.progress)].concat())
        .collect();
    rows.push([vec!["All".to_string(), String::new()], counts(&s.totals)].concat());
    print(out, &columns, &rows);
    let _ = writeln!(out);
    let mut columns = vec![col("data owner")];
    columns.extend(heads.iter().map(|h| num(*h)));
    let rows: Vec<Vec<String>> = s
        .owners
        .iter()
        .map(|o| [vec![format!("{} ({})", o.display_name, o.username)], counts(&o.progress)].concat())
        .collect();
    if rows.is_empty() {
        let _ = writeln!(out, "no data owners have measures due");
    } else {
        print(out, &columns, &rows);
    }
    let missing: Vec<Vec<String>> = s
        .measures
        .iter()
        .filter(|m| !m.timeliness.is_entered() || m.missing_reason.is_some())
        .map(|m| {
            vec![
                m.code.clone(),
                m.unit_name.clone(),
                m.timeliness_label.to_string(),
                m.missing_reason.clone().map_or_else(|| "not entered".to_string(), |r| format!("Missing data: {r}")),
            ]
        })
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(out);
        print(out, &[col("missing"), col("business unit"), col("timeliness"), wide("reason")], &missing);
    }
}
