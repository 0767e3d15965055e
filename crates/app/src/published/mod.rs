//! Use cases: a council's performance as the public may see it, which is
//! exactly what it has published and never a draft. The view stands on the
//! council's latest publication (the one for the latest period, the last
//! published when there are two): every figure is as recorded at the moment
//! it was published, and no period after the publication's own is shown,
//! however much has been entered since.
//!
//! Anyone may read it (`Action::ReadPublished`); the figures are read from
//! the store directly, so no reader of the public view needs the council's
//! own read permission.

pub mod open_data;

use std::sync::Arc;

use outturn_core::{AsOf, Decimal, Key, Measure, MeasureCode, MeasureView, Period, Status};
use outturn_store::{Council, Publication, Store};

use crate::AppError;
use crate::CouncilTitle;
use crate::access::Action;
use crate::actor::Actor;
use crate::statuses::benchmark::{MeasureBenchmark, NoBenchmark};
use crate::statuses::spc::MeasureSpc;

/// A council's published performance.
#[derive(Debug, Clone)]
pub struct Published {
    pub council: Arc<Council>,
    pub title: CouncilTitle,
    /// The publication the view stands on.
    pub publication: Publication,
    /// Every publication of the council, the latest first.
    pub publications: Vec<Publication>,
    /// The moment the figures are as recorded at: when the publication was made.
    pub at: AsOf,
    /// The last period shown: the publication's.
    pub through: Period,
    /// Each measure with a published figure, in the council's order.
    pub measures: Vec<PublishedMeasure>,
}

/// One measure's published figures.
#[derive(Debug, Clone)]
pub struct PublishedMeasure {
    pub measure: Measure,
    /// The business unit (or other node) that owns it, by name.
    pub owner: String,
    /// Its figure in the publication's period, as the report gave it (for a
    /// monthly measure in a quarterly report, the quarter's last month).
    pub current: Option<PublishedPoint>,
    /// Every period of the measure's frequency from its first published
    /// result to the publication's period, oldest first.
    pub points: Vec<PublishedPoint>,
}

/// A period's published figure against its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedPoint {
    /// The measure's own period the figure is for.
    pub period: Period,
    /// The period's own figure (a month's days to re-let).
    pub own: Option<Decimal>,
    /// The figure the status is judged on: year to date by the measure's rule.
    pub figure: Option<Decimal>,
    pub target: Option<Decimal>,
    pub status: Status,
    pub missing_reason: Option<String>,
    pub commentary: Option<String>,
}

impl Published {
    pub fn measure(&self, code: &MeasureCode) -> Result<&PublishedMeasure, AppError> {
        self.measures.iter().find(|m| &m.measure.code == code).ok_or_else(|| AppError::NoMeasure {
            council: self.council.slug.to_string(),
            code: format!("{code} (in what the council has published)"),
        })
    }

    /// The status in the council's words ("Green", or its own "On target").
    pub fn status_label(&self, status: Status) -> String {
        self.council.summary.labels.label(status).to_string()
    }
}

/// The publication a council's public view stands on: the latest period's,
/// and of two for one period, the later.
pub fn latest(publications: &[Publication]) -> Option<&Publication> {
    publications.iter().max_by_key(|p| (p.period.last_month(), p.period.first_month(), p.published_at))
}

/// The council's published performance, for anyone. A council that has
/// published nothing is [`AppError::NothingPublished`].
pub async fn published(store: &dyn Store, actor: &Actor, council: &Key) -> Result<Published, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ReadPublished(&council.slug))?;
    let mut publications = store.publications(Some(&council.slug)).await?;
    let Some(publication) = latest(&publications).cloned() else {
        return Err(AppError::NothingPublished(council.slug.to_string()));
    };
    publications.sort_by_key(|p| std::cmp::Reverse((p.published_at, p.id)));
    let at = AsOf::at(publication.published_at);
    let through = publication.period;
    let history = store.history(&council.slug).await?;
    let empty = outturn_core::MeasureHistory::default();
    let measures = council
        .measures
        .iter()
        .filter_map(|m| {
            let history = history.measures.get(&m.code).unwrap_or(&empty);
            published_measure(&council, m, history, at, through)
        })
        .collect();
    Ok(Published { title: CouncilTitle::of(&council), council, publication, publications, at, through, measures })
}

/// A measure's published figures; None when it had none by the publication.
fn published_measure(
    council: &Council,
    measure: &Measure,
    history: &outturn_core::MeasureHistory,
    at: AsOf,
    through: Period,
) -> Option<PublishedMeasure> {
    let shown = |p: Period| p.frequency() == measure.frequency && p.last_month() <= through.last_month();
    let first =
        history.results.iter().filter(|e| at.knows(e.recorded_at) && shown(e.period)).map(|e| e.period).min()?;
    let view = MeasureView::new(measure, history, at);
    let point = |a: outturn_core::Assessment<'_>| PublishedPoint {
        period: a.figure_period,
        own: view.own_figure(a.figure_period),
        figure: a.figure,
        target: a.target,
        status: a.status,
        missing_reason: a.missing_reason,
        commentary: a.commentary.map(str::to_string),
    };
    let mut points = Vec::new();
    let mut p = first;
    while shown(p) && measure.is_active_in(p) {
        if let Some(a) = view.assess(p) {
            points.push(point(a));
        }
        p = p.next();
    }
    let current = measure.is_active_in(through).then(|| view.assess(through)).flatten().map(point);
    let owner = council.framework.node(&measure.owner).map_or_else(|| measure.owner.to_string(), |n| n.name.clone());
    Some(PublishedMeasure { measure: measure.clone(), owner, current, points })
}

/// The measure's SPC chart over its published figures (default settings,
/// the council's recorded process changes), as its page shows it.
pub async fn published_spc(
    store: &dyn Store,
    published: &Published,
    code: &MeasureCode,
) -> Result<MeasureSpc, AppError> {
    let measure = &published.measure(code)?.measure;
    let series = crate::statuses::spc::series_for(
        store,
        published.council.clone(),
        measure.clone(),
        None,
        Some(published.through),
        published.at,
    )
    .await?;
    Ok(crate::statuses::spc::analyse(series))
}

/// The measure compared with other councils, for the latest period with
/// comparator data ending by the publication's period. Comparator data is
/// published by others (LG Inform), so it is as loaded now.
pub async fn published_benchmark(
    store: &dyn Store,
    published: &Published,
    code: &MeasureCode,
) -> Result<Result<MeasureBenchmark, NoBenchmark>, AppError> {
    let measure = &published.measure(code)?.measure;
    crate::statuses::benchmark::benchmark_up_to(store, &published.council, measure, published.through).await
}
