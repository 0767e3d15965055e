//! Reading form fields: numbers as people type them, with a message per field.

use outturn_app::framework::file::parse_decimal;
use outturn_app::results::data_entry::FieldError;

use crate::error::WebError;
use outturn_core::Decimal;

/// An optional decimal field; a problem names the field.
pub fn decimal_field(field: &'static str, label: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<Decimal> {
    let t = text.trim().trim_end_matches('%').trim_start_matches('£').trim();
    if t.is_empty() {
        return None;
    }
    match parse_decimal(t) {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(FieldError { field, message: format!("{label} must be a number, like 59.9 or 224901") });
            None
        }
    }
}

/// A trimmed text field, None when blank.
pub fn text_field(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// axum's `Form`, with a refusal the service shows as its own error page
/// (never the parser's message).
pub struct Form<T>(pub T);

impl<S: Send + Sync, T> axum::extract::FromRequest<S> for Form<T>
where
    axum::Form<T>: axum::extract::FromRequest<S>,
{
    type Rejection = WebError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(Form(value)),
            Err(_) => {
                Err(WebError::BadRequest("the form could not be read: go back, reload the page and try again".into()))
            }
        }
    }
}

/// axum's `Query`, likewise.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T> axum::extract::FromRequestParts<S> for Query<T>
where
    axum::extract::Query<T>: axum::extract::FromRequestParts<S>,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(_) => Err(WebError::BadRequest("the address has a value that could not be read".into())),
        }
    }
}
