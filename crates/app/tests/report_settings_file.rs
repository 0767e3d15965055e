//! A framework file's `[report]` table and forecasts CSV: applied with the
//! rest of the framework, compared with what is stored (so a second apply
//! changes nothing), and every problem named by file, line and field with
//! nothing applied.

use std::collections::HashMap;

use outturn_app::AppError;
use outturn_app::framework::apply::apply_framework_file;
use outturn_app::framework::file::FileSource;
use outturn_core::Key;
use outturn_store::{Implication, SqliteStore, Store};

struct Files(HashMap<&'static str, String>);

impl FileSource for Files {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0.get(path).cloned().ok_or_else(|| format!("cannot read {path}: no such file"))
    }
}

const FRAMEWORK: &str = r#"[council]
slug = "testshire"
name = "Testshire District Council"

[[node_kinds]]
key = "theme"
name = "Theme"

[[nodes]]
key = "place"
kind = "theme"
name = "Place"

[[measures]]
code = "BV9"
title = "% Council Tax collected"
owner = "place"
unit = "percentage"
polarity = "higher"
frequency = "quarterly"
ytd = "snapshot"
status = { tolerance = "points", amber = "2" }

[data]
forecasts = "forecasts.csv"

[report]
committee = "Cabinet"
lead_officer = "Director of Resources"
contact = { name = "Performance Team", email = "performance@example.gov.uk" }

[[report.implications]]
title = "Financial implications"
text = "None arising."
"#;

const FORECASTS: &str = "measure,period,forecast\nBV9,2020/21,97.50\n";

fn files(framework: &str, forecasts: &str) -> Files {
    Files(HashMap::from([
        ("council/framework.toml", framework.to_string()),
        ("council/forecasts.csv", forecasts.to_string()),
    ]))
}

async fn store() -> SqliteStore {
    let store = SqliteStore::open("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    store
}

#[tokio::test]
async fn report_settings_and_forecasts_are_applied_once() {
    let db = store().await;
    let source = files(FRAMEWORK, FORECASTS);
    let applied =
        apply_framework_file(&db, &source, "council/framework.toml", &outturn_app::actor::Actor::command("test"))
            .await
            .unwrap();
    assert!(applied.changes.contains(&"set report settings".to_string()), "{:?}", applied.changes);
    assert!(applied.changes.contains(&"recorded 1 forecast".to_string()), "{:?}", applied.changes);
    let slug = Key::parse("testshire").unwrap();
    let settings = db.report_settings(&slug).await.unwrap();
    assert_eq!(settings.committee.as_deref(), Some("Cabinet"));
    assert_eq!(settings.contact_email.as_deref(), Some("performance@example.gov.uk"));
    assert_eq!(settings.contact_phone, None);
    assert_eq!(
        settings.implications,
        vec![Implication { title: "Financial implications".into(), text: "None arising.".into() }]
    );
    let forecasts = db.forecasts(&slug).await.unwrap();
    assert_eq!(forecasts.len(), 1);
    assert_eq!(forecasts[0].value.to_string(), "97.50", "exact as written");

    let again =
        apply_framework_file(&db, &source, "council/framework.toml", &outturn_app::actor::Actor::command("test"))
            .await
            .unwrap();
    assert!(again.changed_nothing(), "{:?}", again.changes);

    let revised =
        files(&FRAMEWORK.replace("\"Cabinet\"", "\"Executive\""), "measure,period,forecast\nBV9,2020/21,98\n");
    let applied =
        apply_framework_file(&db, &revised, "council/framework.toml", &outturn_app::actor::Actor::command("test"))
            .await
            .unwrap();
    assert_eq!(applied.changes, vec!["set report settings".to_string(), "recorded 1 forecast".to_string()]);
    assert_eq!(db.report_settings(&slug).await.unwrap().committee.as_deref(), Some("Executive"));
    assert_eq!(db.forecasts(&slug).await.unwrap()[0].value.to_string(), "98");
}

#[tokio::test]
async fn problems_name_the_file_line_and_field_and_nothing_is_applied() {
    let db = store().await;
    let bad_framework = FRAMEWORK
        .replace("performance@example.gov.uk", "performance.example")
        .replace("text = \"None arising.\"", "text = \"  \"");
    let bad_forecasts =
        "measure,period,forecast\nBV9,2020/21,lots\nNOPE,2020/21,1\nBV9,2020/21-Q2,1\nBV9,2020/21-Q2,2\n";
    let Err(AppError::FrameworkFile(problems)) = apply_framework_file(
        &db,
        &files(&bad_framework, bad_forecasts),
        "council/framework.toml",
        &outturn_app::actor::Actor::command("test"),
    )
    .await
    else {
        panic!("expected problems");
    };
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let line_of = |needle: &str| bad_framework.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for expected in [
        format!(
            "council/framework.toml:{}: report.contact.email: \"performance.example\" is not an email address",
            line_of("contact =")
        ),
        format!(
            "council/framework.toml:{}: report.implications.text: the text of \"Financial implications\" must not be empty",
            line_of("text = \"  \"")
        ),
        "council/forecasts.csv:2: forecast:".to_string(),
        "council/forecasts.csv:3: measure: NOPE is not a measure in the framework file".to_string(),
        "council/forecasts.csv:5: period: BV9 2020/21-Q2 is given a forecast twice".to_string(),
    ] {
        assert!(said.iter().any(|s| s.starts_with(&expected)), "missing {expected:?} in {said:#?}");
    }
    assert!(db.councils().await.unwrap().is_empty(), "nothing applied");
}
