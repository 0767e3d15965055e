//! outturn-web: the web application. Server-rendered pages (askama, GOV.UK
//! Frontend styles), forms with CSRF tokens, sessions in the database. Every
//! page works without JavaScript. Handlers are thin: they parse the request,
//! call one app use case, and render what it returns; permissions are
//! decided by `outturn_app::access`.

pub mod api;
mod assets;
mod benchmark;
mod chart;
mod committee_views;
mod early_warning;
mod error;
mod filters;
mod forecast;
mod forms;
mod ids;
mod page;
mod request_context;
pub(crate) mod routes;
mod session;
mod spc;
mod table_wrapper;
mod telemetry;
mod views;

use std::sync::Arc;

use axum::Router;
use outturn_app::cache::RevisionCache;
use outturn_app::statuses::dashboard::Dashboard;
use outturn_store::Store;

pub use error::WebError;
pub use telemetry::{REQUEST_ID, service_layers};

/// The most bytes a request body may hold, a form's or the API's (a file
/// upload has its own, larger limit).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Mark cookies Secure (when served over HTTPS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// Evaluated dashboards, kept while their council is unchanged.
    pub dashboards: Arc<RevisionCache<Dashboard>>,
    /// Rendered page content (without the per-person header), likewise.
    pub pages: Arc<RevisionCache<String>>,
    /// Measure pages (a year of one measure's figures), likewise.
    pub measure_pages: Arc<RevisionCache<outturn_app::statuses::measure_page::MeasurePage>>,
    /// Each kept measure page's chart and tables, formatted (same keys and revisions).
    pub(crate) measure_figures: Arc<RevisionCache<views::MeasureFigures>>,
    /// The measure page's SPC section, drawn, per measure and revision.
    pub(crate) measure_spc: Arc<RevisionCache<String>>,
    /// Each measure page's content, rendered (everything but the chrome and
    /// the forms), per page kept and the buttons the person sees.
    pub(crate) measure_content: Arc<RevisionCache<views::KeptMeasureContent>>,
    /// Each council's published view (what the public see), likewise.
    pub(crate) published: Arc<RevisionCache<outturn_app::published::Published>>,
    /// Each council's early warnings (forecasts missing their year-end
    /// target), per revision and day; and each measure's, kept between
    /// revisions so that a write forecasts again only what it touched.
    pub(crate) early_warnings: Arc<RevisionCache<outturn_app::statuses::early_warning::EarlyWarnings>>,
    pub(crate) early_warning_kept: Arc<outturn_app::statuses::early_warning::Kept>,
    /// False while the landing dashboards are being prepared at start (`/healthz` says 503).
    pub ready: Arc<std::sync::atomic::AtomicBool>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, secure_cookies: bool) -> Self {
        AppState {
            store,
            secure_cookies,
            // A dashboard of a shared service's council holds tens of
            // thousands of statuses (some megabytes): keep a few dozen.
            dashboards: Arc::new(RevisionCache::new(32)),
            pages: Arc::new(RevisionCache::new(256)),
            measure_pages: Arc::new(RevisionCache::new(1024)),
            measure_figures: Arc::new(RevisionCache::new(1024)),
            measure_spc: Arc::new(RevisionCache::new(1024)),
            // Over a hundred kilobytes each with ten years of monthly
            // results: fewer than the pages (a miss redraws from those).
            measure_content: Arc::new(RevisionCache::new(256)),
            published: Arc::new(RevisionCache::new(64)),
            early_warnings: Arc::new(RevisionCache::new(64)),
            early_warning_kept: Arc::default(),
            ready: Arc::new(std::sync::atomic::AtomicBool::new(true)),
        }
    }
}

/// The whole application, with request ids and request logging (see
/// [`service_layers`]).
pub fn router(state: AppState) -> Router {
    service_layers(routes::router().with_state(state))
}

/// Computes each council's landing dashboard (the quarter everyone sees) in
/// the background, so the first person to open it after the server starts
/// does not wait for a large council's history to be read. Requests that
/// arrive meanwhile wait for the same computation rather than repeat it, and
/// `/healthz` answers 503 until it is done.
pub fn warm_landing_pages(state: &AppState) {
    let (store, dashboards, ready) = (state.store.clone(), state.dashboards.clone(), state.ready.clone());
    ready.store(false, std::sync::atomic::Ordering::Relaxed);
    tokio::spawn(async move {
        // Ready however the preparing ends: it only saves the first readers time.
        struct Ready(Arc<std::sync::atomic::AtomicBool>);
        impl Drop for Ready {
            fn drop(&mut self) {
                self.0.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let _ready = Ready(ready);
        let started = std::time::Instant::now();
        let councils = match store.councils().await {
            Ok(councils) => councils,
            Err(e) => return tracing::warn!(error = %e, "cannot list councils to prepare their dashboards"),
        };
        let actor = outturn_app::actor::Actor::Scheduler;
        for council in &councils {
            let filter = outturn_app::statuses::dashboard::DashboardFilter::default();
            let computed = outturn_app::statuses::dashboard::dashboard(
                store.as_ref(),
                &dashboards,
                &actor,
                &council.slug,
                None,
                None,
                filter,
            )
            .await;
            if let Err(e) = computed {
                tracing::warn!(council = %council.slug, error = %e, "cannot prepare the council's dashboard");
            }
        }
        tracing::info!(
            councils = councils.len(),
            ms = started.elapsed().as_millis() as u64,
            "landing dashboards ready"
        );
    });
}

/// Serves the application on a listener already bound (so the caller can
/// say which address it got, port 0 included) until the process is stopped.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}
