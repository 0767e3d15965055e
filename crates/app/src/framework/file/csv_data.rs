//! The CSV files a framework names: target revisions, results and milestone
//! updates. Every row is checked against the definitions and the core rules;
//! each problem names the file, line and column.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_core::result::{ResultError, ResultInput};
use outturn_core::{Decimal, Key, Measure, MeasureCode, Milestone, MilestoneStatus, Period, ResultValue};

use super::definitions::parse_decimal;
use super::problem::Problems;

/// A result as a row gives it; the time of recording may be left to the apply.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    pub measure: MeasureCode,
    pub period: Period,
    pub value: ResultValue,
    pub commentary: Option<String>,
    pub recorded_at: Option<Timestamp>,
    pub recorded_by: Option<String>,
}

/// A target revision as a row gives it; the time of recording may be left to the apply.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    pub measure: MeasureCode,
    pub period: Period,
    pub value: Decimal,
    pub effective: Date,
    pub reason: String,
    pub author: String,
    pub recorded_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneUpdateRow {
    pub milestone: Key,
    pub period: Period,
    pub status: MilestoneStatus,
    pub update: Option<String>,
    pub recorded_at: Option<Timestamp>,
}

pub const TARGET_COLUMNS: &[&str] = &["measure", "period", "target", "effective", "reason", "author", "recorded_at"];
pub const RESULT_COLUMNS: &[&str] = &[
    "measure",
    "period",
    "value",
    "numerator",
    "denominator",
    "cumulative",
    "forecast",
    "missing_reason",
    "commentary",
    "recorded_at",
    "recorded_by",
];
pub const MILESTONE_UPDATE_COLUMNS: &[&str] = &["milestone", "period", "status", "factor", "update", "recorded_at"];

/// One CSV row with its line, read by column name.
pub(super) struct Row<'r> {
    line: usize,
    record: &'r csv::StringRecord,
    columns: &'r Columns,
}

/// A header's columns by name.
type Columns = rustc_hash::FxHashMap<String, usize>;

impl Row<'_> {
    /// The trimmed cell, or None when empty.
    pub(super) fn get(&self, column: &str) -> Option<&str> {
        self.columns.get(column).and_then(|i| self.record.get(*i)).map(str::trim).filter(|v| !v.is_empty())
    }
    /// The cell as written (trimmed), empty when blank or absent: for problems.
    fn raw(&self, column: &str) -> &str {
        self.get(column).unwrap_or("")
    }
    /// Whether every cell is text that may be stored; a problem for each that is not.
    fn storable(&self, problems: &mut Problems) -> bool {
        let mut storable = true;
        for (i, cell) in self.record.iter().enumerate() {
            if let Some(c) = outturn_core::text::forbidden_character(cell) {
                let column = self.columns.iter().find(|(_, at)| **at == i).map_or("row", |(name, _)| name.as_str());
                problems.at_cell(self.line, column, "", outturn_core::text::forbidden_message(c));
                storable = false;
            }
        }
        storable
    }
    /// The row's line in the file (the header is line 1).
    pub(super) fn line(&self) -> usize {
        self.line
    }
    /// Records a problem with one of this row's cells.
    pub(super) fn problem(&self, problems: &mut Problems, column: &str, message: impl Into<String>) {
        problems.at_cell(self.line, column, self.raw(column), message);
    }
}

/// Whose measures a row's code is checked against, for the message when it
/// is not one ("in the framework file", "of council stevenage").
#[derive(Clone, Copy)]
pub struct Known<'m> {
    pub measures: &'m HashMap<&'m str, &'m Measure>,
    pub whose: &'m str,
}

/// A data file's rows: CSV text, or a spreadsheet's rows already turned into records.
#[derive(Clone, Copy)]
pub enum RowSource<'a> {
    Csv(&'a str),
    Table(&'a Table),
}

/// A sheet's rows as the CSV reader would give them: the header, and each
/// row with the number the spreadsheet shows for it (the header's row first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub header: csv::StringRecord,
    pub header_row: usize,
    pub rows: Vec<(usize, csv::StringRecord)>,
}

/// The header's columns by name, with a problem for each unknown or missing
/// one; None when the header has problems.
fn check_header(
    problems: &mut Problems,
    header: &csv::StringRecord,
    line: usize,
    expected: &[&str],
    required: &[&str],
) -> Option<Columns> {
    let columns: Columns = header.iter().enumerate().map(|(i, h)| (h.trim().to_string(), i)).collect();
    for name in columns.keys().filter(|c| !expected.contains(&c.as_str())) {
        problems.at_line(
            Some(line),
            "header",
            format!("unknown column \"{name}\": the columns are {}", expected.join(",")),
        );
    }
    for name in required.iter().filter(|c| !columns.contains_key(**c)) {
        problems.at_line(
            Some(line),
            "header",
            format!("the column \"{name}\" is missing: the columns are {}", expected.join(",")),
        );
    }
    if problems.found.iter().any(|p| p.field == "header") { None } else { Some(columns) }
}

/// Reads a data file's rows, checking its header, and calls `each` for every row.
pub(super) fn read_rows(
    problems: &mut Problems,
    source: RowSource,
    expected: &[&str],
    required: &[&str],
    mut each: impl FnMut(&mut Problems, Row),
) {
    match source {
        RowSource::Csv(text) => read_csv_rows(problems, text.as_bytes(), expected, required, |p, row, _| each(p, row)),
        RowSource::Table(table) => {
            let Some(columns) = check_header(problems, &table.header, table.header_row, expected, required) else {
                return;
            };
            for (line, record) in &table.rows {
                let row = Row { line: *line, record, columns: &columns };
                if row.storable(problems) {
                    each(problems, row);
                }
            }
        }
    }
}

/// Reads CSV rows from any reader (text in memory, or a file too big to
/// hold), checking the header; `each` also gets the bytes read so far.
fn read_csv_rows<R: std::io::Read>(
    problems: &mut Problems,
    reader: R,
    expected: &[&str],
    required: &[&str],
    mut each: impl FnMut(&mut Problems, Row, u64),
) {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(reader);
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return problems.at_line(Some(1), "header", format!("cannot read the header: {e}")),
    };
    let Some(columns) = check_header(problems, &header, 1, expected, required) else { return };
    // One record, reused: a big file is read without an allocation per row.
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                crate::csv_cell::read_record(&mut record);
                let line = record.position().map_or(0, |p| p.line() as usize);
                let bytes = reader.position().byte();
                let row = Row { line, record: &record, columns: &columns };
                if row.storable(problems) {
                    each(problems, row, bytes);
                }
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                problems.at_line(line, "row", format!("cannot read this row: {e}"));
                // An I/O error will not go away; a malformed row is skipped.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
}

pub(super) fn required<'r>(problems: &mut Problems, row: &'r Row, column: &str) -> Option<&'r str> {
    let value = row.get(column);
    if value.is_none() {
        row.problem(problems, column, "must not be empty");
    }
    value
}

fn cell<T, E: std::fmt::Display>(
    problems: &mut Problems,
    row: &Row,
    column: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, ()> {
    match row.get(column) {
        None => Ok(None),
        Some(text) => parse(text).map(Some).map_err(|e| row.problem(problems, column, e.to_string())),
    }
}

pub(super) fn measure<'m>(problems: &mut Problems, row: &Row, known: Known<'m>) -> Option<&'m Measure> {
    let code = required(problems, row, "measure")?;
    let found = known.measures.get(code).copied();
    if found.is_none() {
        row.problem(problems, "measure", format!("{code} is not a measure {}", known.whose));
    }
    found
}

pub(super) fn period(problems: &mut Problems, row: &Row) -> Option<Period> {
    let text = required(problems, row, "period")?;
    Period::parse(text).map_err(|e| row.problem(problems, "period", e.to_string())).ok()
}

fn timestamp(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>().map_err(|_| format!("\"{text}\" is not a timestamp: write it like 2020-10-20T09:00:00Z"))
}

/// What makes two target rows the same revision: measure, period, effective date, time of recording.
type TargetKey = (MeasureCode, Period, Date, Option<Timestamp>);

pub fn read_targets(problems: &mut Problems, source: RowSource, known: Known) -> Vec<TargetRow> {
    let mut targets = Vec::new();
    // The row that first gave each revision, to find the same revision given twice differently.
    let mut seen: HashMap<TargetKey, (usize, Decimal)> = HashMap::new();
    read_rows(problems, source, TARGET_COLUMNS, &TARGET_COLUMNS[..6], |problems, row| {
        let measure = measure(problems, &row, known);
        let period = period(problems, &row);
        let value = required(problems, &row, "target")
            .and_then(|t| parse_decimal(t).map_err(|e| row.problem(problems, "target", e)).ok());
        let effective = required(problems, &row, "effective").and_then(|t| {
            t.parse::<Date>()
                .map_err(|_| format!("\"{t}\" is not a date: write YYYY-MM-DD"))
                .and_then(|d| outturn_core::supported_day(d).map_err(|e| e.to_string()))
                .map_err(|e| row.problem(problems, "effective", e))
                .ok()
        });
        let reason = required(problems, &row, "reason").map(str::to_string);
        let author = required(problems, &row, "author").map(str::to_string);
        let recorded_at = cell(problems, &row, "recorded_at", timestamp);
        if let (Some(m), Some(period), Some(value), Some(effective), Some(reason), Some(author), Ok(recorded_at)) =
            (measure, period, value, effective, reason, author, recorded_at)
        {
            let key = (m.code.clone(), period, effective, recorded_at);
            match seen.get(&key) {
                Some((line, first)) if *first != value => row.problem(
                    problems,
                    "target",
                    format!(
                        "row {line} gives {} {period} a different target ({first}) effective on the same date: \
                         give one target per revision (a revision needs another effective date or recorded_at)",
                        m.code
                    ),
                ),
                Some(_) => {}
                None => {
                    seen.insert(key, (row.line, value));
                }
            }
            targets.push(TargetRow { measure: m.code.clone(), period, value, effective, reason, author, recorded_at });
        }
    });
    targets
}

pub fn read_results(problems: &mut Problems, source: RowSource, known: Known) -> Vec<ResultRow> {
    let mut results = Vec::new();
    let mut checker = ResultChecker::new(known);
    read_rows(problems, source, RESULT_COLUMNS, &RESULT_COLUMNS[..3], |problems, row| {
        if let Some(checked) = checker.check(problems, &row) {
            results.push(checked.row);
        }
    });
    checker.finish(problems);
    results
}

/// Reads a results CSV from `reader` one row at a time, checking every row
/// as [`read_results`] does, and calls `each` with each sound row (None for
/// a row with a problem, as soon as it is found) and the bytes read so far; the rows are not held (see [`ResultChecker`]). Then
/// checks across rows ([`ResultChecker::finish`]). Problems beyond the
/// first `most_listed` are counted, not kept: the count is returned with
/// what `finish` found.
pub fn stream_results<R: std::io::Read>(
    problems: &mut Problems,
    reader: R,
    mut checker: ResultChecker,
    most_listed: usize,
    mut each: impl FnMut(Option<CheckedResult>, u64),
) -> (usize, Repeats) {
    let mut left_out = 0;
    let mut cap = |problems: &mut Problems| {
        if problems.found.len() > most_listed {
            left_out += problems.found.len() - most_listed;
            problems.found.truncate(most_listed);
        }
    };
    read_csv_rows(problems, reader, RESULT_COLUMNS, &RESULT_COLUMNS[..3], |problems, row, bytes| {
        each(checker.check(problems, &row), bytes);
        cap(problems);
    });
    let repeats = checker.finish(problems);
    cap(problems);
    (left_out, repeats)
}

/// A sound result row and its line in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedResult {
    pub row: ResultRow,
    pub line: usize,
}

/// Checks result rows one at a time against the council's measures and the
/// core rules, and, once every row is read ([`ResultChecker::finish`]),
/// across rows: the same recording (measure, period, time of recording)
/// given twice with different figures is a problem. Per row it keeps 32
/// bytes (measure number, period, time of recording, line and a hash of
/// what the row said), never the row, and sorts them at the end, so a
/// million-row file is checked in about 32 MB.
pub struct ResultChecker<'m> {
    by_code: HashMap<&'m str, &'m Measure>,
    whose: &'m str,
    /// Each measure's number, so a recording holds a number, not a code.
    numbers: HashMap<&'m str, u32>,
    codes: Vec<&'m str>,
    recordings: Vec<Recording>,
    /// The last row's measure and its number: a file's rows mostly come measure by measure.
    last: Option<(&'m Measure, u32)>,
}

/// What the cross-row check keeps of a sound row.
#[derive(Debug, Clone, Copy)]
struct Recording {
    /// The time of recording as seconds and nanoseconds; `i64::MIN` when the row gives none.
    seconds: i64,
    said: u64,
    measure: u32,
    line: u32,
    nanos: i32,
    period: Period,
}

/// Which sound rows repeat an earlier row, found by [`ResultChecker::finish`]: by line.
#[derive(Debug, Clone, Default)]
pub struct Repeats {
    /// An earlier row gives the same recording with the same figure and commentary.
    same_recording: Lines,
    /// An earlier row gives a result for the same measure and period.
    same_period: Lines,
}

impl Repeats {
    pub fn same_recording(&self, line: usize) -> bool {
        self.same_recording.has(line)
    }
    pub fn same_period(&self, line: usize) -> bool {
        self.same_period.has(line)
    }
}

/// A set of line numbers, a bit each.
#[derive(Debug, Clone, Default)]
pub struct Lines(Vec<u64>);

impl Lines {
    pub fn add(&mut self, line: usize) {
        if self.0.len() <= line / 64 {
            self.0.resize(line / 64 + 1, 0);
        }
        self.0[line / 64] |= 1 << (line % 64);
    }
    pub fn has(&self, line: usize) -> bool {
        self.0.get(line / 64).is_some_and(|word| word & (1 << (line % 64)) != 0)
    }
    /// How many lines are in the set.
    pub fn len(&self) -> usize {
        self.0.iter().map(|word| word.count_ones() as usize).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|word| *word == 0)
    }
    /// How many lines are in both sets.
    pub fn count_in(&self, other: &Lines) -> usize {
        self.0.iter().zip(&other.0).map(|(a, b)| (a & b).count_ones() as usize).sum()
    }
}

impl<'m> ResultChecker<'m> {
    pub fn new(known: Known<'m>) -> Self {
        ResultChecker::with(known.measures.clone(), known.whose)
    }

    /// A checker for rows of the council's `measures`; `whose` ends the
    /// message for an unknown code ("of council stevenage").
    pub fn for_measures(measures: &'m [Measure], whose: &'m str) -> Self {
        ResultChecker::with(measures.iter().map(|m| (m.code.as_str(), m)).collect(), whose)
    }

    fn with(by_code: HashMap<&'m str, &'m Measure>, whose: &'m str) -> Self {
        // Numbered in code order: a file sorted by measure and period gives
        // its recordings already in the order `finish` sorts them into.
        let mut codes: Vec<&str> = by_code.keys().copied().collect();
        codes.sort_unstable();
        let numbers = codes.iter().enumerate().map(|(i, code)| (*code, i as u32)).collect();
        ResultChecker { by_code, whose, numbers, codes, recordings: Vec::new(), last: None }
    }

    fn check(&mut self, problems: &mut Problems, row: &Row) -> Option<CheckedResult> {
        let measure = match (self.last, row.get("measure")) {
            (Some((last, _)), Some(code)) if last.code.as_str() == code => Some(last),
            _ => measure(problems, row, Known { measures: &self.by_code, whose: self.whose }),
        };
        let period = period(problems, row);
        // A value of "missing" marks Missing data: then missing_reason must say why.
        let says_missing = row.get("value").is_some_and(|v| v.eq_ignore_ascii_case("missing"));
        let value = if says_missing { Ok(None) } else { cell(problems, row, "value", parse_decimal) };
        let numerator = cell(problems, row, "numerator", parse_decimal);
        let denominator = cell(problems, row, "denominator", parse_decimal);
        let cumulative = cell(problems, row, "cumulative", |t: &str| match t.to_ascii_lowercase().as_str() {
            "yes" | "true" | "y" => Ok(true),
            "no" | "false" | "n" => Ok(false),
            _ => Err(format!("\"{t}\" should be yes or no")),
        });
        let forecast = cell(problems, row, "forecast", parse_decimal);
        let recorded_at = cell(problems, row, "recorded_at", timestamp);
        let (
            Some(measure),
            Some(period),
            Ok(value),
            Ok(numerator),
            Ok(denominator),
            Ok(cumulative),
            Ok(forecast),
            Ok(recorded_at),
        ) = (measure, period, value, numerator, denominator, cumulative, forecast, recorded_at)
        else {
            return None;
        };
        let input = ResultInput {
            value,
            numerator,
            denominator,
            cumulative: cumulative.unwrap_or(false),
            forecast,
            missing_reason: row.get("missing_reason").map(str::to_string).or_else(|| says_missing.then(String::new)),
            commentary: row.get("commentary").map(str::to_string),
        };
        let (value, commentary) = match input.check(measure, period) {
            Ok(checked) => checked,
            Err(e) => {
                row.problem(problems, result_column(&e, numerator.is_none()), e.to_string());
                return None;
            }
        };
        let said = {
            let mut hasher = std::hash::DefaultHasher::new();
            (&value, &commentary).hash(&mut hasher);
            hasher.finish()
        };
        self.recordings.push(Recording {
            seconds: recorded_at.map_or(i64::MIN, |at| at.as_second()),
            nanos: recorded_at.map_or(0, |at| at.subsec_nanosecond()),
            said,
            measure: match self.last {
                Some((last, number)) if std::ptr::eq(last, measure) => number,
                _ => {
                    let code = measure.code.as_str();
                    let number = self.numbers[code];
                    self.last = self.by_code.get(code).map(|m| (*m, number));
                    number
                }
            },
            line: u32::try_from(row.line).unwrap_or(u32::MAX),
            period,
        });
        Some(CheckedResult {
            row: ResultRow {
                measure: measure.code.clone(),
                period,
                value,
                commentary,
                recorded_at,
                recorded_by: row.get("recorded_by").map(str::to_string),
            },
            line: row.line,
        })
    }

    /// The checks across rows, once every row is read: a recording given
    /// again with a different figure or commentary is a problem at the later
    /// row; the rows that repeat an earlier one are returned.
    pub fn finish(mut self, problems: &mut Problems) -> Repeats {
        let mut repeats = Repeats::default();
        self.recordings.sort_unstable_by_key(|r| (r.measure, r.period.sort_key(), r.seconds, r.nanos, r.line));
        let mut conflicts = Vec::new();
        // The first row (in file order) of the current measure and period, and of the current recording.
        let (mut period_first, mut recording_first) = (0, 0);
        for (i, next) in self.recordings.iter().enumerate() {
            let same_period = |r: &Recording| (r.measure, r.period) == (next.measure, next.period);
            let same_time = |r: &Recording| (r.seconds, r.nanos) == (next.seconds, next.nanos);
            if i == 0 || !same_period(&self.recordings[period_first]) {
                (period_first, recording_first) = (i, i);
                continue;
            }
            repeats.same_period.add(next.line as usize);
            let first = &self.recordings[recording_first];
            if !same_time(first) {
                recording_first = i;
            } else if first.said == next.said {
                repeats.same_recording.add(next.line as usize);
            } else {
                conflicts.push((next.line, first.line, first.measure, first.period));
            }
        }
        // In the file's order, each naming the first row that gave the recording.
        conflicts.sort_unstable();
        for (line, first, measure, period) in conflicts {
            problems.at_line(
                Some(line as usize),
                "value",
                format!(
                    "row {first} gives {} {period} a different result: give one row per measure and period \
                     (a correction needs a later recorded_at)",
                    self.codes[measure as usize]
                ),
            );
        }
        problems.found.sort_by_key(|p| p.line.unwrap_or(0));
        repeats
    }
}

/// The column a result's problem is about.
fn result_column(e: &ResultError, no_numerator: bool) -> &'static str {
    match e {
        ResultError::WrongFrequency { .. } | ResultError::Inactive { .. } => "period",
        ResultError::ValueAndMissing | ResultError::MissingWithoutReason => "missing_reason",
        ResultError::HalfFraction if no_numerator => "numerator",
        ResultError::HalfFraction | ResultError::ZeroDenominator => "denominator",
        ResultError::TextNeedsCommentary(_) => "commentary",
        ResultError::ForecastWithoutFigure => "forecast",
        _ => "value",
    }
}

pub fn read_milestone_updates(problems: &mut Problems, milestones: &[Milestone]) -> Vec<MilestoneUpdateRow> {
    let mut updates = Vec::new();
    let text = problems.source.text;
    read_rows(
        problems,
        RowSource::Csv(text),
        MILESTONE_UPDATE_COLUMNS,
        &["milestone", "period", "status"],
        |problems, row| {
            let milestone = required(problems, &row, "milestone").and_then(|k| {
                let found = milestones.iter().find(|m| m.key.as_str() == k).map(|m| m.key.clone());
                if found.is_none() {
                    problems.at_line(
                        Some(row.line),
                        "milestone",
                        format!("{k} is not a milestone in the framework file"),
                    );
                }
                found
            });
            let period = period(problems, &row);
            let status = required(problems, &row, "status").and_then(|s| {
                MilestoneStatus::parse(s, row.get("factor"))
                    .map_err(|e| problems.at_line(Some(row.line), "status", e.to_string()))
                    .ok()
            });
            let recorded_at = cell(problems, &row, "recorded_at", timestamp);
            if let (Some(milestone), Some(period), Some(status), Ok(recorded_at)) =
                (milestone, period, status, recorded_at)
            {
                updates.push(MilestoneUpdateRow {
                    milestone,
                    period,
                    status,
                    update: row.get("update").map(str::to_string),
                    recorded_at,
                });
            }
        },
    );
    updates
}
