//! The fictional demo council's years of history where people look: every
//! page says its figures are generated, and a measure's page draws its
//! multi-year SPC chart with limits per process change and a forecast with
//! its interval, the early warning and each method's accuracy; the API gives
//! the same forecast.

#[macro_use]
mod support;

use outturn_app::accounts::api_tokens::create_token;
use outturn_app::actor::Actor;
use outturn_store::TokenScope;
use reqwest::header::AUTHORIZATION;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use support::*;

const NOTICE: &str = "Example Borough Council: figures are generated, not real";
/// Calls abandoned: a new telephony system from October 2023 (a recorded
/// process change) stepped it down.
const CALLS_ABANDONED: &str = "/councils/example-borough/measures/EB-CS02";

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

/// The text from a heading to the next `<h2`.
fn section<'a>(html: &'a str, heading: &str) -> &'a str {
    let start = html.find(&format!(">{heading}</h2>")).unwrap_or_else(|| panic!("a {heading} section"));
    let rest = &html[start..];
    let end = rest[1..].find("<h2").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

web_tests! {
    async fn every_page_of_the_fictional_council_says_so_and_no_real_councils_page_does(app) {
        let (admin, _) = sign_in_at(&app.address, "admin", PASSWORD).await;
        for path in ["/councils/example-borough", CALLS_ABANDONED, "/councils/example-borough/framework", "/councils/example-borough/missing"] {
            let (status, _, html) = get(&admin, &app.url(path)).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(text_of(&html).contains(NOTICE), "{path} says the figures are generated");
        }
        // The dashboard's downloads carry it too, in a last column of every row.
        for format in ["csv", "xlsx"] {
            let response = admin.get(app.url(&format!("/councils/example-borough/download/{format}"))).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{format}");
            let bytes = response.bytes().await.unwrap();
            if format == "csv" {
                let mut rows = csv::Reader::from_reader(&bytes[..]);
                assert_eq!(rows.headers().unwrap().iter().next_back(), Some("notice"));
                let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
                assert!(rows.len() > 50 && rows.iter().all(|r| r.iter().next_back() == Some(NOTICE)), "every row says so");
            } else {
                let mut workbook = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
                let mut strings = String::new();
                std::io::Read::read_to_string(&mut workbook.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
                assert!(strings.contains(NOTICE) && strings.contains(">notice<"), "the workbook's cells hold the notice");
            }
        }
        let (_, _, stevenage) = get(&admin, &app.url("/councils/stevenage/download/csv")).await;
        assert!(!stevenage.lines().next().unwrap().contains("notice"), "a real council's download has no notice");
        let (_, _, home) = get(&admin, &app.url("/")).await;
        assert!(text_of(&home).contains(&format!("Fictional {NOTICE}")), "{}", text_of(&home));
        for path in ["/councils/stevenage", "/councils/stevenage/measures/NI156"] {
            let (_, _, html) = get(&admin, &app.url(path)).await;
            assert!(!html.contains("figures are generated"), "{path} is a real council's");
        }
    }

    async fn a_measure_page_draws_years_of_history_with_limits_per_process_change_and_a_forecast(app) {
        let (admin, _) = sign_in_at(&app.address, "admin", PASSWORD).await;
        let (status, _, html) = get(&admin, &app.url(CALLS_ABANDONED)).await;
        assert_eq!(status, StatusCode::OK);
        let spc = section(&html, "Statistical process control");
        assert!(spc.contains("<svg class=\"outturn-chart outturn-spc-chart\""), "a chart");
        assert!(spc.contains("Process change"), "the chart marks the process change");
        let words = text_of(spc);
        assert!(words.contains("From 2023-10") && words.contains("New cloud telephony system"), "{words}");
        assert!(words.contains("New limits start here"), "{words}");
        assert!(words.contains("Limits by segment"), "{words}");
        assert!(words.contains("2020-04 to 2023-09") && words.contains("2023-10 to 2026-09"), "{words}");

        let forecast = text_of(section(&html, "Forecast"));
        assert!(forecast.contains("Forecast, period by period"), "{forecast}");
        assert!(forecast.contains("2026-10") && forecast.contains("2027-09"), "twelve months ahead: {forecast}");
        assert!(forecast.contains("How accurate each method has been on this measure"), "{forecast}");
        assert!(forecast.contains("Chosen"), "{forecast}");
        assert!(forecast.contains("Year-end outturn"), "{forecast}");

        // The API gives the same forecast, every figure exact.
        let json = api_get(&app, "/api/v1/councils/example-borough/measures/EB-CS02/forecast").await;
        assert_eq!(json["last_period"], "2026-09");
        let steps = json["forecast"]["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 12);
        assert_eq!(steps[0]["period"], "2026-10");
        for s in steps {
            let (lower, value, upper) = (num(&s["lower"]), num(&s["value"]), num(&s["upper"]));
            assert!(lower <= value && value <= upper && lower >= 0.0, "{s}");
        }
        assert_eq!(json["year_end"]["year"], "2026/27");
        assert_eq!(json["year_end"]["basis"], "forecast");
        let chosen = json["forecast"]["method"].as_str().unwrap();
        assert!(json["forecast"]["scores"].as_array().unwrap().iter().any(|s| s["method"] == chosen));
        // The SPC chart in the API starts new limits at the recorded change.
        let spc = api_get(&app, "/api/v1/councils/example-borough/measures/EB-CS02/spc").await;
        assert_eq!(spc["segments"].as_array().unwrap().len(), 2, "{}", spc["process_changes"]);
        assert_eq!(spc["process_changes"][0]["period"], "2023-10");
        assert_eq!(spc["process_changes"][0]["starts_segment"], true);
    }

    async fn the_dashboard_and_the_measure_page_compare_with_other_councils(app) {
        let (admin, _) = sign_in_at(&app.address, "admin", PASSWORD).await;
        // Council tax collected, compared within the fictional district family.
        let (_, _, html) = get(&admin, &app.url("/councils/example-borough/measures/EB-CT01")).await;
        let compared = text_of(section(&html, "How we compare"));
        assert!(compared.contains("Fictional district family"), "{compared}");
        assert!(compared.contains("Nearest neighbours"), "{compared}");
        assert!(compared.contains("Example Borough Council (this council)"), "{compared}");
        assert!(compared.contains("quartile") && compared.contains(" of 21"), "{compared}");
        assert!(html.contains("outturn-benchmark-chart"), "a chart beside the table");
        // The dashboard lists the revenues measures with their quartile.
        let (_, _, html) = get(&admin, &app.url("/councils/example-borough?node=revenues-benefits")).await;
        let words = text_of(&html);
        assert!(words.contains("Compared with others"), "{words}");
        assert!(words.contains("(Fictional district family, 2025/26)"), "{words}");
        // A council without comparator data has no such column or section.
        let (_, _, html) = get(&admin, &app.url("/councils/stevenage?status=red")).await;
        assert!(!html.contains("Compared with others"));
        let (_, _, html) = get(&admin, &app.url("/councils/stevenage/measures/BV9")).await;
        assert!(!html.contains("How we compare"));
    }

    async fn the_dashboard_warns_of_measures_forecast_to_miss_their_year_end_target(app) {
        let (admin, _) = sign_in_at(&app.address, "admin", PASSWORD).await;
        let html = dashboard_with_warnings(&admin, &app, "/councils/example-borough").await;
        let top = html.find("href=\"#early-warning\">Early warning:").expect("a line at the top leads to it");
        assert!(top < html.find("<h1").unwrap(), "above the heading");
        let warning = section(&html, "Early warning");
        let words = text_of(warning);
        assert!(words.contains("forecast to miss the year-end target"), "{words}");
        let rows = table_after(warning, "At risk of missing the year-end target");
        let rows = &rows[1..]; // under the header
        assert!(!rows.is_empty(), "{words}");
        // Each is a measure whose own page says it is at risk, by the same forecast.
        let code = rows[0][0].split(':').next().unwrap().trim().to_string();
        let (_, _, page) = get(&admin, &app.url(&format!("/councils/example-borough/measures/{code}"))).await;
        assert!(text_of(section(&page, "Forecast")).contains("At risk"), "{code}'s page agrees");
        assert!(rows.iter().all(|r| r[1] == "2026/27"), "the year being forecast: {rows:?}");

        // A past view has none: forecasts are of the figures as recorded now.
        let (_, _, past) = get(&admin, &app.url("/councils/example-borough?as_of=2025-06-30")).await;
        assert!(!past.contains("Early warning"));
    }
}

fn num(v: &Value) -> f64 {
    v.as_str().unwrap().parse().unwrap()
}

/// The dashboard once its early warning is worked out (it is worked out in
/// the background: the first requests may say so).
async fn dashboard_with_warnings(client: &Client, app: &TestApp, path: &str) -> String {
    for _ in 0..100 {
        let (status, _, html) = get(client, &app.url(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        if !html.contains("are being worked out") {
            return html;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("the early warning of {path} was never worked out");
}
