//! The public site: a council's performance as it published it, for anyone
//! not signed in. Nothing is shown before a report is published; afterwards
//! its pages, measure pages at stable addresses and open data (CSV with CSV
//! on the Web metadata, and JSON) show the figures as recorded when it was
//! published, through its period and no further: a correction recorded
//! since, and the periods entered since, stay off them until the next one.

#[macro_use]
mod support;

use outturn_app::actor::Actor;
use outturn_core::Period;
use outturn_report::ReportKind;
use outturn_report::publish::{PublishRequest, publish};
use reqwest::StatusCode;
use serde_json::Value;
use support::*;

const COUNCIL: &str = "/published/example-borough";
const NOTICE: &str = "Example Borough Council: figures are generated, not real";
/// When the test publishes 2026/27-Q1: after every figure of the demo up to
/// June 2026 was recorded, before the correction below.
const PUBLISHED_AT: &str = "2026-09-01T12:00:00Z";

async fn publish_q1(app: &TestApp) -> i64 {
    publish_quarter(app, "2026/27-Q1", "2026-09-09", PUBLISHED_AT).await
}

async fn publish_quarter(app: &TestApp, period: &str, meeting: &str, at: &str) -> i64 {
    let council = key("example-borough");
    let request = PublishRequest {
        council: &council,
        kind: ReportKind::Quarterly,
        period: Period::parse(period).unwrap(),
        committee: "Executive",
        meeting_date: meeting.parse().unwrap(),
        override_reason: Some("Test: the narrative is not written"),
    };
    let published = publish(app.store.as_ref(), &Actor::command("test"), &request, at.parse().unwrap())
        .await
        .expect("publish the quarter");
    published.id
}

/// GET as the public: status, content type and body.
async fn public(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let (status, headers, body) = get(&client(), &app.url(path)).await;
    let media = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, media, body)
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

web_tests! {
    async fn a_council_that_has_published_nothing_shows_the_public_nothing(app) {
        for path in [COUNCIL, "/published/example-borough/measures/EB-CS02", "/published/example-borough/results.csv"] {
            let (status, _, body) = public(&app, path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(text_of(&body).contains("has published no report yet"), "{path}: {}", text_of(&body));
        }
        let (status, _, _) = public(&app, "/published/no-such-council").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn the_public_see_what_was_published_through_its_period_and_never_what_came_after(app) {
        let id = publish_q1(&app).await;

        // The council's page: the report it stands on, the notice, each measure's status.
        let (status, _, html) = public(&app, COUNCIL).await;
        assert_eq!(status, StatusCode::OK);
        let words = text_of(&html);
        assert!(words.contains(NOTICE), "{words}");
        assert!(words.contains("As published in the quarterly report for April to June 2026 (2026/27-Q1), to Executive on 9 September 2026"), "{words}");
        assert!(html.contains("href=\"/published/example-borough/measures/EB-CS02\""), "a stable link per measure");
        assert!(!html.contains("2026-07") && !html.contains("2026-09\""), "no month after the report's quarter");

        // Its statuses are the ones the report published (the stored figures it rests on).
        let (_, data) = app.store.publication(id).await.unwrap().expect("the publication");
        let view = outturn_app::published::published(app.store.as_ref(), &Actor::Public, &key("example-borough")).await.unwrap();
        let stored = data["measures"].as_array().expect("the published statuses");
        assert!(stored.len() > 50, "{}", stored.len());
        for m in stored {
            let code = m["code"].as_str().unwrap();
            let shown = view.measures.iter().find(|p| p.measure.code.as_str() == code).and_then(|p| p.current.as_ref());
            let shown = shown.unwrap_or_else(|| panic!("{code} is on the public page"));
            assert_eq!(shown.status.code(), m["status"].as_str().unwrap(), "{code}'s status as published");
        }

        // A measure's page: every published period, its SPC chart, no later period.
        let (status, _, html) = public(&app, "/published/example-borough/measures/EB-CS02").await;
        assert_eq!(status, StatusCode::OK);
        let words = text_of(&html);
        assert!(html.contains("outturn-spc-chart"), "the multi-year chart");
        assert!(words.contains("as published on 1 September 2026"), "{words}");
        assert!(words.contains("2020-04") && words.contains("2026-06"), "from the first result to the report's: {words}");
        assert!(!words.contains("2026-07") && !words.contains("2026-09"), "nothing after the quarter: {words}");
        assert!(!words.contains("Forecast"), "forecasts are not published");
        let (_, _, compared) = public(&app, "/published/example-borough/measures/EB-CT01").await;
        assert!(text_of(&compared).contains("How we compare"), "the benchmark panel");

        // Open data: the CSV, its CSVW metadata naming the same columns, the JSON.
        let (status, media, before) = public(&app, "/published/example-borough/results.csv").await;
        assert_eq!((status, media.as_str()), (StatusCode::OK, "text/csv; charset=utf-8"));
        let (header, rows) = csv_rows(&before);
        assert!(rows.len() > 2000, "years of monthly and quarterly figures: {}", rows.len());
        let end = header.iter().position(|h| h == "period_end").unwrap();
        assert!(rows.iter().all(|r| r[end].as_str() <= "2026-06-30"), "no period ends after the report's");
        let (status, media, metadata) = public(&app, "/published/example-borough/results.csv-metadata.json").await;
        assert_eq!((status, media.as_str()), (StatusCode::OK, "application/csvm+json"));
        let metadata: Value = serde_json::from_str(&metadata).unwrap();
        assert_eq!(metadata["@context"], "http://www.w3.org/ns/csvw");
        assert_eq!(metadata["url"], "results.csv");
        let names: Vec<&str> = metadata["tableSchema"]["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(names, header, "the metadata describes the CSV's columns in order");
        let (status, _, json) = public(&app, "/published/example-borough/results.json").await;
        assert_eq!(status, StatusCode::OK);
        let json: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["through"], "2026/27-Q1");
        let counted: usize = json["measures"].as_array().unwrap().iter().map(|m| m["results"].as_array().unwrap().len()).sum();
        assert_eq!(counted, rows.len(), "the JSON holds the CSV's figures");
        let cs02 = json["measures"].as_array().unwrap().iter().find(|m| m["code"] == "EB-CS02").unwrap();
        assert_eq!(cs02["url"], "/published/example-borough/measures/EB-CS02");

        // A correction recorded after publishing changes the staff's figures, not the public's.
        let correction = "measure,period,value,numerator,denominator,commentary\nEB-CS02,2025-06,,1898,16219,Recount of abandoned calls\n";
        outturn_app::import::import_file(app.store.as_ref(), &key("example-borough"), None, correction, "correction.csv", false, jiff::Timestamp::now(), &Actor::command("test"))
            .await
            .expect("the correction is recorded");
        let (_, _, after) = public(&app, "/published/example-borough/results.csv").await;
        assert_eq!(after, before, "the public CSV is as published");
        let (_, _, page) = public(&app, "/published/example-borough/measures/EB-CS02").await;
        assert!(!text_of(&page).contains("Recount of abandoned calls"), "the correction is not published yet");
    }

    async fn the_next_quarters_publication_moves_the_public_view_on_with_the_corrections_made_since(app) {
        publish_q1(&app).await;
        let correction = "measure,period,value,numerator,denominator,commentary\nEB-CS02,2025-06,,1898,16219,Recount of abandoned calls\n";
        outturn_app::import::import_file(app.store.as_ref(), &key("example-borough"), None, correction, "correction.csv", false, jiff::Timestamp::now(), &Actor::command("test"))
            .await
            .expect("the correction is recorded");
        // The next quarter is published after the correction: the public see both.
        publish_quarter(&app, "2026/27-Q2", "2026-12-09", &jiff::Timestamp::now().checked_add(jiff::SignedDuration::from_secs(1)).unwrap().to_string()).await;
        let (_, _, html) = public(&app, COUNCIL).await;
        assert!(text_of(&html).contains("quarterly report for July to September 2026 (2026/27-Q2)"), "{}", text_of(&html));
        let (_, _, csv) = public(&app, "/published/example-borough/results.csv").await;
        let (header, rows) = csv_rows(&csv);
        let (code, period, result) = (0, header.iter().position(|h| h == "period").unwrap(), header.iter().position(|h| h == "result").unwrap());
        assert!(rows.iter().any(|r| r[code] == "EB-CS02" && r[period] == "2026-09"), "September is published now");
        let june = rows.iter().find(|r| r[code] == "EB-CS02" && r[period] == "2025-06").unwrap();
        assert!(june[result].starts_with("11.70"), "the correction is published with the next report: {june:?}");
        let (_, _, page) = public(&app, "/published/example-borough/measures/EB-CS02").await;
        assert!(text_of(&page).contains("Recount of abandoned calls"), "its commentary too");
    }

    async fn the_accessibility_statement_is_linked_from_every_page(app) {
        let (status, _, html) = public(&app, "/accessibility").await;
        assert_eq!(status, StatusCode::OK);
        let words = text_of(&html);
        for heading in ["Accessibility statement for outturn", "Feedback and contact information", "Enforcement procedure", "Compliance status", "Non-accessible content", "Preparation of this accessibility statement"] {
            assert!(words.contains(heading), "{heading}: {words}");
        }
        for path in ["/", "/sign-in", "/councils/stevenage/reports"] {
            let (_, _, html) = public(&app, path).await;
            assert!(html.contains("href=\"/accessibility\""), "{path} links to the statement");
        }
    }
}
