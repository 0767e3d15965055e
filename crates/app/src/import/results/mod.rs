//! Use case: import a results CSV of any size (a million rows from a
//! housing or revenues system) in bounded memory, all or nothing.
//!
//! The file is read once, on a thread of its own that hands rows over in
//! batches, while the database writes the batch before ([`one_reading`]):
//! every row is checked ([`ResultChecker`]: 32 bytes a row are kept),
//! compared with what was stored before the import began (one measure's
//! results at a time), and written unless it says what is already recorded,
//! in one transaction. Once the checks across rows are done, the rule of
//! [`crate::results::data_changes`] gives a bit per row saying whether it
//! adds something and the counts say what the import did; a row held back
//! by sign-off, or an import that changes nothing, and the transaction is
//! rolled back: nothing is written.
//!
//! A dry run reads the file once and writes nothing. A file with a problem
//! is checked again without the write lock, to list every problem; one
//! that repeats a recording it gave earlier (which the one reading wrote
//! twice) has the rows that add something written in a second reading
//! ([`two_readings`]).

mod one_reading;
mod two_readings;

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;
use outturn_core::as_of::AsOf;
use outturn_core::result::as_recorded;
use outturn_core::{Key, MeasureCode, ResultEntry};
use outturn_store::{Council, Store, StoreError};
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
    /// Checking every row and comparing it with what is stored, writing
    /// nothing (a dry run, or the first of two readings).
    Checking,
    /// Checking every row and writing those that add something.
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
    // Sign-off and publishing: the rule of `sign_off::check_unlocked`, for every row (a bit each).
    let locks = Locks::load(store, &council).await?;
    let import = Import { store, council: &council, file: &file, source_name, now, actor, locks: &locks, progress };
    if dry_run {
        let first = import.check_first().await?;
        return Ok(first.imported(&import, true));
    }
    import.in_one_reading().await
}

/// One import, as asked.
struct Import<'a> {
    store: &'a dyn Store,
    council: &'a Arc<Council>,
    file: &'a Arc<dyn Reopen>,
    source_name: &'a str,
    now: Timestamp,
    actor: &'a Actor,
    locks: &'a Locks,
    progress: Progress<'a>,
}

impl Import<'_> {
    /// The audit record of an import that changed something.
    fn audit(&self, rows: usize, counts: Counts) -> outturn_store::AuditRecord {
        AuditEvent::Imported {
            council: &self.council.slug,
            source: self.source_name,
            kind: DataKind::Results.name(),
            rows,
            counts,
        }
        .record_by(self.actor, self.now)
    }

    /// What an import did (or, in a dry run, would do).
    fn imported(&self, rows: usize, counts: Counts, dry_run: bool) -> Imported {
        Imported {
            council: self.council.slug.clone(),
            source: self.source_name.to_string(),
            kind: DataKind::Results,
            rows,
            counts,
            dry_run,
            commentary_owed: Vec::new(),
            kept_rules: Vec::new(),
        }
    }

    /// After the import is committed: the measures it left owing commentary.
    async fn owed(&self, mut imported: Imported, written: &BTreeSet<MeasureCode>) -> Result<Imported, AppError> {
        imported.commentary_owed =
            crate::results::commentary::owed_after_import(self.store, self.council, written).await?;
        Ok(imported)
    }

    /// The refusal of an import some of whose rows would change locked results.
    async fn refuse_locked(&self, writes: &Lines, refused: usize) -> AppError {
        refuse_locked(self.council, self.file, self.source_name, self.locks, writes, refused).await
    }
}

/// A stop while writing, as the import's error: a file that changed or could not be read to its end.
fn stopped(source_name: &str, e: StoreError) -> AppError {
    match e {
        StoreError::Stopped(why) => AppError::ImportRows(vec![FileProblem {
            file: source_name.to_string(),
            line: None,
            field: "file".into(),
            value: None,
            message: format!("{why}: nothing was imported; import it again"),
        }]),
        other => AppError::Store(other),
    }
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
    loop {
        match rows.recv().await {
            Some(Handed::Rows(batch, _)) => {
                for checked in batch.iter().filter(|c| writes.has(c.line)) {
                    if named.len() < MOST_LOCKED_NAMED {
                        named.extend(locks.of(&checked.row.measure, checked.row.period));
                    }
                }
            }
            Some(Handed::ProblemFound) => {}
            Some(Handed::End(..)) | None => break,
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
    /// A row with a problem was found (told once, as soon as it is): the
    /// import will write nothing, whatever else the file holds.
    ProblemFound,
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
        let (mut open, mut read, mut problem_told) = (true, 0, false);
        let (problems, repeats) = stream_results(&name, reader, checker, |checked, bytes| {
            read = bytes;
            let Some(checked) = checked else {
                if open && !problem_told {
                    problem_told = true;
                    open = sender.blocking_send(Handed::ProblemFound).is_ok();
                }
                return;
            };
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

/// The comparison of each row with what was stored before the import (the
/// rule of `data_changes::new_results`), against one measure's results at a
/// time, learning of each sound row by line.
#[derive(Default)]
struct Comparison {
    kept: HashMap<MeasureCode, Vec<ResultEntry>>,
    /// Every sound row.
    sound: Lines,
    /// The row says what is already recorded.
    already: Lines,
    /// A result is stored for the row's measure and period.
    period_recorded: Lines,
    rows: usize,
    last_line: usize,
}

impl Comparison {
    /// Whether the stored results of `measure` are to be given ([`Comparison::keep`]) before its row is compared.
    fn needs(&self, measure: &MeasureCode) -> bool {
        !self.kept.contains_key(measure)
    }

    fn keep(&mut self, measure: &MeasureCode, results: Vec<ResultEntry>) {
        if self.kept.len() >= MEASURES_KEPT {
            self.kept.clear();
        }
        self.kept.insert(measure.clone(), results);
    }

    /// Compares a row with what is stored for its measure and period (given
    /// first, see [`Comparison::needs`]); whether it says what is already recorded.
    fn row(&mut self, checked: &CheckedResult, now: Timestamp) -> bool {
        let row = &checked.row;
        let entries = self.kept.get(&row.measure).map_or(&[][..], Vec::as_slice);
        let same = |e: &ResultEntry| e.value == row.value && e.commentary == row.commentary;
        let already = match row.recorded_at {
            Some(at) => entries.iter().any(|e| e.period == row.period && e.recorded_at == at && same(e)),
            None => as_recorded(entries, row.period, AsOf::at(now)).is_some_and(same),
        };
        if entries.iter().any(|e| e.period == row.period) {
            self.period_recorded.add(checked.line);
        }
        self.sound.add(checked.line);
        if already {
            self.already.add(checked.line);
        }
        self.rows += 1;
        self.last_line = self.last_line.max(checked.line);
        already
    }

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

/// A sound row as the result it records.
fn entry(row: crate::framework::file::ResultRow, now: Timestamp, actor: &str) -> ResultEntry {
    ResultEntry {
        measure: row.measure,
        period: row.period,
        value: row.value,
        commentary: row.commentary,
        recorded_at: row.recorded_at.unwrap_or(now),
        recorded_by: row.recorded_by.unwrap_or_else(|| actor.to_string()),
    }
}

/// The measures a row was written for (to list what owes commentary after):
/// a file sorted by measure adds each after the ones before, so the set is
/// searched once a measure.
fn note_written(written: &mut BTreeSet<MeasureCode>, measure: &MeasureCode) {
    if written.last() != Some(measure) && !written.contains(measure) {
        written.insert(measure.clone());
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
