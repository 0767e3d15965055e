//! The commentary rule (outturn_core::commentary) applied the same way on
//! every path that can turn a result Red or Amber, in the next quarter
//! (2020/21-Q3, after the demo's Q2):
//!
//! - the web form and the API, where the commentary can be written in the
//!   same step, refuse a Red or Amber result without it (the `commentary` field);
//! - a target revised from the web, a results CSV uploaded and a targets
//!   file imported cannot ask, so the result is recorded and the measure
//!   owes commentary: "Commentary needed" on its page, the dashboard, the
//!   owner's to-do list and the round page, `commentary_need: "owed"` in the
//!   API, and the business unit cannot be sent for sign-off;
//! - an officer's recorded reason (a waiver) or the owner's commentary
//!   settles it, and the unit can then be sent.
//!
//! On SQLite and PostgreSQL.

#[macro_use]
mod support;

use outturn_app::accounts::api_tokens::create_token;
use outturn_store::TokenScope;
use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use support::*;

const Q3_ROUND: &str = "/councils/stevenage/rounds/2020%2F21-Q3";
const HOUSING_Q3: &str = "/councils/stevenage/rounds/2020%2F21-Q3/units/housing-and-investment";
const NI156: &str = "/councils/stevenage/measures/NI156";
const STATUSES_Q3: &str = "/api/v1/councils/stevenage/statuses?period=2020/21-Q3&per_page=200";
const UPLOAD: &str = "/councils/stevenage/import";
const RESULTS_HEADER: &str =
    "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n";

/// The officer sets NI156's Q3 target through the web form.
async fn set_ni156_target(app: &TestApp, value: &str) {
    let officer = app.sign_in(Who::Officer).await;
    let csrf = app.session_csrf(&officer).await;
    let form = [
        ("csrf_token", csrf.as_str()),
        ("period", "2020/21-Q3"),
        ("value", value),
        ("effective", "01/10/2020"),
        ("reason", "Quarter 3 target agreed by the Executive"),
    ];
    let (status, _, body) = post(&officer, &app.url(&format!("{NI156}/target")), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&body));
}

/// The officer uploads a CSV through the import page; the page that comes back.
async fn upload(app: &TestApp, name: &str, text: &str) -> String {
    let officer = app.sign_in(Who::Officer).await;
    let csrf = app.session_csrf(&officer).await;
    let form = Form::new()
        .text("csrf_token", csrf)
        .text("mode", "import")
        .part("file", Part::bytes(text.as_bytes().to_vec()).file_name(name.to_string()).mime_str("text/csv").unwrap());
    let response = officer.post(app.url(UPLOAD)).multipart(form).send().await.unwrap();
    let status = response.status();
    let page = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{}", text_of(&page));
    page
}

/// The owner sends the Housing unit's Q3 results for sign-off.
async fn submit_housing(app: &TestApp) -> (StatusCode, String) {
    let owner = app.sign_in(Who::Owner).await;
    let csrf = app.session_csrf(&owner).await;
    let (status, _, body) =
        post(&owner, &app.url(HOUSING_Q3), &[("csrf_token", csrf.as_str()), ("step", "submit"), ("reason", "")]).await;
    (status, body)
}

/// What the API says of a measure's commentary for Q3 (`owed`, `written`...).
async fn need_in_api(app: &TestApp, secret: &str, code: &str) -> String {
    let response =
        reqwest::Client::new().get(app.url(STATUSES_Q3)).header(AUTHORIZATION, format!("Bearer {secret}")).send().await;
    let body: Value = serde_json::from_str(&response.unwrap().text().await.unwrap()).expect("JSON");
    let items = body["items"].as_array().unwrap_or_else(|| panic!("{body}"));
    let item = items.iter().find(|i| i["code"] == code).unwrap_or_else(|| panic!("{code} in {body}"));
    item["commentary_need"].as_str().unwrap().to_string()
}

async fn token(app: &TestApp, username: &str) -> String {
    create_token(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), username, TokenScope::Write, "test")
        .await
        .expect("a token")
        .secret
}

web_tests! {
    async fn a_red_result_owes_commentary_however_it_became_red(app) {
        open_q3(&app).await;
        let owner_token = token(&app, "owner").await;

        // No target yet: the figure is recorded without commentary and nothing is owed.
        let (status, body) = enter_ni156_q3(&app, "150", "").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&body));
        assert_eq!(need_in_api(&app, &owner_token, "NI156").await, "not-needed");
        assert_eq!(submit_housing(&app).await.0, StatusCode::SEE_OTHER, "nothing owed: the unit can be sent");
        // Back to open for the rest of the test.
        let director = app.sign_in(Who::Director).await;
        let csrf = app.session_csrf(&director).await;
        let reopen = [("csrf_token", csrf.as_str()), ("step", "reopen"), ("reason", "Targets for Q3 still to come")];
        assert_eq!(post(&director, &app.url(HOUSING_Q3), &reopen).await.0, StatusCode::SEE_OTHER);

        // Target revision (web): 150 against 100, lower being better, is Red; it is recorded, and owed.
        set_ni156_target(&app, "100").await;
        assert_eq!(need_in_api(&app, &owner_token, "NI156").await, "owed");
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, page) = get(&officer, &app.url(&format!("{NI156}?year=2020%2F21"))).await;
        let figures = table_after(&page, "The figures in the chart");
        let q3 = figures.iter().find(|r| r[0].starts_with("2020/21-Q3")).expect("a Q3 row");
        assert!(q3.iter().any(|c| c.contains("Red")), "{q3:?}");
        assert!(q3.last().unwrap().contains("Commentary needed"), "{q3:?}");
        let (_, _, dashboard) = get(&officer, &app.url("/councils/stevenage?period=2020%2F21-Q3")).await;
        assert!(text_of(&dashboard).contains("Commentary needed"), "the dashboard shows it");
        let (_, _, round) = get(&officer, &app.url(Q3_ROUND)).await;
        assert!(text_of(&round).contains("NI156"), "the round page lists it");
        let owner = app.sign_in(Who::Owner).await;
        let (_, _, mine) = get(&owner, &app.url(&format!("{Q3_ROUND}/mine"))).await;
        let mine_text = text_of(&mine);
        assert!(mine_text.contains("Commentary needed") && mine_text.contains("NI156"), "{mine_text}");

        // Sign-off waits for it.
        let (status, refused) = submit_housing(&app).await;
        assert_eq!(status, StatusCode::CONFLICT, "{}", text_of(&refused));
        let refused = text_of(&refused);
        assert!(refused.contains("commentary is needed first") && refused.contains("NI156"), "{refused}");

        // Web form: a Red figure without commentary is refused on the commentary field.
        let before = app.recorded("NI156", "2020/21-Q3").await;
        let (status, body) = enter_ni156_q3(&app, "160", "").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", text_of(&body));
        let (links, summary) = error_summary(&body).expect("an error summary");
        assert_eq!(links, ["#commentary"], "the summary links the commentary field");
        assert!(summary.contains("This result is Red"), "{summary}");

        // API: the same rule, the same field.
        let (status, problem) = post_result_by_api(&app, &owner_token, "NI156", &json!({ "period": "2020/21-Q3", "value": "160" })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["errors"][0]["pointer"], "#/commentary", "{problem}");
        assert_eq!(app.recorded("NI156", "2020/21-Q3").await, before, "neither refused entry recorded anything");

        // CSV import (web upload): recorded, listed as owing commentary.
        let csv = format!("{RESULTS_HEADER}NI156,2020/21-Q3,170,,,,,,,\n");
        let page = text_of(&upload(&app, "q3.csv", &csv).await);
        assert!(page.contains("Commentary needed") && page.contains("NI156"), "{page}");
        assert_eq!(app.recorded("NI156", "2020/21-Q3").await, before + 1, "the import recorded it");
        assert_eq!(need_in_api(&app, &owner_token, "NI156").await, "owed");

        // A targets file for another Housing measure with a Q3 result: owed after the import too.
        let (status, body) = {
            let csv = format!("{RESULTS_HEADER}BV213,2020/21-Q3,30,,,,,,,\n");
            let page = upload(&app, "bv213.csv", &csv).await;
            (StatusCode::OK, page)
        };
        assert_eq!(status, StatusCode::OK, "{}", text_of(&body));
        assert_eq!(need_in_api(&app, &owner_token, "BV213").await, "not-needed", "no target: nothing owed");
        let targets = "measure,period,target,effective,reason,author,recorded_at\nBV213,2020/21-Q3,1000,2020-10-01,Quarter 3 profile,Performance team,\n";
        let page = text_of(&upload(&app, "targets.csv", targets).await);
        assert!(page.contains("Commentary needed") && page.contains("BV213"), "{page}");
        assert_eq!(need_in_api(&app, &owner_token, "BV213").await, "owed");
        let bv213_on_dashboard = async || {
            let (_, _, page) = get(&officer, &app.url("/councils/stevenage?period=2020%2F21-Q3")).await;
            let rows = table_after(&page, "Exceptions: Red, Amber and Missing data");
            rows.into_iter().find(|r| r[0].starts_with("BV213")).expect("BV213 is an exception").join(" | ")
        };
        assert!(bv213_on_dashboard().await.contains("Commentary needed"));

        // An officer records why BV213 needs none; the owner writes NI156's.
        let officer_csrf = app.session_csrf(&officer).await;
        let waiver = "/councils/stevenage/measures/BV213/commentary-waiver";
        let (status, _, page) = post(&officer, &app.url(waiver), &[("csrf_token", officer_csrf.as_str()), ("period", "2020/21-Q3"), ("waiver_reason", " ")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a waiver needs a reason");
        assert!(text_of(&page).contains("Say why no commentary is needed"), "{}", text_of(&page));
        let owner_csrf = app.session_csrf(&owner).await;
        let (status, _, _) = post(&owner, &app.url(waiver), &[("csrf_token", owner_csrf.as_str()), ("period", "2020/21-Q3"), ("waiver_reason", "mine")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "an owner cannot excuse their own commentary");
        let reason = [("csrf_token", officer_csrf.as_str()), ("period", "2020/21-Q3"), ("waiver_reason", "Preventions are reported in the housing spotlight")];
        let (status, _, _) = post(&officer, &app.url(waiver), &reason).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(need_in_api(&app, &owner_token, "BV213").await, "waived");
        let row = bv213_on_dashboard().await;
        assert!(!row.contains("Commentary needed"), "the dashboard is not kept from before the waiver: {row}");
        let (status, _) = submit_housing(&app).await;
        assert_eq!(status, StatusCode::CONFLICT, "NI156 still owes");

        let (status, body) = enter_ni156_q3(&app, "170", "Rough sleepers housed under Everyone In; move-on plans in place").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&body));
        assert_eq!(need_in_api(&app, &owner_token, "NI156").await, "written");
        let (status, body) = submit_housing(&app).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "nothing owed now: {}", text_of(&body));
        let audit = app.store.audit_log(&outturn_store::AuditFilter { limit: 200, ..Default::default() }).await.unwrap();
        let waived: Vec<_> = audit.iter().filter(|a| a.event == "commentary.waived").collect();
        assert_eq!(waived.len(), 1, "one waiver audited");
        assert_eq!((waived[0].actor.as_str(), waived[0].subject.as_str()), ("officer", "BV213 2020/21-Q3"));
    }
}
