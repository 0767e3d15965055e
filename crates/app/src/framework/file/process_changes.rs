//! The process changes CSV a framework names (`[data] process_changes`):
//! where a change to how a measure's figures are produced (a new system,
//! contractor or definition) starts new SPC limits. Columns: `measure,
//! period, reason, recorded_by`; each problem names the file, line and
//! column. A period longer or shorter than the measure's own is read as the
//! measure's period containing its first month ("2023/24-Q3" is October 2023
//! for a monthly measure).

use std::collections::HashSet;

use outturn_core::{MeasureCode, Period};
use outturn_store::ProcessChange;

use super::csv_data::{self, Known, RowSource, measure, period, read_rows, required};
use super::problem::Problems;

pub const PROCESS_CHANGE_COLUMNS: &[&str] = &["measure", "period", "reason", "recorded_by"];

pub(super) fn read_process_changes(problems: &mut Problems, source: RowSource, known: Known) -> Vec<ProcessChange> {
    let mut changes: Vec<ProcessChange> = Vec::new();
    let mut seen: HashSet<(MeasureCode, Period)> = HashSet::new();
    read_rows(problems, source, PROCESS_CHANGE_COLUMNS, PROCESS_CHANGE_COLUMNS, |problems, row: csv_data::Row| {
        let measure = measure(problems, &row, known);
        let period = period(problems, &row);
        let reason = required(problems, &row, "reason").map(str::to_string);
        let recorded_by = required(problems, &row, "recorded_by").map(str::to_string);
        let (Some(m), Some(period), Some(reason), Some(recorded_by)) = (measure, period, reason, recorded_by) else {
            return;
        };
        let period = m.frequency.period_containing(period.first_month());
        if !seen.insert((m.code.clone(), period)) {
            return row.problem(
                problems,
                "period",
                format!("{} is given two process changes from {period}: give one per measure and period", m.code),
            );
        }
        changes.push(ProcessChange { measure: m.code.clone(), period, reason, recorded_by });
    });
    changes
}
