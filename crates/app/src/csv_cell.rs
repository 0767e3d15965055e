//! CSV cells a spreadsheet would run as formulas (the OWASP guidance on CSV
//! injection): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return. Every CSV outturn writes goes through [`write_row`], which puts a
//! `'` before such a cell, so a spreadsheet shows it as text; a plain number
//! such as `-3.5` stays a number. Every CSV outturn reads takes that `'` off
//! again ([`read_record`]), so an export imports back to the same text.

use std::borrow::Cow;
use std::io::Write;

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether the cell (after any `'` already before it) would be run as a formula.
fn runs_as_formula(cell: &str) -> bool {
    let text = cell.trim_start_matches('\'');
    text.starts_with(FORMULA_STARTS) && !is_plain_number(text)
}

/// `-3.5`, `+12`, `-0.25`: digits with a sign and at most one decimal point.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// The cell as written into a CSV: a `'` before text a spreadsheet would run
/// (and before one already quoted so, so that reading it back is exact).
pub fn written(cell: &str) -> Cow<'_, str> {
    if runs_as_formula(cell) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// The cell as it was before [`written`].
pub fn read(cell: &str) -> Cow<'_, str> {
    match cell.strip_prefix('\'') {
        Some(rest) if runs_as_formula(cell) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(cell),
    }
}

/// Writes one row of a CSV, each cell as [`written`].
pub fn write_row<W: Write, I>(w: &mut csv::Writer<W>, cells: I) -> csv::Result<()>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    w.write_record(cells.into_iter().map(|c| written(c.as_ref()).into_owned()))
}

/// Takes off the `'` [`written`] put before cells of a record just read.
pub fn read_record(record: &mut csv::StringRecord) {
    if !record.iter().any(|c| c.starts_with('\'')) {
        return;
    }
    let position = record.position().cloned();
    let mut restored: csv::StringRecord = record.iter().map(|c| read(c)).collect();
    restored.set_position(position);
    *record = restored;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_is_written_as_text() {
        for (cell, out) in [
            ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
            ("+cmd", "'+cmd"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=already", "''=already"),
            ("-", "'-"),
        ] {
            assert_eq!(written(cell), out, "{cell:?}");
            assert_eq!(read(out), cell, "{out:?} reads back");
        }
    }

    #[test]
    fn numbers_and_ordinary_text_are_written_as_they_are() {
        for cell in ["-3.5", "+12", "-0.25", "59.9", "", "BV9", "2020/21-Q2", "'quoted", "'-5", "a=b", "x-1"] {
            assert_eq!(written(cell), cell, "{cell:?}");
            assert_eq!(read(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn a_row_written_reads_back_the_same() {
        let row = ["NI156", "-3.5", "=1+1", "@x", "'=y", "plain"];
        let mut w = csv::Writer::from_writer(Vec::new());
        write_row(&mut w, row).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text, "NI156,-3.5,'=1+1,'@x,''=y,plain\n");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        reader.read_record(&mut record).unwrap();
        read_record(&mut record);
        assert_eq!(record.iter().collect::<Vec<_>>(), row);
        assert_eq!(record.position().map(|p| p.line()), Some(1));
    }
}
