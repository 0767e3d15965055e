//! Parts both reports share: loading what a report rests on, the cover
//! block, the measure line in the papers' form, and the status summary.

use std::collections::HashMap;
use std::sync::Arc;

use outturn_app::actor::Actor;
use outturn_app::statuses::status_report::{GroupStatus, MeasureStatus, StatusReport, status_report};
use outturn_core::{AsOf, Key, MeasureCode, MeasureHistory, Period, Status, StatusLabels};
use outturn_store::{Council, DraftKey, Forecast, Narrative, ReportSettings, Store};

use crate::model::{Builder, CoverLine, ListItem, Table, Text, TextBuilder, plain};
use crate::{ReportError, Settings};

/// What a report is built from: the period's status report, the council's
/// definitions, and the same period a year earlier (for comparison).
pub(crate) struct Facts {
    pub status: StatusReport,
    pub last_year: StatusReport,
    pub council: Arc<Council>,
    /// The council's report settings (cover block, implications).
    pub stored: ReportSettings,
    /// The narrative written for this draft (set by the report that is built).
    pub narrative: Narrative,
    pub forecasts: Vec<Forecast>,
    /// The history of each Red or Amber measure, for its spotlight.
    pub histories: HashMap<String, MeasureHistory>,
    /// The last meeting's actions and the improvement plans (set by the quarterly report).
    pub committee: crate::follow_up::CommitteeFacts,
    /// The spotlit measures' SPC charts and the council's comparisons with
    /// other councils (set by the reports with spotlights).
    pub analytics: crate::spotlight::Analytics,
    /// Sign-off: "Provisional: 2 of 6 business units signed off", "Signed off", "Published".
    pub sign_off: String,
}

impl Facts {
    /// Figures as recorded at the report's date (or now).
    pub fn as_of(&self) -> AsOf {
        self.status.as_of.map_or_else(AsOf::now, AsOf::end_of_day)
    }
}

pub(crate) async fn facts(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    period: Period,
    settings: &Settings,
) -> Result<Facts, ReportError> {
    let status = status_report(store, actor, council, period, settings.as_of).await?;
    let last_year = status_report(store, actor, council, period.same_period_last_year(), settings.as_of).await?;
    let slug = council.clone();
    let council = store.council(&slug).await?.ok_or_else(|| outturn_store::StoreError::NoCouncil(slug.to_string()))?;
    let stored = store.report_settings(&slug).await?;
    let forecasts = store.forecasts(&slug).await?;
    let sign_off = outturn_app::rounds::sign_off::standing(store, &council, period).await?.label;
    // The charted measures' histories, read together.
    let charted: Vec<MeasureCode> = status
        .measures
        .iter()
        .filter(|m| m.status.needs_commentary())
        .filter_map(|m| MeasureCode::parse(&m.code).ok())
        .collect();
    let histories: HashMap<String, MeasureHistory> = store
        .measures_history(&slug, &charted)
        .await?
        .into_iter()
        .map(|(code, history)| (code.as_str().to_string(), history))
        .collect();
    Ok(Facts {
        status,
        last_year,
        council,
        stored,
        narrative: Narrative::new(),
        forecasts,
        histories,
        committee: Default::default(),
        analytics: Default::default(),
        sign_off,
    })
}

/// The narrative written so far for the draft of this kind and period.
pub(crate) async fn narrative(
    store: &dyn Store,
    facts: &Facts,
    kind: crate::ReportKind,
) -> Result<Narrative, ReportError> {
    let draft =
        DraftKey { council: facts.council.slug.clone(), kind: kind.slug().to_string(), period: facts.status.period };
    Ok(store.narrative(&draft).await?)
}

pub(crate) fn cover(facts: &Facts, settings: &Settings, report_name: &str) -> Vec<CoverLine> {
    let given = |label: &str, value: String| CoverLine { label: label.into(), value, to_be_set: false };
    let to_be_set = |label: &str| CoverLine { label: label.into(), value: "to be set".into(), to_be_set: true };
    let s = &facts.status;
    let stored = &facts.stored;
    let either =
        |label: &str, value: Option<&String>| value.cloned().map_or_else(|| to_be_set(label), |v| given(label, v));
    let contact: Vec<String> =
        [&stored.contact_name, &stored.contact_email, &stored.contact_phone].into_iter().flatten().cloned().collect();
    vec![
        given("Council", s.council_name.clone()),
        // The command line's committee overrides the council's settings.
        either("Committee", settings.committee.as_ref().or(stored.committee.as_ref())),
        settings.date.map_or_else(|| to_be_set("Date"), |d| given("Date", d.strftime("%-d %B %Y").to_string())),
        either("Portfolio holder", stored.portfolio_holder.as_ref()),
        either("Lead officer", stored.lead_officer.as_ref()),
        either("Contact officer", (!contact.is_empty()).then(|| contact.join(", ")).as_ref()),
        given("Report", report_name.to_string()),
        given("Period", format!("{} ({})", s.period_description, s.period)),
        given(
            "Figures",
            s.as_of.map_or_else(
                || "as recorded when the report was generated".to_string(),
                |d| format!("as recorded at the end of {}", d.strftime("%-d %B %Y")),
            ),
        ),
        given("Sign-off", facts.sign_off.clone()),
    ]
}

/// "figures to the end of September 2020": what a status count rests on
/// (year-to-date figures and positions alike end there).
pub(crate) fn figures_to(period: Period) -> String {
    format!("figures to the end of {}", figure_month(period))
}

/// "September 2020": the words for the last month of a measure's figure period,
/// as the papers date a to-date figure.
pub(crate) fn figure_month(period: Period) -> String {
    Period::Month(period.last_month()).describe()
}

/// The measure line in the papers' own form:
/// "BV66a: Rent Collection Rate, September 2020 target 96.3%, achieved 93.4%".
pub(crate) fn measure_line(m: &MeasureStatus) -> String {
    let when = figure_month(m.period);
    let achieved = match (&m.result_display, &m.missing_reason) {
        (Some(result), _) => format!("achieved {result}"),
        (None, Some(reason)) => format!("missing data ({reason})"),
        (None, None) => "no result".to_string(),
    };
    match &m.target_display {
        Some(target) => format!("{}: {}, {when} target {target}, {achieved}", m.code, m.title),
        None => format!("{}: {}, {when} {achieved}", m.code, m.title),
    }
}

/// A paragraph and table per summary group, each with a note naming the
/// missing measures and why, then the comparison with the period before.
pub(crate) fn status_summary(b: &mut Builder, s: &StatusReport, what: &str) {
    for group in &s.summary {
        b.para(plain(format!(
            "An overview of {} performance for {} ({}) is outlined below.",
            group.summary.label, s.period_description, what
        )));
        b.table(summary_table(group, &figures_to(s.period), &s.labels, shows_exceeded(s)));
        let extra =
            [(group.summary.no_target, "had no target"), (group.summary.information_only, "are for information only")];
        let extra: Vec<String> = extra
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, words)| format!("{n} measure{} {words}", if *n == 1 { "" } else { "s" }))
            .collect();
        if !extra.is_empty() {
            b.para(plain(format!("In addition, in the {}: {}.", group.summary.label, extra.join("; "))));
        }
    }
    let previous = s.period.previous();
    let which = if matches!(s.period, Period::Quarter(..)) { "quarter" } else { "period" };
    let sentences: Vec<String> = s
        .summary
        .iter()
        .map(|g| match &g.change_since_previous {
            Some(c) if c.description == "no change" => format!(
                "{}: overall performance status has remained static since {} ({}).",
                g.summary.label,
                c.period.describe(),
                c.period
            ),
            Some(c) => format!("{}: since {} ({}), {}.", g.summary.label, c.period.describe(), c.period, c.description),
            None => format!(
                "{}: nothing was recorded for the previous {which}, {} ({}), so there is no comparison.",
                g.summary.label,
                previous.describe(),
                previous
            ),
        })
        .collect();
    b.para(plain(format!("Compared with the previous {which}: {}", sentences.join(" "))));
}

/// Whether the summary tables give an Exceeded column: only when a measure
/// is Exceeded (a council whose rules never give it keeps its tables).
fn shows_exceeded(s: &StatusReport) -> bool {
    s.summary.iter().chain(&s.by_node).any(|g| g.summary.exceeded > 0)
}

/// A group's counts, in the order of [`summary_table`]'s columns.
fn counts(g: &outturn_core::Summary, exceeded: bool) -> Vec<usize> {
    let shown = outturn_core::Summary::REPORTED.into_iter().filter(|s| exceeded || *s != Status::Exceeded);
    std::iter::once(g.reported).chain(shown.map(|s| g.count_of(s))).collect()
}

fn summary_table(group: &GroupStatus, figures: &str, labels: &StatusLabels, exceeded: bool) -> Table {
    let g = &group.summary;
    let mut notes: Vec<Text> = Vec::new();
    if !g.missing_measures.is_empty() {
        let named: Vec<String> =
            g.missing_measures.iter().map(|m| format!("{}: {} ({})", m.code, m.title, m.reason)).collect();
        notes.push(plain(format!("*{}: {}", labels.label(Status::Missing), named.join("; "))));
    }
    let label = |s| labels.label(s);
    let mut columns = vec!["Group".to_string(), "Number of measures reported".to_string()];
    if exceeded {
        columns.push(format!("Exceeding target beyond its band ({})", label(Status::Exceeded)));
    }
    columns.extend([
        format!("Meeting or exceeding target ({})", label(Status::Green)),
        format!("{} status (within a manageable tolerance)", label(Status::Amber)),
        format!("{} status (urgent improvement action required)", label(Status::Red)),
        label(Status::Missing).to_string(),
    ]);
    let mut row = vec![g.label.clone()];
    row.extend(counts(g, exceeded).iter().map(ToString::to_string));
    if g.missing > 0
        && let Some(last) = row.last_mut()
    {
        last.push('*');
    }
    Table {
        caption: format!("{}: measures by status, {figures}", g.label),
        columns,
        row_headers: true,
        rows: vec![row],
        notes,
    }
}

/// The same counts by the top of the tree (themes, objectives).
pub(crate) fn by_node_table(s: &StatusReport) -> Option<Table> {
    if s.by_node.is_empty() {
        return None;
    }
    let kind = s.by_node_kind.clone().unwrap_or_else(|| "Area".to_string());
    // The overall status only when the council chose a roll-up rule.
    let overall = s.roll_up.chosen;
    let exceeded = shows_exceeded(s);
    let mut columns: Vec<String> = vec![kind, "Reported".into()];
    let shown = [Status::Green, Status::Amber, Status::Red, Status::Missing];
    let shown = exceeded.then_some(Status::Exceeded).into_iter().chain(shown);
    columns.extend(shown.map(|status| s.labels.label(status).to_string()));
    if overall {
        columns.push("Overall status".into());
    }
    Some(Table {
        caption: format!("Measures by status and {}, {}", columns[0].to_lowercase(), figures_to(s.period)),
        columns,
        row_headers: true,
        rows: s
            .by_node
            .iter()
            .map(|group| {
                let g = &group.summary;
                let mut row = vec![g.label.clone()];
                row.extend(counts(g, exceeded).iter().map(ToString::to_string));
                if overall {
                    row.push(overall_status(s, group));
                }
                row
            })
            .collect(),
        notes: if overall { vec![plain(format!("Overall status: {}", s.roll_up.description))] } else { vec![] },
    })
}

/// A node's rolled-up status in words, with the weighted rule's score.
fn overall_status(s: &StatusReport, group: &GroupStatus) -> String {
    let Some(rolled) = group.node.as_deref().map(|key| s.roll_up.of(key)) else {
        return "No status".into();
    };
    match rolled.score {
        Some(score) => format!("{} (score {})", rolled.label(&s.labels), score.normalize()),
        None => rolled.label(&s.labels).to_string(),
    }
}

/// A list of plain items at depth 0.
pub(crate) fn bullets(items: impl IntoIterator<Item = String>) -> Vec<ListItem> {
    items.into_iter().map(|t| ListItem { depth: 0, text: plain(t) }).collect()
}

/// The owner's commentary, or a marked placeholder when none was written.
pub(crate) fn commentary(m: &MeasureStatus) -> Text {
    match &m.commentary {
        Some(c) => plain(c.clone()),
        None => TextBuilder::new().placeholder(format!("commentary on {}", m.code)).done(),
    }
}

/// The figure for the same period last year, in the papers' words, if there is one.
pub(crate) fn last_year_sentence(m: &MeasureStatus, last_year: &StatusReport) -> Option<String> {
    let before = last_year.measures.iter().find(|b| b.code == m.code)?;
    let result = before.result_display.as_ref()?;
    let target = before.target_display.as_ref().map(|t| format!(" against a target of {t}")).unwrap_or_default();
    Some(format!(
        "Same period last year: {} achieved {result}{target} ({}).",
        figure_month(before.period),
        before.status_words()
    ))
}
