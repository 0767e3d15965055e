//! Forged posts, cookies, sessions, throttling, redirects, headers and error
//! pages, on the real server. Each test runs every check and then lists
//! every one that failed.

#[macro_use]
mod support;

use reqwest::header::{CONTENT_TYPE, COOKIE, HeaderMap, ORIGIN};
use reqwest::{Client, StatusCode};
use support::*;

const NI156_FORM: &str = "/councils/stevenage/measures/NI156/result?period=2020/21-Q2";
const NI156_POST: &str = "/councils/stevenage/measures/NI156/result?period=2020%2F21-Q2";
const BV9_TARGET: &str = "/councils/stevenage/measures/BV9/target";
const FORGED: &str = "The form could not be sent";

/// A form's fields.
type Fields = Vec<(&'static str, String)>;
/// A forged post: what it is, its fields, its Origin header.
type Attempt<'a> = (&'a str, Fields, Option<&'a str>);
/// A post and the status it should get.
type PostCase<'a> = (&'a str, Vec<(&'a str, &'a str)>, StatusCode);

/// POST a form with extra headers: status, headers, body.
async fn post_with(
    client: &Client,
    url: &str,
    headers: &[(reqwest::header::HeaderName, &str)],
    form: &[(&str, &str)],
) -> (StatusCode, HeaderMap, String) {
    let mut request = client.post(url).form(form);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("POST {url}: {e}"));
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.expect("body"))
}

/// A browser without a cookie store, sending the cookie it is given.
async fn get_with_cookie(url: &str, cookie: &str) -> (StatusCode, Option<String>) {
    let client = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = client.get(url).header(COOKIE, cookie).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
    (response.status(), location(response.headers()))
}

fn is_sign_in(status: StatusCode, to: Option<&str>) -> bool {
    status == StatusCode::SEE_OTHER && to.is_some_and(|l| l.starts_with("/sign-in?next="))
}

/// Words that would show the reader how the service is built.
const INTERNALS: &[&str] = &[
    "sqlx",
    "sqlite",
    "postgres",
    "SELECT",
    "no such table",
    "does not exist",
    "audit_log",
    "StoreError",
    "AppError",
    "panicked",
    ".rs:",
    "deserialize",
    "Failed to",
    "RUST_BACKTRACE",
];

fn leaks(body: &str) -> Vec<&'static str> {
    INTERNALS.iter().copied().filter(|w| body.to_lowercase().contains(&w.to_lowercase())).collect()
}

fn is_html(headers: &HeaderMap) -> bool {
    headers.get(CONTENT_TYPE).and_then(|c| c.to_str().ok()).is_some_and(|c| c.starts_with("text/html"))
}

/// The headers every HTML page must carry; what is missing.
fn missing_security_headers(headers: &HeaderMap) -> Vec<String> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let mut missing = Vec::new();
    let csp = header("content-security-policy");
    for part in ["default-src 'self'", "frame-ancestors 'none'", "form-action 'self'"] {
        if !csp.contains(part) {
            missing.push(format!("Content-Security-Policy without {part} ({csp:?})"));
        }
    }
    if header("x-frame-options") != "DENY" {
        missing.push(format!("X-Frame-Options {:?}", header("x-frame-options")));
    }
    if header("x-content-type-options") != "nosniff" {
        missing.push(format!("X-Content-Type-Options {:?}", header("x-content-type-options")));
    }
    missing
}

web_tests! {
    async fn forged_posts_are_refused(app) {
        let mut checks = Checks::default();
        let owner = app.sign_in(Who::Owner).await;
        let director = app.sign_in(Who::Director).await;
        let (_, _, form) = get(&owner, &app.url(NI156_FORM)).await;
        let csrf = csrf_token(&form);
        let directors_csrf = app.session_csrf(&director).await;
        assert_ne!(csrf, directors_csrf, "each session has its own token");
        let seen = hidden(&form, "seen").unwrap();
        let url = app.url(NI156_POST);
        let fields = |token: &str| -> Fields {
            vec![
                ("csrf_token", token.to_string()),
                ("period", "2020/21-Q2".into()),
                ("seen", seen.clone()),
                ("value", "100".into()),
                ("commentary", "Forged".into()),
            ]
        };
        let own_origin = app.address.clone();
        // This server is plain HTTP: the same host and port over https is another site.
        let https_origin = own_origin.replacen("http://", "https://", 1);

        // (what, form, Origin header)
        let mut without_token = fields("");
        without_token.retain(|(k, _)| *k != "csrf_token");
        let attempts: Vec<Attempt> = vec![
            ("a wrong csrf token", fields(&"0".repeat(64)), None),
            ("an empty csrf token", fields(""), None),
            ("no csrf_token field", without_token, None),
            ("another session's csrf token", fields(&directors_csrf), None),
            ("a foreign Origin", fields(&csrf), Some("https://evil.example")),
            ("a foreign Origin on the same host name", fields(&csrf), Some("http://127.0.0.1:1")),
            ("Origin: null", fields(&csrf), Some("null")),
            ("an https Origin on a plain-HTTP server", fields(&csrf), Some(https_origin.as_str())),
        ];
        for (what, form, origin) in &attempts {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let headers: Vec<_> = origin.iter().map(|o| (ORIGIN, *o)).collect();
            let (status, _, body) = post_with(&owner, &url, &headers, &form).await;
            checks.check(
                status == StatusCode::FORBIDDEN && body.contains(FORGED),
                format!("result POST with {what}: want 403 \"{FORGED}\", got {status}: {}", text_of(&body)),
            );
        }
        checks.check(app.recorded("NI156", "2020/21-Q2").await == 1, "a forged result was stored");

        // Targets, as the officer.
        let officer = app.sign_in(Who::Officer).await;
        let officers_csrf = app.session_csrf(&officer).await;
        let targets = app.targets("BV9").await.len();
        let target = |token: &str| -> Fields {
            vec![
                ("csrf_token", token.to_string()),
                ("period", "2020/21-Q2".into()),
                ("value", "99".into()),
                ("effective", "2020-10-01".into()),
                ("reason", "Forged".into()),
            ]
        };
        let mut target_without_token = target("");
        target_without_token.retain(|(k, _)| *k != "csrf_token");
        let attempts: Vec<Attempt> = vec![
            ("a wrong csrf token", target("nope"), None),
            ("no csrf_token field", target_without_token, None),
            ("a foreign Origin", target(&officers_csrf), Some("https://evil.example")),
        ];
        for (what, form, origin) in &attempts {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let headers: Vec<_> = origin.iter().map(|o| (ORIGIN, *o)).collect();
            let (status, _, body) = post_with(&officer, &app.url(BV9_TARGET), &headers, &form).await;
            checks.check(
                status == StatusCode::FORBIDDEN && body.contains(FORGED),
                format!("target POST with {what}: want 403 \"{FORGED}\", got {status}: {}", text_of(&body)),
            );
        }
        checks.check(app.targets("BV9").await.len() == targets, "a forged target was stored");

        // Signing out needs the token too: a forged sign-out leaves the session alone.
        let (status, _, body) = post_with(&owner, &app.url("/sign-out"), &[], &[("csrf_token", "nope")]).await;
        checks.check(status == StatusCode::FORBIDDEN, format!("sign-out with a wrong token: got {status}: {}", text_of(&body)));
        let (status, _, body) = post_with(&owner, &app.url("/sign-out"), &[], &[]).await;
        checks.check(status == StatusCode::FORBIDDEN, format!("sign-out without a token: got {status}: {}", text_of(&body)));
        let (status, _, _) = get(&owner, &app.url("/councils/stevenage")).await;
        checks.check(status == StatusCode::OK, format!("the owner's session should still work: {status}"));

        // Signing in: the form's token must match its cookie.
        let fresh = app.client();
        let (_, _, page) = get(&fresh, &app.url("/sign-in")).await;
        let form_token = csrf_token(&page);
        for (what, token, origin) in [
            ("a token that is not the form's", "0".repeat(64), None),
            ("a foreign Origin", form_token.clone(), Some("https://evil.example")),
        ] {
            let headers: Vec<_> = origin.iter().map(|o| (ORIGIN, *o)).collect();
            let form = [("username", "owner"), ("password", PASSWORD), ("csrf_token", token.as_str()), ("next", "/")];
            let (status, headers, body) = post_with(&fresh, &app.url("/sign-in"), &headers, &form).await;
            checks.check(
                status == StatusCode::FORBIDDEN && set_cookie(&headers, SESSION_COOKIE).is_none(),
                format!("sign-in with {what}: want 403 and no session, got {status}: {}", text_of(&body)),
            );
        }
        let no_cookie = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let form = [("username", "owner"), ("password", PASSWORD), ("csrf_token", form_token.as_str()), ("next", "/")];
        let (status, headers, _) = post_with(&no_cookie, &app.url("/sign-in"), &[], &form).await;
        checks.check(
            status == StatusCode::FORBIDDEN && set_cookie(&headers, SESSION_COOKIE).is_none(),
            format!("sign-in without the form's cookie: want 403, got {status}"),
        );

        // The same post from this site goes through (the checks above refused for the right reason).
        let own: Vec<(&str, String)> = fields(&csrf);
        let own: Vec<(&str, &str)> = own.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, body) = post_with(&owner, &url, &[(ORIGIN, own_origin.as_str())], &own).await;
        checks.check(status == StatusCode::SEE_OTHER, format!("the genuine post: got {status}: {}", text_of(&body)));
        checks.check(app.recorded("NI156", "2020/21-Q2").await == 2, "the genuine post was not stored");
        checks.finish();
    }

    async fn cookies_and_sessions(app) {
        let mut checks = Checks::default();
        // The sign-in form's cookie and the session cookie.
        let client = app.client();
        let (_, headers, _) = get(&client, &app.url("/sign-in")).await;
        let form_cookie = set_cookie(&headers, "outturn_form").expect("the sign-in form sets its cookie");
        let response = app.post_sign_in(&client, "owner", PASSWORD, None).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let session = set_cookie(response.headers(), SESSION_COOKIE).expect("a session cookie");
        let token = cookie_value(&session).expect("a session token");
        for (name, line) in [("form", &form_cookie), ("session", &session)] {
            let attributes: Vec<String> = line.split(';').skip(1).map(|a| a.trim().to_lowercase()).collect();
            for want in ["httponly", "samesite=lax", "path=/"] {
                checks.check(attributes.iter().any(|a| a == want), format!("{name} cookie without {want}: {line}"));
            }
            checks.check(!attributes.iter().any(|a| a == "secure"), format!("{name} cookie Secure over plain HTTP: {line}"));
        }
        checks.check(token.len() >= 32, format!("a short session token: {token}"));

        // Served with secure_cookies: every cookie is Secure.
        let secure = app.serve(true).await;
        let plain = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let response = plain.get(format!("{secure}/sign-in")).send().await.unwrap();
        let form_cookie = set_cookie(response.headers(), "outturn_form").expect("the form cookie");
        let page = response.text().await.unwrap();
        let form = [("username", "owner"), ("password", PASSWORD), ("csrf_token", &csrf_token(&page)), ("next", "/")];
        let response = plain
            .post(format!("{secure}/sign-in"))
            .header(COOKIE, form_cookie.split(';').next().unwrap())
            .form(&form)
            .send()
            .await
            .unwrap();
        checks.check(response.status() == StatusCode::SEE_OTHER, format!("signing in over the secure server: {}", response.status()));
        let secure_session = set_cookie(response.headers(), SESSION_COOKIE).unwrap_or_default();
        for (name, line) in [("form", &form_cookie), ("session", &secure_session)] {
            let attributes: Vec<String> = line.split(';').skip(1).map(|a| a.trim().to_lowercase()).collect();
            for want in ["secure", "httponly", "samesite=lax"] {
                checks.check(attributes.iter().any(|a| a == want), format!("secure_cookies {name} cookie without {want}: {line}"));
            }
        }

        // Signing out ends the session, not only the cookie.
        let stevenage = app.url("/councils/stevenage");
        let cookie = format!("{SESSION_COOKIE}={token}");
        checks.check(get_with_cookie(&stevenage, &cookie).await.0 == StatusCode::OK, "the session cookie opens the council");
        let csrf = app.session_csrf(&client).await;
        let (status, headers, _) = post(&client, &app.url("/sign-out"), &[("csrf_token", &csrf)]).await;
        checks.check(status == StatusCode::SEE_OTHER && location(&headers).as_deref() == Some("/"), format!("signing out: {status}"));
        let cleared = set_cookie(&headers, SESSION_COOKIE).unwrap_or_default();
        checks.check(cookie_value(&cleared).is_none() && cleared.contains("Max-Age=0"), format!("the cookie is not cleared: {cleared:?}"));
        let (status, to) = get_with_cookie(&stevenage, &cookie).await;
        checks.check(is_sign_in(status, to.as_deref()), format!("the old cookie still opens the council after signing out: {status} {to:?}"));

        // A disabled account is signed out at once and cannot sign in again.
        let (director, director_token) = app.sign_in_as("director", PASSWORD).await;
        let (status, _, _) = get(&director, &stevenage).await;
        assert_eq!(status, StatusCode::OK);
        outturn_app::accounts::set_disabled(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), "director", true).await.expect("disable");
        let (status, headers, _) = get(&director, &stevenage).await;
        checks.check(is_sign_in(status, location(&headers).as_deref()), format!("a disabled user still reads the council: {status}"));
        let (status, _, _) = get(&director, &app.url(NI156_FORM)).await;
        checks.check(status != StatusCode::OK, "a disabled user still opens the result form");
        let (status, to) = get_with_cookie(&stevenage, &format!("{SESSION_COOKIE}={director_token}")).await;
        checks.check(is_sign_in(status, to.as_deref()), format!("the disabled user's old cookie: {status} {to:?}"));
        let response = app.post_sign_in(&app.client(), "director", PASSWORD, None).await;
        let status = response.status();
        let no_session = set_cookie(response.headers(), SESSION_COOKIE).is_none();
        let body = response.text().await.unwrap();
        checks.check(
            status != StatusCode::SEE_OTHER && no_session && body.contains("The username or password is not right"),
            format!("a disabled user signs in again: {status} {}", text_of(&body)),
        );
        checks.finish();
    }

    async fn a_control_character_in_a_form_is_refused_on_every_backend(app) {
        let client = app.client();
        for (username, password) in [("admin\u{0}x", "not the password at all"), ("admin", "pass\u{0}word")] {
            let response = app.post_sign_in(&client, username, password, None).await;
            let status = response.status();
            let body = response.text().await.unwrap();
            assert_eq!(status, StatusCode::BAD_REQUEST, "{username:?}: {}", text_of(&body));
            assert!(body.contains("control character U+0000"), "{}", text_of(&body));
        }
        let (status, _, body) = get(&client, &app.url("/sign-in?next=%2F%00")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{}", text_of(&body));
    }

    async fn sign_in_is_throttled_and_stays_on_site(app) {
        let mut checks = Checks::default();
        let client = app.client();
        for attempt in 1..=5 {
            let response = app.post_sign_in(&client, "viewer", "not the password at all", None).await;
            let (status, headers) = (response.status(), response.headers().clone());
            let body = response.text().await.unwrap();
            checks.check(
                status == StatusCode::OK
                    && set_cookie(&headers, SESSION_COOKIE).is_none()
                    && body.contains("The username or password is not right"),
                format!("wrong password {attempt}: {status} {}", text_of(&body)),
            );
        }
        let response = app.post_sign_in(&client, "viewer", PASSWORD, None).await;
        let (status, headers) = (response.status(), response.headers().clone());
        let body = response.text().await.unwrap();
        checks.check(status == StatusCode::TOO_MANY_REQUESTS, format!("the right password after 5 wrong ones: want 429, got {status}"));
        checks.check(set_cookie(&headers, SESSION_COOKIE).is_none(), "signed in although throttled");
        checks.check(body.contains("Too many failed attempts") && body.contains("try again in 15 minutes"), format!("no throttling message: {}", text_of(&body)));
        checks.check(body.contains("There is a problem"), "the message is not in the error summary");
        // Other accounts are not locked out.
        let response = app.post_sign_in(&app.client(), "owner", PASSWORD, None).await;
        checks.check(response.status() == StatusCode::SEE_OTHER, format!("another user is throttled too: {}", response.status()));

        // After signing in, `next` stays on this site.
        for (next, want) in [
            ("//evil.example", "/"),
            ("https://evil.example/", "/"),
            ("/\\evil.example", "/"),
            ("/councils/stevenage?period=2020/21-Q2", "/councils/stevenage?period=2020/21-Q2"),
        ] {
            let response = app.post_sign_in(&app.client(), "owner", PASSWORD, Some(next)).await;
            let to = location(response.headers());
            checks.check(
                response.status() == StatusCode::SEE_OTHER && to.as_deref() == Some(want),
                format!("next={next}: want 303 to {want}, got {} {to:?}", response.status()),
            );
        }
        // A form posted from elsewhere with `next` set directly, not from the page.
        for (next, want) in [("//evil.example", "/"), ("/\r\nSet-Cookie: evil=1", "/")] {
            let client = app.client();
            let (_, _, page) = get(&client, &app.url("/sign-in")).await;
            let form = [("username", "owner"), ("password", PASSWORD), ("csrf_token", &csrf_token(&page)), ("next", next)];
            let (status, headers, body) = post(&client, &app.url("/sign-in"), &form).await;
            let to = location(&headers);
            checks.check(
                status == StatusCode::SEE_OTHER && to.as_deref() == Some(want),
                format!("posted next={next:?}: want 303 to {want}, got {status} {to:?} {}", text_of(&body)),
            );
            checks.check(!headers.contains_key("set-cookie") || set_cookie(&headers, "evil").is_none(), "a header was injected");
        }
        checks.finish();
    }

    async fn a_wrong_method_or_too_large_a_form_gets_the_error_page(app) {
        let mut checks = Checks::default();
        let owner = app.sign_in(Who::Owner).await;
        let csrf = app.session_csrf(&owner).await;
        for (method, path) in [
            (reqwest::Method::PUT, "/councils/stevenage"),
            (reqwest::Method::DELETE, NI156_POST),
            (reqwest::Method::PATCH, "/sign-in"),
            (reqwest::Method::POST, "/councils/stevenage/framework"),
        ] {
            let response = owner.request(method.clone(), app.url(path)).form(&[("csrf_token", csrf.as_str())]).send().await.unwrap();
            let (status, headers) = (response.status(), response.headers().clone());
            let body = response.text().await.unwrap();
            let what = format!("{method} {path}");
            checks.check(status == StatusCode::METHOD_NOT_ALLOWED, format!("{what}: want 405, got {status}"));
            checks.check(headers.get("allow").is_some_and(|a| a.to_str().unwrap().contains("GET")), format!("{what}: Allow {:?}", headers.get("allow")));
            checks.check(is_html(&headers) && body.contains("govuk-heading-l"), format!("{what}: not the service's error page: {body:?}"));
            for m in missing_security_headers(&headers) {
                checks.check(false, format!("{what}: {m}"));
            }
        }
        // A path that is no page, whatever the method.
        for method in [reqwest::Method::GET, reqwest::Method::POST] {
            let response = owner.request(method.clone(), app.url("/no/such/page")).send().await.unwrap();
            let (status, headers) = (response.status(), response.headers().clone());
            let body = response.text().await.unwrap();
            checks.check(status == StatusCode::NOT_FOUND, format!("{method} /no/such/page: want 404, got {status}"));
            checks.check(is_html(&headers) && body.contains("govuk-heading-l"), format!("{method} /no/such/page: not the service's error page: {body:?}"));
        }
        // A form over the 2 MB a form may send.
        let (_, _, form) = get(&owner, &app.url(NI156_FORM)).await;
        let seen = hidden(&form, "seen").unwrap();
        let huge = "x".repeat(3 * 1024 * 1024);
        let fields = [("csrf_token", csrf.as_str()), ("period", "2020/21-Q2"), ("seen", seen.as_str()), ("value", "100"), ("commentary", huge.as_str())];
        let (status, headers, body) = post_with(&owner, &app.url(NI156_POST), &[], &fields).await;
        checks.check(status == StatusCode::PAYLOAD_TOO_LARGE, format!("a 3 MB form: want 413, got {status}: {}", text_of(&body)));
        checks.check(is_html(&headers) && body.contains("govuk-heading-l") && text_of(&body).contains("2 MB"), format!("a 3 MB form: not the error page naming the limit: {}", text_of(&body)));
        checks.check(app.recorded("NI156", "2020/21-Q2").await == 1, "the 3 MB form stored a result");
        checks.finish();
    }

    async fn headers_and_error_pages(app) {
        let mut checks = Checks::default();
        let public = app.client();
        let admin = app.sign_in(Who::Admin).await;
        let owner = app.sign_in(Who::Owner).await;

        // (who, path, expected status)
        let pages: Vec<(&str, &Client, &str, StatusCode)> = vec![
            ("public", &public, "/", StatusCode::OK),
            ("public", &public, "/sign-in", StatusCode::OK),
            ("admin", &admin, "/", StatusCode::OK),
            ("admin", &admin, "/councils/stevenage", StatusCode::OK),
            ("admin", &admin, "/councils/stevenage/framework", StatusCode::OK),
            ("admin", &admin, "/councils/stevenage/nodes/financial-security", StatusCode::OK),
            ("admin", &admin, "/councils/stevenage/missing", StatusCode::OK),
            ("admin", &admin, "/councils/stevenage/search?q=BV", StatusCode::OK),
            ("admin", &admin, "/councils/stevenage/measures/BV9", StatusCode::OK),
            ("admin", &admin, "/councils/stevenage/measures/BV9/target", StatusCode::OK),
            ("admin", &admin, "/councils/stevenage/entry", StatusCode::OK),
            ("admin", &admin, NI156_FORM, StatusCode::OK),
            ("admin", &admin, "/audit", StatusCode::OK),
            ("admin", &admin, "/councils/epping-forest", StatusCode::OK),
            ("admin", &admin, "/councils/nowhere?period=2020/21-Q2", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/nowhere", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/nowhere/entry", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/nowhere/framework", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/nowhere/missing", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/nowhere/search?q=BV", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/nowhere/nodes/financial-security", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/nowhere/measures/BV9", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/nowhere/measures/BV9/target", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/nowhere/measures/BV9/edit", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/nowhere/measures/BV9/result?period=2020/21-Q2", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/stevenage/measures/NOPE", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/stevenage/nodes/nowhere", StatusCode::NOT_FOUND),
            ("admin", &admin, "/councils/stevenage?period=2020/21-Q9", StatusCode::BAD_REQUEST),
            ("admin", &admin, "/councils/stevenage/measures/BV9?as_of=yesterday", StatusCode::BAD_REQUEST),
            ("admin", &admin, "/councils/stevenage/measures/BV9?as_of=9999-12-31", StatusCode::BAD_REQUEST),
            ("admin", &admin, "/councils/stevenage?period=2020/21-Q2&as_of=31%2F12%2F9999", StatusCode::BAD_REQUEST),
            ("admin", &admin, "/councils/stevenage/measures/NI156/result", StatusCode::BAD_REQUEST),
            ("owner", &owner, "/audit", StatusCode::FORBIDDEN),
            ("owner", &owner, "/councils/stevenage/measures/BV9/target", StatusCode::FORBIDDEN),
            // Malformed requests get the service's own error page too.
            ("admin", &admin, "/audit?page=abc", StatusCode::BAD_REQUEST),
        ];
        for (who, client, path, want) in pages {
            let (status, headers, body) = get(client, &app.url(path)).await;
            let what = format!("GET {path} as {who}");
            checks.check(status == want, format!("{what}: want {want}, got {status}"));
            checks.check(is_html(&headers), format!("{what}: not an HTML page ({:?}): {body}", headers.get(CONTENT_TYPE)));
            for m in missing_security_headers(&headers) {
                checks.check(false, format!("{what}: {m}"));
            }
            if !status.is_success() {
                let leaked = leaks(&body);
                checks.check(leaked.is_empty(), format!("{what}: the error page shows {leaked:?}: {}", text_of(&body)));
                checks.check(body.contains("govuk-heading-l"), format!("{what}: not the service's error page: {body}"));
            }
        }

        // Pages answering posts: the 422 form, the 403 for a forged post, and a malformed post.
        let (_, _, form) = get(&owner, &app.url(NI156_FORM)).await;
        let csrf = csrf_token(&form);
        let posts: Vec<PostCase> = vec![
            ("a Red result without commentary", vec![("csrf_token", &csrf), ("period", "2020/21-Q2"), ("seen", "1"), ("value", "170")], StatusCode::UNPROCESSABLE_ENTITY),
            ("a wrong csrf token", vec![("csrf_token", "nope"), ("period", "2020/21-Q2"), ("seen", "1"), ("value", "170")], StatusCode::FORBIDDEN),
            ("seen that is not a number", vec![("csrf_token", &csrf), ("period", "2020/21-Q2"), ("seen", "abc"), ("value", "100")], StatusCode::BAD_REQUEST),
        ];
        for (what, form, want) in posts {
            let (status, headers, body) = post(&owner, &app.url(NI156_POST), &form).await;
            let what = format!("POST {what}");
            checks.check(status == want, format!("{what}: want {want}, got {status}"));
            checks.check(is_html(&headers), format!("{what}: not an HTML page: {body}"));
            for m in missing_security_headers(&headers) {
                checks.check(false, format!("{what}: {m}"));
            }
            let leaked = leaks(&body);
            checks.check(leaked.is_empty(), format!("{what}: the page shows {leaked:?}: {}", text_of(&body)));
        }
        checks.check(app.recorded("NI156", "2020/21-Q2").await == 1, "nothing should have been stored");

        // What a visitor types comes back escaped.
        for path in [
            "/sign-in?next=/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
            "/councils/stevenage/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
            "/councils/stevenage/nowhere%3Cscript%3Ealert(1)%3C/script%3E",
            "/councils/stevenage?period=%3Cscript%3Ealert(1)%3C/script%3E",
        ] {
            let (status, _, body) = get(&admin, &app.url(path)).await;
            checks.check(!body.contains("<script>alert"), format!("GET {path} ({status}) echoes the script unescaped"));
        }

        // Static files and plain answers carry the headers too.
        for (path, want) in [
            ("/static/outturn.css", StatusCode::OK),
            ("/healthz", StatusCode::OK),
            ("/static/nothing.css", StatusCode::NOT_FOUND),
            ("/no-such-page", StatusCode::NOT_FOUND),
        ] {
            let (status, headers, body) = get(&public, &app.url(path)).await;
            checks.check(status == want, format!("GET {path}: want {want}, got {status}"));
            let leaked = if status.is_success() { Vec::new() } else { leaks(&body) };
            checks.check(leaked.is_empty(), format!("GET {path}: shows {leaked:?}: {body}"));
            for m in missing_security_headers(&headers) {
                checks.check(false, format!("GET {path}: {m}"));
            }
        }

        // An internal error: the reader gets an apology, the log gets the detail.
        app.execute("DROP TABLE audit_log").await;
        let (status, headers, body) = get(&admin, &app.url("/audit")).await;
        checks.check(status == StatusCode::INTERNAL_SERVER_ERROR, format!("GET /audit with the table gone: want 500, got {status}"));
        checks.check(is_html(&headers) && body.contains("Sorry, there is a problem with the service"), format!("the 500 page: {}", text_of(&body)));
        let leaked = leaks(&body);
        checks.check(leaked.is_empty(), format!("the 500 page shows {leaked:?}: {}", text_of(&body)));
        for m in missing_security_headers(&headers) {
            checks.check(false, format!("the 500 page: {m}"));
        }
        checks.finish();
    }
}
