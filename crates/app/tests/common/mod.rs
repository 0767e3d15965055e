//! What the import tests share: the demo in a fresh database, a fixed "now",
//! the quarters the generated files cover, the demo's quarterly measures.
#![allow(dead_code)] // each test file uses some of these

use jiff::Timestamp;
use outturn_app::demo::load_demo;
use outturn_core::{FinancialYear, Frequency, Key, Period, Quarter};
use outturn_store::{SqliteStore, Store};

pub const RESULTS_HEADER: &str =
    "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n";

/// A fresh in-memory database holding the demo councils.
pub async fn demo_store() -> SqliteStore {
    let s = SqliteStore::open("sqlite::memory:").await.unwrap();
    s.migrate().await.unwrap();
    load_demo(&s).await.unwrap();
    s
}

pub fn now() -> Timestamp {
    "2021-01-15T12:00:00Z".parse().unwrap()
}

/// Every quarter of 2015/16 to 2019/20.
pub fn quarters() -> Vec<Period> {
    (2015..2020)
        .flat_map(|y| (1..=4).map(move |q| FinancialYear::starting(y).unwrap().quarter(Quarter::new(q).unwrap())))
        .collect()
}

/// Stevenage's quarterly measure codes, as the demo framework defines them.
pub async fn quarterly_codes(store: &dyn Store) -> Vec<String> {
    let council = store.council(&Key::parse("stevenage").unwrap()).await.unwrap().unwrap();
    council.measures.iter().filter(|m| m.frequency == Frequency::Quarterly).map(|m| m.code.to_string()).collect()
}

/// A council or node key written in a test.
pub fn key(text: &str) -> Key {
    Key::parse(text).expect("a key")
}

/// A measure code written in a test.
pub fn measure_code(text: &str) -> outturn_core::MeasureCode {
    outturn_core::MeasureCode::parse(text).expect("a measure code")
}

/// Publishes Stevenage's 2020/21-Q2 report (its figures are then locked).
pub async fn publish_q2(store: &dyn Store) {
    let publication = outturn_store::NewPublication {
        council: key("stevenage"),
        kind: "quarterly".into(),
        period: outturn_core::Period::parse("2020/21-Q2").unwrap(),
        committee: "Executive".into(),
        meeting_date: jiff::civil::date(2020, 11, 11),
        published_at: "2020-11-02T10:00:00Z".parse().unwrap(),
        published_by: "officer".into(),
        content_hash: "ab".repeat(32),
        data: serde_json::json!({}),
        files: Vec::new(),
    };
    let audit = outturn_store::AuditRecord {
        at: "2020-11-02T10:00:00Z".parse().unwrap(),
        actor: "officer".into(),
        council: Some(key("stevenage")),
        event: "report.published".into(),
        subject: "2020/21-Q2".into(),
        before: None,
        after: None,
    };
    store.publish(&publication, &audit).await.unwrap();
}
