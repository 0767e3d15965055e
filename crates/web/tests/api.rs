//! The REST API (/api/v1) as another tool would use it: bearer tokens made
//! by the app, each acting as its user capped by its scope; problem details
//! for every refusal; ETag and If-Match on writes; pages with `next` links.
//! Also checks that the committed OpenAPI document is the generated one.

#[macro_use]
mod support;

use outturn_app::accounts::api_tokens::{create_token, revoke_token};
use outturn_store::{AuditFilter, TokenScope};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, ETAG, IF_MATCH, LINK, WWW_AUTHENTICATE};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use support::*;

const NI156_RESULTS: &str = "/api/v1/councils/stevenage/measures/NI156/results";

/// A new token for a test account; its secret.
async fn token(app: &TestApp, username: &str, scope: TokenScope) -> String {
    create_token(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), username, scope, "test")
        .await
        .expect("create a token")
        .secret
}

/// A GET with a bearer token (none when `None`): status, headers, body as JSON.
async fn api_get(app: &TestApp, secret: Option<&str>, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut request = Client::new().get(app.url(path));
    if let Some(s) = secret {
        request = request.header(AUTHORIZATION, format!("Bearer {s}"));
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let (status, headers) = (response.status(), response.headers().clone());
    let text = response.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {text}"));
    (status, headers, body)
}

/// A POST of JSON with a bearer token and an If-Match when given.
async fn api_post(
    app: &TestApp,
    secret: &str,
    path: &str,
    if_match: Option<&str>,
    body: &Value,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut request = Client::new()
        .post(app.url(path))
        .header(AUTHORIZATION, format!("Bearer {secret}"))
        .header(CONTENT_TYPE, "application/json")
        .body(body.to_string());
    if let Some(tag) = if_match {
        request = request.header(IF_MATCH, tag);
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("POST {path}: {e}"));
    let (status, headers) = (response.status(), response.headers().clone());
    let text = response.text().await.expect("body");
    (status, headers, serde_json::from_str(&text).unwrap_or_else(|e| panic!("POST {path}: not JSON ({e}): {text}")))
}

/// Asserts an RFC 9457 problem with the status, returning it.
fn assert_problem(status: StatusCode, headers: &reqwest::header::HeaderMap, body: &Value, expected: StatusCode) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("application/problem+json"), "{body}");
    assert_eq!(body["status"], json!(expected.as_u16()), "{body}");
    for field in ["type", "title", "detail"] {
        assert!(body[field].as_str().is_some_and(|s| !s.is_empty()), "no {field}: {body}");
    }
}

/// NI156's recordings over the periods the concurrent-write test uses and Q2.
async fn recorded_ni156(app: &TestApp) -> usize {
    let mut n = 0;
    for period in ["2020/21-Q2", "2020/21-Q3", "2020/21-Q4", "2021/22-Q1", "2021/22-Q2"] {
        n += app.recorded("NI156", period).await;
    }
    n
}

fn a_result(value: &str) -> Value {
    json!({ "period": "2020/21-Q2", "value": value, "commentary": "Sent by the housing system" })
}

fn etag(headers: &reqwest::header::HeaderMap) -> String {
    headers.get(ETAG).and_then(|v| v.to_str().ok()).expect("an ETag").to_string()
}

web_tests! {
    async fn without_a_valid_token_every_resource_is_401_with_a_bearer_challenge(app) {
        for path in ["/api/v1/councils", "/api/v1/councils/stevenage/measures", NI156_RESULTS] {
            let (status, headers, body) = api_get(&app, None, path).await;
            assert_problem(status, &headers, &body, StatusCode::UNAUTHORIZED);
            assert_eq!(headers.get(WWW_AUTHENTICATE).unwrap(), "Bearer realm=\"outturn\"", "{path}");
            let (status, headers, body) = api_get(&app, Some("outturn_0000"), path).await;
            assert_problem(status, &headers, &body, StatusCode::UNAUTHORIZED);
            assert!(headers.get(WWW_AUTHENTICATE).unwrap().to_str().unwrap().contains("invalid_token"), "{path}");
        }
        // A session cookie is not a token: the API does not read cookies.
        let (browser, session) = app.sign_in_as("officer", PASSWORD).await;
        let response = browser.get(app.url("/api/v1/councils")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let (status, ..) = api_get(&app, Some(&session), "/api/v1/councils").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "a session token is not an API token");
    }

    async fn the_bearer_scheme_is_read_in_any_case_after_one_or_more_spaces(app) {
        let viewer = token(&app, "viewer", TokenScope::Read).await;
        let status_with = |value: String| {
            let request = Client::new().get(app.url("/api/v1/councils")).header(AUTHORIZATION, value);
            async move { request.send().await.unwrap().status() }
        };
        for scheme in ["Bearer ", "bearer ", "BEARER ", "bEaReR    "] {
            assert_eq!(status_with(format!("{scheme}{viewer}")).await, StatusCode::OK, "{scheme:?}");
        }
        for value in [format!("Bearer\t{viewer}"), format!("Bearer{viewer}"), format!("Basic {viewer}"), format!("Bearer {viewer} extra"), "Bearer".to_string()] {
            assert_eq!(status_with(value.clone()).await, StatusCode::UNAUTHORIZED, "{value:?}");
        }
    }

    async fn a_token_reads_what_its_user_may_read(app) {
        let officer = token(&app, "officer", TokenScope::Read).await;
        let (status, _, body) = api_get(&app, Some(&officer), "/api/v1/councils").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let slugs: Vec<&str> = body["items"].as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap()).collect();
        assert_eq!(slugs, ["stevenage"], "an officer of one council sees only it");
        let (status, headers, body) = api_get(&app, Some(&officer), "/api/v1/councils/epping-forest").await;
        assert_problem(status, &headers, &body, StatusCode::FORBIDDEN);
        let (status, headers, body) = api_get(&app, Some(&officer), "/api/v1/councils/nowhere").await;
        assert_problem(status, &headers, &body, StatusCode::NOT_FOUND);
        let (status, headers, body) = api_get(&app, Some(&officer), "/api/v1/councils/stevenage/measures/NOPE").await;
        assert_problem(status, &headers, &body, StatusCode::NOT_FOUND);

        let used = outturn_app::accounts::api_tokens::list_tokens(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), Some("officer")).await.unwrap();
        assert!(used[0].last_used_at.is_some(), "the token's use is recorded: {used:?}");
        let (status, headers, council) = api_get(&app, Some(&officer), "/api/v1/councils/stevenage").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(etag(&headers), format!("\"council-{}\"", council["revision"]));

        let (status, _, statuses) = api_get(&app, Some(&officer), "/api/v1/councils/stevenage/statuses?period=2020/21-Q2&limit=500").await;
        assert_eq!(status, StatusCode::OK, "{statuses}");
        let ni156 = statuses["items"].as_array().unwrap().iter().find(|m| m["code"] == "NI156").expect("NI156 due");
        assert_eq!((ni156["result"].as_str(), ni156["status"].as_str()), (Some("150"), Some("red")));
        let (status, _, summaries) = api_get(&app, Some(&officer), "/api/v1/councils/stevenage/summaries?period=2020%2F21-Q2").await;
        assert_eq!(status, StatusCode::OK, "{summaries}");
        let labels: Vec<&str> = summaries["summary"].as_array().unwrap().iter().map(|g| g["label"].as_str().unwrap()).collect();
        assert_eq!(labels, ["FTFC focus", "Corporate focus"]);

        let (status, _, report) = api_get(&app, Some(&officer), "/api/v1/councils/stevenage/reports/quarterly?period=2020/21-Q2").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(report["kind"], "quarterly");
        let html = Client::new()
            .get(app.url("/api/v1/councils/stevenage/reports/exception?period=2020/21-Q2&format=html"))
            .header(AUTHORIZATION, format!("Bearer {officer}"))
            .send()
            .await
            .unwrap();
        assert!(html.headers()[CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
        assert!(html.text().await.unwrap().contains("<html"));
    }

    async fn a_report_not_yet_published_is_for_those_who_may_read_drafts(app) {
        let q2 = outturn_core::Period::parse("2020/21-Q2").unwrap();
        let draft = outturn_store::DraftKey { council: outturn_core::Key::parse("stevenage").unwrap(), kind: "quarterly".into(), period: q2 };
        let officer_actor = outturn_app::actor::Actor::User(app.store.user_by_username("officer").await.unwrap().unwrap());
        let words = "Draft purpose, not yet for every reader";
        let slots = [("purpose".to_string(), words.to_string())].into_iter().collect();
        outturn_app::reports::narrative::save_slots(app.store.as_ref(), &officer_actor, &draft, slots, jiff::Timestamp::now()).await.unwrap();
        let viewer = token(&app, "viewer", TokenScope::Read).await;
        let officer = token(&app, "officer", TokenScope::Read).await;
        let html = |secret: String, kind: &'static str| {
            let url = app.url(&format!("/api/v1/councils/stevenage/reports/{kind}?period=2020/21-Q2&format=html"));
            async move {
                let response = Client::new().get(url).header(AUTHORIZATION, format!("Bearer {secret}")).send().await.unwrap();
                (response.status(), response.text().await.unwrap())
            }
        };
        // Not published: the viewer is refused the draft, as on the web; the officer reads it.
        for kind in ["quarterly", "exception"] {
            let (status, headers, body) = api_get(&app, Some(&viewer), &format!("/api/v1/councils/stevenage/reports/{kind}?period=2020/21-Q2")).await;
            assert_problem(status, &headers, &body, StatusCode::FORBIDDEN);
            assert!(body["detail"].as_str().unwrap().contains("not published"), "{body}");
            let (status, page) = html(viewer.clone(), kind).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{kind} as html");
            assert!(!page.contains(words), "{kind}: the draft's narrative is shown to a viewer");
        }
        let (status, page) = html(officer.clone(), "quarterly").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(words), "the officer reads the draft's narrative");

        // Published: every reader of the council reads it as before.
        let request = outturn_report::publish::PublishRequest {
            council: &key("stevenage"),
            kind: outturn_report::ReportKind::Quarterly,
            period: q2,
            committee: "Executive",
            meeting_date: jiff::civil::date(2020, 11, 11),
            override_reason: Some("Units sign off at the meeting"),
        };
        outturn_report::publish::publish(app.store.as_ref(), &officer_actor, &request, jiff::Timestamp::now()).await.unwrap();
        let (status, page) = html(viewer.clone(), "quarterly").await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains(words), "the published narrative");
        let (status, _, report) = api_get(&app, Some(&viewer), "/api/v1/councils/stevenage/reports/quarterly?period=2020/21-Q2").await;
        assert_eq!((status, report["kind"].as_str()), (StatusCode::OK, Some("quarterly")), "{report}");
        assert!(report.to_string().contains(words), "the published model");

        // Narrative edited after publishing is a draft again: readers keep what was published.
        let edited = "Edited after the meeting, not yet republished";
        let slots = [("purpose".to_string(), edited.to_string())].into_iter().collect();
        outturn_app::reports::narrative::save_slots(app.store.as_ref(), &officer_actor, &draft, slots, jiff::Timestamp::now()).await.unwrap();
        let (_, page) = html(viewer.clone(), "quarterly").await;
        assert!(page.contains(words) && !page.contains(edited), "the viewer reads the report as published");
        let (_, _, report) = api_get(&app, Some(&viewer), "/api/v1/councils/stevenage/reports/quarterly?period=2020/21-Q2").await;
        assert!(!report.to_string().contains(edited), "the viewer's model is the published one");
        let (_, page) = html(officer.clone(), "quarterly").await;
        assert!(page.contains(edited), "the officer reads the draft");
        let (status, headers, body) = api_get(&app, Some(&viewer), "/api/v1/councils/stevenage/reports/quarterly?period=2020/21-Q2&as_of=2020-11-05").await;
        assert_problem(status, &headers, &body, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["parameter"], "as_of", "{body}");

        // The exception report of the quarter is another report, still a draft.
        let (status, headers, body) = api_get(&app, Some(&viewer), "/api/v1/councils/stevenage/reports/exception?period=2020/21-Q2").await;
        assert_problem(status, &headers, &body, StatusCode::FORBIDDEN);
    }

    async fn lists_come_in_pages_with_a_next_link(app) {
        let viewer = token(&app, "viewer", TokenScope::Read).await;
        let path = "/api/v1/councils/stevenage/measures";
        let (status, headers, first) = api_get(&app, Some(&viewer), &format!("{path}?limit=2")).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        let total = first["total"].as_u64().unwrap();
        assert!(total > 4, "{first}");
        assert_eq!((first["items"].as_array().unwrap().len(), first["limit"].as_u64(), first["offset"].as_u64()), (2, Some(2), Some(0)));
        let next = first["next"].as_str().expect("a next page").to_string();
        assert_eq!(next, format!("{path}?limit=2&offset=2"));
        assert_eq!(headers.get(LINK).unwrap().to_str().unwrap(), format!("<{next}>; rel=\"next\""));
        let (_, _, second) = api_get(&app, Some(&viewer), &next).await;
        assert_ne!(second["items"][0]["code"], first["items"][0]["code"]);
        let (_, headers, last) = api_get(&app, Some(&viewer), &format!("{path}?limit=2&offset={}", total - 1)).await;
        assert_eq!((last["items"].as_array().unwrap().len(), &last["next"]), (1, &Value::Null));
        assert!(headers.get(LINK).is_none());

        let (status, headers, body) = api_get(&app, Some(&viewer), &format!("{path}?limit=0")).await;
        assert_problem(status, &headers, &body, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["parameter"], "limit", "{body}");
        let (status, headers, body) = api_get(&app, Some(&viewer), &format!("{path}?offset=minus")).await;
        assert_problem(status, &headers, &body, StatusCode::BAD_REQUEST);
        let (status, headers, body) = api_get(&app, Some(&viewer), "/api/v1/councils/stevenage/statuses?period=2020-Q9").await;
        assert_problem(status, &headers, &body, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["parameter"], "period", "{body}");
        // A day past the calendar's end is refused, not a dropped connection.
        let far = "/api/v1/councils/stevenage/statuses?period=2020/21-Q2&as_of=9999-12-31";
        let (status, headers, body) = api_get(&app, Some(&viewer), far).await;
        assert_problem(status, &headers, &body, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["parameter"], "as_of", "{body}");
        assert!(body["errors"][0]["detail"].as_str().unwrap().contains("outside the dates kept"), "{body}");
    }

    async fn only_a_write_token_of_a_user_who_may_record_can_write(app) {
        let (_, headers, _) = api_get(&app, Some(&token(&app, "viewer", TokenScope::Read).await), NI156_RESULTS).await;
        let tag = etag(&headers);
        // The owner may record NI156, but not with a read token; the viewer may not at all.
        for (who, scope) in [("owner", TokenScope::Read), ("viewer", TokenScope::Write), ("epping", TokenScope::Write)] {
            let secret = token(&app, who, scope).await;
            let (status, headers, body) = api_post(&app, &secret, NI156_RESULTS, Some(&tag), &a_result("140")).await;
            assert_problem(status, &headers, &body, StatusCode::FORBIDDEN);
        }
        assert_eq!(app.recorded("NI156", "2020/21-Q2").await, 1, "nothing recorded");

        // A revoked token, and the token of a disabled user, stop working.
        let owner = create_token(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), "owner", TokenScope::Write, "feed").await.unwrap();
        revoke_token(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), owner.token.id).await.unwrap();
        let (status, headers, body) = api_post(&app, &owner.secret, NI156_RESULTS, Some(&tag), &a_result("140")).await;
        assert_problem(status, &headers, &body, StatusCode::UNAUTHORIZED);
        let director = token(&app, "director", TokenScope::Write).await;
        outturn_app::accounts::set_disabled(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), "director", true).await.unwrap();
        let (status, headers, body) = api_post(&app, &director, NI156_RESULTS, Some(&tag), &a_result("140")).await;
        assert_problem(status, &headers, &body, StatusCode::UNAUTHORIZED);
        assert_eq!(app.recorded("NI156", "2020/21-Q2").await, 1, "nothing recorded");
    }

    async fn an_officer_s_write_token_judges_a_status_and_the_statuses_show_it_judged(app) {
        const JUDGE: &str = "/api/v1/councils/stevenage/measures/NI156/judgements";
        const STATUSES: &str = "/api/v1/councils/stevenage/statuses?period=2020%2F21-Q2";
        let red = json!({"period": "2020/21-Q2", "status": "amber", "justification": "Hotel placements end in March."});
        // Only a performance officer's write token judges: 403 before the body is read.
        for (who, scope) in [("officer", TokenScope::Read), ("owner", TokenScope::Write), ("viewer", TokenScope::Write)] {
            let secret = token(&app, who, scope).await;
            let (status, headers, body) = api_post(&app, &secret, JUDGE, None, &json!({"nonsense": 1})).await;
            assert_problem(status, &headers, &body, StatusCode::FORBIDDEN);
        }
        let officer = token(&app, "officer", TokenScope::Write).await;
        // Each problem names its field.
        for (sent, field) in [
            (json!({"period": "2020/21-Q5", "status": "red", "justification": "x"}), "#/period"),
            (json!({"period": "2020/21-Q2", "status": "purple", "justification": "x"}), "#/status"),
            (json!({"period": "2020/21-Q2", "status": "red", "justification": "  "}), "#/justification"),
            (json!({"period": "2030/31-Q2", "status": "red", "justification": "x"}), "#/period"),
        ] {
            let (status, headers, body) = api_post(&app, &officer, JUDGE, None, &sent).await;
            assert_problem(status, &headers, &body, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(body["errors"][0]["pointer"], json!(field), "{body}");
        }
        let (status, _, body) = api_post(&app, &officer, JUDGE, None, &red).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!((body["status"].as_str(), body["measure"].as_str()), (Some("amber"), Some("NI156")), "{body}");
        let (_, _, statuses) = api_get(&app, Some(&officer), STATUSES).await;
        let ni156 = statuses["items"].as_array().unwrap().iter().find(|m| m["code"] == "NI156").unwrap().clone();
        assert_eq!((ni156["status"].as_str(), ni156["judged"]["computed_status"].as_str()), (Some("amber"), Some("red")), "{ni156}");
        // Withdrawn: the figures decide again.
        let withdraw = json!({"period": "2020/21-Q2", "status": null, "justification": "Placements confirmed as temporary."});
        let (status, _, body) = api_post(&app, &officer, JUDGE, None, &withdraw).await;
        assert_eq!((status, body["status"].clone()), (StatusCode::CREATED, Value::Null), "{body}");
        let (_, _, statuses) = api_get(&app, Some(&officer), STATUSES).await;
        let ni156 = statuses["items"].as_array().unwrap().iter().find(|m| m["code"] == "NI156").unwrap().clone();
        assert_eq!((ni156["status"].as_str(), ni156["judged"].clone()), (Some("red"), Value::Null), "{ni156}");
    }

    async fn a_control_character_in_a_body_or_query_is_refused_on_every_backend(app) {
        let owner = token(&app, "owner", TokenScope::Write).await;
        let (_, headers, _) = api_get(&app, Some(&owner), NI156_RESULTS).await;
        let tag = etag(&headers);
        let nul = json!({ "period": "2020/21-Q2", "value": "140", "commentary": "nul\u{0}byte" });
        let (status, headers, body) = api_post(&app, &owner, NI156_RESULTS, Some(&tag), &nul).await;
        assert_problem(status, &headers, &body, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["pointer"], "#/commentary", "{body}");
        assert!(body["errors"][0]["detail"].as_str().unwrap().contains("control character U+0000"), "{body}");
        assert_eq!(app.recorded("NI156", "2020/21-Q2").await, 1, "nothing recorded");
        let (status, headers, body) = api_get(&app, Some(&owner), "/api/v1/councils/stevenage/measures?q=a%00b").await;
        assert_problem(status, &headers, &body, StatusCode::BAD_REQUEST);
    }

    async fn a_write_needs_the_current_etag_and_is_audited_via_the_api(app) {
        let owner = token(&app, "owner", TokenScope::Write).await;
        let (status, headers, before) = api_get(&app, Some(&owner), NI156_RESULTS).await;
        assert_eq!(status, StatusCode::OK, "{before}");
        let tag = etag(&headers);

        let (status, headers, body) = api_post(&app, &owner, NI156_RESULTS, None, &a_result("140")).await;
        assert_problem(status, &headers, &body, StatusCode::PRECONDITION_REQUIRED);
        let (status, headers, body) = api_post(&app, &owner, NI156_RESULTS, Some("\"results-0\""), &a_result("140")).await;
        assert_problem(status, &headers, &body, StatusCode::PRECONDITION_FAILED);
        assert_eq!(app.recorded("NI156", "2020/21-Q2").await, 1, "a stale If-Match records nothing");

        // Bad input: every field at fault named by a pointer; nothing recorded.
        let bad = json!({ "period": "2020/21-Q2", "value": "lots", "numerator": "1.2.3" });
        let (status, headers, body) = api_post(&app, &owner, NI156_RESULTS, Some(&tag), &bad).await;
        assert_problem(status, &headers, &body, StatusCode::UNPROCESSABLE_ENTITY);
        let pointers: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
        assert_eq!(pointers, ["#/value", "#/numerator"], "{body}");
        let red_without_why = json!({ "period": "2020/21-Q2", "value": "170" });
        let (status, headers, body) = api_post(&app, &owner, NI156_RESULTS, Some(&tag), &red_without_why).await;
        assert_problem(status, &headers, &body, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["pointer"], "#/commentary", "{body}");
        assert_eq!(app.recorded("NI156", "2020/21-Q2").await, 1, "nothing recorded");

        let (status, headers, created) = api_post(&app, &owner, NI156_RESULTS, Some(&tag), &a_result("140")).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!((created["value"].as_str(), created["recorded_by"].as_str()), (Some("140"), Some("owner")));
        let new_tag = etag(&headers);
        assert_ne!(new_tag, tag);
        let results = app.results("NI156", "2020/21-Q2").await;
        assert_eq!(results.len(), 2, "the correction is appended");

        // The same If-Match again is now stale: nothing more is recorded.
        let (status, headers, body) = api_post(&app, &owner, NI156_RESULTS, Some(&tag), &a_result("130")).await;
        assert_problem(status, &headers, &body, StatusCode::PRECONDITION_FAILED);
        assert_eq!(app.recorded("NI156", "2020/21-Q2").await, 2);
        let (_, headers, _) = api_get(&app, Some(&owner), &format!("{NI156_RESULTS}?period=2020%2F21-Q2")).await;
        assert_eq!(etag(&headers), new_tag, "the GET after the write names the new state");

        let filter = AuditFilter { event_prefix: Some("result.".into()), ..AuditFilter::default() };
        let audit = app.store.audit_log(&filter).await.unwrap();
        assert_eq!(audit.len(), 1, "{audit:?}");
        assert_eq!((audit[0].actor.as_str(), audit[0].subject.as_str()), ("owner", "NI156 2020/21-Q2"));
        let via = audit[0].after.as_ref().and_then(|a| a["via"].as_str()).expect("the audit line says via");
        assert!(via.starts_with("API token "), "{via}");
    }

    async fn one_etag_sent_at_once_to_several_periods_is_accepted_once(app) {
        // The ETag stands for every period's results: of writes that all saw
        // it, one is recorded and the others are told the results changed.
        let owner = token(&app, "owner", TokenScope::Write).await;
        let (_, headers, _) = api_get(&app, Some(&owner), NI156_RESULTS).await;
        let tag = etag(&headers);
        let before: usize = recorded_ni156(&app).await;
        let periods = ["2020/21-Q3", "2020/21-Q4", "2021/22-Q1", "2021/22-Q2"];
        let sends = periods.map(|period| {
            let (app, owner, tag) = (app.clone(), owner.clone(), tag.clone());
            tokio::spawn(async move {
                let body = json!({ "period": period, "value": "100", "commentary": "Sent at once" });
                api_post(&app, &owner, NI156_RESULTS, Some(&tag), &body).await.0
            })
        });
        let mut answers = Vec::new();
        for send in sends {
            answers.push(send.await.expect("a send"));
        }
        answers.sort();
        assert_eq!(answers, [StatusCode::CREATED, StatusCode::PRECONDITION_FAILED, StatusCode::PRECONDITION_FAILED, StatusCode::PRECONDITION_FAILED], "{answers:?}");
        assert_eq!(recorded_ni156(&app).await, before + 1, "one result recorded");
    }

    async fn a_wrong_method_or_too_large_a_body_is_a_problem_too(app) {
        let owner = token(&app, "owner", TokenScope::Write).await;
        let send = |method: reqwest::Method, path: &str, body: Option<String>| {
            let mut request = Client::new().request(method, app.url(path)).header(AUTHORIZATION, format!("Bearer {owner}"));
            if let Some(body) = body {
                request = request.header(CONTENT_TYPE, "application/json").body(body);
            }
            async move {
                let response = request.send().await.expect("send");
                let (status, headers) = (response.status(), response.headers().clone());
                let text = response.text().await.expect("body");
                (status, headers, serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text:?}")))
            }
        };
        // A method the resource does not have: 405, a problem, and Allow naming those it has.
        for (method, path, allowed) in [
            (reqwest::Method::PUT, NI156_RESULTS, "GET,HEAD,POST"),
            (reqwest::Method::DELETE, NI156_RESULTS, "GET,HEAD,POST"),
            (reqwest::Method::PATCH, NI156_RESULTS, "GET,HEAD,POST"),
            (reqwest::Method::POST, "/api/v1/councils", "GET,HEAD"),
            (reqwest::Method::DELETE, "/api/v1/councils/stevenage", "GET,HEAD"),
        ] {
            let (status, headers, body) = send(method.clone(), path, Some(a_result("140").to_string())).await;
            assert_problem(status, &headers, &body, StatusCode::METHOD_NOT_ALLOWED);
            let allow = headers.get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default().replace(' ', "");
            let mut allow: Vec<&str> = allow.split(',').collect();
            allow.sort();
            assert_eq!(allow.join(","), allowed, "{method} {path}: Allow");
            assert!(body["detail"].as_str().unwrap().contains(method.as_str()), "{body}");
        }
        // An unknown path is 404 whatever the method, under any version.
        for (method, path) in [(reqwest::Method::PUT, "/api/v1/nothing/here"), (reqwest::Method::GET, "/api/v2/councils")] {
            let (status, headers, body) = send(method, path, None).await;
            assert_problem(status, &headers, &body, StatusCode::NOT_FOUND);
        }
        // A body over the 2 MB the API reads: 413, a problem; nothing recorded.
        let (_, headers, _) = api_get(&app, Some(&owner), NI156_RESULTS).await;
        let tag = etag(&headers);
        let huge = json!({ "period": "2020/21-Q2", "value": "140", "commentary": "x".repeat(3 * 1024 * 1024) }).to_string();
        let response = Client::new()
            .post(app.url(NI156_RESULTS))
            .header(AUTHORIZATION, format!("Bearer {owner}"))
            .header(CONTENT_TYPE, "application/json")
            .header(IF_MATCH, &tag)
            .body(huge)
            .send()
            .await
            .expect("send");
        let (status, headers) = (response.status(), response.headers().clone());
        let body: Value = serde_json::from_str(&response.text().await.unwrap()).expect("a JSON body");
        assert_problem(status, &headers, &body, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(body["detail"].as_str().unwrap().contains("2 MB"), "{body}");
        assert_eq!(app.recorded("NI156", "2020/21-Q2").await, 1, "nothing recorded");
    }

    async fn unknown_api_paths_are_problems_and_the_document_is_served(app) {
        let viewer = token(&app, "viewer", TokenScope::Read).await;
        let (status, headers, body) = api_get(&app, Some(&viewer), "/api/v1/nothing/here").await;
        assert_problem(status, &headers, &body, StatusCode::NOT_FOUND);
        let (status, _, document) = api_get(&app, None, "/api/v1/openapi.json").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(document, serde_json::from_str::<Value>(&outturn_web::api::openapi_json()).unwrap());
    }
}

/// The committed document is the one the code generates. When the API
/// changes, regenerate it: `UPDATE_OPENAPI=1 cargo test -p outturn-web --test api openapi`.
#[test]
fn the_committed_openapi_document_is_the_generated_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    let generated = outturn_web::api::openapi_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write openapi.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "crates/web/openapi.json differs from the API the code serves: regenerate it with \
         `UPDATE_OPENAPI=1 cargo test -p outturn-web --test api openapi` and commit it"
    );
    let document: Value = serde_json::from_str(&generated).unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"), "OpenAPI 3.1");
}
