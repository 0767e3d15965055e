//! `outturn reminders address|send|list`: a round opened on the demo, an
//! owner's results overdue, one pass sending to a real SMTP server on
//! 127.0.0.1 started by the test (at a chosen instant, `--at`), a second
//! pass sending nothing, and the record listed.

mod common;
#[path = "../../app/tests/smtp_sink/mod.rs"]
mod smtp_sink;

use std::process::{Command, Output};

use common::*;
use smtp_sink::SmtpSink;

/// Runs `outturn ARGS` with the mail settings given (and none inherited).
fn outturn_mailing(db: &str, smtp_url: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_outturn"));
    command
        .args(args)
        .env("OUTTURN_DATABASE_URL", db)
        .env_remove("OUTTURN_SMTP_URL")
        .env_remove("OUTTURN_REMINDER_DAYS_BEFORE")
        .env("OUTTURN_MAIL_FROM", "performance@council.example")
        .env("OUTTURN_PUBLIC_URL", "https://outturn.example");
    if let Some(url) = smtp_url {
        command.env("OUTTURN_SMTP_URL", url);
    }
    command.output().expect("run outturn")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overdue_owner_is_reminded_once_and_the_reminder_is_listed() {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    ok(outturn(
        &db,
        &[
            "user",
            "add",
            "pkelly",
            "--role",
            "data-owner",
            "--council",
            "stevenage",
            "--node",
            "housing-and-investment",
        ],
    ));
    let bad = failure(outturn(&db, &["reminders", "address", "pkelly", "pat at council"]));
    assert!(bad.contains("\"pat at council\" is not an email address"), "{bad}");
    let set = ok(outturn(&db, &["reminders", "address", "pkelly", "pat.kelly@council.example"]));
    assert_eq!(set, "reminders for pkelly go to pat.kelly@council.example\n");
    open_stevenage_q3(&db, "2021-01-15", "2021-01-22");

    let off = failure(outturn_mailing(&db, None, &["reminders", "send", "--now"]));
    assert!(off.contains("reminders are off: set OUTTURN_SMTP_URL"), "{off}");

    let said = ok(outturn_mailing(&db, Some(&url), &["reminders", "send", "--at", "2021-01-16T09:00:00Z"]));
    assert!(said.contains("sent owner-overdue to pkelly (stevenage 2020/21-Q3)\n"), "{said}");
    let arrived = sink.received();
    assert_eq!(arrived.len(), 1, "{said}");
    assert_eq!(arrived[0].to, ["pat.kelly@council.example"]);
    assert!(arrived[0].text().contains("- BV66a: Rent Collection Rate\n"), "{}", arrived[0].text());

    let again = ok(outturn_mailing(&db, Some(&url), &["reminders", "send", "--at", "2021-01-16T10:00:00Z"]));
    assert!(again.contains("reminders: 0 sent, 0 failed (to be tried again), 1 already sent"), "{again}");
    assert_eq!(sink.received().len(), 1);

    let table = ok(outturn(&db, &["reminders", "list"]));
    assert!(
        table.contains("\towner-overdue\tpkelly\tpat.kelly@council.example\tsent\t1\t2021-01-16 09:00 UTC"),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(outturn(&db, &["reminders", "list", "--council", "stevenage", "--format", "json"])))
            .unwrap();
    assert_eq!(json[0]["outcome"], "sent");
    assert_eq!(json[0]["subject"], arrived[0].subject().as_str());
    assert_eq!(json[0]["sent_at"], "2021-01-16T09:00:00Z");
}

#[test]
fn send_needs_now_or_an_instant() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    let e = failure(outturn(&db, &["reminders", "send"]));
    assert!(e.contains("--now"), "{e}");
}

/// Stops the server when the test ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `serve --demo` with a mail server: the demo accounts get addresses, and the
/// server's scheduler chases the owner and the director of an open round.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_server_sends_reminders_on_its_own() {
    let sink = SmtpSink::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    open_stevenage_q3_overdue(&db);
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_outturn"))
            .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
            .env("OUTTURN_DATABASE_URL", &db)
            .env("OUTTURN_SMTP_URL", sink.url())
            .env("OUTTURN_MAIL_FROM", "performance@council.example")
            .env("OUTTURN_REMINDER_INTERVAL", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start outturn serve"),
    );
    sink.wait_for(2, std::time::Duration::from_secs(120)).await;
    let mut arrived: Vec<(String, String)> = sink.received().iter().map(|m| (m.to.join(","), m.subject())).collect();
    arrived.sort();
    assert_eq!(arrived.len(), 2, "{arrived:?}");
    assert_eq!(arrived[0].0, "director@example.org");
    assert!(arrived[0].1.contains("awaiting your sign-off"), "{arrived:?}");
    assert_eq!(arrived[1].0, "owner@example.org");
    assert!(arrived[1].1.contains("overdue for October to December 2020"), "{arrived:?}");
}
