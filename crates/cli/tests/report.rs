//! `outturn report`: the committee reports from the demo councils, written
//! to files in both formats and read back as a reader would.

mod common;
use common::*;

use std::path::Path;

fn sqlite_url(dir: &Path) -> String {
    sqlite_file(dir, "outturn.db")
}

#[test]
fn quarterly_and_exception_reports_render_to_files_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    for (kind, council, period) in
        [("quarterly", "stevenage", "2020/21-Q2"), ("exception", "epping-forest", "2019/20-Q3")]
    {
        for format in ["html", "md"] {
            let file = dir.path().join(format!("{kind}.{format}"));
            let said = ok(outturn(
                &db,
                &[
                    "report",
                    kind,
                    "--council",
                    council,
                    "--period",
                    period,
                    "--format",
                    format,
                    "-o",
                    file.to_str().unwrap(),
                    "--committee",
                    "Executive",
                    "--date",
                    "2020-11-11",
                ],
            ));
            assert!(said.starts_with(&format!("wrote {}", file.display())), "{said}");
            assert!(said.contains("narrative still to be written: purpose"), "{said}");
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(text.contains("Executive") && text.contains("11 November 2020"), "{kind} {format}");
            if kind == "quarterly" {
                assert!(text.contains("BV9: % Council Tax collected, September 2020 target 61.0%, achieved 59.9%"));
                assert!(text.contains("para 3."), "recommendations cite paragraphs");
            } else {
                assert!(text.contains("St John&#39;s Road Programme") || text.contains("St John's Road Programme"));
                assert!(text.contains("General Election December 2019"));
            }
            if format == "html" {
                assert!(text.starts_with("<!DOCTYPE html>") && text.contains("<caption>"));
            } else {
                assert!(text.starts_with("# "));
            }
        }
    }
}

#[test]
fn without_a_file_the_report_goes_to_standard_output_and_unset_settings_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    let md = ok(outturn(
        &db,
        &["report", "quarterly", "--council", "stevenage", "--period", "2020/21-Q2", "--format", "md"],
    ));
    assert!(md.contains("- **Committee:** **to be set**"), "{md}");
    assert!(md.contains("[Narrative to be written: purpose\\]") || md.contains("Narrative to be written: purpose"));
    let unknown = outturn(&db, &["report", "exception", "--council", "nowhere", "--period", "2019/20-Q3"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no council \"nowhere\""));
}

#[test]
fn the_compendium_is_written_as_an_xlsx_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    let file = dir.path().join("compendium.xlsx");
    let said = ok(outturn(
        &db,
        &["report", "compendium", "--council", "stevenage", "--period", "2020/21-Q2", "-o", file.to_str().unwrap()],
    ));
    assert_eq!(said.trim(), format!("wrote {}", file.display()));
    let bytes = std::fs::read(&file).expect("the compendium file exists");
    assert!(bytes.starts_with(b"PK"), "an xlsx file is a zip archive");
}

#[test]
fn the_quarterly_report_is_written_as_a_docx_file_and_needs_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    let file = dir.path().join("quarterly.docx");
    let args = ["report", "quarterly", "--council", "stevenage", "--period", "2020/21-Q2", "--format", "docx"];
    let said = ok(outturn(&db, &[&args[..], &["-o", file.to_str().unwrap()]].concat()));
    assert!(said.starts_with(&format!("wrote {}", file.display())), "{said}");
    let bytes = std::fs::read(&file).expect("the .docx exists");
    assert!(bytes.starts_with(b"PK"), "a .docx is a zip archive");
    // Binary output never goes to a terminal.
    let to_stdout = outturn(&db, &args);
    assert!(!to_stdout.status.success());
    assert!(String::from_utf8_lossy(&to_stdout.stderr).contains("-o FILE"));
}
