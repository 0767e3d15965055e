//! Benchmarking use cases: a measure compared within each of the council's
//! groups from the comparator data its framework file loads (quartile,
//! rank, median, gaps, direction of travel, names from the data), the
//! period chosen, every mapped measure for a dashboard column, why a
//! measure has no comparison, and who may read it. Figures fictional.

use std::collections::HashMap;

use outturn_app::AppError;
use outturn_app::actor::Actor;
use outturn_app::framework::apply::apply_framework_file;
use outturn_app::framework::file::FileSource;
use outturn_app::statuses::benchmark::{NoBenchmark, council_benchmarks, measure_benchmark};
use outturn_core::benchmark::Travel;
use outturn_core::{Key, MeasureCode, Period};
use outturn_store::SqliteStore;
use rust_decimal_macros::dec;

struct Files(HashMap<&'static str, String>);

impl FileSource for Files {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0.get(path).cloned().ok_or_else(|| format!("cannot read {path}: no such file"))
    }
}

const FRAMEWORK: &str = r#"
[council]
slug = "testshire"
name = "Testshire District Council"
status = "none"

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
code = "NI156"
title = "Households in temporary accommodation"
owner = "place"
unit = "count"
polarity = "lower"
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
"#;

/// Three years of collection rates (metric 1234) for the council (X01) and
/// four others; in 2021/22 the council has no value yet. Two years of
/// households in temporary accommodation (metric 5678).
const BENCHMARKS: &str = "metric_id,area_code,area_name,period,value
1234,X01,Testshire,2019/20,95.9
1234,X02,Northshire,2019/20,95.0
1234,X03,Southshire,2019/20,96.5
1234,X04,Eastshire,2019/20,94.0
1234,X01,Testshire,2020/21,96.1
1234,X02,Northshire,2020/21,95.5
1234,X03,Southshire,2020/21,97.0
1234,X04,Eastshire,2020/21,
1234,X05,Westshire,2020/21,96.0
1234,X02,Northshire,2021/22,96.0
1234,X03,Southshire (renamed),2021/22,97.1
5678,X01,Testshire,2020/21,150
5678,X02,Northshire,2020/21,120
5678,X03,Southshire,2020/21,150
";

const COMPARISON: &str = r#"
[council]
area_code = "X01"

[[groups]]
key = "neighbours"
name = "Nearest neighbours"
areas = ["X02", "X03", "X04"]

[[groups]]
key = "districts"
name = "All districts"
areas = ["X01", "X02", "X03", "X04", "X05"]

[metrics]
"BV9" = "1234"
"NI156" = "5678"
"#;

fn files(with_benchmarks: bool) -> Files {
    let mut framework = FRAMEWORK.to_string();
    if with_benchmarks {
        framework
            .push_str("\n[data]\nbenchmarks = \"benchmarks.csv\"\ncomparison_groups = \"comparison-groups.toml\"\n");
    }
    Files(HashMap::from([
        ("council/framework.toml", framework),
        ("council/benchmarks.csv", BENCHMARKS.to_string()),
        ("council/comparison-groups.toml", COMPARISON.to_string()),
    ]))
}

async fn store(with_benchmarks: bool) -> SqliteStore {
    let store = SqliteStore::open("sqlite::memory:").await.unwrap();
    outturn_store::Store::migrate(&store).await.unwrap();
    apply_framework_file(&store, &files(with_benchmarks), "council/framework.toml", &Actor::command("test"))
        .await
        .unwrap();
    store
}

fn k(slug: &str) -> Key {
    Key::parse(slug).unwrap()
}

fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).unwrap()
}

fn p(text: &str) -> Period {
    Period::parse(text).unwrap()
}

#[tokio::test]
async fn a_measure_is_compared_in_each_group_for_the_latest_period_the_council_has_a_value() {
    let store = store(true).await;
    let actor = Actor::command("test");
    let b = measure_benchmark(&store, &actor, &k("testshire"), &code("BV9"), None).await.unwrap().unwrap();
    // 2021/22 has values, but not the council's: 2020/21 is compared.
    assert_eq!((b.period, b.last_year), (p("2020/21"), p("2019/20")));
    assert_eq!(b.periods, [p("2019/20"), p("2020/21"), p("2021/22")]);
    assert_eq!((b.metric.as_str(), b.area_code.as_str()), ("1234", "X01"));
    assert_eq!(b.area_name("X03"), "Southshire (renamed)", "the latest row's name");
    assert_eq!(b.area_name("X99"), "X99");

    // Nearest neighbours: the council and X02, X03, X04 (no value): 3 compared.
    // Sorted 95.5, 96.1, 97.0. Q1: h = 2 × 0.25 + 1 = 1.5, 95.5 + 0.5 × 0.6 = 95.8;
    // median x₂ = 96.1; Q3: h = 2.5, 96.1 + 0.5 × 0.9 = 96.55.
    let n = &b.groups[0];
    assert_eq!((n.key.as_str(), n.name.as_str()), ("neighbours", "Nearest neighbours"));
    let nb = &n.benchmark;
    assert_eq!((nb.listed, nb.compared, nb.missing.clone()), (4, 3, vec!["X04".to_string()]));
    let q = nb.quartiles.unwrap();
    assert_eq!((q.lower, q.median, q.upper), (dec!(95.8), dec!(96.1), dec!(96.55)));
    let pos = nb.position.as_ref().unwrap();
    assert_eq!((pos.quartile.number(), pos.rank.position, pos.rank.of), (2, 2, 3));
    assert_eq!(pos.gap_to_top_quartile, dec!(-0.45));
    assert_eq!(b.gap_words(pos.gap_to_top_quartile), "0.5 percentage points worse than", "to the measure's 1 place");
    assert_eq!(b.gap_words(pos.gap_to_median), "level with");
    // Last year: 94.0, 95.0, 95.9, 96.5; median h = 2.5, 95.0 + 0.5 × 0.9 = 95.45.
    assert_eq!(nb.last_year.median, Some(dec!(95.45)));
    assert_eq!((nb.council_travel, nb.median_travel), (Travel::Improved, Travel::Improved));

    // All districts lists the council too: counted once, 5 listed, 4 compared.
    // Sorted 95.5, 96.0, 96.1, 97.0: median h = 2.5, 96.0 + 0.5 × 0.1 = 96.05.
    let d = &b.groups[1].benchmark;
    assert_eq!((d.listed, d.compared), (5, 4));
    assert_eq!(d.median(), Some(dec!(96.05)));
    assert_eq!(d.position.as_ref().unwrap().rank.describe(b.polarity()), "2nd of 4");
    assert_eq!(b.headline().unwrap().key.as_str(), "neighbours", "the first group heads a column");

    let json = b.json();
    assert_eq!(json["method"], "hyndman-fan-7");
    assert_eq!(json["period"], "2020/21");
    assert_eq!(json["groups"][0]["quartiles"]["top_quartile_boundary"], "96.55");
    assert_eq!(json["groups"][0]["position"]["rank_label"], "2nd of 3");
    assert_eq!(json["groups"][0]["position"]["quartile_label"], "second quartile");
    assert_eq!(json["groups"][0]["missing"][0]["area_name"], "Eastshire");
    assert_eq!(json["groups"][0]["council_travel"], "improved");
    assert_eq!(json["groups"][0]["areas"][1]["council"], true);
    assert!(json["inclusion"].as_str().unwrap().contains("counted in each group once"));
}

#[tokio::test]
async fn a_period_given_is_compared_even_without_the_councils_value() {
    let store = store(true).await;
    let actor = Actor::command("test");
    let b =
        measure_benchmark(&store, &actor, &k("testshire"), &code("BV9"), Some(p("2021/22"))).await.unwrap().unwrap();
    let nb = &b.groups[0].benchmark;
    assert_eq!(nb.position, None);
    assert_eq!(nb.missing, ["X01", "X04"]);
    assert_eq!(nb.council_travel, Travel::NotComparable);
    assert_eq!(b.json()["groups"][0]["position"], serde_json::Value::Null);

    let none = measure_benchmark(&store, &actor, &k("testshire"), &code("BV9"), Some(p("2018/19"))).await.unwrap();
    let why = none.unwrap_err();
    assert!(matches!(why, NoBenchmark::NoDataFor { .. }));
    assert_eq!(
        why.to_string(),
        "metric 1234 (BV9) has no comparator data for 2018/19; it has 2019/20, 2020/21, 2021/22"
    );
}

#[tokio::test]
async fn lower_is_better_ties_share_a_rank() {
    let store = store(true).await;
    let b = measure_benchmark(&store, &Actor::command("test"), &k("testshire"), &code("NI156"), None)
        .await
        .unwrap()
        .unwrap();
    // 150 (the council), 120, 150: 120 is best; the council ties with X03.
    let pos = b.groups[0].benchmark.position.clone().unwrap();
    assert_eq!(pos.rank.describe(b.polarity()), "joint 2nd of 3");
    // Sorted 120, 150, 150: Q1 h = 1.5, 120 + 0.5 × 30 = 135; median x₂ = 150.
    // 150 is above Q1 but on the median: the better side of it, the second quartile.
    assert_eq!(pos.quartile.number(), 2);
    assert_eq!(pos.gap_to_top_quartile, dec!(-15), "15 more households than the top quartile's edge");
    assert_eq!(b.gap_words(pos.gap_to_top_quartile), "15 worse than");
    assert_eq!(b.groups[0].benchmark.council_travel, Travel::NotComparable, "no 2019/20 figure");
}

#[tokio::test]
async fn every_mapped_measure_for_a_dashboard_and_why_others_have_none() {
    let store = store(true).await;
    let actor = Actor::command("test");
    let all = council_benchmarks(&store, &actor, &k("testshire"), None).await.unwrap();
    let codes: Vec<&str> = all.measures.iter().map(|m| m.measure.code.as_str()).collect();
    assert_eq!(codes, ["BV9", "NI156"], "in the council's order; CS5 is not mapped");
    assert_eq!(all.of(&code("BV9")).unwrap().period, p("2020/21"));
    assert!(all.not_compared.is_empty());

    // Up to 2019/20: BV9 is compared for 2019/20, NI156 has no data yet.
    let earlier = council_benchmarks(&store, &actor, &k("testshire"), Some(p("2020/21-Q2"))).await.unwrap();
    assert_eq!(earlier.of(&code("BV9")).unwrap().period, p("2019/20"));
    assert_eq!(earlier.not_compared, [NoBenchmark::NoData { measure: code("NI156"), metric: "5678".into() }]);

    let why = measure_benchmark(&store, &actor, &k("testshire"), &code("CS5"), None).await.unwrap().unwrap_err();
    assert_eq!(why, NoBenchmark::NotMapped { measure: code("CS5") });
    assert!(matches!(
        measure_benchmark(&store, &actor, &k("testshire"), &code("NOPE"), None).await,
        Err(AppError::NoMeasure { .. })
    ));
}

#[tokio::test]
async fn a_council_without_comparison_groups_says_so() {
    let store = store(false).await;
    let actor = Actor::command("test");
    let why = measure_benchmark(&store, &actor, &k("testshire"), &code("BV9"), None).await.unwrap().unwrap_err();
    assert_eq!(why, NoBenchmark::NoComparison { council: "testshire".into() });
    let all = council_benchmarks(&store, &actor, &k("testshire"), None).await.unwrap();
    assert!(all.comparison.is_none() && all.measures.is_empty());
}

#[tokio::test]
async fn only_those_who_may_read_the_council_see_its_benchmarks() {
    let store = store(true).await;
    let public = Actor::visitor(None);
    assert!(matches!(
        measure_benchmark(&store, &public, &k("testshire"), &code("BV9"), None).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(council_benchmarks(&store, &public, &k("testshire"), None).await, Err(AppError::Forbidden)));
}
