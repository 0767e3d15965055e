//! Importing a results CSV as a stream (crates/app/src/import/results): rows
//! written in one reading are rolled back when a later row has a problem; a
//! file repeating a recording is read twice and counted as before; a file
//! that changes nothing writes nothing; a file changed between the checking
//! and the writing stops the import with nothing written; a file with
//! thousands of bad rows lists the first thousand and counts the rest;
//! progress is told in bytes up to the end.

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

/// A file whose text changes after its first `unchanged_reads` readings, as
/// if someone saved over it during the import.
struct ChangesAfterReading {
    first: Arc<[u8]>,
    then: Arc<[u8]>,
    unchanged_reads: usize,
    reads: AtomicUsize,
}

impl Reopen for ChangesAfterReading {
    fn reopen(&self) -> std::io::Result<Box<dyn Read + Send>> {
        let read = self.reads.fetch_add(1, Ordering::SeqCst);
        let text = if read < self.unchanged_reads { &self.first } else { &self.then };
        Ok(Box::new(std::io::Cursor::new(text.clone())))
    }
    fn size(&self) -> Option<u64> {
        Some(self.first.len() as u64)
    }
}

/// How many times a file was read.
struct FileReads(Arc<ChangesAfterReading>);

impl FileReads {
    fn load(&self, order: Ordering) -> usize {
        self.0.reads.load(order)
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

async fn revision(store: &dyn Store) -> Option<i64> {
    store.revision(&key("stevenage")).await.unwrap()
}

async fn imports_logged(store: &dyn Store) -> usize {
    let filter = outturn_store::AuditFilter {
        event_prefix: Some("data.imported".into()),
        limit: 100,
        ..outturn_store::AuditFilter::default()
    };
    store.audit_log(&filter).await.unwrap().len()
}

#[tokio::test]
async fn rows_written_before_a_later_row_with_a_problem_are_rolled_back() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let (before, revision_before) = (results_stored(&store).await, revision(&store).await);
    // More rows than a batch, so that some are written before the bad row is read.
    let count = codes.len() * quarters().len();
    assert!(count < 9_000);
    let mut text = RESULTS_HEADER.to_string();
    for i in 0..9_000 {
        let (code, period) = (&codes[i % codes.len()], quarters()[(i / codes.len()) % quarters().len()]);
        text.push_str(&format!("{code},{period},{i},,,,,,2021-01-{:02}T00:00:00Z,\n", 1 + i / count));
    }
    text.push_str(&format!("{},2019/20-Q4,n/a,,,,,,,\n", codes[0]));
    let Err(AppError::ImportRows(problems)) = import_text(&store, &text).await else { panic!("expected a problem") };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(9_002));
    assert_eq!(results_stored(&store).await, before, "nothing written");
    assert_eq!(revision(&store).await, revision_before);
    assert_eq!(imports_logged(&store).await, 0);
}

#[tokio::test]
async fn a_file_repeating_a_recording_is_read_twice_and_writes_each_result_once() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let before = results_stored(&store).await;
    let mut text = RESULTS_HEADER.to_string();
    for (i, code) in codes.iter().enumerate() {
        text.push_str(&format!("{code},2016/17-Q1,{i},,,,,,2021-01-02T00:00:00Z,\n"));
    }
    // The first measure's row again, word for word; then a correction of it, recorded later.
    text.push_str(&format!("{},2016/17-Q1,0,,,,,,2021-01-02T00:00:00Z,\n", codes[0]));
    text.push_str(&format!("{},2016/17-Q1,7,,,,,,2021-01-03T00:00:00Z,\n", codes[0]));
    let imported = import_text(&store, &text).await.unwrap();
    assert_eq!((imported.counts.added, imported.counts.corrected, imported.counts.unchanged), (codes.len(), 1, 1));
    assert_eq!(results_stored(&store).await, before + codes.len() + 1, "the repeat is not written");
    assert_eq!(imports_logged(&store).await, 1);
}

#[tokio::test]
async fn a_file_of_what_is_already_recorded_writes_nothing() {
    let store = demo_store().await;
    let (q2, _) = q2_rows(&store).await;
    let (before, revision_before) = (results_stored(&store).await, revision(&store).await);
    let text = format!("{}{}\n", export_header(), q2.join("\n"));
    let imported = import_text(&store, &text).await.unwrap();
    assert_eq!((imported.counts.added, imported.counts.corrected, imported.counts.unchanged), (0, 0, q2.len()));
    assert!(imported.changes_nothing());
    assert_eq!(results_stored(&store).await, before);
    assert_eq!(revision(&store).await, revision_before, "nothing changed, so nothing is recomputed");
    assert_eq!(imports_logged(&store).await, 0);
}

#[tokio::test]
async fn a_file_changed_between_checking_and_writing_imports_nothing() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let before = results_stored(&store).await;
    // The last row repeats the first, so the file is read twice (once to
    // check and write, which is rolled back, then to write what it adds).
    let mut first = rows(&codes, 440, "50");
    let repeated = first.lines().nth(1).unwrap().to_string();
    first.push_str(&format!("{repeated}\n"));
    let mut then = first.clone();
    then.push_str(&format!("{},2015/16-Q1,51,,,,,,2021-01-01T00:00:00Z,\n", codes[0]));
    let file = ChangesAfterReading {
        first: Arc::from(first.as_bytes()),
        then: Arc::from(then.as_bytes()),
        unchanged_reads: 1,
        reads: AtomicUsize::new(0),
    };
    let file = Arc::new(file);
    let file_reads = FileReads(file.clone());
    let outcome = import_results_file(
        &store,
        &key("stevenage"),
        file,
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
    assert_eq!(file_reads.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn thousands_of_bad_rows_list_the_first_thousand_and_count_the_rest() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let text = rows(&codes, 2500, "n/a");
    let file: Arc<[u8]> = Arc::from(text.as_bytes());
    let outcome = import_results_file(
        &store,
        &key("stevenage"),
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
    // A dry run only checks; an import checks and writes in one reading.
    for (dry_run, stage) in [(true, Stage::Checking), (false, Stage::Writing)] {
        let seen = Mutex::new(Vec::new());
        let file: Arc<[u8]> = Arc::from(text.as_bytes());
        let imported = import_results_file(
            &store,
            &key("stevenage"),
            Arc::new(file),
            "results.csv",
            dry_run,
            now(),
            &outturn_app::actor::Actor::command("test"),
            &|stage, bytes| seen.lock().unwrap().push((stage, bytes)),
        )
        .await
        .unwrap();
        assert_eq!(imported.counts.added, 440);
        let seen = seen.into_inner().unwrap();
        assert!(seen.iter().all(|(s, _)| *s == stage), "{dry_run}: {seen:?}");
        let bytes: Vec<u64> = seen.iter().map(|(_, b)| *b).collect();
        assert!(bytes.windows(2).all(|w| w[0] <= w[1]), "{stage:?} goes forward: {bytes:?}");
        // The last row's position is its start; the bar ends at the file's size.
        assert!(bytes.last().is_some_and(|b| *b > size - 100 && *b <= size), "{stage:?}: {bytes:?} of {size}");
    }
}

/// Publishes the council's 2020/21-Q2, which locks its results.
async fn import_text(store: &dyn Store, text: &str) -> Result<outturn_app::import::Imported, AppError> {
    let file: Arc<[u8]> = Arc::from(text.as_bytes());
    import_results_file(
        store,
        &key("stevenage"),
        Arc::new(file),
        "results.csv",
        false,
        now(),
        &outturn_app::actor::Actor::command("test"),
        &|_, _| {},
    )
    .await
}

/// The exported rows of 2020/21-Q2 (each says what is stored), and a
/// quarterly measure with a result stored for it.
/// The header of an export's rows (every column, as [`q2_rows`] gives them).
fn export_header() -> String {
    format!("{}\n", outturn_app::framework::file::RESULT_COLUMNS.join(","))
}

async fn q2_rows(store: &dyn Store) -> (Vec<String>, String) {
    let export =
        outturn_app::export::data_csv(store, &key("stevenage"), outturn_app::framework::file::DataKind::Results)
            .await
            .unwrap();
    let rows: Vec<String> = export.lines().filter(|l| l.contains(",2020/21-Q2,")).map(str::to_string).collect();
    assert!(rows.len() >= 2, "the demo has 2020/21-Q2 results");
    let code = rows.last().unwrap().split(',').next().unwrap().to_string();
    (rows, code)
}

#[tokio::test]
async fn every_row_is_checked_against_the_lock_however_many_unchanged_locked_rows_come_first() {
    let store = demo_store().await;
    publish_q2(&store).await;
    let (q2, changed) = q2_rows(&store).await;
    let before = results_stored(&store).await;
    // 100 unchanged locked rows (they change nothing, so they are not refused), then a change.
    let mut text = export_header();
    for _ in 0..100 {
        text.push_str(&q2[0]);
        text.push('\n');
    }
    text.push_str(&format!("{changed},2020/21-Q2,999,,,,,,test,,\n"));
    let outcome = import_text(&store, &text).await;
    let Err(AppError::Workflow(message)) = outcome else { panic!("expected the lock to refuse, got {outcome:?}") };
    assert!(message.contains(&format!("{changed} 2020/21-Q2: 2020/21-Q2 is published and locked")), "{message}");
    assert!(message.contains("(1 row of results.csv refused)"), "{message}");
    // The web upload's way in (a CSV, whatever its kind is told by the header) is the same.
    let actor = outturn_app::actor::Actor::command("test");
    let council = key("stevenage");
    let uploaded = outturn_app::import::import_file(&store, &council, None, &text, "upload.csv", false, now(), &actor);
    let Err(AppError::Workflow(message)) = uploaded.await else { panic!("expected the upload to be refused") };
    assert!(message.contains("(1 row of upload.csv refused)"), "{message}");
    assert_eq!(results_stored(&store).await, before, "nothing written");
}

#[tokio::test]
async fn a_refusal_counts_every_locked_row_and_names_the_first_hundred() {
    let store = demo_store().await;
    publish_q2(&store).await;
    let (q2, _) = q2_rows(&store).await;
    let before = results_stored(&store).await;
    // Each locked measure corrected 60 times over.
    let mut text = RESULTS_HEADER.to_string();
    let codes: Vec<&str> = q2.iter().map(|r| r.split(',').next().unwrap()).collect();
    let mut rows = 0;
    for i in 0..60 {
        for code in &codes {
            text.push_str(&format!("{code},2020/21-Q2,{},,,,,test,2020-12-01T00:{i:02}:00Z,\n", 1000 + i));
            rows += 1;
        }
    }
    let outcome = import_text(&store, &text).await;
    let Err(AppError::Workflow(message)) = outcome else { panic!("expected the lock to refuse, got {outcome:?}") };
    assert!(message.contains(&format!("({rows} rows of results.csv refused, the first 100 named)")), "{message}");
    assert_eq!(message.matches("is published and locked").count(), 100, "{message}");
    assert_eq!(results_stored(&store).await, before, "nothing written");
}

#[tokio::test]
async fn a_control_character_in_a_cell_is_a_problem_named_by_row_and_column() {
    let store = demo_store().await;
    let before = results_stored(&store).await;
    let text =
        format!("{RESULTS_HEADER}NI156,2020/21-Q3,140,,,,,nul\u{0}byte,,\nBV9,2020/21-Q3,59.9,,,,,,,\u{1b}[31mred\n");
    let Err(AppError::ImportRows(problems)) = import_text(&store, &text).await else { panic!("expected problems") };
    let found: Vec<_> = problems.iter().map(|p| (p.line, p.field.as_str(), p.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (Some(2), "commentary", "the text holds the control character U+0000, which cannot be stored: remove it"),
            (Some(3), "recorded_by", "the text holds the control character U+001B, which cannot be stored: remove it"),
        ]
    );
    assert_eq!(results_stored(&store).await, before, "nothing written");
}

#[tokio::test]
async fn a_recording_given_twice_with_different_figures_is_found_at_the_end_and_nothing_is_written() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let (before, revision_before) = (results_stored(&store).await, revision(&store).await);
    let mut text = RESULTS_HEADER.to_string();
    for code in &codes {
        text.push_str(&format!("{code},2016/17-Q1,10,,,,,,2021-01-02T00:00:00Z,\n"));
    }
    // Each row is sound alone: only the check across rows finds the second.
    text.push_str(&format!("{},2016/17-Q1,11,,,,,,2021-01-02T00:00:00Z,\n", codes[0]));
    let Err(AppError::ImportRows(problems)) = import_text(&store, &text).await else { panic!("expected a problem") };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(codes.len() + 2));
    assert!(problems[0].message.contains("row 2 gives"), "{}", problems[0].message);
    assert_eq!(results_stored(&store).await, before, "nothing written");
    assert_eq!(revision(&store).await, revision_before);
}
