//! The next quarter (2020/21-Q3, after the demo's Q2) run through the web as
//! a council would: the officer opens the round, an owner enters one result,
//! and everyone's dashboard stays on the settled quarter; in the open quarter
//! what is not entered yet is Awaiting, never Missing, and a result without a
//! target is counted as No target; once the round closes, what was not
//! entered is Missing "not entered by the deadline" and the dashboard opens
//! on the new quarter. On SQLite and PostgreSQL.

#[macro_use]
mod support;

use reqwest::StatusCode;
use support::*;

const ROUNDS: &str = "/councils/stevenage/rounds";
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

async fn open_q3(app: &TestApp) {
    let officer = app.sign_in(Who::Officer).await;
    let (_, _, page) = get(&officer, &app.url(ROUNDS)).await;
    let csrf = csrf_token(&page);
    let form = [
        ("csrf_token", csrf.as_str()),
        ("period", "2020/21-Q3"),
        ("entry_deadline", "2021-01-15"),
        ("sign_off_deadline", "2021-01-22"),
    ];
    let (status, _, body) = post(&officer, &app.url(ROUNDS), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&body));
}

/// The owner records NI156's Q3 figure through its form.
async fn enter_ni156(app: &TestApp, value: &str, commentary: &str) -> (StatusCode, String) {
    let owner = app.sign_in(Who::Owner).await;
    let (status, _, form) = get(&owner, &app.url("/councils/stevenage/measures/NI156/result?period=2020/21-Q3")).await;
    assert_eq!(status, StatusCode::OK, "{}", text_of(&form));
    let fields = [
        ("csrf_token", csrf_token(&form)),
        ("period", hidden(&form, "period").expect("period field")),
        ("seen", hidden(&form, "seen").expect("seen field")),
        ("value", value.to_string()),
        ("commentary", commentary.to_string()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, body) =
        post(&owner, &app.url("/councils/stevenage/measures/NI156/result?period=2020%2F21-Q3"), &pairs).await;
    (status, body)
}

web_tests! {
    async fn pending_results_are_awaiting_until_the_round_closes(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, landing) = get(&officer, &app.url(LANDING)).await;
        assert!(heading(&landing).contains("July to September 2020"), "{}", heading(&landing));

        open_q3(&app).await;
        let (status, body) = enter_ni156(&app, "150", "Q3 figure").await;
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
}
