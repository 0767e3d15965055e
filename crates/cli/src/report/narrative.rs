//! `outturn report narrative export|import`: a report draft's narrative as a
//! TOML file with Markdown text, to write in any editor and read back all or
//! nothing. Export lists every slot of the draft as generated now; the slots
//! still empty are listed on stderr.

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use outturn_app::framework::file::Disk;
use outturn_app::reports::narrative::{SlotText, export_toml, import_narrative};
use outturn_core::{Key, Period};
use outturn_report::{ReportKind, Settings};
use outturn_store::{DraftKey, Store};

use crate::parse_period;

#[derive(Subcommand)]
pub enum NarrativeCommand {
    /// Writes the draft's narrative slots (with what is written so far) as TOML.
    Export(ExportArgs),
    /// Reads a narrative file back: every slot is checked, then all are saved or none.
    Import {
        /// The TOML file, as `export` writes it.
        file: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Quarterly,
    Exception,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The council's slug, such as stevenage.
    #[arg(long)]
    council: Key,
    /// The period reported: a quarter such as 2020/21-Q2.
    #[arg(long, value_parser = parse_period)]
    period: Period,
    #[arg(long, value_enum, default_value_t = Kind::Quarterly)]
    kind: Kind,
    /// The file to write (standard output without it).
    #[arg(short = 'o', long = "output")]
    output: Option<std::path::PathBuf>,
}

pub async fn run(store: &dyn Store, command: NarrativeCommand, out: &mut dyn Write) -> Result<(), String> {
    match command {
        NarrativeCommand::Export(args) => export(store, args, out).await,
        NarrativeCommand::Import { file } => {
            let imported = import_narrative(
                store,
                &Disk,
                &file,
                &outturn_app::actor::Actor::command("outturn report narrative import"),
            )
            .await
            .map_err(|e| e.to_string())?;
            let d = &imported.draft;
            if imported.changed.is_empty() {
                writeln!(out, "no changes to the {} report of {} for {}", d.kind, d.council, d.period)
            } else {
                writeln!(
                    out,
                    "saved narrative for the {} report of {} for {}: {}",
                    d.kind,
                    d.council,
                    d.period,
                    imported.changed.join(", ")
                )
            }
            .map_err(|e| e.to_string())
        }
    }
}

async fn export(store: &dyn Store, args: ExportArgs, out: &mut dyn Write) -> Result<(), String> {
    let kind = match args.kind {
        Kind::Quarterly => ReportKind::Quarterly,
        Kind::Exception => ReportKind::Exception,
    };
    let draft = outturn_report::draft(
        store,
        &outturn_app::actor::Actor::command("outturn report narrative export"),
        kind,
        &args.council,
        args.period,
        &Settings::default(),
    )
    .await
    .map_err(|e| e.to_string())?;
    let council = args.council.clone();
    let key = DraftKey { council, kind: kind.slug().to_string(), period: args.period };
    let slots: Vec<SlotText> =
        draft.slots.iter().map(|s| SlotText { key: &s.key, label: &s.label, text: s.text.as_deref() }).collect();
    let text = export_toml(&key, &slots);
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            writeln!(out, "wrote {}", path.display()).map_err(|e| e.to_string())?;
        }
        None => out.write_all(text.as_bytes()).map_err(|e| e.to_string())?,
    }
    for slot in draft.needed() {
        eprintln!("narrative needed: {}", slot.label);
    }
    Ok(())
}
