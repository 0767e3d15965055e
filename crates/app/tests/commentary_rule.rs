//! The commentary rule through the app's use cases, for the paths the web
//! test (crates/web/tests/commentary_rule.rs) does not drive: a results
//! spreadsheet (.xlsx) leaves a Red result owing commentary and says so,
//! sign-off refuses the unit while it owes, an officer's waiver settles it;
//! and the data-entry use case refuses the same result without commentary.

mod common;
use common::*;

use outturn_app::AppError;
use outturn_app::actor::Actor;
use outturn_app::import::import_workbook;
use outturn_app::results::commentary::waive_commentary;
use outturn_app::results::data_entry::{EntryError, Submission, record_result};
use outturn_app::rounds::open_round;
use outturn_app::rounds::sign_off::take_step;
use outturn_app::statuses::status_report::status_report;
use outturn_app::targets::target_revise::{TargetInput, revise_target};
use outturn_core::commentary::CommentaryNeed;
use outturn_core::result::ResultInput;
use outturn_core::{Decimal, Period, SignOffStep, Status};
use rust_xlsxwriter::Workbook;

fn q3() -> Period {
    Period::parse("2020/21-Q3").unwrap()
}

/// A results workbook with one row: NI156's Q3 figure, no commentary.
fn ni156_workbook(value: f64) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("results").unwrap();
    for (c, header) in RESULTS_HEADER.trim_end().split(',').enumerate() {
        sheet.write_string(0, c as u16, header).unwrap();
    }
    sheet.write_string(1, 0, "NI156").unwrap();
    sheet.write_string(1, 1, "2020/21-Q3").unwrap();
    sheet.write_number(1, 2, value).unwrap();
    workbook.save_to_buffer().unwrap()
}

async fn need(store: &dyn outturn_store::Store, code: &str) -> CommentaryNeed {
    let report = status_report(store, &Actor::command("test"), &key("stevenage"), q3(), None).await.unwrap();
    report.measures.iter().find(|m| m.code == code).expect("due in Q3").commentary_need
}

async fn submit_housing(store: &dyn outturn_store::Store) -> Result<(), AppError> {
    let actor = Actor::command("test");
    take_step(store, &actor, &key("stevenage"), q3(), &key("housing-and-investment"), SignOffStep::Submit, None, now())
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_spreadsheet_row_that_is_red_leaves_commentary_owed_until_it_is_settled() {
    let store = demo_store().await;
    let officer = Actor::command("officer");
    let day = |d: &str| d.parse().unwrap();
    open_round(&store, &officer, &key("stevenage"), q3(), day("2021-01-15"), day("2021-01-22"), now()).await.unwrap();
    let target = TargetInput {
        period: q3(),
        value: Decimal::from(100),
        effective: day("2020-10-01"),
        reason: "Quarter 3 target".into(),
    };
    revise_target(&store, &officer, &key("stevenage"), &measure_code("NI156"), target, now()).await.unwrap();

    // The spreadsheet cannot ask for commentary: the row is recorded and the import says what is owed.
    let imported =
        import_workbook(&store, &key("stevenage"), None, &ni156_workbook(150.0), "q3.xlsx", false, now(), &officer)
            .await
            .unwrap();
    assert_eq!(imported.counts.added, 1);
    let owed: Vec<(String, Period, Status)> =
        imported.commentary_owed.iter().map(|o| (o.code.clone(), o.period, o.status)).collect();
    assert_eq!(owed, vec![("NI156".to_string(), q3(), Status::Red)]);
    assert_eq!(imported.commentary_owed[0].unit_name, "Housing and Investment");
    assert_eq!(need(&store, "NI156").await, CommentaryNeed::Owed);

    // The unit cannot be sent while it owes.
    let refused = submit_housing(&store).await.unwrap_err().to_string();
    assert!(refused.contains("commentary is needed first for 1 Red or Amber result: NI156"), "{refused}");

    // The data-entry use case refuses the same figure without commentary.
    let submission = Submission {
        period: q3(),
        input: ResultInput { value: Some(Decimal::from(150)), ..ResultInput::default() },
        seen: outturn_app::results::data_entry::Seen::InPeriod(1),
    };
    match record_result(&store, &officer, &key("stevenage"), &measure_code("NI156"), submission, now()).await {
        Err(EntryError::Invalid(errors)) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].field, "commentary");
            assert_eq!(errors[0].message, "This result is Red: say why, and what is being done about it");
        }
        other => panic!("refused on the commentary field, not {other:?}"),
    }

    // A waiver needs a reason, then settles it; it is recorded once.
    let empty = waive_commentary(&store, &officer, &key("stevenage"), &measure_code("NI156"), q3(), "  ", now()).await;
    assert!(matches!(empty, Err(AppError::BadInput { field: "waiver_reason", .. })), "{empty:?}");
    let why = "Explained in the homelessness spotlight";
    waive_commentary(&store, &officer, &key("stevenage"), &measure_code("NI156"), q3(), why, now()).await.unwrap();
    assert_eq!(need(&store, "NI156").await, CommentaryNeed::Waived);
    let again = waive_commentary(&store, &officer, &key("stevenage"), &measure_code("NI156"), q3(), why, now()).await;
    assert!(matches!(again, Err(AppError::Workflow(_))), "{again:?}");
    submit_housing(&store).await.expect("nothing owed now");
}
