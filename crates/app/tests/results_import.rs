//! Importing a results CSV as a stream (crates/app/src/results_import.rs):
//! a file changed between the checking and the writing stops the import with
//! nothing written; a file with thousands of bad rows lists the first
//! thousand and counts the rest; progress is told in bytes up to the end.

mod common;
use common::*;

use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use outturn_app::AppError;
use outturn_app::framework::file::MOST_PROBLEMS_LISTED;
use outturn_app::import::results::{Reopen, Stage, import_results_file};
use outturn_core::Key;
use outturn_store::Store;

/// A file whose text changes after its first reading, as if someone saved
/// over it during the import.
struct ChangesAfterFirstRead {
    first: Arc<[u8]>,
    then: Arc<[u8]>,
    reads: AtomicUsize,
}

impl Reopen for ChangesAfterFirstRead {
    fn reopen(&self) -> std::io::Result<Box<dyn Read + Send>> {
        let text = if self.reads.fetch_add(1, Ordering::SeqCst) == 0 { &self.first } else { &self.then };
        Ok(Box::new(std::io::Cursor::new(text.clone())))
    }
    fn size(&self) -> Option<u64> {
        Some(self.first.len() as u64)
    }
}

fn rows(codes: &[String], count: usize, value: &str) -> String {
    let quarters = quarters();
    let mut text = RESULTS_HEADER.to_string();
    for i in 0..count {
        let (code, period) = (&codes[i % codes.len()], quarters[(i / codes.len()) % quarters.len()]);
        text.push_str(&format!("{code},{period},{value},,,,,,,\n"));
    }
    text
}

async fn results_stored(store: &dyn Store) -> usize {
    let history = store.history(&Key::parse("stevenage").unwrap()).await.unwrap();
    history.measures.values().map(|h| h.results.len()).sum()
}

#[tokio::test]
async fn a_file_changed_between_checking_and_writing_imports_nothing() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let before = results_stored(&store).await;
    let first = rows(&codes, 440, "50");
    let mut then = first.clone();
    then.push_str(&format!("{},2015/16-Q1,51,,,,,,2021-01-01T00:00:00Z,\n", codes[0]));
    let file = ChangesAfterFirstRead {
        first: Arc::from(first.as_bytes()),
        then: Arc::from(then.as_bytes()),
        reads: AtomicUsize::new(0),
    };
    let outcome = import_results_file(
        &store,
        "stevenage",
        Arc::new(file),
        "results.csv",
        false,
        now(),
        &outturn_app::actor::Actor::command("test"),
        &|_, _| {},
    )
    .await;
    match outcome {
        Err(AppError::ImportRows(problems)) => {
            assert_eq!(problems.len(), 1);
            assert!(problems[0].message.contains("the file changed"), "{}", problems[0]);
        }
        other => panic!("expected the import to stop, got {other:?}"),
    }
    assert_eq!(results_stored(&store).await, before, "nothing written");
}

#[tokio::test]
async fn thousands_of_bad_rows_list_the_first_thousand_and_count_the_rest() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let text = rows(&codes, 2500, "n/a");
    let file: Arc<[u8]> = Arc::from(text.as_bytes());
    let outcome = import_results_file(
        &store,
        "stevenage",
        Arc::new(file),
        "results.csv",
        false,
        now(),
        &outturn_app::actor::Actor::command("test"),
        &|_, _| {},
    )
    .await;
    let Err(AppError::ImportRows(problems)) = outcome else { panic!("expected bad rows") };
    assert_eq!(problems.len(), MOST_PROBLEMS_LISTED + 1);
    assert_eq!(problems[0].line, Some(2));
    assert_eq!(problems[MOST_PROBLEMS_LISTED - 1].line, Some(MOST_PROBLEMS_LISTED + 1));
    let last = problems.last().unwrap();
    assert_eq!(last.message, "1500 more problems are not listed: fix these and check again");
}

#[tokio::test]
async fn progress_is_told_in_bytes_up_to_the_end_of_the_file_in_each_stage() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let text = rows(&codes, 440 * 10, "50").lines().take(441).collect::<Vec<_>>().join("\n") + "\n";
    let size = text.len() as u64;
    let seen = Mutex::new(Vec::new());
    let file: Arc<[u8]> = Arc::from(text.as_bytes());
    let imported = import_results_file(
        &store,
        "stevenage",
        Arc::new(file),
        "results.csv",
        false,
        now(),
        &outturn_app::actor::Actor::command("test"),
        &|stage, bytes| seen.lock().unwrap().push((stage, bytes)),
    )
    .await
    .unwrap();
    assert_eq!(imported.counts.added, 440);
    let seen = seen.into_inner().unwrap();
    for stage in [Stage::Checking, Stage::Writing] {
        let bytes: Vec<u64> = seen.iter().filter(|(s, _)| *s == stage).map(|(_, b)| *b).collect();
        assert!(bytes.windows(2).all(|w| w[0] <= w[1]), "{stage:?} goes forward: {bytes:?}");
        // The last row's position is its start; the bar ends at the file's size.
        assert!(bytes.last().is_some_and(|b| *b > size - 100 && *b <= size), "{stage:?}: {bytes:?} of {size}");
    }
}
