//! The PostgreSQL backend, for running at scale.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use outturn_core::Key;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

use crate::{ChangeSet, Council, CouncilHistory, CouncilListing, Store, StoreError};

// The queries and row mapping are shared with the SQLite backend, compiled
// once per backend: see the comment in sqlite.rs.
mod read {
    type Db = sqlx::Postgres;
    include!("shared/read.rs");
}
mod write {
    type Db = sqlx::Postgres;
    include!("shared/write.rs");
}

const MAX_CONNECTIONS: u32 = 10;
/// Few connections per schema: tests open many stores at once on one server.
const MAX_CONNECTIONS_IN_SCHEMA: u32 = 4;
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    /// The schema every connection uses, when opened with [`PostgresStore::open_in_schema`].
    schema: Option<String>,
}

impl PostgresStore {
    /// Connects to `postgres://...`. Does not migrate: see [`Store::migrate`].
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let connect = |source| StoreError::Connect { url: url.to_string(), source };
        let options = PgConnectOptions::from_str(url).map_err(connect)?;
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(connect)?;
        Ok(PostgresStore { pool, schema: None })
    }

    /// Connects to `postgres://...` with every table in `schema`: creates the
    /// schema if needed and sets `search_path` to it on every pooled
    /// connection. Each test uses a schema of its own; see [`Self::drop_schema`].
    pub async fn open_in_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        let connect = |source| StoreError::Connect { url: url.to_string(), source };
        let options = PgConnectOptions::from_str(url).map_err(connect)?;
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
        Ok(PostgresStore { pool, schema: Some(schema.to_string()) })
    }

    /// The schema this store was opened in, if any.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
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

    /// The connection pool, for checks and tools outside the [`Store`] trait.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// `name` as a quoted SQL identifier: any name is safe to splice into SQL.
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::migrate!("./migrations/postgres").run(&self.pool).await?;
        Ok(())
    }

    async fn councils(&self) -> Result<Vec<CouncilListing>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        read::councils(&mut conn).await
    }

    async fn council(&self, slug: &Key) -> Result<Option<Council>, StoreError> {
        // REPEATABLE READ: every query of the transaction sees one snapshot.
        let mut tx = self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
        let council = read::council(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(council)
    }

    async fn history(&self, slug: &Key) -> Result<CouncilHistory, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
        let history = read::history(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(history)
    }

    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        write::apply(&mut tx, changes).await?; // an error drops tx: rolled back
        tx.commit().await?;
        Ok(())
    }
}
