//! A soak: minutes of mixed use on one server, as a quarter's last days
//! look. The officer and a viewer read dashboards and measure pages, an API
//! client reads statuses, the Housing owner saves results through the form,
//! a housing system posts results by the API, and the performance team
//! imports a file every few seconds, all at once. Nothing may answer 5xx,
//! every write a client was told succeeded must be stored exactly once (and
//! nothing else), and memory must not keep growing after the first part.
//!
//! It runs for OUTTURN_SOAK_SECONDS (30 by default; CI sets 300), on SQLite
//! and PostgreSQL.

#[macro_use]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use outturn_app::accounts::api_tokens::create_token;
use outturn_app::actor::Actor;
use outturn_store::TokenScope;
use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;
use support::*;

const Q3: &str = "2020/21-Q3";

/// How long the soak runs.
fn soak_length() -> Duration {
    let seconds = std::env::var("OUTTURN_SOAK_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    Duration::from_secs(seconds)
}

/// The process's resident memory, in KiB (Linux).
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// What the clients saw: answers by kind, and the writes they were told were stored.
#[derive(Default)]
struct Tally {
    requests: AtomicUsize,
    server_errors: AtomicUsize,
    form_saves: AtomicUsize,
    api_saves: AtomicUsize,
    imported_rows: AtomicUsize,
}

impl Tally {
    fn saw(&self, status: StatusCode, what: &str) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if status.is_server_error() {
            self.server_errors.fetch_add(1, Ordering::Relaxed);
            eprintln!("soak: {status} from {what}");
        }
    }
}

/// Reads pages and the API until the deadline.
async fn reader(app: Arc<TestApp>, tally: Arc<Tally>, until: Instant, who: Who, token: String) {
    let client = app.sign_in(who).await;
    let pages =
        ["/councils/stevenage", "/councils/stevenage/measures/NI156", "/councils/stevenage?period=2020%2F21-Q3"];
    let api = reqwest::Client::new();
    let mut turn = 0;
    while Instant::now() < until {
        let path = pages[turn % pages.len()];
        let (status, _, _) = get(&client, &app.url(path)).await;
        tally.saw(status, path);
        let url = app.url("/api/v1/councils/stevenage/statuses?period=2020/21-Q3");
        let response = api.get(&url).header(AUTHORIZATION, format!("Bearer {token}")).send().await.unwrap();
        tally.saw(response.status(), "API statuses");
        turn += 1;
    }
}

/// The owner saves NI156 through its form, again and again (each a new recording).
async fn form_writer(app: Arc<TestApp>, tally: Arc<Tally>, until: Instant) {
    let owner = app.sign_in(Who::Owner).await;
    let url = app.url("/councils/stevenage/measures/NI156/result?period=2020%2F21-Q3");
    let mut value = 100;
    while Instant::now() < until {
        let (status, _, form) = get(&owner, &url).await;
        tally.saw(status, "NI156 form");
        if status != StatusCode::OK {
            continue;
        }
        value += 1;
        let fields = [
            ("csrf_token", csrf_token(&form)),
            ("period", hidden(&form, "period").expect("period field")),
            ("seen", hidden(&form, "seen").expect("seen field")),
            ("value", value.to_string()),
            ("commentary", format!("Soak figure {value}")),
        ];
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, body) = post(&owner, &url, &pairs).await;
        tally.saw(status, "NI156 save");
        match status {
            StatusCode::SEE_OTHER => {
                tally.form_saves.fetch_add(1, Ordering::Relaxed);
            }
            StatusCode::SERVICE_UNAVAILABLE => {}
            other => panic!("NI156 save answered {other}: {}", text_of(&body)),
        }
    }
}

/// A housing system posts BV213 by the API, again and again.
async fn api_writer(app: Arc<TestApp>, tally: Arc<Tally>, until: Instant, token: String) {
    let mut value = 10;
    while Instant::now() < until {
        value += 1;
        let body =
            serde_json::json!({ "period": Q3, "value": value.to_string(), "commentary": "Sent by the housing system" });
        let (status, answer) = post_result_by_api(&app, &token, "BV213", &body).await;
        tally.saw(status, "BV213 by the API");
        match status {
            StatusCode::CREATED => {
                tally.api_saves.fetch_add(1, Ordering::Relaxed);
            }
            StatusCode::SERVICE_UNAVAILABLE => {}
            other => panic!("BV213 by the API answered {other}: {answer}"),
        }
    }
}

/// The performance team imports a results file every few seconds.
async fn importer(app: Arc<TestApp>, tally: Arc<Tally>, until: Instant) {
    let header =
        "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n";
    let mut round = 0;
    while Instant::now() < until {
        round += 1;
        let text = format!(
            "{header}BV66a,{Q3},{a}.5,,,,,,,Import\nVoidLoss1,{Q3},{b},,,,,,,Import\n",
            a = 90 + round % 9,
            b = 90_000 + round
        );
        let imported = outturn_app::import::import_file(
            app.store.as_ref(),
            &key("stevenage"),
            None,
            &text,
            "soak.csv",
            false,
            jiff::Timestamp::now(),
            &Actor::command("outturn import"),
        )
        .await;
        match imported {
            Ok(i) => {
                tally.imported_rows.fetch_add(i.counts.added + i.counts.corrected, Ordering::Relaxed);
            }
            Err(e) => panic!("import {round} failed: {e}"),
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
}

web_tests! {
    async fn mixed_reads_writes_and_imports_for_minutes_lose_nothing_and_never_answer_5xx(app) {
        open_q3(&app).await;
        let write = create_token(app.store.as_ref(), &Actor::command("test"), "owner", TokenScope::Write, "housing system").await.expect("a token").secret;
        let read = create_token(app.store.as_ref(), &Actor::command("test"), "viewer", TokenScope::Read, "dashboard").await.expect("a token").secret;
        for code in ["NI156", "BV213", "BV66a", "VoidLoss1"] {
            assert_eq!(app.recorded(code, Q3).await, 0, "{code} starts with nothing for {Q3}");
        }
        let tally = Arc::new(Tally::default());
        let started = Instant::now();
        let until = started + soak_length();
        let tasks = vec![
            tokio::spawn(reader(app.clone(), tally.clone(), until, Who::Officer, read.clone())),
            tokio::spawn(reader(app.clone(), tally.clone(), until, Who::Viewer, read.clone())),
            tokio::spawn(form_writer(app.clone(), tally.clone(), until)),
            tokio::spawn(api_writer(app.clone(), tally.clone(), until, write.clone())),
            tokio::spawn(importer(app.clone(), tally.clone(), until)),
        ];
        // Memory after the first part (caches warm), then at the end.
        tokio::time::sleep(soak_length() / 5).await;
        let warm = resident_kib();
        for task in tasks {
            task.await.expect("a client task");
        }
        let end = resident_kib();

        let requests = tally.requests.load(Ordering::Relaxed);
        eprintln!(
            "soak: {requests} requests in {:?}; form saves {}, API saves {}, imported rows {}; resident {warm} KiB after {:?}, {end} KiB at the end",
            started.elapsed(),
            tally.form_saves.load(Ordering::Relaxed),
            tally.api_saves.load(Ordering::Relaxed),
            tally.imported_rows.load(Ordering::Relaxed),
            soak_length() / 5,
        );
        assert!(requests > 100, "the soak did some work: {requests} requests");
        assert_eq!(tally.server_errors.load(Ordering::Relaxed), 0, "no answer was a 5xx");
        // Every write a client was told was stored is stored, once; nothing else is.
        assert_eq!(app.recorded("NI156", Q3).await, tally.form_saves.load(Ordering::Relaxed), "NI156: the form's saves");
        assert_eq!(app.recorded("BV213", Q3).await, tally.api_saves.load(Ordering::Relaxed), "BV213: the API's saves");
        let imported = app.recorded("BV66a", Q3).await + app.recorded("VoidLoss1", Q3).await;
        assert_eq!(imported, tally.imported_rows.load(Ordering::Relaxed), "the imports' rows");
        // Memory levels off: at most a quarter more (and 64 MiB) than when warm.
        assert!(end <= warm + warm / 4 + 64 * 1024, "resident memory grew from {warm} KiB to {end} KiB");
    }
}
