//! Use case: everything about one measure for its page: the definition, the
//! year's series of figures against targets with statuses, target revisions
//! and every recorded result, as recorded at a date.

use outturn_core::{Key, MeasureCode};
use std::sync::Arc;

use outturn_core::{
    AsOf, Decimal, FinancialYear, Frequency, Measure, MeasureView, Period, ResultEntry, Status, StatusRule,
    TargetRevision,
};
use outturn_store::{Council, Store};

use outturn_core::commentary::CommentaryNeed;

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::cache::RevisionCache;

/// One period of the year: the year-to-date figure against target.
#[derive(Debug, Clone)]
pub struct SeriesPoint {
    pub period: Period,
    /// Year to date by the measure's rule.
    pub figure: Option<Decimal>,
    /// The period's own figure (a month's days to re-let, a quarter's preventions).
    pub own: Option<Decimal>,
    pub target: Option<Decimal>,
    pub status: Status,
    /// The status rule in force for the period (the measure's own, or one
    /// kept for a period locked before the rule changed).
    pub rule: StatusRule,
    /// Why the status is what it is, by the measure's rule (core's `Assessment::explain`).
    pub explanation: Option<String>,
    /// Whether an officer judged the status (the explanation says who, why,
    /// and what the figures alone give).
    pub judged: bool,
    pub variance: Option<Decimal>,
    pub missing_reason: Option<String>,
    pub commentary: Option<String>,
    /// Whether the owner's commentary is owed for the period (the core rule).
    pub commentary_need: CommentaryNeed,
    /// Why an officer recorded that none is needed, if one did.
    pub commentary_waived: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MeasurePage {
    pub council: Arc<Council>,
    pub measure: Measure,
    pub year: FinancialYear,
    /// Every period of the measure's frequency in the year, in order.
    pub series: Vec<SeriesPoint>,
    /// The target revisions and result recordings known at the date asked about.
    pub targets: Vec<TargetRevision>,
    pub results: Vec<ResultEntry>,
    /// Whether the measure has an improvement plan (saving one moves the revision).
    pub has_improvement_plan: bool,
    /// The key it is kept under and the council's revision it was computed
    /// at: what is derived from the page can be kept the same way.
    pub kept_as: String,
    pub revision: i64,
}

/// [`measure_page`] as recorded now, or on the date asked about, kept while
/// the council is unchanged (every write moves its revision). Keyed by
/// today's date too: a page as recorded now changes at midnight (the default
/// year of a measure with no results, waivers dated today).
pub async fn measure_page_kept(
    store: &dyn Store,
    cache: &RevisionCache<MeasurePage>,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    year: Option<FinancialYear>,
    as_of: Option<jiff::civil::Date>,
) -> Result<Arc<MeasurePage>, AppError> {
    actor.check(Action::ReadCouncil(council))?;
    let Some(revision) = store.revision(council).await? else {
        return Err(crate::no_council(store, council.as_str()).await);
    };
    let now = AsOf::now();
    let key = format!("{council}|{code}|{year:?}|{as_of:?}|{}", now.date());
    let at = as_of.map_or(now, AsOf::end_of_day);
    let kept_as = key.clone();
    cache
        .get_or_compute(key, revision, async || {
            measure_page(store, actor, council, code, year, at, (kept_as, revision)).await
        })
        .await
}

/// The page for a measure in a financial year (default: the year of its
/// latest result), as recorded at `as_of`.
async fn measure_page(
    store: &dyn Store,
    actor: &Actor,
    council: &Key,
    code: &MeasureCode,
    year: Option<FinancialYear>,
    as_of: AsOf,
    (kept_as, revision): (String, i64),
) -> Result<MeasurePage, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    let Some(measure) = council.measures.iter().find(|m| &m.code == code).cloned() else {
        return Err(AppError::NoMeasure { council: council.slug.to_string(), code: code.to_string() });
    };
    let history = store.measure_history(&council.slug, &measure.code).await?;
    let year = year
        .or_else(|| {
            history.results.iter().filter(|e| as_of.knows(e.recorded_at)).map(|e| e.period.financial_year()).max()
        })
        .unwrap_or_else(|| FinancialYear::containing(as_of.date()));
    let view = MeasureView::new(&measure, &history, as_of);
    let waivers = crate::results::commentary::Waivers::load(store, &council.slug).await?;
    let series = periods_of(year, measure.frequency)
        .into_iter()
        .filter_map(|p| {
            let a = view.assess(p)?;
            let waived = waivers.reason(&measure.code, p, as_of);
            Some(SeriesPoint {
                commentary_need: CommentaryNeed::of(a.status, a.commentary, waived.is_some()),
                commentary_waived: waived,
                period: p,
                figure: a.figure,
                own: view.own_figure(p),
                target: a.target,
                status: a.status,
                rule: a.rule,
                explanation: a.explain_in(&measure, &council.summary.labels),
                judged: a.judged.is_some(),
                variance: a.variance,
                missing_reason: a.missing_reason,
                commentary: a.commentary.map(str::to_string),
            })
        })
        .collect();
    let known = history.as_recorded(as_of);
    let has_improvement_plan = store.improvement_plans(&council.slug).await?.iter().any(|p| p.measure == measure.code);
    Ok(MeasurePage {
        measure,
        year,
        series,
        targets: known.targets,
        results: known.results,
        council,
        has_improvement_plan,
        kept_as,
        revision,
    })
}

fn periods_of(year: FinancialYear, frequency: Frequency) -> Vec<Period> {
    Period::Year(year).year_to_date_periods(frequency)
}
