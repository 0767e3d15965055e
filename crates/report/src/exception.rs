//! The exception report, in the shape of Epping Forest's Corporate Plan
//! Performance Exception Report: only Amber and Red measures, plus work
//! programmes and milestones at risk, off track, not achieved or affected by
//! an external factor, grouped by the council's summary groups (objectives).

use outturn_app::actor::Actor;
use outturn_app::statuses::status_report::{MeasureStatus, MilestoneStatusLine};
use outturn_core::{Key, Period};
use outturn_store::Store;

use crate::common::{self, Facts, bullets, commentary, measure_line};
use crate::model::{Builder, NarrativeSlot, Report, ReportKind, SpotlightIndex, plain};
use crate::narrative::{self, slot};
use crate::quarterly::is_exception;
use crate::{ReportError, Settings, spotlight};

pub async fn exception(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    period: Period,
    settings: &Settings,
) -> Result<Report, ReportError> {
    Ok(draft(store, actor, council, period, settings).await?.0)
}

/// The report and its narrative slots, each with what is written so far.
pub async fn draft(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    period: Period,
    settings: &Settings,
) -> Result<(Report, Vec<NarrativeSlot>), ReportError> {
    let mut facts = common::facts(store, actor, council, period, settings).await?;
    facts.narrative = common::narrative(store, &facts, ReportKind::Exception).await?;
    facts.analytics = spotlight::analytics(store, actor, &facts).await?;
    Ok(build(&facts, settings))
}

fn build(facts: &Facts, settings: &Settings) -> (Report, Vec<NarrativeSlot>) {
    let s = &facts.status;
    let council = &facts.council;
    let mut b = Builder::new();
    let node_of = |line: &MilestoneStatusLine| {
        council.milestones.iter().find(|m| m.key.as_str() == line.key).map(|m| m.node.clone())
    };
    let milestone_exceptions: Vec<(&MilestoneStatusLine, Option<&str>)> = s
        .milestones
        .iter()
        .filter(|m| m.status.as_ref().is_some_and(|st| st.is_exception()))
        .map(|m| (m, node_of(m).and_then(|n| council.summary.group_of_node(&council.framework, &n))))
        .collect();
    let groups: Vec<String> = s.summary.iter().map(|g| g.summary.label.clone()).collect();

    b.section("Purpose");
    narrative::write(&mut b, &facts.narrative, slot::PURPOSE, "purpose");
    b.para(plain(format!(
        "This report sets out, by exception, the performance for {} ({}): the key performance indicators rated {} or {}, and the work programmes and milestones at risk, off track, not achieved or affected by an external factor, by {}.",
        s.period_description,
        s.period,
        s.labels.label(outturn_core::Status::Amber),
        s.labels.label(outturn_core::Status::Red),
        s.by_node_kind.as_deref().map_or_else(|| "group".to_string(), |k| k.to_lowercase())
    )));

    b.section("Summary of statuses");
    common::status_summary(&mut b, s, "all key performance indicators");

    b.section("Exceptions");
    let mut spotlights = Vec::new();
    let mut any = false;
    for group in &groups {
        let measures: Vec<&MeasureStatus> =
            s.measures.iter().filter(|m| m.group.as_deref() == Some(group.as_str()) && is_exception(m)).collect();
        let milestones: Vec<&MilestoneStatusLine> =
            milestone_exceptions.iter().filter(|(_, g)| *g == Some(group.as_str())).map(|(m, _)| *m).collect();
        if measures.is_empty() && milestones.is_empty() {
            continue;
        }
        any = true;
        b.subheading(1, group.clone());
        if !measures.is_empty() {
            b.subheading(2, "Key performance indicators");
        }
        for m in measures {
            let line = measure_line(m);
            let first = b.para(plain(format!("{line} ({}).", m.status_words())));
            let last = b.para(commentary(m));
            let last = match common::last_year_sentence(m, &facts.last_year) {
                Some(sentence) => b.para(plain(sentence)),
                None => last,
            };
            let last = match &m.judged {
                Some(judged) => b.para(plain(judged.explanation.clone())),
                None => last,
            };
            spotlight::figures(&mut b, facts, m);
            spotlights.push(SpotlightIndex {
                code: m.code.clone(),
                status: m.status_words().to_string(),
                measure_line: line,
                first,
                last,
            });
        }
        if !milestones.is_empty() {
            b.subheading(2, "Work programmes and milestones");
        }
        for m in milestones {
            let due = m.due.map(|d| format!(", due {}", d.describe())).unwrap_or_default();
            b.para(plain(format!(
                "{} ({}{due}): {}.",
                m.title,
                m.kind,
                m.status_label().as_deref().unwrap_or("No update")
            )));
            if let Some(update) = &m.update {
                b.list(bullets([update.clone()]));
            }
        }
    }
    if !any {
        b.para(plain(format!("No measure, work programme or milestone is an exception for {}.", s.period_description)));
    }
    let noting: Vec<String> = s
        .milestones
        .iter()
        .filter(|m| m.status.as_ref().is_some_and(|st| !st.is_exception()))
        .map(|m| format!("{}: {}", m.title, m.status_label().unwrap_or_default()))
        .collect();
    if !noting.is_empty() {
        b.subheading(1, "Other work programmes and milestones");
        b.para(plain("The other work programmes and milestones with an update this period:"));
        b.list(bullets(noting));
    }

    b.appendix('A', "Every key performance indicator");
    b.table(crate::quarterly::compendium(s));

    let slots = std::mem::take(&mut b.slots);
    let (sections, missing_narratives) = b.finish();
    let report = Report {
        kind: ReportKind::Exception,
        notice: s.council_notice.clone(),
        title: format!("Performance Exception Report: {} ({})", s.period_description, s.period),
        cover: common::cover(facts, settings, "Performance exception report"),
        sections,
        spotlights,
        missing_narratives,
    };
    (report, slots)
}
