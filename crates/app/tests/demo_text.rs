//! The demo's text (commentary, reasons, narrative, resolutions...) is printed
//! inside outturn's own reports, which number their own paragraphs. A
//! paragraph number of the source paper ("para 3.96", "Paragraphs 3.60 to
//! 3.74") would point at another paragraph of the report, or at none, so no
//! printed text of the demo may carry one. Comments in the files may cite the
//! paper: they are not printed.

use outturn_app::demo::DEMO_FILES;
use regex_lite::Regex;

fn paragraph_citation() -> Regex {
    Regex::new(r"(?i)\bpara(graph)?s?\.?\s+[0-9]+\.[0-9]+").unwrap()
}

/// Every string value of a TOML document (comments are not values).
fn toml_strings(value: &toml::Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        toml::Value::String(s) => out.push((path.to_string(), s.clone())),
        toml::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                toml_strings(item, &format!("{path}[{i}]"), out);
            }
        }
        toml::Value::Table(table) => {
            for (key, item) in table {
                toml_strings(item, &format!("{path}.{key}"), out);
            }
        }
        _ => {}
    }
}

/// Every cell of a CSV file, with its row and column.
fn csv_cells(text: &str) -> Vec<(String, String)> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let mut out = Vec::new();
    for (row, record) in reader.records().enumerate() {
        for (column, cell) in headers.iter().zip(record.unwrap().iter()) {
            out.push((format!("row {} {column}", row + 2), cell.to_string()));
        }
    }
    out
}

#[test]
fn no_demo_text_cites_a_paragraph_of_the_source_paper() {
    let citation = paragraph_citation();
    let mut found = Vec::new();
    for (path, text) in DEMO_FILES {
        let values = if path.ends_with(".toml") {
            let mut out = Vec::new();
            let table: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"));
            toml_strings(&toml::Value::Table(table), "", &mut out);
            out
        } else {
            csv_cells(text)
        };
        assert!(!values.is_empty(), "{path} has text");
        for (at, value) in values {
            if let Some(m) = citation.find(&value) {
                found.push(format!("{path} {at}: \"{}\" in {value:?}", m.as_str()));
            }
        }
    }
    assert!(found.is_empty(), "paragraph numbers of the source papers in printed text:\n{}", found.join("\n"));
}

#[test]
fn the_check_finds_the_ways_the_papers_cite_paragraphs() {
    let citation = paragraph_citation();
    for cited in [
        "September 2020 target (para 3.96)",
        "as set out in paras 3.92 to 3.96, the",
        "see paragraph 3.163",
        "(as set out in Paragraphs 3.60 to 3.74 of the report)",
    ] {
        assert!(citation.is_match(cited), "{cited}");
    }
    for plain in ["September 2020 target", "15.38 vs 11.58 is 3.8 points over", "Parade 3.5 km away"] {
        assert!(!citation.is_match(plain), "{plain}");
    }
}
