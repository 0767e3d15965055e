//! The store's contract for reminders, on SQLite always and on PostgreSQL
//! when OUTTURN_TEST_DATABASE_URL is set: email addresses, and the claim
//! that makes each reminder go once (even from two store handles at once),
//! failures recorded and claimed again later.

#[macro_use]
mod support;

use std::sync::Arc;

use outturn_core::Role;
use outturn_store::{
    PostgresStore, ReminderClaim, ReminderFilter, ReminderKey, ReminderKind, ReminderState, SqliteStore, Store,
    StoreError,
};
use support::*;

/// A council with a data owner, `jsmith`.
async fn council_and_owner(db: &TestDb) {
    db.apply(&definitions("stevenage")).await.unwrap();
    db.create_user(
        &user("jsmith", Role::DataOwner, Some("stevenage"), &["housing-and-investment"]),
        &audit("user.created", "user jsmith", "2020-10-01T09:00:00Z"),
    )
    .await
    .unwrap();
}

fn claim(recipient: &str, kind: ReminderKind, subject: &str) -> ReminderClaim {
    ReminderClaim {
        key: ReminderKey { council: k("stevenage"), period: p("2020/21-Q2"), recipient: recipient.into(), kind },
        address: format!("{recipient}@example.org"),
        subject: subject.into(),
        body: "Dear Jo Smith,\n\nBV9: % Council Tax collected\n".into(),
    }
}

store_contract! {
    async fn email_addresses_are_set_replaced_and_removed_with_an_audit_line(db) {
        council_and_owner(&db).await;
        let before = db.count("audit_log").await;
        db.set_email_address("JSmith", Some("jo@example.org"), &audit("user.email-address-set", "user jsmith", "2020-10-02T09:00:00Z")).await.unwrap();
        db.set_email_address("jsmith", Some("jo.smith@example.org"), &audit("user.email-address-set", "user jsmith", "2020-10-03T09:00:00Z")).await.unwrap();
        let addresses = db.email_addresses().await.unwrap();
        assert_eq!(addresses.get("jsmith").map(String::as_str), Some("jo.smith@example.org"));
        assert_eq!(addresses.len(), 1);
        db.set_email_address("jsmith", None, &audit("user.email-address-set", "user jsmith", "2020-10-04T09:00:00Z")).await.unwrap();
        assert!(db.email_addresses().await.unwrap().is_empty());
        assert_eq!(db.count("audit_log").await, before + 3);
    }

    async fn an_address_for_an_unknown_user_changes_nothing(db) {
        council_and_owner(&db).await;
        let before = db.count("audit_log").await;
        let e = db.set_email_address("nobody", Some("n@example.org"), &audit("user.email-address-set", "user nobody", "2020-10-02T09:00:00Z")).await.unwrap_err();
        assert!(matches!(e, StoreError::NoUser(ref u) if u == "nobody"), "{e}");
        assert_eq!(db.count("audit_log").await, before);
        assert_eq!(db.count("user_email_addresses").await, 0);
    }

    async fn a_reminder_is_claimed_once_and_recorded_when_sent(db) {
        council_and_owner(&db).await;
        let c = claim("jsmith", ReminderKind::OwnerOverdue, "1 result overdue");
        let now = at("2020-10-17T08:00:00Z");
        let id = db.claim_reminder(&c, now, now).await.unwrap().expect("the first claim is granted");
        assert_eq!(db.claim_reminder(&c, now, now).await.unwrap(), None, "a second claim while sending");
        db.finish_reminder(id, Ok(()), at("2020-10-17T08:00:01Z")).await.unwrap();
        // Sent is final, however late the retry threshold.
        assert_eq!(db.claim_reminder(&c, at("2021-01-01T00:00:00Z"), at("2021-01-01T00:00:00Z")).await.unwrap(), None);
        let records = db.reminders(&ReminderFilter::default()).await.unwrap();
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!((r.id, &r.key, r.state, r.attempts), (id, &c.key, ReminderState::Sent, 1));
        assert_eq!((r.address.as_str(), r.subject.as_str()), ("jsmith@example.org", "1 result overdue"));
        assert_eq!(r.claimed_at, now);
        assert_eq!(r.sent_at, Some(at("2020-10-17T08:00:01Z")));
        assert_eq!(r.last_error, None);
        // Another kind for the same person and round is another reminder.
        assert!(db.claim_reminder(&claim("jsmith", ReminderKind::OwnerBeforeDeadline, "due"), now, now).await.unwrap().is_some());
    }

    async fn a_failed_send_is_recorded_and_claimed_again_after_the_retry_interval(db) {
        council_and_owner(&db).await;
        let c = claim("jsmith", ReminderKind::OwnerOverdue, "1 result overdue");
        let first = at("2020-10-17T08:00:00Z");
        let id = db.claim_reminder(&c, first, first).await.unwrap().unwrap();
        db.finish_reminder(id, Err("451 mailbox busy"), first).await.unwrap();
        let r = &db.reminders(&ReminderFilter::default()).await.unwrap()[0];
        assert_eq!((r.state, r.last_error.as_deref(), r.sent_at), (ReminderState::Failed, Some("451 mailbox busy"), None));
        // Not yet: the failure began at `first`, which is not before the threshold.
        assert_eq!(db.claim_reminder(&c, at("2020-10-17T08:05:00Z"), first).await.unwrap(), None);
        // Later: claimed again, with the message as it stands now.
        let later = at("2020-10-17T08:20:00Z");
        let again = claim("jsmith", ReminderKind::OwnerOverdue, "2 results overdue");
        assert_eq!(db.claim_reminder(&again, later, at("2020-10-17T08:05:00Z")).await.unwrap(), Some(id));
        db.finish_reminder(id, Ok(()), later).await.unwrap();
        let r = &db.reminders(&ReminderFilter::default()).await.unwrap()[0];
        assert_eq!((r.state, r.attempts, r.subject.as_str()), (ReminderState::Sent, 2, "2 results overdue"));
        assert_eq!(r.last_error.as_deref(), Some("451 mailbox busy"), "the last failure is kept");
    }

    async fn a_claim_left_sending_by_a_stopped_server_is_taken_over_later(db) {
        council_and_owner(&db).await;
        let c = claim("jsmith", ReminderKind::SignOffDigest, "awaiting sign-off");
        let id = db.claim_reminder(&c, at("2020-10-20T08:00:00Z"), at("2020-10-20T08:00:00Z")).await.unwrap().unwrap();
        assert_eq!(db.claim_reminder(&c, at("2020-10-20T08:10:00Z"), at("2020-10-20T07:55:00Z")).await.unwrap(), None);
        assert_eq!(db.claim_reminder(&c, at("2020-10-20T08:20:00Z"), at("2020-10-20T08:05:00Z")).await.unwrap(), Some(id));
    }

    async fn reminders_are_listed_newest_first_by_council_and_period(db) {
        council_and_owner(&db).await;
        db.apply(&definitions("epping-forest")).await.unwrap();
        for (i, kind) in [ReminderKind::OwnerBeforeDeadline, ReminderKind::OwnerOverdue].into_iter().enumerate() {
            let now = at(&format!("2020-10-1{}T08:00:00Z", i + 5));
            db.claim_reminder(&claim("jsmith", kind, kind.code()), now, now).await.unwrap().unwrap();
        }
        let mut other = claim("jsmith", ReminderKind::OwnerOverdue, "elsewhere");
        other.key.council = k("epping-forest");
        db.claim_reminder(&other, at("2020-10-18T08:00:00Z"), at("2020-10-18T08:00:00Z")).await.unwrap().unwrap();
        let subjects = |records: Vec<outturn_store::ReminderRecord>| records.into_iter().map(|r| r.subject).collect::<Vec<_>>();
        assert_eq!(subjects(db.reminders(&ReminderFilter::default()).await.unwrap()), ["elsewhere", "owner-overdue", "owner-before-deadline"]);
        let stevenage = ReminderFilter { council: Some(k("stevenage")), period: None, limit: 1 };
        assert_eq!(subjects(db.reminders(&stevenage).await.unwrap()), ["owner-overdue"]);
        let other_period = ReminderFilter { council: None, period: Some(p("2020/21-Q3")), limit: 0 };
        assert!(db.reminders(&other_period).await.unwrap().is_empty());
    }

    async fn a_reminder_for_an_unknown_council_is_refused(db) {
        council_and_owner(&db).await;
        let mut c = claim("jsmith", ReminderKind::OwnerOverdue, "x");
        c.key.council = k("nowhere");
        let e = db.claim_reminder(&c, at("2020-10-17T08:00:00Z"), at("2020-10-17T08:00:00Z")).await.unwrap_err();
        assert!(matches!(e, StoreError::NoCouncil(ref s) if s == "nowhere"), "{e}");
        assert_eq!(db.count("reminders").await, 0);
    }
}

/// Two handles on one database: a SQLite file, and a PostgreSQL schema when
/// the server is named. Each with what to clean up afterwards.
struct Pair {
    a: Arc<dyn Store>,
    b: Arc<dyn Store>,
    schema: Option<PostgresStore>,
    _dir: Option<tempfile::TempDir>,
}

async fn two_handles(test: &str) -> Vec<Pair> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("outturn.db").display());
    let a = SqliteStore::open(&url).await.unwrap();
    a.migrate().await.unwrap();
    let b = SqliteStore::open(&url).await.unwrap();
    let mut out = vec![Pair { a: Arc::new(a), b: Arc::new(b), schema: None, _dir: Some(dir) }];
    if let Some(url) = std::env::var(DATABASE_URL_VAR).ok().filter(|u| !u.trim().is_empty()) {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let schema = format!("outturn_test_{test}_{}_{:x}", std::process::id(), nanos % 0x1_0000_0000);
        let a = PostgresStore::open_in_schema(&url, &schema).await.unwrap();
        a.migrate().await.unwrap();
        let b = PostgresStore::open_in_schema(&url, &schema).await.unwrap();
        out.push(Pair { a: Arc::new(a.clone()), b: Arc::new(b), schema: Some(a), _dir: None });
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_claiming_at_once_get_one_claim_between_them() {
    for pair in two_handles("claims").await {
        let (a, b) = (pair.a.clone(), pair.b.clone());
        a.apply(&definitions("stevenage")).await.unwrap();
        let now = at("2020-10-17T08:00:00Z");
        let mut tasks = Vec::new();
        for i in 0..16 {
            let store = if i % 2 == 0 { a.clone() } else { b.clone() };
            tasks.push(tokio::spawn(async move {
                let c = claim("jsmith", ReminderKind::OwnerOverdue, "1 result overdue");
                store.claim_reminder(&c, now, now).await.unwrap()
            }));
        }
        let mut granted = 0;
        for t in tasks {
            granted += usize::from(t.await.unwrap().is_some());
        }
        assert_eq!(granted, 1, "on {}", a.backend());
        // A failed send retried by both at once: still one claim.
        let id = a.reminders(&ReminderFilter::default()).await.unwrap()[0].id;
        a.finish_reminder(id, Err("421 try later"), now).await.unwrap();
        let later = at("2020-10-17T09:00:00Z");
        let retry = claim("jsmith", ReminderKind::OwnerOverdue, "s");
        let (x, y) = tokio::join!(a.claim_reminder(&retry, later, later), b.claim_reminder(&retry, later, later));
        assert_eq!(usize::from(x.unwrap().is_some()) + usize::from(y.unwrap().is_some()), 1, "on {}", a.backend());
        if let Some(schema) = &pair.schema {
            schema.drop_schema().await.unwrap();
        }
    }
}
