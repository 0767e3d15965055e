// The one implementation of the Store API, for both backends. This file is not
// a module of its own: `backend::shared_store!` compiles it once per backend,
// after `type Db = ...;` and `type BackendStore = ...;` (see backend.rs for
// why). What differs between the backends comes from their `Backend` constants.
//
// Every read runs in `reading` (one snapshot: on PostgreSQL REPEATABLE READ
// READ ONLY), every write in `writing` (one transaction, committed whole).

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use jiff::Timestamp;
use outturn_core::{ActionUpdate, FinancialYear, ImprovementPlan, Key, MeasureCode, MeasureHistory, Meeting, Period};

use crate::backend::Backend;
use crate::cycle::{CommentaryWaiver, NewPublication, Publication, PublishedFile, Round, SignOffEvent};
use crate::{
    ApiToken, AuditFilter, AuditRecord, BenchmarkValue, ChangeSet, CommitteeChanges, Comparison, Council,
    CouncilHistory, CouncilListing, DraftKey, Forecast, ForecastOverride, Narrative, NewApiToken, ProcessChange,
    ReminderClaim, ReminderFilter, ReminderRecord, ReportSettings, ResultBatches, SessionRecord, Store, StoreError,
    User, UserRecord,
};

type Conn = <Db as sqlx::Database>::Connection;

impl BackendStore {
    /// Runs `read` in a transaction of its own in which every query sees the
    /// same snapshot, then rolls the transaction back (a read changes nothing).
    async fn reading<T>(&self, read: impl AsyncFnOnce(&mut Conn) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut tx = self.pool.begin_with(<BackendStore as Backend>::BEGIN_READ).await?;
        let value = read(&mut tx).await?;
        tx.rollback().await?;
        Ok(value)
    }

    /// Runs `write` in a transaction of its own and commits it: all of it or,
    /// on an error (which drops the transaction, rolling it back), none of it.
    async fn writing<T>(&self, write: impl AsyncFnOnce(&mut Conn) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut tx = self.pool.begin_with(<BackendStore as Backend>::BEGIN_WRITE).await?;
        let value = write(&mut tx).await?;
        tx.commit().await?;
        Ok(value)
    }
}

#[async_trait]
impl Store for BackendStore {
    fn backend(&self) -> &'static str {
        <BackendStore as Backend>::NAME
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        <BackendStore as Backend>::migrator().run(&self.pool).await?;
        Ok(())
    }

    async fn councils(&self) -> Result<Vec<CouncilListing>, StoreError> {
        self.reading(async |conn| read::councils(conn).await).await
    }

    async fn revision(&self, slug: &Key) -> Result<Option<i64>, StoreError> {
        if let Some(known) = self.recent.revisions.get(slug.as_str()) {
            return Ok(known);
        }
        let revision = self.reading(async |conn| read::revision(conn, slug).await).await?;
        self.recent.revisions.put(slug.to_string(), revision);
        Ok(revision)
    }

    async fn result_periods(&self, slug: &Key) -> Result<Vec<Period>, StoreError> {
        self.reading(async |conn| {
            // Read once per revision of the council (every write of a result moves it).
            let Some(revision) = read::revision(conn, slug).await? else {
                return Err(StoreError::NoCouncil(slug.to_string()));
            };
            if let Some(known) = self.kept.result_periods.get(slug.as_str(), revision) {
                return Ok(known.as_ref().clone());
            }
            let periods = read::result_periods(conn, slug).await?;
            self.kept.result_periods.put(slug.to_string(), revision, Arc::new(periods.clone()));
            Ok(periods)
        })
        .await
    }

    async fn council(&self, slug: &Key) -> Result<Option<Arc<Council>>, StoreError> {
        self.reading(async |conn| {
            // The definitions are read once per revision of the council and kept.
            let Some(revision) = read::revision(conn, slug).await? else { return Ok(None) };
            if let Some(known) = self.kept.councils.get(slug.as_str(), revision) {
                return Ok(Some(known));
            }
            let council = read::council(conn, slug).await?.map(Arc::new);
            if let Some(c) = &council {
                self.kept.councils.put(slug.to_string(), revision, c.clone());
            }
            Ok(council)
        })
        .await
    }

    async fn history(&self, slug: &Key) -> Result<CouncilHistory, StoreError> {
        self.reading(async |conn| read::history(conn, slug, read::HistoryScope::default()).await).await
    }

    async fn history_without_results(&self, slug: &Key) -> Result<CouncilHistory, StoreError> {
        let scope = read::HistoryScope { without_results: true, ..Default::default() };
        self.reading(async |conn| read::history(conn, slug, scope).await).await
    }

    async fn history_in_years(
        &self,
        slug: &Key,
        first: FinancialYear,
        last: FinancialYear,
    ) -> Result<Arc<CouncilHistory>, StoreError> {
        self.reading(async |conn| read::history_in_years(conn, &self.kept.histories, slug, first, last).await).await
    }

    async fn measures_history(
        &self,
        slug: &Key,
        codes: &[MeasureCode],
    ) -> Result<BTreeMap<MeasureCode, MeasureHistory>, StoreError> {
        let mut histories = BTreeMap::new();
        // A bounded number of codes per query (each is a parameter), all in one read.
        self.reading(async |conn| {
            for some in codes.chunks(read::CODES_PER_QUERY) {
                let scope = read::HistoryScope { measures: Some(some), ..Default::default() };
                histories.extend(read::history(conn, slug, scope).await?.measures);
            }
            Ok(())
        })
        .await?;
        Ok(histories)
    }

    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError> {
        self.writing(async |conn| write::apply(conn, changes).await).await?;
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
        self.writing(async |conn| write::apply_with(conn, changes, Some(more)).await).await?;
        if let Some(slug) = &changes.council {
            self.recent.revisions.forget(slug.as_str());
        }
        Ok(())
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        self.reading(async |conn| accounts::users(conn).await).await
    }

    async fn user_by_id(&self, id: i64) -> Result<Option<User>, StoreError> {
        self.reading(async |conn| accounts::user_by_id(conn, id).await).await
    }

    async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.reading(async |conn| accounts::user_by_username(conn, username).await).await
    }

    async fn create_user(&self, user: &UserRecord, audit: &AuditRecord) -> Result<User, StoreError> {
        self.writing(async |conn| accounts::create_user(conn, user, audit).await).await
    }

    async fn update_user(&self, user: &UserRecord, audit: &AuditRecord) -> Result<User, StoreError> {
        // A disabled account, a new role: every session is read afresh.
        self.recent.sessions.forget_all();
        self.writing(async |conn| accounts::update_user(conn, user, audit).await).await
    }

    async fn create_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        self.recent.sessions.forget(&session.token_hash);
        self.writing(async |conn| accounts::create_session(conn, session).await).await
    }

    async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<(SessionRecord, User)>, StoreError> {
        if let Some(known) = self.recent.sessions.get(token_hash) {
            return Ok(known.filter(|(s, _)| s.expires_at > now));
        }
        let session = self.reading(async |conn| accounts::session(conn, token_hash, now).await).await?;
        self.recent.sessions.put(token_hash.to_string(), session.clone());
        Ok(session)
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.recent.sessions.forget(token_hash);
        self.writing(async |conn| accounts::delete_session(conn, token_hash).await).await
    }

    async fn record_login_failure(&self, username: &str, at: Timestamp) -> Result<(), StoreError> {
        self.writing(async |conn| accounts::record_login_failure(conn, username, at).await).await
    }

    async fn login_failures_since(&self, username: &str, since: Timestamp) -> Result<usize, StoreError> {
        self.reading(async |conn| accounts::login_failures_since(conn, username, since).await).await
    }

    async fn clear_login_failures(&self, username: &str) -> Result<(), StoreError> {
        self.writing(async |conn| accounts::clear_login_failures(conn, username).await).await
    }

    async fn append_audit(&self, records: &[AuditRecord]) -> Result<(), StoreError> {
        self.writing(async |conn| accounts::append_audit(conn, records, None).await).await
    }

    async fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, StoreError> {
        self.reading(async |conn| accounts::audit_log(conn, filter).await).await
    }

    // Report drafts.

    async fn report_settings(&self, slug: &Key) -> Result<ReportSettings, StoreError> {
        self.reading(async |conn| report_drafts::report_settings(conn, slug).await).await
    }

    async fn forecasts(&self, slug: &Key) -> Result<Vec<Forecast>, StoreError> {
        self.reading(async |conn| report_drafts::forecasts(conn, slug).await).await
    }

    async fn process_changes(&self, slug: &Key) -> Result<Vec<ProcessChange>, StoreError> {
        self.reading(async |conn| process_changes::process_changes(conn, slug).await).await
    }

    async fn forecast_overrides(&self, slug: &Key) -> Result<Vec<ForecastOverride>, StoreError> {
        self.reading(async |conn| forecast_overrides::forecast_overrides(conn, slug).await).await
    }

    async fn record_forecast_override(&self, record: &ForecastOverride, audit: &AuditRecord) -> Result<(), StoreError> {
        self.writing(async |conn| forecast_overrides::record_forecast_override(conn, record, audit).await).await?;
        // The measure's page shows its overrides (see `write::move_revision`).
        self.recent.revisions.forget(record.council.as_str());
        Ok(())
    }

    async fn comparison(&self, slug: &Key) -> Result<Option<Comparison>, StoreError> {
        self.reading(async |conn| benchmarks::comparison(conn, slug).await).await
    }

    async fn benchmarks(&self, slug: &Key, metrics: &[String]) -> Result<Vec<BenchmarkValue>, StoreError> {
        self.reading(async |conn| benchmarks::benchmarks(conn, slug, metrics).await).await
    }

    async fn narrative(&self, draft: &DraftKey) -> Result<Narrative, StoreError> {
        self.reading(async |conn| report_drafts::narrative(conn, draft).await).await
    }

    async fn save_narrative(
        &self,
        draft: &DraftKey,
        slots: &Narrative,
        by: &str,
        audit: &AuditRecord,
    ) -> Result<(), StoreError> {
        self.writing(async |conn| report_drafts::save_narrative(conn, draft, slots, by, audit).await).await
    }

    // API tokens.

    async fn create_api_token(&self, token: &NewApiToken, audit: &AuditRecord) -> Result<ApiToken, StoreError> {
        self.writing(async |conn| tokens::create_api_token(conn, token, audit).await).await
    }

    async fn api_tokens(&self, user_id: Option<i64>) -> Result<Vec<ApiToken>, StoreError> {
        self.reading(async |conn| tokens::api_tokens(conn, user_id).await).await
    }

    async fn api_token_user(&self, token_hash: &str) -> Result<Option<(ApiToken, User)>, StoreError> {
        self.reading(async |conn| tokens::api_token_user(conn, token_hash).await).await
    }

    async fn revoke_api_token(
        &self,
        id: i64,
        at: Timestamp,
        audit: &AuditRecord,
    ) -> Result<Option<ApiToken>, StoreError> {
        // No such token writes nothing (no audit line either): committing is rolling back.
        self.writing(async |conn| tokens::revoke_api_token(conn, id, at, audit).await).await
    }

    async fn touch_api_token(&self, id: i64, at: Timestamp, unless_since: Timestamp) -> Result<(), StoreError> {
        self.writing(async |conn| tokens::touch_api_token(conn, id, at, unless_since).await).await
    }

    // Reminders.

    async fn set_email_address(
        &self,
        username: &str,
        address: Option<&str>,
        audit: &AuditRecord,
    ) -> Result<(), StoreError> {
        self.writing(async |conn| reminders::set_email_address(conn, username, address, audit).await).await
    }

    async fn email_addresses(&self) -> Result<BTreeMap<String, String>, StoreError> {
        self.reading(async |conn| reminders::email_addresses(conn).await).await
    }

    async fn claim_reminder(
        &self,
        claim: &ReminderClaim,
        now: Timestamp,
        retry_before: Timestamp,
    ) -> Result<Option<i64>, StoreError> {
        self.writing(async |conn| reminders::claim(conn, claim, now, retry_before).await).await
    }

    async fn finish_reminder(&self, id: i64, outcome: Result<(), &str>, at: Timestamp) -> Result<(), StoreError> {
        self.writing(async |conn| reminders::finish(conn, id, outcome, at).await).await
    }

    async fn reminders(&self, filter: &ReminderFilter) -> Result<Vec<ReminderRecord>, StoreError> {
        self.reading(async |conn| reminders::reminders(conn, filter).await).await
    }

    // Collection rounds, sign-off and publishing.

    async fn rounds(&self, slug: &Key) -> Result<Vec<Round>, StoreError> {
        self.reading(async |conn| rounds::rounds(conn, slug).await).await
    }

    async fn open_round(&self, round: &Round, audit: &AuditRecord) -> Result<(), StoreError> {
        self.writing(async |conn| rounds::open_round(conn, round, audit).await).await?;
        // Opening a round moves the council's revision (see `write::move_revision`).
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
        self.writing(async |conn| rounds::close_round(conn, slug, period, at, by, audit).await).await?;
        // Closing a round moves the council's revision (see `write::move_revision`).
        self.recent.revisions.forget(slug.as_str());
        Ok(())
    }

    async fn sign_off_events(&self, slug: &Key, period: Option<Period>) -> Result<Vec<SignOffEvent>, StoreError> {
        self.reading(async |conn| rounds::sign_off_events(conn, slug, period).await).await
    }

    async fn record_sign_off(
        &self,
        event: &SignOffEvent,
        expected: usize,
        audit: &AuditRecord,
    ) -> Result<(), StoreError> {
        self.writing(async |conn| rounds::record_sign_off(conn, event, expected, audit).await).await?;
        // A sign-off step moves the council's revision (the period's standing is shown with it).
        self.recent.revisions.forget(event.council.as_str());
        Ok(())
    }

    async fn commentary_waivers(&self, slug: &Key) -> Result<Vec<CommentaryWaiver>, StoreError> {
        self.reading(async |conn| rounds::commentary_waivers(conn, slug).await).await
    }

    async fn waive_commentary(&self, waiver: &CommentaryWaiver, audit: &AuditRecord) -> Result<(), StoreError> {
        self.writing(async |conn| rounds::waive_commentary(conn, waiver, audit).await).await?;
        // A waiver moves the council's revision (statuses say what is owed).
        self.recent.revisions.forget(waiver.council.as_str());
        Ok(())
    }

    async fn publish(&self, publication: &NewPublication, audit: &AuditRecord) -> Result<i64, StoreError> {
        let id = self.writing(async |conn| publications::publish(conn, publication, audit).await).await?;
        // Publishing moves the council's revision (the period is locked and shown as published).
        self.recent.revisions.forget(publication.council.as_str());
        Ok(id)
    }

    async fn publications(&self, slug: Option<&Key>) -> Result<Vec<Publication>, StoreError> {
        self.reading(async |conn| publications::publications(conn, slug).await).await
    }

    async fn publication(&self, id: i64) -> Result<Option<(Publication, serde_json::Value)>, StoreError> {
        self.reading(async |conn| publications::publication(conn, id).await).await
    }

    async fn publication_file(&self, id: i64, format: &str) -> Result<Option<PublishedFile>, StoreError> {
        self.reading(async |conn| publications::publication_file(conn, id, format).await).await
    }

    // Committees and improvement plans.

    async fn meetings(&self, slug: &Key) -> Result<Vec<Meeting>, StoreError> {
        self.reading(async |conn| committees::meetings(conn, slug).await).await
    }

    async fn save_committees(
        &self,
        slug: &Key,
        changes: &CommitteeChanges,
        audit: &[AuditRecord],
    ) -> Result<Vec<i64>, StoreError> {
        let ids = self.writing(async |conn| committees::save_committees(conn, slug, changes, audit).await).await?;
        // Saving committee changes moves the council's revision (see `write::move_revision`).
        self.recent.revisions.forget(slug.as_str());
        Ok(ids)
    }

    async fn add_action_update(
        &self,
        slug: &Key,
        action_id: i64,
        update: &ActionUpdate,
        audit: &AuditRecord,
    ) -> Result<bool, StoreError> {
        self.writing(async |conn| committees::add_action_update(conn, slug, action_id, update, audit).await).await
    }

    async fn improvement_plans(&self, slug: &Key) -> Result<Vec<ImprovementPlan>, StoreError> {
        self.reading(async |conn| committees::improvement_plans(conn, slug).await).await
    }

    async fn focus_green_periods(&self, slug: &Key) -> Result<u32, StoreError> {
        self.reading(async |conn| committees::focus_green_periods(conn, slug).await).await
    }
}
