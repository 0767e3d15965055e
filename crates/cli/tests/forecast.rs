//! `outturn forecast --override VALUE --reason TEXT`: an officer's override
//! of a measure's year-end forecast is recorded from the command line (as
//! the command, in the audit log), said back, kept beside every earlier one,
//! and the forecast is then judged on it; a bad figure, an empty reason or
//! a year whose outturn is in are refused with the option named and nothing
//! kept. Example Borough's figures are fictional.

mod common;
use common::*;

use serde_json::Value;

fn demo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    (dir, db)
}

const CS02: [&str; 5] = ["forecast", "--council", "example-borough", "--measure", "EB-CS02"];

fn forecast_json(db: &str) -> Value {
    let mut args = CS02.to_vec();
    args.extend(["--format", "json"]);
    serde_json::from_str(&ok(outturn(db, &args))).unwrap()
}

#[test]
fn an_override_is_recorded_said_back_and_the_risk_judged_on_it() {
    let (_dir, db) = demo();
    let before = forecast_json(&db);
    assert_eq!(before["overrides"], serde_json::json!([]));
    assert_eq!(before["at_risk_on"], "model");

    let mut args = CS02.to_vec();
    args.extend(["--override", "4.6", "--reason", "New staff start in October"]);
    let said = ok(outturn(&db, &args));
    assert!(
        said.starts_with(
            "Recorded an override of EB-CS02's 2026/27 year-end forecast: 4.6%, by outturn forecast. \
             Reason: New staff start in October"
        ),
        "{said}"
    );
    assert!(said.contains("Officer's forecast 2026/27: 4.6%"), "{said}");
    assert!(!said.contains("WARNING"), "4.6% meets the 5% target: {said}");

    let mut args = CS02.to_vec();
    args.extend(["--override", "5.8", "--reason", "The new staff left", "--year", "2026/27"]);
    let said = ok(outturn(&db, &args));
    assert!(said.contains("WARNING: At risk, on the officer's forecast of 5.8%"), "{said}");

    let after = forecast_json(&db);
    let overrides = after["overrides"].as_array().unwrap();
    assert_eq!(overrides.len(), 2, "both kept");
    assert_eq!(overrides[0]["value"], "4.6");
    assert_eq!(overrides[0]["superseded"], true);
    assert_eq!(overrides[1]["value"], "5.8");
    assert_eq!(overrides[1]["reason"], "The new staff left");
    assert_eq!(overrides[1]["recorded_by"], "outturn forecast");
    assert_eq!(overrides[1]["outturn"], Value::Null);
    assert_eq!(after["at_risk"], true);
    assert_eq!(after["at_risk_on"], "officer-override");
    assert_eq!(after["override_accuracy"], Value::Null, "no outturn yet");
}

#[test]
fn a_bad_override_names_the_option_and_records_nothing() {
    let (_dir, db) = demo();
    let rb03 = ["forecast", "--council", "example-borough", "--measure", "EB-RB03"];
    let mut args = rb03.to_vec();
    args.extend(["--override", "-3", "--reason", "  "]);
    let stderr = failure(outturn(&db, &args));
    assert!(stderr.contains("nothing was recorded"), "{stderr}");
    assert!(stderr.contains("--override: The year-end forecast cannot be below 0"), "{stderr}");
    assert!(stderr.contains("--reason: Say why"), "{stderr}");

    let mut args = vec!["forecast", "--council", "example-borough", "--measure", "EB-CT01"];
    args.extend(["--override", "96", "--reason", "Late", "--year", "2025/26"]);
    let stderr = failure(outturn(&db, &args));
    assert!(stderr.contains("--year: The 2025/26 outturn is already in (96.5%)"), "{stderr}");

    let mut args = rb03.to_vec();
    args.extend(["--override", "3"]);
    let stderr = failure(outturn(&db, &args));
    assert!(stderr.contains("--reason"), "a reason is required: {stderr}");

    let mut json = rb03.to_vec();
    json.extend(["--format", "json"]);
    let rb03: Value = serde_json::from_str(&ok(outturn(&db, &json))).unwrap();
    assert_eq!(rb03["overrides"], serde_json::json!([]));
    assert_eq!(forecast_json(&db)["overrides"], serde_json::json!([]));
}
