//! The PostgreSQL backend, for running at scale.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use outturn_core::{FinancialYear, Key, MeasureCode, MeasureHistory, Period};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection, Postgres, Transaction};

use crate::cache::{Recent, RevisionCache};
use crate::{
    AuditFilter, AuditRecord, ChangeSet, Council, CouncilHistory, CouncilListing, SessionRecord, Store, StoreError,
    User, UserRecord,
};

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
mod accounts {
    type Db = sqlx::Postgres;
    include!("shared/accounts.rs");
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
    /// Council definitions by revision (see `cache`).
    councils: Arc<RevisionCache<Council>>,
    recent: Arc<Recent>,
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
        Ok(PostgresStore {
            pool,
            schema: None,
            councils: Arc::new(RevisionCache::new(32)),
            recent: Arc::new(Recent::default()),
        })
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
        Ok(PostgresStore {
            pool,
            schema: Some(schema.to_string()),
            councils: Arc::new(RevisionCache::new(32)),
            recent: Arc::new(Recent::default()),
        })
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

    /// A transaction for reading: REPEATABLE READ, so every query of it sees one snapshot.
    async fn reading(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        Ok(self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?)
    }

    /// A transaction for writing (READ COMMITTED: writers of the same rows
    /// wait for each other, and each statement sees what was committed before it).
    async fn writing(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        Ok(self.pool.begin().await?)
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
        // REPEATABLE READ: every query of the transaction sees one snapshot.
        let mut tx = self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
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
        let mut tx = self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
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
        let mut tx = self.pool.begin().await?;
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
