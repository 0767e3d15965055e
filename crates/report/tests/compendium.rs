//! The compendium workbook for the Stevenage Q2 2020/21 demo, read back with
//! calamine as a spreadsheet would read it.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use outturn_core::Period;
use outturn_report::Settings;
use outturn_report::compendium::compendium;
use outturn_store::{SqliteStore, Store};

async fn stevenage_q2_workbook() -> Xlsx<Cursor<Vec<u8>>> {
    let store = SqliteStore::open("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    outturn_app::demo::load_demo(&store).await.unwrap();
    let generated_at: jiff::Timestamp = "2020-11-01T09:00:00Z".parse().unwrap();
    let bytes = compendium(
        &store,
        &outturn_app::actor::Actor::command("test"),
        &outturn_core::Key::parse("stevenage").unwrap(),
        Period::parse("2020/21-Q2").unwrap(),
        &Settings::default(),
        generated_at,
    )
    .await
    .unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx file is a zip archive");
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

fn text(cell: Option<&Data>) -> String {
    cell.map(ToString::to_string).unwrap_or_default()
}

#[tokio::test]
async fn every_measure_due_is_a_row_with_its_status_in_words_and_figures_as_numbers() {
    let mut workbook = stevenage_q2_workbook().await;
    assert_eq!(workbook.sheet_names(), vec!["About".to_string(), "All measures".to_string()]);

    let sheet = workbook.worksheet_range("All measures").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(
        header,
        [
            "Code",
            "Title",
            "Group",
            "Owner",
            "Period",
            "Unit",
            "Target",
            "Result",
            "Variance",
            "Status",
            "Direction",
            "Direction last year",
            "Missing reason",
            "Commentary"
        ]
    );
    let measures = &rows[1..];
    assert_eq!(measures.len(), 22, "one row per measure due");
    let row = |code: &str| *measures.iter().find(|r| text(r.first()) == code).unwrap_or_else(|| panic!("{code}"));
    for (code, status) in [("BV9", "Amber"), ("CSC12", "Green"), ("NI156", "Red"), ("EOC4a", "Missing data")] {
        assert_eq!(text(row(code).get(9)), status, "{code}");
    }
    let bv9 = row("BV9");
    assert_eq!(bv9.get(6), Some(&Data::Float(61.0)), "target as a number");
    assert_eq!(bv9.get(7), Some(&Data::Float(59.9)), "result as a number");
    assert!(matches!(bv9.get(8), Some(Data::Float(_))), "variance as a number");
    assert_eq!(text(bv9.get(5)), "percentage");
    assert!(!text(row("EOC4a").get(12)).is_empty(), "missing data has its reason");
    assert!(matches!(row("EOC4a").get(7), None | Some(Data::Empty)), "no result for missing data");

    let about = workbook.worksheet_range("About").unwrap();
    let about: Vec<String> =
        about.rows().map(|r| r.iter().map(ToString::to_string).collect::<Vec<_>>().join(" | ")).collect();
    let about = about.join("\n");
    assert!(about.contains("Council | Stevenage"), "{about}");
    assert!(about.contains("2020/21-Q2"), "{about}");
    assert!(about.contains("Generated at | 2020-11-01 09:00:00 UTC"), "{about}");
    assert!(about.contains("Group | Reported | Green | Amber | Red | Missing data"), "{about}");
}
