//! Statistical process control where people look: the "Statistical process
//! control" section of a measure's page (icons and lines in words, a table
//! of every period) and `GET /api/v1/councils/{council}/measures/{code}/spc`
//! (the same JSON as `outturn spc --format json`), each for those who may
//! read the council only.

#[macro_use]
mod support;

use outturn_app::accounts::api_tokens::create_token;
use outturn_app::actor::Actor;
use outturn_store::TokenScope;
use reqwest::header::AUTHORIZATION;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use support::*;

const NI156_PAGE: &str = "/councils/stevenage/measures/NI156";
const NI156_SPC: &str = "/api/v1/councils/stevenage/measures/NI156/spc";

/// NI156 (households in temporary accommodation, lower is better,
/// quarterly) for 2017/18-Q1 to 2020/21-Q1, as `crates/cli/tests/spc.rs`
/// imports it; the demo has 2020/21-Q2 (150, target 120). 2017/18-Q3 is
/// recorded as missing and 2017/18-Q4 not at all.
const NI156_HISTORY: &str = include_str!("../../../tests/fixtures/ni156-history.csv");

/// Three more years of NI156, through the product's own import.
async fn import_history(app: &TestApp) {
    outturn_app::import::import_file(
        app.store.as_ref(),
        &key("stevenage"),
        None,
        NI156_HISTORY,
        "ni156.csv",
        false,
        jiff::Timestamp::now(),
        &Actor::command("outturn import"),
    )
    .await
    .expect("import NI156's history");
}

async fn token(app: &TestApp, username: &str) -> String {
    create_token(app.store.as_ref(), &Actor::command("test"), username, TokenScope::Read, "test")
        .await
        .expect("create a token")
        .secret
}

/// A GET of the API with a bearer token (none when `None`): status and JSON.
async fn api_get(app: &TestApp, secret: Option<&str>, path: &str) -> (StatusCode, Value) {
    let mut request = Client::new().get(app.url(path));
    if let Some(s) = secret {
        request = request.header(AUTHORIZATION, format!("Bearer {s}"));
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {text}")))
}

/// The page's SPC section, from its heading to the next heading.
fn spc_section(html: &str) -> &str {
    let start = html.find(">Statistical process control</h2>").expect("an SPC section");
    let rest = &html[start..];
    let end = rest[1..].find("<h2").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

web_tests! {
    async fn the_measure_page_shows_the_spc_chart_in_words_and_a_table(app) {
        let (viewer, _) = sign_in_at(&app.address, "viewer", PASSWORD).await;

        // The demo has one quarter of NI156: no chart, and why.
        let (status, _, html) = get(&viewer, &app.url(NI156_PAGE)).await;
        assert_eq!(status, StatusCode::OK, "{}", text_of(&html));
        let section = text_of(spc_section(&html));
        assert!(section.contains("No SPC chart is shown: a chart needs at least two results; this measure has 1."), "{section}");
        assert!(!html.contains("spc-caption"), "no table without a chart");

        import_history(&app).await;
        let (status, _, html) = get(&viewer, &app.url(NI156_PAGE)).await;
        assert_eq!(status, StatusCode::OK, "{}", text_of(&html));
        let section = spc_section(&html);
        // Each icon an image with a title, its words beside it: never colour alone.
        assert!(section.contains(r#"role="img" aria-labelledby="spc-variation-icon""#), "{section}");
        assert!(section.contains(r#"<title id="spc-variation-icon">Variation icon: Concern (high)</title>"#), "{section}");
        assert!(section.contains(r#"<title id="spc-assurance-icon">Assurance icon: Hit and miss</title>"#), "{section}");
        let words = text_of(section);
        for expected in [
            "Special cause variation: concern (high)",
            "Hit and miss: the target lies within the process limits",
            "Improvement is a decrease: lower is better",
            "120 (the measure's target for 2020/21-Q2)",
            "2017/18-Q1 to 2020/21-Q2: 12 with a result, 2 without",
            // 1376 / 12 = 114.67; 114.67 ± 2.66 × 7.6; ± 5.32 × 7.6 / 3.
            "Mean 114.67",
            "Process limits 94.45 to 134.88",
            "Trial limits (fewer than 13 values)",
            "Two-sigma lines 101.19 to 128.14",
            "Shift: 7 points in a row",
            "Moving-range screening: off",
            "Two of three: points beyond the two-sigma line count, those beyond the process limits too",
        ] {
            assert!(words.contains(expected), "{expected:?} not in: {words}");
        }
        let rows = table_after(section, "Statistical process control, period by period");
        assert_eq!(rows[0], ["Period", "Value", "Moving range", "Special cause", "Variation"]);
        assert_eq!(rows.len(), 15, "a header and 14 quarters: {rows:?}");
        assert_eq!(rows[1], ["2017/18-Q1", "100", "–", "None", "Common cause"]);
        assert_eq!(rows[3], ["2017/18-Q3", "Missing: awaiting police data", "–", "None", "–"]);
        assert_eq!(rows[4], ["2017/18-Q4", "Missing: no result recorded", "–", "None", "–"]);
        assert_eq!(rows[5], ["2018/19-Q1", "98", "–", "Two of three beyond 2 sigma", "Improvement (low)"]);
        assert_eq!(rows[8], ["2018/19-Q4", "120", "21", "Shift", "Concern (high)"]);
        assert_eq!(rows[14], ["2020/21-Q2", "150", "29", "Outside the process limits, Shift", "Concern (high)"]);
        // In the wrapper that scrolls on its own, so a narrow page never does.
        assert!(section.contains(r#"<div class="app-table-wrapper" role="region" aria-labelledby="spc-caption" tabindex="0">"#));
        assert!(words.contains("as recorded now"), "{words}");

        // "As reported on" a day: the chart holds only what was recorded by then.
        let (status, _, html) = get(&viewer, &app.url(&format!("{NI156_PAGE}?as_of=2019-01-31"))).await;
        assert_eq!(status, StatusCode::OK, "{}", text_of(&html));
        let then = text_of(spc_section(&html));
        assert!(then.contains("as recorded on 31 January 2019"), "{then}");
        assert!(then.contains("2017/18-Q1 to 2018/19-Q3: 5 with a result, 2 without"), "{then}");
        let rows = table_after(spc_section(&html), "Statistical process control, period by period");
        assert_eq!(rows.len(), 8, "a header and 7 quarters: {rows:?}");
        // And the page as recorded now is still the whole series (kept apart).
        let (_, _, html) = get(&viewer, &app.url(NI156_PAGE)).await;
        assert!(text_of(spc_section(&html)).contains("2017/18-Q1 to 2020/21-Q2: 12 with a result, 2 without"));

        // Only for those who may read the council.
        let (epping, _) = sign_in_at(&app.address, "epping", PASSWORD).await;
        let (status, _, html) = get(&epping, &app.url(NI156_PAGE)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(!html.contains("Statistical process control"));
    }

    async fn the_api_gives_the_spc_chart_as_json_with_exact_limits(app) {
        let viewer = token(&app, "viewer").await;

        // Too few values: a problem that says why.
        let (status, problem) = api_get(&app, Some(&viewer), NI156_SPC).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["type"], "/api/v1/problems/invalid");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains("NI156 has no SPC chart: it needs at least two results; this measure has 1"), "{detail}");

        import_history(&app).await;
        let (status, a) = api_get(&app, Some(&viewer), NI156_SPC).await;
        assert_eq!(status, StatusCode::OK, "{a}");
        assert_eq!(a["council"], "stevenage");
        assert_eq!(a["measure"], "NI156");
        // 12 values summing 1376: mean 1376 / 12. Moving ranges 4; 4, 3, 21,
        // 2, 4, 3, 4, 2, 29 (none across the gap): 76 / 10 = 7.6. Limits
        // mean ± 2.66 × 7.6 = ± 20.216; two sigma ± 5.32 × 7.6 / 3 = ± 13.4773….
        assert_eq!(a["mean"], "114.66666666666666666666666667");
        assert_eq!(a["mean_moving_range"], "7.6");
        assert_eq!(a["lower_limit"], "94.45066666666666666666666667");
        assert_eq!(a["upper_limit"], "134.88266666666666666666666667");
        assert_eq!(a["lower_two_sigma"], "101.18933333333333333333333334");
        assert_eq!(a["upper_two_sigma"], "128.144");
        assert_eq!(a["trial"], true);
        assert_eq!(a["improvement"], "decrease");
        assert_eq!(a["target"], "120");
        assert_eq!(a["target_period"], "2020/21-Q2");
        assert_eq!(a["variation_icon"], "concern-high");
        assert_eq!(a["assurance_icon"], "hit-and-miss");
        assert_eq!(a["settings"]["shift_length"], 7);
        assert_eq!(a["settings"]["screen_moving_ranges"], false);
        assert_eq!(a["segments"].as_array().unwrap().len(), 1);
        let points = a["points"].as_array().unwrap();
        assert_eq!(points.len(), 14);
        assert_eq!(points[0]["period"], "2017/18-Q1");
        assert_eq!(points[2]["value"], Value::Null, "a gap, never a zero");
        assert_eq!(points[2]["gap"], "missing: awaiting police data");
        assert_eq!(points[4]["special_cause"], serde_json::json!(["two-of-three"]));
        assert_eq!(points[4]["variation"], "improvement");
        assert_eq!(points[13]["period"], "2020/21-Q2");
        assert_eq!(points[13]["special_cause"], serde_json::json!(["outside-limits", "shift"]));
        assert_eq!(points[13]["variation"], "concern");
        // The same JSON as `outturn spc --format json` (the app builds both).
        let spc = outturn_app::statuses::spc::measure_spc(
            app.store.as_ref(), &Actor::command("outturn spc"), &key("stevenage"), &outturn_core::MeasureCode::parse("NI156").unwrap(),
            outturn_core::AsOf::now(),
        ).await.unwrap();
        assert_eq!(a, spc.json().unwrap());
        // Every field the chart has is documented in the OpenAPI document, and no other.
        let document: Value = serde_json::from_str(&outturn_web::api::openapi_json()).unwrap();
        let documented = |schema: &str| -> std::collections::BTreeSet<String> {
            document["components"]["schemas"][schema]["properties"].as_object().unwrap().keys().cloned().collect()
        };
        let keys = |v: &Value| -> std::collections::BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
        let mut top = documented("SpcChart");
        top.remove("target_note");
        assert_eq!(keys(&a), top, "target_note is only there when the target is not used");
        assert_eq!(keys(&points[2]), documented("SpcPoint"));
        assert_eq!(keys(&a["settings"]), documented("SpcSettings"));
        assert_eq!(keys(&a["segments"][0]), documented("SpcSegment"));

        // No token, a user of another council, an unknown measure or council.
        let (status, problem) = api_get(&app, None, NI156_SPC).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
        let epping = token(&app, "epping").await;
        let (status, problem) = api_get(&app, Some(&epping), NI156_SPC).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
        let (status, _) = api_get(&app, Some(&viewer), "/api/v1/councils/stevenage/measures/NI999/spc").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = api_get(&app, Some(&viewer), "/api/v1/councils/nowhere/measures/NI156/spc").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
