//! The dashboard's early warning: the measures whose year-end outturn is
//! forecast to miss the year's target (`outturn_app::statuses::early_warning`).
//! Forecasting every measure of a large council takes seconds, so it is
//! worked out in the background and kept for the council's revision: the
//! dashboard waits a moment for it, and otherwise says it is being worked
//! out, never showing a warning from older figures.

use std::sync::Arc;
use std::time::Duration;

use outturn_app::actor::Actor;
use outturn_app::statuses::early_warning::{AtRisk, EarlyWarnings, early_warnings};
use outturn_core::{AsOf, Key};

use crate::AppState;

/// How long a dashboard waits for its warnings before it is drawn without them.
const WAIT: Duration = Duration::from_millis(100);

#[derive(askama::Template)]
#[template(path = "early_warning.html")]
pub struct EarlyWarningSection<'a> {
    pub slug: &'a str,
    /// None while they are being worked out.
    pub warnings: Option<&'a EarlyWarnings>,
}

impl EarlyWarningSection<'_> {
    fn href(&self, m: &AtRisk) -> String {
        format!("/councils/{}/measures/{}#forecast", self.slug, crate::filters::url_encode(m.code.as_str()))
    }
}

/// The council's early warnings for its revision, waiting at most [`WAIT`]
/// for them; None while they are still being worked out (the work goes on,
/// and the next request finds it done). Errors are logged, not shown: the
/// dashboard stands without them.
pub async fn for_dashboard(
    state: &AppState,
    actor: &Actor,
    council: &Key,
    revision: i64,
) -> Option<Arc<EarlyWarnings>> {
    let key = format!("{council}|warnings|{}", AsOf::now().date());
    if let Some(kept) = state.early_warnings.get(&key, revision) {
        return Some(kept);
    }
    // Started once for the revision: a burst of requests after a write does
    // not queue a task each; only the request that starts it waits.
    let running = format!("{key}|{revision}");
    if !state.early_warning_kept.start(&running) {
        return None;
    }
    let (cache, kept, store) = (state.early_warnings.clone(), state.early_warning_kept.clone(), state.store.clone());
    let (actor, council) = (actor.clone(), council.clone());
    let work = tokio::spawn(async move {
        let worked = cache
            .get_or_compute(key, revision, async || early_warnings(store.as_ref(), &actor, &council, &kept).await)
            .await;
        kept.finish(&running);
        worked.map_err(|e| (council, e))
    });
    match tokio::time::timeout(WAIT, work).await {
        Ok(Ok(Ok(warnings))) => Some(warnings),
        Ok(Ok(Err((council, e)))) => {
            tracing::warn!(council = %council, error = %e, "cannot work out the early warnings");
            None
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "the early warnings stopped");
            None
        }
        Err(_) => None,
    }
}

/// The line at the top of the dashboard that leads to the section, when
/// any measure is at risk (empty otherwise).
pub fn link(warnings: Option<&EarlyWarnings>) -> String {
    match warnings.map(|w| w.at_risk.len()) {
        Some(1) => "Early warning: 1 measure is forecast to miss its year-end target".to_string(),
        Some(n) if n > 1 => format!("Early warning: {n} measures are forecast to miss their year-end target"),
        _ => String::new(),
    }
}
