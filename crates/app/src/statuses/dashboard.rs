//! Use case: a council's dashboard for a period: the status report, the
//! exceptions (Red, Amber, Missing data), and the measures narrowed by the
//! filters a reader picks (a theme or business unit, a programme, a status).

use std::sync::Arc;

use jiff::civil::Date;
use outturn_core::{AsOf, Key, Measure, Period, Status};
use outturn_store::{Council, Store};

use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::cache::RevisionCache;
use crate::rounds::sign_off::Standing;
use crate::statuses::status_report::{MeasureStatus, StatusReport};

/// What the reader narrowed the list to; each is a key or status code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardFilter {
    /// Measures owned by this node or below it (a theme, a business unit).
    pub node: Option<String>,
    /// Measures aligned to this node (a programme).
    pub aligned: Option<String>,
    /// `green`, `amber`, `red`, `missing`...
    pub status: Option<String>,
}

impl DashboardFilter {
    pub fn is_empty(&self) -> bool {
        self.node.is_none() && self.aligned.is_none() && self.status.is_none()
    }
}

/// A node a reader can filter by, with its depth in the tree.
#[derive(Debug, Clone)]
pub struct FilterChoice {
    pub key: String,
    pub name: String,
    pub depth: usize,
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    /// The council's revision the dashboard was computed at (renderings of it
    /// can be kept as long as it is current).
    pub revision: i64,
    pub report: StatusReport,
    /// Red, Amber and Missing data, after the filters (every measure due,
    /// after the filters, is `report.measures`).
    pub exceptions: Vec<MeasureStatus>,
    /// Nodes that own measures, and their ancestors, in tree order.
    pub owners: Vec<FilterChoice>,
    /// Nodes that measures are aligned to.
    pub alignments: Vec<FilterChoice>,
    pub filter: DashboardFilter,
    /// Whether the period's figures are provisional, signed off or published
    /// (each sign-off step and publication moves the council's revision).
    pub standing: Standing,
}

/// The dashboard for the period (default: the quarter everyone sees), from
/// the cache while the council has not changed since it was computed. Who
/// may read is checked once, here, before anything is read.
pub async fn dashboard(
    store: &dyn Store,
    cache: &RevisionCache<Dashboard>,
    actor: &Actor,
    council: &Key,
    period: Option<Period>,
    as_of: Option<Date>,
    filter: DashboardFilter,
) -> Result<Arc<Dashboard>, AppError> {
    actor.check(Action::ReadCouncil(council))?;
    let Some(revision) = store.revision(council).await? else {
        return Err(crate::no_council(store, council.as_str()).await);
    };
    // The landing page asks for no period: which quarter that means is kept
    // too (it depends on the rounds, moved with the revision, and on today).
    let key = |period: Option<Period>| {
        let period = period.map_or_else(|| format!("default on {}", AsOf::now().date()), |p| p.to_string());
        format!("{council}|{period}|{as_of:?}|{filter:?}")
    };
    if let Some(hit) = cache.get(&key(period), revision) {
        return Ok(hit);
    }
    let chosen = match period {
        Some(p) => p,
        None => crate::statuses::status_report::default_period(store, council).await?,
    };
    let computed = cache
        .get_or_compute(key(Some(chosen)), revision, async || {
            compute(store, council, chosen, as_of, filter.clone(), revision).await
        })
        .await?;
    if period.is_none() {
        cache.put(key(None), revision, computed.clone());
    }
    Ok(computed)
}

async fn compute(
    store: &dyn Store,
    council: &Key,
    period: Period,
    as_of: Option<Date>,
    filter: DashboardFilter,
    revision: i64,
) -> Result<Dashboard, AppError> {
    let found = crate::council(store, council).await?;
    // The summaries count what the filters keep, as the lists do.
    let keep = |m: &Measure, status: Status| matches_filter(&found, &filter, m, status);
    let report = crate::statuses::status_report::assemble_where(store, &found, period, as_of, &keep).await?;
    let exceptions = report.measures.iter().filter(|m| m.status.is_exception()).cloned().collect();
    let standing = crate::rounds::sign_off::standing(store, &found, period).await?;
    Ok(Dashboard {
        standing,
        revision,
        owners: owner_choices(&found),
        alignments: alignment_choices(&found),
        report,
        exceptions,
        filter,
    })
}

fn matches_filter(council: &Council, filter: &DashboardFilter, m: &Measure, status: Status) -> bool {
    let under = |node: &str| Key::parse(node).is_ok_and(|node| council.framework.is_under(&m.owner, &node));
    filter.node.as_deref().is_none_or(under)
        && filter.aligned.as_deref().is_none_or(|a| m.aligned.iter().any(|k| k.as_str() == a))
        && filter.status.as_deref().is_none_or(|s| status.code() == s)
}

/// The nodes worth filtering by owner: those that own a measure and their ancestors.
fn owner_choices(council: &Council) -> Vec<FilterChoice> {
    let mut out = Vec::new();
    fn walk(council: &Council, parent: Option<&Key>, depth: usize, out: &mut Vec<FilterChoice>) {
        for node in council.framework.children(parent) {
            let owns_any = council.measures.iter().any(|m| council.framework.is_under(&m.owner, &node.key));
            if owns_any {
                out.push(FilterChoice { key: node.key.to_string(), name: node.name.clone(), depth });
                walk(council, Some(&node.key), depth + 1, out);
            }
        }
    }
    walk(council, None, 0, &mut out);
    out
}

fn alignment_choices(council: &Council) -> Vec<FilterChoice> {
    council
        .framework
        .nodes
        .iter()
        .filter(|n| council.measures.iter().any(|m| m.aligned.contains(&n.key)))
        .map(|n| FilterChoice { key: n.key.to_string(), name: n.name.clone(), depth: 0 })
        .collect()
}
