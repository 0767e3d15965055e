//! How long does core take to evaluate a whole year for a large hosted
//! estate, against SQLite simply adding the same rows up?
//!
//! The estate: 300 councils x 280 measures x 12 monthly results (2020/21),
//! 1,008,000 result rows, with a mix of year-to-date rules (sum, snapshot,
//! ratio of days over lets, ratio as a percentage, mean of ratings), status
//! rules (tolerance in points, per cent and absolute; thresholds; information
//! only), both polarities, and targets (a year's level, monthly profiles for
//! summed measures, some revised in year).
//!
//! - `a_assess_every_measure_every_month`: a `MeasureView` of each measure as
//!   recorded, then every month of the year assessed from it (1,008,000
//!   assessments, each with status, variance, year-to-date figure and both
//!   directions of travel), as the product evaluates a year.
//! - `a_assess_every_measure_every_month_from_scratch`: the same with
//!   `outturn_core::assess`, which builds a new view for every assessment.
//! - `b_sqlite_sum_group_by_measure` / `b_sqlite_sum_all`: the baseline, the
//!   same rows in an in-memory SQLite database (values as REAL), summed per
//!   measure and in total.
//!
//! Everything is generated before timing starts (see `main`).
//!
//! Run: `cargo bench -p outturn-core --bench evaluate`

use std::sync::{LazyLock, Mutex};

use divan::Bencher;
use jiff::Timestamp;
use jiff::civil::date;
use outturn_core::result::score_from_ratings;
use outturn_core::{
    AsOf, Decimal, Figure, Frequency, Key, Measure, MeasureCode, MeasureHistory, MeasureView, Period, Polarity,
    ResultEntry, ResultValue, Status, StatusRule, TargetRevision, Tolerance, ToleranceKind, Unit, YtdRule, assess,
};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AssertSqlSafe, ConnectOptions, SqliteConnection};

const COUNCILS: usize = 300;
const MEASURES_PER_COUNCIL: usize = 280;
const MONTHS: usize = 12;

fn main() {
    // Generate the estate and load SQLite before any timing.
    let started = std::time::Instant::now();
    let estate = &*ESTATE;
    eprintln!(
        "estate: {} measures, {} result rows, built in {:.1?}",
        estate.measures.len(),
        estate.measures.iter().map(|(_, h)| h.results.len()).sum::<usize>(),
        started.elapsed()
    );
    // The mix of statuses for September (not timed), to show the estate is varied.
    let september = Period::parse("2020-09").unwrap();
    let mut mix = std::collections::BTreeMap::new();
    for (m, h) in &estate.measures {
        *mix.entry(assess(m, h, september, estate.as_of).unwrap().status.code()).or_insert(0usize) += 1;
    }
    eprintln!("statuses for {september}: {mix:?}");
    let started = std::time::Instant::now();
    let db = &*DATABASE;
    eprintln!("sqlite: {} rows loaded in {:.1?}", db.rows, started.elapsed());
    divan::main();
}

// ---------------------------------------------------------------------------
// The estate, in memory
// ---------------------------------------------------------------------------

struct Estate {
    /// Every council's measures, with everything recorded about each.
    measures: Vec<(Measure, MeasureHistory)>,
    /// April 2020 to March 2021.
    months: Vec<Period>,
    as_of: AsOf,
}

static ESTATE: LazyLock<Estate> = LazyLock::new(build_estate);

/// A small deterministic generator (xorshift64*), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A whole number in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }
}

/// The shapes of measure the estate mixes, by position in a council's list.
#[derive(Clone, Copy)]
enum Shape {
    /// Homelessness preventions: a monthly count, summed, with a cumulative monthly target profile.
    Sum,
    /// Households in temporary accommodation: the month's level.
    Snapshot,
    /// Days to re-let: total days over total lets.
    RatioDays,
    /// Calls answered as a percentage: answered / offered x 100.
    RatioPercent,
    /// Website satisfaction: the mean of +1/0/-1 ratings.
    MeanOfRatings,
}

fn shape_of(i: usize) -> Shape {
    match i % 5 {
        0 => Shape::Sum,
        1 => Shape::Snapshot,
        2 => Shape::RatioDays,
        3 => Shape::RatioPercent,
        _ => Shape::MeanOfRatings,
    }
}

fn tolerance(kind: ToleranceKind, amber: Decimal) -> StatusRule {
    StatusRule::Tolerance(Tolerance { kind, amber })
}

fn build_estate() -> Estate {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let year_start = Period::parse("2020-04").unwrap();
    let months: Vec<Period> = std::iter::successors(Some(year_start), |p| Some(p.next())).take(MONTHS).collect();
    let year = Period::Year(year_start.financial_year());
    let owner = Key::parse("service").unwrap();
    let mut measures = Vec::with_capacity(COUNCILS * MEASURES_PER_COUNCIL);
    for _council in 0..COUNCILS {
        for i in 0..MEASURES_PER_COUNCIL {
            let shape = shape_of(i);
            let code = MeasureCode::parse(&format!("KPI{i:03}")).unwrap();
            let (unit, mut polarity, ytd, mut rule) = match shape {
                Shape::Sum => {
                    (Unit::Count, Polarity::Higher, YtdRule::Sum, tolerance(ToleranceKind::Percent, 10.into()))
                }
                Shape::Snapshot => {
                    let polarity = if i % 2 == 0 { Polarity::Higher } else { Polarity::Lower };
                    (Unit::Percentage, polarity, YtdRule::Snapshot, tolerance(ToleranceKind::Points, 2.into()))
                }
                Shape::RatioDays => (
                    Unit::Days,
                    Polarity::Lower,
                    YtdRule::Ratio { scale: Decimal::ONE },
                    tolerance(ToleranceKind::Absolute, 3.into()),
                ),
                Shape::RatioPercent => (
                    Unit::Percentage,
                    Polarity::Higher,
                    YtdRule::Ratio { scale: Decimal::ONE_HUNDRED },
                    tolerance(ToleranceKind::Points, Decimal::new(25, 1)),
                ),
                Shape::MeanOfRatings => (
                    Unit::Score,
                    Polarity::Higher,
                    YtdRule::MeanOfRatings,
                    tolerance(ToleranceKind::Absolute, Decimal::new(1, 1)),
                ),
            };
            if i % 11 == 0 {
                rule = StatusRule::Threshold;
            }
            if i % 37 == 0 {
                polarity = Polarity::None;
                rule = StatusRule::None;
            }
            let measure = Measure {
                code: code.clone(),
                title: format!("Measure {i}"),
                definition: None,
                owner: owner.clone(),
                officer: None,
                aligned: vec![],
                tags: vec![],
                unit,
                decimals: unit.default_decimals(),
                polarity,
                frequency: Frequency::Monthly,
                ytd,
                status_rule: rule,
                active_from: None,
                retired_from: None,
                retired_reason: None,
            };
            debug_assert!(measure.problems().is_empty(), "{:?}", measure.problems());

            let mut results = Vec::with_capacity(MONTHS);
            for (m, month) in months.iter().enumerate() {
                let figure = match shape {
                    Shape::Sum => plain(rng.between(0, 50).into()),
                    Shape::Snapshot => plain(Decimal::new(rng.between(500, 1000), 1)),
                    Shape::RatioDays => {
                        let lets = rng.between(5, 40);
                        let days = lets * rng.between(15, 45) + rng.between(0, lets);
                        fraction(days.into(), lets.into(), Decimal::ONE)
                    }
                    Shape::RatioPercent => {
                        let offered = rng.between(50, 500);
                        let answered = offered - rng.between(0, offered / 5);
                        fraction(answered.into(), offered.into(), Decimal::ONE_HUNDRED)
                    }
                    Shape::MeanOfRatings => {
                        let (sum, count, _) = score_from_ratings(
                            rng.between(0, 30) as u32,
                            rng.between(0, 20) as u32,
                            rng.between(1, 15) as u32,
                        )
                        .unwrap();
                        fraction(sum, count, Decimal::ONE)
                    }
                };
                let commentary =
                    rng.next().is_multiple_of(10).then(|| "Recruitment to the team has now completed.".into());
                let recorded_at = recorded_after(*month, m);
                results.push(ResultEntry {
                    measure: code.clone(),
                    period: *month,
                    value: ResultValue::Figure(figure),
                    commentary,
                    recorded_at,
                    recorded_by: "owner".into(),
                });
            }

            let revision = |period: Period, value: Decimal, effective: jiff::civil::Date| TargetRevision {
                measure: code.clone(),
                period,
                value,
                effective,
                reason: "annual plan".into(),
                author: "team".into(),
                recorded_at: effective.at(9, 0, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp(),
            };
            let mut targets = Vec::new();
            match shape {
                // A cumulative profile: 25 a month.
                Shape::Sum => {
                    for (m, month) in months.iter().enumerate() {
                        targets.push(revision(*month, Decimal::from(25 * (m as i64 + 1)), date(2020, 4, 1)));
                    }
                }
                Shape::Snapshot => targets.push(revision(year, 80.into(), date(2020, 4, 1))),
                Shape::RatioDays => targets.push(revision(year, 29.into(), date(2020, 4, 1))),
                Shape::RatioPercent => targets.push(revision(year, 90.into(), date(2020, 4, 1))),
                Shape::MeanOfRatings => targets.push(revision(year, Decimal::new(3, 1), date(2020, 4, 1))),
            }
            // Some targets are revised in year.
            if i % 7 == 0 && !matches!(shape, Shape::Sum) {
                let raised = targets[0].value + Decimal::ONE;
                targets.push(revision(year, raised, date(2020, 10, 1)));
            }
            measures.push((measure, MeasureHistory { results, targets, ..MeasureHistory::default() }));
        }
    }
    let as_of = AsOf::end_of_day(date(2021, 6, 30));
    Estate { measures, months, as_of }
}

fn plain(value: Decimal) -> Figure {
    Figure { value, numerator: None, denominator: None, cumulative: false, forecast: None }
}

fn fraction(numerator: Decimal, denominator: Decimal, scale: Decimal) -> Figure {
    Figure {
        value: numerator / denominator * scale,
        numerator: Some(numerator),
        denominator: Some(denominator),
        cumulative: false,
        forecast: None,
    }
}

/// Entered some days after the month ends.
fn recorded_after(month: Period, spread: usize) -> Timestamp {
    let day = month.end_date().checked_add(jiff::Span::new().days(5 + spread as i64 % 10)).unwrap();
    day.at(10, 0, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp()
}

// ---------------------------------------------------------------------------
// Bench A: evaluate the whole year
// ---------------------------------------------------------------------------

/// 1,008,000 assessments a sample, as the product evaluates a year: one view
/// of each measure's history as recorded, then every month assessed from it.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn a_assess_every_measure_every_month(bencher: Bencher) {
    let estate = &*ESTATE;
    bencher.bench(|| {
        let mut counts = [0usize; 6];
        for (measure, history) in &estate.measures {
            let view = MeasureView::new(measure, history, estate.as_of);
            for month in &estate.months {
                let a = view.assess(*month).expect("due and active");
                counts[a.status as usize] += 1;
            }
        }
        debug_assert_eq!(counts.iter().sum::<usize>(), COUNCILS * MEASURES_PER_COUNCIL * MONTHS);
        debug_assert_eq!(counts[Status::Missing as usize], 0);
        counts
    });
}

/// The same, each month assessed from scratch (`assess`: a new view every time).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn a_assess_every_measure_every_month_from_scratch(bencher: Bencher) {
    let estate = &*ESTATE;
    bencher.bench(|| {
        let mut counts = [0usize; 6];
        for (measure, history) in &estate.measures {
            for month in &estate.months {
                let a = assess(measure, history, *month, estate.as_of).expect("due and active");
                counts[a.status as usize] += 1;
            }
        }
        debug_assert_eq!(counts.iter().sum::<usize>(), COUNCILS * MEASURES_PER_COUNCIL * MONTHS);
        debug_assert_eq!(counts[Status::Missing as usize], 0);
        counts
    });
}

/// The same work for one council's quarterly report (280 measures, Q2).
#[divan::bench(sample_count = 50)]
fn a_assess_one_council_q2(bencher: Bencher) {
    let estate = &*ESTATE;
    let q2 = Period::parse("2020/21-Q2").unwrap();
    bencher.bench(|| {
        estate.measures[..MEASURES_PER_COUNCIL]
            .iter()
            .map(|(m, h)| assess(m, h, q2, estate.as_of).expect("due").status)
            .filter(|s| *s == Status::Green)
            .count()
    });
}

// ---------------------------------------------------------------------------
// Bench B: the baseline, SQLite adding the same rows up
// ---------------------------------------------------------------------------

struct Database {
    runtime: tokio::runtime::Runtime,
    connection: Mutex<SqliteConnection>,
    rows: i64,
}

static DATABASE: LazyLock<Database> = LazyLock::new(load_database);

fn load_database() -> Database {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (connection, rows) = runtime.block_on(async {
        let mut db = "sqlite::memory:".parse::<SqliteConnectOptions>().unwrap().connect().await.unwrap();
        // Shaped like the store's results table (an id, an index on measure and id),
        // but with the value as REAL so that SQLite can add it up itself.
        sqlx::raw_sql(
            "CREATE TABLE results (
                id INTEGER PRIMARY KEY,
                measure_id INTEGER NOT NULL,
                period TEXT NOT NULL,
                value REAL NOT NULL,
                numerator REAL,
                denominator REAL,
                recorded_at TEXT NOT NULL
            );
            CREATE INDEX results_measure ON results (measure_id, id);",
        )
        .execute(&mut db)
        .await
        .unwrap();

        const ROWS_PER_INSERT: usize = 1000;
        const COLUMNS: usize = 6;
        let placeholders = vec!["(?, ?, ?, ?, ?, ?)"; ROWS_PER_INSERT].join(", ");
        let full = format!(
            "INSERT INTO results (measure_id, period, value, numerator, denominator, recorded_at) VALUES {placeholders}"
        );
        let rows: Vec<(i64, &ResultEntry)> = ESTATE
            .measures
            .iter()
            .enumerate()
            .flat_map(|(id, (_, h))| h.results.iter().map(move |r| (id as i64, r)))
            .collect();
        let mut tx = sqlx::Connection::begin(&mut db).await.unwrap();
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = if chunk.len() == ROWS_PER_INSERT {
                full.clone()
            } else {
                format!(
                    "INSERT INTO results (measure_id, period, value, numerator, denominator, recorded_at) VALUES {}",
                    vec!["(?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
                )
            };
            debug_assert_eq!(sql.matches('?').count(), chunk.len() * COLUMNS);
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (id, r) in chunk {
                let ResultValue::Figure(f) = &r.value else { unreachable!("every row is a figure") };
                // Decimals go in as text; the REAL column's affinity converts them.
                query = query
                    .bind(*id)
                    .bind(r.period.to_string())
                    .bind(f.value.to_string())
                    .bind(f.numerator.map(|n| n.to_string()))
                    .bind(f.denominator.map(|d| d.to_string()))
                    .bind(r.recorded_at.to_string());
            }
            query.execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
        let (rows, reals): (i64, i64) = sqlx::query_as("SELECT COUNT(*), SUM(typeof(value) = 'real') FROM results")
            .fetch_one(&mut db)
            .await
            .unwrap();
        assert_eq!(rows, (COUNCILS * MEASURES_PER_COUNCIL * MONTHS) as i64);
        assert_eq!(reals, rows, "every value is stored as REAL");
        (db, rows)
    });
    Database { runtime, connection: Mutex::new(connection), rows }
}

/// One sum per measure: 84,000 rows back.
#[divan::bench(sample_count = 20)]
fn b_sqlite_sum_group_by_measure(bencher: Bencher) {
    let db = &*DATABASE;
    let mut connection = db.connection.lock().unwrap();
    bencher.bench_local(|| {
        db.runtime.block_on(async {
            // The baseline reads SQLite's REAL sums as binary floats; core never does.
            let sums: Vec<(i64, f64)> =
                sqlx::query_as("SELECT measure_id, SUM(value) FROM results GROUP BY measure_id")
                    .fetch_all(&mut *connection)
                    .await
                    .unwrap();
            assert_eq!(sums.len(), COUNCILS * MEASURES_PER_COUNCIL);
            sums
        })
    });
}

/// One sum over every row.
#[divan::bench(sample_count = 20)]
fn b_sqlite_sum_all(bencher: Bencher) {
    let db = &*DATABASE;
    let mut connection = db.connection.lock().unwrap();
    bencher.bench_local(|| {
        db.runtime.block_on(async {
            let (sum,): (f64,) =
                sqlx::query_as("SELECT SUM(value) FROM results").fetch_one(&mut *connection).await.unwrap();
            sum
        })
    });
}
