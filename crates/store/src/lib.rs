//! outturn-store: the facts outturn keeps, behind one [`Store`] trait with two
//! implementations: SQLite (the embedded default, one file) and PostgreSQL.
//!
//! The store keeps facts only. Results and target revisions are appended and
//! never updated, so the core can answer "as recorded on" any date. Statuses,
//! year-to-date figures and summaries are never stored: the core derives them.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::Timestamp;
use outturn_core::{
    FinancialYear, Framework, Key, Measure, MeasureCode, MeasureHistory, Milestone, MilestoneUpdate, Node, NodeKind,
    Period, ResultEntry, Role, SummaryRule, TargetRevision,
};

pub mod cache;
mod codec;
mod postgres;
mod sqlite;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the database holds a value outturn cannot read ({what}): {detail}")]
    Corrupt { what: String, detail: String },
    #[error("{0} is not a database URL outturn knows: use sqlite://FILE or postgres://USER@HOST/DB")]
    UnknownUrl(String),
    #[error("there is no council {0}")]
    NoCouncil(String),
    #[error("{measure} {period} was changed by someone else since you opened it ({recorded} results recorded now)")]
    Conflict { measure: String, period: Period, recorded: usize },
    #[error("there is already a user {0}")]
    DuplicateUser(String),
    #[error("there is no user {0}")]
    NoUser(String),
    #[error("{what} refers to {missing}, which is not in the database")]
    Dangling { what: String, missing: String },
    #[error("a change set must name the council it changes")]
    NoCouncilGiven,
}

/// A council and its framework as configured.
#[derive(Debug, Clone, PartialEq)]
pub struct Council {
    pub slug: Key,
    pub name: String,
    pub framework: Framework,
    /// In the order first declared.
    pub measures: Vec<Measure>,
    pub summary: SummaryRule,
    pub milestones: Vec<Milestone>,
}

/// One line per council, for listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilListing {
    pub slug: Key,
    pub name: String,
}

/// Everything recorded over time for a council's measures and milestones,
/// each list in the order recorded (corrections come after what they correct).
#[derive(Debug, Clone, Default)]
pub struct CouncilHistory {
    /// Every measure of the council, with nothing in it when nothing is recorded.
    pub measures: BTreeMap<MeasureCode, MeasureHistory>,
    pub milestone_updates: Vec<MilestoneUpdate>,
}

/// A person who can sign in. The password is kept only as an argon2 hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    /// Unique, lower case: what the person types to sign in.
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The council the account works for; none for an administrator of every council.
    pub council: Option<Key>,
    /// For directors and data owners: the nodes (business units...) whose
    /// measures they sign off or enter. Empty for other roles.
    pub nodes: Vec<Key>,
    /// A PHC string (`$argon2id$...`), never the password.
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: Timestamp,
}

/// A user to create or replace (by username).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub council: Option<Key>,
    pub nodes: Vec<Key>,
    pub password_hash: String,
    pub disabled: bool,
}

/// A signed-in session. The browser holds a random token; only its SHA-256
/// hash is stored, so a copy of the database cannot be used to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub user_id: i64,
    /// The form token every POST must carry (CSRF).
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// One line of the audit log: who changed what, when, from what to what.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub at: Timestamp,
    /// The username, or the command (`outturn demo`) for changes from the command line.
    pub actor: String,
    pub council: Option<Key>,
    /// What happened, as a stable code: `result.recorded`, `target.revised`, `user.disabled`...
    pub event: String,
    /// What it happened to, in words: "BV9 2020/21-Q2", "user jsmith".
    pub subject: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Which audit lines to list; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub council: Option<Key>,
    pub actor: Option<String>,
    /// A prefix of the event code (`result.` for every result event).
    pub event_prefix: Option<String>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Newest first; at most this many (and `offset` skipped first).
    pub limit: u32,
    pub offset: u32,
}

/// A check made inside the transaction before anything is written: the
/// number of results recorded for a measure and period is still what the
/// person saw when they opened the form. Otherwise someone else saved in the
/// meantime, and the change set fails with [`StoreError::Conflict`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsSeen {
    pub measure: MeasureCode,
    pub period: Period,
    pub recorded: usize,
}

/// A set of changes to one council, applied all together or not at all.
/// Definitions (kinds, nodes, measures, milestones, summary) are inserted or
/// replaced by key; targets, results and milestone updates are appended.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeSet {
    pub council: Option<Key>,
    /// The council's name; the council is created if new.
    pub name: String,
    pub kinds: Vec<NodeKind>,
    /// Parents may be other nodes in this change set or already stored.
    pub nodes: Vec<Node>,
    pub measures: Vec<Measure>,
    /// Replaces the stored summary groups when given.
    pub summary: Option<SummaryRule>,
    pub milestones: Vec<Milestone>,
    pub targets: Vec<TargetRevision>,
    pub results: Vec<ResultEntry>,
    pub milestone_updates: Vec<MilestoneUpdate>,
    /// Checked before anything is written.
    pub expect: Vec<ResultsSeen>,
    /// Written in the same transaction as the change.
    pub audit: Vec<AuditRecord>,
}

impl ChangeSet {
    pub fn for_council(slug: Key, name: impl Into<String>) -> Self {
        ChangeSet { council: Some(slug), name: name.into(), ..ChangeSet::default() }
    }
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
            && self.nodes.is_empty()
            && self.measures.is_empty()
            && self.summary.is_none()
            && self.milestones.is_empty()
            && self.targets.is_empty()
            && self.results.is_empty()
            && self.milestone_updates.is_empty()
            && self.audit.is_empty()
    }
}

/// What outturn asks of its database.
#[async_trait]
pub trait Store: Send + Sync {
    /// Which backend this is, for messages ("sqlite", "postgres").
    fn backend(&self) -> &'static str;
    /// Brings the schema up to date (safe to run again).
    async fn migrate(&self) -> Result<(), StoreError>;
    async fn councils(&self) -> Result<Vec<CouncilListing>, StoreError>;
    /// A number that changes whenever anything about the council changes
    /// (every applied change set); None for an unknown council.
    async fn revision(&self, slug: &Key) -> Result<Option<i64>, StoreError>;
    /// The periods that have at least one recorded result, in order.
    async fn result_periods(&self, slug: &Key) -> Result<Vec<Period>, StoreError>;
    /// The council's framework, measures, summary groups and milestones.
    /// Shared: the definitions are read once per revision and kept.
    async fn council(&self, slug: &Key) -> Result<Option<Arc<Council>>, StoreError>;
    /// Every result, target revision and milestone update of the council.
    async fn history(&self, slug: &Key) -> Result<CouncilHistory, StoreError>;
    /// Every result and target revision of one measure (empty for an unknown code).
    async fn measure_history(&self, slug: &Key, code: &MeasureCode) -> Result<MeasureHistory, StoreError>;
    /// The same, for results and targets of periods in financial years
    /// `first` to `last` only (milestone updates: all).
    async fn history_in_years(
        &self,
        slug: &Key,
        first: FinancialYear,
        last: FinancialYear,
    ) -> Result<CouncilHistory, StoreError>;
    /// Applies a change set in one transaction: all of it or none of it.
    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError>;

    // Accounts, sessions and the audit log.

    async fn users(&self) -> Result<Vec<User>, StoreError>;
    async fn user_by_id(&self, id: i64) -> Result<Option<User>, StoreError>;
    async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError>;
    /// Creates a user (`StoreError::DuplicateUser` if the username is taken),
    /// writing the audit record in the same transaction.
    async fn create_user(&self, user: &UserRecord, audit: &AuditRecord) -> Result<User, StoreError>;
    /// Replaces a user's details by username (`StoreError::NoUser` if there is
    /// none), writing the audit record in the same transaction. Disabling a
    /// user also ends their sessions.
    async fn update_user(&self, user: &UserRecord, audit: &AuditRecord) -> Result<User, StoreError>;
    async fn create_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    /// The session and its user, if the session exists and has not expired at `now`.
    async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<(SessionRecord, User)>, StoreError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Notes a failed sign-in for a username (known or not).
    async fn record_login_failure(&self, username: &str, at: Timestamp) -> Result<(), StoreError>;
    /// How many failed sign-ins for the username since the instant.
    async fn login_failures_since(&self, username: &str, since: Timestamp) -> Result<usize, StoreError>;
    async fn clear_login_failures(&self, username: &str) -> Result<(), StoreError>;
    /// Writes audit records on their own (for events with no other change, such as signing in).
    async fn append_audit(&self, records: &[AuditRecord]) -> Result<(), StoreError>;
    /// Audit lines, newest first.
    async fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, StoreError>;
}

/// The default database: `outturn.db` in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://outturn.db";

/// Opens the database at `url` (sqlite://FILE or postgres://...), creating a
/// SQLite file if needed, and brings its schema up to date.
pub async fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    let store: Box<dyn Store> = if url.starts_with("sqlite:") {
        Box::new(SqliteStore::open(url).await?)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Box::new(PostgresStore::open(url).await?)
    } else {
        return Err(StoreError::UnknownUrl(url.to_string()));
    };
    store.migrate().await?;
    Ok(store)
}
