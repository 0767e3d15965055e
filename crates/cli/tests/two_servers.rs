//! More than one server: two `outturn serve` processes on one PostgreSQL
//! database, as behind a load balancer that sends each request to either.
//! A session begun on one is good on the other (forms included), a result
//! written through one is seen on the other once the stated bound has
//! passed, signing out on one ends the session on both, and a reminder due
//! is sent once although both servers' schedulers look for it every second.
//!
//! Runs when OUTTURN_TEST_DATABASE_URL is set (scripts/test and CI set it).

mod common;
#[path = "../../app/tests/smtp_sink/mod.rs"]
mod smtp_sink;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use outturn_store::cache::{REVISION_TRUSTED_FOR, SESSION_TRUSTED_FOR};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use smtp_sink::SmtpSink;

const PASSWORD: &str = "a long password for two servers";
/// The commentary of the result written through the second server.
const WRITTEN: &str = "Entered through the second server.";

/// A running `outturn serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    /// Starts `outturn serve` on a port the system picks and waits for the
    /// line that says which.
    fn start(db: &str, smtp_url: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_outturn"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("OUTTURN_DATABASE_URL", db)
            .env("OUTTURN_SMTP_URL", smtp_url)
            .env("OUTTURN_MAIL_FROM", "performance@council.example")
            .env("OUTTURN_REMINDER_INTERVAL", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start outturn serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let address = loop {
            let line = lines.next().expect("outturn serve stopped before serving").unwrap();
            if let Some(rest) = line.strip_prefix("outturn is serving on ") {
                break rest.split_whitespace().next().unwrap().to_string();
            }
        };
        // Keep reading, so nothing the server prints later meets a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, address }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A schema of its own on the test server, dropped at the end.
struct Schema {
    server: String,
    name: String,
}

impl Schema {
    fn create(server: &str) -> Schema {
        let schema = Schema { server: server.to_string(), name: format!("two_servers_{}", std::process::id()) };
        schema.psql(&format!("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}", schema.name));
        schema
    }

    fn url(&self) -> String {
        format!("{}?options=-c%20search_path%3D{}", self.server, self.name)
    }

    fn psql(&self, sql: &str) {
        let status = Command::new("psql")
            .args([self.server.as_str(), "-q", "-c", sql])
            .env("PGOPTIONS", "--client-min-messages=warning")
            .status()
            .expect("psql");
        assert!(status.success(), "psql {sql}");
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        self.psql(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
    }
}

/// `outturn user add` with the password given on standard input.
fn add_user(db: &str, args: &[&str]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_outturn"))
        .args(["user", "add"])
        .args(args)
        .arg("--password-stdin")
        .env("OUTTURN_DATABASE_URL", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run outturn user add");
    writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    ok(child.wait_with_output().unwrap());
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap()
}

async fn get(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    let response = client.get(url).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
    (response.status(), response.text().await.unwrap())
}

async fn post(client: &reqwest::Client, url: &str, form: &[(&str, &str)]) -> (StatusCode, reqwest::header::HeaderMap) {
    let response = client.post(url).form(form).send().await.unwrap_or_else(|e| panic!("POST {url}: {e}"));
    (response.status(), response.headers().clone())
}

/// The value of the hidden field `name` in a page.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).unwrap_or_else(|| panic!("no {name} field in:\n{page}")) + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

/// Signs in through `server`'s form; the client keeps the session cookie.
async fn sign_in(client: &reqwest::Client, server: &Server, username: &str) -> String {
    let (status, page) = get(client, &server.url("/sign-in")).await;
    assert_eq!(status, StatusCode::OK);
    let form =
        [("username", username), ("password", PASSWORD), ("csrf_token", &hidden(&page, "csrf_token")), ("next", "")];
    let (status, headers) = post(client, &server.url("/sign-in"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "signing in as {username} on {}", server.address);
    let cookie = headers.get(reqwest::header::SET_COOKIE).expect("a session cookie").to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

/// A client that sends this session cookie and nothing else (keeps no cookies).
async fn with_cookie(url: &str, cookie: &str) -> StatusCode {
    let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    client.get(url).header(reqwest::header::COOKIE, cookie).send().await.unwrap().status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_share_sessions_writes_and_reminders() {
    let Ok(pg) = std::env::var("OUTTURN_TEST_DATABASE_URL") else {
        eprintln!("OUTTURN_TEST_DATABASE_URL is not set: the two-server test needs PostgreSQL");
        return;
    };
    let schema = Schema::create(&pg);
    let db = schema.url();
    ok(outturn(&db, &["demo"]));
    add_user(&db, &["owner2", "--role", "data-owner", "--council", "stevenage", "--node", "housing-and-investment"]);
    ok(outturn(&db, &["reminders", "address", "owner2", "owner2@council.example"]));
    // Owners' deadline two days ago: one reminder is due.
    open_stevenage_q3_overdue(&db);

    let sink = SmtpSink::start().await;
    let (a, b) = (Server::start(&db, &sink.url()), Server::start(&db, &sink.url()));

    // Signed in on A; B knows the session.
    let owner = browser();
    let session = sign_in(&owner, &a, "owner2").await;
    let measure = "/councils/stevenage/measures/NI156";
    let (status, before) = get(&owner, &b.url(measure)).await;
    assert_eq!(status, StatusCode::OK, "the session begun on A is good on B");
    assert!(!before.contains(WRITTEN), "not written yet:\n{before}");
    let (_, before_on_a) = get(&owner, &a.url(measure)).await;
    assert!(!before_on_a.contains(WRITTEN), "A has read (and may keep) the page as it was");
    // The dashboard's figures for the quarter, as its CSV download gives them.
    let quarter = "/councils/stevenage/download/csv?period=2020%2F21-Q3";
    let ni156 = |csv: &str| csv.lines().find(|l| l.starts_with("NI156,")).map(str::to_string).unwrap_or_default();
    let (status, before) = get(&owner, &a.url(quarter)).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert!(!ni156(&before).contains(",137,"), "{before}");

    // The form is opened on A and sent to B: its CSRF token is the session's, not the server's.
    let entry_form = "/councils/stevenage/measures/NI156/result?period=2020%2F21-Q3";
    let (status, form) = get(&owner, &a.url(entry_form)).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    let fields = [
        ("csrf_token", hidden(&form, "csrf_token")),
        ("period", hidden(&form, "period")),
        ("seen", hidden(&form, "seen")),
        ("value", "137".to_string()),
        ("commentary", WRITTEN.to_string()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _) = post(&owner, &b.url(entry_form), &pairs).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "recorded through B");

    // The stated bound: a server trusts a council's revision it has read for
    // REVISION_TRUSTED_FOR, then asks the database again. Past it, A shows the result.
    tokio::time::sleep(REVISION_TRUSTED_FOR + Duration::from_millis(100)).await;
    let (_, after_on_a) = get(&owner, &a.url(measure)).await;
    assert!(after_on_a.contains(WRITTEN), "A shows what was written through B:\n{after_on_a}");
    let (_, after) = get(&owner, &a.url(quarter)).await;
    assert!(ni156(&after).contains(",137,"), "and so does A's dashboard for the quarter:\n{after}");

    // Signing out on B ends the session on A too, once A stops trusting what it read.
    let (status, page) = get(&owner, &b.url(measure)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(&owner, &b.url("/sign-out"), &[("csrf_token", &hidden(&page, "csrf_token"))]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "signed out on B");
    tokio::time::sleep(SESSION_TRUSTED_FOR + Duration::from_millis(100)).await;
    let status = with_cookie(&a.url(measure), &session).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "A sends the signed-out session to sign in: {status}");

    // Both schedulers look every second; the owner is reminded once.
    sink.wait_for(1, Duration::from_secs(120)).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let arrived: Vec<String> = sink.received().iter().map(|m| m.to.join(",")).collect();
    assert_eq!(arrived, ["owner2@council.example"], "one reminder, from one of the two servers");
    drop((a, b));
}
