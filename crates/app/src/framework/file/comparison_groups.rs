//! The comparison groups file a framework names (`[data]
//! comparison_groups`), TOML: the council's own area code in the
//! comparator data, the groups it is compared within, and the metric each
//! measure is compared on. Every problem names the file, line and field.
//! See docs/benchmarking.md.
//!
//! ```toml
//! [council]
//! area_code = "E07000243"
//!
//! [[groups]]
//! key = "nearest-neighbours"
//! name = "Nearest neighbours"
//! areas = ["E07000098", "E07000102"]
//!
//! [metrics]
//! "BV9" = "1234"
//! ```
//!
//! When the framework also names a benchmarks CSV, every area of a group
//! (and the council's own) and every metric mapped must appear in at least
//! one of its rows: one in no row at all is most likely mistyped. An area
//! with no value for some metric or period is not a problem (it is left
//! out of that comparison and counted as missing).

use std::collections::{BTreeMap, HashMap, HashSet};

use outturn_core::{Key, Measure, MeasureCode};
use outturn_store::{Comparison, ComparisonGroup};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::benchmarks::identifier;
use super::problem::Problems;
use super::toml_model::S;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComparisonToml {
    council: S<CouncilAreaToml>,
    #[serde(default)]
    groups: Vec<S<GroupToml>>,
    #[serde(default)]
    metrics: BTreeMap<S<String>, S<MetricId>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CouncilAreaToml {
    area_code: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupToml {
    key: S<String>,
    name: S<String>,
    areas: Vec<S<String>>,
}

/// A metric id written as a string ("1234") or a whole number (1234).
#[derive(Debug)]
struct MetricId(String);

impl<'de> Deserialize<'de> for MetricId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = MetricId;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a metric id such as \"1234\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MetricId, E> {
                Ok(MetricId(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<MetricId, E> {
                Ok(MetricId(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<MetricId, E> {
                Ok(MetricId(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// The areas and metrics a benchmarks CSV gives rows for, to check the
/// comparison's against.
pub(super) struct InData<'a> {
    pub file: &'a str,
    pub areas: HashSet<&'a str>,
    pub metrics: HashSet<&'a str>,
}

/// Reads the comparison file whose text `problems` holds, checking its
/// measures against the framework's and, when a benchmarks CSV is named,
/// its areas and metrics against the data; `None` when it has problems.
pub(super) fn read_comparison(
    problems: &mut Problems,
    measures: &HashMap<&str, &Measure>,
    data: Option<&InData>,
) -> Option<Comparison> {
    let file: ComparisonToml = match toml::from_str(problems.source.text) {
        Ok(f) => f,
        Err(e) => {
            let line = e.span().map(|s| problems.source.line_of(s));
            problems.at_line(line, "toml", e.message().trim().to_string());
            return None;
        }
    };
    let before = problems.found.len();
    let absent = |problems: &mut Problems, value: &S<String>, field: &str, what: &str| {
        if let Some(data) = data
            && !data.areas.contains(value.get_ref().trim())
        {
            problems.at(
                value.span(),
                field,
                format!(
                    "{what} {} appears in no row of {}: check the code (an area with no value for some metric or \
                     period is fine; one in no row at all is most likely mistyped)",
                    value.get_ref().trim(),
                    data.file
                ),
            );
        }
    };

    let council = &file.council.get_ref().area_code;
    let area_code = code(problems, council, "council.area_code", "an area code");
    if area_code.is_some() {
        absent(problems, council, "council.area_code", "the council's area code");
    }

    if file.groups.is_empty() {
        problems.at_line(None, "groups", "no comparison groups: give at least one [[groups]] with its areas");
    }
    let mut groups = Vec::new();
    let mut keys = HashSet::new();
    for (i, g) in file.groups.iter().enumerate() {
        let field = format!("groups[{i}]");
        let g = g.get_ref();
        let key = Key::parse(g.key.get_ref())
            .map_err(|e| problems.at(g.key.span(), format!("{field}.key"), e.to_string()))
            .ok();
        if let Some(k) = &key
            && !keys.insert(k.clone())
        {
            problems.at(g.key.span(), format!("{field}.key"), format!("the comparison group {k} is declared twice"));
        }
        let name = g.name.get_ref().trim();
        if name.is_empty() {
            problems.at(g.name.span(), format!("{field}.name"), "must not be empty");
        }
        if g.areas.is_empty() {
            problems.at(g.key.span(), format!("{field}.areas"), "a comparison group needs at least one area");
        }
        let mut areas: Vec<String> = Vec::new();
        for area in &g.areas {
            let Some(a) = code(problems, area, &format!("{field}.areas"), "an area code") else { continue };
            if areas.contains(&a) {
                let which = key.as_ref().map_or_else(|| name.to_string(), Key::to_string);
                problems.at(area.span(), format!("{field}.areas"), format!("{a} is listed twice in the group {which}"));
                continue;
            }
            absent(problems, area, &format!("{field}.areas"), "the area");
            areas.push(a);
        }
        if let Some(key) = key {
            groups.push(ComparisonGroup { key, name: name.to_string(), areas });
        }
    }

    let mut metrics = BTreeMap::new();
    for (measure, metric) in &file.metrics {
        let field = format!("metrics.{}", measure.get_ref());
        let found = measures.get(measure.get_ref().as_str()).copied();
        if found.is_none() {
            problems.at(
                measure.span(),
                &field,
                format!("{} is not a measure in the framework file", measure.get_ref()),
            );
        }
        let id = identifier(&metric.get_ref().0, "a metric id").map_err(|e| problems.at(metric.span(), &field, e)).ok();
        if let (Some(data), Some(id)) = (data, &id)
            && !data.metrics.contains(id.as_str())
        {
            problems.at(
                metric.span(),
                &field,
                format!(
                    "the metric {id} appears in no row of {}: check the id (a measure with no data yet can be left out of [metrics])",
                    data.file
                ),
            );
        }
        if let (Some(m), Some(id)) = (found, id) {
            metrics.insert(MeasureCode::clone(&m.code), id);
        }
    }
    if problems.found.len() > before {
        return None;
    }
    Some(Comparison { area_code: area_code?, groups, metrics })
}

fn code(problems: &mut Problems, value: &S<String>, field: &str, what: &str) -> Option<String> {
    identifier(value.get_ref(), what).map_err(|e| problems.at(value.span(), field, e)).ok()
}
