//! Use case: "where are we this period, and what is Red, Amber or Missing?"
//! Every measure due in the period, assessed by the core as recorded at a
//! given date, and the summary by the council's groups with the change since
//! the period before.

use std::collections::BTreeMap;

use jiff::civil::Date;
use outturn_core::commentary::CommentaryNeed;
use outturn_core::milestone::update_as_recorded;
use outturn_core::roll_up::{Beneath, RolledUp, roll_up_tree};
use outturn_core::{
    AsOf, Assessment, Collection, Colour, Decimal, Direction, GroupCondition, Key, Measure, MeasureCode,
    MeasureHistory, MeasureView, MilestoneStatus, Period, RoundState, Status, StatusLabels, Summary, SummaryGroup,
    SummaryRule, default_quarter,
};
use outturn_store::{Council, Store};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::AppError;
use crate::actor::Actor;

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub council: String,
    pub council_name: String,
    /// A fictional council's "figures are generated, not real", said on
    /// every page and document of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub council_notice: Option<String>,
    pub period: Period,
    /// "July to September 2020".
    pub period_description: String,
    /// The date the figures are as recorded on; absent means now.
    pub as_of: Option<Date>,
    pub measures: Vec<MeasureStatus>,
    pub summary: Vec<GroupStatus>,
    /// The same counts for each node at the top of the council's tree (each
    /// theme, objective...) that has measures.
    pub by_node: Vec<GroupStatus>,
    /// What the top-level nodes are, when they are all of one kind ("Theme", "Objective").
    pub by_node_kind: Option<String>,
    /// Milestones, commitments and work programmes with their update for the period.
    pub milestones: Vec<MilestoneStatusLine>,
    /// Each node's status rolled up from the measures and milestones beneath it.
    pub roll_up: RollUps,
    /// The council's words and colours for statuses.
    pub labels: StatusLabels,
}

impl StatusReport {
    /// The council's name and notice, for page headings and menus.
    pub fn title(&self) -> crate::CouncilTitle {
        crate::CouncilTitle { name: self.council_name.clone(), notice: self.council_notice.clone() }
    }
}

/// Every node's rolled-up status by the council's rule, with the counts behind it.
#[derive(Debug, Clone, Serialize)]
pub struct RollUps {
    /// `worst-of`, `majority` or `weighted`.
    pub rule: String,
    /// Whether the council chose the rule (reports show overall statuses
    /// only then: a paper that never rolled up keeps its tables).
    pub chosen: bool,
    /// The rule in words, for the key beside a table.
    pub description: String,
    /// By node key; a node with nothing beneath it is absent.
    pub nodes: BTreeMap<String, RolledUp>,
}

impl RollUps {
    /// A node's rolled-up status: no status when nothing lies beneath it.
    pub fn of(&self, node: &str) -> RolledUp {
        self.nodes.get(node).cloned().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneStatusLine {
    pub key: String,
    pub kind: String,
    pub title: String,
    /// The node's name, and its key.
    pub node: String,
    pub node_key: String,
    pub due: Option<Period>,
    /// Absent when no update was recorded for the period. Serialised as
    /// `status` (`on-track`, `at-risk`, ...), `status_label` ("At risk",
    /// "Affected by an external factor: General Election December 2019") and `factor`.
    #[serde(flatten, serialize_with = "milestone_status_fields")]
    pub status: Option<MilestoneStatus>,
    pub update: Option<String>,
}

impl MilestoneStatusLine {
    /// The status in words, absent when no update was recorded.
    pub fn status_label(&self) -> Option<String> {
        self.status.as_ref().map(ToString::to_string)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureStatus {
    pub code: String,
    pub title: String,
    /// The summary group the measure counts in.
    pub group: Option<String>,
    pub owner: String,
    /// The owning node's key, and the keys of the nodes the measure is aligned to.
    pub owner_key: String,
    pub aligned: Vec<String>,
    /// The measure's own period the figure is for.
    pub period: Period,
    pub unit: String,
    pub target: Option<Decimal>,
    pub result: Option<Decimal>,
    pub target_display: Option<String>,
    pub result_display: Option<String>,
    /// The status's code (`green`, `exceeded`...).
    #[serde(serialize_with = "status_code")]
    pub status: Status,
    /// The status in the council's words ("Green", or its own "On target").
    pub status_label: String,
    /// The council's colour for it (`green`, `blue`...): never shown alone.
    pub status_colour: Colour,
    /// Against the period before; serialised as `direction` and `direction_label`.
    #[serde(flatten, serialize_with = "direction_fields")]
    pub direction: Direction,
    /// Against the same period last year (the code only).
    pub direction_last_year: Direction,
    /// Result minus target.
    pub variance: Option<Decimal>,
    pub missing_reason: Option<String>,
    pub commentary: Option<String>,
    /// Whether the owner's commentary is owed (the core rule):
    /// `not-needed`, `written`, `owed` or `waived`.
    pub commentary_need: CommentaryNeed,
    /// Why an officer recorded that no commentary is needed, if one did.
    pub commentary_waived: Option<String>,
    /// When an officer judged the status: who, why, and what the figures alone give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judged: Option<JudgedStatus>,
    /// The year-end outturn forecast given with the figure, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_end_forecast: Option<Decimal>,
    /// Why the status is what it is, by the rule in force (core's
    /// `Assessment::explain`); none where no figure decides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JudgedStatus {
    /// The status the measure's rule gives from the figures.
    #[serde(serialize_with = "status_code")]
    pub computed: Status,
    /// Core's explanation: who judged it, when, why, and what the figures alone give.
    pub explanation: String,
    pub justification: String,
    pub recorded_by: String,
    pub recorded_at: jiff::Timestamp,
}

impl MeasureStatus {
    /// The status in the council's words, marked when an officer judged it:
    /// "Amber (judged)".
    pub fn status_words(&self) -> String {
        match self.judged {
            Some(_) => format!("{} (judged)", self.status_label),
            None => self.status_label.clone(),
        }
    }
}

fn status_code<S: Serializer>(status: &Status, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.code())
}

fn direction_fields<S: Serializer>(direction: &Direction, s: S) -> Result<S::Ok, S::Error> {
    let mut fields = s.serialize_struct("Direction", 2)?;
    fields.serialize_field("direction", direction.code())?;
    fields.serialize_field("direction_label", direction.label())?;
    fields.end()
}

fn milestone_status_fields<S: Serializer>(status: &Option<MilestoneStatus>, s: S) -> Result<S::Ok, S::Error> {
    let mut fields = s.serialize_struct("MilestoneStatus", 3)?;
    fields.serialize_field("status", &status.as_ref().map(MilestoneStatus::code))?;
    fields.serialize_field("status_label", &status.as_ref().map(ToString::to_string))?;
    fields.serialize_field("factor", &status.as_ref().and_then(MilestoneStatus::factor))?;
    fields.end()
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupStatus {
    #[serde(flatten)]
    pub summary: Summary,
    /// Absent when nothing was recorded for the group's measures in the previous period.
    pub change_since_previous: Option<ChangeSincePrevious>,
    /// The node's key, for a group that is a node of the tree (`by_node`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeSincePrevious {
    pub period: Period,
    pub reported: i64,
    pub exceeded: i64,
    pub green: i64,
    pub amber: i64,
    pub red: i64,
    pub missing: i64,
    /// "1 fewer Green, 2 more Red", or "no change".
    pub description: String,
}

/// The council's statuses for the period as recorded at the end of `as_of`
/// (or now), for an actor who may read the council.
pub async fn status_report(
    store: &dyn Store,
    actor: &Actor,
    council_slug: &Key,
    period: Period,
    as_of: Option<Date>,
) -> Result<StatusReport, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, council_slug).await?;
    assemble(store, &council, period, as_of).await
}

/// [`status_report`] once who may read is settled (the dashboard checks before its cache).
pub(crate) async fn assemble(
    store: &dyn Store,
    council: &Council,
    period: Period,
    as_of: Option<Date>,
) -> Result<StatusReport, AppError> {
    assemble_where(store, council, period, as_of, &|_, _| true).await
}

/// [`assemble`] for the measures `keep` keeps (by the measure and its status
/// in the period): the list, every summary and its change since the period
/// before count only those, so a filtered dashboard's tables add up.
pub(crate) async fn assemble_where(
    store: &dyn Store,
    council: &Council,
    period: Period,
    as_of: Option<Date>,
    keep: &(dyn Fn(&Measure, Status) -> bool + Sync),
) -> Result<StatusReport, AppError> {
    // The year asked about and the one before (for the same period last year,
    // the quarter before a first quarter, and rolling twelve months).
    let year = period.financial_year();
    let history = store.history_in_years(&council.slug, year.previous(), year).await?;
    let at = as_of.map_or_else(AsOf::now, AsOf::end_of_day);
    let rounds = round_states(store, &council.slug, at).await?;
    let waivers = crate::results::commentary::Waivers::load(store, &council.slug).await?;
    let waiver_of = |m: &Measure, a: &Assessment| waivers.reason(&m.code, a.figure_period, at);
    let empty = MeasureHistory::default();
    let history_of = |m: &Measure| history.measures.get(&m.code).unwrap_or(&empty);

    // One view of each measure as recorded serves both periods.
    let views: Vec<(&Measure, MeasureView)> =
        council.measures.iter().map(|m| (m, MeasureView::new(m, history_of(m), at))).collect();
    let mut assessed = assess_all(&views, period, &rounds);
    // A node's overall status is its own, whatever a dashboard's filters keep.
    let roll_up = roll_ups(council, &assessed, &history.milestone_updates, period, at);
    assessed.retain(|(m, a)| keep(m, a.status));
    let mut before = assess_all(&views, period.previous(), &rounds);
    let kept: std::collections::HashSet<&MeasureCode> = assessed.iter().map(|(m, _)| &m.code).collect();
    before.retain(|(m, _)| kept.contains(&m.code));
    let measures = assessed.iter().map(|(m, a)| measure_status(council, m, a, waiver_of(m, a))).collect();
    let recorded_before = |m: &Measure, a: &Assessment| {
        history_of(m).results.iter().any(|r| r.period == a.figure_period && at.knows(r.recorded_at))
    };
    let groups = Groups { council, now: &assessed, before: &before, recorded_before: &recorded_before };
    let summary = groups.statuses(&council.summary, period.previous());
    // The tree's top level on the period's last day (themes, objectives...), with at least one measure.
    let top_nodes: Vec<&outturn_core::Node> =
        council.framework.children(None).filter(|n| n.exists_on(period.end_date())).collect();
    let top = SummaryRule {
        groups: top_nodes
            .iter()
            .map(|n| SummaryGroup {
                label: n.name_on(period.end_date()).to_string(),
                condition: GroupCondition::Under(n.key.clone()),
            })
            .collect(),
        roll_up: None,
        labels: StatusLabels::default(),
    };
    let mut by_node = groups.statuses(&top, period.previous());
    for (group, node) in by_node.iter_mut().zip(&top_nodes) {
        group.node = Some(node.key.to_string());
    }
    by_node.retain(|g| g.summary.reported + g.summary.awaiting + g.summary.no_target + g.summary.information_only > 0);
    // What the top-level nodes that have measures are called.
    let mut top_kinds: Vec<&str> = council
        .framework
        .children(None)
        .filter(|n| n.exists_on(period.end_date()))
        .filter(|n| by_node.iter().any(|g| g.summary.label == n.name_on(period.end_date())))
        .map(|n| council.framework.kind(&n.kind).map_or(n.kind.as_str(), |k| k.name.as_str()))
        .collect();
    top_kinds.dedup();
    let by_node_kind = (top_kinds.len() == 1).then(|| top_kinds[0].to_string());
    let milestones: Vec<MilestoneStatusLine> = council
        .milestones
        .iter()
        .map(|m| {
            let update = update_as_recorded(&history.milestone_updates, &m.key, period, at);
            MilestoneStatusLine {
                key: m.key.to_string(),
                kind: m.kind.clone(),
                title: m.title.clone(),
                node: council.framework.node(&m.node).map_or_else(|| m.node.to_string(), |n| n.name.clone()),
                node_key: m.node.to_string(),
                due: m.due,
                status: update.map(|u| u.status.clone()),
                update: update.and_then(|u| u.update.clone()),
            }
        })
        .collect();
    Ok(StatusReport {
        council: council.slug.to_string(),
        council_name: council.name.clone(),
        council_notice: crate::fictional_notice(&council.name, council.fictional),
        period,
        period_description: period.describe(),
        as_of,
        measures,
        summary,
        by_node,
        by_node_kind,
        roll_up,
        milestones,
        labels: council.summary.labels.clone(),
    })
}

/// The tree's statuses rolled up from the measures assessed and the
/// milestones' updates for the period.
fn roll_ups(
    council: &Council,
    assessed: &[(&Measure, Assessment)],
    updates: &[outturn_core::MilestoneUpdate],
    period: Period,
    at: AsOf,
) -> RollUps {
    let chosen = council.summary.roll_up.as_ref();
    let rule = chosen.cloned().unwrap_or_default();
    let rule = &rule;
    let measures =
        assessed.iter().map(|(m, a)| Beneath::Measure { owner: &m.owner, aligned: &m.aligned, status: a.status });
    let milestones = council.milestones.iter().filter_map(|m| {
        let update = update_as_recorded(updates, &m.key, period, at)?;
        Some(Beneath::Milestone { node: &m.node, status: &update.status })
    });
    let on = period.end_date();
    let nodes = roll_up_tree(&council.framework, rule, measures.chain(milestones))
        .into_iter()
        .filter(|(key, _)| council.framework.node(key).is_some_and(|n| n.exists_on(on)))
        .map(|(key, rolled)| (key.to_string(), rolled))
        .collect();
    let description = match chosen {
        Some(_) => rule.describe(),
        None => format!("{} (The council has not chosen a roll-up rule: this is outturn's default.)", rule.describe()),
    };
    RollUps { rule: rule.code().to_string(), chosen: chosen.is_some(), description, nodes }
}

/// The assessed measures of a period and the period before, to summarise by any grouping.
struct Groups<'a, 'c> {
    council: &'a Council,
    now: &'a [(&'c Measure, Assessment<'c>)],
    before: &'a [(&'c Measure, Assessment<'c>)],
    recorded_before: &'a dyn Fn(&Measure, &Assessment) -> bool,
}

impl Groups<'_, '_> {
    /// A status line per group of the rule, with the change since the period
    /// before when anything was recorded for the group's measures then.
    fn statuses(&self, rule: &SummaryRule, previous: Period) -> Vec<GroupStatus> {
        let framework = &self.council.framework;
        let now = rule.summarise(framework, self.now.iter().map(|(m, a)| (*m, a)));
        let before = rule.summarise(framework, self.before.iter().map(|(m, a)| (*m, a)));
        now.iter()
            .zip(&before)
            .map(|(now, before)| {
                let recorded = self.before.iter().any(|(m, a)| {
                    rule.group_of(framework, m) == Some(now.label.as_str()) && (self.recorded_before)(m, a)
                });
                group_status(now, recorded.then_some(before), previous, &self.council.summary.labels)
            })
            .collect()
    }
}

/// Every measure due in the period, assessed, with "nothing entered" settled
/// by the collection of its figure's period (Awaiting while a round is open).
fn assess_all<'c>(
    views: &[(&'c Measure, MeasureView<'c>)],
    period: Period,
    rounds: &[RoundState],
) -> Vec<(&'c Measure, Assessment<'c>)> {
    views
        .iter()
        .filter_map(|(m, view)| {
            let mut a = view.assess(period)?;
            a.settle(Collection::of(a.figure_period, rounds));
            Some((*m, a))
        })
        .collect()
}

/// The council's rounds as they stood at `at`: a round opened later did not
/// exist, and one closed later was still open.
pub async fn round_states(store: &dyn Store, council: &Key, at: AsOf) -> Result<Vec<RoundState>, AppError> {
    Ok(store
        .rounds(council)
        .await?
        .into_iter()
        .filter(|r| at.knows(r.opened_at))
        .map(|r| RoundState {
            period: r.period,
            entry_deadline: r.entry_deadline,
            closed: r.closed_at.is_some_and(|t| at.knows(t)),
        })
        .collect())
}

fn measure_status(council: &Council, m: &Measure, a: &Assessment<'_>, waived: Option<String>) -> MeasureStatus {
    let owner = council.framework.node(&m.owner).map_or_else(|| m.owner.to_string(), |n| n.name.clone());
    let labels = &council.summary.labels;
    MeasureStatus {
        code: m.code.to_string(),
        title: m.title.clone(),
        group: council.summary.group_of(&council.framework, m).map(str::to_string),
        owner,
        owner_key: m.owner.to_string(),
        aligned: m.aligned.iter().map(ToString::to_string).collect(),
        period: a.figure_period,
        unit: m.unit.name(),
        target: a.target,
        result: a.figure,
        target_display: a.target.map(|t| m.format_figure(t)),
        result_display: a.figure.map(|f| m.format_figure(f)),
        status: a.status,
        status_label: labels.label(a.status).to_string(),
        status_colour: labels.colour(a.status),
        direction: a.previous.direction,
        direction_last_year: a.last_year.direction,
        variance: a.variance,
        missing_reason: a.missing_reason.clone(),
        commentary: a.commentary.map(str::to_string),
        commentary_need: CommentaryNeed::of(a.status, a.commentary, waived.is_some()),
        commentary_waived: waived,
        judged: a.judged.as_ref().map(|j| JudgedStatus {
            computed: j.computed,
            explanation: a.explain_in(m, labels).unwrap_or_default(),
            justification: j.judgement.justification.clone(),
            recorded_by: j.judgement.recorded_by.clone(),
            recorded_at: j.judgement.recorded_at,
        }),
        year_end_forecast: a.year_end.map(|y| y.forecast),
        explanation: a.explain_in(m, labels),
    }
}

fn group_status(now: &Summary, before: Option<&Summary>, previous: Period, labels: &StatusLabels) -> GroupStatus {
    let change = before.map(|b| now.change_since(b));
    GroupStatus {
        summary: now.clone(),
        change_since_previous: change.map(|change| ChangeSincePrevious {
            period: previous,
            reported: change.reported,
            exceeded: change.exceeded,
            green: change.green,
            amber: change.amber,
            red: change.red,
            missing: change.missing,
            // While results are still coming in, say so: "2 fewer Red" alone
            // would read as an improvement.
            description: match now.awaiting {
                0 => change.describe(labels),
                n => format!("{} ({n} still awaited)", change.describe(labels)),
            },
        }),
        node: None,
    }
}

/// The quarter everyone sees when none is asked for (the rule is core's
/// `default_quarter`: the latest settled quarter, never one whose round is
/// still open).
pub async fn default_period(store: &dyn Store, council: &Key) -> Result<Period, AppError> {
    let now = AsOf::now();
    let result_periods = store.result_periods(council).await?;
    let rounds = round_states(store, council, now).await?;
    Ok(default_quarter(None, &result_periods, &rounds, now.date()))
}
