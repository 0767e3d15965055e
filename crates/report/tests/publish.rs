//! Publishing the Stevenage Q2 2020/21 demo report: every format and the
//! compendium stored with the data and a hash; the period is then locked; a
//! correction recorded with a reason changes "now" but never the stored
//! bytes or the hash, and `changes_since` names it.

use outturn_app::accounts::{NewUser, add_user};
use outturn_app::actor::Actor;
use outturn_app::reports::publication::changes_since;
use outturn_app::results::data_entry::{EntryError, Submission, record_correction, record_result};
use outturn_core::result::ResultInput;
use outturn_core::{Key, Period, Role};
use outturn_report::publish::{PublishRequest, content_hash, publish};
use outturn_report::{Format, ReportKind};
use outturn_store::{SqliteStore, Store};
use rust_decimal_macros::dec;

fn q2() -> Period {
    Period::parse("2020/21-Q2").unwrap()
}

async fn demo_with_owner() -> (SqliteStore, Actor) {
    let store = SqliteStore::open("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    outturn_app::demo::load_demo(&store).await.unwrap();
    let owner = NewUser {
        username: "owner".into(),
        display_name: "Pat Kelly".into(),
        role: Role::DataOwner,
        council: Some(Key::parse("stevenage").unwrap()),
        nodes: vec![Key::parse("housing-and-investment").unwrap()],
        password: "a long test password 1".into(),
    };
    let owner = add_user(&store, &Actor::command("test"), owner).await.unwrap();
    (store, Actor::User(owner))
}

fn bv66a(value: rust_decimal::Decimal, seen: usize) -> Submission {
    Submission {
        period: q2(),
        input: ResultInput {
            value: Some(value),
            commentary: Some("Rent collection after the arrears review".into()),
            ..ResultInput::default()
        },
        seen: outturn_app::results::data_entry::Seen::InPeriod(seen),
    }
}

#[tokio::test]
async fn a_correction_after_publication_leaves_the_published_report_byte_identical() {
    let (store, owner) = demo_with_owner().await;
    let request = PublishRequest {
        council: &key("stevenage"),
        kind: ReportKind::Quarterly,
        period: q2(),
        committee: "Executive",
        meeting_date: "2020-11-11".parse().unwrap(),
        override_reason: Some("Published for the test with the checklist open"),
    };
    let now: jiff::Timestamp = "2020-11-02T10:00:00Z".parse().unwrap();
    let published = publish(&store, &Actor::command("test"), &request, now).await.unwrap();
    let mut formats: Vec<String> = Format::ALL.iter().map(|f| f.code().to_string()).collect();
    formats.push("xlsx".into());
    formats.push("json".into());
    formats.sort();
    assert_eq!(published.formats, formats, "every format the report renders to, and the compendium");
    let (_, data) = store.publication(published.id).await.unwrap().unwrap();
    let mut files = Vec::new();
    for f in Format::ALL.iter().map(|f| f.code()).chain(["json", "xlsx"]) {
        files.push(store.publication_file(published.id, f).await.unwrap().unwrap());
    }
    assert_eq!(content_hash(&files, &data), published.content_hash, "the hash covers the stored files and data");
    let html = String::from_utf8(files[0].bytes.clone()).unwrap();
    assert!(html.contains("BV66a") && html.contains("93.4%"), "the published figure");

    // Locked: an ordinary edit is refused and nothing is recorded.
    let seen =
        store.measure_history(&Key::parse("stevenage").unwrap(), &measure_code("BV66a")).await.unwrap().results.len();
    match record_result(&store, &owner, &key("stevenage"), &measure_code("BV66a"), bv66a(dec!(95.1), seen), now).await {
        Err(EntryError::App(e)) => {
            assert!(
                e.to_string().contains("2020/21-Q2 is published and locked: record a correction with a reason"),
                "{e}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let blank = record_correction(
        &store,
        &owner,
        &key("stevenage"),
        &measure_code("BV66a"),
        bv66a(dec!(95.1), seen),
        "  ",
        now,
    )
    .await;
    assert!(matches!(blank, Err(EntryError::Invalid(_))), "a correction needs a reason");

    let later: jiff::Timestamp = "2020-11-20T10:00:00Z".parse().unwrap();
    record_correction(
        &store,
        &owner,
        &key("stevenage"),
        &measure_code("BV66a"),
        bv66a(dec!(95.1), seen),
        "Arrears review found 1.7 points unallocated",
        later,
    )
    .await
    .unwrap();

    // The stored report is unchanged, byte for byte, and so is its hash.
    let (again, data_again) = store.publication(published.id).await.unwrap().unwrap();
    assert_eq!(again.content_hash, published.content_hash);
    assert_eq!(data_again, data);
    for f in &files {
        assert_eq!(store.publication_file(published.id, &f.format).await.unwrap().as_ref(), Some(f), "{}", f.format);
    }
    // "Now" differs, and says where.
    let changes = changes_since(&store, &Actor::command("test"), published.id).await.unwrap();
    let bv = changes.changes.iter().find(|c| c.code == "BV66a").expect("BV66a has changed");
    assert_eq!((bv.published_result.as_deref(), bv.now_result.as_deref()), (Some("93.4%"), Some("95.1%")));
    assert_eq!(changes.changes.len(), 1, "{:?}", changes.changes);
    // The correction is audited with its reason.
    let filter = outturn_store::AuditFilter { event_prefix: Some("result.".into()), limit: 10, ..Default::default() };
    let log = store.audit_log(&filter).await.unwrap();
    assert_eq!(log[0].event, "result.corrected-after-publication");
    assert_eq!(log[0].after.as_ref().unwrap()["correction_reason"], "Arrears review found 1.7 points unallocated");
}

#[tokio::test]
async fn publishing_with_checklist_items_open_needs_a_reason_which_the_audit_log_keeps() {
    let (store, _) = demo_with_owner().await;
    let mut request = PublishRequest {
        council: &key("stevenage"),
        kind: ReportKind::Quarterly,
        period: q2(),
        committee: "Executive",
        meeting_date: "2020-11-11".parse().unwrap(),
        override_reason: None,
    };
    let now: jiff::Timestamp = "2020-11-02T10:00:00Z".parse().unwrap();
    let stevenage = Key::parse("stevenage").unwrap();
    for blank in [None, Some("   ")] {
        request.override_reason = blank;
        let refused = publish(&store, &Actor::command("test"), &request, now).await.unwrap_err().to_string();
        assert!(refused.starts_with("the report cannot be published yet: "), "{refused}");
        for item in [
            "business units not signed off: ",
            "Housing and Investment",
            "3 cover fields to be set",
            "giving a reason for overriding",
        ] {
            assert!(refused.contains(item), "names {item:?}: {refused}");
        }
        assert!(store.publications(Some(&stevenage)).await.unwrap().is_empty(), "nothing stored");
    }

    let reason = "Executive meets on 11 November; units sign off at the meeting";
    request.override_reason = Some(reason);
    let published = publish(&store, &Actor::command("test"), &request, now).await.unwrap();
    let html = store.publication_file(published.id, "html").await.unwrap().unwrap().bytes;
    let html = String::from_utf8(html).unwrap();
    assert!(!html.contains("aria-label=\"Draft\""), "a published document carries no Draft box");
    assert!(
        html.contains("Published with items open") && html.contains(reason),
        "the override is printed on the cover"
    );
    assert!(
        html.contains("6 business units not signed off;") && !html.contains("spotlight on BV213,"),
        "counts, not lists"
    );
    let filter = outturn_store::AuditFilter { event_prefix: Some("report.".into()), limit: 10, ..Default::default() };
    let log = store.audit_log(&filter).await.unwrap();
    let published = log.iter().find(|r| r.event == "report.published").expect("audited");
    let overridden = &published.after.as_ref().unwrap()["checklist_overridden"];
    assert_eq!(overridden["reason"], reason);
    let items = overridden["open_items"].as_array().unwrap();
    assert!(items.iter().any(|i| i.as_str().unwrap().contains("not signed off")), "{items:?}");
}

fn key(text: &str) -> outturn_core::Key {
    outturn_core::Key::parse(text).expect("a key")
}

fn measure_code(text: &str) -> outturn_core::MeasureCode {
    outturn_core::MeasureCode::parse(text).expect("a measure code")
}
