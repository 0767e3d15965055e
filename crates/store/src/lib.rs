//! outturn-store: the facts outturn keeps, behind one [`Store`] trait with two
//! implementations: SQLite (the embedded default, one file) and PostgreSQL.
//!
//! The store keeps facts only. Results and target revisions are appended and
//! never updated, so the core can answer "as recorded on" any date. Statuses,
//! year-to-date figures and summaries are never stored: the core derives them.

use std::collections::BTreeMap;

use async_trait::async_trait;
use outturn_core::{
    Framework, Key, Measure, MeasureCode, MeasureHistory, Milestone, MilestoneUpdate, Node, NodeKind, ResultEntry,
    SummaryRule, TargetRevision,
};

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
    /// The council's framework, measures, summary groups and milestones.
    async fn council(&self, slug: &Key) -> Result<Option<Council>, StoreError>;
    /// Every result, target revision and milestone update of the council.
    async fn history(&self, slug: &Key) -> Result<CouncilHistory, StoreError>;
    /// Applies a change set in one transaction: all of it or none of it.
    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError>;
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
