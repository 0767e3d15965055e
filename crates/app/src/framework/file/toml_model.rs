//! The framework file as written: TOML tables deserialised with the byte
//! position of every value, so each later check can name the line.
//! See docs/framework-file.md for the format.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkToml {
    pub council: CouncilToml,
    #[serde(default)]
    pub node_kinds: Vec<S<NodeKindToml>>,
    #[serde(default)]
    pub nodes: Vec<S<NodeToml>>,
    #[serde(default)]
    pub measures: Vec<S<MeasureToml>>,
    #[serde(default)]
    pub summary: Option<SummaryToml>,
    #[serde(default)]
    pub milestones: Vec<S<MilestoneToml>>,
    #[serde(default)]
    pub data: Option<DataToml>,
    /// Report settings: the cover block and implications of committee reports.
    #[serde(default)]
    pub report: Option<S<ReportToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportToml {
    pub committee: Option<String>,
    pub portfolio_holder: Option<String>,
    pub lead_officer: Option<String>,
    pub contact: Option<S<ContactToml>>,
    #[serde(default)]
    pub implications: Vec<S<ImplicationToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactToml {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImplicationToml {
    pub title: S<String>,
    pub text: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilToml {
    pub slug: S<String>,
    pub name: S<String>,
    /// A demo council with generated figures: every page and document says so.
    #[serde(default)]
    pub fictional: bool,
    /// The status rule of every measure that gives none of its own.
    pub status: Option<S<StatusToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeKindToml {
    pub key: S<String>,
    pub name: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeToml {
    pub key: S<String>,
    pub kind: S<String>,
    pub name: S<String>,
    pub parent: Option<S<String>>,
    pub created: Option<S<String>>,
    pub closed: Option<S<String>>,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub former_names: Vec<S<FormerNameToml>>,
    #[serde(default)]
    pub focus: BTreeMap<S<String>, Vec<String>>,
    #[serde(default)]
    pub updates: Vec<S<UpdateToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormerNameToml {
    pub name: S<String>,
    pub until: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateToml {
    pub period: S<String>,
    pub text: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureToml {
    pub code: S<String>,
    pub title: S<String>,
    pub definition: Option<String>,
    pub owner: S<String>,
    pub officer: Option<String>,
    #[serde(default)]
    pub aligned: Vec<S<String>>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub unit: S<String>,
    pub rate_per: Option<S<i64>>,
    pub decimals: Option<S<i64>>,
    pub polarity: S<String>,
    pub frequency: S<String>,
    pub ytd: S<String>,
    pub ratio_scale: Option<S<TomlDecimal>>,
    /// Its status rule; the council's (`[council] status`) when not given.
    pub status: Option<S<StatusToml>>,
    pub active_from: Option<S<String>>,
    pub retired_from: Option<S<String>>,
    pub retired_reason: Option<String>,
}

/// `status = "none"` or `status = { tolerance = "points", amber = "2" }` (with
/// `beyond = "direction"` for the direction-aware rule) or `status = { threshold = true }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum StatusToml {
    Word(String),
    Table(StatusTableToml),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusTableToml {
    pub tolerance: Option<String>,
    pub amber: Option<TomlDecimal>,
    /// What a figure beyond the tolerance is: "red" (the default),
    /// "direction" or "forecast".
    pub beyond: Option<String>,
    /// Bands: how far short of target is still Green (amber is then the
    /// Amber band's outer edge).
    pub green: Option<TomlDecimal>,
    /// Bands: how far better than target is still Green (beyond: Exceeded).
    pub exceeded: Option<TomlDecimal>,
    pub threshold: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryToml {
    #[serde(default)]
    pub groups: Vec<S<SummaryGroupToml>>,
    /// How statuses roll up the tree; worst of when not given.
    pub roll_up: Option<S<RollUpToml>>,
    /// The council's words and colours for statuses, by status code:
    /// `green = { label = "On target", colour = "blue" }`.
    #[serde(default)]
    pub labels: BTreeMap<String, S<StatusLabelToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusLabelToml {
    pub label: Option<String>,
    pub colour: Option<String>,
}

/// `roll_up = "worst-of"` or `"majority"`, or `roll_up = { rule = "weighted" }`
/// with the points each status earns and where the bands begin.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RollUpToml {
    Word(String),
    Table(RollUpTableToml),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollUpTableToml {
    /// Optional here so that a table without it is named, not "did not match".
    pub rule: Option<String>,
    pub green: Option<TomlDecimal>,
    pub amber: Option<TomlDecimal>,
    pub red: Option<TomlDecimal>,
    pub green_from: Option<TomlDecimal>,
    pub amber_from: Option<TomlDecimal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryGroupToml {
    pub label: S<String>,
    pub aligned_to_kind: Option<S<String>>,
    pub under: Option<S<String>>,
    pub tagged: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneToml {
    pub key: S<String>,
    pub kind: S<String>,
    pub title: S<String>,
    pub node: S<String>,
    pub due: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataToml {
    pub targets: Option<S<String>>,
    pub results: Option<S<String>>,
    pub milestone_updates: Option<S<String>>,
    pub forecasts: Option<S<String>>,
    pub process_changes: Option<S<String>>,
    /// Comparator data for benchmarking (LG Inform's shape).
    pub benchmarks: Option<S<String>>,
    /// The council's area code, comparison groups and measure-to-metric mapping.
    pub comparison_groups: Option<S<String>>,
}

/// A decimal written as a string ("2.5") or an integer (5). A TOML float is
/// refused: it has already lost the exact value by the time it is read.
#[derive(Debug, Clone)]
pub enum TomlDecimal {
    Text(String),
    Integer(i64),
    Float(f64),
}

impl<'de> Deserialize<'de> for TomlDecimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TomlDecimal;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a decimal in quotes such as \"2.5\", or a whole number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TomlDecimal, E> {
                Ok(TomlDecimal::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TomlDecimal, E> {
                Ok(TomlDecimal::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TomlDecimal, E> {
                i64::try_from(v).map(TomlDecimal::Integer).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<TomlDecimal, E> {
                Ok(TomlDecimal::Float(v))
            }
        }
        d.deserialize_any(V)
    }
}
