//! Officers override a measure's year-end forecast with a figure and a
//! reason: every override is kept (a later one for the same year supersedes
//! it, never replaces it), whether the target is at risk is judged on the
//! officer's forecast with the model's still beside it, and once the year's
//! outturn arrives each override's error and their mean absolute
//! percentage error are shown, beside each method's. Example Borough's
//! history runs to 2026-09; its figures are fictional.

mod common;

use common::{demo_store, key, measure_code};
use jiff::Timestamp;
use outturn_app::AppError;
use outturn_app::accounts::{NewUser, add_user};
use outturn_app::actor::Actor;
use outturn_app::forecast_override::{open_override, override_forecast};
use outturn_app::results::data_entry::EntryError;
use outturn_app::statuses::forecast::{RiskBasis, measure_forecast};
use outturn_core::{AsOf, Decimal, FinancialYear, Role};
use outturn_store::{AuditFilter, Store};
use rust_decimal_macros::dec;

fn eb() -> outturn_core::Key {
    key("example-borough")
}

fn year(text: &str) -> FinancialYear {
    text.parse().unwrap()
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

async fn person(store: &dyn Store, username: &str, role: Role) -> Actor {
    let new = NewUser {
        username: username.into(),
        display_name: format!("Name of {username}"),
        role,
        council: Some(eb()),
        nodes: if matches!(role, Role::DataOwner | Role::Director) { vec![key("customer-services")] } else { vec![] },
        password: "correct horse battery staple".into(),
    };
    Actor::User(add_user(store, &Actor::command("test setup"), new).await.unwrap())
}

/// The problems of a refused override, as (field, message).
fn problems(refused: Result<outturn_store::ForecastOverride, EntryError>) -> Vec<(&'static str, String)> {
    match refused {
        Err(EntryError::Invalid(p)) => p.into_iter().map(|p| (p.field, p.message)).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

#[tokio::test]
async fn an_override_given_before_the_outturn_is_scored_against_it_and_a_later_one_supersedes_it() {
    let store = demo_store().await;
    let officer = person(&store, "officer", Role::PerformanceOfficer).await;
    let ct01 = measure_code("EB-CT01");
    // February 2026: December's result is the latest; 2025/26 is being forecast.
    let first = override_forecast(
        &store,
        &officer,
        &eb(),
        &ct01,
        year("2025/26"),
        "95",
        "  Recovery is slower since the court dates moved  ",
        at("2026-02-01T10:00:00Z"),
    )
    .await
    .unwrap();
    assert_eq!(first.reason, "Recovery is slower since the court dates moved", "the reason is trimmed");
    assert_eq!(first.recorded_by, "Name of officer");
    override_forecast(
        &store,
        &officer,
        &eb(),
        &ct01,
        year("2025/26"),
        "96%",
        "January's collection was better than feared",
        at("2026-03-01T10:00:00Z"),
    )
    .await
    .unwrap();
    // Both kept, in the order given.
    let stored = store.forecast_overrides(&eb()).await.unwrap();
    assert_eq!(stored.iter().map(|o| o.value).collect::<Vec<_>>(), [dec!(95), dec!(96)]);

    // As it stood on 2 March 2026: the later one is the officer's forecast, no outturn yet.
    let then = measure_forecast(&store, &officer, &eb(), &ct01, AsOf::at(at("2026-03-02T00:00:00Z"))).await.unwrap();
    assert_eq!(then.forecast_year, Some(year("2025/26")));
    assert_eq!(then.overrides.len(), 2);
    assert!(then.overrides[0].superseded && !then.overrides[1].superseded);
    assert_eq!(then.officer_forecast.as_ref().map(|o| o.value), Some(dec!(96)));
    assert!(then.overrides.iter().all(|o| o.outturn.is_none() && o.absolute_percentage_error.is_none()));
    assert_eq!(then.override_accuracy, None);
    // Seen on 15 February, only the first was known.
    let earlier = measure_forecast(&store, &officer, &eb(), &ct01, AsOf::at(at("2026-02-15T00:00:00Z"))).await.unwrap();
    assert_eq!(earlier.overrides.len(), 1);
    assert_eq!(earlier.officer_forecast.map(|o| o.value), Some(dec!(95)));

    // Now March 2026's 96.5% is in: each override's error, and their MAPE.
    let now = measure_forecast(&store, &officer, &eb(), &ct01, AsOf::now()).await.unwrap();
    let outturn = dec!(96.5);
    assert_eq!(now.overrides.iter().map(|o| o.outturn).collect::<Vec<_>>(), [Some(outturn), Some(outturn)]);
    let ape = |v: Decimal| (outturn - v).abs() / outturn * dec!(100);
    assert_eq!(now.overrides[0].absolute_percentage_error, Some(ape(dec!(95))));
    assert_eq!(now.overrides[1].absolute_percentage_error, Some(ape(dec!(96))));
    let accuracy = now.override_accuracy.expect("scored once the outturn arrived");
    assert_eq!(accuracy.count, 2);
    assert_eq!(accuracy.mae, Some(dec!(1)));
    assert_eq!(accuracy.mape.map(|m| m.round_dp(6)), Some((dec!(2) / dec!(2) / outturn * dec!(100)).round_dp(6)));
    assert_eq!(now.officer_forecast, None, "2025/26 is over: 2026/27 is being forecast and has no override");

    // The JSON the API and `outturn forecast --format json` give.
    let json = now.json(&eb());
    let overrides = json["overrides"].as_array().unwrap();
    assert_eq!(overrides.len(), 2);
    assert_eq!(overrides[0]["year"], "2025/26");
    assert_eq!(overrides[0]["value"], "95");
    assert_eq!(overrides[0]["reason"], "Recovery is slower since the court dates moved");
    assert_eq!(overrides[0]["recorded_by"], "Name of officer");
    assert_eq!(overrides[0]["recorded_at"], "2026-02-01T10:00:00Z");
    assert_eq!(overrides[0]["outturn"], "96.5");
    assert_eq!(overrides[0]["superseded"], true);
    assert_eq!(overrides[1]["absolute_percentage_error"], ape(dec!(96)).to_string());
    assert_eq!(json["override_accuracy"]["count"], 2);

    // Audited, each naming the one it superseded.
    let filter = AuditFilter { event_prefix: Some("forecast.".into()), limit: 10, ..AuditFilter::default() };
    let log = store.audit_log(&filter).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].event, "forecast.overridden");
    assert_eq!(log[0].actor, "officer");
    assert_eq!(log[0].subject, "EB-CT01 2025/26 year-end forecast");
    assert_eq!(log[0].before.as_ref().unwrap()["value"], "95");
    assert_eq!(log[0].after.as_ref().unwrap()["value"], "96");
    assert_eq!(log[1].before, None);
}

#[tokio::test]
async fn the_risk_to_the_target_is_judged_on_the_officers_forecast_with_the_models_beside_it() {
    let store = demo_store().await;
    let officer = person(&store, "officer", Role::PerformanceOfficer).await;
    let cs02 = measure_code("EB-CS02");
    // % of calls abandoned, lower is better, 2026/27 target 5%: the model forecasts just over it.
    let model = measure_forecast(&store, &officer, &eb(), &cs02, AsOf::now()).await.unwrap();
    assert_eq!(model.year_target.as_ref().map(|t| t.value), Some(dec!(5)));
    assert_eq!((model.at_risk, model.at_risk_on), (Some(true), Some(RiskBasis::Model)));
    let model_value = model.year_end.clone().unwrap().unwrap().value;
    assert!(model.warning().unwrap().starts_with("At risk of missing the year-end target"));

    let opened = open_override(&store, &officer, &eb(), &cs02, Timestamp::now()).await.unwrap();
    assert_eq!(opened.default_year(jiff::civil::date(2026, 12, 5)), year("2026/27"));
    opened.record(&store, year("2026/27"), "4.6", "New staff start in October", Timestamp::now()).await.unwrap();
    let judged = measure_forecast(&store, &officer, &eb(), &cs02, AsOf::now()).await.unwrap();
    assert_eq!(judged.officer_forecast.as_ref().map(|o| o.value), Some(dec!(4.6)));
    assert_eq!((judged.at_risk, judged.at_risk_on), (Some(false), Some(RiskBasis::Officer)));
    assert_eq!(judged.model_at_risk, Some(true), "the model's own judgement is kept");
    assert_eq!(judged.year_end.clone().unwrap().unwrap().value, model_value, "the model's forecast still shown");
    assert_eq!(judged.warning(), None);

    // A later, gloomier override supersedes it.
    override_forecast(&store, &officer, &eb(), &cs02, year("2026/27"), "5.8", "The new staff left", Timestamp::now())
        .await
        .unwrap();
    let judged = measure_forecast(&store, &officer, &eb(), &cs02, AsOf::now()).await.unwrap();
    assert_eq!((judged.at_risk, judged.at_risk_on), (Some(true), Some(RiskBasis::Officer)));
    let warning = judged.warning().unwrap();
    assert!(warning.starts_with("At risk, on the officer's forecast of 5.8%"), "{warning}");
    assert!(
        warning.contains("the 2026/27 outturn would miss the year-end target of 5%")
            && warning.contains("(the model forecasts 5.2%)"),
        "{warning}"
    );
    assert_eq!(judged.json(&eb())["at_risk_on"], "officer-override");
    assert_eq!(judged.overrides.iter().filter(|o| o.superseded).count(), 1);
}

#[tokio::test]
async fn an_override_is_refused_with_each_field_named_and_nothing_kept() {
    let store = demo_store().await;
    let officer = person(&store, "officer", Role::PerformanceOfficer).await;
    let now = Timestamp::now();
    // A count cannot be negative, and a reason is needed: both said at once.
    let refused =
        override_forecast(&store, &officer, &eb(), &measure_code("EB-RB03"), year("2026/27"), "-3", "   ", now).await;
    let p = problems(refused);
    assert_eq!(p.iter().map(|(f, _)| *f).collect::<Vec<_>>(), ["value", "reason"], "{p:?}");
    assert!(p[0].1.contains("cannot be below 0"), "{p:?}");
    let refused =
        override_forecast(&store, &officer, &eb(), &measure_code("EB-CS02"), year("2026/27"), "about five", "x", now)
            .await;
    assert!(problems(refused)[0].1.contains("must be a number"));
    let long = "x".repeat(outturn_app::forecast_override::MAX_REASON_CHARS + 1);
    let refused =
        override_forecast(&store, &officer, &eb(), &measure_code("EB-CS02"), year("2026/27"), "5", &long, now).await;
    assert_eq!(problems(refused)[0].0, "reason");
    // 2025/26's outturn is in: there is nothing to forecast.
    let refused =
        override_forecast(&store, &officer, &eb(), &measure_code("EB-CT01"), year("2025/26"), "96", "Late", now).await;
    let p = problems(refused);
    assert_eq!(p[0].0, "year");
    assert!(p[0].1.contains("The 2025/26 outturn is already in (96.5%)"), "{p:?}");
    assert_eq!(store.forecast_overrides(&eb()).await.unwrap(), vec![]);
}

#[tokio::test]
async fn only_performance_officers_and_the_command_line_may_override() {
    let store = demo_store().await;
    let cs02 = measure_code("EB-CS02");
    let now = Timestamp::now();
    for role in [Role::Viewer, Role::DataOwner, Role::Director] {
        let someone = person(&store, &format!("{role:?}").to_lowercase(), role).await;
        let refused = open_override(&store, &someone, &eb(), &cs02, now).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{role:?}: {refused:?}");
        let refused = override_forecast(&store, &someone, &eb(), &cs02, year("2026/27"), "5", "Why", now).await;
        assert!(matches!(refused, Err(EntryError::App(AppError::Forbidden))), "{role:?}");
        // They still read the forecast.
        assert!(measure_forecast(&store, &someone, &eb(), &cs02, AsOf::now()).await.is_ok());
    }
    let refused = open_override(&store, &Actor::Public, &eb(), &cs02, now).await;
    assert!(matches!(refused, Err(AppError::Forbidden)));
    // An officer of another council may not either.
    let other = add_user(
        &store,
        &Actor::command("test setup"),
        NewUser {
            username: "stevenage-officer".into(),
            display_name: "Stevenage officer".into(),
            role: Role::PerformanceOfficer,
            council: Some(key("stevenage")),
            nodes: vec![],
            password: "correct horse battery staple".into(),
        },
    )
    .await
    .unwrap();
    assert!(matches!(open_override(&store, &Actor::User(other), &eb(), &cs02, now).await, Err(AppError::Forbidden)));
    let cli = Actor::command("outturn forecast");
    let kept = override_forecast(&store, &cli, &eb(), &cs02, year("2026/27"), "5", "From the command line", now)
        .await
        .unwrap();
    assert_eq!(kept.recorded_by, "outturn forecast");
    assert_eq!(store.forecast_overrides(&eb()).await.unwrap(), vec![kept]);
}
