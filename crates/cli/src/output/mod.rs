//! Rendering use-case results for a terminal, as JSON or as CSV.

pub mod measures;
pub mod status;
pub mod table;

use std::io::Write;

use outturn_app::framework::apply::Applied;
use serde::Serialize;

pub fn applied(out: &mut impl Write, applied: &Applied) {
    if applied.changed_nothing() {
        let _ = writeln!(out, "{}: no changes", applied.council);
    }
    for line in &applied.changes {
        let _ = writeln!(out, "{}: {line}", applied.council);
    }
}

pub fn tree(out: &mut impl Write, lines: &[outturn_app::framework::query::TreeLine], on: jiff::civil::Date) {
    let _ = writeln!(out, "As on {on}:");
    for line in lines {
        let measures = if line.measures.is_empty() { String::new() } else { format!(": {}", line.measures.join(", ")) };
        let _ = writeln!(out, "{}{} ({}){measures}", "  ".repeat(line.depth + 1), line.name, line.kind);
    }
}

pub fn json(out: &mut impl Write, value: &impl Serialize) {
    let text = serde_json::to_string_pretty(value).expect("report serialises");
    let _ = writeln!(out, "{text}");
}
