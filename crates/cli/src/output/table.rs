//! Plain-text tables for the terminal: columns padded to the widest cell,
//! numbers right-aligned, long text cut with an ellipsis.

use std::borrow::Cow;
use std::io::Write;

pub struct Column {
    pub heading: Cow<'static, str>,
    pub right: bool,
    pub max: usize,
}

pub fn col(heading: impl Into<Cow<'static, str>>) -> Column {
    Column { heading: heading.into(), right: false, max: 60 }
}

/// A column of sentences that should not be cut short.
pub fn wide(heading: impl Into<Cow<'static, str>>) -> Column {
    Column { heading: heading.into(), right: false, max: 100 }
}

pub fn num(heading: impl Into<Cow<'static, str>>) -> Column {
    Column { heading: heading.into(), right: true, max: 24 }
}

pub fn print(out: &mut impl Write, columns: &[Column], rows: &[Vec<String>]) {
    let cut = |text: &str, max: usize| -> String {
        if text.chars().count() <= max {
            text.to_string()
        } else {
            let mut t: String = text.chars().take(max - 1).collect();
            t.push('…');
            t
        }
    };
    let cells: Vec<Vec<String>> =
        rows.iter().map(|r| r.iter().zip(columns).map(|(c, col)| cut(c, col.max)).collect()).collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| cells.iter().map(|r| r[i].chars().count()).chain([c.heading.len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: Vec<&str>| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(columns.iter().zip(&widths))
            .map(|(c, (col, w))| if col.right { format!("{c:>w$}") } else { format!("{c:<w$}") })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let _ = writeln!(out, "{}", line(columns.iter().map(|c| c.heading.as_ref()).collect()));
    let _ = writeln!(
        out,
        "{}",
        line(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().iter().map(String::as_str).collect())
    );
    for row in &cells {
        let _ = writeln!(out, "{}", line(row.iter().map(String::as_str).collect()));
    }
}
