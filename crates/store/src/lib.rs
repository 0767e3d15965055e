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
    Decimal, FinancialYear, Framework, Judgement, Key, Measure, MeasureCode, MeasureHistory, Milestone,
    MilestoneUpdate, Node, NodeKind, Period, ResultEntry, Role, SummaryRule, TargetRevision,
};
// Committees and improvement plans.
use outturn_core::{ActionUpdate, ImprovementPlan, Meeting};

/// Committee records to store together (see [`Store::save_committees`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitteeChanges {
    /// New meetings, whole.
    pub meetings: Vec<Meeting>,
    /// Each replaces the plan of its measure.
    pub plans: Vec<ImprovementPlan>,
    /// How many consecutive Green periods take a plan off the focus list.
    pub focus_green_periods: Option<u32>,
}

mod backend;
pub mod cache;
mod codec;
pub mod cycle;
mod history_rows;
mod kept_history;
mod postgres;
mod sqlite;

pub use cycle::{CommentaryWaiver, NewPublication, Publication, PublishedFile, Round, SignOffEvent};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// An error of SQLite itself while reading a history's rows on the
    /// connection's handle (see `history_rows`).
    #[error("database error: {0}")]
    Sqlite(String),
    /// Another writer (a long import, perhaps) held the database for longer
    /// than a write waits (SQLite's busy timeout, PostgreSQL's lock timeout),
    /// or no connection came free: nothing was written, and the same change
    /// may succeed shortly.
    #[error(
        "the database is busy with another change (a long import, perhaps): nothing was written; try again in a minute ({0})"
    )]
    Busy(String),
    #[error("the database holds a value outturn cannot read ({what}): {detail}")]
    Corrupt { what: String, detail: String },
    #[error("{0} is not a database URL outturn knows: use sqlite://FILE or postgres://USER@HOST/DB")]
    UnknownUrl(String),
    #[error("there is no council {0}")]
    NoCouncil(String),
    #[error(
        "{measure}{} was changed by someone else since you opened it ({recorded} results recorded now)",
        period.map(|p| format!(" {p}")).unwrap_or_default()
    )]
    Conflict { measure: String, period: Option<Period>, recorded: usize },
    #[error(
        "a business unit was signed off, reopened or a report published while this change was being checked: nothing was written; try again"
    )]
    LocksMoved,
    #[error("there is already a user {0}")]
    DuplicateUser(String),
    #[error("there is no user {0}")]
    NoUser(String),
    #[error("{what} refers to {missing}, which is not in the database")]
    Dangling { what: String, missing: String },
    #[error("a change set must name the council it changes")]
    NoCouncilGiven,
    /// The source of a batched change (an import's file) stopped it: nothing is written.
    #[error("stopped before anything was written: {0}")]
    Stopped(String),
    // Collection rounds, sign-off and publishing.
    #[error("there is already {0}")]
    Duplicate(String),
    #[error("there is no open collection round for {0}")]
    NoRound(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        // SQLite: BUSY (5) and its extended codes, LOCKED (6); PostgreSQL:
        // lock_not_available (55P03, from lock_timeout).
        let busy = match &e {
            sqlx::Error::PoolTimedOut => true,
            sqlx::Error::Database(db) => {
                matches!(db.code().as_deref(), Some("5" | "6" | "261" | "517" | "773" | "55P03"))
            }
            _ => false,
        };
        if busy { StoreError::Busy(e.to_string()) } else { StoreError::Database(e) }
    }
}

/// A council and its framework as configured.
#[derive(Debug, Clone, PartialEq)]
pub struct Council {
    pub slug: Key,
    pub name: String,
    /// A demo council with generated figures: every page and document says so.
    pub fictional: bool,
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
    pub fictional: bool,
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
    /// The period whose recordings were counted; None for every period of
    /// the measure (what an API client's ETag stands for).
    pub period: Option<Period>,
    pub recorded: usize,
}

/// How many sign-off steps and publications a council had when a change
/// was checked against them (both are only ever appended to). A change set
/// that names it is written only if the council still has as many: else
/// sign-off or publishing moved on while it was prepared, and it fails with
/// [`StoreError::LocksMoved`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LocksSeen {
    pub sign_off_steps: i64,
    pub publications: i64,
}

/// A set of changes to one council, applied all together or not at all.
/// Definitions (kinds, nodes, measures, milestones, summary) are inserted or
/// replaced by key; targets, results and milestone updates are appended.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeSet {
    pub council: Option<Key>,
    /// The council's name; the council is created if new.
    pub name: String,
    /// Marks the council fictional (or not) when given; kept otherwise.
    pub fictional: Option<bool>,
    pub kinds: Vec<NodeKind>,
    /// Parents may be other nodes in this change set or already stored.
    pub nodes: Vec<Node>,
    pub measures: Vec<Measure>,
    /// Former status rules kept for locked periods, appended (after the
    /// measures, so a kept rule may name a measure in this change set).
    pub kept_rules: Vec<outturn_core::MeasureKeptRule>,
    /// Replaces the stored summary groups when given.
    pub summary: Option<SummaryRule>,
    pub milestones: Vec<Milestone>,
    pub targets: Vec<TargetRevision>,
    pub results: Vec<ResultEntry>,
    pub milestone_updates: Vec<MilestoneUpdate>,
    /// Judged statuses (and withdrawals), appended.
    pub judgements: Vec<Judgement>,
    /// Report drafts: replaces the stored report settings when given.
    pub report_settings: Option<ReportSettings>,
    /// Report drafts: forecast figures, each replacing any for its measure and period.
    pub forecasts: Vec<Forecast>,
    /// Process changes, each replacing any for its measure and period.
    pub process_changes: Vec<ProcessChange>,
    /// Process changes to remove (by measure and period): no longer in the
    /// council's list.
    pub process_changes_removed: Vec<ProcessChange>,
    /// Benchmarking: replaces the council's area code, comparison groups
    /// and measure-to-metric mapping, all three, when given (written after
    /// the measures, so the mapping may name a measure in this change set).
    pub comparison: Option<Comparison>,
    /// Benchmarking: comparator values, each replacing any for its metric,
    /// area and period.
    pub benchmarks: Vec<BenchmarkValue>,
    /// Checked before anything is written.
    pub expect: Vec<ResultsSeen>,
    /// The sign-off and publishing the change was checked against (locked
    /// results, kept status rules): checked before anything is written.
    pub expect_locks: Option<LocksSeen>,
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
            && self.kept_rules.is_empty()
            && self.summary.is_none()
            && self.milestones.is_empty()
            && self.targets.is_empty()
            && self.results.is_empty()
            && self.milestone_updates.is_empty()
            && self.judgements.is_empty()
            && self.report_settings.is_none()
            && self.forecasts.is_empty()
            && self.process_changes.is_empty()
            && self.process_changes_removed.is_empty()
            && self.comparison.is_none()
            && self.benchmarks.is_empty()
            && self.audit.is_empty()
    }
}

// Report drafts: report settings per council, narrative per draft, forecasts.

/// What a council's committee reports say about themselves: the cover block
/// (who receives the report, who presents it, whom to ask) and the
/// implications sections. Absent fields are shown as "to be set".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportSettings {
    pub committee: Option<String>,
    pub portfolio_holder: Option<String>,
    pub lead_officer: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// In the order the report prints them.
    pub implications: Vec<Implication>,
}

/// One implications section: "Financial implications" and its wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Implication {
    pub title: String,
    pub text: String,
}

/// A change to how a measure's figures are produced, from `period` on (a
/// new system, contractor or definition): the SPC chart starts new limits
/// there, and nowhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessChange {
    pub measure: MeasureCode,
    /// The first period of the new process.
    pub period: Period,
    pub reason: String,
    pub recorded_by: String,
}

/// How a council is benchmarked against other councils: its own area code
/// in the comparator data, the groups it is compared within and the metric
/// each measure is compared on. Stored and replaced whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// The council's own area code in the comparator data (an ONS code
    /// such as LG Inform lists areas by).
    pub area_code: String,
    /// In the order given.
    pub groups: Vec<ComparisonGroup>,
    /// The comparator metric each measure is compared on, by measure code;
    /// a measure not here has no benchmark.
    pub metrics: BTreeMap<MeasureCode, String>,
}

/// A group of areas the council is compared within: all English districts,
/// a region, its nearest neighbours, any named list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparisonGroup {
    pub key: Key,
    pub name: String,
    /// Area codes, in the order listed (the council's own may be among them).
    pub areas: Vec<String>,
}

/// One area's value of a comparator metric for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchmarkValue {
    pub metric: String,
    pub area_code: String,
    pub area_name: String,
    pub period: Period,
    /// `None`: the data has no value for this area and period (left out of
    /// comparisons, never read as zero).
    pub value: Option<Decimal>,
}

/// A performance officer's own forecast of a measure's year-end outturn,
/// given in place of the model's, with the reason. Appended, never changed:
/// a later one for the same measure and year supersedes it (see
/// [`Store::record_forecast_override`]), and every one is kept so that its
/// error can be shown when the outturn arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastOverride {
    pub council: Key,
    pub measure: MeasureCode,
    /// The financial year whose outturn it forecasts.
    pub year: FinancialYear,
    pub value: Decimal,
    pub reason: String,
    /// Who gave it, as the audit log names them.
    pub recorded_by: String,
    pub recorded_at: Timestamp,
}

/// A forecast figure for a measure and period (the year-end outturn expected).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    pub measure: MeasureCode,
    pub period: Period,
    pub value: outturn_core::Decimal,
}

/// A report draft: one council's report of a kind ("quarterly", "exception") for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftKey {
    pub council: Key,
    pub kind: String,
    pub period: Period,
}

/// Narrative for a draft by slot ("purpose", "highlights:housing", "spotlight:BV66a"), in Markdown.
pub type Narrative = BTreeMap<String, String>;

// API tokens: bearer tokens for the REST API (/api/v1).

/// What an API token may do on top of its user's role: read, or read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenScope {
    Read,
    Write,
}

impl TokenScope {
    pub fn code(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }
    pub fn parse(text: &str) -> Option<TokenScope> {
        match text.trim() {
            "read" => Some(TokenScope::Read),
            "write" => Some(TokenScope::Write),
            _ => None,
        }
    }
}

/// An API token as stored: only the SHA-256 hash of its secret is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    /// What the token is for, in the words of whoever made it ("nightly housing feed").
    pub name: String,
    pub scope: TokenScope,
    pub created_at: Timestamp,
    /// Recorded at most every few minutes (see `outturn_app::api_tokens`).
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// A token to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    pub token_hash: String,
    pub user_id: i64,
    pub name: String,
    pub scope: TokenScope,
    pub created_at: Timestamp,
}

// Reminders: email addresses, and every reminder claimed, sent or failed.

/// Which reminder: one of each kind per round (council and period) and person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReminderKind {
    /// To a data owner with measures still due, a few days before the owner deadline.
    OwnerBeforeDeadline,
    /// To a data owner, once the owner deadline has passed, listing what is overdue.
    OwnerOverdue,
    /// To a director, before the sign-off deadline: the units awaiting their sign-off.
    SignOffDigest,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 3] =
        [ReminderKind::OwnerBeforeDeadline, ReminderKind::OwnerOverdue, ReminderKind::SignOffDigest];
    pub fn code(self) -> &'static str {
        match self {
            ReminderKind::OwnerBeforeDeadline => "owner-before-deadline",
            ReminderKind::OwnerOverdue => "owner-overdue",
            ReminderKind::SignOffDigest => "sign-off-digest",
        }
    }
    pub fn parse(text: &str) -> Option<ReminderKind> {
        ReminderKind::ALL.into_iter().find(|k| k.code() == text)
    }
    pub fn label(self) -> &'static str {
        match self {
            ReminderKind::OwnerBeforeDeadline => "Results due soon",
            ReminderKind::OwnerOverdue => "Results overdue",
            ReminderKind::SignOffDigest => "Awaiting sign-off",
        }
    }
}

/// Where a reminder stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderState {
    /// Claimed by a server that is sending it (or stopped while sending).
    Sending,
    Sent,
    /// The mail server refused it or could not be reached; tried again later.
    Failed,
}

impl ReminderState {
    pub fn code(self) -> &'static str {
        match self {
            ReminderState::Sending => "sending",
            ReminderState::Sent => "sent",
            ReminderState::Failed => "failed",
        }
    }
    pub fn parse(text: &str) -> Option<ReminderState> {
        [ReminderState::Sending, ReminderState::Sent, ReminderState::Failed].into_iter().find(|s| s.code() == text)
    }
    pub fn label(self) -> &'static str {
        match self {
            ReminderState::Sending => "Sending",
            ReminderState::Sent => "Sent",
            ReminderState::Failed => "Failed",
        }
    }
}

/// What makes a reminder the same reminder: sent once per key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReminderKey {
    pub council: Key,
    /// The round's period.
    pub period: Period,
    /// The username of the person reminded.
    pub recipient: String,
    pub kind: ReminderKind,
}

/// A reminder about to be sent: its key and the message as it will go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderClaim {
    pub key: ReminderKey,
    pub address: String,
    pub subject: String,
    pub body: String,
}

/// A reminder as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRecord {
    pub id: i64,
    pub key: ReminderKey,
    pub address: String,
    pub subject: String,
    pub body: String,
    pub state: ReminderState,
    pub attempts: u32,
    /// When the latest attempt began.
    pub claimed_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    /// The mail server's answer to the latest failed attempt.
    pub last_error: Option<String>,
}

/// Which reminders to list, newest first; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReminderFilter {
    pub council: Option<Key>,
    pub period: Option<Period>,
    /// At most this many (0: all).
    pub limit: u32,
}

/// Results to append after a change set, a batch at a time: see
/// [`Store::apply_in_batches`].
#[async_trait]
pub trait ResultBatches {
    /// The next batch; None when there are no more. `stored` reads what was
    /// stored before the first batch, inside the change's transaction (to
    /// decide what a batch adds as it is read). An error (such as
    /// [`StoreError::Stopped`]) rolls back everything written so far.
    async fn next_batch(
        &mut self,
        stored: &mut (dyn StoredResults + Send),
    ) -> Result<Option<Vec<ResultEntry>>, StoreError>;
    /// After the last batch: audit lines that can be told only once every
    /// batch is known (an import's counts), written with the change. An
    /// error rolls back everything written so far.
    async fn finish(&mut self) -> Result<Vec<AuditRecord>, StoreError> {
        Ok(Vec::new())
    }
}

/// The results a council held before the first batch of a change, read
/// inside its transaction: rows the batches write are never among them.
#[async_trait]
pub trait StoredResults {
    /// Every result of the measure stored before the first batch, in the
    /// order of a measure's history; none for a code without results.
    async fn results_of(&mut self, measure: &MeasureCode) -> Result<Vec<ResultEntry>, StoreError>;
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
    /// (every applied change set, a round opened or closed, a sign-off step,
    /// a commentary waiver, a publication); None for an unknown council.
    async fn revision(&self, slug: &Key) -> Result<Option<i64>, StoreError>;
    /// The periods that have at least one recorded result, in order.
    async fn result_periods(&self, slug: &Key) -> Result<Vec<Period>, StoreError>;
    /// The council's framework, measures, summary groups and milestones.
    /// Shared: the definitions are read once per revision and kept.
    async fn council(&self, slug: &Key) -> Result<Option<Arc<Council>>, StoreError>;
    /// Every result, target revision and milestone update of the council.
    async fn history(&self, slug: &Key) -> Result<CouncilHistory, StoreError>;
    /// Every target revision and milestone update of the council, and no
    /// results: for a change that brings none (a large council's results
    /// take seconds to read).
    async fn history_without_results(&self, slug: &Key) -> Result<CouncilHistory, StoreError>;
    /// Every result and target revision of one measure (empty for an unknown code).
    async fn measure_history(&self, slug: &Key, code: &MeasureCode) -> Result<MeasureHistory, StoreError> {
        Ok(self.measures_history(slug, std::slice::from_ref(code)).await?.remove(code).unwrap_or_default())
    }
    /// The same for several measures, read together (a report's charts):
    /// one entry per code asked about, empty for an unknown one.
    async fn measures_history(
        &self,
        slug: &Key,
        codes: &[MeasureCode],
    ) -> Result<BTreeMap<MeasureCode, MeasureHistory>, StoreError>;
    /// The same, for results and targets of periods in financial years
    /// `first` to `last` only (milestone updates: all). Kept in memory and
    /// brought up to date by what was written since (see `kept_history`).
    async fn history_in_years(
        &self,
        slug: &Key,
        first: FinancialYear,
        last: FinancialYear,
    ) -> Result<Arc<CouncilHistory>, StoreError>;
    /// Applies a change set in one transaction: all of it or none of it.
    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError>;
    /// Applies a change set and then every batch of results `more` gives,
    /// all in one transaction: an error from `more` rolls everything back.
    /// For imports too big to hold: results are written many rows to a statement.
    async fn apply_in_batches(
        &self,
        changes: &ChangeSet,
        more: &mut (dyn ResultBatches + Send),
    ) -> Result<(), StoreError>;

    // Accounts, sessions and the audit log.

    async fn users(&self) -> Result<Vec<User>, StoreError>;
    async fn user_by_id(&self, id: i64) -> Result<Option<User>, StoreError>;
    async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError>;
    /// Creates a user (`StoreError::DuplicateUser` if the username is taken),
    /// writing the audit record in the same transaction.
    async fn create_user(&self, user: &UserRecord, audit: &AuditRecord) -> Result<User, StoreError>;
    /// Replaces a user's details by username (`StoreError::NoUser` if there is
    /// none), writing the audit record in the same transaction. Disabling a
    /// user, or changing their password, also ends their sessions.
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

    // Report drafts (settings are written with a change set's `report_settings`,
    // forecasts with its `forecasts`).

    /// The council's report settings (empty when none were set).
    async fn report_settings(&self, slug: &Key) -> Result<ReportSettings, StoreError>;
    /// Every forecast of the council's measures, by measure and period.
    async fn forecasts(&self, slug: &Key) -> Result<Vec<Forecast>, StoreError>;
    /// Every process change recorded for the council's measures, oldest
    /// period first (written with a change set's `process_changes`).
    async fn process_changes(&self, slug: &Key) -> Result<Vec<ProcessChange>, StoreError>;
    /// Every forecast override of the council's measures, in the order
    /// recorded (the latest for a measure and year is the one that stands).
    async fn forecast_overrides(&self, slug: &Key) -> Result<Vec<ForecastOverride>, StoreError>;
    /// Appends a forecast override with its audit record, in one transaction
    /// ([`StoreError::Dangling`] for a measure the council does not have);
    /// earlier overrides are kept. Moves the council's revision.
    async fn record_forecast_override(&self, record: &ForecastOverride, audit: &AuditRecord) -> Result<(), StoreError>;

    // Benchmarking (written with a change set's `comparison` and `benchmarks`).

    /// The council's area code, comparison groups and measure-to-metric
    /// mapping; `None` when no comparison was ever set.
    async fn comparison(&self, slug: &Key) -> Result<Option<Comparison>, StoreError>;
    /// The council's comparator values of these metrics only, by metric (in
    /// the order asked), then period (oldest first), then area code.
    async fn benchmarks(&self, slug: &Key, metrics: &[String]) -> Result<Vec<BenchmarkValue>, StoreError>;
    /// The narrative written for a draft so far.
    async fn narrative(&self, draft: &DraftKey) -> Result<Narrative, StoreError>;
    /// Sets each slot given (an empty text clears it) in one transaction with the audit record.
    async fn save_narrative(
        &self,
        draft: &DraftKey,
        slots: &Narrative,
        by: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;

    // API tokens.

    /// Stores a new token (its user must exist) with the audit record, in one transaction.
    async fn create_api_token(&self, token: &NewApiToken, audit: &AuditRecord) -> Result<ApiToken, StoreError>;
    /// Every token (of one user when given), revoked ones included, oldest first.
    async fn api_tokens(&self, user_id: Option<i64>) -> Result<Vec<ApiToken>, StoreError>;
    /// The token with this hash and its user, if it is not revoked and the user is not disabled.
    async fn api_token_user(&self, token_hash: &str) -> Result<Option<(ApiToken, User)>, StoreError>;
    /// Revokes a token (kept, marked revoked at `at`; revoking again changes nothing)
    /// with the audit record; None when there is no such token.
    async fn revoke_api_token(
        &self,
        id: i64,
        at: Timestamp,
        audit: &AuditRecord,
    ) -> Result<Option<ApiToken>, StoreError>;
    /// Records that a token was used at `at`, unless it was already recorded as used at or after `unless_since`.
    async fn touch_api_token(&self, id: i64, at: Timestamp, unless_since: Timestamp) -> Result<(), StoreError>;

    // Reminders: email addresses and the record of every reminder.

    /// Sets (or with None removes) the address a user's reminders go to, with
    /// the audit record, in one transaction (`StoreError::NoUser` if there is none).
    async fn set_email_address(
        &self,
        username: &str,
        address: Option<&str>,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;
    /// Every user's reminder address, by username.
    async fn email_addresses(&self) -> Result<BTreeMap<String, String>, StoreError>;
    /// Claims a reminder for sending, in one transaction: Some(id) when the
    /// caller must send it now (it is new, or its last attempt failed or was
    /// left unfinished and began before `retry_before`); None when it was
    /// sent, or another attempt holds it.
    async fn claim_reminder(
        &self,
        claim: &ReminderClaim,
        now: Timestamp,
        retry_before: Timestamp,
    ) -> Result<Option<i64>, StoreError>;
    /// Records how a claimed attempt ended: sent, or failed with the error.
    async fn finish_reminder(&self, id: i64, outcome: Result<(), &str>, at: Timestamp) -> Result<(), StoreError>;
    /// Recorded reminders, newest first.
    async fn reminders(&self, filter: &ReminderFilter) -> Result<Vec<ReminderRecord>, StoreError>;

    // Collection rounds, sign-off and publishing (each write in one
    // transaction with its audit record).

    /// The council's collection rounds, by period.
    async fn rounds(&self, slug: &Key) -> Result<Vec<Round>, StoreError>;
    /// Opens a round ([`StoreError::Duplicate`] if the period has one).
    async fn open_round(&self, round: &Round, audit: &AuditRecord) -> Result<(), StoreError>;
    /// Closes the period's open round ([`StoreError::NoRound`] if none is open).
    async fn close_round(
        &self,
        slug: &Key,
        period: Period,
        at: Timestamp,
        by: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;
    /// Every sign-off step of the council (of one period when given), in the order taken.
    async fn sign_off_events(&self, slug: &Key, period: Option<Period>) -> Result<Vec<SignOffEvent>, StoreError>;
    /// Appends a sign-off step if the unit and period still have `expected`
    /// steps (else [`StoreError::Duplicate`]: someone took one meanwhile);
    /// moves the council's revision.
    async fn record_sign_off(
        &self,
        event: &SignOffEvent,
        expected: usize,
        audit: &AuditRecord,
    ) -> Result<(), StoreError>;
    /// The council's commentary waivers (Red or Amber results an officer
    /// recorded as needing no commentary, and why), in the order recorded.
    async fn commentary_waivers(&self, slug: &Key) -> Result<Vec<CommentaryWaiver>, StoreError>;
    /// Records a commentary waiver ([`StoreError::Duplicate`] if the measure
    /// has one for the period); moves the council's revision.
    async fn waive_commentary(&self, waiver: &CommentaryWaiver, audit: &AuditRecord) -> Result<(), StoreError>;
    /// Stores a publication whole (files, data, hash); returns its id; moves
    /// the council's revision.
    async fn publish(&self, publication: &NewPublication, audit: &AuditRecord) -> Result<i64, StoreError>;
    /// Published reports, oldest first: one council's, or every council's.
    async fn publications(&self, slug: Option<&Key>) -> Result<Vec<Publication>, StoreError>;
    /// One publication and the evaluated data it rests on.
    async fn publication(&self, id: i64) -> Result<Option<(Publication, serde_json::Value)>, StoreError>;
    /// One stored file of a publication, byte for byte.
    async fn publication_file(&self, id: i64, format: &str) -> Result<Option<PublishedFile>, StoreError>;

    // Committees and improvement plans (each write in one transaction with
    // its audit record; see shared/committees.rs).

    /// The council's meetings, oldest first, each whole: reports considered,
    /// resolutions, actions and their update notes.
    async fn meetings(&self, slug: &Key) -> Result<Vec<Meeting>, StoreError>;
    /// Stores new meetings, replaces improvement plans by measure and sets
    /// the focus setting, all in one transaction with the audit records,
    /// moving the council's revision (measure pages show the plans);
    /// returns the new meetings' ids ([`StoreError::Duplicate`] if a committee
    /// already met that day; [`StoreError::NoUser`] for an action asked of an
    /// unknown username; [`StoreError::Dangling`] for a plan of an unknown measure).
    async fn save_committees(
        &self,
        slug: &Key,
        changes: &CommitteeChanges,
        audit: &[AuditRecord],
    ) -> Result<Vec<i64>, StoreError>;
    /// Appends an update note to an action of the council, setting its state
    /// when the note does; false when the council has no such action.
    async fn add_action_update(
        &self,
        slug: &Key,
        action_id: i64,
        update: &ActionUpdate,
        audit: &AuditRecord,
    ) -> Result<bool, StoreError>;
    /// The council's improvement plans, by measure code.
    async fn improvement_plans(&self, slug: &Key) -> Result<Vec<ImprovementPlan>, StoreError>;
    /// How many consecutive Green periods take a plan off the focus list
    /// (`improvement::DEFAULT_GREEN_PERIODS` until set).
    async fn focus_green_periods(&self, slug: &Key) -> Result<u32, StoreError>;
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
