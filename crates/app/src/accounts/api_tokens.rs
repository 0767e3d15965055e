//! Use cases: bearer tokens for the REST API. A token acts as its user (with
//! the user's role, decided by `access`), capped by its scope: a read token
//! never changes anything. The secret is shown once; only its hash is kept.

use jiff::{SignedDuration, Timestamp};
use outturn_store::{ApiToken, NewApiToken, Store, StoreError, TokenScope, User};

use crate::access::Action;
use crate::accounts::{random_token, token_hash};
use crate::actor::Actor;
use crate::audit_event::AuditEvent;

/// Written before every secret, so a leaked token is recognisable (secret
/// scanners, logs) and cannot be mistaken for a session cookie.
pub const TOKEN_PREFIX: &str = "outturn_";

/// A token's last use is written at most this often: a busy client would
/// otherwise turn every read into a write.
pub const LAST_USED_EVERY: SignedDuration = SignedDuration::from_mins(5);

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("there is no user {0}")]
    NoUser(String),
    #[error("user {0} is disabled: enable the account before giving it a token")]
    Disabled(String),
    #[error("there is no API token {0} (`outturn token list` lists them)")]
    NoToken(i64),
    #[error("a token's name is at most 200 characters on one line")]
    BadName,
    #[error("you do not have permission to do that")]
    Forbidden,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Tokens are given and taken away by those who manage accounts.
fn may_manage(actor: &Actor) -> Result<(), TokenError> {
    if actor.may(Action::ManageUsers) { Ok(()) } else { Err(TokenError::Forbidden) }
}

/// A token just made: `secret` is shown to its owner once and never again.
#[derive(Debug, Clone)]
pub struct CreatedToken {
    pub secret: String,
    pub token: ApiToken,
}

/// Makes a token for a user. The secret is 256 random bits; what is stored is
/// its SHA-256 hash. A fast hash is enough (and argon2 would be wrong): the
/// slow hash of passwords defends guessable secrets, and 2^256 cannot be
/// guessed, while every API request must be checked with one indexed lookup.
pub async fn create_token(
    store: &dyn Store,
    actor: &Actor,
    username: &str,
    scope: TokenScope,
    name: &str,
) -> Result<CreatedToken, TokenError> {
    may_manage(actor)?;
    let name = name.trim();
    if name.chars().count() > 200 || name.contains(['\n', '\r']) {
        return Err(TokenError::BadName);
    }
    let user = store.user_by_username(username).await?.ok_or_else(|| TokenError::NoUser(username.to_string()))?;
    if user.disabled {
        return Err(TokenError::Disabled(user.username));
    }
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let now = Timestamp::now();
    let name = if name.is_empty() { format!("{} token", scope.code()) } else { name.to_string() };
    let new = NewApiToken { token_hash: token_hash(&secret), user_id: user.id, name, scope, created_at: now };
    let audit = AuditEvent::TokenCreated { username: &user.username, name: &new.name, scope }.record_by(actor, now);
    let token = store.create_api_token(&new, &audit).await?;
    Ok(CreatedToken { secret, token })
}

/// Every token (of one user when named), revoked ones included; never a secret.
pub async fn list_tokens(
    store: &dyn Store,
    actor: &Actor,
    username: Option<&str>,
) -> Result<Vec<ApiToken>, TokenError> {
    may_manage(actor)?;
    let user_id = match username {
        Some(name) => Some(store.user_by_username(name).await?.ok_or_else(|| TokenError::NoUser(name.into()))?.id),
        None => None,
    };
    Ok(store.api_tokens(user_id).await?)
}

/// Revokes a token: it stops working at once and stays listed as revoked.
pub async fn revoke_token(store: &dyn Store, actor: &Actor, id: i64) -> Result<ApiToken, TokenError> {
    may_manage(actor)?;
    let now = Timestamp::now();
    let audit = AuditEvent::TokenRevoked { id }.record_by(actor, now);
    store.revoke_api_token(id, now, &audit).await?.ok_or(TokenError::NoToken(id))
}

/// Who is calling the API: a live token and its (enabled) user.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub token: ApiToken,
    pub user: User,
}

impl ApiCaller {
    /// How the audit log names where a change came from.
    pub fn via(&self) -> String {
        format!("API token {} ({})", self.token.id, self.token.name)
    }
}

/// The caller for a bearer secret, if it names a live token of an enabled
/// user; records the use (at most every [`LAST_USED_EVERY`]).
pub async fn authenticate(store: &dyn Store, secret: &str, now: Timestamp) -> Result<Option<ApiCaller>, StoreError> {
    if !secret.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let Some((token, user)) = store.api_token_user(&token_hash(secret)).await? else { return Ok(None) };
    let since = now - LAST_USED_EVERY;
    if token.last_used_at.is_none_or(|last| last < since) {
        store.touch_api_token(token.id, now, since).await?;
    }
    Ok(Some(ApiCaller { token, user }))
}
