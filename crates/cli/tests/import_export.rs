//! `outturn import` and `outturn export` as a performance officer runs them:
//! a template to fill in, a thousand rows with one mistake, the corrected
//! file, a dry run, and an export taken to another database.

mod common;
use common::*;

use std::path::Path;

use serde_json::Value;

fn sqlite_url(dir: &Path, name: &str) -> String {
    sqlite_file(dir, name)
}

/// Stevenage's quarterly measures in the demo framework.
const CODES: &[&str] = &[
    "NI156",
    "BV213",
    "BV66a",
    "VoidLoss1",
    "VoidsSheltered",
    "VoidsShelteredMW",
    "ECHFL5",
    "BTC1a",
    "BTC1b",
    "NI184",
    "CNM2g",
    "CSC12",
    "CSC13a",
    "EAA1",
    "WebSat1",
    "EOC4a",
    "EOCrec",
    "BV9",
    "FS1A",
    "FS2A",
    "FS3",
    "FS4",
];

/// A thousand rows: each measure's figure for each quarter of 2015/16 to
/// 2019/20 as first entered, then corrections with a later `recorded_at`.
fn thousand_rows() -> String {
    let quarters: Vec<String> =
        (2015..2020).flat_map(|y| (1..=4).map(move |q| format!("{y}/{:02}-Q{q}", (y + 1) % 100))).collect();
    let mut text = String::from(
        "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n",
    );
    for i in 0..1000 {
        let code = CODES[i % CODES.len()];
        let period = &quarters[(i / CODES.len()) % quarters.len()];
        let recording = i / (CODES.len() * quarters.len());
        let year: i32 = period[..4].parse().unwrap();
        let value = format!("{}.{}", 40 + (i * 7) % 60, i % 10);
        text.push_str(&format!(
            "{code},{period},{value},,,,,,{}-05-{:02}T09:00:00Z,Performance team\n",
            year + 1,
            (i / CODES.len()) % 20 + 1 + recording
        ));
    }
    text
}

#[test]
fn template_prints_the_header_and_the_example_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let output = outturn(&sqlite_url(dir.path(), "none.db"), &["import", "template", "results"]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        ok(output),
        "measure,period,value,numerator,denominator,cumulative,forecast,missing_reason,commentary,recorded_at,\
         recorded_by\n"
    );
    assert!(stderr.starts_with("# an example row") && stderr.contains("BV9,2020/21-Q2,59.9"), "{stderr}");
    let targets = ok(outturn(&sqlite_url(dir.path(), "none.db"), &["import", "template", "targets"]));
    assert_eq!(targets, "measure,period,target,effective,reason,author,recorded_at\n");
    assert!(!dir.path().join("none.db").exists(), "a template needs no database");
}

#[test]
fn one_bad_row_stops_the_import_then_the_corrected_file_imports_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let good = thousand_rows();
    let mut lines: Vec<&str> = good.lines().collect();
    let mut cells: Vec<&str> = lines[700].split(',').collect();
    cells[1] = "2019-06";
    let bad_line = cells.join(",");
    lines[700] = &bad_line;
    let bad = dir.path().join("results.csv");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let bad = bad.to_str().unwrap();

    let before = ok(outturn(&db, &["export", "--council", "stevenage", "--results"]));
    let stderr = failure(outturn(&db, &["import", bad, "--council", "stevenage"]));
    assert!(stderr.contains("nothing was imported: 1 row has problems"), "{stderr}");
    assert!(stderr.contains("\nresults.csv:701: period: \"2019-06\": "), "{stderr}");
    assert!(stderr.contains("is reported quarterly"), "{stderr}");
    assert_eq!(ok(outturn(&db, &["export", "--council", "stevenage", "--results"])), before);

    std::fs::write(dir.path().join("results.csv"), &good).unwrap();
    let dry = ok(outturn(&db, &["import", bad, "--council", "stevenage", "--dry-run"]));
    assert_eq!(
        dry,
        "results.csv: 1000 results rows for stevenage (dry run: nothing written): would add 440, would correct 560, would leave unchanged 0\n"
    );
    assert_eq!(ok(outturn(&db, &["export", "--council", "stevenage", "--results"])), before);
    let first = ok(outturn(&db, &["import", bad, "--council", "stevenage"]));
    assert_eq!(first, "results.csv: 1000 results rows for stevenage: added 440, corrected 560, unchanged 0\n");
    let again = ok(outturn(&db, &["import", bad, "--council", "stevenage"]));
    assert!(again.contains("added 0, corrected 0, unchanged 1000\nno changes"), "{again}");
}

#[test]
fn an_export_imports_into_a_fresh_database_with_the_same_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (sqlite_url(dir.path(), "from.db"), sqlite_url(dir.path(), "to.db"));
    ok(outturn(&from, &["demo"]));
    ok(outturn(&to, &["demo"]));
    let file = dir.path().join("history.csv");
    std::fs::write(&file, thousand_rows()).unwrap();
    ok(outturn(&from, &["import", file.to_str().unwrap(), "--council", "stevenage"]));

    let exported = dir.path().join("exported.csv");
    std::fs::write(&exported, ok(outturn(&from, &["export", "--council", "stevenage", "--results"]))).unwrap();
    let imported = ok(outturn(&to, &["import", exported.to_str().unwrap(), "--council", "stevenage"]));
    assert!(imported.contains("added 440, corrected 560"), "{imported}");

    let open_data = ok(outturn(&from, &["export", "--council", "stevenage", "--open-data"]));
    assert!(open_data.starts_with(
        "\u{feff}council,measure_code,measure_title,period,period_start,period_end,value,unit,target,status,recorded_at\n"
    ));
    assert!(open_data.contains(
        "\nstevenage,BV9,% Council Tax collected,2020/21-Q2,2020-07-01,2020-09-30,59.9,percentage,61,amber,"
    ));
    assert_eq!(open_data.lines().count(), 1 + 440 + 22);
    assert_eq!(open_data, ok(outturn(&to, &["export", "--council", "stevenage", "--open-data"])));

    for period in ["2017/18-Q3", "2020/21-Q2"] {
        let args = ["export", "--council", "stevenage", "--period", period, "--format", "json"];
        let a: Value = serde_json::from_str(&ok(outturn(&from, &args))).unwrap();
        let b: Value = serde_json::from_str(&ok(outturn(&to, &args))).unwrap();
        assert_eq!(a, b, "{period}");
        assert_eq!(a["measures"].as_array().unwrap().len(), 22);
    }
    let csv = ok(outturn(&from, &["export", "--council", "stevenage", "--period", "2020/21-Q2"]));
    assert!(csv.starts_with("code,title,group,period,unit,target,result,status"), "{csv}");
    assert!(
        csv.contains("\nBV9,% Council Tax collected,Corporate focus,2020/21-Q2,percentage,61,59.9,amber,"),
        "{csv}"
    );
}

#[test]
fn an_xlsx_workbook_imports_like_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let write = |name: &str, bad: bool| {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet().set_name("results").unwrap();
        for (c, h) in ["measure", "period", "value", "recorded_at"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "BV9").unwrap();
        sheet.write_string(1, 1, "2019/20-Q1").unwrap();
        sheet.write_number(1, 2, 59.9).unwrap();
        sheet.write_string(1, 3, "2020-05-01T09:00:00Z").unwrap();
        sheet.write_string(2, 0, "BV9").unwrap();
        sheet.write_string(2, 1, "2019/20-Q2").unwrap();
        if bad {
            sheet.write_string(2, 2, "ninety").unwrap();
        } else {
            sheet.write_number(2, 2, 61.0).unwrap();
        }
        let path = dir.path().join(name);
        workbook.save(&path).unwrap();
        path.to_str().unwrap().to_string()
    };
    let bad = write("bad.xlsx", true);
    let message = failure(outturn(&db, &["import", &bad, "--council", "stevenage"]));
    assert!(message.contains("bad.xlsx:3: value: \"ninety\": \"ninety\" is not a number"), "{message}");
    let good = write("good.xlsx", false);
    let dry = ok(outturn(&db, &["import", &good, "--council", "stevenage", "--dry-run"]));
    assert!(dry.contains("good.xlsx: 2 results rows for stevenage (dry run: nothing written): would add 2"), "{dry}");
    let real = ok(outturn(&db, &["import", &good, "--council", "stevenage"]));
    assert!(real.contains("added 2, corrected 0, unchanged 0"), "{real}");
    let again = ok(outturn(&db, &["import", &good, "--council", "stevenage"]));
    assert!(again.contains("no changes"), "{again}");
}

#[test]
fn a_workbook_export_of_results_and_targets_imports_into_a_fresh_database_with_the_same_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (sqlite_url(dir.path(), "from.db"), sqlite_url(dir.path(), "to.db"));
    ok(outturn(&from, &["demo"]));
    ok(outturn(&to, &["migrate"]));
    // The framework without its data: the fresh database gets its figures only from the workbooks.
    let framework = dir.path().join("framework.toml");
    let text = std::fs::read_to_string("../../demo/stevenage/framework.toml").unwrap();
    let without_data = text.split("\n[data]").next().unwrap().to_string();
    std::fs::write(&framework, without_data).unwrap();
    ok(outturn(&to, &["framework", "apply", framework.to_str().unwrap()]));

    for kind in ["--targets", "--results"] {
        let file = dir.path().join(format!("{}.xlsx", &kind[2..]));
        let args = ["export", "--council", "stevenage", kind, "--format", "xlsx", "-o", file.to_str().unwrap()];
        ok(outturn(&from, &args));
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "a workbook is a zip archive");
        let imported = ok(outturn(&to, &["import", file.to_str().unwrap(), "--council", "stevenage"]));
        assert!(imported.contains("unchanged 0"), "{imported}");
        assert_eq!(
            ok(outturn(&to, &["export", "--council", "stevenage", kind])),
            ok(outturn(&from, &["export", "--council", "stevenage", kind])),
            "{kind} round-trip through a workbook"
        );
    }
    let args = ["export", "--council", "stevenage", "--period", "2020/21-Q2", "--format", "json"];
    assert_eq!(ok(outturn(&to, &args)), ok(outturn(&from, &args)));

    // A workbook goes to a file, never to a terminal.
    let err = failure(outturn(&from, &["export", "--council", "stevenage", "--format", "xlsx"]));
    assert!(err.contains("give -o FILE.xlsx"), "{err}");
}

#[test]
fn results_export_as_json_is_one_object_per_recording() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let json: Value =
        serde_json::from_str(&ok(outturn(&db, &["export", "--council", "stevenage", "--results", "--format", "json"])))
            .unwrap();
    let csv = ok(outturn(&db, &["export", "--council", "stevenage", "--results"]));
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), csv.lines().count() - 1);
    let bv9 = rows.iter().find(|r| r["measure"] == "BV9" && r["period"] == "2020/21-Q2").unwrap();
    assert_eq!(bv9["value"], "59.9");
}

#[test]
fn cells_a_spreadsheet_would_run_are_written_as_text_and_import_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let csv = dir.path().join("formulas.csv");
    std::fs::write(
        &csv,
        "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n\
         BV9,2020/21-Q3,missing,,,,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",@SUM(A1),2021-01-10T09:00:00Z,=cmd\n\
         NI156,2020/21-Q3,140,,,,,\"-2+3+cmd|' /C calc'!A0\",2021-01-10T09:00:00Z,+owner\n",
    )
    .unwrap();
    ok(outturn(&db, &["import", csv.to_str().unwrap(), "--council", "stevenage"]));

    let status = ok(outturn(&db, &["status", "--council", "stevenage", "--period", "2020/21-Q3", "--format", "csv"]));
    assert!(status.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\""), "{status}");
    let export = ok(outturn(&db, &["export", "--council", "stevenage", "--results"]));
    for cell in [",'@SUM(A1),", ",'=cmd\n", ",'-2+3+cmd|' /C calc'!A0,", ",'+owner\n"] {
        assert!(export.contains(cell), "{cell} in {export}");
    }
    for text in [&status, &export] {
        for written in [",=", ",@", ",+", ",-2", ",\"=", ",\"@", ",\"+", ",\"-2"] {
            assert!(!text.contains(written), "{written} in {text}");
        }
    }
    // Figures stay numbers: a negative one is written as it is.
    let open_data = ok(outturn(&db, &["export", "--council", "stevenage", "--open-data"]));
    assert!(!open_data.contains(",'-") && !open_data.contains(",'="), "{open_data}");

    // The export imports back as what is stored: nothing changes.
    let back = dir.path().join("back.csv");
    std::fs::write(&back, &export).unwrap();
    let again = ok(outturn(&db, &["import", back.to_str().unwrap(), "--council", "stevenage"]));
    assert!(again.contains("added 0, corrected 0"), "{again}");
}
