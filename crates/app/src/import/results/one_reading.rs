//! An import in one reading of the file: each batch of rows is checked,
//! compared with what was stored before the import began, and written, in
//! one transaction, while the next batch is read. The checks across rows
//! come at the end; what they find decides whether the transaction is
//! committed (see [`Ending`]). The write lock is held while the file is read
//! (SQLite's for the database, PostgreSQL's on the council's row): a row
//! with a problem ends the reading at once, and the file is then checked
//! without it.

use std::collections::BTreeSet;

use async_trait::async_trait;
use outturn_core::{MeasureCode, ResultEntry};
use outturn_store::{AuditRecord, ChangeSet, ResultBatches, StoreError, StoredResults};
use tokio::sync::mpsc;

use super::two_readings::First;
use super::{Comparison, Handed, Import, LockedRows, Stage, entry, note_written, read_on_thread};
use crate::AppError;
use crate::framework::file::{FileProblem, Lines};
use crate::import::Imported;
use crate::results::data_changes::Counts;

/// Why the one reading rolled back what it wrote.
enum Ending {
    /// Rows with problems: the import's error.
    Problems(Vec<FileProblem>),
    /// Rows that would change results held back by sign-off or publication.
    Locked { writes: Lines, refused: usize },
    /// A row has a problem: the file is checked again without holding the
    /// write lock, and every problem listed.
    CheckFirst,
    /// The file gives a recording twice, and the repeat was written: what
    /// the reading found is written in a second reading instead.
    WriteSecond(First),
    /// Every row says what is already recorded: nothing to write.
    NothingChanged,
}

impl Import<'_> {
    /// The import in one reading, or in two when it must be (see [`Ending`]).
    pub(super) async fn in_one_reading(&self) -> Result<Imported, AppError> {
        let mut changes = ChangeSet::for_council(self.council.slug.clone(), "");
        // Every row is checked against these locks: written only if they still hold.
        self.locks.guard(&mut changes)?;
        let mut batches = Batches {
            rows: read_on_thread(self.council, self.file, self.source_name)?,
            import: self,
            compare: Comparison::default(),
            locked: LockedRows::default(),
            written: Lines::default(),
            measures_written: BTreeSet::new(),
            counts: Counts::default(),
            ending: None,
        };
        let applied = self.store.apply_in_batches(&changes, &mut batches).await;
        let (rows, counts) = (batches.compare.rows, batches.counts);
        match (applied, batches.ending) {
            (Ok(()), _) => self.owed(self.imported(rows, counts, false), &batches.measures_written).await,
            (Err(StoreError::Stopped(_)), Some(Ending::Problems(problems))) => Err(AppError::ImportRows(problems)),
            (Err(StoreError::Stopped(_)), Some(Ending::Locked { writes, refused })) => {
                Err(self.refuse_locked(&writes, refused).await)
            }
            (Err(StoreError::Stopped(_)), Some(Ending::CheckFirst)) => self.in_two_readings().await,
            (Err(StoreError::Stopped(_)), Some(Ending::WriteSecond(first))) => self.write_second(first).await,
            (Err(StoreError::Stopped(_)), Some(Ending::NothingChanged)) => Ok(self.imported(rows, counts, false)),
            (Err(e), _) => Err(super::stopped(self.source_name, e)),
        }
    }
}

/// The rows of the one reading, a batch at a time.
struct Batches<'a> {
    rows: mpsc::Receiver<Handed>,
    import: &'a Import<'a>,
    compare: Comparison,
    locked: LockedRows,
    /// The rows written: every sound row that does not say what was already recorded.
    written: Lines,
    measures_written: BTreeSet<MeasureCode>,
    counts: Counts,
    ending: Option<Ending>,
}

impl Batches<'_> {
    /// Rolls back what was written, for `why`.
    fn end(&mut self, why: Ending) -> StoreError {
        self.ending = Some(why);
        StoreError::Stopped("the import stopped".into())
    }
}

#[async_trait]
impl ResultBatches for Batches<'_> {
    async fn next_batch(
        &mut self,
        stored: &mut (dyn StoredResults + Send),
    ) -> Result<Option<Vec<ResultEntry>>, StoreError> {
        let import = self.import;
        match self.rows.recv().await {
            Some(Handed::Rows(batch, bytes)) => {
                let mut entries = Vec::with_capacity(batch.len());
                for checked in batch {
                    if self.compare.needs(&checked.row.measure) {
                        let results = stored.results_of(&checked.row.measure).await?;
                        self.compare.keep(&checked.row.measure, results);
                    }
                    self.locked.check(import.locks, &checked);
                    if !self.compare.row(&checked, import.now) {
                        self.written.add(checked.line);
                        note_written(&mut self.measures_written, &checked.row.measure);
                        entries.push(entry(checked.row, import.now, import.actor.name()));
                    }
                }
                (import.progress)(Stage::Writing, bytes);
                Ok(Some(entries))
            }
            Some(Handed::ProblemFound) => Err(self.end(Ending::CheckFirst)),
            Some(Handed::End(problems, repeats)) => {
                if !problems.is_empty() {
                    return Err(self.end(Ending::Problems(problems)));
                }
                let (writes, counts) = self.compare.decide(&repeats);
                self.counts = counts;
                let refused = self.locked.lines.count_in(&writes);
                if refused > 0 {
                    return Err(self.end(Ending::Locked { writes, refused }));
                }
                if counts.added + counts.corrected == 0 {
                    return Err(self.end(Ending::NothingChanged));
                }
                // What is written is every sound row not already recorded; what
                // should be leaves out the rows repeating an earlier one too.
                if writes.len() != self.written.len() {
                    let first = First { rows: self.compare.rows, writes, counts };
                    return Err(self.end(Ending::WriteSecond(first)));
                }
                Ok(None)
            }
            None => Err(StoreError::Stopped("the file could not be read to its end".into())),
        }
    }

    async fn finish(&mut self) -> Result<Vec<AuditRecord>, StoreError> {
        Ok(vec![self.import.audit(self.compare.rows, self.counts)])
    }
}
