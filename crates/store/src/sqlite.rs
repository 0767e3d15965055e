//! The SQLite backend: one file (or one in-memory database), the embedded default.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use outturn_core::Key;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use crate::{ChangeSet, Council, CouncilHistory, CouncilListing, Store, StoreError};

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

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
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
        Ok(SqliteStore { pool })
    }

    /// The connection pool, for checks and tools outside the [`Store`] trait.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
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

    async fn council(&self, slug: &Key) -> Result<Option<Council>, StoreError> {
        // A (deferred) transaction: every query reads the same snapshot.
        let mut tx = self.pool.begin().await?;
        let council = read::council(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(council)
    }

    async fn history(&self, slug: &Key) -> Result<CouncilHistory, StoreError> {
        let mut tx = self.pool.begin().await?;
        let history = read::history(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(history)
    }

    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError> {
        // IMMEDIATE takes the write lock at once, so a writer waits (up to the
        // busy timeout) rather than failing when it upgrades from reading.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        write::apply(&mut tx, changes).await?; // an error drops tx: rolled back
        tx.commit().await?;
        Ok(())
    }
}
