//! `outturn report quarterly|exception`: a committee report for a council
//! and period, rendered as HTML or Markdown (to a file or standard output)
//! or as a Word document (to a file, since it is binary).

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
    /// The compendium: every measure due in the period as an Excel workbook
    /// (an About sheet, then one row per measure with figures as numbers).
    Compendium(CompendiumArgs),
}

#[derive(Args)]
pub struct CompendiumArgs {
    /// The council's slug, such as stevenage.
    #[arg(long)]
    council: String,
    /// The period reported: a quarter such as 2020/21-Q2.
    #[arg(long, value_parser = parse_period)]
    period: Period,
    /// The .xlsx file to write.
    #[arg(short = 'o', long = "output")]
    output: std::path::PathBuf,
    /// Report the figures as recorded by the end of this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
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
    /// Write the report to this file instead of standard output (required for docx).
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
    /// A Word document; needs `-o FILE`.
    Docx,
}

pub async fn run(store: &dyn Store, command: ReportCommand, out: &mut dyn Write) -> Result<(), String> {
    let (exception, args) = match command {
        ReportCommand::Quarterly(args) => (false, args),
        ReportCommand::Exception(args) => (true, args),
        ReportCommand::Compendium(args) => return compendium(store, args, out).await,
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
        ReportFormat::Docx => Format::Docx,
    };
    if format.is_binary() && args.output.is_none() {
        return Err("a .docx is binary: give a file to write it to with -o FILE".to_string());
    }
    let bytes = outturn_report::render_bytes(&report, format);
    match args.output {
        Some(path) => {
            std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
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
        None => out.write_all(&bytes).map_err(|e| e.to_string())?,
    }
    Ok(())
}

async fn compendium(store: &dyn Store, args: CompendiumArgs, out: &mut dyn Write) -> Result<(), String> {
    let settings = Settings { as_of: args.as_of, ..Settings::default() };
    let bytes =
        outturn_report::compendium::compendium(store, &args.council, args.period, &settings, jiff::Timestamp::now())
            .await
            .map_err(|e| e.to_string())?;
    let path = &args.output;
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    writeln!(out, "wrote {}", path.display()).map_err(|e| e.to_string())
}
