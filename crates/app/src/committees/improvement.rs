//! Use case: the council's improvement plans and where each stands for a
//! period: the measure's statuses back to the plan's opening (computed by
//! the core) and whether the plan is still on the "next quarter focus" list
//! (`outturn_core::improvement::still_in_focus`).

use jiff::civil::Date;
use outturn_core::improvement::still_in_focus;
use outturn_core::{AsOf, ImprovementPlan, MeasureView, Period, Status};
use outturn_core::{Key, MeasureCode};
use outturn_store::Store;

use crate::AppError;
use crate::actor::Actor;

/// The most periods looked back over (ten years of months).
const LOOK_BACK: usize = 120;

/// A plan and how its measure has done since it opened.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStanding {
    pub plan: ImprovementPlan,
    pub measure_title: String,
    /// The measure's own periods from the one reported in `period` back to
    /// the plan's opening, newest first; None where the measure was not due.
    pub statuses: Vec<(Period, Option<Status>)>,
    /// How many consecutive Green periods end the focus (the council's setting).
    pub green_periods: u32,
    pub in_focus: bool,
    /// The council's words and colours for the statuses.
    pub labels: outturn_core::StatusLabels,
}

/// How many consecutive Green periods end a measure's focus (the council's setting).
pub async fn focus_green_periods(store: &dyn Store, actor: &Actor, council: &Key) -> Result<u32, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, council).await?;
    Ok(store.focus_green_periods(&council.slug).await?)
}

/// Every plan of the council, by measure code, as it stands for `period`
/// (figures as recorded by the end of `as_of`, or now).
pub async fn plans(
    store: &dyn Store,
    actor: &Actor,
    slug: &Key,
    period: Period,
    as_of: Option<Date>,
) -> Result<Vec<PlanStanding>, AppError> {
    let council = crate::statuses::measures_query::council_for(store, actor, slug).await?;
    let at = as_of.map_or_else(AsOf::now, AsOf::end_of_day);
    let green_periods = store.focus_green_periods(&council.slug).await?;
    let mut standings = Vec::new();
    let plans = store.improvement_plans(&council.slug).await?;
    // The plans' measures' histories, read together.
    let codes: Vec<_> = plans.iter().map(|plan| plan.measure.clone()).collect();
    let histories = store.measures_history(&council.slug, &codes).await?;
    for plan in plans {
        let Some(measure) = council.measures.iter().find(|m| m.code == plan.measure) else { continue };
        let Some(history) = histories.get(&measure.code) else { continue };
        let view = MeasureView::new(measure, history, at);
        let mut statuses = Vec::new();
        let frequency = measure.frequency;
        let mut own =
            period.last_of(frequency).unwrap_or_else(|| frequency.period_containing(period.last_month()).previous());
        while own.end_date() >= plan.opened.start_date() && statuses.len() < LOOK_BACK {
            statuses.push((own, view.assess(own).map(|a| a.status)));
            own = own.previous();
        }
        let newest_first: Vec<Option<Status>> = statuses.iter().map(|(_, s)| *s).collect();
        standings.push(PlanStanding {
            in_focus: still_in_focus(&newest_first, green_periods),
            measure_title: measure.title.clone(),
            plan,
            statuses,
            green_periods,
            labels: council.summary.labels.clone(),
        });
    }
    Ok(standings)
}

/// The plan for one measure, if it has one.
pub async fn plan(
    store: &dyn Store,
    actor: &Actor,
    slug: &Key,
    code: &MeasureCode,
    period: Period,
    as_of: Option<Date>,
) -> Result<Option<PlanStanding>, AppError> {
    Ok(plans(store, actor, slug, period, as_of).await?.into_iter().find(|p| &p.plan.measure == code))
}
