//! A results or targets CSV on its own (an import, not a framework file's
//! `[data]`): which of the two it is, told by its header, and its rows read
//! against a council's stored measures by the same readers and checks.

use std::collections::HashMap;

use outturn_core::Measure;
use serde::Serialize;

use super::csv_data::{
    self, CheckedResult, Known, RESULT_COLUMNS, Repeats, ResultChecker, RowSource, TARGET_COLUMNS, Table,
};
use super::measures_csv::{MEASURE_COLUMNS, REQUIRED_MEASURE_COLUMNS};
use super::problem::{FileProblem, Problems};

/// The two kinds of data file, as documented in docs/framework-file.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataKind {
    Results,
    Targets,
    /// Measure definitions (read with [`super::read_measures`], against the framework).
    Measures,
}

impl DataKind {
    pub fn name(self) -> &'static str {
        match self {
            DataKind::Results => "results",
            DataKind::Targets => "targets",
            DataKind::Measures => "measures",
        }
    }
    /// Every column the file may have, in the documented order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            DataKind::Results => RESULT_COLUMNS,
            DataKind::Targets => TARGET_COLUMNS,
            DataKind::Measures => MEASURE_COLUMNS,
        }
    }
    /// The columns that must be in the header.
    fn required(self) -> &'static [&'static str] {
        match self {
            DataKind::Results => &RESULT_COLUMNS[..3],
            DataKind::Targets => &TARGET_COLUMNS[..6],
            DataKind::Measures => REQUIRED_MEASURE_COLUMNS,
        }
    }
}

/// The checked rows of a data file.
#[derive(Debug, Clone, PartialEq)]
pub enum DataRows {
    Results(Vec<csv_data::ResultRow>),
    Targets(Vec<csv_data::TargetRow>),
}

/// The text without the byte order mark spreadsheets write at the start.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Which kind of data file `text` is, from its header: the one whose
/// required columns it has (results.csv has `value`, targets.csv `target`
/// and `effective`). Otherwise a problem naming both headers.
pub fn data_kind(name: &str, text: &str) -> Result<DataKind, FileProblem> {
    let text = without_bom(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.records().next() {
        Some(Ok(record)) => record.iter().map(|h| h.trim().to_string()).collect(),
        _ => Vec::new(),
    };
    kind_of_header(name, &header, 1)
}

/// Which kind of data a spreadsheet's sheet holds, from its header row, as [`data_kind`].
pub fn table_kind(name: &str, table: &Table) -> Result<DataKind, FileProblem> {
    let header: Vec<String> = table.header.iter().map(|h| h.trim().to_string()).collect();
    kind_of_header(name, &header, table.header_row)
}

fn kind_of_header(name: &str, header: &[String], line: usize) -> Result<DataKind, FileProblem> {
    let has = |kind: DataKind| kind.required().iter().all(|c| header.iter().any(|h| h == c));
    let found =
        [DataKind::Results, DataKind::Targets, DataKind::Measures].into_iter().filter(|k| has(*k)).collect::<Vec<_>>();
    match found[..] {
        [kind] => Ok(kind),
        _ => Err(FileProblem {
            file: name.to_string(),
            line: Some(line),
            field: "header".into(),
            value: Some(header.join(",")),
            message: format!(
                "this is not a results, targets or measures file: a results file's header is {}; \
                 a targets file's is {}; a measures file's has at least {} \
                 (`outturn import template results|targets|measures` prints them)",
                RESULT_COLUMNS.join(","),
                TARGET_COLUMNS.join(","),
                REQUIRED_MEASURE_COLUMNS.join(",")
            ),
        }),
    }
}

/// Reads and checks every row of a data file against the council's measures;
/// `whose` ends the message for an unknown code ("of council stevenage").
/// Every problem is returned, not only the first.
pub fn read_data(
    name: &str,
    text: &str,
    kind: DataKind,
    measures: &[Measure],
    whose: &str,
) -> Result<DataRows, Vec<FileProblem>> {
    let text = without_bom(text);
    read_rows_of(name, text, RowSource::Csv(text), kind, measures, whose)
}

/// Reads and checks every row of a spreadsheet's sheet as [`read_data`] does a CSV's.
pub fn read_table(
    name: &str,
    table: &Table,
    kind: DataKind,
    measures: &[Measure],
    whose: &str,
) -> Result<DataRows, Vec<FileProblem>> {
    read_rows_of(name, "", RowSource::Table(table), kind, measures, whose)
}

fn read_rows_of(
    name: &str,
    text: &str,
    source: RowSource,
    kind: DataKind,
    measures: &[Measure],
    whose: &str,
) -> Result<DataRows, Vec<FileProblem>> {
    let by_code: HashMap<&str, &Measure> = measures.iter().map(|m| (m.code.as_str(), m)).collect();
    let known = Known { measures: &by_code, whose };
    let mut problems = Problems::new(name, text);
    let rows = match kind {
        DataKind::Results => DataRows::Results(csv_data::read_results(&mut problems, source, known)),
        DataKind::Targets => DataRows::Targets(csv_data::read_targets(&mut problems, source, known)),
        DataKind::Measures => {
            problems.at_line(None, "file", "a list of measures is imported from CSV: save the sheet as \"CSV UTF-8\"");
            return Err(problems.found);
        }
    };
    if problems.found.is_empty() { Ok(rows) } else { Err(problems.found) }
}

/// At most this many problems are listed for a streamed file; then one more
/// says how many were left out (a wrong file can have a million bad rows).
pub const MOST_PROBLEMS_LISTED: usize = 1000;

/// Reads a results CSV from `reader` one row at a time (a file too big to
/// hold), checking every row as [`read_data`] does; calls `each` with every
/// sound row (None for a row with a problem, as soon as it is found) and the
/// bytes read so far, and returns the problems found
/// (none means every row is sound) and which rows repeat an earlier one.
pub fn stream_results<R: std::io::Read>(
    name: &str,
    reader: R,
    checker: ResultChecker,
    mut each: impl FnMut(Option<CheckedResult>, u64),
) -> (Vec<FileProblem>, Repeats) {
    let mut problems = Problems::new(name, "");
    let (left_out, repeats) = csv_data::stream_results(&mut problems, reader, checker, MOST_PROBLEMS_LISTED, &mut each);
    if left_out > 0 {
        problems.at_line(None, "rows", format!("{left_out} more problems are not listed: fix these and check again"));
    }
    (problems.found, repeats)
}
