//! The SQLite backend: one file (or one in-memory database), the embedded default.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use outturn_core::{FinancialYear, Key, MeasureCode, MeasureHistory, Period};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{Sqlite, Transaction};

use crate::cache::{Recent, RevisionCache};
use crate::{
    AuditFilter, AuditRecord, ChangeSet, Council, CouncilHistory, CouncilListing, SessionRecord, Store, StoreError,
    User, UserRecord,
};

// The queries and row mapping are shared with the PostgreSQL backend: the same
// SQL text (SQLite accepts PostgreSQL's `$1` placeholders) over concrete types,
// compiled once per backend with `include!` after a `type Db = ...;` alias.
// Generic functions over `sqlx::Database` would need a long list of
// higher-ranked bounds on every function (Executor for `&mut Connection`,
// Encode/Decode/Type for each bound type, IntoArguments...); including the same
// source twice keeps the code plain and each copy checked against its backend.
// (`cargo fmt` does not follow `include!`: format shared/*.rs with rustfmt.)
mod read {
    type Db = sqlx::Sqlite;
    include!("shared/read.rs");
}
mod write {
    type Db = sqlx::Sqlite;
    include!("shared/write.rs");
}
mod accounts {
    type Db = sqlx::Sqlite;
    include!("shared/accounts.rs");
}

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Council definitions by revision (see `cache`).
    councils: Arc<RevisionCache<Council>>,
    recent: Arc<Recent>,
}

impl SqliteStore {
    /// Opens `sqlite://FILE` (creating the file if missing) or an in-memory
    /// database (`sqlite::memory:`), with WAL journalling, foreign keys
    /// enforced and a busy timeout. Does not migrate: see [`Store::migrate`].
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let connect = |source| StoreError::Connect { url: url.to_string(), source };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(connect)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = if url.contains(":memory:") || url.contains("mode=memory") {
            // Each in-memory connection would be a database of its own, and the
            // database goes when its last connection closes: keep exactly one, for ever.
            SqlitePoolOptions::new().max_connections(1).min_connections(1).idle_timeout(None).max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(8)
        };
        let pool = pool.connect_with(options).await.map_err(connect)?;
        Ok(SqliteStore { pool, councils: Arc::new(RevisionCache::new(32)), recent: Arc::new(Recent::default()) })
    }

    /// The connection pool, for checks and tools outside the [`Store`] trait.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A (deferred) transaction for reading: every query reads the same snapshot.
    async fn reading(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin().await?)
    }

    /// A transaction for writing. IMMEDIATE takes the write lock at once, so
    /// a writer waits (up to the busy timeout) rather than failing when it
    /// upgrades from reading.
    async fn writing(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::migrate!("./migrations/sqlite").run(&self.pool).await?;
        Ok(())
    }

    async fn councils(&self) -> Result<Vec<CouncilListing>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        read::councils(&mut conn).await
    }

    async fn revision(&self, slug: &Key) -> Result<Option<i64>, StoreError> {
        if let Some(known) = self.recent.revisions.get(slug.as_str()) {
            return Ok(known);
        }
        let mut conn = self.pool.acquire().await?;
        let revision = read::revision(&mut conn, slug).await?;
        self.recent.revisions.put(slug.to_string(), revision);
        Ok(revision)
    }

    async fn result_periods(&self, slug: &Key) -> Result<Vec<Period>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        read::result_periods(&mut conn, slug).await
    }

    async fn council(&self, slug: &Key) -> Result<Option<Arc<Council>>, StoreError> {
        // A (deferred) transaction: every query reads the same snapshot.
        let mut tx = self.pool.begin().await?;
        // The definitions are read once per revision of the council and kept.
        let Some(revision) = read::revision(&mut tx, slug).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        if let Some(known) = self.councils.get(slug.as_str(), revision) {
            tx.rollback().await?;
            return Ok(Some(known));
        }
        let council = read::council(&mut tx, slug).await?.map(Arc::new);
        tx.rollback().await?;
        if let Some(c) = &council {
            self.councils.put(slug.to_string(), revision, c.clone());
        }
        Ok(council)
    }

    async fn history(&self, slug: &Key) -> Result<CouncilHistory, StoreError> {
        let mut tx = self.pool.begin().await?;
        let history = read::history(&mut tx, slug, read::HistoryScope::default()).await?;
        tx.rollback().await?;
        Ok(history)
    }

    async fn history_in_years(
        &self,
        slug: &Key,
        first: FinancialYear,
        last: FinancialYear,
    ) -> Result<CouncilHistory, StoreError> {
        let mut tx = self.pool.begin().await?;
        let history =
            read::history(&mut tx, slug, read::HistoryScope { years: Some((first, last)), measure: None }).await?;
        tx.rollback().await?;
        Ok(history)
    }

    async fn measure_history(&self, slug: &Key, code: &MeasureCode) -> Result<MeasureHistory, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut history = read::history(&mut tx, slug, read::HistoryScope { years: None, measure: Some(code) }).await?;
        tx.rollback().await?;
        Ok(history.measures.remove(code).unwrap_or_default())
    }

    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError> {
        // IMMEDIATE takes the write lock at once, so a writer waits (up to the
        // busy timeout) rather than failing when it upgrades from reading.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        write::apply(&mut tx, changes).await?; // an error drops tx: rolled back
        tx.commit().await?;
        if let Some(slug) = &changes.council {
            self.recent.revisions.forget(slug.as_str());
        }
        Ok(())
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut tx = self.reading().await?;
        let users = accounts::users(&mut tx).await?;
        tx.rollback().await?;
        Ok(users)
    }

    async fn user_by_id(&self, id: i64) -> Result<Option<User>, StoreError> {
        let mut tx = self.reading().await?;
        let user = accounts::user_by_id(&mut tx, id).await?;
        tx.rollback().await?;
        Ok(user)
    }

    async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        let mut tx = self.reading().await?;
        let user = accounts::user_by_username(&mut tx, username).await?;
        tx.rollback().await?;
        Ok(user)
    }

    async fn create_user(&self, user: &UserRecord, audit: &AuditRecord) -> Result<User, StoreError> {
        let mut tx = self.writing().await?;
        let user = accounts::create_user(&mut tx, user, audit).await?; // an error drops tx: rolled back
        tx.commit().await?;
        Ok(user)
    }

    async fn update_user(&self, user: &UserRecord, audit: &AuditRecord) -> Result<User, StoreError> {
        // A disabled account, a new role: every session is read afresh.
        self.recent.sessions.forget_all();
        let mut tx = self.writing().await?;
        let user = accounts::update_user(&mut tx, user, audit).await?;
        tx.commit().await?;
        Ok(user)
    }

    async fn create_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        self.recent.sessions.forget(&session.token_hash);
        let mut tx = self.writing().await?;
        accounts::create_session(&mut tx, session).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<(SessionRecord, User)>, StoreError> {
        if let Some(known) = self.recent.sessions.get(token_hash) {
            return Ok(known.filter(|(s, _)| s.expires_at > now));
        }
        let mut tx = self.reading().await?;
        let session = accounts::session(&mut tx, token_hash, now).await?;
        tx.rollback().await?;
        self.recent.sessions.put(token_hash.to_string(), session.clone());
        Ok(session)
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.recent.sessions.forget(token_hash);
        let mut conn = self.pool.acquire().await?;
        accounts::delete_session(&mut conn, token_hash).await
    }

    async fn record_login_failure(&self, username: &str, at: Timestamp) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        accounts::record_login_failure(&mut conn, username, at).await
    }

    async fn login_failures_since(&self, username: &str, since: Timestamp) -> Result<usize, StoreError> {
        let mut conn = self.pool.acquire().await?;
        accounts::login_failures_since(&mut conn, username, since).await
    }

    async fn clear_login_failures(&self, username: &str) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        accounts::clear_login_failures(&mut conn, username).await
    }

    async fn append_audit(&self, records: &[AuditRecord]) -> Result<(), StoreError> {
        let mut tx = self.writing().await?;
        accounts::append_audit(&mut tx, records, None).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        accounts::audit_log(&mut conn, filter).await
    }
}
