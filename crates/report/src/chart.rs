//! Charts as hand-written SVG, for the web pages and the HTML report alike: a
//! measure's year-to-date figures against its target, with the Amber band
//! shaded. Statuses are marked by shape and a
//! printed value as well as colour, and the page puts the same figures in a
//! table beside the chart (its text alternative). Floats are used only to
//! place marks on the drawing, never for a figure shown or judged.

use std::fmt::Write;

use outturn_core::{Decimal, Period, Status};
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// One period of a chart: the figure, the target and the Amber band, with the
/// figure as printed (the table beside the chart prints the same).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartPoint {
    pub label: String,
    pub figure: Option<Decimal>,
    pub figure_text: String,
    pub target: Option<Decimal>,
    pub band: Option<(Decimal, Decimal)>,
    /// Serialised `green`, `amber`, `red`, ...
    pub status: Status,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 50.0;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The chart, or None when there is nothing to draw.
pub fn line_chart(title: &str, points: &[ChartPoint]) -> Option<String> {
    line_chart_with_id("chart", title, points)
}

/// The same, with `id` starting the ids of its title and description (so that
/// a page with several charts names each one once).
pub fn line_chart_with_id(id: &str, title: &str, points: &[ChartPoint]) -> Option<String> {
    let values: Vec<f64> = points
        .iter()
        .flat_map(|p| p.figure.into_iter().chain(p.target).chain(p.band.map(|b| b.0)).chain(p.band.map(|b| b.1)).map(f))
        .collect();
    if points.is_empty() || values.is_empty() {
        return None;
    }
    let (mut lo, mut hi) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let pad = ((hi - lo) * 0.1).max(hi.abs() * 0.05).max(1e-9);
    lo -= pad;
    hi += pad;
    if lo > 0.0 && lo < (hi - lo) {
        lo = 0.0;
    }
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let step = plot_w / points.len() as f64;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let y = |v: f64| TOP + plot_h * (1.0 - (v - lo) / (hi - lo));

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="outturn-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">Line chart of the result against the target; the table after the chart gives the same figures.</desc>"#,
        escape(title),
        id = escape(id)
    );
    // Gridlines and the value axis.
    for i in 0..=4 {
        let v = lo + (hi - lo) * f64::from(i) / 4.0;
        let yy = y(v);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#dddddd"/><text x="{}" y="{:.1}" font-size="12" text-anchor="end" fill="#0b0c0c">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            axis_label(v, hi - lo)
        );
    }
    // The Amber band, period by period.
    for (i, p) in points.iter().enumerate() {
        if let Some((a, b)) = p.band {
            let (top, bottom) = (y(f(b)), y(f(a)));
            let _ = write!(
                svg,
                r##"<rect x="{:.1}" y="{top:.1}" width="{step:.1}" height="{:.1}" fill="#ffdd00" fill-opacity="0.25"/>"##,
                x(i) - step / 2.0,
                (bottom - top).max(0.5)
            );
        }
    }
    // The target: a dashed step across each period's slot, so one period shows too.
    for (i, p) in points.iter().enumerate() {
        if let Some(t) = p.target {
            let yy = y(f(t));
            let _ = write!(
                svg,
                r##"<line x1="{:.1}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#1d70b8" stroke-width="2" stroke-dasharray="6 4"/>"##,
                x(i) - step / 2.0 + 2.0,
                x(i) + step / 2.0 - 2.0
            );
        }
    }
    // The result: a solid line with a marked, labelled point per period.
    let result_path = path(points.iter().enumerate().filter_map(|(i, p)| p.figure.map(|v| (x(i), y(f(v))))));
    if !result_path.is_empty() {
        let _ = write!(svg, r##"<path d="{result_path}" fill="none" stroke="#0b0c0c" stroke-width="2"/>"##);
    }
    for (i, p) in points.iter().enumerate() {
        let xx = x(i);
        let _ = write!(
            svg,
            r##"<text x="{xx:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#0b0c0c">{}</text>"##,
            HEIGHT - BOTTOM + 18.0,
            escape(&p.label)
        );
        let Some(v) = p.figure else { continue };
        let yy = y(f(v));
        let _ = write!(svg, "{}", marker(p.status, xx, yy));
        let _ = write!(
            svg,
            r##"<text x="{xx:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#0b0c0c">{}</text>"##,
            yy - 10.0,
            escape(&p.figure_text)
        );
    }
    let _ = write!(
        svg,
        r##"<g font-size="12" fill="#0b0c0c"><line x1="{LEFT}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#0b0c0c" stroke-width="2"/><text x="{}" y="{:.1}">Result</text><line x1="{}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#1d70b8" stroke-width="2" stroke-dasharray="6 4"/><text x="{}" y="{:.1}">Target</text><rect x="{}" y="{:.1}" width="20" height="10" fill="#ffdd00" fill-opacity="0.25" stroke="#b1b4b6"/><text x="{}" y="{:.1}">Amber band</text><text x="{}" y="{:.1}">● Green  ▲ Amber  ■ Red</text></g>"##,
        LEFT + 20.0,
        HEIGHT - 12.0,
        HEIGHT - 12.0,
        LEFT + 25.0,
        HEIGHT - 8.0,
        LEFT + 85.0,
        LEFT + 105.0,
        HEIGHT - 12.0,
        HEIGHT - 12.0,
        LEFT + 110.0,
        HEIGHT - 8.0,
        LEFT + 165.0,
        HEIGHT - 17.0,
        LEFT + 190.0,
        HEIGHT - 8.0,
        LEFT + 280.0,
        HEIGHT - 8.0
    );
    svg.push_str("</svg>");
    Some(svg)
}

/// A period as the chart's axis names it: "Q2", "Sep", "2020/21".
pub fn short_label(p: Period) -> String {
    match p {
        Period::Quarter(_, q) => format!("Q{}", q.number()),
        Period::Month(_) => p.describe().chars().take(3).collect(),
        Period::Year(fy) => fy.to_string(),
    }
}

/// A shape per status, so the chart reads without colour.
fn marker(status: Status, x: f64, y: f64) -> String {
    match status {
        Status::Green => format!(r##"<circle cx="{x:.1}" cy="{y:.1}" r="6" fill="#00703c" stroke="#0b0c0c"/>"##),
        Status::Amber => format!(
            r##"<polygon points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="#ffdd00" stroke="#0b0c0c"/>"##,
            x,
            y - 7.0,
            x - 7.0,
            y + 6.0,
            x + 7.0,
            y + 6.0
        ),
        Status::Red => format!(
            r##"<rect x="{:.1}" y="{:.1}" width="12" height="12" fill="#d4351c" stroke="#0b0c0c"/>"##,
            x - 6.0,
            y - 6.0
        ),
        Status::Missing | Status::Awaiting | Status::NoTarget | Status::InformationOnly => {
            format!(r##"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="#ffffff" stroke="#0b0c0c"/>"##)
        }
    }
}

fn path(points: impl Iterator<Item = (f64, f64)>) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.enumerate() {
        let _ = write!(d, "{}{x:.1} {y:.1} ", if i == 0 { "M" } else { "L" });
    }
    d.trim_end().to_string()
}

fn axis_label(v: f64, range: f64) -> String {
    if range >= 100.0 {
        format!("{v:.0}")
    } else if range >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn points_are_marked_by_shape_and_labelled() {
        let points = vec![
            ChartPoint {
                label: "Q1".into(),
                figure: Some(dec!(60)),
                figure_text: "60.0%".into(),
                target: Some(dec!(61)),
                band: Some((dec!(59), dec!(61))),
                status: Status::Amber,
            },
            ChartPoint {
                label: "Q2".into(),
                figure: Some(dec!(55)),
                figure_text: "55.0%".into(),
                target: Some(dec!(61)),
                band: Some((dec!(59), dec!(61))),
                status: Status::Red,
            },
            ChartPoint {
                label: "Q3".into(),
                figure: None,
                figure_text: String::new(),
                target: Some(dec!(61)),
                band: None,
                status: Status::Missing,
            },
        ];
        let svg = line_chart("BV9 <against> target", &points).unwrap();
        assert!(svg.contains("<polygon"), "Amber is a triangle");
        assert!(svg.contains("<rect x=") && svg.contains("#d4351c"), "Red is a square");
        assert!(svg.contains(">60.0%<") && svg.contains(">55.0%<"), "values are printed");
        assert!(svg.contains("BV9 &lt;against&gt; target"), "titles are escaped");
        assert!(svg.contains("stroke-dasharray"), "the target is drawn");
        assert_eq!(svg.matches("stroke-dasharray=\"6 4\"").count(), 3 + 1, "a target step per period, and the legend");
        assert!(line_chart("empty", &[]).is_none());
        assert!(
            line_chart_with_id("spotlight-BV9", "t", &points)
                .unwrap()
                .contains("aria-labelledby=\"spotlight-BV9-title spotlight-BV9-desc\"")
        );
    }
}
