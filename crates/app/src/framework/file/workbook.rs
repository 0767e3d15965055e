//! A results or targets spreadsheet (.xlsx): the sheet named "results" or
//! "targets", or else the first, turned into the records the CSV reader
//! gives, so the same readers and checks apply to both. Each row keeps the
//! number the spreadsheet shows for it; each cell becomes the text it would
//! have in a CSV: a number its shortest decimal (59.9 stays "59.9"), a date
//! its ISO 8601 text, text as typed.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::csv_data::Table;
use super::problem::FileProblem;

/// Reads the data sheet of the workbook `bytes` (the file called `name`).
pub fn read_workbook(name: &str, bytes: &[u8]) -> Result<Table, FileProblem> {
    let problem = |message: String| FileProblem {
        file: name.to_string(),
        line: None,
        field: "workbook".into(),
        value: None,
        message,
    };
    let mut workbook =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| problem(format!("cannot read this as an .xlsx workbook: {e}")))?;
    let sheets = workbook.sheet_names();
    let sheet = sheets
        .iter()
        .find(|s| ["results", "targets"].contains(&s.trim().to_ascii_lowercase().as_str()))
        .or(sheets.first())
        .cloned()
        .ok_or_else(|| problem("the workbook has no worksheet".into()))?;
    let range =
        workbook.worksheet_range(&sheet).map_err(|e| problem(format!("cannot read the sheet {sheet:?}: {e}")))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let rows: Vec<(usize, Vec<String>)> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row + i + 1, cells.iter().map(cell_text).collect::<Vec<_>>()))
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    // As wide as the last column with anything in it, so a cell past the header is still seen.
    let width = rows
        .iter()
        .filter_map(|(_, cells)| cells.iter().rposition(|c| !c.trim().is_empty()))
        .max()
        .map_or(0, |i| i + 1);
    let record = |cells: &[String]| cells.iter().take(width).collect::<csv::StringRecord>();
    let mut rows = rows.into_iter();
    let Some((header_row, header)) = rows.next() else {
        return Err(problem(format!("the sheet {sheet:?} is empty: its first row should be the header")));
    };
    Ok(Table { header: record(&header), header_row, rows: rows.map(|(line, cells)| (line, record(&cells))).collect() })
}

/// A cell as the text a CSV would hold.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        // Rust writes the shortest decimal that reads back as the same float: 59.9, not 59.900000000000006.
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            match (h, mi, s, ms) {
                (0, 0, 0, 0) => format!("{y:04}-{mo:02}-{d:02}"),
                (_, _, _, 0) => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
                _ => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}"),
            }
        }
        Data::DateTime(dt) => format!("{}", dt.as_f64()),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    use super::*;

    #[test]
    fn numbers_keep_their_decimal_text() {
        assert_eq!(cell_text(&Data::Float(59.9)), "59.9");
        assert_eq!(cell_text(&Data::Float(61.0)), "61");
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(cell_text(&Data::Float(1e-7)), "0.0000001");
        assert_eq!(cell_text(&Data::Int(-3)), "-3");
    }

    #[test]
    fn dates_become_iso_text() {
        let date = ExcelDateTime::new(43922.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), "2020-04-01");
        let time = ExcelDateTime::new(44124.375, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(time)), "2020-10-20T09:00:00");
    }
}
