//! Every route and the handler behind it.

mod audit;
mod auth;
mod committee;
mod council;
pub(crate) mod entry;
mod entry_grid;
mod forecast_override;
mod home;
mod measure;
pub(crate) mod measure_edit;
mod published;
mod reminders;
mod report_draft;
mod reports;
mod rounds;
mod upload;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/healthz", get(healthz))
        .route("/favicon.ico", get(|| async { axum::http::StatusCode::NO_CONTENT }))
        .route("/static/{name}", get(crate::assets::asset))
        .route("/sign-in", get(auth::sign_in_form).post(auth::sign_in))
        .route("/sign-out", axum::routing::post(auth::sign_out))
        .route("/audit", get(audit::audit_log))
        .route("/councils/{council}", get(council::dashboard))
        .route("/councils/{council}/framework", get(council::framework))
        .route("/councils/{council}/nodes/{node}", get(council::node))
        .route("/councils/{council}/missing", get(council::missing))
        .route("/councils/{council}/search", get(council::search))
        .route("/councils/{council}/measures/{code}", get(measure::measure))
        .route("/councils/{council}/measures/{code}/target", get(measure::target_form).post(measure::revise_target))
        .route(
            "/councils/{council}/measures/{code}/forecast-override",
            get(forecast_override::override_form).post(forecast_override::record_override),
        )
        .route("/councils/{council}/download/{format}", get(council::dashboard_download))
        .route("/councils/{council}/measures/{code}/commentary-waiver", axum::routing::post(measure::waive_commentary))
        .route("/councils/{council}/measures/{code}/judgement", axum::routing::post(measure::judge_status))
        .route("/councils/{council}/measures/{code}/edit", get(measure_edit::edit_form).post(measure_edit::save))
        .route("/councils/{council}/entry", get(entry_grid::entry_list).post(entry_grid::save_entry_grid))
        .route("/councils/{council}/import", upload::route())
        .route("/councils/{council}/reminders", get(reminders::reminders))
        .route("/councils/{council}/measures/{code}/result", get(entry::entry_form).post(entry::record_result))
        // Committees and improvement plans.
        .route("/councils/{council}/meetings", get(committee::meetings))
        .route("/councils/{council}/meetings/{id}", get(committee::meeting))
        .route("/councils/{council}/actions/mine", get(committee::my_actions))
        .route("/councils/{council}/actions/{id}", get(committee::action).post(committee::update_action))
        .route("/councils/{council}/improvement-plans", get(committee::plans))
        .route("/councils/{council}/improvement-plans/{code}", get(committee::plan))
        .merge(crate::api::router())
        // Collection rounds, sign-off and published reports.
        .route("/councils/{council}/rounds", get(rounds::list).post(rounds::open))
        .route("/councils/{council}/rounds/{period}", get(rounds::status))
        .route("/councils/{council}/rounds/{period}/mine", get(rounds::mine))
        .route("/councils/{council}/rounds/{period}/close", axum::routing::post(rounds::close))
        .route("/councils/{council}/rounds/{period}/units/{unit}", axum::routing::post(rounds::step))
        .route("/councils/{council}/reports", get(reports::reports).post(reports::publish_report))
        .route("/councils/{council}/reports/{id}", get(reports::published))
        .route("/councils/{council}/reports/{id}/files/{format}", get(reports::download))
        // The public site: what each council has published, for anyone.
        .route("/accessibility", get(published::accessibility))
        .route("/published/{council}", get(published::council))
        .route("/published/{council}/measures/{code}", get(published::measure))
        .route("/published/{council}/results.csv", get(published::csv))
        .route("/published/{council}/results.csv-metadata.json", get(published::metadata))
        .route("/published/{council}/results.json", get(published::json))
        // Report drafts: narrative and report settings.
        .route("/councils/{council}/report-draft", get(report_draft::draft_page).post(report_draft::save_slot))
        .route("/councils/{council}/report-draft/files/{format}", get(report_draft::draft_file))
        .route(
            "/councils/{council}/report-settings",
            get(report_draft::settings_form).post(report_draft::save_settings),
        )
        // A method a page does not have: the error page, with axum's Allow
        // header (the API's routes have their own problem already).
        .method_not_allowed_fallback(method_not_allowed)
        // A path that is no page: the error page, or a problem under /api/.
        .fallback(no_such_path)
        // Forms and API bodies; the upload route sets its own, larger limit.
        .layer(axum::extract::DefaultBodyLimit::max(crate::MAX_BODY_BYTES))
}

async fn method_not_allowed(method: axum::http::Method) -> crate::WebError {
    crate::WebError::MethodNotAllowed(method.to_string())
}

async fn no_such_path(uri: axum::http::Uri) -> axum::response::Response {
    if uri.path().starts_with("/api/") {
        crate::api::not_found().await.into_response()
    } else {
        crate::WebError::NotFound("there is no page at this address".into()).into_response()
    }
}

/// 200 once the server is ready; 503 while it is still preparing the
/// councils' landing dashboards at start (see `warm_landing_pages`), so a
/// load balancer sends no one to it until then.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let text = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    if state.ready.load(std::sync::atomic::Ordering::Relaxed) {
        (StatusCode::OK, text, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, text, "starting: preparing the councils' dashboards")
    }
}

/// Headers every response carries: no framing, no sniffing, a strict content policy.
pub(crate) async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    let h = response.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, header::HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, header::HeaderValue::from_static("same-origin"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'"),
    );
    response
}
