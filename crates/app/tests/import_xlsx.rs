//! Importing a results spreadsheet (.xlsx): the same checks as a CSV, each
//! bad row named by the spreadsheet's row number and the column's header,
//! nothing written when any row is bad; a good workbook imports to the same
//! result as the equivalent CSV; a number cell of 59.9 stays exactly 59.9.

mod common;
use common::*;

use jiff::ToSpan;
use outturn_app::AppError;
use outturn_app::framework::file::DataKind;
use outturn_app::import::{Imported, describe_problem, import_file, import_workbook};
use outturn_app::results::data_changes::Counts;
use outturn_app::statuses::status_report::status_report;
use outturn_core::Key;
use outturn_store::Store;
use rust_xlsxwriter::Workbook;

/// Stevenage's quarterly measures for each quarter of 2015/16 to 2019/20,
/// with corrections until `rows` rows; row 880 (the first measure's last
/// recording for 2015/16-Q1) gives 59.9.
fn results_csv(codes: &[String], rows: usize) -> String {
    let quarters = quarters();
    let mut text = RESULTS_HEADER.to_string();
    for i in 0..rows {
        let code = &codes[i % codes.len()];
        let period = quarters[(i / codes.len()) % quarters.len()];
        let recording = i / (codes.len() * quarters.len());
        let day = period.end_date() + 20.days() + (recording as i64 * 7).days();
        let value = if i == 880 { "59.9".to_string() } else { format!("{}.{}", 40 + (i * 7) % 60, 1 + i % 9) };
        let commentary = if i % 5 == 0 { "\"Checked, as reported to committee\"" } else { "" };
        text.push_str(&format!("{code},{period},{value},,,,,{commentary},{day}T09:00:00Z,Performance team\n"));
    }
    text
}

/// The CSV as a workbook: a notes sheet first, then a sheet "results" with
/// the header in row 1 and every number as a number cell.
fn workbook_of(csv_text: &str) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet().set_name("Notes").unwrap();
    notes.write_string(0, 0, "Quarterly returns from the performance team").unwrap();
    let sheet = workbook.add_worksheet().set_name("results").unwrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(csv_text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(number) if r > 0 => sheet.write_number(r, c, number).map(|_| ()),
                _ if cell.is_empty() => Ok(()),
                _ => sheet.write_string(r, c, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

async fn import(store: &dyn Store, bytes: &[u8], dry_run: bool) -> Result<Imported, AppError> {
    import_workbook(
        store,
        &key("stevenage"),
        None,
        bytes,
        "results.xlsx",
        dry_run,
        now(),
        &outturn_app::actor::Actor::command("test import"),
    )
    .await
}

async fn recorded(store: &dyn Store) -> usize {
    let history = store.history(&Key::parse("stevenage").unwrap()).await.unwrap();
    history.measures.values().map(|h| h.results.len() + h.targets.len()).sum()
}

#[tokio::test]
async fn one_bad_row_imports_nothing_and_is_named_by_its_spreadsheet_row_and_column() {
    let store = demo_store().await;
    let codes = quarterly_codes(&store).await;
    let mut lines: Vec<String> = results_csv(&codes, 200).lines().map(str::to_string).collect();
    // Spreadsheet row 57 is the CSV's line 57: the header is row 1 in both.
    let mut cells: Vec<String> = lines[56].split(',').map(str::to_string).collect();
    cells[2] = "n/a".into();
    lines[56] = cells.join(",");
    let bad = workbook_of(&(lines.join("\n") + "\n"));
    let before = recorded(&store).await;

    let found = match import(&store, &bad, false).await {
        Err(AppError::ImportRows(found)) => found,
        other => panic!("expected bad rows, got {other:?}"),
    };
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        describe_problem(&found[0]),
        "results.xlsx:57: value: \"n/a\": \"n/a\" is not a number: write it like 59.9 or 224901"
    );
    assert_eq!(recorded(&store).await, before, "nothing written");
}

#[tokio::test]
async fn a_good_workbook_imports_as_the_same_csv_does() {
    let (by_xlsx, by_csv) = (demo_store().await, demo_store().await);
    let codes = quarterly_codes(&by_xlsx).await;
    let text = results_csv(&codes, 1000);
    let bytes = workbook_of(&text);

    let dry = import(&by_xlsx, &bytes, true).await.unwrap();
    assert_eq!(recorded(&by_xlsx).await, recorded(&by_csv).await, "a dry run writes nothing");
    let x = import(&by_xlsx, &bytes, false).await.unwrap();
    let c = import_file(
        &by_csv,
        &key("stevenage"),
        None,
        &text,
        "results.csv",
        false,
        now(),
        &outturn_app::actor::Actor::command("test import"),
    )
    .await
    .unwrap();
    assert_eq!(
        (x.kind, x.rows, x.counts),
        (DataKind::Results, 1000, Counts { added: 440, corrected: 560, unchanged: 0 })
    );
    assert_eq!((x.kind, x.rows, x.counts), (c.kind, c.rows, c.counts));
    assert_eq!(dry.counts, x.counts);
    assert_eq!(recorded(&by_xlsx).await, recorded(&by_csv).await);
    assert!(import(&by_xlsx, &bytes, false).await.unwrap().changes_nothing(), "importing again changes nothing");

    for period in quarters() {
        let a = status_report(&by_xlsx, &outturn_app::actor::Actor::command("test"), &key("stevenage"), period, None)
            .await
            .unwrap();
        let b = status_report(&by_csv, &outturn_app::actor::Actor::command("test"), &key("stevenage"), period, None)
            .await
            .unwrap();
        let line = |m: &outturn_app::statuses::status_report::MeasureStatus| (m.code.clone(), m.result, m.status);
        assert_eq!(a.measures.iter().map(line).collect::<Vec<_>>(), b.measures.iter().map(line).collect::<Vec<_>>());
    }

    // The number cell 59.9 is stored as exactly 59.9, not 59.900000000000006.
    let first =
        status_report(&by_xlsx, &outturn_app::actor::Actor::command("test"), &key("stevenage"), quarters()[0], None)
            .await
            .unwrap();
    let m = first.measures.iter().find(|m| m.code == codes[0]).unwrap();
    assert_eq!(m.result.unwrap().to_string(), "59.9");
}

#[tokio::test]
async fn a_tiny_workbook_claiming_the_last_cell_is_refused_with_a_clear_message() {
    let store = demo_store().await;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("results").unwrap();
    for (c, column) in RESULTS_HEADER.trim().split(',').enumerate() {
        sheet.write_string(0, c as u16, column).unwrap();
    }
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    let before = recorded(&store).await;
    for dry_run in [true, false] {
        let Err(AppError::ImportRows(problems)) = import(&store, &bytes, dry_run).await else {
            panic!("expected the workbook to be refused")
        };
        let said = describe_problem(&problems[0]);
        assert!(said.starts_with("results.xlsx: workbook: the sheet \"results\" declares"), "{said}");
        assert!(said.contains("XFD1048576") && said.contains("at most 64 columns"), "{said}");
    }
    assert_eq!(recorded(&store).await, before);
}
