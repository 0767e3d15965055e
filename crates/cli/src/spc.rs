//! `outturn spc`: an XmR chart (statistical process control, as NHS
//! England's Making Data Count draws it) of the values given on the command
//! line, or of a stored measure's results. Core computes the chart
//! (`outturn_core::spc`) and the app reads a stored series
//! (`outturn_app::statuses::spc`); this parses, then prints the analysis as
//! text or as JSON.

use std::io::Write;

use clap::{ArgGroup, Args, ValueEnum};
use outturn_app::statuses::spc::{MeasureSeries, measure_series};
use outturn_core::spc::{
    Analysis, AssuranceIcon, Chart, ImprovementDirection, Rule, STABLE_LIMIT_VALUES, Settings, SpcError, VariationIcon,
};
use outturn_core::{Decimal, Key, MeasureCode, Period, Unit};
use outturn_store::Store;
use serde_json::Value;

use crate::output::{
    self,
    table::{self, col, num, wide},
};

#[derive(Args)]
#[command(
    group(ArgGroup::new("series").required(true).args(["values", "council"])),
    after_help = "Examples:\n  \
        outturn spc --values 5,6,5,7,6,5,30,6 --format json\n  \
        outturn spc --values 92.1,93.4,,94.0,93.2 --improvement increase --target 95\n  \
        outturn spc --council stevenage --measure NI156 --from 2019/20\n\n\
        A stored measure is charted by each period's own figure (a quarter's preventions, not the total since \
        April), at its frequency, from its first recorded result to its last; a period between them with no \
        figure is a gap, never a zero. Its target is the one for the latest period charted, when there is one \
        (a summed measure's targets are totals since April, so none is used). Lines are rounded for the text \
        output; --format json gives every figure exactly, as a string. See docs/spc.md."
)]
pub struct SpcArgs {
    /// The values, oldest first, separated by commas: 12,15.5,14. An empty item (12,,14) is a missing
    /// period: a gap, never a zero.
    #[arg(long, value_name = "V1,V2,...", allow_hyphen_values = true, conflicts_with_all = ["council", "measure", "from", "to"])]
    pub values: Option<String>,
    /// Chart a stored measure of this council (its slug, such as stevenage), with --measure.
    #[arg(long, value_name = "SLUG", requires = "measure")]
    pub council: Option<Key>,
    /// The stored measure's code, exactly as written (BV9, ECH-Rep4).
    #[arg(long, value_name = "CODE", requires = "council")]
    pub measure: Option<MeasureCode>,
    /// A stored measure's first period to chart; a period of any length (2019/20 starts at April 2019).
    #[arg(long, value_name = "PERIOD", value_parser = crate::parse_period, requires = "council")]
    pub from: Option<Period>,
    /// A stored measure's last period to chart; a period of any length (2020/21 ends at March 2021).
    #[arg(long, value_name = "PERIOD", value_parser = crate::parse_period, requires = "council")]
    pub to: Option<Period>,
    /// Which way is better: increase, decrease or neutral. Default: increase for --values; the measure's
    /// polarity (higher, lower, none) for a stored measure.
    #[arg(long, value_name = "increase|decrease|neutral")]
    pub improvement: Option<ImprovementDirection>,
    /// The target the assurance icon is read against. Default: none for --values; for a stored measure,
    /// its target for the latest period charted, if it has one.
    #[arg(long, value_name = "NUMBER", allow_hyphen_values = true, value_parser = parse_target)]
    pub target: Option<Decimal>,
    /// Points in a row all above, or all below, the mean that make a shift: 7 (MDC's SQL tool up to v2.5,
    /// NHSRplotthedots) or 6 (MDC's SQL tool since v2.6).
    #[arg(long, value_name = "6|7", default_value_t = Settings::default().shift_length)]
    pub shift_length: usize,
    /// Points in a row, each higher (or each lower) than the one before, that make a trend: 7 or 6.
    #[arg(long, value_name = "6|7", default_value_t = Settings::default().trend_length)]
    pub trend_length: usize,
    /// Screen the moving ranges: leave out those at or above 3.267 times their mean, then take the mean
    /// moving range again (off by default, as in the MDC Excel tool).
    #[arg(long)]
    pub screen: bool,
    /// For the two-of-three rule, count only points between the two-sigma line and the process limit
    /// (NHSRplotthedots; MDC before v2.6). By default a point beyond the process limit counts too (MDC v2.6).
    #[arg(long)]
    pub two_of_three_within_limits: bool,
    /// Fix the baseline: each segment's limits come from its first N values (gaps skipped) and are held
    /// for the rest of it.
    #[arg(long, value_name = "N")]
    pub baseline: Option<usize>,
    /// Where a recorded process change starts a new segment with its own limits (repeatable). With
    /// --values, the index of its first value, counting from 0 as the JSON's `index` does; for a stored
    /// measure, its first period (2021/22-Q1), and those given replace the measure's recorded process
    /// changes (by default the recorded ones start the segments).
    #[arg(long = "process-change", value_name = "INDEX|PERIOD")]
    pub process_changes: Vec<String>,
    #[arg(long, value_enum, default_value_t = SpcFormat::Text)]
    pub format: SpcFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpcFormat {
    /// For people: the settings, the limits per segment, a table of points and the icons in words,
    /// figures rounded.
    Text,
    /// The analysis, every figure exact (decimals as strings); a stored measure's points with their period.
    Json,
}

/// `spc --values` needs no database.
pub fn values_only(args: &SpcArgs, out: &mut impl Write) -> Option<Result<(), String>> {
    let text = args.values.as_deref()?;
    Some(chart_values(args, text, out))
}

fn chart_values(args: &SpcArgs, text: &str, out: &mut impl Write) -> Result<(), String> {
    let values = parse_values(text)?;
    let mut process_changes = args
        .process_changes
        .iter()
        .map(|p| {
            p.trim().parse::<usize>().map_err(|_| {
                format!(
                    "--process-change \"{p}\" is not an index: give the index of the first value of the new segment, counting from 0"
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    process_changes.sort_unstable();
    let chart = Chart {
        values,
        improvement: args.improvement.unwrap_or(ImprovementDirection::Increase),
        target: args.target,
        process_changes,
    };
    let settings = settings(args);
    let analysis = chart.analyse(&settings).map_err(|e| explain(&e, &chart, &Series::Values))?;
    let scale = chart.values.iter().flatten().map(|v| v.normalize().scale()).max().unwrap_or(0);
    let places = u8::try_from(scale.min(8)).unwrap_or(8) + 2;
    let labels = Labels { series: &Series::Values, places };
    let origin = Origin {
        improvement: if args.improvement.is_some() { "given with --improvement" } else { "the default for --values" },
        target: if args.target.is_some() { TargetFrom::Given } else { TargetFrom::None(None) },
    };
    match args.format {
        SpcFormat::Json => output::json(out, &analysis),
        SpcFormat::Text => text_output(out, &analysis, &labels, &origin),
    }
    Ok(())
}

/// A stored measure's chart.
pub async fn run(store: &dyn Store, args: SpcArgs, out: &mut impl Write) -> Result<(), String> {
    let (Some(council), Some(code)) = (&args.council, &args.measure) else {
        return Err("give --values V1,V2,... or --council SLUG --measure CODE".into());
    };
    let actor = outturn_app::actor::Actor::command("outturn spc");
    let series = measure_series(store, &actor, council, code, args.from, args.to, outturn_core::AsOf::now())
        .await
        .map_err(|e| e.to_string())?;
    let stored = Series::Stored(&series);
    if series.periods.is_empty() {
        return Err(format!(
            "{} has no results recorded{}: an SPC chart needs at least two values",
            series.measure.code,
            range_words(args.from, args.to)
        ));
    }
    let mut process_changes = args
        .process_changes
        .iter()
        .map(|p| {
            let period = Period::parse(p).map_err(|e| format!("--process-change: {e}"))?;
            series.periods.iter().position(|s| s.period == period).ok_or_else(|| {
                format!("--process-change {period} is not one of the periods charted ({})", stored.span())
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    process_changes.sort_unstable();
    let mut chart = series.chart();
    chart.improvement = args.improvement.unwrap_or(chart.improvement);
    chart.target = args.target.or(chart.target);
    // Those given on the command line replace the measure's recorded ones.
    if !args.process_changes.is_empty() {
        chart.process_changes = process_changes;
    }
    let analysis = chart.analyse(&settings(&args)).map_err(|e| explain(&e, &chart, &stored))?;
    let labels = Labels { series: &stored, places: series.measure.decimals.saturating_add(2) };
    let origin = Origin {
        improvement: if args.improvement.is_some() { "given with --improvement" } else { "the measure's polarity" },
        target: match (args.target, &series.target) {
            (Some(_), _) => TargetFrom::Given,
            (None, Some(t)) => TargetFrom::Measure(t.set_for),
            (None, None) => TargetFrom::None(series.target_note.clone()),
        },
    };
    match args.format {
        SpcFormat::Json => output::json(out, &stored_json(&analysis, &series, &origin.target)),
        SpcFormat::Text => text_output(out, &analysis, &labels, &origin),
    }
    Ok(())
}

fn settings(args: &SpcArgs) -> Settings {
    Settings {
        shift_length: args.shift_length,
        trend_length: args.trend_length,
        screen_moving_ranges: args.screen,
        two_of_three_counts_beyond_limits: !args.two_of_three_within_limits,
        fixed_baseline: args.baseline,
    }
}

/// Splits `--values` at commas; an empty item is a missing period.
fn parse_values(text: &str) -> Result<Vec<Option<Decimal>>, String> {
    if text.trim().is_empty() {
        return Err("--values is empty: give the values separated by commas, such as --values 12,15.5,,14".into());
    }
    text.split(',')
        .enumerate()
        .map(|(i, item)| {
            let item = item.trim();
            if item.is_empty() {
                return Ok(None);
            }
            number(item).map(Some).map_err(|why| {
                format!(
                    "--values item {} (\"{item}\") {why}: write numbers such as 12 or -3.5, separated by commas, and leave an item empty for a missing period",
                    i + 1
                )
            })
        })
        .collect()
}

fn parse_target(text: &str) -> Result<Decimal, String> {
    number(text.trim()).map_err(|why| format!("\"{text}\" {why}"))
}

/// A plain decimal number: digits with an optional sign and point (no
/// exponent, no thousands separators), or why not.
fn number(text: &str) -> Result<Decimal, &'static str> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let plain = digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && digits.bytes().any(|b| b.is_ascii_digit());
    if !plain {
        return Err("is not a number");
    }
    text.parse().map_err(|_| "has too many digits to compute with exactly (at most 28)")
}

/// What is charted: values given, or a stored measure.
enum Series<'a> {
    Values,
    Stored(&'a MeasureSeries),
}

impl Series<'_> {
    /// How a point is named: its index, or its period.
    fn point(&self, index: usize) -> String {
        match self {
            Series::Values => index.to_string(),
            Series::Stored(s) => s.periods.get(index).map_or_else(|| index.to_string(), |p| p.period.to_string()),
        }
    }
    /// The stretch from index `first` to index `last`.
    fn stretch(&self, first: usize, last: usize) -> String {
        match self {
            Series::Values => format!("{first} to {last}"),
            Series::Stored(_) => format!("{} to {}", self.point(first), self.point(last)),
        }
    }
    /// Every period charted, in words.
    fn span(&self) -> String {
        match self {
            Series::Values => String::new(),
            Series::Stored(s) => self.stretch(0, s.periods.len().saturating_sub(1)),
        }
    }
    /// "--values has …", or "NI156 has … from 2019/20-Q1 to 2020/21-Q2".
    fn has(&self, what: &str) -> String {
        match self {
            Series::Values => format!("--values has {what}"),
            Series::Stored(s) => format!("{} has {what} from {}", s.measure.code, self.span()),
        }
    }
    fn source(&self) -> String {
        match self {
            Series::Values => "--values".to_string(),
            Series::Stored(s) => s.measure.code.to_string(),
        }
    }
}

fn range_words(from: Option<Period>, to: Option<Period>) -> String {
    match (from, to) {
        (None, None) => String::new(),
        (Some(f), None) => format!(" from {f}"),
        (None, Some(t)) => format!(" up to {t}"),
        (Some(f), Some(t)) => format!(" from {f} to {t}"),
    }
}

/// Core's error, said of what the reader gave: the whole series when there
/// is one segment, periods for a stored measure.
fn explain(e: &SpcError, chart: &Chart, series: &Series) -> String {
    let one_segment = chart.process_changes.is_empty();
    let missing = chart.values.iter().filter(|v| v.is_none()).count();
    let source = series.source();
    // Core counts values from 1 in its messages.
    let periods = |first: usize, last: usize| match series {
        Series::Values => String::new(),
        Series::Stored(_) => format!(" (values {first} to {last} are {})", series.stretch(first - 1, last - 1)),
    };
    match *e {
        SpcError::TooFewValues { present, .. } if one_segment => format!(
            "{} ({missing} missing): an SPC chart needs at least two values to compute a mean and limits",
            series.has(&format!("{present} value{}", if present == 1 { "" } else { "s" }))
        ),
        SpcError::NoMovingRange { .. } if one_segment => format!(
            "{}, so no moving range: limits need at least one (a moving range is never taken across a missing period)",
            series.has("no two values in consecutive periods")
        ),
        SpcError::TooFewValues { first, last, .. }
        | SpcError::NoMovingRange { first, last, .. }
        | SpcError::TooLarge { first, last, .. } => format!("{source}: {e}{}", periods(first, last)),
        SpcError::ShiftLength(_) => format!("--shift-length: {e}"),
        SpcError::TrendLength(_) => format!("--trend-length: {e}"),
        SpcError::BaselineTooShort(_) => format!("--baseline: {e}"),
        SpcError::ProcessChangeOutOfRange { .. } | SpcError::ProcessChangesOutOfOrder { .. } => {
            format!("--process-change: {e}")
        }
        SpcError::NoValues => format!("{source}: {e}"),
    }
}

/// Where the direction of improvement and the target came from.
struct Origin {
    improvement: &'static str,
    target: TargetFrom,
}

/// Where the target came from.
enum TargetFrom {
    Given,
    Measure(Period),
    /// No target: the measure has none for the latest period, or (the note)
    /// it has one that cannot be used.
    None(Option<String>),
}

struct Labels<'a> {
    series: &'a Series<'a>,
    /// Decimal places the lines are shown to: two more than the values'.
    places: u8,
}

impl Labels<'_> {
    /// A value as given (with --values: every place it has; a stored
    /// measure's: its display places and unit).
    fn value(&self, v: Decimal) -> String {
        match self.series {
            // A plain number, thousands grouped, as the measures' figures are.
            Series::Values => Unit::Score.format(v, 28),
            Series::Stored(s) => s.measure.format_figure(v),
        }
    }
    /// A line or a moving range, rounded for display.
    fn line(&self, v: Decimal) -> String {
        match self.series {
            Series::Values => Unit::Score.format(v, self.places),
            Series::Stored(s) => s.measure.unit.format(v, self.places),
        }
    }
}

fn text_output(out: &mut impl Write, a: &Analysis, labels: &Labels, origin: &Origin) {
    let series = labels.series;
    let present = a.points.iter().filter(|p| p.value.is_some()).count();
    let missing = a.points.len() - present;
    match series {
        Series::Values => {
            let _ = writeln!(out, "SPC (XmR) chart of {present} values ({missing} missing)");
        }
        Series::Stored(s) => {
            let _ = writeln!(
                out,
                "SPC (XmR) chart of {} {}: {} ({}, {present} values, {missing} missing)",
                s.council.name,
                s.measure.code,
                s.measure.title,
                series.span()
            );
            let _ = writeln!(out, "Each period's own figure, {}.", format!("{:?}", s.measure.frequency).to_lowercase());
        }
    }
    let _ = writeln!(out, "{} ({}).", a.improvement.description(), origin.improvement);
    let target = match (a.target, &origin.target) {
        (None, _) => "none".to_string(),
        (Some(t), TargetFrom::Measure(p)) => format!("{} (the measure's target for {p})", labels.value(t)),
        (Some(t), _) => format!("{} (given with --target)", labels.value(t)),
    };
    let _ = writeln!(out, "Target: {target}");
    if let TargetFrom::None(Some(note)) = &origin.target {
        let _ = writeln!(out, "  {note}: give --target to read the assurance icon against one.");
    }
    let s = &a.settings;
    let _ = writeln!(out, "\nSettings");
    let _ = writeln!(out, "  Shift: {} points in a row all above, or all below, the mean", s.shift_length);
    let _ =
        writeln!(out, "  Trend: {} points in a row each higher, or each lower, than the one before", s.trend_length);
    let screening = if s.screen_moving_ranges {
        let excluded: usize = a.segments.iter().map(|g| g.limits.excluded_moving_ranges).sum();
        format!(
            "applied: moving ranges at or above 3.267 times their mean left out ({excluded} left out), the mean moving range taken again"
        )
    } else {
        "not applied: every moving range kept (as the MDC Excel tool)".to_string()
    };
    let _ = writeln!(out, "  Screening: {screening}");
    let two_of_three = if s.two_of_three_counts_beyond_limits {
        "points beyond the two-sigma line count, those beyond the process limit too (MDC v2.6)"
    } else {
        "only points between the two-sigma line and the process limit count (NHSRplotthedots; MDC before v2.6)"
    };
    let _ = writeln!(out, "  Two of three: {two_of_three}");
    let baseline = match s.fixed_baseline {
        None => "every value of each segment".to_string(),
        Some(n) => format!("fixed: each segment's first {n} values, the limits then held"),
    };
    let _ = writeln!(out, "  Limits from: {baseline}");
    let changes = if a.segments.len() < 2 {
        "none".to_string()
    } else {
        a.segments.iter().skip(1).map(|g| series.point(g.start)).collect::<Vec<_>>().join(", ")
    };
    let _ = writeln!(out, "  Process changes: {changes}");

    let _ = writeln!(out, "\nLimits (rounded; --format json gives them exactly)");
    let rows: Vec<Vec<String>> = a
        .segments
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let l = &g.limits;
            let mut note = if l.trial {
                format!("trial limits (fewer than {STABLE_LIMIT_VALUES} values)")
            } else {
                "stable limits".to_string()
            };
            if l.screened {
                note.push_str(&format!(", {} moving range(s) screened out", l.excluded_moving_ranges));
            }
            vec![
                (i + 1).to_string(),
                series.stretch(g.start, g.end.saturating_sub(1)),
                g.values.to_string(),
                labels.line(l.mean),
                labels.line(l.lower_limit),
                labels.line(l.upper_limit),
                labels.line(l.lower_two_sigma),
                labels.line(l.upper_two_sigma),
                labels.line(l.mean_moving_range),
                note,
            ]
        })
        .collect();
    let stretch = if matches!(series, Series::Values) { "Index" } else { "Periods" };
    table::print(
        out,
        &[
            col("Segment"),
            col(stretch),
            num("Values"),
            num("Mean"),
            num("Lower limit"),
            num("Upper limit"),
            num("Lower two-sigma"),
            num("Upper two-sigma"),
            num("Mean moving range"),
            wide("Note"),
        ],
        &rows,
    );

    let _ = writeln!(out);
    let gap = |index: usize| match series {
        Series::Values => "missing period (a gap)".to_string(),
        Series::Stored(s) => s.periods.get(index).and_then(|p| p.gap.clone()).unwrap_or_else(|| "missing".into()),
    };
    let rows: Vec<Vec<String>> = a
        .points
        .iter()
        .map(|p| {
            let mut row = vec![series.point(p.index)];
            if a.segments.len() > 1 {
                row.push((p.segment + 1).to_string());
            }
            row.extend(match p.value {
                None => vec!["-".to_string(), String::new(), String::new(), String::new(), gap(p.index)],
                Some(v) => vec![
                    labels.value(v),
                    p.moving_range.map(|m| labels.line(m)).unwrap_or_default(),
                    p.special_cause.iter().map(|r: &Rule| r.label()).collect::<Vec<_>>().join(", "),
                    p.variation.map(|v| VariationIcon::of(v, p.side).label()).unwrap_or_default().to_string(),
                    String::new(),
                ],
            });
            if missing == 0 {
                row.pop();
            }
            row
        })
        .collect();
    let mut columns = vec![col(if matches!(series, Series::Values) { "Index" } else { "Period" })];
    if a.segments.len() > 1 {
        columns.push(num("Segment"));
    }
    columns.extend([num("Value"), num("Moving range"), col("Special cause"), col("Variation")]);
    if missing > 0 {
        columns.push(wide("Note"));
    }
    table::print(out, &columns, &rows);

    let _ = writeln!(out, "\nVariation icon: {}", a.variation_icon.description());
    let assurance = match a.assurance_icon {
        Some(icon) => icon.description(),
        None => AssuranceIcon::none_description(a.target),
    };
    let _ = writeln!(out, "Assurance icon: {assurance}");
}

/// The analysis as JSON, each point with its period, and the measure it is of.
fn stored_json(a: &Analysis, series: &MeasureSeries, target_from: &TargetFrom) -> Value {
    let (target_period, note) = match target_from {
        TargetFrom::Measure(p) => (Some(*p), None),
        TargetFrom::Given | TargetFrom::None(None) => (None, None),
        TargetFrom::None(Some(note)) => (None, Some(note.as_str())),
    };
    outturn_app::statuses::spc::stored_json(a, series, target_period, note)
}
