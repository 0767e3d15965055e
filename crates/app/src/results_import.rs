//! Use case: import a results CSV of any size (a million rows from a
//! housing or revenues system) in bounded memory, all or nothing.
//!
//! The file is read twice and its rows are never held:
//! 1. every row is checked ([`ResultChecker`]: only small keys are kept)
//!    and, as it is read, compared with what is stored, one measure's history
//!    at a time, by the rule of [`crate::data_changes`]: a bit per row says
//!    whether it adds something, and the counts say what the import does. Any
//!    problem and nothing is written; a dry run stops here.
//! 2. the rows that add something are read again and written in batches in
//!    one transaction ([`Store::apply_in_batches`]) with the audit record.
//!    They are checked again as they are read: a file changed since the first
//!    reading stops the import, and nothing is written.
//!
//! Each reading runs on a thread of its own, handing rows over in batches,
//! so the file is parsed while the database works.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::Timestamp;
use outturn_core::as_of::AsOf;
use outturn_core::result::as_recorded;
use outturn_core::{MeasureCode, ResultEntry};
use outturn_store::{ChangeSet, Council, ResultBatches, Store, StoreError};
use tokio::sync::mpsc;

use crate::AppError;
use crate::audit_event::AuditEvent;
use crate::data_changes::Counts;
use crate::framework_file::{CheckedResult, DataKind, FileProblem, ResultChecker, stream_results};
use crate::import::Imported;

/// Rows handed from the reading thread at a time.
const ROWS_PER_BATCH: usize = 2_000;
/// Measures whose stored history is kept while comparing; a file is usually
/// sorted by measure, so this many is plenty, and memory stays bounded.
const MEASURES_KEPT: usize = 256;

/// A file that can be read from the start more than once.
pub trait Reopen: Send + Sync + 'static {
    fn reopen(&self) -> std::io::Result<Box<dyn Read + Send>>;
    /// Its size in bytes, for a progress bar, when known.
    fn size(&self) -> Option<u64>;
}

impl Reopen for PathBuf {
    fn reopen(&self) -> std::io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(BufReader::with_capacity(1 << 16, File::open(self)?)))
    }
    fn size(&self) -> Option<u64> {
        std::fs::metadata(self).ok().map(|m| m.len())
    }
}

/// A file already in memory (an upload).
impl Reopen for Arc<[u8]> {
    fn reopen(&self) -> std::io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(std::io::Cursor::new(self.clone())))
    }
    fn size(&self) -> Option<u64> {
        Some(self.len() as u64)
    }
}

/// Which reading of the file the progress is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Checking every row and comparing it with what is stored.
    Checking,
    /// Writing the rows that add something.
    Writing,
}

/// Told the bytes of the file read so far, now and then.
pub type Progress<'a> = &'a (dyn Fn(Stage, u64) + Sync);

/// Imports the results CSV `file` (called `source_name` in messages and the
/// audit log) into the council's results: see the module's comment.
#[allow(clippy::too_many_arguments)]
pub async fn import_results_file(
    store: &dyn Store,
    council: &str,
    file: Arc<dyn Reopen>,
    source_name: &str,
    dry_run: bool,
    now: Timestamp,
    actor: &str,
    progress: Progress<'_>,
) -> Result<Imported, AppError> {
    let council = crate::council(store, council).await?;
    let mut rows = read_on_thread(&council, &file, source_name)?;
    let mut compare = Comparison { store, council: &council, now, kept: HashMap::new() };
    // Sign-off and publishing: the rule of `sign_off::check_unlocked`, row by row (the first 100 named).
    let locks = crate::sign_off::Locks::load(store, &council).await?;
    let mut locked = Vec::new();
    let mut adds = Vec::<u64>::new();
    let mut counts = Counts::default();
    let mut ordinal = 0usize;
    let problems = loop {
        match rows.recv().await {
            Some(Handed::Rows(batch, bytes)) => {
                for checked in batch {
                    let (adds_something, count) = compare.row(&checked).await?;
                    *count_of(&mut counts, count) += 1;
                    if adds_something {
                        set_bit(&mut adds, ordinal);
                        if locked.len() < 100 {
                            locked.extend(locks.of(&council, &checked.row.measure, checked.row.period));
                        }
                    }
                    ordinal += 1;
                }
                progress(Stage::Checking, bytes);
            }
            Some(Handed::End(problems)) => break problems,
            None => return Err(reading_stopped(source_name)),
        }
    };
    if !problems.is_empty() {
        return Err(AppError::ImportRows(problems));
    }
    let imported = Imported {
        council: council.slug.clone(),
        source: source_name.to_string(),
        kind: DataKind::Results,
        rows: ordinal,
        counts,
        dry_run,
    };
    crate::sign_off::refuse(&locked, None)?;
    if dry_run || imported.changes_nothing() {
        return Ok(imported);
    }
    let mut changes = ChangeSet::for_council(council.slug.clone(), "");
    changes.audit.push(
        AuditEvent::Imported {
            council: &council.slug,
            source: source_name,
            kind: DataKind::Results.name(),
            rows: ordinal,
            counts,
        }
        .record(actor, now),
    );
    let mut batches = Writing {
        rows: read_on_thread(&council, &file, source_name)?,
        adds,
        ordinal: 0,
        expected: ordinal,
        now,
        actor,
        progress,
    };
    store.apply_in_batches(&changes, &mut batches).await.map_err(|e| match e {
        StoreError::Stopped(why) => AppError::ImportRows(vec![FileProblem {
            file: source_name.to_string(),
            line: None,
            field: "file".into(),
            value: None,
            message: format!("{why}: nothing was imported; import it again"),
        }]),
        other => AppError::Store(other),
    })?;
    Ok(imported)
}

/// What the reading thread hands over.
enum Handed {
    /// Sound rows in file order, and the bytes read so far.
    Rows(Vec<CheckedResult>, u64),
    /// The end of the file, with every problem found.
    End(Vec<FileProblem>),
}

/// Reads and checks the file on a thread of its own, handing sound rows over in batches.
fn read_on_thread(
    council: &Arc<Council>,
    file: &Arc<dyn Reopen>,
    source_name: &str,
) -> Result<mpsc::Receiver<Handed>, AppError> {
    let reader = file.reopen().map_err(|e| AppError::ImportRows(vec![cannot_read(source_name, &e)]))?;
    let (sender, receiver) = mpsc::channel(4);
    let (council, name) = (council.clone(), source_name.to_string());
    std::thread::spawn(move || {
        let whose = format!("of council {}", council.slug);
        let mut checker = ResultChecker::for_measures(&council.measures, &whose);
        let mut batch = Vec::with_capacity(ROWS_PER_BATCH);
        let (mut open, mut read) = (true, 0);
        let problems = stream_results(&name, reader, &mut checker, |checked, bytes| {
            read = bytes;
            batch.push(checked);
            if batch.len() == ROWS_PER_BATCH && open {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(ROWS_PER_BATCH));
                // A receiver gone (the import stopped) ends the handing over, not the reading.
                open = sender.blocking_send(Handed::Rows(full, bytes)).is_ok();
            }
        });
        if open && !batch.is_empty() {
            let _ = sender.blocking_send(Handed::Rows(batch, read));
        }
        let _ = sender.blocking_send(Handed::End(problems));
    });
    Ok(receiver)
}

/// The comparison of each row with what is stored (the rule of
/// `data_changes::new_results`, against one measure's history at a time).
struct Comparison<'a> {
    store: &'a dyn Store,
    council: &'a Council,
    now: Timestamp,
    kept: HashMap<MeasureCode, Vec<ResultEntry>>,
}

#[derive(Clone, Copy)]
enum Count {
    Added,
    Corrected,
    Unchanged,
}

impl Comparison<'_> {
    /// Whether the row adds something, and how it counts.
    async fn row(&mut self, checked: &CheckedResult) -> Result<(bool, Count), AppError> {
        let row = &checked.row;
        if checked.repeat {
            // An earlier row of the file says the same: it is written once.
            return Ok((false, Count::Unchanged));
        }
        if !self.kept.contains_key(&row.measure) {
            if self.kept.len() >= MEASURES_KEPT {
                self.kept.clear();
            }
            let history = self.store.measure_history(&self.council.slug, &row.measure).await?;
            self.kept.insert(row.measure.clone(), history.results);
        }
        let stored = &self.kept[&row.measure];
        let same = |e: &ResultEntry| e.value == row.value && e.commentary == row.commentary;
        let already = match row.recorded_at {
            Some(at) => stored.iter().any(|e| e.period == row.period && e.recorded_at == at && same(e)),
            None => as_recorded(stored, row.period, AsOf::at(self.now)).is_some_and(same),
        };
        if already {
            Ok((false, Count::Unchanged))
        } else if checked.period_seen || stored.iter().any(|e| e.period == row.period) {
            Ok((true, Count::Corrected))
        } else {
            Ok((true, Count::Added))
        }
    }
}

fn count_of(counts: &mut Counts, count: Count) -> &mut usize {
    match count {
        Count::Added => &mut counts.added,
        Count::Corrected => &mut counts.corrected,
        Count::Unchanged => &mut counts.unchanged,
    }
}

fn set_bit(bits: &mut Vec<u64>, i: usize) {
    if bits.len() <= i / 64 {
        bits.resize(i / 64 + 1, 0);
    }
    bits[i / 64] |= 1 << (i % 64);
}

fn bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|word| word & (1 << (i % 64)) != 0)
}

/// The second reading: the rows that add something, as results to append.
struct Writing<'a> {
    rows: mpsc::Receiver<Handed>,
    adds: Vec<u64>,
    /// Sound rows handed over so far.
    ordinal: usize,
    /// Sound rows the first reading found.
    expected: usize,
    now: Timestamp,
    actor: &'a str,
    progress: Progress<'a>,
}

#[async_trait]
impl ResultBatches for Writing<'_> {
    async fn next_batch(&mut self) -> Result<Option<Vec<ResultEntry>>, StoreError> {
        let changed = || StoreError::Stopped("the file changed while it was being imported".into());
        match self.rows.recv().await {
            Some(Handed::Rows(batch, bytes)) => {
                let mut entries = Vec::with_capacity(batch.len());
                for checked in batch {
                    if bit(&self.adds, self.ordinal) {
                        let row = checked.row;
                        entries.push(ResultEntry {
                            measure: row.measure,
                            period: row.period,
                            value: row.value,
                            commentary: row.commentary,
                            recorded_at: row.recorded_at.unwrap_or(self.now),
                            recorded_by: row.recorded_by.unwrap_or_else(|| self.actor.to_string()),
                        });
                    }
                    self.ordinal += 1;
                }
                (self.progress)(Stage::Writing, bytes);
                Ok(Some(entries))
            }
            Some(Handed::End(problems)) if problems.is_empty() && self.ordinal == self.expected => Ok(None),
            Some(Handed::End(_)) => Err(changed()),
            None => Err(StoreError::Stopped("the file could not be read to its end".into())),
        }
    }
}

fn cannot_read(source_name: &str, e: &std::io::Error) -> FileProblem {
    FileProblem {
        file: source_name.to_string(),
        line: None,
        field: "file".into(),
        value: None,
        message: format!("cannot read the file: {e}"),
    }
}

fn reading_stopped(source_name: &str) -> AppError {
    AppError::ImportRows(vec![FileProblem {
        file: source_name.to_string(),
        line: None,
        field: "file".into(),
        value: None,
        message: "the file could not be read to its end".into(),
    }])
}
