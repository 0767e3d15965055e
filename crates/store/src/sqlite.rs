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
    AuditFilter, AuditRecord, ChangeSet, Council, CouncilHistory, CouncilListing, ResultBatches, SessionRecord, Store,
    StoreError, User, UserRecord,
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
mod rounds {
    type Db = sqlx::Sqlite;
    include!("shared/rounds.rs");
}
mod publications {
    type Db = sqlx::Sqlite;
    include!("shared/publications.rs");
}
mod report_drafts {
    type Db = sqlx::Sqlite;
    include!("shared/report_drafts.rs");
}
mod tokens {
    type Db = sqlx::Sqlite;
    include!("shared/tokens.rs");
}
mod reminders {
    type Db = sqlx::Sqlite;
    include!("shared/reminders.rs");
}
mod committees {
    type Db = sqlx::Sqlite;
    include!("shared/committees.rs");
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

    async fn apply_in_batches(
        &self,
        changes: &ChangeSet,
        more: &mut (dyn ResultBatches + Send),
    ) -> Result<(), StoreError> {
        // IMMEDIATE takes the write lock at once, so a writer waits (up to the
        // busy timeout) rather than failing when it upgrades from reading.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        write::apply_with(&mut tx, changes, Some(more)).await?; // an error drops tx: rolled back
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

    // Report drafts.

    async fn report_settings(&self, slug: &Key) -> Result<crate::ReportSettings, StoreError> {
        let mut tx = self.reading().await?;
        let settings = report_drafts::report_settings(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(settings)
    }

    async fn forecasts(&self, slug: &Key) -> Result<Vec<crate::Forecast>, StoreError> {
        let mut tx = self.reading().await?;
        let forecasts = report_drafts::forecasts(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(forecasts)
    }

    async fn narrative(&self, draft: &crate::DraftKey) -> Result<crate::Narrative, StoreError> {
        let mut tx = self.reading().await?;
        let narrative = report_drafts::narrative(&mut tx, draft).await?;
        tx.rollback().await?;
        Ok(narrative)
    }

    async fn save_narrative(
        &self,
        draft: &crate::DraftKey,
        slots: &crate::Narrative,
        by: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError> {
        let mut tx = self.writing().await?;
        report_drafts::save_narrative(&mut tx, draft, slots, by, audit).await?; // an error drops tx: rolled back
        tx.commit().await?;
        Ok(())
    }

    // API tokens.

    async fn create_api_token(
        &self,
        token: &crate::NewApiToken,
        audit: &AuditRecord,
    ) -> Result<crate::ApiToken, StoreError> {
        let mut tx = self.writing().await?;
        let token = tokens::create_api_token(&mut tx, token, audit).await?; // an error drops tx: rolled back
        tx.commit().await?;
        Ok(token)
    }

    async fn api_tokens(&self, user_id: Option<i64>) -> Result<Vec<crate::ApiToken>, StoreError> {
        let mut tx = self.reading().await?;
        let found = tokens::api_tokens(&mut tx, user_id).await?;
        tx.rollback().await?;
        Ok(found)
    }

    async fn api_token_user(&self, token_hash: &str) -> Result<Option<(crate::ApiToken, User)>, StoreError> {
        let mut tx = self.reading().await?;
        let found = tokens::api_token_user(&mut tx, token_hash).await?;
        tx.rollback().await?;
        Ok(found)
    }

    async fn revoke_api_token(
        &self,
        id: i64,
        at: Timestamp,
        audit: &AuditRecord,
    ) -> Result<Option<crate::ApiToken>, StoreError> {
        let mut tx = self.writing().await?;
        let token = tokens::revoke_api_token(&mut tx, id, at, audit).await?;
        if token.is_some() {
            tx.commit().await?;
        } else {
            tx.rollback().await?; // nothing to revoke: no audit line either
        }
        Ok(token)
    }

    async fn touch_api_token(&self, id: i64, at: Timestamp, unless_since: Timestamp) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        tokens::touch_api_token(&mut conn, id, at, unless_since).await
    }
    // Reminders.

    async fn set_email_address(
        &self,
        username: &str,
        address: Option<&str>,
        audit: &AuditRecord,
    ) -> Result<(), StoreError> {
        let mut tx = self.writing().await?;
        reminders::set_email_address(&mut tx, username, address, audit).await?; // an error drops tx: rolled back
        tx.commit().await?;
        Ok(())
    }

    async fn email_addresses(&self) -> Result<std::collections::BTreeMap<String, String>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        reminders::email_addresses(&mut conn).await
    }

    async fn claim_reminder(
        &self,
        claim: &crate::ReminderClaim,
        now: Timestamp,
        retry_before: Timestamp,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.writing().await?;
        let claimed = reminders::claim(&mut tx, claim, now, retry_before).await?;
        tx.commit().await?;
        Ok(claimed)
    }

    async fn finish_reminder(&self, id: i64, outcome: Result<(), &str>, at: Timestamp) -> Result<(), StoreError> {
        let mut tx = self.writing().await?;
        reminders::finish(&mut tx, id, outcome, at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reminders(&self, filter: &crate::ReminderFilter) -> Result<Vec<crate::ReminderRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        reminders::reminders(&mut conn, filter).await
    }

    // Collection rounds, sign-off and publishing.

    async fn rounds(&self, slug: &Key) -> Result<Vec<crate::Round>, StoreError> {
        let mut tx = self.reading().await?;
        let rounds = rounds::rounds(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(rounds)
    }

    async fn open_round(&self, round: &crate::Round, audit: &AuditRecord) -> Result<(), StoreError> {
        let mut tx = self.writing().await?;
        rounds::open_round(&mut tx, round, audit).await?; // an error drops tx: rolled back
        tx.commit().await?;
        self.recent.revisions.forget(round.council.as_str());
        Ok(())
    }

    async fn close_round(
        &self,
        slug: &Key,
        period: Period,
        at: Timestamp,
        by: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError> {
        let mut tx = self.writing().await?;
        rounds::close_round(&mut tx, slug, period, at, by, audit).await?;
        tx.commit().await?;
        self.recent.revisions.forget(slug.as_str());
        Ok(())
    }

    async fn sign_off_events(
        &self,
        slug: &Key,
        period: Option<Period>,
    ) -> Result<Vec<crate::SignOffEvent>, StoreError> {
        let mut tx = self.reading().await?;
        let events = rounds::sign_off_events(&mut tx, slug, period).await?;
        tx.rollback().await?;
        Ok(events)
    }

    async fn record_sign_off(
        &self,
        event: &crate::SignOffEvent,
        expected: usize,
        audit: &AuditRecord,
    ) -> Result<(), StoreError> {
        let mut tx = self.writing().await?;
        rounds::record_sign_off(&mut tx, event, expected, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn publish(&self, publication: &crate::NewPublication, audit: &AuditRecord) -> Result<i64, StoreError> {
        let mut tx = self.writing().await?;
        let id = publications::publish(&mut tx, publication, audit).await?; // an error drops tx: rolled back
        tx.commit().await?;
        Ok(id)
    }

    async fn publications(&self, slug: Option<&Key>) -> Result<Vec<crate::Publication>, StoreError> {
        let mut tx = self.reading().await?;
        let list = publications::publications(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(list)
    }

    async fn publication(&self, id: i64) -> Result<Option<(crate::Publication, serde_json::Value)>, StoreError> {
        let mut tx = self.reading().await?;
        let found = publications::publication(&mut tx, id).await?;
        tx.rollback().await?;
        Ok(found)
    }

    async fn publication_file(&self, id: i64, format: &str) -> Result<Option<crate::PublishedFile>, StoreError> {
        let mut tx = self.reading().await?;
        let file = publications::publication_file(&mut tx, id, format).await?;
        tx.rollback().await?;
        Ok(file)
    }

    // Committees and improvement plans.

    async fn meetings(&self, slug: &Key) -> Result<Vec<outturn_core::Meeting>, StoreError> {
        let mut tx = self.reading().await?;
        let meetings = committees::meetings(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(meetings)
    }

    async fn save_committees(
        &self,
        slug: &Key,
        changes: &crate::CommitteeChanges,
        audit: &[AuditRecord],
    ) -> Result<Vec<i64>, StoreError> {
        let mut tx = self.writing().await?;
        let ids = committees::save_committees(&mut tx, slug, changes, audit).await?; // an error drops tx: rolled back
        tx.commit().await?;
        Ok(ids)
    }

    async fn add_action_update(
        &self,
        slug: &Key,
        action_id: i64,
        update: &outturn_core::ActionUpdate,
        audit: &AuditRecord,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writing().await?;
        let found = committees::add_action_update(&mut tx, slug, action_id, update, audit).await?;
        tx.commit().await?;
        Ok(found)
    }

    async fn improvement_plans(&self, slug: &Key) -> Result<Vec<outturn_core::ImprovementPlan>, StoreError> {
        let mut tx = self.reading().await?;
        let plans = committees::improvement_plans(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(plans)
    }

    async fn focus_green_periods(&self, slug: &Key) -> Result<u32, StoreError> {
        let mut tx = self.reading().await?;
        let periods = committees::focus_green_periods(&mut tx, slug).await?;
        tx.rollback().await?;
        Ok(periods)
    }
}
