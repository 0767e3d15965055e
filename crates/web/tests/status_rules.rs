//! A framework file using every status rule (docs/examples/status-rules:
//! a fictional council) applies, and what people open says each status and
//! why: the dashboard, each measure's page, the framework tree with its
//! rolled-up statuses and their counts, and the quarterly report. A status no
//! figure decides is judged by an officer and rolls up as judged.

#[macro_use]
mod support;

use outturn_app::accounts::{NewUser, add_user};
use outturn_app::actor::Actor;
use outturn_app::framework::apply::apply_plan;
use outturn_app::framework::file::{Disk, read_plan};
use outturn_core::Role;
use reqwest::StatusCode;
use support::*;

const FRAMEWORK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/status-rules/framework.toml");
const DASHBOARD: &str = "/councils/example?period=2024%2F25-Q2";

/// Applies the example and signs in as its performance officer.
async fn example_officer(app: &TestApp) -> reqwest::Client {
    let plan = read_plan(&Disk, FRAMEWORK).unwrap();
    let applied = apply_plan(app.store.as_ref(), &plan, jiff::Timestamp::now(), &Actor::command("test")).await.unwrap();
    assert!(applied.changes.iter().any(|l| l.contains("added 7 measures")), "{:?}", applied.changes);
    let new = NewUser {
        username: "example-officer".into(),
        display_name: "Example officer".into(),
        role: Role::PerformanceOfficer,
        council: Some(key("example")),
        nodes: vec![],
        password: PASSWORD.into(),
    };
    add_user(app.store.as_ref(), &Actor::command("test"), new).await.unwrap();
    sign_in_at(&app.address, "example-officer", PASSWORD).await.0
}

web_tests! {
    async fn every_rule_is_shown_with_its_reason_and_statuses_roll_up_the_tree(app) {
        let officer = example_officer(&app).await;
        // Each rule, in words, on its measure's page.
        for (code, words) in [
            ("EX-TOL", "Amber: 1.1 percentage points below target, within the tolerance of 2 percentage points"),
            ("EX-DEF", "Red: 10 percentage points below target, beyond the tolerance of 5%"),
            ("EX-DIR", "Amber: 10 percentage points below target, beyond the tolerance of 10%, and better than July to September 2023"),
            ("EX-FCT", "Amber: 4.83 percentage points below target, and the year-end forecast of 45% meets the 2024/25 target of 45%"),
            ("EX-BND", "Green: 20 below target, within the Green band of 15%"),
            ("EX-THR", "Red: 0.4 per 1,000 worse than the threshold"),
        ] {
            let (status, _, page) = get(&officer, &app.url(&format!("/councils/example/measures/{code}?year=2024%2F25"))).await;
            assert_eq!(status, StatusCode::OK);
            assert!(text_of(&page).contains(words), "{code}: {}", text_of(&page));
        }

        // The information-only measure is judged Amber, with its reason.
        let csrf = app.session_csrf(&officer).await;
        let form = [
            ("csrf_token", csrf),
            ("period", "2024/25-Q2".to_string()),
            ("judged_status", "amber".to_string()),
            ("justification", "The fourth contractor milestone is two weeks late.".to_string()),
        ];
        let response = officer.post(app.url("/councils/example/measures/EX-JDG/judgement")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());

        // The dashboard: every status in words (never colour alone), the judged one marked.
        let (_, _, dashboard) = get(&officer, &app.url(DASHBOARD)).await;
        let text = text_of(&dashboard);
        for expected in ["EX-TOL", "EX-DEF", "EX-DIR", "EX-FCT", "EX-THR", "EX-JDG"] {
            assert!(text.contains(expected), "{expected} among the exceptions: {text}");
        }
        assert!(text.contains("Amber (judged)") || text.contains("Judged"), "{text}");

        // The tree: each node's overall status by majority, with the counts behind it.
        let (_, _, tree) = get(&officer, &app.url("/councils/example/framework?period=2024%2F25-Q2")).await;
        let tree = text_of(&tree);
        // People and Place: EX-DIR Amber, EX-BND Green, EX-THR Red, EX-JDG judged Amber.
        assert!(tree.contains("1 Green, 2 Amber, 1 Red"), "{tree}");
        // Resources: EX-TOL Amber, EX-DEF Red, EX-FCT Amber.
        assert!(tree.contains("2 Amber, 1 Red"), "{tree}");

        // The quarterly report names the measures each rule judges and says why in each spotlight.
        let period = outturn_core::Period::parse("2024/25-Q2").unwrap();
        let settings = outturn_report::Settings::default();
        let report =
            outturn_report::quarterly::quarterly(app.store.as_ref(), &Actor::command("test"), &key("example"), period, &settings)
                .await
                .unwrap();
        let report = outturn_report::render(&report, outturn_report::Format::Markdown);
        let report = String::from_utf8_lossy(report.as_ref()).into_owned();
        for expected in [
            "EX-DIR is judged by direction of travel",
            "EX-FCT is judged with the year-end forecast",
            "EX-BND is judged by bands",
            "Status: Red: 10 percentage points below target, beyond the tolerance of 5%",
            "Status: Amber: 4.83 percentage points below target, and the year-end forecast of 45% meets the 2024/25 target of 45%",
            "The fourth contractor milestone is two weeks late.",
        ] {
            assert!(report.contains(expected), "{expected:?} in the report: {report}");
        }
    }
}
