//! Axum's extractors with their refusals as problem details (a plain-text
//! 400 would break the API's promise that every error is problem+json).

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::problem::{ApiError, FieldProblem};

/// Path parameters.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(e) => Err(ApiError::BadRequest(format!("the path cannot be read: {}", e.body_text()), Vec::new())),
        }
    }
}

/// Query parameters (none may hold a control character).
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(message) = crate::forms::problem_in_encoded(parts.uri.query().unwrap_or("").as_bytes()) {
            return Err(ApiError::BadRequest(format!("the query cannot be read: {message}"), Vec::new()));
        }
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(e) => Err(ApiError::BadRequest(format!("the query cannot be read: {}", e.body_text()), Vec::new())),
        }
    }
}

/// A JSON body: no string in it (name or value) may hold a control character.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(value)) => {
                if let Some((pointer, message)) = problem_in_json(&value, String::new()) {
                    return Err(ApiError::Invalid(
                        format!("{pointer} cannot be stored: {message}"),
                        vec![FieldProblem { pointer: Some(format!("#{pointer}")), parameter: None, detail: message }],
                    ));
                }
                serde_json::from_value(value).map(ApiJson).map_err(|e| {
                    ApiError::Invalid(format!("the body does not have the fields expected: {e}"), Vec::new())
                })
            }
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(ApiError::UnsupportedMediaType("send the body as JSON, with Content-Type: application/json".into()))
            }
            Err(JsonRejection::JsonDataError(e)) => Err(ApiError::Invalid(
                format!("the body does not have the fields expected: {}", e.body_text()),
                Vec::new(),
            )),
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::TooLarge),
            Err(e) => Err(ApiError::BadRequest(format!("the body is not JSON: {}", e.body_text()), Vec::new())),
        }
    }
}

/// The first string in the JSON holding a control character or too long a
/// text, with where it is (a JSON Pointer: `/commentary`,
/// `/results/0/commentary`) and why.
fn problem_in_json(value: &serde_json::Value, at: String) -> Option<(String, String)> {
    use outturn_core::text::problem;
    match value {
        serde_json::Value::String(text) => problem(text).map(|p| (at, p)),
        serde_json::Value::Array(items) => {
            items.iter().enumerate().find_map(|(i, item)| problem_in_json(item, format!("{at}/{i}")))
        }
        serde_json::Value::Object(fields) => fields.iter().find_map(|(name, item)| {
            let here = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
            match problem(name) {
                Some(p) => Some((here, p)),
                None => problem_in_json(item, here),
            }
        }),
        _ => None,
    }
}
