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
/// sent) must be this site. `https` is whether the site is reached over
/// HTTPS, which is what `secure_cookies` says (see [`origin_is_this_site`]).
pub fn check_post(headers: &HeaderMap, https: bool, expected: &str, given: &str) -> Result<(), WebError> {
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        return Err(WebError::BadCsrf);
    }
    if let Some(origin) = headers.get(ORIGIN) {
        let host = headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        if !origin.to_str().is_ok_and(|origin| origin_is_this_site(origin, host, https)) {
            return Err(WebError::BadCsrf);
        }
    }
    Ok(())
}

/// Whether a browser's `Origin` names this site: the same scheme, host and
/// port (RFC 6454: an origin is all three).
///
/// The host and port are the request's `Host` header (a port left out is
/// the scheme's default, 80 or 443; host names compare without regard to
/// case). The scheme is the one the browser uses to reach the site, which
/// the server knows from its configuration, not from the request: `https`
/// when it is served with Secure cookies (`outturn serve --secure-cookies`,
/// directly over TLS or behind a proxy that terminates TLS and passes the
/// `Host` header on unchanged), `http` otherwise. So a plain-HTTP server
/// refuses an `https://` Origin for its own host and port, and the reverse;
/// `Origin: null` (a sandboxed or privacy-sensitive context) is refused.
pub fn origin_is_this_site(origin: &str, host: &str, https: bool) -> bool {
    let scheme = if https { "https" } else { "http" };
    let Some((origin_scheme, origin_authority)) = origin.split_once("://") else { return false };
    if !origin_scheme.eq_ignore_ascii_case(scheme) || origin_authority.contains(['/', '@', '?', '#']) {
        return false;
    }
    let default_port = if https { 443 } else { 80 };
    match (host_and_port(origin_authority, default_port), host_and_port(host, default_port)) {
        (Some((origin_host, origin_port)), Some((host, port))) => {
            origin_host.eq_ignore_ascii_case(host) && origin_port == port
        }
        _ => false,
    }
}

/// `example.org:8080` as its host and port, the port `default` when not
/// given (`[::1]:8080` for an IPv6 address); None when the port is not a
/// number or the host is empty.
fn host_and_port(authority: &str, default: u16) -> Option<(&str, u16)> {
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    let port = match port {
        Some(port) => port.parse().ok()?,
        None => default,
    };
    (!host.is_empty()).then_some((host, port))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::origin_is_this_site;

    #[test]
    fn an_origin_is_this_site_when_scheme_host_and_port_all_match() {
        // A plain-HTTP server on a port of its own.
        assert!(origin_is_this_site("http://127.0.0.1:8080", "127.0.0.1:8080", false));
        assert!(!origin_is_this_site("https://127.0.0.1:8080", "127.0.0.1:8080", false));
        assert!(!origin_is_this_site("http://127.0.0.1:8081", "127.0.0.1:8080", false));
        assert!(!origin_is_this_site("http://127.0.0.2:8080", "127.0.0.1:8080", false));
        assert!(!origin_is_this_site("http://127.0.0.1", "127.0.0.1:8080", false));
        // Behind a proxy that terminates TLS: the browser's Origin is https,
        // the Host header the proxy passes on has no port.
        assert!(origin_is_this_site("https://outturn.example.gov.uk", "outturn.example.gov.uk", true));
        assert!(origin_is_this_site("https://outturn.example.gov.uk:443", "Outturn.Example.gov.uk", true));
        assert!(!origin_is_this_site("http://outturn.example.gov.uk", "outturn.example.gov.uk", true));
        assert!(!origin_is_this_site("https://outturn.example.gov.uk:8443", "outturn.example.gov.uk", true));
        assert!(origin_is_this_site("http://outturn.example.gov.uk", "outturn.example.gov.uk:80", false));
        // IPv6, and what is no origin at all.
        assert!(origin_is_this_site("http://[::1]:8080", "[::1]:8080", false));
        assert!(!origin_is_this_site("http://[::1]", "[::1]:8080", false));
        for bad in [
            "null",
            "",
            "127.0.0.1:8080",
            "http://",
            "http://127.0.0.1:8080/x",
            "http://u@127.0.0.1:8080",
            "http://127.0.0.1:x",
        ] {
            assert!(!origin_is_this_site(bad, "127.0.0.1:8080", false), "{bad}");
        }
        assert!(!origin_is_this_site("http://127.0.0.1:8080", "", false));
    }
}
