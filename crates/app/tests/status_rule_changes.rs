//! A measure's status rule changed in year: the forecast-aware rule reading
//! the year-end forecast given with a figure, and a quarter already
//! published keeping the rule it was judged by (issue 18: changing a rule
//! does not rewrite a published quarter).

mod common;

use common::*;
use outturn_app::actor::Actor;
use outturn_app::framework::measure_edit::{MeasureEdit, edit_measure};
use outturn_app::import::import_file;
use outturn_app::statuses::status_report::status_report;
use outturn_core::{Period, Status, StatusRule, Tolerance, ToleranceKind};
use outturn_store::Store;
use rust_decimal_macros::dec;

fn q2() -> Period {
    Period::parse("2020/21-Q2").unwrap()
}

async fn bv9_status(store: &dyn Store, period: Period) -> Status {
    let report = status_report(store, &Actor::command("test"), &key("stevenage"), period, None).await.unwrap();
    report.measures.iter().find(|m| m.code == "BV9").expect("BV9 is reported").status
}

/// Gives BV9 (59.9% against 61% at Q2: Amber within 2 points) a new rule.
async fn set_bv9_rule(store: &dyn Store, rule: StatusRule) {
    let council = store.council(&key("stevenage")).await.unwrap().unwrap();
    let bv9 = council.measures.iter().find(|m| m.code.as_str() == "BV9").unwrap();
    let edit = MeasureEdit {
        title: bv9.title.clone(),
        definition: bv9.definition.clone(),
        officer: bv9.officer.clone(),
        status_rule: rule,
        retired_from: None,
        retired_reason: None,
    };
    edit_measure(store, &Actor::command("test"), &key("stevenage"), &measure_code("BV9"), edit, now()).await.unwrap();
}

async fn import(store: &dyn Store, csv: &str) {
    import_file(store, &key("stevenage"), None, csv, "data.csv", false, now(), &Actor::command("test")).await.unwrap();
}

#[tokio::test]
async fn a_rule_changed_before_publication_rejudges_the_quarter() {
    let store = demo_store().await;
    assert_eq!(bv9_status(&store, q2()).await, Status::Amber);
    set_bv9_rule(&store, StatusRule::Threshold).await;
    assert_eq!(bv9_status(&store, q2()).await, Status::Red, "nothing published: the new rule judges Q2");
    let history = store.measure_history(&key("stevenage"), &measure_code("BV9")).await.unwrap();
    assert!(history.kept_rules.is_empty());
}

#[tokio::test]
async fn a_rule_changed_after_publication_keeps_the_published_quarter_s_status() {
    let store = demo_store().await;
    publish_q2(&store).await;
    set_bv9_rule(&store, StatusRule::Threshold).await;
    assert_eq!(
        bv9_status(&store, q2()).await,
        Status::Amber,
        "Q2 is published: judged by the rule it was published with"
    );
    let history = store.measure_history(&key("stevenage"), &measure_code("BV9")).await.unwrap();
    assert_eq!(history.kept_rules.len(), 1);
    assert_eq!(
        (history.kept_rules[0].until, history.kept_rules[0].rule),
        (q2(), outturn_core::StatusRule::Tolerance(Tolerance { kind: ToleranceKind::Points, amber: dec!(2) }))
    );

    // The next quarter is judged by the new rule: 74.5% against 75% is Red
    // (Amber by the old rule's 2 points).
    import(
        &store,
        "measure,period,target,effective,reason,author\nBV9,2020/21-Q3,75,2020-04-01,Profiled,Performance team\n",
    )
    .await;
    import(&store, "measure,period,value,recorded_by\nBV9,2020/21-Q3,74.5,Revenues\n").await;
    assert_eq!(bv9_status(&store, Period::parse("2020/21-Q3").unwrap()).await, Status::Red);

    // Changed again before Q3 is locked: Q2 keeps its first rule, and no second one is kept.
    set_bv9_rule(&store, StatusRule::Tolerance(Tolerance { kind: ToleranceKind::Points, amber: dec!(0.5) })).await;
    let history = store.measure_history(&key("stevenage"), &measure_code("BV9")).await.unwrap();
    assert_eq!(history.kept_rules.len(), 1);
    assert_eq!(bv9_status(&store, q2()).await, Status::Amber);
}

#[tokio::test]
async fn a_forecast_aware_rule_reads_the_forecast_given_with_the_figure() {
    let store = demo_store().await;
    let rule = StatusRule::ForecastAware(Tolerance { kind: ToleranceKind::Points, amber: dec!(1) });
    set_bv9_rule(&store, rule).await;
    // 1.1 points short, beyond 1 point, and no forecast given: Red.
    assert_eq!(bv9_status(&store, q2()).await, Status::Red);
    // A year-end target of 96.5% collected, and a forecast that meets it.
    import(&store, "measure,period,target,effective,reason,author\nBV9,2020/21-Q4,96.5,2020-04-01,Year-end collection,Performance team\n").await;
    import(&store, "measure,period,value,forecast,commentary,recorded_by\nBV9,2020/21-Q2,59.9,96.6,Instalments resume in January,Revenues\n").await;
    assert_eq!(bv9_status(&store, q2()).await, Status::Amber);
    let report = status_report(&store, &Actor::command("test"), &key("stevenage"), q2(), None).await.unwrap();
    let bv9 = report.measures.iter().find(|m| m.code == "BV9").unwrap();
    assert_eq!(bv9.year_end_forecast, Some(dec!(96.6)));
    // A revised forecast that misses it: Red.
    import(
        &store,
        "measure,period,value,forecast,commentary,recorded_by\nBV9,2020/21-Q2,59.9,95,Arrears growing,Revenues\n",
    )
    .await;
    assert_eq!(bv9_status(&store, q2()).await, Status::Red);
    // A forecast with a missing result is refused, naming the column.
    let refused = import_file(
        &store,
        &key("stevenage"),
        None,
        "measure,period,value,forecast,missing_reason\nBV9,2020/21-Q3,missing,97,Late\n",
        "data.csv",
        false,
        now(),
        &Actor::command("test"),
    )
    .await;
    let Err(outturn_app::AppError::ImportRows(problems)) = refused else { panic!("refused: {refused:?}") };
    assert_eq!(problems[0].field, "forecast", "{problems:?}");
    // A forecast too large for any council (it would overflow the rule's
    // arithmetic on every later view) is refused as it is read.
    let huge = import_file(
        &store,
        &key("stevenage"),
        None,
        "measure,period,value,forecast\nBV9,2020/21-Q2,59.9,79228162514264337593543950335\n",
        "data.csv",
        false,
        now(),
        &Actor::command("test"),
    )
    .await;
    let Err(outturn_app::AppError::ImportRows(problems)) = huge else { panic!("refused: {huge:?}") };
    assert_eq!(problems[0].field, "forecast", "{problems:?}");
    assert!(problems[0].message.contains("too large"), "{problems:?}");
    assert_eq!(bv9_status(&store, q2()).await, Status::Red, "nothing changed");
}

#[tokio::test]
async fn a_measures_import_says_which_rules_it_keeps_and_a_dry_run_says_which_it_would() {
    let store = demo_store().await;
    publish_q2(&store).await;
    let council = store.council(&key("stevenage")).await.unwrap().unwrap();
    let table = outturn_app::export::measures_table(&council.measures);
    let bv9 = table.rows.iter().find(|r| r[0] == "BV9").unwrap();
    // Amber within 1 point instead of 2.
    let amber = table.columns.iter().position(|c| *c == "amber").unwrap();
    let mut tighter = bv9.clone();
    tighter[amber] = "1".into();
    let csv = format!("{}\n{}\n", table.columns.join(","), tighter.join(","));
    let run = |dry_run| {
        let csv = csv.clone();
        let store = &store;
        async move {
            let kind = Some(outturn_app::framework::file::DataKind::Measures);
            import_file(store, &key("stevenage"), kind, &csv, "measures.csv", dry_run, now(), &Actor::command("test"))
                .await
                .unwrap()
        }
    };
    let said = "kept BV9's former status rule (Amber within 2 percentage points of target) for periods to 2020/21-Q2, which are signed off or published";
    let dry = run(true).await;
    assert_eq!(dry.kept_rules, [said], "a dry run says which rules it would keep");
    let history = store.measure_history(&key("stevenage"), &measure_code("BV9")).await.unwrap();
    assert!(history.kept_rules.is_empty(), "and keeps none");
    let done = run(false).await;
    assert_eq!(done.kept_rules, [said]);
    let history = store.measure_history(&key("stevenage"), &measure_code("BV9")).await.unwrap();
    assert_eq!(history.kept_rules.len(), 1);
    assert_eq!(bv9_status(&store, q2()).await, Status::Amber, "Q2 keeps the rule it was published with");
}
