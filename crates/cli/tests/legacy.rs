//! `outturn legacy` as a performance officer runs it: read a past committee
//! paper's measure lines, then load them into a council, twice.

mod common;
use common::*;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn sqlite_url(dir: &Path) -> String {
    sqlite_file(dir, "outturn.db")
}

/// The Stevenage Q2 2020/21 paper (a copy of the published paper in `demo/papers/`).
fn seed() -> PathBuf {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/papers/stevenage-corporate-performance-q2-2020-21.txt");
    assert!(path.exists(), "the seed paper must be at {} (demo/papers/)", path.display());
    path
}

#[test]
fn extract_finds_every_measure_line_of_the_paper_with_its_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let json = ok(outturn(&sqlite_url(dir.path()), &["legacy", "extract", seed().to_str().unwrap()]));
    let lines: Value = serde_json::from_str(&json).unwrap();
    let lines = lines.as_array().unwrap();
    let got: Vec<(&str, Option<&str>, Option<&str>)> =
        lines.iter().map(|l| (l["code"].as_str().unwrap(), l["target"].as_str(), l["result"].as_str())).collect();
    assert_eq!(
        got,
        [
            ("NI156", Some("120"), Some("150")),
            ("BV213", Some("180"), Some("151")),
            ("BV66a", Some("96.3"), Some("93.4")),
            ("VoidLoss1", Some("164594"), Some("224901")),
            ("VoidsSheltered", Some("70"), Some("108.88")),
            ("VoidsShelteredMW", Some("70"), Some("127")),
            ("BTC1a", Some("30"), Some("12")),
            ("BTC1b", Some("12"), Some("10")),
            ("NI184", Some("95"), Some("92.9")),
            ("CNM2g", Some("11.58"), Some("15.38")),
            ("CSC12", Some("10.4"), Some("5.8")),
            ("CSC13a", Some("61.8"), None),
            ("EAA1", Some("90"), Some("96")),
            ("WebSat1", Some("0.3"), Some("0.15")),
            ("BV9", Some("61"), Some("59.9")),
            ("FS1A", Some("92"), Some("77")),
            ("FS2A", Some("91"), Some("30")),
            ("FS3", Some("30"), Some("0")),
            ("FS4", Some("30"), Some("0")),
        ]
    );
    let csc12 = lines.iter().find(|l| l["code"] == "CSC12").unwrap();
    assert_eq!(csc12["period"], "2020-09");
    assert_eq!(csc12["period_text"], "April 2020 to September 2020");
    assert_eq!(csc12["year_to_date"], true);
    assert_eq!(csc12["unit"], "percentage");
    assert_eq!(csc12["source_line"], 1451);
    let voidloss = lines.iter().find(|l| l["code"] == "VoidLoss1").unwrap();
    assert_eq!((voidloss["unit"].as_str(), voidloss["title"].as_str()), (Some("money"), Some("Void Loss in year (£)")));
    let csc13a = lines.iter().find(|l| l["code"] == "CSC13a").unwrap();
    assert!(csc13a["unavailable"].as_str().unwrap().starts_with("unable to report"));

    let csv = ok(outturn(&sqlite_url(dir.path()), &["legacy", "extract", seed().to_str().unwrap(), "--format", "csv"]));
    assert!(csv.starts_with("code,title,period,period_text,year_to_date,target_period,target,result,"), "{csv}");
    assert!(
        csv.lines().any(|l| l == "BV213,Homelessness Preventions,2020-09,September 2020,,,180,151,,count,,1145"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 20);
}

#[test]
fn importing_into_the_demo_council_records_once_and_lists_unknown_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));

    // The demo council was written from this very paper: nothing to add.
    let out = ok(outturn(&db, &["legacy", "import", seed().to_str().unwrap(), "--council", "stevenage"]));
    assert!(
        out.starts_with("stevenage: stevenage-corporate-performance-q2-2020-21.txt has 19 measure lines\n"),
        "{out}"
    );
    assert!(out.contains("stevenage: no changes\n"), "{out}");
    assert!(out.contains("already recorded as the paper gives them: NI156 2020/21-Q2 (line 1106),"), "{out}");
    assert!(!out.contains("not imported"), "{out}");

    // The next quarter's paper, with a code the council does not have and one in the wrong case.
    let q3 = dir.path().join("stevenage-q3-2020-21.txt");
    std::fs::write(
        &q3,
        "3.90 Housing and Investment\n\n\
         \u{F0B7} BV213: Homelessness Preventions, December 2020 target 270, \n\
         achieved 224\n\n\
         \u{F0B7} HX99: Households helped by the new scheme, December 2020 target 40, achieved 41\n\n\
         \u{F0B7} bv9: % Council Tax collected, December 2020 target 84%, achieved 83.1%\n",
    )
    .unwrap();
    let first = ok(outturn(&db, &["legacy", "import", q3.to_str().unwrap(), "--council", "stevenage"]));
    assert_eq!(
        first,
        "stevenage: stevenage-q3-2020-21.txt has 3 measure lines\n\
         stevenage: recorded result BV213 2020/21-Q3: 224 (year to date) (line 3)\n\
         stevenage: recorded target BV213 2020/21-Q3: 270 (line 3)\n\
         stevenage: not imported, no measure has these codes (codes are case-sensitive): HX99 (line 6), bv9 (line 8)\n"
    );
    let second = ok(outturn(&db, &["legacy", "import", q3.to_str().unwrap(), "--council", "stevenage"]));
    assert_eq!(
        second,
        "stevenage: stevenage-q3-2020-21.txt has 3 measure lines\n\
         stevenage: no changes\n\
         stevenage: already recorded as the paper gives them: BV213 2020/21-Q3 (line 3)\n\
         stevenage: not imported, no measure has these codes (codes are case-sensitive): HX99 (line 6), bv9 (line 8)\n"
    );
    let json = ok(outturn(&db, &["status", "--council", "stevenage", "--period", "2020/21-Q3", "--format", "json"]));
    let report: Value = serde_json::from_str(&json).unwrap();
    let bv213 = report["measures"].as_array().unwrap().iter().find(|m| m["code"] == "BV213").unwrap();
    assert_eq!((bv213["target"].as_str(), bv213["result"].as_str()), (Some("270"), Some("224")));
    assert!(bv213["commentary"].as_str().unwrap().starts_with("As reported in stevenage-q3-2020-21.txt, line 3"));
}

#[test]
fn a_line_that_cannot_be_stored_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    let paper = dir.path().join("paper.txt");
    std::fs::write(
        &paper,
        "BV213: Homelessness Preventions, December 2020 target 270, achieved 224\n\
         BV9: % Council Tax collected, August 2020 target 55%, achieved 54%\n",
    )
    .unwrap();
    let err = failure(outturn(&db, &["legacy", "import", paper.to_str().unwrap(), "--council", "stevenage"]));
    assert_eq!(
        err,
        "outturn: nothing was imported: 1 measure line cannot be stored\n  \
         paper.txt:2: BV9: BV9 is reported quarterly: the paper's \"August 2020\" does not end a quarter\n"
    );
    let show = ok(outturn(&db, &["measures", "show", "BV213", "--council", "stevenage"]));
    assert!(!show.contains("2020/21-Q3"), "{show}");
    let err = failure(outturn(&db, &["legacy", "extract", dir.path().join("missing.txt").to_str().unwrap()]));
    assert!(err.starts_with("outturn: cannot read "), "{err}");
}
