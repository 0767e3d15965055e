//! The store's contract for collection rounds, sign-off steps and published
//! reports, on SQLite always and on PostgreSQL when OUTTURN_TEST_DATABASE_URL
//! is set: a round per period, steps appended in order (refused when someone
//! took one meanwhile), publications stored whole and read back byte for
//! byte, and every write with its audit record or not at all.

#[macro_use]
mod support;

use outturn_core::SignOffStep;
use outturn_store::{
    AuditFilter, ChangeSet, CommentaryWaiver, LocksSeen, NewPublication, PublishedFile, Round, SignOffEvent, StoreError,
};
use rust_decimal_macros::dec;
use support::*;

fn round(period: &str) -> Round {
    Round {
        council: k("stevenage"),
        period: p(period),
        entry_deadline: day("2020-10-16"),
        sign_off_deadline: day("2020-10-23"),
        opened_at: at("2020-10-01T09:00:00Z"),
        opened_by: "officer".into(),
        closed_at: None,
        closed_by: None,
    }
}

fn step(node: &str, step: SignOffStep, reason: Option<&str>, at_text: &str) -> SignOffEvent {
    SignOffEvent {
        council: k("stevenage"),
        period: p("2020/21-Q2"),
        node: k(node),
        step,
        reason: reason.map(str::to_string),
        at: at(at_text),
        by: "director".into(),
    }
}

fn publication() -> NewPublication {
    // Every byte value, so nothing is lost to a text encoding.
    let binary: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    NewPublication {
        council: k("stevenage"),
        kind: "quarterly".into(),
        period: p("2020/21-Q2"),
        committee: "Executive".into(),
        meeting_date: day("2020-11-11"),
        published_at: at("2020-11-02T10:00:00Z"),
        published_by: "officer".into(),
        content_hash: "ab".repeat(32),
        data: serde_json::json!({ "measures": [{ "code": "BV9", "result": "59.9" }] }),
        files: vec![
            PublishedFile {
                format: "html".into(),
                file_name: "q2.html".into(),
                media_type: "text/html; charset=utf-8".into(),
                bytes: b"<!DOCTYPE html><p>\xc2\xa3 59.9%".to_vec(),
            },
            PublishedFile {
                format: "pdf".into(),
                file_name: "q2.pdf".into(),
                media_type: "application/pdf".into(),
                bytes: binary,
            },
        ],
    }
}

async fn audit_events(db: &TestDb) -> Vec<String> {
    let filter = AuditFilter { limit: 100, ..AuditFilter::default() };
    db.audit_log(&filter).await.unwrap().into_iter().map(|a| a.event).collect()
}

store_contract! {
    async fn a_round_is_opened_once_per_period_and_closed_once(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        db.open_round(&round("2020/21-Q3"), &audit("round.opened", "round 2020/21-Q3", "2020-10-01T09:00:00Z")).await.unwrap();
        db.open_round(&round("2020/21-Q2"), &audit("round.opened", "round 2020/21-Q2", "2020-10-01T09:00:00Z")).await.unwrap();
        let again = db.open_round(&round("2020/21-Q2"), &audit("round.opened", "again", "2020-10-01T09:00:00Z")).await;
        assert!(matches!(again, Err(StoreError::Duplicate(_))), "{again:?}");
        let rounds = db.rounds(&k("stevenage")).await.unwrap();
        assert_eq!(rounds, vec![round("2020/21-Q2"), round("2020/21-Q3")], "by period, as stored");
        db.close_round(&k("stevenage"), p("2020/21-Q2"), at("2020-10-30T12:00:00Z"), "officer", &audit("round.closed", "round", "2020-10-30T12:00:00Z"))
            .await
            .unwrap();
        let closed = db.rounds(&k("stevenage")).await.unwrap().remove(0);
        assert_eq!(closed.closed_at, Some(at("2020-10-30T12:00:00Z")));
        assert_eq!(closed.closed_by.as_deref(), Some("officer"));
        let twice = db.close_round(&k("stevenage"), p("2020/21-Q2"), at("2020-10-31T12:00:00Z"), "officer", &audit("round.closed", "round", "2020-10-31T12:00:00Z")).await;
        assert!(matches!(twice, Err(StoreError::NoRound(_))), "{twice:?}");
        // The refused writes left no audit line.
        assert_eq!(audit_events(&db).await, vec!["round.closed", "round.opened", "round.opened"]);
        let unknown = db.rounds(&k("nowhere")).await;
        assert!(matches!(unknown, Err(StoreError::NoCouncil(_))), "{unknown:?}");
    }

    async fn sign_off_steps_are_appended_in_order_and_a_stale_step_is_refused(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let a = audit("sign-off.submit", "housing", "2020-10-10T09:00:00Z");
        db.record_sign_off(&step("housing-and-investment", SignOffStep::Submit, None, "2020-10-10T09:00:00Z"), 0, &a).await.unwrap();
        db.record_sign_off(&step("housing-and-investment", SignOffStep::SignOff, None, "2020-10-11T09:00:00Z"), 1, &a).await.unwrap();
        db.record_sign_off(&step("customer-services", SignOffStep::Submit, None, "2020-10-11T10:00:00Z"), 0, &a).await.unwrap();
        // Someone else took a step since this one was decided on.
        let stale = db.record_sign_off(&step("housing-and-investment", SignOffStep::Reopen, Some("typo"), "2020-10-12T09:00:00Z"), 1, &a).await;
        assert!(matches!(stale, Err(StoreError::Duplicate(_))), "{stale:?}");
        db.record_sign_off(&step("housing-and-investment", SignOffStep::Reopen, Some("BV66a keyed as 39.4"), "2020-10-12T09:00:00Z"), 2, &a).await.unwrap();
        let events = db.sign_off_events(&k("stevenage"), Some(p("2020/21-Q2"))).await.unwrap();
        assert_eq!(events.iter().map(|e| (e.node.as_str(), e.step)).collect::<Vec<_>>(), vec![
            ("housing-and-investment", SignOffStep::Submit),
            ("housing-and-investment", SignOffStep::SignOff),
            ("customer-services", SignOffStep::Submit),
            ("housing-and-investment", SignOffStep::Reopen),
        ]);
        assert_eq!(events[3], step("housing-and-investment", SignOffStep::Reopen, Some("BV66a keyed as 39.4"), "2020-10-12T09:00:00Z"));
        assert!(db.sign_off_events(&k("stevenage"), Some(p("2020/21-Q3"))).await.unwrap().is_empty());
        assert_eq!(db.sign_off_events(&k("stevenage"), None).await.unwrap().len(), 4);
        assert_eq!(audit_events(&db).await.len(), 4, "one audit line per step taken, none for the refused one");
    }

    async fn a_change_checked_against_sign_off_is_refused_once_sign_off_or_publishing_moves_on(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        let a = audit("sign-off.submit", "housing", "2020-10-10T09:00:00Z");
        db.record_sign_off(&step("housing-and-investment", SignOffStep::Submit, None, "2020-10-10T09:00:00Z"), 0, &a).await.unwrap();
        let checked = |steps, publications| {
            let mut change = ChangeSet::for_council(slug.clone(), "");
            change.results.push(figure("BV9", "2020/21-Q2", dec!(59.9), "2020-10-20T09:00:00Z"));
            change.expect_locks = Some(LocksSeen { sign_off_steps: steps, publications });
            change
        };
        // Checked against what was there before the step: refused, nothing written.
        assert!(matches!(db.apply(&checked(0, 0)).await, Err(StoreError::LocksMoved)));
        assert!(db.measure_history(&slug, &code("BV9")).await.unwrap().results.is_empty());
        // Checked against what is there now: written.
        db.apply(&checked(1, 0)).await.unwrap();
        assert_eq!(db.measure_history(&slug, &code("BV9")).await.unwrap().results.len(), 1);
        // A publication moves it on too.
        db.publish(&publication(), &audit("report.published", "quarterly report", "2020-11-02T10:00:00Z")).await.unwrap();
        assert!(matches!(db.apply(&checked(1, 0)).await, Err(StoreError::LocksMoved)));
        db.apply(&checked(1, 1)).await.unwrap();
        assert_eq!(db.measure_history(&slug, &code("BV9")).await.unwrap().results.len(), 2);
        // Another council's sign-off does not count.
        db.apply(&definitions("epping")).await.unwrap();
        let other = SignOffEvent { council: k("epping"), ..step("housing-and-investment", SignOffStep::Submit, None, "2020-10-12T09:00:00Z") };
        db.record_sign_off(&other, 0, &a).await.unwrap();
        db.apply(&checked(1, 1)).await.unwrap();
    }

    async fn a_publication_is_stored_whole_and_read_back_byte_for_byte(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        db.apply(&definitions("epping")).await.unwrap();
        let new = publication();
        let id = db.publish(&new, &audit("report.published", "quarterly report", "2020-11-02T10:00:00Z")).await.unwrap();
        let (listed, data) = db.publication(id).await.unwrap().expect("stored");
        assert_eq!(listed.id, id);
        assert_eq!(listed.council, k("stevenage"));
        assert_eq!((listed.kind.as_str(), listed.period, listed.committee.as_str()), ("quarterly", p("2020/21-Q2"), "Executive"));
        assert_eq!(listed.meeting_date, day("2020-11-11"));
        assert_eq!(listed.published_at, at("2020-11-02T10:00:00Z"));
        assert_eq!(listed.content_hash, new.content_hash);
        assert_eq!(listed.formats, vec!["html", "pdf"]);
        assert_eq!(data, new.data);
        for f in &new.files {
            assert_eq!(db.publication_file(id, &f.format).await.unwrap().as_ref(), Some(f));
        }
        assert_eq!(db.publication_file(id, "docx").await.unwrap(), None);
        assert_eq!(db.publication(id + 100).await.unwrap(), None);
        assert_eq!(db.publications(Some(&k("stevenage"))).await.unwrap(), vec![listed.clone()]);
        assert!(db.publications(Some(&k("epping"))).await.unwrap().is_empty());
        assert_eq!(db.publications(None).await.unwrap(), vec![listed]);
        assert_eq!(audit_events(&db).await, vec!["report.published"]);
    }

    async fn a_publication_that_cannot_be_stored_leaves_nothing(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let mut twice = publication();
        // The same format twice breaks the files' key after the publication row is written.
        twice.files.push(twice.files[0].clone());
        assert!(db.publish(&twice, &audit("report.published", "quarterly report", "2020-11-02T10:00:00Z")).await.is_err());
        assert!(db.publications(None).await.unwrap().is_empty());
        assert_eq!(db.count("publication_files").await, 0);
        assert!(audit_events(&db).await.is_empty());
    }

    async fn rounds_sign_off_and_publishing_move_the_revision_the_store_reports(db) {
        // Statuses depend on the rounds, so what is kept per revision must not outlive them.
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        let defined = db.revision(&slug).await.unwrap().expect("a revision");
        db.open_round(&round("2020/21-Q2"), &audit("round.opened", "round 2020/21-Q2", "2020-10-01T09:00:00Z")).await.unwrap();
        let opened = db.revision(&slug).await.unwrap().expect("a revision");
        assert_ne!(opened, defined, "opening a round moves the revision");
        let closing = audit("round.closed", "round 2020/21-Q2", "2020-10-24T09:00:00Z");
        db.close_round(&slug, p("2020/21-Q2"), at("2020-10-24T09:00:00Z"), "officer", &closing).await.unwrap();
        let closed = db.revision(&slug).await.unwrap().expect("a revision");
        assert_ne!(closed, opened, "closing a round moves the revision");
        // The period's standing (signed off, published) is shown with its statuses, so it moves too.
        let a = audit("sign-off.submitted", "housing-and-investment 2020/21-Q2", "2020-10-25T09:00:00Z");
        db.record_sign_off(&step("housing-and-investment", SignOffStep::Submit, None, "2020-10-25T09:00:00Z"), 0, &a).await.unwrap();
        let submitted = db.revision(&slug).await.unwrap().expect("a revision");
        assert_ne!(submitted, closed, "a sign-off step moves the revision");
        db.publish(&publication(), &audit("report.published", "quarterly report", "2020-11-02T10:00:00Z")).await.unwrap();
        assert_ne!(db.revision(&slug).await.unwrap().expect("a revision"), submitted, "publishing moves the revision");
    }

    async fn a_commentary_waiver_is_recorded_once_per_measure_and_period_and_moves_the_revision(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        let waiver = CommentaryWaiver {
            council: slug.clone(),
            measure: code("NI156"),
            period: p("2020/21-Q3"),
            reason: "Explained in the housing spotlight".into(),
            recorded_at: at("2020-10-20T09:00:00Z"),
            recorded_by: "officer".into(),
        };
        let before = db.revision(&slug).await.unwrap();
        db.waive_commentary(&waiver, &audit("commentary.waived", "NI156 2020/21-Q3", "2020-10-20T09:00:00Z")).await.unwrap();
        assert_ne!(db.revision(&slug).await.unwrap(), before, "statuses show what is owed, so the revision moves");
        let again = db.waive_commentary(&waiver, &audit("commentary.waived", "again", "2020-10-20T09:00:00Z")).await;
        assert!(matches!(again, Err(StoreError::Duplicate(_))), "{again:?}");
        assert_eq!(db.commentary_waivers(&slug).await.unwrap(), vec![waiver]);
        assert_eq!(audit_events(&db).await, vec!["commentary.waived"], "none for the refused one");
        let unknown = db.commentary_waivers(&k("nowhere")).await;
        assert!(matches!(unknown, Err(StoreError::NoCouncil(_))), "{unknown:?}");
    }
}
