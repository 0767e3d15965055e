//! Use case: the dashboard's early warning. Every measure whose year-end
//! outturn is forecast to miss the year's target, by the same forecast its
//! page shows (`forecast_of`, with the officers' overrides), as recorded now.
//!
//! A forecast costs about a millisecond a measure, so a council of tens of
//! thousands of measures takes seconds: the web asks for it in the
//! background and shows it once it is ready for the council's revision
//! (kept per measure between revisions, see [`Kept`], so after a write only
//! the measures it touched are forecast again).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use outturn_core::{AsOf, Decimal, FinancialYear, Key, MeasureCode, MeasureHistory, MeasureView};
use outturn_store::{ForecastOverride, Store};

use crate::AppError;
use crate::actor::Actor;
use crate::statuses::forecast::{RiskBasis, forecast_of};

/// A measure forecast to miss its year-end target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtRisk {
    pub code: MeasureCode,
    pub title: String,
    pub year: FinancialYear,
    /// The forecast outturn the risk is judged on, formatted in the measure's unit.
    pub forecast: String,
    pub target: String,
    /// The officer's override rather than the model's forecast.
    pub on_officer_forecast: bool,
}

/// The council's early warnings, in the council's order of measures.
#[derive(Debug, Clone, Default)]
pub struct EarlyWarnings {
    pub at_risk: Vec<AtRisk>,
    /// How many measures have a forecast outturn judged against a target.
    pub judged: usize,
}

/// What a measure's warning rests on: when any of it changes the measure is
/// forecast again (a new or corrected result, a target revision, an
/// override, a new day for targets that take effect by date).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Fingerprint {
    results: usize,
    last_result: Option<Timestamp>,
    targets: usize,
    last_target: Option<Timestamp>,
    overrides: usize,
    last_override: Option<Timestamp>,
    day: jiff::civil::Date,
    /// A hash of the measure's definition (polarity, unit, year-to-date rule...).
    measure: u64,
}

/// A measure's judgement: whether it is at risk, and its line.
type Judged = Option<(bool, AtRisk)>;

/// Each measure's last warning, by council and measure, with what it rested on.
#[derive(Default)]
pub struct Kept {
    entries: Mutex<HashMap<(Key, MeasureCode), (Fingerprint, Judged)>>,
    /// The councils' early warnings being worked out now.
    running: Mutex<HashSet<String>>,
}

/// The early warnings of a council, as recorded now, for whoever may read it.
pub async fn early_warnings(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    kept: &Arc<Kept>,
) -> Result<EarlyWarnings, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    let at = AsOf::now();
    let overrides = Arc::new(store.forecast_overrides(&council.slug).await?);
    let mut warnings = EarlyWarnings::default();
    // A few hundred measures' histories at a time (memory stays bounded
    // whatever the council's size), judged on a blocking thread (seconds of
    // arithmetic for a large council must not hold up the pages being served).
    for chunk in council.measures.chunks(CHUNK) {
        let codes: Vec<MeasureCode> = chunk.iter().map(|m| m.code.clone()).collect();
        let histories = store.measures_history(&council.slug, &codes).await?;
        let (chunk, overrides, kept, slug) = (chunk.to_vec(), overrides.clone(), kept.clone(), council.slug.clone());
        let judged = tokio::task::spawn_blocking(move || {
            let empty = MeasureHistory::default();
            chunk
                .iter()
                .map(|m| kept.judged(&slug, m, histories.get(&m.code).unwrap_or(&empty), &overrides, at))
                .collect::<Vec<Judged>>()
        })
        .await
        .map_err(|e| AppError::Workflow(format!("the early warnings stopped: {e}")))?;
        for (at_risk, line) in judged.into_iter().flatten() {
            warnings.judged += 1;
            if at_risk {
                warnings.at_risk.push(line);
            }
        }
    }
    Ok(warnings)
}

/// How many measures' histories are read and judged at a time.
const CHUNK: usize = 256;

impl Kept {
    /// The measure's judgement: kept while what it rests on is unchanged,
    /// else worked out again (and kept).
    fn judged(
        &self,
        council: &Key,
        measure: &outturn_core::Measure,
        history: &MeasureHistory,
        overrides: &[ForecastOverride],
        at: AsOf,
    ) -> Judged {
        let own: Vec<ForecastOverride> = overrides.iter().filter(|o| o.measure == measure.code).cloned().collect();
        let print = Fingerprint {
            results: history.results.len(),
            last_result: history.results.iter().map(|r| r.recorded_at).max(),
            targets: history.targets.len(),
            last_target: history.targets.iter().map(|t| t.recorded_at).max(),
            overrides: own.len(),
            last_override: own.iter().map(|o| o.recorded_at).max(),
            day: at.date(),
            // A changed definition (polarity, unit, year-to-date rule) changes the forecast too.
            measure: {
                use std::hash::{Hash, Hasher};
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                format!("{measure:?}").hash(&mut hasher);
                hasher.finish()
            },
        };
        let key = (council.clone(), measure.code.clone());
        let known = self.entries.lock().expect("early warning lock").get(&key).filter(|(f, _)| *f == print).cloned();
        match known {
            Some((_, judged)) => judged,
            None => {
                let judged = judge(measure, history, &own, at);
                self.entries.lock().expect("early warning lock").insert(key, (print, judged.clone()));
                judged
            }
        }
    }

    /// Marks the work named by `key` as started; false when it is already
    /// under way (so a burst of requests starts it once).
    pub fn start(&self, key: &str) -> bool {
        self.running.lock().expect("early warning lock").insert(key.to_string())
    }

    /// Marks the work named by `key` as done.
    pub fn finish(&self, key: &str) {
        self.running.lock().expect("early warning lock").remove(key);
    }
}

/// Whether the measure's forecast outturn misses the year's target, and the
/// line saying so; None when it is not judged (no forecast, no target, the
/// year's outturn already in).
fn judge(
    measure: &outturn_core::Measure,
    history: &MeasureHistory,
    overrides: &[ForecastOverride],
    at: AsOf,
) -> Judged {
    let view = MeasureView::new(measure, history, at);
    let f = forecast_of(measure, &view, &history.results, at).with_overrides(&view, overrides, at);
    let at_risk = f.at_risk?;
    let year = f.forecast_year?;
    let target = f.year_target.as_ref()?.value;
    let on_officer = f.at_risk_on == Some(RiskBasis::Officer);
    let value: Decimal = match (&f.officer_forecast, &f.year_end) {
        (Some(o), _) if on_officer => o.value,
        (_, Some(Ok(o))) => o.value,
        _ => return None,
    };
    let line = AtRisk {
        code: measure.code.clone(),
        title: measure.title.clone(),
        year,
        forecast: measure.format_figure(value),
        target: measure.format_figure(target),
        on_officer_forecast: on_officer,
    };
    Some((at_risk, line))
}
