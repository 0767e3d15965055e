//! Every route and the handler behind it.

mod audit;
mod auth;
mod council;
pub(crate) mod entry;
mod home;
mod measure;
pub(crate) mod measure_edit;

use axum::Router;
use axum::http::header;
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
        .route("/councils/{council}/measures/{code}/edit", get(measure_edit::edit_form).post(measure_edit::save))
        .route("/councils/{council}/entry", get(entry::entry_list))
        .route("/councils/{council}/measures/{code}/result", get(entry::entry_form).post(entry::record_result))
        .layer(axum::middleware::map_response(security_headers))
}

async fn healthz() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "ok")
}

/// Headers every response carries: no framing, no sniffing, a strict content policy.
async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
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
