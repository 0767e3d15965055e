//! The `outturn` command as a performance officer runs it: load the demo,
//! ask for a quarter's statuses, apply framework files, make mistakes.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn sqlite_url(dir: &Path) -> String {
    sqlite_file(dir, "outturn.db")
}

/// The Q2 2020/21 status JSON after loading the demo into `db`.
fn stevenage_q2(db: &str) -> Value {
    ok(outturn(db, &["demo"]));
    let json = ok(outturn(db, &["status", "--council", "stevenage", "--period", "2020/21-Q2", "--format", "json"]));
    serde_json::from_str(&json).unwrap()
}

fn status_of<'a>(report: &'a Value, code: &str) -> &'a str {
    report["measures"].as_array().unwrap().iter().find(|m| m["code"] == code).unwrap_or_else(|| panic!("{code}"))
        ["status"]
        .as_str()
        .unwrap()
}

/// What the Q2 2020/21 paper reports (BV9 Amber para 3.165, CNM2g Red para
/// 3.132; the rest read from the summary tables of paras 3.12 and 3.88).
fn assert_the_papers_statuses(report: &Value) {
    assert_eq!(status_of(report, "BV9"), "amber");
    for code in ["CSC12", "EAA1"] {
        assert_eq!(status_of(report, code), "green", "{code}");
    }
    for code in ["BV213", "NI156", "BV66a", "VoidLoss1", "CNM2g", "FS3"] {
        assert_eq!(status_of(report, code), "red", "{code}");
    }
    for code in ["CSC13a", "EOC4a", "EOCrec", "ECHFL5"] {
        assert_eq!(status_of(report, code), "missing", "{code}");
    }
    let bv9 = report["measures"].as_array().unwrap().iter().find(|m| m["code"] == "BV9").unwrap();
    assert_eq!(
        (bv9["target"].as_str(), bv9["result"].as_str(), bv9["variance"].as_str()),
        (Some("61"), Some("59.9"), Some("-1.1"))
    );
    let ftfc = report["summary"].as_array().unwrap().iter().find(|g| g["label"] == "FTFC focus").unwrap();
    let missing: Vec<&str> =
        ftfc["missing_measures"].as_array().unwrap().iter().map(|m| m["code"].as_str().unwrap()).collect();
    assert_eq!(missing, ["EOC4a", "EOCrec"]);
    assert!(ftfc["missing_measures"][0]["reason"].as_str().unwrap().contains("Payroll Manager"));
    assert_eq!((ftfc["amber"].as_u64(), ftfc["red"].as_u64()), (Some(1), Some(5)));
}

#[test]
fn demo_then_status_gives_the_statuses_the_paper_reports() {
    let dir = tempfile::tempdir().unwrap();
    let report = stevenage_q2(&sqlite_url(dir.path()));
    assert_the_papers_statuses(&report);
}

#[test]
fn postgres_gives_the_same_output_as_sqlite() {
    let Ok(pg) = std::env::var("OUTTURN_TEST_DATABASE_URL") else { return };
    let schema = format!("cli_{}", std::process::id());
    let psql = |sql: &str| {
        let status = Command::new("psql").args([pg.as_str(), "-q", "-c", sql]).status().expect("psql");
        assert!(status.success(), "psql {sql}");
    };
    psql(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"));
    let url = format!("{pg}?options=-c%20search_path%3D{schema}");
    let on_postgres = stevenage_q2(&url);
    psql(&format!("DROP SCHEMA {schema} CASCADE"));
    let dir = tempfile::tempdir().unwrap();
    let on_sqlite = stevenage_q2(&sqlite_url(dir.path()));
    assert_the_papers_statuses(&on_postgres);
    assert_eq!(on_postgres, on_sqlite);
}

#[test]
fn loading_the_demo_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    let first = ok(outturn(&db, &["demo"]));
    assert!(first.contains("stevenage: added 22 measures"), "{first}");
    let second = ok(outturn(&db, &["demo"]));
    assert_eq!(second, "stevenage: no changes\nepping-forest: no changes\nexample-borough: no changes\n");
}

#[test]
fn as_of_a_date_before_the_results_were_recorded_shows_them_missing() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    let json = ok(outturn(
        &db,
        &["status", "--council", "stevenage", "--period", "2020/21-Q2", "--as-of", "2020-09-30", "--format", "json"],
    ));
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(status_of(&report, "BV9"), "missing");
    assert_eq!(report["as_of"], "2020-09-30");
}

#[test]
fn a_framework_file_with_an_error_applies_nothing_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/epping-forest");
    for file in ["framework.toml", "targets.csv", "results.csv", "milestone-updates.csv"] {
        std::fs::copy(demo.join(file), dir.path().join(file)).unwrap();
    }
    let framework = dir.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework).unwrap();
    let broken = text.replacen("polarity = \"higher\"", "polarity = \"upwards\"", 1);
    let line = broken.lines().position(|l| l.contains("upwards")).unwrap() + 1;
    std::fs::write(&framework, broken).unwrap();
    let err = failure(outturn(&db, &["framework", "apply", framework.to_str().unwrap()]));
    assert!(err.contains("nothing was applied"), "{err}");
    assert!(err.contains(&format!("framework.toml:{line}: measures[0].polarity")), "{err}");
    let err = failure(outturn(&db, &["status", "--council", "epping-forest", "--period", "2019/20-Q3"]));
    assert!(err.contains("there is no council \"epping-forest\""), "{err}");

    std::fs::write(&framework, text).unwrap();
    let out = ok(outturn(&db, &["framework", "apply", framework.to_str().unwrap()]));
    assert!(out.contains("epping-forest: created council"), "{out}");
}

#[test]
fn mistakes_get_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    let err = failure(outturn(&db, &["status", "--council", "stevenage", "--period", "Q2 2020"]));
    assert!(err.contains("\"Q2 2020\" is not a period"), "{err}");
    let err = failure(outturn(&db, &["status", "--council", "stevnage", "--period", "2020/21-Q2"]));
    assert_eq!(err, "outturn: there is no council \"stevnage\" (known: epping-forest, example-borough, stevenage)\n");
    let err = failure(outturn(&db, &["measures", "show", "bv9", "--council", "stevenage"]));
    assert!(err.contains("council stevenage has no measure \"bv9\""), "{err}");
    let err = failure(outturn("mysql://localhost/x", &["migrate"]));
    assert!(err.contains("is not a database URL outturn knows"), "{err}");
}

#[test]
fn table_and_csv_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    let table = ok(outturn(&db, &["status", "--council", "stevenage", "--period", "2020/21-Q2"]));
    assert!(table.contains("BV9"), "{table}");
    assert!(table.contains("Amber"), "{table}");
    assert!(table.contains("Missing data:"), "{table}");
    let csv = ok(outturn(&db, &["status", "--council", "stevenage", "--period", "2020/21-Q2", "--format", "csv"]));
    assert!(csv.starts_with("code,title,group,period,unit,target,result,status"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("BV9,") && l.contains(",61,59.9,amber,")), "{csv}");
    let show = ok(outturn(&db, &["measures", "show", "VoidLoss1", "--council", "stevenage"]));
    assert!(show.contains("£224,901"), "{show}");
}

#[test]
fn the_tree_as_it_stood_on_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    // Partner of Choice closed in March 2018; Place of Choice began in March 2020.
    let before = ok(outturn(&db, &["framework", "show", "--council", "stevenage", "--on", "2018-01-01"]));
    assert!(before.contains("Partner of Choice (Programme)"), "{before}");
    assert!(!before.contains("Place of Choice"), "{before}");
    let after = ok(outturn(&db, &["framework", "show", "--council", "stevenage", "--on", "2020-09-30"]));
    assert!(!after.contains("Partner of Choice"), "{after}");
    assert!(after.contains("      Climate Change (Strand)"), "{after}");
    assert!(after.contains("Finance and Estates (Business Unit): BV9, FS1A, FS2A, FS3, FS4"), "{after}");
}
