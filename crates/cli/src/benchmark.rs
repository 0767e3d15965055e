//! `outturn benchmark`: where a stored measure's figure stands among other
//! councils' in each of the council's comparison groups (quartile, rank,
//! median, gaps, direction of travel), from the comparator data its
//! framework file loads. Core computes the comparison
//! (`outturn_core::benchmark`) and the app reads it
//! (`outturn_app::statuses::benchmark`); this prints it as text or JSON.

use std::io::Write;

use clap::{Args, ValueEnum};
use outturn_app::statuses::benchmark::{GroupBenchmark, INCLUSION_RULE, MeasureBenchmark, measure_benchmark};
use outturn_core::benchmark::QUANTILE_METHOD;
use outturn_core::{Key, MeasureCode, Period, Polarity};
use outturn_store::Store;

use crate::output::{
    self,
    table::{self, col, num},
};

#[derive(Args)]
#[command(after_help = "Examples:\n  \
    outturn benchmark --council example-borough --measure EB-CT01\n  \
    outturn benchmark --council example-borough --measure EB-CT01 --period 2022/23 --format json\n\n\
    The comparator data and the comparison groups come from the framework file's [data] benchmarks and \
    comparison_groups (see docs/benchmarking.md). Without --period, the latest period in which the council has \
    a value is compared. Quartiles are by linear interpolation (Hyndman and Fan's definition 7, as R's default \
    and Excel's QUARTILE.INC); rank 1 is the best by the measure's polarity, tied areas sharing the best rank. \
    Figures are rounded to the measure's places for the text output; --format json gives every figure exactly.")]
pub struct BenchmarkArgs {
    /// The council's slug, such as example-borough.
    #[arg(long, value_name = "SLUG")]
    pub council: Key,
    /// The measure's code, exactly as written (BV9, EB-CT01).
    #[arg(long, value_name = "CODE")]
    pub measure: MeasureCode,
    /// The period of the comparator data to compare (2020/21); the latest the council has a value in when left out.
    #[arg(long, value_name = "PERIOD", value_parser = crate::parse_period)]
    pub period: Option<Period>,
    #[arg(long, value_enum, default_value_t = BenchmarkFormat::Text)]
    pub format: BenchmarkFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchmarkFormat {
    /// For people: each group's quartile, rank, median, gaps and direction of travel, and its areas ranked.
    Text,
    /// Every figure exact (decimals as strings), each area with its name and rank.
    Json,
}

pub async fn run(store: &dyn Store, args: BenchmarkArgs, out: &mut impl Write) -> Result<(), String> {
    let actor = outturn_app::actor::Actor::command("outturn benchmark");
    let compared = measure_benchmark(store, &actor, &args.council, &args.measure, args.period)
        .await
        .map_err(|e| e.to_string())?
        .map_err(|why| why.to_string())?;
    match args.format {
        BenchmarkFormat::Json => output::json(out, &compared.json()),
        BenchmarkFormat::Text => text(out, &compared),
    }
    Ok(())
}

fn text(out: &mut impl Write, b: &MeasureBenchmark) {
    let council = b.area_name(&b.area_code);
    let _ = writeln!(out, "Benchmarks of {} {}: {}", b.council.name, b.measure.code, b.measure.title);
    let _ = writeln!(
        out,
        "Metric {} for {}, against {}; the council is area {} ({council}).",
        b.metric, b.period, b.last_year, b.area_code
    );
    let polarity = match b.polarity() {
        Polarity::Higher => "Higher is better.",
        Polarity::Lower => "Lower is better.",
        Polarity::None => "Information only: quarters and ranks run from the highest, neither better nor worse.",
    };
    let _ = writeln!(out, "{polarity}");
    let _ = writeln!(out, "Method: {QUANTILE_METHOD}; {INCLUSION_RULE}.");
    let others: Vec<String> = b.periods.iter().filter(|p| **p != b.period).map(Period::to_string).collect();
    if !others.is_empty() {
        let _ = writeln!(out, "Other periods with data: {}.", others.join(", "));
    }
    for group in &b.groups {
        let _ = writeln!(out);
        group_text(out, b, group, council);
    }
}

fn group_text(out: &mut impl Write, b: &MeasureBenchmark, group: &GroupBenchmark, council: &str) {
    let r = &group.benchmark;
    let polarity = b.polarity();
    let missing = if r.missing.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = r.missing.iter().map(|a| b.area_name(a)).collect();
        format!(" (no value: {})", names.join(", "))
    };
    let _ = writeln!(out, "{}: {} areas, {} with a value{missing}", group.name, r.listed, r.compared);
    let Some(q) = r.quartiles else {
        let _ = writeln!(out, "  No area has a value for {}: nothing to compare.", b.period);
        return;
    };
    match &r.position {
        Some(p) => {
            let _ = writeln!(
                out,
                "  {council}: {}, {}, {}",
                b.figure(p.value),
                p.quartile.label(polarity),
                p.rank.describe(polarity)
            );
            let _ = writeln!(out, "  Median {}: {} it", b.figure(q.median), b.gap_words(p.gap_to_median));
            let edge = match polarity {
                Polarity::None => "Upper quartile",
                _ => "Top quartile from",
            };
            let _ = writeln!(
                out,
                "  {edge} {}: {} it",
                b.figure(q.top_boundary(polarity)),
                b.gap_words(p.gap_to_top_quartile)
            );
        }
        None => {
            let _ = writeln!(out, "  {council}: no value for {}", b.period);
            let _ = writeln!(out, "  Median {}", b.figure(q.median));
        }
    }
    let _ = writeln!(
        out,
        "  Quartiles: lower {}, median {}, upper {}; range {} to {}",
        b.figure(q.lower),
        b.figure(q.median),
        b.figure(q.upper),
        b.figure(q.lowest),
        b.figure(q.highest)
    );
    let _ = writeln!(
        out,
        "  Since {}: the council {}; the median {}",
        b.last_year,
        b.travel_words(r.council_travel, r.last_year.council),
        b.travel_words(r.median_travel, r.last_year.median),
    );
    let rows: Vec<Vec<String>> = r
        .areas
        .iter()
        .map(|a| {
            vec![
                a.rank.map_or("-".to_string(), |n| n.to_string()),
                a.area.clone(),
                b.area_name(&a.area).to_string(),
                a.value.map_or("no value".to_string(), |v| b.figure(v)),
                if a.council { "the council".to_string() } else { String::new() },
            ]
        })
        .collect();
    let mut buffer = Vec::new();
    table::print(&mut buffer, &[num("rank"), col("area"), col("name"), num("value"), col("")], &rows);
    for line in String::from_utf8_lossy(&buffer).lines() {
        let _ = writeln!(out, "  {line}");
    }
}
