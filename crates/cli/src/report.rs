//! `outturn report quarterly|exception`: a committee report for a council
//! and period, rendered as HTML or Markdown, to a file or standard output.

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;
use outturn_core::Period;
use outturn_report::{Format, Settings};
use outturn_store::Store;

use crate::{parse_date, parse_period};

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The quarterly corporate performance report: purpose, recommendations,
    /// programme progress, summary of statuses, spotlights, compendium.
    Quarterly(ReportArgs),
    /// The exception report: only Amber and Red measures and milestones at
    /// risk, off track, not achieved or affected by an external factor, by group.
    Exception(ReportArgs),
}

#[derive(Args)]
pub struct ReportArgs {
    /// The council's slug, such as stevenage.
    #[arg(long)]
    council: String,
    /// The period reported: a quarter such as 2020/21-Q2.
    #[arg(long, value_parser = parse_period)]
    period: Period,
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long = "output")]
    output: Option<std::path::PathBuf>,
    /// The committee receiving the report (shown as "to be set" when left out).
    #[arg(long)]
    committee: Option<String>,
    /// The date of the meeting, YYYY-MM-DD (shown as "to be set" when left out).
    #[arg(long, value_parser = parse_date)]
    date: Option<Date>,
    /// Report the figures as recorded by the end of this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Html,
    Md,
}

pub async fn run(store: &dyn Store, command: ReportCommand, out: &mut dyn Write) -> Result<(), String> {
    let (exception, args) = match command {
        ReportCommand::Quarterly(args) => (false, args),
        ReportCommand::Exception(args) => (true, args),
    };
    let settings = Settings { committee: args.committee, date: args.date, as_of: args.as_of };
    let report = if exception {
        outturn_report::exception::exception(store, &args.council, args.period, &settings).await
    } else {
        outturn_report::quarterly::quarterly(store, &args.council, args.period, &settings).await
    }
    .map_err(|e| e.to_string())?;
    let format = match args.format {
        ReportFormat::Html => Format::Html,
        ReportFormat::Md => Format::Markdown,
    };
    let text = outturn_report::render(&report, format);
    match args.output {
        Some(path) => {
            std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            if !report.missing_narratives.is_empty() {
                writeln!(
                    out,
                    "wrote {} (draft: narrative still to be written: {})",
                    path.display(),
                    report.missing_narratives.join("; ")
                )
                .map_err(|e| e.to_string())?;
            } else {
                writeln!(out, "wrote {}", path.display()).map_err(|e| e.to_string())?;
            }
        }
        None => out.write_all(text.as_bytes()).map_err(|e| e.to_string())?,
    }
    Ok(())
}
