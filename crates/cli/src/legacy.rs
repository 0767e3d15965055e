//! `outturn legacy`: backfill from past committee papers. `extract` prints
//! the measure result lines found in a paper's text; `import` records them
//! for a council as reported in that paper.

use outturn_core::Key;
use std::io::Write;
use std::path::Path;

use clap::{Subcommand, ValueEnum};
use jiff::Timestamp;
use outturn_app::csv_cell::write_row;
use outturn_app::legacy::{LegacyImport, LegacyLine, extract, import_legacy};
use outturn_store::Store;
use serde::Serialize;

#[derive(Subcommand)]
pub enum LegacyCommand {
    /// Print every measure result line found in the text of a published performance report.
    Extract {
        /// The report as plain text (for example from `pdftotext -layout` or a copy from the PDF).
        file: String,
        #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
        format: ExtractFormat,
    },
    /// Record a report's measure lines as results and targets "as reported in" it; codes that
    /// are not the council's measures are listed, never guessed. Nothing is recorded if any line
    /// cannot be stored, and importing the same report again records nothing.
    Import {
        /// The report as plain text.
        file: String,
        /// The council's slug, such as stevenage.
        #[arg(long)]
        council: Key,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    Json,
    Csv,
}

/// `legacy extract` reads a file and prints; it needs no database.
pub fn extract_only(command: &LegacyCommand, out: &mut impl Write) -> Option<Result<(), String>> {
    let LegacyCommand::Extract { file, format } = command else { return None };
    Some(print_extract(file, *format, out))
}

fn print_extract(file: &str, format: ExtractFormat, out: &mut impl Write) -> Result<(), String> {
    let lines = extract(&read(file)?);
    match format {
        ExtractFormat::Json => {
            let rows: Vec<Row> = lines.iter().map(Row::from).collect();
            let text = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
            let _ = writeln!(out, "{text}");
        }
        ExtractFormat::Csv => csv(out, &lines)?,
    }
    Ok(())
}

pub async fn run(store: &dyn Store, command: LegacyCommand, out: &mut impl Write) -> Result<(), String> {
    match command {
        LegacyCommand::Extract { file, format } => print_extract(&file, format, out)?,
        LegacyCommand::Import { file, council } => {
            let text = read(&file)?;
            let name = Path::new(&file).file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
            let import = import_legacy(
                store,
                &council,
                &text,
                &name,
                Timestamp::now(),
                &outturn_app::actor::Actor::command("outturn legacy import"),
            )
            .await
            .map_err(|e| e.to_string())?;
            imported(out, &import);
        }
    }
    Ok(())
}

/// The paper's text; bytes that are not UTF-8 (a Latin-1 "£") become U+FFFD
/// rather than stopping the read.
fn read(file: &str) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One line of `legacy extract --format json` (documented in the README).
#[derive(Serialize)]
struct Row<'a> {
    code: &'a str,
    title: &'a str,
    period: Option<String>,
    period_text: Option<&'a str>,
    year_to_date: bool,
    target_period: Option<String>,
    target: Option<String>,
    result: Option<String>,
    unavailable: Option<&'a str>,
    unit: String,
    reported_status: Option<&'a str>,
    source_line: usize,
    source_text: &'a str,
}

impl<'a> From<&'a LegacyLine> for Row<'a> {
    fn from(l: &'a LegacyLine) -> Self {
        Row {
            code: &l.code,
            title: &l.title,
            period: l.period.as_ref().map(|p| p.period.to_string()),
            period_text: l.period.as_ref().map(|p| p.text.as_str()),
            year_to_date: l.period.as_ref().is_some_and(|p| p.year_to_date),
            target_period: l.target_period.as_ref().map(|p| p.period.to_string()),
            target: l.target.map(|v| v.to_string()),
            result: l.result.map(|v| v.to_string()),
            unavailable: l.unavailable.as_deref(),
            unit: l.unit.name(),
            reported_status: l.reported_status.as_deref(),
            source_line: l.source_line,
            source_text: &l.source_text,
        }
    }
}

fn csv(out: &mut impl Write, lines: &[LegacyLine]) -> Result<(), String> {
    let mut w = ::csv::Writer::from_writer(out);
    let header = [
        "code",
        "title",
        "period",
        "period_text",
        "year_to_date",
        "target_period",
        "target",
        "result",
        "unavailable",
        "unit",
        "reported_status",
        "source_line",
    ];
    write_row(&mut w, header).map_err(|e| e.to_string())?;
    for l in lines {
        let r = Row::from(l);
        let text = |v: Option<&str>| v.unwrap_or("").to_string();
        write_row(
            &mut w,
            [
                r.code.to_string(),
                r.title.to_string(),
                r.period.unwrap_or_default(),
                text(r.period_text),
                if r.year_to_date { "yes".into() } else { String::new() },
                r.target_period.unwrap_or_default(),
                r.target.unwrap_or_default(),
                r.result.unwrap_or_default(),
                text(r.unavailable),
                r.unit,
                text(r.reported_status),
                r.source_line.to_string(),
            ],
        )
        .map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}

fn imported(out: &mut impl Write, import: &LegacyImport) {
    let council = &import.council;
    let n = import.found;
    let _ = writeln!(out, "{council}: {} has {n} measure line{}", import.source, if n == 1 { "" } else { "s" });
    for line in &import.recorded {
        let _ = writeln!(out, "{council}: recorded {line}");
    }
    if import.recorded_nothing() {
        let _ = writeln!(out, "{council}: no changes");
    }
    if !import.unchanged.is_empty() {
        let _ = writeln!(out, "{council}: already recorded as the paper gives them: {}", import.unchanged.join(", "));
    }
    for line in &import.kept {
        let _ = writeln!(out, "{council}: {line}");
    }
    if !import.unmatched.is_empty() {
        let codes: Vec<String> =
            import.unmatched.iter().map(|u| format!("{} (line {})", u.code, u.source_line)).collect();
        let _ = writeln!(
            out,
            "{council}: not imported, no measure has these codes (codes are case-sensitive): {}",
            codes.join(", ")
        );
    }
}
