//! The compendium: every measure due in the period as an Excel workbook, for
//! officers to sort, filter and pivot. One sheet "All measures" (a row per
//! measure, with its summary group as a column, so a single autofilter and
//! sort covers the whole framework) after an "About" sheet saying what the
//! workbook is and the status counts per group.
//!
//! Figures come from `outturn_app::statuses::status_report` and are written as numbers,
//! exactly as stored; only the cell's number format (from the measure's unit
//! and decimals) decides how they are shown.

use outturn_app::actor::Actor;
use outturn_app::statuses::status_report::StatusReport;
use outturn_core::{Decimal, Key, Measure, Period, Status, Unit};
use outturn_store::Store;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::common::{self, Facts};
use crate::{ReportError, Settings};

/// The columns of the "All measures" sheet, with their widths in characters.
const COLUMNS: [(&str, f64); 14] = [
    ("Code", 10.0),
    ("Title", 50.0),
    ("Group", 18.0),
    ("Owner", 30.0),
    ("Period", 11.0),
    ("Unit", 12.0),
    ("Target", 12.0),
    ("Result", 12.0),
    ("Variance", 12.0),
    ("Status", 13.0),
    ("Direction", 15.0),
    ("Direction last year", 19.0),
    ("Missing reason", 40.0),
    ("Commentary", 80.0),
];

/// The compendium of a council's measures due in a period, as the bytes of
/// an .xlsx file. `generated_at` is shown on the About sheet.
pub async fn compendium(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    period: Period,
    settings: &Settings,
    generated_at: jiff::Timestamp,
) -> Result<Vec<u8>, ReportError> {
    let facts = common::facts(store, actor, council, period, settings).await?;
    build(&facts, generated_at).map_err(|e| ReportError::Workbook(e.to_string()))
}

fn build(facts: &Facts, generated_at: jiff::Timestamp) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.push_worksheet(about(&facts.status, generated_at)?);
    workbook.push_worksheet(measures(facts)?);
    workbook.save_to_buffer()
}

fn bold() -> Format {
    Format::new().set_bold()
}

fn about(s: &StatusReport, generated_at: jiff::Timestamp) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name("About")?;
    let title = format!("Compendium of measures: {}, {} ({})", s.council_name, s.period_description, s.period);
    sheet.write_string_with_format(0, 0, title, &bold())?;
    if let Some(notice) = &s.council_notice {
        sheet.write_string_with_format(1, 0, notice, &bold())?;
    }
    let as_recorded = s.as_of.map_or_else(
        || "as recorded when the workbook was generated".to_string(),
        |d| format!("as recorded at the end of {}", d.strftime("%-d %B %Y")),
    );
    let lines = [
        ("Council", s.council_name.clone()),
        ("Period", format!("{} ({})", s.period_description, s.period)),
        ("Figures", as_recorded),
        ("Generated at", generated_at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()),
        ("Measures", s.measures.len().to_string()),
    ];
    for (row, (label, value)) in (2u32..).zip(&lines) {
        sheet.write_string_with_format(row, 0, *label, &bold())?;
        sheet.write_string(row, 1, value)?;
    }
    let header = 2 + lines.len() as u32 + 1;
    // In the council's words; Exceeded only where a measure is Exceeded.
    let exceeded = s.summary.iter().any(|g| g.summary.exceeded > 0);
    let counted = [
        Status::Exceeded,
        Status::Green,
        Status::Amber,
        Status::Red,
        Status::Missing,
        Status::NoTarget,
        Status::InformationOnly,
    ];
    let counted: Vec<Status> = counted.into_iter().filter(|st| exceeded || *st != Status::Exceeded).collect();
    let mut columns = vec!["Group".to_string(), "Reported".to_string()];
    columns.extend(counted.iter().map(|st| s.labels.label(*st).to_string()));
    for (col, name) in (0u16..).zip(&columns) {
        sheet.write_string_with_format(header, col, name, &bold())?;
    }
    for (row, group) in (header + 1..).zip(&s.summary) {
        let g = &group.summary;
        sheet.write_string(row, 0, &g.label)?;
        let counts = std::iter::once(g.reported).chain(counted.iter().map(|st| g.count_of(*st)));
        for (col, n) in (1u16..).zip(counts) {
            sheet.write_number(row, col, n as f64)?;
        }
    }
    let mut note = header + 1 + s.summary.len() as u32 + 1;
    let missing = s.labels.label(Status::Missing);
    for group in &s.summary {
        for m in &group.summary.missing_measures {
            let text = format!("{missing} ({}): {}: {} ({})", group.summary.label, m.code, m.title, m.reason);
            sheet.write_string(note, 0, text)?;
            note += 1;
        }
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 60)?;
    for col in 2..columns.len() as u16 {
        sheet.set_column_width(col, 14)?;
    }
    Ok(sheet)
}

fn measures(facts: &Facts) -> Result<Worksheet, XlsxError> {
    let s = &facts.status;
    let mut sheet = Worksheet::new();
    sheet.set_name("All measures")?;
    let header = bold().set_text_wrap().set_align(FormatAlign::Top);
    for (col, (name, width)) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(0, col, name, &header)?;
        sheet.set_column_width(col, width)?;
    }
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    for (row, m) in (1u32..).zip(&s.measures) {
        let measure = facts.council.measures.iter().find(|d| d.code.to_string() == m.code);
        let number = number_format(measure).set_align(FormatAlign::Top);
        let status = m.status_words();
        let texts: [(u16, Option<&str>, &Format); 9] = [
            (0, Some(&m.code), &top),
            (1, Some(&m.title), &wrap),
            (2, m.group.as_deref(), &top),
            (3, Some(&m.owner), &wrap),
            (5, Some(&m.unit), &top),
            (9, Some(status.as_str()), &top),
            (10, Some(m.direction.label()), &top),
            (12, m.missing_reason.as_deref(), &wrap),
            (13, m.commentary.as_deref(), &wrap),
        ];
        for (col, text, format) in texts {
            if let Some(text) = text {
                sheet.write_string_with_format(row, col, text, format)?;
            }
        }
        sheet.write_string_with_format(row, 4, m.period.to_string(), &top)?;
        sheet.write_string_with_format(row, 11, m.direction_last_year.label(), &top)?;
        for (col, value) in [(6u16, m.target), (7, m.result), (8, m.variance)] {
            if let Some(value) = value.and_then(as_number) {
                sheet.write_number_with_format(row, col, value, &number)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = s.measures.len().max(1) as u32;
    sheet.autofilter(0, 0, last_row, COLUMNS.len() as u16 - 1)?;
    Ok(sheet)
}

/// The stored figure as the nearest double: through its decimal text, so a
/// stored 59.9 is the same number a spreadsheet reads from "59.9".
fn as_number(value: Decimal) -> Option<f64> {
    value.normalize().to_string().parse().ok()
}

/// The Excel number format showing a measure's figures as `format_figure`
/// does: its decimals, thousands grouped, and its unit ("59.9%", "£224,901").
fn number_format(measure: Option<&Measure>) -> Format {
    let Some(measure) = measure else {
        return Format::new().set_num_format("General");
    };
    let places =
        if measure.decimals > 0 { format!(".{}", "0".repeat(usize::from(measure.decimals))) } else { String::new() };
    let number = format!("#,##0{places}");
    let code = match measure.unit {
        Unit::Percentage => format!("{number}\"%\""),
        Unit::Money => format!("\"£\"{number}"),
        Unit::Days => format!("{number}\" days\""),
        Unit::Rate { per } => format!("{number}\" per {}\"", group_digits(per)),
        _ => number,
    };
    Format::new().set_num_format(code)
}

/// 1000 as "1,000", for the words of a rate's format.
fn group_digits(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
