//! `outturn report quarterly|exception --format pdf`: a PDF file, never to
//! standard output, carrying the cover the command line set.

mod common;
use common::*;

#[test]
fn reports_are_written_as_pdf_files_and_need_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    for (kind, council, period) in
        [("quarterly", "stevenage", "2020/21-Q2"), ("exception", "epping-forest", "2019/20-Q3")]
    {
        let file = dir.path().join(format!("{kind}.pdf"));
        let args = ["report", kind, "--council", council, "--period", period, "--format", "pdf"];
        let cover = ["--committee", "Executive", "--date", "2020-11-11", "-o", file.to_str().unwrap()];
        let said = ok(outturn(&db, &[&args[..], &cover[..]].concat()));
        assert!(said.starts_with(&format!("wrote {}", file.display())), "{said}");
        assert!(said.contains("(draft: narrative still to be written: "), "{said}");
        let bytes = std::fs::read(&file).expect("the PDF exists");
        assert!(bytes.starts_with(b"%PDF-"), "{kind} is a PDF");
        // The cover's words are in the PDF's text (its streams are compressed,
        // so read them back with pdftotext, from Debian's poppler-utils).
        let text = std::process::Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()
            .expect("pdftotext runs: install poppler-utils (scripts/test does when it is missing)");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("Executive") && text.contains("11 November 2020"), "{kind}: {text}");

        // Binary output never goes to a terminal.
        let to_stdout = outturn(&db, &args);
        assert!(failure(to_stdout).contains("a PDF is binary: give a file to write it to with -o FILE"));
    }
}
