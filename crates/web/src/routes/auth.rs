//! Signing in and out.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use outturn_app::accounts::{
    SESSION_LENGTH, SignInError, random_token, sign_in as app_sign_in, sign_out as app_sign_out,
};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::forms::{Form, Query};
use crate::session::{FORM_COOKIE, SESSION_COOKIE, Visitor, check_post, cookie, set_cookie};
use crate::views::{Chrome, SignInPage, render};

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only a path on this site: never another site ("//evil.example").
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.chars().any(char::is_control) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

pub async fn sign_in_form(State(state): State<AppState>, Query(q): Query<NextQuery>) -> Response {
    let form_token = random_token();
    let page = SignInPage {
        chrome: Chrome::default(),
        form_token: form_token.clone(),
        next: safe_next(q.next.as_deref()),
        username: String::new(),
        error: None,
    };
    ([(SET_COOKIE, set_cookie(FORM_COOKIE, &form_token, 3600, state.secure_cookies))], render(&page)).into_response()
}

#[derive(Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
    #[serde(default)]
    csrf_token: String,
    next: Option<String>,
}

pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, WebError> {
    let expected = cookie(&headers, FORM_COOKIE).unwrap_or_default();
    check_post(&headers, state.secure_cookies, &expected, &form.csrf_token)?;
    let next = safe_next(form.next.as_deref());
    match app_sign_in(state.store.as_ref(), &form.username, &form.password, Timestamp::now()).await {
        Ok(signed_in) => {
            let mut response = Redirect::to(&next).into_response();
            let h = response.headers_mut();
            h.append(
                SET_COOKIE,
                set_cookie(SESSION_COOKIE, &signed_in.token, SESSION_LENGTH.as_secs(), state.secure_cookies),
            );
            h.append(SET_COOKIE, set_cookie(FORM_COOKIE, "", 0, state.secure_cookies));
            Ok(response)
        }
        Err(SignInError::Store(e)) => Err(e.into()),
        Err(refused) => {
            let status = match refused {
                SignInError::Throttled => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::OK,
            };
            let page = SignInPage {
                chrome: Chrome::default(),
                form_token: expected,
                next,
                username: form.username,
                error: Some(outturn_app::sentence_case(&refused.to_string())),
            };
            Ok((status, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf_token: String,
}

pub async fn sign_out(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Form(form): Form<SignOutForm>,
) -> Result<Response, WebError> {
    let Some(signed_in) = visitor.0 else { return Ok(Redirect::to("/").into_response()) };
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &form.csrf_token)?;
    app_sign_out(state.store.as_ref(), &signed_in.token, &signed_in.user.username).await?;
    Ok(([(SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies))], Redirect::to("/")).into_response())
}
