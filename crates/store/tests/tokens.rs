//! The store's contract for API tokens, on SQLite always and on PostgreSQL
//! when OUTTURN_TEST_DATABASE_URL is set (`store_contract!`): only a hash is
//! stored, a revoked token or a disabled user's token is not found, last use
//! is written only when older than asked, and each change is audited with it.

#[macro_use]
mod support;

use outturn_core::Role;
use outturn_store::{AuditFilter, NewApiToken, TokenScope};
use support::*;

fn new_token(hash: &str, user_id: i64, scope: TokenScope, created: &str) -> NewApiToken {
    NewApiToken {
        token_hash: hash.into(),
        user_id,
        name: format!("{} feed", scope.code()),
        scope,
        created_at: at(created),
    }
}

store_contract! {
    async fn a_token_is_found_by_its_hash_with_its_user_until_revoked(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let owner = db.create_user(&user("owner", Role::DataOwner, Some("stevenage"), &["housing-and-investment"]), &audit("user.created", "user owner", "2024-05-01T09:00:00Z")).await.unwrap();
        let made = db
            .create_api_token(&new_token("hash-1", owner.id, TokenScope::Write, "2024-05-02T09:00:00Z"), &audit("token.created", "user owner", "2024-05-02T09:00:00Z"))
            .await
            .unwrap();
        assert_eq!((made.username.as_str(), made.scope, made.name.as_str()), ("owner", TokenScope::Write, "write feed"));
        assert_eq!((made.created_at, made.last_used_at, made.revoked_at), (at("2024-05-02T09:00:00Z"), None, None));
        assert_eq!(db.texts("SELECT token_hash FROM api_tokens").await, ["hash-1"], "only the hash is stored");

        let (found, found_user) = db.api_token_user("hash-1").await.unwrap().expect("the token is live");
        assert_eq!((found, found_user.clone()), (made.clone(), owner.clone()));
        assert_eq!(found_user.nodes, [k("housing-and-investment")], "the user comes with their nodes");
        assert!(db.api_token_user("hash-2").await.unwrap().is_none(), "an unknown hash is no token");

        let revoked = db.revoke_api_token(made.id, at("2024-05-03T09:00:00Z"), &audit("token.revoked", "API token", "2024-05-03T09:00:00Z")).await.unwrap().unwrap();
        assert_eq!(revoked.revoked_at, Some(at("2024-05-03T09:00:00Z")));
        assert!(db.api_token_user("hash-1").await.unwrap().is_none(), "a revoked token does not work");
        let again = db.revoke_api_token(made.id, at("2024-05-04T09:00:00Z"), &audit("token.revoked", "API token", "2024-05-04T09:00:00Z")).await.unwrap().unwrap();
        assert_eq!(again.revoked_at, Some(at("2024-05-03T09:00:00Z")), "revoking again keeps the first instant");
        assert!(db.revoke_api_token(made.id + 100, at("2024-05-04T09:00:00Z"), &audit("token.revoked", "x", "2024-05-04T09:00:00Z")).await.unwrap().is_none());

        let events: Vec<String> = db.audit_log(&AuditFilter::default()).await.unwrap().into_iter().map(|a| a.event).collect();
        assert_eq!(events, ["token.revoked", "token.revoked", "token.created", "user.created"], "no line for a token that is not there");
        assert_eq!(db.api_tokens(None).await.unwrap(), [again], "a revoked token stays listed");
    }

    async fn a_disabled_users_tokens_stop_working_and_come_back_when_enabled(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let record = user("viewer", Role::Viewer, Some("stevenage"), &[]);
        let viewer = db.create_user(&record, &audit("user.created", "user viewer", "2024-05-01T09:00:00Z")).await.unwrap();
        db.create_api_token(&new_token("hash-v", viewer.id, TokenScope::Read, "2024-05-02T09:00:00Z"), &audit("token.created", "v", "2024-05-02T09:00:00Z")).await.unwrap();
        let mut disabled = record.clone();
        disabled.disabled = true;
        db.update_user(&disabled, &audit("user.changed", "user viewer", "2024-05-03T09:00:00Z")).await.unwrap();
        assert!(db.api_token_user("hash-v").await.unwrap().is_none());
        db.update_user(&record, &audit("user.changed", "user viewer", "2024-05-04T09:00:00Z")).await.unwrap();
        assert!(db.api_token_user("hash-v").await.unwrap().is_some());
    }

    async fn tokens_are_listed_per_user_and_a_token_needs_a_user(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let a = db.create_user(&user("alpha", Role::Viewer, Some("stevenage"), &[]), &audit("user.created", "a", "2024-05-01T09:00:00Z")).await.unwrap();
        let b = db.create_user(&user("beta", Role::Viewer, Some("stevenage"), &[]), &audit("user.created", "b", "2024-05-01T09:00:00Z")).await.unwrap();
        for (hash, id) in [("h1", a.id), ("h2", b.id), ("h3", a.id)] {
            db.create_api_token(&new_token(hash, id, TokenScope::Read, "2024-05-02T09:00:00Z"), &audit("token.created", hash, "2024-05-02T09:00:00Z")).await.unwrap();
        }
        let of_alpha: Vec<String> = db.api_tokens(Some(a.id)).await.unwrap().into_iter().map(|t| t.username).collect();
        assert_eq!(of_alpha, ["alpha", "alpha"]);
        assert_eq!(db.api_tokens(None).await.unwrap().len(), 3);

        let lines_before = db.count("audit_log").await;
        let refused = db.create_api_token(&new_token("h4", b.id + 100, TokenScope::Read, "2024-05-02T09:00:00Z"), &audit("token.created", "x", "2024-05-02T09:00:00Z")).await;
        assert!(refused.is_err(), "no token for a user who is not there");
        let duplicate = db.create_api_token(&new_token("h1", b.id, TokenScope::Read, "2024-05-02T09:00:00Z"), &audit("token.created", "x", "2024-05-02T09:00:00Z")).await;
        assert!(duplicate.is_err(), "a hash is stored once");
        assert_eq!((db.count("api_tokens").await, db.count("audit_log").await), (3, lines_before), "a refused token writes nothing");
    }

    async fn last_use_is_written_only_when_the_one_recorded_is_older(db) {
        db.apply(&definitions("stevenage")).await.unwrap();
        let u = db.create_user(&user("alpha", Role::Viewer, Some("stevenage"), &[]), &audit("user.created", "a", "2024-05-01T09:00:00Z")).await.unwrap();
        let t = db.create_api_token(&new_token("h1", u.id, TokenScope::Read, "2024-05-02T09:00:00Z"), &audit("token.created", "h1", "2024-05-02T09:00:00Z")).await.unwrap();
        let last_used = || async { db.api_tokens(None).await.unwrap()[0].last_used_at };
        db.touch_api_token(t.id, at("2024-05-02T10:00:00Z"), at("2024-05-02T09:55:00Z")).await.unwrap();
        assert_eq!(last_used().await, Some(at("2024-05-02T10:00:00Z")));
        db.touch_api_token(t.id, at("2024-05-02T10:03:00Z"), at("2024-05-02T09:58:00Z")).await.unwrap();
        assert_eq!(last_used().await, Some(at("2024-05-02T10:00:00Z")), "used within the interval: not written again");
        db.touch_api_token(t.id, at("2024-05-02T10:06:00Z"), at("2024-05-02T10:01:00Z")).await.unwrap();
        assert_eq!(last_used().await, Some(at("2024-05-02T10:06:00Z")));
    }
}
