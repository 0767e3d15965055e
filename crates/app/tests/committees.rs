//! Committee meetings, actions and improvement plans through the use cases:
//! the demo's Executive meeting, loading all or nothing, who may update an
//! action, and how long a plan stays in focus.

mod common;

use common::{demo_store, key, measure_code};
use jiff::civil::date;
use outturn_app::AppError;
use outturn_app::accounts::{NewUser, add_user};
use outturn_app::actor::Actor;
use outturn_app::committees::improvement;
use outturn_app::committees::{self as committee, actions_asked_of, follow_up, load_file, update_action};
use outturn_app::framework::file::FileSource;
use outturn_core::{
    ActionProgress, ActionState, AskedOf, Figure, Key, MeasureCode, Period, ResultEntry, ResultValue, Role,
};
use outturn_store::{ChangeSet, Store};
use rust_decimal::Decimal;

struct Files(Vec<(&'static str, String)>);

impl FileSource for Files {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0.iter().find(|(p, _)| *p == path).map(|(_, t)| t.clone()).ok_or_else(|| format!("no file {path}"))
    }
}

fn slug() -> Key {
    Key::parse("stevenage").unwrap()
}

fn p(text: &str) -> Period {
    Period::parse(text).unwrap()
}

async fn person(store: &dyn Store, username: &str, role: Role) -> Actor {
    let nodes = if matches!(role, Role::DataOwner | Role::Director) {
        vec![Key::parse("housing-and-investment").unwrap()]
    } else {
        vec![]
    };
    let new = NewUser {
        username: username.into(),
        display_name: format!("Name of {username}"),
        role,
        council: Some(slug()),
        nodes,
        password: "correct horse battery staple".into(),
    };
    Actor::User(add_user(store, &Actor::command("test"), new).await.unwrap())
}

const MEETING: &str = r#"council = "stevenage"

[[meetings]]
committee = "Overview and Scrutiny"
date = "2021-10-05"
reports = [{ kind = "quarterly", period = "2021/22-Q1" }]
resolutions = ["That the report be noted."]

[[meetings.actions]]
asked = "Report back on rent arrears"
of_user = "pat"
due = "2021-12-01"
"#;

#[tokio::test]
async fn the_demo_holds_the_q1_executive_with_its_resolutions_actions_and_plans() {
    let store = demo_store().await;
    let meetings = committee::meetings(&store, &Actor::command("test"), &key("stevenage")).await.unwrap();
    assert_eq!(meetings.len(), 1);
    let exec = &meetings[0];
    assert_eq!(committee::meeting_name(exec), "Executive, 15 September 2021");
    assert_eq!(exec.resolutions.len(), 8);
    assert!(exec.resolutions[2].text.contains("plans to improve performance bee endorsed"), "verbatim, typo and all");
    assert!(exec.actions.iter().any(|a| a.asked.contains("meadowland")
        && a.asked_of == AskedOf::Role("Assistant Director (Stevenage Direct Services)".into())));
    let plans = store.improvement_plans(&slug()).await.unwrap();
    assert!(plans.iter().any(|p| p.measure.as_str() == "BV66a"), "{plans:?}");
    // Loading the demo again stores nothing.
    let again = outturn_app::demo::load_demo(&store).await.unwrap();
    assert!(again.iter().all(|a| a.changed_nothing()), "{again:?}");
    assert_eq!(committee::meetings(&store, &Actor::command("test"), &key("stevenage")).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_q2_report_follows_up_the_q1_meeting_with_each_action_status() {
    let store = demo_store().await;
    let (meeting, lines) = follow_up(&store, &slug(), p("2021/22-Q2"), date(2021, 11, 10)).await.unwrap().unwrap();
    assert_eq!(meeting.date, date(2021, 9, 15));
    let csc = lines.iter().find(|l| l.action.asked.contains("Customer Service Centre")).unwrap();
    assert_eq!(csc.progress, ActionProgress::Overdue, "due 30 September, not done by 10 November");
    let meadow = lines.iter().find(|l| l.action.asked.contains("meadowland")).unwrap();
    assert_eq!(meadow.progress, ActionProgress::NotStarted);
    assert!(follow_up(&store, &slug(), p("2021/22-Q1"), date(2021, 8, 1)).await.unwrap().is_none());
}

#[tokio::test]
async fn a_file_with_any_problem_stores_nothing_and_names_each_line() {
    let store = demo_store().await;
    let bad = MEETING.replace("of_user = \"pat\"", "of_user = \"nobody\"")
        + "\n[[improvement_plans]]\nmeasure = \"BV9X\"\ntitle = \"t\"\nowner = \"o\"\nmonitored_by = \"SLT\"\nopened = \"2020/21-Q2\"\nreview = \"2021-01-31\"\n";
    let files = Files(vec![("c.toml", bad)]);
    let err = load_file(&store, &files, "c.toml", &Actor::command("test")).await.unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("nothing was stored: the committee file has 2 problems"), "{text}");
    assert!(text.contains("c.toml:11: actions.of_user: there is no user \"nobody\""), "{text}");
    assert!(text.contains("c.toml:15: measure: council stevenage has no measure \"BV9X\""), "{text}");
    assert_eq!(committee::meetings(&store, &Actor::command("test"), &key("stevenage")).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_committee_name_is_visible_text() {
    let store = demo_store().await;
    // The committee's name with a zero-width joiner would file the meeting under a second committee.
    let bad = MEETING.replace("committee = \"Overview and Scrutiny\"", "committee = \"Overview\u{200D} and Scrutiny\"");
    assert_ne!(bad, MEETING, "the test meeting names its committee");
    let files = Files(vec![("c.toml", bad)]);
    let text = load_file(&store, &files, "c.toml", &Actor::command("test")).await.unwrap_err().to_string();
    assert!(
        text.contains("committee: \"Overview<U+200D> and Scrutiny\" holds a character that prints as nothing"),
        "{text}"
    );
    assert_eq!(committee::meetings(&store, &Actor::command("test"), &key("stevenage")).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_plan_for_a_green_measure_is_refused() {
    let store = demo_store().await;
    let file = "council = \"stevenage\"\n\n[[improvement_plans]]\nmeasure = \"CSC12\"\ntitle = \"t\"\nowner = \"o\"\nmonitored_by = \"SLT\"\nopened = \"2020/21-Q2\"\nreview = \"2021-01-31\"\n";
    let err =
        load_file(&store, &Files(vec![("c.toml", file.into())]), "c.toml", &Actor::command("test")).await.unwrap_err();
    assert!(err.to_string().contains("c.toml:4: measure: CSC12 was Green in 2020/21-Q2"), "{err}");
}

#[tokio::test]
async fn the_person_asked_or_a_performance_officer_may_update_an_action_and_no_one_else() {
    let store = demo_store().await;
    let pat = person(&store, "pat", Role::DataOwner).await;
    let other = person(&store, "lee", Role::DataOwner).await;
    let officer = person(&store, "jo", Role::PerformanceOfficer).await;
    let viewer = person(&store, "robin", Role::Viewer).await;
    let applied =
        load_file(&store, &Files(vec![("c.toml", MEETING.into())]), "c.toml", &Actor::command("test")).await.unwrap();
    assert_eq!(applied.changes, vec!["meeting Overview and Scrutiny, 5 October 2021 added"]);
    let mine =
        actions_asked_of(&store, &Actor::command("test"), &key("stevenage"), "pat", date(2021, 10, 10)).await.unwrap();
    assert_eq!(mine.len(), 1);
    let id = mine[0].action.id;

    for who in [&other, &viewer] {
        let err =
            update_action(&store, who, &key("stevenage"), id, "Done it", Some(ActionState::Done)).await.unwrap_err();
        assert!(matches!(err, AppError::Forbidden), "{err:?}");
    }
    let err = update_action(&store, &pat, &key("stevenage"), id, "  ", None).await.unwrap_err();
    assert!(matches!(err, AppError::BadInput { field: "note", .. }), "{err:?}");
    update_action(&store, &pat, &key("stevenage"), id, "Arrears report drafted", Some(ActionState::InProgress))
        .await
        .unwrap();
    update_action(&store, &officer, &key("stevenage"), id, "Received by Scrutiny", Some(ActionState::Done))
        .await
        .unwrap();
    let (_, action) = committee::action(&store, &Actor::command("test"), &key("stevenage"), id).await.unwrap().unwrap();
    assert_eq!(action.state, ActionState::Done);
    assert_eq!(action.updates.iter().map(|u| u.author.as_str()).collect::<Vec<_>>(), ["pat", "jo"]);
    assert!(
        actions_asked_of(&store, &Actor::command("test"), &key("stevenage"), "pat", date(2022, 1, 1))
            .await
            .unwrap()
            .is_empty(),
        "done: off the list"
    );
    let err = update_action(&store, &officer, &key("stevenage"), id + 100, "x", None).await.unwrap_err();
    assert!(matches!(err, AppError::NoCommitteeAction { .. }), "{err:?}");
    let audit = store
        .audit_log(&outturn_store::AuditFilter {
            event_prefix: Some("action.".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 2);
}

fn result(code: &str, period: &str, value: Decimal) -> ResultEntry {
    ResultEntry {
        measure: MeasureCode::parse(code).unwrap(),
        period: p(period),
        value: ResultValue::Figure(Figure::of(value)),
        commentary: Some("test".into()),
        recorded_at: "2021-07-20T09:00:00Z".parse().unwrap(),
        recorded_by: "test".into(),
    }
}

#[tokio::test]
async fn a_plan_leaves_the_focus_list_after_two_green_quarters() {
    let store = demo_store().await;
    let in_focus = |period: &'static str| {
        let store = &store;
        async move {
            let plans =
                improvement::plans(store, &Actor::command("test"), &key("stevenage"), p(period), None).await.unwrap();
            plans.into_iter().find(|s| s.plan.measure.as_str() == "VoidsSheltered").unwrap().in_focus
        }
    };
    assert!(in_focus("2020/21-Q2").await, "Red when opened");
    let mut changes = ChangeSet::for_council(slug(), "Stevenage Borough Council");
    // 60 days to re-let against a target of 70: Green in Q3 and Q4.
    changes.results = vec![
        result("VoidsSheltered", "2020/21-Q3", Decimal::from(60)),
        result("VoidsSheltered", "2020/21-Q4", Decimal::from(60)),
    ];
    let q2 = store.measure_history(&slug(), &MeasureCode::parse("VoidsSheltered").unwrap()).await.unwrap().targets;
    changes.targets = ["2020/21-Q3", "2020/21-Q4"]
        .into_iter()
        .map(|period| outturn_core::TargetRevision { period: p(period), ..q2[0].clone() })
        .collect();
    store.apply(&changes).await.unwrap();
    let standing = improvement::plan(
        &store,
        &Actor::command("test"),
        &key("stevenage"),
        &measure_code("VoidsSheltered"),
        p("2020/21-Q3"),
        None,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(standing.green_periods, 2);
    assert!(standing.in_focus, "one Green quarter is not yet sustained: {:?}", standing.statuses);
    assert!(!in_focus("2020/21-Q4").await, "two Green quarters in a row");
}
