//! The status JSON and the API's reads for the demo, byte for byte, against
//! files committed before the app boundary was typed (issue 11): the typed
//! `Status`, `Direction` and `MilestoneStatus` must serialise as the strings
//! did. `OUTTURN_BLESS=1 cargo test -p outturn-web --test golden_outputs`
//! rewrites the files after an intended change (review the diff).

#[macro_use]
mod support;

use outturn_app::accounts::api_tokens::create_token;
use outturn_core::Period;
use outturn_store::TokenScope;
use reqwest::Client;
use reqwest::header::AUTHORIZATION;
use support::*;

/// What is compared: the app's status report as the CLI prints it, and the API's reads.
const API_PATHS: &[&str] = &[
    "/api/v1/councils/stevenage/statuses?period=2020/21-Q2",
    "/api/v1/councils/stevenage/summaries?period=2020/21-Q2",
    "/api/v1/councils/stevenage/measures",
    "/api/v1/councils/stevenage/measures/NI156",
    "/api/v1/councils/stevenage/measures/NI156/results",
    "/api/v1/councils/stevenage/measures/NI156/targets",
    "/api/v1/councils/epping-forest/statuses?period=2019/20-Q3",
    "/api/v1/councils/epping-forest/summaries?period=2019/20-Q3",
    "/api/v1/councils/epping-forest/measures",
];

fn golden_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

/// Compares with the committed file, or writes it when blessing.
fn compare(name: &str, actual: &str, checks: &mut Checks) {
    let path = golden_path(name);
    if std::env::var_os("OUTTURN_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write a golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    checks.check(expected == actual, format!("{name} differs from tests/golden/{name}"));
}

/// A file name for a path: `/api/v1/councils/x/statuses?period=2020/21-Q2` -> `api-x-statuses-2020-21-Q2.json`.
fn file_name(path: &str) -> String {
    let tail = path.trim_start_matches("/api/v1/councils/").replace("?period=", "-").replace(['/', '?', '='], "-");
    format!("api-{tail}.json")
}

web_tests! {
    async fn status_json_and_api_reads_are_unchanged(app) {
        let mut checks = Checks::default();
        for (council, period) in [("stevenage", "2020/21-Q2"), ("epping-forest", "2019/20-Q3")] {
            let period = Period::parse(period).expect("a period");
            let report = outturn_app::statuses::status_report::status_report(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), &outturn_core::Key::parse(council).unwrap(), period, None)
                .await
                .expect("the status report");
            let json = serde_json::to_string_pretty(&report).expect("JSON");
            compare(&format!("status-{council}.json"), &json, &mut checks);
        }
        let secret = create_token(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), "admin", TokenScope::Read, "golden")
            .await
            .expect("a token")
            .secret;
        for path in API_PATHS {
            let response = Client::new()
                .get(app.url(path))
                .header(AUTHORIZATION, format!("Bearer {secret}"))
                .send()
                .await
                .unwrap_or_else(|e| panic!("GET {path}: {e}"));
            assert!(response.status().is_success(), "GET {path}: {}", response.status());
            let text = response.text().await.expect("a body");
            compare(&file_name(path), &normalise(&text), &mut checks);
        }
        checks.finish();
    }
}

/// Times the demo was loaded at change from run to run: replaced by a fixed word.
fn normalise(text: &str) -> String {
    let mut value: serde_json::Value = serde_json::from_str(text).expect("JSON");
    blank_times(&mut value);
    serde_json::to_string_pretty(&value).expect("JSON")
}

fn blank_times(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key.ends_with("_at") || key == "recorded" {
                    *v = serde_json::Value::String("(time)".into());
                } else {
                    blank_times(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(blank_times),
        _ => {}
    }
}
