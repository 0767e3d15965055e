//! `outturn committee` and `outturn improvement-plans`: the demo's Executive
//! meeting, loading a committee file all or nothing, and the plans in focus.

mod common;

use common::{failure, ok, outturn, sqlite_file};

#[test]
fn the_demo_executive_meeting_is_listed_and_shown_with_its_actions() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "c.db");
    ok(outturn(&db, &["demo"]));
    let list = ok(outturn(&db, &["committee", "meetings", "--council", "stevenage"]));
    assert!(
        list.contains("2021-09-15") && list.contains("Executive") && list.contains("quarterly 2021/22-Q1"),
        "{list}"
    );
    let show = ok(outturn(&db, &["committee", "show", "1", "--council", "stevenage", "--on", "2021-10-01"]));
    assert!(show.starts_with("Executive, 15 September 2021\n"), "{show}");
    assert!(show.contains("3. That the issues with sheltered voids and void loss be noted"), "{show}");
    assert!(show.contains("Actions (status on 2021-10-01):"), "{show}");
    assert!(show.contains("Overdue"), "the CSC action was due 30 September: {show}");
    let err = failure(outturn(&db, &["committee", "show", "9", "--council", "stevenage"]));
    assert!(err.contains("stevenage has no meeting 9"), "{err}");
}

#[test]
fn a_committee_file_with_a_problem_stores_nothing_and_loading_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "c.db");
    ok(outturn(&db, &["demo"]));
    let good = "council = \"stevenage\"\n\n[[meetings]]\ncommittee = \"Overview and Scrutiny\"\ndate = \"2021-10-05\"\nresolutions = [\"That the report be noted.\"]\n";
    let bad = format!("{good}\n[[meetings.actions]]\nasked = \"x\"\nof_role = \"Chief Executive\"\ndue = \"5 Oct\"\n");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, bad).unwrap();
    let err = failure(outturn(&db, &["committee", "load", path.to_str().unwrap()]));
    assert!(err.contains("nothing was stored: the committee file has 1 problem"), "{err}");
    assert!(err.contains("bad.toml:11: actions.due: \"5 Oct\" is not a date (YYYY-MM-DD)"), "{err}");
    assert!(!ok(outturn(&db, &["committee", "meetings", "--council", "stevenage"])).contains("Scrutiny"));

    let path = dir.path().join("good.toml");
    std::fs::write(&path, good).unwrap();
    let loaded = ok(outturn(&db, &["committee", "load", path.to_str().unwrap()]));
    assert_eq!(loaded, "stevenage: meeting Overview and Scrutiny, 5 October 2021 added\n");
    let again = ok(outturn(&db, &["committee", "load", path.to_str().unwrap()]));
    assert_eq!(again, "stevenage: no changes\n");
}

#[test]
fn improvement_plans_are_listed_with_their_focus() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "c.db");
    ok(outturn(&db, &["demo"]));
    let list = ok(outturn(&db, &["improvement-plans", "list", "--council", "stevenage", "--period", "2020/21-Q2"]));
    assert!(list.contains("Green for 2 consecutive periods"), "{list}");
    let rent = list.lines().find(|l| l.starts_with("BV66a")).unwrap_or_else(|| panic!("{list}"));
    assert!(
        rent.contains("in focus") && (rent.contains("2020/21-Q2 Red") || rent.contains("2020/21-Q2 Amber")),
        "{rent}"
    );
}
