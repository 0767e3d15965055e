//! The store's contract for writing results in batches (a big import), on
//! SQLite always and on PostgreSQL when OUTTURN_TEST_DATABASE_URL is set:
//! every batch lands with the change set's audit record in one transaction,
//! many rows to a statement read back exactly, and a batch source that stops
//! leaves nothing written.

#[macro_use]
mod support;

use async_trait::async_trait;
use outturn_core::{ResultEntry, ResultValue};
use outturn_store::{AuditFilter, ResultBatches, StoreError};
use rust_decimal::Decimal;
use support::*;

/// Hands over `batches`, then stops with an error if `stop` says so.
struct Batches {
    batches: Vec<Vec<ResultEntry>>,
    stop: bool,
}

#[async_trait]
impl ResultBatches for Batches {
    async fn next_batch(&mut self) -> Result<Option<Vec<ResultEntry>>, StoreError> {
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
            if i % 5 == 0 {
                entry.commentary = Some(format!("Row {i}: \"quoted\", £ and ü"));
            }
            entry
        })
        .collect()
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
}
