//! The status report as a terminal table or as CSV.

use std::io::Write;

use outturn_app::statuses::status_report::StatusReport;
use outturn_core::Summary;

use super::table::{self, col, num, wide};

pub fn table(out: &mut impl Write, report: &StatusReport) {
    let as_of = report.as_of.map_or_else(|| "as recorded now".to_string(), |d| format!("as recorded on {d}"));
    let _ = writeln!(out, "{} — {} ({}), {as_of}\n", report.council_name, report.period, report.period_description);
    let rows: Vec<Vec<String>> = report
        .measures
        .iter()
        .map(|m| {
            vec![
                m.code.clone(),
                m.title.clone(),
                m.group.clone().unwrap_or_default(),
                m.target_display.clone().unwrap_or_else(|| "-".into()),
                m.result_display.clone().unwrap_or_else(|| "-".into()),
                m.status_words(),
                m.direction.label().to_string(),
            ]
        })
        .collect();
    table::print(
        out,
        &[col("Code"), col("Measure"), col("Group"), num("Target"), num("Result"), col("Status"), col("Direction")],
        &rows,
    );
    let _ = writeln!(out);
    let rows: Vec<Vec<String>> = report
        .summary
        .iter()
        .map(|g| {
            let mut row = vec![g.summary.label.clone(), g.summary.reported.to_string()];
            row.extend(Summary::REPORTED.map(|s| g.summary.count_of(s).to_string()));
            row.push(match &g.change_since_previous {
                Some(c) => format!("{} since {}", c.description, c.period),
                None => format!("nothing recorded for {}", report.period.previous()),
            });
            row
        })
        .collect();
    let label = |s| report.labels.label(s);
    let mut columns = vec![col("Group"), num("Reported")];
    columns.extend(Summary::REPORTED.map(|s| num(label(s).to_string())));
    columns.push(col("Change"));
    // The Exceeded column only where a measure is Exceeded.
    let (columns, rows) = if report.summary.iter().any(|g| g.summary.exceeded > 0) {
        (columns, rows)
    } else {
        fn without<T>(mut row: Vec<T>) -> Vec<T> {
            row.remove(2);
            row
        }
        (without(columns), rows.into_iter().map(without).collect())
    };
    table::print(out, &columns, &rows);
    if !report.milestones.is_empty() {
        let _ = writeln!(out);
        let rows: Vec<Vec<String>> = report
            .milestones
            .iter()
            .map(|m| {
                vec![
                    m.title.clone(),
                    m.kind.clone(),
                    m.node.clone(),
                    m.status_label().unwrap_or_else(|| format!("no update for {}", report.period)),
                ]
            })
            .collect();
        table::print(out, &[col("Milestone"), col("Kind"), col("Under"), wide("Status")], &rows);
    }
    let missing: Vec<_> = report.summary.iter().flat_map(|g| &g.summary.missing_measures).collect();
    if !missing.is_empty() {
        let _ = writeln!(out, "\nMissing data:");
        for m in missing {
            let _ = writeln!(out, "  {}: {} — {}", m.code, m.title, m.reason);
        }
    }
}

pub fn csv(out: &mut impl Write, report: &StatusReport) {
    let _ = out.write_all(outturn_app::export::status_table(report).to_csv().as_bytes());
}
