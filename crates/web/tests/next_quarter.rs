//! The next quarter (2020/21-Q3, after the demo's Q2) run through the web as
//! a council would: the officer opens the round, an owner enters one result,
//! and everyone's dashboard stays on the settled quarter; in the open quarter
//! what is not entered yet is Awaiting, never Missing, and a result without a
//! target is counted as No target; once the round closes, what was not
//! entered is Missing "not entered by the deadline" and the dashboard opens
//! on the new quarter. Then the whole cycle beside a published quarter: Q2
//! published, Q3 entered by form and by file while Q2 stays locked, the
//! round closed, the checklist refusing and then an override publishing Q3
//! with its own figures, Q2's stored files unchanged. On SQLite and PostgreSQL.

#[macro_use]
mod support;

use reqwest::StatusCode;
use support::*;

const Q3_ROUND: &str = "/councils/stevenage/rounds/2020%2F21-Q3";
const Q3_DASHBOARD: &str = "/councils/stevenage?period=2020%2F21-Q3";
const LANDING: &str = "/councils/stevenage";

/// The dashboard's heading: which quarter it opened on.
fn heading(page: &str) -> String {
    let text = text_of(page);
    let start = text.find("Performance, ").expect("a Performance heading");
    text[start..].lines().next().unwrap_or_default().to_string()
}

/// A column of the "Status of measures by theme" table, summed over its rows.
fn column_total(page: &str, column: &str) -> Option<usize> {
    let rows = table_after(page, "Status of measures by theme");
    let at = rows[0].iter().position(|h| h == column)?;
    Some(rows[1..].iter().map(|r| r[at].parse::<usize>().unwrap_or_else(|_| panic!("{column}: {r:?}"))).sum())
}

/// Publishes `period` from the reports page: refused while the checklist has
/// items open, then published with a reason. Returns the publication's page.
async fn publish(app: &TestApp, period: &str) -> String {
    let officer = app.sign_in(Who::Officer).await;
    let (_, _, page) = get(&officer, &app.url("/councils/stevenage/reports")).await;
    let csrf = csrf_token(&page);
    let form = [
        ("csrf_token", csrf.as_str()),
        ("kind", "quarterly"),
        ("period", period),
        ("committee", "Executive"),
        ("date", "2021-02-10"),
    ];
    let (status, _, refused) = post(&officer, &app.url("/councils/stevenage/reports"), &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", text_of(&refused));
    assert!(text_of(&refused).contains("business units not signed off"), "{}", text_of(&refused));
    let form = [&form[..], &[("override_reason", "Units sign off at the meeting")]].concat();
    let (status, headers, _) = post(&officer, &app.url("/councils/stevenage/reports"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    location(&headers).expect("the publication's page")
}

/// A published quarter's stored data: (period, NI156's result, BV66a's result).
async fn published_figures(app: &TestApp, id: i64) -> (String, Option<String>, Option<String>) {
    let (p, data) = app.store.publication(id).await.unwrap().expect("stored");
    let result = |code: &str| {
        let measures = data["measures"].as_array().expect("measures");
        let m = measures.iter().find(|m| m["code"] == code).unwrap_or_else(|| panic!("{code} published"));
        m["result_display"].as_str().map(str::to_string)
    };
    (p.period.to_string(), result("NI156"), result("BV66a"))
}

web_tests! {
    async fn pending_results_are_awaiting_until_the_round_closes(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, landing) = get(&officer, &app.url(LANDING)).await;
        assert!(heading(&landing).contains("July to September 2020"), "{}", heading(&landing));

        open_q3(&app).await;
        let (status, body) = enter_ni156_q3(&app, "150", "Q3 figure").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&body));

        // One owner's early entry moves nobody onto the half-entered quarter.
        for who in [Who::Officer, Who::Viewer, Who::Owner] {
            let client = app.sign_in(who).await;
            let (_, _, landing) = get(&client, &app.url(LANDING)).await;
            assert!(heading(&landing).contains("July to September 2020"), "{who:?}: {}", heading(&landing));
        }

        // In the open quarter nothing is Missing: what is not entered is Awaiting.
        let (status, _, q3) = get(&officer, &app.url(Q3_DASHBOARD)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(heading(&q3).contains("October to December 2020"), "{}", heading(&q3));
        assert_eq!(column_total(&q3, "Missing data"), Some(0), "{}", text_of(&q3));
        let awaiting = column_total(&q3, "Awaiting").expect("an Awaiting column while the round is open");
        assert!(awaiting > 10, "most measures are still awaited: {awaiting}\n{}", text_of(&q3));
        assert!(!text_of(&q3).contains("no result recorded for 2020/21-Q3"), "{}", text_of(&q3));

        // Closing the round settles it: not entered by the deadline is Missing, with the reason.
        let (_, _, round) = get(&officer, &app.url(Q3_ROUND)).await;
        let csrf = csrf_token(&round);
        let (status, _, _) = post(&officer, &app.url(&format!("{Q3_ROUND}/close")), &[("csrf_token", csrf.as_str())]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, landing) = get(&officer, &app.url(LANDING)).await;
        assert!(heading(&landing).contains("October to December 2020"), "the closed quarter is the default: {}", heading(&landing));
        assert_eq!(column_total(&landing, "Awaiting"), None, "nothing is awaited once the round closed");
        assert_eq!(column_total(&landing, "Missing data"), Some(awaiting), "{}", text_of(&landing));
        let (_, _, missing) = get(&officer, &app.url("/councils/stevenage/missing?period=2020%2F21-Q3")).await;
        assert!(text_of(&missing).contains("not entered by the deadline (15 January 2021)"), "{}", text_of(&missing));
    }

    async fn the_next_quarter_is_entered_imported_closed_and_published_beside_the_last(app) {
        // Q2 is published first; its stored files must not move when Q3 is run.
        assert_eq!(publish(&app, "2020/21-Q2").await, "/councils/stevenage/reports/1");
        let q2_hash = app.store.publication(1).await.unwrap().unwrap().0.content_hash;
        let q2_figures = published_figures(&app, 1).await;

        open_q3(&app).await;
        let (status, body) = enter_ni156_q3(&app, "150", "Fewer placements after the winter plan").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&body));

        // The rest of the quarter comes in as a file.
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, page) = get(&officer, &app.url("/councils/stevenage/import")).await;
        let csv = "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n\
                   BV66a,2020/21-Q3,95.2,,,,,,2021-01-12T09:00:00Z,Housing\n";
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", csrf_token(&page))
            .text("mode", "import")
            .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("q3.csv").mime_str("text/csv").unwrap());
        let response = officer.post(app.url("/councils/stevenage/import")).multipart(form).send().await.unwrap();
        let imported = text_of(&response.text().await.unwrap());
        assert!(imported.contains("Added 1"), "{imported}");

        // While Q3 runs, the published Q2 stays locked.
        let owner = app.sign_in(Who::Owner).await;
        let (_, _, q2_form) = get(&owner, &app.url("/councils/stevenage/measures/BV66a/result?period=2020/21-Q2")).await;
        let fields = [
            ("csrf_token", csrf_token(&q2_form)),
            ("period", "2020/21-Q2".to_string()),
            ("seen", hidden(&q2_form, "seen").expect("seen field")),
            ("value", "99".to_string()),
        ];
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, refused) = post(&owner, &app.url("/councils/stevenage/measures/BV66a/result"), &pairs).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(text_of(&refused).contains("published and locked"), "{}", text_of(&refused));

        // The round closes and Q3 is published with its own figures.
        let (_, _, round) = get(&officer, &app.url(Q3_ROUND)).await;
        let csrf = csrf_token(&round);
        let (status, _, _) = post(&officer, &app.url(&format!("{Q3_ROUND}/close")), &[("csrf_token", csrf.as_str())]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(publish(&app, "2020/21-Q3").await, "/councils/stevenage/reports/2");
        let (period, ni156, bv66a) = published_figures(&app, 2).await;
        assert_eq!(period, "2020/21-Q3");
        assert_eq!(ni156.as_deref(), Some("150"));
        assert!(bv66a.as_deref().is_some_and(|b| b.starts_with("95.2")), "{bv66a:?}");
        let html = app.store.publication_file(2, "html").await.unwrap().expect("html stored").bytes;
        assert!(String::from_utf8_lossy(&html).contains("October to December 2020"), "the Q3 report names its quarter");

        // Q2 as published, byte for byte and figure for figure.
        assert_eq!(app.store.publication(1).await.unwrap().unwrap().0.content_hash, q2_hash);
        assert_eq!(published_figures(&app, 1).await, q2_figures);
        let (_, _, landing) = get(&officer, &app.url(LANDING)).await;
        assert!(heading(&landing).contains("October to December 2020"), "{}", heading(&landing));
    }
}
