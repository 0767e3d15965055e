//! Use cases: list a council's measures, and show one with its definition,
//! target revisions and every recorded result (corrections included).

use std::sync::Arc;

use outturn_core::{Measure, ResultEntry, TargetRevision};
use outturn_store::Store;

use crate::AppError;
use crate::actor::Actor;

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
pub async fn list_measures(store: &dyn Store, actor: &Actor, council: &str) -> Result<Vec<MeasureDetail>, AppError> {
    let council = council_for(store, actor, council).await?;
    Ok(council.measures.iter().map(|m| detail(&council, m, Vec::new(), Vec::new())).collect())
}

/// One measure with its history, for an actor who may read its council.
pub async fn show_measure(
    store: &dyn Store,
    actor: &Actor,
    council: &str,
    code: &str,
) -> Result<MeasureDetail, AppError> {
    let council = council_for(store, actor, council).await?;
    let Some(measure) = council.measures.iter().find(|m| m.code.as_str() == code) else {
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
    council: &str,
) -> Result<Arc<outturn_store::Council>, AppError> {
    let found = crate::council(store, council).await?;
    actor.check(crate::access::Action::ReadCouncil(&found.slug))?;
    Ok(found)
}

/// Measures whose code or title contains the text (ignoring case); codes
/// that match exactly come first.
pub fn search<'c>(council: &'c outturn_store::Council, text: &str) -> Vec<&'c Measure> {
    let needle = text.trim().to_lowercase();
    let mut found: Vec<&Measure> = council
        .measures
        .iter()
        .filter(|m| m.code.as_str().to_lowercase().contains(&needle) || m.title.to_lowercase().contains(&needle))
        .collect();
    found.sort_by_key(|m| m.code.as_str().to_lowercase() != needle);
    found
}
