//! Reading a framework file and the CSV files it names into a [`Plan`]: the
//! council as its performance officer wants it. Everything is checked before
//! anything is applied; every problem is reported, not just the first.

mod benchmarks;
mod comparison_groups;
mod csv_data;
mod data_file;
mod definitions;
mod forecasts;
mod measures_csv;
mod problem;
mod process_changes;
mod report_settings;
mod toml_model;
mod workbook;

use std::collections::HashMap;
use std::path::Path;

pub use benchmarks::BENCHMARK_COLUMNS;
pub use csv_data::Table;
pub use csv_data::{CheckedResult, Lines, Repeats, ResultChecker};
pub use csv_data::{MilestoneUpdateRow, RESULT_COLUMNS, ResultRow, TARGET_COLUMNS, TargetRow};
pub use data_file::{
    DataKind, DataRows, MOST_PROBLEMS_LISTED, data_kind, read_data, read_table, stream_results, table_kind,
};
pub use definitions::parse_decimal;
pub use measures_csv::{MEASURE_COLUMNS, REQUIRED_MEASURE_COLUMNS, read_measures};
pub use problem::FileProblem;
pub use workbook::read_workbook;

pub use problem::Problems;
use toml_model::FrameworkToml;

/// Where framework files come from: the disk, or the demo built into the binary.
pub trait FileSource {
    /// The text of the file, or a sentence saying why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;
}

/// Files on disk.
pub struct Disk;

impl FileSource for Disk {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
    }
}

/// A path named inside a framework file, relative to that file's folder.
fn beside(framework_path: &str, relative: &str) -> String {
    match Path::new(framework_path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(relative).to_string_lossy().into_owned(),
        _ => relative.to_string(),
    }
}

/// A framework file and its data, checked and ready to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The council as the file defines it (facts recorded over time are below).
    pub definitions: outturn_store::Council,
    pub targets: Vec<TargetRow>,
    pub results: Vec<ResultRow>,
    pub milestone_updates: Vec<MilestoneUpdateRow>,
    /// The `[report]` table, when the file has one.
    pub report_settings: Option<outturn_store::ReportSettings>,
    pub forecasts: Vec<outturn_store::Forecast>,
    /// Where measures' SPC charts start new limits: the council's whole
    /// list when the file names a process-changes CSV (a change left out of
    /// it is removed), None when it names none (what is stored stays).
    pub process_changes: Option<Vec<outturn_store::ProcessChange>>,
    /// Benchmarking: the council's area code, comparison groups and
    /// measure-to-metric mapping, when the file names them.
    pub comparison: Option<outturn_store::Comparison>,
    /// Benchmarking: comparator values, in file order.
    pub benchmarks: Vec<outturn_store::BenchmarkValue>,
}

/// Reads and checks a framework file and the CSV files it names.
pub fn read_plan(source: &dyn FileSource, path: &str) -> Result<Plan, Vec<FileProblem>> {
    let text = source.read(path).map_err(|m| vec![whole_file(path, m)])?;
    let mut problems = Problems::new(path, &text);
    let file: FrameworkToml = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            let line = e.span().map(|s| problems.source.line_of(s));
            problems.at_line(line, "toml", e.message().trim().to_string());
            return Err(problems.found);
        }
    };
    let definitions = definitions::read_definitions(&file, &mut problems);
    let report_settings = file.report.as_ref().map(|r| report_settings::read(r, &mut problems));
    let mut found = problems.found;
    // The CSV files are checked against the definitions, so only when those are sound.
    let Some(definitions) = definitions else { return Err(found) };
    let measures: HashMap<&str, _> = definitions.measures.iter().map(|m| (m.code.as_str(), m)).collect();
    let known = csv_data::Known { measures: &measures, whose: "in the framework file" };
    let data = file.data.as_ref();
    let mut read_csv = |name: Option<&toml::Spanned<String>>| -> Option<(String, String)> {
        let csv_path = beside(path, name?.get_ref());
        match source.read(&csv_path) {
            Ok(text) => Some((csv_path, text)),
            Err(m) => {
                found.push(whole_file(&csv_path, m));
                None
            }
        }
    };
    let targets_file = read_csv(data.and_then(|d| d.targets.as_ref()));
    let results_file = read_csv(data.and_then(|d| d.results.as_ref()));
    let updates_file = read_csv(data.and_then(|d| d.milestone_updates.as_ref()));
    let forecasts_file = read_csv(data.and_then(|d| d.forecasts.as_ref()));
    let process_changes_file = read_csv(data.and_then(|d| d.process_changes.as_ref()));
    let benchmarks_file = read_csv(data.and_then(|d| d.benchmarks.as_ref()));
    let comparison_file = read_csv(data.and_then(|d| d.comparison_groups.as_ref()));

    let mut targets = Vec::new();
    if let Some((name, text)) = &targets_file {
        let mut p = Problems::new(name, text);
        targets = csv_data::read_targets(&mut p, csv_data::RowSource::Csv(text), known);
        found.extend(p.found);
    }
    let mut results = Vec::new();
    if let Some((name, text)) = &results_file {
        let mut p = Problems::new(name, text);
        results = csv_data::read_results(&mut p, csv_data::RowSource::Csv(text), known);
        found.extend(p.found);
    }
    let mut milestone_updates = Vec::new();
    if let Some((name, text)) = &updates_file {
        let mut p = Problems::new(name, text);
        milestone_updates = csv_data::read_milestone_updates(&mut p, &definitions.milestones);
        found.extend(p.found);
    }
    let mut forecasts = Vec::new();
    if let Some((name, text)) = &forecasts_file {
        let mut p = Problems::new(name, text);
        forecasts = forecasts::read_forecasts(&mut p, csv_data::RowSource::Csv(text), known);
        found.extend(p.found);
    }
    let mut process_changes = None;
    if let Some((name, text)) = &process_changes_file {
        let mut p = Problems::new(name, text);
        process_changes = Some(process_changes::read_process_changes(&mut p, csv_data::RowSource::Csv(text), known));
        found.extend(p.found);
    }
    let mut benchmarks = Vec::new();
    if let Some((name, text)) = &benchmarks_file {
        let mut p = Problems::new(name, text);
        benchmarks = benchmarks::read_benchmarks(&mut p, csv_data::RowSource::Csv(text));
        found.extend(p.found);
    }
    let mut comparison = None;
    if let Some((name, text)) = &comparison_file {
        let mut p = Problems::new(name, text);
        // Checked against the data only when the data was read whole.
        let data =
            benchmarks_file.as_ref().filter(|(data, _)| !found.iter().any(|f| &f.file == data)).map(|(data, _)| {
                comparison_groups::InData {
                    file: data,
                    areas: benchmarks.iter().map(|b| b.area_code.as_str()).collect(),
                    metrics: benchmarks.iter().map(|b| b.metric.as_str()).collect(),
                }
            });
        comparison = comparison_groups::read_comparison(&mut p, &measures, data.as_ref());
        found.extend(p.found);
    }
    drop(measures);
    if !found.is_empty() {
        return Err(found);
    }
    Ok(Plan {
        definitions,
        targets,
        results,
        milestone_updates,
        report_settings,
        forecasts,
        process_changes,
        comparison,
        benchmarks,
    })
}

fn whole_file(path: &str, message: String) -> FileProblem {
    FileProblem { file: path.to_string(), line: None, field: "file".into(), value: None, message }
}
