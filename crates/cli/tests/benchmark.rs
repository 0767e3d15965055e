//! `outturn benchmark`: a stored measure compared within each of the
//! council's comparison groups, loaded from a framework file's comparator
//! data, as text and as JSON, and the errors a reader gets. Figures and
//! councils fictional.

mod common;
use common::*;

use std::path::Path;

use serde_json::Value;

const FRAMEWORK: &str = r#"
[council]
slug = "testshire"
name = "Testshire District Council"
status = "none"
fictional = true

[[node_kinds]]
key = "theme"
name = "Theme"

[[nodes]]
key = "place"
kind = "theme"
name = "Place"

[[measures]]
code = "BV9"
title = "% Council Tax collected"
owner = "place"
unit = "percentage"
polarity = "higher"
frequency = "quarterly"
ytd = "snapshot"

[[measures]]
code = "CS5"
title = "Calls received"
owner = "place"
unit = "count"
polarity = "none"
frequency = "quarterly"
ytd = "sum"

[data]
benchmarks = "benchmarks.csv"
comparison_groups = "comparison-groups.toml"
"#;

const BENCHMARKS: &str = "metric_id,area_code,area_name,period,value
1234,X01,Testshire,2019/20,95.9
1234,X02,Northshire,2019/20,95.0
1234,X03,Southshire,2019/20,96.5
1234,X04,Eastshire,2019/20,94.0
1234,X01,Testshire,2020/21,96.1
1234,X02,Northshire,2020/21,95.5
1234,X03,Southshire,2020/21,97.0
1234,X04,Eastshire,2020/21,
";

const COMPARISON: &str = r#"
[council]
area_code = "X01"

[[groups]]
key = "neighbours"
name = "Nearest neighbours"
areas = ["X02", "X03", "X04"]

[metrics]
"BV9" = "1234"
"#;

/// A database with Testshire's framework and comparator data applied.
fn loaded(dir: &Path) -> String {
    for (name, text) in
        [("framework.toml", FRAMEWORK), ("benchmarks.csv", BENCHMARKS), ("comparison-groups.toml", COMPARISON)]
    {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let db = sqlite_file(dir, "outturn.db");
    let applied = ok(outturn(&db, &["framework", "apply", dir.join("framework.toml").to_str().unwrap()]));
    assert!(applied.contains("recorded 8 benchmark values"), "{applied}");
    db
}

fn benchmark(db: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["benchmark", "--council", "testshire"];
    all.extend_from_slice(args);
    outturn(db, &all)
}

#[test]
fn a_measure_is_compared_in_its_group_as_json_with_every_figure_exact() {
    let dir = tempfile::tempdir().unwrap();
    let db = loaded(dir.path());
    let json: Value = serde_json::from_str(&ok(benchmark(&db, &["--measure", "BV9", "--format", "json"]))).unwrap();
    assert_eq!(json["measure"], "BV9");
    assert_eq!(json["metric"], "1234");
    assert_eq!(json["period"], "2020/21", "the latest period with data");
    assert_eq!(json["last_year_period"], "2019/20");
    assert_eq!(json["method"], "hyndman-fan-7");
    let group = &json["groups"][0];
    assert_eq!(group["name"], "Nearest neighbours");
    // The council and X02, X03, X04 (no value): 4 listed, 3 compared.
    assert_eq!((group["listed"].as_u64(), group["compared"].as_u64()), (Some(4), Some(3)));
    assert_eq!(group["missing"][0]["area_name"], "Eastshire");
    // Sorted 95.5, 96.1, 97.0 (n = 3): Q1 at h = 2 × 0.25 + 1 = 1.5, 95.5 + 0.5 × 0.6 = 95.8;
    // median x₂ = 96.1; Q3 at h = 2.5, 96.1 + 0.5 × 0.9 = 96.55.
    assert_eq!(group["quartiles"]["lower"], "95.8");
    assert_eq!(group["quartiles"]["median"], "96.1");
    assert_eq!(group["quartiles"]["upper"], "96.55");
    assert_eq!(group["position"]["quartile"], 2);
    assert_eq!(group["position"]["rank_label"], "2nd of 3");
    assert_eq!(group["position"]["gap_to_median"], "0.0");
    assert_eq!(group["position"]["gap_to_top_quartile"], "-0.45");
    // 96.1 against 95.9; the median 96.1 against 95.45 (94.0, 95.0, 95.9, 96.5).
    assert_eq!(group["council_travel"], "improved");
    assert_eq!(group["last_year"]["median"], "95.45");
    assert_eq!(group["median_travel"], "improved");
    let areas: Vec<&str> =
        group["areas"].as_array().unwrap().iter().map(|a| a["area_code"].as_str().unwrap()).collect();
    assert_eq!(areas, ["X03", "X01", "X02", "X04"], "best first, no value last");
    assert_eq!(group["areas"][3]["value"], Value::Null);
}

#[test]
fn the_text_says_the_quartile_rank_gaps_and_travel_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = loaded(dir.path());
    let text = ok(benchmark(&db, &["--measure", "BV9"]));
    for line in [
        "Benchmarks of Testshire District Council BV9: % Council Tax collected",
        "Metric 1234 for 2020/21, against 2019/20; the council is area X01 (Testshire).",
        "Higher is better.",
        "Hyndman and Fan's definition 7",
        "Other periods with data: 2019/20.",
        "Nearest neighbours: 4 areas, 3 with a value (no value: Eastshire)",
        "  Testshire: 96.1%, second quartile, 2nd of 3",
        "  Median 96.1%: level with it",
        "  Top quartile from 96.6%: 0.5 percentage points worse than it",
        "  Since 2019/20: the council improved (from 95.9%); the median improved (from 95.5%)",
    ] {
        assert!(text.contains(line), "{line:?} not in:\n{text}");
    }
    let council = text.lines().find(|l| l.contains("  X01  ")).unwrap();
    assert!(
        council.contains("Testshire") && council.contains("96.1%") && council.ends_with("the council"),
        "{council}"
    );
    let none = text.lines().find(|l| l.contains("  X04  ")).unwrap();
    assert!(none.trim_start().starts_with('-') && none.contains("no value"), "{none}");

    // An earlier period: no figure the year before to compare with.
    let earlier = ok(benchmark(&db, &["--measure", "BV9", "--period", "2019/20"]));
    assert!(
        earlier.contains("  Since 2018/19: the council has no figure to compare; the median has no figure to compare"),
        "{earlier}"
    );
}

#[test]
fn a_measure_without_a_metric_or_data_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = loaded(dir.path());
    let e = failure(benchmark(&db, &["--measure", "CS5"]));
    assert!(e.contains("CS5 is not compared with other councils: map it to a metric"), "{e}");
    let e = failure(benchmark(&db, &["--measure", "BV9", "--period", "2021/22"]));
    assert!(e.contains("metric 1234 (BV9) has no comparator data for 2021/22; it has 2019/20, 2020/21"), "{e}");
    let e = failure(benchmark(&db, &["--measure", "NOPE"]));
    assert!(e.contains("council testshire has no measure \"NOPE\""), "{e}");
    let e = failure(outturn(&db, &["benchmark", "--council", "nowhere", "--measure", "BV9"]));
    assert!(e.contains("there is no council \"nowhere\""), "{e}");
    assert!(!e.contains("panicked"), "{e}");
}
