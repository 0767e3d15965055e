//! A measure's statistical process control (SPC) chart over several years,
//! as hand-written SVG: the values as a line with a mark per period, each
//! segment's mean, process limits and two-sigma lines across that segment's
//! own periods, a dashed line where a recorded process change starts a
//! segment, special cause points marked by shape and colour (Making Data
//! Count's colours: improvement blue, concern orange, neither purple, common
//! cause grey), the target, and the forecast with its interval.
//!
//! Every mark is named in the key below the plot (only those drawn), no
//! meaning rests on colour alone (shapes and dash patterns differ too), and
//! the `<desc>` says in words what the chart shows. The drawing scales with
//! its container (`viewBox`, width 100%) and its text is sized for about 700
//! pixels wide, large enough to stay readable scaled down to a 320 pixel
//! screen; no script, no `<style>` (the pages' Content-Security-Policy allows
//! neither inline).
//!
//! Floats are used only to place marks, printed to fixed decimals, so the
//! same input draws the same bytes; every figure shown is the `Decimal`
//! formatted in the measure's unit.

use std::fmt::Write;

use outturn_core::spc::{Analysis, AssuranceIcon, Variation, VariationIcon};
use outturn_core::{Decimal, FinancialYear, Frequency, Period, Unit};
use rust_decimal::prelude::ToPrimitive;

use crate::chart::{axis_title, escape, nice_step};

/// What one SPC chart draws.
#[derive(Debug, Clone)]
pub struct SpcChartInput<'a> {
    /// Unique on the page, starts the SVG's ids: "spc-bv66a".
    pub id: &'a str,
    /// "NI156 Households in temporary accommodation".
    pub title: &'a str,
    pub unit: Unit,
    /// Decimal places the measure's figures are given to (`Measure::decimals`).
    pub decimals: u8,
    /// One per period, oldest first: (period, value; None is a gap).
    pub points: Vec<(Period, Option<Decimal>)>,
    /// The analysis of exactly those points (same length and order), when
    /// one could be drawn. One of another length is not drawn.
    pub analysis: Option<&'a Analysis>,
    /// The target line, when one applies.
    pub target: Option<Decimal>,
    /// Forecast steps after the last point: (period, value, lower, upper),
    /// the interval being the forecast's 80% prediction interval.
    pub forecast: Vec<(Period, Decimal, Decimal, Decimal)>,
}

/// The drawing's width in `viewBox` units; its height follows the key.
const WIDTH: f64 = 700.0;
const RIGHT: f64 = 18.0;
/// Room above the plot for the "Process change" labels.
const TOP: f64 = 40.0;
const PLOT_H: f64 = 320.0;
/// Axis labels and the key: 22 units, about GOV.UK's body text at 700
/// pixels wide and still about 9 to 10 pixels on a 320 pixel screen.
const FONT: f64 = 22.0;
/// Labels inside the plot (process change, target).
const SMALL: f64 = 18.0;
const KEY_ROW: f64 = 30.0;
const KEY_LEFT: f64 = 12.0;
const KEY_COLUMN: f64 = 344.0;
/// The least width of a period that has room for a forecast value's circle.
const FORECAST_MARKS: f64 = 12.0;

const INK: &str = "#0b0c0c";
const GREY: &str = "#505a5f";
/// The common cause dot: GOV.UK dark grey, 4.6:1 on white.
const COMMON: &str = "#6f777b";
/// Two-sigma lines: lighter than the limits, still 3:1 on white.
const LIGHT: &str = "#8e969b";
const IMPROVEMENT: &str = "#1d70b8";
const CONCERN: &str = "#f47738";
const NEUTRAL: &str = "#4c2c92";
const TARGET: &str = "#00703c";
const BAND: &str = "#5694ca";

const LIMIT_DASH: &str = "10 5";
const TRIAL_DASH: &str = "4 5";
const TWO_SIGMA_DASH: &str = "2 3";
const TARGET_DASH: &str = "14 4 3 4";
const CHANGE_DASH: &str = "6 4";
const FORECAST_DASH: &str = "7 4";

fn f(d: Decimal) -> f64 {
    d.to_f64().filter(|v| v.is_finite()).unwrap_or(0.0)
}

/// The chart, or None when there is no value to draw.
pub fn spc_chart(input: &SpcChartInput) -> Option<String> {
    let points = &input.points;
    if !points.iter().any(|(_, v)| v.is_some()) {
        return None;
    }
    let analysis = drawn_analysis(input);
    let unit = input.unit;

    // Everything the value axis must hold.
    let mut values: Vec<f64> = points.iter().filter_map(|(_, v)| v.map(f)).collect();
    values.extend(input.target.map(f));
    for (_, v, lo, hi) in &input.forecast {
        values.extend([f(*v), f(*lo), f(*hi)]);
    }
    for s in analysis.map(|a| a.segments.as_slice()).unwrap_or_default() {
        let l = &s.limits;
        values.extend([l.mean, l.lower_limit, l.upper_limit, l.lower_two_sigma, l.upper_two_sigma].map(f));
    }
    let axis = Axis::new(&values, unit);
    let ticks: Vec<(Decimal, String)> = axis.ticks().map(|t| (t, axis.label(t))).collect();
    let title = axis_title(unit);
    let widest = ticks.iter().map(|(_, l)| text_width(l, FONT)).fold(0.0, f64::max);
    let left = if title.is_some() { 36.0 } else { 10.0 } + widest + 10.0;

    let slots: Vec<Period> = points.iter().map(|(p, _)| *p).chain(input.forecast.iter().map(|s| s.0)).collect();
    let plot = Plot::new(left, slots.len(), f(axis.lo), f(axis.hi));
    let bottom = TOP + PLOT_H;

    let mut svg = String::new();
    let id = escape(input.id);
    let _ = write!(
        svg,
        r#"<svg class="outturn-chart outturn-spc-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {WIDTH:.0} {{HEIGHT}}" width="100%" xmlns="http://www.w3.org/2000/svg" font-family="arial, helvetica, sans-serif"><title id="{id}-title">{}: statistical process control chart</title><desc id="{id}-desc">{}</desc>"#,
        escape(input.title),
        escape(&describe(input, analysis)),
    );

    // Gridlines and the value axis, at round steps, in the measure's unit.
    svg.push_str(r#"<g class="spc-grid">"#);
    for (tick, label) in &ticks {
        let yy = plot.y(f(*tick));
        let _ = write!(
            svg,
            r##"<line x1="{left:.1}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#dddddd"/><text class="spc-tick" x="{:.1}" y="{:.1}" font-size="{FONT}" text-anchor="end" fill="{INK}">{}</text>"##,
            plot.right(),
            left - 8.0,
            yy + 7.0,
            escape(label)
        );
    }
    if let Some(name) = &title {
        let middle = TOP + PLOT_H / 2.0;
        let _ = write!(
            svg,
            r#"<text x="24" y="{middle:.1}" font-size="{FONT}" text-anchor="middle" fill="{INK}" transform="rotate(-90 24 {middle:.1})">{}</text>"#,
            escape(name)
        );
    }
    // A faint line where each financial year starts.
    let years = year_runs(&slots);
    for run in years.iter().skip(1) {
        let xx = plot.edge(run.start);
        let _ = write!(svg, r##"<line x1="{xx:.1}" x2="{xx:.1}" y1="{TOP:.1}" y2="{bottom:.1}" stroke="#eeeeee"/>"##);
    }
    svg.push_str("</g>");

    // The forecast's interval, shaded from the last value out.
    let last_actual = points.iter().enumerate().rev().find_map(|(i, (_, v))| v.map(|v| (plot.x(i), plot.y(f(v)))));
    if !input.forecast.is_empty() {
        let first = points.len();
        let uppers = input.forecast.iter().enumerate().map(|(k, s)| (plot.x(first + k), plot.y(f(s.3))));
        let lowers = input.forecast.iter().enumerate().rev().map(|(k, s)| (plot.x(first + k), plot.y(f(s.2))));
        let corners: Vec<String> =
            last_actual.into_iter().chain(uppers).chain(lowers).map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            svg,
            r#"<polygon class="spc-forecast-band" points="{}" fill="{BAND}" fill-opacity="0.3" stroke="{BAND}" stroke-width="1"/>"#,
            corners.join(" ")
        );
    }

    // Each segment's lines across its own periods only.
    let segments = analysis.map(|a| a.segments.as_slice()).unwrap_or_default();
    for s in segments {
        let (x1, x2) = (plot.edge(s.start), plot.edge(s.end));
        let l = &s.limits;
        let line = |class: &str, v: Decimal, colour: &str, width: f64, dash: Option<&str>| {
            let yy = plot.y(f(v));
            let dash = dash.map(|d| format!(r#" stroke-dasharray="{d}""#)).unwrap_or_default();
            format!(
                r#"<line class="{class}" x1="{x1:.1}" x2="{x2:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="{colour}" stroke-width="{width}"{dash}/>"#
            )
        };
        let dash = if l.trial { TRIAL_DASH } else { LIMIT_DASH };
        svg.push_str(&line("spc-two-sigma", l.upper_two_sigma, LIGHT, 1.5, Some(TWO_SIGMA_DASH)));
        svg.push_str(&line("spc-two-sigma", l.lower_two_sigma, LIGHT, 1.5, Some(TWO_SIGMA_DASH)));
        svg.push_str(&line("spc-limit", l.upper_limit, INK, 1.5, Some(dash)));
        svg.push_str(&line("spc-limit", l.lower_limit, INK, 1.5, Some(dash)));
        svg.push_str(&line("spc-mean", l.mean, INK, 1.5, None));
    }

    // The target across the whole chart.
    if let Some(t) = input.target {
        let yy = plot.y(f(t));
        let _ = write!(
            svg,
            r#"<line class="spc-target" x1="{left:.1}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="{TARGET_DASH}"/>"#,
            plot.right()
        );
    }

    // A dashed upright where each recorded process change starts a segment.
    for s in segments.iter().skip(1) {
        let xx = plot.edge(s.start);
        let _ = write!(
            svg,
            r#"<line class="spc-change" x1="{xx:.1}" x2="{xx:.1}" y1="{:.1}" y2="{bottom:.1}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="{CHANGE_DASH}"/>"#,
            TOP - 12.0
        );
    }

    // The values: one line per run of periods with a value, so a gap breaks it.
    for run in runs(points) {
        if run.len() < 2 {
            continue;
        }
        let d: Vec<String> = run
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let v = points[i].1.map(f).unwrap_or_default();
                format!("{}{:.1} {:.1}", if k == 0 { "M" } else { "L" }, plot.x(i), plot.y(v))
            })
            .collect();
        let _ = write!(
            svg,
            r#"<path class="spc-values" d="{}" fill="none" stroke="{GREY}" stroke-width="2" stroke-linejoin="round"/>"#,
            d.join(" ")
        );
    }
    // The forecast, dashed on from the last value.
    if !input.forecast.is_empty() {
        let first = points.len();
        let d: Vec<String> = last_actual
            .into_iter()
            .chain(input.forecast.iter().enumerate().map(|(k, s)| (plot.x(first + k), plot.y(f(s.1)))))
            .enumerate()
            .map(|(k, (x, y))| format!("{}{x:.1} {y:.1}", if k == 0 { "M" } else { "L" }))
            .collect();
        let _ = write!(
            svg,
            r#"<path class="spc-forecast" d="{}" fill="none" stroke="{INK}" stroke-width="2" stroke-dasharray="{FORECAST_DASH}"/>"#,
            d.join(" ")
        );
    }

    // A mark per value: its variation by shape and colour.
    let variation = |i: usize| analysis.and_then(|a| a.points[i].variation);
    for (i, (_, v)) in points.iter().enumerate() {
        if let Some(v) = v {
            svg.push_str(&marker(variation(i), plot.x(i), plot.y(f(*v))));
        }
    }
    // A hollow circle per forecast value, where there is room for one.
    if plot.step >= FORECAST_MARKS {
        for (k, s) in input.forecast.iter().enumerate() {
            svg.push_str(&forecast_marker(plot.x(points.len() + k), plot.y(f(s.1))));
        }
    }

    // The period axis: a small tick per period, a longer one where a
    // financial year starts, the years named (as many as fit).
    let _ = write!(
        svg,
        r#"<g class="spc-periods"><line x1="{left:.1}" x2="{:.1}" y1="{bottom:.1}" y2="{bottom:.1}" stroke="{INK}"/>"#,
        plot.right()
    );
    // Every tick in one path (a ten-year monthly chart has well over a
    // hundred): the same strokes as a line each, in a fifth of the bytes.
    svg.push_str(r#"<path class="spc-ticks" d=""#);
    for i in 0..slots.len() {
        let _ = write!(svg, "M{:.1} {bottom:.1}v4", plot.x(i));
    }
    for run in &years {
        let _ = write!(svg, "M{:.1} {bottom:.1}v10", plot.edge(run.start));
    }
    let _ = write!(svg, r#"" fill="none" stroke="{INK}"/>"#);
    let minor = minor_labels(&slots, &plot);
    let mut label_y = bottom + 10.0 + FONT;
    if !minor.is_empty() {
        for (xx, label) in &minor {
            let _ = write!(
                svg,
                r#"<text class="spc-period" x="{xx:.1}" y="{label_y:.1}" font-size="{FONT}" text-anchor="middle" fill="{INK}">{}</text>"#,
                escape(label)
            );
        }
        label_y += FONT + 6.0;
    }
    for (xx, label) in year_labels(&years, &slots, &plot) {
        let _ = write!(
            svg,
            r#"<text class="spc-period" x="{xx:.1}" y="{label_y:.1}" font-size="{FONT}" text-anchor="middle" fill="{INK}">{}</text>"#,
            escape(&label)
        );
    }
    svg.push_str("</g>");

    // Labels over the plot: each process change, and the target.
    let mut taken = f64::MIN;
    for s in segments.iter().skip(1) {
        let xx = plot.edge(s.start);
        let text = "Process change";
        let w = text_width(text, SMALL);
        let (start, anchor, at) =
            if xx + 4.0 + w <= WIDTH - 4.0 { (xx + 4.0, "start", xx + 4.0) } else { (xx - 4.0 - w, "end", xx - 4.0) };
        if start < taken + 8.0 {
            continue; // too close to the one before: the upright and the key say it
        }
        taken = start + w;
        let _ = write!(
            svg,
            r#"<text class="spc-change-label" x="{at:.1}" y="{:.1}" font-size="{SMALL}" text-anchor="{anchor}" fill="{INK}">{text}</text>"#,
            TOP - 16.0
        );
    }
    // "Trial limits" over a trial segment's upper limit, where it fits.
    for s in segments.iter().filter(|s| s.limits.trial) {
        let text = "Trial limits";
        let (x1, x2) = (plot.edge(s.start), plot.edge(s.end));
        let yy = plot.y(f(s.limits.upper_limit));
        if x2 - x1 >= text_width(text, SMALL) + 12.0 && yy - 6.0 > TOP + SMALL {
            let _ = write!(
                svg,
                r##"<text class="spc-trial-label" x="{:.1}" y="{:.1}" font-size="{SMALL}" fill="{INK}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">{text}</text>"##,
                x1 + 6.0,
                yy - 6.0
            );
        }
    }
    if let Some(t) = input.target {
        let yy = plot.y(f(t));
        let above = yy - 6.0 > TOP + SMALL;
        let _ = write!(
            svg,
            r##"<text class="spc-target-label" x="{:.1}" y="{:.1}" font-size="{SMALL}" fill="{TARGET}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">Target</text>"##,
            left + 6.0,
            if above { yy - 6.0 } else { yy + SMALL }
        );
    }

    // The key: every line and mark drawn, and nothing else.
    let key = key_items(input, analysis, plot.step >= FORECAST_MARKS);
    let key_top = label_y + 22.0;
    svg.push_str(r#"<g class="spc-key">"#);
    for (n, item) in key.iter().enumerate() {
        let x0 = KEY_LEFT + KEY_COLUMN * (n % 2) as f64;
        let middle = key_top + KEY_ROW * (n / 2) as f64 + KEY_ROW / 2.0;
        let _ = write!(
            svg,
            r#"<g class="spc-key-item">{}<text x="{:.1}" y="{:.1}" font-size="{FONT}" fill="{INK}">{}</text></g>"#,
            item.sample(x0, middle),
            x0 + 44.0,
            middle + 7.0,
            escape(&item.label(unit, input.decimals))
        );
    }
    svg.push_str("</g></svg>");
    let height = key_top + KEY_ROW * key.len().div_ceil(2) as f64 + 6.0;
    Some(svg.replacen("{HEIGHT}", &format!("{height:.0}"), 1))
}

/// The chart in words, as its `<desc>` says it (for a format that shows the
/// drawing where that is not read: a Word picture's alternative text), or
/// None when there is no value to draw.
pub fn spc_description(input: &SpcChartInput) -> Option<String> {
    input.points.iter().any(|(_, v)| v.is_some()).then(|| describe(input, drawn_analysis(input)))
}

/// The analysis, when it is of exactly the points charted.
fn drawn_analysis<'a>(input: &SpcChartInput<'a>) -> Option<&'a Analysis> {
    let n = input.points.len();
    input.analysis.filter(|a| a.points.len() == n && a.segments.iter().all(|s| s.start < s.end && s.end <= n))
}

/// Making Data Count's variation icon, 40 units square: a ring with a
/// flat wavy line for common cause; with "H" or "L" (high or low) and an
/// arrow the way the signal goes for a special cause. The ring is
/// coloured as the chart's marks (improvement blue, concern orange,
/// neither purple, common cause grey), but the letter and arrow, and the
/// words that always go beside the icon, carry the meaning. Hidden from
/// assistive technology, since those words say it.
pub fn variation_icon(icon: VariationIcon) -> String {
    use VariationIcon::*;
    let ring = match icon {
        CommonCause => GREY,
        ImprovementHigh | ImprovementLow => IMPROVEMENT,
        ConcernHigh | ConcernLow => CONCERN,
        NeitherHigh | NeitherLow => NEUTRAL,
    };
    let body = match icon {
        CommonCause => format!(
            r#"<path d="M9 20 L15 16 L20 23 L25 17 L31 20" fill="none" stroke="{INK}" stroke-width="2.5" stroke-linejoin="round"/>"#
        ),
        ImprovementHigh | ConcernHigh | NeitherHigh => {
            format!(r#"{}<path d="M33 3 L38 10 L28 10 Z" fill="{INK}"/>"#, icon_letter("H"))
        }
        ImprovementLow | ConcernLow | NeitherLow => {
            format!(r#"{}<path d="M33 37 L38 30 L28 30 Z" fill="{INK}"/>"#, icon_letter("L"))
        }
    };
    icon_svg(ring, false, &body)
}

/// Making Data Count's assurance icon, 40 units square: "P" (consistently
/// passing), "F" (consistently failing) or "?" (hit and miss) over the
/// target's line; "–" in a dashed ring when there is none. As
/// [`variation_icon`], the letter and the words beside it carry the meaning.
pub fn assurance_icon(icon: Option<AssuranceIcon>) -> String {
    let line = format!(r#"<line x1="10" y1="31" x2="30" y2="31" stroke="{INK}" stroke-width="2"/>"#);
    match icon {
        Some(AssuranceIcon::ConsistentlyPassing) => icon_svg(IMPROVEMENT, false, &(icon_letter("P") + &line)),
        Some(AssuranceIcon::ConsistentlyFailing) => icon_svg(CONCERN, false, &(icon_letter("F") + &line)),
        Some(AssuranceIcon::HitAndMiss) => icon_svg(GREY, false, &(icon_letter("?") + &line)),
        None => icon_svg(GREY, true, &icon_letter("–")),
    }
}

fn icon_letter(text: &str) -> String {
    format!(
        r#"<text x="20" y="26" text-anchor="middle" font-family="arial, helvetica, sans-serif" font-size="17" font-weight="bold" fill="{INK}">{text}</text>"#
    )
}

fn icon_svg(ring: &str, dashed: bool, body: &str) -> String {
    let dash = if dashed { r#" stroke-dasharray="4 3""# } else { "" };
    format!(
        r##"<svg class="outturn-spc-icon" aria-hidden="true" focusable="false" width="40" height="40" viewBox="0 0 40 40" xmlns="http://www.w3.org/2000/svg"><circle cx="20" cy="20" r="16.5" fill="#ffffff" stroke="{ring}" stroke-width="3.5"{dash}/>{body}</svg>"##
    )
}

/// Where things go on the plot.
struct Plot {
    left: f64,
    step: f64,
    lo: f64,
    hi: f64,
}

impl Plot {
    fn new(left: f64, slots: usize, lo: f64, hi: f64) -> Plot {
        let width = WIDTH - RIGHT - left;
        let hi = if hi > lo { hi } else { lo + 1.0 };
        Plot { left, step: width / slots.max(1) as f64, lo, hi }
    }
    fn right(&self) -> f64 {
        WIDTH - RIGHT
    }
    /// The middle of period `i`'s slot.
    fn x(&self, i: usize) -> f64 {
        self.left + self.step * (i as f64 + 0.5)
    }
    /// The left edge of period `i`'s slot (the right edge of `i - 1`'s).
    fn edge(&self, i: usize) -> f64 {
        self.left + self.step * i as f64
    }
    fn y(&self, v: f64) -> f64 {
        TOP + PLOT_H * (1.0 - (v - self.lo) / (self.hi - self.lo))
    }
}

/// The runs of consecutive periods with a value (indices).
fn runs(points: &[(Period, Option<Decimal>)]) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut current = Vec::new();
    for (i, (_, v)) in points.iter().enumerate() {
        if v.is_some() {
            current.push(i);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// A financial year's periods on the chart: `start..end` of the slots.
struct YearRun {
    year: FinancialYear,
    start: usize,
    end: usize,
}

fn year_runs(slots: &[Period]) -> Vec<YearRun> {
    let mut years: Vec<YearRun> = Vec::new();
    for (i, p) in slots.iter().enumerate() {
        let year = p.financial_year();
        match years.last_mut() {
            Some(run) if run.year == year => run.end = i + 1,
            _ => years.push(YearRun { year, start: i, end: i + 1 }),
        }
    }
    years
}

/// The financial years named under the axis, centred on their periods: a
/// part year (at either end) too narrow for its name is left unnamed (unless
/// it is the only one), and when the names would touch, every second (third,
/// ...) is named, counting back from the latest.
fn year_labels(years: &[YearRun], slots: &[Period], plot: &Plot) -> Vec<(f64, String)> {
    let candidates: Vec<(f64, f64, String)> = years
        .iter()
        .filter_map(|run| {
            let label = run.year.to_string();
            let w = text_width(&label, FONT);
            let (a, b) = (plot.edge(run.start), plot.edge(run.end));
            let whole = match slots[run.start].frequency() {
                Frequency::Monthly => 12,
                Frequency::Quarterly => 4,
                Frequency::Annual => 1,
            };
            if years.len() > 1 && run.end - run.start < whole && b - a < w {
                return None;
            }
            let centre = ((a + b) / 2.0).clamp(plot.left + w / 2.0, WIDTH - 4.0 - w / 2.0);
            Some((centre, w, label))
        })
        .collect();
    for stride in 1..=candidates.len().max(1) {
        let chosen: Vec<&(f64, f64, String)> =
            candidates.iter().rev().step_by(stride).collect::<Vec<_>>().into_iter().rev().collect();
        let fits = chosen.windows(2).all(|w| w[1].0 - w[0].0 >= (w[0].1 + w[1].1) / 2.0 + 10.0);
        if fits {
            return chosen.into_iter().map(|(x, _, l)| (*x, l.clone())).collect();
        }
    }
    Vec::new()
}

/// For a short series (two years or less), months or quarters named above
/// the years: every period, or every quarter's first month (every second
/// quarter, every half year's first month) when they would touch; none
/// when even those would.
fn minor_labels(slots: &[Period], plot: &Plot) -> Vec<(f64, String)> {
    let frequency = slots.first().map(|p| p.frequency());
    let strides: &[u8] = match frequency {
        _ if slots.len() > 24 => return Vec::new(),
        Some(Frequency::Monthly) => &[1, 3, 6],
        Some(Frequency::Quarterly) => &[1, 2],
        _ => return Vec::new(),
    };
    let widest = slots.iter().map(|p| text_width(&crate::chart::short_label(*p), FONT)).fold(0.0, f64::max);
    let Some(&stride) = strides.iter().find(|&&s| plot.step * f64::from(s) >= widest + 10.0) else {
        return Vec::new();
    };
    slots
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            // Counted from the start of the financial year: April, July, ... or Q1, Q3.
            let position = match p {
                Period::Month(m) => (m.month() + 8) % 12,
                Period::Quarter(_, q) => q.number() - 1,
                Period::Year(_) => 0,
            };
            position % stride == 0
        })
        .map(|(i, p)| (plot.x(i), crate::chart::short_label(*p)))
        .collect()
}

/// What the key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyItem {
    Values,
    Mean,
    Limits,
    TrialLimits,
    TwoSigma,
    Target(Decimal),
    ProcessChange,
    /// With a circle on the dashed line when the forecast values have them.
    Forecast {
        marks: bool,
    },
    Mark(Variation),
}

fn key_items(input: &SpcChartInput, analysis: Option<&Analysis>, forecast_marks: bool) -> Vec<KeyItem> {
    let mut items = vec![KeyItem::Values];
    if let Some(a) = analysis {
        items.push(KeyItem::Mean);
        if a.segments.iter().any(|s| !s.limits.trial) {
            items.push(KeyItem::Limits);
        }
        if a.segments.iter().any(|s| s.limits.trial) {
            items.push(KeyItem::TrialLimits);
        }
        items.push(KeyItem::TwoSigma);
    }
    items.extend(input.target.map(KeyItem::Target));
    if analysis.is_some_and(|a| a.segments.len() > 1) {
        items.push(KeyItem::ProcessChange);
    }
    if !input.forecast.is_empty() {
        items.push(KeyItem::Forecast { marks: forecast_marks });
    }
    if let Some(a) = analysis {
        for v in [Variation::Improvement, Variation::Concern, Variation::Neutral, Variation::CommonCause] {
            let marked =
                a.points.iter().zip(&input.points).any(|(p, (_, value))| value.is_some() && p.variation == Some(v));
            if marked {
                items.push(KeyItem::Mark(v));
            }
        }
    }
    items
}

impl KeyItem {
    fn label(self, unit: Unit, decimals: u8) -> String {
        match self {
            KeyItem::Values => "Values".into(),
            KeyItem::Mean => "Mean".into(),
            KeyItem::Limits => "Process limits".into(),
            KeyItem::TrialLimits => "Trial process limits".into(),
            KeyItem::TwoSigma => "Two-sigma lines".into(),
            KeyItem::Target(t) => format!("Target ({})", figure(unit, t, decimals)),
            KeyItem::ProcessChange => "Process change".into(),
            KeyItem::Forecast { .. } => "Forecast (80% interval)".into(),
            KeyItem::Mark(Variation::Improvement) => "Special cause: improvement".into(),
            KeyItem::Mark(Variation::Concern) => "Special cause: concern".into(),
            KeyItem::Mark(Variation::Neutral) => "Special cause: neither".into(),
            KeyItem::Mark(Variation::CommonCause) => "Common cause".into(),
        }
    }

    /// The key's sample of the mark, 34 units wide from `x`.
    fn sample(self, x: f64, y: f64) -> String {
        let (x1, x2, mid) = (x, x + 34.0, x + 17.0);
        let line = |colour: &str, width: f64, dash: Option<&str>| {
            let dash = dash.map(|d| format!(r#" stroke-dasharray="{d}""#)).unwrap_or_default();
            format!(
                r#"<line x1="{x1:.1}" x2="{x2:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="{width}"{dash}/>"#
            )
        };
        match self {
            KeyItem::Values => line(GREY, 2.0, None),
            KeyItem::Mean => line(INK, 1.5, None),
            KeyItem::Limits => line(INK, 1.5, Some(LIMIT_DASH)),
            KeyItem::TrialLimits => line(INK, 1.5, Some(TRIAL_DASH)),
            KeyItem::TwoSigma => line(LIGHT, 1.5, Some(TWO_SIGMA_DASH)),
            KeyItem::Target(_) => line(TARGET, 2.0, Some(TARGET_DASH)),
            KeyItem::ProcessChange => format!(
                r#"<line x1="{mid:.1}" x2="{mid:.1}" y1="{:.1}" y2="{:.1}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="4 3"/>"#,
                y - 12.0,
                y + 12.0
            ),
            KeyItem::Forecast { marks } => format!(
                r#"<rect x="{x1:.1}" y="{:.1}" width="34" height="20" fill="{BAND}" fill-opacity="0.3" stroke="{BAND}"/>{}{}"#,
                y - 10.0,
                line(INK, 2.0, Some("5 3")),
                if marks { without_class(&forecast_marker(mid, y)) } else { String::new() }
            ),
            KeyItem::Mark(v) => without_class(&marker(Some(v), mid, y)),
        }
    }
}

/// A shape per variation, so the chart reads without colour: a circle for
/// improvement, a diamond for concern, a square for neither, a small dot
/// for common cause (and for a value with no analysis).
fn marker(variation: Option<Variation>, x: f64, y: f64) -> String {
    match variation {
        Some(Variation::Improvement) => format!(
            r#"<circle class="spc-point spc-improvement" cx="{x:.1}" cy="{y:.1}" r="7" fill="{IMPROVEMENT}" stroke="{INK}"/>"#
        ),
        Some(Variation::Concern) => format!(
            r#"<polygon class="spc-point spc-concern" points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{CONCERN}" stroke="{INK}"/>"#,
            x,
            y - 9.5,
            x + 9.5,
            y,
            x,
            y + 9.5,
            x - 9.5,
            y
        ),
        Some(Variation::Neutral) => format!(
            r#"<rect class="spc-point spc-neutral" x="{:.1}" y="{:.1}" width="13" height="13" fill="{NEUTRAL}" stroke="{INK}"/>"#,
            x - 6.5,
            y - 6.5
        ),
        Some(Variation::CommonCause) => {
            format!(r#"<circle class="spc-point spc-common" cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{COMMON}"/>"#)
        }
        None => format!(r#"<circle class="spc-point" cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{GREY}"/>"#),
    }
}

/// A mark as the key shows it: the same, but not counted as a point.
fn without_class(mark: &str) -> String {
    match mark.split_once(r#" class=""#) {
        Some((head, rest)) => format!("{head}{}", rest.split_once('"').map_or("", |(_, tail)| tail)),
        None => mark.to_string(),
    }
}

/// A forecast value: a hollow circle.
fn forecast_marker(x: f64, y: f64) -> String {
    format!(
        r##"<circle class="spc-forecast-point" cx="{x:.1}" cy="{y:.1}" r="4.5" fill="#ffffff" stroke="{INK}" stroke-width="2"/>"##
    )
}

/// The chart in words: the periods, the latest segment's mean and limits,
/// the process changes, the special causes, the latest value, the target
/// and the forecast.
fn describe(input: &SpcChartInput, analysis: Option<&Analysis>) -> String {
    let (unit, places) = (input.unit, input.decimals);
    let fig = |v: Decimal| figure(unit, v, places);
    // Lines to one place more than the figures, at least two, as the measure page gives them.
    let line = |v: Decimal| figure(unit, v, places.saturating_add(1).max(2));
    let month = |p: Period, last: bool| Period::Month(if last { p.last_month() } else { p.first_month() }).describe();
    let mut parts = Vec::new();

    let (first, last) = (input.points[0].0, input.points[input.points.len() - 1].0);
    let every = match first.frequency() {
        Frequency::Monthly => "Monthly",
        Frequency::Quarterly => "Quarterly",
        Frequency::Annual => "Annual",
    };
    let mut span = format!("{every} values from {} to {}", month(first, false), month(last, true));
    let gaps = input.points.iter().filter(|(_, v)| v.is_none()).count();
    if gaps > 0 {
        let _ = write!(span, " ({} with no value)", count(gaps, "period", "periods"));
    }
    parts.push(span);

    if let Some(a) = analysis {
        let l = &a.limits;
        let trial = if l.trial { "trial process limits (fewer than 13 values)" } else { "process limits" };
        let mut lines = format!("mean {}, {trial} {} to {}", line(l.mean), line(l.lower_limit), line(l.upper_limit));
        if let [.., latest] = a.segments.as_slice()
            && a.segments.len() > 1
        {
            let _ = write!(
                lines,
                " in the latest segment, from {} ({} recorded)",
                month(input.points[latest.start].0, false),
                count(a.segments.len() - 1, "process change", "process changes")
            );
        }
        parts.push(lines);
        let special: Vec<Variation> = a
            .points
            .iter()
            .zip(&input.points)
            .filter_map(|(p, (_, v))| v.and(p.variation).filter(|v| v.is_special_cause()))
            .collect();
        if special.is_empty() {
            parts.push("no point shows special cause variation".into());
        } else {
            let kinds: Vec<String> = [Variation::Improvement, Variation::Concern, Variation::Neutral]
                .into_iter()
                .map(|k| (k, special.iter().filter(|v| **v == k).count()))
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| match k {
                    Variation::Improvement => format!("{n} improvement"),
                    Variation::Concern => format!("{n} concern"),
                    _ => format!("{n} neither improvement nor concern"),
                })
                .collect();
            parts.push(format!(
                "{} special cause variation ({})",
                if special.len() == 1 { "1 point shows".to_string() } else { format!("{} points show", special.len()) },
                kinds.join(", ")
            ));
        }
    }
    if let Some((i, (p, Some(v)))) = input.points.iter().enumerate().rev().find(|(_, (_, v))| v.is_some()) {
        let mut latest = format!("latest value {} in {}", fig(*v), p.describe());
        if let Some(variation) = analysis.and_then(|a| a.points[i].variation) {
            let _ = write!(latest, ", {}", lower_first(variation.description()));
        }
        parts.push(latest);
    }
    if let Some(t) = input.target {
        parts.push(format!("target {}", fig(t)));
    }
    let step = |(p, v, lo, hi): &(Period, Decimal, Decimal, Decimal)| {
        format!("{} for {} (80% interval {} to {})", fig(*v), p.describe(), fig(*lo), fig(*hi))
    };
    match input.forecast.as_slice() {
        [] => {}
        [only] => parts.push(format!("forecast {}", step(only))),
        [first, .., last] => parts.push(format!("forecast {}, to {}", step(first), step(last))),
    }
    format!("{}.", parts.join("; "))
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A figure as the measure gives it (a text measure's figures as numbers).
fn figure(unit: Unit, value: Decimal, places: u8) -> String {
    if unit == Unit::Text { Unit::Count.format(value, places) } else { unit.format(value, places) }
}

/// About how wide `text` is drawn in Arial at `size`: wide enough that
/// labels judged not to touch do not.
fn text_width(text: &str, size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | '/' => 0.28,
            ' ' | '(' | ')' | '-' | 'f' | 't' | 'r' | 'I' => 0.34,
            'm' | 'w' | 'M' | 'W' | '%' => 0.89,
            c if c.is_ascii_uppercase() => 0.70,
            _ => 0.56,
        })
        .sum();
    ems * size
}

/// The value axis, as `chart`'s: from `lo` to `hi` in round `step`s (1, 2,
/// 2.5 or 5 times a power of ten), exact decimals so labels never show float
/// noise.
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    lo: Decimal,
    hi: Decimal,
    step: Decimal,
    unit: Unit,
}

impl Axis {
    /// About four to six steps spanning the values with a little room above
    /// and below; zero included when the values are nearer it than they are
    /// wide; a percentage axis kept within 0 to 100 unless the values (or
    /// the limits) leave it.
    fn new(values: &[f64], unit: Unit) -> Self {
        let (min, max) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
        let spread = max - min;
        let room = if spread > 0.0 { spread * 0.08 } else { (max.abs() * 0.1).max(1.0) };
        let (mut lo, mut hi) = (min - room, max + room);
        if min >= 0.0 && min < spread {
            lo = 0.0;
        }
        if min >= 0.0 {
            lo = lo.max(0.0);
        }
        if unit == Unit::Percentage && max <= 100.0 {
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
        figure(self.unit, tick, self.step.normalize().scale().min(6) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use outturn_core::spc::{Chart, ImprovementDirection, Settings, analyse};
    use rust_decimal_macros::dec;

    const WOBBLE: [Decimal; 10] = [
        dec!(0.4),
        dec!(-0.3),
        dec!(0.1),
        dec!(-0.5),
        dec!(0.6),
        dec!(-0.2),
        dec!(0.3),
        dec!(-0.6),
        dec!(0.2),
        dec!(-0.1),
    ];
    const GAPS: [usize; 3] = [10, 11, 50];

    fn month(year: i16, month: u8) -> Period {
        Period::Month(outturn_core::Month::new(year, month).unwrap())
    }

    /// 78 months, April 2020 to September 2026: about 92% until a process
    /// change in April 2023, about 95.5% after; a high outlier in the first
    /// segment, a low one in the second, three gaps.
    fn series() -> Vec<(Period, Option<Decimal>)> {
        let mut p = month(2020, 4);
        (0..78)
            .map(|i| {
                let base = if i < 36 { dec!(92) } else { dec!(95.5) };
                let value = match i {
                    20 => Some(dec!(97)),
                    60 => Some(dec!(90)),
                    i if GAPS.contains(&i) => None,
                    i => Some(base + WOBBLE[i % 10]),
                };
                let here = p;
                p = p.next();
                (here, value)
            })
            .collect()
    }

    fn analysis_of(
        points: &[(Period, Option<Decimal>)],
        changes: Vec<usize>,
        improvement: ImprovementDirection,
    ) -> Analysis {
        let chart = Chart {
            values: points.iter().map(|(_, v)| *v).collect(),
            improvement,
            target: Some(dec!(95)),
            process_changes: changes,
        };
        analyse(&chart, &Settings::default()).unwrap()
    }

    fn forecast() -> Vec<(Period, Decimal, Decimal, Decimal)> {
        let mut p = month(2026, 10);
        (0..6)
            .map(|k| {
                let wide = dec!(0.8) + Decimal::from(k) * dec!(0.2);
                let here = p;
                p = p.next();
                (here, dec!(95.6), dec!(95.6) - wide, dec!(95.6) + wide)
            })
            .collect()
    }

    fn input<'a>(points: Vec<(Period, Option<Decimal>)>, analysis: Option<&'a Analysis>) -> SpcChartInput<'a> {
        SpcChartInput {
            id: "spc-bv66a",
            title: "BV66a Rent collected <as a share> of rent due",
            unit: Unit::Percentage,
            decimals: 1,
            points,
            analysis,
            target: Some(dec!(95)),
            forecast: forecast(),
        }
    }

    fn with_class<'a>(doc: &'a roxmltree::Document, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
        doc.descendants().filter(|n| n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == class))).collect()
    }

    fn texts(doc: &roxmltree::Document, class: &str) -> Vec<String> {
        with_class(doc, class).iter().filter_map(|n| n.text()).map(str::to_string).collect()
    }

    fn key(doc: &roxmltree::Document) -> Vec<String> {
        with_class(doc, "spc-key-item")
            .iter()
            .flat_map(|g| g.children())
            .filter_map(|n| n.text())
            .map(str::to_string)
            .collect()
    }

    fn number(node: &roxmltree::Node, attribute: &str) -> f64 {
        node.attribute(attribute).unwrap().parse().unwrap()
    }

    #[test]
    fn a_long_monthly_series_draws_as_well_formed_accessible_svg() {
        let points = series();
        let analysis = analysis_of(&points, vec![36], ImprovementDirection::Increase);
        let svg = spc_chart(&input(points, Some(&analysis))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("aria-labelledby"), Some("spc-bv66a-title spc-bv66a-desc"));
        assert_eq!(root.attribute("width"), Some("100%"));
        assert!(root.attribute("height").is_none(), "the height follows the viewBox");
        let view: Vec<f64> = root.attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
        assert_eq!(view[..3], [0.0, 0.0, 700.0]);
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(title.attribute("id"), Some("spc-bv66a-title"));
        assert_eq!(
            title.text(),
            Some("BV66a Rent collected <as a share> of rent due: statistical process control chart"),
            "the title is escaped and reads back"
        );
        let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
        assert_eq!(desc.attribute("id"), Some("spc-bv66a-desc"));
        let desc = desc.text().unwrap();
        assert!(
            desc.starts_with("Monthly values from April 2020 to September 2026 (3 periods with no value); mean "),
            "{desc}"
        );
        assert!(desc.contains(" in the latest segment, from April 2023 (1 process change recorded)"), "{desc}");
        assert!(
            desc.contains("points show special cause variation (")
                && desc.contains(" improvement, ")
                && desc.contains(" concern)"),
            "{desc}"
        );
        assert!(desc.contains("target 95%"), "{desc}");
        assert!(desc.contains("forecast 95.6% for October 2026 (80% interval 94.8% to 96.4%), to 95.6% for March 2027 (80% interval 93.8% to 97.4%)."), "{desc}");
        // Every mark lies inside the drawing: nothing clipped, nothing runs off.
        let height = view[3];
        for node in doc.descendants().filter(|n| n.is_element()) {
            for (a, limit) in [
                ("x", 700.0),
                ("x1", 700.0),
                ("x2", 700.0),
                ("cx", 700.0),
                ("y", height),
                ("y1", height),
                ("y2", height),
                ("cy", height),
            ] {
                if let Some(v) = node.attribute(a) {
                    let v: f64 = v.parse().unwrap();
                    assert!((0.0..=limit).contains(&v), "{a}={v} outside the drawing: {:?}", node);
                }
            }
        }
        for bad in ["NaN", "inf", "<script", "style="] {
            assert!(!svg.contains(bad), "{bad} in {svg}");
        }
        assert_eq!(spc_chart(&input(series(), Some(&analysis))).unwrap(), svg, "the same input draws the same bytes");
    }

    #[test]
    fn a_gap_breaks_the_line_and_is_never_drawn_as_zero() {
        let points = series();
        let analysis = analysis_of(&points, vec![36], ImprovementDirection::Increase);
        let svg = spc_chart(&input(points.clone(), Some(&analysis))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        // Runs 0..10, 12..50, 51..78.
        let lines = with_class(&doc, "spc-values");
        assert_eq!(lines.len(), 3, "one line per run of values");
        let moves: Vec<usize> = lines.iter().map(|l| l.attribute("d").unwrap().matches(['M', 'L']).count()).collect();
        assert_eq!(moves, [10, 38, 27]);
        assert_eq!(with_class(&doc, "spc-point").len(), 78 - GAPS.len(), "a mark per value, none for a gap");
        // The axis does not reach zero, so nothing is drawn there.
        assert!(!texts(&doc, "spc-tick").contains(&"0%".to_string()));
        // A lone value between gaps has its mark but no line.
        let mut lone = points;
        lone[49].1 = None;
        lone[51].1 = None;
        let svg = spc_chart(&input(lone, None)).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(with_class(&doc, "spc-values").len(), 3, "0..10, 12..49, 52..78; 50 alone");
        assert_eq!(with_class(&doc, "spc-point").len(), 78 - 5);
    }

    #[test]
    fn each_segment_has_its_own_lines_across_its_own_periods() {
        let points = series();
        let analysis = analysis_of(&points, vec![36], ImprovementDirection::Increase);
        let svg = spc_chart(&input(points, Some(&analysis))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(with_class(&doc, "spc-limit").len(), 2 * 2, "two limits a segment");
        assert_eq!(with_class(&doc, "spc-two-sigma").len(), 2 * 2);
        assert_eq!(with_class(&doc, "spc-mean").len(), 2);
        let change = with_class(&doc, "spc-change");
        assert_eq!(change.len(), 1, "an upright where the second segment starts");
        assert_eq!(texts(&doc, "spc-change-label"), ["Process change"]);
        let at = number(&change[0], "x1");
        let means = with_class(&doc, "spc-mean");
        assert_eq!(number(&means[0], "x2"), at, "the first segment's lines end at the change");
        assert_eq!(number(&means[1], "x1"), at, "the second's start there");
        assert!(number(&means[1], "y1") < number(&means[0], "y1"), "the second segment's mean is higher");
        let last = with_class(&doc, "spc-point")
            .iter()
            .filter(|c| c.has_tag_name("circle"))
            .map(|c| number(c, "cx"))
            .fold(f64::MIN, f64::max);
        assert!(number(&means[1], "x2") < last + 10.0, "limits stop at the last period, before the forecast");
        // One segment: no upright, no label, no key entry.
        let one = analysis_of(&series(), vec![], ImprovementDirection::Increase);
        let svg = spc_chart(&input(series(), Some(&one))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(with_class(&doc, "spc-limit").len(), 2);
        assert!(with_class(&doc, "spc-change").is_empty() && !svg.contains("Process change"));
        assert!(
            !roxmltree::Document::parse(&svg)
                .unwrap()
                .descendants()
                .any(|n| n.text() == Some(" in the latest segment"))
        );
    }

    #[test]
    fn special_causes_are_marked_by_shape_and_colour() {
        let points = series();
        let analysis = analysis_of(&points, vec![36], ImprovementDirection::Increase);
        let count = |v: Variation| analysis.points.iter().filter(|p| p.variation == Some(v)).count();
        assert!(count(Variation::Improvement) >= 1 && count(Variation::Concern) >= 1, "the test series has both");
        let svg = spc_chart(&input(points.clone(), Some(&analysis))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let improvement = with_class(&doc, "spc-improvement");
        let concern = with_class(&doc, "spc-concern");
        let common = with_class(&doc, "spc-common");
        assert_eq!(improvement.len(), count(Variation::Improvement));
        assert_eq!(concern.len(), count(Variation::Concern));
        assert_eq!(common.len(), count(Variation::CommonCause));
        assert!(improvement.iter().all(|n| n.has_tag_name("circle") && n.attribute("fill") == Some("#1d70b8")));
        assert!(concern.iter().all(|n| n.has_tag_name("polygon") && n.attribute("fill") == Some("#f47738")));
        assert!(common.iter().all(|n| n.has_tag_name("circle") && number(n, "r") < number(&improvement[0], "r")));
        assert!(with_class(&doc, "spc-neutral").is_empty());
        let key = key(&doc);
        assert!(
            key.contains(&"Special cause: improvement".to_string())
                && key.contains(&"Special cause: concern".to_string())
        );
        assert!(!key.contains(&"Special cause: neither".to_string()));

        // Neither way better: special causes are purple squares.
        let neutral = analysis_of(&points, vec![36], ImprovementDirection::Neutral);
        let svg = spc_chart(&input(points, Some(&neutral))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let squares = with_class(&doc, "spc-neutral");
        assert_eq!(squares.len(), neutral.points.iter().filter(|p| p.variation == Some(Variation::Neutral)).count());
        assert!(
            !squares.is_empty()
                && squares.iter().all(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#4c2c92"))
        );
        let key = self::key(&doc);
        assert!(key.contains(&"Special cause: neither".to_string()), "{key:?}");
        assert!(!key.iter().any(|k| k.contains("improvement") || k.contains("concern")), "{key:?}");
    }

    #[test]
    fn the_forecast_band_is_drawn_only_with_a_forecast() {
        let points = series();
        let analysis = analysis_of(&points, vec![36], ImprovementDirection::Increase);
        let svg = spc_chart(&input(points.clone(), Some(&analysis))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let band = with_class(&doc, "spc-forecast-band");
        assert_eq!(band.len(), 1);
        // From the last value, out along the uppers and back along the lowers.
        assert_eq!(band[0].attribute("points").unwrap().split(' ').count(), 1 + 6 + 6);
        assert_eq!(with_class(&doc, "spc-forecast").len(), 1);
        assert!(with_class(&doc, "spc-forecast-point").is_empty(), "84 periods: no room for circles");
        assert!(key(&doc).contains(&"Forecast (80% interval)".to_string()));
        let last = with_class(&doc, "spc-values")
            .last()
            .unwrap()
            .attribute("d")
            .unwrap()
            .rsplit('L')
            .next()
            .unwrap()
            .trim()
            .to_string();
        let dashed = with_class(&doc, "spc-forecast")[0].attribute("d").unwrap().to_string();
        assert!(
            dashed.starts_with(&format!("M{last} L")),
            "the forecast runs on from the last value: {dashed} / {last}"
        );

        // Twelve quarters and four ahead: room for a circle on each forecast value.
        let mut p = Period::parse("2021/22-Q1").unwrap();
        let quarters: Vec<_> = (0..12)
            .map(|i| {
                let here = p;
                p = p.next();
                (here, Some(Decimal::from(90 + i % 5)))
            })
            .collect();
        let ahead: Vec<_> = (0..4)
            .map(|_| {
                let here = p;
                p = p.next();
                (here, dec!(92), dec!(89), dec!(95))
            })
            .collect();
        let svg = spc_chart(&SpcChartInput { forecast: ahead, ..input(quarters, None) }).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(with_class(&doc, "spc-forecast-point").len(), 4);
        assert!(
            svg.contains(
                "; forecast 92% for April to June 2024 (80% interval 89% to 95%), to 92% for January to March 2025"
            ),
            "{svg}"
        );

        let none = SpcChartInput { forecast: Vec::new(), ..input(points, Some(&analysis)) };
        let svg = spc_chart(&none).unwrap();
        assert!(!svg.contains("spc-forecast") && !svg.contains("Forecast") && !svg.contains("forecast"), "{svg}");
    }

    #[test]
    fn the_key_names_only_what_is_drawn() {
        let points = series();
        let analysis = analysis_of(&points, vec![36], ImprovementDirection::Increase);
        let svg = spc_chart(&input(points.clone(), Some(&analysis))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(
            key(&doc),
            [
                "Values",
                "Mean",
                "Process limits",
                "Two-sigma lines",
                "Target (95%)",
                "Process change",
                "Forecast (80% interval)",
                "Special cause: improvement",
                "Special cause: concern",
                "Common cause"
            ]
        );
        assert!(!svg.contains("Trial") && !svg.contains("trial"), "34 and 41 values: stable limits");
        // No analysis, target or forecast: the values alone.
        let bare = SpcChartInput { target: None, forecast: Vec::new(), ..input(points, None) };
        let svg = spc_chart(&bare).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(key(&doc), ["Values"]);
        for absent in ["spc-mean", "spc-limit", "spc-two-sigma", "spc-target", "spc-change", "spc-forecast"] {
            assert!(with_class(&doc, absent).is_empty(), "{absent}");
        }
        assert!(!svg.contains("Target"));
    }

    #[test]
    fn trial_limits_say_so_in_the_key_and_the_description() {
        // Ten months and then a process change eight months in: both trial.
        let short: Vec<_> = series().into_iter().skip(12).take(18).collect();
        let analysis = analysis_of(&short, vec![10], ImprovementDirection::Increase);
        assert!(analysis.segments.iter().all(|s| s.limits.trial));
        let svg = spc_chart(&SpcChartInput { forecast: Vec::new(), ..input(short.clone(), Some(&analysis)) }).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let key = key(&doc);
        assert!(
            key.contains(&"Trial process limits".to_string()) && !key.contains(&"Process limits".to_string()),
            "{key:?}"
        );
        assert!(svg.contains("trial process limits (fewer than 13 values)"));
        assert!(with_class(&doc, "spc-limit").iter().all(|l| l.attribute("stroke-dasharray") == Some(TRIAL_DASH)));
        assert_eq!(texts(&doc, "spc-trial-label"), ["Trial limits", "Trial limits"], "each trial segment says so");
        // A stable first segment and a trial second: both named, dashed differently.
        let mixed: Vec<_> = series().into_iter().take(40).collect();
        let analysis = analysis_of(&mixed, vec![30], ImprovementDirection::Increase);
        let svg = spc_chart(&SpcChartInput { forecast: Vec::new(), ..input(mixed, Some(&analysis)) }).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let key = self::key(&doc);
        assert!(
            key.contains(&"Trial process limits".to_string()) && key.contains(&"Process limits".to_string()),
            "{key:?}"
        );
        let dashes: Vec<_> =
            with_class(&doc, "spc-limit").iter().map(|l| l.attribute("stroke-dasharray").unwrap()).collect();
        assert_eq!(dashes, [LIMIT_DASH, LIMIT_DASH, TRIAL_DASH, TRIAL_DASH]);
        assert_eq!(texts(&doc, "spc-trial-label").len(), 1, "the second segment only");
    }

    #[test]
    fn the_value_axis_is_in_the_measure_unit() {
        let points = series();
        let analysis = analysis_of(&points, vec![36], ImprovementDirection::Increase);
        let svg = spc_chart(&input(points.clone(), Some(&analysis))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let ticks = texts(&doc, "spc-tick");
        assert!(ticks.len() >= 4 && ticks.iter().all(|t| t.ends_with('%')), "{ticks:?}");
        assert!(svg.contains(">Per cent (%)<"));

        let money: Vec<_> = points.iter().map(|(p, v)| (*p, v.map(|v| v * dec!(2500)))).collect();
        let chart = SpcChartInput {
            unit: Unit::Money,
            decimals: 0,
            target: Some(dec!(240000)),
            forecast: Vec::new(),
            ..input(money, None)
        };
        let svg = spc_chart(&chart).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let ticks = texts(&doc, "spc-tick");
        assert!(ticks.iter().all(|t| t.starts_with('£') && !t.contains('.')), "{ticks:?}");
        assert!(ticks.contains(&"£240,000".to_string()), "{ticks:?}");
        assert!(svg.contains(">Pounds (£)<") && svg.contains(">Target (£240,000)<"));
        // The ticks sit inside the left margin, however wide they are.
        for t in with_class(&doc, "spc-tick") {
            assert!(
                number(&t, "x") - text_width(t.text().unwrap(), FONT) > 30.0,
                "{:?} runs into the axis title",
                t.text()
            );
        }
    }

    #[test]
    fn periods_are_named_by_financial_year_without_touching() {
        let points = series();
        let svg = spc_chart(&input(points, None)).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let labels = with_class(&doc, "spc-period");
        let names: Vec<&str> = labels.iter().map(|l| l.text().unwrap()).collect();
        assert!(names.contains(&"2026/27") && names.contains(&"2022/23"), "{names:?}");
        assert!(names.iter().all(|n| n.len() == 7 && n.contains('/')), "years only for a long series: {names:?}");
        let spans: Vec<(f64, f64)> = labels
            .iter()
            .map(|l| {
                let (x, w) = (number(l, "x"), text_width(l.text().unwrap(), FONT));
                (x - w / 2.0, x + w / 2.0)
            })
            .collect();
        assert!(spans.windows(2).all(|w| w[0].1 + 8.0 < w[1].0), "{spans:?}");
        assert!(spans.iter().all(|(a, b)| *a >= 0.0 && *b <= 700.0), "{spans:?}");
        // A small tick per period and forecast period.
        let ticks = with_class(&doc, "spc-ticks")[0].attribute("d").unwrap();
        assert_eq!(ticks.matches('M').count(), 78 + 6 + 7, "{ticks}");
        assert_eq!(ticks.matches("v10").count(), 7, "and a longer one a year, 2020/21 to 2026/27");

        // Thirty quarters, 2019/20-Q1 to 2026/27-Q2: years too.
        let mut p = Period::parse("2019/20-Q1").unwrap();
        let quarters: Vec<_> = (0..30)
            .map(|i| {
                let here = p;
                p = p.next();
                (here, Some(Decimal::from(100 + i % 4)))
            })
            .collect();
        let svg = spc_chart(&SpcChartInput { forecast: Vec::new(), ..input(quarters, None) }).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let names = texts(&doc, "spc-period");
        // 2026/27 has two quarters, too narrow for its name; the rest every second year.
        assert_eq!(names, ["2019/20", "2021/22", "2023/24", "2025/26"]);

        // A year of months: the months too, as many as fit.
        let year: Vec<_> = series().into_iter().take(12).collect();
        let svg = spc_chart(&SpcChartInput { forecast: Vec::new(), ..input(year, None) }).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let names = texts(&doc, "spc-period");
        assert_eq!(names.first().map(String::as_str), Some("Apr"), "{names:?}");
        assert_eq!(names.last().map(String::as_str), Some("2020/21"), "{names:?}");
    }

    #[test]
    fn nothing_to_draw_is_no_chart() {
        assert!(spc_chart(&input(Vec::new(), None)).is_none());
        let gaps = vec![(month(2020, 4), None), (month(2020, 5), None)];
        assert!(spc_chart(&input(gaps, None)).is_none());
        // A single value draws: its mark, no line.
        let one = vec![(month(2020, 4), Some(dec!(92.5)))];
        let svg = spc_chart(&SpcChartInput { forecast: Vec::new(), target: None, ..input(one, None) }).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(with_class(&doc, "spc-point").len(), 1);
        assert!(with_class(&doc, "spc-values").is_empty());
        assert!(
            svg.contains("Monthly values from April 2020 to April 2020; latest value 92.5% in April 2020."),
            "{svg}"
        );
    }

    #[test]
    fn an_analysis_of_other_points_is_not_drawn() {
        let points = series();
        let analysis = analysis_of(&points[..40], vec![], ImprovementDirection::Increase);
        let svg = spc_chart(&input(points, Some(&analysis))).unwrap();
        assert!(!svg.contains("spc-limit") && !svg.contains("Mean"), "{svg}");
    }

    /// Writes the example drawing, a page of it, and a page of variants
    /// (money by quarter, a short trial series, neither way better) to the
    /// temporary directory: `cargo nextest run -p outturn-report
    /// spc_chart::tests::example --run-ignored only`.
    #[test]
    #[ignore = "writes files to look at"]
    fn example() {
        let points = series();
        let analysis = analysis_of(&points, vec![36], ImprovementDirection::Increase);
        let title = "BV66a Rent collected as a share of rent due";
        let svg = spc_chart(&SpcChartInput { title, ..input(points.clone(), Some(&analysis)) }).unwrap();
        let dir = std::env::temp_dir();
        std::fs::write(dir.join("spc-chart-example.svg"), &svg).unwrap();
        let page = |body: &str| {
            format!(
                r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>SPC chart</title><style>body {{ font-family: arial, helvetica, sans-serif; margin: 0; }} main {{ max-width: 960px; margin: 0 auto; padding: 0 15px; }} .outturn-chart {{ max-width: 100%; height: auto; }}</style></head><body><main>{body}<p>After the chart.</p></main></body></html>"#
            )
        };
        std::fs::write(dir.join("spc-chart-example.html"), page(&format!("<h1>BV66a Rent collected</h1>{svg}")))
            .unwrap();

        let mut p = Period::parse("2019/20-Q1").unwrap();
        let quarters: Vec<_> = (0..30)
            .map(|i| {
                let here = p;
                p = p.next();
                let value = if i == 7 {
                    None
                } else {
                    Some(dec!(1180000) + Decimal::from((i * 37 % 11) * 9000) + Decimal::from(i) * dec!(2500))
                };
                (here, value)
            })
            .collect();
        let money = analysis_of(&quarters, vec![], ImprovementDirection::Decrease);
        let ahead: Vec<_> = (0..4)
            .map(|k| {
                let here = p;
                p = p.next();
                let wide = dec!(40000) + Decimal::from(k) * dec!(15000);
                (here, dec!(1300000), dec!(1300000) - wide, dec!(1300000) + wide)
            })
            .collect();
        let quarterly = spc_chart(&SpcChartInput {
            id: "spc-void",
            title: "VoidLoss1 Rent lost to empty homes",
            unit: Unit::Money,
            decimals: 0,
            target: Some(dec!(1200000)),
            forecast: ahead,
            ..input(quarters, Some(&money))
        })
        .unwrap();
        let short: Vec<_> = points.iter().skip(12).take(18).cloned().collect();
        let trial = analysis_of(&short, vec![10], ImprovementDirection::Neutral);
        let short = spc_chart(&SpcChartInput {
            id: "spc-short",
            forecast: Vec::new(),
            target: None,
            ..input(short, Some(&trial))
        })
        .unwrap();
        std::fs::write(
            dir.join("spc-chart-variants.html"),
            page(&format!("<h2>Money, quarterly</h2>{quarterly}<h2>Short, trial, neither way better</h2>{short}")),
        )
        .unwrap();
    }
}
