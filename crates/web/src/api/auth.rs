//! Who is calling: the bearer token in `Authorization`, checked by the app
//! (`outturn_app::accounts::api_tokens`), which also records its last use.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use jiff::Timestamp;
use outturn_app::accounts::api_tokens::{ApiCaller, authenticate};
use outturn_app::actor::Actor;

use super::problem::ApiError;
use crate::AppState;

/// A caller with a live token; any other request is refused with 401.
pub struct Caller(pub ApiCaller);

impl Caller {
    /// The caller as the use cases know it: the token's user, capped by its scope.
    pub fn actor(&self) -> Actor {
        Actor::Token(self.0.clone())
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Err(ApiError::Unauthorized { invalid: false });
        };
        let secret = header
            .to_str()
            .ok()
            .and_then(|h| h.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, secret)| secret.trim())
            .ok_or(ApiError::Unauthorized { invalid: true })?;
        match authenticate(state.store.as_ref(), secret, Timestamp::now()).await? {
            Some(caller) => Ok(Caller(caller)),
            None => Err(ApiError::Unauthorized { invalid: true }),
        }
    }
}
