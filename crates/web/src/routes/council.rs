//! A council's pages: dashboard, framework browser, a node (programme) page,
//! missing data and search.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use jiff::civil::Date;
use outturn_app::statuses::dashboard::{DashboardFilter, dashboard as app_dashboard};
use outturn_app::statuses::status_report::{GroupStatus, MeasureStatus, RollUps};
use outturn_core::{FinancialYear, Key, Period, Quarter, Status, StatusLabels};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::filters::url_encode;
use crate::forms::Query;
use crate::ids::council_key;
use crate::session::Visitor;
use crate::views::{
    Choice, Chrome, ContentPage, DashboardContent, FrameworkPage, MeasureRow, MilestoneRow, MissingPage, NodePage,
    RolledUpCell, SearchPage, SearchRow, Section, StatusTag, SummaryHeads, SummaryRow, TreeNode, render,
};

/// The query every council page understands.
#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
    pub as_of: Option<String>,
    pub node: Option<String>,
    pub aligned: Option<String>,
    pub status: Option<String>,
    pub q: Option<String>,
    /// Page of the measure list, from 1.
    pub page: Option<usize>,
    /// How many results a grid save recorded (for its confirmation).
    pub saved: Option<usize>,
    /// `print` for the dashboard's print view.
    pub view: Option<String>,
}

/// The as-of filter, as its messages name it.
const AS_OF_LABEL: &str = "the \"As recorded on\" date";

/// Measures listed per page of a dashboard.
const PER_PAGE: usize = 50;

fn blank_to_none(v: &Option<String>) -> Option<String> {
    v.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The period and as-of date asked for; no period means the default, which
/// the use case settles after checking who may read the council.
fn period_and_as_of(q: &PeriodQuery) -> Result<(Option<Period>, Option<Date>), WebError> {
    let period = match blank_to_none(&q.period) {
        Some(text) => Some(Period::parse(&text).map_err(|e| WebError::BadRequest(e.to_string()))?),
        None => None,
    };
    let as_of = crate::forms::optional_date(AS_OF_LABEL, q.as_of.as_deref())?;
    Ok((period, as_of))
}

/// Quarters of the asked period's year and the two before, newest first.
fn period_choices(selected: Period) -> Vec<Choice> {
    let fy = selected.financial_year();
    let mut choices = Vec::new();
    for year in [fy, fy.previous(), fy.previous().previous()] {
        for q in (1..=4).rev() {
            let p = Period::Quarter(year, Quarter::new(q).expect("1 to 4"));
            choices.push(Choice {
                value: p.to_string(),
                label: format!("{p} ({})", p.describe()),
                selected: p == selected,
            });
        }
        let y = Period::Year(year);
        choices.push(Choice { value: y.to_string(), label: format!("{y} (whole year)"), selected: y == selected });
    }
    if !choices.iter().any(|c| c.selected) {
        choices.insert(
            0,
            Choice {
                value: selected.to_string(),
                label: format!("{selected} ({})", selected.describe()),
                selected: true,
            },
        );
    }
    choices
}

pub fn summary_row(g: &GroupStatus, labels: &StatusLabels) -> SummaryRow {
    let s = &g.summary;
    let total = s.reported.max(1);
    SummaryRow {
        label: s.label.clone(),
        reported: s.reported,
        exceeded: s.exceeded,
        green: s.green,
        amber: s.amber,
        red: s.red,
        missing: s.missing,
        awaiting: s.awaiting,
        no_target: s.no_target,
        change: match &g.change_since_previous {
            Some(c) => format!("{} since {}", c.description, c.period),
            None => "Nothing recorded for the quarter before".into(),
        },
        bar: outturn_core::Summary::REPORTED
            .into_iter()
            .scan(0, |x, status| {
                let (start, width) = (*x, s.count_of(status) * 200 / total);
                *x += width;
                Some((labels.colour(status).hex(), start, width))
            })
            .filter(|(_, _, width)| *width > 0)
            .collect(),
        overall: None,
    }
}

/// A row for a node at the top of the tree, with its rolled-up status.
fn node_summary_row(g: &GroupStatus, roll_up: &RollUps, labels: &StatusLabels) -> SummaryRow {
    let overall = g.node.as_deref().map(|key| RolledUpCell::of(&roll_up.of(key), labels));
    SummaryRow { overall, ..summary_row(g, labels) }
}

fn milestone_row(m: &outturn_app::statuses::status_report::MilestoneStatusLine, period: Period) -> MilestoneRow {
    MilestoneRow {
        title: m.title.clone(),
        kind: m.kind.clone(),
        node: m.node.clone(),
        status: m.status_label().unwrap_or_else(|| format!("No update for {period}")),
        update: m.update.clone().unwrap_or_default(),
    }
}

pub fn measure_row(slug: &str, m: &MeasureStatus, labels: &StatusLabels) -> MeasureRow {
    let note = m.missing_reason.clone().or_else(|| m.commentary.clone()).unwrap_or_default();
    MeasureRow {
        code: m.code.clone(),
        title: m.title.clone(),
        href: format!("/councils/{slug}/measures/{}", url_encode(&m.code)),
        owner: m.owner.clone(),
        target: m.target_display.clone().unwrap_or_else(|| "–".into()),
        result: m.result_display.clone().unwrap_or_else(|| "–".into()),
        status: StatusTag::of(m.status, labels),
        judged: m.judged.is_some(),
        direction: m.direction.label().to_string(),
        note: shortened(&note, 200),
        // A long reason opens in full where it stands (no script needed).
        note_full: (note.chars().count() > 200).then(|| note.clone()),
        commentary_owed: m.commentary_need.is_owed(),
        quartile: None,
    }
}

/// The quartile and rank of a measure's figure in the council's first
/// comparison group, in words, for the dashboard's column.
fn quartile_words(compared: &outturn_app::statuses::benchmark::MeasureBenchmark) -> Option<String> {
    let group = compared.headline()?;
    let position = group.benchmark.position.as_ref()?;
    let polarity = compared.polarity();
    let mut words = position.quartile.label(polarity).to_string();
    if let Some(first) = words.get(..1) {
        words = first.to_uppercase() + &words[1..];
    }
    Some(format!("{words}, {} ({}, {})", position.rank.describe(polarity), group.name, compared.period))
}

pub fn can_enter(visitor: &Visitor, slug: &Key) -> bool {
    visitor.user().is_some_and(|u| outturn_app::access::records_results(u, slug))
}

/// The dashboard's measures as filtered, as a CSV or an Excel workbook
/// (`/councils/SLUG/download/csv|xlsx` with the dashboard's query).
pub async fn dashboard_download(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, format)): Path<(String, String)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}"))?;
    let (period, as_of) = period_and_as_of(&q)?;
    let filter = DashboardFilter {
        node: blank_to_none(&q.node),
        aligned: blank_to_none(&q.aligned),
        status: blank_to_none(&q.status),
    };
    let actor = signed_in.actor();
    let d =
        app_dashboard(state.store.as_ref(), &state.dashboards, &actor, &council_key(&council)?, period, as_of, filter)
            .await?;
    let table = outturn_app::export::status_table(&d.report);
    let name = format!("{council}-{}", d.report.period.to_string().replace('/', "-"));
    let (media_type, file_name, bytes) = match format.as_str() {
        "csv" => ("text/csv; charset=utf-8", format!("{name}.csv"), table.to_csv().into_bytes()),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            format!("{name}.xlsx"),
            table.to_xlsx()?,
        ),
        other => return Err(WebError::NotFound(format!("a download as \"{other}\" (csv or xlsx)"))),
    };
    let disposition = format!("attachment; filename=\"{file_name}\"");
    Ok(([(header::CONTENT_TYPE, media_type.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

pub async fn dashboard(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
    Query(q): Query<PeriodQuery>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, WebError> {
    let raw_query = raw.unwrap_or_default();
    let here =
        if raw_query.is_empty() { format!("/councils/{council}") } else { format!("/councils/{council}?{raw_query}") };
    let signed_in = visitor.require(&here)?;
    let visitor = Visitor(Some(signed_in));
    let (period, as_of) = period_and_as_of(&q)?;
    let filter = DashboardFilter {
        node: blank_to_none(&q.node),
        aligned: blank_to_none(&q.aligned),
        status: blank_to_none(&q.status),
    };
    let d = app_dashboard(
        state.store.as_ref(),
        &state.dashboards,
        &visitor.actor(),
        &council_key(&council)?,
        period,
        as_of,
        filter.clone(),
    )
    .await?;
    let period = d.report.period;
    let slug = Key::parse(&council).map_err(|_| WebError::NotFound(council.clone()))?;
    let r = &d.report;
    let mut chrome =
        Chrome::council(visitor.0.as_ref(), &council, &r.title(), Section::Dashboard, can_enter(&visitor, &slug));
    chrome.print_view = q.view.as_deref() == Some("print");
    let title = format!("Dashboard {}: {}", r.period, r.council_name);
    // Provisional, signed off or published: kept with the dashboard (each step moves the revision).
    let standing = d.standing.label.clone();
    // The content is the same for everyone allowed to see it: render it once per revision.
    // Keyed by the period shown too: the default period moves (a round closes).
    let content_key = format!("{council}|dashboard|{period}|{raw_query}");
    // Forecasts are of the figures as recorded now: no early warning on a past view.
    let (early_warning, early_warning_link) = match as_of {
        Some(_) => (String::new(), String::new()),
        None => {
            let warnings = crate::early_warning::for_dashboard(&state, &visitor.actor(), &slug, d.revision).await;
            let section = crate::early_warning::EarlyWarningSection { slug: &council, warnings: warnings.as_deref() };
            (crate::page::render(&section).0, crate::early_warning::link(warnings.as_deref()))
        }
    };
    if let Some(content) = state.pages.get(&content_key, d.revision) {
        return Ok(render(&ContentPage {
            chrome,
            title,
            content: &content,
            standing,
            early_warning,
            early_warning_link,
        }));
    }
    // With filters, every matching measure; without, the exceptions.
    let listed = if d.filter.is_empty() { &d.exceptions } else { &d.report.measures };
    // The print view lists every one on a single page, reasons in full.
    let print_view = q.view.as_deref() == Some("print");
    let (page, per_page) = if print_view { (1, listed.len().max(1)) } else { (q.page.unwrap_or(1).max(1), PER_PAGE) };
    let dashboard_query = raw_query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page=") && !p.starts_with("view="))
        .collect::<Vec<_>>()
        .join("&");
    let page_link = |n: usize| {
        let mut query: Vec<String> =
            raw_query.split('&').filter(|p| !p.is_empty() && !p.starts_with("page=")).map(str::to_string).collect();
        query.push(format!("page={n}"));
        format!("/councils/{council}?{}", query.join("&"))
    };
    let choice = |key: &str, label: String, selected: &Option<String>| Choice {
        value: key.to_string(),
        label,
        selected: selected.as_deref() == Some(key),
    };
    let nodes_are_groups = r.by_node.iter().map(|g| &g.summary.label).eq(r.summary.iter().map(|g| &g.summary.label));
    // Compared with other councils (when the council has comparator data):
    // the latest period with data up to the dashboard's.
    let compared = outturn_app::statuses::benchmark::council_benchmarks(
        state.store.as_ref(),
        &visitor.actor(),
        &slug,
        Some(period),
    )
    .await?;
    let quartile = |code: &str| {
        let code = outturn_core::MeasureCode::parse(code).ok()?;
        quartile_words(compared.of(&code)?)
    };
    let content = DashboardContent {
        slug: council.clone(),
        council_name: r.council_name.clone(),
        period: r.period.to_string(),
        period_description: r.period_description.clone(),
        as_of: as_of.map(crate::forms::uk_date).unwrap_or_default(),
        period_choices: period_choices(period),
        // The tree's top level, unless it is the summary grouping again
        // (objectives): then the summary's rows carry the rolled-up statuses.
        focus_rows: if nodes_are_groups {
            r.by_node.iter().map(|g| node_summary_row(g, &r.roll_up, &r.labels)).collect()
        } else {
            r.summary.iter().map(|g| summary_row(g, &r.labels)).collect()
        },
        node_rows: if nodes_are_groups {
            Vec::new()
        } else {
            r.by_node.iter().map(|g| node_summary_row(g, &r.roll_up, &r.labels)).collect()
        },
        roll_up_rule: r.roll_up.description.clone(),
        heads: SummaryHeads::of(&r.labels),
        shows_exceeded: r.summary.iter().chain(&r.by_node).any(|g| g.summary.exceeded > 0),
        shows_awaiting: r.summary.iter().chain(&r.by_node).any(|g| g.summary.awaiting > 0),
        shows_no_target: r.summary.iter().chain(&r.by_node).any(|g| g.summary.no_target > 0),
        node_kind: r.by_node_kind.clone().unwrap_or_else(|| "Area".into()),
        exceptions: listed
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(|m| MeasureRow { quartile: quartile(&m.code), ..measure_row(&council, m, &r.labels) })
            .map(|row| if print_view { row.in_full() } else { row })
            .collect(),
        list_caption: if d.filter.is_empty() {
            let label = |s| r.labels.label(s);
            format!("Exceptions: {}, {} and {}", label(Status::Red), label(Status::Amber), label(Status::Missing))
        } else {
            "Measures matching the filters".to_string()
        },
        previous_page: (page > 1).then(|| page_link(page - 1)),
        next_page: (page * per_page < listed.len()).then(|| page_link(page + 1)),
        page_note: (listed.len() > per_page).then(|| {
            let last = (page * per_page).min(listed.len());
            format!("Showing {} to {last} of {}", (page - 1) * per_page + 1, listed.len())
        }),
        filtered: !d.filter.is_empty(),
        filters_note: filters_note(&d, &filter, as_of, &r.labels),
        print_view,
        download_query: dashboard_query,
        owners: d
            .owners
            .iter()
            .map(|o| choice(&o.key, format!("{}{}", "– ".repeat(o.depth), o.name), &filter.node))
            .collect(),
        alignments: d.alignments.iter().map(|a| choice(&a.key, a.name.clone(), &filter.aligned)).collect(),
        statuses: Status::ALL
            .into_iter()
            .map(|s| choice(s.code(), r.labels.label(s).to_string(), &filter.status))
            .collect(),
        milestones: r.milestones.iter().map(|m| milestone_row(m, r.period)).collect(),
        as_of_note: as_of.map(|d| {
            format!("As recorded on {}: results and targets entered later are not shown.", crate::forms::long_date(d))
        }),
    };
    let content = Arc::new(render(&content).0);
    state.pages.put(content_key, d.revision, content.clone());
    Ok(render(&ContentPage { chrome, title, content: &content, standing, early_warning, early_warning_link }))
}

/// The print view's line saying what the printed page shows: "Measures due
/// in the period, no filters" or the filters by their names.
fn filters_note(
    d: &outturn_app::statuses::dashboard::Dashboard,
    filter: &DashboardFilter,
    as_of: Option<Date>,
    labels: &StatusLabels,
) -> String {
    let mut parts = Vec::new();
    if let Some(key) = &filter.node {
        let name = d.owners.iter().find(|o| &o.key == key).map_or(key.as_str(), |o| o.name.as_str());
        parts.push(format!("theme or business unit {name}"));
    }
    if let Some(key) = &filter.aligned {
        let name = d.alignments.iter().find(|a| &a.key == key).map_or(key.as_str(), |a| a.name.as_str());
        parts.push(format!("aligned to {name}"));
    }
    if let Some(code) = &filter.status {
        let label = Status::ALL.into_iter().find(|s| s.code() == code).map_or(code.as_str(), |s| labels.label(s));
        parts.push(format!("status {label}"));
    }
    if let Some(date) = as_of {
        parts.push(format!("as recorded on {}", crate::forms::long_date(date)));
    }
    if parts.is_empty() {
        "Every measure due in the period; the list shows the exceptions.".to_string()
    } else {
        format!("Showing measures for {}.", parts.join(", "))
    }
}

/// What the framework, node and missing-data pages start from: the signed-in
/// visitor, the period, the council and its status report.
struct CouncilView {
    visitor: Visitor,
    period: Period,
    as_of: Option<Date>,
    council: Arc<outturn_store::Council>,
    /// The unfiltered dashboard: its statuses, kept while the council is unchanged.
    position: Arc<outturn_app::statuses::dashboard::Dashboard>,
}

async fn council_view(
    state: &AppState,
    visitor: Visitor,
    council: &str,
    here: &str,
    q: &PeriodQuery,
) -> Result<CouncilView, WebError> {
    let visitor = Visitor(Some(visitor.require(here)?));
    let (period, as_of) = period_and_as_of(q)?;
    let (found, position) = positions(state, &visitor, council, period, as_of).await?;
    let period = position.report.period;
    Ok(CouncilView { visitor, period, as_of, council: found, position })
}

/// The council and its statuses for a period from the dashboards' cache: the
/// framework, node, missing-data and search pages read what the dashboard read.
async fn positions(
    state: &AppState,
    visitor: &Visitor,
    council: &str,
    period: Option<Period>,
    as_of: Option<Date>,
) -> Result<(Arc<outturn_store::Council>, Arc<outturn_app::statuses::dashboard::Dashboard>), WebError> {
    let slug = council_key(council)?;
    let actor = visitor.actor();
    let store = state.store.as_ref();
    let position =
        app_dashboard(store, &state.dashboards, &actor, &slug, period, as_of, DashboardFilter::default()).await?;
    Ok((outturn_app::statuses::measures_query::council_for(store, &actor, &slug).await?, position))
}

pub async fn framework(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, WebError> {
    let CouncilView { visitor, period, as_of, council: found, position } =
        council_view(&state, visitor, &council, &format!("/councils/{council}/framework"), &q).await?;
    let report = &position.report;
    let on = period.end_date();
    let mut lines = Vec::new();
    fn walk(
        c: &outturn_store::Council,
        parent: Option<&Key>,
        depth: usize,
        on: Date,
        report: &outturn_app::statuses::status_report::StatusReport,
        slug: &str,
        lines: &mut Vec<TreeNode>,
    ) {
        for n in c.framework.children(parent).filter(|n| n.exists_on(on)) {
            let kind = c.framework.kind(&n.kind).map_or_else(|| n.kind.to_string(), |k| k.name.clone());
            let measures = report
                .measures
                .iter()
                .filter(|m| m.owner_key == n.key.as_str())
                .map(|m| measure_row(slug, m, &report.labels))
                .collect();
            lines.push(TreeNode {
                depth,
                name: n.name_on(on).to_string(),
                kind,
                href: format!("/councils/{slug}/nodes/{}", n.key),
                overall: RolledUpCell::of(&report.roll_up.of(n.key.as_str()), &report.labels),
                measures,
            });
            walk(c, Some(&n.key), depth + 1, on, report, slug, lines);
        }
    }
    walk(&found, None, 0, on, report, &council, &mut lines);
    let page = FrameworkPage {
        chrome: Chrome::council(
            visitor.0.as_ref(),
            &council,
            &outturn_app::CouncilTitle::of(&found),
            Section::Framework,
            can_enter(&visitor, &found.slug),
        ),
        period: period.to_string(),
        period_description: period.describe(),
        period_choices: period_choices(period),
        as_of: as_of.map(crate::forms::uk_date).unwrap_or_default(),
        nodes: lines,
        roll_up_rule: report.roll_up.description.clone(),
    };
    Ok(render(&page))
}

pub async fn node(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, node)): Path<(String, String)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, WebError> {
    let CouncilView { visitor, period, council: found, position, .. } =
        council_view(&state, visitor, &council, &format!("/councils/{council}/nodes/{node}"), &q).await?;
    let report = &position.report;
    let Some(n) = Key::parse(&node).ok().and_then(|k| found.framework.node(&k).cloned()) else {
        return Err(WebError::NotFound(format!("{} has no \"{node}\"", found.name)));
    };
    let owned_or_aligned = |m: &&MeasureStatus| {
        Key::parse(&m.owner_key).is_ok_and(|o| found.framework.is_under(&o, &n.key))
            || m.aligned.iter().any(|a| a == n.key.as_str())
    };
    let fy: FinancialYear = period.financial_year();
    let page = NodePage {
        chrome: Chrome::council(
            visitor.0.as_ref(),
            &council,
            &outturn_app::CouncilTitle::of(&found),
            Section::Framework,
            can_enter(&visitor, &found.slug),
        ),
        name: n.name.clone(),
        kind: found.framework.kind(&n.kind).map_or_else(|| n.kind.to_string(), |k| k.name.clone()),
        period: period.to_string(),
        period_description: period.describe(),
        validity: match (n.created, n.closed) {
            (Some(c), Some(e)) => format!("From {c} to {e}"),
            (Some(c), None) => format!("Since {c}"),
            (None, Some(e)) => format!("Closed on {e}"),
            (None, None) => String::new(),
        },
        former_names: n.former_names.iter().map(|f| format!("{} (until {})", f.name, f.until)).collect(),
        outcomes: n.outcomes.clone(),
        focus_year: fy.to_string(),
        focus: n.focus.get(&fy).cloned().unwrap_or_default(),
        // The year's delivery updates up to the period, newest first.
        updates: n
            .updates
            .iter()
            .filter(|(p, _)| p.financial_year() == fy && p.last_month() <= period.last_month())
            .rev()
            .map(|(p, text)| (format!("{} ({p})", p.describe()), text.split("\n\n").map(str::to_string).collect()))
            .collect(),
        children: found
            .framework
            .children(Some(&n.key))
            .map(|c| (format!("/councils/{council}/nodes/{}", c.key), c.name.clone()))
            .collect(),
        overall: RolledUpCell::of(&report.roll_up.of(n.key.as_str()), &report.labels),
        roll_up_rule: report.roll_up.description.clone(),
        measures: report
            .measures
            .iter()
            .filter(owned_or_aligned)
            .map(|m| measure_row(&council, m, &report.labels))
            .collect(),
        milestones: report
            .milestones
            .iter()
            .filter(|m| m.node_key == n.key.as_str())
            .map(|m| milestone_row(m, period))
            .collect(),
    };
    Ok(render(&page))
}

pub async fn missing(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, WebError> {
    let CouncilView { visitor, period, as_of, council: found, position } =
        council_view(&state, visitor, &council, &format!("/councils/{council}/missing"), &q).await?;
    let report = &position.report;
    let page = MissingPage {
        chrome: Chrome::council(
            visitor.0.as_ref(),
            &council,
            &outturn_app::CouncilTitle::of(&found),
            Section::Missing,
            can_enter(&visitor, &found.slug),
        ),
        period: period.to_string(),
        period_description: period.describe(),
        period_choices: period_choices(period),
        as_of: as_of.map(crate::forms::uk_date).unwrap_or_default(),
        measures: report
            .measures
            .iter()
            .filter(|m| m.status == Status::Missing)
            .map(|m| measure_row(&council, m, &report.labels))
            .collect(),
    };
    Ok(render(&page))
}

pub async fn search(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(council): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/search"))?;
    let visitor = Visitor(Some(signed_in));
    let (found, position) = positions(&state, &visitor, &council, None, None).await?;
    let report = &position.report;
    let query = blank_to_none(&q.q).unwrap_or_default();
    let results = if query.is_empty() {
        Vec::new()
    } else {
        outturn_app::statuses::measures_query::search(&found, report, &query)
    };
    let page = SearchPage {
        chrome: Chrome::council(
            visitor.0.as_ref(),
            &council,
            &outturn_app::CouncilTitle::of(&found),
            Section::Search,
            can_enter(&visitor, &found.slug),
        ),
        slug: council.clone(),
        query: query.clone(),
        searched: !query.is_empty(),
        period: format!("{} ({})", report.period_description, report.period),
        results: results
            .into_iter()
            .map(|hit| SearchRow {
                href: format!("/councils/{council}/measures/{}", url_encode(&hit.code)),
                found: match &hit.text {
                    Some(text) => format!("Found in the {}: {}", hit.found_in, shortened(text, 200)),
                    None => format!("Found in the {}", hit.found_in),
                },
                status: hit.status.map(|s| StatusTag::of(s, &report.labels)),
                code: hit.code,
                title: hit.title,
                owner: hit.owner,
            })
            .collect(),
    };
    Ok(render(&page))
}

/// The text cut at a word near `max` characters, with an ellipsis (the whole text is on the measure's page).
pub fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', '.']))
}
