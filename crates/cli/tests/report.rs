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
            assert!(said.contains("narrative still to be written: "), "{said}");
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(text.contains("Executive") && text.contains("11 November 2020"), "{kind} {format}");
            if kind == "quarterly" {
                assert!(text.contains("BV9: % Council Tax collected, September 2020 target 61%, achieved 59.9%"));
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
    let run = outturn(
        &db,
        &["report", "exception", "--council", "epping-forest", "--period", "2019/20-Q3", "--format", "md"],
    );
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    let md = ok(run);
    assert!(md.contains("- **Committee:** **to be set**"), "{md}");
    assert!(
        md.contains("- **Lead officer:** Service Director (Business Services)"),
        "from the framework's [report]: {md}"
    );
    assert!(md.contains("Narrative needed: purpose"), "{md}");
    assert!(stderr.contains("narrative needed: purpose"), "each missing narrative is named on stderr: {stderr}");
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

#[test]
fn the_committee_comes_from_the_report_settings_unless_the_command_line_gives_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    let args = ["report", "quarterly", "--council", "stevenage", "--period", "2020/21-Q2", "--format", "md"];
    let md = ok(outturn(&db, &args));
    assert!(md.contains("- **Committee:** Executive"), "{md}");
    assert!(md.contains("### Financial implications"), "implications from the settings: {md}");
    let md = ok(outturn(&db, &[&args[..], &["--committee", "Overview and Scrutiny"]].concat()));
    assert!(md.contains("- **Committee:** Overview and Scrutiny"), "{md}");
}

#[test]
fn narrative_exports_edits_and_imports_back_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    let file = dir.path().join("narrative.toml");
    let export = ["report", "narrative", "export", "--council", "stevenage", "--period", "2020/21-Q2"];
    let run = outturn(&db, &[&export[..], &["--kind", "quarterly", "-o", file.to_str().unwrap()]].concat());
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    ok(run);
    assert!(stderr.contains("narrative needed: spotlight on BV213"), "{stderr}");
    assert!(!stderr.contains("narrative needed: purpose"), "the demo writes the purpose: {stderr}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("key = \"purpose\"") && text.contains("To highlight the Council's performance"), "{text}");
    assert!(text.contains("key = \"spotlight:BV213\"\nlabel = \"spotlight on BV213\"\ntext = \"\""), "{text}");

    // Importing it unchanged changes nothing.
    let said = ok(outturn(&db, &["report", "narrative", "import", file.to_str().unwrap()]));
    assert!(said.starts_with("no changes"), "{said}");

    // A bad slot anywhere: every problem named by line and field, and nothing saved.
    let edited = text.replace(
        "key = \"spotlight:BV213\"\nlabel = \"spotlight on BV213\"\ntext = \"\"",
        "key = \"spotlight:BV213\"\nlabel = \"spotlight on BV213\"\ntext = \"Preventions fell short.\"",
    );
    let bad = edited.replace("key = \"next-quarter\"", "key = \"spotlight:NOPE\"");
    let bad_file = dir.path().join("bad.toml");
    std::fs::write(&bad_file, &bad).unwrap();
    let line = bad.lines().position(|l| l.contains("spotlight:NOPE")).unwrap() + 1;
    let err = failure(outturn(&db, &["report", "narrative", "import", bad_file.to_str().unwrap()]));
    assert!(
        err.contains(&format!("{}:{line}: slot.key: NOPE is not a measure of stevenage", bad_file.display())),
        "{err}"
    );
    let md = ok(outturn(
        &db,
        &["report", "quarterly", "--council", "stevenage", "--period", "2020/21-Q2", "--format", "md"],
    ));
    assert!(!md.contains("Preventions fell short."), "nothing saved from a file with a problem");

    // The good edit is saved and the report shows it in place of the flag.
    std::fs::write(&file, &edited).unwrap();
    let said = ok(outturn(&db, &["report", "narrative", "import", file.to_str().unwrap()]));
    assert!(said.contains("saved narrative") && said.contains("spotlight:BV213"), "{said}");
    let md = ok(outturn(
        &db,
        &["report", "quarterly", "--council", "stevenage", "--period", "2020/21-Q2", "--format", "md"],
    ));
    assert!(md.contains("Preventions fell short.") && !md.contains("Narrative needed: spotlight on BV213"), "{md}");
}
