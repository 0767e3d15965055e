//! What every request passes through for the log (zero2prod's telemetry, with
//! tower-http's layers): a request id (`x-request-id`, kept from a proxy when
//! it is a plain token, else a new UUID) sent back on the response; a span per
//! request with its method, path and id; a line per response with its status
//! and latency; ONE error line per 5xx with its cause; and a panic in a
//! handler answered with the service's 500 page (or problem) instead of a
//! dropped connection. The subscriber that writes the lines is the binary's.

use std::any::Any;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderName;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

use crate::api::ApiError;
use crate::error::WebError;
use crate::request_context::{InternalCause, RequestContext, is_api};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps `routes` in what every response passes through: the telemetry
/// above and the security headers. Public so that a test can put a route of
/// its own behind it (a handler that panics); the service's routes are in
/// [`crate::router`].
pub fn service_layers(routes: Router) -> Router {
    // The last layer added is the outermost: read from the bottom up.
    routes
        .layer(CatchPanicLayer::custom(answer_panic))
        .layer(middleware::from_fn(in_context))
        .layer(middleware::map_response(crate::routes::security_headers))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Millis))
                // A 5xx has its own line, with its cause, from `in_context`.
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(middleware::map_request(drop_unfit_request_id))
}

/// An id from outside (a proxy's) is kept only when it is a short plain
/// token: it is echoed on pages and written to the log.
async fn drop_unfit_request_id(mut request: Request) -> Request {
    let fit =
        |v: &[u8]| !v.is_empty() && v.len() <= 64 && v.iter().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b));
    if request.headers().get(&REQUEST_ID).is_some_and(|v| !fit(v.as_bytes())) {
        request.headers_mut().remove(&REQUEST_ID);
    }
    request
}

/// The span every line about a request sits in. The path without its query
/// string: a query may carry what a reader typed or a return address.
fn request_span(request: &Request) -> Span {
    let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
}

/// Makes the request id reachable from the error mappings while the request
/// is answered, and writes the one error line of a 5xx.
async fn in_context(request: Request, next: Next) -> Response {
    let id: Arc<str> = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("").into();
    let api = request.uri().path().starts_with("/api/");
    let mut response = RequestContext { id, api }.scope(next.run(request)).await;
    if response.status().is_server_error() {
        let status = response.status().as_u16();
        match response.extensions_mut().remove::<InternalCause>() {
            Some(InternalCause(cause)) => tracing::error!(status, %cause, "internal error"),
            None => tracing::error!(status, "server error with no recorded cause"),
        }
    }
    response
}

/// A handler panicked: the reader gets the service's 500 (a problem for the
/// API), the log its message (through `in_context`, which this runs inside).
fn answer_panic(payload: Box<dyn Any + Send + 'static>) -> Response {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(a panic with no message)");
    let cause = format!("a handler panicked: {message}");
    if is_api() { ApiError::Internal(cause).into_response() } else { WebError::Internal(cause).into_response() }
}
