//! The store's contract for writing results in batches (a big import), on
//! SQLite always and on PostgreSQL when OUTTURN_TEST_DATABASE_URL is set:
//! every batch lands with the change set's audit record in one transaction,
//! many rows to a statement read back exactly, and a batch source that stops
//! leaves nothing written; a batch source reads what was stored before the
//! change began (never its own rows), and its late audit lines land with it.

#[macro_use]
mod support;

use async_trait::async_trait;
use outturn_core::{ResultEntry, ResultValue};
use outturn_store::{AuditFilter, AuditRecord, ResultBatches, StoreError, StoredResults};
use rust_decimal::Decimal;
use support::*;

/// Hands over `batches`, then stops with an error if `stop` says so.
struct Batches {
    batches: Vec<Vec<ResultEntry>>,
    stop: bool,
}

#[async_trait]
impl ResultBatches for Batches {
    async fn next_batch(
        &mut self,
        _stored: &mut (dyn StoredResults + Send),
    ) -> Result<Option<Vec<ResultEntry>>, StoreError> {
        if self.batches.is_empty() {
            return if self.stop { Err(StoreError::Stopped("the file changed".into())) } else { Ok(None) };
        }
        Ok(Some(self.batches.remove(0)))
    }
}

/// 1,234 monthly figures for BV9 and VoidLoss1 (more than one INSERT's worth),
/// with commentary, Missing data and odd decimals among them.
fn many_results() -> Vec<ResultEntry> {
    (0..1234)
        .map(|i| {
            let month = format!("{}-{:02}", 1990 + i / 24, i % 12 + 1);
            let measure = if i % 24 < 12 { "BV9" } else { "VoidLoss1" };
            let mut entry = figure(measure, &month, Decimal::new(i as i64 * 7 + 1, 2), "2020-10-05T10:30:00Z");
            if i % 97 == 0 {
                entry.value = ResultValue::Missing { reason: format!("System down, week {i}") };
            }
            if i % 7 == 0
                && let ResultValue::Figure(f) = &mut entry.value
            {
                f.forecast = Some(Decimal::new(i as i64 * 3 + 5, 3));
            }
            if i % 5 == 0 {
                entry.commentary = Some(format!("Row {i}: \"quoted\", £ and ü"));
            }
            entry
        })
        .collect()
}

/// Hands over `batches`, asking before each what is stored for `asked`;
/// then gives one audit line.
struct Asking {
    batches: Vec<Vec<ResultEntry>>,
    asked: Vec<outturn_core::MeasureCode>,
    seen: Vec<Vec<usize>>,
}

#[async_trait]
impl ResultBatches for Asking {
    async fn next_batch(
        &mut self,
        stored: &mut (dyn StoredResults + Send),
    ) -> Result<Option<Vec<ResultEntry>>, StoreError> {
        let mut counts = Vec::new();
        for code in &self.asked {
            counts.push(stored.results_of(code).await?.len());
        }
        self.seen.push(counts);
        Ok((!self.batches.is_empty()).then(|| self.batches.remove(0)))
    }

    async fn finish(&mut self) -> Result<Vec<AuditRecord>, StoreError> {
        Ok(vec![audit("data.imported", "stevenage", "2020-10-05T10:30:00Z")])
    }
}

fn batches_of(entries: &[ResultEntry], size: usize) -> Vec<Vec<ResultEntry>> {
    entries.chunks(size).map(<[ResultEntry]>::to_vec).collect()
}

store_contract! {
    async fn batches_of_results_land_with_the_audit_record(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let revision = db.revision(&k("stevenage")).await.unwrap();
        let entries = many_results();
        let mut head = outturn_store::ChangeSet::for_council(k("stevenage"), "");
        head.audit.push(audit("data.imported", "stevenage", "2020-10-05T10:30:00Z"));
        let mut more = Batches { batches: batches_of(&entries, 300), stop: false };
        db.apply_in_batches(&head, &mut more).await.unwrap();

        let history = db.history(&k("stevenage")).await.unwrap();
        let mut stored: Vec<ResultEntry> =
            history.measures.values().flat_map(|h| h.results.iter().cloned()).collect();
        let mut expected = entries.clone();
        let order = |e: &ResultEntry| (e.measure.to_string(), e.period.sort_key());
        stored.sort_by_key(order);
        expected.sort_by_key(order);
        assert_eq!(stored, expected);
        assert_ne!(db.revision(&k("stevenage")).await.unwrap(), revision, "the revision moves on");
        let filter = AuditFilter { event_prefix: Some("data.imported".into()), limit: 10, ..AuditFilter::default() };
        assert_eq!(db.audit_log(&filter).await.unwrap().len(), 1);
    }

    async fn a_batch_source_that_stops_leaves_nothing_written(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let before = row_counts(&db).await;
        let revision = db.revision(&k("stevenage")).await.unwrap();
        let mut head = outturn_store::ChangeSet::for_council(k("stevenage"), "");
        head.audit.push(audit("data.imported", "stevenage", "2020-10-05T10:30:00Z"));
        let mut more = Batches { batches: batches_of(&many_results(), 500), stop: true };
        let err = db.apply_in_batches(&head, &mut more).await.unwrap_err();
        assert!(matches!(err, StoreError::Stopped(_)), "{err}");
        assert_eq!(row_counts(&db).await, before, "nothing written, not even the audit record");
        assert_eq!(db.revision(&k("stevenage")).await.unwrap(), revision);
    }

    async fn a_result_for_an_unknown_measure_in_a_batch_rolls_back_the_rest(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let before = row_counts(&db).await;
        let mut entries = many_results();
        entries[1000].measure = code("NOPE1");
        let head = outturn_store::ChangeSet::for_council(k("stevenage"), "");
        let mut more = Batches { batches: batches_of(&entries, 400), stop: false };
        let err = db.apply_in_batches(&head, &mut more).await.unwrap_err();
        assert!(matches!(err, StoreError::Dangling { .. }), "{err}");
        assert_eq!(row_counts(&db).await, before);
    }

    async fn a_batch_source_reads_what_was_stored_before_the_change_and_never_its_own_rows(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let mut first = outturn_store::ChangeSet::for_council(k("stevenage"), "");
        first.results = vec![
            figure("BV9", "2020-04", Decimal::new(1, 0), "2020-05-05T10:30:00Z"),
            figure("BV9", "2020-05", Decimal::new(2, 0), "2020-06-05T10:30:00Z"),
        ];
        db.apply(&first).await.unwrap();
        let head = outturn_store::ChangeSet::for_council(k("stevenage"), "");
        let entries = many_results();
        let mut more = Asking {
            batches: batches_of(&entries, 500),
            asked: vec![code("BV9"), code("VoidLoss1"), code("NOPE1")],
            seen: Vec::new(),
        };
        db.apply_in_batches(&head, &mut more).await.unwrap();
        // Asked before every batch and once more at the end: the same each time, whatever was written meanwhile.
        assert_eq!(more.seen, vec![vec![2, 0, 0]; 4]);
        let stored = db.measure_history(&k("stevenage"), &code("BV9")).await.unwrap().results;
        assert_eq!(stored.len(), 2 + entries.iter().filter(|e| e.measure.as_str() == "BV9").count());
        let filter = AuditFilter { event_prefix: Some("data.imported".into()), limit: 10, ..AuditFilter::default() };
        assert_eq!(db.audit_log(&filter).await.unwrap().len(), 1, "the late audit line lands with the change");
    }
}
