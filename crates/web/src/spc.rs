//! The "Statistical process control" section of a measure's page: the
//! XmR chart's icons, lines and settings in words, and a table of every
//! period. The figures come from `outturn_app::statuses::spc::measure_spc`
//! (the same chart as the API and `outturn spc`); this only words and
//! rounds them for display.

use outturn_app::statuses::forecast::MeasureForecast;
use outturn_app::statuses::spc::MeasureSpc;
use outturn_core::Decimal;
use outturn_core::spc::{AssuranceIcon, Rule, STABLE_LIMIT_VALUES, VariationIcon};
use outturn_report::spc_chart::{SpcChartInput, spc_chart};

/// The section as its template (`spc_section.html`) shows it.
#[derive(askama::Template)]
#[template(path = "spc_section.html")]
pub struct SpcSection {
    /// Why no chart is shown ("needs at least two results; this measure has 1").
    pub not_drawn: Option<String>,
    /// The periods charted and how many have a value, in words.
    pub span: String,
    /// The chart (an SVG with its own title and description; the table of
    /// every period follows it), empty when there is nothing to draw.
    pub chart_svg: String,
    /// "as recorded now" or "as recorded on 30 June 2021".
    pub recorded: String,
    pub improvement: String,
    /// The variation icon (an inline SVG with its own title) and its description.
    pub variation_svg: String,
    pub variation: String,
    pub assurance_svg: String,
    pub assurance: String,
    pub target: String,
    pub mean: String,
    /// "94.45 to 134.88".
    pub limits: String,
    pub two_sigma: String,
    /// "Trial limits (fewer than 13 values): …" or "Stable limits …".
    pub limits_basis: String,
    pub settings: Vec<String>,
    pub rows: Vec<SpcRow>,
    /// Each segment's limits, when a process change split the chart.
    pub segments: Vec<SegmentRow>,
    /// Every process change recorded for the measure.
    pub process_changes: Vec<ProcessChangeRow>,
}

/// One segment's limits: the periods it covers and its lines.
pub struct SegmentRow {
    pub periods: String,
    pub mean: String,
    pub limits: String,
    pub two_sigma: String,
    pub basis: String,
}

/// A recorded process change and what it does to the chart.
pub struct ProcessChangeRow {
    pub period: String,
    pub reason: String,
    pub recorded_by: String,
    pub effect: String,
}

/// One period of the table.
pub struct SpcRow {
    pub period: String,
    pub value: String,
    pub moving_range: String,
    pub special_cause: String,
    pub variation: String,
}

impl SpcSection {
    /// `recorded`: "as recorded now", or on the page's "As reported on" date.
    /// The forecast's band is drawn on the chart when one is given (the
    /// public pages show what was published, and forecasts are not).
    pub fn of(spc: &MeasureSpc, forecast: Option<&MeasureForecast>, recorded: String) -> SpcSection {
        let m = &spc.series.measure;
        let periods = &spc.series.periods;
        let span = match (periods.first(), periods.last()) {
            (Some(first), Some(last)) if first.period != last.period => format!(
                "{} to {}: {} with a result, {} without",
                first.period,
                last.period,
                spc.values,
                periods.len() - spc.values
            ),
            (Some(only), _) => format!("{}: {} with a result", only.period, spc.values),
            _ => "No results recorded".to_string(),
        };
        let a = match &spc.analysis {
            Ok(a) => a,
            Err(why) => {
                return SpcSection {
                    not_drawn: Some(format!("No SPC chart is shown: a chart {why}.")),
                    span,
                    chart_svg: String::new(),
                    recorded,
                    improvement: String::new(),
                    variation_svg: String::new(),
                    variation: String::new(),
                    assurance_svg: String::new(),
                    assurance: String::new(),
                    target: String::new(),
                    mean: String::new(),
                    limits: String::new(),
                    two_sigma: String::new(),
                    limits_basis: String::new(),
                    settings: Vec::new(),
                    rows: Vec::new(),
                    segments: Vec::new(),
                    process_changes: process_change_rows(spc),
                };
            }
        };
        // Lines to one place more than the measure's figures, at least two.
        let places = m.decimals.saturating_add(1).max(2);
        let line = |v: Decimal| m.unit.format(v, places);
        let l = &a.limits;
        let target = match (a.target, &spc.series.target, &spc.series.target_note) {
            (Some(t), Some(set), _) => format!("{} (the measure's target for {})", m.format_figure(t), set.set_for),
            (Some(t), None, _) => m.format_figure(t),
            (None, _, Some(note)) => format!("None used: {note}"),
            (None, _, None) => "None".to_string(),
        };
        let s = &a.settings;
        let settings = vec![
            format!("Shift: {} points in a row all above, or all below, the mean", s.shift_length),
            format!("Trend: {} points in a row each higher, or each lower, than the one before", s.trend_length),
            if s.screen_moving_ranges {
                "Moving-range screening: on (moving ranges at or above 3.267 times their mean left out)".to_string()
            } else {
                "Moving-range screening: off (every moving range kept, as the Making Data Count Excel tool)".to_string()
            },
            if s.two_of_three_counts_beyond_limits {
                "Two of three: points beyond the two-sigma line count, those beyond the process limits too".to_string()
            } else {
                "Two of three: only points between the two-sigma line and the process limits count".to_string()
            },
        ];
        let rows = a
            .points
            .iter()
            .zip(periods)
            .map(|(p, period)| SpcRow {
                period: period.period.to_string(),
                value: match p.value {
                    Some(v) => m.format_figure(v),
                    None => {
                        let gap = period.gap.as_deref().unwrap_or("no result recorded");
                        format!("Missing: {}", gap.strip_prefix("missing: ").unwrap_or(gap))
                    }
                },
                moving_range: p.moving_range.map(line).unwrap_or_else(|| "–".into()),
                special_cause: if p.special_cause.is_empty() {
                    "None".into()
                } else {
                    p.special_cause.iter().map(|r| rule_words(*r)).collect::<Vec<_>>().join(", ")
                },
                variation: match p.variation {
                    Some(v) => VariationIcon::of(v, p.side).label().to_string(),
                    None => "–".into(),
                },
            })
            .collect();
        SpcSection {
            not_drawn: None,
            chart_svg: chart_svg(spc, a, forecast),
            span,
            recorded,
            improvement: a.improvement.description().to_string(),
            variation_svg: variation_svg(a.variation_icon),
            variation: a.variation_icon.description().to_string(),
            assurance_svg: assurance_svg(a.assurance_icon),
            assurance: match a.assurance_icon {
                Some(icon) => icon.description().to_string(),
                None => AssuranceIcon::none_description(a.target).to_string(),
            },
            target,
            mean: line(l.mean),
            limits: format!("{} to {}", line(l.lower_limit), line(l.upper_limit)),
            two_sigma: format!("{} to {}", line(l.lower_two_sigma), line(l.upper_two_sigma)),
            limits_basis: basis(l),
            settings,
            rows,
            segments: if a.segments.len() > 1 {
                a.segments
                    .iter()
                    .map(|s| SegmentRow {
                        periods: match (periods.get(s.start), periods.get(s.end.saturating_sub(1))) {
                            (Some(first), Some(last)) => format!("{} to {}", first.period, last.period),
                            _ => String::new(),
                        },
                        mean: line(s.limits.mean),
                        limits: format!("{} to {}", line(s.limits.lower_limit), line(s.limits.upper_limit)),
                        two_sigma: format!("{} to {}", line(s.limits.lower_two_sigma), line(s.limits.upper_two_sigma)),
                        basis: basis(&s.limits),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            process_changes: process_change_rows(spc),
        }
    }
}

/// The multi-year chart of the series with its limits per segment.
fn chart_svg(spc: &MeasureSpc, a: &outturn_core::spc::Analysis, forecast: Option<&MeasureForecast>) -> String {
    let m = &spc.series.measure;
    let title = format!("{} {}", m.code, m.title);
    let id = format!("spc-{}", m.code.as_str().to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let input = SpcChartInput {
        id: &id,
        title: &title,
        unit: m.unit,
        decimals: m.decimals,
        points: spc.series.periods.iter().map(|p| (p.period, p.value)).collect(),
        analysis: Some(a),
        target: spc.series.target.as_ref().map(|t| t.value),
        // The steps after the last period charted (a trailing missing
        // period is charted as a gap; the forecast is made past it).
        forecast: match (forecast.map(|f| &f.forecast), spc.series.periods.last()) {
            (Some(Ok(f)), Some(last)) => f
                .steps
                .iter()
                .zip(forecast.map_or(&[][..], |f| &f.ahead[..]))
                .filter(|(_, p)| **p > last.period)
                .map(|(s, p)| (*p, s.value, s.lower, s.upper))
                .collect(),
            _ => Vec::new(),
        },
    };
    spc_chart(&input).unwrap_or_default()
}

/// What a segment's limits rest on, in words.
fn basis(l: &outturn_core::spc::Limits) -> String {
    if l.trial {
        format!(
            "Trial limits (fewer than {STABLE_LIMIT_VALUES} values): they rest on {} values and will move as results arrive",
            l.baseline_values
        )
    } else {
        format!("Stable limits: they rest on {} values", l.baseline_values)
    }
}

fn process_change_rows(spc: &MeasureSpc) -> Vec<ProcessChangeRow> {
    let series = &spc.series;
    series
        .process_changes
        .iter()
        .map(|c| ProcessChangeRow {
            period: c.period.to_string(),
            reason: c.reason.clone(),
            recorded_by: c.recorded_by.clone(),
            effect: match series.unused_because(c) {
                None => "New limits start here".to_string(),
                Some(why) => format!("No new limits: {why}"),
            },
        })
        .collect()
}

/// A special cause rule, in words.
fn rule_words(rule: Rule) -> &'static str {
    match rule {
        Rule::OutsideLimits => "Outside the process limits",
        Rule::Shift => "Shift",
        Rule::Trend => "Trend",
        Rule::TwoOfThree => "Two of three beyond 2 sigma",
    }
}

/// An icon: a shape with a letter or mark in it and a title, so it never
/// speaks by colour alone (the words follow it on the page too). The title
/// is core's fixed label, plain text with nothing to escape.
fn icon(id: &str, title: &str, class: &str, body: &str) -> String {
    format!(
        r#"<svg class="outturn-spc-icon {class}" role="img" aria-labelledby="{id}" focusable="false" width="40" height="40" viewBox="0 0 40 40" xmlns="http://www.w3.org/2000/svg"><title id="{id}">{title}</title>{body}</svg>"#
    )
}

const CIRCLE: &str = r##"<circle cx="20" cy="20" r="17" fill="#ffffff" stroke="currentColor" stroke-width="3"/>"##;

fn letter(text: &str) -> String {
    format!(
        r##"<text x="20" y="26" text-anchor="middle" font-family="Arial, sans-serif" font-size="17" font-weight="bold" fill="#0b0c0c">{text}</text>"##
    )
}

/// Making Data Count's variation icons: a circle with a flat line for
/// common cause; with "H" or "L" (high or low) and an arrow for a special
/// cause, the arrow pointing the way the signal goes.
fn variation_svg(icon_kind: VariationIcon) -> String {
    use VariationIcon::*;
    let (class, body) = match icon_kind {
        CommonCause => (
            "outturn-spc-icon--common",
            format!(
                r##"{CIRCLE}<path d="M9 20 L15 16 L20 23 L25 17 L31 20" fill="none" stroke="#0b0c0c" stroke-width="2"/>"##
            ),
        ),
        ImprovementHigh | ConcernHigh | NeitherHigh => (
            match icon_kind {
                ImprovementHigh => "outturn-spc-icon--improvement",
                ConcernHigh => "outturn-spc-icon--concern",
                _ => "outturn-spc-icon--neither",
            },
            format!(r##"{CIRCLE}{}<path d="M33 4 L37 10 L29 10 Z" fill="#0b0c0c"/>"##, letter("H")),
        ),
        ImprovementLow | ConcernLow | NeitherLow => (
            match icon_kind {
                ImprovementLow => "outturn-spc-icon--improvement",
                ConcernLow => "outturn-spc-icon--concern",
                _ => "outturn-spc-icon--neither",
            },
            format!(r##"{CIRCLE}{}<path d="M33 36 L37 30 L29 30 Z" fill="#0b0c0c"/>"##, letter("L")),
        ),
    };
    icon("spc-variation-icon", &format!("Variation icon: {}", icon_kind.label()), class, &body)
}

/// Making Data Count's assurance icons: "P" (consistently passing), "F"
/// (consistently failing) or "?" (hit and miss) over the target's line;
/// a dashed circle when there is none.
fn assurance_svg(icon_kind: Option<AssuranceIcon>) -> String {
    let line = r##"<line x1="8" y1="31" x2="32" y2="31" stroke="#0b0c0c" stroke-width="2"/>"##;
    let (class, mark, title) = match icon_kind {
        Some(AssuranceIcon::ConsistentlyPassing) => ("outturn-spc-icon--passing", "P", "Consistently passing"),
        Some(AssuranceIcon::ConsistentlyFailing) => ("outturn-spc-icon--failing", "F", "Consistently failing"),
        Some(AssuranceIcon::HitAndMiss) => ("outturn-spc-icon--hit-and-miss", "?", "Hit and miss"),
        None => {
            let body = r##"<circle cx="20" cy="20" r="17" fill="#ffffff" stroke="#505a5f" stroke-width="2" stroke-dasharray="4 3"/><text x="20" y="26" text-anchor="middle" font-family="Arial, sans-serif" font-size="17" font-weight="bold" fill="#0b0c0c">–</text>"##;
            return icon("spc-assurance-icon", "Assurance icon: none", "outturn-spc-icon--none", body);
        }
    };
    icon("spc-assurance-icon", &format!("Assurance icon: {title}"), class, &format!("{CIRCLE}{}{line}", letter(mark)))
}
