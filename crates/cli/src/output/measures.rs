//! Measures as a list, and one measure in full.

use std::io::Write;

use outturn_app::statuses::measures_query::MeasureDetail;
use outturn_core::{Polarity, ResultValue};

use super::table::{self, col};

pub fn list(out: &mut impl Write, measures: &[MeasureDetail]) {
    let rows: Vec<Vec<String>> = measures
        .iter()
        .map(|d| {
            let m = &d.measure;
            vec![
                m.code.to_string(),
                m.title.clone(),
                d.owner_name.clone(),
                m.unit.name(),
                format!("{:?}", m.frequency).to_lowercase(),
                polarity(m.polarity).to_string(),
                m.retired_from.map(|r| format!("retired from {r}")).unwrap_or_default(),
            ]
        })
        .collect();
    table::print(
        out,
        &[col("Code"), col("Measure"), col("Owner"), col("Unit"), col("Frequency"), col("Better"), col("")],
        &rows,
    );
}

fn polarity(p: Polarity) -> &'static str {
    match p {
        Polarity::Higher => "higher",
        Polarity::Lower => "lower",
        Polarity::None => "information only",
    }
}

pub fn show(out: &mut impl Write, d: &MeasureDetail) {
    let m = &d.measure;
    let mut field = |name: &str, value: &str| {
        let _ = writeln!(out, "{name:<16}{value}");
    };
    field("Code", m.code.as_str());
    field("Title", &m.title);
    if let Some(def) = &m.definition {
        field("Definition", def);
    }
    field("Owner", &d.owner_name);
    if let Some(officer) = &m.officer {
        field("Officer", officer);
    }
    if !d.aligned_names.is_empty() {
        field("Aligned to", &d.aligned_names.join(", "));
    }
    field("Unit", &m.unit.name());
    field("Better", polarity(m.polarity));
    field("Frequency", &format!("{:?}", m.frequency).to_lowercase());
    field("Year to date", m.ytd.name());
    field("Status rule", &m.status_rule.describe());
    if let Some(from) = m.active_from {
        field("Active from", &from.to_string());
    }
    if let Some(retired) = m.retired_from {
        field("Retired from", &format!("{retired}: {}", m.retired_reason.as_deref().unwrap_or("")));
    }
    let _ = writeln!(out, "\nTarget revisions (in the order recorded)");
    let rows: Vec<Vec<String>> = d
        .targets
        .iter()
        .map(|t| {
            vec![
                t.period.to_string(),
                m.format_figure(t.value),
                t.effective.to_string(),
                t.reason.clone(),
                t.author.clone(),
            ]
        })
        .collect();
    table::print(out, &[col("Period"), col("Target"), col("Effective"), col("Reason"), col("By")], &rows);
    let _ = writeln!(out, "\nResults (in the order recorded; a later line for the same period is a correction)");
    let rows: Vec<Vec<String>> = d
        .results
        .iter()
        .map(|r| {
            let value = match &r.value {
                ResultValue::Figure(f) => {
                    let cumulative = if f.cumulative { " (year to date)" } else { "" };
                    format!("{}{cumulative}", m.format_figure(f.value))
                }
                ResultValue::Missing { reason } => format!("Missing: {reason}"),
                ResultValue::Narrative => "(commentary only)".to_string(),
            };
            vec![
                r.period.to_string(),
                value,
                r.recorded_at.to_string(),
                r.recorded_by.clone(),
                r.commentary.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table::print(out, &[col("Period"), col("Result"), col("Recorded"), col("By"), col("Commentary")], &rows);
}
