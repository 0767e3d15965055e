//! Use case: import a results or targets CSV (or .xlsx sheet) for a council (the columns of
//! docs/framework-file.md; which of the two is told by the header).
//!
//! The whole file is read and checked against the council's stored measures
//! first; every bad row is reported (row, column, value, reason) and then
//! nothing is written. The rows are compared with what is stored by the same
//! rule as a framework apply ([`crate::results::data_changes`]): new rows are added, a
//! different figure for a recorded period is appended as a correction, and
//! rows that say what is stored change nothing, so importing a file twice
//! writes nothing the second time. A dry run stops before writing. A real
//! import writes every row and one audit record in one change set (one
//! transaction). Who may import (a performance officer of the council, the
//! command line) is checked once the council is known.

pub mod measures;
pub mod results;

use std::sync::Arc;

use jiff::Timestamp;
use outturn_core::Key;
use outturn_store::{ChangeSet, Store};
use serde::Serialize;

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::framework::file::{
    DataKind, DataRows, FileProblem, data_kind, read_data, read_table, read_workbook, table_kind,
};
use crate::import::measures::import_measures;
use crate::import::results::import_results_file;
use crate::results::commentary::{OwedCommentary, owed_after_import};
use crate::results::data_changes::{Counts, new_results, new_targets};

/// What an import did, or would do on a dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub council: Key,
    /// The file, as named by the caller.
    pub source: String,
    pub kind: DataKind,
    /// Rows read (the header not counted).
    pub rows: usize,
    pub counts: Counts,
    /// Nothing was written: the counts say what an import would do.
    pub dry_run: bool,
    /// Measures the import left Red or Amber without commentary, in the
    /// periods of open rounds (their owners write it before sign-off).
    pub commentary_owed: Vec<OwedCommentary>,
    /// For a measures import: each former status rule kept for periods
    /// already signed off or published ("kept BV9's former status rule ...").
    pub kept_rules: Vec<String>,
}

impl Imported {
    pub fn changes_nothing(&self) -> bool {
        self.counts.added + self.counts.corrected == 0
    }
}

/// The council an actor may import files into (for the upload page), or why not.
pub async fn council_to_import(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
) -> Result<Arc<outturn_store::Council>, AppError> {
    let found = crate::statuses::measures_query::council_for(store, actor, council).await?;
    actor.check(Action::ImportData(&found.slug))?;
    Ok(found)
}

/// Imports `text` (the file called `source_name`) into the council's
/// results or targets; `kind` is told by the header when not given.
#[allow(clippy::too_many_arguments)]
pub async fn import_file(
    store: &dyn Store,
    council: &Key,
    kind: Option<DataKind>,
    text: &str,
    source_name: &str,
    dry_run: bool,
    now: Timestamp,
    actor: &Actor,
) -> Result<Imported, AppError> {
    let kind = match kind {
        Some(kind) => kind,
        None => data_kind(source_name, text).map_err(|p| AppError::ImportRows(vec![p]))?,
    };
    if kind == DataKind::Measures {
        return import_measures(store, council, text, source_name, dry_run, now, actor).await;
    }
    if kind == DataKind::Results {
        // One way in for results CSVs, of any size (see results_import).
        let bytes: Arc<[u8]> = Arc::from(text.as_bytes());
        return import_results_file(store, council, Arc::new(bytes), source_name, dry_run, now, actor, &|_, _| {})
            .await;
    }
    import_source(store, council, Some(kind), Source::Csv(text), source_name, dry_run, now, actor).await
}

/// Imports the spreadsheet `bytes` (an .xlsx called `source_name`) as
/// [`import_file`] does a CSV: its sheet named "results" or "targets", or
/// else its first, read by the same readers and checks, each problem naming
/// the spreadsheet's row number and the column's header.
#[allow(clippy::too_many_arguments)]
pub async fn import_workbook(
    store: &dyn Store,
    council: &Key,
    kind: Option<DataKind>,
    bytes: &[u8],
    source_name: &str,
    dry_run: bool,
    now: Timestamp,
    actor: &Actor,
) -> Result<Imported, AppError> {
    import_source(store, council, kind, Source::Workbook(bytes), source_name, dry_run, now, actor).await
}

enum Source<'a> {
    Csv(&'a str),
    Workbook(&'a [u8]),
}

#[allow(clippy::too_many_arguments)]
async fn import_source(
    store: &dyn Store,
    council: &Key,
    kind: Option<DataKind>,
    source: Source<'_>,
    source_name: &str,
    dry_run: bool,
    now: Timestamp,
    actor: &Actor,
) -> Result<Imported, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ImportData(&council.slug))?;
    let one = |p: FileProblem| AppError::ImportRows(vec![p]);
    let whose = format!("of council {}", council.slug);
    let rows = match source {
        Source::Csv(text) => {
            let kind = match kind {
                Some(kind) => kind,
                None => data_kind(source_name, text).map_err(one)?,
            };
            read_data(source_name, text, kind, &council.measures, &whose).map_err(AppError::ImportRows)?
        }
        Source::Workbook(bytes) => {
            let table = read_workbook(source_name, bytes).map_err(one)?;
            let kind = match kind {
                Some(kind) => kind,
                None => table_kind(source_name, &table).map_err(one)?,
            };
            read_table(source_name, &table, kind, &council.measures, &whose).map_err(AppError::ImportRows)?
        }
    };
    let kind = match rows {
        DataRows::Results(_) => DataKind::Results,
        DataRows::Targets(_) => DataKind::Targets,
    };
    let history = store.history(&council.slug).await?;
    let mut changes = ChangeSet::for_council(council.slug.clone(), "");
    let (rows, counts) = match &rows {
        DataRows::Results(rows) => {
            let new = new_results(rows, &history, now, actor.name());
            changes.results = new.entries;
            (rows.len(), new.counts)
        }
        DataRows::Targets(rows) => {
            let new = new_targets(rows, &history, now);
            changes.targets = new.revisions;
            (rows.len(), new.counts)
        }
    };
    let mut imported = Imported {
        council: council.slug.clone(),
        source: source_name.to_string(),
        kind,
        rows,
        counts,
        dry_run,
        commentary_owed: Vec::new(),
        kept_rules: Vec::new(),
    };
    if imported.changes_nothing() {
        return Ok(imported);
    }
    // Signed-off and published periods refuse results here as everywhere (a dry run says so too).
    crate::rounds::sign_off::check_unlocked(store, &council, &mut changes, None).await?;
    if dry_run {
        return Ok(imported);
    }
    changes.audit.push(
        AuditEvent::Imported { council: &council.slug, source: source_name, kind: kind.name(), rows, counts }
            .record_by(actor, now),
    );
    store.apply(&changes).await?;
    let written =
        changes.results.iter().map(|r| r.measure.clone()).chain(changes.targets.iter().map(|t| t.measure.clone()));
    imported.commentary_owed = owed_after_import(store, &council, &written.collect()).await?;
    Ok(imported)
}

/// One bad row as `FILE:ROW: COLUMN: "VALUE": reason` (the row is the
/// file's line, the header being row 1, as a spreadsheet numbers it).
pub fn describe_problem(p: &FileProblem) -> String {
    let place = match p.line {
        Some(line) => format!("{}:{line}", p.file),
        None => p.file.clone(),
    };
    match &p.value {
        Some(value) => format!("{place}: {}: {value:?}: {}", p.field, p.message),
        None => format!("{place}: {}: {}", p.field, p.message),
    }
}

/// The message for [`AppError::ImportRows`]: a count, then one problem a line.
pub(crate) fn problems_message(problems: &[FileProblem]) -> String {
    let mut rows: Vec<Option<usize>> = problems.iter().map(|p| p.line).collect();
    rows.dedup();
    let n = rows.len();
    let mut text = format!(
        "nothing was imported: {n} row{} {} problems",
        if n == 1 { "" } else { "s" },
        if n == 1 { "has" } else { "have" }
    );
    for p in problems {
        text.push('\n');
        text.push_str(&describe_problem(p));
    }
    text
}
