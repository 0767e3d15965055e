//! The store's contract for officers' forecast overrides, on SQLite always
//! and on PostgreSQL when OUTTURN_TEST_DATABASE_URL is set: every override
//! is appended with its audit record (a later one for the same measure and
//! year is kept beside the earlier, never over it), read back exactly in
//! the order recorded, and one for a measure or council not stored writes
//! nothing at all.

#[macro_use]
mod support;

use outturn_core::{FinancialYear, Key};
use outturn_store::{AuditFilter, ForecastOverride, StoreError};
use rust_decimal_macros::dec;
use support::*;

fn year(text: &str) -> FinancialYear {
    text.parse().unwrap()
}

fn override_of(council: &str, measure: &str, fy: &str, value: outturn_core::Decimal, when: &str) -> ForecastOverride {
    ForecastOverride {
        council: k(council),
        measure: code(measure),
        year: year(fy),
        value,
        reason: format!("Officer's view at {when}"),
        recorded_by: "Pat Officer".into(),
        recorded_at: at(when),
    }
}

fn audited(subject: &str, when: &str) -> outturn_store::AuditRecord {
    let mut a = audit("forecast.overridden", subject, when);
    a.council = Some(Key::parse("stevenage").unwrap());
    a
}

async fn audit_subjects(db: &TestDb) -> Vec<String> {
    let filter = AuditFilter { limit: 100, ..AuditFilter::default() };
    db.audit_log(&filter).await.unwrap().into_iter().map(|a| a.subject).collect()
}

store_contract! {
    async fn overrides_are_appended_and_a_later_one_is_kept_beside_the_earlier(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        assert_eq!(db.forecast_overrides(&slug).await.unwrap(), vec![]);
        let first = override_of("stevenage", "NI156", "2020/21", dec!(96.30), "2020-10-20T09:00:00.123456789Z");
        let other = override_of("stevenage", "BV9", "2020/21", dec!(-1.5), "2020-10-21T09:00:00Z");
        let later = override_of("stevenage", "NI156", "2020/21", dec!(101), "2021-01-20T09:00:00Z");
        let next_year = override_of("stevenage", "NI156", "2021/22", dec!(0), "2021-01-21T09:00:00Z");
        let mut revision = db.revision(&slug).await.unwrap();
        for (o, subject) in [(&first, "NI156 2020/21"), (&other, "BV9 2020/21"), (&later, "NI156 2020/21 again"), (&next_year, "NI156 2021/22")] {
            db.record_forecast_override(o, &audited(subject, "2021-01-21T09:00:00Z")).await.unwrap();
            let now = db.revision(&slug).await.unwrap();
            assert_ne!(now, revision, "the measure's page shows its overrides, so the revision moves");
            revision = now;
        }
        let stored = db.forecast_overrides(&slug).await.unwrap();
        assert_eq!(stored, vec![first.clone(), other, later, next_year], "every one kept, in the order recorded");
        assert_eq!(stored[0].value.to_string(), "96.30", "the figure as given, decimal places and all");
        assert_eq!(stored[0].recorded_at, first.recorded_at, "the instant to the nanosecond");
        assert_eq!(db.count("forecast_overrides").await, 4);
        assert_eq!(audit_subjects(&db).await.len(), 4, "an audit line with each");
    }

    async fn an_override_of_a_measure_or_council_not_stored_writes_nothing(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        let before = db.revision(&slug).await.unwrap();
        let dangling = override_of("stevenage", "NoSuchCode", "2020/21", dec!(1), "2020-10-20T09:00:00Z");
        let refused = db.record_forecast_override(&dangling, &audited("NoSuchCode 2020/21", "2020-10-20T09:00:00Z")).await;
        assert!(matches!(&refused, Err(StoreError::Dangling { missing, .. }) if missing.contains("NoSuchCode")), "{refused:?}");
        let nowhere = override_of("nowhere", "NI156", "2020/21", dec!(1), "2020-10-20T09:00:00Z");
        let refused = db.record_forecast_override(&nowhere, &audited("NI156 2020/21", "2020-10-20T09:00:00Z")).await;
        assert!(matches!(refused, Err(StoreError::NoCouncil(_))), "{refused:?}");
        assert!(matches!(db.forecast_overrides(&k("nowhere")).await, Err(StoreError::NoCouncil(_))));
        assert_eq!(db.count("forecast_overrides").await, 0);
        assert_eq!(audit_subjects(&db).await, Vec::<String>::new(), "no audit line for a refused override");
        assert_eq!(db.revision(&slug).await.unwrap(), before);
    }

    async fn an_override_whose_audit_line_cannot_be_written_is_not_kept(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let o = override_of("stevenage", "NI156", "2020/21", dec!(90), "2020-10-20T09:00:00Z");
        let mut bad_audit = audited("NI156 2020/21", "2020-10-20T09:00:00Z");
        bad_audit.council = Some(k("nowhere"));
        let refused = db.record_forecast_override(&o, &bad_audit).await;
        assert!(matches!(refused, Err(StoreError::NoCouncil(_))), "{refused:?}");
        assert_eq!(db.forecast_overrides(&k("stevenage")).await.unwrap(), vec![], "one transaction: all or nothing");
    }

    async fn overrides_are_the_councils_own(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        db.apply(&definitions("other")).await.unwrap();
        let o = override_of("stevenage", "NI156", "2020/21", dec!(90), "2020-10-20T09:00:00Z");
        db.record_forecast_override(&o, &audited("NI156 2020/21", "2020-10-20T09:00:00Z")).await.unwrap();
        assert_eq!(db.forecast_overrides(&k("stevenage")).await.unwrap(), vec![o]);
        assert_eq!(db.forecast_overrides(&k("other")).await.unwrap(), vec![], "another council's measure of the same code has none");
    }
}
