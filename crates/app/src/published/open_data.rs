//! A council's published results as open data: one CSV with a CSV on the Web
//! metadata file describing it (W3C CSVW, as GOV.UK's guidance on publishing
//! tabular data recommends), and the same rows as JSON. One row per measure
//! and period, every figure exact as stored (never rounded for display),
//! each measure's rows under its stable page address.

use outturn_core::{Decimal, Frequency, Polarity};
use serde_json::{Value, json};

use super::{Published, PublishedMeasure, PublishedPoint};

/// The CSV's file name; the metadata's name is this with `-metadata.json`
/// after it, as CSVW's convention for finding one from the other.
pub const CSV_NAME: &str = "results.csv";
pub const METADATA_NAME: &str = "results.csv-metadata.json";
pub const JSON_NAME: &str = "results.json";

/// The licence published figures are offered under.
pub const LICENCE: &str = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";

/// One column: its name (the CSV header), datatype, whether every row has
/// it, and what it holds.
struct Column {
    name: &'static str,
    datatype: &'static str,
    required: bool,
    description: &'static str,
}

const COLUMNS: [Column; 14] = [
    Column {
        name: "measure_code",
        datatype: "string",
        required: true,
        description: "The measure's code, as in the council's reports",
    },
    Column { name: "measure_title", datatype: "string", required: true, description: "What the measure counts" },
    Column {
        name: "business_unit",
        datatype: "string",
        required: true,
        description: "The part of the council that owns the measure",
    },
    Column {
        name: "frequency",
        datatype: "string",
        required: true,
        description: "How often the measure is reported: monthly, quarterly or annual",
    },
    Column {
        name: "period",
        datatype: "string",
        required: true,
        description: "The period: a month (2026-04), a quarter of a financial year (2026/27-Q1) or a financial year (2026/27)",
    },
    Column { name: "period_start", datatype: "date", required: true, description: "The first day of the period" },
    Column { name: "period_end", datatype: "date", required: true, description: "The last day of the period" },
    Column {
        name: "unit",
        datatype: "string",
        required: true,
        description: "The unit of the figures: percentage (0 to 100), count, days, money (pounds), rate per N, score, ratio or text",
    },
    Column {
        name: "better",
        datatype: "string",
        required: true,
        description: "Which way is better: higher, lower, or none (information only)",
    },
    Column {
        name: "result",
        datatype: "decimal",
        required: false,
        description: "The period's own figure; empty when none was reported",
    },
    Column {
        name: "year_to_date",
        datatype: "decimal",
        required: false,
        description: "The figure the status is judged on: the year to date by the measure's rule (for a snapshot measure, the period's own figure)",
    },
    Column {
        name: "target",
        datatype: "decimal",
        required: false,
        description: "The target for the period, as the year-to-date figure is judged against; empty when there is none",
    },
    Column {
        name: "status",
        datatype: "string",
        required: true,
        description: "The status as published, in the council's words (Green, Amber, Red, Missing data...)",
    },
    Column {
        name: "missing_reason",
        datatype: "string",
        required: false,
        description: "Why no figure was reported, when none was",
    },
];

fn frequency_name(f: Frequency) -> &'static str {
    match f {
        Frequency::Monthly => "monthly",
        Frequency::Quarterly => "quarterly",
        Frequency::Annual => "annual",
    }
}

fn better(p: Polarity) -> &'static str {
    match p {
        Polarity::Higher => "higher",
        Polarity::Lower => "lower",
        Polarity::None => "none",
    }
}

fn figure(d: Option<Decimal>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A row's cells, in [`COLUMNS`]' order.
fn cells(published: &Published, m: &PublishedMeasure, p: &PublishedPoint) -> [String; 14] {
    let d = &m.measure;
    [
        d.code.to_string(),
        d.title.clone(),
        m.owner.clone(),
        frequency_name(d.frequency).to_string(),
        p.period.to_string(),
        p.period.start_date().to_string(),
        p.period.end_date().to_string(),
        d.unit.name(),
        better(d.polarity).to_string(),
        figure(p.own),
        figure(p.figure),
        figure(p.target),
        published.status_label(p.status),
        p.missing_reason.clone().unwrap_or_default(),
    ]
}

/// Every published figure as CSV, with a header row of [`COLUMNS`]' names.
pub fn csv(published: &Published) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let written = (|| {
        crate::csv_cell::write_row(&mut w, COLUMNS.iter().map(|c| c.name))?;
        for m in &published.measures {
            for p in &m.points {
                crate::csv_cell::write_row(&mut w, cells(published, m, p).iter().map(String::as_str))?;
            }
        }
        w.flush()
    })();
    // Writing to memory cannot fail but for a CSV cell too long for the
    // writer, which a stored figure never is.
    written.expect("a CSV written to memory");
    w.into_inner().unwrap_or_default()
}

/// The CSVW metadata describing [`csv`]: the table's title, publisher,
/// licence and date, and each column's name, datatype and meaning. It is
/// served beside the CSV, so the CSV's address and each row's measure page
/// (`measures/{code}`) are relative to its own.
pub fn metadata(published: &Published) -> Value {
    let name = &published.title.name;
    let columns: Vec<Value> = COLUMNS
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "titles": c.name,
                "datatype": c.datatype,
                "required": c.required,
                "dc:description": c.description,
            })
        })
        .collect();
    let mut description = format!(
        "Every performance figure {name} has published, for each measure and period to {} ({}), as recorded when its report was published on {}.",
        published.through,
        published.through.describe(),
        published.publication.published_at.strftime("%-d %B %Y"),
    );
    if let Some(notice) = &published.title.notice {
        description = format!("{notice}. {description}");
    }
    json!({
        "@context": "http://www.w3.org/ns/csvw",
        "url": CSV_NAME,
        "dc:title": format!("{name}: published performance results"),
        "dc:description": description,
        "dc:publisher": name,
        "dc:license": { "@id": LICENCE },
        "dc:modified": { "@value": published.publication.published_at.strftime("%Y-%m-%d").to_string(), "@type": "xsd:date" },
        "tableSchema": {
            "columns": columns,
            "primaryKey": ["measure_code", "period"],
            "aboutUrl": "measures/{measure_code}",
        },
    })
}

/// The same figures as JSON, grouped by measure, with the publication they
/// stand on. Figures are exact decimal strings; `base` is the address of the
/// council's published pages, under which each measure's page is.
pub fn json(published: &Published, base: &str) -> Value {
    let p = &published.publication;
    let measures: Vec<Value> = published
        .measures
        .iter()
        .map(|m| {
            let d = &m.measure;
            let results: Vec<Value> = m
                .points
                .iter()
                .map(|point| {
                    json!({
                        "period": point.period.to_string(),
                        "period_start": point.period.start_date().to_string(),
                        "period_end": point.period.end_date().to_string(),
                        "result": point.own.map(|v| v.to_string()),
                        "year_to_date": point.figure.map(|v| v.to_string()),
                        "target": point.target.map(|v| v.to_string()),
                        "status": point.status.code(),
                        "status_label": published.status_label(point.status),
                        "missing_reason": point.missing_reason,
                    })
                })
                .collect();
            json!({
                "code": d.code.as_str(),
                "title": d.title,
                "definition": d.definition,
                "business_unit": m.owner,
                "frequency": frequency_name(d.frequency),
                "unit": d.unit.name(),
                "better": better(d.polarity),
                "url": format!("{base}/measures/{}", crate::url_path_segment(d.code.as_str())),
                "results": results,
            })
        })
        .collect();
    json!({
        "council": published.council.slug.as_str(),
        "council_name": published.title.name,
        "notice": published.title.notice,
        "licence": LICENCE,
        "publication": {
            "id": p.id,
            "kind": p.kind,
            "period": p.period.to_string(),
            "committee": p.committee,
            "meeting_date": p.meeting_date.to_string(),
            "published_at": p.published_at.to_string(),
        },
        "through": published.through.to_string(),
        "measures": measures,
    })
}
