//! The store's contract, written once and run against every backend: on
//! SQLite always (a fresh in-memory database per test), and on PostgreSQL
//! when OUTTURN_TEST_DATABASE_URL is set (a freshly created schema per test,
//! dropped at the end). `cargo test -p outturn-store` runs `sqlite::*` and
//! `postgres::*`; without the variable the PostgreSQL tests pass as no-ops, and
//! with it a server that cannot be reached fails them.

#[macro_use]
mod support;

use outturn_core::Role;
use outturn_core::{
    Decimal, Figure, GroupCondition, MilestoneStatus, ResultValue, SummaryGroup, SummaryRule, Unit, YtdRule,
};
use outturn_store::{AuditFilter, AuditRecord, ChangeSet, CouncilListing, ResultsSeen, SqliteStore, Store, StoreError};
use rust_decimal_macros::dec;
use support::*;

/// Applies `changes`, expecting it to be refused as dangling with `missing`,
/// and checks that the database is exactly as before.
async fn refused_as_dangling(db: &TestDb, changes: &ChangeSet, missing: &str) {
    let slug = k("stevenage");
    let (council, history, listing, counts) = (
        db.council(&slug).await.unwrap(),
        flat(&db.history(&slug).await.unwrap()),
        db.councils().await.unwrap(),
        row_counts(db).await,
    );
    match db.apply(changes).await {
        Err(StoreError::Dangling { what, missing: m }) => {
            assert_eq!(m, missing, "refused for the wrong reason ({what})");
            let message = StoreError::Dangling { what, missing: m }.to_string();
            assert!(message.contains(missing), "{message}");
        }
        other => panic!("expected Dangling({missing}), got {other:?}"),
    }
    assert_eq!(db.council(&slug).await.unwrap(), council, "council changed by a refused change set");
    assert_eq!(flat(&db.history(&slug).await.unwrap()), history, "history changed by a refused change set");
    assert_eq!(db.councils().await.unwrap(), listing);
    assert_eq!(row_counts(db).await, counts);
}

/// Valid changes to put in front of a dangling reference: a rename, a new
/// kind, a new node, a new measure and a new result. None may be kept.
fn valid_start() -> ChangeSet {
    let mut changes = ChangeSet::for_council(k("stevenage"), "Renamed Council");
    changes.kinds = vec![outturn_core::NodeKind { key: k("objective"), name: "Objective".into() }];
    changes.nodes = vec![node("stronger-place", "objective", "Stronger Place", None)];
    changes.measures =
        vec![measure("NEW1", "stronger-place", Unit::Count, YtdRule::Sum, outturn_core::StatusRule::None)];
    changes.results = vec![figure("BV9", "2020/21-Q3", dec!(61), "2021-01-05T10:00:00Z")];
    changes
}

store_contract! {
    async fn every_applied_change_set_moves_the_councils_revision(db) {
        assert_eq!(db.revision(&k("stevenage")).await.unwrap(), None);
        db.apply(&definitions("stevenage")).await.unwrap();
        let first = db.revision(&k("stevenage")).await.unwrap().expect("a revision");
        let mut more = ChangeSet::for_council(k("stevenage"), "");
        more.results.push(figure("VoidsSheltered", "2020/21-Q2", Decimal::from(70), "2020-10-01T09:00:00Z"));
        db.apply(&more).await.unwrap();
        let second = db.revision(&k("stevenage")).await.unwrap().unwrap();
        assert!(second > first);
        // A change set that fails leaves the revision where it was.
        let mut dangling = ChangeSet::for_council(k("stevenage"), "");
        dangling.results.push(figure("NOPE", "2020/21-Q2", Decimal::from(1), "2020-10-01T09:00:00Z"));
        assert!(db.apply(&dangling).await.is_err());
        assert_eq!(db.revision(&k("stevenage")).await.unwrap(), Some(second));
        // Other councils are not touched.
        db.apply(&definitions("epping")).await.unwrap();
        assert_eq!(db.revision(&k("stevenage")).await.unwrap(), Some(second));
    }

    async fn history_in_years_keeps_only_periods_of_those_years(db) {
        let mut changes = definitions("stevenage");
        // VoidsSheltered is quarterly; the periods straddle the years' edges.
        for (period, n) in [("2018/19-Q4", 1), ("2019/20-Q1", 2), ("2020/21-Q4", 3), ("2021/22-Q1", 4)] {
            changes.results.push(figure("VoidsSheltered", period, Decimal::from(n), "2021-06-01T09:00:00Z"));
        }
        for (period, n) in [("2018/19", 10), ("2019/20", 11), ("2020/21", 12), ("2021/22", 13)] {
            changes.targets.push(target("VoidsSheltered", period, Decimal::from(n), "2018-04-01", "annual"));
        }
        db.apply(&changes).await.unwrap();
        let two_years = db.history_in_years(&k("stevenage"), p("2019/20").financial_year(), p("2020/21").financial_year()).await.unwrap();
        let h = &two_years.measures[&code("VoidsSheltered")];
        let periods: Vec<String> = h.results.iter().map(|r| r.period.to_string()).collect();
        assert_eq!(periods, ["2019/20-Q1", "2020/21-Q4"]);
        let years: Vec<String> = h.targets.iter().map(|t| t.period.to_string()).collect();
        assert_eq!(years, ["2019/20", "2020/21"]);
        // Months at the edges: April is in its year, March in the year before.
        let mut months = definitions("epping");
        let mut monthly = measure("M1", "customer", Unit::Count, YtdRule::Sum, outturn_core::StatusRule::None);
        monthly.frequency = outturn_core::Frequency::Monthly;
        months.measures.push(monthly);
        for (period, n) in [("2020-03", 1), ("2020-04", 2), ("2021-03", 3), ("2021-04", 4)] {
            months.results.push(figure("M1", period, Decimal::from(n), "2021-06-01T09:00:00Z"));
        }
        db.apply(&months).await.unwrap();
        let one_year = db.history_in_years(&k("epping"), p("2020/21").financial_year(), p("2020/21").financial_year()).await.unwrap();
        let periods: Vec<String> = one_year.measures[&code("M1")].results.iter().map(|r| r.period.to_string()).collect();
        assert_eq!(periods, ["2020-04", "2021-03"]);
        // All years: everything.
        assert_eq!(db.history(&k("stevenage")).await.unwrap().measures[&code("VoidsSheltered")].results.len(), 4);
    }

    async fn each_measures_history_is_in_the_order_recorded_across_years(db) {
        // Read by an index ordered by financial year first: put back in the order recorded.
        db.apply(&definitions("stevenage")).await.unwrap();
        for (period, n) in [("2021/22-Q1", 1), ("2019/20-Q1", 2), ("2021/22-Q1", 3), ("2020/21-Q2", 4)] {
            let mut one = ChangeSet::for_council(k("stevenage"), "");
            one.results.push(figure("VoidsSheltered", period, Decimal::from(n), "2021-07-01T09:00:00Z"));
            one.targets.push(target("VoidsSheltered", period, Decimal::from(n), "2019-04-01", "as set"));
            db.apply(&one).await.unwrap();
        }
        let values = |h: &outturn_core::MeasureHistory| -> (Vec<String>, Vec<String>) {
            let results = h.results.iter().map(|r| match &r.value {
                ResultValue::Figure(f) => f.value.to_string(),
                other => format!("{other:?}"),
            });
            (results.collect(), h.targets.iter().map(|t| t.value.to_string()).collect())
        };
        let recorded = (vec!["1", "2", "3", "4"].into_iter().map(String::from).collect::<Vec<_>>(),
                        vec!["1", "2", "3", "4"].into_iter().map(String::from).collect::<Vec<_>>());
        let slug = k("stevenage");
        let all = db.history(&slug).await.unwrap();
        assert_eq!(values(&all.measures[&code("VoidsSheltered")]), recorded);
        assert_eq!(values(&db.measure_history(&slug, &code("VoidsSheltered")).await.unwrap()), recorded);
        let years = db.history_in_years(&slug, p("2019/20").financial_year(), p("2021/22").financial_year()).await.unwrap();
        assert_eq!(values(&years.measures[&code("VoidsSheltered")]), recorded);
    }

    async fn a_whole_council_round_trips(db) {
        let definitions = definitions("stevenage");
        db.apply(&definitions).await.unwrap();
        let council = db.council(&k("stevenage")).await.unwrap().expect("the council was stored");
        assert_eq!(*council, expected_council(&definitions));
        assert!(council.framework.problems().is_empty(), "{:?}", council.framework.problems());
        assert_eq!(
            db.councils().await.unwrap(),
            vec![CouncilListing { slug: k("stevenage"), name: "Stevenage Borough Council".into(), fictional: false }]
        );

        let facts = facts("stevenage");
        db.apply(&facts).await.unwrap();
        let history = db.history(&k("stevenage")).await.unwrap();
        // Every measure has an entry; those with facts have exactly what was applied.
        assert_eq!(history.measures.len(), definitions.measures.len());
        for (code, h) in &history.measures {
            let results: Vec<_> = facts.results.iter().filter(|r| &r.measure == code).cloned().collect();
            let targets: Vec<_> = facts.targets.iter().filter(|t| &t.measure == code).cloned().collect();
            assert_eq!(h.results, results, "results of {code}");
            assert_eq!(h.targets, targets, "targets of {code}");
        }
        assert_eq!(history.milestone_updates, facts.milestone_updates);
        // The definitions are untouched by appending facts.
        assert_eq!(*db.council(&k("stevenage")).await.unwrap().unwrap(), expected_council(&definitions));
    }

    async fn a_council_is_marked_fictional_and_kept_so_until_unmarked(db) {
        let slug = k("stevenage");
        let mut marked = definitions("stevenage");
        marked.fictional = Some(true);
        db.apply(&marked).await.unwrap();
        assert!(db.council(&slug).await.unwrap().unwrap().fictional);
        assert!(db.councils().await.unwrap()[0].fictional);
        // A change that does not say keeps the mark.
        db.apply(&facts("stevenage")).await.unwrap();
        assert!(db.council(&slug).await.unwrap().unwrap().fictional, "kept when not given");
        let mut unmarked = ChangeSet::for_council(slug.clone(), "");
        unmarked.fictional = Some(false);
        db.apply(&unmarked).await.unwrap();
        let council = db.council(&slug).await.unwrap().unwrap();
        assert!(!council.fictional);
        assert_eq!(council.name, "Stevenage Borough Council", "a blank name keeps the stored one");
    }

    async fn process_changes_are_kept_in_period_order_and_reworded_in_place(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        assert_eq!(db.process_changes(&slug).await.unwrap(), vec![]);
        let mut c = ChangeSet::for_council(slug.clone(), "");
        // Given out of order, and with months that sort wrongly as text.
        c.process_changes = vec![
            process_change("VoidLoss1", "2020/21-Q3", "New lettings contractor"),
            process_change("ECH-Rep4", "2019/20-Q4", "New repairs contractor"),
        ];
        db.apply(&c).await.unwrap();
        let stored = db.process_changes(&slug).await.unwrap();
        assert_eq!(stored, vec![c.process_changes[1].clone(), c.process_changes[0].clone()]);

        let mut reworded = ChangeSet::for_council(slug.clone(), "");
        reworded.process_changes = vec![process_change("VoidLoss1", "2020/21-Q3", "New voids contractor")];
        db.apply(&reworded).await.unwrap();
        let stored = db.process_changes(&slug).await.unwrap();
        assert_eq!(stored.len(), 2, "one per measure and period");
        assert_eq!(stored[1].reason, "New voids contractor");
        assert!(matches!(db.process_changes(&k("nowhere")).await, Err(StoreError::NoCouncil(_))));
    }

    async fn a_comparison_and_benchmark_values_round_trip_with_their_scale(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        assert_eq!(db.comparison(&slug).await.unwrap(), None, "none set yet");
        assert_eq!(db.benchmarks(&slug, &["1234".to_string()]).await.unwrap(), vec![]);
        assert!(matches!(db.comparison(&k("nowhere")).await, Err(StoreError::NoCouncil(_))));
        assert!(matches!(db.benchmarks(&k("nowhere"), &[]).await, Err(StoreError::NoCouncil(_))));

        let mut c = ChangeSet::for_council(slug.clone(), "");
        let set = comparison(
            "E07000243",
            &[
                ("nearest-neighbours", "Nearest neighbours", &["E07000098", "E07000243", "E07000102"]),
                ("east-of-england", "East of England districts", &["E07000095", "E07000098"]),
            ],
            &[("NI156", "5678"), ("BV9", "1234")],
        );
        c.comparison = Some(set.clone());
        // Given out of period order; the scale of each figure is kept.
        c.benchmarks = vec![
            benchmark_value("1234", "E07000243", "2020/21", Some("95.60")),
            benchmark_value("1234", "E07000098", "2019/20", Some("0.000")),
            benchmark_value("1234", "E07000243", "2019/20", Some("-1.5")),
            benchmark_value("1234", "E07000102", "2020/21", None),
            benchmark_value("5678", "E07000243", "2020-10", Some("150")),
            benchmark_value("5678", "E07000243", "2020-09", Some("79228162514264337593543950335")),
            benchmark_value("9999", "E07000243", "2020/21", Some("1")),
        ];
        db.apply(&c).await.unwrap();
        assert_eq!(db.comparison(&slug).await.unwrap(), Some(set));
        // Only the metrics asked for, in the order asked, each by period then area.
        let read = db.benchmarks(&slug, &["5678".to_string(), "1234".to_string()]).await.unwrap();
        let cells: Vec<(String, String, String, Option<String>)> = read
            .iter()
            .map(|v| (v.metric.clone(), v.period.to_string(), v.area_code.clone(), v.value.map(|d| d.to_string())))
            .collect();
        let cell = |m: &str, p: &str, a: &str, v: Option<&str>| (m.to_string(), p.to_string(), a.to_string(), v.map(String::from));
        assert_eq!(cells, vec![
            cell("5678", "2020-09", "E07000243", Some("79228162514264337593543950335")),
            cell("5678", "2020-10", "E07000243", Some("150")),
            cell("1234", "2019/20", "E07000098", Some("0.000")),
            cell("1234", "2019/20", "E07000243", Some("-1.5")),
            cell("1234", "2020/21", "E07000102", None),
            cell("1234", "2020/21", "E07000243", Some("95.60")),
        ]);
        assert_eq!(read[5], c.benchmarks[0], "the area's name too");
        assert_eq!(db.benchmarks(&slug, &[]).await.unwrap(), vec![]);
        assert!(db.benchmarks(&k("stevenage"), &["1234".to_string()]).await.unwrap().iter().all(|v| v.metric == "1234"));
        // Another council's data is its own.
        db.apply(&definitions("epping")).await.unwrap();
        assert_eq!(db.comparison(&k("epping")).await.unwrap(), None);
        assert_eq!(db.benchmarks(&k("epping"), &["1234".to_string()]).await.unwrap(), vec![]);
    }

    async fn a_comparison_is_replaced_whole_and_values_replaced_by_metric_area_and_period(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        let mut first = ChangeSet::for_council(slug.clone(), "");
        first.comparison = Some(comparison(
            "E07000243",
            &[("all-districts", "All English districts", &["E07000095", "E07000098"]), ("region", "Region", &["E07000102"])],
            &[("BV9", "1234"), ("NI156", "5678")],
        ));
        first.benchmarks = vec![
            benchmark_value("1234", "E07000098", "2020/21", Some("94.1")),
            benchmark_value("1234", "E07000095", "2020/21", Some("96.0")),
        ];
        db.apply(&first).await.unwrap();

        // A group renamed with other areas in another order, one dropped,
        // one added; a mapping dropped and one changed.
        let mut second = ChangeSet::for_council(slug.clone(), "");
        let replaced = comparison(
            "E07000244",
            &[("nearest", "Nearest neighbours", &["E07000102", "E07000095"]), ("all-districts", "English districts", &["E07000098", "E07000095", "E07000102"])],
            &[("BV9", "1235")],
        );
        second.comparison = Some(replaced.clone());
        second.benchmarks = vec![
            outturn_store::BenchmarkValue { area_name: "Renamed".into(), ..benchmark_value("1234", "E07000098", "2020/21", None) },
        ];
        db.apply(&second).await.unwrap();
        assert_eq!(db.comparison(&slug).await.unwrap(), Some(replaced));
        assert_eq!(db.count("comparison_groups").await, 2);
        assert_eq!(db.count("comparison_group_areas").await, 5);
        assert_eq!(db.count("measure_metrics").await, 1);
        let values = db.benchmarks(&slug, &["1234".to_string()]).await.unwrap();
        assert_eq!(values.len(), 2, "one per metric, area and period");
        let replaced = values.iter().find(|v| v.area_code == "E07000098").unwrap();
        assert_eq!((replaced.area_name.as_str(), replaced.value), ("Renamed", None), "a value may become no value");
        assert_eq!(values.iter().find(|v| v.area_code == "E07000095").unwrap().value, Some(dec!(96.0)), "kept");

        // A change set without a comparison keeps the stored one.
        let mut other = ChangeSet::for_council(slug.clone(), "");
        other.benchmarks = vec![benchmark_value("1235", "E07000244", "2021/22", Some("1"))];
        db.apply(&other).await.unwrap();
        assert_eq!(db.comparison(&slug).await.unwrap().unwrap().area_code, "E07000244");
    }

    async fn decimals_keep_their_value_and_scale(db) {
        let mut changes = definitions("stevenage");
        let values = [
            "224901.00", "59.9", "59.90", "0.15", "-1.5", "0", "0.000", "100", "0.0000000000000000000000000001",
            "79228162514264337593543950335", "-79228162514264337593543950335",
        ];
        for (i, text) in values.iter().enumerate() {
            let value: Decimal = text.parse().unwrap();
            let mut r = figure("VoidsSheltered", "2020/21-Q2", value, "2020-10-05T10:30:00Z");
            r.value = ResultValue::Figure(Figure { value, numerator: Some(value), denominator: Some(dec!(1.000)), cumulative: i % 2 == 0, forecast: None });
            changes.results.push(r);
            changes.targets.push(target("VoidsSheltered", "2020/21", value, "2020-04-01", text));
        }
        changes.measures[2].status_rule = tolerance(outturn_core::ToleranceKind::Absolute, dec!(2.50));
        changes.measures[2].ytd = YtdRule::Ratio { scale: dec!(1000.0) };
        db.apply(&changes).await.unwrap();

        let history = db.history(&k("stevenage")).await.unwrap();
        let h = &history.measures[&code("VoidsSheltered")];
        let written: Vec<String> = h.results.iter().map(|r| match &r.value {
            ResultValue::Figure(f) => {
                assert_eq!(f.numerator.unwrap().to_string(), f.value.to_string());
                assert_eq!(f.denominator.unwrap().to_string(), "1.000");
                f.value.to_string()
            }
            other => panic!("{other:?}"),
        }).collect();
        assert_eq!(written, values);
        let targets: Vec<String> = h.targets.iter().map(|t| t.value.to_string()).collect();
        assert_eq!(targets, values);
        assert!(h.targets.iter().all(|t| t.value.to_string() == t.reason));
        let measure = db.council(&k("stevenage")).await.unwrap().unwrap().measures[2].clone();
        let outturn_core::StatusRule::Tolerance(t) = measure.status_rule else { panic!("{:?}", measure.status_rule) };
        assert_eq!(t.amber.to_string(), "2.50");
        assert_eq!(measure.ytd.scale().to_string(), "1000.0");
    }

    async fn codes_keep_their_case_and_punctuation(db) {
        let mut changes = definitions("stevenage");
        let codes = ["BV213", "bv213", "Bv213", "ECH-Rep4", "CUS.06", "NI156/a", "Ärger-1"];
        changes.measures.retain(|m| !codes.contains(&m.code.as_str()));
        for (i, c) in codes.iter().enumerate() {
            let mut m = measure(c, "customer", Unit::Count, YtdRule::Sum, outturn_core::StatusRule::Threshold);
            m.title = format!("{c} is measure {i}");
            changes.measures.push(m);
            changes.results.push(figure(c, "2020/21-Q2", Decimal::from(i), "2020-10-05T10:30:00Z"));
        }
        db.apply(&changes).await.unwrap();
        let council = db.council(&k("stevenage")).await.unwrap().unwrap();
        let stored: Vec<&str> = council.measures.iter().map(|m| m.code.as_str()).filter(|c| codes.contains(c)).collect();
        assert_eq!(stored, codes);
        for (i, c) in codes.iter().enumerate() {
            let m = council.measures.iter().find(|m| m.code.as_str() == *c).unwrap();
            assert_eq!(m.title, format!("{c} is measure {i}"));
        }
        let history = db.history(&k("stevenage")).await.unwrap();
        for (i, c) in codes.iter().enumerate() {
            let results = &history.measures[&code(c)].results;
            assert_eq!(results.len(), 1, "{c}");
            assert_eq!(results[0].measure.as_str(), *c);
            assert!(matches!(&results[0].value, ResultValue::Figure(f) if f.value == Decimal::from(i)));
        }
    }

    async fn corrections_are_appended_and_kept_in_recorded_order(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        // Recorded times out of order, and two equal: the recorded order is the order applied.
        let entries = [
            figure("BV9", "2020/21-Q2", dec!(59.9), "2020-10-05T10:30:00Z"),
            figure("BV9", "2020/21-Q2", dec!(60.4), "2020-11-02T09:00:00Z"),
            figure("BV9", "2020/21-Q2", dec!(60.1), "2020-10-20T09:00:00Z"),
            figure("BV9", "2020/21-Q2", dec!(60.2), "2020-10-20T09:00:00Z"),
        ];
        for (i, entry) in entries.iter().enumerate() {
            let mut changes = ChangeSet::for_council(slug.clone(), "Stevenage Borough Council");
            changes.results.push(entry.clone());
            changes.targets.push(target("BV9", "2020/21", Decimal::from(75 + i), "2020-04-01", &format!("revision {i}")));
            changes.milestone_updates.push(milestone_update("kenilworth-close", "2020/21-Q2", MilestoneStatus::AtRisk, "2020-10-01T00:00:00Z"));
            db.apply(&changes).await.unwrap();
        }
        // Several in one change set keep their order too.
        let mut changes = ChangeSet::for_council(slug.clone(), "");
        changes.results = vec![figure("BV9", "2020/21-Q3", dec!(3), "2021-01-01T00:00:00Z"), figure("BV9", "2020/21-Q3", dec!(1), "2020-12-01T00:00:00Z")];
        changes.milestone_updates = vec![milestone_update("kenilworth-close", "2020/21-Q2", MilestoneStatus::Achieved, "2020-09-01T00:00:00Z")];
        db.apply(&changes).await.unwrap();

        let history = db.history(&slug).await.unwrap();
        let bv9 = &history.measures[&code("BV9")];
        let mut expected: Vec<_> = entries.to_vec();
        expected.extend(changes.results.clone());
        assert_eq!(bv9.results, expected);
        let reasons: Vec<&str> = bv9.targets.iter().map(|t| t.reason.as_str()).collect();
        assert_eq!(reasons, ["revision 0", "revision 1", "revision 2", "revision 3"]);
        let statuses: Vec<&str> = history.milestone_updates.iter().map(|u| u.status.code()).collect();
        assert_eq!(statuses, ["at-risk", "at-risk", "at-risk", "at-risk", "achieved"]);
        // The core reads "as recorded" from this order: the later of two equal times wins.
        let as_of = outturn_core::AsOf::at(at("2020-10-31T00:00:00Z"));
        let latest = outturn_core::result::as_recorded(&bv9.results, p("2020/21-Q2"), as_of).unwrap();
        assert_eq!(latest.value, expected[3].value);
        // A blank name kept the council's name.
        assert_eq!(db.council(&slug).await.unwrap().unwrap().name, "Stevenage Borough Council");
    }

    async fn a_dangling_reference_writes_nothing(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        db.apply(&facts("stevenage")).await.unwrap();

        let mut c = valid_start();
        c.nodes.push(node("orphan", "objective", "Orphan", Some("nowhere")));
        refused_as_dangling(&db, &c, "node nowhere").await;
        let mut c = valid_start();
        c.nodes.push(node("odd", "no-such-kind", "Odd", None));
        refused_as_dangling(&db, &c, "node kind no-such-kind").await;
        let mut c = valid_start();
        c.measures.push(measure("X1", "nowhere", Unit::Count, YtdRule::Sum, outturn_core::StatusRule::None));
        refused_as_dangling(&db, &c, "node nowhere").await;
        let mut c = valid_start();
        c.measures[0].aligned = vec![k("customer"), k("nowhere")];
        refused_as_dangling(&db, &c, "node nowhere").await;
        let mut c = valid_start();
        c.results.push(figure("NoSuchCode", "2020/21-Q2", dec!(1), "2020-10-05T10:30:00Z"));
        refused_as_dangling(&db, &c, "measure NoSuchCode").await;
        let mut c = valid_start();
        c.process_changes.push(process_change("NoSuchCode", "2020/21-Q2", "New system"));
        refused_as_dangling(&db, &c, "measure NoSuchCode").await;
        // A comparison mapping an unknown measure: neither it nor the values with it are written.
        let mut c = valid_start();
        c.benchmarks.push(benchmark_value("1234", "E07000243", "2020/21", Some("95.6")));
        c.comparison = Some(comparison("E07000243", &[("region", "Region", &["E07000098"])], &[("BV9", "1234"), ("NoSuchCode", "1")]));
        refused_as_dangling(&db, &c, "measure NoSuchCode").await;
        assert_eq!(db.comparison(&k("stevenage")).await.unwrap(), None);
        // Codes are case-sensitive: bv9 is not BV9.
        let mut c = valid_start();
        c.targets.push(target("bv9", "2020/21", dec!(1), "2020-04-01", "wrong case"));
        refused_as_dangling(&db, &c, "measure bv9").await;
        let mut c = valid_start();
        c.milestone_updates.push(milestone_update("no-such-milestone", "2020/21-Q2", MilestoneStatus::OnTrack, "2020-10-05T10:30:00Z"));
        refused_as_dangling(&db, &c, "milestone no-such-milestone").await;
        let mut c = valid_start();
        c.milestones = definitions("stevenage").milestones;
        c.milestones[1].node = k("nowhere");
        refused_as_dangling(&db, &c, "node nowhere").await;
        let mut c = valid_start();
        c.summary = Some(SummaryRule { groups: vec![SummaryGroup { label: "Lost".into(), condition: GroupCondition::Under(k("nowhere")) }], ..SummaryRule::default() });
        refused_as_dangling(&db, &c, "node nowhere").await;
        let mut c = valid_start();
        c.summary = Some(SummaryRule { groups: vec![SummaryGroup { label: "Lost".into(), condition: GroupCondition::AlignedToKind(k("nowhere")) }], ..SummaryRule::default() });
        refused_as_dangling(&db, &c, "node kind nowhere").await;
        // A new council is not created when its change set is refused.
        let mut c = definitions("epping-forest");
        c.nodes[0].parent = Some(k("nowhere"));
        refused_as_dangling(&db, &c, "node nowhere").await;
        assert_eq!(db.council(&k("epping-forest")).await.unwrap(), None);
    }

    async fn parents_may_be_declared_later_or_already_stored(db) {
        let mut first = ChangeSet::for_council(k("epping-forest"), "Epping Forest District Council");
        first.kinds = vec![outturn_core::NodeKind { key: k("objective"), name: "Corporate objective".into() }];
        first.nodes = vec![node("a-child", "objective", "Child", Some("z-parent")), node("z-parent", "objective", "Parent", None)];
        db.apply(&first).await.unwrap();
        let mut second = ChangeSet::for_council(k("epping-forest"), "Epping Forest District Council");
        second.nodes = vec![node("grandchild", "objective", "Grandchild", Some("a-child"))];
        db.apply(&second).await.unwrap();
        let council = db.council(&k("epping-forest")).await.unwrap().unwrap();
        let parents: Vec<(&str, Option<&str>)> =
            council.framework.nodes.iter().map(|n| (n.key.as_str(), n.parent.as_ref().map(|p| p.as_str()))).collect();
        assert_eq!(parents, [("a-child", Some("z-parent")), ("z-parent", None), ("grandchild", Some("a-child"))]);
        // Moving a node to the top of the tree clears its parent.
        let mut third = ChangeSet::for_council(k("epping-forest"), "Epping Forest District Council");
        third.nodes = vec![node("a-child", "objective", "Child", None)];
        db.apply(&third).await.unwrap();
        assert_eq!(db.council(&k("epping-forest")).await.unwrap().unwrap().framework.nodes[0].parent, None);
    }

    async fn applying_the_same_definitions_twice_duplicates_nothing(db) {
        let definitions = definitions("stevenage");
        db.apply(&definitions).await.unwrap();
        let counts = row_counts(&db).await;
        assert!(counts.iter().filter(|(t, _)| DEFINITION_TABLES.contains(t)).all(|(_, n)| *n > 0), "{counts:?}");
        db.apply(&definitions).await.unwrap();
        assert_eq!(row_counts(&db).await, counts);
        assert_eq!(*db.council(&k("stevenage")).await.unwrap().unwrap(), expected_council(&definitions));
        assert_eq!(db.councils().await.unwrap().len(), 1);
    }

    async fn redefinitions_replace_in_place_and_new_definitions_go_last(db) {
        let original = definitions("stevenage");
        db.apply(&original).await.unwrap();
        let mut changes = ChangeSet::for_council(k("stevenage"), "Stevenage BC");
        let mut bv9 = original.measures[0].clone();
        bv9.title = "Council tax collected".into();
        bv9.tags = vec!["finance".into()];
        bv9.aligned = vec![k("place-of-choice")];
        let mut housing = original.nodes[2].clone();
        housing.name = "Housing Delivery".into();
        housing.focus.clear();
        housing.outcomes.truncate(1);
        changes.measures = vec![measure("NEW1", "customer", Unit::Count, YtdRule::Sum, outturn_core::StatusRule::None), bv9.clone()];
        changes.nodes = vec![node("new-unit", "business-unit", "New Unit", Some("customer")), housing.clone()];
        db.apply(&changes).await.unwrap();

        let mut expected = expected_council(&original);
        expected.name = "Stevenage BC".into();
        expected.measures[0] = bv9;
        expected.measures.push(changes.measures[0].clone());
        expected.framework.nodes[2] = housing;
        expected.framework.nodes.push(changes.nodes[0].clone());
        // summary: None leaves the groups alone.
        assert_eq!(*db.council(&k("stevenage")).await.unwrap().unwrap(), expected);
        // Some(empty) replaces them.
        let mut clear = ChangeSet::for_council(k("stevenage"), "Stevenage BC");
        clear.summary = Some(SummaryRule::default());
        db.apply(&clear).await.unwrap();
        expected.summary = SummaryRule::default();
        assert_eq!(*db.council(&k("stevenage")).await.unwrap().unwrap(), expected);
    }

    async fn councils_are_isolated_from_each_other(db) {
        let (a, mut b) = (definitions("stevenage"), definitions("epping-forest"));
        b.name = "Epping Forest District Council".into();
        b.measures[0].title = "Epping's BV9".into();
        db.apply(&a).await.unwrap();
        db.apply(&b).await.unwrap();
        db.apply(&facts("stevenage")).await.unwrap();
        let mut epping = ChangeSet::for_council(k("epping-forest"), "Epping Forest District Council");
        epping.results = vec![figure("BV9", "2020/21-Q2", dec!(97.1), "2020-10-09T10:00:00Z")];
        db.apply(&epping).await.unwrap();

        assert_eq!(*db.council(&k("stevenage")).await.unwrap().unwrap(), expected_council(&a));
        assert_eq!(*db.council(&k("epping-forest")).await.unwrap().unwrap(), expected_council(&b));
        let (ha, hb) = (db.history(&k("stevenage")).await.unwrap(), db.history(&k("epping-forest")).await.unwrap());
        assert_eq!(ha.measures[&code("BV9")].results, facts("stevenage").results[..1]);
        assert_eq!(hb.measures[&code("BV9")].results, epping.results);
        assert!(hb.measures[&code("BV9")].targets.is_empty());
        assert!(hb.milestone_updates.is_empty());
        let slugs: Vec<String> = db.councils().await.unwrap().iter().map(|c| c.slug.to_string()).collect();
        assert_eq!(slugs, ["epping-forest", "stevenage"]);
    }

    async fn migrating_again_is_harmless(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        db.apply(&facts("stevenage")).await.unwrap();
        let (council, history) = (db.council(&k("stevenage")).await.unwrap(), flat(&db.history(&k("stevenage")).await.unwrap()));
        db.migrate().await.unwrap();
        db.migrate().await.unwrap();
        assert_eq!(db.council(&k("stevenage")).await.unwrap(), council);
        assert_eq!(flat(&db.history(&k("stevenage")).await.unwrap()), history);
    }

    async fn an_unknown_council_is_none_or_an_error(db) {
        assert_eq!(db.council(&k("nowhere")).await.unwrap(), None);
        assert!(matches!(db.history(&k("nowhere")).await, Err(StoreError::NoCouncil(s)) if s == "nowhere"));
        assert!(db.councils().await.unwrap().is_empty());
        // A change set must name its council, unless it is empty.
        db.apply(&ChangeSet::default()).await.unwrap();
        let mut nameless = facts("stevenage");
        nameless.council = None;
        assert!(matches!(db.apply(&nameless).await, Err(StoreError::NoCouncilGiven)));
        // A council can be created with nothing in it; with no name it is named by its slug.
        db.apply(&ChangeSet::for_council(k("empty"), " ")).await.unwrap();
        let council = db.council(&k("empty")).await.unwrap().unwrap();
        assert_eq!((council.name.as_str(), council.measures.len()), ("empty", 0));
        assert!(db.history(&k("empty")).await.unwrap().measures.is_empty());
    }

    async fn judged_statuses_are_appended_and_read_with_every_history(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        let judged = |status, why: &str, at: &str| outturn_core::Judgement {
            measure: code("VoidsSheltered"),
            period: p("2020/21-Q2"),
            status,
            justification: why.into(),
            recorded_by: "officer".into(),
            recorded_at: at.parse().unwrap(),
        };
        let first = judged(Some(outturn_core::Status::Amber), "Two lettings fell through.", "2020-11-02T10:00:00Z");
        let withdrawn = judged(None, "Figures corrected.", "2020-11-03T10:00:00Z");
        // Read once, so the kept history is brought up to date by the second write.
        let before = db.history_in_years(&slug, p("2020/21").financial_year(), p("2020/21").financial_year()).await.unwrap();
        assert!(before.measures[&code("VoidsSheltered")].judgements.is_empty());
        for j in [&first, &withdrawn] {
            let mut one = ChangeSet::for_council(slug.clone(), "");
            one.judgements.push(j.clone());
            db.apply(&one).await.unwrap();
        }
        let expected = vec![first.clone(), withdrawn.clone()];
        assert_eq!(db.measure_history(&slug, &code("VoidsSheltered")).await.unwrap().judgements, expected);
        assert_eq!(db.history(&slug).await.unwrap().measures[&code("VoidsSheltered")].judgements, expected);
        let year = db.history_in_years(&slug, p("2020/21").financial_year(), p("2020/21").financial_year()).await.unwrap();
        assert_eq!(year.measures[&code("VoidsSheltered")].judgements, expected);
        // A judgement of a measure the council does not have writes nothing.
        let mut stray = ChangeSet::for_council(slug.clone(), "");
        stray.judgements.push(outturn_core::Judgement { measure: code("NOPE"), ..first.clone() });
        assert!(db.apply(&stray).await.is_err());
    }

    async fn several_measures_histories_read_together_are_each_as_read_alone(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        let mut change = ChangeSet::for_council(slug.clone(), "");
        change.results.push(figure("BV9", "2020/21-Q1", dec!(29.1), "2020-07-20T09:00:00Z"));
        change.results.push(figure("BV9", "2020/21-Q2", dec!(59.9), "2020-10-20T09:00:00Z"));
        change.results.push(figure("VoidsSheltered", "2020/21-Q2", dec!(7), "2020-10-20T09:00:00Z"));
        change.targets.push(target("BV9", "2020/21-Q2", dec!(61), "2020-04-01", "as set"));
        db.apply(&change).await.unwrap();
        // More codes than one query names (the rest unknown), so the read is split.
        let mut codes = vec![code("VoidsSheltered"), code("BV9")];
        codes.extend((0..600).map(|n| code(&format!("NOPE{n}"))));
        let together = db.measures_history(&slug, &codes).await.unwrap();
        assert_eq!(together.len(), codes.len(), "one entry per code asked about");
        for asked in &codes {
            assert_eq!(together[asked], db.measure_history(&slug, asked).await.unwrap(), "{asked}");
        }
        assert_eq!(together[&code("BV9")].results.len(), 2);
        assert_eq!(together[&code("BV9")].targets.len(), 1);
        assert_eq!(together[&code("VoidsSheltered")].results.len(), 1);
        assert!(together[&code("NOPE7")].results.is_empty());
        // Only the measures asked about.
        let one = db.measures_history(&slug, &[code("VoidsSheltered")]).await.unwrap();
        assert_eq!(one.keys().collect::<Vec<_>>(), [&code("VoidsSheltered")]);
        assert!(db.measures_history(&slug, &[]).await.unwrap().is_empty());
        assert!(db.measures_history(&k("nowhere"), &[code("BV9")]).await.is_err(), "an unknown council is an error");
    }

    async fn kept_status_rules_are_appended_and_read_with_every_history(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let slug = k("stevenage");
        let kept = |until: &str, rule, at: &str| outturn_core::MeasureKeptRule {
            measure: code("BV9"),
            kept: outturn_core::KeptRule { until: p(until), rule, recorded_at: at.parse().unwrap() },
        };
        let forecast_aware = outturn_core::StatusRule::ForecastAware(outturn_core::Tolerance {
            kind: outturn_core::ToleranceKind::Percent,
            amber: dec!(5.50),
        });
        let first = kept("2020/21-Q2", forecast_aware, "2020-11-20T10:00:00Z");
        let second = kept("2020/21-Q3", outturn_core::StatusRule::Threshold, "2021-02-20T10:00:00Z");
        // Bands with an Exceeded band: every column of the rule read back.
        let bands = outturn_core::StatusRule::Banded(outturn_core::Bands {
            kind: outturn_core::ToleranceKind::Absolute,
            green: dec!(1.5),
            amber: dec!(4),
            exceeded: Some(dec!(0)),
        });
        let third = kept("2020/21-Q4", bands, "2021-05-20T10:00:00Z");
        let year = p("2020/21").financial_year();
        db.history_in_years(&slug, year, year).await.unwrap();
        for one in [&first, &second, &third] {
            let mut change = ChangeSet::for_council(slug.clone(), "");
            change.kept_rules.push(one.clone());
            db.apply(&change).await.unwrap();
        }
        let expected = vec![first.kept, second.kept, third.kept];
        assert_eq!(db.measure_history(&slug, &code("BV9")).await.unwrap().kept_rules, expected);
        assert_eq!(db.history(&slug).await.unwrap().measures[&code("BV9")].kept_rules, expected);
        assert_eq!(db.history_in_years(&slug, year, year).await.unwrap().measures[&code("BV9")].kept_rules, expected);
        let mut stray = ChangeSet::for_council(slug.clone(), "");
        stray.kept_rules.push(outturn_core::MeasureKeptRule { measure: code("NOPE"), ..first.clone() });
        assert!(db.apply(&stray).await.is_err());
    }

    async fn an_unreadable_value_is_reported_as_corrupt(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        db.apply(&facts("stevenage")).await.unwrap();
        let corrupt = |r: Result<(), StoreError>| match r {
            Err(StoreError::Corrupt { what, detail }) => (what, detail),
            other => panic!("expected Corrupt, got {other:?}"),
        };
        db.execute("UPDATE results SET period = 'sometime soon' WHERE kind = 'narrative'").await;
        let (what, detail) = corrupt(db.history(&k("stevenage")).await.map(|_| ()));
        assert_eq!(what, "results.period");
        assert!(detail.contains("\"sometime soon\""), "{detail}");
        db.execute("UPDATE target_revisions SET value = '12,5'").await;
        db.execute("UPDATE results SET period = '2020/21' WHERE kind = 'narrative'").await;
        let (what, detail) = corrupt(db.history(&k("stevenage")).await.map(|_| ()));
        assert_eq!(what, "target_revisions.value");
        assert!(detail.contains("\"12,5\""), "{detail}");
        db.execute("UPDATE measures SET active_from = 'April' WHERE code = 'CUS.06'").await;
        let (what, detail) = corrupt(db.council(&k("stevenage")).await.map(|_| ()));
        assert_eq!(what, "measures.active_from");
        assert!(detail.contains("\"April\""), "{detail}");
        let message = StoreError::Corrupt { what, detail }.to_string();
        assert!(message.contains("measures.active_from") && message.contains("April"), "{message}");
    }
    // Accounts, sessions and failed sign-ins: tests/accounts.rs.

    async fn audit_lines_are_written_with_their_change_set_and_rolled_back_with_it(db) {
        let mut definitions = definitions("stevenage");
        let mut line = audit("framework.applied", "framework file stevenage.toml", "2024-05-01T09:00:00Z");
        line.actor = "outturn demo".into();
        line.council = Some(k("stevenage")); // the council this change set creates
        line.before = Some(serde_json::json!(null));
        line.after = Some(serde_json::json!({
            "measures": 9, "target": "59.90", "list": [1, 2.5, null, true, -7], "name": "Café \"Ärger\" \\ 'x'",
            "nested": {"b": {"c": []}, "a": {}},
        }));
        definitions.audit = vec![line.clone()];
        db.apply(&definitions).await.unwrap();
        assert_eq!(db.audit_log(&AuditFilter::default()).await.unwrap(), [line.clone()]);

        // A change set refused for a dangling reference leaves no audit line (checked by row counts).
        let mut c = valid_start();
        c.results.push(figure("NoSuchCode", "2020/21-Q2", dec!(1), "2020-10-05T10:30:00Z"));
        c.audit = vec![audit("result.recorded", "NoSuchCode 2020/21-Q2", "2024-05-02T09:00:00Z")];
        refused_as_dangling(&db, &c, "measure NoSuchCode").await;
        // An audit line naming a council that is not stored refuses its change set.
        let mut stray = audit("result.recorded", "BV9 2020/21-Q3", "2024-05-02T09:00:00Z");
        stray.council = Some(k("nowhere"));
        let mut c = valid_start();
        c.audit = vec![line.clone(), stray.clone()];
        let counts = row_counts(&db).await;
        assert!(matches!(db.apply(&c).await, Err(StoreError::NoCouncil(s)) if s == "nowhere"));
        assert!(matches!(db.append_audit(&[line.clone(), stray]).await, Err(StoreError::NoCouncil(s)) if s == "nowhere"));
        assert_eq!(row_counts(&db).await, counts);
        assert_eq!(db.council(&k("stevenage")).await.unwrap().unwrap().name, "Stevenage Borough Council");

        // Audit lines alone: with no council (each naming its own, or none), with a council, or on their own.
        let mut signed_in = audit("user.signed-in", "user jsmith", "2024-05-03T09:00:00Z");
        signed_in.actor = "jsmith".into();
        let mut published = audit("report.published", "2020/21-Q2 report", "2024-05-04T09:00:00Z");
        published.council = Some(k("stevenage"));
        db.apply(&ChangeSet { audit: vec![signed_in.clone(), published.clone()], ..ChangeSet::default() }).await.unwrap();
        let mut with_council = ChangeSet::for_council(k("stevenage"), "");
        with_council.audit = vec![audit("council.checked", "stevenage", "2024-05-05T09:00:00Z")];
        db.apply(&with_council).await.unwrap();
        db.append_audit(&[audit("user.signed-out", "user jsmith", "2024-05-06T09:00:00Z")]).await.unwrap();
        db.append_audit(&[]).await.unwrap();
        let log = db.audit_log(&AuditFilter::default()).await.unwrap();
        let events: Vec<&str> = log.iter().map(|a| a.event.as_str()).collect();
        assert_eq!(events, ["user.signed-out", "council.checked", "report.published", "user.signed-in", "framework.applied"]);
        assert_eq!((&log[2], &log[3], &log[4]), (&published, &signed_in, &line));
        assert_eq!(log[1].council, None, "a line keeps its own council (none), whatever its change set's");
        // Anything but audit lines needs a council.
        let mut nameless = ChangeSet { audit: vec![signed_in.clone()], ..ChangeSet::default() };
        nameless.expect = vec![ResultsSeen { measure: code("BV9"), period: Some(p("2020/21-Q2")), recorded: 0 }];
        assert!(matches!(db.apply(&nameless).await, Err(StoreError::NoCouncilGiven)));
        nameless.expect.clear();
        nameless.results = vec![figure("BV9", "2020/21-Q2", dec!(1), "2024-05-01T09:00:00Z")];
        assert!(matches!(db.apply(&nameless).await, Err(StoreError::NoCouncilGiven)));
        assert_eq!(db.count("audit_log").await, 5);
    }

    async fn a_stale_count_of_results_is_a_conflict_and_writes_nothing(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        db.apply(&facts("stevenage")).await.unwrap(); // one result for BV9 2020/21-Q2
        // Another council's BV9 results do not count.
        let mut epping = definitions("epping-forest");
        epping.results = vec![figure("BV9", "2020/21-Q2", dec!(97.1), "2020-10-09T10:00:00Z"); 3];
        db.apply(&epping).await.unwrap();
        let slug = k("stevenage");
        let seen = |c: &str, period: &str, recorded| ResultsSeen { measure: code(c), period: Some(p(period)), recorded };
        let correction = |recorded: usize| {
            let mut c = ChangeSet::for_council(k("stevenage"), "Renamed");
            c.results = vec![figure("BV9", "2020/21-Q2", dec!(60.2), "2024-05-01T09:00:00Z")];
            c.targets = vec![target("BV9", "2020/21", dec!(81), "2024-05-01", "Raised again")];
            c.expect = vec![
                seen("WebSat1", "2020-09", 1),
                seen("BV9", "2020/21-Q3", 0),
                seen("BV9", "2020/21-Q2", recorded),
                seen("NotStoredYet", "2020/21-Q2", 0),
            ];
            c.audit = vec![audit("result.corrected", "BV9 2020/21-Q2", "2024-05-01T09:00:00Z")];
            c
        };
        let (council, history, counts) =
            (db.council(&slug).await.unwrap(), flat(&db.history(&slug).await.unwrap()), row_counts(&db).await);
        let mut with_dangling = correction(0);
        with_dangling.results.push(figure("NoSuchCode", "2020/21-Q2", dec!(1), "2020-10-05T10:30:00Z"));
        // Checked before anything is written, so before a dangling reference is found.
        for stale in [correction(0), correction(2), with_dangling] {
            match db.apply(&stale).await {
                Err(StoreError::Conflict { measure, period, recorded }) => {
                    assert_eq!((measure.as_str(), period, recorded), ("BV9", Some(p("2020/21-Q2")), 1));
                    let message = StoreError::Conflict { measure, period, recorded }.to_string();
                    assert!(message.contains("BV9") && message.contains("2020/21-Q2"), "{message}");
                }
                other => panic!("expected Conflict, got {other:?}"),
            }
            assert_eq!(db.council(&slug).await.unwrap(), council);
            assert_eq!(flat(&db.history(&slug).await.unwrap()), history);
            assert_eq!(row_counts(&db).await, counts);
        }
        // The count as seen: written, with its audit line.
        db.apply(&correction(1)).await.unwrap();
        let history = db.history(&slug).await.unwrap();
        assert_eq!(history.measures[&code("BV9")].results.len(), 2);
        assert_eq!(history.measures[&code("BV9")].targets.len(), 3);
        assert_eq!(db.audit_log(&AuditFilter::default()).await.unwrap(), correction(1).audit);
        assert_eq!(db.council(&slug).await.unwrap().unwrap().name, "Renamed");
        // Seen again, the same count is now stale.
        assert!(matches!(db.apply(&correction(1)).await, Err(StoreError::Conflict { recorded: 2, .. })));
        db.apply(&correction(2)).await.unwrap();
        assert_eq!(db.history(&slug).await.unwrap().measures[&code("BV9")].results.len(), 3);
        assert_eq!(db.history(&k("epping-forest")).await.unwrap().measures[&code("BV9")].results.len(), 3);
    }

    async fn of_saves_that_saw_the_same_count_at_once_exactly_one_is_written(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        db.apply(&facts("stevenage")).await.unwrap(); // one result for BV9 2020/21-Q2
        let mut tasks = Vec::new();
        for i in 0..4 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let mut c = ChangeSet::for_council(k("stevenage"), "");
                c.expect = vec![ResultsSeen { measure: code("BV9"), period: Some(p("2020/21-Q2")), recorded: 1 }];
                c.results = vec![figure("BV9", "2020/21-Q2", Decimal::from(60 + i), "2024-05-01T09:00:00Z")];
                c.audit = vec![audit("result.corrected", &format!("BV9 2020/21-Q2 by {i}"), "2024-05-01T09:00:00Z")];
                db.apply(&c).await
            }));
        }
        let mut written = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(()) => written += 1,
                Err(StoreError::Conflict { recorded, .. }) => assert_eq!(recorded, 2),
                Err(other) => panic!("{other}"),
            }
        }
        assert_eq!(written, 1);
        assert_eq!(db.history(&k("stevenage")).await.unwrap().measures[&code("BV9")].results.len(), 2);
        assert_eq!(db.count("audit_log").await, 1);
    }

    async fn the_audit_log_is_filtered_newest_first_and_paged(db) {
        db.apply(&ChangeSet::for_council(k("stevenage"), "Stevenage Borough Council")).await.unwrap();
        db.apply(&ChangeSet::for_council(k("epping-forest"), "Epping Forest District Council")).await.unwrap();
        let line = |when: &str, actor: &str, council: Option<&str>, event: &str| AuditRecord {
            at: at(when),
            actor: actor.into(),
            council: council.map(k),
            event: event.into(),
            subject: format!("{event} by {actor} at {when}"),
            before: Some(serde_json::json!({"when": when})),
            after: None,
        };
        let lines = [
            line("2024-05-01T09:00:00Z", "jsmith", Some("stevenage"), "result.recorded"),
            line("2024-05-01T09:00:00.5Z", "jsmith", Some("stevenage"), "result.corrected"),
            line("2024-05-01T09:00:01Z", "adoe", Some("epping-forest"), "result.recorded"),
            line("2024-05-01T09:00:01Z", "admin", None, "user.created"), // the same instant as 2, written after it
            line("2024-05-02T10:00:00Z", "JSmith", Some("stevenage"), "results.imported"),
            line("2024-05-03T10:00:00+01:00", "outturn demo", Some("stevenage"), "target.revised"),
            line("2024-05-03T09:00:00Z", "jsmith", Some("stevenage"), "user_x.odd"), // the same instant as 5
            line("2024-04-30T23:59:59.999999999Z", "admin", None, "user.disabled"), // the oldest, written last
        ];
        // Written in two goes, not in time order.
        db.append_audit(&lines[..4]).await.unwrap();
        let mut c = ChangeSet::for_council(k("stevenage"), "");
        c.audit = lines[4..].to_vec();
        db.apply(&c).await.unwrap();

        let all = [6, 5, 4, 3, 2, 1, 0, 7];
        let expected: Vec<AuditRecord> = all.iter().map(|&i| lines[i].clone()).collect();
        assert_eq!(db.audit_log(&AuditFilter::default()).await.unwrap(), expected);
        let f = AuditFilter::default;
        let council = |slug: &str| AuditFilter { council: Some(k(slug)), ..f() };
        let actor = |name: &str| AuditFilter { actor: Some(name.into()), ..f() };
        let event = |prefix: &str| AuditFilter { event_prefix: Some(prefix.into()), ..f() };
        let since = |when: &str| AuditFilter { since: Some(at(when)), ..f() };
        let until = |when: &str| AuditFilter { until: Some(at(when)), ..f() };
        let page = |limit, offset| AuditFilter { limit, offset, ..f() };
        let cases: Vec<(AuditFilter, Vec<usize>)> = vec![
            (council("stevenage"), vec![6, 5, 4, 1, 0]),
            (council("epping-forest"), vec![2]),
            (council("nowhere"), vec![]),
            // The actor exactly, case and all.
            (actor("jsmith"), vec![6, 1, 0]),
            (actor("JSmith"), vec![4]),
            (actor("jsmit"), vec![]),
            // A prefix of the event, taken literally and case and all.
            (event("result."), vec![2, 1, 0]),
            (event("result"), vec![4, 2, 1, 0]),
            (event("user."), vec![3, 7]),
            (event("user_"), vec![6]),
            (event("user%"), vec![]),
            (event("Result."), vec![]),
            (event(""), all.to_vec()),
            (event("result.recorded.and-more"), vec![]),
            // Since and until are inclusive, to the nanosecond.
            (since("2024-05-01T09:00:00.5Z"), vec![6, 5, 4, 3, 2, 1]),
            (since("2024-05-01T09:00:00.000000001Z"), vec![6, 5, 4, 3, 2, 1]),
            (since("2024-05-01T09:00:00Z"), vec![6, 5, 4, 3, 2, 1, 0]),
            (since("2024-05-03T10:00:00+01:00"), vec![6, 5]),
            (until("2024-05-01T09:00:00.5Z"), vec![1, 0, 7]),
            (until("2024-05-01T09:00:00.499999999Z"), vec![0, 7]),
            (until("2024-04-30T23:59:59Z"), vec![]),
            (AuditFilter { since: Some(at("2024-05-01T09:00:01Z")), until: Some(at("2024-05-01T09:00:01Z")), ..f() }, vec![3, 2]),
            // Every filter narrows.
            (AuditFilter { council: Some(k("stevenage")), actor: Some("jsmith".into()), event_prefix: Some("result.".into()), ..f() }, vec![1, 0]),
            (AuditFilter { council: Some(k("stevenage")), since: Some(at("2024-05-02T00:00:00Z")), limit: 2, offset: 1, ..f() }, vec![5, 4]),
            // Pages.
            (page(3, 0), vec![6, 5, 4]),
            (page(3, 3), vec![3, 2, 1]),
            (page(3, 6), vec![0, 7]),
            (page(3, 8), vec![]),
            (page(0, 5), vec![1, 0, 7]),
            (page(1, 7), vec![7]),
        ];
        for (filter, indices) in cases {
            let got = db.audit_log(&filter).await.unwrap();
            let expected: Vec<AuditRecord> = indices.iter().map(|&i| lines[i].clone()).collect();
            assert_eq!(got, expected, "{filter:?}");
        }
        // A limit of 0 is 100.
        let many: Vec<AuditRecord> =
            (0..120).map(|i| line(&format!("2023-01-01T00:00:{:02}.{i:03}Z", i % 60), "bulk", None, "bulk.line")).collect();
        db.append_audit(&many).await.unwrap();
        assert_eq!(db.audit_log(&f()).await.unwrap().len(), 100);
        assert_eq!(db.audit_log(&page(500, 0)).await.unwrap().len(), 128);
        let bulk = db.audit_log(&AuditFilter { actor: Some("bulk".into()), offset: 100, ..f() }).await.unwrap();
        assert_eq!(bulk.len(), 20);
        let mut times: Vec<_> = db.audit_log(&AuditFilter { actor: Some("bulk".into()), limit: 500, ..f() }).await.unwrap().into_iter().map(|a| a.at).collect();
        assert!(times.is_sorted_by(|a, b| a >= b), "newest first");
        times.dedup();
        assert_eq!(times.len(), 120);
    }

    async fn instants_are_written_in_one_form_and_older_forms_still_read(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        db.apply(&facts("stevenage")).await.unwrap();
        let history = flat(&db.history(&k("stevenage")).await.unwrap());
        assert_eq!(db.texts("SELECT recorded_at FROM results ORDER BY id").await, [
            "2020-10-05T10:30:00.000000000Z",
            "2020-10-05T09:00:00.000000000Z",
            "2020-10-06T16:45:12.123456789Z",
            "2020-10-07T07:00:00.000000000Z",
            "2021-04-20T12:00:00.000000000Z",
        ]);
        assert_eq!(db.texts("SELECT recorded_at FROM target_revisions ORDER BY id").await[0], "2020-04-01T09:00:00.000000000Z");
        // As the first schema wrote them (jiff's shortest form).
        db.execute("UPDATE results SET recorded_at = '2020-10-06T16:45:12.123456789Z' WHERE recorded_at = '2020-10-06T16:45:12.123456789Z'").await;
        db.execute("UPDATE results SET recorded_at = '2020-10-05T10:30:00Z' WHERE recorded_at = '2020-10-05T10:30:00.000000000Z'").await;
        db.execute("UPDATE target_revisions SET recorded_at = '2020-04-01T09:00:00Z' WHERE recorded_at = '2020-04-01T09:00:00.000000000Z'").await;
        db.execute("UPDATE milestone_updates SET recorded_at = '2020-07-10T09:00:00Z' WHERE recorded_at = '2020-07-10T09:00:00.000000000Z'").await;
        assert_eq!(db.texts("SELECT recorded_at FROM results ORDER BY id").await[0], "2020-10-05T10:30:00Z");
        assert_eq!(flat(&db.history(&k("stevenage")).await.unwrap()), history);
        // The new tables too.
        let jsmith = db.create_user(&user("jsmith", Role::Viewer, None, &[]), &audit("user.created", "user jsmith", "2024-05-01T10:00:00+01:00")).await.unwrap();
        db.create_session(&session("hash", jsmith.id, "2024-05-01T09:00:00.1Z", "2024-05-01T17:00:00Z")).await.unwrap();
        db.record_login_failure("jsmith", at("2024-05-01T08:59:59.999Z")).await.unwrap();
        assert_eq!(db.texts("SELECT created_at FROM users").await, ["2024-05-01T09:00:00.000000000Z"]);
        assert_eq!(db.texts("SELECT created_at || ' ' || expires_at FROM sessions").await, ["2024-05-01T09:00:00.100000000Z 2024-05-01T17:00:00.000000000Z"]);
        assert_eq!(db.texts("SELECT at FROM login_failures").await, ["2024-05-01T08:59:59.999000000Z"]);
        assert_eq!(db.texts("SELECT at FROM audit_log").await, ["2024-05-01T09:00:00.000000000Z"]);
    }

    async fn an_unreadable_account_value_is_reported_as_corrupt(db) {
        let jsmith = db.create_user(&user("jsmith", Role::Viewer, None, &[]), &audit("user.created", "user jsmith", "2024-05-01T09:00:00Z")).await.unwrap();
        db.create_session(&session("hash", jsmith.id, "2024-05-01T09:00:00Z", "2024-05-01T17:00:00Z")).await.unwrap();
        db.execute("UPDATE sessions SET created_at = 'this morning'").await;
        assert!(matches!(db.session("hash", at("2024-05-01T10:00:00Z")).await, Err(StoreError::Corrupt { what, .. }) if what == "sessions.created_at"));
        db.execute("UPDATE audit_log SET at = 'yesterday'").await;
        assert!(matches!(db.audit_log(&AuditFilter::default()).await, Err(StoreError::Corrupt { what, .. }) if what == "audit_log.at"));
        // The schema refuses a role it does not know and JSON that is not JSON.
        let mut e = StoreError::NoUser(String::new());
        for sql in ["UPDATE users SET role = 'mayor'", "UPDATE audit_log SET after_json = '{not json'", "UPDATE users SET username = 'JSmith'"] {
            let refused = match &*db {
                TestDb::Sqlite(s) => sqlx::query(sql).execute(s.pool()).await.map(|_| ()),
                TestDb::Postgres(s) => sqlx::query(sql).execute(s.pool()).await.map(|_| ()),
            };
            assert!(refused.is_err(), "{sql} was accepted");
            e = StoreError::Database(refused.unwrap_err());
        }
        assert!(e.to_string().starts_with("database error"), "{e}");
    }
}

// Opening SQLite files: the URL forms and the connection settings.

#[tokio::test]
async fn sqlite_open_creates_the_file_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outturn.db");
    let url = format!("sqlite://{}", path.display());
    assert!(!path.exists());
    let store = outturn_store::open(&url).await.unwrap();
    assert_eq!(store.backend(), "sqlite");
    assert!(path.exists(), "open should create {}", path.display());
    store.apply(&definitions("stevenage")).await.unwrap();
    drop(store);

    let store = SqliteStore::open(&url).await.unwrap();
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(store.pool()).await.unwrap();
    assert_eq!(journal, "wal");
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(store.pool()).await.unwrap();
    assert_eq!(foreign_keys, 1);
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout").fetch_one(store.pool()).await.unwrap();
    assert!(busy >= 1000, "busy_timeout {busy}");
    // The database enforces its foreign keys itself.
    let orphan =
        sqlx::query("INSERT INTO nodes (council_id, key, position, kind_id, name) VALUES (1, 'x', 99, 9999, 'X')")
            .execute(store.pool())
            .await;
    assert!(orphan.is_err(), "a node of no kind was accepted");
    // What was applied is still there after reopening.
    store.migrate().await.unwrap();
    let council = store.council(&k("stevenage")).await.unwrap().unwrap();
    assert_eq!(*council, expected_council(&definitions("stevenage")));
    store.close().await;
}

#[tokio::test]
async fn sqlite_in_memory_works_through_open() {
    let store = outturn_store::open("sqlite::memory:").await.unwrap();
    store.apply(&definitions("stevenage")).await.unwrap();
    store.apply(&facts("stevenage")).await.unwrap();
    assert!(store.council(&k("stevenage")).await.unwrap().is_some());
    assert_eq!(store.history(&k("stevenage")).await.unwrap().measures[&code("BV9")].results.len(), 1);
    assert!(matches!(outturn_store::open("mysql://x").await, Err(StoreError::UnknownUrl(_))));
}

#[tokio::test]
async fn postgres_drop_schema_removes_the_schema() {
    let Some(db) = TestDb::postgres("drop_schema").await else { return };
    let TestDb::Postgres(store) = &db else { unreachable!() };
    let schema = store.schema().unwrap().to_string();
    db.apply(&definitions("stevenage")).await.unwrap();
    db.finish().await;
    let url = std::env::var(DATABASE_URL_VAR).unwrap();
    let other = outturn_store::PostgresStore::open(&url).await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = $1")
        .bind(&schema)
        .fetch_one(other.pool())
        .await
        .unwrap();
    assert_eq!(left, 0, "schema {schema} is still there");
    other.drop_schema().await.unwrap(); // opened without a schema: only closes
}
