//! Running the `outturn` binary as a person would, for the command-line tests.
#![allow(dead_code)] // each test file uses some of these

use std::path::Path;
use std::process::{Command, Output};

/// Runs `outturn ARGS` against the database `db`.
pub fn outturn(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_outturn"))
        .args(args)
        .env("OUTTURN_DATABASE_URL", db)
        .output()
        .expect("run outturn")
}

/// The standard output of a run that must succeed.
pub fn ok(output: Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "outturn failed: {stderr}");
    String::from_utf8(output.stdout).unwrap()
}

/// The standard error of a run that must fail.
pub fn failure(output: Output) -> String {
    assert!(!output.status.success(), "expected a failure, got: {}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8(output.stderr).unwrap()
}

/// A SQLite database URL for a file in `dir`.
pub fn sqlite_file(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}

/// `outturn round open` for Stevenage's 2020/21-Q3 with the two deadlines given.
pub fn open_stevenage_q3(db: &str, entry_deadline: &str, sign_off_deadline: &str) {
    ok(outturn(
        db,
        &[
            "round",
            "open",
            "--council",
            "stevenage",
            "--period",
            "2020/21-Q3",
            "--entry-deadline",
            entry_deadline,
            "--sign-off-deadline",
            sign_off_deadline,
        ],
    ));
}

/// Owners' deadline two days ago and sign-off tomorrow (UK days, by the real
/// clock): a reminder is due to an owner with Q3 results outstanding.
pub fn open_stevenage_q3_overdue(db: &str) {
    let today = outturn_core::AsOf::now().date();
    let (entry, sign_off) = (today.yesterday().unwrap().yesterday().unwrap(), today.tomorrow().unwrap());
    open_stevenage_q3(db, &entry.to_string(), &sign_off.to_string());
}
