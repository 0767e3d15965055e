//! Use cases: accounts and signing in. Passwords are hashed with argon2id;
//! session tokens are random and stored only as SHA-256 hashes; repeated
//! failed sign-ins for a username are refused for a while.

pub mod api_tokens;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use jiff::{SignedDuration, Timestamp};
use outturn_core::{Key, Role};
use outturn_store::{SessionRecord, Store, StoreError, User, UserRecord};
use sha2::{Digest, Sha256};

use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;

/// Failed sign-ins allowed for one username within [`THROTTLE_WINDOW`].
pub const MAX_FAILURES: usize = 5;
pub const THROTTLE_WINDOW: SignedDuration = SignedDuration::from_mins(15);
/// How long a session lasts without signing in again.
pub const SESSION_LENGTH: SignedDuration = SignedDuration::from_hours(8);
pub const MIN_PASSWORD_LENGTH: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("a username is 2 to 64 lower-case letters, digits, dots, hyphens or underscores")]
    BadUsername,
    #[error("a password needs at least {MIN_PASSWORD_LENGTH} characters")]
    ShortPassword,
    #[error("a {0} needs at least one node (business unit) whose measures they look after")]
    NodesNeeded(&'static str),
    #[error("an account other than an administrator's belongs to a council: give --council")]
    CouncilNeeded,
    #[error("you do not have permission to do that")]
    Forbidden,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Accounts are managed by administrators (and the command line).
fn may_manage(actor: &Actor) -> Result<(), AccountError> {
    if actor.may(Action::ManageUsers) { Ok(()) } else { Err(AccountError::Forbidden) }
}

/// A new account as the administrator gives it.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub council: Option<Key>,
    pub nodes: Vec<Key>,
    pub password: String,
}

pub fn hash_password(password: &str) -> String {
    // A fresh random salt from the operating system each time.
    let hash: PasswordHash = Argon2::default().hash_password(password.as_bytes()).expect("argon2 hashes any password");
    hash.to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    hash.parse::<PasswordHash>()
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A random secret as 64 hex digits.
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    hex::encode(bytes)
}

/// What is stored of a session token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A password for a demo or reset account: 20 characters from an alphabet
/// without look-alikes.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..20).map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char).collect()
}

/// The longest username an account can have.
const MAX_USERNAME_LENGTH: usize = 64;

fn check_username(username: &str) -> Result<String, AccountError> {
    let u = username.trim().to_lowercase();
    let ok = (2..=MAX_USERNAME_LENGTH).contains(&u.len())
        && u.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_'));
    if ok { Ok(u) } else { Err(AccountError::BadUsername) }
}

fn check_password(password: &str) -> Result<(), AccountError> {
    if password.chars().count() < MIN_PASSWORD_LENGTH { Err(AccountError::ShortPassword) } else { Ok(()) }
}

pub async fn add_user(store: &dyn Store, actor: &Actor, new: NewUser) -> Result<User, AccountError> {
    may_manage(actor)?;
    let username = check_username(&new.username)?;
    check_password(&new.password)?;
    if new.role != Role::Administrator && new.council.is_none() {
        return Err(AccountError::CouncilNeeded);
    }
    if new.nodes.is_empty() {
        match new.role {
            Role::Director => return Err(AccountError::NodesNeeded("director")),
            Role::DataOwner => return Err(AccountError::NodesNeeded("data owner")),
            _ => {}
        }
    }
    let record = UserRecord {
        username: username.clone(),
        display_name: if new.display_name.trim().is_empty() {
            username.clone()
        } else {
            new.display_name.trim().into()
        },
        role: new.role,
        council: new.council,
        nodes: new.nodes,
        password_hash: hash_password(&new.password),
        disabled: false,
    };
    let now = Timestamp::now();
    // The audit line describes the user as created; the store writes both together.
    let preview = User {
        id: 0,
        username: record.username.clone(),
        display_name: record.display_name.clone(),
        role: record.role,
        council: record.council.clone(),
        nodes: record.nodes.clone(),
        password_hash: String::new(),
        disabled: false,
        created_at: now,
    };
    let audit = AuditEvent::UserCreated { user: &preview }.record_by(actor, now);
    Ok(store.create_user(&record, &audit).await?)
}

async fn existing(store: &dyn Store, username: &str) -> Result<User, AccountError> {
    let username = check_username(username)?;
    store.user_by_username(&username).await?.ok_or(AccountError::Store(StoreError::NoUser(username)))
}

fn record_of(user: &User) -> UserRecord {
    UserRecord {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        council: user.council.clone(),
        nodes: user.nodes.clone(),
        password_hash: user.password_hash.clone(),
        disabled: user.disabled,
    }
}

/// What a password reset did: every session of the user ended; their live
/// API tokens (which a password does not guard) revoked, or kept and listed.
#[derive(Debug, Clone)]
pub struct PasswordReset {
    pub user: User,
    /// The tokens that were live: revoked now when `revoked`, else still live.
    pub tokens: Vec<outturn_store::ApiToken>,
    pub revoked: bool,
}

/// Sets a new password and ends every session of the user (re-enabling
/// nothing: a disabled account stays disabled); with `revoke_tokens`, their
/// live API tokens are revoked too.
pub async fn reset_password(
    store: &dyn Store,
    actor: &Actor,
    username: &str,
    password: &str,
    revoke_tokens: bool,
) -> Result<PasswordReset, AccountError> {
    may_manage(actor)?;
    check_password(password)?;
    let user = existing(store, username).await?;
    let record = UserRecord { password_hash: hash_password(password), ..record_of(&user) };
    let now = Timestamp::now();
    let audit = AuditEvent::PasswordReset { user: &user }.record_by(actor, now);
    // The store ends the sessions of a user whose password changes, in the same transaction.
    let user = store.update_user(&record, &audit).await?;
    let mut tokens: Vec<_> =
        store.api_tokens(Some(user.id)).await?.into_iter().filter(|t| t.revoked_at.is_none()).collect();
    if revoke_tokens {
        for token in &mut tokens {
            let audit = AuditEvent::TokenRevoked { id: token.id }.record_by(actor, now);
            if let Some(revoked) = store.revoke_api_token(token.id, now, &audit).await? {
                *token = revoked;
            }
        }
    }
    Ok(PasswordReset { user, tokens, revoked: revoke_tokens })
}

/// Disables an account and ends its sessions; its history stays.
pub async fn set_disabled(
    store: &dyn Store,
    actor: &Actor,
    username: &str,
    disabled: bool,
) -> Result<User, AccountError> {
    may_manage(actor)?;
    let user = existing(store, username).await?;
    let after = User { disabled, ..user.clone() };
    let audit = AuditEvent::UserChanged { before: &user, after: &after }.record_by(actor, Timestamp::now());
    Ok(store.update_user(&record_of(&after), &audit).await?)
}

/// A signed-in session: the token goes to the browser, never to the store.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub csrf_token: String,
    pub user: User,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Wrong username or password: the message does not say which.
    #[error("the username or password is not right")]
    Refused,
    #[error("too many failed attempts for this username: try again in {THROTTLE_MINUTES} minutes")]
    Throttled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

const THROTTLE_MINUTES: i64 = THROTTLE_WINDOW.as_secs() / 60;

pub async fn sign_in(
    store: &dyn Store,
    username: &str,
    password: &str,
    now: Timestamp,
) -> Result<SignedIn, SignInError> {
    let username = username.trim().to_lowercase();
    // No account has a longer name (`check_username`): refuse without
    // storing anything, so a stranger cannot fill the disk with names.
    if username.len() > MAX_USERNAME_LENGTH {
        let _ = verify_password(password, &dummy_hash());
        return Err(SignInError::Refused);
    }
    // The attempt is counted before it is checked, so attempts sent at once
    // cannot all pass a count taken before any was recorded: at most
    // MAX_FAILURES passwords are ever checked in a window. A success clears it.
    store.record_login_failure(&username, now).await?;
    let attempts = store.login_failures_since(&username, now - THROTTLE_WINDOW).await?;
    if attempts > MAX_FAILURES {
        store
            .append_audit(&[AuditEvent::SignInRefused { username: &username, why: "throttled" }.record(&username, now)])
            .await?;
        return Err(SignInError::Throttled);
    }
    let user = store.user_by_username(&username).await?;
    let verified = match &user {
        Some(u) => verify_password(password, &u.password_hash) && !u.disabled,
        None => {
            // Spend the same effort as a real check, so timing does not reveal which usernames exist.
            let _ = verify_password(password, &dummy_hash());
            false
        }
    };
    let Some(user) = user.filter(|_| verified) else {
        store
            .append_audit(&[AuditEvent::SignInRefused { username: &username, why: "wrong username or password" }
                .record(&username, now)])
            .await?;
        return Err(SignInError::Refused);
    };
    store.clear_login_failures(&username).await?;
    let token = random_token();
    let session = SessionRecord {
        token_hash: token_hash(&token),
        user_id: user.id,
        csrf_token: random_token(),
        created_at: now,
        expires_at: now + SESSION_LENGTH,
    };
    store.create_session(&session).await?;
    store.append_audit(&[AuditEvent::SignedIn { username: &user.username }.record(&user.username, now)]).await?;
    Ok(SignedIn { token, csrf_token: session.csrf_token, user })
}

fn dummy_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password, for timing only")).clone()
}

/// The session for a browser's token, with its user, if it is current.
pub async fn session(
    store: &dyn Store,
    token: &str,
    now: Timestamp,
) -> Result<Option<(SessionRecord, User)>, StoreError> {
    store.session(&token_hash(token), now).await
}

pub async fn sign_out(store: &dyn Store, token: &str, username: &str) -> Result<(), StoreError> {
    store.delete_session(&token_hash(token)).await?;
    store.append_audit(&[AuditEvent::SignedOut { username }.record(username, Timestamp::now())]).await
}
