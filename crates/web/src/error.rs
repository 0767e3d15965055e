//! The one place where errors become responses.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use outturn_app::AppError;
use outturn_store::StoreError;

use crate::page::{Chrome, render};
use crate::request_context::{InternalCause, request_id};

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub title: &'static str,
    pub message: String,
    /// The request id, for the reader to quote (on a 500 only: the one page a reader may need to report).
    pub reference: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("sign in to see this page")]
    SignInRequired { next: String },
    #[error("you do not have permission to do that")]
    Forbidden,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("the form has expired or did not come from this site: go back, reload the page and try again")]
    BadCsrf,
    /// A method the page does not have (the response's Allow header names those it has).
    #[error("this page cannot be sent a {0} request")]
    MethodNotAllowed(String),
    /// A body over the most the page takes; the message says how much that is.
    #[error("{0}")]
    TooLarge(String),
    /// The database is held by another change for longer than a write waits.
    #[error("the service is busy")]
    Busy(String),
    #[error("something went wrong on our side")]
    Internal(String),
}

/// How long a reader is asked to wait after a busy answer, in seconds.
pub const RETRY_AFTER_SECONDS: &str = "30";

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Forbidden => WebError::Forbidden,
            AppError::NoCouncil(slug, _) => WebError::NotFound(format!("there is no council \"{slug}\" here")),
            AppError::NoMeasure { council, code } => WebError::NotFound(format!(
                "there is no measure \"{code}\" in {council}: codes are written exactly, such as BV9 (search by code or title from the council's menu)"
            )),
            AppError::FrameworkFile(_) | AppError::LegacyLines(_) | AppError::ImportRows(_) | AppError::Workflow(_) => {
                WebError::BadRequest(e.to_string())
            }
            AppError::Store(s) => s.into(),
            AppError::NoCommitteeAction { .. } => WebError::NotFound(e.to_string()),
            AppError::NoPublication(id) => WebError::NotFound(format!("there is no published report {id} here")),
            AppError::NothingPublished(_) => WebError::NotFound(e.to_string()),
            AppError::CommitteeFile(_) | AppError::BadInput { .. } => WebError::BadRequest(e.to_string()),
            AppError::Reminder(_) | AppError::Export(_) => WebError::BadRequest(e.to_string()),
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NoCouncil(slug) => WebError::NotFound(format!("there is no council \"{slug}\" here")),
            // Both mean: nothing was written, and the same form may succeed if sent again.
            e @ (StoreError::Busy(_) | StoreError::LocksMoved) => WebError::Busy(e.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title) = match &self {
            WebError::SignInRequired { next } => {
                let target = format!("/sign-in?next={}", crate::filters::url_encode(next));
                return Redirect::to(&target).into_response();
            }
            WebError::Forbidden => (StatusCode::FORBIDDEN, "You do not have permission to see this page"),
            WebError::NotFound(_) => (StatusCode::NOT_FOUND, "Page not found"),
            WebError::BadRequest(_) => (StatusCode::BAD_REQUEST, "There is a problem with the request"),
            WebError::BadCsrf => (StatusCode::FORBIDDEN, "The form could not be sent"),
            WebError::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "This page cannot be sent that request"),
            WebError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "What was sent is too large"),
            WebError::Busy(_) => (StatusCode::SERVICE_UNAVAILABLE, "The service is busy"),
            WebError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Sorry, there is a problem with the service"),
        };
        let message = match &self {
            WebError::Internal(_) => "Try again later. If it keeps happening, tell your performance team.".to_string(),
            WebError::Busy(_) => {
                "Another large change, such as an import, is being saved. Nothing you sent was saved: \
                                  go back and send it again in a minute."
                    .to_string()
            }
            WebError::Forbidden => {
                "If you need to see or change this, ask your performance team for access.".to_string()
            }
            other => outturn_app::sentence_case(&other.to_string()),
        };
        let chrome = Chrome { hide_account: true, ..Chrome::default() };
        let reference = match &self {
            WebError::Internal(_) | WebError::Busy(_) => request_id().map(|id| id.to_string()),
            _ => None,
        };
        let mut response = (status, render(&ErrorPage { title, message, chrome, reference })).into_response();
        if matches!(self, WebError::Busy(_)) {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
        }
        if let WebError::Internal(detail) | WebError::Busy(detail) = self {
            // The detail goes to the log (the telemetry layer writes it), not to
            // the reader: it may name tables or paths.
            response.extensions_mut().insert(InternalCause(detail));
        }
        response
    }
}
