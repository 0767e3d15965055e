// Applying a change set: the same SQL for both backends (SQLite accepts the
// `$1` placeholders PostgreSQL needs). This file is not a module of its own: it
// is compiled twice, with `include!`, inside `sqlite::write` and
// `postgres::write`, each of which first says `type Db = ...;`. See
// `backend.rs` for why. The caller opens and commits the transaction.

use std::collections::HashMap;

use outturn_core::{
    Decimal, GroupCondition, Judgement, Key, Measure, MeasureKeptRule, Milestone, MilestoneUpdate, Node, ResultEntry,
    ResultValue, RollUpRule, Scores, SummaryRule, TargetRevision,
};

use crate::codec;
use crate::{ChangeSet, ResultBatches, ResultsSeen, StoreError};

type Conn = <Db as sqlx::Database>::Connection;

/// Applies every part of the change set on `conn`, inside the caller's
/// transaction. A reference to something neither in the change set nor stored
/// stops it with [`StoreError::Dangling`], and a count of results that is not
/// what the change set expects with [`StoreError::Conflict`]; the caller then
/// rolls back, so nothing is written.
pub(crate) async fn apply(conn: &mut Conn, changes: &ChangeSet) -> Result<(), StoreError> {
    apply_with(conn, changes, None).await
}

/// [`apply`], then every batch of results `more` gives, before the
/// council's revision moves on: the batches are part of the same change.
pub(crate) async fn apply_with(
    conn: &mut Conn,
    changes: &ChangeSet,
    more: Option<&mut (dyn ResultBatches + Send)>,
) -> Result<(), StoreError> {
    let Some(slug) = &changes.council else {
        // Audit lines (each naming its own council, or none) need no council.
        return if only_audit(changes) {
            super::accounts::append_audit(conn, &changes.audit, None).await
        } else {
            Err(StoreError::NoCouncilGiven)
        };
    };
    // The council's row is written (and so, in PostgreSQL, locked until the
    // end of the transaction) first: the counts checked next cannot change
    // before this change set is committed or rolled back. (In SQLite, the
    // caller's BEGIN IMMEDIATE already holds the only write lock.)
    let mut ids = Ids { council: council(conn, slug, &changes.name, changes.fictional).await?, known: HashMap::new() };
    for seen in &changes.expect {
        let recorded = results_recorded(conn, ids.council, seen).await?;
        if recorded != seen.recorded {
            return Err(StoreError::Conflict { measure: seen.measure.to_string(), period: seen.period, recorded });
        }
    }
    if let Some(seen) = changes.expect_locks
        && locks_seen(conn, ids.council).await? != seen
    {
        return Err(StoreError::LocksMoved);
    }
    for kind in &changes.kinds {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO node_kinds (council_id, key, name, position)
             VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), -1) + 1 FROM node_kinds WHERE council_id = $1))
             ON CONFLICT (council_id, key) DO UPDATE SET name = excluded.name
             RETURNING id",
        )
        .bind(ids.council)
        .bind(kind.key.as_str())
        .bind(&kind.name)
        .fetch_one(&mut *conn)
        .await?;
        ids.remember(Ref::Kind, kind.key.as_str(), id);
    }
    // Two passes, so that a parent may come later in the change set.
    let mut node_ids = Vec::with_capacity(changes.nodes.len());
    for node in &changes.nodes {
        node_ids.push(upsert_node(conn, &mut ids, node).await?);
    }
    for (node, id) in changes.nodes.iter().zip(node_ids) {
        let parent = match &node.parent {
            Some(parent) => Some(ids.get(conn, Ref::Node, parent.as_str(), || format!("node {}", node.key)).await?),
            None => None,
        };
        sqlx::query("UPDATE nodes SET parent_id = $1 WHERE id = $2").bind(parent).bind(id).execute(&mut *conn).await?;
    }
    for measure in &changes.measures {
        upsert_measure(conn, &mut ids, measure).await?;
    }
    for kept in &changes.kept_rules {
        append_kept_rule(conn, &mut ids, kept).await?;
    }
    if let Some(summary) = &changes.summary {
        replace_summary(conn, &mut ids, summary).await?;
    }
    for milestone in &changes.milestones {
        upsert_milestone(conn, &mut ids, milestone).await?;
    }
    for target in &changes.targets {
        append_target(conn, &mut ids, target).await?;
    }
    for result in &changes.results {
        append_result(conn, &mut ids, result).await?;
    }
    for update in &changes.milestone_updates {
        append_milestone_update(conn, &mut ids, update).await?;
    }
    for judgement in &changes.judgements {
        append_judgement(conn, &mut ids, judgement).await?;
    }
    let mut late_audit = Vec::new();
    if let Some(more) = more {
        let before = super::read::StoredBefore::start(conn, ids.council).await?;
        while let Some(batch) = more.next_batch(&mut before.on(conn)).await? {
            append_results(conn, &mut ids, &batch).await?;
        }
        late_audit = more.finish().await?;
    }
    if let Some(settings) = &changes.report_settings {
        super::report_drafts::replace_settings(conn, ids.council, settings).await?;
    }
    for forecast in &changes.forecasts {
        let referrer = || format!("a forecast for {}", forecast.period);
        let measure = ids.get(conn, Ref::Measure, forecast.measure.as_str(), referrer).await?;
        super::report_drafts::set_forecast(conn, measure, forecast).await?;
    }
    for change in &changes.process_changes_removed {
        let referrer = || format!("a process change from {} to remove", change.period);
        let measure = ids.get(conn, Ref::Measure, change.measure.as_str(), referrer).await?;
        super::process_changes::remove_process_change(conn, measure, change.period).await?;
    }
    for change in &changes.process_changes {
        let referrer = || format!("a process change from {}", change.period);
        let measure = ids.get(conn, Ref::Measure, change.measure.as_str(), referrer).await?;
        super::process_changes::set_process_change(conn, measure, change).await?;
    }
    if let Some(comparison) = &changes.comparison {
        let mut metrics = Vec::with_capacity(comparison.metrics.len());
        for (code, metric) in &comparison.metrics {
            let referrer = || format!("the comparison's metric {metric}");
            metrics.push((ids.get(conn, Ref::Measure, code.as_str(), referrer).await?, metric.as_str()));
        }
        super::benchmarks::replace_comparison(conn, ids.council, comparison, &metrics).await?;
    }
    for value in &changes.benchmarks {
        super::benchmarks::set_benchmark(conn, ids.council, value).await?;
    }
    move_revision(conn, ids.council).await?;
    super::accounts::append_audit(conn, &changes.audit, Some((slug, ids.council))).await?;
    super::accounts::append_audit(conn, &late_audit, Some((slug, ids.council))).await
}

/// Anything derived from the council's facts and kept in memory (statuses,
/// dashboards, rendered pages) is now stale.
pub(crate) async fn move_revision(conn: &mut Conn, council: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE councils SET revision = revision + 1 WHERE id = $1").bind(council).execute(&mut *conn).await?;
    Ok(())
}

/// Whether the change set holds audit lines and nothing else (nothing to
/// check either). Every field is named, so a new one must be considered here.
fn only_audit(changes: &ChangeSet) -> bool {
    let ChangeSet {
        council: _,
        name: _,
        fictional,
        kinds,
        nodes,
        measures,
        kept_rules,
        summary,
        milestones,
        targets,
        results,
        milestone_updates,
        judgements,
        report_settings,
        forecasts,
        process_changes,
        process_changes_removed,
        comparison,
        benchmarks,
        expect,
        expect_locks,
        audit: _,
    } = changes;
    fictional.is_none()
        && kinds.is_empty()
        && nodes.is_empty()
        && measures.is_empty()
        && kept_rules.is_empty()
        && summary.is_none()
        && milestones.is_empty()
        && targets.is_empty()
        && results.is_empty()
        && milestone_updates.is_empty()
        && judgements.is_empty()
        && report_settings.is_none()
        && forecasts.is_empty()
        && process_changes.is_empty()
        && process_changes_removed.is_empty()
        && comparison.is_none()
        && benchmarks.is_empty()
        && expect.is_empty()
        && expect_locks.is_none()
}

/// The number of results recorded now for the measure and period (0 for a
/// measure not stored).
async fn results_recorded(conn: &mut Conn, council: i64, seen: &ResultsSeen) -> Result<usize, StoreError> {
    let count: i64 = match seen.period {
        Some(period) => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM results r JOIN measures m ON m.id = r.measure_id
                 WHERE m.council_id = $1 AND m.code = $2 AND r.period = $3",
            )
            .bind(council)
            .bind(seen.measure.as_str())
            .bind(period.to_string())
            .fetch_one(conn)
            .await?
        }
        None => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM results r JOIN measures m ON m.id = r.measure_id
                 WHERE m.council_id = $1 AND m.code = $2",
            )
            .bind(council)
            .bind(seen.measure.as_str())
            .fetch_one(conn)
            .await?
        }
    };
    codec::small("results.count", count)
}

/// Creates the council or renames it; a blank name keeps the stored one (and
/// a new council with no name is named by its slug). `fictional` marks it
/// (or unmarks it) when given and is kept otherwise.
async fn council(conn: &mut Conn, slug: &Key, name: &str, fictional: Option<bool>) -> Result<i64, StoreError> {
    let named = !name.trim().is_empty();
    let name = if named { name } else { slug.as_str() };
    // ON CONFLICT DO UPDATE also locks the council's row in PostgreSQL, so two
    // change sets for one council are applied one after the other.
    Ok(sqlx::query_scalar(
        "INSERT INTO councils (slug, name, fictional) VALUES ($1, $2, $4)
         ON CONFLICT (slug) DO UPDATE SET name = CASE WHEN $3 THEN excluded.name ELSE councils.name END,
             fictional = CASE WHEN $5 THEN excluded.fictional ELSE councils.fictional END
         RETURNING id",
    )
    .bind(slug.as_str())
    .bind(name)
    .bind(named)
    .bind(fictional.unwrap_or(false))
    .bind(fictional.is_some())
    .fetch_one(&mut *conn)
    .await?)
}

/// What a key can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Ref {
    Kind,
    Node,
    Measure,
    Milestone,
}

impl Ref {
    fn noun(self) -> &'static str {
        match self {
            Ref::Kind => "node kind",
            Ref::Node => "node",
            Ref::Measure => "measure",
            Ref::Milestone => "milestone",
        }
    }
    fn sql(self) -> &'static str {
        match self {
            Ref::Kind => "SELECT id FROM node_kinds WHERE council_id = $1 AND key = $2",
            Ref::Node => "SELECT id FROM nodes WHERE council_id = $1 AND key = $2",
            Ref::Measure => "SELECT id FROM measures WHERE council_id = $1 AND code = $2",
            Ref::Milestone => "SELECT id FROM milestones WHERE council_id = $1 AND key = $2",
        }
    }
}

/// The council's row ids by key, looked up once each: everything the change
/// set defines is written before anything refers to it, so a key missing
/// here is in neither the change set nor the database.
struct Ids {
    council: i64,
    known: HashMap<(Ref, String), i64>,
}

impl Ids {
    fn remember(&mut self, what: Ref, key: &str, id: i64) {
        self.known.insert((what, key.to_string()), id);
    }

    /// The id of `key`, or Dangling naming `referrer` and what it refers to.
    async fn get(
        &mut self,
        conn: &mut Conn,
        what: Ref,
        key: &str,
        referrer: impl FnOnce() -> String,
    ) -> Result<i64, StoreError> {
        if let Some(id) = self.known.get(&(what, key.to_string())) {
            return Ok(*id);
        }
        let id: Option<i64> =
            sqlx::query_scalar(what.sql()).bind(self.council).bind(key).fetch_optional(&mut *conn).await?;
        let id =
            id.ok_or_else(|| StoreError::Dangling { what: referrer(), missing: format!("{} {key}", what.noun()) })?;
        self.remember(what, key, id);
        Ok(id)
    }
}

/// Inserts or updates a node (its parent is set in the second pass) and
/// replaces its former names, outcomes, focus and updates.
async fn upsert_node(conn: &mut Conn, ids: &mut Ids, node: &Node) -> Result<i64, StoreError> {
    let kind = ids.get(conn, Ref::Kind, node.kind.as_str(), || format!("node {}", node.key)).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO nodes (council_id, key, kind_id, name, created, closed, position)
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(position), -1) + 1 FROM nodes WHERE council_id = $1))
         ON CONFLICT (council_id, key) DO UPDATE SET
             kind_id = excluded.kind_id, name = excluded.name, created = excluded.created, closed = excluded.closed
         RETURNING id",
    )
    .bind(ids.council)
    .bind(node.key.as_str())
    .bind(kind)
    .bind(&node.name)
    .bind(node.created.map(|d| d.to_string()))
    .bind(node.closed.map(|d| d.to_string()))
    .fetch_one(&mut *conn)
    .await?;
    ids.remember(Ref::Node, node.key.as_str(), id);

    for sql in [
        "DELETE FROM node_former_names WHERE node_id = $1",
        "DELETE FROM node_outcomes WHERE node_id = $1",
        "DELETE FROM node_focus WHERE node_id = $1",
        "DELETE FROM node_updates WHERE node_id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    for (position, former) in (0_i64..).zip(&node.former_names) {
        sqlx::query("INSERT INTO node_former_names (node_id, position, name, used_until) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(position)
            .bind(&former.name)
            .bind(former.until.to_string())
            .execute(&mut *conn)
            .await?;
    }
    for (position, outcome) in (0_i64..).zip(&node.outcomes) {
        sqlx::query("INSERT INTO node_outcomes (node_id, position, outcome) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position)
            .bind(outcome)
            .execute(&mut *conn)
            .await?;
    }
    for (year, lines) in &node.focus {
        // A year with no lines is kept as one row with no line.
        let lines: Vec<Option<&String>> = if lines.is_empty() { vec![None] } else { lines.iter().map(Some).collect() };
        for (position, line) in (0_i64..).zip(lines) {
            sqlx::query("INSERT INTO node_focus (node_id, financial_year, position, line) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(year.to_string())
                .bind(position)
                .bind(line)
                .execute(&mut *conn)
                .await?;
        }
    }
    for (period, text) in &node.updates {
        sqlx::query("INSERT INTO node_updates (node_id, period, update_text) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(period.to_string())
            .bind(text)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

/// Inserts or updates a measure by code (a new one goes after the others, an
/// existing one keeps its place) and replaces its alignments and tags.
async fn upsert_measure(conn: &mut Conn, ids: &mut Ids, measure: &Measure) -> Result<(), StoreError> {
    let referrer = || format!("measure {}", measure.code);
    let owner = ids.get(conn, Ref::Node, measure.owner.as_str(), referrer).await?;
    let (unit, rate_per) = codec::unit_text(measure.unit);
    let (ytd, ratio_scale) = codec::ytd_text(measure.ytd);
    let rule = codec::status_rule_text(measure.status_rule);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO measures (council_id, code, position, title, definition, owner_id, officer, unit, rate_per,
             decimals, polarity, frequency, ytd_rule, ratio_scale, status_rule, tolerance_kind, amber,
             tolerance_beyond, active_from, retired_from, retired_reason, green_within, exceeded_within)
         VALUES ($1, $2, (SELECT COALESCE(MAX(position), -1) + 1 FROM measures WHERE council_id = $1),
             $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
         ON CONFLICT (council_id, code) DO UPDATE SET
             title = excluded.title, definition = excluded.definition, owner_id = excluded.owner_id,
             officer = excluded.officer, unit = excluded.unit, rate_per = excluded.rate_per,
             decimals = excluded.decimals, polarity = excluded.polarity, frequency = excluded.frequency,
             ytd_rule = excluded.ytd_rule, ratio_scale = excluded.ratio_scale,
             status_rule = excluded.status_rule, tolerance_kind = excluded.tolerance_kind,
             amber = excluded.amber, tolerance_beyond = excluded.tolerance_beyond,
             green_within = excluded.green_within, exceeded_within = excluded.exceeded_within,
             active_from = excluded.active_from,
             retired_from = excluded.retired_from, retired_reason = excluded.retired_reason
         RETURNING id",
    )
    .bind(ids.council)
    .bind(measure.code.as_str())
    .bind(&measure.title)
    .bind(&measure.definition)
    .bind(owner)
    .bind(&measure.officer)
    .bind(unit)
    .bind(rate_per)
    .bind(i64::from(measure.decimals))
    .bind(codec::polarity_text(measure.polarity))
    .bind(codec::frequency_text(measure.frequency))
    .bind(ytd)
    .bind(ratio_scale)
    .bind(rule.rule)
    .bind(rule.kind)
    .bind(rule.amber)
    .bind(rule.beyond)
    .bind(measure.active_from.map(|p| p.to_string()))
    .bind(measure.retired_from.map(|p| p.to_string()))
    .bind(&measure.retired_reason)
    .bind(rule.green)
    .bind(rule.exceeded)
    .fetch_one(&mut *conn)
    .await?;
    ids.remember(Ref::Measure, measure.code.as_str(), id);

    sqlx::query("DELETE FROM measure_alignments WHERE measure_id = $1").bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM measure_tags WHERE measure_id = $1").bind(id).execute(&mut *conn).await?;
    for (position, aligned) in (0_i64..).zip(&measure.aligned) {
        let node = ids.get(conn, Ref::Node, aligned.as_str(), referrer).await?;
        sqlx::query("INSERT INTO measure_alignments (measure_id, position, node_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position)
            .bind(node)
            .execute(&mut *conn)
            .await?;
    }
    for (position, tag) in (0_i64..).zip(&measure.tags) {
        sqlx::query("INSERT INTO measure_tags (measure_id, position, tag) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position)
            .bind(tag)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn replace_summary(conn: &mut Conn, ids: &mut Ids, summary: &SummaryRule) -> Result<(), StoreError> {
    let scores = summary.roll_up.as_ref().and_then(RollUpRule::scores);
    let score = |pick: fn(&Scores) -> Decimal| scores.map(|s| pick(s).to_string());
    sqlx::query(
        "UPDATE councils SET roll_up = $1, roll_up_green = $2, roll_up_amber = $3, roll_up_red = $4,
         roll_up_green_from = $5, roll_up_amber_from = $6 WHERE id = $7",
    )
    .bind(summary.roll_up.as_ref().map(RollUpRule::code))
    .bind(score(|s| s.green))
    .bind(score(|s| s.amber))
    .bind(score(|s| s.red))
    .bind(score(|s| s.green_from))
    .bind(score(|s| s.amber_from))
    .bind(ids.council)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM status_labels WHERE council_id = $1").bind(ids.council).execute(&mut *conn).await?;
    for (status, style) in summary.labels.own() {
        sqlx::query("INSERT INTO status_labels (council_id, status, label, colour) VALUES ($1, $2, $3, $4)")
            .bind(ids.council)
            .bind(status.code())
            .bind(&style.label)
            .bind(style.colour.code())
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM summary_groups WHERE council_id = $1").bind(ids.council).execute(&mut *conn).await?;
    for (position, group) in (0_i64..).zip(&summary.groups) {
        let referrer = || format!("summary group \"{}\"", group.label);
        let (mut value, mut node, mut kind) = (None, None, None);
        match &group.condition {
            GroupCondition::AlignedToKind(k) => kind = Some(ids.get(conn, Ref::Kind, k.as_str(), referrer).await?),
            GroupCondition::Under(n) => node = Some(ids.get(conn, Ref::Node, n.as_str(), referrer).await?),
            GroupCondition::Tagged(tag) => value = Some(tag.as_str()),
            GroupCondition::Rest => {}
        }
        sqlx::query(
            "INSERT INTO summary_groups (council_id, position, label, condition, value, node_id, kind_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(ids.council)
        .bind(position)
        .bind(&group.label)
        .bind(codec::condition_text(&group.condition))
        .bind(value)
        .bind(node)
        .bind(kind)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn upsert_milestone(conn: &mut Conn, ids: &mut Ids, milestone: &Milestone) -> Result<(), StoreError> {
    let node = ids.get(conn, Ref::Node, milestone.node.as_str(), || format!("milestone {}", milestone.key)).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO milestones (council_id, key, kind, title, node_id, due, position)
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(position), -1) + 1 FROM milestones WHERE council_id = $1))
         ON CONFLICT (council_id, key) DO UPDATE SET
             kind = excluded.kind, title = excluded.title, node_id = excluded.node_id, due = excluded.due
         RETURNING id",
    )
    .bind(ids.council)
    .bind(milestone.key.as_str())
    .bind(&milestone.kind)
    .bind(&milestone.title)
    .bind(node)
    .bind(milestone.due.map(|p| p.to_string()))
    .fetch_one(&mut *conn)
    .await?;
    ids.remember(Ref::Milestone, milestone.key.as_str(), id);
    Ok(())
}

async fn append_target(conn: &mut Conn, ids: &mut Ids, target: &TargetRevision) -> Result<(), StoreError> {
    let referrer = || format!("a target for {}", target.period);
    let measure = ids.get(conn, Ref::Measure, target.measure.as_str(), referrer).await?;
    sqlx::query(
        "INSERT INTO target_revisions (measure_id, period, financial_year, value, effective, reason, author, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(measure)
    .bind(target.period.to_string())
    .bind(i32::from(target.period.financial_year().start_year()))
    .bind(target.value.to_string())
    .bind(target.effective.to_string())
    .bind(&target.reason)
    .bind(&target.author)
    .bind(codec::timestamp_text(target.recorded_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn append_result(conn: &mut Conn, ids: &mut Ids, result: &ResultEntry) -> Result<(), StoreError> {
    append_results(conn, ids, std::slice::from_ref(result)).await
}

/// Appends results, each to its measure's row, many to an INSERT.
async fn append_results(conn: &mut Conn, ids: &mut Ids, results: &[ResultEntry]) -> Result<(), StoreError> {
    let mut rows = Vec::with_capacity(results.len());
    // A file is usually sorted by measure: most rows have the measure of the row before.
    let mut last: Option<(&str, i64)> = None;
    for entry in results {
        let measure_id = match last {
            Some((code, id)) if code == entry.measure.as_str() => id,
            _ => {
                let referrer = || format!("a result for {}", entry.period);
                ids.get(conn, Ref::Measure, entry.measure.as_str(), referrer).await?
            }
        };
        last = Some((entry.measure.as_str(), measure_id));
        rows.push((measure_id, entry));
    }
    insert_results(conn, &rows).await
}

/// Rows to one INSERT: many rows to a statement is what makes a big import
/// fast, and 13 x 500 bound values stay well under both backends' limits
/// (SQLite 32,766; PostgreSQL 65,535).
const RESULTS_PER_INSERT: usize = 500;

async fn insert_results(conn: &mut Conn, rows: &[(i64, &ResultEntry)]) -> Result<(), StoreError> {
    let mut times = RecordedAt::default();
    let mut chunks = rows.chunks(RESULTS_PER_INSERT);
    let mut next = chunks.next().map(|chunk| results_insert(chunk, &mut times));
    // Each INSERT is built while the one before runs (in SQLite's worker
    // thread, or on the PostgreSQL server): the two take about as long.
    while let Some(mut insert) = next.take() {
        let following = chunks.next();
        let (done, built) = futures_util::future::join(insert.build().execute(&mut *conn), async {
            following.map(|chunk| results_insert(chunk, &mut times))
        })
        .await;
        done?;
        next = built;
    }
    Ok(())
}

/// One INSERT of a chunk of results, each with its measure's id.
fn results_insert(chunk: &[(i64, &ResultEntry)], times: &mut RecordedAt) -> sqlx::QueryBuilder<Db> {
    let mut insert = sqlx::QueryBuilder::<Db>::new(
        "INSERT INTO results (measure_id, period, financial_year, kind, value, numerator, denominator,
             cumulative, missing_reason, commentary, recorded_at, recorded_by, forecast) ",
    );
    insert.push_values(chunk, |mut row, (measure, result)| {
        let decimal = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
        let (kind, value, numerator, denominator, cumulative, reason, forecast) = match &result.value {
            ResultValue::Figure(f) => (
                "figure",
                decimal(Some(f.value)),
                decimal(f.numerator),
                decimal(f.denominator),
                f.cumulative,
                None,
                decimal(f.forecast),
            ),
            ResultValue::Missing { reason } => ("missing", None, None, None, false, Some(reason.clone()), None),
            ResultValue::Narrative => ("narrative", None, None, None, false, None, None),
        };
        row.push_bind(*measure)
            .push_bind(result.period.to_string())
            .push_bind(i32::from(result.period.financial_year().start_year()))
            .push_bind(kind)
            .push_bind(value)
            .push_bind(numerator)
            .push_bind(denominator)
            .push_bind(cumulative)
            .push_bind(reason)
            .push_bind(result.commentary.clone())
            .push_bind(times.text(result.recorded_at))
            .push_bind(result.recorded_by.clone())
            .push_bind(forecast);
    });
    insert
}

/// The text of the last time of recording written: an import's rows mostly share one.
#[derive(Default)]
struct RecordedAt(Option<(jiff::Timestamp, String)>);

impl RecordedAt {
    fn text(&mut self, at: jiff::Timestamp) -> String {
        match &self.0 {
            Some((known, text)) if *known == at => text.clone(),
            _ => {
                let text = codec::timestamp_text(at);
                self.0 = Some((at, text.clone()));
                text
            }
        }
    }
}

async fn append_kept_rule(conn: &mut Conn, ids: &mut Ids, kept: &MeasureKeptRule) -> Result<(), StoreError> {
    let referrer = || format!("a status rule kept to {}", kept.kept.until);
    let measure = ids.get(conn, Ref::Measure, kept.measure.as_str(), referrer).await?;
    let rule = codec::status_rule_text(kept.kept.rule);
    sqlx::query(
        "INSERT INTO kept_status_rules
             (measure_id, until_period, status_rule, tolerance_kind, amber, tolerance_beyond, green_within,
              exceeded_within, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(measure)
    .bind(kept.kept.until.to_string())
    .bind(rule.rule)
    .bind(rule.kind)
    .bind(rule.amber)
    .bind(rule.beyond)
    .bind(rule.green)
    .bind(rule.exceeded)
    .bind(codec::timestamp_text(kept.kept.recorded_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn append_judgement(conn: &mut Conn, ids: &mut Ids, judgement: &Judgement) -> Result<(), StoreError> {
    let referrer = || format!("a judged status for {}", judgement.period);
    let measure = ids.get(conn, Ref::Measure, judgement.measure.as_str(), referrer).await?;
    sqlx::query(
        "INSERT INTO status_judgements (measure_id, period, status, justification, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(measure)
    .bind(judgement.period.to_string())
    .bind(judgement.status.map(|s| s.code()))
    .bind(&judgement.justification)
    .bind(&judgement.recorded_by)
    .bind(codec::timestamp_text(judgement.recorded_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn append_milestone_update(conn: &mut Conn, ids: &mut Ids, update: &MilestoneUpdate) -> Result<(), StoreError> {
    let referrer = || format!("an update for {}", update.period);
    let milestone = ids.get(conn, Ref::Milestone, update.milestone.as_str(), referrer).await?;
    sqlx::query(
        "INSERT INTO milestone_updates (milestone_id, period, status, factor, update_text, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(milestone)
    .bind(update.period.to_string())
    .bind(update.status.code())
    .bind(update.status.factor())
    .bind(&update.update)
    .bind(codec::timestamp_text(update.recorded_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The council's sign-off steps and publications, counted (see [`crate::LocksSeen`]).
async fn locks_seen(conn: &mut Conn, council: i64) -> Result<crate::LocksSeen, StoreError> {
    let (sign_off_steps, publications): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM sign_off_events WHERE council_id = $1),
                (SELECT COUNT(*) FROM publications WHERE council_id = $1)",
    )
    .bind(council)
    .fetch_one(&mut *conn)
    .await?;
    Ok(crate::LocksSeen { sign_off_steps, publications })
}
