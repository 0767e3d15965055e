//! What rows of results and targets add to what is stored: the one
//! comparison behind `framework apply` and `import`. Nothing stored is ever
//! overwritten: a row that says something new is appended (a different
//! figure for a period already recorded is a correction), and a row that
//! says what is already recorded is left out, so reading the same rows
//! again adds nothing.

use std::collections::BTreeMap;

use jiff::Timestamp;
use outturn_core::as_of::AsOf;
use outturn_core::result::as_recorded;
use outturn_core::{MeasureCode, ResultEntry, TargetRevision};
use outturn_store::CouncilHistory;
use serde::Serialize;

use crate::framework::file::{ResultRow, TargetRow};

/// How many rows add something, correct something, or say what is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// New: nothing was recorded for the measure and period (a result) or no
    /// revision was stored for the period (a target).
    pub added: usize,
    /// Appended after an earlier recording for the same measure and period:
    /// a corrected result, or a revised target.
    pub corrected: usize,
    /// Already recorded as the row gives it.
    pub unchanged: usize,
}

/// The results to append, with their counts.
#[derive(Debug, Clone, Default)]
pub struct NewResults {
    pub entries: Vec<ResultEntry>,
    pub counts: Counts,
}

/// The target revisions to append, with their counts.
#[derive(Debug, Clone, Default)]
pub struct NewTargets {
    pub revisions: Vec<TargetRevision>,
    pub counts: Counts,
}

/// Result rows that say something not already recorded. A row with its own
/// time of recording is new unless that exact recording is stored; a row
/// without one is new unless it matches the result as recorded now (and is
/// then recorded now, by `recorded_by` unless the row names someone).
pub fn new_results(rows: &[ResultRow], history: &CouncilHistory, now: Timestamp, recorded_by: &str) -> NewResults {
    let mut known: BTreeMap<MeasureCode, Vec<ResultEntry>> =
        history.measures.iter().map(|(code, h)| (code.clone(), h.results.clone())).collect();
    let mut out = NewResults::default();
    for row in rows {
        let entries = known.entry(row.measure.clone()).or_default();
        let same = |e: &ResultEntry| e.value == row.value && e.commentary == row.commentary;
        let already = match row.recorded_at {
            Some(at) => entries.iter().any(|e| e.period == row.period && e.recorded_at == at && same(e)),
            None => as_recorded(entries, row.period, AsOf::at(now)).is_some_and(same),
        };
        if already {
            out.counts.unchanged += 1;
            continue;
        }
        if entries.iter().any(|e| e.period == row.period) {
            out.counts.corrected += 1;
        } else {
            out.counts.added += 1;
        }
        let entry = ResultEntry {
            measure: row.measure.clone(),
            period: row.period,
            value: row.value.clone(),
            commentary: row.commentary.clone(),
            recorded_at: row.recorded_at.unwrap_or(now),
            recorded_by: row.recorded_by.clone().unwrap_or_else(|| recorded_by.to_string()),
        };
        entries.push(entry.clone());
        out.entries.push(entry);
    }
    out
}

/// Target rows not already stored as revisions (a row without a time of
/// recording matches a revision recorded at any time).
pub fn new_targets(rows: &[TargetRow], history: &CouncilHistory, now: Timestamp) -> NewTargets {
    // Each measure's revisions, stored and added by earlier rows: a row is
    // compared with its own measure's (tens), never with every row before it
    // (a file can hold 100,000).
    let mut known: BTreeMap<MeasureCode, Vec<TargetRevision>> = BTreeMap::new();
    let mut out = NewTargets::default();
    for t in rows {
        let revisions = known
            .entry(t.measure.clone())
            .or_insert_with(|| history.measures.get(&t.measure).map(|h| h.targets.clone()).unwrap_or_default());
        let same = |s: &TargetRevision| {
            s.period == t.period
                && s.value == t.value
                && s.effective == t.effective
                && s.reason == t.reason
                && s.author == t.author
                && t.recorded_at.is_none_or(|at| at == s.recorded_at)
        };
        if revisions.iter().any(same) {
            out.counts.unchanged += 1;
            continue;
        }
        if revisions.iter().any(|s| s.period == t.period) {
            out.counts.corrected += 1;
        } else {
            out.counts.added += 1;
        }
        let revision = TargetRevision {
            measure: t.measure.clone(),
            period: t.period,
            value: t.value,
            effective: t.effective,
            reason: t.reason.clone(),
            author: t.author.clone(),
            recorded_at: t.recorded_at.unwrap_or(now),
        };
        revisions.push(revision.clone());
        out.revisions.push(revision);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn row(measure: &str, period: &str, value: rust_decimal::Decimal) -> TargetRow {
        TargetRow {
            measure: measure.parse().unwrap(),
            period: period.parse().unwrap(),
            value,
            effective: jiff::civil::date(2020, 4, 1),
            reason: "Budget".into(),
            author: "Performance team".into(),
            recorded_at: None,
        }
    }

    #[test]
    fn a_target_row_is_compared_with_its_own_measures_revisions_stored_and_earlier_in_the_file() {
        let now: Timestamp = "2020-05-01T09:00:00Z".parse().unwrap();
        let stored = new_targets(&[row("BV66a", "2020/21", dec!(97))], &CouncilHistory::default(), now).revisions;
        let mut history = CouncilHistory::default();
        history.measures.entry("BV66a".parse().unwrap()).or_default().targets = stored;
        let rows = [
            row("BV66a", "2020/21", dec!(97)),  // as stored
            row("NI156", "2020/21", dec!(150)), // new
            row("NI156", "2020/21", dec!(150)), // the row before again
            row("NI156", "2020/21", dec!(140)), // revises the row before
            row("BV66a", "2020/21", dec!(98)),  // revises what is stored
            row("BV66a", "2021/22", dec!(98)),  // another period: new
        ];
        let new = new_targets(&rows, &history, now);
        assert_eq!(new.counts, Counts { added: 2, corrected: 2, unchanged: 2 });
        let written: Vec<String> =
            new.revisions.iter().map(|r| format!("{} {} {}", r.measure, r.period, r.value)).collect();
        assert_eq!(written, ["NI156 2020/21 150", "NI156 2020/21 140", "BV66a 2020/21 98", "BV66a 2021/22 98"]);
    }
}
