//! A SQLite database written by outturn passes `pragma integrity_check` in
//! any SQLite, including Debian's sqlite3 3.40 (which an operator may use to
//! check a backup): the audit log's JSON checks are NULL-safe, because
//! `json_valid(NULL)` is NULL in the bundled library but false in 3.40.

#[macro_use]
mod support;

use outturn_store::{SqliteStore, Store};
use support::*;

#[tokio::test]
async fn audit_lines_without_a_before_or_after_pass_every_sqlites_integrity_check() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("t.db");
    let store = SqliteStore::open(&format!("sqlite://{}", file.display())).await.expect("open a SQLite file");
    store.migrate().await.expect("migrate");
    let mut changes = definitions("stevenage");
    changes.audit.push(audit("framework.applied", "framework file stevenage.toml", "2024-05-01T09:00:00Z"));
    store.apply(&changes).await.expect("a change set with an audit line without before or after");

    // The checks say so in the schema, whatever library reads it.
    let schema: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = 'audit_log'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    for column in ["before_json", "after_json"] {
        assert!(schema.contains(&format!("{column} IS NULL OR json_valid({column})")), "{column}: {schema}");
    }
    // JSON that is not JSON is still refused.
    let refused = sqlx::query("UPDATE audit_log SET after_json = '{not json'").execute(store.pool()).await;
    assert!(refused.is_err(), "bad JSON was stored");
    let ok: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(store.pool()).await.unwrap();
    assert_eq!(ok, "ok");
    store.close().await;

    // The system's sqlite3, where there is one (Debian's is 3.40).
    if let Ok(out) = std::process::Command::new("sqlite3").arg(&file).arg("PRAGMA integrity_check;").output() {
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(text.trim(), "ok", "sqlite3 says: {text}{}", String::from_utf8_lossy(&out.stderr));
    }
}
