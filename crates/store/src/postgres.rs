//! The PostgreSQL backend, for running at scale.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

use sqlx::{Row, TypeInfo, ValueRef};

use crate::StoreError;
use crate::backend::{Backend, shared_store};
use crate::cache::Recent;
use crate::history_rows::{Columns, EachRow, Param};

shared_store!(PostgresStore);

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

const MAX_CONNECTIONS: u32 = 10;
/// Few connections per schema: tests open many stores at once on one server.
const MAX_CONNECTIONS_IN_SCHEMA: u32 = 4;
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a write waits for a row another transaction holds (a long
/// import holds its council's) before giving up as busy: SQLite's busy
/// timeout, on PostgreSQL.
const LOCK_TIMEOUT: &str = "10s";

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    /// The schema every connection uses, when opened with [`PostgresStore::open_in_schema`].
    schema: Option<String>,
    /// What is kept per council revision (see `cache`).
    kept: Arc<crate::cache::Kept>,
    recent: Arc<Recent>,
}

impl PostgresStore {
    /// Connects to `postgres://...`. Does not migrate: see [`Store::migrate`](crate::Store::migrate).
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let connect = |source| StoreError::Connect { url: url.to_string(), source };
        let options = PgConnectOptions::from_str(url).map_err(connect)?.options([("lock_timeout", LOCK_TIMEOUT)]);
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(connect)?;
        Ok(PostgresStore { pool, schema: None, kept: Arc::default(), recent: Arc::new(Recent::default()) })
    }

    /// Connects to `postgres://...` with every table in `schema`: creates the
    /// schema if needed and sets `search_path` to it on every pooled
    /// connection. Each test uses a schema of its own; see [`Self::drop_schema`].
    pub async fn open_in_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        let connect = |source| StoreError::Connect { url: url.to_string(), source };
        let options = PgConnectOptions::from_str(url).map_err(connect)?.options([("lock_timeout", LOCK_TIMEOUT)]);
        let quoted = quote_identifier(schema);
        let mut conn = options.connect().await.map_err(connect)?;
        sqlx::raw_sql(AssertSqlSafe(format!("CREATE SCHEMA IF NOT EXISTS {quoted}"))).execute(&mut conn).await?;
        conn.close().await?;

        let set_path: Arc<str> = format!("SET search_path TO {quoted}").into();
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS_IN_SCHEMA)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(move |conn, _meta| {
                let set_path = set_path.clone();
                Box::pin(async move {
                    sqlx::raw_sql(AssertSqlSafe(set_path)).execute(conn).await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(connect)?;
        Ok(PostgresStore {
            pool,
            schema: Some(schema.to_string()),
            kept: Arc::default(),
            recent: Arc::new(Recent::default()),
        })
    }

    /// The schema this store was opened in, if any.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// The connection pool, for checks and tools outside the [`Store`](crate::Store) trait.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Drops the schema this store was opened in (with everything in it) and
    /// closes the pool; a store opened with [`Self::open`] is only closed.
    pub async fn drop_schema(&self) -> Result<(), StoreError> {
        if let Some(schema) = &self.schema {
            let sql = format!("DROP SCHEMA IF EXISTS {} CASCADE", quote_identifier(schema));
            sqlx::raw_sql(AssertSqlSafe(sql)).execute(&self.pool).await?;
        }
        self.pool.close().await;
        Ok(())
    }
}

impl Backend for PostgresStore {
    type Db = sqlx::Postgres;
    const NAME: &'static str = "postgres";
    /// REPEATABLE READ: every query of the transaction sees one snapshot.
    const BEGIN_READ: &'static str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    /// READ COMMITTED: writers of the same rows wait for each other, and each
    /// statement sees what was committed before it.
    const BEGIN_WRITE: &'static str = "BEGIN";
    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }
}

/// `name` as a quoted SQL identifier: any name is safe to splice into SQL.
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Runs a history query and calls `each` with every row as it arrives (a
/// history of a million results is never held as a million rows at once).
/// See `history_rows`.
pub(crate) async fn each_row(
    conn: &mut sqlx::PgConnection,
    sql: &str,
    params: &[Param<'_>],
    each: EachRow<'_>,
) -> Result<(), StoreError> {
    use futures_util::TryStreamExt;
    let mut query = sqlx::query(AssertSqlSafe(sql.to_string()));
    for param in params {
        query = match *param {
            Param::Int(value) => query.bind(value),
            Param::Text(text) => query.bind(text.to_string()),
        };
    }
    let mut rows = query.fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        each(&PgColumns(&row))?;
    }
    Ok(())
}

struct PgColumns<'r>(&'r sqlx::postgres::PgRow);

impl Columns for PgColumns<'_> {
    fn text(&self, i: usize) -> Result<Option<&str>, String> {
        // The value's bytes as they came (text is the same in either format),
        // without sqlx's check of the column's type on every cell.
        let raw = self.0.try_get_raw(i).map_err(|e| e.to_string())?;
        if raw.is_null() {
            return Ok(None);
        }
        match raw.type_info().name() {
            "TEXT" | "VARCHAR" => raw.as_str().map(Some).map_err(|e| e.to_string()),
            other => Err(format!("expected text, found {other}")),
        }
    }
    fn int(&self, i: usize) -> Result<Option<i64>, String> {
        self.0.try_get(i).map_err(|e| e.to_string())
    }
    fn flag(&self, i: usize) -> Result<bool, String> {
        self.0.try_get(i).map_err(|e| e.to_string())
    }
}
