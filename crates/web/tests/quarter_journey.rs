//! Two quarters run end to end after the demo's 2020/21-Q2, as a council
//! runs them: the officer opens the round; the Housing owner enters part of
//! the quarter on the grid (and marks one measure Missing with a reason),
//! the officer imports more as a CSV, a housing system sends one by the API;
//! the officer's targets file turns a result Red and commentary is owed
//! until the owner writes it; the unit is submitted and the director signs
//! it off; the round closes and the dashboard opens on the new quarter; the
//! publishing checklist refuses and the officer publishes with a reason; the
//! public reads the report without signing in. At each step the dashboard's
//! counts (Awaiting, No target, Green, Amber, Red, Missing data) and its
//! default period are checked. Then 2020/21-Q4 the same way. On SQLite and
//! PostgreSQL.

#[macro_use]
mod support;

use outturn_app::accounts::api_tokens::create_token;
use outturn_store::TokenScope;
use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;
use reqwest::multipart::{Form, Part};
use support::*;

const LANDING: &str = "/councils/stevenage";
const RESULTS_HEADER: &str =
    "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n";
const TARGETS_HEADER: &str = "measure,period,target,effective,reason,author,recorded_at\n";

/// A quarter being run: "2020/21-Q3" and its words.
struct Quarter {
    period: &'static str,
    words: &'static str,
}

impl Quarter {
    fn url(&self) -> String {
        self.period.replace('/', "%2F")
    }
    fn round(&self) -> String {
        format!("/councils/stevenage/rounds/{}", self.url())
    }
    fn dashboard(&self) -> String {
        format!("/councils/stevenage?period={}", self.url())
    }
}

/// The dashboard's heading: which quarter it opened on.
fn heading(page: &str) -> String {
    let text = text_of(page);
    let start = text.find("Performance, ").expect("a Performance heading");
    text[start..].lines().next().unwrap_or_default().chars().take(60).collect()
}

/// The counts of the "Status of measures by theme" table, summed over its
/// rows, by column (a column the table does not show counts 0).
#[derive(Debug, PartialEq, Eq)]
struct Counts {
    awaiting: usize,
    no_target: usize,
    green: usize,
    amber: usize,
    red: usize,
    missing: usize,
}

impl Counts {
    fn total(&self) -> usize {
        self.awaiting + self.no_target + self.green + self.amber + self.red + self.missing
    }
}

async fn counts(client: &reqwest::Client, app: &TestApp, q: &Quarter) -> Counts {
    let (status, _, page) = get(client, &app.url(&q.dashboard())).await;
    assert_eq!(status, StatusCode::OK);
    let rows = table_after(&page, "Status of measures by theme");
    let column = |name: &str| {
        rows[0]
            .iter()
            .position(|h| h == name)
            .map_or(0, |at| rows[1..].iter().map(|r| r[at].parse::<usize>().unwrap()).sum())
    };
    Counts {
        awaiting: column("Awaiting"),
        no_target: column("No target"),
        green: column("Green"),
        amber: column("Amber"),
        red: column("Red"),
        missing: column("Missing data"),
    }
}

async fn officer_post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let officer = app.sign_in(Who::Officer).await;
    let csrf = app.session_csrf(&officer).await;
    let form = [&[("csrf_token", csrf.as_str())], fields].concat();
    let (status, _, body) = post(&officer, &app.url(path), &form).await;
    (status, body)
}

async fn upload(app: &TestApp, name: &str, text: &str) -> String {
    let officer = app.sign_in(Who::Officer).await;
    let form = Form::new()
        .text("csrf_token", app.session_csrf(&officer).await)
        .text("mode", "import")
        .part("file", Part::bytes(text.as_bytes().to_vec()).file_name(name.to_string()).mime_str("text/csv").unwrap());
    let response = officer.post(app.url("/councils/stevenage/import")).multipart(form).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    text_of(&response.text().await.unwrap())
}

/// The owner's grid for the quarter, sent with these figures, reasons and commentary.
async fn grid(app: &TestApp, q: &Quarter, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let owner = app.sign_in(Who::Owner).await;
    let url = app.url(&format!("/councils/stevenage/entry?period={}", q.url()));
    let (_, _, page) = get(&owner, &url).await;
    let mut form: Vec<(String, String)> = vec![("csrf_token".into(), csrf_token(&page))];
    for chunk in page.split("name=\"seen:").skip(1) {
        let code = chunk.split('"').next().unwrap();
        let seen = chunk.split("value=\"").nth(1).unwrap().split('"').next().unwrap();
        form.push((format!("seen:{code}"), seen.to_string()));
    }
    form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, headers, body) = post(&owner, &url, &pairs).await;
    (status, location(&headers).unwrap_or_else(|| text_of(&body)))
}

async fn unit_step(app: &TestApp, who: Who, q: &Quarter, step: &str) -> (StatusCode, String) {
    let client = app.sign_in(who).await;
    let csrf = app.session_csrf(&client).await;
    let url = app.url(&format!("{}/units/housing-and-investment", q.round()));
    let (status, _, body) = post(&client, &url, &[("csrf_token", csrf.as_str()), ("step", step), ("reason", "")]).await;
    (status, text_of(&body))
}

/// Runs a quarter from opening its round to the public reading its report;
/// returns the publication's page.
async fn run_quarter(app: &TestApp, q: &Quarter, settled_before: &str, token: &str, officer_token: &str) -> String {
    let officer = app.sign_in(Who::Officer).await;
    let (status, body) = officer_post(
        app,
        "/councils/stevenage/rounds",
        &[("period", q.period), ("entry_deadline", "31/12/2099"), ("sign_off_deadline", "2100-01-07")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&body));
    let (_, _, landing) = get(&officer, &app.url(LANDING)).await;
    assert!(heading(&landing).contains(settled_before), "an open round moves nobody: {}", heading(&landing));
    let opened = counts(&officer, app, q).await;
    assert_eq!((opened.missing, opened.red, opened.no_target), (0, 0, 0), "{opened:?}");
    let due = opened.total();
    assert_eq!(opened.awaiting, due, "everything is awaited at first: {opened:?}");

    // The owner's grid: two figures with no target yet, one measure Missing with a reason.
    let (status, to) = grid(
        app,
        q,
        &[
            ("value:NI156", "150"),
            ("value:BV213", "30"),
            ("missing:ECHFL5", "Survey postponed: no face-to-face visits"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    assert!(to.ends_with("saved=3"), "{to}");
    let c = counts(&officer, app, q).await;
    assert_eq!((c.no_target, c.missing, c.awaiting), (2, 1, due - 3), "{c:?}");

    // The officer's file, and the housing system through the API.
    let csv =
        format!("{RESULTS_HEADER}BV66a,{p},95.2,,,,,,,Housing\nVoidLoss1,{p},95000,,,,,,,Housing\n", p = q.period);
    assert!(upload(app, "results.csv", &csv).await.contains("Added 2"));
    let sent = serde_json::json!({ "period": q.period, "value": "70", "commentary": "Sent by the housing system" });
    assert_eq!(post_result_by_api(app, token, "VoidsSheltered", &sent).await.0, StatusCode::CREATED);
    let c = counts(&officer, app, q).await;
    assert_eq!((c.no_target, c.awaiting), (5, due - 6), "{c:?}");

    // Targets for the quarter: NI156 turns Red and owes commentary; the unit cannot be sent.
    let targets = format!("{TARGETS_HEADER}NI156,{p},100,2020-10-01,Profile,Performance team,\n", p = q.period);
    let imported = upload(app, "targets.csv", &targets).await;
    assert!(imported.contains("Commentary needed") && imported.contains("NI156"), "{imported}");
    let c = counts(&officer, app, q).await;
    assert_eq!((c.no_target, c.red), (4, 1), "{c:?}");
    let (status, refused) = unit_step(app, Who::Owner, q, "submit").await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert!(refused.contains("commentary is needed first") && refused.contains("NI156"), "{refused}");

    // The owner writes it on the grid; the unit is sent and signed off.
    let (status, to) = grid(
        app,
        q,
        &[
            ("value:NI156", "150"),
            ("commentary:NI156", "Everyone In placements continue; move-on plans agreed with partners"),
            ("value:BV213", "30"),
            ("missing:ECHFL5", "Survey postponed: no face-to-face visits"),
        ],
    )
    .await;
    assert!(status == StatusCode::SEE_OTHER && to.ends_with("saved=1"), "{status} {to}");
    assert_eq!(unit_step(app, Who::Owner, q, "submit").await.0, StatusCode::SEE_OTHER);
    assert_eq!(unit_step(app, Who::Director, q, "sign-off").await.0, StatusCode::SEE_OTHER);

    // The round closes: the rest is Missing, and everyone opens on this quarter.
    let (status, _) = officer_post(app, &format!("{}/close", q.round()), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let closed = counts(&officer, app, q).await;
    assert_eq!((closed.awaiting, closed.missing), (0, due - 6 + 1), "{closed:?}");
    for who in [Who::Officer, Who::Viewer, Who::Owner] {
        let client = app.sign_in(who).await;
        let (_, _, landing) = get(&client, &app.url(LANDING)).await;
        assert!(heading(&landing).contains(q.words), "{who:?}: {}", heading(&landing));
    }

    // Publishing: the checklist names what is open (the API says the same); published with a reason.
    let url = app.url(&format!("/api/v1/councils/stevenage/reports/quarterly/checklist?period={}", q.period));
    let response =
        reqwest::Client::new().get(&url).header(AUTHORIZATION, format!("Bearer {officer_token}")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let checklist: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(checklist["clear"], false, "{checklist}");
    let units: Vec<&str> =
        checklist["units_not_signed_off"].as_array().unwrap().iter().map(|u| u.as_str().unwrap()).collect();
    assert!(units.contains(&"Finance and Estates") && !units.contains(&"Housing and Investment"), "{units:?}");
    assert_eq!(checklist["commentary_owed"].as_array().unwrap().len(), 0, "NI156's commentary was written");
    let owner_asks =
        reqwest::Client::new().get(&url).header(AUTHORIZATION, format!("Bearer {token}")).send().await.unwrap();
    assert_eq!(owner_asks.status(), StatusCode::FORBIDDEN, "a data owner does not publish");
    let report = [("kind", "quarterly"), ("period", q.period), ("committee", "Executive"), ("date", "10/02/2021")];
    let (status, refused) = officer_post(app, "/councils/stevenage/reports", &report).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The refused form keeps what was typed, and its error leads to the reason field.
    let typed = |id: &str| {
        let input = refused.split(&format!("id=\"{id}\"")).nth(1).expect("the field");
        unescape(input.split("value=\"").nth(1).and_then(|v| v.split('"').next()).unwrap_or_default())
    };
    assert_eq!(
        (typed("period"), typed("committee"), typed("date")),
        (q.period.to_string(), "Executive".to_string(), "10/02/2021".to_string())
    );
    assert!(refused.contains("href=\"#override_reason\""), "the checklist's link leads to the reason field");
    let refused = text_of(&refused);
    let not_signed_off = refused.split("business units not signed off: ").nth(1).expect("units not signed off listed");
    let not_signed_off = not_signed_off.split(';').next().unwrap();
    assert!(!not_signed_off.contains("Housing"), "Housing is signed off: {not_signed_off}");
    assert!(not_signed_off.contains("Finance and Estates"), "{not_signed_off}");
    let with_reason = [&report[..], &[("override_reason", "Other units report at the meeting")]].concat();
    let officer = app.sign_in(Who::Officer).await;
    let csrf = app.session_csrf(&officer).await;
    let form = [&[("csrf_token", csrf.as_str())], &with_reason[..]].concat();
    let (status, headers, _) = post(&officer, &app.url("/councils/stevenage/reports"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let publication = location(&headers).expect("the publication's page");

    // The public reads it without signing in: the report names the quarter and NI156's figure.
    let public = client();
    let (status, _, listed) = get(&public, &app.url("/councils/stevenage/reports")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text_of(&listed).contains(q.words), "{}", text_of(&listed));
    let (status, _, page) = get(&public, &app.url(&publication)).await;
    assert_eq!(status, StatusCode::OK);
    let html_link = page
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .find(|h| h.ends_with("/html"))
        .expect("an HTML file");
    let (status, _, html) = get(&public, &app.url(html_link)).await;
    assert_eq!(status, StatusCode::OK);
    let text = text_of(&html);
    assert!(text.contains(&format!("This report covers {}", q.words)), "{}", &text[..text.len().min(2000)]);
    assert!(text.contains("NI156") && text.contains("Everyone In placements"), "the commentary is in the report");
    publication
}

web_tests! {
    async fn the_next_two_quarters_run_from_round_to_public_report(app) {
        let token = create_token(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), "owner", TokenScope::Write, "housing system")
            .await
            .expect("a token")
            .secret;
        let officer_token = create_token(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), "officer", TokenScope::Read, "publishing dashboard")
            .await
            .expect("a token")
            .secret;
        let q3 = Quarter { period: "2020/21-Q3", words: "October to December 2020" };
        let q4 = Quarter { period: "2020/21-Q4", words: "January to March 2021" };
        let first = run_quarter(&app, &q3, "July to September 2020", &token, &officer_token).await;
        let second = run_quarter(&app, &q4, "October to December 2020", &token, &officer_token).await;
        assert_ne!(first, second);
    }
}
