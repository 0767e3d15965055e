//! A framework file using every status rule (docs/examples/status-rules:
//! a fictional council) applies, and what people open says each status and
//! why: the dashboard, each measure's page, the framework tree with its
//! rolled-up statuses and their counts, and the quarterly report. A status no
//! figure decides is judged by an officer and rolls up as judged.

#[macro_use]
mod support;

use outturn_app::accounts::api_tokens::create_token;
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
    assert!(applied.changes.iter().any(|l| l.contains("added 9 measures")), "{:?}", applied.changes);
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
            // The council's own word for Exceeded.
            ("EX-EXC", "Better than target: 9 percentage points above target, beyond the Exceeded band of 5%"),
        ] {
            let (status, _, page) = get(&officer, &app.url(&format!("/councils/example/measures/{code}?year=2024%2F25"))).await;
            assert_eq!(status, StatusCode::OK);
            assert!(text_of(&page).contains(words), "{code}: {}", text_of(&page));
        }

        // The council's words and colours on the tags, each with its shape.
        let (_, _, page) = get(&officer, &app.url("/councils/example/measures/EX-EXC?year=2024%2F25")).await;
        assert!(page.contains(r#"govuk-tag--blue"><span class="outturn-shape" aria-hidden="true">★</span>Better than target<"#), "{page}");
        assert!(page.contains("★ Better than target  ● Green  ▲ Amber  ■ Red"), "the chart's key: {page}");
        let (_, _, page) = get(&officer, &app.url("/councils/example/measures/EX-DAT?year=2024%2F25")).await;
        assert!(page.contains(r#"govuk-tag--grey"><span class="outturn-shape" aria-hidden="true">i</span>Data only<"#), "{page}");

        // The API gives the code, the council's words and its colour.
        let scope = outturn_store::TokenScope::Read;
        let token = create_token(app.store.as_ref(), &Actor::command("test"), "example-officer", scope, "test").await.unwrap();
        let response = reqwest::Client::new()
            .get(app.url("/api/v1/councils/example/statuses?period=2024%2F25-Q2"))
            .bearer_auth(&token.secret)
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        let exc = body["items"].as_array().unwrap().iter().find(|m| m["code"] == "EX-EXC").unwrap();
        assert_eq!((&exc["status"], &exc["status_label"], &exc["status_colour"]), (&"exceeded".into(), &"Better than target".into(), &"blue".into()));

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
        // The summary tables give an Exceeded column, headed in the council's words.
        assert!(dashboard.contains(r#"govuk-table__header--numeric">Better than target</th>"#), "{dashboard}");

        // The tree: each node's overall status by majority, with the counts behind it.
        let (_, _, tree) = get(&officer, &app.url("/councils/example/framework?period=2024%2F25-Q2")).await;
        let tree = text_of(&tree);
        // People and Place: EX-EXC Exceeded (counted as Green), EX-DIR Amber,
        // EX-BND Green, EX-THR Red, EX-JDG judged Amber, EX-DAT not judged:
        // a tie of Green and Amber goes to Amber.
        assert!(tree.contains("Amber 1 Better than target, 1 Green, 2 Amber, 1 Red, 1 not judged"), "{tree}");
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
            "EX-BND and EX-EXC are judged by bands",
            "EX-EXC is also judged Better than target when better than target by more than its Exceeded band",
            "Status: Red: 10 percentage points below target, beyond the tolerance of 5%",
            "Status: Amber: 4.83 percentage points below target, and the year-end forecast of 45% meets the 2024/25 target of 45%",
            "The fourth contractor milestone is two weeks late.",
            "Exceeding target beyond its band (Better than target)",
        ] {
            assert!(report.contains(expected), "{expected:?} in the report: {report}");
        }
    }
}
