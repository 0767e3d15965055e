//! `outturn report quarterly|exception`: a committee report for a council
//! and period, rendered as HTML, Markdown, DOCX or PDF (to a file or standard output)
//! or as a Word document or a PDF (to a file, since they are binary).

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;
use outturn_core::{Key, Period};
use outturn_report::{Format, ReportKind, Settings};
use outturn_store::Store;

use crate::{parse_date, parse_period};

mod narrative;

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
    /// Publish a report: every format and the compendium, the data they rest
    /// on and a SHA-256, stored together; the period is then locked.
    Publish(crate::publish::PublishArgs),
    /// What was published when.
    List(crate::publish::ListArgs),
    /// Write a published file back, byte for byte as published.
    Published(crate::publish::PublishedArgs),
    /// The measures whose figures or statuses differ now from what was published.
    Changes(crate::publish::ChangesArgs),
    /// A report draft's narrative (purpose, highlights, spotlights...) as a TOML file.
    Narrative {
        #[command(subcommand)]
        command: narrative::NarrativeCommand,
    },
}

#[derive(Args)]
pub struct CompendiumArgs {
    /// The council's slug, such as stevenage.
    #[arg(long)]
    council: Key,
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
    council: Key,
    /// The period reported: a quarter such as 2020/21-Q2.
    #[arg(long, value_parser = parse_period)]
    period: Period,
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// Write the report to this file instead of standard output (required for docx and pdf).
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
    /// A tagged PDF, A4, ready to send to the committee; needs `-o FILE`.
    Pdf,
}

pub async fn run(store: &dyn Store, command: ReportCommand, out: &mut dyn Write) -> Result<(), String> {
    let (exception, args) = match command {
        ReportCommand::Quarterly(args) => (false, args),
        ReportCommand::Exception(args) => (true, args),
        ReportCommand::Compendium(args) => return compendium(store, args, out).await,
        ReportCommand::Publish(args) => return crate::publish::publish_cmd(store, args, out).await,
        ReportCommand::List(args) => return crate::publish::list_cmd(store, args, out).await,
        ReportCommand::Published(args) => return crate::publish::published_cmd(store, args, out).await,
        ReportCommand::Changes(args) => return crate::publish::changes_cmd(store, args, out).await,
        ReportCommand::Narrative { command } => return narrative::run(store, command, out).await,
    };
    let settings = Settings { committee: args.committee, date: args.date, as_of: args.as_of };
    let kind = if exception { ReportKind::Exception } else { ReportKind::Quarterly };
    let actor = outturn_app::actor::Actor::command("outturn report");
    let report = outturn_report::draft(store, &actor, kind, &args.council, args.period, &settings)
        .await
        .map_err(|e| e.to_string())?
        .report;
    let format = match args.format {
        ReportFormat::Html => Format::Html,
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Docx => Format::Docx,
        ReportFormat::Pdf => Format::Pdf,
    };
    if format.is_binary() && args.output.is_none() {
        let kind = if format == Format::Pdf { "a PDF" } else { "a .docx" };
        return Err(format!("{kind} is binary: give a file to write it to with -o FILE"));
    }
    let bytes = outturn_report::render_bytes(&report, format);
    // Never silently blank: each narrative still to write is named.
    for what in &report.missing_narratives {
        eprintln!("narrative needed: {what}");
    }
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
    let bytes = outturn_report::compendium::compendium(
        store,
        &outturn_app::actor::Actor::command("outturn report compendium"),
        &args.council,
        args.period,
        &settings,
        jiff::Timestamp::now(),
    )
    .await
    .map_err(|e| e.to_string())?;
    let path = &args.output;
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    writeln!(out, "wrote {}", path.display()).map_err(|e| e.to_string())
}
