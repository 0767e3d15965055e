//! Resetting a password: every session of the account ends; its API tokens
//! are listed, and revoked when asked.

use jiff::Timestamp;
use outturn_app::accounts::api_tokens::{create_token, list_tokens};
use outturn_app::accounts::{NewUser, add_user, reset_password, session, sign_in};
use outturn_app::actor::Actor;
use outturn_core::Role;
use outturn_store::{SqliteStore, Store, TokenScope};

async fn store_with_pat() -> SqliteStore {
    let store = SqliteStore::open("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    let new = NewUser {
        username: "pat".into(),
        display_name: "Pat".into(),
        role: Role::Administrator,
        council: None,
        nodes: Vec::new(),
        password: "old password 1".into(),
    };
    add_user(&store, &Actor::command("test"), new).await.unwrap();
    store
}

#[tokio::test]
async fn a_reset_ends_every_session_and_lists_the_tokens_it_keeps() {
    let store = store_with_pat().await;
    let admin = Actor::command("test");
    let now = Timestamp::now();
    let laptop = sign_in(&store, "pat", "old password 1", now).await.unwrap();
    let phone = sign_in(&store, "pat", "old password 1", now).await.unwrap();
    let feed = create_token(&store, &admin, "pat", TokenScope::Write, "nightly feed").await.unwrap();

    let reset = reset_password(&store, &admin, "pat", "new password 2", false).await.unwrap();
    for signed_in in [&laptop, &phone] {
        assert!(session(&store, &signed_in.token, now).await.unwrap().is_none(), "the session has ended");
    }
    assert!(!reset.revoked);
    assert_eq!(
        reset.tokens.iter().map(|t| (t.id, t.name.as_str())).collect::<Vec<_>>(),
        [(feed.token.id, "nightly feed")]
    );
    let tokens = list_tokens(&store, &admin, Some("pat")).await.unwrap();
    assert!(tokens[0].revoked_at.is_none(), "kept unless asked");
    // The new password signs in.
    let again = sign_in(&store, "pat", "new password 2", now).await.unwrap();
    assert!(session(&store, &again.token, now).await.unwrap().is_some());
}

#[tokio::test]
async fn a_reset_asked_to_revokes_the_live_tokens() {
    let store = store_with_pat().await;
    let admin = Actor::command("test");
    create_token(&store, &admin, "pat", TokenScope::Read, "dashboard").await.unwrap();
    create_token(&store, &admin, "pat", TokenScope::Write, "feed").await.unwrap();
    let reset = reset_password(&store, &admin, "pat", "new password 2", true).await.unwrap();
    assert!(reset.revoked);
    assert_eq!(reset.tokens.len(), 2);
    assert!(reset.tokens.iter().all(|t| t.revoked_at.is_some()), "{:?}", reset.tokens);
    let tokens = list_tokens(&store, &admin, Some("pat")).await.unwrap();
    assert!(tokens.iter().all(|t| t.revoked_at.is_some()));
    // A second reset finds none live.
    let again = reset_password(&store, &admin, "pat", "new password 3", true).await.unwrap();
    assert!(again.tokens.is_empty());
}

/// Sign-ins sent at once are counted before any password is checked, so the
/// throttle holds however many arrive together: with 40 at once and the right
/// password last, at most MAX_FAILURES passwords are checked and the right
/// one is throttled, not let in (an outside probe got in this way).
#[tokio::test]
async fn sign_ins_sent_at_once_cannot_outrun_the_throttle() {
    use outturn_app::accounts::{MAX_FAILURES, SignInError};
    let store = std::sync::Arc::new(store_with_pat().await);
    let now = Timestamp::now();
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..40 {
        let store = store.clone();
        let password = if i == 39 { "old password 1" } else { "a wrong guess" };
        attempts.spawn(async move { (i, sign_in(store.as_ref(), "pat", password, now).await) });
    }
    let mut outcomes: Vec<_> = attempts.join_all().await;
    outcomes.sort_by_key(|(i, _)| *i);
    let outcomes: Vec<_> = outcomes.into_iter().map(|(_, o)| o).collect();
    let checked = outcomes.iter().filter(|o| matches!(o, Err(SignInError::Refused))).count();
    assert!(checked <= MAX_FAILURES, "{checked} passwords checked");
    assert!(matches!(outcomes[39], Err(SignInError::Throttled)), "the right password, last, is throttled");
}

/// A username longer than any account's is refused without storing anything.
#[tokio::test]
async fn a_giant_username_is_refused_and_not_stored() {
    use outturn_app::accounts::SignInError;
    let store = store_with_pat().await;
    let giant = "x".repeat(1_900_000);
    let refused = sign_in(&store, &giant, "whatever it is", Timestamp::now()).await;
    assert!(matches!(refused, Err(SignInError::Refused)));
    assert_eq!(store.login_failures_since(&giant, Timestamp::UNIX_EPOCH).await.unwrap(), 0, "nothing recorded");
    let audit = store.audit_log(&outturn_store::AuditFilter { limit: 10, ..Default::default() }).await.unwrap();
    assert!(audit.iter().all(|a| a.subject.len() < 1000), "no giant audit line");
}
