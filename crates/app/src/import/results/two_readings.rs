//! An import in two readings of the file: the first checks every row and
//! compares it with what is stored, writing nothing (all a dry run does);
//! the second, if the first found no problem, writes the rows that add
//! something. For a file with a problem (listed without holding the write
//! lock) and one that gives the same recording twice, which one reading
//! would write twice (see the module above).

use std::collections::BTreeSet;

use async_trait::async_trait;
use outturn_core::{MeasureCode, ResultEntry};
use outturn_store::{ChangeSet, ResultBatches, StoreError, StoredResults};
use tokio::sync::mpsc;

use super::{
    Comparison, Handed, Import, LockedRows, Progress, Stage, entry, note_written, read_on_thread, reading_stopped,
};
use crate::AppError;
use crate::framework::file::Lines;
use crate::import::Imported;
use crate::results::data_changes::Counts;

/// What the first reading found: the sound rows, those that add something, and the counts.
pub(super) struct First {
    pub(super) rows: usize,
    pub(super) writes: Lines,
    pub(super) counts: Counts,
}

impl First {
    pub(super) fn imported(&self, import: &Import<'_>, dry_run: bool) -> Imported {
        import.imported(self.rows, self.counts, dry_run)
    }
}

impl Import<'_> {
    /// The first reading: every row checked and compared with what is
    /// stored; any problem, or a row held back by sign-off, is the error.
    pub(super) async fn check_first(&self) -> Result<First, AppError> {
        let mut rows = read_on_thread(self.council, self.file, self.source_name)?;
        let mut compare = Comparison::default();
        let mut locked = LockedRows::default();
        let (problems, repeats) = loop {
            match rows.recv().await {
                Some(Handed::Rows(batch, bytes)) => {
                    for checked in &batch {
                        if compare.needs(&checked.row.measure) {
                            let code = &checked.row.measure;
                            let history = self.store.measure_history(&self.council.slug, code).await?;
                            compare.keep(code, history.results);
                        }
                        compare.row(checked, self.now);
                        locked.check(self.locks, checked);
                    }
                    (self.progress)(Stage::Checking, bytes);
                }
                // Listed at the end, with every other problem.
                Some(Handed::ProblemFound) => {}
                Some(Handed::End(problems, repeats)) => break (problems, repeats),
                None => return Err(reading_stopped(self.source_name)),
            }
        };
        if !problems.is_empty() {
            return Err(AppError::ImportRows(problems));
        }
        let (writes, counts) = compare.decide(&repeats);
        let refused = locked.lines.count_in(&writes);
        if refused > 0 {
            return Err(self.refuse_locked(&writes, refused).await);
        }
        Ok(First { rows: compare.rows, writes, counts })
    }

    /// Checks first, then reads the file again to write what it adds.
    pub(super) async fn in_two_readings(&self) -> Result<Imported, AppError> {
        let first = self.check_first().await?;
        self.write_second(first).await
    }

    /// The second reading: writes what the `first` found the file adds.
    pub(super) async fn write_second(&self, first: First) -> Result<Imported, AppError> {
        let imported = first.imported(self, false);
        if imported.changes_nothing() {
            return Ok(imported);
        }
        let mut changes = ChangeSet::for_council(self.council.slug.clone(), "");
        changes.audit.push(self.audit(first.rows, first.counts));
        // Every row was checked against these locks: written only if they still hold.
        self.locks.guard(&mut changes)?;
        let mut batches = Writing {
            rows: read_on_thread(self.council, self.file, self.source_name)?,
            writes: first.writes,
            read: 0,
            expected: first.rows,
            import: self,
            progress: self.progress,
            written: BTreeSet::new(),
        };
        self.store.apply_in_batches(&changes, &mut batches).await.map_err(|e| super::stopped(self.source_name, e))?;
        self.owed(imported, &batches.written).await
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
    import: &'a Import<'a>,
    progress: Progress<'a>,
    written: BTreeSet<MeasureCode>,
}

#[async_trait]
impl ResultBatches for Writing<'_> {
    async fn next_batch(
        &mut self,
        _stored: &mut (dyn StoredResults + Send),
    ) -> Result<Option<Vec<ResultEntry>>, StoreError> {
        let changed = || StoreError::Stopped("the file changed while it was being imported".into());
        match self.rows.recv().await {
            Some(Handed::Rows(batch, bytes)) => {
                let mut entries = Vec::with_capacity(batch.len());
                for checked in batch {
                    if self.writes.has(checked.line) {
                        note_written(&mut self.written, &checked.row.measure);
                        entries.push(entry(checked.row, self.import.now, self.import.actor.name()));
                    }
                    self.read += 1;
                }
                (self.progress)(Stage::Writing, bytes);
                Ok(Some(entries))
            }
            Some(Handed::ProblemFound) => Err(changed()),
            Some(Handed::End(problems, _)) if problems.is_empty() && self.read == self.expected => Ok(None),
            Some(Handed::End(..)) => Err(changed()),
            None => Err(StoreError::Stopped("the file could not be read to its end".into())),
        }
    }
}
