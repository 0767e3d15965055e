//! Importing a file from the browser: a performance officer checks a results
//! CSV (nothing written), imports it, and sends it again (nothing changes); a
//! file with a bad row lists that row and imports nothing; a viewer or a data
//! owner may not import, and a form without its token is refused.

#[macro_use]
mod support;

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use support::*;

const UPLOAD: &str = "/councils/stevenage/import";
const HEADER: &str =
    "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n";

/// BV9 and BV66a for 2018/19 Q1 to Q3 (periods the demo has no results for).
fn results_csv(bad_value: Option<&str>) -> String {
    let mut text = HEADER.to_string();
    for (i, q) in ["Q1", "Q2", "Q3"].iter().enumerate() {
        let value = if i == 1 { bad_value.unwrap_or("60.5") } else { "58.25" };
        text.push_str(&format!("BV9,2018/19-{q},{value},,,,,,2019-01-20T09:00:00Z,Revenues\n"));
        text.push_str(&format!("BV66a,2018/19-{q},95.1,,,,,,2019-01-20T09:00:00Z,Housing\n"));
    }
    text
}

async fn send(app: &TestApp, client: &reqwest::Client, csrf: &str, text: &str, mode: &str) -> (StatusCode, String) {
    let form = Form::new()
        .text("csrf_token", csrf.to_string())
        .text("mode", mode.to_string())
        .part("file", Part::bytes(text.as_bytes().to_vec()).file_name("results.csv").mime_str("text/csv").unwrap());
    let response = client.post(app.url(UPLOAD)).multipart(form).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

web_tests! {
    async fn an_officer_checks_then_imports_a_file_and_sending_it_again_changes_nothing(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (status, _, page) = get(&officer, &app.url(UPLOAD)).await;
        assert_eq!(status, StatusCode::OK);
        let csrf = csrf_token(&page);
        let (_, _, entry) = get(&officer, &app.url("/councils/stevenage/entry")).await;
        assert!(entry.contains("href=\"/councils/stevenage/import\""), "the entry list links to the import");

        let (status, checked) = send(&app, &officer, &csrf, &results_csv(None), "check").await;
        assert_eq!(status, StatusCode::OK);
        let text = text_of(&checked);
        assert!(text.contains("The file is ready to import"), "{text}");
        assert!(text.contains("Would add 6"), "{text}");
        assert_eq!(app.recorded("BV9", "2018/19-Q2").await, 0, "checking writes nothing");

        let (_, imported) = send(&app, &officer, &csrf, &results_csv(None), "import").await;
        let text = text_of(&imported);
        assert!(text.contains("Imported") && text.contains("Added 6"), "{text}");
        assert_eq!(app.recorded("BV9", "2018/19-Q2").await, 1);

        let (_, again) = send(&app, &officer, &csrf, &results_csv(None), "import").await;
        let text = text_of(&again);
        assert!(text.contains("Nothing to import") && text.contains("Already recorded 6"), "{text}");
        assert_eq!(app.recorded("BV9", "2018/19-Q2").await, 1);
    }

    async fn a_bad_row_is_listed_by_row_and_column_and_nothing_is_imported(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, page) = get(&officer, &app.url(UPLOAD)).await;
        let (status, body) = send(&app, &officer, &csrf_token(&page), &results_csv(Some("sixty")), "import").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (links, text) = error_summary(&body).expect("an error summary");
        assert_eq!(links, vec!["#problems".to_string()]);
        assert!(text.contains("The file has 1 problem: nothing was imported"), "{text}");
        let rows = table_after(&body, "Problems in results.csv");
        assert_eq!(rows[1][..3], ["4".to_string(), "value".to_string(), "sixty".to_string()], "{rows:?}");
        assert_eq!(app.recorded("BV9", "2018/19-Q1").await, 0, "not even the good rows");
    }

    async fn only_performance_officers_import_and_the_form_needs_its_token(app) {
        for who in [Who::Viewer, Who::Owner, Who::Director, Who::Epping] {
            let client = app.sign_in(who).await;
            let (status, _, _) = get(&client, &app.url(UPLOAD)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who:?} sees the form");
            let csrf = app.session_csrf(&client).await;
            let (status, _) = send(&app, &client, &csrf, &results_csv(None), "import").await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who:?} imports");
        }
        let public = client();
        let (status, _, _) = get(&public, &app.url(UPLOAD)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "the public is sent to sign in");

        let officer = app.sign_in(Who::Officer).await;
        let (status, _) = send(&app, &officer, "not-the-token", &results_csv(None), "import").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(app.recorded("BV9", "2018/19-Q2").await, 0);
    }

    async fn a_file_over_the_limit_is_refused_as_too_large_and_says_what_to_do(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, page) = get(&officer, &app.url(UPLOAD)).await;
        // 33 MB: one row, then padding the reader never reaches.
        let text = results_csv(None) + &" ".repeat(33 * 1024 * 1024);
        let (status, body) = send(&app, &officer, &csrf_token(&page), &text, "import").await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{}", text_of(&body));
        let text = text_of(&body);
        assert!(text.contains("larger than the 32 MB an upload may be") && text.contains("outturn import"), "{text}");
        assert_eq!(app.recorded("BV9", "2018/19-Q2").await, 0);
    }
}
