//! `outturn token create|list|revoke` as an administrator runs them: the
//! secret printed once and never listed, only its hash stored, a revoked
//! token listed as such, mistakes named.

mod common;
use common::*;

fn secret_of(created: &str) -> String {
    created.lines().find_map(|l| l.strip_prefix("token (shown once): ")).expect("the secret is printed").to_string()
}

#[test]
fn tokens_are_made_listed_and_revoked_without_the_secret_being_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    ok(outturn(&db, &["user", "add", "feed", "--role", "viewer", "--council", "stevenage"]));

    let created = ok(outturn(&db, &["token", "create", "--user", "feed", "--scope", "read", "--name", "nightly feed"]));
    assert!(created.starts_with("created API token 1 for feed (read): nightly feed\n"), "{created}");
    let secret = secret_of(&created);
    assert!(secret.starts_with("outturn_") && secret.len() == "outturn_".len() + 64, "{secret}");
    let second = secret_of(&ok(outturn(&db, &["token", "create", "--user", "FEED", "--scope", "write"])));
    assert_ne!(secret, second, "every token is new");

    let list = ok(outturn(&db, &["token", "list"]));
    assert!(!list.contains(&secret) && !list.contains(&second), "the secret is never listed:\n{list}");
    let rows: Vec<Vec<&str>> = list.lines().skip(1).map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2, "{list}");
    assert_eq!(
        (rows[0][0], rows[0][1], rows[0][2], rows[0][4], rows[0][5], rows[0][6]),
        ("1", "feed", "read", "-", "-", "nightly feed")
    );
    assert_eq!((rows[1][2], rows[1][6]), ("write", "write token"), "a token without a name is named by its scope");

    // The database holds the hash, not the secret.
    let file = std::fs::read(dir.path().join("outturn.db")).unwrap();
    let wal = std::fs::read(dir.path().join("outturn.db-wal")).unwrap_or_default();
    for bytes in [&file, &wal] {
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "the secret is not stored");
    }

    let revoked = ok(outturn(&db, &["token", "revoke", "1"]));
    assert_eq!(revoked, "revoked API token 1 of feed (nightly feed)\n");
    let list = ok(outturn(&db, &["token", "list", "--user", "feed"]));
    let first: Vec<&str> = list.lines().nth(1).unwrap().split('\t').collect();
    assert!(first[5].ends_with("UTC"), "listed as revoked: {list}");
    ok(outturn(&db, &["user", "add", "other", "--role", "viewer", "--council", "stevenage"]));
    assert_eq!(ok(outturn(&db, &["token", "list", "--user", "other"])).lines().next(), Some("no API tokens"));
}

#[test]
fn token_mistakes_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    let err = failure(outturn(&db, &["token", "create", "--user", "nobody", "--scope", "read"]));
    assert!(err.contains("there is no user nobody"), "{err}");
    let err = failure(outturn(&db, &["token", "create", "--user", "nobody", "--scope", "admin"]));
    assert!(err.contains("\"admin\" is not a scope: give read or write"), "{err}");
    let err = failure(outturn(&db, &["token", "revoke", "7"]));
    assert!(err.contains("there is no API token 7"), "{err}");
    ok(outturn(&db, &["user", "add", "gone", "--role", "viewer", "--council", "stevenage"]));
    ok(outturn(&db, &["user", "disable", "gone"]));
    let err = failure(outturn(&db, &["token", "create", "--user", "gone", "--scope", "read"]));
    assert!(err.contains("user gone is disabled"), "{err}");
}

#[test]
fn a_password_reset_ends_the_sessions_and_says_what_it_did_with_the_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_file(dir.path(), "outturn.db");
    ok(outturn(&db, &["demo"]));
    ok(outturn(&db, &["user", "add", "feed", "--role", "viewer", "--council", "stevenage"]));
    let none = ok(outturn(&db, &["user", "reset", "feed"]));
    assert!(none.starts_with("new password set for feed; every session of feed has ended\n"), "{none}");
    assert!(none.contains("feed has no live API tokens"), "{none}");

    ok(outturn(&db, &["token", "create", "--user", "feed", "--scope", "read", "--name", "nightly feed"]));
    let kept = ok(outturn(&db, &["user", "reset", "feed"]));
    assert!(kept.contains("kept 1 live API token of feed"), "{kept}");
    assert!(kept.contains("outturn token revoke ID") && kept.contains("  1\tread\tnightly feed\n"), "{kept}");
    let revoked = ok(outturn(&db, &["user", "reset", "feed", "--revoke-tokens"]));
    assert!(revoked.contains("revoked 1 API token of feed:\n  1\tread\tnightly feed\n"), "{revoked}");
    let list = ok(outturn(&db, &["token", "list", "--user", "feed"]));
    assert!(!list.lines().nth(1).unwrap().split('\t').nth(5).unwrap().starts_with('-'), "revoked: {list}");
}
