//! Use case: apply a framework file. The file is read and checked whole
//! first; then it is compared with what is stored, and only the differences
//! are written, in one transaction. Applying the same file again changes
//! nothing. Results and targets already stored are never overwritten: a
//! different figure for the same period is appended as a correction.

use jiff::Timestamp;
use outturn_core::as_of::AsOf;
use outturn_core::{Key, MilestoneUpdate};
use outturn_store::{ChangeSet, Council, CouncilHistory, Store};
use serde::Serialize;

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;
use crate::framework::file::{FileSource, Plan, read_plan};
use crate::results::data_changes::{new_results, new_targets};

/// The council's words and colours for statuses, in a line of the output
/// and the audit: "set the words and colours for statuses: Exceeded as
/// \"Better than target\" (blue), Information only as \"Data only\" (grey)".
fn status_words_line(labels: &outturn_core::StatusLabels) -> String {
    let own: Vec<String> =
        labels.own().map(|(s, style)| format!("{} as \"{}\" ({})", s.label(), style.label, style.colour)).collect();
    if own.is_empty() {
        "set the words and colours for statuses back to outturn's own".into()
    } else {
        format!("set the words and colours for statuses: {}", own.join(", "))
    }
}

/// What applying a file did, line by line, for the person who ran it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub council: Key,
    pub changes: Vec<String>,
}

impl Applied {
    pub fn changed_nothing(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Reads, checks and applies a framework file, for an actor who may change
/// the council's framework; the actor is named as who recorded rows that do
/// not say.
pub async fn apply_framework_file(
    store: &dyn Store,
    source: &dyn FileSource,
    path: &str,
    actor: &Actor,
) -> Result<Applied, AppError> {
    let plan = read_plan(source, path).map_err(AppError::FrameworkFile)?;
    apply_plan(store, &plan, Timestamp::now(), actor).await
}

pub async fn apply_plan(store: &dyn Store, plan: &Plan, now: Timestamp, actor: &Actor) -> Result<Applied, AppError> {
    let slug = plan.definitions.slug.clone();
    actor.check(Action::EditFramework(&slug))?;
    let recorded_by = actor.name();
    let stored = store.council(&slug).await?;
    let history = match &stored {
        None => CouncilHistory::default(),
        // Results are compared only with results: a file without any need not read them.
        Some(_) if plan.results.is_empty() => store.history_without_results(&slug).await?,
        Some(_) => store.history(&slug).await?,
    };
    let (mut changes, mut lines) = changes_between(plan, stored.as_deref(), &history, now, recorded_by);
    if stored.is_some() {
        report_changes(store, plan, &mut changes, &mut lines).await?;
    } else {
        report_changes_for_new(plan, &mut changes, &mut lines);
    }
    if let Some(council) = &stored {
        // Signed-off and published periods refuse results here as everywhere,
        // and keep the status rules they were judged by.
        crate::rounds::sign_off::check_unlocked(store, council, &mut changes, None).await?;
        lines.extend(super::kept_rules::keep_rules(store, council, &mut changes, now).await?);
    }
    if !lines.is_empty() {
        changes.audit.push(AuditEvent::FrameworkApplied { council: &slug, changes: &lines }.record_by(actor, now));
    }
    let defs = &plan.definitions;
    let renamed_or_marked = stored.as_ref().is_some_and(|s| s.name != defs.name || s.fictional != defs.fictional);
    if !changes.is_empty() || renamed_or_marked || stored.is_none() {
        store.apply(&changes).await?;
    }
    Ok(Applied { council: slug, changes: lines })
}

/// The change set that brings the stored council to the plan, and a line per change.
fn changes_between(
    plan: &Plan,
    stored: Option<&Council>,
    history: &CouncilHistory,
    now: Timestamp,
    recorded_by: &str,
) -> (ChangeSet, Vec<String>) {
    let defs = &plan.definitions;
    let mut changes = ChangeSet::for_council(defs.slug.clone(), defs.name.clone());
    changes.fictional = Some(defs.fictional);
    let mut lines = Vec::new();
    match stored {
        None => lines.push(format!("created council {} ({})", defs.slug, defs.name)),
        Some(s) if s.name != defs.name => lines.push(format!("renamed council {} to {}", defs.slug, defs.name)),
        Some(_) => {}
    }
    match stored {
        None if defs.fictional => lines.push(format!("marked council {} as fictional", defs.slug)),
        Some(s) if s.fictional != defs.fictional => {
            let now = if defs.fictional { "as fictional" } else { "as not fictional" };
            lines.push(format!("marked council {} {now}", defs.slug))
        }
        _ => {}
    }
    let empty = Council {
        slug: defs.slug.clone(),
        name: String::new(),
        fictional: false,
        framework: Default::default(),
        measures: vec![],
        summary: Default::default(),
        milestones: vec![],
    };
    let stored = stored.unwrap_or(&empty);

    changes.kinds =
        upserts(&defs.framework.kinds, &stored.framework.kinds, |k| k.key.to_string(), "node kind", &mut lines);
    changes.nodes = upserts(&defs.framework.nodes, &stored.framework.nodes, |n| n.key.to_string(), "node", &mut lines);
    changes.measures = upserts(&defs.measures, &stored.measures, |m| m.code.to_string(), "measure", &mut lines);
    changes.milestones = upserts(&defs.milestones, &stored.milestones, |m| m.key.to_string(), "milestone", &mut lines);
    if defs.summary.groups != stored.summary.groups {
        lines.push(format!("set summary groups: {}", labels(&defs.summary)));
    }
    if defs.summary.roll_up != stored.summary.roll_up {
        lines.push(match &defs.summary.roll_up {
            Some(rule) => format!("set the roll-up rule to {rule}: {}", rule.describe()),
            None => "removed the roll-up rule: statuses roll up worst of, and reports show no overall status".into(),
        });
    }
    if defs.summary.labels != stored.summary.labels {
        lines.push(status_words_line(&defs.summary.labels));
    }
    if defs.summary != stored.summary {
        changes.summary = Some(defs.summary.clone());
    }
    let in_file: std::collections::HashSet<&str> = defs.measures.iter().map(|d| d.code.as_str()).collect();
    for m in stored.measures.iter().filter(|m| !in_file.contains(m.code.as_str())) {
        lines.push(format!(
            "kept measure {}: it is not in the file, but its history stays (set retired_from to take it out of the suite)",
            m.code
        ));
    }

    changes.targets = new_targets(&plan.targets, history, now).revisions;
    let results = new_results(&plan.results, history, now, recorded_by);
    changes.results = results.entries;
    changes.milestone_updates = new_milestone_updates(plan, history, now);
    count_line(&mut lines, changes.targets.len(), "target revision");
    let corrections = results.counts.corrected;
    if !changes.results.is_empty() {
        let note = if corrections > 0 { format!(" ({corrections} of them corrections)") } else { String::new() };
        lines.push(format!("recorded {} result{}{note}", changes.results.len(), plural(changes.results.len())));
    }
    count_line(&mut lines, changes.milestone_updates.len(), "milestone update");
    (changes, lines)
}

/// The definitions that are new or differ from what is stored, with a line
/// naming the new ones and, for changed ones, the fields that changed.
fn upserts<T: Clone + PartialEq + Serialize>(
    wanted: &[T],
    stored: &[T],
    key: impl Fn(&T) -> String,
    what: &str,
    lines: &mut Vec<String>,
) -> Vec<T> {
    let mut added = Vec::new();
    let mut out = Vec::new();
    let stored: std::collections::HashMap<String, &T> = stored.iter().map(|s| (key(s), s)).collect();
    for item in wanted {
        match stored.get(&key(item)).copied() {
            None => added.push(key(item)),
            Some(s) if s == item => continue,
            Some(s) => lines.push(format!("changed {what} {}: {}", key(item), changed_fields(s, item).join(", "))),
        }
        out.push(item.clone());
    }
    if !added.is_empty() {
        // A framework of thousands of measures names the first few, not every one.
        const NAMED: usize = 20;
        let mut names = added.iter().take(NAMED).cloned().collect::<Vec<_>>().join(", ");
        if added.len() > NAMED {
            names.push_str(&format!(" and {} more", added.len() - NAMED));
        }
        lines.push(format!("added {} {what}{}: {names}", added.len(), plural(added.len())));
    }
    out
}

fn changed_fields<T: Serialize>(before: &T, after: &T) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return vec!["definition".into()];
    };
    b.iter().filter(|(k, v)| a.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect()
}

fn new_milestone_updates(plan: &Plan, history: &CouncilHistory, now: Timestamp) -> Vec<MilestoneUpdate> {
    let mut known = history.milestone_updates.clone();
    let mut out = Vec::new();
    for row in &plan.milestone_updates {
        let same = |u: &MilestoneUpdate| {
            u.milestone == row.milestone && u.period == row.period && u.status == row.status && u.update == row.update
        };
        let already = match row.recorded_at {
            Some(at) => known.iter().any(|u| u.recorded_at == at && same(u)),
            None => outturn_core::milestone::update_as_recorded(&known, &row.milestone, row.period, AsOf::at(now))
                .is_some_and(same),
        };
        if already {
            continue;
        }
        let update = MilestoneUpdate {
            milestone: row.milestone.clone(),
            period: row.period,
            status: row.status.clone(),
            update: row.update.clone(),
            recorded_at: row.recorded_at.unwrap_or(now),
        };
        known.push(update.clone());
        out.push(update);
    }
    out
}

fn labels(rule: &outturn_core::SummaryRule) -> String {
    rule.groups.iter().map(|g| g.label.as_str()).collect::<Vec<_>>().join(", ")
}

fn count_line(lines: &mut Vec<String>, n: usize, what: &str) {
    if n > 0 {
        lines.push(format!("recorded {n} {what}{}", plural(n)));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Report settings, forecasts, process changes and benchmarking that differ
/// from what is stored.
async fn report_changes(
    store: &dyn Store,
    plan: &Plan,
    changes: &mut ChangeSet,
    lines: &mut Vec<String>,
) -> Result<(), AppError> {
    let slug = &plan.definitions.slug;
    if let Some(settings) = &plan.report_settings
        && *settings != store.report_settings(slug).await?
    {
        changes.report_settings = Some(settings.clone());
        lines.push("set report settings".to_string());
    }
    let stored = store.forecasts(slug).await?;
    changes.forecasts = plan.forecasts.iter().filter(|f| !stored.contains(f)).cloned().collect();
    count_line(lines, changes.forecasts.len(), "forecast");
    if let Some(listed) = &plan.process_changes {
        let stored = store.process_changes(slug).await?;
        changes.process_changes = listed.iter().filter(|c| !stored.contains(c)).cloned().collect();
        count_line(lines, changes.process_changes.len(), "process change");
        // The file is the whole list: one stored and no longer listed is removed.
        changes.process_changes_removed = stored
            .into_iter()
            .filter(|s| !listed.iter().any(|c| c.measure == s.measure && c.period == s.period))
            .collect();
        if !changes.process_changes_removed.is_empty() {
            let removed: Vec<String> =
                changes.process_changes_removed.iter().map(|c| format!("{} from {}", c.measure, c.period)).collect();
            lines.push(format!("removed process changes no longer listed: {}", removed.join(", ")));
        }
    }
    if let Some(comparison) = &plan.comparison
        && store.comparison(slug).await?.as_ref() != Some(comparison)
    {
        changes.comparison = Some(comparison.clone());
        lines.push(comparison_line(comparison));
    }
    if !plan.benchmarks.is_empty() {
        let mut metrics: Vec<String> = Vec::new();
        for value in &plan.benchmarks {
            if !metrics.contains(&value.metric) {
                metrics.push(value.metric.clone());
            }
        }
        let stored = store.benchmarks(slug, &metrics).await?;
        changes.benchmarks = new_benchmarks(&plan.benchmarks, &stored);
        count_line(lines, changes.benchmarks.len(), "benchmark value");
    }
    Ok(())
}

/// The comparison in a line: "set the comparison for benchmarking: area
/// E07000243; groups Nearest neighbours (15 areas), East of England (45
/// areas); 12 measures compared on a metric".
fn comparison_line(comparison: &outturn_store::Comparison) -> String {
    let groups: Vec<String> = comparison
        .groups
        .iter()
        .map(|g| format!("{} ({} area{})", g.name, g.areas.len(), plural(g.areas.len())))
        .collect();
    let n = comparison.metrics.len();
    format!(
        "set the comparison for benchmarking: area {}; groups {}; {n} measure{} compared on a metric",
        comparison.area_code,
        groups.join(", "),
        plural(n)
    )
}

/// The values that are new or differ from what is stored (a figure's scale
/// counts: 95.60 replaces 95.6), by metric, area and period.
fn new_benchmarks(
    wanted: &[outturn_store::BenchmarkValue],
    stored: &[outturn_store::BenchmarkValue],
) -> Vec<outturn_store::BenchmarkValue> {
    let seen = |v: &outturn_store::BenchmarkValue| {
        ((v.metric.clone(), v.area_code.clone(), v.period), (v.area_name.clone(), v.value.map(|d| d.to_string())))
    };
    let stored: std::collections::HashMap<_, _> = stored.iter().map(seen).collect();
    wanted
        .iter()
        .filter(|v| {
            let (key, said) = seen(v);
            stored.get(&key) != Some(&said)
        })
        .cloned()
        .collect()
}

/// The same for a council not stored yet: everything the file gives is new.
fn report_changes_for_new(plan: &Plan, changes: &mut ChangeSet, lines: &mut Vec<String>) {
    if let Some(settings) = &plan.report_settings {
        changes.report_settings = Some(settings.clone());
        lines.push("set report settings".to_string());
    }
    changes.forecasts = plan.forecasts.clone();
    count_line(lines, changes.forecasts.len(), "forecast");
    changes.process_changes = plan.process_changes.clone().unwrap_or_default();
    count_line(lines, changes.process_changes.len(), "process change");
    if let Some(comparison) = &plan.comparison {
        changes.comparison = Some(comparison.clone());
        lines.push(comparison_line(comparison));
    }
    changes.benchmarks = plan.benchmarks.clone();
    count_line(lines, changes.benchmarks.len(), "benchmark value");
}
