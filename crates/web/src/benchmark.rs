//! The "How we compare" section of a measure's page: where the council's
//! figure stands in each comparison group (quartile, rank, median, the gaps
//! to the median and the top quartile, direction of travel), a chart of
//! every area's figure ranked with the council's marked in words as well as
//! shade, and the same figures as a table. The figures come from
//! `outturn_app::statuses::benchmark` (as `outturn benchmark`'s); this only
//! words them and draws the chart.

use outturn_app::statuses::benchmark::{GroupBenchmark, INCLUSION_RULE, MeasureBenchmark, NoBenchmark};
use outturn_core::Polarity;
use outturn_core::benchmark::QUANTILE_METHOD;
use rust_decimal::prelude::ToPrimitive;

#[derive(askama::Template)]
#[template(path = "benchmark_section.html")]
pub struct BenchmarkSection {
    /// Why the measure is not compared, in words.
    pub not_compared: Option<String>,
    /// "Metric EB-CT01 for 2025/26, against 2024/25".
    pub basis: String,
    pub method: String,
    pub groups: Vec<GroupView>,
}

pub struct GroupView {
    pub id: String,
    pub name: String,
    pub lines: Vec<(String, String)>,
    pub chart_svg: String,
    pub rows: Vec<AreaRow>,
}

pub struct AreaRow {
    pub rank: String,
    pub name: String,
    pub value: String,
    pub council: bool,
}

impl BenchmarkSection {
    pub fn of(found: &Result<MeasureBenchmark, NoBenchmark>) -> BenchmarkSection {
        let b = match found {
            Ok(b) => b,
            Err(why) => {
                return BenchmarkSection {
                    not_compared: Some(format!("Not compared with other councils: {why}.")),
                    basis: String::new(),
                    method: String::new(),
                    groups: Vec::new(),
                };
            }
        };
        BenchmarkSection {
            not_compared: None,
            basis: format!(
                "Figures for {} from the comparator data as loaded now (metric {}), against {}; {} is area {}.",
                b.period,
                b.metric,
                b.last_year,
                b.area_name(&b.area_code),
                b.area_code
            ),
            method: format!("Method: {QUANTILE_METHOD}; {INCLUSION_RULE}."),
            groups: b.groups.iter().enumerate().map(|(i, g)| group_view(b, g, i)).collect(),
        }
    }
}

fn group_view(b: &MeasureBenchmark, group: &GroupBenchmark, index: usize) -> GroupView {
    let r = &group.benchmark;
    let polarity = b.polarity();
    let mut lines =
        vec![("Areas".to_string(), format!("{} listed, {} with a value for {}", r.listed, r.compared, b.period))];
    if let (Some(q), Some(p)) = (r.quartiles, &r.position) {
        lines.push((
            "Position".into(),
            format!("{}: {}, {}", b.figure(p.value), p.quartile.label(polarity), p.rank.describe(polarity)),
        ));
        lines.push(("Median".into(), format!("{}: {} it", b.figure(q.median), b.gap_words(p.gap_to_median))));
        let edge = if polarity == Polarity::None { "Upper quartile" } else { "Top quartile from" };
        lines.push((
            edge.into(),
            format!("{}: {} it", b.figure(q.top_boundary(polarity)), b.gap_words(p.gap_to_top_quartile)),
        ));
    } else if let Some(q) = r.quartiles {
        lines.push(("Position".into(), format!("No figure for {} for {}", b.area_name(&b.area_code), b.period)));
        lines.push(("Median".into(), b.figure(q.median)));
    }
    lines.push((
        format!("Since {}", b.last_year),
        format!(
            "the council {}; the median {}",
            b.travel_words(r.council_travel, r.last_year.council),
            b.travel_words(r.median_travel, r.last_year.median)
        ),
    ));
    let rows = r
        .areas
        .iter()
        .map(|a| AreaRow {
            rank: a.rank.map_or("–".to_string(), |n| n.to_string()),
            name: b.area_name(&a.area).to_string(),
            value: a.value.map_or("No value".to_string(), |v| b.figure(v)),
            council: a.council,
        })
        .collect::<Vec<_>>();
    let id = format!("benchmark-{index}");
    let chart_svg =
        ranked_chart(&id, &format!("{}: {} within {}", b.measure.code, b.measure.title, group.name), &rows, r, b);
    GroupView { id, name: group.name.clone(), lines, chart_svg, rows }
}

/// Every area's figure as a dot, best first, the council's larger, dark
/// and labelled "(this council)", the median as a dashed line.
fn ranked_chart(
    id: &str,
    title: &str,
    rows: &[AreaRow],
    r: &outturn_core::benchmark::Benchmark,
    b: &MeasureBenchmark,
) -> String {
    let valued: Vec<(&AreaRow, f64)> =
        r.areas.iter().zip(rows).filter_map(|(a, row)| Some((row, a.value?.to_f64()?))).collect();
    if valued.is_empty() {
        return String::new();
    }
    let (bar_h, gap, left, right, top) = (22.0, 6.0, 330.0, 110.0, 10.0);
    let width = 760.0;
    let plot = width - left - right;
    // A dot per area on a scale from a little below the lowest figure to a
    // little above the highest (councils' figures often lie close together,
    // so bars from zero would all look the same); the scale's ends are
    // printed, so the reader sees where it starts.
    let high = valued.iter().map(|(_, v)| *v).fold(f64::MIN, f64::max);
    let low = valued.iter().map(|(_, v)| *v).fold(f64::MAX, f64::min);
    let pad = if high > low { (high - low) * 0.08 } else { high.abs().max(1.0) * 0.05 };
    let (min, max) = (low - pad, high + pad);
    let span = max - min;
    let x = |v: f64| left + (v - min) / span * plot;
    let height = top * 2.0 + valued.len() as f64 * (bar_h + gap) + 44.0;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let council = valued.iter().find(|(row, _)| row.council).map(|(row, _)| format!("{} is {}.", row.name, row.value));
    let mut svg = format!(
        r#"<svg class="outturn-chart outturn-benchmark-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width} {height:.0}" width="100%" xmlns="http://www.w3.org/2000/svg" font-family="Arial, sans-serif"><title id="{id}-title">{}</title><desc id="{id}-desc">{} areas ranked best first. {} The table below gives every figure.</desc>"#,
        esc(title),
        valued.len(),
        esc(&council.unwrap_or_default())
    );
    for (i, (row, v)) in valued.iter().enumerate() {
        let y = top + i as f64 * (bar_h + gap);
        let (fill, radius, weight, label) = if row.council {
            ("#0b0c0c", 8.0, "bold", format!("{} (this council)", row.name))
        } else {
            ("#505a5f", 5.5, "normal", row.name.clone())
        };
        let (cx, cy) = (x(*v), y + bar_h / 2.0);
        svg.push_str(&format!(
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="15" font-weight="{weight}" fill="#0b0c0c">{}</text><line x1="{left}" y1="{cy:.1}" x2="{:.1}" y2="{cy:.1}" stroke="#dee0e2" stroke-width="1"/><circle cx="{cx:.1}" cy="{cy:.1}" r="{radius}" fill="{fill}"/><text x="{:.1}" y="{:.1}" font-size="15" font-weight="{weight}" fill="#0b0c0c">{}</text>"##,
            left - 8.0,
            y + bar_h * 0.72,
            esc(&label),
            left + plot,
            left + plot + 10.0,
            y + bar_h * 0.72,
            esc(&row.value)
        ));
    }
    let bottom = top + valued.len() as f64 * (bar_h + gap);
    let scale_end = |v: f64| outturn_core::Decimal::from_f64_retain(v).map(|d| b.figure(d)).unwrap_or_default();
    svg.push_str(&format!(
        r##"<line x1="{left}" y1="{bottom:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="#0b0c0c"/><text x="{left}" y="{:.1}" font-size="13" fill="#0b0c0c">{}</text><text x="{:.1}" y="{:.1}" font-size="13" text-anchor="end" fill="#0b0c0c">{}</text>"##,
        left + plot,
        bottom + 34.0,
        esc(&format!("Scale from {}", scale_end(min))),
        left + plot,
        bottom + 34.0,
        esc(&format!("to {}", scale_end(max)))
    ));
    if let Some(median) = r.median().and_then(|m| m.to_f64()) {
        let mx = x(median);
        svg.push_str(&format!(
            r##"<line x1="{mx:.1}" y1="{top}" x2="{mx:.1}" y2="{bottom:.1}" stroke="#1d70b8" stroke-width="2" stroke-dasharray="6 4"/><text x="{mx:.1}" y="{:.1}" text-anchor="middle" font-size="15" fill="#1d70b8">Median {}</text>"##,
            bottom + 18.0,
            esc(&b.figure(r.median().unwrap_or_default()))
        ));
    }
    svg.push_str("</svg>");
    svg
}
