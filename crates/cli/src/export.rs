//! `outturn export`: a council's statuses for a period (csv or json), the
//! open-data CSV of results, or its results and targets as the CSV files
//! `outturn import` reads.

use std::io::Write;

use clap::{Args, ValueEnum};
use outturn_app::csv_cell::write_row;
use outturn_app::export::{OPEN_DATA_COLUMNS, data_table, open_data, status_table};
use outturn_app::framework::file::DataKind;
use outturn_app::statuses::status_report::{default_period, status_report};
use outturn_core::{Key, Period};
use outturn_store::Store;

use crate::output;

#[derive(Args)]
#[command(
    after_help = "A workbook (--format xlsx) needs -o FILE.xlsx. A results or targets workbook imports as its CSV does."
)]
pub struct ExportArgs {
    /// The council's slug, such as stevenage.
    #[arg(long)]
    pub council: Key,
    /// The period of the statuses; the latest quarter with results when left out.
    #[arg(long, value_parser = crate::parse_period)]
    pub period: Option<Period>,
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output (needed for xlsx).
    #[arg(short = 'o', long = "output")]
    pub output: Option<std::path::PathBuf>,
    /// The open-data CSV of results instead: UTF-8 with a BOM, one row per measure and period.
    #[arg(long, conflicts_with_all = ["period", "format", "results", "targets"])]
    pub open_data: bool,
    /// Every result recording (corrections included) as the results file `outturn import` reads.
    #[arg(long, conflicts_with_all = ["period", "targets"])]
    pub results: bool,
    /// Every target revision as the targets file `outturn import` reads.
    #[arg(long, conflicts_with_all = ["period", "measures"])]
    pub targets: bool,
    /// Every measure's definition as the measures CSV `outturn import` reads.
    #[arg(long, conflicts_with_all = ["period", "results", "open_data"])]
    pub measures: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    /// An Excel workbook of one sheet; needs -o FILE.xlsx.
    Xlsx,
}

pub async fn run(store: &dyn Store, args: ExportArgs, out: &mut impl Write) -> Result<(), String> {
    let council = &args.council;
    if args.format == ExportFormat::Xlsx && args.output.is_none() {
        return Err("a workbook is binary: give -o FILE.xlsx".into());
    }
    let bytes = if args.open_data {
        let rows = open_data(store, &outturn_app::actor::Actor::command("outturn export"), council)
            .await
            .map_err(|e| e.to_string())?;
        // The byte order mark lets Excel open the file as UTF-8 (a "£" stays a "£").
        let mut w = csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
        let _ = write_row(&mut w, OPEN_DATA_COLUMNS);
        for row in &rows {
            let _ = write_row(&mut w, row.cells());
        }
        w.into_inner().map_err(|e| e.to_string())?
    } else {
        let table = if args.results || args.targets || args.measures {
            let kind = match (args.results, args.targets) {
                (true, _) => DataKind::Results,
                (_, true) => DataKind::Targets,
                _ => DataKind::Measures,
            };
            data_table(store, council, kind).await.map_err(|e| e.to_string())?
        } else {
            let period = match args.period {
                Some(p) => p,
                None => {
                    let key = council.clone();
                    default_period(store, &key).await.map_err(|e| e.to_string())?
                }
            };
            let report =
                status_report(store, &outturn_app::actor::Actor::command("outturn export"), council, period, None)
                    .await
                    .map_err(|e| e.to_string())?;
            if args.format == ExportFormat::Json {
                // Statuses as JSON: the whole report, summary counts included (as `outturn status`).
                let mut text = Vec::new();
                output::json(&mut text, &report);
                return write(&args.output, &text, out);
            }
            status_table(&report)
        };
        match args.format {
            ExportFormat::Csv => table.to_csv().into_bytes(),
            ExportFormat::Json => {
                let mut text = serde_json::to_string_pretty(&table.to_json()).map_err(|e| e.to_string())?;
                text.push('\n');
                text.into_bytes()
            }
            ExportFormat::Xlsx => table.to_xlsx().map_err(|e| e.to_string())?,
        }
    };
    write(&args.output, &bytes, out)
}

/// Writes to the file given, or else to standard output.
fn write(output: &Option<std::path::PathBuf>, bytes: &[u8], out: &mut impl Write) -> Result<(), String> {
    match output {
        Some(path) => std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => out.write_all(bytes).map_err(|e| e.to_string()),
    }
}
