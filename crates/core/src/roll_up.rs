//! Roll-up: a framework node's status from the statuses of the measures and
//! milestones beneath it, by the rule the council chooses, with the counts
//! behind it (as Belfast City Council's self-assessment gives each
//! improvement objective its counts of Green, Amber and Red:
//! https://www.belfastcity.gov.uk/Documents/Performance-Improvement-Self-Assessment-Report/Self-assessment-of-improvement-objectives).
//!
//! Only Exceeded, Green, Amber and Red take part, Exceeded counting as Green
//! (a node is Green, Amber or Red, never Exceeded); Missing data, no target, information
//! only, awaiting and milestones not started or affected by an external
//! factor are counted beside the status but do not decide it. A node with
//! nothing judged beneath it has no status, said in words, never Green.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::framework::Framework;
use crate::key::Key;
use crate::milestone::MilestoneStatus;
use crate::status::Status;
use crate::status_labels::StatusLabels;

/// How a council rolls statuses up the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case", tag = "rule")]
pub enum RollUpRule {
    /// The worst status beneath: one Red makes the node Red.
    #[default]
    WorstOf,
    /// The status most items beneath share; a tie goes to the worse status.
    Majority,
    /// A balanced scorecard's score: the mean of the points each status
    /// earns, Green from `green_from`, Amber from `amber_from`, Red below.
    Weighted(Scores),
}

/// The points each status earns and where the node's bands begin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scores {
    pub green: Decimal,
    pub amber: Decimal,
    pub red: Decimal,
    pub green_from: Decimal,
    pub amber_from: Decimal,
}

impl Default for Scores {
    /// Green 3, Amber 2, Red 1; Green from 2.5, Amber from 1.5.
    fn default() -> Self {
        Scores {
            green: Decimal::from(3),
            amber: Decimal::from(2),
            red: Decimal::ONE,
            green_from: Decimal::new(25, 1),
            amber_from: Decimal::new(15, 1),
        }
    }
}

/// The most points a status may earn under the weighted rule.
pub const POINTS_LIMIT: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RollUpError {
    #[error("\"{0}\" is not a roll-up rule: use worst-of, majority or weighted")]
    UnknownRule(String),
    #[error("points and bands are only given with the weighted rule")]
    ScoresNotExpected,
    #[error("{name} = {value}: points are numbers from 0 to {POINTS_LIMIT} with at most four decimal places")]
    PointsOutOfRange { name: &'static str, value: Decimal },
    #[error("the points must run Green above Amber above Red (given Green {green}, Amber {amber}, Red {red})")]
    PointsOutOfOrder { green: Decimal, amber: Decimal, red: Decimal },
    #[error(
        "the bands must lie between Red's and Green's points with Green's above Amber's (given Green from {green_from}, Amber from {amber_from})"
    )]
    BandsOutOfOrder { green_from: Decimal, amber_from: Decimal },
}

impl RollUpRule {
    pub const NAMES: &'static str = "worst-of, majority, weighted";

    /// Reads a rule by its code; `scores` only with `weighted` (None there takes the defaults).
    pub fn parse(code: &str, scores: Option<Scores>) -> Result<Self, RollUpError> {
        let rule = match code.trim() {
            "worst-of" => RollUpRule::WorstOf,
            "majority" => RollUpRule::Majority,
            "weighted" => return Scores::checked(scores.unwrap_or_default()).map(RollUpRule::Weighted),
            other => return Err(RollUpError::UnknownRule(other.to_string())),
        };
        match scores {
            Some(_) => Err(RollUpError::ScoresNotExpected),
            None => Ok(rule),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            RollUpRule::WorstOf => "worst-of",
            RollUpRule::Majority => "majority",
            RollUpRule::Weighted(_) => "weighted",
        }
    }

    pub fn scores(&self) -> Option<&Scores> {
        match self {
            RollUpRule::Weighted(scores) => Some(scores),
            RollUpRule::WorstOf | RollUpRule::Majority => None,
        }
    }

    /// The node's status from the counts beneath it.
    pub fn roll_up(&self, tally: &Tally) -> RolledUp {
        let judged = tally.judged();
        let (status, score) = if judged == 0 {
            (None, None)
        } else {
            match self {
                RollUpRule::WorstOf => (Some(worst_of(tally)), None),
                RollUpRule::Majority => (Some(majority(tally)), None),
                RollUpRule::Weighted(scores) => {
                    // Banded on the exact score; shown to two places.
                    let score = scores.score(tally);
                    (Some(scores.band(score)), Some(score.round_dp(2)))
                }
            }
        };
        RolledUp { status, score, tally: tally.clone() }
    }

    /// The rule in words, for the key beside a rolled-up table.
    pub fn describe(&self) -> String {
        let rule = match self {
            RollUpRule::WorstOf => {
                "Worst of: a node takes the worst status of the measures and milestones beneath it.".into()
            }
            RollUpRule::Majority => {
                "Majority: a node takes the status most of the measures and milestones beneath it share; \
                 a tie goes to the worse status."
                    .into()
            }
            RollUpRule::Weighted(s) => format!(
                "Weighted score: a node's score is the mean of the points its measures and milestones earn (Green {}, Amber {}, Red {}): Green from {}, Amber from {}, Red below.",
                s.green.normalize(),
                s.amber.normalize(),
                s.red.normalize(),
                s.green_from.normalize(),
                s.amber_from.normalize()
            ),
        };
        format!(
            "{rule} Milestones count as achieved or on track = Green, at risk = Amber, off track or not achieved = Red; \
             Exceeded counts as Green; missing data and items not judged are counted but do not decide the status."
        )
    }
}

impl fmt::Display for RollUpRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Scores {
    fn checked(self) -> Result<Self, RollUpError> {
        // Bounded, so that no count of items can overflow the sum of points.
        let limit = Decimal::from(POINTS_LIMIT);
        for (name, value) in [("green", self.green), ("amber", self.amber), ("red", self.red)] {
            if value < Decimal::ZERO || value > limit || value.scale() > 4 {
                return Err(RollUpError::PointsOutOfRange { name, value });
            }
        }
        if !(self.green > self.amber && self.amber > self.red) {
            return Err(RollUpError::PointsOutOfOrder { green: self.green, amber: self.amber, red: self.red });
        }
        if !(self.green_from > self.amber_from && self.amber_from > self.red && self.green_from <= self.green) {
            return Err(RollUpError::BandsOutOfOrder { green_from: self.green_from, amber_from: self.amber_from });
        }
        Ok(self)
    }

    /// The mean points of the judged items, exact (rounded only to show).
    fn score(&self, tally: &Tally) -> Decimal {
        let points = self.green * Decimal::from(tally.green + tally.exceeded)
            + self.amber * Decimal::from(tally.amber)
            + self.red * Decimal::from(tally.red);
        points / Decimal::from(tally.judged())
    }

    fn band(&self, score: Decimal) -> Status {
        if score >= self.green_from {
            Status::Green
        } else if score >= self.amber_from {
            Status::Amber
        } else {
            Status::Red
        }
    }
}

fn worst_of(tally: &Tally) -> Status {
    if tally.red > 0 {
        Status::Red
    } else if tally.amber > 0 {
        Status::Amber
    } else {
        Status::Green
    }
}

fn majority(tally: &Tally) -> Status {
    // Worse first, so a tie goes to the worse status.
    [(Status::Red, tally.red), (Status::Amber, tally.amber), (Status::Green, tally.green + tally.exceeded)]
        .into_iter()
        .fold((Status::Green, 0), |best, (status, n)| if n > best.1 { (status, n) } else { best })
        .0
}

/// The statuses beneath a node, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Counted as Green in the roll-up, shown apart.
    pub exceeded: usize,
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    pub missing: usize,
    /// Awaiting, no target, information only, milestones not started or
    /// affected by an external factor: shown, not judged.
    pub not_judged: usize,
}

impl Tally {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Exceeded => self.exceeded += 1,
            Status::Green => self.green += 1,
            Status::Amber => self.amber += 1,
            Status::Red => self.red += 1,
            Status::Missing => self.missing += 1,
            Status::Awaiting | Status::NoTarget | Status::InformationOnly => self.not_judged += 1,
        }
    }

    /// A milestone counts as the measure status its words mean: achieved and
    /// on track as Green, at risk as Amber, off track and not achieved as Red.
    pub fn add_milestone(&mut self, status: &MilestoneStatus) {
        match status {
            MilestoneStatus::Achieved | MilestoneStatus::OnTrack => self.green += 1,
            MilestoneStatus::AtRisk => self.amber += 1,
            MilestoneStatus::OffTrack | MilestoneStatus::NotAchieved => self.red += 1,
            MilestoneStatus::NotStarted | MilestoneStatus::AffectedByExternalFactor { .. } => self.not_judged += 1,
        }
    }

    /// Exceeded, Green, Amber and Red: the items that decide a node's status.
    pub fn judged(&self) -> usize {
        self.exceeded + self.green + self.amber + self.red
    }

    pub fn total(&self) -> usize {
        self.judged() + self.missing + self.not_judged
    }
}

/// A node's rolled-up status and what it came from (by default, nothing beneath).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RolledUp {
    /// None when nothing beneath is Green, Amber or Red.
    pub status: Option<Status>,
    /// The weighted rule's score.
    pub score: Option<Decimal>,
    pub tally: Tally,
}

impl RolledUp {
    /// The status in the council's words: "Amber" or "No status".
    pub fn label<'l>(&self, labels: &'l StatusLabels) -> &'l str {
        self.status.map_or("No status", |s| labels.label(s))
    }

    /// The counts behind it, in the council's words: "2 Green, 1 Amber, 1
    /// Red, 1 Missing data, 2 not judged".
    pub fn counts(&self, labels: &StatusLabels) -> String {
        let t = &self.tally;
        let mut parts = Vec::new();
        for (n, status) in [
            (t.exceeded, Status::Exceeded),
            (t.green, Status::Green),
            (t.amber, Status::Amber),
            (t.red, Status::Red),
            (t.missing, Status::Missing),
        ] {
            if n > 0 {
                parts.push(format!("{n} {}", labels.label(status)));
            }
        }
        if t.not_judged > 0 {
            parts.push(format!("{} not judged", t.not_judged));
        }
        if parts.is_empty() {
            return "nothing reported".into();
        }
        let mut text = parts.join(", ");
        if let Some(score) = self.score {
            text.push_str(&format!("; score {}", score.normalize()));
        }
        text
    }
}

/// One item beneath the tree: a measure (by its owner and the nodes it is
/// aligned to) or a milestone (by its node).
#[derive(Debug, Clone, Copy)]
pub enum Beneath<'a> {
    Measure { owner: &'a Key, aligned: &'a [Key], status: Status },
    Milestone { node: &'a Key, status: &'a MilestoneStatus },
}

/// Every node's rolled-up status: each item counts once for its node, for
/// the nodes it is aligned to, and for every node above those.
pub fn roll_up_tree<'a>(
    framework: &Framework,
    rule: &RollUpRule,
    items: impl IntoIterator<Item = Beneath<'a>>,
) -> BTreeMap<Key, RolledUp> {
    let mut tallies: BTreeMap<Key, Tally> = BTreeMap::new();
    let mut counted: BTreeSet<&Key> = BTreeSet::new();
    for item in items {
        counted.clear();
        let (starts, aligned): (&Key, &[Key]) = match item {
            Beneath::Measure { owner, aligned, .. } => (owner, aligned),
            Beneath::Milestone { node, .. } => (node, &[]),
        };
        for start in std::iter::once(starts).chain(aligned) {
            let mut current = Some(start);
            // A cycle cannot pass Framework::problems, but never loop on one.
            for _ in 0..=framework.nodes.len() {
                let Some(key) = current else { break };
                if !counted.insert(key) {
                    break;
                }
                let tally = tallies.entry(key.clone()).or_default();
                match item {
                    Beneath::Measure { status, .. } => tally.add(status),
                    Beneath::Milestone { status, .. } => tally.add_milestone(status),
                }
                current = framework.node(key).and_then(|n| n.parent.as_ref());
            }
        }
    }
    tallies.into_iter().map(|(key, tally)| (key, rule.roll_up(&tally))).collect()
}
