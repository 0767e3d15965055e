//! The store's contract for report drafts: report settings per council,
//! narrative per draft and forecast figures, on SQLite always and on
//! PostgreSQL when OUTTURN_TEST_DATABASE_URL is set (see contract.rs).

#[macro_use]
mod support;

use outturn_store::{AuditFilter, ChangeSet, DraftKey, Forecast, Implication, Narrative, ReportSettings, StoreError};
use rust_decimal_macros::dec;
use support::*;

fn settings() -> ReportSettings {
    ReportSettings {
        committee: Some("Executive".into()),
        portfolio_holder: Some("Portfolio Holder for Resources".into()),
        lead_officer: Some("Strategic Director".into()),
        contact_name: Some("Performance Team".into()),
        contact_email: Some("performance@example.org".into()),
        contact_phone: None,
        implications: vec![
            Implication { title: "Financial implications".into(), text: "None arising.".into() },
            Implication { title: "Risk implications".into(), text: "Set out in the spotlights.".into() },
        ],
    }
}

fn draft(period: &str) -> DraftKey {
    DraftKey { council: k("stevenage"), kind: "quarterly".into(), period: p(period) }
}

fn slots(pairs: &[(&str, &str)]) -> Narrative {
    pairs.iter().map(|(s, t)| (s.to_string(), t.to_string())).collect()
}

store_contract! {
    async fn report_settings_are_empty_until_set_then_replaced_whole(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        assert_eq!(db.report_settings(&k("stevenage")).await.unwrap(), ReportSettings::default());
        let mut changes = ChangeSet::for_council(k("stevenage"), "");
        changes.report_settings = Some(settings());
        db.apply(&changes).await.unwrap();
        assert_eq!(db.report_settings(&k("stevenage")).await.unwrap(), settings());

        let mut fewer = settings();
        fewer.committee = None;
        fewer.implications.truncate(1);
        changes.report_settings = Some(fewer.clone());
        db.apply(&changes).await.unwrap();
        assert_eq!(db.report_settings(&k("stevenage")).await.unwrap(), fewer, "replaced, not merged");
        assert!(matches!(db.report_settings(&k("nowhere")).await, Err(StoreError::NoCouncil(_))));
    }

    async fn forecasts_are_kept_per_measure_and_period_latest_wins(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let mut changes = ChangeSet::for_council(k("stevenage"), "");
        changes.forecasts = vec![
            Forecast { measure: code("BV9"), period: p("2020/21"), value: dec!(95.5) },
            Forecast { measure: code("BV9"), period: p("2020/21-Q2"), value: dec!(60.25) },
        ];
        db.apply(&changes).await.unwrap();
        changes.forecasts = vec![Forecast { measure: code("BV9"), period: p("2020/21"), value: dec!(96.10) }];
        db.apply(&changes).await.unwrap();
        let mut stored = db.forecasts(&k("stevenage")).await.unwrap();
        stored.sort_by_key(|f| f.period.to_string());
        assert_eq!(
            stored,
            vec![
                Forecast { measure: code("BV9"), period: p("2020/21"), value: dec!(96.10) },
                Forecast { measure: code("BV9"), period: p("2020/21-Q2"), value: dec!(60.25) },
            ]
        );
        assert_eq!(stored[0].value.to_string(), "96.10", "decimals exact as given");
    }

    async fn a_forecast_for_an_unknown_measure_changes_nothing(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let mut changes = ChangeSet::for_council(k("stevenage"), "");
        changes.report_settings = Some(settings());
        changes.forecasts = vec![Forecast { measure: code("NOPE1"), period: p("2020/21"), value: dec!(1) }];
        match db.apply(&changes).await {
            Err(StoreError::Dangling { missing, .. }) => assert!(missing.contains("NOPE1"), "{missing}"),
            other => panic!("expected Dangling, got {other:?}"),
        }
        assert_eq!(db.report_settings(&k("stevenage")).await.unwrap(), ReportSettings::default());
        assert!(db.forecasts(&k("stevenage")).await.unwrap().is_empty());
    }

    async fn narrative_is_kept_per_draft_and_cleared_by_empty_text(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let mut record = audit("report.narrative-saved", "quarterly 2020/21-Q2", "2020-10-20T09:00:00Z");
        record.council = Some(k("stevenage"));
        let q2 = draft("2020/21-Q2");
        assert!(db.narrative(&q2).await.unwrap().is_empty());
        db.save_narrative(&q2, &slots(&[("purpose", "To note **Q2**."), ("spotlight:BV9", "Collection fell.")]), "officer", &record)
            .await
            .unwrap();
        db.save_narrative(&draft("2020/21-Q3"), &slots(&[("purpose", "Q3 wording")]), "officer", &record)
            .await
            .unwrap();
        assert_eq!(
            db.narrative(&q2).await.unwrap(),
            slots(&[("purpose", "To note **Q2**."), ("spotlight:BV9", "Collection fell.")])
        );
        // Another slot added, one replaced, one cleared; the others kept.
        db.save_narrative(&q2, &slots(&[("purpose", "Revised."), ("spotlight:BV9", "  "), ("next-quarter", "Focus.")]), "officer", &record)
            .await
            .unwrap();
        assert_eq!(db.narrative(&q2).await.unwrap(), slots(&[("next-quarter", "Focus."), ("purpose", "Revised.")]));
        assert_eq!(db.narrative(&draft("2020/21-Q3")).await.unwrap(), slots(&[("purpose", "Q3 wording")]));
        let exception = DraftKey { kind: "exception".into(), ..q2.clone() };
        assert!(db.narrative(&exception).await.unwrap().is_empty(), "each kind of report is a draft of its own");
        let log = db.audit_log(&AuditFilter { event_prefix: Some("report.".into()), limit: 10, ..Default::default() }).await.unwrap();
        assert_eq!(log.len(), 3, "an audit line per save");
        let unknown = DraftKey { council: k("nowhere"), ..q2 };
        assert!(matches!(db.save_narrative(&unknown, &slots(&[("purpose", "x")]), "officer", &record).await, Err(StoreError::NoCouncil(_))));
    }
}
