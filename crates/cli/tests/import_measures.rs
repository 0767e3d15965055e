//! Importing measure definitions from a CSV: an export of the measures
//! imports as "unchanged"; a row with a new tolerance changes that measure
//! (the dashboard follows) and adds a new one; bad rows are each named by
//! row and column, and then nothing is written.

mod common;
use common::*;

fn measures_csv(db: &str) -> String {
    ok(outturn(db, &["export", "--council", "stevenage", "--measures"]))
}

fn import(db: &str, dir: &std::path::Path, text: &str, dry_run: bool) -> std::process::Output {
    let file = dir.join("measures.csv");
    std::fs::write(&file, text).unwrap();
    let mut args = vec!["import", file.to_str().unwrap(), "--council", "stevenage"];
    if dry_run {
        args.push("--dry-run");
    }
    outturn(db, &args)
}

#[test]
fn the_export_of_the_measures_imports_as_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let exported = measures_csv(&db);
    assert!(exported.starts_with("code,title,definition,owner,officer,aligned,tags,unit,rate_per,decimals,"));
    let rows = exported.lines().count() - 1;
    let out = ok(import(&db, dir.path(), &exported, false));
    assert!(
        out.contains(&format!("{rows} measures rows for stevenage: added 0, changed 0, unchanged {rows}")),
        "{out}"
    );
    assert!(out.contains("no changes"), "{out}");
}

#[test]
fn a_changed_tolerance_and_a_new_measure_are_imported_and_the_status_follows() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let status =
        |db: &str| ok(outturn(db, &["status", "--council", "stevenage", "--period", "2020/21-Q2", "--format", "csv"]));
    assert!(status(&db).contains("\nBV9,% Council Tax collected,Corporate focus,2020/21-Q2,percentage,61,59.9,amber,"));

    let exported = measures_csv(&db);
    let header = exported.lines().next().unwrap();
    let bv9 = exported.lines().find(|l| l.starts_with("BV9,")).unwrap();
    // Amber within 1 point instead of 2: 59.9 against 61 is then Red.
    let tighter = bv9.replace(",points,2,", ",points,1,");
    assert_ne!(tighter, bv9);
    let new = "NEW1,Calls answered within 20 seconds,,finance-and-estates,,,contact centre; telephony,percentage,,1,higher,monthly,snapshot,,percent,5,,2020/21,,";
    // Bands: Green within 2 points, Amber within 5, Red beyond, Exceeded more
    // than 1 point better (a row may also end short of the header).
    let banded = "NEW2,Calls abandoned,,finance-and-estates,,,,percentage,,1,lower,monthly,snapshot,,points,5,,,,,2,1";
    let text = format!("{header}\n{tighter}\n{new}\n{banded}\n");

    let dry = ok(import(&db, dir.path(), &text, true));
    assert!(dry.contains("would add 2, would change 1, would leave unchanged 0"), "{dry}");
    assert!(status(&db).contains(",59.9,amber,"), "a dry run writes nothing");

    let done = ok(import(&db, dir.path(), &text, false));
    assert!(done.contains("added 2, changed 1, unchanged 0"), "{done}");
    assert!(status(&db).contains("\nBV9,% Council Tax collected,Corporate focus,2020/21-Q2,percentage,61,59.9,red,"));
    let shown = ok(outturn(&db, &["measures", "show", "--council", "stevenage", "NEW1"]));
    assert!(shown.contains("Calls answered within 20 seconds"), "{shown}");
    let again = ok(import(&db, dir.path(), &text, false));
    assert!(again.contains("added 0, changed 0, unchanged 3"), "{again}");
    let shown = ok(outturn(&db, &["measures", "show", "--council", "stevenage", "NEW2"]));
    assert!(
        shown.contains(
            "Exceeded more than 1 percentage points better than target; Green within 2 percentage points of target, Amber within 5 percentage points, Red beyond"
        ),
        "{shown}"
    );
    // The export writes the bands back as they were read.
    assert!(measures_csv(&db).lines().any(|l| l.starts_with("NEW2,") && l.ends_with(",points,5,,,,,2,1")));
}

#[test]
fn bad_rows_are_each_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let before = measures_csv(&db);
    let header = before.lines().next().unwrap();
    let text = format!(
        "{header}\n\
         NEW1,A good new measure,,finance-and-estates,,,,count,,0,higher,monthly,sum,,none,,,,,\n\
         NEW2,Unknown owner,,no-such-unit,,,,count,,0,higher,monthly,sum,,none,,,,,\n\
         NEW3,Bad unit,,finance-and-estates,,,,furlongs,,0,higher,monthly,sum,,none,,,,,\n\
         NEW4,Tolerance without amber,,finance-and-estates,,,,count,,0,higher,monthly,sum,,points,,,,,\n\
         NEW5,Decimals in words,,finance-and-estates,,,,count,,two,higher,monthly,sum,,none,,,,,\n\
         NEW1,The same code again,,finance-and-estates,,,,count,,0,higher,monthly,sum,,none,,,,,\n\
         ,No code,,finance-and-estates,,,,count,,0,higher,monthly,sum,,none,,,,,\n\
         NEW6,Beyond a threshold,,finance-and-estates,,,,count,,0,higher,monthly,sum,,threshold,,direction,,,\n\
         NEW7,Beyond sideways,,finance-and-estates,,,,count,,0,higher,monthly,sum,,percent,5,sideways,,,\n\
         NEW8,Bands wider in green,,finance-and-estates,,,,count,,0,higher,monthly,sum,,percent,5,,,,,10\n\
         NEW9,Bands and beyond,,finance-and-estates,,,,count,,0,higher,monthly,sum,,percent,10,direction,,,,5\n\
         NEW10,Too many cells,,finance-and-estates,,,,count,,0,higher,monthly,sum,,none,,,,,,,,\n\
         NEW11,Exceeded without bands,,finance-and-estates,,,,count,,0,higher,monthly,sum,,percent,5,,,,,,10\n\
         NEW12,Exceeded below zero,,finance-and-estates,,,,count,,0,higher,monthly,sum,,percent,5,,,,,2,-1\n"
    );
    let err = failure(import(&db, dir.path(), &text, false));
    for expected in [
        "measures.csv:3: owner: \"no-such-unit\"",
        "measures.csv:4: unit: \"furlongs\"",
        "measures.csv:5: amber: a tolerance needs the amber column",
        "measures.csv:6: decimals: \"two\": \"two\" is not a whole number",
        "measures.csv:7: code: \"NEW1\": row 2 already defines NEW1",
        "measures.csv:8: code: \"\": must not be empty",
        "measures.csv:9: beyond: \"direction\": beyond is only for the tolerances",
        "measures.csv:10: beyond: \"sideways\": \"sideways\" is not what a figure beyond the tolerance is",
        "measures.csv:11: status: \"percent\": the Green band cannot be negative, and the Amber band must be at least as wide",
        "measures.csv:12: beyond: \"direction\": bands (green) say what lies beyond them",
        "measures.csv:13: row: this row has 23 cells, more than the header's 22 columns",
        "measures.csv:14: exceeded: \"10\": exceeded is only for bands: give green too",
        "measures.csv:15: exceeded: \"-1\": the Exceeded band cannot be negative",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert_eq!(measures_csv(&db), before, "nothing written");
}
