//! A results or targets CSV on its own (an import, not a framework file's
//! `[data]`): which of the two it is, told by its header, and its rows read
//! against a council's stored measures by the same readers and checks.

use std::collections::HashMap;

use outturn_core::Measure;
use serde::Serialize;

use super::csv_data::{self, Known, RESULT_COLUMNS, TARGET_COLUMNS};
use super::problem::{FileProblem, Problems};

/// The two kinds of data file, as documented in docs/framework-file.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataKind {
    Results,
    Targets,
}

impl DataKind {
    pub fn name(self) -> &'static str {
        match self {
            DataKind::Results => "results",
            DataKind::Targets => "targets",
        }
    }
    /// Every column the file may have, in the documented order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            DataKind::Results => RESULT_COLUMNS,
            DataKind::Targets => TARGET_COLUMNS,
        }
    }
    /// The columns that must be in the header.
    fn required(self) -> &'static [&'static str] {
        match self {
            DataKind::Results => &RESULT_COLUMNS[..3],
            DataKind::Targets => &TARGET_COLUMNS[..6],
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
    let has = |kind: DataKind| kind.required().iter().all(|c| header.iter().any(|h| h == c));
    let found = [DataKind::Results, DataKind::Targets].into_iter().filter(|k| has(*k)).collect::<Vec<_>>();
    match found[..] {
        [kind] => Ok(kind),
        _ => Err(FileProblem {
            file: name.to_string(),
            line: Some(1),
            field: "header".into(),
            value: Some(header.join(",")),
            message: format!(
                "this is neither a results file nor a targets file: a results file's header is {}; \
                 a targets file's is {} (`outturn import template results|targets` prints them)",
                RESULT_COLUMNS.join(","),
                TARGET_COLUMNS.join(",")
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
    let by_code: HashMap<&str, &Measure> = measures.iter().map(|m| (m.code.as_str(), m)).collect();
    let known = Known { measures: &by_code, whose };
    let mut problems = Problems::new(name, text);
    let rows = match kind {
        DataKind::Results => DataRows::Results(csv_data::read_results(&mut problems, known)),
        DataKind::Targets => DataRows::Targets(csv_data::read_targets(&mut problems, known)),
    };
    if problems.found.is_empty() { Ok(rows) } else { Err(problems.found) }
}
