//! The stylesheets and script, built into the binary so the server needs no files beside it.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const ASSETS: &[(&str, &str, &[u8])] = &[
    ("govuk-frontend.min.css", "text/css; charset=utf-8", include_bytes!("../static/govuk-frontend.min.css")),
    ("govuk-frontend.min.js", "text/javascript; charset=utf-8", include_bytes!("../static/govuk-frontend.min.js")),
    ("outturn.css", "text/css; charset=utf-8", include_bytes!("../static/outturn.css")),
];

pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
