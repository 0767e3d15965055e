//! Importing results and targets CSVs: the whole file is checked first and
//! every bad row named (row, column, value, reason), with nothing written;
//! a good file imports in one change set with one audit record; importing
//! it again changes nothing; a dry run writes nothing; an export imported
//! into a fresh database with the same framework gives the same statuses.

mod common;
use common::*;

use jiff::ToSpan;
use outturn_app::AppError;
use outturn_app::export::{data_csv, open_data};
use outturn_app::framework::file::{DataKind, FileProblem};
use outturn_app::import::{Imported, describe_problem, import_file};
use outturn_app::results::data_changes::Counts;
use outturn_app::statuses::status_report::status_report;
use outturn_core::{Key, Period, Quarter};
use outturn_store::{AuditFilter, Store};

const TARGETS_HEADER: &str = "measure,period,target,effective,reason,author,recorded_at\n";

/// A results file of exactly `rows` rows: each measure's figure for each
/// quarter of 2015/16 to 2019/20 as first entered 20 days after the quarter,
/// then corrections (a later `recorded_at`) until the count is reached.
fn results_csv(codes: &[String], rows: usize) -> String {
    let quarters = quarters();
    let mut text = RESULTS_HEADER.to_string();
    for i in 0..rows {
        let code = &codes[i % codes.len()];
        let period = quarters[(i / codes.len()) % quarters.len()];
        let recording = i / (codes.len() * quarters.len());
        let day = period.end_date() + 20.days() + (recording as i64 * 7).days();
        let value = format!("{}.{}", 40 + (i * 7) % 60, i % 10);
        let commentary = if i % 5 == 0 { "\"Checked, as reported to committee\"" } else { "" };
        text.push_str(&format!("{code},{period},{value},,,,,{commentary},{day}T09:00:00Z,Performance team\n"));
    }
    text
}

/// A target for each measure and quarter, set at the start of the year.
fn targets_csv(codes: &[String]) -> String {
    let mut text = TARGETS_HEADER.to_string();
    for (i, period) in quarters().iter().enumerate() {
        let start = period.financial_year().quarter(Quarter::new(1).unwrap()).start_date();
        for (j, code) in codes.iter().enumerate() {
            let target = 60 + (i + j * 3) % 30;
            text.push_str(&format!(
                "{code},{period},{target},{start},Profiled target,Performance team,{start}T09:00:00Z\n"
            ));
        }
    }
    text
}

/// Replaces the value (third cell) of the row on `line` (the header is line 1).
fn with_value(text: &str, line: usize, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<&str> = lines[line - 1].split(',').collect();
    cells[2] = value;
    lines[line - 1] = cells.join(",");
    lines.join("\n") + "\n"
}

async fn import(store: &dyn Store, text: &str, dry_run: bool) -> Result<Imported, AppError> {
    import_file(
        store,
        &key("stevenage"),
        None,
        text,
        "results.csv",
        dry_run,
        now(),
        &outturn_app::actor::Actor::command("test import"),
    )
    .await
}

fn problems(result: Result<Imported, AppError>) -> Vec<FileProblem> {
    match result {
        Err(AppError::ImportRows(problems)) => problems,
        other => panic!("expected bad rows, got {other:?}"),
    }
}

async fn recorded(store: &dyn Store) -> (usize, usize) {
    let history = store.history(&Key::parse("stevenage").unwrap()).await.unwrap();
    history.measures.values().fold((0, 0), |(r, t), h| (r + h.results.len(), t + h.targets.len()))
}

async fn imports_audited(store: &dyn Store) -> usize {
    let filter = AuditFilter { event_prefix: Some("data.imported".into()), limit: 100, ..AuditFilter::default() };
    store.audit_log(&filter).await.unwrap().len()
}

#[tokio::test]
async fn one_bad_row_in_a_thousand_imports_nothing_and_names_that_row() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    assert_eq!(codes.len(), 22);
    let good = results_csv(&codes, 1000);
    assert_eq!(good.lines().count(), 1001);
    let bad = with_value(&good, 613, "n/a");
    let before = recorded(&store).await;

    let found = problems(import(&store, &bad, false).await);
    assert_eq!(found.len(), 1, "{found:?}");
    let p = &found[0];
    assert_eq!(
        (p.file.as_str(), p.line, p.field.as_str(), p.value.as_deref()),
        ("results.csv", Some(613), "value", Some("n/a"))
    );
    assert_eq!(
        describe_problem(p),
        "results.csv:613: value: \"n/a\": \"n/a\" is not a number: write it like 59.9 or 224901"
    );
    assert_eq!(recorded(&store).await, before, "nothing written");
    assert_eq!(imports_audited(&store).await, 0);
}

#[tokio::test]
async fn the_good_file_imports_once_and_again_changes_nothing() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let good = results_csv(&codes, 1000);
    let (results_before, targets_before) = recorded(&store).await;

    let first = import(&store, &good, false).await.unwrap();
    assert_eq!((first.kind, first.rows, first.dry_run), (DataKind::Results, 1000, false));
    assert_eq!(first.counts, Counts { added: 440, corrected: 560, unchanged: 0 });
    assert_eq!(recorded(&store).await, (results_before + 1000, targets_before));
    assert_eq!(imports_audited(&store).await, 1);

    let again = import(&store, &good, false).await.unwrap();
    assert_eq!(again.counts, Counts { added: 0, corrected: 0, unchanged: 1000 });
    assert!(again.changes_nothing());
    assert_eq!(recorded(&store).await, (results_before + 1000, targets_before));
    assert_eq!(imports_audited(&store).await, 1, "an import that changes nothing is not audited");

    // The latest recording is the result in force.
    let report = status_report(
        &store,
        &outturn_app::actor::Actor::command("test"),
        &key("stevenage"),
        Period::parse("2015/16-Q1").unwrap(),
        None,
    )
    .await
    .unwrap();
    let first_code = report.measures.iter().find(|m| m.code == codes[0]).unwrap();
    let prefix = format!("{},2015/16-Q1,", codes[0]);
    let last_row = good.lines().rfind(|l| l.starts_with(&prefix)).unwrap();
    assert_eq!(first_code.result.unwrap().to_string(), last_row.split(',').nth(2).unwrap());
}

#[tokio::test]
async fn a_dry_run_writes_nothing_and_says_what_it_would_do() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let good = results_csv(&codes, 1000);
    let before = recorded(&store).await;
    let dry = import(&store, &good, true).await.unwrap();
    assert!(dry.dry_run);
    assert_eq!(dry.counts, Counts { added: 440, corrected: 560, unchanged: 0 });
    assert_eq!(recorded(&store).await, before);
    assert_eq!(imports_audited(&store).await, 0);

    // A changed figure without a time of recording is a correction, recorded now.
    let one = format!("{RESULTS_HEADER}BV9,2020/21-Q2,60.4,,,,,Recounted,,\n");
    let dry = import(&store, &one, true).await.unwrap();
    assert_eq!(dry.counts, Counts { added: 0, corrected: 1, unchanged: 0 });
    let real = import(&store, &one, false).await.unwrap();
    assert_eq!(real.counts, dry.counts);
    assert_eq!(import(&store, &one, false).await.unwrap().counts, Counts { added: 0, corrected: 0, unchanged: 1 });
}

#[tokio::test]
async fn every_kind_of_bad_row_is_reported_at_once() {
    let store = demo_store().await;
    let text = format!(
        "{RESULTS_HEADER}\
         BV9,2019/20-Q1,95.1,,,,,,,\n\
         NOPE1,2019/20-Q1,10,,,,,,,\n\
         BV9,2019-06,95.1,,,,,,,\n\
         BV9,2019/20-Q2,ninety,,,,,,,\n\
         BV9,2019/20-Q3,missing,,,,,,,\n\
         BV9,2019/20-Q4,,,,,,,,\n\
         BV9,2019/20-Q1,96.2,,,,,,,\n\
         BV9,2019/20-Q1,95.1,,,,,,,\n\
         BV9,2019/20-Q9,1,,,,,,,\n"
    );
    let found: Vec<String> = problems(import(&store, &text, false).await).iter().map(describe_problem).collect();
    let expected = [
        "results.csv:3: measure: \"NOPE1\": NOPE1 is not a measure of council stevenage",
        "results.csv:4: period: \"2019-06\": BV9 is reported quarterly",
        "results.csv:5: value: \"ninety\": \"ninety\" is not a number",
        "results.csv:6: missing_reason: \"\": a missing result needs a reason",
        "results.csv:7: value: \"\": give a value, or a reason why the result is missing",
        "results.csv:8: value: row 2 gives BV9 2019/20-Q1 a different result",
        "results.csv:10: period: \"2019/20-Q9\":",
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (f, e) in found.iter().zip(expected) {
        assert!(f.starts_with(e), "{f}\n  should start {e}");
    }

    let targets = format!(
        "{TARGETS_HEADER}\
         BV9,2019/20-Q1,95,2019-04-01,Profiled,Performance team,\n\
         BV9,2019/20-Q1,96,2019-04-01,Profiled,Performance team,\n\
         BV9,2019/20-Q2,high,2019-04-01,Profiled,Performance team,\n\
         BV9,2019/20-Q3,95,2019-04-01,,Performance team,\n\
         BV9,2019/20-Q4,95,1 April,Profiled,Performance team,\n"
    );
    let found: Vec<String> = problems(
        import_file(
            &store,
            &key("stevenage"),
            None,
            &targets,
            "t.csv",
            false,
            now(),
            &outturn_app::actor::Actor::command("test"),
        )
        .await,
    )
    .iter()
    .map(describe_problem)
    .collect();
    let expected = [
        "t.csv:3: target: \"96\": row 2 gives BV9 2019/20-Q1 a different target (95)",
        "t.csv:4: target: \"high\": \"high\" is not a number",
        "t.csv:5: reason: \"\": must not be empty",
        "t.csv:6: effective: \"1 April\": \"1 April\" is not a date",
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (f, e) in found.iter().zip(expected) {
        assert!(f.starts_with(e), "{f}\n  should start {e}");
    }

    // A file that is no kind names every kind's header.
    let found = problems(import(&store, "code,quarter,figure\nBV9,2019/20-Q1,95\n", false).await);
    let message = describe_problem(&found[0]);
    assert!(
        message.starts_with(
            "results.csv:1: header: \"code,quarter,figure\": this is not a results, targets or measures file"
        ),
        "{message}"
    );
    assert!(message.contains("measure,period,value,numerator") && message.contains("measure,period,target,effective"));
    assert_eq!(recorded(&store).await, recorded(&demo_store().await).await);
}

#[tokio::test]
async fn an_export_imported_into_a_fresh_database_gives_the_same_statuses() {
    let from = demo_store().await;
    let codes = quarterly_codes(&from).await;
    let targets = import_file(
        &from,
        &key("stevenage"),
        None,
        &targets_csv(&codes),
        "targets.csv",
        false,
        now(),
        &outturn_app::actor::Actor::command("test"),
    )
    .await
    .unwrap();
    assert_eq!((targets.kind, targets.counts.added), (DataKind::Targets, 440));
    import(&from, &results_csv(&codes, 1000), false).await.unwrap();

    let results = data_csv(&from, &key("stevenage"), DataKind::Results).await.unwrap();
    let targets = data_csv(&from, &key("stevenage"), DataKind::Targets).await.unwrap();
    // Importing an export into the database it came from changes nothing.
    assert!(import(&from, &results, false).await.unwrap().changes_nothing());

    let to = demo_store().await;
    let t = import_file(
        &to,
        &key("stevenage"),
        None,
        &targets,
        "targets.csv",
        false,
        now(),
        &outturn_app::actor::Actor::command("test"),
    )
    .await
    .unwrap();
    assert_eq!(t.counts.added, 440);
    let r = import(&to, &results, false).await.unwrap();
    assert_eq!(
        r.counts,
        Counts { added: 440, corrected: 560, unchanged: 22 },
        "the demo's own quarter is stored already"
    );

    let open = open_data(&from, &outturn_app::actor::Actor::command("test"), &key("stevenage")).await.unwrap();
    assert_eq!(open.len(), 440 + 22);
    assert_eq!(open, open_data(&to, &outturn_app::actor::Actor::command("test"), &key("stevenage")).await.unwrap());
    let statuses: Vec<&str> = open.iter().map(|r| r.status.code()).collect();
    for status in ["green", "amber", "red"] {
        assert!(statuses.contains(&status), "a realistic file has {status} results");
    }
    for period in quarters() {
        let a = status_report(&from, &outturn_app::actor::Actor::command("test"), &key("stevenage"), period, None)
            .await
            .unwrap();
        let b = status_report(&to, &outturn_app::actor::Actor::command("test"), &key("stevenage"), period, None)
            .await
            .unwrap();
        assert_eq!(serde_json::to_value(&a).unwrap(), serde_json::to_value(&b).unwrap(), "{period}");
    }
}
