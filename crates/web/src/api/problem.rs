//! The one place where API errors become responses: RFC 9457 problem details
//! (`application/problem+json`), with the fields at fault named one by one.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use outturn_app::AppError;
use outturn_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::request_context::{InternalCause, request_id};

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem: what went wrong, for a program and for a person.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem (`/api/v1/problems/not-found`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind of problem in words; the same for every problem of the kind.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, in words.
    pub detail: String,
    /// For a request that cannot be accepted as it is: each field or parameter at fault.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub errors: Vec<FieldProblem>,
    /// This request's id, as in the `x-request-id` header: quote it when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false, nullable = false)]
    pub request_id: Option<String>,
}

/// One field or query parameter at fault and what is wrong with it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// A JSON Pointer into the request body (`#/value`), for a body field.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false, nullable = false)]
    pub pointer: Option<String>,
    /// The query parameter's name (`limit`), for a parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false, nullable = false)]
    pub parameter: Option<String>,
    pub detail: String,
}

impl FieldProblem {
    pub fn body(field: &str, detail: impl Into<String>) -> Self {
        FieldProblem { pointer: Some(format!("#/{field}")), parameter: None, detail: detail.into() }
    }
    pub fn parameter(name: &str, detail: impl Into<String>) -> Self {
        FieldProblem { pointer: None, parameter: Some(name.to_string()), detail: detail.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No token, or one that is not (or no longer) valid.
    #[error("{}", if *.invalid { "the bearer token is not valid: it may be mistyped, revoked, or its user disabled" } else { "this API needs a bearer token: send Authorization: Bearer TOKEN (`outturn token create` makes one)" })]
    Unauthorized { invalid: bool },
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// Query parameters that cannot be read.
    #[error("{0}")]
    BadRequest(String, Vec<FieldProblem>),
    /// A body that is well formed but cannot be accepted.
    #[error("{0}")]
    Invalid(String, Vec<FieldProblem>),
    /// A method the resource does not have (the response's Allow header names those it has).
    #[error("{0} is not a method of this resource: the Allow header names those it has")]
    MethodNotAllowed(String),
    /// A body over [`crate::MAX_BODY_BYTES`].
    #[error(
        "the body is larger than the {} MB the API reads: send less at a time", crate::MAX_BODY_BYTES / 1024 / 1024
    )]
    TooLarge,
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    PreconditionFailed(String),
    #[error(
        "this change needs an If-Match header with the ETag from a GET of the resource, so it cannot overwrite a change made since"
    )]
    PreconditionRequired,
    /// The database is held by another change for longer than a write waits.
    #[error(
        "the database is busy with another change (a long import, perhaps): nothing was written; send the request again in a minute"
    )]
    Busy(String),
    #[error("something went wrong on our side")]
    Internal(String),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(..) => StatusCode::BAD_REQUEST,
            ApiError::Invalid(..) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem type's name and title.
    fn kind(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::Unauthorized { .. } => ("unauthorized", "A valid bearer token is needed"),
            ApiError::Forbidden(_) => ("forbidden", "You do not have permission to do that"),
            ApiError::NotFound(_) => ("not-found", "Not found"),
            ApiError::BadRequest(..) => ("bad-request", "The request cannot be read"),
            ApiError::Invalid(..) => ("invalid", "The request has problems"),
            ApiError::MethodNotAllowed(_) => ("method-not-allowed", "Method not allowed"),
            ApiError::TooLarge => ("too-large", "The body is too large"),
            ApiError::UnsupportedMediaType(_) => ("unsupported-media-type", "The body must be JSON"),
            ApiError::PreconditionFailed(_) => ("precondition-failed", "Changed since you read it"),
            ApiError::PreconditionRequired => ("precondition-required", "If-Match is required"),
            ApiError::Busy(_) => ("busy", "The service is busy"),
            ApiError::Internal(_) => ("internal", "Sorry, there is a problem with the service"),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Forbidden => ApiError::Forbidden(
                "your account (or this token's scope) does not allow this: ask your performance team for access".into(),
            ),
            AppError::NoCouncil(slug, _) => ApiError::NotFound(format!("there is no council \"{slug}\"")),
            AppError::NoMeasure { council, code } => {
                ApiError::NotFound(format!("council {council} has no measure \"{code}\" (codes are case-sensitive)"))
            }
            AppError::NoPublication(id) => ApiError::NotFound(format!("there is no published report {id}")),
            AppError::NothingPublished(_) => ApiError::NotFound(e.to_string()),
            AppError::Store(s) => s.into(),
            other => ApiError::Invalid(other.to_string(), Vec::new()),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NoCouncil(slug) => ApiError::NotFound(format!("there is no council \"{slug}\"")),
            // Both mean: nothing was written, and the same request may succeed if sent again.
            e @ (StoreError::Busy(_) | StoreError::LocksMoved) => ApiError::Busy(e.to_string()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (name, title) = self.kind();
        let detail = match &self {
            ApiError::Internal(_) => "Try again later. If it keeps happening, tell your performance team.".to_string(),
            other => outturn_app::sentence_case(&other.to_string()),
        };
        let unauthorized = match &self {
            ApiError::Unauthorized { invalid } => Some(*invalid),
            _ => None,
        };
        // The detail goes to the log (the telemetry layer writes it), not to the
        // caller: it may name tables or paths.
        let (errors, cause) = match self {
            ApiError::BadRequest(_, errors) | ApiError::Invalid(_, errors) => (errors, None),
            ApiError::Internal(detail) | ApiError::Busy(detail) => (Vec::new(), Some(InternalCause(detail))),
            _ => (Vec::new(), None),
        };
        let problem = Problem {
            kind: format!("/api/v1/problems/{name}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail,
            errors,
            request_id: request_id().map(|id| id.to_string()),
        };
        let body = serde_json::to_string(&problem).expect("a problem serialises");
        let mut response = (status, body).into_response();
        if let Some(cause) = cause {
            response.extensions_mut().insert(cause);
        }
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static(crate::error::RETRY_AFTER_SECONDS));
        }
        if let Some(invalid) = unauthorized {
            let value =
                if invalid { "Bearer realm=\"outturn\", error=\"invalid_token\"" } else { "Bearer realm=\"outturn\"" };
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(value));
        }
        response
    }
}
