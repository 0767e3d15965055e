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
        let secret = header.to_str().ok().and_then(bearer_secret).ok_or(ApiError::Unauthorized { invalid: true })?;
        match authenticate(state.store.as_ref(), secret, Timestamp::now()).await? {
            Some(caller) => Ok(Caller(caller)),
            None => Err(ApiError::Unauthorized { invalid: true }),
        }
    }
}

/// The token in an `Authorization` header's value, read as RFC 7235 section
/// 2.1 and RFC 6750 section 2.1 say: the scheme `Bearer` in any case
/// (`bearer`, `BEARER`), then one or more spaces, then the token (a b64token:
/// letters, digits and `-._~+/`, then any `=`), and nothing after it. Space
/// around the whole value is no part of it (RFC 9110 section 5.5). Anything
/// else (another scheme, a tab for the spaces, a second word) is no bearer
/// token: None.
pub fn bearer_secret(value: &str) -> Option<&str> {
    let (scheme, rest) = value.trim_matches([' ', '\t']).split_once(' ')?;
    let token = rest.trim_start_matches(' ');
    let body = token.trim_end_matches('=');
    let b64token = !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/'));
    (scheme.eq_ignore_ascii_case("bearer") && b64token).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::bearer_secret;

    #[test]
    fn the_bearer_scheme_is_read_in_any_case_after_one_or_more_spaces() {
        for value in ["Bearer abc123", "bearer abc123", "BEARER abc123", "bEaReR    abc123", " Bearer abc123 "] {
            assert_eq!(bearer_secret(value), Some("abc123"), "{value:?}");
        }
        assert_eq!(bearer_secret("Bearer a-b.c_d~e+f/g=="), Some("a-b.c_d~e+f/g=="));
        for value in [
            "",
            "Bearer",
            "Bearer ",
            "Bearerabc123",
            "Bearer\tabc123",
            "Basic abc123",
            "Token abc123",
            "Bearer abc 123",
            "Bearer abc123, Basic x",
            "Bearer =abc",
            "Bearer abc=1",
        ] {
            assert_eq!(bearer_secret(value), None, "{value:?}");
        }
    }
}
