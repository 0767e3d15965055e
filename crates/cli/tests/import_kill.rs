//! Killing `outturn import` while it writes leaves the database as it was:
//! the rows go in one transaction, so a process killed half-way (SIGKILL:
//! no clean-up runs) has written nothing, and importing again then works.

mod common;
use common::*;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const MEASURES: usize = 100;
const MONTHS: usize = 600;

fn write_files(dir: &Path) {
    let mut framework = String::from(
        "[council]\nslug = \"bench\"\nname = \"Bench Council\"\n\n[[node_kinds]]\nkey = \"unit\"\n\
         name = \"Business Unit\"\n\n[[nodes]]\nkey = \"all\"\nkind = \"unit\"\nname = \"All services\"\n\n",
    );
    for m in 0..MEASURES {
        let _ = write!(
            framework,
            "[[measures]]\ncode = \"M{m:03}\"\ntitle = \"Measure {m}\"\nowner = \"all\"\nunit = \"count\"\n\
             polarity = \"higher\"\nfrequency = \"monthly\"\nytd = \"sum\"\nstatus = \"none\"\n\n"
        );
    }
    std::fs::write(dir.join("framework.toml"), framework).unwrap();
    let mut results = String::from(
        "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n",
    );
    for m in 0..MEASURES {
        for i in 0..MONTHS {
            let month = 1970 * 12 + i;
            let _ = writeln!(results, "M{m:03},{}-{:02},{},,,,,,,", month / 12, month % 12 + 1, (m * 31 + i) % 1000);
        }
    }
    std::fs::write(dir.join("results.csv"), results).unwrap();
}

fn results_stored(db: &str) -> usize {
    ok(outturn(db, &["export", "--council", "bench", "--results"])).lines().count() - 1
}

#[test]
fn an_import_killed_while_writing_leaves_nothing_written_and_can_be_run_again() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path());
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["framework", "apply", dir.path().join("framework.toml").to_str().unwrap()]));
    assert_eq!(results_stored(&db), 0);

    // The write-ahead log grows once the import is writing its transaction.
    let wal = dir.path().join("outturn.db-wal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_outturn"))
        .args(["import", "--council", "bench"])
        .arg(dir.path().join("results.csv"))
        .env("OUTTURN_DATABASE_URL", &db)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut writing = false;
    while start.elapsed() < Duration::from_secs(120) {
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 512 * 1024) {
            writing = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(writing && !status.success(), "the import was killed while writing (finished first: {status})");

    assert_eq!(results_stored(&db), 0, "a killed import writes nothing");
    let again = ok(outturn(&db, &["import", "--council", "bench", dir.path().join("results.csv").to_str().unwrap()]));
    assert!(again.contains(&format!("added {}", MEASURES * MONTHS)), "{again}");
    assert_eq!(results_stored(&db), MEASURES * MONTHS);
}
