//! Use case: benchmarking. Where a measure's figure stands among other
//! councils' in each of the council's comparison groups, from the
//! comparator data the framework file loads (`[data] benchmarks` and
//! `comparison_groups`): quartile, rank, median, gaps and direction of
//! travel, computed by core (`outturn_core::benchmark`), with area names
//! from the data. For one measure (its page, `outturn benchmark`) or every
//! measure of a council mapped to a metric (the dashboard's quartile
//! column, the reports). Reads only the metrics asked for.
//!
//! The period compared is the one asked for, or else the latest period of
//! the metric in which the council's own area has a value (the latest with
//! any value when the council has none in any period); the council
//! dashboard takes, for each measure, the latest such period ending by the
//! period it shows.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use outturn_core::benchmark::{Benchmark, QUANTILE_METHOD, Travel, benchmark};
use outturn_core::{Decimal, Key, Measure, MeasureCode, Period, Polarity, Unit};
use outturn_store::{BenchmarkValue, Comparison, ComparisonGroup, Council, Store};
use serde_json::{Value, json};

use crate::AppError;
use crate::actor::Actor;

/// The inclusion rule, in words, wherever a comparison is shown.
pub const INCLUSION_RULE: &str = "the council is counted in each group once, whether the group lists it or not \
    (as LG Inform compares an area within its comparison group); areas with no value are left out";

/// One comparison group's result for the measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupBenchmark {
    pub key: Key,
    pub name: String,
    pub benchmark: Benchmark,
}

/// A measure compared within each of the council's groups for one period.
#[derive(Debug, Clone)]
pub struct MeasureBenchmark {
    pub council: Arc<Council>,
    pub measure: Measure,
    /// The comparator metric the measure is compared on.
    pub metric: String,
    /// The council's own area code in the data.
    pub area_code: String,
    pub period: Period,
    /// The same period a year before, for the direction of travel.
    pub last_year: Period,
    /// Every period the metric has a value in, oldest first.
    pub periods: Vec<Period>,
    /// Each area's name as the data gives it (the latest row's).
    pub area_names: BTreeMap<String, String>,
    /// In the order the comparison file gives the groups.
    pub groups: Vec<GroupBenchmark>,
}

/// Why a measure has no comparison.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoBenchmark {
    #[error(
        "council {council} has no comparison groups: name a comparison groups file in the framework's [data] (see docs/benchmarking.md)"
    )]
    NoComparison { council: String },
    #[error(
        "{measure} is not compared with other councils: map it to a metric in the comparison groups file's [metrics]"
    )]
    NotMapped { measure: MeasureCode },
    #[error("{measure} is compared on metric {metric}, which has no comparator data yet")]
    NoData { measure: MeasureCode, metric: String },
    #[error("metric {metric} ({measure}) has no comparator data for {period}; it has {}", list(.periods))]
    NoDataFor { measure: MeasureCode, metric: String, period: Period, periods: Vec<Period> },
}

fn list(periods: &[Period]) -> String {
    periods.iter().map(Period::to_string).collect::<Vec<_>>().join(", ")
}

impl MeasureBenchmark {
    /// A direction of travel in words: "improved (from 95.9%)", "did not
    /// change (95.9%)", "has no figure to compare".
    pub fn travel_words(&self, travel: Travel, before: Option<Decimal>) -> String {
        let before = before.map(|v| self.figure(v)).unwrap_or_default();
        match travel {
            Travel::Improved => format!("improved (from {before})"),
            Travel::Worsened => format!("worsened (from {before})"),
            Travel::Increased => format!("increased (from {before})"),
            Travel::Decreased => format!("decreased (from {before})"),
            Travel::NoChange => format!("did not change ({before})"),
            Travel::NotComparable => "has no figure to compare".to_string(),
        }
    }

    pub fn polarity(&self) -> Polarity {
        self.measure.polarity
    }
    /// An area's name as the data gives it, or its code when it has no row.
    pub fn area_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.area_names.get(code).map_or(code, String::as_str)
    }
    /// The first group's result: the one a single column (the dashboard's
    /// quartile) shows.
    pub fn headline(&self) -> Option<&GroupBenchmark> {
        self.groups.first()
    }
    /// A figure in the measure's unit and places ("96.1%", "£1,200").
    pub fn figure(&self, value: Decimal) -> String {
        self.measure.format_figure(value)
    }
    /// A signed gap in words: "0.6 percentage points worse than", "3 days
    /// better than", "2 above" (information only), "level with".
    pub fn gap_words(&self, gap: Decimal) -> String {
        if gap.is_zero() {
            return "level with".into();
        }
        let size = match self.measure.unit {
            Unit::Percentage => {
                format!("{} percentage points", Unit::Count.format(gap.abs(), self.measure.decimals))
            }
            unit => unit.format(gap.abs(), self.measure.decimals),
        };
        let side = match (self.polarity(), gap.is_sign_positive()) {
            (Polarity::None, true) => "above",
            (Polarity::None, false) => "below",
            (_, true) => "better than",
            (_, false) => "worse than",
        };
        format!("{size} {side}")
    }

    /// The comparison as JSON, as `outturn benchmark --format json` gives
    /// it: every figure exact (decimals as strings), each rule named.
    pub fn json(&self) -> Value {
        let polarity = self.polarity();
        let figure = |v: Option<Decimal>| v.map_or(Value::Null, |d| Value::String(d.to_string()));
        let groups: Vec<Value> = self
            .groups
            .iter()
            .map(|g| {
                let b = &g.benchmark;
                let position = b.position.as_ref().map_or(Value::Null, |p| {
                    json!({
                        "value": p.value.to_string(),
                        "quartile": p.quartile.number(),
                        "quartile_label": p.quartile.label(polarity),
                        "rank": p.rank.position,
                        "of": p.rank.of,
                        "tied": p.rank.tied,
                        "rank_label": p.rank.describe(polarity),
                        "gap_to_median": p.gap_to_median.to_string(),
                        "gap_to_top_quartile": p.gap_to_top_quartile.to_string(),
                    })
                });
                let quartiles = b.quartiles.map_or(Value::Null, |q| {
                    json!({
                        "lowest": q.lowest.to_string(),
                        "lower": q.lower.to_string(),
                        "median": q.median.to_string(),
                        "upper": q.upper.to_string(),
                        "highest": q.highest.to_string(),
                        "top_quartile_boundary": q.top_boundary(polarity).to_string(),
                    })
                });
                let missing: Vec<Value> =
                    b.missing.iter().map(|a| json!({ "area_code": a, "area_name": self.area_name(a) })).collect();
                let areas: Vec<Value> = b
                    .areas
                    .iter()
                    .map(|a| {
                        json!({
                            "area_code": a.area,
                            "area_name": self.area_name(&a.area),
                            "value": figure(a.value),
                            "rank": a.rank,
                            "council": a.council,
                        })
                    })
                    .collect();
                json!({
                    "key": g.key.to_string(),
                    "name": g.name,
                    "listed": b.listed,
                    "compared": b.compared,
                    "missing": missing,
                    "quartiles": quartiles,
                    "median": figure(b.median()),
                    "position": position,
                    "last_year": {
                        "period": self.last_year.to_string(),
                        "council": figure(b.last_year.council),
                        "median": figure(b.last_year.median),
                        "compared": b.last_year.compared,
                    },
                    "council_travel": b.council_travel.code(),
                    "median_travel": b.median_travel.code(),
                    "areas": areas,
                })
            })
            .collect();
        json!({
            "council": self.council.slug.to_string(),
            "council_name": self.council.name,
            "measure": self.measure.code.to_string(),
            "title": self.measure.title,
            "polarity": polarity,
            "metric": self.metric,
            "area_code": self.area_code,
            "period": self.period.to_string(),
            "last_year_period": self.last_year.to_string(),
            "periods": self.periods.iter().map(Period::to_string).collect::<Vec<_>>(),
            "method": outturn_core::benchmark::QUANTILE_METHOD_CODE,
            "method_description": QUANTILE_METHOD,
            "inclusion": INCLUSION_RULE,
            "groups": groups,
        })
    }
}

/// Every measure of a council mapped to a metric, compared.
#[derive(Debug, Clone)]
pub struct CouncilBenchmarks {
    pub council: Arc<Council>,
    /// `None` when the council has no comparison groups.
    pub comparison: Option<Comparison>,
    /// The measures with data, in the council's measure order.
    pub measures: Vec<MeasureBenchmark>,
    /// The measures mapped to a metric that have no data by the period asked, and why.
    pub not_compared: Vec<NoBenchmark>,
}

impl CouncilBenchmarks {
    /// The comparison of one measure, when it has one.
    pub fn of(&self, code: &MeasureCode) -> Option<&MeasureBenchmark> {
        self.measures.iter().find(|m| &m.measure.code == code)
    }
}

/// Which period to compare.
#[derive(Debug, Clone, Copy)]
enum Choice {
    Exactly(Period),
    /// The latest with data, ending by this period when given.
    Latest(Option<Period>),
}

/// One measure compared within each of the council's groups, for `period`
/// or the latest period with data, for whoever may read the council. `Ok(Err)`
/// says why there is no comparison (no groups, no metric, no data).
pub async fn measure_benchmark(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    period: Option<Period>,
) -> Result<Result<MeasureBenchmark, NoBenchmark>, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code).cloned() else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    let Some(comparison) = store.comparison(&council.slug).await? else {
        return Ok(Err(NoBenchmark::NoComparison { council: council.slug.to_string() }));
    };
    let Some(metric) = comparison.metrics.get(code).cloned() else {
        return Ok(Err(NoBenchmark::NotMapped { measure: code.clone() }));
    };
    let values = store.benchmarks(&council.slug, std::slice::from_ref(&metric)).await?;
    let choice = period.map_or(Choice::Latest(None), Choice::Exactly);
    compare(&council, &comparison, measure, metric, &values, choice)
}

/// One measure compared for the latest period with data ending by `up_to`,
/// once who may read is settled (the published view reads this way).
pub(crate) async fn benchmark_up_to(
    store: &dyn Store,
    council: &Arc<Council>,
    measure: &Measure,
    up_to: Period,
) -> Result<Result<MeasureBenchmark, NoBenchmark>, AppError> {
    let Some(comparison) = store.comparison(&council.slug).await? else {
        return Ok(Err(NoBenchmark::NoComparison { council: council.slug.to_string() }));
    };
    let Some(metric) = comparison.metrics.get(&measure.code).cloned() else {
        return Ok(Err(NoBenchmark::NotMapped { measure: measure.code.clone() }));
    };
    let values = store.benchmarks(&council.slug, std::slice::from_ref(&metric)).await?;
    compare(council, &comparison, measure.clone(), metric, &values, Choice::Latest(Some(up_to)))
}

/// Every measure of the council mapped to a metric, each compared for the
/// latest period with data ending by `up_to` (any, when not given), for
/// whoever may read the council. Reads the comparison and the mapped
/// metrics' values once.
pub async fn council_benchmarks(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    up_to: Option<Period>,
) -> Result<CouncilBenchmarks, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    let Some(comparison) = store.comparison(&council.slug).await? else {
        return Ok(CouncilBenchmarks { council, comparison: None, measures: Vec::new(), not_compared: Vec::new() });
    };
    let mapped: Vec<(&Measure, &String)> =
        council.measures.iter().filter_map(|m| comparison.metrics.get(&m.code).map(|id| (m, id))).collect();
    let mut metrics: Vec<String> = Vec::new();
    for (_, id) in &mapped {
        if !metrics.contains(id) {
            metrics.push((*id).clone());
        }
    }
    let values = store.benchmarks(&council.slug, &metrics).await?;
    let mut by_metric: HashMap<&str, Vec<BenchmarkValue>> = HashMap::new();
    for v in &values {
        by_metric.entry(v.metric.as_str()).or_default().push(v.clone());
    }
    let (mut measures, mut not_compared) = (Vec::new(), Vec::new());
    for (measure, metric) in mapped {
        let rows = by_metric.get(metric.as_str()).map_or(&[][..], Vec::as_slice);
        match compare(&council, &comparison, measure.clone(), metric.clone(), rows, Choice::Latest(up_to))? {
            Ok(compared) => measures.push(compared),
            Err(why) => not_compared.push(why),
        }
    }
    Ok(CouncilBenchmarks { council, comparison: Some(comparison), measures, not_compared })
}

/// The measure compared within each group, from its metric's values.
fn compare(
    council: &Arc<Council>,
    comparison: &Comparison,
    measure: Measure,
    metric: String,
    values: &[BenchmarkValue],
    choice: Choice,
) -> Result<Result<MeasureBenchmark, NoBenchmark>, AppError> {
    let area = comparison.area_code.as_str();
    let mut periods: Vec<Period> = values.iter().filter(|v| v.value.is_some()).map(|v| v.period).collect();
    periods.sort_by_key(|p| (p.last_month(), p.first_month()));
    periods.dedup();
    let period = match choice {
        Choice::Exactly(p) if values.iter().any(|v| v.period == p) => p,
        Choice::Exactly(p) => {
            let measure = measure.code.clone();
            return Ok(Err(NoBenchmark::NoDataFor { measure, metric, period: p, periods }));
        }
        Choice::Latest(up_to) => {
            let by = |p: &&Period| up_to.is_none_or(|u| p.last_month() <= u.last_month());
            let own = |p: &&Period| values.iter().any(|v| v.period == **p && v.area_code == area && v.value.is_some());
            match periods.iter().filter(by).rfind(own).or_else(|| periods.iter().rfind(by)) {
                Some(p) => *p,
                None => return Ok(Err(NoBenchmark::NoData { measure: measure.code.clone(), metric })),
            }
        }
    };
    let last_year = period.same_period_last_year();
    let mut area_names = BTreeMap::new();
    let (mut now, mut before): (HashMap<&str, Decimal>, HashMap<&str, Decimal>) = Default::default();
    for v in values {
        // Oldest first: the latest row's name stays.
        area_names.insert(v.area_code.clone(), v.area_name.clone());
        match v.value {
            Some(value) if v.period == period => _ = now.insert(&v.area_code, value),
            Some(value) if v.period == last_year => _ = before.insert(&v.area_code, value),
            _ => {}
        }
    }
    let mut groups = Vec::with_capacity(comparison.groups.len());
    for ComparisonGroup { key, name, areas } in &comparison.groups {
        let result = benchmark(area, areas, measure.polarity, |a| now.get(a).copied(), |a| before.get(a).copied())
            .map_err(|e| AppError::BadInput { field: "benchmarks", message: e.to_string() })?;
        groups.push(GroupBenchmark { key: key.clone(), name: name.clone(), benchmark: result });
    }
    Ok(Ok(MeasureBenchmark {
        council: council.clone(),
        measure,
        metric,
        area_code: area.to_string(),
        period,
        last_year,
        periods,
        area_names,
        groups,
    }))
}
