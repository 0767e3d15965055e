//! Requests to the web application and the API as a performance officer
//! would send them (forms with the session's CSRF token, API calls with a
//! bearer token) with whatever query and body the fuzzer makes: the answer
//! is never a 5xx and nothing panics. This drives every form decoder and
//! the API's JSON and query decoders through the real router, over a
//! temporary SQLite file holding the demo councils.
#![no_main]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Method, Request, header};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use outturn_app::accounts::api_tokens::create_token;
use outturn_app::accounts::{NewUser, add_user, sign_in};
use outturn_app::actor::Actor;
use outturn_core::{Key, Role};
use outturn_store::{SqliteStore, Store, TokenScope};
use outturn_web::AppState;
use tower::ServiceExt;

/// Where a request goes: the forms (urlencoded) and the API's JSON bodies.
const FORMS: &[&str] = &[
    "/sign-in",
    "/councils/stevenage/measures/NI156/result",
    "/councils/stevenage/measures/NI156/target",
    "/councils/stevenage/measures/BV9/commentary-waiver",
    "/councils/stevenage/measures/BV9/edit",
    "/councils/stevenage/entry",
    "/councils/stevenage/rounds",
    "/councils/stevenage/rounds/2020%2F21-Q3/close",
    "/councils/stevenage/rounds/2020%2F21-Q2/units/housing-and-investment",
    "/councils/stevenage/reports",
    "/councils/stevenage/report-draft",
    "/councils/stevenage/actions/1",
];
const READS: &[&str] = &[
    "/councils/stevenage",
    "/councils/stevenage/missing",
    "/councils/stevenage/search",
    "/councils/stevenage/measures/NI156",
    "/councils/stevenage/download/csv",
    "/councils/stevenage/rounds/2020%2F21-Q2",
    "/audit",
    "/api/v1/councils/stevenage/statuses",
    "/api/v1/councils/stevenage/summaries",
    "/api/v1/councils/stevenage/measures",
    "/api/v1/councils/stevenage/measures/NI156/results",
    "/api/v1/councils/stevenage/reports/quarterly",
];
const API_WRITE: &str = "/api/v1/councils/stevenage/measures/NI156/results";

#[derive(Arbitrary, Debug)]
enum Sent {
    /// A form, with the session's token in front of what the fuzzer wrote.
    Form { route: u8, body: String },
    /// A page or an API read with the fuzzer's query.
    Read { route: u8, query: String },
    /// A result sent to the API as JSON.
    Api { body: Vec<u8> },
}

struct App {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    cookie: String,
    csrf: String,
    bearer: String,
}

fn app() -> &'static App {
    static APP: OnceLock<App> = OnceLock::new();
    APP.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let path = std::env::temp_dir().join(format!("outturn-fuzz-web-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let (router, cookie, csrf, bearer) = runtime.block_on(async {
            let store = SqliteStore::open(&format!("sqlite://{}?mode=rwc", path.display())).await.expect("a store");
            store.migrate().await.expect("the store migrates");
            outturn_app::demo::load_demo(&store).await.expect("the demo loads");
            let admin = Actor::command("fuzz");
            let officer = NewUser {
                username: "officer".into(),
                display_name: "Fuzz officer".into(),
                role: Role::PerformanceOfficer,
                council: Some(Key::parse("stevenage").expect("a key")),
                nodes: vec![],
                password: "a long fuzz password 1".into(),
            };
            add_user(&store, &admin, officer).await.expect("the officer is added");
            let signed_in =
                sign_in(&store, "officer", "a long fuzz password 1", jiff::Timestamp::now()).await.expect("signs in");
            let token = create_token(&store, &admin, "officer", TokenScope::Write, "fuzz").await.expect("a token");
            let store: Arc<dyn Store> = Arc::new(store);
            let router = outturn_web::router(AppState::new(store, false));
            (router, format!("outturn_session={}", signed_in.token), signed_in.csrf_token, token.secret)
        });
        App { runtime, router, cookie, csrf, bearer }
    })
}

fn request(app: &App, sent: &Sent) -> Option<Request<Body>> {
    let builder = Request::builder().header(header::HOST, "localhost");
    let built = match sent {
        Sent::Form { route, body } => {
            let path = FORMS[usize::from(*route) % FORMS.len()];
            let body = format!("csrf_token={}&{body}", app.csrf);
            builder
                .method(Method::POST)
                .uri(path)
                .header(header::COOKIE, &app.cookie)
                .header(header::ORIGIN, "http://localhost")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
        }
        Sent::Read { route, query } => {
            let path = READS[usize::from(*route) % READS.len()];
            let request = builder.method(Method::GET).uri(format!("{path}?{query}"));
            if path.starts_with("/api/") {
                request.header(header::AUTHORIZATION, format!("Bearer {}", app.bearer)).body(Body::empty())
            } else {
                request.header(header::COOKIE, &app.cookie).body(Body::empty())
            }
        }
        Sent::Api { body } => builder
            .method(Method::POST)
            .uri(API_WRITE)
            .header(header::AUTHORIZATION, format!("Bearer {}", app.bearer))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.clone())),
    };
    // A query that is not a URI is refused before the application sees it.
    built.ok()
}

fuzz_target!(|sent: Sent| {
    let app = app();
    let Some(request) = request(app, &sent) else { return };
    let status = app.runtime.block_on(async { app.router.clone().oneshot(request).await.expect("infallible").status() });
    assert!(!status.is_server_error(), "{status} for {sent:?}");
});
