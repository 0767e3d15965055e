//! A performance officer overrides a measure's year-end forecast on its own
//! page (GET/POST /councils/{c}/measures/{code}/forecast-override): others
//! are refused (403; the public are sent to sign in), a bad figure or an
//! empty reason gives the GOV.UK error summary naming each field, a form
//! without its token is refused, and a good one is kept and goes back to
//! the measure's forecast, where the overrides table, the officer's
//! forecast, the risk judged on it and the overrides' accuracy beside the
//! methods' are shown (the same for every reader), as the API's JSON gives them.

#[macro_use]
mod support;

use outturn_app::accounts::api_tokens::create_token;
use outturn_app::actor::Actor;
use outturn_store::TokenScope;
use reqwest::header::AUTHORIZATION;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use support::*;

const NI156: &str = "/councils/stevenage/measures/NI156";
const OVERRIDE: &str = "/councils/stevenage/measures/NI156/forecast-override";
const CS02: &str = "/councils/example-borough/measures/EB-CS02";

/// The measure page's forecast section: from its heading to the end of
/// its last table, the officers' overrides (what follows is the page's own).
fn forecast_section(html: &str) -> &str {
    let start = html.find(">Forecast</h2>").expect("a Forecast section");
    let rest = &html[start..];
    let overrides = rest.find("forecast-overrides-caption").expect("the overrides table");
    let end = overrides + rest[overrides..].find("</table>").expect("its end") + "</table>".len();
    &rest[..end]
}

async fn api_get(app: &TestApp, path: &str) -> Value {
    let secret = create_token(app.store.as_ref(), &Actor::command("test"), "admin", TokenScope::Read, "test")
        .await
        .expect("create a token")
        .secret;
    let response =
        Client::new().get(app.url(path)).header(AUTHORIZATION, format!("Bearer {secret}")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

async fn overrides(app: &TestApp, council: &str) -> usize {
    app.store.forecast_overrides(&key(council)).await.unwrap().len()
}

web_tests! {
    async fn only_performance_officers_may_override_and_others_learn_nothing(app) {
        // The public are sent to sign in and come back.
        let (status, headers, _) = get(&app.client(), &app.url(OVERRIDE)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let to = location(&headers).unwrap();
        assert!(to.starts_with("/sign-in") && to.contains("forecast-override"), "{to}");
        let (status, _, _) = post(&app.client(), &app.url(OVERRIDE), &[("value", "5"), ("reason", "x")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // Viewers, data owners, directors and another council's officer: 403, page and form alike.
        for who in [Who::Viewer, Who::Owner, Who::Director, Who::Epping] {
            let browser = app.sign_in(who).await;
            let (status, _, _) = get(&browser, &app.url(OVERRIDE)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who:?}");
            let csrf = app.session_csrf(&browser).await;
            let form = [("csrf_token", csrf.as_str()), ("year", "2020/21"), ("value", "-1"), ("reason", "")];
            let (status, _, html) = post(&browser, &app.url(OVERRIDE), &form).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who:?}");
            assert!(!html.contains("govuk-error-summary"), "{who:?} learns nothing from validation");
        }
        assert_eq!(overrides(&app, "stevenage").await, 0);
    }

    async fn an_officer_overrides_with_each_problem_named_and_the_override_is_kept(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (status, _, page) = get(&officer, &app.url(OVERRIDE)).await;
        assert_eq!(status, StatusCode::OK);
        let text = text_of(&page);
        assert!(text.contains("Override the year-end forecast"), "{text}");
        assert!(text.contains("Model's year-end outturn") && text.contains("Year-end target"), "{text}");
        assert_eq!(hidden(&page, "year").as_deref(), Some("2020/21"), "the year being forecast, by default");
        let csrf = csrf_token(&page);

        // Without the form's token: refused, nothing kept.
        let form = [("csrf_token", "forged"), ("year", "2020/21"), ("value", "200"), ("reason", "Forged")];
        let (status, _, _) = post(&officer, &app.url(OVERRIDE), &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, _) = post(&officer, &app.url(OVERRIDE), &form[1..]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // A negative count and no reason: both named, the figure typed kept in the form.
        let form = [("csrf_token", csrf.as_str()), ("year", "2020/21"), ("value", "-5"), ("reason", "   ")];
        let (status, _, html) = post(&officer, &app.url(OVERRIDE), &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (links, summary) = error_summary(&html).expect("an error summary");
        assert_eq!(links, ["#value", "#reason"], "{summary}");
        assert!(summary.contains("cannot be below 0") && summary.contains("Say why"), "{summary}");
        assert!(html.contains("<title>Error: "), "the title says there is an error");
        assert_eq!(hidden(&html, "value").as_deref(), Some("-5"));
        // Not a number, and a year that is not one.
        let form = [("csrf_token", csrf.as_str()), ("year", "2020"), ("value", "lots"), ("reason", "Because")];
        let (status, _, html) = post(&officer, &app.url(OVERRIDE), &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (links, summary) = error_summary(&html).expect("an error summary");
        assert_eq!(links, ["#year", "#value"], "{summary}");
        assert!(summary.contains("must be a number"), "{summary}");
        assert_eq!(overrides(&app, "stevenage").await, 0, "nothing kept from a refused form");

        // A good one: kept, and back to the measure's forecast.
        let form = [("csrf_token", csrf.as_str()), ("year", "2020/21"), ("value", "190"), ("reason", "  New hostel opens in February  ")];
        let (status, headers, _) = post(&officer, &app.url(OVERRIDE), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers).as_deref(), Some(format!("{NI156}#forecast").as_str()));
        let kept = app.store.forecast_overrides(&key("stevenage")).await.unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].reason, "New hostel opens in February");
        assert_eq!(kept[0].recorded_by, "Test officer");

        // The measure's forecast section shows it, with no form, to every reader alike.
        let (_, _, officer_page) = get(&officer, &app.url(NI156)).await;
        let (_, _, viewer_page) = get(&app.sign_in(Who::Viewer).await, &app.url(NI156)).await;
        let section = forecast_section(&officer_page);
        assert_eq!(section, forecast_section(&viewer_page), "drawn once, shared by every reader");
        // The page leads officers to the override, and no one else.
        let link = "/measures/NI156/forecast-override\">Override the year-end forecast</a>";
        assert!(officer_page.contains(link), "the officer's measure page links the override");
        assert!(!viewer_page.contains("/forecast-override\""), "the viewer's does not");
        assert!(!section.contains("<form") && !section.contains("csrf_token"), "{section}");
        let rows = table_after(section, "Year-end forecasts given by officers");
        assert_eq!(rows[1][0], "2020/21", "{rows:?}");
        assert!(rows[1][1].contains("by Test officer"), "{rows:?}");
        assert_eq!(rows[1][2], "190");
        assert_eq!(rows[1][3], "New hostel opens in February");
        assert_eq!(rows[1][4], "Not yet known");
        assert!(text_of(section).contains("Officer's forecast"), "{}", text_of(section));

        // A later one supersedes it; both are listed on the override page, newest first.
        let form = [("csrf_token", csrf.as_str()), ("year", "2020/21"), ("value", "205"), ("reason", "The hostel is delayed")];
        let (status, _, _) = post(&officer, &app.url(OVERRIDE), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, page) = get(&officer, &app.url(OVERRIDE)).await;
        let rows = table_after(&page, "Year-end forecasts given by officers");
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[1][2], "205");
        assert!(rows[2][1].contains("Superseded"), "{rows:?}");
        assert!(text_of(&page).contains("205 for 2020/21, by Test officer"), "{}", text_of(&page));
    }

    async fn the_risk_is_judged_on_the_officers_forecast_and_its_accuracy_shown_beside_the_methods(app) {
        // An override of 2025/26 given in February 2026, before March's figure: its outturn is in now.
        let command = Actor::command("test");
        outturn_app::forecast_override::override_forecast(
            app.store.as_ref(), &command, &key("example-borough"), &outturn_core::MeasureCode::parse("EB-CS02").unwrap(),
            "2025/26".parse().unwrap(), "6.5", "Staff vacancies over the winter", "2026-02-01T10:00:00Z".parse().unwrap(),
        ).await.unwrap();
        let admin = app.sign_in(Who::Admin).await;
        let (status, _, page) = get(&admin, &app.url(&format!("{CS02}/forecast-override"))).await;
        assert_eq!(status, StatusCode::OK, "administrators may too");
        let csrf = csrf_token(&page);
        let form = [("csrf_token", csrf.as_str()), ("year", "2026/27"), ("value", "5.8%"), ("reason", "The new staff left")];
        let (status, _, _) = post(&admin, &app.url(&format!("{CS02}/forecast-override")), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        let (_, _, html) = get(&admin, &app.url(CS02)).await;
        let section = forecast_section(&html);
        let text = text_of(section);
        assert!(text.contains("At risk, on the officer's forecast of 5.8%"), "{text}");
        assert!(text.contains("the model forecasts"), "the model's forecast beside it: {text}");
        // The overrides' accuracy as a row of the methods' accuracy table.
        let scores = table_after(section, "How accurate each method has been on this measure");
        let row = scores.iter().find(|r| r[0] == "Officers' year-end overrides").expect("the overrides' row");
        assert_eq!(row[1], "1", "{row:?}");
        assert!(row[3].ends_with('%'), "{row:?}");
        let rows = table_after(section, "Year-end forecasts given by officers");
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[1][0], "2025/26");
        assert_ne!(rows[1][4], "Not yet known", "the 2025/26 outturn is in: {rows:?}");
        assert!(rows[1][5].ends_with('%'), "{rows:?}");
        assert_eq!(rows[2][4], "Not yet known");

        // The API gives the same, every figure exact.
        let json = api_get(&app, "/api/v1/councils/example-borough/measures/EB-CS02/forecast").await;
        let given = json["overrides"].as_array().unwrap();
        assert_eq!(given.len(), 2);
        assert_eq!(given[0]["year"], "2025/26");
        assert_eq!(given[0]["reason"], "Staff vacancies over the winter");
        assert_eq!(given[0]["recorded_by"], "test");
        assert!(given[0]["outturn"].is_string() && given[0]["absolute_percentage_error"].is_string(), "{json}");
        assert_eq!(given[1]["value"], "5.8");
        assert_eq!(given[1]["recorded_by"], "Test admin");
        assert_eq!(given[1]["outturn"], Value::Null);
        assert_eq!(json["at_risk"], true);
        assert_eq!(json["at_risk_on"], "officer-override");
        assert_eq!(json["override_accuracy"]["count"], 1);
    }
}
