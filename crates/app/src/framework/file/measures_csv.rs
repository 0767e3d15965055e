//! A measures CSV: one measure definition per row, for councils whose
//! measure list lives in a spreadsheet. Each row is read by the framework
//! file's own rules (it is turned into the `[[measures]]` table it stands
//! for and checked by `definitions::read_measure`), so a measure means the
//! same whichever way it arrives; each problem names the row and column.

use std::collections::HashMap;

use outturn_core::{Framework, Measure};
use serde::Deserialize;

use super::definitions::read_measure;
use super::problem::{FileProblem, Problems};
use super::toml_model::MeasureToml;

/// The columns, in the documented order (docs/framework-file.md).
pub const MEASURE_COLUMNS: &[&str] = &[
    "code",
    "title",
    "definition",
    "owner",
    "officer",
    "aligned",
    "tags",
    "unit",
    "rate_per",
    "decimals",
    "polarity",
    "frequency",
    "ytd",
    "ratio_scale",
    "status",
    "amber",
    "beyond",
    "active_from",
    "retired_from",
    "retired_reason",
    "green",
    "exceeded",
];

/// The columns every measures file must have.
pub const REQUIRED_MEASURE_COLUMNS: &[&str] =
    &["code", "title", "owner", "unit", "polarity", "frequency", "ytd", "status"];

/// Columns holding lists, separated by semicolons (`housing; homelessness`).
const LISTS: &[&str] = &["aligned", "tags"];
/// Columns holding whole numbers.
const WHOLE_NUMBERS: &[&str] = &["rate_per", "decimals"];

#[derive(Deserialize)]
struct OneMeasure {
    measures: Vec<MeasureToml>,
}

/// Reads and checks every row against the council's framework; every
/// problem is returned, not only the first.
pub fn read_measures(name: &str, text: &str, framework: &Framework) -> Result<Vec<Measure>, Vec<FileProblem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut found = Vec::new();
    let mut measures = Vec::new();
    let mut first_row: HashMap<String, usize> = HashMap::new();
    // A row may stop short of the header (a spreadsheet drops empty cells at
    // the end, and a file written before a column was added lacks it): the
    // cells it leaves out are empty.
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let problem = |line: Option<usize>, field: &str, value: Option<&str>, message: String| FileProblem {
        file: name.to_string(),
        line,
        field: field.to_string(),
        value: value.map(str::to_string),
        message,
    };
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
        Err(e) => return Err(vec![problem(Some(1), "header", None, format!("cannot read the header: {e}"))]),
    };
    for column in header.iter().filter(|c| !MEASURE_COLUMNS.contains(&c.as_str())) {
        let columns = MEASURE_COLUMNS.join(",");
        found.push(problem(Some(1), "header", None, format!("unknown column \"{column}\": the columns are {columns}")));
    }
    for column in REQUIRED_MEASURE_COLUMNS.iter().filter(|c| !header.iter().any(|h| h == *c)) {
        found.push(problem(Some(1), "header", None, format!("the column \"{column}\" is missing")));
    }
    if !found.is_empty() {
        return Err(found);
    }
    for record in reader.records() {
        let record = match record {
            Ok(mut r) => {
                crate::csv_cell::read_record(&mut r);
                r
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                found.push(problem(line, "row", None, format!("cannot read this row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.len() > header.len() {
            let message =
                format!("this row has {} cells, more than the header's {} columns", record.len(), header.len());
            found.push(problem(Some(line), "row", None, message));
            continue;
        }
        let cells: Vec<(&str, &str)> = header
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.as_str(), v.trim()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let forbidden: Vec<(&str, char)> =
            cells.iter().filter_map(|(h, v)| outturn_core::text::forbidden_character(v).map(|c| (*h, c))).collect();
        if !forbidden.is_empty() {
            let message = |c| outturn_core::text::forbidden_message(c);
            found.extend(forbidden.into_iter().map(|(h, c)| problem(Some(line), h, Some(""), message(c))));
            continue;
        }
        let cell = |column: &str| cells.iter().find(|(h, _)| *h == column).map(|(_, v)| *v);
        let empty: Vec<&str> = REQUIRED_MEASURE_COLUMNS.iter().copied().filter(|c| cell(c).is_none()).collect();
        if !empty.is_empty() {
            found.extend(empty.iter().map(|c| problem(Some(line), c, Some(""), "must not be empty".into())));
            continue;
        }
        let table = match as_toml(&cells) {
            Ok(table) => table,
            Err((column, message)) => {
                found.push(problem(Some(line), column, cell(column), message));
                continue;
            }
        };
        // The row as the [[measures]] table it stands for, read by the framework file's rules.
        let toml_text = toml::to_string(&toml::Table::from_iter([(
            "measures".to_string(),
            toml::Value::Array(vec![toml::Value::Table(table)]),
        )]))
        .expect("a table of strings and numbers serialises");
        let mut problems = Problems::new(name, &toml_text);
        let measure = match toml::from_str::<OneMeasure>(&toml_text) {
            Ok(one) => read_measure(&mut problems, 0, &one.measures[0], framework, None),
            Err(e) => {
                problems.at_line(None, "row", e.message().trim().to_string());
                None
            }
        };
        for mut p in problems.found {
            p.line = Some(line);
            p.field = p.field.strip_prefix("measures[0].").unwrap_or(&p.field).to_string();
            // "status.amber" and the like are the amber column here, "status.beyond" the beyond
            // column, and so on.
            if ["status.beyond", "status.green", "status.exceeded"].contains(&p.field.as_str()) {
                p.field = p.field["status.".len()..].to_string();
            } else if p.field.starts_with("status.") {
                p.field = "amber".into();
            }
            p.value = cell(&p.field).map(str::to_string);
            found.push(p);
        }
        if let Some(measure) = measure {
            match first_row.get(measure.code.as_str()) {
                Some(first) => found.push(problem(
                    Some(line),
                    "code",
                    Some(measure.code.as_str()),
                    format!("row {first} already defines {}: give each measure one row", measure.code),
                )),
                None => {
                    first_row.insert(measure.code.to_string(), line);
                    measures.push(measure);
                }
            }
        }
    }
    if found.is_empty() { Ok(measures) } else { Err(found) }
}

/// The row's cells as the TOML a framework file would give: lists split at
/// semicolons, whole numbers as integers, the status and amber columns as
/// the `status` table; or the column and what is wrong with it.
fn as_toml(cells: &[(&str, &str)]) -> Result<toml::Table, (&'static str, String)> {
    let mut table = toml::Table::new();
    let mut tolerance = None;
    let mut amber = None;
    let mut beyond = None;
    let mut green = None;
    let mut exceeded = None;
    for (column, value) in cells {
        let column = MEASURE_COLUMNS.iter().find(|c| *c == column).copied().unwrap_or("row");
        match column {
            "status" => tolerance = Some(*value),
            "amber" => amber = Some(*value),
            "beyond" => beyond = Some(*value),
            "green" => green = Some(*value),
            "exceeded" => exceeded = Some(*value),
            c if LISTS.contains(&c) => {
                let items = value.split(';').map(str::trim).filter(|i| !i.is_empty());
                table.insert(c.into(), toml::Value::Array(items.map(|i| i.to_string().into()).collect()));
            }
            c if WHOLE_NUMBERS.contains(&c) => {
                let number: i64 = value.parse().map_err(|_| (c, format!("\"{value}\" is not a whole number")))?;
                table.insert(c.into(), number.into());
            }
            c => {
                table.insert(c.into(), value.to_string().into());
            }
        }
    }
    if beyond.is_some() && matches!(tolerance, Some("none" | "threshold")) {
        return Err(("beyond", "beyond is only for the tolerances points, percent and absolute".into()));
    }
    if green.is_some() && matches!(tolerance, Some("none" | "threshold")) {
        return Err(("green", "green is only for bands in points, percent or absolute".into()));
    }
    if exceeded.is_some() && green.is_none() {
        return Err(("exceeded", "exceeded is only for bands: give green too".into()));
    }
    let status = match (tolerance, amber) {
        (Some("none"), None) => toml::Value::String("none".into()),
        (Some("threshold"), None) => toml::Value::Table(toml::Table::from_iter([("threshold".into(), true.into())])),
        (Some(kind @ ("points" | "percent" | "absolute")), Some(amber)) => {
            let mut rule = toml::Table::from_iter([
                ("tolerance".to_string(), toml::Value::String(kind.into())),
                ("amber".to_string(), toml::Value::String(amber.into())),
            ]);
            if let Some(beyond) = beyond {
                rule.insert("beyond".into(), toml::Value::String(beyond.into()));
            }
            if let Some(green) = green {
                rule.insert("green".into(), toml::Value::String(green.into()));
            }
            if let Some(exceeded) = exceeded {
                rule.insert("exceeded".into(), toml::Value::String(exceeded.into()));
            }
            toml::Value::Table(rule)
        }
        (Some("points" | "percent" | "absolute"), None) => {
            return Err(("amber", "a tolerance needs the amber column: how far short is still Amber (2)".into()));
        }
        (Some("none" | "threshold"), Some(_)) => {
            return Err(("amber", "amber is only for the tolerances points, percent and absolute".into()));
        }
        (Some(other), _) => {
            return Err((
                "status",
                format!("\"{other}\" is not a status rule: use none, threshold, points, percent or absolute"),
            ));
        }
        (None, _) => return Err(("status", "must not be empty".into())),
    };
    table.insert("status".into(), status);
    Ok(table)
}
