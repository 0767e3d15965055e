//! Use case: import a results CSV of any size (a million rows from a
//! housing or revenues system) in bounded memory, all or nothing.
//!
//! The file is read twice and its rows are never held:
//! 1. every row is checked ([`ResultChecker`]: 32 bytes a row are kept) and,
//!    as it is read, compared with what is stored, one measure's history at a
//!    time; once the checks across rows are done, the rule of
//!    [`crate::results::data_changes`] gives a bit per row saying whether it adds
//!    something, and the counts say what the import does. Any problem and
//!    nothing is written; a dry run stops here.
//! 2. the rows that add something are read again and written in batches in
//!    one transaction ([`Store::apply_in_batches`]) with the audit record.
//!    They are checked again as they are read: a file changed since the first
//!    reading stops the import, and nothing is written.
//!
//! Each reading runs on a thread of its own, handing rows over in batches,
//! so the file is parsed while the database works.

use outturn_core::Key;
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
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::framework::file::{CheckedResult, DataKind, FileProblem, Lines, Repeats, ResultChecker, stream_results};
use crate::import::Imported;
use crate::results::data_changes::Counts;
use crate::rounds::sign_off::Locks;

/// Rows handed from the reading thread at a time.
const ROWS_PER_BATCH: usize = 8_000;
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
    council: &Key,
    file: Arc<dyn Reopen>,
    source_name: &str,
    dry_run: bool,
    now: Timestamp,
    actor: &Actor,
    progress: Progress<'_>,
) -> Result<Imported, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ImportData(&council.slug))?;
    let mut rows = read_on_thread(&council, &file, source_name)?;
    let mut compare = Comparison { store, council: &council, now, kept: HashMap::new() };
    let mut stored = Stored::default();
    // Sign-off and publishing: the rule of `sign_off::check_unlocked`, for every row (a bit each).
    let locks = crate::rounds::sign_off::Locks::load(store, &council).await?;
    let mut locked = LockedRows::default();
    let (problems, repeats) = loop {
        match rows.recv().await {
            Some(Handed::Rows(batch, bytes)) => {
                for checked in &batch {
                    compare.row(checked, &mut stored).await?;
                    locked.check(&locks, checked);
                }
                progress(Stage::Checking, bytes);
            }
            Some(Handed::End(problems, repeats)) => break (problems, repeats),
            None => return Err(reading_stopped(source_name)),
        }
    };
    if !problems.is_empty() {
        return Err(AppError::ImportRows(problems));
    }
    let (writes, counts) = stored.decide(&repeats);
    let mut imported = Imported {
        council: council.slug.clone(),
        source: source_name.to_string(),
        kind: DataKind::Results,
        rows: stored.rows,
        counts,
        dry_run,
        commentary_owed: Vec::new(),
    };
    let refused = locked.lines.count_in(&writes);
    if refused > 0 {
        return Err(refuse_locked(&council, &file, source_name, &locks, &writes, refused).await);
    }
    if dry_run || imported.changes_nothing() {
        return Ok(imported);
    }
    let mut changes = ChangeSet::for_council(council.slug.clone(), "");
    changes.audit.push(
        AuditEvent::Imported {
            council: &council.slug,
            source: source_name,
            kind: DataKind::Results.name(),
            rows: stored.rows,
            counts,
        }
        .record_by(actor, now),
    );
    let mut batches = Writing {
        rows: read_on_thread(&council, &file, source_name)?,
        writes,
        read: 0,
        expected: stored.rows,
        now,
        actor: actor.name(),
        progress,
        written: Default::default(),
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
    imported.commentary_owed = crate::results::commentary::owed_after_import(store, &council, &batches.written).await?;
    Ok(imported)
}

/// Locked results named in the refusal, at most; every one is counted.
pub const MOST_LOCKED_NAMED: usize = 100;

/// The rows whose result is held back by sign-off or publication (a bit
/// each, whatever the file's size).
#[derive(Default)]
struct LockedRows {
    lines: Lines,
}

impl LockedRows {
    fn check(&mut self, locks: &Locks, checked: &CheckedResult) {
        // Cheap when no sign-off or publication covers the row's period, as for most rows.
        if !locks.of(&checked.row.measure, checked.row.period).is_empty() {
            self.lines.add(checked.line);
        }
    }
}

/// The refusal of an import some of whose `refused` rows would change
/// locked results: the file is read once more to name the first of them
/// (by the rule of `sign_off::refuse`), and the count is of every one.
async fn refuse_locked(
    council: &Arc<Council>,
    file: &Arc<dyn Reopen>,
    source_name: &str,
    locks: &Locks,
    writes: &Lines,
    refused: usize,
) -> AppError {
    let mut rows = match read_on_thread(council, file, source_name) {
        Ok(rows) => rows,
        Err(e) => return e,
    };
    let mut named = Vec::new();
    while let Some(Handed::Rows(batch, _)) = rows.recv().await {
        for checked in batch.iter().filter(|c| writes.has(c.line)) {
            if named.len() < MOST_LOCKED_NAMED {
                named.extend(locks.of(&checked.row.measure, checked.row.period));
            }
        }
    }
    named.truncate(MOST_LOCKED_NAMED);
    let rows_word = if refused == 1 { "row" } else { "rows" };
    let which =
        if refused > MOST_LOCKED_NAMED { format!(", the first {MOST_LOCKED_NAMED} named") } else { String::new() };
    match crate::rounds::sign_off::refuse(&named, None) {
        Err(AppError::Workflow(message)) => {
            AppError::Workflow(format!("{message} ({refused} {rows_word} of {source_name} refused{which})"))
        }
        Err(other) => other,
        // The file changed since it was checked: nothing is named, and nothing is written.
        Ok(()) => reading_stopped(source_name),
    }
}

/// What the reading thread hands over.
enum Handed {
    /// Sound rows in file order, and the bytes read so far.
    Rows(Vec<CheckedResult>, u64),
    /// The end of the file, with every problem found and the rows that repeat earlier ones.
    End(Vec<FileProblem>, Repeats),
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
        let checker = ResultChecker::for_measures(&council.measures, &whose);
        let mut batch = Vec::with_capacity(ROWS_PER_BATCH);
        let (mut open, mut read) = (true, 0);
        let (problems, repeats) = stream_results(&name, reader, checker, |checked, bytes| {
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
        let _ = sender.blocking_send(Handed::End(problems, repeats));
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

/// What the first reading learnt of each sound row from what is stored, by line.
#[derive(Default)]
struct Stored {
    /// Every sound row.
    sound: Lines,
    /// The row says what is already recorded.
    already: Lines,
    /// A result is stored for the row's measure and period.
    period_recorded: Lines,
    rows: usize,
    last_line: usize,
}

impl Stored {
    /// Which rows to write, and the counts: a row that repeats an earlier
    /// one, or says what is recorded, changes nothing; one for a period
    /// recorded (or given by an earlier row) is a correction; else it is new.
    fn decide(&self, repeats: &Repeats) -> (Lines, Counts) {
        let (mut writes, mut counts) = (Lines::default(), Counts::default());
        for line in (0..=self.last_line).filter(|l| self.sound.has(*l)) {
            if repeats.same_recording(line) || self.already.has(line) {
                counts.unchanged += 1;
            } else {
                if repeats.same_period(line) || self.period_recorded.has(line) {
                    counts.corrected += 1;
                } else {
                    counts.added += 1;
                }
                writes.add(line);
            }
        }
        (writes, counts)
    }
}

impl Comparison<'_> {
    /// Compares a row with what is stored for its measure and period.
    async fn row(&mut self, checked: &CheckedResult, stored: &mut Stored) -> Result<(), AppError> {
        let row = &checked.row;
        if !self.kept.contains_key(&row.measure) {
            if self.kept.len() >= MEASURES_KEPT {
                self.kept.clear();
            }
            let history = self.store.measure_history(&self.council.slug, &row.measure).await?;
            self.kept.insert(row.measure.clone(), history.results);
        }
        let entries = &self.kept[&row.measure];
        let same = |e: &ResultEntry| e.value == row.value && e.commentary == row.commentary;
        let already = match row.recorded_at {
            Some(at) => entries.iter().any(|e| e.period == row.period && e.recorded_at == at && same(e)),
            None => as_recorded(entries, row.period, AsOf::at(self.now)).is_some_and(same),
        };
        stored.sound.add(checked.line);
        if already {
            stored.already.add(checked.line);
        }
        if entries.iter().any(|e| e.period == row.period) {
            stored.period_recorded.add(checked.line);
        }
        stored.rows += 1;
        stored.last_line = stored.last_line.max(checked.line);
        Ok(())
    }
}

/// The second reading: the rows that add something, as results to append.
struct Writing<'a> {
    rows: mpsc::Receiver<Handed>,
    writes: Lines,
    /// Sound rows handed over so far.
    read: usize,
    /// Sound rows the first reading found.
    expected: usize,
    now: Timestamp,
    actor: &'a str,
    progress: Progress<'a>,
    /// The measures a row was written for (to list what owes commentary after).
    written: std::collections::BTreeSet<outturn_core::MeasureCode>,
}

#[async_trait]
impl ResultBatches for Writing<'_> {
    async fn next_batch(&mut self) -> Result<Option<Vec<ResultEntry>>, StoreError> {
        let changed = || StoreError::Stopped("the file changed while it was being imported".into());
        match self.rows.recv().await {
            Some(Handed::Rows(batch, bytes)) => {
                let mut entries = Vec::with_capacity(batch.len());
                for checked in batch {
                    if self.writes.has(checked.line) {
                        let row = checked.row;
                        // A file sorted by measure adds each after the ones before: the set is searched once a measure.
                        if self.written.last() != Some(&row.measure) && !self.written.contains(&row.measure) {
                            self.written.insert(row.measure.clone());
                        }
                        entries.push(ResultEntry {
                            measure: row.measure,
                            period: row.period,
                            value: row.value,
                            commentary: row.commentary,
                            recorded_at: row.recorded_at.unwrap_or(self.now),
                            recorded_by: row.recorded_by.unwrap_or_else(|| self.actor.to_string()),
                        });
                    }
                    self.read += 1;
                }
                (self.progress)(Stage::Writing, bytes);
                Ok(Some(entries))
            }
            Some(Handed::End(problems, _)) if problems.is_empty() && self.read == self.expected => Ok(None),
            Some(Handed::End(..)) => Err(changed()),
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
