//! The SQLite backend: one file (or one in-memory database), the embedded default.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use rusqlite::types::ValueRef;

use crate::StoreError;
use crate::backend::{Backend, shared_store};
use crate::cache::Recent;
use crate::history_rows::{Columns, EachRow, Param};

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

/// Runs a history query on the connection's own SQLite handle, inside the
/// transaction the caller began, and calls `each` with every row (see
/// `history_rows` for why not through sqlx). The rows are read on this
/// thread, as any other computing a request does: a large council's two
/// years take a few hundred milliseconds, and a multi-threaded runtime's
/// other workers take up its other tasks meanwhile. (Not `block_in_place`:
/// it panics on threads that are not the runtime's workers, as in tests.)
pub(crate) async fn each_row(
    conn: &mut sqlx::SqliteConnection,
    sql: &str,
    params: &[Param<'_>],
    each: EachRow<'_>,
) -> Result<(), StoreError> {
    let mut handle = conn.lock_handle().await?;
    let raw = handle.as_raw_handle();
    // SAFETY: `handle` holds the connection's lock for as long as `db`
    // lives, so nothing else uses the handle meanwhile, and rusqlite does
    // not close a handle it was lent (`from_handle`).
    let db = unsafe { rusqlite::Connection::from_handle(raw.as_ptr()) }.map_err(sqlite_error)?;
    read_rows(&db, sql, params, each)
}

fn read_rows(db: &rusqlite::Connection, sql: &str, params: &[Param<'_>], each: EachRow<'_>) -> Result<(), StoreError> {
    let mut statement = db.prepare(sql).map_err(sqlite_error)?;
    for (i, param) in params.iter().enumerate() {
        match param {
            Param::Int(value) => statement.raw_bind_parameter(i + 1, value),
            Param::Text(text) => statement.raw_bind_parameter(i + 1, text),
        }
        .map_err(sqlite_error)?;
    }
    let mut rows = statement.raw_query();
    while let Some(row) = rows.next().map_err(sqlite_error)? {
        each(&SqliteColumns(row))?;
    }
    Ok(())
}

fn sqlite_error(e: rusqlite::Error) -> StoreError {
    StoreError::Sqlite(e.to_string())
}

struct SqliteColumns<'r, 's>(&'r rusqlite::Row<'s>);

impl Columns for SqliteColumns<'_, '_> {
    fn text(&self, i: usize) -> Result<Option<&str>, String> {
        match self.0.get_ref(i).map_err(|e| e.to_string())? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(bytes) => std::str::from_utf8(bytes).map(Some).map_err(|e| e.to_string()),
            other => Err(format!("expected text, found {:?}", other.data_type())),
        }
    }
    fn int(&self, i: usize) -> Result<Option<i64>, String> {
        match self.0.get_ref(i).map_err(|e| e.to_string())? {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(value) => Ok(Some(value)),
            other => Err(format!("expected a whole number, found {:?}", other.data_type())),
        }
    }
    fn flag(&self, i: usize) -> Result<bool, String> {
        match self.int(i)? {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            other => Err(format!("expected 0 or 1, found {other:?}")),
        }
    }
}
