//! Use cases: list a council's measures, and show one with its definition,
//! target revisions and every recorded result (corrections included).

use outturn_core::{Key, MeasureCode};
use std::sync::Arc;

use outturn_core::{Measure, ResultEntry, TargetRevision};
use outturn_store::Store;

use crate::AppError;
use crate::actor::Actor;
use crate::statuses::status_report::StatusReport;

/// A measure with the names a reader needs beside it.
#[derive(Debug, Clone)]
pub struct MeasureDetail {
    pub measure: Measure,
    pub owner_name: String,
    pub aligned_names: Vec<String>,
    /// In the order recorded.
    pub targets: Vec<TargetRevision>,
    /// In the order recorded; a later entry for the same period is a correction.
    pub results: Vec<ResultEntry>,
}

/// The council's measures, for an actor who may read it.
pub async fn list_measures(store: &dyn Store, actor: &Actor, council: &Key) -> Result<Vec<MeasureDetail>, AppError> {
    let council = council_for(store, actor, council).await?;
    Ok(council.measures.iter().map(|m| detail(&council, m, Vec::new(), Vec::new())).collect())
}

/// One measure with its history, for an actor who may read its council.
pub async fn show_measure(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
) -> Result<MeasureDetail, AppError> {
    let council = council_for(store, actor, council).await?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code) else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    let h = store.measure_history(&council.slug, &measure.code).await?;
    Ok(detail(&council, measure, h.targets, h.results))
}

fn detail(
    council: &outturn_store::Council,
    m: &Measure,
    targets: Vec<TargetRevision>,
    results: Vec<ResultEntry>,
) -> MeasureDetail {
    let name = |k: &outturn_core::Key| council.framework.node(k).map_or_else(|| k.to_string(), |n| n.name.clone());
    MeasureDetail {
        measure: m.clone(),
        owner_name: name(&m.owner),
        aligned_names: m.aligned.iter().map(name).collect(),
        targets,
        results,
    }
}

/// A council the actor may read, or why not (an unknown council is named as such).
pub async fn council_for(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
) -> Result<Arc<outturn_store::Council>, AppError> {
    let found = crate::council(store, council).await?;
    actor.check(crate::access::Action::ReadCouncil(&found.slug))?;
    Ok(found)
}

/// A measure found by a search, with its status in the period searched and
/// where the words were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub code: String,
    pub title: String,
    pub owner: String,
    /// Absent for a measure not due in the period.
    pub status: Option<outturn_core::Status>,
    /// "code", "title", "owner", "definition", "commentary" or "missing reason".
    pub found_in: &'static str,
    /// The commentary or reason the words were found in.
    pub text: Option<String>,
}

/// Measures whose code, title, owner or definition, or whose commentary or
/// missing reason in the report's period, holds the text (ignoring case):
/// codes that match exactly first, then matches in codes and titles, then
/// the rest, each once.
pub fn search(council: &outturn_store::Council, report: &StatusReport, text: &str) -> Vec<SearchHit> {
    let needle = text.trim().to_lowercase();
    let has = |hay: &str| hay.to_lowercase().contains(&needle);
    let mut hits: Vec<(u8, SearchHit)> = council
        .measures
        .iter()
        .filter_map(|m| {
            let due = report.measures.iter().find(|s| s.code == m.code.as_str());
            let owner = council.framework.node(&m.owner).map_or_else(|| m.owner.to_string(), |n| n.name.clone());
            let (rank, found_in, text) = if m.code.as_str().to_lowercase() == needle {
                (0, "code", None)
            } else if has(m.code.as_str()) {
                (1, "code", None)
            } else if has(&m.title) {
                (1, "title", None)
            } else if has(&owner) {
                (2, "owner", None)
            } else if m.definition.as_deref().is_some_and(has) {
                (2, "definition", None)
            } else if let Some(c) = due.and_then(|s| s.commentary.as_deref()).filter(|c| has(c)) {
                (2, "commentary", Some(c.to_string()))
            } else if let Some(r) = due.and_then(|s| s.missing_reason.as_deref()).filter(|r| has(r)) {
                (2, "missing reason", Some(r.to_string()))
            } else {
                return None;
            };
            let hit = SearchHit {
                code: m.code.to_string(),
                title: m.title.clone(),
                owner,
                status: due.map(|s| s.status),
                found_in,
                text,
            };
            Some((rank, hit))
        })
        .collect();
    hits.sort_by_key(|(rank, _)| *rank);
    hits.into_iter().map(|(_, hit)| hit).collect()
}
