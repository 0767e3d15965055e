//! The quarterly corporate performance report, in the shape of the
//! Stevenage Q2 2020/21 paper: purpose, recommendations citing paragraphs,
//! background, programme progress, summary of statuses, highlights and
//! spotlights per theme and business unit, next quarter focus, implications
//! and the compendium of every measure.

use outturn_app::actor::Actor;
use outturn_app::statuses::status_report::MeasureStatus;
use outturn_core::{Key, Node, Period, Status};
use outturn_store::Store;

use crate::common::{self, Facts, bullets, commentary, measure_line};
use crate::model::{Builder, ListItem, NarrativeSlot, Report, ReportKind, SpotlightIndex, Table, TextBuilder, plain};
use crate::narrative::{self, slot};
use crate::{ReportError, Settings, follow_up, spotlight};

/// Statuses given a spotlight and a recommendation: Red and Amber.
pub(crate) fn is_exception(m: &MeasureStatus) -> bool {
    m.status.needs_commentary()
}

pub async fn quarterly(
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
    facts.narrative = common::narrative(store, &facts, ReportKind::Quarterly).await?;
    facts.committee = follow_up::facts(store, actor, &facts.council.slug, period, settings).await?;
    facts.analytics = spotlight::analytics(store, actor, &facts).await?;
    Ok(build(&facts, settings))
}

/// One area of the highlights: a node owning measures, under a top-level node.
struct Area<'a> {
    top: &'a Node,
    node: &'a Node,
    measures: Vec<&'a MeasureStatus>,
}

fn build(facts: &Facts, settings: &Settings) -> (Report, Vec<NarrativeSlot>) {
    let s = &facts.status;
    let council = &facts.council;
    let fw = &council.framework;
    let on = s.period.end_date();
    let year = s.period.financial_year();
    let mut b = Builder::new();

    // The areas of the highlights, in tree order: every node owning measures
    // due this period, under the top-level node it belongs to.
    let tops: Vec<&Node> = fw.children(None).filter(|n| n.exists_on(on)).collect();
    let mut areas: Vec<Area> = Vec::new();
    for top in &tops {
        for node in walk(fw, top, on) {
            let measures: Vec<&MeasureStatus> =
                s.measures.iter().filter(|m| m.owner_key == node.key.as_str()).collect();
            if !measures.is_empty() {
                areas.push(Area { top, node, measures });
            }
        }
    }
    let spotlit: Vec<&MeasureStatus> =
        areas.iter().flat_map(|a| a.measures.iter().copied()).filter(|m| is_exception(m)).collect();
    // Programme nodes: not owning measures nor above a node that does, with
    // outcomes, a focus for the year or a delivery update for the period.
    let programmes: Vec<(usize, &Node)> = tops
        .iter()
        .flat_map(|top| walk_depth(fw, top, 0, on))
        .filter(|(_, n)| !council.measures.iter().any(|m| fw.is_under(&m.owner, &n.key)))
        .filter(|(_, n)| !n.outcomes.is_empty() || n.focus.contains_key(&year) || n.updates.contains_key(&s.period))
        .collect();

    // 1 Purpose
    b.section("Purpose");
    narrative::write(&mut b, &facts.narrative, slot::PURPOSE, "purpose");
    b.para(plain(format!(
        "This report covers {} ({}) and sets out the status of every measure due in the period, judged on its \
         figure to the end of {}: the year to date ({}) for a measure counted over the year, the position at the \
         end of the period for a measure of a position.",
        s.period_description,
        s.period,
        common::figure_month(s.period),
        s.period.describe_year_to_date()
    )));

    // 2 Recommendations
    b.section("Recommendations");
    if !programmes.is_empty() {
        b.para(
            TextBuilder::new()
                .text(format!("That the delivery of the programmes for {} is noted (", s.period_description))
                .reference("programmes")
                .text(").")
                .done(),
        );
    }
    b.para(
        TextBuilder::new()
            .text("That the summary of statuses by focus is noted (")
            .reference("summary")
            .text(").")
            .done(),
    );
    // Plans are endorsed only where one is recorded: the recommendation says
    // what the committee is asked to endorse, measure by measure.
    let planned = planned_measures(facts);
    for area in &areas {
        let exceptions: Vec<&&MeasureStatus> = area.measures.iter().filter(|m| is_exception(m)).collect();
        if exceptions.is_empty() {
            continue;
        }
        let named: Vec<String> = exceptions.iter().map(|m| format!("{} ({})", m.code, m.status_words())).collect();
        let with_plan: Vec<&str> =
            exceptions.iter().map(|m| m.code.as_str()).filter(|code| planned.contains(code)).collect();
        let endorse = match with_plan.as_slice() {
            [] => String::new(),
            [one] => format!(" and the improvement plan for {one} is endorsed"),
            many => {
                let codes: Vec<String> = many.iter().map(|c| c.to_string()).collect();
                format!(" and the improvement plans for {} are endorsed", join_words(&codes))
            }
        };
        b.para(
            TextBuilder::new()
                .text(format!(
                    "That the performance of {} on {} is noted{endorse} (",
                    area.node.name_on(on),
                    named.join(", ")
                ))
                .reference(&area_span(area.node))
                .text(").")
                .done(),
        );
    }

    // 3 Background and performance
    b.section("Background");
    b.subheading(1, "The framework");
    let kinds: Vec<String> = fw.kinds.iter().map(|k| plural(&k.name)).collect();
    b.para(plain(format!(
        "{}'s performance framework is arranged as a tree of {}. On {} it stood as follows.",
        s.council_name,
        join_words(&kinds).to_lowercase(),
        on.strftime("%-d %B %Y")
    )));
    b.list(
        tops.iter()
            .flat_map(|top| walk_depth(fw, top, 0, on))
            .map(|(depth, n)| ListItem {
                depth,
                text: plain(format!("{} ({})", n.name_on(on), fw.kind(&n.kind).map_or(n.kind.as_str(), |k| &k.name))),
            })
            .collect(),
    );
    if !council.summary.groups.is_empty() {
        let groups: Vec<String> = council.summary.groups.iter().map(|g| g.label.clone()).collect();
        let label = |status| council.summary.labels.label(status);
        b.para(plain(format!(
            "Measures are reported in {} group{}: {}. Each measure is judged {} (meeting or exceeding target), {} (below target but within a manageable tolerance), {} (outside tolerance: urgent improvement action required) or {} (expected but not supplied, always with a reason).",
            groups.len(),
            if groups.len() == 1 { "" } else { "s" },
            join_words(&groups),
            label(Status::Green),
            label(Status::Amber),
            label(Status::Red),
            label(Status::Missing),
        )));
    }
    let exceeded_words = format!(
        "also judged {} when better than target by more than its Exceeded band; it counts as Green where statuses roll up.",
        council.summary.labels.label(Status::Exceeded)
    );
    for (rule, words) in [
        (
            "direction",
            "judged by direction of travel: Green on target or within the tolerance; beyond it, Amber if no worse than the same period last year and Red if worse.",
        ),
        (
            "forecast",
            "judged with the year-end forecast: Amber within the tolerance; beyond it, Amber if the owner's forecast for the year end meets the year-end target and Red if it misses it or none was given.",
        ),
        ("bands", "judged by bands: Green within the Green band of target, Amber within the Amber band, Red beyond."),
        ("exceeded", &exceeded_words),
    ] {
        let measures: Vec<String> = council
            .measures
            .iter()
            .filter(|m| {
                matches!(
                    (rule, m.status_rule),
                    ("direction", outturn_core::StatusRule::DirectionAware(_))
                        | ("forecast", outturn_core::StatusRule::ForecastAware(_))
                        | ("bands", outturn_core::StatusRule::Banded(_))
                ) || (rule == "exceeded"
                    && matches!(m.status_rule, outturn_core::StatusRule::Banded(b) if b.exceeded.is_some()))
            })
            .map(|m| m.code.to_string())
            .collect();
        if measures.is_empty() {
            continue;
        }
        // Named when few; counted when many (each measure's page says its rule).
        let which = match measures.len() {
            1 => format!("{} is", measures[0]),
            n if n <= 10 => format!("{} are", join_words(&measures)),
            n => format!("{n} measures are"),
        };
        b.para(plain(format!("{which} {words}")));
    }

    if !programmes.is_empty() {
        b.subheading_on_new_page(1, "Programme progress");
        b.begin_span("programmes");
        for (depth, node) in &programmes {
            let kind = fw.kind(&node.kind).map_or(node.kind.as_str(), |k| &k.name);
            b.subheading(2 + (*depth).min(1) as u8, format!("{} {}", node.name_on(on), kind));
            if !node.outcomes.is_empty() {
                b.para(plain(format!("{kind} outcomes:")));
                b.list(bullets(node.outcomes.iter().cloned()));
            }
            if let Some(focus) = node.focus.get(&year) {
                b.para(plain(format!("During {year} the {} is primarily focused on:", kind.to_lowercase())));
                b.list(bullets(focus.iter().cloned()));
            }
            match node.updates.get(&s.period) {
                Some(update) => b.para(plain(format!("Delivery update, {}: {}", s.period_description, update.trim()))),
                None => b.para(plain(format!("No delivery update was recorded for {}.", s.period_description))),
            };
            let aligned: Vec<String> = s
                .measures
                .iter()
                .filter(|m| m.aligned.iter().any(|a| a == node.key.as_str()))
                .map(|m| format!("{} ({})", measure_line(m), m.status_words()))
                .collect();
            if !aligned.is_empty() {
                b.para(plain("Measures aligned to the programme:"));
                b.list(bullets(aligned));
            }
        }
        b.end_span("programmes");
    }

    b.subheading_on_new_page(1, "Summary of statuses");
    b.begin_span("summary");
    common::status_summary(&mut b, s, "statuses by focus");
    if let Some(table) = common::by_node_table(s) {
        b.para(plain(format!(
            "The same measures by {} are shown below.",
            s.by_node_kind.as_deref().unwrap_or("area").to_lowercase()
        )));
        b.table(table);
    }
    b.end_span("summary");

    b.subheading(1, "Highlights and areas for improvement");
    let mut spotlights = Vec::new();
    let mut current_top: Option<&Key> = None;
    for area in &areas {
        if current_top != Some(&area.top.key) {
            // Each part after the first starts a page (the first follows its heading).
            let first = current_top.is_none();
            current_top = Some(&area.top.key);
            let kind = fw.kind(&area.top.kind).map_or(area.top.kind.as_str(), |k| &k.name);
            let heading = format!("{} {}", area.top.name_on(on), kind);
            if first { b.subheading(2, heading) } else { b.subheading_on_new_page(2, heading) }
        }
        if area.node.key != area.top.key {
            b.subheading(3, area.node.name_on(on).to_string());
        }
        if let Some(update) = area.node.updates.get(&s.period) {
            b.para(plain(update.trim().to_string()));
        }
        let area_name = area.node.name_on(on);
        narrative::write(
            &mut b,
            &facts.narrative,
            &slot::highlights(area.node.key.as_str()),
            &format!("highlights for {area_name}"),
        );
        // Exceeded first, each marked, then Green: the council's words for both.
        let labels = &facts.status.labels;
        let mut green: Vec<String> = area
            .measures
            .iter()
            .filter(|m| m.status == Status::Exceeded)
            .map(|m| format!("{} ({})", measure_line(m), m.status_label))
            .collect();
        green.extend(area.measures.iter().filter(|m| m.status == Status::Green).map(|m| measure_line(m)));
        if !green.is_empty() {
            b.para(plain(format!(
                "Highlights: measures meeting or exceeding target ({}):",
                labels.label(Status::Green)
            )));
            b.list(bullets(green));
        }
        let missing: Vec<String> = area
            .measures
            .iter()
            .filter(|m| m.status == Status::Missing)
            .map(|m| format!("{}: {}: {}", m.code, m.title, m.missing_reason.as_deref().unwrap_or("no reason given")))
            .collect();
        if !missing.is_empty() {
            b.para(plain("Missing data:"));
            b.list(bullets(missing));
        }
        if area.measures.iter().any(|m| is_exception(m)) {
            narrative::write(
                &mut b,
                &facts.narrative,
                &slot::improvement(area.node.key.as_str()),
                &format!("areas for improvement for {area_name}"),
            );
        }
        // The recommendation on the area cites its spotlights.
        let span = area_span(area.node);
        b.begin_span(&span);
        for m in area.measures.iter().filter(|m| is_exception(m)) {
            b.subheading(4, format!("Spotlight: {} ({})", m.title, m.status_words()));
            let id = spotlight_span(m);
            b.begin_span(&id);
            b.para(commentary(m));
            let line = measure_line(m);
            b.list(bullets([
                line.clone(),
                // Why, by the measure's rule, where the figures decide (a judged
                // status is explained in the paragraph below).
                match (&m.explanation, &m.judged) {
                    (Some(why), None) => format!("Status: {why}"),
                    _ => format!("Status: {}", m.status_words()),
                },
                format!("Direction of travel since the previous period: {}", m.direction.label()),
            ]));
            if let Some(judged) = &m.judged {
                b.para(plain(judged.explanation.clone()));
            }
            if let Some(sentence) = common::last_year_sentence(m, &facts.last_year) {
                b.para(plain(sentence));
            }
            narrative::write(&mut b, &facts.narrative, &slot::spotlight(&m.code), &format!("spotlight on {}", m.code));
            spotlight::figures(&mut b, facts, m);
            b.end_span(&id);
            let (first, last) = b.span(&id).expect("a spotlight has paragraphs");
            spotlights.push(SpotlightIndex {
                code: m.code.clone(),
                status: m.status_words().to_string(),
                measure_line: line,
                first,
                last,
            });
        }
        b.end_span(&span);
    }

    follow_up::actions_section(&mut b, &facts.committee);

    b.subheading_on_new_page(1, "Next quarter focus");
    if spotlit.is_empty() {
        b.para(plain("No measure is Red or Amber this period, so no improvement plan is proposed for monitoring."));
    } else {
        let with_plan = spotlit.iter().filter(|m| planned.contains(&m.code.as_str())).count();
        b.para(plain(format!(
            "The Red and Amber measures at {}, to be monitored in {} ({}):",
            common::figure_month(s.period),
            s.period.next().describe(),
            match with_plan {
                0 => "none has an improvement plan recorded yet".to_string(),
                n => format!("{n} of the {} with an improvement plan, listed after them", spotlit.len()),
            }
        )));
        b.list(
            spotlit
                .iter()
                .map(|m| ListItem {
                    depth: 0,
                    text: TextBuilder::new()
                        .text(format!("{}: {} ({}) (", m.code, m.title, m.status_words()))
                        .reference(&spotlight_span(m))
                        .text(")")
                        .done(),
                })
                .collect(),
        );
    }
    let spotlit_codes: Vec<&str> = spotlit.iter().map(|m| m.code.as_str()).collect();
    follow_up::focus_plans(&mut b, &facts.committee, &spotlit_codes, |code| format!("spotlight:{code}"));
    narrative::write(&mut b, &facts.narrative, slot::NEXT_QUARTER, "next quarter focus");

    // 4 Reasons: why the committee is asked to note and endorse, from the
    // same facts as the recommendations.
    reasons(&mut b, facts, settings, &areas, &planned);

    // 5 Implications: the council's own sections, from its report settings.
    b.section("Implications");
    if facts.stored.implications.is_empty() {
        for what in [
            "financial implications",
            "legal implications",
            "equalities and diversity implications",
            "risk implications",
        ] {
            b.para(
                TextBuilder::new()
                    .text(format!("{}: ", crate_sentence_case(what)))
                    .placeholder(format!("{what} (report settings)"))
                    .done(),
            );
        }
    }
    for implication in &facts.stored.implications {
        b.subheading(1, implication.title.clone());
        narrative::write_markdown(&mut b, &implication.text);
    }

    b.appendix('A', "Compendium of every measure");
    b.table(compendium(s));

    let slots = std::mem::take(&mut b.slots);
    let (sections, missing_narratives) = b.finish();
    let report = Report {
        kind: ReportKind::Quarterly,
        notice: s.council_notice.clone(),
        title: format!("Corporate Performance Report: {} ({})", s.period_description, s.period),
        cover: common::cover(facts, settings, "Corporate performance report"),
        sections,
        spotlights,
        missing_narratives,
    };
    (report, slots)
}

fn crate_sentence_case(text: &str) -> String {
    outturn_app::sentence_case(text)
}

fn area_span(node: &Node) -> String {
    format!("exceptions:{}", node.key)
}

fn spotlight_span(m: &MeasureStatus) -> String {
    format!("spotlight:{}", m.code)
}

/// The node and every node below it that exists on the day, in declared order.
fn walk<'a>(fw: &'a outturn_core::Framework, top: &'a Node, on: jiff::civil::Date) -> Vec<&'a Node> {
    walk_depth(fw, top, 0, on).into_iter().map(|(_, n)| n).collect()
}

/// The same with each node's depth; a node closed (or not yet created) on the
/// day is left out with everything under it.
fn walk_depth<'a>(
    fw: &'a outturn_core::Framework,
    node: &'a Node,
    depth: usize,
    on: jiff::civil::Date,
) -> Vec<(usize, &'a Node)> {
    let mut out = vec![(depth, node)];
    for child in fw.children(Some(&node.key)).filter(|c| c.exists_on(on)) {
        out.extend(walk_depth(fw, child, depth + 1, on));
    }
    out
}

/// "a, b and c".
fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Appendix: every measure due in the period.
pub(crate) fn compendium(s: &outturn_app::statuses::status_report::StatusReport) -> Table {
    Table {
        caption: format!("Every measure, {} ({})", s.period_description, s.period),
        columns: vec![
            "Code".into(),
            "Measure".into(),
            "Owner".into(),
            "Target".into(),
            "Result".into(),
            "Status".into(),
            "Direction of travel".into(),
        ],
        row_headers: true,
        rows: s
            .measures
            .iter()
            .map(|m| {
                vec![
                    m.code.clone(),
                    m.title.clone(),
                    m.owner.clone(),
                    m.target_display.clone().unwrap_or_else(|| "No target".into()),
                    m.result_display.clone().unwrap_or_else(|| "Not supplied".into()),
                    m.status_words().to_string(),
                    m.direction.label().to_string(),
                ]
            })
            .collect(),
        notes: vec![],
    }
}

/// The measures with an improvement plan in focus this period.
fn planned_measures(facts: &Facts) -> Vec<&str> {
    facts.committee.plans.iter().filter(|p| p.in_focus).map(|p| p.plan.measure.as_str()).collect()
}

/// "Reasons for recommended course of action and other options": where the
/// figures come from and what stands behind each recommendation.
fn reasons(b: &mut Builder, facts: &Facts, settings: &Settings, areas: &[Area], planned: &[&str]) {
    let s = &facts.status;
    let on = s.period.end_date();
    b.section("Reasons for recommended course of action and other options");
    b.para(plain(format!(
        "The figures in this report are the results recorded by each measure's data owner for {}, judged against \
         the targets and tolerances set for {} ({}).",
        s.period_description,
        s.period.financial_year(),
        facts.sign_off.to_lowercase()
    )));
    let improving: Vec<String> = areas
        .iter()
        .filter(|a| a.measures.iter().any(|m| is_exception(m)))
        .map(|a| a.node.name_on(on).to_string())
        .collect();
    let committee = settings.committee.as_ref().or(facts.stored.committee.as_ref()).map_or("committee", |c| c.as_str());
    let mut text = if improving.is_empty() {
        "No measure is Red or Amber, so no area is identified for improvement.".to_string()
    } else {
        format!(
            "Section 3 identifies {} area{} where improvement is required: {}. ",
            improving.len(),
            if improving.len() == 1 { "" } else { "s" },
            join_words(&improving)
        )
    };
    if !improving.is_empty() {
        text.push_str(&match planned.len() {
            0 => format!("No improvement plan is recorded yet; the {committee} is recommended to note the performance."),
            n => format!(
                "Improvement plans are recorded for {n} measure{}; the {committee} is recommended to note the performance \
                 and endorse those plans.",
                if n == 1 { "" } else { "s" }
            ),
        });
    }
    b.para(plain(text));
    b.para(plain(
        "The alternative, not reporting performance to members each quarter, would leave them unable to scrutinise \
         delivery against the council's plans.",
    ));
}

/// A node kind's name in the plural ("themes", "business units",
/// "priorities"), for a sentence that lists kinds; councils name kinds with
/// ordinary English nouns.
fn plural(name: &str) -> String {
    let lower = name.to_lowercase();
    if lower.ends_with('s') {
        name.to_string()
    } else if let Some(stem) = name.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        format!("{stem}ies")
    } else {
        format!("{name}s")
    }
}

#[cfg(test)]
mod plural_tests {
    #[test]
    fn kind_names_take_their_plural() {
        for (one, many) in [
            ("theme", "themes"),
            ("business unit", "business units"),
            ("corporate objective", "corporate objectives"),
            ("priority", "priorities"),
            ("key", "keys"),
            ("programmes", "programmes"),
        ] {
            assert_eq!(super::plural(one), many);
        }
    }
}
