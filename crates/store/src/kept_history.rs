//! Councils' histories for spans of financial years, kept in memory from one
//! read to the next: the dashboard of a large council reads two years of
//! results (240,000 rows for 10,000 monthly measures), and after a write only
//! the rows written since need reading (see `read::history_in_years`).
//!
//! Bounded by the rows held, not the entries: one large council's two years
//! fill it, many small councils share it. What does not fit is read afresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use outturn_core::{FinancialYear, Key};

use crate::CouncilHistory;

/// Results and target revisions held at most, over every kept history
/// (about 100 bytes each: some 60 MB).
const ROWS_KEPT: usize = 600_000;

/// A history as read at a council's revision, with the highest ids it holds.
#[derive(Debug, Clone)]
pub(crate) struct KeptHistory {
    pub revision: i64,
    pub marks: Marks,
    pub history: Arc<CouncilHistory>,
}

/// The highest target revision and result ids a history holds.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Marks {
    pub results: i64,
    pub targets: i64,
}

#[derive(Debug)]
pub struct KeptHistories {
    /// By `slug|first|last`, with the moment each was last used.
    entries: Mutex<HashMap<String, (u64, KeptHistory)>>,
    used: std::sync::atomic::AtomicU64,
    rows_kept: usize,
}

impl Default for KeptHistories {
    fn default() -> Self {
        KeptHistories::with_rows_kept(ROWS_KEPT)
    }
}

impl KeptHistories {
    pub(crate) fn with_rows_kept(rows_kept: usize) -> Self {
        KeptHistories { entries: Mutex::default(), used: Default::default(), rows_kept }
    }

    pub(crate) fn key(slug: &Key, first: FinancialYear, last: FinancialYear) -> String {
        format!("{slug}|{}|{}", first.start_year(), last.start_year())
    }

    fn tick(&self) -> u64 {
        self.used.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    pub(crate) fn get(&self, key: &str) -> Option<KeptHistory> {
        let tick = self.tick();
        let mut entries = self.entries.lock().expect("kept histories lock");
        entries.get_mut(key).map(|(used, kept)| {
            *used = tick;
            kept.clone()
        })
    }

    /// Takes out what is kept for the key if it is still at `revision`.
    pub(crate) fn take(&self, key: &str, revision: i64) -> Option<KeptHistory> {
        let mut entries = self.entries.lock().expect("kept histories lock");
        match entries.get(key) {
            Some((_, kept)) if kept.revision == revision => entries.remove(key).map(|(_, kept)| kept),
            _ => None,
        }
    }

    /// Keeps `kept` (unless a later revision's is kept already), dropping the
    /// least recently used until the rows held fit; gives its history.
    pub(crate) fn put(&self, key: String, kept: KeptHistory) -> Arc<CouncilHistory> {
        let history = kept.history.clone();
        let size = rows(&kept.history);
        if size > self.rows_kept {
            return history;
        }
        let tick = self.tick();
        let mut entries = self.entries.lock().expect("kept histories lock");
        if entries.get(&key).is_some_and(|(_, k)| k.revision > kept.revision) {
            return history;
        }
        entries.insert(key.clone(), (tick, kept));
        while entries.values().map(|(_, k)| rows(&k.history)).sum::<usize>() > self.rows_kept {
            let oldest = entries.iter().filter(|(k, _)| **k != key).min_by_key(|(_, (used, _))| *used);
            let Some(oldest) = oldest.map(|(k, _)| k.clone()) else { break };
            entries.remove(&oldest);
        }
        history
    }
}

fn rows(history: &CouncilHistory) -> usize {
    history.measures.values().map(|m| m.results.len() + m.targets.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use outturn_core::MeasureHistory;

    fn history(rows: usize) -> Arc<CouncilHistory> {
        let mut history = CouncilHistory::default();
        let revisions = (0..rows).map(|i| outturn_core::TargetRevision {
            measure: outturn_core::MeasureCode::parse("NI156").unwrap(),
            period: outturn_core::Period::parse("2020/21").unwrap(),
            value: rust_decimal::Decimal::from(i as i64),
            effective: jiff::civil::date(2020, 4, 1),
            reason: "set".into(),
            author: "officer".into(),
            recorded_at: jiff::Timestamp::UNIX_EPOCH,
        });
        history.measures.insert(
            outturn_core::MeasureCode::parse("NI156").unwrap(),
            MeasureHistory { targets: revisions.collect(), ..MeasureHistory::default() },
        );
        Arc::new(history)
    }

    fn kept(revision: i64, rows: usize) -> KeptHistory {
        KeptHistory { revision, marks: Default::default(), history: history(rows) }
    }

    #[test]
    fn the_least_recently_used_goes_when_the_rows_do_not_fit() {
        let histories = KeptHistories::with_rows_kept(10);
        histories.put("a|2019|2020".into(), kept(1, 4));
        histories.put("b|2019|2020".into(), kept(1, 4));
        assert!(histories.get("a|2019|2020").is_some(), "a is used again");
        histories.put("c|2019|2020".into(), kept(1, 4));
        assert!(histories.get("b|2019|2020").is_none(), "b, the least recently used, went");
        assert!(histories.get("a|2019|2020").is_some() && histories.get("c|2019|2020").is_some());
        histories.put("d|2019|2020".into(), kept(1, 11));
        assert!(histories.get("d|2019|2020").is_none(), "too large to keep at all");
    }

    #[test]
    fn an_earlier_revision_never_replaces_a_later_one() {
        let histories = KeptHistories::with_rows_kept(10);
        histories.put("a|2019|2020".into(), kept(5, 1));
        histories.put("a|2019|2020".into(), kept(4, 2));
        assert_eq!(histories.get("a|2019|2020").map(|k| k.revision), Some(5));
        assert!(histories.take("a|2019|2020", 4).is_none(), "taken only at the revision kept");
        assert!(histories.take("a|2019|2020", 5).is_some());
        assert!(histories.get("a|2019|2020").is_none());
    }
}
