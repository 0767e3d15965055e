//! The SQLite backend: one file (or one in-memory database), the embedded default.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use crate::StoreError;
use crate::backend::{Backend, shared_store};
use crate::cache::Recent;

shared_store!(SqliteStore);

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// What is kept per council revision (see `cache`).
    kept: Arc<crate::cache::Kept>,
    recent: Arc<Recent>,
}

impl Backend for SqliteStore {
    type Db = sqlx::Sqlite;
    const NAME: &'static str = "sqlite";
    /// A deferred transaction: its first read takes a snapshot (WAL) that
    /// every later query of it reads.
    const BEGIN_READ: &'static str = "BEGIN";
    /// IMMEDIATE takes the write lock at once, so a writer waits (up to the
    /// busy timeout) rather than failing when it upgrades from reading.
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }
}

impl SqliteStore {
    /// Opens `sqlite://FILE` (creating the file if missing) or an in-memory
    /// database (`sqlite::memory:`), with WAL journalling, foreign keys
    /// enforced and a busy timeout. Does not migrate: see [`Store::migrate`](crate::Store::migrate).
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
        Ok(SqliteStore { pool, kept: Arc::default(), recent: Arc::new(Recent::default()) })
    }

    /// The connection pool, for checks and tools outside the [`Store`](crate::Store) trait.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
