//! `outturn spc`: XmR charts of values given on the command line and of a
//! stored measure's results, as JSON and as text, and the errors a reader
//! gets for bad input.

mod common;
use common::*;

use std::path::Path;

use serde_json::Value;

fn sqlite_url(dir: &Path) -> String {
    sqlite_file(dir, "outturn.db")
}

/// `outturn spc ARGS --format json`, parsed. `--values` needs no database:
/// the URL points at a file that is never created.
fn spc_json(db: &str, args: &[&str]) -> Value {
    let mut all = vec!["spc"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&ok(outturn(db, &all))).unwrap()
}

fn spc_text(db: &str, args: &[&str]) -> String {
    let mut all = vec!["spc"];
    all.extend_from_slice(args);
    ok(outturn(db, &all))
}

fn spc_error(db: &str, args: &[&str]) -> String {
    let mut all = vec!["spc"];
    all.extend_from_slice(args);
    let stderr = failure(outturn(db, &all));
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn no_database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "never-created.db");
    (dir, db)
}

/// The special cause rules of each point, as codes.
fn rules(analysis: &Value) -> Vec<Vec<String>> {
    analysis["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["special_cause"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect())
        .collect()
}

fn strings(analysis: &Value, field: &str) -> Vec<Value> {
    analysis["points"].as_array().unwrap().iter().map(|p| p[field].clone()).collect()
}

#[test]
fn values_give_the_exact_mean_and_limits_by_hand() {
    let (dir, db) = no_database();
    // 10, 14, 12, 15, 11, 13: sum 75, so the mean is 75 / 6 = 12.5.
    // Moving ranges 4, 2, 3, 4, 2: sum 15 over 5, so the mean moving range is 3.
    // Process limits 12.5 ± 2.66 × 3 = 12.5 ± 7.98: 4.52 and 20.48.
    // Two-sigma lines 12.5 ± (2 × 2.66 × 3) / 3 = 12.5 ± 5.32: 7.18 and 17.82.
    // Six values (fewer than 13): trial limits. No point beyond a line, no
    // run of 7 on one side or of 7 rising or falling: common cause.
    // Target 20 lies between the limits: hit and miss.
    let a = spc_json(&db, &["--values", "10,14,12,15,11,13", "--target", "20"]);
    assert_eq!(a["mean"], "12.5");
    assert_eq!(a["mean_moving_range"], "3");
    assert_eq!(a["lower_limit"], "4.52");
    assert_eq!(a["upper_limit"], "20.48");
    assert_eq!(a["lower_two_sigma"], "7.18");
    assert_eq!(a["upper_two_sigma"], "17.82");
    assert_eq!(a["trial"], true);
    assert_eq!(a["improvement"], "increase", "increase by default for --values");
    assert_eq!(a["target"], "20");
    assert_eq!(a["variation_icon"], "common-cause");
    assert_eq!(a["assurance_icon"], "hit-and-miss");
    assert_eq!(strings(&a, "value"), ["10", "14", "12", "15", "11", "13"]);
    assert_eq!(strings(&a, "moving_range"), [Value::Null, "4".into(), "2".into(), "3".into(), "4".into(), "2".into()]);
    assert_eq!(rules(&a), vec![Vec::<String>::new(); 6]);
    assert!(strings(&a, "variation").iter().all(|v| v == "common-cause"));
    // A target on or beyond the better limit is consistently failing; the
    // worse way round, consistently passing.
    let failing = spc_json(&db, &["--values", "10,14,12,15,11,13", "--target", "20.48"]);
    assert_eq!(failing["assurance_icon"], "consistently-failing");
    let passing = spc_json(&db, &["--values", "10,14,12,15,11,13", "--target", "20.48", "--improvement", "decrease"]);
    assert_eq!(passing["assurance_icon"], "consistently-passing");
    let none = spc_json(&db, &["--values", "10,14,12,15,11,13"]);
    assert_eq!(none["assurance_icon"], Value::Null);
    assert!(!dir.path().join("never-created.db").exists(), "--values needs no database");
}

#[test]
fn a_point_outside_the_limits_and_a_run_of_seven_above_the_mean_are_special_causes() {
    let (_dir, db) = no_database();
    // 10,12,10,12,10,12 then 15,16,15,16,15,16,15 then 2.
    // Sum 66 + 108 + 2 = 176 over 14: mean 88/7 = 12.571…
    // Moving ranges: five of 2, then 3, six of 1, then 13: 32 over 13 = 2.4615…
    // Limits 12.571 ± 2.66 × 2.4615 = 12.571 ± 6.5477: 6.024 and 19.119.
    // The seven values 15 and 16 are all above the mean: a shift (7 points).
    // The last, 2, is below the lower limit: outside the limits, a concern
    // when higher is better. The six below the mean at the start are one
    // short of a shift of 7, but are a shift of 6.
    let values = "10,12,10,12,10,12,15,16,15,16,15,16,15,2";
    let a = spc_json(&db, &["--values", values]);
    assert_eq!(a["trial"], false, "14 values: stable limits");
    let mut expected = vec![Vec::<String>::new(); 6];
    expected.extend(vec![vec!["shift".to_string()]; 7]);
    expected.push(vec!["outside-limits".to_string()]);
    assert_eq!(rules(&a), expected);
    let variation = strings(&a, "variation");
    assert!(variation[..6].iter().all(|v| v == "common-cause"), "{variation:?}");
    assert!(variation[6..13].iter().all(|v| v == "improvement"), "{variation:?}");
    assert_eq!(variation[13], "concern");
    assert_eq!(a["variation_icon"], "concern-low");
    assert!(a["lower_limit"].as_str().unwrap().starts_with("6.0237362637"), "{}", a["lower_limit"]);

    let six = spc_json(&db, &["--values", values, "--shift-length", "6"]);
    assert!(rules(&six)[..6].iter().all(|r| r == &["shift"]), "{:?}", rules(&six));
    assert_eq!(six["settings"]["shift_length"], 6);

    // Decrease: the same signals, the other way round.
    let lower = spc_json(&db, &["--values", values, "--improvement", "decrease"]);
    assert_eq!(strings(&lower, "variation")[13], "improvement");
    assert_eq!(lower["variation_icon"], "improvement-low");

    // The text says the same in words.
    let text = spc_text(&db, &["--values", values]);
    assert!(text.contains("Outside the limits"), "{text}");
    assert!(text.contains("Shift"), "{text}");
    assert!(text.contains("Concern (low)"), "{text}");
    assert!(text.contains("stable limits"), "{text}");
    assert!(text.contains("Variation icon: Special cause variation: concern (low)"), "{text}");
    assert!(text.contains("Assurance icon: No assurance: the measure has no target"), "{text}");
    assert!(text.contains("Screening: not applied"), "{text}");
    assert!(text.contains("Two of three: points beyond the two-sigma line count, those beyond the process limit too"));
}

#[test]
fn an_empty_item_is_a_gap_never_a_zero() {
    let (_dir, db) = no_database();
    // 10, gap, 12, 15, 11, 13: five values, sum 61: mean 12.2.
    // No moving range at the gap or just after it: 3, 4, 2 over 3 = 3.
    // Limits 12.2 ± 7.98: 4.22 and 20.18; two sigma 12.2 ± 5.32: 6.88 and 17.52.
    let a = spc_json(&db, &["--values", "10,,12,15,11,13"]);
    assert_eq!(a["mean"], "12.2");
    assert_eq!(a["mean_moving_range"], "3");
    assert_eq!(a["lower_limit"], "4.22");
    assert_eq!(a["upper_limit"], "20.18");
    assert_eq!(a["lower_two_sigma"], "6.88");
    assert_eq!(a["upper_two_sigma"], "17.52");
    assert_eq!(strings(&a, "value"), ["10".into(), Value::Null, "12".into(), "15".into(), "11".into(), "13".into()]);
    assert_eq!(
        strings(&a, "moving_range"),
        [Value::Null, Value::Null, Value::Null, "3".into(), "4".into(), "2".into()]
    );
    assert_eq!(a["points"][1]["variation"], Value::Null);
    assert_eq!(a["segments"][0]["values"], 5);
    let text = spc_text(&db, &["--values", "10,,12,15,11,13"]);
    assert!(text.contains("SPC (XmR) chart of 5 values (1 missing)"), "{text}");
    assert!(text.contains("trial limits (fewer than 13 values)"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("1 ") && l.contains("missing")), "{text}");
}

#[test]
fn settings_process_changes_and_a_fixed_baseline_reach_the_chart() {
    let (_dir, db) = no_database();
    let a = spc_json(
        &db,
        &[
            "--values",
            "1,2,1,2,1,2,10,11,10,11,10,11",
            "--process-change",
            "6",
            "--screen",
            "--two-of-three-within-limits",
            "--trend-length",
            "6",
            "--baseline",
            "4",
        ],
    );
    assert_eq!(a["settings"]["screen_moving_ranges"], true);
    assert_eq!(a["settings"]["two_of_three_counts_beyond_limits"], false);
    assert_eq!(a["settings"]["trend_length"], 6);
    assert_eq!(a["settings"]["fixed_baseline"], 4);
    let segments = a["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 2);
    // Each segment's first four values: 1,2,1,2 (mean 1.5) and 10,11,10,11 (mean 10.5).
    assert_eq!(segments[0]["mean"], "1.5");
    assert_eq!(segments[1]["mean"], "10.5");
    assert_eq!(segments[1]["start"], 6);
    assert_eq!(a["mean"], "10.5", "the latest segment's lines at the top level");
    let text = spc_text(&db, &["--values", "1,2,1,2,1,2,10,11,10,11,10,11", "--process-change", "6", "--screen"]);
    assert!(text.contains("Process changes: 6"), "{text}");
    assert!(text.contains("Screening: applied"), "{text}");
}

#[test]
fn bad_input_is_named_with_where_it_is() {
    let (_dir, db) = no_database();
    let e = spc_error(&db, &["--values", "1,2,abc,4"]);
    assert!(e.contains("--values item 3 (\"abc\") is not a number"), "{e}");
    let e = spc_error(&db, &["--values", "1,2,1e5"]);
    assert!(e.contains("--values item 3 (\"1e5\") is not a number"), "{e}");
    let e = spc_error(&db, &["--values", "1,123456789012345678901234567890123"]);
    assert!(e.contains("--values item 2 (\"123456789012345678901234567890123\") has too many digits"), "{e}");
    let e = spc_error(&db, &["--values", "5"]);
    assert!(e.contains("--values has 1 value (0 missing): an SPC chart needs at least two values"), "{e}");
    let e = spc_error(&db, &["--values", ""]);
    assert!(e.contains("--values is empty"), "{e}");
    let e = spc_error(&db, &["--values", "1,,3"]);
    assert!(e.contains("--values has no two values in consecutive periods, so no moving range"), "{e}");
    let e = spc_error(&db, &["--values", "1,2,3", "--shift-length", "8"]);
    assert!(e.contains("--shift-length: shift length 8 is not allowed: a shift is a run of 6 or 7 points"), "{e}");
    let e = spc_error(&db, &["--values", "1,2,3", "--trend-length", "5"]);
    assert!(e.contains("trend length 5 is not allowed"), "{e}");
    let e = spc_error(&db, &["--values", "1,2,3", "--baseline", "1"]);
    assert!(e.contains("--baseline: a fixed baseline of 1 point(s) is too short"), "{e}");
    let e = spc_error(&db, &["--values", "1,2,3", "--process-change", "3"]);
    assert!(e.contains("--process-change: the process change at index 3 (value 4) is out of range"), "{e}");
    let e = spc_error(&db, &["--values", "1,2,3", "--process-change", "second"]);
    assert!(e.contains("--process-change \"second\" is not an index"), "{e}");
    let e = spc_error(&db, &["--values", "1,2,3", "--improvement", "up"]);
    assert!(e.contains("\"up\" is not a direction of improvement: use increase, decrease or neutral"), "{e}");
    let e = spc_error(&db, &["--values", "1,2,3", "--target", "lots"]);
    assert!(e.contains("\"lots\" is not a number"), "{e}");
    let e = spc_error(&db, &["--values", "1,2,3", "--council", "stevenage"]);
    assert!(e.contains("cannot be used with"), "{e}");
    let e = spc_error(&db, &[]);
    assert!(e.contains("--values") && e.contains("--council"), "{e}");
    // A segment too short, named by its values.
    let e = spc_error(&db, &["--values", "1,2,3,4", "--process-change", "3"]);
    assert!(e.contains("--values: segment 2 (values 4 to 4) has 1 value(s)"), "{e}");
    // Negative values are numbers.
    let a = spc_json(&db, &["--values", "-1,-3,-2", "--target", "-2"]);
    assert_eq!(a["mean"], "-2");
}

/// Stevenage's NI156 (households in temporary accommodation, lower is
/// better, quarterly) for 2017/18-Q1 to 2020/21-Q1; the demo has 2020/21-Q2
/// (150, target 120). 2017/18-Q3 is recorded as missing and 2017/18-Q4 not
/// at all.
const NI156_HISTORY: &str = include_str!("../../../tests/fixtures/ni156-history.csv");

#[test]
fn a_stored_measure_is_charted_by_period_with_its_gaps_polarity_and_target() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path());
    ok(outturn(&db, &["demo"]));
    let stevenage = ["--council", "stevenage", "--measure", "NI156"];

    // The demo has one quarter of NI156: too few for a chart.
    let e = spc_error(&db, &stevenage);
    assert!(
        e.contains(
            "NI156 has 1 value from 2020/21-Q2 to 2020/21-Q2 (0 missing): an SPC chart needs at least two values"
        ),
        "{e}"
    );
    let e = spc_error(&db, &["--council", "nowhere", "--measure", "NI156"]);
    assert!(e.contains("there is no council \"nowhere\""), "{e}");
    let e = spc_error(&db, &["--council", "stevenage", "--measure", "NI999"]);
    assert!(e.contains("council stevenage has no measure \"NI999\""), "{e}");
    let e = spc_error(&db, &["--council", "stevenage", "--measure", "NI156", "--from", "2030/31"]);
    assert!(e.contains("NI156 has no results recorded from 2030/31"), "{e}");

    // Three more years, through the product's own import.
    let file = dir.path().join("ni156.csv");
    std::fs::write(&file, NI156_HISTORY).unwrap();
    ok(outturn(&db, &["import", file.to_str().unwrap(), "--council", "stevenage"]));

    // 2017/18-Q1 to 2020/21-Q2 is 14 quarters, 12 of them with a figure:
    // 100, 104, -, -, 98, 102, 99, 120, 118, 122, 119, 123, 121, 150.
    // Sum 1376 over 12: mean 114.67. Moving ranges (none across the gap):
    // 4; 4, 3, 21, 2, 4, 3, 4, 2, 29: 76 over 10 = 7.6. Limits 114.67 ±
    // 20.216: 94.45 and 134.88; two sigma 114.67 ± 13.477: 101.19 and 128.14.
    let a = spc_json(&db, &stevenage);
    assert_eq!(a["council"], "stevenage");
    assert_eq!(a["measure"], "NI156");
    assert_eq!(a["mean_moving_range"], "7.6");
    assert!(a["mean"].as_str().unwrap().starts_with("114.666666"), "{}", a["mean"]);
    assert!(a["upper_limit"].as_str().unwrap().starts_with("134.882666"), "{}", a["upper_limit"]);
    assert_eq!(a["trial"], true, "12 values");
    assert_eq!(a["improvement"], "decrease", "NI156: lower is better");
    assert_eq!(a["target"], "120", "the target for the latest period");
    assert_eq!(a["target_period"], "2020/21-Q2");
    assert_eq!(a["assurance_icon"], "hit-and-miss");
    let periods: Vec<Value> = strings(&a, "period");
    assert_eq!(periods.len(), 14);
    assert_eq!(periods[0], "2017/18-Q1");
    assert_eq!(periods[3], "2017/18-Q4");
    assert_eq!(periods[13], "2020/21-Q2");
    let values = strings(&a, "value");
    assert_eq!(values[2], Value::Null, "a missing period is a gap, never a zero");
    assert_eq!(values[3], Value::Null);
    assert_eq!(a["points"][2]["gap"], "missing: awaiting police data");
    assert_eq!(a["points"][3]["gap"], "no result recorded");
    // The seven from 2018/19-Q4 are all above the mean (a shift); the last,
    // 150, is also above the upper limit: a concern, as lower is better.
    // 98, 102, 99 are all below the mean with 98 and 99 below the lower
    // two-sigma line: two of three, an improvement.
    let r = rules(&a);
    assert!(r[7..13].iter().all(|r| r == &["shift"]), "{r:?}");
    assert_eq!(r[13], ["outside-limits", "shift"]);
    assert_eq!(r[4], ["two-of-three"]);
    assert!(r[5].is_empty());
    assert_eq!(r[6], ["two-of-three"]);
    let variation = strings(&a, "variation");
    assert_eq!(variation[13], "concern");
    assert_eq!(variation[4], "improvement");
    assert_eq!(a["variation_icon"], "concern-high");

    let text = spc_text(&db, &stevenage);
    assert!(text.contains("Stevenage Borough Council NI156") || text.contains("NI156: Number of households"), "{text}");
    assert!(text.contains("2017/18-Q1 to 2020/21-Q2"), "{text}");
    let gap = text.lines().find(|l| l.starts_with("2017/18-Q3")).unwrap();
    assert!(gap.contains(" - ") && gap.ends_with("missing: awaiting police data"), "{gap}");
    let gap = text.lines().find(|l| l.starts_with("2017/18-Q4")).unwrap();
    assert!(gap.ends_with("no result recorded") && !gap.contains(" 0 "), "{gap}");
    assert!(text.contains("Improvement is a decrease: lower is better (the measure's polarity)."), "{text}");
    assert!(text.contains("Target: 120 (the measure's target for 2020/21-Q2)"), "{text}");
    assert!(text.contains("trial limits (fewer than 13 values)"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("2020/21-Q2") && l.contains("Outside the limits, Shift")), "{text}");
    assert!(text.contains("Variation icon: Special cause variation: concern (high)"), "{text}");
    assert!(text.contains("Assurance icon: Hit and miss"), "{text}");

    // The polarity and the target can be overridden; a range picks periods.
    let up = spc_json(&db, &[&stevenage[..], &["--improvement", "increase", "--target", "90"]].concat());
    assert_eq!(up["variation_icon"], "improvement-high");
    assert_eq!(up["assurance_icon"], "consistently-passing");
    assert_eq!(up["target_period"], Value::Null);
    let some = spc_json(&db, &[&stevenage[..], &["--from", "2018/19", "--to", "2019/20-Q4"]].concat());
    let periods = strings(&some, "period");
    assert_eq!(periods.first().unwrap(), "2018/19-Q1");
    assert_eq!(periods.last().unwrap(), "2019/20-Q4");
    assert_eq!(periods.len(), 8);
    assert_eq!(some["target"], Value::Null, "no target set for 2019/20-Q4");
    assert_eq!(some["assurance_icon"], Value::Null);
    // A process change at a period starts a new segment there.
    let split = spc_json(&db, &[&stevenage[..], &["--process-change", "2018/19-Q4"]].concat());
    assert_eq!(split["segments"][1]["start"], 7);
    let e = spc_error(&db, &[&stevenage[..], &["--process-change", "2025/26-Q1"]].concat());
    assert!(e.contains("--process-change 2025/26-Q1 is not one of the periods charted (2017/18-Q1 to 2020/21-Q2)"));
}
