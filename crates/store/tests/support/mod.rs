//! The contract suite's harness: a fresh database per test on each backend,
//! and a council to store (names and figures from the councils' own papers).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ops::Deref;
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};

use jiff::Timestamp;
use jiff::civil::Date;
use outturn_core::framework::FormerName;
use outturn_core::{
    Decimal, Figure, Framework, Frequency, GroupCondition, Key, Measure, MeasureCode, Milestone, MilestoneStatus,
    MilestoneUpdate, Node, NodeKind, Period, Polarity, ResultEntry, ResultValue, Role, RollUpRule, Scores, StatusRule,
    SummaryGroup, SummaryRule, TargetRevision, Tolerance, ToleranceKind, Unit, YtdRule,
};
use outturn_store::{
    AuditRecord, ChangeSet, Council, CouncilHistory, PostgresStore, SessionRecord, SqliteStore, Store, UserRecord,
};
use rust_decimal_macros::dec;

/// The variable that points the suite at a PostgreSQL server.
pub const DATABASE_URL_VAR: &str = "OUTTURN_TEST_DATABASE_URL";

pub enum TestDb {
    Sqlite(SqliteStore),
    /// A store whose tables live in a schema of its own, dropped by `finish`.
    Postgres(PostgresStore),
}

impl TestDb {
    /// A fresh in-memory SQLite database, migrated.
    pub async fn sqlite() -> TestDb {
        let store = SqliteStore::open("sqlite::memory:").await.expect("open an in-memory SQLite database");
        store.migrate().await.expect("migrate SQLite");
        TestDb::Sqlite(store)
    }

    /// A fresh schema on the server named by OUTTURN_TEST_DATABASE_URL, or
    /// None when the variable is not set. A server that is named but cannot
    /// be used fails the test.
    pub async fn postgres(test: &str) -> Option<TestDb> {
        let url = std::env::var(DATABASE_URL_VAR).ok().filter(|u| !u.trim().is_empty())?;
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let schema = format!(
            "outturn_test_{}_{}_{}_{:x}",
            &test[..test.len().min(24)],
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            nanos % 0x1_0000_0000
        );
        let store = PostgresStore::open_in_schema(&url, &schema)
            .await
            .unwrap_or_else(|e| panic!("{DATABASE_URL_VAR} is set but PostgreSQL cannot be used: {e}"));
        let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = $1")
            .bind(&schema)
            .fetch_one(store.pool())
            .await
            .expect("look at the new schema");
        assert_eq!(tables, 0, "schema {schema} should be new and empty");
        store.migrate().await.expect("migrate PostgreSQL");
        Some(TestDb::Postgres(store))
    }

    /// Drops the test's PostgreSQL schema.
    pub async fn finish(&self) {
        if let TestDb::Postgres(store) = self {
            store.drop_schema().await.expect("drop the test schema");
        }
    }

    /// Runs a statement outside the store, to look at or damage the tables.
    pub async fn execute(&self, sql: &'static str) {
        match self {
            TestDb::Sqlite(s) => sqlx::query(sql).execute(s.pool()).await.map(|_| ()),
            TestDb::Postgres(s) => sqlx::query(sql).execute(s.pool()).await.map(|_| ()),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// The text in the first column of every row a query returns.
    pub async fn texts(&self, sql: &'static str) -> Vec<String> {
        match self {
            TestDb::Sqlite(s) => sqlx::query_scalar(sql).fetch_all(s.pool()).await,
            TestDb::Postgres(s) => sqlx::query_scalar(sql).fetch_all(s.pool()).await,
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The number of rows in a table.
    pub async fn count(&self, table: &str) -> i64 {
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}"));
        match self {
            TestDb::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(s.pool()).await,
            TestDb::Postgres(s) => sqlx::query_scalar(sql).fetch_one(s.pool()).await,
        }
        .unwrap_or_else(|e| panic!("count {table}: {e}"))
    }
}

impl Deref for TestDb {
    type Target = dyn Store;
    fn deref(&self) -> &(dyn Store + 'static) {
        match self {
            TestDb::Sqlite(s) => s,
            TestDb::Postgres(s) => s,
        }
    }
}

/// Every table, for counting rows.
pub const TABLES: [&str; 26] = [
    "councils",
    "node_kinds",
    "nodes",
    "node_former_names",
    "node_outcomes",
    "node_focus",
    "node_updates",
    "measures",
    "measure_alignments",
    "measure_tags",
    "summary_groups",
    "milestones",
    "target_revisions",
    "results",
    "milestone_updates",
    "process_changes",
    "comparison_groups",
    "comparison_group_areas",
    "measure_metrics",
    "benchmark_values",
    "users",
    "user_nodes",
    "sessions",
    "login_failures",
    "audit_log",
    "_sqlx_migrations",
];

/// The tables a council's definitions fill (and no others).
pub const DEFINITION_TABLES: [&str; 12] = [
    "councils",
    "node_kinds",
    "nodes",
    "node_former_names",
    "node_outcomes",
    "node_focus",
    "node_updates",
    "measures",
    "measure_alignments",
    "measure_tags",
    "summary_groups",
    "milestones",
];

pub async fn row_counts(db: &TestDb) -> Vec<(&'static str, i64)> {
    let mut counts = Vec::new();
    for table in TABLES {
        counts.push((table, db.count(table).await));
    }
    counts
}

/// A history in a form that can be compared (the core's MeasureHistory has no PartialEq).
pub type FlatHistory = (Vec<(String, Vec<ResultEntry>, Vec<TargetRevision>)>, Vec<MilestoneUpdate>);

pub fn flat(history: &CouncilHistory) -> FlatHistory {
    let measures =
        history.measures.iter().map(|(code, h)| (code.to_string(), h.results.clone(), h.targets.clone())).collect();
    (measures, history.milestone_updates.clone())
}

pub fn k(text: &str) -> Key {
    Key::parse(text).unwrap()
}
pub fn process_change(measure: &str, period: &str, reason: &str) -> outturn_store::ProcessChange {
    outturn_store::ProcessChange {
        measure: code(measure),
        period: p(period),
        reason: reason.to_string(),
        recorded_by: "Performance team".to_string(),
    }
}

/// One area's comparator value (`None`: no value in the data).
pub fn benchmark_value(metric: &str, area: &str, period: &str, value: Option<&str>) -> outturn_store::BenchmarkValue {
    outturn_store::BenchmarkValue {
        metric: metric.to_string(),
        area_code: area.to_string(),
        area_name: format!("Area {area}"),
        period: p(period),
        value: value.map(|v| v.parse().unwrap()),
    }
}

/// A comparison: the council's area code, groups of (key, name, areas) and
/// (measure, metric) pairs.
pub fn comparison(area: &str, groups: &[(&str, &str, &[&str])], metrics: &[(&str, &str)]) -> outturn_store::Comparison {
    outturn_store::Comparison {
        area_code: area.to_string(),
        groups: groups
            .iter()
            .map(|(key, name, areas)| outturn_store::ComparisonGroup {
                key: k(key),
                name: name.to_string(),
                areas: areas.iter().map(|a| a.to_string()).collect(),
            })
            .collect(),
        metrics: metrics.iter().map(|(m, id)| (code(m), id.to_string())).collect(),
    }
}

pub fn code(text: &str) -> MeasureCode {
    MeasureCode::parse(text).unwrap()
}
pub fn p(text: &str) -> Period {
    Period::parse(text).unwrap()
}
pub fn day(text: &str) -> Date {
    Date::from_str(text).unwrap()
}
pub fn at(text: &str) -> Timestamp {
    Timestamp::from_str(text).unwrap()
}

pub fn node(key: &str, kind: &str, name: &str, parent: Option<&str>) -> Node {
    Node {
        key: k(key),
        kind: k(kind),
        name: name.into(),
        parent: parent.map(k),
        created: None,
        closed: None,
        former_names: vec![],
        outcomes: vec![],
        focus: BTreeMap::new(),
        updates: BTreeMap::new(),
    }
}

pub fn measure(c: &str, owner: &str, unit: Unit, ytd: YtdRule, status_rule: StatusRule) -> Measure {
    Measure {
        code: code(c),
        title: format!("Measure {c}"),
        definition: None,
        owner: k(owner),
        officer: None,
        aligned: vec![],
        tags: vec![],
        unit,
        decimals: unit.default_decimals(),
        polarity: Polarity::Higher,
        frequency: Frequency::Quarterly,
        ytd,
        status_rule,
        active_from: None,
        retired_from: None,
        retired_reason: None,
    }
}

pub fn tolerance(kind: ToleranceKind, amber: Decimal) -> StatusRule {
    StatusRule::Tolerance(Tolerance { kind, amber })
}

/// A whole council's definitions: kinds, a tree declared partly child before
/// parent, measures of every unit, year-to-date rule and status rule, summary
/// groups of every condition and milestones.
pub fn definitions(slug: &str) -> ChangeSet {
    let mut changes = ChangeSet::for_council(k(slug), "Stevenage Borough Council");
    changes.kinds = vec![
        NodeKind { key: k("theme"), name: "Theme".into() },
        NodeKind { key: k("business-unit"), name: "Business unit".into() },
        NodeKind { key: k("programme"), name: "Programme".into() },
        NodeKind { key: k("strand"), name: "Strand".into() },
    ];
    let mut housing = node("housing-development", "programme", "Housing Development", None);
    housing.created = Some(day("2016-04-01"));
    housing.closed = Some(day("2024-03-31"));
    housing.former_names = vec![
        FormerName { name: "Housing Programme".into(), until: day("2018-03-31") },
        FormerName { name: "Housing & Regeneration".into(), until: day("2020-03-31") },
    ];
    housing.outcomes = vec!["More council homes".into(), "Homes people can afford".into()];
    housing.focus = BTreeMap::from([
        (p("2020/21").financial_year(), vec!["Kenilworth Close".into(), "Burwell Road".into()]),
        (p("2021/22").financial_year(), vec!["Wholly-owned housing company".into()]),
        (p("2022/23").financial_year(), vec![]),
    ]);
    housing.updates = BTreeMap::from([
        (p("2020/21-Q1"), "Site work paused for Covid-19.".into()),
        (p("2020/21-Q2"), "Work restarted in July; 'phase 2' on site.".into()),
    ]);
    let mut customer_services = node("customer-services", "business-unit", "Customer Services", Some("customer"));
    customer_services.former_names =
        vec![FormerName { name: "Customer Service Centre".into(), until: day("2019-03-31") }];
    changes.nodes = vec![
        // Declared before its parent.
        node("climate-change", "strand", "Climate Change", Some("place-of-choice")),
        node("place-of-choice", "programme", "Place of Choice", None),
        housing,
        node("customer", "theme", "Customer", None),
        customer_services,
        node("housing-and-investment", "business-unit", "Housing and Investment", Some("customer")),
    ];

    let mut bv9 = measure(
        "BV9",
        "customer-services",
        Unit::Percentage,
        YtdRule::Snapshot,
        tolerance(ToleranceKind::Points, dec!(2.5)),
    );
    bv9.title = "Percentage of council tax collected".into();
    bv9.definition = Some("Council tax received in year as a percentage of the net collectable debit.".into());
    bv9.officer = Some("Revenues Manager".into());
    bv9.tags = vec!["corporate".into(), "finance".into()];
    let mut ni156 = measure(
        "NI156",
        "housing-and-investment",
        Unit::Count,
        YtdRule::Snapshot,
        tolerance(ToleranceKind::Percent, dec!(10)),
    );
    ni156.polarity = Polarity::Lower;
    ni156.aligned = vec![k("housing-development"), k("climate-change")];
    ni156.tags = vec!["ftfc".into()];
    let mut voids = measure(
        "VoidsSheltered",
        "housing-and-investment",
        Unit::Days,
        YtdRule::Ratio { scale: dec!(1) },
        tolerance(ToleranceKind::Absolute, dec!(5.00)),
    );
    voids.polarity = Polarity::Lower;
    let mut void_loss =
        measure("VoidLoss1", "housing-and-investment", Unit::Money, YtdRule::Sum, StatusRule::Threshold);
    void_loss.polarity = Polarity::Lower;
    void_loss.frequency = Frequency::Monthly;
    let mut rate =
        measure("ECH-Rep4", "housing-and-investment", Unit::Rate { per: 1000 }, YtdRule::Snapshot, StatusRule::None);
    rate.polarity = Polarity::None;
    rate.frequency = Frequency::Annual;
    let mut websat = measure(
        "WebSat1",
        "customer-services",
        Unit::Score,
        YtdRule::MeanOfRatings,
        tolerance(ToleranceKind::Absolute, dec!(0.1)),
    );
    websat.frequency = Frequency::Monthly;
    websat.decimals = 3;
    let mut cus06 = measure("CUS.06", "customer", Unit::Ratio, YtdRule::RollingTwelveMonths, StatusRule::Threshold);
    cus06.frequency = Frequency::Monthly;
    cus06.active_from = Some(p("2020/21"));
    cus06.retired_from = Some(p("2022/23"));
    cus06.retired_reason = Some("Replaced by CUS.07".into());
    let mut cc1 = measure("CC1", "climate-change", Unit::Text, YtdRule::Snapshot, StatusRule::None);
    cc1.frequency = Frequency::Annual;
    cc1.polarity = Polarity::None;
    let bv213 = measure(
        "BV213",
        "housing-and-investment",
        Unit::Percentage,
        YtdRule::Ratio { scale: dec!(100) },
        tolerance(ToleranceKind::Percent, dec!(0.15)),
    );
    changes.measures = vec![bv9, ni156, voids, void_loss, rate, websat, cus06, cc1, bv213];

    changes.summary = Some(SummaryRule {
        groups: vec![
            SummaryGroup { label: "FTFC focus".into(), condition: GroupCondition::AlignedToKind(k("programme")) },
            SummaryGroup { label: "Corporate".into(), condition: GroupCondition::Tagged("corporate".into()) },
            SummaryGroup { label: "Customer".into(), condition: GroupCondition::Under(k("customer")) },
            SummaryGroup { label: "Other".into(), condition: GroupCondition::Rest },
        ],
        // Not the default, so that every roll-up column is written and read back.
        roll_up: Some(RollUpRule::Weighted(Scores {
            green: dec!(100),
            amber: dec!(50),
            red: dec!(0),
            green_from: dec!(75.5),
            amber_from: dec!(40),
        })),
        // The council's own words and colours, so that they are written and read back.
        labels: {
            let mut labels = outturn_core::StatusLabels::default();
            labels
                .set(outturn_core::Status::Exceeded, Some("Above target"), Some(outturn_core::Colour::Green))
                .unwrap();
            labels.set(outturn_core::Status::Green, Some("Within target"), Some(outturn_core::Colour::Blue)).unwrap();
            labels.set(outturn_core::Status::InformationOnly, None, Some(outturn_core::Colour::Grey)).unwrap();
            labels
        },
    });
    changes.milestones = vec![
        Milestone {
            key: k("kenilworth-close"),
            kind: "milestone".into(),
            title: "Kenilworth Close homes complete".into(),
            node: k("housing-development"),
            due: Some(p("2021/22-Q3")),
        },
        Milestone {
            key: k("publish-evaluation"),
            kind: "commitment".into(),
            title: "Publish an evaluation report annually".into(),
            node: k("customer-services"),
            due: None,
        },
    ];
    changes
}

/// The council the definitions describe, as `council()` should return it.
pub fn expected_council(changes: &ChangeSet) -> Council {
    Council {
        slug: changes.council.clone().unwrap(),
        name: changes.name.clone(),
        fictional: changes.fictional.unwrap_or(false),
        framework: Framework::new(changes.kinds.clone(), changes.nodes.clone()),
        measures: changes.measures.clone(),
        summary: changes.summary.clone().unwrap_or_default(),
        milestones: changes.milestones.clone(),
    }
}

pub fn figure(c: &str, period: &str, value: Decimal, recorded_at: &str) -> ResultEntry {
    ResultEntry {
        measure: code(c),
        period: p(period),
        value: ResultValue::Figure(Figure::of(value)),
        commentary: None,
        recorded_at: at(recorded_at),
        recorded_by: "data.owner@stevenage.gov.uk".into(),
    }
}

pub fn target(c: &str, period: &str, value: Decimal, effective: &str, reason: &str) -> TargetRevision {
    TargetRevision {
        measure: code(c),
        period: p(period),
        value,
        effective: day(effective),
        reason: reason.into(),
        author: "Performance team".into(),
        recorded_at: at(&format!("{effective}T09:00:00Z")),
    }
}

pub fn milestone_update(key: &str, period: &str, status: MilestoneStatus, recorded_at: &str) -> MilestoneUpdate {
    MilestoneUpdate { milestone: k(key), period: p(period), status, update: None, recorded_at: at(recorded_at) }
}

/// Results, targets and milestone updates of every shape for the definitions.
pub fn facts(slug: &str) -> ChangeSet {
    let mut changes = ChangeSet::for_council(k(slug), "Stevenage Borough Council");
    let mut websat = figure("WebSat1", "2020-09", dec!(0.4), "2020-10-05T09:00:00Z");
    websat.value = ResultValue::Figure(Figure {
        value: dec!(0.4),
        numerator: Some(dec!(2)),
        denominator: Some(dec!(5)),
        cumulative: false,
        // A year-end forecast, its scale kept (0.450, not 0.45).
        forecast: Some(dec!(0.450)),
    });
    let mut cumulative = figure("VoidLoss1", "2020-09", dec!(224901.00), "2020-10-06T16:45:12.123456789Z");
    cumulative.value = ResultValue::Figure(Figure {
        value: dec!(224901.00),
        numerator: None,
        denominator: None,
        cumulative: true,
        forecast: None,
    });
    cumulative.commentary = Some("April to September, from the finance system.".into());
    let mut missing = figure("NI156", "2020/21-Q2", dec!(0), "2020-10-07T08:00:00+01:00");
    missing.value = ResultValue::Missing { reason: "Awaiting data from the housing register".into() };
    let mut narrative = figure("CC1", "2020/21", dec!(0), "2021-04-20T12:00:00Z");
    narrative.value = ResultValue::Narrative;
    narrative.commentary = Some("Climate change strategy adopted by Executive.".into());
    changes.results =
        vec![figure("BV9", "2020/21-Q2", dec!(59.9), "2020-10-05T10:30:00Z"), websat, cumulative, missing, narrative];
    changes.targets = vec![
        target("BV9", "2020/21", dec!(75), "2020-04-01", "Set at budget"),
        target("BV9", "2020/21", dec!(80), "2020-10-01", "Raised by SLT"),
    ];
    let mut update = milestone_update(
        "kenilworth-close",
        "2020/21-Q1",
        MilestoneStatus::AffectedByExternalFactor { factor: "Covid-19".into() },
        "2020-07-10T09:00:00Z",
    );
    update.update = Some("Contractor stood down in April.".into());
    changes.milestone_updates = vec![
        update,
        milestone_update("publish-evaluation", "2020/21", MilestoneStatus::OnTrack, "2021-04-01T09:00:00Z"),
    ];
    changes
}

/// A user to create: `Name of USERNAME`, a made-up argon2 hash, enabled.
pub fn user(username: &str, role: Role, council: Option<&str>, nodes: &[&str]) -> UserRecord {
    UserRecord {
        username: username.into(),
        display_name: format!("Name of {username}"),
        role,
        council: council.map(k),
        nodes: nodes.iter().map(|n| k(n)).collect(),
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ${username}"),
        disabled: false,
    }
}

/// An audit line by `admin` about no council, with no before or after.
pub fn audit(event: &str, subject: &str, at_text: &str) -> AuditRecord {
    AuditRecord {
        at: at(at_text),
        actor: "admin".into(),
        council: None,
        event: event.into(),
        subject: subject.into(),
        before: None,
        after: None,
    }
}

pub fn session(token_hash: &str, user_id: i64, created_at: &str, expires_at: &str) -> SessionRecord {
    SessionRecord {
        token_hash: token_hash.into(),
        user_id,
        csrf_token: format!("csrf-{token_hash}"),
        created_at: at(created_at),
        expires_at: at(expires_at),
    }
}

/// Expands each test into `sqlite::NAME` and `postgres::NAME`; the body sees
/// `$db: Arc<TestDb>`, which derefs to `dyn Store`. A test file uses it with
/// `#[macro_use] mod support;` (the PostgreSQL half passes as a no-op when
/// OUTTURN_TEST_DATABASE_URL is not set).
#[allow(unused_macros)]
macro_rules! store_contract {
    ($(async fn $name:ident($db:ident) $body:block)*) => {
        mod sqlite {
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let $db = std::sync::Arc::new(TestDb::sqlite().await);
                    $body
                }
            )*
        }
        mod postgres {
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(db) = TestDb::postgres(stringify!($name)).await else {
                        eprintln!("{DATABASE_URL_VAR} is not set: not run on PostgreSQL");
                        return;
                    };
                    let db = std::sync::Arc::new(db);
                    let $db = db.clone();
                    let outcome = tokio::spawn(async move { $body }).await;
                    db.finish().await;
                    if let Err(e) = outcome {
                        std::panic::resume_unwind(e.into_panic());
                    }
                }
            )*
        }
    };
}
