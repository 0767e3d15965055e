//! Every use-case family takes an `Actor`, refuses one without permission
//! (before writing anything), and audits the change under the actor's name
//! with a typed event code.

mod common;

use common::{demo_store, key, measure_code};
use jiff::Timestamp;
use outturn_app::AppError;
use outturn_app::accounts::api_tokens::{TokenError, authenticate, create_token, revoke_token};
use outturn_app::accounts::{AccountError, NewUser, add_user, set_disabled};
use outturn_app::actor::{Actor, Via};
use outturn_app::committees::{self as committee, load_text};
use outturn_app::import::import_file;
use outturn_app::reports::publication;
use outturn_app::reports::settings::save_settings;
use outturn_app::results::data_entry::{EntryError, Submission, open_entry};
use outturn_app::rounds::sign_off::take_step;
use outturn_app::rounds::{open_round, rounds};
use outturn_app::statuses::dashboard::{DashboardFilter, dashboard};
use outturn_app::statuses::measures_query::{list_measures, show_measure};
use outturn_app::statuses::status_report::status_report;
use outturn_app::targets::target_revise::{TargetInput, revise_target};
use outturn_core::result::ResultInput;
use outturn_core::{Key, Period, Role, SignOffStep};
use outturn_store::cache::RevisionCache;
use outturn_store::{AuditFilter, AuditRecord, ReportSettings, SqliteStore, Store, TokenScope};
use rust_decimal_macros::dec;

fn stevenage() -> Key {
    Key::parse("stevenage").unwrap()
}

fn q3() -> Period {
    Period::parse("2020/21-Q3").unwrap()
}

fn now() -> Timestamp {
    "2021-01-15T12:00:00Z".parse().unwrap()
}

/// A person of the council with the role (data owners and directors look after housing).
async fn person(store: &dyn Store, username: &str, role: Role, council: &str) -> Actor {
    let nodes = if matches!(role, Role::DataOwner | Role::Director) {
        vec![Key::parse("housing-and-investment").unwrap()]
    } else {
        vec![]
    };
    let new = NewUser {
        username: username.into(),
        display_name: format!("Name of {username}"),
        role,
        council: (role != Role::Administrator).then(|| Key::parse(council).unwrap()),
        nodes,
        password: "correct horse battery staple".into(),
    };
    Actor::User(add_user(store, &Actor::command("test setup"), new).await.unwrap())
}

/// The newest audit record with the event code (test times and real ones mix).
async fn audited(store: &dyn Store, event: &str) -> AuditRecord {
    let filter = AuditFilter { event_prefix: Some(event.into()), limit: 1, ..AuditFilter::default() };
    let log = store.audit_log(&filter).await.unwrap();
    log.into_iter().next().unwrap_or_else(|| panic!("no {event} audit record"))
}

async fn audit_count(store: &dyn Store) -> usize {
    store.audit_log(&AuditFilter { limit: 10_000, ..AuditFilter::default() }).await.unwrap().len()
}

fn forbidden<T: std::fmt::Debug>(outcome: Result<T, AppError>) {
    assert!(matches!(outcome, Err(AppError::Forbidden)), "expected Forbidden, got {outcome:?}");
}

struct People {
    officer: Actor,
    owner: Actor,
    viewer: Actor,
    director: Actor,
    /// A performance officer of another council.
    epping: Actor,
    admin: Actor,
}

async fn people(store: &SqliteStore) -> People {
    People {
        officer: person(store, "officer", Role::PerformanceOfficer, "stevenage").await,
        owner: person(store, "owner", Role::DataOwner, "stevenage").await,
        viewer: person(store, "viewer", Role::Viewer, "stevenage").await,
        director: person(store, "director", Role::Director, "stevenage").await,
        epping: person(store, "epping", Role::PerformanceOfficer, "epping-forest").await,
        admin: person(store, "admin", Role::Administrator, "").await,
    }
}

#[test]
fn an_actor_names_itself_and_how_it_came() {
    assert_eq!(Actor::command("outturn import").name(), "outturn import");
    assert_eq!(Actor::command("outturn import").via(), Via::Command);
    assert_eq!(Actor::Scheduler.via().code(), "scheduler");
    assert_eq!(Actor::Public.via(), Via::Web);
    assert!(Actor::Public.user().is_none());
    assert!(!Actor::Public.may_read(&stevenage()));
    assert!(Actor::command("x").may_read(&stevenage()));
    assert!(Actor::Scheduler.may_read(&stevenage()));
    assert!(!Actor::Scheduler.may(outturn_app::access::Action::ManageRounds(&stevenage())));
}

#[tokio::test]
async fn reads_refuse_those_who_may_not_read_the_council() {
    let store = demo_store().await;
    let p = people(&store).await;
    let q2 = Period::parse("2020/21-Q2").unwrap();
    for actor in [&p.epping, &Actor::Public] {
        forbidden(list_measures(&store, actor, &key("stevenage")).await);
        forbidden(show_measure(&store, actor, &key("stevenage"), &measure_code("BV66a")).await);
        forbidden(status_report(&store, actor, &key("stevenage"), q2, None).await);
        let cache = RevisionCache::new(4);
        forbidden(
            dashboard(&store, &cache, actor, &key("stevenage"), Some(q2), None, DashboardFilter::default()).await,
        );
        forbidden(committee::meetings(&store, actor, &key("stevenage")).await);
        forbidden(rounds(&store, actor, &key("stevenage")).await);
    }
    // Readers of the council read.
    assert!(!list_measures(&store, &p.viewer, &key("stevenage")).await.unwrap().is_empty());
    assert_eq!(
        show_measure(&store, &p.viewer, &key("stevenage"), &measure_code("BV66a")).await.unwrap().measure.code.as_str(),
        "BV66a"
    );
    assert_eq!(committee::meetings(&store, &p.viewer, &key("stevenage")).await.unwrap().len(), 1);
    // Publications of a council another reads are left out of every list.
    // Published reports are public: anyone may list them (none yet here).
    assert!(publication::list(&store, &p.epping, Some(&key("stevenage"))).await.unwrap().is_empty());
    assert!(publication::list(&store, &Actor::Public, Some(&key("stevenage"))).await.unwrap().is_empty());
}

#[tokio::test]
async fn imports_refuse_a_viewer_and_audit_the_importer() {
    let store = demo_store().await;
    let p = people(&store).await;
    let csv = "measure,period,value,commentary\nBV66a,2020/21-Q3,97.1,Collection back on track\n";
    let before = audit_count(&store).await;
    for actor in [&p.viewer, &p.owner, &p.epping] {
        forbidden(import_file(&store, &key("stevenage"), None, csv, "r.csv", false, now(), actor).await);
    }
    assert_eq!(audit_count(&store).await, before, "nothing is written for a refused import");
    import_file(&store, &key("stevenage"), None, csv, "r.csv", false, now(), &p.officer).await.unwrap();
    let audit = audited(&store, "data.imported").await;
    assert_eq!((audit.actor.as_str(), audit.event.as_str()), ("officer", "data.imported"));
}

fn bv66a_q3(value: rust_decimal::Decimal) -> Submission {
    let input = ResultInput {
        value: Some(value),
        commentary: Some("Collection after review".into()),
        ..ResultInput::default()
    };
    Submission { period: q3(), input, seen: outturn_app::results::data_entry::Seen::InPeriod(0) }
}

#[tokio::test]
async fn data_entry_opens_once_for_those_who_record_the_measure_and_audits_them() {
    let store = demo_store().await;
    let p = people(&store).await;
    for actor in [&p.viewer, &p.epping, &Actor::Public] {
        forbidden(open_entry(&store, actor, &key("stevenage"), &measure_code("BV66a")).await);
    }
    // A measure under another node is not the owner's to record.
    let council = store.council(&stevenage()).await.unwrap().unwrap();
    let fw = &council.framework;
    let housing = Key::parse("housing-and-investment").unwrap();
    let elsewhere = council.measures.iter().find(|m| !fw.is_under(&m.owner, &housing)).expect("another node's measure");
    forbidden(
        open_entry(
            &store,
            &p.owner,
            &key("stevenage"),
            &outturn_core::MeasureCode::parse(elsewhere.code.as_str()).unwrap(),
        )
        .await,
    );

    let mut entry = open_entry(&store, &p.owner, &key("stevenage"), &measure_code("BV66a")).await.unwrap();
    let saved = entry.save(&store, bv66a_q3(dec!(97.1)), now()).await.unwrap();
    assert_eq!(saved.recorded_by, "owner");
    let audit = audited(&store, "result.recorded").await;
    assert_eq!((audit.actor.as_str(), audit.event.as_str()), ("owner", "result.recorded"));
    // The entry holds what it saved: a second save from it is not a conflict.
    let again = Submission {
        seen: outturn_app::results::data_entry::Seen::InPeriod(entry.recorded(Some(q3()))),
        ..bv66a_q3(dec!(97.2))
    };
    entry.save(&store, again, now()).await.unwrap();
}

#[tokio::test]
async fn a_token_acts_as_its_user_capped_by_its_scope_and_is_audited_via_the_api() {
    let store = demo_store().await;
    let p = people(&store).await;
    let admin = &p.admin;
    let read = create_token(&store, admin, "owner", TokenScope::Read, "reader").await.unwrap();
    let write = create_token(&store, admin, "owner", TokenScope::Write, "feed").await.unwrap();
    let reader = Actor::Token(authenticate(&store, &read.secret, now()).await.unwrap().unwrap());
    let writer = Actor::Token(authenticate(&store, &write.secret, now()).await.unwrap().unwrap());
    assert_eq!((reader.name(), reader.via()), ("owner", Via::Api));
    assert!(list_measures(&store, &reader, &key("stevenage")).await.is_ok(), "a read token reads");
    forbidden(open_entry(&store, &reader, &key("stevenage"), &measure_code("BV66a")).await);
    let mut entry = open_entry(&store, &writer, &key("stevenage"), &measure_code("BV66a")).await.unwrap();
    entry.save(&store, bv66a_q3(dec!(97.1)), now()).await.unwrap();
    let audit = audited(&store, "result.recorded").await;
    assert_eq!(audit.actor, "owner");
    let via = audit.after.as_ref().and_then(|a| a.get("via")).and_then(|v| v.as_str()).unwrap_or_default();
    assert!(via.starts_with("API token") && via.contains("feed"), "{audit:?}");
}

#[tokio::test]
async fn targets_are_revised_only_by_officers_under_their_name() {
    let store = demo_store().await;
    let p = people(&store).await;
    let input = || TargetInput {
        period: q3(),
        value: dec!(97),
        effective: jiff::civil::date(2020, 10, 1),
        reason: "Revised budget".into(),
    };
    for actor in [&p.owner, &p.viewer, &p.epping] {
        let refused = revise_target(&store, actor, &key("stevenage"), &measure_code("BV66a"), input(), now()).await;
        assert!(matches!(refused, Err(EntryError::App(AppError::Forbidden))), "{refused:?}");
    }
    let revision =
        revise_target(&store, &p.officer, &key("stevenage"), &measure_code("BV66a"), input(), now()).await.unwrap();
    assert_eq!(revision.author, "Name of officer");
    let audit = audited(&store, "target.revised").await;
    assert_eq!((audit.actor.as_str(), audit.event.as_str()), ("officer", "target.revised"));
}

const MEETING: &str = r#"council = "stevenage"

[[meetings]]
committee = "Overview and Scrutiny"
date = "2021-10-05"
reports = [{ kind = "quarterly", period = "2021/22-Q1" }]
resolutions = ["That the report be noted."]
"#;

#[tokio::test]
async fn committee_files_are_loaded_by_officers_and_audited_as_meetings_added() {
    let store = demo_store().await;
    let p = people(&store).await;
    for actor in [&p.viewer, &p.owner, &p.epping] {
        forbidden(load_text(&store, "c.toml", MEETING, actor).await);
    }
    assert_eq!(committee::meetings(&store, &p.officer, &key("stevenage")).await.unwrap().len(), 1, "nothing stored");
    load_text(&store, "c.toml", MEETING, &p.officer).await.unwrap();
    let audit = audited(&store, "meeting.added").await;
    assert_eq!((audit.actor.as_str(), audit.event.as_str()), ("officer", "meeting.added"));
    assert_eq!(audit.subject, "Overview and Scrutiny 2021-10-05");
}

#[tokio::test]
async fn report_settings_are_changed_by_officers_and_audited_typed() {
    let store = demo_store().await;
    let p = people(&store).await;
    let settings = ReportSettings { committee: Some("Executive".into()), ..ReportSettings::default() };
    for actor in [&p.viewer, &p.owner, &p.epping] {
        forbidden(save_settings(&store, actor, &key("stevenage"), settings.clone(), now()).await);
    }
    save_settings(&store, &p.officer, &key("stevenage"), settings, now()).await.unwrap();
    let audit = audited(&store, "report.settings-changed").await;
    assert_eq!((audit.actor.as_str(), audit.event.as_str()), ("officer", "report.settings-changed"));
    assert_eq!(audit.after.unwrap()["committee"], "Executive");
}

#[tokio::test]
async fn rounds_and_sign_off_check_the_actor_and_audit_typed_events() {
    let store = demo_store().await;
    let p = people(&store).await;
    let (entry, sign_off) = (jiff::civil::date(2021, 1, 15), jiff::civil::date(2021, 1, 22));
    for actor in [&p.owner, &p.viewer, &p.epping, &Actor::Scheduler] {
        forbidden(open_round(&store, actor, &key("stevenage"), q3(), entry, sign_off, now()).await);
    }
    open_round(&store, &p.officer, &key("stevenage"), q3(), entry, sign_off, now()).await.unwrap();
    let audit = audited(&store, "round.opened").await;
    assert_eq!((audit.actor.as_str(), audit.event.as_str()), ("officer", "round.opened"));

    let unit = "housing-and-investment";
    forbidden(
        take_step(&store, &p.viewer, &key("stevenage"), q3(), &key(unit), SignOffStep::Submit, None, now()).await,
    );
    forbidden(
        take_step(&store, &p.owner, &key("stevenage"), q3(), &key(unit), SignOffStep::SignOff, None, now()).await,
    );
    take_step(&store, &p.owner, &key("stevenage"), q3(), &key(unit), SignOffStep::Submit, None, now()).await.unwrap();
    take_step(&store, &p.director, &key("stevenage"), q3(), &key(unit), SignOffStep::SignOff, None, now())
        .await
        .unwrap();
    let audit = audited(&store, "sign-off.sign-off").await;
    assert_eq!((audit.actor.as_str(), audit.event.as_str()), ("director", "sign-off.sign-off"));
}

#[tokio::test]
async fn accounts_and_tokens_are_managed_by_administrators_only() {
    let store = demo_store().await;
    let p = people(&store).await;
    let new = || NewUser {
        username: "newcomer".into(),
        display_name: "New".into(),
        role: Role::Viewer,
        council: Some(stevenage()),
        nodes: vec![],
        password: "correct horse battery staple".into(),
    };
    for actor in [&p.officer, &p.viewer, &Actor::Public] {
        assert!(matches!(add_user(&store, actor, new()).await, Err(AccountError::Forbidden)));
        assert!(matches!(set_disabled(&store, actor, "owner", true).await, Err(AccountError::Forbidden)));
        let token = create_token(&store, actor, "owner", TokenScope::Read, "x").await;
        assert!(matches!(token, Err(TokenError::Forbidden)), "{token:?}");
    }
    add_user(&store, &p.admin, new()).await.unwrap();
    let audit = audited(&store, "user.created").await;
    assert_eq!((audit.actor.as_str(), audit.event.as_str()), ("admin", "user.created"));
    let made = create_token(&store, &p.admin, "owner", TokenScope::Read, "x").await.unwrap();
    assert!(matches!(revoke_token(&store, &p.officer, made.token.id).await, Err(TokenError::Forbidden)));
    revoke_token(&store, &p.admin, made.token.id).await.unwrap();
    let audit = audited(&store, "token.revoked").await;
    assert_eq!((audit.actor.as_str(), audit.event.as_str()), ("admin", "token.revoked"));
}

#[tokio::test]
async fn reminder_addresses_are_set_by_those_who_manage_accounts() {
    let store = demo_store().await;
    let p = people(&store).await;
    let set =
        |actor| outturn_app::rounds::reminders::set_address(&store, actor, "owner", Some("o@council.example"), now());
    forbidden(set(&p.officer).await);
    set(&p.admin).await.unwrap();
    let audit = audited(&store, "user.email-address-set").await;
    assert_eq!((audit.actor.as_str(), audit.event.as_str()), ("admin", "user.email-address-set"));
}

#[tokio::test]
async fn framework_files_and_legacy_papers_are_applied_only_by_those_who_may() {
    let store = demo_store().await;
    let p = people(&store).await;
    let (demo, path) = (&outturn_app::demo::EmbeddedDemo, outturn_app::demo::DEMO_FRAMEWORKS[0]);
    let apply = outturn_app::framework::apply::apply_framework_file;
    for actor in [&p.viewer, &p.owner, &p.epping] {
        forbidden(apply(&store, demo, path, actor).await);
        let paper = "BV66a Rent collection 97.1%";
        forbidden(
            outturn_app::legacy::import_legacy(&store, &key("stevenage"), paper, "paper.txt", now(), actor).await,
        );
    }
    assert!(apply(&store, demo, path, &p.officer).await.unwrap().changed_nothing(), "the demo is already applied");
}
