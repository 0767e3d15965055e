//! A results or targets spreadsheet (.xlsx): the sheet named "results" or
//! "targets", or else the first, turned into the records the CSV reader
//! gives, so the same readers and checks apply to both. Each row keeps the
//! number the spreadsheet shows for it; each cell becomes the text it would
//! have in a CSV: a number its shortest decimal (59.9 stays "59.9"), a date
//! its ISO 8601 text, text as typed.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

use super::csv_data::Table;
use super::problem::FileProblem;

/// The most bytes a workbook may hold once unpacked (its sheets, shared
/// text and styles together), whatever its parts say of their sizes.
pub const MOST_WORKBOOK_BYTES: u64 = 128 * 1024 * 1024;
/// The most columns a data sheet may have (or declare), column BL.
pub const MOST_COLUMNS: u32 = 64;
/// The most rows a data sheet may have (or declare): a spreadsheet's own limit.
pub const MOST_ROWS: u32 = 1_048_576;
/// The most cells (rows with something in them, times the columns) a data
/// sheet may fill; a larger file imports as a CSV, of any size.
pub const MOST_CELLS: usize = 2_000_000;

/// Reads the data sheet of the workbook `bytes` (the file called `name`),
/// cell by cell, keeping only the cells with something in them; a workbook
/// larger, wider or longer than the limits above is refused before it is read.
pub fn read_workbook(name: &str, bytes: &[u8]) -> Result<Table, FileProblem> {
    let problem = |message: String| FileProblem {
        file: name.to_string(),
        line: None,
        field: "workbook".into(),
        value: None,
        message,
    };
    check_unpacked_size(bytes, MOST_WORKBOOK_BYTES).map_err(problem)?;
    let mut workbook =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| problem(format!("cannot read this as an .xlsx workbook: {e}")))?;
    let sheets = workbook.sheet_names();
    let sheet = sheets
        .iter()
        .find(|s| ["results", "targets"].contains(&s.trim().to_ascii_lowercase().as_str()))
        .or(sheets.first())
        .cloned()
        .ok_or_else(|| problem("the workbook has no worksheet".into()))?;
    let cannot_read = |e: calamine::XlsxError| problem(format!("cannot read the sheet {sheet:?}: {e}"));
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(cannot_read)?;
    let declared = cells.dimensions();
    let (rows, columns) = (declared.end.0.saturating_add(1), declared.end.1.saturating_add(1));
    if rows > MOST_ROWS || columns > MOST_COLUMNS {
        return Err(problem(format!(
            "the sheet {sheet:?} declares {rows} rows and {columns} columns (to cell {}): a data sheet has at most \
             {MOST_COLUMNS} columns and {MOST_ROWS} rows; delete the cells past the data and save it again",
            cell_name(declared.end)
        )));
    }
    // Only the cells with something in them, by row then column.
    let mut filled: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
    let mut count = 0;
    while let Some(cell) = cells.next_cell().map_err(cannot_read)? {
        let (row, column) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.trim().is_empty() {
            continue;
        }
        if row >= MOST_ROWS || column >= MOST_COLUMNS {
            return Err(problem(format!(
                "the sheet {sheet:?} has a cell at {}: a data sheet has at most {MOST_COLUMNS} columns and \
                 {MOST_ROWS} rows; delete the cells past the data and save it again",
                cell_name((row, column))
            )));
        }
        count += 1;
        if count > MOST_CELLS {
            return Err(too_many_cells(&problem, &sheet));
        }
        filled.entry(row).or_default().insert(column, text);
    }
    // As wide as the last column with anything in it, so a cell past the header is still seen.
    let width = filled.values().filter_map(|cells| cells.keys().next_back()).max().map_or(0, |c| *c as usize + 1);
    if filled.len().saturating_mul(width) > MOST_CELLS {
        return Err(too_many_cells(&problem, &sheet));
    }
    let record = |cells: BTreeMap<u32, String>| {
        let mut fields = vec![String::new(); width];
        for (column, text) in cells {
            fields[column as usize] = text;
        }
        fields.into_iter().collect::<csv::StringRecord>()
    };
    let mut rows = filled.into_iter().map(|(row, cells)| (row as usize + 1, record(cells)));
    let Some((header_row, header)) = rows.next() else {
        return Err(problem(format!("the sheet {sheet:?} is empty: its first row should be the header")));
    };
    Ok(Table { header, header_row, rows: rows.collect() })
}

fn too_many_cells(problem: &impl Fn(String) -> FileProblem, sheet: &str) -> FileProblem {
    problem(format!(
        "the sheet {sheet:?} fills more than {MOST_CELLS} cells: save it as a CSV (UTF-8), which imports at any size"
    ))
}

/// Refuses a workbook whose parts unpack to more than `limit` bytes in all,
/// counting the bytes as they are unpacked (a part's stated size may lie).
fn check_unpacked_size(bytes: &[u8], limit: u64) -> Result<(), String> {
    let too_big = || {
        format!(
            "the workbook unpacks to more than {}: save it as a CSV (UTF-8), which imports at any size",
            if limit >= 1024 * 1024 { format!("{} MB", limit / 1024 / 1024) } else { format!("{limit} bytes") }
        )
    };
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("cannot read this as an .xlsx workbook: {e}"))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| format!("cannot read this as an .xlsx workbook: {e}"))?;
        if total.saturating_add(part.size()) > limit {
            return Err(too_big());
        }
        let left = limit - total;
        let unpacked = std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink())
            .map_err(|e| format!("cannot read this as an .xlsx workbook: {e}"))?;
        total += unpacked;
        if total > limit {
            return Err(too_big());
        }
    }
    Ok(())
}

/// A cell's name as a spreadsheet shows it: (0, 0) is A1.
fn cell_name((row, column): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).expect("ASCII letters"), u64::from(row) + 1)
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

    /// A workbook of one sheet "results": a header, and a cell at `far` (row, column).
    fn workbook(far: (u32, u16)) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("results").unwrap();
        sheet.write_string(0, 0, "measure").unwrap();
        sheet.write_string(0, 1, "period").unwrap();
        sheet.write_string(far.0, far.1, "x").unwrap();
        book.save_to_buffer().unwrap()
    }

    /// The workbook with each part's text changed by `edit` (stored, not compressed).
    fn edited(bytes: &[u8], edit: impl Fn(&str, String) -> String) -> Vec<u8> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let name = part.name().unwrap().to_string();
            let mut text = String::new();
            part.read_to_string(&mut text).unwrap();
            out.start_file(name.clone(), stored).unwrap();
            std::io::Write::write_all(&mut out, edit(&name, text).as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_sheet_declaring_the_last_cell_is_refused_before_it_is_read() {
        let bytes = workbook((1_048_575, 16_383));
        assert!(bytes.len() < 10_000, "a small file: {} bytes", bytes.len());
        let refused = read_workbook("bomb.xlsx", &bytes).unwrap_err();
        assert_eq!(refused.file, "bomb.xlsx");
        assert!(
            refused.message.contains("\"results\" declares 1048576 rows and 16384 columns (to cell XFD1048576)"),
            "{}",
            refused.message
        );
        assert!(refused.message.contains("at most 64 columns"), "{}", refused.message);
    }

    #[test]
    fn a_cell_past_the_limits_is_refused_when_the_sheet_declares_nothing() {
        let undeclared = edited(&workbook((1_048_575, 16_383)), |name, text| {
            if name.starts_with("xl/worksheets/") {
                text.replace(r#"<dimension ref="A1:XFD1048576"/>"#, "")
            } else {
                text
            }
        });
        let refused = read_workbook("bomb.xlsx", &undeclared).unwrap_err();
        assert!(refused.message.contains("\"results\" has a cell at XFD1048576"), "{}", refused.message);
        // Within the limits it reads, the far cell at the end of its row.
        let table = read_workbook("fine.xlsx", &workbook((9, 63))).unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!((table.rows[0].0, table.rows[0].1.len()), (10, 64));
        assert_eq!(table.rows[0].1.get(63), Some("x"));
    }

    #[test]
    fn a_workbook_that_unpacks_past_the_limit_is_refused() {
        let big = edited(&workbook((1, 1)), |name, text| {
            if name.starts_with("xl/worksheets/") {
                text.replace("<sheetData>", &format!("{}<sheetData>", " ".repeat(4000)))
            } else {
                text
            }
        });
        assert!(check_unpacked_size(&big, 1000).unwrap_err().contains("unpacks to more than 1000 bytes"));
        assert_eq!(check_unpacked_size(&big, MOST_WORKBOOK_BYTES), Ok(()));
    }

    #[test]
    fn cells_are_named_as_a_spreadsheet_names_them() {
        assert_eq!(cell_name((0, 0)), "A1");
        assert_eq!(cell_name((9, 25)), "Z10");
        assert_eq!(cell_name((0, 26)), "AA1");
        assert_eq!(cell_name((1_048_575, 16_383)), "XFD1048576");
    }

    #[test]
    fn dates_become_iso_text() {
        let date = ExcelDateTime::new(43922.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), "2020-04-01");
        let time = ExcelDateTime::new(44124.375, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(time)), "2020-10-20T09:00:00");
    }
}
