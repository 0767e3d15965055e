//! Charts as hand-written SVG, for the web pages and the HTML report alike: a
//! measure's year-to-date figures against its target, with the Amber band
//! shaded. Statuses are marked by shape and a
//! printed value as well as colour, and the page puts the same figures in a
//! table beside the chart (its text alternative). Floats are used only to
//! place marks on the drawing, never for a figure shown or judged.

use std::fmt::Write;

use outturn_core::{Decimal, Period, Status, StatusLabels, Unit};
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
const LEFT: f64 = 92.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 20.0;
// Room for the period labels and two lines of key.
const BOTTOM: f64 = 66.0;

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
    line_chart_in(id, title, points, None, &StatusLabels::default())
}

/// The same, with the value axis in the measure's unit: ticks printed as
/// figures are ("£250,000", "70 days", "92%") and an axis title naming it,
/// and statuses in the council's words and colours.
pub fn line_chart_in(
    id: &str,
    title: &str,
    points: &[ChartPoint],
    unit: Option<Unit>,
    labels: &StatusLabels,
) -> Option<String> {
    let values: Vec<f64> = points
        .iter()
        .flat_map(|p| p.figure.into_iter().chain(p.target).chain(p.band.map(|b| b.0)).chain(p.band.map(|b| b.1)).map(f))
        .collect();
    if points.is_empty() || values.is_empty() {
        return None;
    }
    let axis = Axis::new(&values, unit);
    let (lo, hi) = (f(axis.lo), f(axis.hi));
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
    // Gridlines and the value axis, at round steps, in the measure's unit.
    for tick in axis.ticks() {
        let yy = y(f(tick));
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#dddddd"/><text x="{}" y="{:.1}" font-size="12" text-anchor="end" fill="#0b0c0c">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            escape(&axis.label(tick))
        );
    }
    if let Some(name) = unit.and_then(axis_title) {
        let middle = TOP + plot_h / 2.0;
        let _ = write!(
            svg,
            r##"<text x="14" y="{middle:.1}" font-size="12" text-anchor="middle" fill="#0b0c0c" transform="rotate(-90 14 {middle:.1})">{}</text>"##,
            escape(&name)
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
        let _ = write!(svg, "{}", marker(p.status, labels.colour(p.status).hex(), xx, yy));
        let _ = write!(
            svg,
            r##"<text x="{xx:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#0b0c0c">{}</text>"##,
            yy - 10.0,
            escape(&p.figure_text)
        );
    }
    // The key: the lines and band, then the statuses marked, by shape and the council's words.
    let (line_y, status_y) = (HEIGHT - 28.0, HEIGHT - 8.0);
    let amber = labels.colour(Status::Amber).hex();
    let _ = write!(
        svg,
        r##"<g font-size="12" fill="#0b0c0c"><line x1="{LEFT}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#0b0c0c" stroke-width="2"/><text x="{}" y="{:.1}">Result</text><line x1="{}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#1d70b8" stroke-width="2" stroke-dasharray="6 4"/><text x="{}" y="{:.1}">Target</text>{}<text x="{LEFT}" y="{status_y:.1}">{}</text></g>"##,
        LEFT + 20.0,
        line_y - 4.0,
        line_y - 4.0,
        LEFT + 25.0,
        line_y,
        LEFT + 85.0,
        LEFT + 105.0,
        line_y - 4.0,
        line_y - 4.0,
        LEFT + 110.0,
        line_y,
        // A rule with no Amber band (a threshold, a direction-aware rule) has none in its key either.
        if points.iter().any(|p| p.band.is_some()) {
            format!(
                r##"<rect x="{}" y="{:.1}" width="20" height="10" fill="{amber}" fill-opacity="0.25" stroke="#b1b4b6"/><text x="{}" y="{:.1}">{} band</text>"##,
                LEFT + 165.0,
                line_y - 9.0,
                LEFT + 190.0,
                line_y,
                escape(labels.label(Status::Amber))
            )
        } else {
            String::new()
        },
        escape(&status_key(points, labels))
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

/// The statuses the chart marks, each with its shape: "● Green  ▲ Amber  ■ Red"
/// (those three always, as a reader expects them; Exceeded when marked).
fn status_key(points: &[ChartPoint], labels: &StatusLabels) -> String {
    let marked = |s: Status| points.iter().any(|p| p.figure.is_some() && p.status == s);
    [Status::Exceeded, Status::Green, Status::Amber, Status::Red]
        .into_iter()
        .filter(|s| *s != Status::Exceeded || marked(*s))
        .map(|s| format!("{} {}", s.shape(), labels.label(s)))
        .collect::<Vec<_>>()
        .join("  ")
}

/// A shape per status, so the chart reads without colour; filled with the
/// council's colour for it.
fn marker(status: Status, fill: &str, x: f64, y: f64) -> String {
    match status {
        Status::Exceeded => {
            // A five-pointed star: outer radius 8, inner 3.5.
            let corners: Vec<String> = (0..10)
                .map(|i| {
                    let r = if i % 2 == 0 { 8.0 } else { 3.5 };
                    let a = std::f64::consts::PI * f64::from(i) / 5.0 - std::f64::consts::FRAC_PI_2;
                    format!("{:.1},{:.1}", x + r * a.cos(), y + r * a.sin())
                })
                .collect();
            format!(r##"<polygon points="{}" fill="{fill}" stroke="#0b0c0c"/>"##, corners.join(" "))
        }
        Status::Green => format!(r##"<circle cx="{x:.1}" cy="{y:.1}" r="6" fill="{fill}" stroke="#0b0c0c"/>"##),
        Status::Amber => format!(
            r##"<polygon points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{fill}" stroke="#0b0c0c"/>"##,
            x,
            y - 7.0,
            x - 7.0,
            y + 6.0,
            x + 7.0,
            y + 6.0
        ),
        Status::Red => format!(
            r##"<rect x="{:.1}" y="{:.1}" width="12" height="12" fill="{fill}" stroke="#0b0c0c"/>"##,
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

/// What the value axis counts, as its title says it.
pub(crate) fn axis_title(unit: Unit) -> Option<String> {
    match unit {
        Unit::Percentage => Some("Per cent (%)".into()),
        Unit::Money => Some("Pounds (£)".into()),
        Unit::Days => Some("Days".into()),
        Unit::Count => Some("Number".into()),
        Unit::Rate { per } => Some(format!("Rate per {}", Unit::Count.format(Decimal::from(per), 0))),
        Unit::Score => Some("Score".into()),
        Unit::Ratio => Some("Ratio".into()),
        Unit::Text => None,
    }
}

/// The value axis: from `lo` to `hi` in `step`s, each a round number
/// (1, 2, 2.5 or 5 times a power of ten), exact decimals so labels never
/// show float noise.
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    lo: Decimal,
    hi: Decimal,
    step: Decimal,
    unit: Option<Unit>,
}

impl Axis {
    /// About four to six steps spanning the values with a little room above
    /// and below; zero included when the values are nearer it than they are
    /// wide; a percentage axis kept within 0 to 100 unless the values leave it.
    fn new(values: &[f64], unit: Option<Unit>) -> Self {
        let (min, max) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
        let spread = max - min;
        let room = if spread > 0.0 { spread * 0.1 } else { (max.abs() * 0.1).max(1.0) };
        let (mut lo, mut hi) = (min - room, max + room);
        if min >= 0.0 && min < spread {
            lo = 0.0;
        }
        if min >= 0.0 {
            lo = lo.max(0.0);
        }
        if unit == Some(Unit::Percentage) && max <= 100.0 {
            hi = hi.min(100.0);
        }
        let step = nice_step((hi - lo) / 5.0);
        let lo_steps = (Decimal::from_f64_retain(lo).unwrap_or_default() / step).floor();
        let hi_steps = (Decimal::from_f64_retain(hi).unwrap_or_default() / step).ceil();
        let hi_steps = if hi_steps <= lo_steps { lo_steps + Decimal::ONE } else { hi_steps };
        Axis { lo: lo_steps * step, hi: hi_steps * step, step, unit }
    }

    fn ticks(&self) -> impl Iterator<Item = Decimal> + '_ {
        std::iter::successors(Some(self.lo), move |t| Some(t + self.step)).take_while(move |t| *t <= self.hi)
    }

    /// A tick as the measure prints a figure, to the places the step needs.
    fn label(&self, tick: Decimal) -> String {
        let places = self.step.normalize().scale().min(6) as u8;
        match self.unit {
            Some(unit) if unit != Unit::Text => unit.format(tick, places),
            _ => Unit::Count.format(tick, places),
        }
    }
}

/// The round step (1, 2, 2.5 or 5 times a power of ten) at least `raw`.
pub(crate) fn nice_step(raw: f64) -> Decimal {
    let raw = if raw.is_finite() && raw > 0.0 { raw } else { 1.0 };
    let power = raw.log10().floor() as i32;
    let scale = |m: i64| {
        if power >= 0 {
            Decimal::from(m) * Decimal::from(10_i64.pow(power.min(18) as u32))
        } else {
            Decimal::new(m, (-power).min(20) as u32)
        }
    };
    let base = raw / 10_f64.powi(power);
    let (m, extra) = [(1, 0), (2, 0), (25, 1), (5, 0), (10, 0)]
        .into_iter()
        .find(|(m, extra)| *m as f64 / 10_f64.powi(*extra) >= base - 1e-9)
        .unwrap_or((10, 0));
    let step = scale(m);
    if extra == 1 { step / Decimal::TEN } else { step }
}

pub(crate) fn escape(text: &str) -> String {
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
        assert!(!svg.contains("rotate(-90"), "no unit, no axis title");
        assert!(
            line_chart_with_id("spotlight-BV9", "t", &points)
                .unwrap()
                .contains("aria-labelledby=\"spotlight-BV9-title spotlight-BV9-desc\"")
        );
    }

    #[test]
    fn the_key_names_the_amber_band_only_when_one_is_drawn() {
        let banded =
            ChartPoint { band: Some((dec!(59), dec!(61))), status: Status::Amber, ..point(dec!(60), dec!(61)) };
        assert!(line_chart("a tolerance", &[banded]).unwrap().contains(">Amber band<"));
        // A threshold or a direction-aware rule has no Amber band.
        let svg = line_chart("a threshold", &[point(dec!(55), dec!(61))]).unwrap();
        assert!(!svg.contains("Amber band"), "{svg}");
        assert!(svg.contains("● Green  ▲ Amber  ■ Red"), "the shapes stay in the key");
    }

    /// A council's own words and colours mark the chart and its key; the
    /// shapes stay (Harlow: a green star above target, a blue circle within).
    #[test]
    fn the_council_words_and_colours_mark_the_chart() {
        let mut labels = StatusLabels::default();
        labels.set(Status::Exceeded, Some("Above target"), Some(outturn_core::Colour::Green)).unwrap();
        labels.set(Status::Green, Some("Within target"), Some(outturn_core::Colour::Blue)).unwrap();
        let points = [
            ChartPoint { status: Status::Exceeded, ..point(dec!(70), dec!(61)) },
            ChartPoint { status: Status::Green, label: "Q3".into(), ..point(dec!(61), dec!(61)) },
        ];
        let svg = line_chart_in("c", "t", &points, None, &labels).unwrap();
        assert!(svg.contains("★ Above target  ● Within target  ▲ Amber  ■ Red"), "{svg}");
        assert!(
            svg.contains(r##"<circle cx="##) && svg.contains(r##"r="6" fill="#1d70b8""##),
            "Green drawn blue: {svg}"
        );
        assert!(svg.contains(r##"fill="#00703c" stroke="#0b0c0c"/>"##), "the star drawn green");
        let plain = line_chart("t", &points[1..]).unwrap();
        assert!(!plain.contains('★'), "no Exceeded in the key when none is marked");
    }

    fn point(figure: Decimal, target: Decimal) -> ChartPoint {
        ChartPoint {
            label: "Q2".into(),
            figure: Some(figure),
            figure_text: String::new(),
            target: Some(target),
            band: None,
            status: Status::Red,
        }
    }

    fn tick_labels(svg: &str) -> Vec<String> {
        svg.split(r##"text-anchor="end" fill="#0b0c0c">"##)
            .skip(1)
            .map(|t| t.split('<').next().unwrap().into())
            .collect()
    }

    /// Issue 12: axes read "236146" for £236,146, "101.1" for a rate and
    /// "-3.0" for a percentage.
    #[test]
    fn axes_are_in_the_measure_unit_at_round_steps() {
        let money = line_chart_in(
            "c",
            "VoidLoss1",
            &[point(dec!(224901), dec!(164594))],
            Some(Unit::Money),
            &StatusLabels::default(),
        )
        .unwrap();
        let labels = tick_labels(&money);
        assert!(labels.iter().all(|l| l.starts_with('£')), "{labels:?}");
        assert!(labels.contains(&"£200,000".to_string()) && labels.len() >= 4, "{labels:?}");
        assert!(money.contains(">Pounds (£)<"), "the axis is titled");

        let pct =
            line_chart_in("c", "FS3", &[point(dec!(0), dec!(30))], Some(Unit::Percentage), &StatusLabels::default())
                .unwrap();
        let labels = tick_labels(&pct);
        assert_eq!(labels.first().map(String::as_str), Some("0%"), "never below 0: {labels:?}");
        assert!(labels.iter().all(|l| l.ends_with('%') && !l.starts_with('-')), "{labels:?}");
        let csc = line_chart_in(
            "c",
            "CSC12",
            &[point(dec!(5.8), dec!(10.4))],
            Some(Unit::Percentage),
            &StatusLabels::default(),
        )
        .unwrap();
        assert!(tick_labels(&csc).iter().all(|l| !l.starts_with('-') && !l.contains('.')), "{:?}", tick_labels(&csc));
        assert!(pct.contains(">Per cent (%)<"));

        let full = line_chart_in(
            "c",
            "BV66a",
            &[point(dec!(99.6), dec!(98.5))],
            Some(Unit::Percentage),
            &StatusLabels::default(),
        )
        .unwrap();
        let labels = tick_labels(&full);
        assert_eq!(labels.last().map(String::as_str), Some("100%"), "never above 100: {labels:?}");

        let days = line_chart_in(
            "c",
            "VoidsSheltered",
            &[point(dec!(108.88), dec!(70))],
            Some(Unit::Days),
            &StatusLabels::default(),
        )
        .unwrap();
        let labels = tick_labels(&days);
        assert!(labels.contains(&"100 days".to_string()) && labels.contains(&"70 days".to_string()), "{labels:?}");

        let rate = Unit::Rate { per: 1000 };
        let rates =
            line_chart_in("c", "CS1", &[point(dec!(19.1), dec!(18.4))], Some(rate), &StatusLabels::default()).unwrap();
        let numbers: Vec<Decimal> =
            tick_labels(&rates).iter().map(|l| l.trim_end_matches(" per 1,000").parse().unwrap()).collect();
        assert_eq!(numbers.first(), Some(&dec!(18.2)), "{numbers:?}");
        assert!(numbers.windows(2).all(|w| w[1] - w[0] == dec!(0.2)), "round steps: {numbers:?}");
    }

    #[test]
    fn steps_are_one_two_two_and_a_half_or_five_times_a_power_of_ten() {
        for (raw, step) in
            [(0.9, dec!(1)), (1.5, dec!(2)), (2.2, dec!(2.5)), (3.0, dec!(5)), (7.0, dec!(10)), (47_000.0, dec!(50000))]
        {
            assert_eq!(nice_step(raw), step, "{raw}");
        }
        assert_eq!(nice_step(0.021), dec!(0.025));
        assert_eq!(nice_step(0.3), dec!(0.5));
    }
}
