//! On PostgreSQL every read of a council's history sees one snapshot: a change
//! committed while the read is between its queries is seen whole or not at all,
//! never half (its result without its target).
//!
//! The test holds an exclusive lock on `results` while it writes a target and
//! a result in one transaction, so the read stops at its results query, after
//! it has read the targets. Then the test commits. A read in one snapshot
//! (REPEATABLE READ) sees neither new row; a read whose queries each see what
//! is committed when they run (READ COMMITTED) sees the result but not the
//! target. Runs only when OUTTURN_TEST_DATABASE_URL is set; SQLite keeps one
//! snapshot per read transaction by itself (WAL).

#[macro_use]
mod support;

use std::sync::Arc;
use std::time::Duration;

use outturn_core::{FinancialYear, MeasureHistory};
use outturn_store::Store;
use support::*;

/// The reads that take a council's facts in more than one query.
#[derive(Debug, Clone, Copy)]
enum Read {
    History,
    HistoryInYears,
    MeasureHistory,
}

impl Read {
    /// What the read says of BV9.
    async fn bv9(self, store: &dyn Store) -> MeasureHistory {
        let slug = k("stevenage");
        let year: FinancialYear = "2020/21".parse().expect("a financial year");
        let history = match self {
            Read::History => store.history(&slug).await.map(std::sync::Arc::new),
            Read::HistoryInYears => store.history_in_years(&slug, year, year).await,
            Read::MeasureHistory => return store.measure_history(&slug, &code("BV9")).await.expect("measure history"),
        }
        .expect("history");
        history.measures.get(&code("BV9")).cloned().expect("BV9 is a measure")
    }
}

/// (target seen, result seen): whether the read saw the target and the result the test adds.
fn seen(history: &MeasureHistory) -> (bool, bool) {
    (
        history.targets.iter().any(|t| t.reason == "Raised mid-read"),
        history.results.iter().any(|r| r.period == p("2020/21-Q3")),
    )
}

async fn a_change_committed_mid_read_is_not_half_seen(read: Read, test: &str) {
    let Some(db) = TestDb::postgres(test).await else {
        eprintln!("{DATABASE_URL_VAR} is not set: not run on PostgreSQL");
        return;
    };
    let db = Arc::new(db);
    let outcome = tokio::spawn(check(db.clone(), read)).await;
    db.finish().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn check(db: Arc<TestDb>, read: Read) {
    db.apply(&definitions("stevenage")).await.expect("definitions");
    db.apply(&facts("stevenage")).await.expect("facts");
    let TestDb::Postgres(store) = &*db else { unreachable!("a PostgreSQL test database") };
    let pool = store.pool().clone();

    let mut writer = pool.begin().await.expect("begin the writer");
    for sql in [
        "LOCK TABLE results IN ACCESS EXCLUSIVE MODE",
        "INSERT INTO target_revisions (measure_id, period, financial_year, value, effective, reason, author, recorded_at)
         SELECT id, '2020/21', 2020, '85', '2020-12-01', 'Raised mid-read', 'test', '2020-12-01T09:00:00.000000000Z'
         FROM measures WHERE code = 'BV9'",
        "INSERT INTO results (measure_id, period, financial_year, kind, value, cumulative, recorded_at, recorded_by)
         SELECT id, '2020/21-Q3', 2020, 'figure', '61.2', FALSE, '2021-01-05T09:00:00.000000000Z', 'test'
         FROM measures WHERE code = 'BV9'",
        // As every write through the store does (what is kept in memory is kept per revision).
        "UPDATE councils SET revision = revision + 1 WHERE slug = 'stevenage'",
    ] {
        sqlx::query(sql).execute(&mut *writer).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    let reader = tokio::spawn({
        let db = db.clone();
        async move { read.bv9(&**db).await }
    });
    // Wait until the read waits for the lock on results: it has read the targets.
    let waiting = "SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = 'results'::regclass";
    let mut polls = 0;
    while sqlx::query_scalar::<_, i64>(waiting).fetch_one(&pool).await.expect("look at the locks") == 0 {
        polls += 1;
        assert!(polls < 500, "{read:?} never reached the results table");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    writer.commit().await.expect("commit the writer");

    let during = reader.await.expect("the read");
    assert_eq!(seen(&during), (false, false), "{read:?} saw part of a change committed while it read");
    let after = read.bv9(&**db).await;
    assert_eq!(seen(&after), (true, true), "{read:?} after the change sees all of it");
}

#[tokio::test]
async fn history_sees_one_snapshot() {
    a_change_committed_mid_read_is_not_half_seen(Read::History, "snap_history").await;
}

#[tokio::test]
async fn history_in_years_sees_one_snapshot() {
    a_change_committed_mid_read_is_not_half_seen(Read::HistoryInYears, "snap_in_years").await;
}

#[tokio::test]
async fn measure_history_sees_one_snapshot() {
    a_change_committed_mid_read_is_not_half_seen(Read::MeasureHistory, "snap_measure").await;
}
