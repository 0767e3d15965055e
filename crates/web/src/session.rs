//! Who is asking: the session cookie, the signed-in user, and the checks
//! every form post passes (CSRF token and Origin).

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use jiff::Timestamp;
use outturn_app::actor::Actor;
use outturn_store::User;

use crate::AppState;
use crate::error::WebError;

pub const SESSION_COOKIE: &str = "outturn_session";
/// Before signing in there is no session: the sign-in form's token lives in its own cookie.
pub const FORM_COOKIE: &str = "outturn_form";

/// A signed-in person.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub csrf_token: String,
    /// The browser's session token (to sign out).
    pub token: String,
}

/// The person asking, signed in or not.
pub struct Visitor(pub Option<SignedIn>);

impl SignedIn {
    /// The person as the use cases know them.
    pub fn actor(&self) -> Actor {
        Actor::User(self.user.clone())
    }
}

impl Visitor {
    pub fn user(&self) -> Option<&User> {
        self.0.as_ref().map(|s| &s.user)
    }
    /// The signed-in person, or the public.
    pub fn actor(&self) -> Actor {
        Actor::visitor(self.user())
    }
    /// The signed-in person, or a redirect to sign in and come back to `next`.
    pub fn require(self, next: &str) -> Result<SignedIn, WebError> {
        self.0.ok_or_else(|| WebError::SignInRequired { next: next.to_string() })
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else { return Ok(Visitor(None)) };
        let found = outturn_app::accounts::session(state.store.as_ref(), &token, Timestamp::now()).await?;
        Ok(Visitor(found.map(|(session, user)| SignedIn { user, csrf_token: session.csrf_token, token })))
    }
}

/// A cookie's value from the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure over HTTPS.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"))
        .expect("cookie values are hex")
}

/// Every POST: the form's token must match, and a browser's Origin (when
/// sent) must be this site.
pub fn check_post(headers: &HeaderMap, expected: &str, given: &str) -> Result<(), WebError> {
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        return Err(WebError::BadCsrf);
    }
    if let Some(origin) = headers.get(ORIGIN).and_then(|o| o.to_str().ok()) {
        let host = headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
        if origin == "null" || origin_host != host {
            return Err(WebError::BadCsrf);
        }
    }
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
