//! `outturn committee meetings|show|load` and `outturn improvement-plans
//! list`: committee meetings, their resolutions and actions, and the
//! improvement plans with whether each is still in focus.

use std::io::Write;

use clap::Subcommand;
use jiff::civil::Date;
use outturn_app::committees::improvement;
use outturn_app::committees::{self as committee, meeting_name};
use outturn_app::framework::file::Disk;
use outturn_core::{Key, Period};
use outturn_store::Store;

use crate::output::table::{col, print, wide};
use crate::{parse_date, parse_period};

#[derive(Subcommand)]
pub enum CommitteeCommand {
    /// The council's meetings: committee, date, reports considered, resolutions and actions.
    Meetings {
        #[arg(long)]
        council: Key,
    },
    /// One meeting: its resolutions in full and its actions with their status and update notes.
    Show {
        /// The meeting's number, as `committee meetings` lists it.
        id: i64,
        #[arg(long)]
        council: Key,
        /// Give each action's status on this day (YYYY-MM-DD; default today).
        #[arg(long, value_parser = parse_date)]
        on: Option<Date>,
    },
    /// Check a committee file (docs/committee-file.md) and store what is new in it; with any problem nothing is stored.
    Load { file: String },
}

#[derive(Subcommand)]
pub enum PlansCommand {
    /// Every improvement plan, with its measure's statuses since it opened and whether it is still in focus.
    List {
        #[arg(long)]
        council: Key,
        /// The period the plans stand at (default: the latest with results).
        #[arg(long, value_parser = parse_period)]
        period: Option<Period>,
        /// Figures as recorded by the end of this day.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
}

fn today() -> Date {
    outturn_core::AsOf::now().date()
}

pub async fn run(store: &dyn Store, command: CommitteeCommand, out: &mut impl Write) -> Result<(), String> {
    match command {
        CommitteeCommand::Meetings { council } => {
            let meetings =
                committee::meetings(store, &outturn_app::actor::Actor::command("outturn committee list"), &council)
                    .await
                    .map_err(|e| e.to_string())?;
            if meetings.is_empty() {
                let _ = writeln!(out, "{council} has no committee meetings recorded");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = meetings
                .iter()
                .map(|m| {
                    let reports: Vec<String> = m.reports.iter().map(|r| format!("{} {}", r.kind, r.period)).collect();
                    vec![
                        m.id.to_string(),
                        m.date.to_string(),
                        m.committee.clone(),
                        reports.join(", "),
                        m.resolutions.len().to_string(),
                        m.actions.len().to_string(),
                    ]
                })
                .collect();
            print(
                out,
                &[col("Meeting"), col("Date"), col("Committee"), col("Reports"), col("Resolutions"), col("Actions")],
                &rows,
            );
        }
        CommitteeCommand::Show { id, council, on } => {
            let Some(m) =
                committee::meeting(store, &outturn_app::actor::Actor::command("outturn committee show"), &council, id)
                    .await
                    .map_err(|e| e.to_string())?
            else {
                return Err(format!(
                    "{council} has no meeting {id} (`outturn committee meetings --council {council}` lists them)"
                ));
            };
            let on = on.unwrap_or_else(today);
            let _ = writeln!(out, "{}", meeting_name(&m));
            for r in &m.reports {
                let _ = writeln!(out, "Considered: the {} report for {} ({})", r.kind, r.period, r.period.describe());
            }
            let _ = writeln!(out, "\nResolutions:");
            for r in &m.resolutions {
                let _ = writeln!(out, "{}. {}", r.number, r.text);
            }
            let _ = writeln!(out, "\nActions (status on {on}):");
            let rows: Vec<Vec<String>> = m
                .actions
                .iter()
                .map(|a| {
                    vec![
                        a.number.to_string(),
                        a.asked.clone(),
                        a.asked_of.to_string(),
                        a.due.to_string(),
                        a.progress(on).label().to_string(),
                    ]
                })
                .collect();
            print(out, &[col("Action"), wide("Asked"), col("Of"), col("Due"), col("Status")], &rows);
            for a in m.actions.iter().filter(|a| !a.updates.is_empty()) {
                let _ = writeln!(out, "\nUpdates on action {}:", a.number);
                for u in &a.updates {
                    let set = u.state.map_or(String::new(), |s| format!(" [{}]", s.label()));
                    let _ = writeln!(out, "  {} {}{set}: {}", u.at.strftime("%Y-%m-%d %H:%M"), u.author, u.note);
                }
            }
        }
        CommitteeCommand::Load { file } => {
            let applied = committee::load_file(
                store,
                &Disk,
                &file,
                &outturn_app::actor::Actor::command("outturn committee load"),
            )
            .await
            .map_err(|e| e.to_string())?;
            crate::output::applied(out, &applied);
        }
    }
    Ok(())
}

pub async fn run_plans(store: &dyn Store, command: PlansCommand, out: &mut impl Write) -> Result<(), String> {
    let PlansCommand::List { council, period, as_of } = command;
    let period = match period {
        Some(p) => p,
        None => {
            outturn_app::statuses::status_report::default_period(store, &council).await.map_err(|e| e.to_string())?
        }
    };
    let plans = improvement::plans(
        store,
        &outturn_app::actor::Actor::command("outturn improvement-plans"),
        &council,
        period,
        as_of,
    )
    .await
    .map_err(|e| e.to_string())?;
    if plans.is_empty() {
        let _ = writeln!(out, "{council} has no improvement plans");
        return Ok(());
    }
    let _ = writeln!(
        out,
        "Improvement plans at {period}: a plan leaves the focus list once its measure has been Green for {} consecutive periods",
        plans[0].green_periods
    );
    let rows: Vec<Vec<String>> = plans
        .iter()
        .map(|p| {
            let statuses: Vec<String> = p
                .statuses
                .iter()
                .map(|(period, s)| format!("{period} {}", s.map_or("not due", |s| p.labels.label(s))))
                .collect();
            vec![
                p.plan.measure.to_string(),
                p.plan.title.clone(),
                p.plan.owner.clone(),
                p.plan.review_on.to_string(),
                if p.in_focus { "in focus" } else { "improvement sustained" }.to_string(),
                statuses.join(", "),
            ]
        })
        .collect();
    print(
        out,
        &[col("Measure"), wide("Plan"), col("Owner"), col("Review"), col("Focus"), wide("Statuses, newest first")],
        &rows,
    );
    Ok(())
}
