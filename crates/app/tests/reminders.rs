//! Email reminders end to end: the demo councils in a fresh database (a
//! SQLite file, and a PostgreSQL schema when OUTTURN_TEST_DATABASE_URL is
//! set), a collection round opened, the scheduler's pass run at chosen
//! instants (an injected clock, never sleeps), and what arrives at a real
//! SMTP server on 127.0.0.1 started by the test.

mod smtp_sink;

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::date;
use outturn_app::actor::Actor;
use outturn_app::rounds::reminders::mail::{MailSettings, SmtpMailer};
use outturn_app::rounds::reminders::scheduler::{self, Config, run_pass};
use outturn_app::rounds::reminders::source::StoreRounds;
use outturn_core::{Key, Period, Role};
use outturn_store::{
    AuditRecord, PostgresStore, ReminderFilter, ReminderKind, ReminderState, SqliteStore, Store, UserRecord,
};
use smtp_sink::SmtpSink;

const DATABASE_URL_VAR: &str = "OUTTURN_TEST_DATABASE_URL";
const PUBLIC_URL: &str = "https://outturn.example";

/// A database with the demo, a data owner and a director of Housing and
/// Investment with email addresses, and a second handle on the same database
/// (another server, or the same one restarted).
struct Db {
    store: Arc<dyn Store>,
    second: Arc<dyn Store>,
    schema: Option<PostgresStore>,
    _dir: Option<tempfile::TempDir>,
}

impl Db {
    async fn finish(self) {
        if let Some(schema) = &self.schema {
            schema.drop_schema().await.expect("drop the test schema");
        }
    }
}

async fn databases(test: &str) -> Vec<Db> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("outturn.db").display());
    let first = SqliteStore::open(&url).await.unwrap();
    first.migrate().await.unwrap();
    let second = SqliteStore::open(&url).await.unwrap();
    let mut out = vec![Db { store: Arc::new(first), second: Arc::new(second), schema: None, _dir: Some(dir) }];
    if let Some(url) = std::env::var(DATABASE_URL_VAR).ok().filter(|u| !u.trim().is_empty()) {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let schema = format!("outturn_reminders_{test}_{}_{:x}", std::process::id(), nanos % 0x1_0000_0000);
        let first = PostgresStore::open_in_schema(&url, &schema)
            .await
            .unwrap_or_else(|e| panic!("{DATABASE_URL_VAR} is set but PostgreSQL cannot be used: {e}"));
        first.migrate().await.unwrap();
        let second = PostgresStore::open_in_schema(&url, &schema).await.unwrap();
        out.push(Db { store: Arc::new(first.clone()), second: Arc::new(second), schema: Some(first), _dir: None });
    }
    for db in &out {
        set_up(db.store.as_ref()).await;
    }
    out
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn q3() -> Period {
    Period::parse("2020/21-Q3").unwrap()
}

/// The demo, the owner and the director (with addresses), and a round for
/// 2020/21-Q3 (no results in the demo): data owners by Friday 15 January
/// 2021, sign-off by Friday 22 January 2021.
async fn set_up(store: &dyn Store) {
    outturn_app::demo::load_demo(store).await.unwrap();
    for (username, name, role) in [("owner", "Pat Kelly", Role::DataOwner), ("director", "Alex Morgan", Role::Director)]
    {
        let record = UserRecord {
            username: username.into(),
            display_name: name.into(),
            role,
            council: Some(Key::parse("stevenage").unwrap()),
            nodes: vec![Key::parse("housing-and-investment").unwrap()],
            // Never signs in here: no password to hash.
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA".into(),
            disabled: false,
        };
        let audit = AuditRecord {
            at: at("2021-01-04T09:00:00Z"),
            actor: "test".into(),
            council: None,
            event: "user.created".into(),
            subject: format!("user {username}"),
            before: None,
            after: None,
        };
        store.create_user(&record, &audit).await.unwrap();
        let address = format!("{username}@council.example");
        outturn_app::rounds::reminders::set_address(
            store,
            &Actor::command("test"),
            username,
            Some(&address),
            at("2021-01-04T09:00:00Z"),
        )
        .await
        .unwrap();
    }
    outturn_app::rounds::open_round(
        store,
        &Actor::command("test"),
        &outturn_core::Key::parse("stevenage").unwrap(),
        q3(),
        date(2021, 1, 15),
        date(2021, 1, 22),
        at("2021-01-04T09:00:00Z"),
    )
    .await
    .unwrap();
}

fn mailer(sink: &SmtpSink) -> SmtpMailer {
    SmtpMailer::new(&MailSettings::new(&sink.url(), "Performance team <performance@council.example>", None).unwrap())
        .unwrap()
}

fn config() -> Config {
    Config::new(PUBLIC_URL)
}

#[tokio::test]
async fn an_owner_with_results_overdue_gets_exactly_one_reminder() {
    for db in databases("overdue").await {
        let backend = db.store.backend();
        let sink = SmtpSink::start().await;
        let store = db.store.as_ref();
        let council_name = store.council(&Key::parse("stevenage").unwrap()).await.unwrap().unwrap().name.clone();

        // Saturday 16 January 2021, the day after the owners' deadline.
        let now = at("2021-01-16T09:00:00Z");
        let report = run_pass(store, &StoreRounds, &mailer(&sink), &config(), now).await.unwrap();
        assert_eq!(report.sent.len(), 1, "{backend}: {report:?}");
        assert_eq!((report.sent[0].recipient.as_str(), report.sent[0].kind), ("owner", ReminderKind::OwnerOverdue));
        let arrived = sink.received();
        assert_eq!(arrived.len(), 1, "{backend}");
        let m = &arrived[0];
        assert_eq!(m.to, ["owner@council.example"]);
        assert_eq!(m.from, "performance@council.example");
        assert!(m.subject().starts_with(&format!("{council_name}: ")), "{backend}: {}", m.subject());
        assert!(m.subject().ends_with("overdue for October to December 2020"), "{backend}: {}", m.subject());
        let text = m.text();
        for part in [
            "Dear Pat Kelly,",
            "October to December 2020 (2020/21-Q3)",
            "by the end of Friday 15 January 2021",
            "- BV66a: Rent Collection Rate\n",
            "- BV213: Homelessness Preventions\n",
            "https://outturn.example/councils/stevenage/rounds/2020%2F21-Q3/mine",
        ] {
            assert!(text.contains(part), "{backend}: {part:?} not in\n{text}");
        }
        // Measures of other business units are not this owner's.
        assert!(!text.contains("BV9:"), "{backend}: {text}");

        // Again on the same server, later the same day: nothing more.
        let again = run_pass(store, &StoreRounds, &mailer(&sink), &config(), at("2021-01-16T09:05:00Z")).await.unwrap();
        assert_eq!((again.sent.len(), again.already_claimed), (0, 1), "{backend}: {again:?}");
        // A restarted server, or a second one on the same database: nothing more either.
        let other = run_pass(db.second.as_ref(), &StoreRounds, &mailer(&sink), &config(), at("2021-01-17T09:00:00Z"))
            .await
            .unwrap();
        assert!(other.sent.is_empty(), "{backend}: {other:?}");
        assert_eq!(sink.received().len(), 1, "{backend}");

        let records = store.reminders(&ReminderFilter::default()).await.unwrap();
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!((r.state, r.attempts, r.sent_at), (ReminderState::Sent, 1, Some(now)), "{backend}");
        assert_eq!((r.address.as_str(), r.subject.as_str()), ("owner@council.example", m.subject().as_str()));

        // A closed round chases nobody.
        outturn_app::rounds::close_round(
            store,
            &Actor::command("test"),
            &outturn_core::Key::parse("stevenage").unwrap(),
            q3(),
            at("2021-01-25T09:00:00Z"),
        )
        .await
        .unwrap();
        let closed =
            run_pass(store, &StoreRounds, &mailer(&sink), &config(), at("2021-01-26T09:00:00Z")).await.unwrap();
        assert_eq!(closed, Default::default(), "{backend}");
        drop(sink);
        db.finish().await;
    }
}

#[tokio::test]
async fn before_the_deadline_owners_are_reminded_and_directors_get_their_digest() {
    for db in databases("before").await {
        let backend = db.store.backend();
        let sink = SmtpSink::start().await;
        let store = db.store.as_ref();
        // Too early: Monday 11 January 2021, four days before.
        let early = run_pass(store, &StoreRounds, &mailer(&sink), &config(), at("2021-01-11T09:00:00Z")).await.unwrap();
        assert_eq!(early, Default::default(), "{backend}");
        // Tuesday 12 January 2021, three days before.
        let report =
            run_pass(store, &StoreRounds, &mailer(&sink), &config(), at("2021-01-12T09:00:00Z")).await.unwrap();
        assert_eq!(report.sent.len(), 1, "{backend}: {report:?}");
        assert_eq!(report.sent[0].kind, ReminderKind::OwnerBeforeDeadline);
        let text = sink.received()[0].text();
        assert!(text.contains("are due by the end of Friday 15 January 2021"), "{backend}: {text}");
        // Wednesday 20 January 2021: the overdue reminder, and the director's digest.
        let later = run_pass(store, &StoreRounds, &mailer(&sink), &config(), at("2021-01-20T09:00:00Z")).await.unwrap();
        let mut kinds: Vec<_> = later.sent.iter().map(|k| (k.recipient.clone(), k.kind)).collect();
        kinds.sort();
        assert_eq!(
            kinds,
            [("director".to_string(), ReminderKind::SignOffDigest), ("owner".to_string(), ReminderKind::OwnerOverdue)],
            "{backend}"
        );
        let digest = sink.received().into_iter().find(|m| m.to == ["director@council.example"]).unwrap();
        assert!(digest.subject().ends_with("1 business unit awaiting your sign-off by Friday 22 January 2021"));
        let text = digest.text();
        assert!(text.contains("- Housing and Investment (open)\n"), "{backend}: {text}");
        assert!(text.contains("https://outturn.example/councils/stevenage/rounds/2020%2F21-Q3"), "{backend}: {text}");
        drop(sink);
        db.finish().await;
    }
}

#[tokio::test]
async fn a_message_the_mail_server_refuses_is_recorded_and_sent_on_a_later_pass() {
    for db in databases("refused").await {
        let backend = db.store.backend();
        let sink = SmtpSink::start().await;
        let store = db.store.as_ref();
        sink.refuse(true);
        let first = at("2021-01-16T09:00:00Z");
        let report = run_pass(store, &StoreRounds, &mailer(&sink), &config(), first).await.unwrap();
        assert_eq!((report.sent.len(), report.failed.len()), (0, 1), "{backend}: {report:?}");
        assert!(report.failed[0].1.contains("451"), "{backend}: {}", report.failed[0].1);
        let r = &store.reminders(&ReminderFilter::default()).await.unwrap()[0];
        assert_eq!(r.state, ReminderState::Failed, "{backend}");
        assert!(r.last_error.as_deref().unwrap_or_default().contains("Mailbox busy"), "{backend}: {r:?}");

        // The mail server is back, but the retry interval has not passed: not yet.
        sink.refuse(false);
        let soon = run_pass(store, &StoreRounds, &mailer(&sink), &config(), at("2021-01-16T09:05:00Z")).await.unwrap();
        assert_eq!((soon.sent.len(), soon.already_claimed), (0, 1), "{backend}: {soon:?}");
        // Later, from the other handle: sent, once.
        let retried = run_pass(db.second.as_ref(), &StoreRounds, &mailer(&sink), &config(), at("2021-01-16T09:20:00Z"))
            .await
            .unwrap();
        assert_eq!(retried.sent.len(), 1, "{backend}: {retried:?}");
        let after = run_pass(store, &StoreRounds, &mailer(&sink), &config(), at("2021-01-16T10:00:00Z")).await.unwrap();
        assert!(after.sent.is_empty(), "{backend}: {after:?}");
        assert_eq!((sink.refused(), sink.received().len()), (1, 1), "{backend}");
        let r = &store.reminders(&ReminderFilter::default()).await.unwrap()[0];
        assert_eq!((r.state, r.attempts), (ReminderState::Sent, 2), "{backend}");
        drop(sink);
        db.finish().await;
    }
}

#[tokio::test]
async fn people_without_an_address_are_skipped_and_nothing_is_recorded_for_them() {
    for db in databases("noaddress").await {
        let sink = SmtpSink::start().await;
        let store = db.store.as_ref();
        outturn_app::rounds::reminders::set_address(
            store,
            &Actor::command("test"),
            "owner",
            None,
            at("2021-01-05T09:00:00Z"),
        )
        .await
        .unwrap();
        let report =
            run_pass(store, &StoreRounds, &mailer(&sink), &config(), at("2021-01-16T09:00:00Z")).await.unwrap();
        assert!(report.sent.is_empty());
        assert_eq!(report.without_address.iter().map(|k| k.recipient.as_str()).collect::<Vec<_>>(), ["owner"]);
        assert!(store.reminders(&ReminderFilter::default()).await.unwrap().is_empty());
        assert!(sink.received().is_empty());
        drop(sink);
        db.finish().await;
    }
}

#[tokio::test]
async fn the_servers_scheduler_sends_what_is_due_on_its_own() {
    for db in databases("spawned").await {
        let sink = SmtpSink::start().await;
        let config = Config { every: Duration::from_millis(50), ..config() };
        let task =
            scheduler::spawn(db.store.clone(), StoreRounds, mailer(&sink), config, || at("2021-01-16T09:00:00Z"));
        sink.wait_for(1, Duration::from_secs(30)).await;
        task.abort();
        let _ = task.await;
        assert_eq!(sink.received().len(), 1);
        drop(sink);
        db.finish().await;
    }
}

#[test]
fn a_bad_address_is_refused_with_the_reason() {
    let e = outturn_app::rounds::reminders::check_address("not-an-address").unwrap_err();
    assert!(e.starts_with("\"not-an-address\" is not an email address"), "{e}");
    assert_eq!(outturn_app::rounds::reminders::check_address(" jo@council.example ").unwrap(), "jo@council.example");
}
