//! `outturn export`: a council's statuses for a period (csv or json), the
//! open-data CSV of results, or its results and targets as the CSV files
//! `outturn import` reads.

use std::io::Write;

use clap::{Args, ValueEnum};
use outturn_app::export::{OPEN_DATA_COLUMNS, data_csv, open_data};
use outturn_app::framework_file::DataKind;
use outturn_app::status_report::{default_period, status_report};
use outturn_core::{Key, Period};
use outturn_store::Store;

use crate::output;

#[derive(Args)]
pub struct ExportArgs {
    /// The council's slug, such as stevenage.
    #[arg(long)]
    pub council: String,
    /// The period of the statuses; the latest quarter with results when left out.
    #[arg(long, value_parser = crate::parse_period)]
    pub period: Option<Period>,
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// The open-data CSV of results instead: UTF-8 with a BOM, one row per measure and period.
    #[arg(long, conflicts_with_all = ["period", "format", "results", "targets"])]
    pub open_data: bool,
    /// Every result recording (corrections included) as the results CSV `outturn import` reads.
    #[arg(long, conflicts_with_all = ["period", "format", "targets"])]
    pub results: bool,
    /// Every target revision as the targets CSV `outturn import` reads.
    #[arg(long, conflicts_with_all = ["period", "format"])]
    pub targets: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

pub async fn run(store: &dyn Store, args: ExportArgs, out: &mut impl Write) -> Result<(), String> {
    let council = args.council.as_str();
    if args.open_data {
        let rows = open_data(store, council).await.map_err(|e| e.to_string())?;
        // The byte order mark lets Excel open the file as UTF-8 (a "£" stays a "£").
        let _ = out.write_all("\u{feff}".as_bytes());
        let mut w = csv::Writer::from_writer(out);
        let _ = w.write_record(OPEN_DATA_COLUMNS);
        for row in &rows {
            let _ = w.write_record(row.cells());
        }
        let _ = w.flush();
        return Ok(());
    }
    if args.results || args.targets {
        let kind = if args.results { DataKind::Results } else { DataKind::Targets };
        let text = data_csv(store, council, kind).await.map_err(|e| e.to_string())?;
        let _ = out.write_all(text.as_bytes());
        return Ok(());
    }
    let period = match args.period {
        Some(p) => p,
        None => {
            let key = Key::parse(council).map_err(|e| e.to_string())?;
            default_period(store, &key).await.map_err(|e| e.to_string())?
        }
    };
    let report = status_report(store, council, period, None).await.map_err(|e| e.to_string())?;
    match args.format {
        ExportFormat::Csv => output::status::csv(out, &report),
        ExportFormat::Json => output::json(out, &report),
    }
    Ok(())
}
