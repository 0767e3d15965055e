//! The log as an operator reads it: every response carries an `x-request-id`,
//! the reader of a 500 sees the same id (on the page or in the problem), and
//! the log has exactly one error line for it, with the id and the cause. A
//! panic in a handler is a logged 500, not a dropped connection.
//!
//! The test process installs one tracing subscriber that writes into a
//! buffer; each test finds its own lines by their request id.

#[macro_use]
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::routing::get as route;
use outturn_app::accounts::api_tokens::create_token;
use outturn_store::TokenScope;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use support::*;

/// Everything logged by this test process (every test's lines, in one buffer).
fn log() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = buffer.clone();
        tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || Sink(sink.clone()))
            .init();
        buffer
    })
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The log lines that name `id`.
fn lines_with(id: &str) -> Vec<String> {
    let bytes = log().lock().unwrap().clone();
    String::from_utf8_lossy(&bytes).lines().filter(|l| l.contains(id)).map(str::to_string).collect()
}

/// The error lines that name `id`.
fn error_lines(id: &str) -> Vec<String> {
    lines_with(id).into_iter().filter(|l| l.contains(" ERROR ")).collect()
}

fn request_id(headers: &HeaderMap) -> String {
    let id = headers.get("x-request-id").expect("an x-request-id header").to_str().unwrap().to_string();
    assert!(!id.is_empty() && id.len() <= 64, "a request id: {id:?}");
    id
}

/// The reference quoted on an error page.
fn page_reference(page: &str) -> Option<String> {
    let (_, rest) = page.split_once("Quote this reference: <strong class=\"outturn-reference\">")?;
    Some(rest.split_once("</strong>")?.0.to_string())
}

/// Serves `routes` behind the service's layers on a random port; its address.
async fn serve_routes(routes: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a random port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let app = outturn_web::service_layers(routes);
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    address
}

web_tests! {
    async fn a_500_page_quotes_its_request_id_and_the_log_has_one_line_with_the_cause(app) {
        log();
        let admin = app.sign_in(Who::Admin).await;
        app.execute("DROP TABLE audit_log").await;
        let (status, headers, page) = get(&admin, &app.url("/audit")).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{page}");
        let id = request_id(&headers);
        assert_eq!(page_reference(&page).as_deref(), Some(id.as_str()), "the page quotes the header's id: {page}");
        assert!(page.contains("Sorry, there is a problem with the service"), "{page}");
        assert!(!page.contains("audit_log"), "the cause is for the log, not the page: {page}");

        let errors = error_lines(&id);
        assert_eq!(errors.len(), 1, "one error line for {id}: {errors:#?}");
        assert!(errors[0].contains("internal error") && errors[0].contains("audit_log"), "the line names the cause: {}", errors[0]);
        assert!(errors[0].contains("method=GET") && errors[0].contains("path=/audit"), "the line is in the request's span: {}", errors[0]);
        // The line for the response, with its status and latency.
        let responses: Vec<_> = lines_with(&id).into_iter().filter(|l| l.contains("finished processing request")).collect();
        assert_eq!(responses.len(), 1, "{responses:#?}");
        assert!(responses[0].contains("status=500") && responses[0].contains("latency="), "{}", responses[0]);
        // Nothing secret in the request's lines: no session token, no cookie.
        assert!(lines_with(&id).iter().all(|l| !l.contains("outturn_session") && !l.to_lowercase().contains("cookie")));
    }

    async fn an_api_500_is_a_problem_with_the_request_id_and_one_log_line(app) {
        log();
        let secret = create_token(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), "officer", TokenScope::Read, "test").await.expect("a token").secret;
        app.execute("DROP TABLE results").await;
        let response = Client::new()
            .get(app.url("/api/v1/councils/stevenage/measures/NI156/results"))
            .header(AUTHORIZATION, format!("Bearer {secret}"))
            .send()
            .await
            .expect("GET results");
        let (status, headers) = (response.status(), response.headers().clone());
        let problem: Value = serde_json::from_str(&response.text().await.unwrap()).expect("a JSON problem");
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{problem}");
        assert_eq!(headers[CONTENT_TYPE], "application/problem+json");
        let id = request_id(&headers);
        assert_eq!(problem["request_id"], id.as_str(), "{problem}");
        assert!(!problem.to_string().contains("results\""), "the cause is for the log: {problem}");

        let errors = error_lines(&id);
        assert_eq!(errors.len(), 1, "one error line for {id}: {errors:#?}");
        assert!(errors[0].contains("internal error") && errors[0].contains("results"), "the line names the cause: {}", errors[0]);
        assert!(lines_with(&id).iter().all(|l| !l.contains(&secret)), "the token's secret is not logged");
    }

    async fn a_write_held_up_by_a_long_import_is_a_503_with_retry_after_and_one_log_line(app) {
        log();
        open_q3(&app).await;
        let secret = create_token(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), "owner", TokenScope::Write, "housing system").await.expect("a token").secret;
        let form_url = app.url("/councils/stevenage/measures/NI156/result?period=2020%2F21-Q3");
        let owner = app.sign_in(Who::Owner).await;
        let (_, _, form) = get(&owner, &form_url).await;
        let fields = [
            ("csrf_token", csrf_token(&form)),
            ("period", hidden(&form, "period").expect("period field")),
            ("seen", hidden(&form, "seen").expect("seen field")),
            ("value", "150".to_string()),
            ("commentary", "Entered while an import runs".to_string()),
        ];
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let api_url = app.url("/api/v1/councils/stevenage/measures/NI156/results");
        let listed = Client::new().get(&api_url).header(AUTHORIZATION, format!("Bearer {secret}")).send().await.unwrap();
        let tag = listed.headers()[reqwest::header::ETAG].to_str().unwrap().to_string();

        // An import holds the database for longer than a write waits.
        let hold = app.hold_writes().await;
        let started = std::time::Instant::now();
        let (status, headers, page) = post(&owner, &form_url, &pairs).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{}", text_of(&page));
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "a bounded wait: {:?}", started.elapsed());
        assert_eq!(headers[reqwest::header::RETRY_AFTER], "30");
        assert!(text_of(&page).contains("The service is busy") && text_of(&page).contains("Nothing you sent was saved"), "{}", text_of(&page));
        let id = request_id(&headers);
        assert_eq!(page_reference(&page).as_deref(), Some(id.as_str()), "{page}");
        let errors = error_lines(&id);
        assert_eq!(errors.len(), 1, "one error line for {id}: {errors:#?}");
        assert!(errors[0].contains("status=503") && errors[0].contains("busy"), "the line names the cause: {}", errors[0]);

        let response = Client::new()
            .post(&api_url)
            .header(AUTHORIZATION, format!("Bearer {secret}"))
            .header(CONTENT_TYPE, "application/json")
            .header(reqwest::header::IF_MATCH, &tag)
            .body(serde_json::json!({ "period": "2020/21-Q3", "value": "150", "commentary": "Sent while an import runs" }).to_string())
            .send()
            .await
            .unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        let problem: Value = serde_json::from_str(&response.text().await.unwrap()).expect("a JSON problem");
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
        assert_eq!(headers[reqwest::header::RETRY_AFTER], "30");
        assert_eq!(problem["type"], "/api/v1/problems/busy", "{problem}");
        assert_eq!(error_lines(&request_id(&headers)).len(), 1);
        hold.release().await;

        // Nothing was half written; sent again, both are saved.
        assert_eq!(app.recorded("NI156", "2020/21-Q3").await, 0);
        let (status, _, page) = post(&owner, &form_url, &pairs).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&page));
        assert_eq!(app.recorded("NI156", "2020/21-Q3").await, 1);
    }

    async fn a_problem_short_of_a_500_carries_the_request_id_and_logs_no_error(app) {
        log();
        let response = Client::new().get(app.url("/api/v1/councils/stevenage")).send().await.expect("GET");
        let (status, headers) = (response.status(), response.headers().clone());
        let problem: Value = serde_json::from_str(&response.text().await.unwrap()).expect("a JSON problem");
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
        let id = request_id(&headers);
        assert_eq!(problem["request_id"], id.as_str(), "{problem}");
        assert!(error_lines(&id).is_empty(), "{:#?}", error_lines(&id));
    }
}

async fn boom() -> &'static str {
    panic!("the boom route fell over")
}

async fn api_boom() -> &'static str {
    panic!("the API boom route fell over")
}

#[tokio::test]
async fn a_panic_in_a_handler_is_a_logged_500_page_not_a_dropped_connection() {
    log();
    let address = serve_routes(Router::new().route("/boom", route(boom)).route("/api/v1/boom", route(api_boom))).await;

    let (status, headers, page) = get(&client(), &format!("{address}/boom")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{page}");
    let id = request_id(&headers);
    assert_eq!(page_reference(&page).as_deref(), Some(id.as_str()), "{page}");
    assert!(page.contains("Sorry, there is a problem with the service") && !page.contains("fell over"), "{page}");
    assert_eq!(headers["x-content-type-options"], "nosniff", "a panic's page has the security headers too");
    let errors = error_lines(&id);
    assert_eq!(errors.len(), 1, "one error line for {id}: {errors:#?}");
    assert!(errors[0].contains("panicked: the boom route fell over"), "the line names the panic: {}", errors[0]);

    let response = Client::new().get(format!("{address}/api/v1/boom")).send().await.expect("GET the API");
    let (status, headers) = (response.status(), response.headers().clone());
    let problem: Value = serde_json::from_str(&response.text().await.unwrap()).expect("a JSON problem");
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(headers[CONTENT_TYPE], "application/problem+json");
    let id = request_id(&headers);
    assert_eq!(problem["request_id"], id.as_str(), "{problem}");
    let errors = error_lines(&id);
    assert_eq!(errors.len(), 1, "one error line for {id}: {errors:#?}");
    assert!(errors[0].contains("the API boom route fell over"), "{}", errors[0]);
}

#[tokio::test]
async fn a_proxys_request_id_is_kept_when_it_is_a_plain_token_and_replaced_when_not() {
    log();
    let address = serve_routes(Router::new().route("/ok", route(|| async { "ok" }))).await;
    let send = |id: &'static str| {
        let url = format!("{address}/ok?token=not-for-the-log");
        async move {
            let response = Client::new().get(url).header("x-request-id", id).send().await.expect("GET");
            assert_eq!(response.status(), StatusCode::OK);
            request_id(response.headers())
        }
    };
    let kept = send("proxy-7f3a.42_b").await;
    assert_eq!(kept, "proxy-7f3a.42_b");
    let lines = lines_with(&kept);
    assert!(lines.iter().any(|l| l.contains("status=200") && l.contains("path=/ok")), "{lines:#?}");
    assert!(lines.iter().all(|l| !l.contains("not-for-the-log")), "no query string in the log: {lines:#?}");

    let replaced = send("<b>quote me</b>").await;
    assert_ne!(replaced, "<b>quote me</b>");
    assert!(replaced.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'), "a new UUID: {replaced}");
}
