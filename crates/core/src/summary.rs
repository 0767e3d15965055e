//! Status summaries: for each group of measures (a focus, a theme, an
//! objective), how many were reported and how many are Green, Amber, Red or
//! Missing, which are missing and why, and the change since the period before.

use serde::Serialize;

use crate::assess::Assessment;
use crate::framework::Framework;
use crate::key::Key;
use crate::measure::Measure;
use crate::roll_up::RollUpRule;
use crate::status::Status;
use crate::status_labels::StatusLabels;

/// Which measures a summary group takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "condition", content = "value")]
pub enum GroupCondition {
    /// Measures aligned to any node of this kind ("FTFC focus": aligned to a programme).
    AlignedToKind(Key),
    /// Measures owned by this node or any node below it.
    Under(Key),
    /// Measures carrying this tag.
    Tagged(String),
    /// Every measure not yet placed.
    Rest,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryGroup {
    pub label: String,
    pub condition: GroupCondition,
}

/// How a council summarises statuses: its summary groups, tried in order (a
/// measure falls in the first it matches), and how statuses roll up the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SummaryRule {
    pub groups: Vec<SummaryGroup>,
    /// The council's chosen roll-up rule; None when it has chosen none (the
    /// web still rolls up worst of, and says so; reports add no column).
    pub roll_up: Option<RollUpRule>,
    /// The council's words and colours for statuses.
    pub labels: StatusLabels,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingItem {
    pub code: String,
    pub title: String,
    pub reason: String,
}

/// Counts for one group. `reported` is Exceeded + Green + Amber + Red +
/// Missing, as the committee tables count it ("13 reported, 5, 1, 5, 2
/// missing data").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub label: String,
    pub reported: usize,
    /// Better than target beyond an "exceeded" band (banded rules only).
    pub exceeded: usize,
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    pub missing: usize,
    /// Not entered yet in an open round: not counted as reported.
    pub awaiting: usize,
    pub no_target: usize,
    pub information_only: usize,
    pub missing_measures: Vec<MissingItem>,
}

/// The change in each count since an earlier summary of the same group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SummaryChange {
    pub label: String,
    pub reported: i64,
    pub exceeded: i64,
    pub green: i64,
    pub amber: i64,
    pub red: i64,
    pub missing: i64,
}

impl GroupCondition {
    fn matches(&self, framework: &Framework, measure: &Measure) -> bool {
        match self {
            GroupCondition::AlignedToKind(kind) => {
                measure.aligned.iter().any(|a| framework.node(a).is_some_and(|n| &n.kind == kind))
            }
            GroupCondition::Under(node) => framework.is_under(&measure.owner, node),
            GroupCondition::Tagged(tag) => measure.tags.iter().any(|t| t == tag),
            GroupCondition::Rest => true,
        }
    }

    /// Whether the group takes a node's items (milestones, work programmes):
    /// a node under the group's node or of its aligned kind; no node carries tags.
    fn takes_node(&self, framework: &Framework, node: &Key) -> bool {
        match self {
            GroupCondition::AlignedToKind(kind) => framework.node(node).is_some_and(|n| &n.kind == kind),
            GroupCondition::Under(top) => framework.is_under(node, top),
            GroupCondition::Tagged(_) => false,
            GroupCondition::Rest => true,
        }
    }
}

/// The one group of a council that configures none.
pub const ALL_MEASURES: &str = "All measures";

impl SummaryRule {
    /// The label of the group a measure falls in, if any.
    pub fn group_of(&self, framework: &Framework, measure: &Measure) -> Option<&str> {
        if self.groups.is_empty() {
            return Some(ALL_MEASURES);
        }
        self.groups.iter().find(|g| g.condition.matches(framework, measure)).map(|g| g.label.as_str())
    }

    /// The label of the group a node's milestones fall in, if any: the same
    /// groups, tried in the same order, as [`SummaryRule::group_of`] for measures.
    pub fn group_of_node(&self, framework: &Framework, node: &Key) -> Option<&str> {
        if self.groups.is_empty() {
            return Some(ALL_MEASURES);
        }
        self.groups.iter().find(|g| g.condition.takes_node(framework, node)).map(|g| g.label.as_str())
    }

    /// Summarises assessed measures by group; with no groups, one group [`ALL_MEASURES`].
    pub fn summarise<'a>(
        &self,
        framework: &Framework,
        assessed: impl IntoIterator<Item = (&'a Measure, &'a Assessment<'a>)>,
    ) -> Vec<Summary> {
        let all = [SummaryGroup { label: ALL_MEASURES.into(), condition: GroupCondition::Rest }];
        let groups: &[SummaryGroup] = if self.groups.is_empty() { &all } else { &self.groups };
        let mut summaries: Vec<Summary> =
            groups.iter().map(|g| Summary { label: g.label.clone(), ..Summary::default() }).collect();
        for (measure, assessment) in assessed {
            let Some(i) = groups.iter().position(|g| g.condition.matches(framework, measure)) else { continue };
            summaries[i].count(measure, assessment);
        }
        summaries
    }
}

impl Summary {
    /// The statuses `reported` counts, in the order the committee tables give them.
    pub const REPORTED: [Status; 5] = [Status::Exceeded, Status::Green, Status::Amber, Status::Red, Status::Missing];

    /// How many of the group's measures have `status`.
    pub fn count_of(&self, status: Status) -> usize {
        match status {
            Status::Exceeded => self.exceeded,
            Status::Green => self.green,
            Status::Amber => self.amber,
            Status::Red => self.red,
            Status::Missing => self.missing,
            Status::Awaiting => self.awaiting,
            Status::NoTarget => self.no_target,
            Status::InformationOnly => self.information_only,
        }
    }

    fn count(&mut self, measure: &Measure, assessment: &Assessment<'_>) {
        match assessment.status {
            Status::Exceeded => self.exceeded += 1,
            Status::Green => self.green += 1,
            Status::Amber => self.amber += 1,
            Status::Red => self.red += 1,
            Status::Missing => {
                self.missing += 1;
                self.missing_measures.push(MissingItem {
                    code: measure.code.to_string(),
                    title: measure.title.clone(),
                    reason: assessment.missing_reason.clone().unwrap_or_default(),
                });
            }
            Status::Awaiting => self.awaiting += 1,
            Status::NoTarget => self.no_target += 1,
            Status::InformationOnly => self.information_only += 1,
        }
        self.reported = self.exceeded + self.green + self.amber + self.red + self.missing;
    }

    /// The change since `before` (the same group in an earlier period).
    pub fn change_since(&self, before: &Summary) -> SummaryChange {
        let d = |a: usize, b: usize| a as i64 - b as i64;
        SummaryChange {
            label: self.label.clone(),
            reported: d(self.reported, before.reported),
            exceeded: d(self.exceeded, before.exceeded),
            green: d(self.green, before.green),
            amber: d(self.amber, before.amber),
            red: d(self.red, before.red),
            missing: d(self.missing, before.missing),
        }
    }
}

impl SummaryChange {
    /// "1 fewer Green, 2 more Red", or "no change", in the council's words.
    pub fn describe(&self, labels: &StatusLabels) -> String {
        let change = |status| match status {
            Status::Exceeded => self.exceeded,
            Status::Green => self.green,
            Status::Amber => self.amber,
            Status::Red => self.red,
            _ => self.missing,
        };
        let parts: Vec<String> = Summary::REPORTED
            .into_iter()
            .map(|s| (s, change(s)))
            .filter(|(_, n)| *n != 0)
            .map(|(s, n)| format!("{} {} {}", n.abs(), if n > 0 { "more" } else { "fewer" }, labels.label(s)))
            .collect();
        if parts.is_empty() { "no change".to_string() } else { parts.join(", ") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::tests::node;

    fn key(k: &str) -> Key {
        Key::parse(k).unwrap()
    }

    #[test]
    fn a_node_falls_in_the_first_group_that_takes_it() {
        let mut programme = node("town-centre", None);
        programme.kind = key("programme");
        let fw = Framework::new(
            vec![],
            vec![node("place", None), node("housing", Some("place")), node("customer", None), programme],
        );
        let group = |label: &str, condition| SummaryGroup { label: label.into(), condition };
        let rule = SummaryRule {
            groups: vec![
                group("Tagged", GroupCondition::Tagged("ftfc".into())),
                group("Programmes", GroupCondition::AlignedToKind(key("programme"))),
                group("Place", GroupCondition::Under(key("place"))),
                group("The rest", GroupCondition::Rest),
            ],
            ..SummaryRule::default()
        };
        assert_eq!(rule.group_of_node(&fw, &key("town-centre")), Some("Programmes"));
        assert_eq!(rule.group_of_node(&fw, &key("housing")), Some("Place"));
        assert_eq!(rule.group_of_node(&fw, &key("customer")), Some("The rest"));
        let without_rest = SummaryRule { groups: rule.groups[..3].to_vec(), ..SummaryRule::default() };
        assert_eq!(without_rest.group_of_node(&fw, &key("customer")), None);
        assert_eq!(SummaryRule::default().group_of_node(&fw, &key("customer")), Some(ALL_MEASURES));
    }
}
